// Life quote over HTTP (issue 3: "Life quote for any age/term: < 5 ms each"). bench/life-quote.ts
// times the pure function; this times POST /api/v1/actuarial/quote end to end on the real server.
//
//   node --import tsx bench/life-quote-http.ts      (BENCH_SEQUENTIAL=5000 quotes, BENCH_SECONDS=15)
//
// 1. The real server as a child process (bench/lib.ts startBenchServer: production mode, its own
//    embedded PostgreSQL in a fresh temp dir), one signed-in user holding actuarial:read only.
// 2. Random bodies (fixed seed): one of the six CL2010 tables, any benefit, any age the table
//    allows (0–105; WHOLE_LIFE and ANNUITY_DUE up to 105, term benefits up to the last age with a
//    valid term), any term 1..(105 − age) (PURE_ENDOWMENT 1..(104 − age)), a payment term 1..term
//    (or single premium), interest 0–6 %, sum assured 1,000–5,000,000. Every body is a valid quote.
// 3. Sequential latency: one client, one request at a time over a keep-alive connection (fetch),
//    after an untimed warm-up; each timing is request sent → full JSON body parsed. Interleaved
//    with each life quote, a control request timed the same way: POST /api/v1/rating/ctpl with one
//    fixed body (cached tariff, trivial arithmetic), i.e. the platform's per-request floor on this
//    machine under the same conditions.
// 4. Throughput: autocannon, 50 connections back to back cycling through 1,000 random bodies.
// Timings are printed and written to bench/results/; nothing here asserts a timing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../src/server/platform/password';
import { machineSummary, percentile, signIn, startBenchServer } from './lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 5000);
const WARMUP = 500;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = 50;
const PASSWORD = 'Bench-Passw0rd!2026';
const USERNAME = 'bench_actuary';
const PATH = '/api/v1/actuarial/quote';
const TABLES = ['CL2010_1M', 'CL2010_1F', 'CL2010_2M', 'CL2010_2F', 'CL2010_AM', 'CL2010_AF'] as const;
const BENEFITS = ['WHOLE_LIFE', 'TERM', 'PURE_ENDOWMENT', 'ENDOWMENT', 'ANNUITY_DUE'] as const;
const OMEGA = 105; // CL2010: q_105 = 1
const CTPL_PATH = '/api/v1/rating/ctpl';
const CTPL_BODY = { vehicle: { usage: 'FAMILY', seats: 5 }, region: '北京', history: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } };

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

interface QuoteBody {
  table: string;
  interest: number;
  benefit: (typeof BENEFITS)[number];
  age: number;
  term?: number;
  paymentTerm?: number;
  sumAssured: string;
}

/** mulberry32: a small seeded generator, so every run quotes the same bodies. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBodies(n: number, seed: number): QuoteBody[] {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const out: QuoteBody[] = [];
  while (out.length < n) {
    const benefit = BENEFITS[int(0, BENEFITS.length - 1)]!;
    const table = TABLES[int(0, TABLES.length - 1)]!;
    const maxTerm = (age: number) => OMEGA + 1 - age - (benefit === 'PURE_ENDOWMENT' ? 1 : 0);
    const age = int(0, benefit === 'PURE_ENDOWMENT' ? OMEGA - 1 : OMEGA);
    const interest = int(0, 600) / 10_000;
    const sumAssured = String(int(1, 5000) * 1000);
    const years = maxTerm(age); // whole of life / the longest term
    const term = benefit === 'WHOLE_LIFE' ? undefined : benefit === 'ANNUITY_DUE' && r() < 0.3 ? undefined : int(1, years);
    const n = term ?? years;
    const paymentTerm = r() < 0.25 ? undefined : int(1, n);
    out.push({ table, interest, benefit, age, ...(term !== undefined ? { term } : {}), ...(paymentTerm !== undefined ? { paymentTerm } : {}), sumAssured });
  }
  return out;
}

function cannon(base: string, headers: Record<string, string>, bodies: QuoteBody[], seconds: number) {
  // autocannon cycles through `requests` per connection (see bench/ctpl-quote.ts).
  const opts = { url: `${base}${PATH}`, connections: CONNECTIONS, duration: seconds, method: 'POST', headers, timeout: 30, requests: bodies.map((b) => ({ method: 'POST', path: PATH, headers, body: JSON.stringify(b) })) };
  return new Promise<autocannon.Result>((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

async function main() {
  const machine = machineSummary();
  log(`machine: ${machine}`);
  const server = await startBenchServer({ name: 'life', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    await client.query(
      `with r as (insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at)
                  values (gen_random_uuid(), 'BENCH_ACTUARY', '寿险试算（基准）', 'bench', array['actuarial:read', 'rating:quote'], false, false, now(), now()) returning id),
            u as (insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
                  select gen_random_uuid(), $1, $1, id, $2, false, 'ACTIVE', 0, false, now(), now() from org where parent_id is null returning id)
       insert into user_role (user_id, role_id, scope) select u.id, r.id, 'self' from u, r`,
      [USERNAME, await hashPassword(PASSWORD)],
    );
    const auth = await signIn(base, USERNAME, PASSWORD);
    const headers = { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json' };
    const post = async (b: unknown, url = PATH) => {
      const res = await fetch(`${base}${url}`, { method: 'POST', headers, body: JSON.stringify(b) });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status !== 200) throw new Error(`quote ${JSON.stringify(b)} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    log(`probe: ${JSON.stringify(await post({ table: 'CL2010_1M', interest: 0.035, benefit: 'WHOLE_LIFE', age: 30, paymentTerm: 20, sumAssured: '100000' }))}`);

    // Sequential: one client, one request at a time.
    for (const b of randomBodies(WARMUP, 1)) {
      await post(b);
      await post(CTPL_BODY, CTPL_PATH);
    }
    const bodies = randomBodies(SEQUENTIAL, 2026);
    const times: number[] = [];
    const control: number[] = [];
    const byBenefit = new Map<string, number[]>();
    for (const b of bodies) {
      const t0 = performance.now();
      await post(b);
      const dt = performance.now() - t0;
      times.push(dt);
      const c0 = performance.now();
      await post(CTPL_BODY, CTPL_PATH);
      control.push(performance.now() - c0);
      if (!byBenefit.has(b.benefit)) byBenefit.set(b.benefit, []);
      byBenefit.get(b.benefit)!.push(dt);
    }
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1]!, over5: s.filter((t) => t > 5).length };
    };
    const sequential = { all: stats(times), byBenefit: Object.fromEntries(BENEFITS.map((b) => [b, stats(byBenefit.get(b) ?? [])])), control: stats(control) };
    log(`sequential: ${sequential.all.n} quotes, p50 ${sequential.all.p50.toFixed(2)} ms, p95 ${sequential.all.p95.toFixed(2)} ms, max ${sequential.all.max.toFixed(1)} ms, > 5 ms ${sequential.all.over5}`);
    log(`control (交强险, one body): p50 ${sequential.control.p50.toFixed(2)} ms, p95 ${sequential.control.p95.toFixed(2)} ms, max ${sequential.control.max.toFixed(1)} ms, > 5 ms ${sequential.control.over5}`);

    // Throughput: 50 connections back to back.
    const mix = randomBodies(1000, 7);
    await cannon(base, headers, mix, 3); // warm-up
    const t0 = performance.now();
    const r = await cannon(base, headers, mix, SECONDS);
    const wall = (performance.now() - t0) / 1000;
    const count = (s: string) => r.statusCodeStats?.[s]?.count ?? 0;
    const throughput = { seconds: wall, rps: r.requests.total / wall, ok: count('200'), other: r.requests.total - count('200') + r.errors, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max };
    log(`throughput: ${throughput.rps.toFixed(0)} quotes/s at ${CONNECTIONS} connections, p50 ${throughput.p50} ms, p99 ${throughput.p99} ms, 200 ${throughput.ok}, other ${throughput.other}`);

    const f = (x: number) => x.toFixed(2);
    const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
    const row = (name: string, s: ReturnType<typeof stats>) => `| ${name} | ${s.n} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.p99)} | ${f(s.max)} | ${s.over5} |`;
    const md = [
      `Run ${new Date().toISOString()} — ${machine}, PostgreSQL ${pgVersion}.`,
      '',
      `Sequential, one client, ${SEQUENTIAL} random quotes after ${WARMUP} untimed:`,
      '',
      '| benefit | quotes | p50 ms | p95 ms | p99 ms | max ms | > 5 ms |',
      '|---|---|---|---|---|---|---|',
      ...BENEFITS.map((b) => row(b, sequential.byBenefit[b]!)),
      row('all', sequential.all),
      row('control: 交强险, one body', sequential.control),
      '',
      `Throughput, ${CONNECTIONS} connections, ${SECONDS} s after a 3 s warm-up, 1,000 random bodies:`,
      '',
      '| quotes/s | p50 ms | p90 ms | p99 ms | max ms | 200 | other |',
      '|---|---|---|---|---|---|---|',
      `| **${n0(throughput.rps)}** | ${throughput.p50} | ${throughput.p90} | ${throughput.p99} | ${throughput.max} | ${n0(throughput.ok)} | ${throughput.other} |`,
    ].join('\n');
    console.log(`\n${md}\n`);
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    fs.writeFileSync(path.join(outDir, `life-quote-http-${stamp}.md`), `${md}\n`);
    fs.writeFileSync(path.join(outDir, `life-quote-http-${stamp}.json`), JSON.stringify({ machine, pgVersion, sequential, throughput }, null, 2));
    log(`results written to bench/results/life-quote-http-${stamp}.{md,json}`);
  } finally {
    await client?.end().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
