// Benchmark of policy search and detail (issue 4): 1,000,000 policies of 200,000 customers over 100
// orgs; GET /api/v1/policies as a head-office user (scope all) and a branch user (subtree of B01,
// ~10 %): policy number exact, holder/insured name (partial: a popular two-character given name;
// whole: a holder's three-character name), ID number, plate, state + org filter (first page); and
// GET /api/v1/policies/:id.
// Targets: search p95 < 50 ms, detail p95 < 20 ms.
//
//   node --import tsx bench/policy-search.ts     (BENCH_SECONDS=8 per run, BENCH_POLICIES=1000000,
//                                                 BENCH_PERSONS=200000, BENCH_CONNECTIONS=10)
//
// The server is a child process (bench/lib.ts startBenchServer). The customers come from the party
// search benchmark's generator (bench/party-book.ts, COPY, name keys by trigger); products,
// proposals and policies are generated set-based in PostgreSQL (INSERT … SELECT generate_series),
// policy numbers with their real check characters (a SQL twin of numbering.rules.ts, checked against
// it). Nothing here asserts a timing. BENCH_HOLD=1 keeps the server up afterwards (for EXPLAIN).
import crypto from 'node:crypto';
import pg from 'pg';
import { parsePolicyNumber } from '../src/server/modules/policy/numbering.rules';
import { hashPassword } from '../src/server/platform/password';
import { createPiiCrypto } from '../src/server/platform/pii-crypto';
import { benchRole, benchUser, getRuns, machineSummary, signIn, startBenchServer } from './lib';
import { generate } from './party-book';
import { detailHistory, generatePolicies } from './policy-book';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const POLICIES = Number(process.env.BENCH_POLICIES ?? 1_000_000);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 200_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'Bench-Passw0rd!2026';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);


async function main() {
  log(`machine: ${machineSummary()}; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const piiKey = crypto.randomBytes(32);
  process.env.PII_KEY = piiKey.toString('base64');
  const server = await startBenchServer({ name: 'policy', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const hash = await hashPassword(PASSWORD);
    const role = await benchRole(client, 'BENCH_POLICY_READER', '保单查询（基准）', ['policy:read']);
    const userId = await benchUser(client, { username: 'bench_policy_all', name: '基准', orgCode: null, roleId: role, scope: 'all', passwordHash: hash });
    const approverId = (await client.query(`select id from app_user where username = 'admin'`)).rows[0].id as string;

    log(`generating ${PERSONS.toLocaleString('en-US')} customers (COPY)`);
    const book = await generate(client, piiKey, userId, PERSONS);
    log(`customers loaded in ${book.ms} ms; generating ${POLICIES.toLocaleString('en-US')} policies (INSERT … SELECT)`);
    const gen = await generatePolicies(client, { userId, approverId, policies: POLICIES, persons: PERSONS, log });
    log(`policies loaded in ${gen.loadMs} ms, vacuum analyze ${gen.analyzeMs} ms`);
    const size = (await client.query(`select pg_size_pretty(pg_total_relation_size('policy')) as policy, pg_size_pretty(pg_relation_size('policy')) as policy_heap,
      pg_size_pretty(pg_total_relation_size('proposal')) as proposal, pg_size_pretty(pg_total_relation_size('party')) as party, pg_size_pretty(pg_total_relation_size('party_name_key')) as name_keys`)).rows[0];
    log(`sizes: ${JSON.stringify(size)}`);

    await benchUser(client, { username: 'bench_policy_branch', name: '基准分公司', orgCode: 'B01', roleId: role, scope: 'subtree', passwordHash: hash });
    const cookieAll = (await signIn(base, 'bench_policy_all', PASSWORD)).sid;
    const cookieBranch = (await signIn(base, 'bench_policy_branch', PASSWORD)).sid;

    // Queries from the data: numbers, plates, holders' names and ID numbers of random policies (for
    // the branch user, policies of B01's subtree), and popular given names.
    const b01 = (await client.query(`select id, path from org where code = 'B01'`)).rows[0] as { id: string; path: string };
    const sample = async (branch: boolean, n: number) =>
      (await client!.query(`select p.id, p.policy_no, p.plate_no, h.id_number_enc, h.name from policy p join org o on o.id = p.org_id join party h on h.id = p.policyholder_id
        where ${branch ? `o.path like '${b01.path}%' and` : ''} p.id = any(array(select md5('pol' || (1 + (random() * ${POLICIES - 1})::int))::uuid from generate_series(1, ${n * 20}))) limit ${n}`)).rows as { id: string; policy_no: string; plate_no: string | null; id_number_enc: Buffer; name: string }[];
    const pii = createPiiCrypto(piiKey);
    const list = (q: string) => `/api/v1/policies?pageSize=20&q=${encodeURIComponent(q)}`;
    const partials = ['桂兰', '秀英', '建华', '志强', '子涵', '海燕', '国强', '欣怡', '丽娟', '浩然'];
    const scenarioSet = async (branch: boolean): Promise<[string, string[]][]> => {
      const s = await sample(branch, 20);
      for (const r of s) if (!parsePolicyNumber(r.policy_no).ok) throw new Error(`generated policy number ${r.policy_no} does not check`);
      const subs = (await client!.query(`select id from org where path like $1 and depth = 2 order by code limit 3`, [`${b01.path}%`])).rows.map((r) => r.id as string);
      return [
        ['policy number, exact', s.map((r) => list(r.policy_no))],
        ['holder/insured name, partial (2-char given name)', partials.map(list)],
        ['holder/insured name, whole (3 chars)', s.map((r) => r.name).filter((n) => [...n].length === 3).slice(0, 10).map(list)],
        ['ID number (holder)', s.map((r) => list(pii.decrypt(r.id_number_enc)))],
        ['plate number', s.filter((r) => r.plate_no).map((r) => list(r.plate_no!))],
        ['state + org filter, page 1', [
          `/api/v1/policies?pageSize=20&state=IN_FORCE&orgId=${b01.id}`, `/api/v1/policies?pageSize=20&state=LAPSED&orgId=${b01.id}`,
          ...subs.map((o) => `/api/v1/policies?pageSize=20&state=IN_FORCE&state=LAPSED&orgId=${o}`), '/api/v1/policies?pageSize=20&state=IN_FORCE',
        ]],
        ['policy detail (GET /policies/:id)', s.map((r) => `/api/v1/policies/${r.id}`)],
      ];
    };
    const allSet = await scenarioSet(false);
    const branchSet = await scenarioSet(true);
    const detailIds = [...allSet, ...branchSet].flatMap(([name, paths]) => (name.startsWith('policy detail') ? paths.map((p) => p.split('/').pop()!) : []));
    await detailHistory(client, detailIds, userId, approverId);

    const bench = getRuns(base, SECONDS, log);
    for (const [scope, cookie, set] of [['all', cookieAll, allSet], ['subtree (B01)', cookieBranch, branchSet]] as const) {
      for (const [name, paths] of set) {
        await bench.go(name, scope, cookie, paths, 1, await bench.hitsOf(cookie, paths));
      }
    }
    for (const [name, paths] of allSet) await bench.go(name, 'all', cookieAll, paths, CONNECTIONS);

    const md = [
      `Run ${new Date().toISOString()} — ${machineSummary()}, PostgreSQL ${pgVersion}`,
      `${PERSONS.toLocaleString('en-US')} customers (COPY ${(book.ms / 1000).toFixed(1)} s) and ${POLICIES.toLocaleString('en-US')} policies with their proposals (INSERT … SELECT ${(gen.loadMs / 1000).toFixed(1)} s, vacuum analyze ${(gen.analyzeMs / 1000).toFixed(1)} s); ${JSON.stringify(size)}`,
      '',
      ...bench.table('scope'),
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
