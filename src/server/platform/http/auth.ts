// Authentication on every /api request: resolve the session cookie, enforce the sign-in stages
// (MFA pending, forced password change, MFA enrolment), and check CSRF on writes by double submit:
// the x-csrf-token header must equal the session's token, which sign-in also put in a readable
// cookie. Routes opt out with `config: { access: 'public' }`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config';
import { AppError, errors } from '../errors';
import type { RequestContext } from '../context';
import type { SessionState, SessionStore } from '../sessions';
import { langOf, sendError } from './errors';

/**
 * public: no session. mfa: a session still waiting for its TOTP code may call it.
 * setup: allowed while a password change or MFA enrolment is pending. Default: fully signed in.
 */
export type RouteAccess = 'public' | 'mfa' | 'setup';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    session?: SessionState;
    ctx?: RequestContext;
  }
}

export const SESSION_COOKIE = 'sid';
export const CSRF_COOKIE = 'csrf-token';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function mfaEnrollmentPending(s: SessionState): boolean {
  return !s.mfaEnabled && s.actor.roles.some((r) => r.mfaRequired);
}

/**
 * Browser-session cookies (no Expires): they go when the browser closes, and the server enforces
 * the idle and absolute limits itself.
 */
export function setSessionCookies(reply: FastifyReply, config: Config, token: string, csrfToken: string): void {
  // Secure whenever the request came over HTTPS (directly, or via a trusted proxy) or when forced.
  const common = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies || reply.request.protocol === 'https' };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, config: Config): void {
  const common = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };
  reply.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, common);
}

/** The request's context; only routes that require a session call this. */
export function ctxOf(request: FastifyRequest): RequestContext {
  if (!request.ctx) throw errors.unauthenticated();
  return request.ctx;
}

export function installAuth(app: FastifyInstance, sessions: SessionStore, config: Config): void {
  app.addHook('preHandler', async (request, reply) => {
    // Only matched API routes; unknown paths fall through to the 404 handler.
    if (!request.url.startsWith('/api/v1/') || !request.routeOptions.url) return;
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;

    const check = await sessions.check(request.cookies[SESSION_COOKIE]);
    if (!check.ok) {
      if (check.reason !== 'MISSING') clearSessionCookies(reply, config);
      const expired = check.reason === 'IDLE' || check.reason === 'ABSOLUTE' || check.reason === 'ENDED' || check.reason === 'DISABLED';
      return sendError(
        request,
        reply,
        expired
          ? new AppError('unauthenticated', 'AUTH_SESSION_EXPIRED', { zh: '会话已失效，请重新登录', en: 'session expired, please sign in again' }, { reason: check.reason })
          : errors.unauthenticated(),
      );
    }
    const session = check.session;
    request.session = session;

    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || header !== session.csrfToken) {
        return sendError(request, reply, new AppError('forbidden', 'AUTH_CSRF', { zh: '请求校验失败（CSRF），请刷新页面后重试', en: 'CSRF check failed' }));
      }
    }
    if (session.stage === 'MFA_PENDING') {
      if (access === 'mfa') return;
      return sendError(request, reply, new AppError('unauthenticated', 'AUTH_MFA_REQUIRED', { zh: '请先输入动态验证码完成登录', en: 'enter your one-time code to finish signing in' }));
    }
    request.ctx = { actor: session.actor, ip: request.ip ?? null, requestId: request.id, lang: langOf(request), sessionId: session.id };
    if (access === 'setup' || access === 'mfa') return;
    if (session.mustChangePassword) {
      return sendError(request, reply, new AppError('forbidden', 'AUTH_PASSWORD_CHANGE_REQUIRED', { zh: '首次登录或密码已重置，请先修改密码', en: 'change your password first' }));
    }
    if (mfaEnrollmentPending(session)) {
      return sendError(request, reply, new AppError('forbidden', 'AUTH_MFA_ENROLLMENT_REQUIRED', { zh: '您的角色要求双因素认证，请先绑定动态验证码', en: 'your role requires MFA: enroll first' }));
    }
  });
}
