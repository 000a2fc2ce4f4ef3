import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, TEST_PASSWORD, builtinRoleId, createTestEnv, makeOrg, makeRole, makeUser, rootOrg, signedIn, type TestEnv } from '../../../../test/harness';
import { MINUTE, HOUR } from '../../platform/clock';
import { totp } from '../../platform/totp';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

async function plainUser(permissions = ['user:read', 'org:read']) {
  const org = await makeOrg(env.db);
  const role = await makeRole(env.db, permissions);
  return makeUser(env.db, { orgId: org.id, roles: [{ roleId: role, scope: 'org' }] });
}

describe('sign-in', () => {
  it('answers the session cookie (HttpOnly, SameSite=Strict) and a readable CSRF cookie', async () => {
    const u = await plainUser();
    const c = new Client(env.app);
    const res = await c.login(u.username);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: u.username }, mustChangePassword: false, mfaRequired: false, mfaEnrollmentRequired: false });
    const sid = res.cookies.find((k) => k.name === 'sid')!;
    const csrf = res.cookies.find((k) => k.name === 'csrf-token')!;
    expect(sid.httpOnly).toBe(true);
    expect(sid.sameSite).toBe('Strict');
    expect(csrf.httpOnly).toBeFalsy();
    const me = await c.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().permissions).toEqual(['org:read', 'user:read']);
    expect(me.json().dataScopes['user:read']).toBe('org');
  });

  it('marks both cookies Secure when the request came over HTTPS through a trusted proxy', async () => {
    const tls = await createTestEnv({ trustProxy: true });
    try {
      const org = await makeOrg(tls.db);
      const u = await makeUser(tls.db, { orgId: org.id, roles: [] });
      const res = await new Client(tls.app).post('/api/v1/auth/login', { username: u.username, password: TEST_PASSWORD }, { 'x-forwarded-proto': 'https' });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.filter((k) => k.secure).map((k) => k.name).sort()).toEqual(['csrf-token', 'sid']);
    } finally {
      await tls.close();
    }
  });

  it('rejects a wrong password with 401 AUTH_INVALID_CREDENTIALS in the error wire format', async () => {
    const u = await plainUser();
    const res = await new Client(env.app).login(u.username, 'wrong-Password-1');
    expect(res.statusCode).toBe(401);
    const body = res.json();
    expect(body.error.code).toBe('AUTH_INVALID_CREDENTIALS');
    expect(body.error.message).toBe('用户名或密码错误');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers in English with Accept-Language: en', async () => {
    const res = await new Client(env.app).post('/api/v1/auth/login', { username: 'nobody', password: 'x' }, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.json().error.message).toBe('wrong username or password');
  });

  it('rejects unknown fields and names the missing field', async () => {
    const c = new Client(env.app);
    const extra = await c.post('/api/v1/auth/login', { username: 'a', password: 'b', admin: true });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'admin' } });
    const missing = await c.post('/api/v1/auth/login', { username: 'a' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('密码');
  });

  it('refuses bodies over 1 MB with 413 and no stack trace', async () => {
    const res = await new Client(env.app).post('/api/v1/auth/login', { username: 'a', password: 'x'.repeat(1_100_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('REQUEST_TOO_LARGE');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('lockout', () => {
  it('locks after 5 consecutive failures (423 even for the right password) and unlocks after 15 minutes', async () => {
    const u = await plainUser();
    const c = new Client(env.app);
    for (let i = 1; i <= 4; i++) expect((await c.login(u.username, 'Wrong-password-1')).statusCode).toBe(401);
    const fifth = await c.login(u.username, 'Wrong-password-1');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');
    const right = await c.login(u.username);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('AUTH_ACCOUNT_LOCKED');

    env.clock.advance(14 * MINUTE);
    expect((await c.login(u.username)).statusCode).toBe(423);
    env.clock.advance(2 * MINUTE);
    expect((await c.login(u.username)).statusCode).toBe(200);

    const audit = await env.db.selectFrom('audit_event').select(['action', 'outcome']).where('object_id', '=', u.id).orderBy('seq').execute();
    expect(audit.filter((a) => a.action === 'auth.lockout')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'auth.login' && a.outcome === 'FAILURE')).toHaveLength(7);
  });

  it('a success resets the failure count', async () => {
    const u = await plainUser();
    const c = new Client(env.app);
    for (let i = 0; i < 4; i++) await c.login(u.username, 'Wrong-password-1');
    expect((await c.login(u.username)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await c.login(u.username, 'Wrong-password-1')).statusCode).toBe(401);
  });
});

describe('sign-in throttle', () => {
  it('limits sign-in attempts per address (429 AUTH_RATE_LIMITED) whatever the accounts tried', async () => {
    const limited = await createTestEnv({ loginRateLimitPerMinute: 3 });
    try {
      const c = new Client(limited.app);
      for (const name of ['a1', 'a2', 'a3']) expect((await c.login(name, 'x')).statusCode).toBe(401);
      const res = await c.login('a4', 'x');
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('AUTH_RATE_LIMITED');
      expect(res.json().error.message).toContain('秒后再试');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Other endpoints are not throttled.
      expect((await limited.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('session expiry', () => {
  it('ends a session idle for more than 30 minutes', async () => {
    const u = await plainUser();
    const c = await signedIn(env.app, u.username);
    env.clock.advance(29 * MINUTE);
    expect((await c.get('/api/v1/me')).statusCode).toBe(200);
    env.clock.advance(31 * MINUTE);
    const res = await c.get('/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    // Coming back later does not revive it.
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('ends an active session after 12 hours however busy it is', async () => {
    const u = await plainUser();
    const c = await signedIn(env.app, u.username);
    for (let t = 0; t < 11 * 60 + 50; t += 25) {
      env.clock.advance(25 * MINUTE);
      if (t + 25 >= 12 * 60) break;
      expect((await c.get('/api/v1/me')).statusCode).toBe(200);
    }
    env.clock.advance(1 * HOUR);
    const res = await c.get('/api/v1/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('signing out ends the session', async () => {
    const u = await plainUser();
    const c = await signedIn(env.app, u.username);
    const cookies = new Map(c.cookies);
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(204);
    c.cookies = cookies;
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the x-csrf-token header (403 AUTH_CSRF) and changes nothing', async () => {
    const admin = await plainUser(['org:read', 'org:write']);
    const c = await signedIn(env.app, admin.username);
    const me = (await c.get('/api/v1/me')).json();
    const body = { code: 'CSRF-X', name: '不应创建', type: 'SUB', parentId: me.user.orgId };
    const bare = await c.request('POST', '/api/v1/orgs', body, { 'x-csrf-token': '' });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error.code).toBe('AUTH_CSRF');
    const forged = await c.request('POST', '/api/v1/orgs', body, { 'x-csrf-token': 'forged' });
    expect(forged.json().error.code).toBe('AUTH_CSRF');
    expect(await env.db.selectFrom('org').select('id').where('code', '=', 'CSRF-X').executeTakeFirst()).toBeUndefined();
    const ok = await c.post('/api/v1/orgs', body);
    expect(ok.statusCode).toBe(201);
  });
});

describe('first sign-in and MFA', () => {
  it('forces a password change before anything else, enforcing the policy', async () => {
    const org = await makeOrg(env.db);
    const role = await makeRole(env.db, ['user:read']);
    const u = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: role, scope: 'org' }], mustChangePassword: true });
    const c = await signedIn(env.app, u.username);
    expect((await c.get('/api/v1/me')).json().mustChangePassword).toBe(true);
    const blocked = await c.get('/api/v1/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');

    const weak = await c.post('/api/v1/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().error.code).toBe('AUTH_PASSWORD_WEAK');
    expect(weak.json().error.details.rules).toEqual(expect.arrayContaining(['LENGTH', 'CLASSES']));
    const wrongOld = await c.post('/api/v1/auth/password', { oldPassword: 'nope', newPassword: 'Lantern-River-2026' });
    expect(wrongOld.statusCode).toBe(401);

    expect((await c.post('/api/v1/auth/password', { oldPassword: TEST_PASSWORD, newPassword: 'Lantern-River-2026' })).statusCode).toBe(204);
    expect((await c.get('/api/v1/users')).statusCode).toBe(200);
    expect((await signedIn(env.app, u.username, 'Lantern-River-2026')).cookies.has('sid')).toBe(true);
  });

  it('requires MFA enrolment for an MFA-required role, then a TOTP code at every sign-in', async () => {
    const root = await rootOrg(env.db);
    const u = await makeUser(env.db, { orgId: root.id, roles: [{ roleId: await builtinRoleId(env.db, 'SECURITY_ADMIN'), scope: 'all' }] });
    const c = await signedIn(env.app, u.username);
    const blocked = await c.get('/api/v1/roles');
    expect(blocked.json().error.code).toBe('AUTH_MFA_ENROLLMENT_REQUIRED');

    const setup = (await c.post('/api/v1/me/mfa/setup')).json();
    expect(setup.otpauthUrl).toContain(`secret=${setup.secret}`);
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await c.post('/api/v1/me/mfa/enable', { code: '000000' })).json().error.code).toBe('AUTH_MFA_INVALID');
    expect((await c.post('/api/v1/me/mfa/enable', { code: totp(setup.secret, env.clock.now()) })).statusCode).toBe(204);
    expect((await c.get('/api/v1/roles')).statusCode).toBe(200);

    const second = new Client(env.app);
    const login = await second.login(u.username);
    expect(login.json()).toMatchObject({ mfaRequired: true });
    expect((await second.get('/api/v1/me')).json().error.code).toBe('AUTH_MFA_REQUIRED');
    expect((await second.post('/api/v1/auth/mfa/verify', { code: '123456' })).statusCode).toBe(422);
    // The code used to enrol cannot be replayed to sign in.
    expect((await second.post('/api/v1/auth/mfa/verify', { code: totp(setup.secret, env.clock.now()) })).json().error.code).toBe('AUTH_MFA_INVALID');
    env.clock.advance(30_000);
    const ok = await second.post('/api/v1/auth/mfa/verify', { code: totp(setup.secret, env.clock.now()) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().mfaRequired).toBe(false);
    expect((await second.get('/api/v1/roles')).statusCode).toBe(200);
    expect((await second.post('/api/v1/me/mfa/disable', { password: TEST_PASSWORD })).json().error.code).toBe('AUTH_MFA_REQUIRED_BY_ROLE');

    // Guessing codes locks the account like guessing passwords, and ends the half-open session.
    const guesser = new Client(env.app);
    await guesser.login(u.username);
    for (let i = 0; i < 4; i++) expect((await guesser.post('/api/v1/auth/mfa/verify', { code: '000000' })).json().error.code).toBe('AUTH_MFA_INVALID');
    const locked = await guesser.post('/api/v1/auth/mfa/verify', { code: '000000' });
    expect(locked.statusCode).toBe(423);
    expect((await guesser.post('/api/v1/auth/mfa/verify', { code: totp(setup.secret, env.clock.now()) })).statusCode).toBe(401);
    expect((await new Client(env.app).login(u.username)).statusCode).toBe(423);
  });
});

describe('platform endpoints', () => {
  it('reports health with the database reachable, without a session', async () => {
    const res = await env.app.inject({ url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('publishes OpenAPI 3 with the system routes', async () => {
    const res = await env.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users', '/api/v1/audit-events']));
    expect((await env.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('answers unknown API routes with 404 ROUTE_NOT_FOUND', async () => {
    const res = await env.app.inject({ url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers 401 AUTH_REQUIRED without a session', async () => {
    const res = await env.app.inject({ url: '/api/v1/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_REQUIRED');
  });
});
