// The demo a newcomer starts with (`npm start -- --demo`, `npm run cli -- seed:demo`): after it, the
// demo clerk finds demo customers and quotes through approved demo products, and a second run
// changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './platform/password';
import { seedDemoData } from './demo';
import { createTestEnv, signedIn, TEST_PASSWORD, type TestEnv } from '../../test/harness';

let env: TestEnv;

describe('demo data', () => {
  beforeAll(async () => {
    env = await createTestEnv();
  });
  afterAll(async () => env?.close());

  it('gives the clerk customers to find and approved products to quote', async () => {
    const first = await seedDemoData(env.db, env.clock, env.config, { onlyIfEmpty: true });
    expect(first?.report).toContain('DEMO-CTPL');
    // Demo passwords are one-time; give the clerk a known one to act as them.
    await env.db.updateTable('app_user').set({ password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false }).where('username', '=', 'gl_clerk').execute();
    const clerk = await signedIn(env.app, 'gl_clerk');

    const found = await clerk.request('GET', '/api/v1/parties?q=%E6%A1%82%E5%85%B0'); // 桂兰
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((p: { name: string }) => p.name)).toEqual(['李桂兰']);
    expect(found.json().items[0].idNumberMasked).toMatch(/^320\*+\d{3}[\dX]$/);

    const quotable = await clerk.request('GET', '/api/v1/products/quotable');
    const codes = quotable.json().items.map((v: { productCode: string }) => v.productCode).sort();
    expect(codes).toEqual(['DEMO-AUTO', 'DEMO-CTPL', 'DEMO-TERM']);
    const ctpl = quotable.json().items.find((v: { productCode: string }) => v.productCode === 'DEMO-CTPL');
    const quote = await clerk.request('POST', `/api/v1/products/versions/${ctpl.id}/quote`, {
      ctpl: { vehicle: { usage: 'FAMILY', seats: 5 }, region: '北京', history: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } },
    });
    expect(quote.statusCode).toBe(200);
    expect(quote.json().premium).toBe('807.50'); // 950 × (1 − 15%): Beijing is region D, A1 (DOMAIN.md §2)
  });

  it('a second run writes nothing', async () => {
    const before = await env.db.selectFrom('party').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(await seedDemoData(env.db, env.clock, env.config, { onlyIfEmpty: true })).toBeNull();
    const again = await seedDemoData(env.db, env.clock, env.config, { onlyIfEmpty: false });
    expect(again?.report).toContain('already present');
    const after = await env.db.selectFrom('party').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
