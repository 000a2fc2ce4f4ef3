// The new-business pipeline end to end (issue 4): 编号登记 (with the form) → 提交 → 单据校验 (pricing,
// automatic underwriting passes, receivable raised) → 登记收费 → 出单 (policy number, audit, timeline,
// outbox event), each step its own transaction, as a counter clerk does it.
//
//   node --import tsx bench/policy-pipeline.ts      (BENCH_POLICIES=2000 per part, BENCH_CONCURRENCY=20)
//
// 1. The real server as a child process (bench/lib.ts startBenchServer: production mode, its own
//    embedded PostgreSQL in a fresh temp dir). Setup through the server's own rules: a branch with a
//    proposal number range, clerks, approved products (交强险, 商业车险, 定期寿险 from the catalogue's
//    templates, maker-checker) and customers created through POST /parties/persons.
// 2. (a) Service layer: this process connects to the same PostgreSQL and calls the proposal service
//    (createPolicyServices, as the routes do) — BENCH_CONCURRENCY pipelines in flight.
// 3. (b) HTTP: BENCH_CONCURRENCY clients, each signed in as its own clerk, each running pipelines
//    back to back over keep-alive fetch against the server process.
// Mix per policy: 50 % 交强险, 30 % 商业车险 (each its own vehicle: VIN with a valid check digit and
// plate), 20 % 定期寿险 300,000 (each its own insured aged 18–55, all health answers no): every
// proposal passes automatic underwriting. Timings are printed and written to bench/results/;
// nothing here asserts a timing. Afterwards the audit chain is verified and the rows counted.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { HEALTH_QUESTION_CODES, type ProposalInput } from '../src/contracts/policy';
import type { ProductLine } from '../src/contracts/product';
import { createDb } from '../src/server/db/database';
import { createPolicyServices } from '../src/server/modules/policy/index';
import { vinCheckCharacter } from '../src/server/modules/policy/vin.rules';
import { residentCheckChar } from '../src/server/modules/party/identity';
import { definitionTemplate } from '../src/server/modules/product/catalogue.rules';
import { createProductModule } from '../src/server/modules/product/index';
import { verifyAuditChain, writeAudit } from '../src/server/platform/audit';
import { shanghaiDate, systemClock } from '../src/server/platform/clock';
import { hashPassword } from '../src/server/platform/password';
import { contextForUser } from '../src/server/platform/sessions';
import { machineSummary, percentile, signIn, startBenchServer } from './lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POLICIES = Number(process.env.BENCH_POLICIES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARMUP = 60;
const PASSWORD = 'Bench-Passw0rd!2026';
const CLERK_PERMISSIONS = ['party:read', 'party:write', 'product:read', 'rating:quote', 'proposal:read', 'proposal:write', 'proposal:validate', 'proposal:collect', 'proposal:issue', 'policy:read'];

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------- forms

let serial = 0;
const tomorrow = () => {
  const d = new Date(`${shanghaiDate(new Date())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
/** A VIN of its own with a valid check digit, and a plate of its own (沪 + letter + 5 digits). */
function vehicleOf(n: number) {
  const body = `LSGBC${String(n).padStart(12, '0')}`;
  const vin = body.slice(0, 8) + vinCheckCharacter(body) + body.slice(9);
  const plate = `沪${'ABCDEFGHJKLMNPQRSTUVWXYZ'[Math.floor(n / 100_000) % 24]}${String(n % 100_000).padStart(5, '0')}`;
  return { vin, plateNo: plate, engineNo: null, brandModel: '大众朗逸', usage: 'FAMILY' as const, seats: 5, registrationDate: '2022-05-01', actualValue: '120000.00' };
}

interface World {
  versions: Record<'ctpl' | 'commercial' | 'term', string>;
  holders: string[];
  lifeInsureds: string[];
}

/** The form of the n-th policy of the run. */
function formOf(w: World, n: number): ProposalInput {
  const start = tomorrow();
  const holder = w.holders[n % w.holders.length]!;
  const kind = n % 10;
  if (kind < 8) {
    const vehicle = vehicleOf(n);
    const ctpl = kind < 5;
    return {
      productVersionId: ctpl ? w.versions.ctpl : w.versions.commercial, channel: 'DIRECT', policyholderId: holder, insuredId: holder, startDate: start, paymentMode: 'SINGLE',
      motor: ctpl
        ? { vehicle, region: '上海', ctplHistory: { claimFreeYears: n % 4, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } }
        : { vehicle, region: '上海', ncdHistory: { claimsLast3Years: n % 3, consecutiveInsuredYears: 2 }, coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }] },
    };
  }
  const insured = w.lifeInsureds.pop();
  if (!insured) throw new Error('out of life insureds: raise the customer count');
  return {
    productVersionId: w.versions.term, channel: 'DIRECT', policyholderId: insured, insuredId: insured, insuredRelation: 'SELF', startDate: start,
    sumAssured: '300000.00', coverageTerm: 20, paymentMode: 'ANNUAL', paymentTerm: 20, beneficiaries: [],
    life: { occupationClass: 1, health: HEALTH_QUESTION_CODES.map((code) => ({ code, answer: false })) },
  };
}

// ---------------------------------------------------------------- runs

interface Run {
  policies: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  byKind: Record<string, number>;
}

/** `total` pipelines, `concurrency` in flight, each timed from registration to issue. */
async function drive(total: number, concurrency: number, one: (worker: number) => Promise<string>): Promise<Run> {
  const times: number[] = [];
  const byKind: Record<string, number> = {};
  let started = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (started < total) {
        started++;
        const s = performance.now();
        const kind = await one(worker);
        times.push(performance.now() - s);
        byKind[kind] = (byKind[kind] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { policies: times.length, seconds, perSecond: times.length / seconds, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times.at(-1)!, byKind };
}

async function main() {
  const machine = machineSummary();
  log(`machine: ${machine}`);
  process.env.PII_KEY ??= crypto.randomBytes(32).toString('base64');
  const server = await startBenchServer({ name: 'pipeline', log });
  let client: pg.Client | undefined;
  let db: ReturnType<typeof createDb>['db'] | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const q = (text: string, values: unknown[] = []) => client!.query(text, values);

    // ---- setup: a branch, its number range, users
    const hash = await hashPassword(PASSWORD);
    const branch = (await q(`with hq as (select id, path from org where parent_id is null), b as (select gen_random_uuid() as id)
      insert into org (id, code, name, type, parent_id, path, depth, created_at, updated_at)
      select b.id, 'BSH01', '上海分公司（基准）', 'BRANCH', hq.id, hq.path || b.id || '/', 1, now(), now() from b, hq returning id`)).rows[0].id as string;
    const role = async (code: string, perms: string[]) =>
      (await q(`insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at) values (gen_random_uuid(), $1, $1, 'bench', $2, false, false, now(), now()) returning id`, [code, perms])).rows[0].id as string;
    const user = async (username: string, roleId: string) => {
      const id = (await q(`insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
        values (gen_random_uuid(), $1, $1, $2, $3, false, 'ACTIVE', 0, false, now(), now()) returning id`, [username, branch, hash])).rows[0].id as string;
      await q(`insert into user_role (user_id, role_id, scope) values ($1, $2, 'subtree')`, [id, roleId]);
      return id;
    };
    const clerkRole = await role('BENCH_CLERK', CLERK_PERMISSIONS);
    const clerkId = await user('bench_clerk', clerkRole);
    for (let i = 0; i < CONCURRENCY; i++) await user(`bench_clerk_${i}`, clerkRole);
    await user('bench_maker', await role('BENCH_MAKER', ['product:read', 'product:write']));
    await user('bench_checker', await role('BENCH_CHECKER', ['product:read', 'product:approve']));
    await q(`insert into proposal_number_range (id, org_id, prefix, start_no, end_no, next_no, width, status, created_by, created_at, updated_at)
      values (gen_random_uuid(), $1, 'BSH', 1, 9999999999, 1, 10, 'ACTIVE', $2, now(), now())`, [branch, clerkId]);

    // ---- products through the catalogue (maker-checker), in this process on the server's database
    const url = server.pgUrl;
    db = createDb(url, CONCURRENCY + 4).db;
    const product = createProductModule({ db, clock: systemClock });
    const maker = await contextForUser(db, 'bench_maker');
    const checker = await contextForUser(db, 'bench_checker');
    const approved = async (code: string, line: ProductLine, name: string) => {
      const p = await product.api.catalogue.create(maker, { code, name, line, effectiveFrom: '2020-01-01', definition: { ...definitionTemplate(line), filingNo: `基准备案-${code}` } });
      await product.api.catalogue.approve(checker, p.versions[0]!.id);
      return p.versions[0]!.id;
    };
    const versions = { ctpl: await approved('BCTPL', 'CTPL', '机动车交通事故责任强制保险'), commercial: await approved('BCOMM', 'COMMERCIAL_MOTOR', '机动车商业保险'), term: await approved('BTERM', 'TERM_LIFE', '安心定期寿险') };

    // ---- customers through the API: 200 policyholders of vehicles, and one insured per life policy
    const lifeNeeded = Math.ceil((2 * POLICIES + 2 * WARMUP) / 5) + 50;
    const persons = 200 + lifeNeeded;
    const setupAuth = await signIn(base, 'bench_clerk', PASSWORD);
    const headers = { cookie: setupAuth.cookie, 'x-csrf-token': setupAuth.csrf, 'content-type': 'application/json' };
    const t0 = performance.now();
    const ids: string[] = [];
    const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
    const given = ['建华', '秀英', '志强', '桂兰', '海燕', '国强', '丽娟', '浩然', '子涵', '欣怡'];
    for (let i = 0; i < persons; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, persons - i) }, async (_, k) => {
          const n = i + k;
          // Born 1975-01-01 … 1999-12-31: 26 to 51 at the start date, inside 18–55.
          const birth = new Date(Date.UTC(1975 + (n % 25), Math.floor(n / 25) % 12, 1 + (Math.floor(n / 300) % 28)));
          const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
          const seq = String(100 + (Math.floor(n / 8400) % 900)).padStart(3, '0');
          const body17 = `310115${ymd}${seq}`;
          const res = await fetch(`${base}/api/v1/parties/persons`, { method: 'POST', headers, body: JSON.stringify({ name: `${surnames[n % 20]}${given[Math.floor(n / 20) % 10]}`, idType: 'RESIDENT_ID', idNumber: body17 + residentCheckChar(body17) }) });
          if (res.status !== 201) throw new Error(`person ${n}: ${res.status} ${await res.text()}`);
          return ((await res.json()) as { id: string }).id;
        }),
      );
      ids.push(...batch);
    }
    log(`setup: ${persons} customers via POST /parties/persons in ${Math.round(performance.now() - t0)} ms`);
    const world: World = { versions, holders: ids.slice(0, 200), lifeInsureds: ids.slice(200) };

    // ---- (a) the service layer
    const services = createPolicyServices({ db, clock: systemClock, ...product.api });
    const clerk = await contextForUser(db, 'bench_clerk');
    const today = shanghaiDate(new Date());
    const servicePipeline = async () => {
      const n = serial++;
      const form = formOf(world, n);
      const p = await services.proposals.create(clerk, form);
      await services.proposals.submit(clerk, p.id);
      const v = await services.proposals.validate(clerk, p.id);
      if (v.state !== 'PENDING_PAYMENT') throw new Error(`proposal ${p.proposalNo}: ${v.state} ${JSON.stringify(v.problems)} ${JSON.stringify(v.uwAuto)}`);
      await services.proposals.recordPayment(clerk, p.id, { amount: v.collection!.amount, method: 'CASH', reference: null, receivedOn: today });
      const issued = await services.proposals.issue(clerk, p.id, {});
      if (issued.proposal.state !== 'ISSUED') throw new Error(`not issued: ${p.proposalNo}`);
      return v.product.line;
    };
    await drive(WARMUP, CONCURRENCY, servicePipeline);
    log(`(a) service layer: ${POLICIES} policies, ${CONCURRENCY} in flight`);
    const serviceRun = await drive(POLICIES, CONCURRENCY, servicePipeline);
    log(`(a) ${serviceRun.perSecond.toFixed(0)} policies/s (${serviceRun.seconds.toFixed(1)} s), pipeline p50 ${serviceRun.p50.toFixed(0)} ms, p95 ${serviceRun.p95.toFixed(0)} ms`);

    // ---- (b) HTTP, one clerk per client
    const auths = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => signIn(base, `bench_clerk_${i}`, PASSWORD)));
    const httpPipeline = async (worker: number) => {
      const h = { cookie: auths[worker]!.cookie, 'x-csrf-token': auths[worker]!.csrf, 'content-type': 'application/json' };
      const call = async (method: string, url: string, body: unknown, expect: number) => {
        const res = await fetch(`${base}/api/v1${url}`, { method, headers: h, body: JSON.stringify(body) });
        const json = (await res.json()) as Record<string, any>;
        if (res.status !== expect) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(json)}`);
        return json;
      };
      const n = serial++;
      const p = await call('POST', '/proposals', formOf(world, n), 201);
      await call('POST', `/proposals/${p.id}/submit`, {}, 200);
      const v = await call('POST', `/proposals/${p.id}/validate`, {}, 200);
      if (v.state !== 'PENDING_PAYMENT') throw new Error(`proposal ${p.proposalNo}: ${v.state} ${JSON.stringify(v.problems)}`);
      await call('POST', `/proposals/${p.id}/payments`, { amount: v.collection.amount, method: 'CASH', receivedOn: today }, 200);
      const issued = await call('POST', `/proposals/${p.id}/issue`, {}, 201);
      if (!issued.policy?.policyNo) throw new Error(`no policy in the answer: ${p.proposalNo}`);
      return v.product.line as string;
    };
    await drive(WARMUP, CONCURRENCY, httpPipeline);
    log(`(b) HTTP: ${POLICIES} policies, ${CONCURRENCY} clients`);
    const httpRun = await drive(POLICIES, CONCURRENCY, httpPipeline);
    log(`(b) ${httpRun.perSecond.toFixed(0)} policies/s (${httpRun.seconds.toFixed(1)} s), pipeline p50 ${httpRun.p50.toFixed(0)} ms, p95 ${httpRun.p95.toFixed(0)} ms`);

    // ---- context: the audit chain serialises audited transactions until commit (platform/audit.ts);
    // how many transactions that write one audit event and nothing else commit per second here.
    const ceiling: Record<string, number> = {};
    for (const conc of [1, CONCURRENCY]) {
      let n = 0;
      const end = performance.now() + 4000;
      const actor = { userId: clerkId, username: 'bench_clerk', orgId: branch, roles: null, ip: null, requestId: null };
      await Promise.all(Array.from({ length: conc }, async () => {
        while (performance.now() < end) {
          await db!.transaction().execute((trx) => writeAudit(trx, actor, { action: 'proposal.export', details: { bench: 'audit ceiling' } }, new Date()));
          n++;
        }
      }));
      ceiling[`${conc}`] = n / 4;
    }
    log(`audit-only transactions/s: ${JSON.stringify(ceiling)} (by concurrency)`);

    // ---- what was written
    const counts = (await q(`select (select count(*) from policy) as policies, (select count(*) from domain_event where type = 'policy.issued') as events,
      (select count(*) from audit_event where action like 'proposal.%') as audits, (select count(*) from policy_event) as timeline,
      (select count(*) from billing_receipt) as receipts`)).rows[0];
    const chain = await verifyAuditChain(db);
    log(`written: ${JSON.stringify(counts)}; audit chain ${chain.ok ? 'intact' : `BROKEN at ${chain.firstBadSeq}`} (${chain.checked} rows)`);

    const f0 = (x: number) => x.toFixed(0);
    const row = (name: string, r: Run, target: number) => `| ${name} | ${r.policies} | ${r.seconds.toFixed(1)} | **${f0(r.perSecond)}** | ${target} | ${f0(r.p50)} | ${f0(r.p95)} | ${f0(r.p99)} | ${f0(r.max)} |`;
    const md = [
      `Run ${new Date().toISOString()} — ${machine}, PostgreSQL ${pgVersion} (embedded, fresh).`,
      '',
      `Each policy: 编号登记 with the form → 提交 → 单据校验 (pricing + automatic underwriting + receivable) → 登记收费 → 出单 (number, policy, timeline, audit, outbox), five transactions, 8 audit events. Mix ${JSON.stringify(serviceRun.byKind)}. ${CONCURRENCY} pipelines in flight, after ${WARMUP} untimed.`,
      '',
      '| path | policies | seconds | policies/s | target | pipeline p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---|---|---|---|---|---|---|---|',
      row('(a) service layer (in process)', serviceRun, 200),
      row(`(b) HTTP, ${CONCURRENCY} clients`, httpRun, 100),
      '',
      `Rows written: ${JSON.stringify(counts)}; audit chain verified: ${chain.ok} (${chain.checked} rows).`,
      '',
      `Context — transactions writing one audit event and nothing else: ${Object.entries(ceiling).map(([c, r]) => `${f0(r)}/s at ${c} in flight`).join(', ')} (the chain's head row is locked until commit, so audited transactions commit one at a time; a policy takes five).`,
    ].join('\n');
    console.log(`\n${md}\n`);
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    fs.writeFileSync(path.join(outDir, `policy-pipeline-${stamp}.md`), `${md}\n`);
    fs.writeFileSync(path.join(outDir, `policy-pipeline-${stamp}.json`), JSON.stringify({ machine, pgVersion, concurrency: CONCURRENCY, service: serviceRun, http: httpRun, auditOnlyPerSecond: ceiling, counts, chain }, null, 2));
    log(`results written to bench/results/policy-pipeline-${stamp}.{md,json}`);
  } finally {
    await db?.destroy().catch(() => {});
    await client?.end().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
