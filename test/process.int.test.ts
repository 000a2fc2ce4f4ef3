// The process as an operator runs it: `npm start` on an empty data dir with the embedded
// PostgreSQL, the CLI beside it, kill -9 and recovery, SIGTERM and a clean stop.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baoye-proc-'));
const port = 30000 + Math.floor(Math.random() * 10000);
const pgPort = port + 1;
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: String(port),
  EMBEDDED_PG_PORT: String(pgPort),
  ADMIN_INITIAL_PASSWORD: 'Initial-Admin-Pass-1',
  LOG_LEVEL: 'warn',
  DATABASE_URL: '',
};
const children: ChildProcess[] = [];

function startServer(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (out.includes('ready on')) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

async function cli(...args: string[]) {
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { cwd: root, env });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

async function login(username: string, password: string) {
  return fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

const postmasterPid = () => {
  const f = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8').split('\n')[0]) : undefined;
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', (c) => r(c))));

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  const pid = postmasterPid();
  if (pid && alive(pid)) process.kill(pid, 'SIGINT');
  await new Promise((r) => setTimeout(r, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('running the server', () => {
  it('starts on an empty data dir, serves the CLI alongside, survives kill -9 and stops cleanly on SIGTERM', async () => {
    const first = await startServer();
    expect(first.output()).toContain('initial administrator');
    const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok' });
    const signIn = await login('admin', 'Initial-Admin-Pass-1');
    expect(signIn.status).toBe(200);
    expect((await signIn.json()).mustChangePassword).toBe(true);

    // The CLI works on the same data while the server runs.
    const org = await cli('org:create', '--code', 'JS', '--name', '江苏分公司', '--type', 'BRANCH', '--parent', 'HQ');
    expect(org.code).toBe(0);
    expect(org.out).toContain('JS');

    // kill -9 leaves the embedded PostgreSQL orphaned; the next start takes it over.
    first.child.kill('SIGKILL');
    await exited(first.child);
    const orphan = postmasterPid();
    expect(orphan && alive(orphan)).toBe(true);
    const second = await startServer();
    expect(second.output()).not.toContain('initial administrator');
    const dup = await cli('org:create', '--code', 'JS', '--name', '重复', '--type', 'BRANCH', '--parent', 'HQ');
    expect(dup.code).not.toBe(0);
    expect(dup.out).toContain('already exists');
    expect((await login('admin', 'Initial-Admin-Pass-1')).status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    expect(second.output()).toContain('stopped cleanly');
    expect(postmasterPid()).toBeUndefined();
  }, 180_000);

  it('runs CLI commands with the server stopped, and refuses bad input with a clear message', async () => {
    const role = await cli('role:create', '--code', 'CLERK', '--name', '柜员', '--permissions', 'user:read,org:read');
    expect(role.code).toBe(0);
    const user = await cli('user:create', '--username', 'clerk1', '--password', 'Lantern-River-2026', '--name', '张柜员', '--org', 'JS', '--role', 'CLERK', '--scope', 'org');
    expect(user.code).toBe(0);
    const weak = await cli('user:create', '--username', 'clerk2', '--password', 'short', '--name', 'x', '--org', 'JS', '--role', 'CLERK');
    expect(weak.code).not.toBe(0);
    expect(weak.out).toContain('至少 12 个字符');
    const noOrg = await cli('user:create', '--username', 'clerk3', '--password', 'Lantern-River-2026', '--name', 'x', '--org', 'NOPE', '--role', 'CLERK');
    expect(noOrg.code).not.toBe(0);
    expect(noOrg.out).toContain('NOPE');
    const badPerm = await cli('role:create', '--code', 'BAD', '--name', 'x', '--permissions', 'user:fly');
    expect(badPerm.code).not.toBe(0);
    expect(badPerm.out).toContain('user:fly');
    const missing = await cli('org:create', '--code', 'X');
    expect(missing.code).not.toBe(0);
    expect(missing.out).toContain('--name');
    const unknown = await cli('frobnicate');
    expect(unknown.code).not.toBe(0);
    const verify = await cli('audit:verify');
    expect(verify.code).toBe(0);
    expect(verify.out).toContain('intact');
    expect(postmasterPid()).toBeUndefined();
  }, 180_000);
});
