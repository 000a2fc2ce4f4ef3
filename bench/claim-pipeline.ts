// A motor claim end to end through the service layer (issue 5): 报案 → 立案 (reserve) → 调度 a 定损
// task → the surveyor's items → submit → 核价核损 → 理算 → 提交核赔 → 核赔 → 支付 (Idempotency-Key) →
// 确认支付 → 结案 (reserves released, claim.closed event, renewal feed, sampling) — twelve
// transactions, each with its timeline and audit, as the handlers, surveyor, approver and payer do it.
// Target: ≥ 150 claims/s.
//
//   node --import tsx bench/claim-pipeline.ts     (BENCH_CLAIMS=1000, BENCH_CONCURRENCY=20)
//
// The server is a child process (bench/lib.ts startBenchServer: its own embedded PostgreSQL); this
// process connects to the same database and calls the claim services as the routes do
// (createClaimServices). Customers and policies come from bench/party-book.ts and
// bench/policy-book.ts; each claim is on its own in-force 商业车险 policy (车损 CAR_DAMAGE). Nothing
// here asserts a timing; figures go to docs/BENCHMARKS.md by hand.
import crypto from 'node:crypto';
import pg from 'pg';
import { createDb } from '../src/server/db/database';
import { createClaimServices } from '../src/server/modules/claim/index';
import { createPolicyServices } from '../src/server/modules/policy/index';
import { createProductModule } from '../src/server/modules/product/index';
import { verifyAuditChain } from '../src/server/platform/audit';
import { shanghaiDate, systemClock } from '../src/server/platform/clock';
import { hashPassword } from '../src/server/platform/password';
import { createPiiCrypto } from '../src/server/platform/pii-crypto';
import { contextForUser } from '../src/server/platform/sessions';
import { benchRole, benchUser, machineSummary, percentile, startBenchServer } from './lib';
import { generate } from './party-book';
import { generatePolicies } from './policy-book';

const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const WARMUP = 60;
const PASSWORD = 'Bench-Passw0rd!2026';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

async function main() {
  const machine = machineSummary();
  log(`machine: ${machine}`);
  const piiKey = crypto.randomBytes(32);
  process.env.PII_KEY = piiKey.toString('base64');
  const server = await startBenchServer({ name: 'claim-pipeline', log });
  let client: pg.Client | undefined;
  let db: ReturnType<typeof createDb>['db'] | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const q = (text: string, values: unknown[] = []) => client!.query(text, values);

    // ---- users at head office (scope all): handler, surveyor, approver (authority 1,000,000), payer
    const hash = await hashPassword(PASSWORD);
    const user = async (username: string, perms: string[]) =>
      benchUser(client!, { username, name: username, orgCode: null, roleId: await benchRole(client!, username.toUpperCase(), username, perms), scope: 'all', passwordHash: hash });
    const handlerId = await user('bench_claim_handler', ['claim:read', 'claim:report', 'claim:handle', 'policy:read']);
    const surveyorId = await user('bench_claim_surveyor', ['claim:read', 'claim:survey']);
    const approverId = await user('bench_claim_approver', ['claim:read', 'claim:approve']);
    await user('bench_claim_payer', ['claim:read', 'claim:pay']);
    await q(`insert into claim_authority (id, user_id, line, max_amount, created_by, created_at) values (gen_random_uuid(), $1, 'COMMERCIAL_MOTOR', 1000000, $1, now())`, [approverId]);
    const admin = (await q(`select id from app_user where username = 'admin'`)).rows[0].id as string;

    // ---- policies: enough recent 商业车险 for one claim each
    const policies = Math.max(20_000, Math.ceil((CLAIMS + WARMUP) * 20));
    log(`generating 5,000 customers and ${policies.toLocaleString('en-US')} policies`);
    await generate(client, piiKey, handlerId, 5000);
    await generatePolicies(client, { userId: handlerId, approverId: admin, policies, persons: 5000 });
    const today = shanghaiDate(new Date());
    const ids = (await q(`select id from policy where line = 'COMMERCIAL_MOTOR' and state = 'IN_FORCE' and start_date <= $1::date - 2 and end_date >= $1::date order by id`, [today])).rows.map((r) => r.id as string);
    if (ids.length < CLAIMS + WARMUP) throw new Error(`only ${ids.length} in-force commercial policies; raise the policy count`);
    log(`${ids.length} in-force 商业车险 policies to claim on`);

    // ---- the services, in this process, on the server's database
    db = createDb(server.pgUrl, CONCURRENCY + 4).db;
    const pii = createPiiCrypto(piiKey);
    const product = createProductModule({ db, clock: systemClock });
    const policy = createPolicyServices({ db, clock: systemClock, ...product.api, pii });
    const claims = createClaimServices({ db, clock: systemClock, pii, policy: { recordClaim: policy.renewals.recordClaim } });
    const [handler, surveyor, approver, payer] = await Promise.all(['bench_claim_handler', 'bench_claim_surveyor', 'bench_claim_approver', 'bench_claim_payer'].map((u) => contextForUser(db!, u)));

    let next = 0;
    const pipeline = async () => {
      const n = next++;
      const policyId = ids[n]!;
      const reported = await claims.claims.report(handler, {
        policyId, lossAt: new Date(Date.now() - 3 * 3600_000).toISOString(), lossPlace: `南京市鼓楼区中山北路 ${n} 号`, lossCause: 'COLLISION',
        description: `倒车时碰撞路边护栏（${n}）`, channel: 'PHONE', reporterName: '张建华', reporterPhone: '13912345678', atFault: true, liabilityShare: '100',
      });
      const id = reported.id;
      await claims.claims.register(handler, id, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '6000.00' }] });
      const task = await claims.tasks.dispatch(handler, id, { kind: 'DAMAGE', assigneeId: surveyorId });
      await claims.tasks.update(surveyor, task.id, {
        findings: '前保险杠破损，左前大灯破裂',
        items: [
          { kind: 'PART', name: '前保险杠', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', unitPrice: '2380.00', quantity: '1' },
          { kind: 'LABOUR', name: '钣金喷漆工时', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', unitPrice: '120.00', quantity: '6' },
        ],
        version: task.version,
      });
      await claims.tasks.submit(surveyor, task.id);
      await claims.tasks.review(handler, task.id, { decision: 'APPROVE', note: null });
      await claims.approvals.calculate(handler, id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE' });
      await claims.approvals.submitApproval(handler, id);
      await claims.approvals.approve(approver, id);
      const paid = await claims.payments.create(payer, id, `bench-${id}`, { kind: 'FINAL', amount: '3100.00', payeeName: '张建华', bankName: '中国工商银行南京分行', accountNo: '6222021234567894' });
      await claims.payments.markPaid(payer, paid.body.id, { reference: `TX${n}`, paidOn: today });
      await claims.payments.close(handler, id);
    };
    void handlerId;

    const drive = async (total: number) => {
      const times: number[] = [];
      let started = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (started < total) {
          started++;
          const s = performance.now();
          await pipeline();
          times.push(performance.now() - s);
        }
      }));
      const seconds = (performance.now() - t0) / 1000;
      times.sort((a, b) => a - b);
      return { claims: times.length, seconds, perSecond: times.length / seconds, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)! };
    };
    await drive(WARMUP);
    log(`service layer: ${CLAIMS} claims, ${CONCURRENCY} in flight`);
    const run = await drive(CLAIMS);
    log(`${run.perSecond.toFixed(0)} claims/s (${run.seconds.toFixed(1)} s), pipeline p50 ${run.p50.toFixed(0)} ms, p95 ${run.p95.toFixed(0)} ms`);

    const counts = (await q(`select (select count(*) from claim where state = 'CLOSED') as closed, (select count(*) from claim_event) as timeline,
      (select count(*) from audit_event where action like 'claim.%') as audits, (select count(*) from domain_event where type = 'claim.closed') as events,
      (select count(*) from policy_claim_record) as renewal_feed, (select coalesce(sum(outstanding_reserve), 0) from claim) as outstanding`)).rows[0];
    const chain = await verifyAuditChain(db);
    log(`written: ${JSON.stringify(counts)}; audit chain ${chain.ok ? 'intact' : `BROKEN at ${chain.firstBadSeq}`} (${chain.checked} rows)`);
    const md = [
      `Run ${new Date().toISOString()} — ${machine}, PostgreSQL ${pgVersion} (embedded, fresh).`,
      '',
      `| path | claims | seconds | claims/s | target | pipeline p50 ms | p95 ms | max ms |`,
      '|---|---|---|---|---|---|---|---|',
      `| service layer, ${CONCURRENCY} in flight | ${run.claims} | ${run.seconds.toFixed(1)} | **${run.perSecond.toFixed(0)}** | 150 | ${run.p50.toFixed(0)} | ${run.p95.toFixed(0)} | ${run.max.toFixed(0)} |`,
      '',
      `Rows: ${JSON.stringify(counts)}; audit chain verified: ${chain.ok} (${chain.checked} rows).`,
    ].join('\n');
    console.log(`\n${md}\n`);
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
