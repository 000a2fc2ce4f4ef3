// Helpers shared by the benchmarks: ports, the server's health, signing in, percentiles, the machine.
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function waitForHealth(base: string, server: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${output()}`);
    try {
      const r = await fetch(`${base}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await sleep(250);
  }
  throw new Error(`server did not become healthy in 120 s:\n${output()}`);
}

/** Signs in: the session cookie alone, every cookie as one Cookie header, and the CSRF token writes need. */
export async function signIn(base: string, username: string, password: string): Promise<{ sid: string; cookie: string; csrf: string }> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!r.ok) throw new Error(`sign-in ${username} failed: ${r.status} ${await r.text()}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const sid = cookies.find((c) => c.startsWith('sid='));
  const csrf = cookies.find((c) => c.startsWith('csrf-token='))?.slice('csrf-token='.length);
  if (!sid || !csrf) throw new Error(`sign-in ${username}: no sid or csrf-token cookie`);
  return { sid, cookie: cookies.join('; '), csrf };
}

export function machineSummary(): string {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return `${os.availableParallelism()} CPUs, ${model}, ${Math.round((os.totalmem() / 2 ** 30) * 10) / 10} GiB RAM, node ${process.version}, ${os.type()} ${os.release()}`;
}

export interface BenchServer {
  base: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Connection settings of the server's embedded PostgreSQL (user baoye, database baoye). */
  pg: { host: string; port: number; user: string; password: string; database: string };
  /** The same as a connection URL (the socket directory as `host`). */
  pgUrl: string;
  postmasterPid(): number;
  /** SIGTERM (SIGKILL after 30 s), then removes the data dir. */
  stop(): Promise<void>;
}

/**
 * The real server as a child process — production mode, its own embedded PostgreSQL in a fresh
 * temp DATA_DIR, free ports — so the load generator never shares its event loop. Sign-in load
 * comes from 127.0.0.1 only, so the per-address sign-in throttle is lifted.
 */
export async function startBenchServer(opts: { name: string; nodeArgs?: string[]; log?: (s: string) => void }): Promise<BenchServer> {
  const root = path.resolve(import.meta.dirname, '..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `baoye-bench-${opts.name}-`));
  const [port, pgPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  opts.log?.(`starting server (DATA_DIR=${dataDir}, PORT=${port}, EMBEDDED_PG_PORT=${pgPort})`);
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/server/main.ts'], {
    cwd: root,
    env: {
      ...process.env, DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), ADMIN_INITIAL_PASSWORD: 'Bench-Admin-Passw0rd!',
      LOG_LEVEL: 'warn', NODE_ENV: 'production', DATABASE_URL: '', LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(30_000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      opts.log?.(`server stopped and ${dataDir} removed`);
    })());
  try {
    await waitForHealth(base, child, () => out);
  } catch (e) {
    await stop();
    throw e;
  }
  opts.log?.('server healthy');
  const password = fs.readFileSync(path.join(dataDir, '.pg-password'), 'utf8').trim();
  return {
    base,
    port,
    dataDir,
    child,
    // The Unix socket in the data dir, as the server itself connects (db/embedded.ts).
    pg: { host: path.join(dataDir, 'pg'), port: pgPort, user: 'baoye', password, database: 'baoye' },
    pgUrl: `postgres://baoye:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/baoye?host=${encodeURIComponent(path.join(dataDir, 'pg'))}`,
    postmasterPid: () => Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop,
  };
}

/** Closed-loop GETs (autocannon) cycling through `paths` with a session cookie: every 2xx latency (ms) and the failures. */
export function cannon(base: string, paths: string[], cookie: string, connections: number, seconds: number) {
  return new Promise<{ latencies: number[]; errors: number }>((resolve, reject) => {
    const latencies: number[] = [];
    const inst = autocannon(
      { url: base, connections, duration: seconds, headers: { cookie }, timeout: 30, requests: paths.map((path) => ({ method: 'GET', path })) },
      (err, result) => (err ? reject(err) : resolve({ latencies, errors: result.non2xx + result.errors + result.timeouts })),
    );
    inst.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

/** A role holding `permissions`, inserted directly (benchmark setup); returns its id. */
export async function benchRole(client: pg.Client, code: string, name: string, permissions: string[]): Promise<string> {
  const r = await client.query(
    `insert into role (id, code, name, description, permissions, mfa_required, builtin, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'bench', $3, false, false, now(), now()) returning id`,
    [code, name, permissions],
  );
  return r.rows[0].id as string;
}

/** A ready user (password set, nothing to change) in the org with `orgCode` (null: the root) with one role grant; returns its id. */
export async function benchUser(client: pg.Client, u: { username: string; name: string; orgCode: string | null; roleId: string; scope: 'all' | 'subtree' | 'org'; passwordHash: string }): Promise<string> {
  const r = await client.query(
    `insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, failed_attempts, mfa_enabled, created_at, updated_at)
     select gen_random_uuid(), $1, $2, id, $3, false, 'ACTIVE', 0, false, now(), now() from org where ($4::text is null and parent_id is null) or code = $4 returning id`,
    [u.username, u.name, u.passwordHash, u.orgCode],
  );
  const id = r.rows[0].id as string;
  await client.query(`insert into user_role (user_id, role_id, scope) values ($1, $2, $3)`, [id, u.roleId, u.scope]);
  return id;
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

export interface GetRun { name: string; who: string; load: string; rps: number; p50: number; p95: number; p99: number; max: number; errors: number; hits: string }

/**
 * Closed-loop GET scenarios against a server (search and list benchmarks): `hitsOf` says what the
 * queries find (the `total` of each answer), `go` runs one scenario (2 s warm-up, then `seconds`)
 * and logs it, `table` renders every run as the Markdown table docs/BENCHMARKS.md takes.
 */
export function getRuns(base: string, seconds: number, log: (s: string) => void) {
  const runs: GetRun[] = [];
  return {
    runs,
    async hitsOf(cookie: string, paths: string[]): Promise<string> {
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
    },
    async go(name: string, who: string, cookie: string, paths: string[], connections: number, hits = '') {
      await cannon(base, paths, cookie, connections, 2); // warm-up, not recorded
      const r = await cannon(base, paths, cookie, connections, seconds);
      const s = r.latencies.sort((a, b) => a - b);
      const x: GetRun = { name, who, load: `${connections} conn${connections > 1 ? 's' : ''}`, rps: s.length / seconds, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? NaN, errors: r.errors, hits };
      runs.push(x);
      log(`${name} · ${who} · ${x.load}: ${x.rps.toFixed(0)} req/s, p50 ${ms(x.p50)} p95 ${ms(x.p95)} p99 ${ms(x.p99)} ms, errors ${x.errors}, matches ${hits}`);
    },
    table(whoHeader: string): string[] {
      return [
        `| scenario | ${whoHeader} | load | req/s | p50 ms | **p95 ms** | p99 ms | max ms | errors | matches per query |`,
        '|---|---|---|---|---|---|---|---|---|---|',
        ...runs.map((r) => `| ${r.name} | ${r.who} | ${r.load} | ${r.rps.toFixed(0)} | ${ms(r.p50)} | **${ms(r.p95)}** | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} | ${r.hits} |`),
      ];
    },
  };
}
