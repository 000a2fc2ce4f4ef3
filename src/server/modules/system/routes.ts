// HTTP face of system administration. Thin: parse → call a service → answer.
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AUDIT_ACTIONS, DATA_SCOPES } from '../../../contracts/system';
import type { Config } from '../../config';
import { errors } from '../../platform/errors';
import { sendXlsx, shanghaiDateTime, toXlsx } from '../../platform/excel';
import { clearSessionCookies, ctxOf, setSessionCookies } from '../../platform/http/auth';
import type { ClientInfo } from './auth.service';
import type { SystemServices } from './index';
import * as S from './schemas';

const tag = (name: string) => ({ tags: [name] });
const none = Type.Null();

function client(request: FastifyRequest): ClientInfo {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null, requestId: request.id };
}

function sessionOf(request: FastifyRequest) {
  if (!request.session) throw errors.unauthenticated();
  return request.session;
}

export function systemRoutes(services: SystemServices, config: Config) {
  const { auth, orgs, users, roles, sessions, audit } = services;

  return async function routes(fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    // ---- sign-in and the signed-in user
    app.post('/auth/login', { config: { access: 'public', rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: 60_000 } }, schema: { ...tag('auth'), summary: '登录', body: S.LoginBody, response: { 200: S.SignInResultSchema, ...S.errorResponses } } }, async (req, reply) => {
      const r = await auth.login(req.body.username, req.body.password, client(req));
      setSessionCookies(reply, config, r.token, r.csrfToken);
      return r.result;
    });
    app.post('/auth/mfa/verify', { config: { access: 'mfa' }, schema: { ...tag('auth'), summary: '输入动态验证码完成登录', body: S.MfaCodeBody, response: { 200: S.SignInResultSchema, ...S.errorResponses } } }, async (req) =>
      auth.verifyMfa(sessionOf(req), req.body.code, client(req)),
    );
    app.post('/auth/logout', { config: { access: 'mfa' }, schema: { ...tag('auth'), summary: '退出登录', response: { 204: none, ...S.errorResponses } } }, async (req, reply) => {
      await auth.logout(sessionOf(req), client(req));
      clearSessionCookies(reply, config);
      return reply.status(204).send(null);
    });
    app.post('/auth/password', { config: { access: 'setup' }, schema: { ...tag('auth'), summary: '修改密码', body: S.ChangePasswordBody, response: { 204: none, ...S.errorResponses } } }, async (req, reply) => {
      await auth.changePassword(ctxOf(req), req.body.oldPassword, req.body.newPassword);
      return reply.status(204).send(null);
    });
    app.get('/me', { config: { access: 'setup' }, schema: { ...tag('auth'), summary: '当前用户', response: { 200: S.MeSchema, ...S.errorResponses } } }, async (req) => auth.me(sessionOf(req)));
    app.post('/me/mfa/setup', { config: { access: 'setup' }, schema: { ...tag('auth'), summary: '开始绑定动态验证码', response: { 200: S.MfaSetupSchema, ...S.errorResponses } } }, async (req) => auth.mfaSetup(ctxOf(req)));
    app.post('/me/mfa/enable', { config: { access: 'setup' }, schema: { ...tag('auth'), summary: '确认绑定动态验证码', body: S.MfaCodeBody, response: { 204: none, ...S.errorResponses } } }, async (req, reply) => {
      await auth.mfaEnable(ctxOf(req), req.body.code);
      return reply.status(204).send(null);
    });
    app.post('/me/mfa/disable', { config: { access: 'setup' }, schema: { ...tag('auth'), summary: '关闭动态验证码', body: S.PasswordBody, response: { 204: none, ...S.errorResponses } } }, async (req, reply) => {
      await auth.mfaDisable(ctxOf(req), req.body.password);
      return reply.status(204).send(null);
    });

    // ---- org tree
    app.get('/orgs', { schema: { ...tag('orgs'), summary: '机构列表（数据范围内）', response: { 200: Type.Object({ items: Type.Array(S.OrgSchema) }), ...S.errorResponses } } }, async (req) => ({ items: await orgs.list(ctxOf(req)) }));
    app.post('/orgs', { schema: { ...tag('orgs'), summary: '新建机构', body: S.CreateOrgBody, response: { 201: S.OrgSchema, ...S.errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await orgs.create(ctxOf(req), req.body)),
    );
    app.patch('/orgs/:id', { schema: { ...tag('orgs'), summary: '修改机构', params: S.IdParams, body: S.UpdateOrgBody, response: { 200: S.OrgSchema, ...S.errorResponses } } }, async (req) =>
      orgs.update(ctxOf(req), req.params.id, req.body),
    );
    app.post('/orgs/:id/move', { schema: { ...tag('orgs'), summary: '移动机构（含下级）', params: S.IdParams, body: S.MoveOrgBody, response: { 200: S.OrgSchema, ...S.errorResponses } } }, async (req) =>
      orgs.move(ctxOf(req), req.params.id, req.body.parentId),
    );

    // ---- users
    app.get('/users', { schema: { ...tag('users'), summary: '用户列表', querystring: S.UserListQuery, response: { 200: S.pageOf(S.UserListItemSchema), ...S.errorResponses } } }, async (req) => users.list(ctxOf(req), req.query));
    app.get('/users/export', { schema: { ...tag('users'), summary: '导出用户（Excel）', querystring: S.UserListQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await users.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const scopeLabel = (s: string) => DATA_SCOPES.find((d) => d.value === s)?.[ctx.lang === 'zh' ? 'zh' : 'en'] ?? s;
      const body = await toXlsx(zh ? '用户' : 'Users', [
        { header: zh ? '用户名' : 'Username', value: (r) => r.username },
        { header: zh ? '姓名' : 'Name', value: (r) => r.name },
        { header: zh ? '所属机构' : 'Org', value: (r) => r.orgName, width: 24 },
        { header: zh ? '角色（数据范围）' : 'Roles (scope)', value: (r) => r.roles.map((x) => `${x.name}(${scopeLabel(x.scope)})`).join('、'), width: 36 },
        { header: zh ? '状态' : 'Status', value: (r) => (r.status === 'ACTIVE' ? (zh ? '启用' : 'Active') : zh ? '停用' : 'Disabled') },
        { header: zh ? '手机号' : 'Mobile', value: (r) => r.mobile },
        { header: zh ? '电子邮箱' : 'Email', value: (r) => r.email, width: 24 },
        { header: zh ? '创建时间' : 'Created', value: (r) => shanghaiDateTime(r.createdAt), width: 20 },
      ], rows);
      return sendXlsx(reply, zh ? '用户列表.xlsx' : 'users.xlsx', body);
    });
    app.get('/users/:id', { schema: { ...tag('users'), summary: '用户详情', params: S.IdParams, response: { 200: S.UserDetailSchema, ...S.errorResponses } } }, async (req) => users.get(ctxOf(req), req.params.id));
    app.post('/users', { schema: { ...tag('users'), summary: '新建用户', body: S.CreateUserBody, response: { 201: Type.Object({ user: S.UserDetailSchema, initialPassword: Type.Union([Type.String(), Type.Null()]) }), ...S.errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await users.create(ctxOf(req), req.body)),
    );
    app.patch('/users/:id', { schema: { ...tag('users'), summary: '修改用户', params: S.IdParams, body: S.UpdateUserBody, response: { 200: S.UserDetailSchema, ...S.errorResponses } } }, async (req) =>
      users.update(ctxOf(req), req.params.id, req.body),
    );
    app.put('/users/:id/roles', { schema: { ...tag('users'), summary: '分配角色与数据范围', params: S.IdParams, body: S.SetRolesBody, response: { 200: S.UserDetailSchema, ...S.errorResponses } } }, async (req) =>
      users.setRoles(ctxOf(req), req.params.id, req.body.roles),
    );
    app.post('/users/:id/disable', { schema: { ...tag('users'), summary: '停用用户', params: S.IdParams, response: { 200: S.UserDetailSchema, ...S.errorResponses } } }, async (req) => users.setStatus(ctxOf(req), req.params.id, 'DISABLED'));
    app.post('/users/:id/enable', { schema: { ...tag('users'), summary: '启用用户', params: S.IdParams, response: { 200: S.UserDetailSchema, ...S.errorResponses } } }, async (req) => users.setStatus(ctxOf(req), req.params.id, 'ACTIVE'));
    app.post('/users/:id/unlock', { schema: { ...tag('users'), summary: '解锁账号', params: S.IdParams, response: { 200: S.UserDetailSchema, ...S.errorResponses } } }, async (req) => users.unlock(ctxOf(req), req.params.id));
    app.post('/users/:id/reset-password', { schema: { ...tag('users'), summary: '重置密码', params: S.IdParams, response: { 200: Type.Object({ initialPassword: Type.String() }), ...S.errorResponses } } }, async (req) =>
      users.resetPassword(ctxOf(req), req.params.id),
    );
    app.post('/users/:id/reset-mfa', { schema: { ...tag('users'), summary: '重置动态验证码（遗失验证器）', params: S.IdParams, response: { 200: S.UserDetailSchema, ...S.errorResponses } } }, async (req) =>
      users.resetMfa(ctxOf(req), req.params.id),
    );
    app.post('/users/:id/reveal', { schema: { ...tag('users'), summary: '查看完整个人信息（留痕）', params: S.IdParams, body: S.RevealBody, response: { 200: Type.Object({ value: Type.Union([Type.String(), Type.Null()]) }), ...S.errorResponses } } }, async (req) =>
      users.reveal(ctxOf(req), req.params.id, req.body.field),
    );

    // ---- roles
    app.get('/roles', { schema: { ...tag('roles'), summary: '角色列表', response: { 200: Type.Object({ items: Type.Array(S.RoleSchema) }), ...S.errorResponses } } }, async (req) => ({ items: await roles.list(ctxOf(req)) }));
    app.get('/permissions', { schema: { ...tag('roles'), summary: '权限目录', response: { 200: Type.Object({ items: Type.Array(S.PermissionInfoSchema) }), ...S.errorResponses } } }, async (req) => ({ items: roles.permissions(ctxOf(req)) }));
    app.post('/roles', { schema: { ...tag('roles'), summary: '新建角色', body: S.CreateRoleBody, response: { 201: S.RoleSchema, ...S.errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await roles.create(ctxOf(req), req.body)),
    );
    app.patch('/roles/:id', { schema: { ...tag('roles'), summary: '修改角色', params: S.IdParams, body: S.UpdateRoleBody, response: { 200: S.RoleSchema, ...S.errorResponses } } }, async (req) =>
      roles.update(ctxOf(req), req.params.id, req.body),
    );
    app.delete('/roles/:id', { schema: { ...tag('roles'), summary: '删除角色', params: S.IdParams, response: { 204: none, ...S.errorResponses } } }, async (req, reply) => {
      await roles.remove(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    });

    // ---- sessions
    app.get('/sessions', { schema: { ...tag('sessions'), summary: '在线会话', querystring: S.SessionListQuery, response: { 200: S.pageOf(S.SessionInfoSchema), ...S.errorResponses } } }, async (req) => sessions.list(ctxOf(req), req.query));
    app.delete('/sessions/:id', { schema: { ...tag('sessions'), summary: '结束会话', params: S.SessionIdParams, response: { 204: none, ...S.errorResponses } } }, async (req, reply) => {
      await sessions.end(ctxOf(req), req.params.id);
      return reply.status(204).send(null);
    });

    // ---- audit log
    app.get('/audit-events', { schema: { ...tag('audit'), summary: '审计日志', querystring: S.AuditQuery, response: { 200: Type.Object({ items: Type.Array(S.AuditEventSchema), pageSize: Type.Integer(), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...S.errorResponses } } }, async (req) =>
      audit.list(ctxOf(req), req.query),
    );
    app.get('/audit-events/export', { schema: { ...tag('audit'), summary: '导出审计日志（Excel）', querystring: S.AuditQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await audit.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v));
      const body = await toXlsx(zh ? '审计日志' : 'Audit', [
        { header: zh ? '序号' : 'Seq', value: (r) => r.seq, width: 10 },
        { header: zh ? '时间' : 'Time', value: (r) => shanghaiDateTime(r.occurredAt), width: 20 },
        { header: zh ? '用户名' : 'User', value: (r) => r.username },
        { header: zh ? '角色' : 'Roles', value: (r) => r.roles },
        { header: zh ? '来源IP' : 'IP', value: (r) => r.ip },
        { header: zh ? '操作' : 'Action', value: (r) => AUDIT_ACTIONS[r.action]?.[ctx.lang] ?? r.action, width: 22 },
        { header: zh ? '操作代码' : 'Action code', value: (r) => r.action, width: 22 },
        { header: zh ? '对象类型' : 'Object type', value: (r) => r.objectType },
        { header: zh ? '对象ID' : 'Object id', value: (r) => r.objectId, width: 38 },
        { header: zh ? '结果' : 'Outcome', value: (r) => r.outcome },
        { header: zh ? '变更前' : 'Before', value: (r) => json(r.before), width: 40 },
        { header: zh ? '变更后' : 'After', value: (r) => json(r.after), width: 40 },
        { header: zh ? '详情' : 'Details', value: (r) => json(r.details), width: 40 },
        { header: zh ? '请求编号' : 'Request id', value: (r) => r.requestId, width: 38 },
      ], rows);
      return sendXlsx(reply, zh ? '审计日志.xlsx' : 'audit-log.xlsx', body);
    });
    app.post('/audit-events/verify', { schema: { ...tag('audit'), summary: '校验审计日志哈希链', response: { 200: S.AuditVerifySchema, ...S.errorResponses } } }, async (req) => audit.verify(ctxOf(req)));
  };
}
