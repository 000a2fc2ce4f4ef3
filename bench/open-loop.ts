// Open-loop load for bench/users-list.ts, run in its own process so it shares an event loop with
// neither the server nor autocannon. Sends one request every 1000/rate ms, evenly spaced (it does
// not wait for earlier answers), for `seconds` seconds. Prints one JSON line with every latency
// (ms) and the status counts, then exits.
//
// The first WARMUP_S seconds (env, default 0) are sent at the same rate but not recorded: this
// process's JIT and connection pool warm up there.
//
//   node --import tsx bench/open-loop.ts signin <baseUrl> <rate/s> <seconds> <password> <user1,user2,…>
//   node --import tsx bench/open-loop.ts get    <baseUrl> <rate/s> <seconds> <path> <cookie>
const [mode, baseUrl, rateArg, secondsArg, a, b] = process.argv.slice(2);
const warmupS = Number(process.env.WARMUP_S ?? 0);
if ((mode !== 'signin' && mode !== 'get') || !baseUrl || !rateArg || !secondsArg || !a || !b) {
  console.error('usage: open-loop.ts signin <baseUrl> <rate> <seconds> <password> <users,…> | get <baseUrl> <rate> <seconds> <path> <cookie>');
  process.exit(2);
}
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const warmupN = Math.round(rate * warmupS);
const total = warmupN + Math.round(rate * seconds);
const users = mode === 'signin' ? b.split(',') : [];

const latencies: number[] = [];
/** [ms since the first recorded request was due, latency ms] per recorded request */
const samples: [number, number][] = [];
const statuses: Record<string, number> = {};

async function once(i: number): Promise<void> {
  const started = performance.now();
  let status = 'error';
  try {
    const res =
      mode === 'signin'
        ? await fetch(`${baseUrl}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: users[i % users.length], password: a }),
            signal: AbortSignal.timeout(30_000),
          })
        : await fetch(`${baseUrl}${a}`, { headers: { cookie: b! }, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    status = String(res.status);
  } catch (e) {
    status = `error:${(e as Error).name}`;
  }
  if (i < warmupN) return;
  latencies.push(performance.now() - started);
  samples.push([Math.round(started - tRecord), Math.round((performance.now() - started) * 10) / 10]);
  statuses[status] = (statuses[status] ?? 0) + 1;
}

const inFlight: Promise<void>[] = [];
const t0 = performance.now();
const tRecord = t0 + warmupS * 1000;
// Tells the parent when the recorded window starts.
setTimeout(() => process.stdout.write('RECORDING\n'), warmupS * 1000);
for (let i = 0; i < total; i++) {
  // Scheduled against the start time, so one late tick does not shift every later request.
  const wait = t0 + (i * 1000) / rate - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  inFlight.push(once(i));
}
await Promise.all(inFlight);
process.stdout.write(`${JSON.stringify({ sent: total - warmupN, elapsedS: (performance.now() - tRecord) / 1000, statuses, latencies, samples })}\n`);
export {};
