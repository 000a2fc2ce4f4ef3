import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness';
import { JobQueue } from './jobs';
import { OutboxDispatcher, publishEvent, type DomainEvent } from './outbox';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

describe('transactional outbox', () => {
  it('delivers only committed events, to each matching subscriber', async () => {
    const outbox = new OutboxDispatcher(env.db, env.clock);
    const seen: string[] = [];
    outbox.subscribe('archive', ['policy.issued'], async (e) => void seen.push(`archive:${e.aggregateId}`));
    outbox.subscribe('notify', '*', async (e) => void seen.push(`notify:${e.aggregateId}`));
    await env.db.transaction().execute((trx) => publishEvent(trx, { type: 'policy.issued', aggregateType: 'policy', aggregateId: 'P1', payload: { n: 1 } }, env.clock.now()));
    await env.db
      .transaction()
      .execute(async (trx) => {
        await publishEvent(trx, { type: 'policy.issued', aggregateType: 'policy', aggregateId: 'ROLLED_BACK', payload: {} }, env.clock.now());
        throw new Error('business failure');
      })
      .catch(() => {});
    await env.db.transaction().execute((trx) => publishEvent(trx, { type: 'claim.closed', aggregateType: 'claim', aggregateId: 'C1', payload: {} }, env.clock.now()));
    expect(await outbox.kick()).toBe(2);
    expect(seen.sort()).toEqual(['archive:P1', 'notify:C1', 'notify:P1']);
    expect(await outbox.kick()).toBe(0);
  });

  it('retries a failed subscriber later without calling the ones that succeeded again', async () => {
    const outbox = new OutboxDispatcher(env.db, env.clock);
    const calls: string[] = [];
    let fail = true;
    outbox.subscribe('ok', ['x.happened'], async (e: DomainEvent) => void calls.push(`ok:${e.aggregateId}`));
    outbox.subscribe('flaky', ['x.happened'], async (e: DomainEvent) => {
      calls.push(`flaky:${e.aggregateId}`);
      if (fail) throw new Error('downstream unavailable');
    });
    await env.db.transaction().execute((trx) => publishEvent(trx, { type: 'x.happened', aggregateType: 'x', aggregateId: 'X1', payload: {} }, env.clock.now()));
    expect(await outbox.kick()).toBe(0);
    const row = await env.db.selectFrom('domain_event').select(['attempts', 'last_error', 'delivered_at']).where('aggregate_id', '=', 'X1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, delivered_at: null });
    expect(row.last_error).toContain('downstream unavailable');
    expect(await outbox.kick()).toBe(0); // not due yet: backoff
    fail = false;
    env.clock.advance(60_000);
    expect(await outbox.kick()).toBe(1);
    expect(calls).toEqual(['ok:X1', 'flaky:X1', 'flaky:X1']);
  });
});

describe('job queue', () => {
  it('runs due jobs once, retries failures with backoff and gives up after max attempts', async () => {
    const jobs = new JobQueue(env.db, env.clock);
    const ran: string[] = [];
    jobs.work('demo.ok', async (j) => void ran.push(String(j.payload.n)));
    jobs.work('demo.fail', async () => {
      throw new Error('always fails');
    });
    await jobs.enqueue(env.db, 'demo.ok', { n: 1 });
    await jobs.enqueue(env.db, 'demo.ok', { n: 2 }, { runAt: new Date(env.clock.now().getTime() + 3_600_000) });
    const failing = await jobs.enqueue(env.db, 'demo.fail', {}, { maxAttempts: 2 });
    expect(await jobs.runDue()).toBe(2);
    expect(ran).toEqual(['1']);
    env.clock.advance(2 * 3_600_000);
    expect(await jobs.runDue()).toBe(2);
    expect(ran).toEqual(['1', '2']);
    const f = await env.db.selectFrom('job').select(['status', 'attempts', 'last_error']).where('id', '=', failing).executeTakeFirstOrThrow();
    expect(f).toEqual({ status: 'FAILED', attempts: 2, last_error: 'always fails' });
  });
});
