// Benchmark of the printed policy schedule (issue 4): target < 200 ms per schedule after the first
// (which loads the fonts).
//   (a) GET /api/v1/policies/:id/schedule.pdf over HTTP, one client, BENCH_PDFS (default 200)
//       different policies in turn — database reads, PDF with subset fonts and QR code, audit row;
//   (b) renderSchedule() alone in this process, the same number of times.
//
//   node --import tsx bench/policy-pdf.ts
//
// The server is a child process (bench/lib.ts startBenchServer); customers and policies are
// generated as for bench/policy-search.ts (bench/party-book.ts, bench/policy-book.ts), small.
// Nothing here asserts a timing.
import crypto from 'node:crypto';
import pg from 'pg';
import { renderSchedule, type ScheduleData } from '../src/server/modules/policy/schedule.pdf';
import { hashPassword } from '../src/server/platform/password';
import { machineSummary, percentile, signIn, startBenchServer } from './lib';
import { generate } from './party-book';
import { generatePolicies } from './policy-book';

const PDFS = Number(process.env.BENCH_PDFS ?? 200);
const PASSWORD = 'Bench-Passw0rd!2026';
const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const ms = (n: number) => n.toFixed(1);

function summary(label: string, first: number, rest: number[], sizes: number[]) {
  const s = [...rest].sort((a, b) => a - b);
  const kb = (sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024).toFixed(0);
  return `| ${label} | ${ms(first)} | ${s.length} | ${ms(percentile(s, 50))} | **${ms(percentile(s, 95))}** | ${ms(percentile(s, 99))} | ${ms(s.at(-1)!)} | ${kb} KB |`;
}

const sample: ScheduleData = {
  companyName: '保业财产保险股份有限公司', orgName: '上海分公司', policyNo: 'P-SH01-BTERM-202600000042AB', documentVersion: 1, productName: '安心定期寿险', lineLabel: '定期寿险',
  filingNo: '基准备案3', channelLabel: '直销',
  policyholder: { name: '张建华', idTypeLabel: '居民身份证', idNumberMasked: '310***********1234' },
  insured: { name: '李雪梅', idTypeLabel: '居民身份证', idNumberMasked: '310***********5678', relationLabel: '配偶' },
  beneficiaries: [{ name: '张小宝', relationLabel: '子女', order: 1, sharePercent: '100' }], vehicle: null, startDate: '2026-11-25', endDate: '2046-11-24', sumAssured: '500000.00',
  coverages: [{ name: '身故保险金', limit: '500000.00', deductible: null, premium: '1200.00' }], premium: '1200.00', extraPremium: '0.00', paymentModeLabel: '年交', single: false,
  paymentTerm: 20, coolingOffEnd: '2026-12-10', specialConditions: null, issuedAt: new Date('2026-11-24T02:00:00Z'),
};

async function main() {
  log(`machine: ${machineSummary()}`);
  process.env.PII_KEY = crypto.randomBytes(32).toString('base64');
  const server = await startBenchServer({ name: 'policy-pdf', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const hash = await hashPassword(PASSWORD);
    const role = (await client.query(`insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at)
      values (gen_random_uuid(), 'BENCH_POLICY_PRINTER', '保单打印（基准）', 'bench', array['policy:read'], false, false, now(), now()) returning id`)).rows[0].id as string;
    const userId = (await client.query(
      `insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
       select gen_random_uuid(), 'bench_policy_print', '基准', id, $1, false, 'ACTIVE', 0, false, now(), now() from org where parent_id is null returning id`, [hash])).rows[0].id as string;
    await client.query(`insert into user_role (user_id, role_id, scope) values ($1, $2, 'all')`, [userId, role]);
    const approverId = (await client.query(`select id from app_user where username = 'admin'`)).rows[0].id as string;
    await generate(client, Buffer.from(process.env.PII_KEY, 'base64'), userId, 1000);
    await generatePolicies(client, { userId, approverId, policies: PDFS + 1, persons: 1000 });
    const ids = (await client.query(`select id from policy order by issued_at`)).rows.map((r) => r.id as string);
    const cookie = (await signIn(server.base, 'bench_policy_print', PASSWORD)).sid;

    // (a) over HTTP, one client, a different policy each time.
    const http: number[] = [];
    const sizes: number[] = [];
    for (const id of ids) {
      const t = performance.now();
      const r = await fetch(`${server.base}/api/v1/policies/${id}/schedule.pdf`, { headers: { cookie } });
      const body = Buffer.from(await r.arrayBuffer());
      http.push(performance.now() - t);
      if (!r.ok || body.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error(`${id}: ${r.status} ${body.toString('utf8').slice(0, 200)}`);
      sizes.push(body.length);
    }
    const audited = (await client.query(`select count(*)::int as n from audit_event where action = 'policy.print'`)).rows[0].n as number;

    // (b) the renderer alone, in this process.
    const local: number[] = [];
    const localSizes: number[] = [];
    for (let i = 0; i <= PDFS; i++) {
      const t = performance.now();
      const b = await renderSchedule({ ...sample, policyNo: `${sample.policyNo.slice(0, -4)}${String(i).padStart(2, '0')}AB` });
      local.push(performance.now() - t);
      localSizes.push(b.length);
    }
    console.log(`\nRun ${new Date().toISOString()} — ${machineSummary()}; ${audited} prints audited\n`);
    console.log('| what | first ms (fonts) | n | p50 ms | **p95 ms** | p99 ms | max ms | mean size |');
    console.log('|---|---|---|---|---|---|---|---|');
    console.log(summary('GET /policies/:id/schedule.pdf (HTTP, 1 client)', http[0]!, http.slice(1), sizes));
    console.log(summary('renderSchedule() in process', local[0]!, local.slice(1), localSizes));
    console.log('');
  } finally {
    await client?.end().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
