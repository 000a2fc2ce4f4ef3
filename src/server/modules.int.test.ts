// main.ts builds the product and policy modules once (createModules) and hands them to both the HTTP
// app and the workers: the routes must answer through exactly those services, not a second set
// with caches of its own.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestEnv, makeRole, makeUser, rootOrg, signedIn, type TestEnv } from '../../test/harness';
import { buildApp } from './app';
import { createModules } from './modules';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

it('buildApp serves the policy routes through the modules it is given — the ones the daily job runs on', async () => {
  const modules = createModules(env);
  const list = vi.spyOn(modules.policy.services.proposals, 'list');
  const app = await buildApp({ config: env.config, db: env.db, clock: env.clock, modules });
  try {
    await app.ready();
    const role = await makeRole(env.db, ['proposal:read']);
    const user = await makeUser(env.db, { orgId: (await rootOrg(env.db)).id, roles: [{ roleId: role, scope: 'subtree' }] });
    const res = await (await signedIn(app, user.username)).get('/api/v1/proposals');
    expect(res.statusCode, res.body).toBe(200);
    expect(list).toHaveBeenCalledTimes(1);
  } finally {
    await app.close();
  }
});
