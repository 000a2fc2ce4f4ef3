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
import { benchRole, benchUser, cannon, machineSummary, percentile, signIn, startBenchServer } from './lib';
import { generate } from './party-book';
import { detailHistory, generatePolicies } from './policy-book';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const POLICIES = Number(process.env.BENCH_POLICIES ?? 1_000_000);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 200_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PASSWORD = 'Bench-Passw0rd!2026';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

interface Run { name: string; scope: string; load: string; rps: number; p50: number; p95: number; p99: number; max: number; errors: number; hits: string }

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

    // What each query finds (sanity, and context for the figures).
    const hitsOf = async (cookie: string, paths: string[]) => {
      const totals: number[] = [];
      let capped = 0;
      for (const p of paths) {
        const r = await fetch(`${base}${p}`, { headers: { cookie } });
        if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
        const body = (await r.json()) as { total?: number; totalCapped?: boolean };
        totals.push(body.total ?? 1);
        if (body.totalCapped) capped++;
      }
      totals.sort((a, b) => a - b);
      return `${totals[0]}–${totals.at(-1)!}${capped ? '+' : ''} (median ${totals[Math.floor(totals.length / 2)]})`;
    };

    const runs: Run[] = [];
    const go = async (name: string, scope: string, cookie: string, paths: string[], connections: number, hits: string) => {
      await cannon(base, paths, cookie, connections, 2); // warm-up, not recorded
      const r = await cannon(base, paths, cookie, connections, SECONDS);
      const s = r.latencies.sort((a, b) => a - b);
      runs.push({ name, scope, load: `${connections} conn${connections > 1 ? 's' : ''}`, rps: s.length / SECONDS, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN, errors: r.errors, hits });
      const x = runs.at(-1)!;
      log(`${name} · ${scope} · ${x.load}: ${x.rps.toFixed(0)} req/s, p50 ${ms(x.p50)} p95 ${ms(x.p95)} p99 ${ms(x.p99)} ms, errors ${x.errors}, matches ${hits}`);
    };
    for (const [scope, cookie, set] of [['all', cookieAll, allSet], ['subtree (B01)', cookieBranch, branchSet]] as const) {
      for (const [name, paths] of set) {
        const hits = await hitsOf(cookie, paths);
        await go(name, scope, cookie, paths, 1, hits);
      }
    }
    for (const [name, paths] of allSet) await go(name, 'all', cookieAll, paths, CONNECTIONS, '');

    const md = [
      `Run ${new Date().toISOString()} — ${machineSummary()}, PostgreSQL ${pgVersion}`,
      `${PERSONS.toLocaleString('en-US')} customers (COPY ${(book.ms / 1000).toFixed(1)} s) and ${POLICIES.toLocaleString('en-US')} policies with their proposals (INSERT … SELECT ${(gen.loadMs / 1000).toFixed(1)} s, vacuum analyze ${(gen.analyzeMs / 1000).toFixed(1)} s); ${JSON.stringify(size)}`,
      '',
      '| scenario | scope | load | req/s | p50 ms | **p95 ms** | p99 ms | max ms | errors | matches per query |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...runs.map((r) => `| ${r.name} | ${r.scope} | ${r.load} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | **${ms(r.p95)}** | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} | ${r.hits} |`),
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
