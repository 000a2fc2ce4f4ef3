import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, builtinRoleId, createTestEnv, makeOrg, makeRole, makeUser, rootOrg, signedIn, type TestEnv } from '../../../../test/harness';

let env: TestEnv;
let security: Client;
let hqId: string;
beforeAll(async () => {
  env = await createTestEnv();
  hqId = (await rootOrg(env.db)).id;
  // The permissions of 安全管理员, without its MFA requirement (enrolment is tested elsewhere).
  const perms = (await env.db.selectFrom('role').select('permissions').where('code', '=', 'SECURITY_ADMIN').executeTakeFirstOrThrow()).permissions;
  const sec = await makeUser(env.db, { orgId: hqId, roles: [{ roleId: await makeRole(env.db, perms), scope: 'all' }] });
  security = await signedIn(env.app, sec.username);
});
afterAll(async () => env?.close());

describe('sessions', () => {
  it('lists open sessions in scope and ends one, which signs that browser out at once', async () => {
    const org = await makeOrg(env.db);
    const u = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['user:read']), scope: 'self' }] });
    const victim = await signedIn(env.app, u.username);
    const list = (await security.get(`/api/v1/sessions?userId=${u.id}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ username: u.username, current: false });
    expect((await security.delete(`/api/v1/sessions/${list.items[0].id}`)).statusCode).toBe(204);
    const after = await victim.get('/api/v1/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    expect((await security.get(`/api/v1/sessions?userId=${u.id}`)).json().total).toBe(0);
    expect((await security.delete(`/api/v1/sessions/${list.items[0].id}`)).statusCode).toBe(404);
  });
});

describe('locked accounts', () => {
  it('a security officer unlocks an account before the window ends', async () => {
    const org = await makeOrg(env.db);
    const u = await makeUser(env.db, { orgId: org.id, roles: [] });
    const c = new Client(env.app);
    for (let i = 0; i < 5; i++) await c.login(u.username, 'Wrong-password-1');
    expect((await c.login(u.username)).statusCode).toBe(423);
    const detail = (await security.get(`/api/v1/users/${u.id}`)).json();
    expect(detail.locked).toBe(true);
    const unlocked = await security.post(`/api/v1/users/${u.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().locked).toBe(false);
    expect((await c.login(u.username)).statusCode).toBe(200);
  });
});

describe('users', () => {
  it('disabling a user ends their sessions and refuses sign-in; enabling restores it', async () => {
    // The permissions of 系统管理员, without its MFA requirement (enrolment is tested elsewhere).
    const sysPerms = (await env.db.selectFrom('role').select('permissions').where('code', '=', 'SYS_ADMIN').executeTakeFirstOrThrow()).permissions;
    const admin = await makeUser(env.db, { orgId: hqId, roles: [{ roleId: await makeRole(env.db, sysPerms), scope: 'all' }] });
    const a = await signedIn(env.app, admin.username);
    const org = await makeOrg(env.db);
    const u = await makeUser(env.db, { orgId: org.id, roles: [] });
    const session = await signedIn(env.app, u.username);
    expect((await a.post(`/api/v1/users/${u.id}/disable`)).json().status).toBe('DISABLED');
    expect((await session.get('/api/v1/me')).statusCode).toBe(401);
    const refused = await new Client(env.app).login(u.username);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('AUTH_ACCOUNT_DISABLED');
    expect((await a.post(`/api/v1/users/${u.id}/enable`)).json().status).toBe('ACTIVE');
    expect((await new Client(env.app).login(u.username)).statusCode).toBe(200);

    // Reset password: a one-time password that must be changed at the next sign-in.
    const reset = (await a.post(`/api/v1/users/${u.id}/reset-password`)).json();
    const again = await signedIn(env.app, u.username, reset.initialPassword);
    expect((await again.get('/api/v1/me')).json().mustChangePassword).toBe(true);
    expect((await a.post(`/api/v1/users/${admin.id}/disable`)).json().error.code).toBe('USER_SELF_CHANGE');

    // Lost authenticator: MFA reset turns it off and ends the sessions.
    await env.db.updateTable('app_user').set({ mfa_enabled: true, mfa_secret: 'JBSWY3DPEHPK3PXP' }).where('id', '=', u.id).execute();
    const before = await signedIn(env.app, u.username, reset.initialPassword);
    expect((await before.get('/api/v1/me')).json().error.code).toBe('AUTH_MFA_REQUIRED');
    const cleared = await a.post(`/api/v1/users/${u.id}/reset-mfa`);
    expect(cleared.json().mfaEnabled).toBe(false);
    const fresh = new Client(env.app);
    expect((await fresh.login(u.username, reset.initialPassword)).json().mfaRequired).toBe(false);
    expect(await env.db.selectFrom('audit_event').select('action').where('action', '=', 'user.mfa.reset').where('object_id', '=', u.id).execute()).toHaveLength(1);
  });
});

describe('roles', () => {
  it('creates, edits and deletes a role; built-in roles keep their permissions; a role in use stays', async () => {
    const created = await security.post('/api/v1/roles', { code: 'TEMP_VIEWER', name: '临时查询', permissions: ['user:read', 'org:read'] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    expect((await security.post('/api/v1/roles', { code: 'TEMP_VIEWER', name: '重复', permissions: [] })).json().error.code).toBe('ROLE_CODE_TAKEN');
    expect((await security.post('/api/v1/roles', { code: 'BAD', name: 'x', permissions: ['user:fly'] })).json().error.code).toBe('ROLE_UNKNOWN_PERMISSION');
    expect((await security.post('/api/v1/roles', { code: 'GREEDY', name: 'x', permissions: ['audit:read'] })).json().error.code).toBe('ROLE_GRANT_EXCEEDS_OWN');
    const edited = await security.patch(`/api/v1/roles/${id}`, { name: '临时查询员', permissions: ['user:read'] });
    expect(edited.json()).toMatchObject({ name: '临时查询员', permissions: ['user:read'] });

    const auditor = await builtinRoleId(env.db, 'AUDITOR');
    expect((await security.patch(`/api/v1/roles/${auditor}`, { permissions: ['audit:read'] })).json().error.code).toBe('ROLE_BUILTIN_IMMUTABLE');
    expect((await security.delete(`/api/v1/roles/${auditor}`)).json().error.code).toBe('ROLE_BUILTIN_IMMUTABLE');

    await makeUser(env.db, { orgId: hqId, roles: [{ roleId: id, scope: 'self' }] });
    const inUse = await security.delete(`/api/v1/roles/${id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({ code: 'ROLE_IN_USE', details: { users: 1 } });

    const spare = (await security.post('/api/v1/roles', { code: 'SPARE', name: '备用', permissions: [] })).json();
    expect((await security.delete(`/api/v1/roles/${spare.id}`)).statusCode).toBe(204);
    const catalogue = (await security.get('/api/v1/permissions')).json().items;
    expect(catalogue).toEqual(expect.arrayContaining([{ code: 'audit:read', module: 'audit', moduleName: '审计日志', name: '查看审计日志' }]));
  });
});
