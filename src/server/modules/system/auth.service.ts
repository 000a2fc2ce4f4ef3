// Sign-in, MFA, password change, sign-out, and "who am I".
import QRCode from 'qrcode';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { writeAudit, type AuditActor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { anonymousAuditActor, auditActorOf, type RequestContext } from '../../platform/context';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../platform/password';
import { loadActorRoles, type SessionState, type SessionStore } from '../../platform/sessions';
import { generateTotpSecret, otpauthUrl, verifyTotp } from '../../platform/totp';
import { systemErrors } from './errors';

export interface SystemDeps {
  db: Database;
  clock: Clock;
  sessions: SessionStore;
  config: Config;
}

export interface SignInResult {
  user: { id: string; username: string; name: string };
  mustChangePassword: boolean;
  mfaRequired: boolean;
  mfaEnrollmentRequired: boolean;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

// A fixed argon2id hash, verified against when the username is unknown so timing does not tell
// whether an account exists.
let dummyHash: Promise<string> | undefined;

export function createAuthService(deps: SystemDeps) {
  const { db, clock, sessions, config } = deps;

  const actorForUser = (u: { id: string; username: string; org_id: string }, roles: string | null, client: ClientInfo): AuditActor => ({
    userId: u.id,
    username: u.username,
    orgId: u.org_id,
    roles,
    ip: client.ip,
    requestId: client.requestId,
  });

  /** Counts a failed credential; locks the account at the limit. Returns the lock end, if locked. */
  async function recordFailure(user: { id: string; failed_attempts: number; locked_until: Date | null }, actor: AuditActor, action: string, reason: string): Promise<Date | null> {
    const now = clock.now();
    const lockExpired = !!user.locked_until && user.locked_until <= now;
    const failures = (lockExpired ? 0 : user.failed_attempts) + 1;
    const lockedUntil = failures >= config.lockout.maxFailures ? new Date(now.getTime() + config.lockout.minutes * 60_000) : null;
    const target = { objectType: 'user', objectId: user.id };
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('app_user').set({ failed_attempts: lockedUntil ? 0 : failures, locked_until: lockedUntil }).where('id', '=', user.id).execute();
      await writeAudit(trx, actor, { action, ...target, outcome: 'FAILURE', details: { reason, failures } }, now);
      if (lockedUntil) await writeAudit(trx, actor, { action: 'auth.lockout', ...target, details: { lockedUntil, failures } }, now);
    });
    return lockedUntil;
  }

  async function signInResult(userId: string, stage: SessionState['stage']): Promise<SignInResult> {
    const u = await db.selectFrom('app_user').select(['id', 'username', 'name', 'must_change_password', 'mfa_enabled']).where('id', '=', userId).executeTakeFirstOrThrow();
    const roles = await loadActorRoles(db, userId);
    return {
      user: { id: u.id, username: u.username, name: u.name },
      mustChangePassword: u.must_change_password,
      mfaRequired: stage === 'MFA_PENDING',
      mfaEnrollmentRequired: !u.mfa_enabled && roles.some((r) => r.mfaRequired),
    };
  }

  return {
    async login(username: string, password: string, client: ClientInfo): Promise<{ result: SignInResult; token: string; csrfToken: string; expiresAt: Date }> {
      const now = clock.now();
      const user = await db.selectFrom('app_user').selectAll().where(({ fn, eb }) => eb(fn('lower', ['username']), '=', username.toLowerCase())).executeTakeFirst();
      if (!user) {
        dummyHash ??= hashPassword('dummy-password-for-timing');
        await verifyPassword(await dummyHash, password);
        await writeAudit(db, anonymousAuditActor(client.ip, client.requestId, username.slice(0, 64)), { action: 'auth.login', outcome: 'FAILURE', details: { reason: 'UNKNOWN_USER' } }, now);
        throw systemErrors.invalidCredentials();
      }
      const roles = await loadActorRoles(db, user.id);
      const actor = actorForUser(user, roles.map((r) => r.code).join(',') || null, client);
      const target = { objectType: 'user', objectId: user.id };

      if (user.locked_until && user.locked_until > now) {
        await writeAudit(db, actor, { action: 'auth.login', ...target, outcome: 'FAILURE', details: { reason: 'LOCKED' } }, now);
        throw systemErrors.accountLocked(user.locked_until);
      }
      if (!(await verifyPassword(user.password_hash, password))) {
        const lockedUntil = await recordFailure(user, actor, 'auth.login', 'BAD_PASSWORD');
        if (lockedUntil) throw systemErrors.accountLocked(lockedUntil);
        throw systemErrors.invalidCredentials();
      }
      if (user.status !== 'ACTIVE') {
        await writeAudit(db, actor, { action: 'auth.login', ...target, outcome: 'FAILURE', details: { reason: 'DISABLED' } }, now);
        throw systemErrors.accountDisabled();
      }
      const stage: SessionState['stage'] = user.mfa_enabled ? 'MFA_PENDING' : 'ACTIVE';
      const session = await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ failed_attempts: 0, locked_until: null }).where('id', '=', user.id).execute();
        const s = await sessions.create(trx, user.id, stage, client.ip, client.userAgent);
        await writeAudit(trx, actor, { action: 'auth.login', ...target, outcome: 'SUCCESS', details: { stage } }, now);
        return s;
      });
      // Answered from what was loaded above: no further round trips on the sign-in path.
      const result: SignInResult = {
        user: { id: user.id, username: user.username, name: user.name },
        mustChangePassword: user.must_change_password,
        mfaRequired: stage === 'MFA_PENDING',
        mfaEnrollmentRequired: !user.mfa_enabled && roles.some((r) => r.mfaRequired),
      };
      return { result, token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },

    /** Second step for a session in MFA_PENDING. */
    async verifyMfa(session: SessionState, code: string, client: ClientInfo): Promise<SignInResult> {
      const now = clock.now();
      const user = await db.selectFrom('app_user').selectAll().where('id', '=', session.userId).executeTakeFirstOrThrow();
      const actor = actorForUser(user, session.actor.roles.map((r) => r.code).join(',') || null, client);
      const step = user.mfa_enabled && user.mfa_secret ? verifyTotp(user.mfa_secret, code, now, Number(user.mfa_last_step ?? -1)) : null;
      if (step === null) {
        // Wrong codes count towards the same lockout as wrong passwords: no brute-forcing 6 digits.
        const lockedUntil = await recordFailure(user, actor, 'auth.mfa', 'BAD_CODE');
        if (lockedUntil) {
          await sessions.end(session.id, 'LOCKED');
          throw systemErrors.accountLocked(lockedUntil);
        }
        throw systemErrors.mfaInvalid();
      }
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('session').set({ stage: 'ACTIVE', last_seen_at: now }).where('id', '=', session.id).execute();
        await trx.updateTable('app_user').set({ failed_attempts: 0, mfa_last_step: String(step) }).where('id', '=', user.id).execute();
        await writeAudit(trx, actor, { action: 'auth.mfa', objectType: 'user', objectId: user.id, outcome: 'SUCCESS' }, now);
      });
      sessions.invalidate(session.id);
      return signInResult(user.id, 'ACTIVE');
    },

    async logout(session: SessionState, client: ClientInfo): Promise<void> {
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await sessions.end(session.id, 'LOGOUT', trx);
        await writeAudit(trx, actorForUser({ id: session.userId, username: session.actor.username, org_id: session.actor.orgId }, session.actor.roles.map((r) => r.code).join(',') || null, client), { action: 'auth.logout', objectType: 'user', objectId: session.userId }, now);
      });
      sessions.invalidate(session.id);
    },

    async changePassword(ctx: RequestContext, oldPassword: string, newPassword: string): Promise<void> {
      const now = clock.now();
      const user = await db.selectFrom('app_user').select(['id', 'username', 'password_hash']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, oldPassword))) {
        await writeAudit(db, auditActorOf(ctx), { action: 'auth.password.change', objectType: 'user', objectId: user.id, outcome: 'FAILURE', details: { reason: 'BAD_OLD_PASSWORD' } }, now);
        throw systemErrors.invalidCredentials();
      }
      const broken = checkPasswordPolicy(newPassword, user.username, oldPassword);
      if (broken.length) throw systemErrors.passwordWeak(broken);
      const hash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ password_hash: hash, must_change_password: false, password_changed_at: now, updated_at: now }).where('id', '=', user.id).execute();
        // Other sessions of this user end: whoever knew the old password is out.
        await sessions.endAllForUser(user.id, 'PASSWORD_CHANGED', trx, ctx.sessionId);
        await writeAudit(trx, auditActorOf(ctx), { action: 'auth.password.change', objectType: 'user', objectId: user.id }, now);
      });
      sessions.invalidate(ctx.sessionId);
    },

    async me(session: SessionState) {
      const a = session.actor;
      const user = await db.selectFrom('app_user').select(['mfa_enabled', 'must_change_password']).where('id', '=', a.userId).executeTakeFirstOrThrow();
      return {
        user: { id: a.userId, username: a.username, name: a.name, orgId: a.orgId, orgCode: a.orgCode, orgName: a.orgName, mfaEnabled: user.mfa_enabled },
        roles: a.roles.map((r) => ({ id: r.id, code: r.code, name: r.name, scope: r.scope })),
        permissions: [...a.grants.keys()].sort(),
        dataScopes: Object.fromEntries(a.grants),
        mustChangePassword: user.must_change_password,
        mfaEnrollmentRequired: !user.mfa_enabled && a.roles.some((r) => r.mfaRequired),
      };
    },

    /** Starts enrolment: a new secret, not active until a code from it is confirmed. */
    async mfaSetup(ctx: RequestContext) {
      const now = clock.now();
      const secret = generateTotpSecret();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ mfa_pending_secret: secret, updated_at: now }).where('id', '=', ctx.actor.userId).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'auth.mfa.setup', objectType: 'user', objectId: ctx.actor.userId }, now);
      });
      const url = otpauthUrl(secret, ctx.actor.username);
      return { secret, otpauthUrl: url, qrDataUrl: await QRCode.toDataURL(url, { margin: 1, width: 220 }) };
    },

    async mfaEnable(ctx: RequestContext, code: string): Promise<void> {
      const now = clock.now();
      const user = await db.selectFrom('app_user').select('mfa_pending_secret').where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
      const secret = user.mfa_pending_secret;
      if (!secret) throw systemErrors.mfaNotStarted();
      const step = verifyTotp(secret, code, now);
      if (step === null) {
        await writeAudit(db, auditActorOf(ctx), { action: 'auth.mfa.enable', objectType: 'user', objectId: ctx.actor.userId, outcome: 'FAILURE' }, now);
        throw systemErrors.mfaInvalid();
      }
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ mfa_secret: secret, mfa_pending_secret: null, mfa_enabled: true, mfa_last_step: String(step), updated_at: now }).where('id', '=', ctx.actor.userId).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'auth.mfa.enable', objectType: 'user', objectId: ctx.actor.userId }, now);
      });
      sessions.invalidate(ctx.sessionId);
    },

    async mfaDisable(ctx: RequestContext, password: string): Promise<void> {
      const now = clock.now();
      if (ctx.actor.roles.some((r) => r.mfaRequired)) throw systemErrors.mfaRequiredByRole();
      const user = await db.selectFrom('app_user').select(['id', 'password_hash']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(user.password_hash, password))) throw systemErrors.invalidCredentials();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ mfa_secret: null, mfa_enabled: false, mfa_last_step: null, updated_at: now }).where('id', '=', user.id).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'auth.mfa.disable', objectType: 'user', objectId: user.id }, now);
      });
      sessions.invalidate(ctx.sessionId);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
