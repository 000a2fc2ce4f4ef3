// Benchmark of customer search (issue 3): 1,000,000 persons, GET /api/v1/parties at 50 concurrent
// clients (autocannon, closed loop) as a head-office user (scope all) and a branch user (subtree):
// name prefix (surname + first given character), partial name (a two-character given name),
// pinyin initials, exact ID number. Targets: search p95 < 50 ms, exact ID p95 < 5 ms.
//
//   node --import tsx bench/party-search.ts        (BENCH_SECONDS=10 per run, BENCH_PERSONS=1000000)
//
// The server is a child process (bench/lib.ts startBenchServer: production mode, its own embedded
// PostgreSQL in a fresh temp dir, removed afterwards). The persons are generated here — realistic
// names from weighted surname and given-name lists, valid resident IDs — with the server's own
// rules (nameGrams, nameInitials, the PII key the server was started with) and loaded with COPY.
// Nothing here asserts a timing.
import crypto from 'node:crypto';
import pg from 'pg';
import { hashPassword } from '../src/server/platform/password';
import { createPiiCrypto } from '../src/server/platform/pii-crypto';
import { ID_SEARCH_DOMAIN, nameInitials } from '../src/server/modules/party/rules';
import { benchRole, benchUser, cannon, machineSummary, percentile, signIn, startBenchServer } from './lib';
import { generate } from './party-book';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 1_000_000);
const CONNECTIONS = 50;
const PASSWORD = 'Bench-Passw0rd!2026';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');


// ---------------------------------------------------------------- HTTP
interface Run {
  name: string;
  scope: string;
  load: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  hits: string;
}

async function main() {
  log(`machine: ${machineSummary()}`);
  // The server derives its keys from PII_KEY (inherited through the environment); the generator
  // uses the same key, so its hashes are the ones the server computes for a search.
  const piiKey = crypto.randomBytes(32);
  process.env.PII_KEY = piiKey.toString('base64');
  const server = await startBenchServer({ name: 'party', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const hash = await hashPassword(PASSWORD);
    const role = await benchRole(client, 'BENCH_PARTY_READER', '客户查询（基准）', ['party:read']);
    const userId = await benchUser(client, { username: 'bench_party_all', name: '基准', orgCode: null, roleId: role, scope: 'all', passwordHash: hash });

    log(`generating ${PERSONS.toLocaleString('en-US')} persons and loading them with COPY`);
    const data = await generate(client, piiKey, userId, PERSONS);
    log(`loaded in ${data.ms} ms, vacuum analyze ${data.analyzeMs} ms`);
    if (data.names[0]!.length < 3) data.names.sort((a, b) => b.length - a.length);
    const size = (await client.query(`select pg_size_pretty(pg_total_relation_size('party')) as total, pg_size_pretty(pg_relation_size('party')) as heap, pg_size_pretty(pg_total_relation_size('party_name_key')) as name_keys,
      pg_size_pretty(pg_relation_size('party_name_grams_idx')) as grams, pg_size_pretty(pg_relation_size('party_initials_idx')) as initials`)).rows[0];
    log(`party: ${JSON.stringify(size)}`);

    // A branch user (subtree of B01: about 10% of the book) for the scoped runs.
    await benchUser(client, { username: 'bench_party_branch', name: '基准分公司', orgCode: 'B01', roleId: role, scope: 'subtree', passwordHash: hash });
    const cookieAll = (await signIn(base, 'bench_party_all', PASSWORD)).sid;
    const cookieBranch = (await signIn(base, 'bench_party_branch', PASSWORD)).sid;

    const list = (q: string) => `/api/v1/parties?pageSize=20&q=${encodeURIComponent(q)}`;
    const prefixes = [...new Set(data.names.filter((n) => [...n].length === 3).map((n) => [...n].slice(0, 2).join('')))].slice(0, 20);
    const partials = ['桂兰', '秀英', '建华', '志强', '子涵', '海燕', '国强', '欣怡', '丽娟', '浩然'];
    const initials = [...new Set(data.names.map((n) => nameInitials(n)).filter((s) => s.length === 3))].slice(0, 20);
    const scenarios: [string, string[]][] = [
      ['name prefix (surname + 1st given char)', prefixes.map(list)],
      ['partial name (2-char given name)', partials.map(list)],
      ['pinyin initials (3 letters)', initials.map(list)],
      ['exact ID number', data.ids.map(list)],
      ['no search, page 1 (newest first)', ['/api/v1/parties?pageSize=20']],
    ];
    // What each search finds (sanity, and context for the figures).
    const hits: Record<string, string> = {};
    for (const [name, paths] of scenarios) {
      const totals: number[] = [];
      let capped = 0;
      for (const p of paths) {
        const r = await fetch(`${base}${p}`, { headers: { cookie: cookieAll } });
        if (!r.ok) throw new Error(`${p}: ${r.status} ${await r.text()}`);
        const body = (await r.json()) as { total: number; totalCapped?: boolean };
        totals.push(body.total);
        if (body.totalCapped) capped++;
      }
      totals.sort((a, b) => a - b);
      hits[name] = `${totals[0]}–${totals.at(-1)!}${capped ? '+' : ''} (median ${totals[Math.floor(totals.length / 2)]}${capped ? `; ${capped} of ${totals.length} at the count cap` : ''})`;
      if (name === 'exact ID number' && totals.some((t) => t !== 1)) throw new Error(`exact ID lookups should find one each: ${totals}`);
      log(`${name}: ${paths.length} distinct queries, matches ${hits[name]}`);
    }

    const runs: Run[] = [];
    const go = async (name: string, scope: string, cookie: string, paths: string[], connections: number) => {
      await cannon(base, paths, cookie, connections, 3); // warm-up, not recorded
      const r = await cannon(base, paths, cookie, connections, SECONDS);
      const s = r.latencies.sort((a, b) => a - b);
      runs.push({ name, scope, load: `${connections} conn${connections > 1 ? 's' : ''}`, rps: s.length / SECONDS, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN, errors: r.errors, hits: hits[name] ?? '' });
      const x = runs.at(-1)!;
      log(`${name} · ${scope} · ${x.load}: ${x.rps.toFixed(0)} req/s, p50 ${ms(x.p50)} p95 ${ms(x.p95)} p99 ${ms(x.p99)} ms, errors ${x.errors}`);
    };
    for (const [name, paths] of scenarios) await go(name, 'all', cookieAll, paths, 1);
    for (const [name, paths] of scenarios) await go(name, 'all', cookieAll, paths, CONNECTIONS);
    await go('partial name (2-char given name)', 'subtree', cookieBranch, scenarios[1]![1], CONNECTIONS);
    await go('exact ID number', 'subtree', cookieBranch, scenarios[3]![1], CONNECTIONS);

    // Plans of the statements the service sends for the search kinds (scope all, first page).
    // (The service skips the count when the page is not full, as for an exact ID.)
    const explain = async (label: string, where: string, cap: number, keyed = false) => {
      const q = keyed
        ? `select p.id, p.party_no, p.name, o.name from party_name_key k left join org o on o.id = k.org_id join party p on p.id = k.party_id where ${where} order by k.created_at desc, k.party_id desc limit 21`
        : `select p.id, p.party_no, p.name from party p left join org o on o.id = p.org_id where ${where} order by p.created_at desc, p.id desc limit 21`;
      const c = keyed
        ? `select count(*) from (select 1 from party_name_key k left join org o on o.id = k.org_id where ${where} limit ${cap + 1}) t`
        : `select count(*) from (select 1 from party p left join org o on o.id = p.org_id where ${where} limit ${cap + 1}) t`;
      const out: string[] = [];
      for (const s of [q, c]) {
        let plan: string[] = [];
        for (let i = 0; i < 3; i++) plan = (await client!.query(`explain (analyze, buffers, timing off, summary on) ${s}`)).rows.map((r) => r['QUERY PLAN'] as string);
        out.push(`-- ${label}\n${s}\n${plan.join('\n')}`);
      }
      return out.join('\n\n');
    };
    const idHashHex = createPiiCrypto(piiKey).hash(ID_SEARCH_DOMAIN, data.ids[0]!).toString('hex');
    const plans = [
      await explain('partial name 秀英 (scope all)', `k.gram = '秀英'`, 1000, true),
      await explain('partial name 秀英 (subtree of B01)', `k.gram = '秀英' and o.path like (select path from org where code = 'B01') || '%'`, 1000, true),
      await explain('partial name 秀英 through the GIN index (sort=name and other filters take this path)', `p.name_grams @> array['秀英']::text[]`, 1000),
      await explain(`three characters ${data.names[0]} (GIN + LIKE)`, `p.name_grams @> array['${[...data.names[0]!].slice(0, 2).join('')}','${[...data.names[0]!].slice(1, 3).join('')}']::text[] and lower(p.name) like '%${data.names[0]}%'`, 1000),
      await explain(`initials ${initials[0]}`, `k.gram = 'py:${initials[0]}'`, 1000, true),
      await explain('exact ID', `p.id_search_hash = '\\x${idHashHex}'::bytea`, 10_000),
    ];

    const md = [
      `Run ${new Date().toISOString()} — ${machineSummary()}, PostgreSQL ${pgVersion}`,
      `${PERSONS.toLocaleString('en-US')} persons loaded with COPY in ${(data.ms / 1000).toFixed(1)} s (+ vacuum analyze ${(data.analyzeMs / 1000).toFixed(1)} s); party ${JSON.stringify(size)}`,
      '',
      '| scenario | scope | load | req/s | p50 ms | **p95 ms** | p99 ms | max ms | errors | matches per query |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...runs.map((r) => `| ${r.name} | ${r.scope} | ${r.load} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | **${ms(r.p95)}** | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} | ${r.hits} |`),
    ].join('\n');
    console.log(`\n${md}\n`);
    console.log(plans.join('\n\n'));
  } finally {
    await client?.end().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
