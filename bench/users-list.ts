// Benchmark of the foundation issue: an authenticated, scope-filtered list of 50 users from
// 100,000 users across 1,000 orgs, at 50 concurrent clients, alone and while 10 sign-ins per
// second (argon2id) run. Target: list p95 < 20 ms.
//
//   npm run bench            (BENCH_SECONDS=15 main runs, BENCH_SHORT_SECONDS=8 variants)
//
// Processes: the server is a child process (`node --import tsx src/server/main.ts`, production
// mode, its own embedded PostgreSQL in a fresh temp dir); autocannon runs in this process; the
// sign-in load runs in a third process (bench/signin-load.ts). Only 127.0.0.1 traffic.
// Data is generated set-based in SQL (INSERT … SELECT generate_series). Timings are printed and
// written to bench/results/; nothing here asserts a timing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { hashPassword } from '../src/server/platform/password';
import { percentile, signIn, sleep, startBenchServer } from './lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN_SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const SHORT_SECONDS = Number(process.env.BENCH_SHORT_SECONDS ?? 8);
const CONNECTIONS = 50;
const SIGNIN_RATE = 10;
const USERS = 100_000;
const PASSWORD = 'Bench-Passw0rd!2026';
const SIGNIN_USERS = Array.from({ length: 20 }, (_, i) => `signin${String(i + 1).padStart(2, '0')}`);
const CLK_TCK = 100; // getconf CLK_TCK on Linux x86-64

const log = (s: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------- machine
function machine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const mhz = /cpu MHz\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim();
  return {
    nproc: os.availableParallelism(),
    cpu: model + (mhz ? ` (${Math.round(Number(mhz))} MHz)` : ''),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
  };
}

// ---------------------------------------------------------------- CPU accounting (/proc)
function procTicks(pid: number): { self: number; children: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields after "comm": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return { self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined;
  }
}
function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}
/** CPU seconds used so far by the server's node process and by PostgreSQL (postmaster + backends). */
function cpuSnapshot(serverPid: number, postmasterPid: number) {
  const server = procTicks(serverPid);
  const pm = procTicks(postmasterPid);
  let pgTicks = pm ? pm.self + pm.children : 0;
  for (const c of childrenOf(postmasterPid)) pgTicks += procTicks(c)?.self ?? 0;
  const stat = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = stat[3]! + stat[4]!;
  const total = stat.reduce((a, b) => a + b, 0);
  const bench = process.cpuUsage();
  return { server: (server?.self ?? 0) / CLK_TCK, pg: pgTicks / CLK_TCK, bench: (bench.user + bench.system) / 1e6, idle, total };
}

// ---------------------------------------------------------------- helpers

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');



// ---------------------------------------------------------------- data
async function generateData(client: pg.Client, passwordHash: string) {
  const t0 = performance.now();
  await client.query('begin');
  // 1,000 orgs under HQ: 10 branches × 9 central subs × 10 subs (10 + 90 + 900).
  await client.query(`
    with hq as (select id, path from org where parent_id is null),
    b as (select gen_random_uuid() as id, g from generate_series(1, 10) g)
    insert into org (id, code, name, type, parent_id, path, depth, created_at, updated_at)
    select b.id, 'B' || lpad(g::text, 2, '0'), '分公司' || g, 'BRANCH', hq.id, hq.path || b.id || '/', 1, now(), now() from b, hq`);
  await client.query(`
    with c as (select gen_random_uuid() as id, p.id as parent_id, p.code as pcode, p.path as ppath, g
               from org p, generate_series(1, 9) g where p.type = 'BRANCH')
    insert into org (id, code, name, type, parent_id, path, depth, created_at, updated_at)
    select id, pcode || '-C' || g, '中心支公司' || pcode || '-' || g, 'CENTRAL_SUB', parent_id, ppath || id || '/', 2, now(), now() from c`);
  await client.query(`
    with s as (select gen_random_uuid() as id, p.id as parent_id, p.code as pcode, p.path as ppath, g
               from org p, generate_series(1, 10) g where p.type = 'CENTRAL_SUB')
    insert into org (id, code, name, type, parent_id, path, depth, created_at, updated_at)
    select id, pcode || '-S' || lpad(g::text, 2, '0'), '支公司' || pcode || '-' || g, 'SUB', parent_id, ppath || id || '/', 3, now(), now() from s`);

  // Two ordinary roles for the bulk users, and the benchmark reader role (CLI shape: a row with a
  // permissions array, no MFA requirement).
  await client.query(`
    insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at) values
    (gen_random_uuid(), 'AGENT', '业务员', 'bench', array['org:read'], false, false, now(), now()),
    (gen_random_uuid(), 'CLERK', '内勤', 'bench', array['org:read','role:read'], false, false, now(), now()),
    (gen_random_uuid(), 'BENCH_USER_READER', '用户查询（基准）', 'bench', array['user:read','org:read'], false, false, now(), now())`);

  // 100,000 users spread round-robin over the 1,000 non-root orgs (100 per org, 10,000 per
  // branch subtree); usernames interleave orgs so the username order is not the org order.
  await client.query(
    `
    with o as (select id, (row_number() over (order by code) - 1)::int as rn from org where depth > 0)
    insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts,
                          mfa_enabled, mobile, email, password_changed_at, created_at, updated_at)
    select gen_random_uuid(), 'user' || lpad(i::text, 6, '0'),
           (array['张','王','李','赵','刘','陈','杨','黄','周','吴'])[1 + i % 10] || (array['伟','芳','娜','敏','静','磊','洋','勇','艳','杰','军','涛'])[1 + (i / 10) % 12] || i,
           o.id, $1, false, case when i % 50 = 0 then 'DISABLED' else 'ACTIVE' end, 0,
           false, '13' || lpad((i * 7919 % 1000000000)::text, 9, '0'), 'user' || i || '@example.cn', now(),
           now() - make_interval(secs => i), now()
    from generate_series(1, $2::int) i join o on o.rn = i % 1000`,
    [passwordHash, USERS],
  );
  await client.query(`
    insert into user_role (user_id, role_id, scope)
    select u.id, r.id, case when r.code = 'AGENT' then 'self' else 'org' end
    from app_user u join role r on r.code = case when right(u.username, 1) in ('0','5') then 'CLERK' else 'AGENT' end
    where u.username like 'user%'`);

  // Benchmark users: one at branch B01 (subtree scope → ~10% visible), one at HQ (all), and 20
  // sign-in users; all with the known password, no MFA, no forced password change.
  await client.query(
    `
    insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
    select gen_random_uuid(), x.username, x.username, o.id, $1, false, 'ACTIVE', 0, false, now(), now()
    from (values ('bench_subtree', 'B01'), ('bench_all', 'HQ')) x(username, code) join org o on o.code = x.code
    union all
    select gen_random_uuid(), s, s, (select id from org where code = 'B02-C1-S01'), $1, false, 'ACTIVE', 0, false, now(), now()
    from unnest($2::text[]) s`,
    [passwordHash, SIGNIN_USERS],
  );
  await client.query(`
    insert into user_role (user_id, role_id, scope)
    select u.id, r.id, case u.username when 'bench_subtree' then 'subtree' when 'bench_all' then 'all' else 'self' end
    from app_user u join role r on r.code = case when u.username like 'bench_%' then 'BENCH_USER_READER' else 'AGENT' end
    where u.username like 'bench_%' or u.username like 'signin%'`);
  await client.query('commit');
  const loadedMs = performance.now() - t0;
  await client.query('vacuum analyze org, app_user, user_role, role');
  const counts = await client.query(`select (select count(*) from org)::int as orgs, (select count(*) from app_user)::int as users, (select count(*) from user_role)::int as grants`);
  return { ...counts.rows[0], loadMs: Math.round(loadedMs), analyzeMs: Math.round(performance.now() - t0 - loadedMs) } as { orgs: number; users: number; grants: number; loadMs: number; analyzeMs: number };
}

// ---------------------------------------------------------------- load
interface RunResult {
  name: string;
  scope: string;
  path: string;
  connections: number;
  mode: string;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  serverCpuMsPerReq: number;
  pgCpuMsPerReq: number;
  serverCpuPct: number;
  pgCpuPct: number;
  benchCpuPct: number;
  machineBusyPct: number;
  acP97_5: number;
  signin?: { sent: number; ok: number; statuses: Record<string, number>; p50: number; p95: number; p99: number; max: number };
}

interface Ctx {
  base: string;
  client: pg.Client;
  serverPid: number;
  postmasterPid: number;
}

function cannon(opts: { url: string; cookie: string; connections: number; seconds: number }) {
  return new Promise<{ result: autocannon.Result; latencies: number[] }>((resolve, reject) => {
    const latencies: number[] = [];
    const inst = autocannon(
      { url: opts.url, connections: opts.connections, duration: opts.seconds, headers: { cookie: opts.cookie }, timeout: 30 },
      (err, result) => (err ? reject(err) : resolve({ result, latencies })),
    );
    inst.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

/** Open-loop load in a third process (bench/open-loop.ts): sign-ins, or GETs of one path. */
function startOpenLoop(ctx: Ctx, mode: 'signin' | 'get', rate: number, seconds: number, get?: { path: string; cookie: string }, warmupS = 0) {
  const args = mode === 'signin' ? [PASSWORD, SIGNIN_USERS.join(',')] : [get!.path, get!.cookie];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/open-loop.ts'), mode, ctx.base, String(rate), String(seconds), ...args], {
    cwd: root,
    env: { ...process.env, WARMUP_S: String(warmupS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let onRecording: () => void = () => {};
  const recording = new Promise<void>((r) => (onRecording = r));
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    if (out.includes('RECORDING\n')) onRecording();
  });
  const done = new Promise<{ sent: number; elapsedS: number; statuses: Record<string, number>; latencies: number[]; samples: [number, number][] }>((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`open-loop ${mode} exited ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch (e) {
        reject(e);
      }
    });
  });
  return { child, done, recording };
}
const startSignins = (ctx: Ctx, seconds: number, warmupS = 0) => startOpenLoop(ctx, 'signin', SIGNIN_RATE, seconds, undefined, warmupS);

/** Waits until the server's PostgreSQL has no active query left over from the previous run. */
async function drain(client: pg.Client) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const { rows } = await client.query(`select count(*)::int as n from pg_stat_activity where application_name = 'baoye' and state = 'active'`);
    if (rows[0].n === 0) return;
    await sleep(200);
  }
  log('warning: server still busy after 60 s of draining');
}

function summarizeSignins(s: { sent: number; statuses: Record<string, number>; latencies: number[] }) {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return { sent: s.sent, ok: s.statuses['200'] ?? 0, statuses: s.statuses, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

async function run(
  ctx: Ctx,
  spec: { name: string; scope: string; cookie: string; path: string; connections?: number; seconds: number; openRate?: number; signins?: boolean; warmup?: number },
): Promise<RunResult> {
  const url = `${ctx.base}${spec.path}`;
  const connections = spec.connections ?? CONNECTIONS;
  await drain(ctx.client);
  if (spec.warmup) {
    await cannon({ url, cookie: spec.cookie, connections, seconds: spec.warmup });
    await drain(ctx.client);
  }
  // The sign-in process warms up (unrecorded) for 2 s, then records for longer than the list
  // window, which starts once sign-ins are being recorded.
  const signins = spec.signins ? startSignins(ctx, spec.seconds + (spec.openRate ? 4 : 1), 2) : undefined;
  if (signins) await signins.recording;
  let before = cpuSnapshot(ctx.serverPid, ctx.postmasterPid);
  let t0 = performance.now();
  let latencies: number[];
  let perSecond = '';
  let result: { non2xx: number; errors: number; timeouts: number; latency: { p97_5: number } };
  if (spec.openRate) {
    // Open loop from a separate process: evenly spaced requests at a fixed rate.
    // The first 2 s of the open-loop process (its JIT, its connections) are not recorded.
    const proc = startOpenLoop(ctx, 'get', spec.openRate, spec.seconds, { path: spec.path, cookie: spec.cookie }, 2);
    await proc.recording;
    before = cpuSnapshot(ctx.serverPid, ctx.postmasterPid);
    t0 = performance.now();
    const o = await proc.done;
    perSecond = Array.from({ length: spec.seconds }, (_, s) => {
      const l = o.samples.filter(([t]) => t >= s * 1000 && t < (s + 1) * 1000).map(([, x]) => x).sort((x, y) => x - y);
      return `${s}s:${l.length}@p95=${ms(percentile(l, 95))}`;
    }).join(' ');
    latencies = o.latencies;
    const count = (f: (status: string) => boolean) => Object.entries(o.statuses).filter(([k]) => f(k)).reduce((n, [, v]) => n + v, 0);
    result = { non2xx: count((k) => /^\d+$/.test(k) && !k.startsWith('2')), errors: count((k) => k.startsWith('error')), timeouts: 0, latency: { p97_5: NaN } };
  } else {
    const c = await cannon({ url, cookie: spec.cookie, connections, seconds: spec.seconds });
    latencies = c.latencies;
    result = c.result;
  }
  const wall = (performance.now() - t0) / 1000;
  const after = cpuSnapshot(ctx.serverPid, ctx.postmasterPid);
  const signinResult = signins ? summarizeSignins(await signins.done) : undefined;
  if (perSecond) log(`  open-loop per second: count@p95 ms: ${perSecond}`);
  const sorted = latencies.sort((a, b) => a - b);
  const n = sorted.length;
  const r: RunResult = {
    name: spec.name,
    scope: spec.scope,
    path: spec.path,
    connections: spec.openRate ? 0 : connections,
    mode: spec.openRate ? `open loop ${spec.openRate}/s` : 'closed',
    seconds: Math.round(wall * 10) / 10,
    requests: n,
    rps: n / wall,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[n - 1] ?? NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuMsPerReq: ((after.server - before.server) * 1000) / Math.max(1, n),
    pgCpuMsPerReq: ((after.pg - before.pg) * 1000) / Math.max(1, n),
    serverCpuPct: ((after.server - before.server) / wall) * 100,
    pgCpuPct: ((after.pg - before.pg) / wall) * 100,
    benchCpuPct: ((after.bench - before.bench) / wall) * 100,
    machineBusyPct: (1 - (after.idle - before.idle) / Math.max(1, after.total - before.total)) * 100,
    acP97_5: result.latency.p97_5,
    signin: signinResult,
  };
  log(
    `${r.name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)} ms  non2xx ${r.non2xx} err ${r.errors}  cpu node ${r.serverCpuPct.toFixed(0)}% pg ${r.pgCpuPct.toFixed(0)}% bench ${r.benchCpuPct.toFixed(0)}% machine ${r.machineBusyPct.toFixed(0)}%` +
      (r.signin ? `  | sign-in ${r.signin.ok}/${r.signin.sent} ok, p50 ${ms(r.signin.p50)} p95 ${ms(r.signin.p95)} max ${ms(r.signin.max)} ms` : ''),
  );
  return r;
}

// ---------------------------------------------------------------- EXPLAIN ANALYZE of the list's SQL
// The statements below are what user.service.ts list() sends (Kysely output, parameters inlined):
// page query, count query (run concurrently), then the roles of the 50 users on the page.
async function explainSql(client: pg.Client, q: string) {
  // Three runs, keep the last (warm cache), as a request under load would see it.
  let plan: string[] = [];
  for (let i = 0; i < 3; i++) plan = (await client.query(`explain (analyze, buffers, timing off, summary on) ${q}`)).rows.map((r) => r['QUERY PLAN'] as string);
  const execMs = Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
  const planMs = Number(/Planning Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN);
  return { ms: execMs + planMs, plan: `${q}\n\n${plan.join('\n')}` };
}

const Q_TERM = 'user0123';
const qFilter = `(u.username ilike '%${Q_TERM}%' or u.name like '%${Q_TERM}%')`;

async function explain(client: pg.Client, orgPath: string | null, offset: number, withQ = false) {
  const where = [orgPath === null ? 'true' : `o.path like '${orgPath}%'`, ...(withQ ? [qFilter] : [])].join(' and ');
  const cols = `u.id, u.username, u.name, u.org_id, o.name as org_name, u.status, u.mobile, u.email, u.locked_until, u.mfa_enabled, u.created_at, u.updated_at, u.must_change_password, u.failed_attempts`;
  // The statements user.service.ts list() sends (left join; count capped at COUNT_CAP + 1 rows).
  const page = `select ${cols} from app_user as u left join org as o on o.id = u.org_id where ${where} order by u.username asc, u.id limit 50 offset ${offset}`;
  const count = `select count(*) as n from (select 1 as x from app_user as u left join org as o on o.id = u.org_id where ${where} limit 10001) as t`;
  const ids = (await client.query(page)).rows.map((r) => `'${r.id}'`).join(',') || 'null';
  const roles = `select ur.user_id, r.id, r.code, r.name, ur.scope from user_role as ur inner join role as r on r.id = ur.role_id where ur.user_id in (${ids}) order by r.code`;
  const out: Record<string, { ms: number; plan: string }> = {};
  for (const [k, q] of Object.entries({ page, count, roles })) out[k] = await explainSql(client, q);
  return out;
}

// ---------------------------------------------------------------- main
async function main() {
  const startedAt = Date.now();
  const m = machine();
  log(`machine: ${m.nproc} CPUs, ${m.cpu}, ${m.ramGiB} GiB RAM, node ${m.node}`);
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is passed to the server's node.
  const server = await startBenchServer({ name: 'users', nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), log });
  const base = server.base;
  let client: pg.Client | undefined;
  const cleanup = async () => {
    await client?.end().catch(() => {});
    await server.stop();
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    client = new pg.Client({ ...server.pg, application_name: 'baoye-bench' });
    await client.connect();
    const pgVersion = (await client.query('show server_version')).rows[0].server_version as string;
    const postmasterPid = server.postmasterPid();

    log('hashing the shared password (argon2id, production parameters)');
    const tHash = performance.now();
    const passwordHash = await hashPassword(PASSWORD);
    const hashMs = performance.now() - tHash;
    log(`generating data (set-based SQL); one argon2id hash took ${hashMs.toFixed(0)} ms`);
    const data = await generateData(client, passwordHash);
    log(`data: ${data.orgs} orgs, ${data.users} users, ${data.grants} role grants; load ${data.loadMs} ms, vacuum analyze ${data.analyzeMs} ms`);

    const cookieSubtree = (await signIn(base, 'bench_subtree', PASSWORD)).sid;
    const cookieAll = (await signIn(base, 'bench_all', PASSWORD)).sid;
    // Sanity: the scope filter is real.
    const check = async (cookie: string) => {
      const r = await fetch(`${base}/api/v1/users?page=1&pageSize=50`, { headers: { cookie } });
      if (!r.ok) throw new Error(`list failed: ${r.status} ${await r.text()}`);
      const body = (await r.json()) as { items: unknown[]; total: number };
      return { items: body.items.length, total: body.total };
    };
    const visSub = await check(cookieSubtree);
    const visAll = await check(cookieAll);
    log(`visible: subtree ${visSub.total} users (page ${visSub.items}), all ${visAll.total} users (page ${visAll.items})`);

    const ctx: Ctx = { base, client, serverPid: server.child.pid!, postmasterPid };
    const P1 = '/api/v1/users?page=1&pageSize=50';
    const P50 = '/api/v1/users?page=50&pageSize=50';
    const Q = `/api/v1/users?page=1&pageSize=50&q=${encodeURIComponent(Q_TERM)}`;
    const runs: RunResult[] = [];
    const W = 2;
    // BENCH_ONLY=substring runs only the scenarios whose name contains it (for diagnosis).
    const only = process.env.BENCH_ONLY;
    const wanted = (name: string) => !only || name.includes(only);

    if (wanted('subtree p1 · 1 conn (service time)')) runs.push(await run(ctx, { name: 'subtree p1 · 1 conn (service time)', scope: 'subtree', cookie: cookieSubtree, path: P1, connections: 1, seconds: 5, warmup: W }));
    if (wanted('subtree p1')) runs.push(await run(ctx, { name: 'subtree p1', scope: 'subtree', cookie: cookieSubtree, path: P1, seconds: MAIN_SECONDS, warmup: W }));
    if (wanted('subtree p50')) runs.push(await run(ctx, { name: 'subtree p50', scope: 'subtree', cookie: cookieSubtree, path: P50, seconds: SHORT_SECONDS, warmup: 1 }));
    if (wanted(`subtree q=${Q_TERM}`)) runs.push(await run(ctx, { name: `subtree q=${Q_TERM}`, scope: 'subtree', cookie: cookieSubtree, path: Q, seconds: SHORT_SECONDS, warmup: 1 }));
    if (wanted('all p1')) runs.push(await run(ctx, { name: 'all p1', scope: 'all', cookie: cookieAll, path: P1, seconds: MAIN_SECONDS, warmup: W }));
    if (wanted('all p50')) runs.push(await run(ctx, { name: 'all p50', scope: 'all', cookie: cookieAll, path: P50, seconds: SHORT_SECONDS, warmup: 1 }));
    if (wanted(`all q=${Q_TERM}`)) runs.push(await run(ctx, { name: `all q=${Q_TERM}`, scope: 'all', cookie: cookieAll, path: Q, seconds: SHORT_SECONDS, warmup: 1 }));

    // Sign-ins alone (baseline), then with the list load.
    await drain(client);
    const signinOnly = summarizeSignins(await startSignins(ctx, 5, 1).done);
    log(`sign-in alone: ${signinOnly.ok}/${signinOnly.sent} ok, p50 ${ms(signinOnly.p50)} p95 ${ms(signinOnly.p95)} max ${ms(signinOnly.max)} ms`);
    if (wanted('subtree p1 + 10 sign-ins/s')) runs.push(await run(ctx, { name: 'subtree p1 + 10 sign-ins/s', scope: 'subtree', cookie: cookieSubtree, path: P1, seconds: MAIN_SECONDS, signins: true }));
    if (wanted('all p1 + 10 sign-ins/s')) runs.push(await run(ctx, { name: 'all p1 + 10 sign-ins/s', scope: 'all', cookie: cookieAll, path: P1, seconds: MAIN_SECONDS, signins: true }));

    // Supplementary, not the issue's method: open loop (evenly spaced requests at a fixed rate,
    // from a separate process) at half the closed-loop throughput, i.e. the latency a request sees
    // when the server is busy but not saturated.
    for (const [scope, cookie] of [['subtree', cookieSubtree], ['all', cookieAll]] as const) {
      const closed = runs.find((r) => r.name === `${scope} p1`);
      if (!closed) continue;
      const half = Math.max(10, Math.round(closed.rps / 2 / 10) * 10);
      if (scope === 'subtree') if (wanted(`${scope} p1 · open loop ${half}/s`)) runs.push(await run(ctx, { name: `${scope} p1 · open loop ${half}/s`, scope, cookie, path: P1, seconds: SHORT_SECONDS, openRate: half }));
      if (wanted(`${scope} p1 · open loop ${half}/s + sign-ins`)) runs.push(await run(ctx, { name: `${scope} p1 · open loop ${half}/s + sign-ins`, scope, cookie, path: P1, seconds: SHORT_SECONDS, openRate: half, signins: true }));
    }

    log('EXPLAIN ANALYZE of the list SQL');
    const b01 = (await client.query(`select path from org where code = 'B01'`)).rows[0].path as string;
    const plans = {
      subtreeP1: await explain(client, b01, 0),
      subtreeP50: await explain(client, b01, 2450),
      allP1: await explain(client, null, 0),
      allP50: await explain(client, null, 2450),
      subtreeQ: await explain(client, b01, 0, true),
      allQ: await explain(client, null, 0, true),
    };
    for (const [k, v] of Object.entries(plans)) log(`  ${k.padEnd(11)} page ${ms(v.page.ms)} ms, count ${ms(v.count.ms)} ms, roles ${ms(v.roles.ms)} ms (planning + execution)`);

    // What-if, on this throw-away database only (src/server is not changed): the cost of
    // alternative count forms and of deep-page alternatives.
    log('what-if EXPLAIN ANALYZE (candidate fixes, bench database only)');
    const whatIf: Record<string, { ms: number; plan: string }> = {};
    whatIf['all: count(*) from app_user, no org join'] = await explainSql(client, `select count(*) from app_user`);
    whatIf['subtree: count via org_id in (orgs of subtree)'] = await explainSql(client, `select count(*) from app_user u where u.org_id in (select id from org where path like '${b01}%')`);
    whatIf['all: count with left join org (join removed)'] = await explainSql(client, `select count(*) as n from app_user as u left join org as o on o.id = u.org_id where true`);
    whatIf['all: count capped at 1,001 rows'] = await explainSql(client, `select count(*) from (select 1 from app_user u join org o on o.id = u.org_id limit 1001) t`);
    const cols = `u.id, u.username, u.name, u.org_id, o.name as org_name, u.status, u.mobile, u.email, u.locked_until, u.mfa_enabled, u.created_at, u.updated_at, u.must_change_password, u.failed_attempts`;
    whatIf['subtree p50: page with org_id in (orgs of subtree)'] = await explainSql(
      client,
      `select ${cols} from app_user as u inner join org as o on o.id = u.org_id where u.org_id in (select id from org where path like '${b01}%') order by u.username asc, u.id limit 50 offset 2450`,
    );
    const last = (await client.query(`select u.username, u.id from app_user u join org o on o.id = u.org_id where o.path like '${b01}%' order by u.username, u.id limit 1 offset 2449`)).rows[0];
    whatIf['subtree p50: keyset page (after row 2,450)'] = await explainSql(
      client,
      `select ${cols} from app_user as u inner join org as o on o.id = u.org_id where o.path like '${b01}%' and (u.username, u.id) > ('${last.username}', '${last.id}') order by u.username asc, u.id limit 50`,
    );
    for (const [k, v] of Object.entries(whatIf)) log(`  ${k.padEnd(52)} ${ms(v.ms)} ms`);

    // ------------------------------------------------------------ report
    const header = '| scenario | scope | conns | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | node CPU | pg CPU | bench CPU | machine busy | CPU ms/req node + pg | sign-in ok | sign-in p50 / p95 / max ms |';
    const sep = '|' + header.split('|').slice(1, -1).map(() => '---').join('|') + '|';
    const rows = runs.map((r) =>
      `| ${r.name} | ${r.scope} | ${r.connections}${r.mode === 'closed' ? '' : ` (${r.mode})`} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.non2xx + r.errors} | ${r.serverCpuPct.toFixed(0)}% | ${r.pgCpuPct.toFixed(0)}% | ${r.benchCpuPct.toFixed(0)}% | ${r.machineBusyPct.toFixed(0)}% | ${r.serverCpuMsPerReq.toFixed(2)} + ${r.pgCpuMsPerReq.toFixed(2)} | ${r.signin ? `${r.signin.ok}/${r.signin.sent}` : ''} | ${r.signin ? `${ms(r.signin.p50)} / ${ms(r.signin.p95)} / ${ms(r.signin.max)}` : ''} |`,
    );
    const md = [
      `Run ${new Date().toISOString()} — ${m.nproc} CPUs, ${m.cpu}, ${m.ramGiB} GiB RAM, node ${m.node}, PostgreSQL ${pgVersion}, ${m.kernel}`,
      `Data: ${data.orgs} orgs, ${data.users} users, ${data.grants} role grants (load ${data.loadMs} ms + vacuum analyze ${data.analyzeMs} ms). Visible: subtree ${visSub.total}, all ${visAll.total}.`,
      `Target: list p95 < 20 ms at 50 connections. Durations: ${MAIN_SECONDS} s main, ${SHORT_SECONDS} s variants, after a warm-up.`,
      '',
      header,
      sep,
      ...rows,
      '',
      `Sign-in alone (10/s, 5 s): ${signinOnly.ok}/${signinOnly.sent} ok, p50 ${ms(signinOnly.p50)} / p95 ${ms(signinOnly.p95)} / max ${ms(signinOnly.max)} ms; one argon2id hash in the bench process: ${hashMs.toFixed(0)} ms.`,
      '',
      'EXPLAIN ANALYZE (warm, planning + execution ms):',
      '',
      '| query set | page | count | roles |',
      '|---|---|---|---|',
      ...Object.entries(plans).map(([k, v]) => `| ${k} | ${ms(v.page.ms)} | ${ms(v.count.ms)} | ${ms(v.roles.ms)} |`),
      '',
      'What-if (bench database only, planning + execution ms):',
      '',
      '| candidate | ms |',
      '|---|---|',
      ...Object.entries(whatIf).map(([k, v]) => `| ${k} | ${ms(v.ms)} |`),
    ].join('\n');
    console.log(`\n${md}\n`);
    const outDir = path.join(root, 'bench', 'results');
    fs.mkdirSync(outDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    fs.writeFileSync(path.join(outDir, `users-list-${stamp}.md`), `${md}\n\n${Object.entries({ ...plans, whatIf }).map(([k, v]) => `### ${k}\n\n${Object.entries(v).map(([q, p]) => `#### ${q}\n\n\`\`\`\n${p.plan}\n\`\`\``).join('\n\n')}`).join('\n\n')}\n`);
    fs.writeFileSync(path.join(outDir, `users-list-${stamp}.json`), JSON.stringify({ machine: { ...m, pgVersion }, data, visible: { subtree: visSub.total, all: visAll.total }, runs, signinOnly, hashMs, plans, whatIf }, null, 2));
    log(`results written to bench/results/users-list-${stamp}.{md,json}; total ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  } finally {
    await cleanup();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
