// Benchmark of the claims handler worklist (issue 5): 500,000 claims over 250,000 policies of
// 100,000 customers in 100 orgs; GET /api/v1/claims as a head-office user (scope all), a branch
// user (subtree of B01, ~10 %) and a handler (`mine`): by stage (state) first page, by stage and
// handler, a claim number, a plate, sorted by time in stage; 1 and 10 connections.
// Target: p95 < 50 ms.
//
//   node --import tsx bench/claim-worklist.ts    (BENCH_CLAIMS=500000, BENCH_POLICIES=250000,
//                                                 BENCH_PERSONS=100000, BENCH_SECONDS=8, BENCH_CONNECTIONS=10)
//
// The server is a child process (bench/lib.ts startBenchServer). Customers come from
// bench/party-book.ts (COPY), policies from bench/policy-book.ts, claims are generated set-based
// (INSERT … SELECT generate_series): 300 handlers (3 per org), states spread as a year's book is
// (70 % closed, the rest across the open stages), loss dates over the last year. Nothing here
// asserts a timing; figures go to docs/BENCHMARKS.md by hand.
import crypto from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../src/server/platform/password';
import { benchRole, benchUser, getRuns, machineSummary, signIn, startBenchServer } from './lib';
import { generate } from './party-book';
import { generatePolicies } from './policy-book';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CLAIMS = Number(process.env.BENCH_CLAIMS ?? 500_000);
const POLICIES = Number(process.env.BENCH_POLICIES ?? 250_000);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'Bench-Passw0rd!2026';
const HANDLER_PERMISSIONS = ['claim:read', 'claim:report', 'claim:handle', 'claim:export', 'policy:read'];

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);


/** 3 handlers per org (bench_h_<org code>_<n>) and `claims` claims over the generated policies. */
async function generateClaims(client: pg.Client, o: { claims: number; policies: number; roleId: string; passwordHash: string }) {
  const t0 = performance.now();
  await client.query(`
    insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
    select gen_random_uuid(), 'bench_h_' || lower(o.code) || '_' || n, '经办' || o.code || '-' || n, o.id, $1, false, 'ACTIVE', 0, false, now(), now()
    from org o, generate_series(1, 3) n where o.depth > 0`, [o.passwordHash]);
  await client.query(`insert into user_role (user_id, role_id, scope) select id, $1, 'subtree' from app_user where username like 'bench_h_%'`, [o.roleId]);
  await client.query(`create table bench_handler as select org_id, array_agg(id order by username) as ids from app_user where username like 'bench_h_%' group by org_id`);
  // States as a year's book: 70 % closed, then the open stages, declined and withdrawn.
  await client.query(`
    insert into claim (id, claim_no, policy_id, org_id, line, state, loss_at, loss_date, loss_place, loss_cause, description, channel, reporter_name, reporter_phone_masked,
      coverages, handler_id, reported_by, reported_at, registered_by, registered_at, approved_amount, paid_amount, outstanding_reserve, closed_at, state_since, created_at, updated_at)
    select md5('clm' || g)::uuid, 'BA' || to_char(x.reported_at at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(g::text, 8, '0'), p.id, p.org_id, p.line, x.state,
      x.reported_at - interval '3 hours', ((x.reported_at - interval '3 hours') at time zone 'Asia/Shanghai')::date, '南京市鼓楼区中山路' || (g % 300) || '号', 'COLLISION', '两车追尾，车损', 'PHONE',
      '报案人' || (g % 1000), '139****' || lpad((g % 10000)::text, 4, '0'), '[]', h.ids[1 + x.r % 3], h.ids[1 + x.r % 3], x.reported_at,
      case when x.state <> 'REPORTED' then h.ids[1 + x.r % 3] end, case when x.state <> 'REPORTED' then x.reported_at + interval '1 day' end,
      case when x.state in ('APPROVED','CLOSED') then 3000 + g % 5000 else 0 end, case when x.state = 'CLOSED' then 3000 + g % 5000 else 0 end,
      case when x.state in ('REGISTERED','PENDING_APPROVAL','APPROVED') then 5000 + g % 5000 else 0 end,
      case when x.state = 'CLOSED' then x.reported_at + interval '20 days' end,
      x.reported_at + case when x.state = 'REPORTED' then interval '0' else interval '1 day' end, x.reported_at, x.reported_at + interval '2 days'
    from (
      select g, r, now() - (${o.claims} - g) * interval '63 seconds' as reported_at,
        case when r < 70 then 'CLOSED' when r < 75 then 'REPORTED' when r < 87 then 'REGISTERED' when r < 91 then 'PENDING_APPROVAL'
             when r < 94 then 'APPROVED' when r < 97 then 'DECLINED' else 'WITHDRAWN' end as state
      -- A hash, not g % 100: the policy (and so the org) is a function of g modulo 100 too.
      from (select g, (hashint4(g) & 2147483647) % 100 as r from generate_series(1, ${o.claims}) g) h
    ) x
    join policy p on p.id = md5('pol' || (1 + (x.g::bigint * 7919) % ${o.policies}))::uuid
    join bench_handler h on h.org_id = p.org_id`);
  const loadMs = Math.round(performance.now() - t0);
  const t1 = performance.now();
  await client.query('vacuum analyze claim');
  await client.query('vacuum analyze app_user');
  return { loadMs, analyzeMs: Math.round(performance.now() - t1) };
}

async function main() {
  log(`machine: ${machineSummary()}`);
  const piiKey = crypto.randomBytes(32);
  process.env.PII_KEY = piiKey.toString('base64');
  const server = await startBenchServer({ name: 'claims', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const hash = await hashPassword(PASSWORD);
    const role = await benchRole(client, 'BENCH_CLAIM_HANDLER', '理赔经办（基准）', HANDLER_PERMISSIONS);
    const userId = await benchUser(client, { username: 'bench_claim_all', name: '基准', orgCode: null, roleId: role, scope: 'all', passwordHash: hash });
    const approverId = (await client.query(`select id from app_user where username = 'admin'`)).rows[0].id as string;

    log(`generating ${PERSONS.toLocaleString('en-US')} customers and ${POLICIES.toLocaleString('en-US')} policies`);
    await generate(client, piiKey, userId, PERSONS);
    await generatePolicies(client, { userId, approverId, policies: POLICIES, persons: PERSONS, log });
    log(`generating ${CLAIMS.toLocaleString('en-US')} claims (INSERT … SELECT)`);
    const gen = await generateClaims(client, { claims: CLAIMS, policies: POLICIES, roleId: role, passwordHash: hash });
    const size = (await client.query(`select pg_size_pretty(pg_total_relation_size('claim')) as claim, pg_size_pretty(pg_relation_size('claim')) as heap, (select count(*) from claim) as rows`)).rows[0];
    log(`claims loaded in ${gen.loadMs} ms, vacuum analyze ${gen.analyzeMs} ms; ${JSON.stringify(size)}`);

    await benchUser(client, { username: 'bench_claim_branch', name: '基准分公司', orgCode: 'B01', roleId: role, scope: 'subtree', passwordHash: hash });
    // The busiest handler of B01's first sub-branch.
    const handler = (await client.query(`select u.username, u.id from app_user u join org o on o.id = u.org_id where o.code = 'B01S1' and u.username like 'bench_h_%' order by u.username limit 1`)).rows[0] as { username: string; id: string };
    const cookieAll = (await signIn(base, 'bench_claim_all', PASSWORD)).sid;
    const cookieBranch = (await signIn(base, 'bench_claim_branch', PASSWORD)).sid;
    const cookieHandler = (await signIn(base, handler.username, PASSWORD)).sid;
    const b01 = (await client.query(`select id from org where code = 'B01'`)).rows[0].id as string;
    const sample = (await client.query(`select claim_no, p.plate_no from claim c join policy p on p.id = c.policy_id where c.id = any(array(select md5('clm' || (1 + (random() * ${CLAIMS - 1})::int))::uuid from generate_series(1, 40))) limit 20`)).rows as { claim_no: string; plate_no: string | null }[];

    const list = (qs: string) => `/api/v1/claims?pageSize=20&${qs}`;
    const open = ['REPORTED', 'REGISTERED', 'PENDING_APPROVAL', 'APPROVED'];
    const scenarios: [string, string, string, string[]][] = [
      ['stage (state) filter, page 1', 'all', cookieAll, open.map((s) => list(`state=${s}`))],
      ['open stages, oldest in stage first', 'all', cookieAll, [list(`${open.map((s) => `state=${s}`).join('&')}&sort=stateSince`)]],
      ['stage + handler', 'all', cookieAll, open.map((s) => list(`state=${s}&handlerId=${handler.id}`))],
      ['claim number', 'all', cookieAll, sample.map((r) => list(`q=${encodeURIComponent(r.claim_no)}`))],
      ['plate number', 'all', cookieAll, sample.filter((r) => r.plate_no).map((r) => list(`q=${encodeURIComponent(r.plate_no!)}`))],
      ['stage filter, page 1', 'subtree (B01)', cookieBranch, open.map((s) => list(`state=${s}`))],
      ['stage + org filter', 'subtree (B01)', cookieBranch, open.map((s) => list(`state=${s}&orgId=${b01}`))],
      ['my claims by stage', 'handler (mine)', cookieHandler, open.map((s) => list(`state=${s}&mine=true`))],
      ['all my claims, newest first', 'handler (mine)', cookieHandler, [list('mine=true')]],
    ];

    const bench = getRuns(base, SECONDS, log);
    for (const [name, who, cookie, paths] of scenarios) await bench.go(name, who, cookie, paths, 1, await bench.hitsOf(cookie, paths));
    for (const [name, who, cookie, paths] of scenarios) await bench.go(name, who, cookie, paths, CONNECTIONS);

    const md = [
      `Run ${new Date().toISOString()} — ${machineSummary()}, PostgreSQL ${pgVersion}`,
      `${CLAIMS.toLocaleString('en-US')} claims over ${POLICIES.toLocaleString('en-US')} policies (INSERT … SELECT ${(gen.loadMs / 1000).toFixed(1)} s, vacuum analyze ${(gen.analyzeMs / 1000).toFixed(1)} s); ${JSON.stringify(size)}`,
      '',
      ...bench.table('who'),
    ].join('\n');
    console.log(`\n${md}\n`);
    if (process.env.BENCH_HOLD) {
      log(`holding: psql '${server.pgUrl}' — Ctrl-C to stop`);
      await new Promise(() => {});
    }
  } finally {
    await client?.end().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
