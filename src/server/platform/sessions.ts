// Server-side sessions in PostgreSQL behind an HttpOnly cookie. The cookie holds a random token;
// the table holds only its SHA-256, so a database dump cannot be replayed as a cookie.
// The caller's identity (user, org, roles) is cached per session for a few seconds so a list
// request costs one query, not three; every change to users, roles or sessions in this process
// clears the cache, and other processes see it within CACHE_MS.
import type { Kysely } from 'kysely';
import type { DB, DataScope } from '../db/types';
import { grantsOf, type Actor, type ActorRole } from './access';
import type { Clock } from './clock';
import { randomToken, sha256Hex } from './ids';
import type { RequestContext } from './context';

const CACHE_MS = 5000;
/** last_seen_at is written at most this often per session (idle timeout granularity). */
const TOUCH_MS = 30_000;

export interface SessionState {
  id: string;
  userId: string;
  csrfToken: string;
  stage: 'ACTIVE' | 'MFA_PENDING';
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
  mustChangePassword: boolean;
  mfaEnabled: boolean;
  userActive: boolean;
  actor: Actor;
}

export type SessionCheck =
  | { ok: true; session: SessionState }
  | { ok: false; reason: 'MISSING' | 'ENDED' | 'IDLE' | 'ABSOLUTE' | 'DISABLED' };

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export class SessionStore {
  private readonly cache = new Map<string, { loadedAt: number; state: SessionState }>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
  ) {}

  async create(
    executor: Kysely<DB>,
    userId: string,
    stage: SessionState['stage'],
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ token: string; id: string; csrfToken: string; expiresAt: Date }> {
    const token = randomToken(32);
    const id = sha256Hex(token);
    const csrfToken = randomToken(24);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.policy.absoluteMs);
    await executor
      .insertInto('session')
      .values({ id, user_id: userId, csrf_token: csrfToken, stage, created_at: now, last_seen_at: now, expires_at: expiresAt, ip, user_agent: userAgent?.slice(0, 300) ?? null, ended_at: null, end_reason: null })
      .execute();
    return { token, id, csrfToken, expiresAt };
  }

  idOfToken(token: string): string {
    return sha256Hex(token);
  }

  /** Resolves a cookie token to a live session, ending it if it has expired. */
  async check(token: string | undefined): Promise<SessionCheck> {
    if (!token) return { ok: false, reason: 'MISSING' };
    const id = sha256Hex(token);
    const cached = this.cache.get(id);
    let state = cached && Date.now() - cached.loadedAt < CACHE_MS ? cached.state : undefined;
    if (!state) {
      state = await this.load(id);
      if (!state) {
        this.cache.delete(id);
        return { ok: false, reason: 'MISSING' };
      }
      this.cache.set(id, { loadedAt: Date.now(), state });
      if (this.cache.size > 50_000) this.cache.delete(this.cache.keys().next().value!);
    }
    if (state.endedAt) return { ok: false, reason: 'ENDED' };
    if (!state.userActive) return { ok: false, reason: 'DISABLED' };
    const now = this.clock.now();
    if (now >= state.expiresAt) {
      await this.end(id, 'ABSOLUTE_TIMEOUT');
      return { ok: false, reason: 'ABSOLUTE' };
    }
    if (now.getTime() - state.lastSeenAt.getTime() > this.policy.idleMs) {
      await this.end(id, 'IDLE_TIMEOUT');
      return { ok: false, reason: 'IDLE' };
    }
    if (now.getTime() - state.lastSeenAt.getTime() > TOUCH_MS) {
      state.lastSeenAt = now;
      await this.db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();
    }
    return { ok: true, session: state };
  }

  async end(id: string, reason: string, executor: Kysely<DB> = this.db): Promise<boolean> {
    const r = await executor
      .updateTable('session')
      .set({ ended_at: this.clock.now(), end_reason: reason })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    this.cache.delete(id);
    return Number(r.numUpdatedRows) > 0;
  }

  async endAllForUser(userId: string, reason: string, executor: Kysely<DB> = this.db, exceptId?: string): Promise<number> {
    let q = executor.updateTable('session').set({ ended_at: this.clock.now(), end_reason: reason }).where('user_id', '=', userId).where('ended_at', 'is', null);
    if (exceptId) q = q.where('id', '<>', exceptId);
    const r = await q.executeTakeFirst();
    this.invalidateAll();
    return Number(r.numUpdatedRows);
  }

  /** After any change to users, roles or org placement: the next request reloads. */
  invalidateAll(): void {
    this.cache.clear();
  }

  invalidate(id: string): void {
    this.cache.delete(id);
  }

  private async load(id: string): Promise<SessionState | undefined> {
    const row = await this.db
      .selectFrom('session as s')
      .innerJoin('app_user as u', 'u.id', 's.user_id')
      .innerJoin('org as o', 'o.id', 'u.org_id')
      .select([
        's.id', 's.user_id', 's.csrf_token', 's.stage', 's.created_at', 's.last_seen_at', 's.expires_at', 's.ended_at',
        'u.username', 'u.name', 'u.status', 'u.must_change_password', 'u.mfa_enabled', 'u.org_id',
        'o.code as org_code', 'o.name as org_name', 'o.path as org_path',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const roles = await loadActorRoles(this.db, row.user_id);
    return {
      id: row.id,
      userId: row.user_id,
      csrfToken: row.csrf_token,
      stage: row.stage,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      endedAt: row.ended_at,
      mustChangePassword: row.must_change_password,
      mfaEnabled: row.mfa_enabled,
      userActive: row.status === 'ACTIVE',
      actor: {
        userId: row.user_id,
        username: row.username,
        name: row.name,
        orgId: row.org_id,
        orgCode: row.org_code,
        orgName: row.org_name,
        orgPath: row.org_path,
        roles,
        grants: grantsOf(roles),
      },
    };
  }
}

export async function loadActorRoles(db: Kysely<DB>, userId: string): Promise<ActorRole[]> {
  const rows = await db
    .selectFrom('user_role as ur')
    .innerJoin('role as r', 'r.id', 'ur.role_id')
    .select(['r.id', 'r.code', 'r.name', 'r.permissions', 'r.mfa_required', 'ur.scope'])
    .where('ur.user_id', '=', userId)
    .orderBy('r.code')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, permissions: r.permissions, mfaRequired: r.mfa_required, scope: r.scope as DataScope }));
}

/**
 * A service context for a user outside any HTTP request (demo data, jobs run as a user, tests):
 * the same actor a signed-in session of that user would carry.
 */
export async function contextForUser(db: Kysely<DB>, username: string, requestId = 'internal', lang: 'zh' | 'en' = 'zh'): Promise<RequestContext> {
  const u = await db
    .selectFrom('app_user as u')
    .innerJoin('org as o', 'o.id', 'u.org_id')
    .select(['u.id', 'u.username', 'u.name', 'u.org_id', 'o.code', 'o.name as org_name', 'o.path'])
    .where('u.username', '=', username)
    .executeTakeFirstOrThrow();
  const roles = await loadActorRoles(db, u.id);
  const actor: Actor = { userId: u.id, username: u.username, name: u.name, orgId: u.org_id, orgCode: u.code, orgName: u.org_name, orgPath: u.path, roles, grants: grantsOf(roles) };
  return { actor, ip: null, requestId, lang, sessionId: requestId };
}
