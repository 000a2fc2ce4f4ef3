// Benchmark of the identity check (issue 3).
//   (a) in process: checkResidentId over 100,000 generated numbers, valid and invalid of every
//       kind. Target ≥ 20,000 validations/s.
//   (b) HTTP: GET /api/v1/parties/id-check at 50 concurrent clients (autocannon, closed loop) as a
//       signed-in user. Target p95 < 5 ms. Also 1 and 10 clients, and uscc-check at 50.
//       (No open-loop run: bench/open-loop.ts, one process of fetch calls, cannot send the
//       ~7,000 requests/s that half of this endpoint's capacity would be.)
//
//   node --import tsx bench/id-check.ts        (BENCH_SECONDS=10 per HTTP run)
//
// The server is a child process (bench/lib.ts startBenchServer: production mode, its own
// embedded PostgreSQL in a fresh temp dir, removed afterwards). Nothing here asserts a timing.
import autocannon from 'autocannon';
import pg from 'pg';
import { shanghaiDate } from '../src/server/platform/clock';
import { hashPassword } from '../src/server/platform/password';
import { machineSummary, percentile, signIn, startBenchServer } from './lib';
import { PROVINCES, RESIDENT_ID_REASONS, checkResidentId, residentCheckChar, type ResidentIdReason } from '../src/server/modules/party/identity';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const SET_SIZE = 100_000;
const PASSES = 5;
const USERNAME = 'bench_idcheck';
const PASSWORD = 'Bench-Passw0rd!2026';
const VALID_ID = '11010519491231002X';

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');



// ---------------------------------------------------------------- (a) in process
// A fixed-seed generator (mulberry32), so every run validates the same set.
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Expected = 'VALID' | ResidentIdReason;

/** `n` numbers with the verdict each is built to get: about half valid, the rest every reason. */
function generateSet(n: number): { numbers: string[]; expected: Expected[] } {
  const r = rng(20261124);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pad = (v: number, w: number) => String(v).padStart(w, '0');
  const provinces = Object.keys(PROVINCES);
  const body = (year = int(1930, 2020), month = int(1, 12), day = int(1, 28), prefix = provinces[int(0, provinces.length - 1)]!) =>
    `${prefix}${pad(int(0, 9999), 4)}${year}${pad(month, 2)}${pad(day, 2)}${pad(int(0, 999), 3)}`;
  const valid = (b: string) => b + residentCheckChar(b);
  const makers: [Expected, number, () => string][] = [
    ['VALID', 40, () => valid(body()).toLowerCase()],
    ['VALID', 10, () => { const b = body(int(1930, 1999)); return b.slice(0, 6) + b.slice(8); }], // legacy 15 digits
    ['CHECKSUM', 10, () => { const b = body(); return b + (residentCheckChar(b) === '0' ? '1' : '0'); }],
    ['DATE', 10, () => valid(body(int(1930, 2020), 2, 30))],
    ['REGION', 10, () => valid(body(undefined, undefined, undefined, '99'))],
    ['FORMAT', 10, () => { const v = valid(body()); return `${v.slice(0, 8)}A${v.slice(9)}`; }],
    ['LENGTH', 10, () => `${valid(body())}${int(0, 9)}`.slice(0, [10, 14, 16, 17, 19][int(0, 4)])], // not 15 or 18
  ];
  const total = makers.reduce((s, [, w]) => s + w, 0);
  const numbers: string[] = [];
  const expected: Expected[] = [];
  for (let i = 0; i < n; i++) {
    let pick = r() * total;
    const [verdict, , make] = makers.find(([, w]) => (pick -= w) < 0) ?? makers[0]!;
    numbers.push(make());
    expected.push(verdict);
  }
  return { numbers, expected };
}

function inProcess() {
  const { numbers, expected } = generateSet(SET_SIZE);
  const today = shanghaiDate(new Date());
  // Sanity: each number gets the verdict it was built for (else the timing measures the wrong thing).
  const counts: Record<string, number> = {};
  numbers.forEach((num, i) => {
    const r = checkResidentId(num, today);
    const got = r.valid ? 'VALID' : r.reason;
    if (got !== expected[i]) throw new Error(`generator: ${num} expected ${expected[i]}, got ${got}`);
    counts[got] = (counts[got] ?? 0) + 1;
  });
  const rates: number[] = [];
  let sink = 0; // keeps the results alive so the loop is not optimised away
  for (let pass = 0; pass <= PASSES; pass++) {
    const t0 = performance.now();
    for (const num of numbers) sink += checkResidentId(num, today).valid ? 1 : 0;
    const rate = numbers.length / ((performance.now() - t0) / 1000);
    if (pass > 0) rates.push(rate); // pass 0 warms up the JIT
  }
  rates.sort((a, b) => a - b);
  return { counts, rates, median: rates[Math.floor(rates.length / 2)]!, sink };
}

// ---------------------------------------------------------------- (b) HTTP



interface Run {
  name: string;
  load: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

function summarize(name: string, load: string, latencies: number[], seconds: number, errors: number): Run {
  const s = [...latencies].sort((a, b) => a - b);
  return { name, load, rps: s.length / seconds, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, errors };
}

/** Closed loop: autocannon; p95 computed exactly from every 2xx time (autocannon reports no p95). */
function cannon(url: string, cookie: string, connections: number, seconds: number) {
  return new Promise<{ latencies: number[]; errors: number }>((resolve, reject) => {
    const latencies: number[] = [];
    const inst = autocannon({ url, connections, duration: seconds, headers: { cookie }, timeout: 30 }, (err, result) =>
      err ? reject(err) : resolve({ latencies, errors: result.non2xx + result.errors + result.timeouts }),
    );
    inst.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

async function http() {
  const server = await startBenchServer({ name: 'id', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    // One ordinary user (no roles: the check needs a session, not a permission), no forced
    // password change, no MFA — the initial admin has both pending.
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    await client.query(
      `insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
       select gen_random_uuid(), $1, $1, id, $2, false, 'ACTIVE', 0, false, now(), now() from org where parent_id is null`,
      [USERNAME, await hashPassword(PASSWORD)],
    );
    const cookie = (await signIn(base, USERNAME, PASSWORD)).sid;
    const idPath = `/api/v1/parties/id-check?type=RESIDENT_ID&number=${VALID_ID}`;
    const usccPath = '/api/v1/parties/uscc-check?code=91350100M000100Y43';
    const sanity = await (await fetch(`${base}${idPath}`, { headers: { cookie } })).json();
    if ((sanity as { valid?: boolean }).valid !== true) throw new Error(`sanity: ${JSON.stringify(sanity)}`);

    const runs: Run[] = [];
    const closed = async (name: string, p: string, connections: number) => {
      await cannon(`${base}${p}`, cookie, connections, 3); // warm-up, not recorded
      const r = await cannon(`${base}${p}`, cookie, connections, SECONDS);
      runs.push(summarize(name, `${connections} conn${connections > 1 ? 's' : ''}`, r.latencies, SECONDS, r.errors));
      log(`${name} ${connections} conns: ${runs.at(-1)!.rps.toFixed(0)} req/s, p95 ${ms(runs.at(-1)!.p95)} ms`);
    };
    await closed('id-check, service time', idPath, 1);
    await closed('id-check', idPath, 10);
    await closed('id-check', idPath, CONNECTIONS);
    await closed('uscc-check', usccPath, CONNECTIONS);
    return { runs, pgVersion };
  } finally {
    await client?.end().catch(() => {});
    await server.stop();
  }
}

async function main() {
  log(`machine: ${machineSummary()}`);
  const a = inProcess();
  log(`in process: median ${fmt(a.median)} validations/s over ${PASSES} passes of ${fmt(SET_SIZE)}`);
  const b = await http();
  const order = ['VALID', ...RESIDENT_ID_REASONS];
  const md = [
    `Run ${new Date().toISOString()} — ${machineSummary()}, PostgreSQL ${b.pgVersion}`,
    '',
    `In process, checkResidentId over ${fmt(SET_SIZE)} numbers (${order.map((k) => `${k} ${fmt(a.counts[k] ?? 0)}`).join(', ')}):`,
    `median **${fmt(a.median)} validations/s** over ${PASSES} passes (min ${fmt(a.rates[0]!)}, max ${fmt(a.rates.at(-1)!)}); target ≥ 20,000.`,
    '',
    `HTTP, ${SECONDS} s per run after a 3 s warm-up (target: id-check p95 < 5 ms at ${CONNECTIONS} connections):`,
    '',
    '| scenario | load | req/s | p50 ms | **p95 ms** | p99 ms | max ms | errors |',
    '|---|---|---|---|---|---|---|---|',
    ...b.runs.map((r) => `| ${r.name} | ${r.load} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | **${ms(r.p95)}** | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} |`),
  ].join('\n');
  console.log(`\n${md}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
