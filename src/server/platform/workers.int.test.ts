import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeUser, type TestEnv } from '../../../test/harness';
import { uuidv7 } from './ids';
import { startWorkers } from './workers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

it('sweeps sessions that expired without a request at start, then every 15 minutes', async () => {
  const org = await makeOrg(env.db);
  const user = await makeUser(env.db, { orgId: org.id, roles: [] });
  const now = env.clock.now();
  const session = async (expiresAt: Date) => {
    const id = uuidv7();
    await env.db.insertInto('session').values({ id, user_id: user.id, csrf_token: 'x', stage: 'ACTIVE', created_at: now, last_seen_at: now, expires_at: expiresAt, ip: null, user_agent: null, ended_at: null, end_reason: null }).execute();
    return id;
  };
  const expired = await session(new Date(now.getTime() - 60_000));
  const later = await session(new Date(now.getTime() + 10 * 60_000));
  const ended = async (id: string) => (await env.db.selectFrom('session').select('end_reason').where('id', '=', id).executeTakeFirstOrThrow()).end_reason;

  const workers = startWorkers(env.db, env.clock, () => {});
  try {
    await workers.scheduled;
    await workers.jobs.runDue();
    expect([await ended(expired), await ended(later)]).toEqual(['EXPIRED', null]);
    env.clock.set(new Date(now.getTime() + 15 * 60_000));
    await workers.jobs.runDue();
    expect(await ended(later)).toBe('EXPIRED');
    const runs = await env.db.selectFrom('job').select('status').where('queue', '=', 'platform.session-sweep').orderBy('run_at').execute();
    expect(runs.map((r) => r.status)).toEqual(['DONE', 'DONE', 'QUEUED']);
  } finally {
    await workers.stop();
  }
});
