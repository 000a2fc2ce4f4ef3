// Helpers shared by the benchmarks: ports, the server's health, signing in, percentiles, the machine.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';

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
