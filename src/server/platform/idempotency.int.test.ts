import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeRole, makeUser, rootOrg, type TestEnv } from '../../../test/harness';
import { isAppError } from './errors';
import { withIdempotency, type IdempotentAnswer } from './idempotency';
import { publishEvent } from './outbox';

let env: TestEnv;
let userId: string;
beforeAll(async () => {
  env = await createTestEnv();
  userId = (await makeUser(env.db, { orgId: (await rootOrg(env.db)).id, roles: [{ roleId: await makeRole(env.db, []), scope: 'org' }] })).id;
});
afterAll(async () => env?.close());

/** The effect under test: one outbox row per run, named by the scope. */
const effects = async (scope: string) => Number((await sql<{ n: string }>`select count(*)::text as n from domain_event where aggregate_id = ${scope}`.execute(env.db)).rows[0]!.n);

let runs = 0;
function post(scope: string, key: string | undefined, body: unknown, opts: { fail?: boolean; slow?: boolean } = {}): Promise<IdempotentAnswer<{ run: number; body: unknown }>> {
  return withIdempotency(env.db, { scope, userId, key, body, at: env.clock.now() }, async (trx) => {
    const run = ++runs;
    await publishEvent(trx, { type: 'test.effect', aggregateType: 'test', aggregateId: scope, payload: { run } }, env.clock.now());
    // Keeps the first transaction open while the duplicates arrive.
    if (opts.slow) await sql`select pg_sleep(0.2)`.execute(trx);
    if (opts.fail) throw new Error('the work failed');
    return { status: 201, body: { run, body } };
  });
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', (e: unknown) => (isAppError(e) ? `${e.status} ${e.code}` : String(e)));

describe('withIdempotency', () => {
  it('refuses a request without a usable key', async () => {
    expect(await codeOf(post('s-none', undefined, { a: 1 }))).toBe('400 IDEMPOTENCY_KEY_REQUIRED');
    expect(await codeOf(post('s-none', 'short', { a: 1 }))).toBe('400 IDEMPOTENCY_KEY_REQUIRED');
    expect(await codeOf(post('s-none', 'k'.repeat(201), { a: 1 }))).toBe('400 IDEMPOTENCY_KEY_REQUIRED');
    expect(await effects('s-none')).toBe(0);
  });

  it('replays the first answer for the same key and body, whatever the key order of the body', async () => {
    const first = await post('s-seq', 'key-seq-0001', { amount: '10.00', payee: '张三' });
    const again = await post('s-seq', 'key-seq-0001', { payee: '张三', amount: '10.00' });
    expect(first.status).toBe(201);
    expect(again).toEqual(first);
    expect(await effects('s-seq')).toBe(1);
    // Another key is another request.
    const other = await post('s-seq', 'key-seq-0002', { amount: '10.00', payee: '张三' });
    expect(other.body.run).not.toBe(first.body.run);
    expect(await effects('s-seq')).toBe(2);
  });

  it('answers 422 when the key is reused with another body, and keeps the first answer', async () => {
    const first = await post('s-reuse', 'key-reuse-01', { amount: '10.00' });
    expect(await codeOf(post('s-reuse', 'key-reuse-01', { amount: '11.00' }))).toBe('422 IDEMPOTENCY_KEY_REUSED');
    expect(await post('s-reuse', 'key-reuse-01', { amount: '10.00' })).toEqual(first);
    expect(await effects('s-reuse')).toBe(1);
  });

  it('keys are per scope and per user', async () => {
    await post('s-a', 'key-shared-1', { x: 1 });
    await post('s-b', 'key-shared-1', { x: 2 });
    expect(await effects('s-a')).toBe(1);
    expect(await effects('s-b')).toBe(1);
  });

  it('20 concurrent duplicates: one effect and 20 identical answers', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => post('s-race', 'key-race-0001', { amount: '99.00' }, { slow: i === 0 })));
    expect(await effects('s-race')).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(201);
  });

  it('a failed run rolls the key back, so a corrected retry with the same key works', async () => {
    expect(await codeOf(post('s-fail', 'key-fail-001', { amount: '5.00' }, { fail: true }))).toBe('Error: the work failed');
    expect(await effects('s-fail')).toBe(0);
    const retry = await post('s-fail', 'key-fail-001', { amount: '6.00' });
    expect(retry.status).toBe(201);
    expect(retry.body.body).toEqual({ amount: '6.00' });
    expect(await effects('s-fail')).toBe(1);
  });
});
