// The policy part of the demo (`npm start -- --demo`): the counter clerk can sell at once (a number
// range reaches 鼓楼), the branch underwriter finds the referred case and may decide it, and the
// issued policies are there to view, print and service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from './platform/password';
import { seedDemoData } from './demo';
import { createTestEnv, signedIn, TEST_PASSWORD, type TestEnv } from '../../test/harness';

let env: TestEnv;

async function as(username: string) {
  await env.db.updateTable('app_user').set({ password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false }).where('username', '=', username).execute();
  return signedIn(env.app, username);
}

describe('demo data for policy administration', () => {
  beforeAll(async () => {
    env = await createTestEnv();
    const seeded = await seedDemoData(env.db, env.clock, env.config, { onlyIfEmpty: true });
    expect(seeded?.report).toContain('投保单号段');
  });
  afterAll(async () => env?.close());

  it('the clerk registers a proposal with a 鼓楼 number and finds the issued policies', async () => {
    const clerk = await as('gl_clerk');
    const quotable = (await clerk.request('GET', '/api/v1/products/quotable')).json().items as { id: string; productCode: string }[];
    const created = await clerk.request('POST', '/api/v1/proposals', { productVersionId: quotable.find((v) => v.productCode === 'DEMO-CTPL')!.id, channel: 'DIRECT' });
    expect(created.statusCode).toBe(201);
    expect(created.json().proposalNo).toMatch(/^GL\d{8}$/);

    const policies = (await clerk.request('GET', '/api/v1/policies?q=%E8%8B%8FA8D6K2')).json(); // 苏A8D6K2
    expect(policies.items.map((p: { product: { code: string } }) => p.product.code).sort()).toEqual(['DEMO-AUTO', 'DEMO-CTPL']);
    const life = (await clerk.request('GET', `/api/v1/policies?q=${encodeURIComponent('刘洋')}`)).json();
    expect(life.items).toHaveLength(1);
    expect(life.items[0].state).toBe('IN_FORCE');
  });

  it('the branch underwriter sees the referred case within the authority and may decide it', async () => {
    const uw = await as('gl_uw');
    const queue = (await uw.request('GET', '/api/v1/underwriting/queue')).json();
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0].insured.name).toBe('陈静');
    const detail = (await uw.request('GET', `/api/v1/proposals/${queue.items[0].id}`)).json();
    expect(detail.actions).toContain('underwrite');
    expect(detail.uwAuto.reasons.length).toBeGreaterThan(0);
  });

  it('the configurer sees the ranges and authorities', async () => {
    const admin = await as('js_policy');
    const ranges = (await admin.request('GET', '/api/v1/proposal-number-ranges')).json();
    expect(ranges.items.map((r: { prefix: string }) => r.prefix).sort()).toEqual(['GL', 'JS', 'NJ']);
    const authorities = (await admin.request('GET', '/api/v1/underwriting-authorities?pageSize=50')).json();
    expect(authorities.items.find((a: { user: { username: string }; line: string }) => a.user.username === 'gl_uw' && a.line === 'TERM_LIFE').maxSumAssured).toBe('300000.00');
  });
});
