// Benchmark of issue 3: 交强险 quotes per second. Target ≥ 2,000 quotes/s.
//
//   node --import tsx bench/ctpl-quote.ts      (BENCH_SECONDS=15 per HTTP run)
//
// 1. HTTP: the real server as a child process (`node --import tsx src/server/main.ts`, production
//    mode, its own embedded PostgreSQL in a fresh temp dir, as bench/users-list.ts does), one
//    signed-in user holding rating:quote, and autocannon in this process at 50 connections sending
//    POST /api/v1/rating/ctpl back to back: one fixed body, then a mix of vehicles and regions.
// 2. In-process: the pure rating function (quoteCtpl + wire format) on the reference data loaded
//    from that server's database through the same repository the route uses.
// Timings are printed and written to bench/results/; nothing here asserts a timing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { createDb } from '../src/server/db/database';
import { systemClock } from '../src/server/platform/clock';
import { hashPassword } from '../src/server/platform/password';
import { machineSummary, signIn, startBenchServer } from './lib';
import { createCtplReferenceStore } from '../src/server/modules/product/ctpl.repository';
import { ctplQuoteToWire, quoteCtpl, type CtplQuoteInput } from '../src/server/modules/product/ctpl.rules';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = 50;
const PASSWORD = 'Bench-Passw0rd!2026';
const USERNAME = 'bench_rater';
const PATH = '/api/v1/rating/ctpl';
const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

const FAMILY: CtplQuoteInput = { vehicle: { usage: 'FAMILY', seats: 5 }, region: '北京', history: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } };
const MIX: CtplQuoteInput[] = [
  FAMILY,
  { vehicle: { usage: 'ENTERPRISE', seats: 12 }, region: '江苏', history: { claimFreeYears: 3, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
  { vehicle: { usage: 'TRUCK_BUSINESS', tonnage: 8.5, trailer: true }, region: '内蒙古', history: { claimFreeYears: 0, atFaultAccidentsLastYear: 2, fatalAtFaultLastYear: false } },
  { vehicle: { usage: 'CITY_BUS', seats: 40 }, region: '深圳', history: { claimFreeYears: 0, atFaultAccidentsLastYear: 1, fatalAtFaultLastYear: true } },
  { vehicle: { usage: 'MOTORCYCLE', engineCc: 150 }, region: '陕西', history: { claimFreeYears: 2, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
  { vehicle: { usage: 'SPECIAL_2' }, region: '甘肃', history: { claimFreeYears: 2, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
  // One in eight is an impossible vehicle (422): the error path is part of real traffic.
  { vehicle: { usage: 'COACH', seats: 4 }, region: '上海', history: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
  { vehicle: { usage: 'TAXI_RENTAL', seats: 5 }, region: '西藏', history: { claimFreeYears: 5, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
];


/** CPU seconds used so far by a process (and its reaped children), from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}
/** PostgreSQL's CPU seconds: the postmaster plus its live backends. */
function pgCpuSeconds(postmasterPid: number): number {
  let total = cpuSeconds(postmasterPid);
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmasterPid) total += cpuSeconds(Number(d));
    } catch {
      /* gone */
    }
  }
  return total;
}

/** Whole-machine busy and total jiffies, from the first line of /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}



interface HttpRun {
  name: string;
  seconds: number;
  rps: number;
  ok: number;
  unprocessable: number;
  other: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  nodeCpuPct: number;
  pgCpuPct: number;
  benchCpuPct: number;
  machineBusyPct: number;
}

function cannon(base: string, auth: { cookie: string; csrf: string }, bodies: CtplQuoteInput[], seconds: number) {
  const headers = { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json' };
  // autocannon cycles through `requests` per connection; bench/autocannon.d.ts types only what
  // users-list.ts needs, so the POST options go through a wider object.
  const opts = { url: `${base}${PATH}`, connections: CONNECTIONS, duration: seconds, method: 'POST', headers, timeout: 30, requests: bodies.map((b) => ({ method: 'POST', path: PATH, headers, body: JSON.stringify(b) })) };
  return new Promise<autocannon.Result>((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

async function httpRun(base: string, auth: { cookie: string; csrf: string }, pids: { server: number; postmaster: number }, name: string, bodies: CtplQuoteInput[]): Promise<HttpRun> {
  await cannon(base, auth, bodies, 3); // warm-up: JIT, pool connections
  const before = { node: cpuSeconds(pids.server), pg: pgCpuSeconds(pids.postmaster), bench: process.cpuUsage(), machine: machineTicks(), t: performance.now() };
  const r = await cannon(base, auth, bodies, SECONDS);
  const wall = (performance.now() - before.t) / 1000;
  const bench = process.cpuUsage(before.bench);
  const machine = machineTicks();
  const count = (s: string) => r.statusCodeStats?.[s]?.count ?? 0;
  const run: HttpRun = {
    name,
    seconds: wall,
    rps: r.requests.total / wall,
    ok: count('200'),
    unprocessable: count('422'),
    other: r.requests.total - count('200') - count('422') + r.errors,
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    nodeCpuPct: ((cpuSeconds(pids.server) - before.node) / wall) * 100,
    pgCpuPct: ((pgCpuSeconds(pids.postmaster) - before.pg) / wall) * 100,
    benchCpuPct: ((bench.user + bench.system) / 1e6 / wall) * 100,
    machineBusyPct: ((machine.busy - before.machine.busy) / (machine.total - before.machine.total)) * 100,
  };
  log(`${name}: ${run.rps.toFixed(0)} quotes/s, p50 ${run.p50} ms, p99 ${run.p99} ms, 200 ${run.ok}, 422 ${run.unprocessable}, other ${run.other}; node ${run.nodeCpuPct.toFixed(0)}% pg ${run.pgCpuPct.toFixed(0)}% bench ${run.benchCpuPct.toFixed(0)}%, machine busy ${run.machineBusyPct.toFixed(0)}%`);
  return run;
}

/** Pure-function throughput: quotes/s of quoteCtpl + wire formatting, single thread. */
function inProcess(ref: Parameters<typeof quoteCtpl>[0], bodies: CtplQuoteInput[], ms: number) {
  let n = 0;
  let sink = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    for (let i = 0; i < 1000; i++) {
      const r = quoteCtpl(ref, bodies[i % bodies.length]!);
      if (r.ok) sink += ctplQuoteToWire(r.value).premium.length;
    }
    n += 1000;
  }
  if (sink === 0) throw new Error('no quote succeeded');
  return n / (ms / 1000);
}

async function main() {
  const machine = machineSummary();
  log(`machine: ${machine}`);
  const server = await startBenchServer({ name: 'ctpl', log });
  let client: pg.Client | undefined;
  process.once('SIGINT', () => void server.stop().then(() => process.exit(130)));
  try {
    const base = server.base;
    const pgConn = server.pg;
    client = new pg.Client({ ...pgConn, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const postmasterPid = server.postmasterPid();

    // The quoting user: a role with rating:quote only, no MFA, password already changed.
    await client.query(
      `with r as (insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at)
                  values (gen_random_uuid(), 'BENCH_RATER', '试算（基准）', 'bench', array['rating:quote'], false, false, now(), now()) returning id),
            u as (insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
                  select gen_random_uuid(), $1, $1, id, $2, false, 'ACTIVE', 0, false, now(), now() from org where parent_id is null returning id)
       insert into user_role (user_id, role_id, scope) select u.id, r.id, 'self' from u, r`,
      [USERNAME, await hashPassword(PASSWORD)],
    );
    const auth = await signIn(base, USERNAME, PASSWORD);
    const probe = await fetch(`${base}${PATH}`, { method: 'POST', headers: { cookie: auth.cookie, 'x-csrf-token': auth.csrf, 'content-type': 'application/json' }, body: JSON.stringify(FAMILY) });
    const probeBody = await probe.text();
    if (probe.status !== 200) throw new Error(`probe quote failed: ${probe.status} ${probeBody}`);
    log(`probe: ${probeBody}`);

    const pids = { server: server.child.pid!, postmaster: postmasterPid };
    const runs = [await httpRun(base, auth, pids, 'one body (家庭自用 5 座, 北京)', [FAMILY]), await httpRun(base, auth, pids, 'mix of 8 bodies (1 in 8 → 422)', MIX)];

    // In-process, on the same reference the server loaded.
    const { db } = createDb(server.pgUrl, 1);
    const ref = await createCtplReferenceStore(db, systemClock).get();
    await db.destroy();
    inProcess(ref, MIX, 1000); // warm-up
    const pure = { one: inProcess(ref, [FAMILY], 3000), mix: inProcess(ref, MIX, 3000) };
    log(`in-process: ${pure.one.toFixed(0)} quotes/s (one body), ${pure.mix.toFixed(0)} quotes/s (mix)`);

    const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
    const md = [
      `Run ${new Date().toISOString()} — ${machine}, PostgreSQL ${pgVersion}; HTTP runs ${SECONDS} s at ${CONNECTIONS} connections after a 3 s warm-up.`,
      '',
      '| scenario | quotes/s | p50 ms | p90 ms | p99 ms | max ms | 200 | 422 | other | node CPU | pg CPU | bench CPU | machine busy |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...runs.map((r) => `| HTTP, ${r.name} | **${n0(r.rps)}** | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${n0(r.ok)} | ${n0(r.unprocessable)} | ${r.other} | ${r.nodeCpuPct.toFixed(0)}% | ${r.pgCpuPct.toFixed(0)}% | ${r.benchCpuPct.toFixed(0)}% | ${r.machineBusyPct.toFixed(0)}% |`),
      `| in-process, one body | **${n0(pure.one)}** | | | | | | | | | | | |`,
      `| in-process, mix of 8 | **${n0(pure.mix)}** | | | | | | | | | | | |`,
    ].join('\n');
    console.log(`\n${md}\n`);
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    fs.writeFileSync(path.join(outDir, `ctpl-quote-${stamp}.md`), `${md}\n`);
    fs.writeFileSync(path.join(outDir, `ctpl-quote-${stamp}.json`), JSON.stringify({ machine, pgVersion, runs, inProcess: pure }, null, 2));
    log(`results written to bench/results/ctpl-quote-${stamp}.{md,json}`);
  } finally {
    await client?.end().catch(() => {});
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
