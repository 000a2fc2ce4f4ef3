import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRoleId, createTestEnv, makeOrg, makeRole, makeUser, rootOrg, signedIn, type Client, type TestEnv } from '../../../../test/harness';

let env: TestEnv;
// 总公司 → 江苏分公司 (JS) → 南京中心支公司 (NJ);  总公司 → 浙江分公司 (ZJ)
let js: { id: string };
let nj: { id: string };
let zj: { id: string };
let branchAdminRole: string;
let jsAdmin: Client;
let zjAdmin: Client;
let jsClerk: { id: string; username: string };
let njClerk: { id: string; username: string };
let zjClerk: { id: string; username: string };

beforeAll(async () => {
  env = await createTestEnv();
  js = await makeOrg(env.db, { code: 'JS', name: '江苏分公司' });
  nj = await makeOrg(env.db, { parentId: js.id, code: 'JS-NJ', name: '南京中心支公司', type: 'CENTRAL_SUB' });
  zj = await makeOrg(env.db, { code: 'ZJ', name: '浙江分公司' });
  branchAdminRole = await makeRole(env.db, ['org:read', 'org:write', 'user:read', 'user:write'], { code: 'BRANCH_ADMIN' });
  const clerkRole = await makeRole(env.db, ['user:read'], { code: 'CLERK' });
  const a = await makeUser(env.db, { orgId: js.id, roles: [{ roleId: branchAdminRole, scope: 'subtree' }], username: 'js_admin' });
  const b = await makeUser(env.db, { orgId: zj.id, roles: [{ roleId: branchAdminRole, scope: 'subtree' }], username: 'zj_admin' });
  jsClerk = await makeUser(env.db, { orgId: js.id, roles: [{ roleId: clerkRole, scope: 'self' }], username: 'js_clerk' });
  njClerk = await makeUser(env.db, { orgId: nj.id, roles: [{ roleId: clerkRole, scope: 'self' }], username: 'nj_clerk' });
  zjClerk = await makeUser(env.db, { orgId: zj.id, roles: [{ roleId: clerkRole, scope: 'self' }], username: 'zj_clerk' });
  jsAdmin = await signedIn(env.app, a.username);
  zjAdmin = await signedIn(env.app, b.username);
});
afterAll(async () => env?.close());

const usernames = (res: { json(): { items: { username: string }[] } }) => res.json().items.map((u) => u.username).sort();

describe('data scopes along the org tree', () => {
  it('a branch user lists only users of their branch and below', async () => {
    expect(usernames(await jsAdmin.get('/api/v1/users?pageSize=100'))).toEqual(['js_admin', 'js_clerk', 'nj_clerk']);
    expect(usernames(await zjAdmin.get('/api/v1/users?pageSize=100'))).toEqual(['zj_admin', 'zj_clerk']);
  });

  it("another branch's user answers 404, not 403, for reads and writes", async () => {
    for (const res of [
      await jsAdmin.get(`/api/v1/users/${zjClerk.id}`),
      await jsAdmin.patch(`/api/v1/users/${zjClerk.id}`, { name: '越权修改' }),
      await jsAdmin.post(`/api/v1/users/${zjClerk.id}/disable`),
      await zjAdmin.get(`/api/v1/users/${njClerk.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('USER_NOT_FOUND');
    }
    expect((await jsAdmin.get(`/api/v1/users/${njClerk.id}`)).statusCode).toBe(200);
    const unchanged = await env.db.selectFrom('app_user').select(['name', 'status']).where('id', '=', zjClerk.id).executeTakeFirstOrThrow();
    expect(unchanged).toEqual({ name: '测试用户', status: 'ACTIVE' });
  });

  it('the self scope sees only oneself', async () => {
    const c = await signedIn(env.app, njClerk.username);
    expect(usernames(await c.get('/api/v1/users'))).toEqual(['nj_clerk']);
    expect((await c.get(`/api/v1/users/${jsClerk.id}`)).statusCode).toBe(404);
  });

  it('lists orgs within scope and refuses to create outside it', async () => {
    const orgs = (await jsAdmin.get('/api/v1/orgs')).json().items.map((o: { code: string }) => o.code);
    expect(orgs).toEqual(['JS', 'JS-NJ']);
    const outside = await jsAdmin.post('/api/v1/orgs', { code: 'ZJ-HZ', name: '杭州', type: 'CENTRAL_SUB', parentId: zj.id });
    expect(outside.statusCode).toBe(404);
    const inside = await jsAdmin.post('/api/v1/orgs', { code: 'JS-SZ', name: '苏州中心支公司', type: 'CENTRAL_SUB', parentId: js.id });
    expect(inside.statusCode).toBe(201);
  });

  it('creates a user in scope with a grant no wider than its own, and never beyond its permissions', async () => {
    const ok = await jsAdmin.post('/api/v1/users', { username: 'nj_new', name: '王新人', orgId: nj.id, roles: [{ roleId: branchAdminRole, scope: 'org' }] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().initialPassword).toMatch(/.{12,}/);
    expect(ok.json().user.mustChangePassword).toBe(true);
    const wider = await jsAdmin.post('/api/v1/users', { username: 'nj_all', name: '越权', orgId: nj.id, roles: [{ roleId: branchAdminRole, scope: 'all' }] });
    expect(wider.statusCode).toBe(403);
    expect(wider.json().error.code).toBe('ROLE_GRANT_EXCEEDS_OWN');
    const auditorRole = await builtinRoleId(env.db, 'AUDITOR');
    const escalate = await jsAdmin.post('/api/v1/users', { username: 'nj_aud', name: '越权', orgId: nj.id, roles: [{ roleId: auditorRole, scope: 'org' }] });
    expect(escalate.json().error.code).toBe('ROLE_GRANT_EXCEEDS_OWN');
    const elsewhere = await jsAdmin.post('/api/v1/users', { username: 'zj_new', name: '越权', orgId: zj.id, roles: [] });
    expect(elsewhere.statusCode).toBe(404);
    expect(await env.db.selectFrom('app_user').select('id').where('username', 'in', ['nj_all', 'nj_aud', 'zj_new']).execute()).toEqual([]);
  });

  it('finds users by part of a Chinese name or of the username', async () => {
    const u = await makeUser(env.db, { orgId: nj.id, roles: [], name: '李桂兰', username: 'guilan_li' });
    expect((await jsAdmin.get(`/api/v1/users?q=${encodeURIComponent('桂兰')}`)).json().items.map((x: { id: string }) => x.id)).toEqual([u.id]);
    expect((await jsAdmin.get('/api/v1/users?q=GUILAN')).json().items.map((x: { id: string }) => x.id)).toEqual([u.id]);
    expect((await zjAdmin.get(`/api/v1/users?q=${encodeURIComponent('桂兰')}`)).json().total).toBe(0);
  });

  it('explains bad input field by field in Chinese and creates nothing', async () => {
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ username: 'x y', name: '甲', orgId: js.id, roles: [] }, 400, 'username', '用户名'],
      [{ username: 'okname', name: '甲', orgId: js.id, mobile: '12345', roles: [] }, 400, 'mobile', '手机号'],
      [{ username: 'okname', name: '甲', orgId: 'not-a-uuid', roles: [] }, 400, 'orgId', '所属机构'],
      [{ username: 'okname', orgId: js.id, roles: [] }, 400, 'name', '名称'],
      [{ username: 'okname', name: '甲', orgId: js.id, password: 'weak', roles: [] }, 422, 'password', '密码'],
    ];
    for (const [body, status, field, label] of cases) {
      const res = await jsAdmin.post('/api/v1/users', body);
      expect(res.statusCode).toBe(status);
      expect(res.json().error.details.field).toBe(field);
      expect(res.json().error.message).toContain(label);
      expect(res.body).not.toMatch(/select |insert |node_modules/i);
    }
    expect(await env.db.selectFrom('app_user').select('id').where('username', '=', 'okname').executeTakeFirst()).toBeUndefined();
  });

  it('answers 409 USER_USERNAME_TAKEN for a duplicate username, whatever the case', async () => {
    const res = await jsAdmin.post('/api/v1/users', { username: 'JS_CLERK', name: '重复', orgId: js.id, roles: [] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'USER_USERNAME_TAKEN', details: { field: 'username' } });
  });

  it('masks mobile numbers in lists and reveals them only with pii:reveal, audited', async () => {
    const list = (await jsAdmin.get('/api/v1/users?q=nj_clerk')).json();
    expect(list.items[0].mobile).toBe('139****5678');
    const denied = await jsAdmin.post(`/api/v1/users/${njClerk.id}/reveal`, { field: 'mobile' });
    expect(denied.statusCode).toBe(403);
    const revealer = await makeUser(env.db, { orgId: js.id, roles: [{ roleId: await makeRole(env.db, ['user:read', 'pii:reveal']), scope: 'subtree' }] });
    const c = await signedIn(env.app, revealer.username);
    const shown = await c.post(`/api/v1/users/${njClerk.id}/reveal`, { field: 'mobile' });
    expect(shown.json()).toEqual({ value: '13912345678' });
    const audit = await env.db.selectFrom('audit_event').select(['action', 'user_id']).where('action', '=', 'pii.reveal').where('object_id', '=', njClerk.id).execute();
    expect(audit).toEqual([{ action: 'pii.reveal', user_id: revealer.id }]);
  });

  it('moves a subtree and the scope follows the new place', async () => {
    const c = await signedIn(env.app, njClerk.username);
    const hq = await rootOrg(env.db);
    const admin = await makeUser(env.db, { orgId: hq.id, roles: [{ roleId: branchAdminRole, scope: 'all' }] });
    const a = await signedIn(env.app, admin.username);
    const intoSelf = await a.post(`/api/v1/orgs/${js.id}/move`, { parentId: nj.id });
    expect(intoSelf.json().error.code).toBe('ORG_MOVE_INTO_OWN_SUBTREE');
    expect((await a.post(`/api/v1/orgs/${nj.id}/move`, { parentId: zj.id })).statusCode).toBe(200);
    expect(usernames(await zjAdmin.get('/api/v1/users?pageSize=100'))).toContain('nj_clerk');
    expect(usernames(await jsAdmin.get('/api/v1/users?pageSize=100'))).not.toContain('nj_clerk');
    const moved = await env.db.selectFrom('org').select(['path', 'depth']).where('id', '=', nj.id).executeTakeFirstOrThrow();
    expect(moved.path).toBe(`${hq.path}${zj.id}/${nj.id}/`);
    expect(moved.depth).toBe(2);
    expect((await c.get('/api/v1/users')).statusCode).toBe(200);
    await a.post(`/api/v1/orgs/${nj.id}/move`, { parentId: js.id });
  });
});

describe('separation of duties', () => {
  it('the auditor reads the audit log but every change is refused and audited as a denial', async () => {
    const hq = await rootOrg(env.db);
    const auditor = await makeUser(env.db, { orgId: hq.id, roles: [{ roleId: await builtinRoleId(env.db, 'AUDITOR'), scope: 'all' }] });
    const c = await signedIn(env.app, auditor.username);
    expect((await c.get('/api/v1/audit-events')).statusCode).toBe(200);
    expect((await c.get('/api/v1/users')).statusCode).toBe(200);
    const attempts = [
      await c.post('/api/v1/users', { username: 'x_by_auditor', name: 'x', orgId: hq.id, roles: [] }),
      await c.patch(`/api/v1/users/${jsClerk.id}`, { name: 'x' }),
      await c.post(`/api/v1/users/${jsClerk.id}/disable`),
      await c.post(`/api/v1/users/${jsClerk.id}/reset-password`),
      await c.post('/api/v1/orgs', { code: 'AUD', name: 'x', type: 'SUB', parentId: hq.id }),
      await c.post('/api/v1/roles', { code: 'AUD_ROLE', name: 'x', permissions: ['audit:read'] }),
      await c.put(`/api/v1/users/${jsClerk.id}/roles`, { roles: [] }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('AUTH_FORBIDDEN');
    }
    const denials = await env.db.selectFrom('audit_event').select('outcome').where('user_id', '=', auditor.id).where('action', '=', 'access.denied').execute();
    expect(denials).toHaveLength(attempts.length);
    expect(denials.every((d) => d.outcome === 'DENIED')).toBe(true);
  });

  it('the system administrator cannot read the audit log', async () => {
    const hq = await rootOrg(env.db);
    const sys = await makeUser(env.db, { orgId: hq.id, roles: [{ roleId: await makeRole(env.db, ['user:read', 'user:write', 'org:read', 'org:write', 'role:read', 'role:write']), scope: 'all' }] });
    const c = await signedIn(env.app, sys.username);
    expect((await c.get('/api/v1/audit-events')).statusCode).toBe(403);
    const builtin = await env.db.selectFrom('role').select('permissions').where('code', '=', 'SYS_ADMIN').executeTakeFirstOrThrow();
    expect(builtin.permissions.some((p) => p.startsWith('audit:'))).toBe(false);
  });
});

describe('audit in the same transaction as the change', () => {
  it('records who created a user, with masked personal data, and nothing for a rejected create', async () => {
    const before = await env.db.selectFrom('audit_event').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    const res = await jsAdmin.post('/api/v1/users', { username: 'audited_one', name: '审计样例', orgId: js.id, mobile: '13800138000', roles: [] });
    expect(res.statusCode).toBe(201);
    const dup = await jsAdmin.post('/api/v1/users', { username: 'audited_one', name: '审计样例', orgId: js.id, roles: [] });
    expect(dup.statusCode).toBe(409);
    const rows = await env.db.selectFrom('audit_event').selectAll().where('seq', '>', before.seq).where('action', '=', 'user.create').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: 'js_admin', object_id: res.json().user.id, outcome: 'SUCCESS', roles: 'BRANCH_ADMIN' });
    expect(rows[0].after).toMatchObject({ username: 'audited_one', mobile: '138****8000' });
    expect(rows[0].request_id).toBe(res.headers['x-request-id']);
  });
});

describe('Excel exports', () => {
  it('exports the user list in scope as a real workbook with Chinese headers', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const res = await jsAdmin.get('/api/v1/users/export?sort=username');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('用户列表.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).values).toEqual(expect.arrayContaining(['用户名', '姓名', '所属机构', '手机号']));
    const names = ws.getColumn(1).values.slice(2);
    expect(names).toContain('nj_clerk');
    expect(names).not.toContain('zj_clerk');
    expect(ws.getColumn(6).values.slice(2)).toContain('139****5678');
  });

  it('exports the audit log for auditors and records the export itself', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const hq = await rootOrg(env.db);
    const auditor = await makeUser(env.db, { orgId: hq.id, roles: [{ roleId: await builtinRoleId(env.db, 'AUDITOR'), scope: 'all' }] });
    const c = await signedIn(env.app, auditor.username);
    const res = await c.get('/api/v1/audit-events/export?action=user.create');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(6).value).toBe('操作');
    expect(ws.rowCount).toBeGreaterThan(1);
    expect(ws.getColumn(6).values.slice(2).every((v) => v === '新建用户')).toBe(true);
    expect(ws.getColumn(7).values.slice(2).every((v) => v === 'user.create')).toBe(true);
    const recorded = await env.db.selectFrom('audit_event').select('details').where('action', '=', 'audit.export').where('user_id', '=', auditor.id).execute();
    expect(recorded).toHaveLength(1);
    expect((await jsAdmin.get('/api/v1/audit-events/export')).statusCode).toBe(403);
  });
});

describe('large lists', () => {
  it('counts exactly up to 10,000 and then reports the total as capped', async () => {
    const big = await makeOrg(env.db, { code: 'BIG', name: '大机构' });
    await sql`
      insert into app_user (id, username, name, org_id, password_hash, must_change_password, status, created_at, updated_at)
      select gen_random_uuid(), 'bulk' || lpad(g::text, 5, '0'), '批量用户' || g, ${big.id}, 'x', false, 'ACTIVE', now(), now()
      from generate_series(1, 10005) g`.execute(env.db);
    const hq = await rootOrg(env.db);
    const reader = await makeUser(env.db, { orgId: hq.id, roles: [{ roleId: await makeRole(env.db, ['user:read']), scope: 'all' }] });
    const c = await signedIn(env.app, reader.username);
    const all = (await c.get(`/api/v1/users?orgId=${big.id}&pageSize=50&page=2`)).json();
    expect(all).toMatchObject({ total: 10000, totalCapped: true, page: 2, pageSize: 50 });
    expect(all.items.map((u: { username: string }) => u.username)[0]).toBe('bulk00051');
    const deep = await c.get(`/api/v1/users?orgId=${big.id}&pageSize=50&page=201`);
    expect(deep.statusCode).toBe(400);
    expect(deep.json().error).toMatchObject({ code: 'LIST_PAGE_TOO_DEEP', details: { field: 'page' } });
    const few = (await c.get(`/api/v1/users?orgId=${big.id}&q=bulk0999`)).json();
    expect(few).toMatchObject({ total: 10, totalCapped: false });

    // Keyset paging walks the whole list, past the counted range, in order, without repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res: { items: { username: string }[]; nextCursor: string | null } = (await c.get(`/api/v1/users?orgId=${big.id}&pageSize=200${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...res.items.map((u) => u.username));
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toHaveLength(10005);
    expect(new Set(seen).size).toBe(10005);
    expect(seen[0]).toBe('bulk00001');
    expect(seen[10004]).toBe('bulk10005');

    const newest = (await c.get(`/api/v1/users?orgId=${big.id}&sort=-name&pageSize=3`)).json();
    const next = (await c.get(`/api/v1/users?orgId=${big.id}&sort=-name&pageSize=3&cursor=${newest.nextCursor}`)).json();
    expect([...newest.items, ...next.items].map((u: { name: string }) => u.name)).toEqual(['批量用户9999', '批量用户9998', '批量用户9997', '批量用户9996', '批量用户9995', '批量用户9994']);
    const bad = await c.get(`/api/v1/users?cursor=not-a-cursor`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('cursor');
  });
});
