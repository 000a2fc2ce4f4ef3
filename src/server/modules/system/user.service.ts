// Users: one org each, several roles each with a data scope. Reads and writes are limited to the
// caller's scope; an account outside it answers 404. Nobody can grant more than they hold.
import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import type { DB, DataScope } from '../../db/types';
import { can, likeContains, likePrefix, requirePermission, scopeCovers, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { mask } from '../../platform/mask';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import { checkPasswordPolicy, generateOneTimePassword, hashPassword } from '../../platform/password';
import type { SystemDeps } from './auth.service';
import { systemErrors } from './errors';
import { orgInScopeOrThrow } from './org.service';
import { insertUser } from './repository';
import { P } from './permissions';
import type { UserListQueryT } from './schemas';

export interface RoleGrantInput {
  roleId: string;
  scope: DataScope;
}

export interface UserListItem {
  id: string;
  username: string;
  name: string;
  orgId: string;
  orgName: string;
  status: 'ACTIVE' | 'DISABLED';
  roles: { id: string; code: string; name: string; scope: DataScope }[];
  mobile: string | null;
  email: string | null;
  locked: boolean;
  mfaEnabled: boolean;
  createdAt: string;
}

export interface UserDetail extends UserListItem {
  mustChangePassword: boolean;
  lockedUntil: string | null;
  failedAttempts: number;
  updatedAt: string;
}

/** Lists count exactly up to here; beyond, the total says "10,000+". */
export const COUNT_CAP = 10_000;

/** The user's roles as one JSON array, for exports (every row is wanted, so no OFFSET waste). */
const rolesJson = sql<UserListItem['roles']>`(
  select coalesce(json_agg(json_build_object('id', r.id, 'code', r.code, 'name', r.name, 'scope', ur.scope) order by r.code), '[]'::json)
  from user_role ur join role r on r.id = ur.role_id where ur.user_id = u.id)`.as('roles');

const sortColumns = {
  username: 'u.username',
  name: 'u.name',
  createdAt: 'u.created_at',
} as const;

export function createUserService({ db, clock, sessions }: SystemDeps) {
  // A left join (org_id is a non-null foreign key, so it matches exactly one org) lets PostgreSQL
  // drop the join entirely when nothing reads the org, e.g. counting for the `all` scope.
  const baseQuery = () =>
    db
      .selectFrom('app_user as u')
      .leftJoin('org as o', 'o.id', 'u.org_id');

  function visible(actor: Actor, scope: DataScope) {
    return ({ ref }: { ref: (c: 'o.path' | 'u.org_id' | 'u.id') => Expression<string> }): Expression<SqlBool> =>
      scopePredicate(actor, scope, { orgPath: ref('o.path'), orgId: ref('u.org_id'), ownerId: ref('u.id') });
  }

  async function rolesOf(userIds: string[]) {
    if (userIds.length === 0) return new Map<string, UserListItem['roles']>();
    const rows = await db
      .selectFrom('user_role as ur')
      .innerJoin('role as r', 'r.id', 'ur.role_id')
      .select(['ur.user_id', 'r.id', 'r.code', 'r.name', 'ur.scope'])
      .where('ur.user_id', 'in', userIds)
      .orderBy('r.code')
      .execute();
    const map = new Map<string, UserListItem['roles']>();
    for (const r of rows) {
      const list = map.get(r.user_id) ?? [];
      list.push({ id: r.id, code: r.code, name: r.name, scope: r.scope as DataScope });
      map.set(r.user_id, list);
    }
    return map;
  }

  type Row = {
    id: string; username: string; name: string; org_id: string; org_name: string | null; status: string; mobile: string | null; email: string | null;
    locked_until: Date | null; mfa_enabled: boolean; created_at: Date; updated_at: Date; must_change_password: boolean; failed_attempts: number;
  };

  const columns = [
    'u.id', 'u.username', 'u.name', 'u.org_id', 'o.name as org_name', 'u.status', 'u.mobile', 'u.email', 'u.locked_until',
    'u.mfa_enabled', 'u.created_at', 'u.updated_at', 'u.must_change_password', 'u.failed_attempts',
  ] as const;

  function toItem(r: Row, roles: UserListItem['roles']): UserListItem {
    return {
      id: r.id,
      username: r.username,
      name: r.name,
      orgId: r.org_id,
      orgName: r.org_name ?? '',
      status: r.status as UserListItem['status'],
      roles,
      mobile: mask('mobile', r.mobile),
      email: mask('email', r.email),
      locked: !!r.locked_until && r.locked_until > clock.now(),
      mfaEnabled: r.mfa_enabled,
      createdAt: r.created_at.toISOString(),
    };
  }

  function toDetail(r: Row, roles: UserListItem['roles']): UserDetail {
    return {
      ...toItem(r, roles),
      mustChangePassword: r.must_change_password,
      lockedUntil: r.locked_until && r.locked_until > clock.now() ? r.locked_until.toISOString() : null,
      failedAttempts: r.failed_attempts,
      updatedAt: r.updated_at.toISOString(),
    };
  }

  async function loadInScope(actor: Actor, permission: string, id: string): Promise<Row> {
    const scope = requirePermission(actor, permission);
    const row = await baseQuery().select(columns).where('u.id', '=', id).where(visible(actor, scope)).executeTakeFirst();
    if (!row) throw systemErrors.userNotFound();
    return row;
  }

  async function detail(id: string): Promise<UserDetail> {
    const row = await baseQuery().select(columns).where('u.id', '=', id).executeTakeFirstOrThrow();
    return toDetail(row, (await rolesOf([id])).get(id) ?? []);
  }

  /** Refuses grants beyond the granter's own permissions or user:write scope (no escalation). */
  async function checkGrants(actor: Actor, grants: RoleGrantInput[]) {
    const writeScope = requirePermission(actor, P.userWrite);
    if (grants.length === 0) return;
    const roles = await db.selectFrom('role').selectAll().where('id', 'in', grants.map((g) => g.roleId)).execute();
    for (const g of grants) {
      const role = roles.find((r) => r.id === g.roleId);
      if (!role) throw systemErrors.roleNotFound();
      const officer = role.builtin && can(actor, P.roleGrantBuiltin);
      const withinPermissions = role.permissions.every((p) => actor.grants.has(p));
      if (!officer && !withinPermissions) throw systemErrors.roleGrantExceedsOwn(role.code);
      if (!scopeCovers(writeScope, g.scope)) throw systemErrors.roleGrantExceedsOwn(`${role.code} (${g.scope})`);
    }
  }

  async function replaceRoles(trx: Transaction<DB>, userId: string, grants: RoleGrantInput[]) {
    await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
    const unique = [...new Map(grants.map((g) => [g.roleId, g])).values()];
    if (unique.length) await trx.insertInto('user_role').values(unique.map((g) => ({ user_id: userId, role_id: g.roleId, scope: g.scope }))).execute();
  }

  /** The users visible to the caller under user:read, narrowed by the list filters. */
  async function filtered(ctx: RequestContext, q: UserListQueryT) {
    const scope = requirePermission(ctx.actor, P.userRead);
    let query = baseQuery().where(visible(ctx.actor, scope));
    if (q.q) {
      const term = likeContains(q.q);
      query = query.where((eb) => eb.or([eb('u.username', 'ilike', term), eb('u.name', 'like', term)]));
    }
    if (q.status) query = query.where('u.status', '=', q.status);
    if (q.orgId) {
      if (q.subOrgs === false) query = query.where('u.org_id', '=', q.orgId);
      else {
        const org = await db.selectFrom('org').select('path').where('id', '=', q.orgId).executeTakeFirst();
        query = query.where('o.path', 'like', org ? likePrefix(org.path) : '');
      }
    }
    if (q.roleId) query = query.where(({ exists, selectFrom }) => exists(selectFrom('user_role').select('user_id').whereRef('user_id', '=', 'u.id').where('role_id', '=', q.roleId!)));
    return query;
  }

  function sortOf(q: UserListQueryT) {
    const sort = q.sort ?? 'username';
    return { col: sortColumns[sort.replace('-', '') as keyof typeof sortColumns], dir: sort.startsWith('-') ? ('desc' as const) : ('asc' as const) };
  }

  /** Sort column, then id in the same direction: a total order that keyset paging can follow. */
  function sorted<T extends ReturnType<typeof baseQuery>>(query: T, q: UserListQueryT): T {
    const { col, dir } = sortOf(q);
    return query.orderBy(col, dir).orderBy('u.id', dir) as T;
  }

  function cursorValue(row: Row, col: (typeof sortColumns)[keyof typeof sortColumns]): string {
    return col === 'u.created_at' ? row.created_at.toISOString() : col === 'u.name' ? row.name : row.username;
  }

  const auditView = (d: UserDetail) => ({ username: d.username, name: d.name, orgId: d.orgId, status: d.status, mobile: d.mobile, email: d.email, roles: d.roles.map((r) => `${r.code}:${r.scope}`) });

  return {
    /**
     * One page of the users the caller may see. The total is exact up to COUNT_CAP and reported as
     * capped beyond it: counting 100,000 rows on every page costs more than the page itself.
     */
    async list(ctx: RequestContext, q: UserListQueryT) {
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
      // Offsets stay within the counted range, where they are cheap; beyond it, cursors or filters.
      if (!cursor && (page - 1) * pageSize >= COUNT_CAP) throw systemErrors.pageTooDeep(COUNT_CAP);
      const query = await filtered(ctx, q);
      const { col, dir } = sortOf(q);
      const pageQuery = cursor
        ? sorted(query, q).where(({ ref }) => afterCursor(ref(col), ref('u.id'), dir, cursor))
        : sorted(query, q).offset((page - 1) * pageSize);
      const [rows, count] = await Promise.all([
        pageQuery.select(columns).limit(pageSize + 1).execute(),
        db
          .selectFrom(query.select(sql<number>`1`.as('x')).limit(COUNT_CAP + 1).as('t'))
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      const more = rows.length > pageSize;
      const pageRows = rows.slice(0, pageSize);
      const last = pageRows[pageRows.length - 1];
      const nextCursor = more && last ? encodeCursor({ v: cursorValue(last, col), id: last.id }) : null;
      const n = Number(count.n);
      // Roles in a second, keyed query: in the page query they would be computed for every row
      // the OFFSET skips too.
      const roles = await rolesOf(pageRows.map((r) => r.id));
      return { items: pageRows.map((r) => toItem(r, roles.get(r.id) ?? [])), total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP, page, pageSize, nextCursor };
    },

    /** Every matching row for export, in one query (capped). */
    async exportRows(ctx: RequestContext, q: UserListQueryT, cap = 50_000) {
      const rows = await sorted(await filtered(ctx, q), q).select(columns).select(rolesJson).limit(cap).execute();
      return rows.map((r) => toItem(r, r.roles));
    },

    async get(ctx: RequestContext, id: string): Promise<UserDetail> {
      const row = await loadInScope(ctx.actor, P.userRead, id);
      return toDetail(row, (await rolesOf([id])).get(id) ?? []);
    },

    async create(
      ctx: RequestContext,
      input: { username: string; name: string; orgId: string; mobile?: string | null; email?: string | null; password?: string; roles: RoleGrantInput[] },
    ): Promise<{ user: UserDetail; initialPassword: string | null }> {
      const org = await orgInScopeOrThrow(db, ctx.actor, P.userWrite, input.orgId);
      await checkGrants(ctx.actor, input.roles);
      let initialPassword: string | null = null;
      if (input.password !== undefined) {
        const broken = checkPasswordPolicy(input.password, input.username);
        if (broken.length) throw systemErrors.passwordWeak(broken, 'password');
      } else {
        initialPassword = generateOneTimePassword();
      }
      const hash = await hashPassword(input.password ?? initialPassword!);
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        const userId = await insertUser(trx, { username: input.username, name: input.name.trim(), orgId: org.id, passwordHash: hash, mobile: input.mobile, email: input.email, roles: input.roles }, now);
        const after = { username: input.username, name: input.name, orgId: org.id, mobile: mask('mobile', input.mobile), email: mask('email', input.email), roles: input.roles.map((g) => `${g.roleId}:${g.scope}`) };
        await writeAudit(trx, auditActorOf(ctx), { action: 'user.create', objectType: 'user', objectId: userId, after }, now);
        return userId;
      });
      return { user: await detail(id), initialPassword };
    },

    async update(ctx: RequestContext, id: string, patch: { name?: string; orgId?: string; mobile?: string | null; email?: string | null }): Promise<UserDetail> {
      await loadInScope(ctx.actor, P.userWrite, id);
      if (patch.orgId) await orgInScopeOrThrow(db, ctx.actor, P.userWrite, patch.orgId);
      const before = await detail(id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('app_user')
          .set({
            ...(patch.name !== undefined && { name: patch.name.trim() }),
            ...(patch.orgId !== undefined && { org_id: patch.orgId }),
            ...(patch.mobile !== undefined && { mobile: patch.mobile }),
            ...(patch.email !== undefined && { email: patch.email }),
            updated_at: now,
          })
          .where('id', '=', id)
          .execute();
        const after = await trxDetail(trx, id);
        await writeAudit(trx, auditActorOf(ctx), { action: 'user.update', objectType: 'user', objectId: id, before: auditView(before), after }, now);
      });
      sessions.invalidateAll();
      return detail(id);
    },

    async setRoles(ctx: RequestContext, id: string, grants: RoleGrantInput[]): Promise<UserDetail> {
      if (id === ctx.actor.userId) throw systemErrors.userSelfChange();
      await loadInScope(ctx.actor, P.userWrite, id);
      await checkGrants(ctx.actor, grants);
      const before = await detail(id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await replaceRoles(trx, id, grants);
        await writeAudit(trx, auditActorOf(ctx), { action: 'user.roles', objectType: 'user', objectId: id, before: before.roles.map((r) => `${r.code}:${r.scope}`), after: grants.map((g) => `${g.roleId}:${g.scope}`) }, now);
      });
      sessions.invalidateAll();
      return detail(id);
    },

    async setStatus(ctx: RequestContext, id: string, status: 'ACTIVE' | 'DISABLED'): Promise<UserDetail> {
      if (id === ctx.actor.userId) throw systemErrors.userSelfChange();
      const before = await loadInScope(ctx.actor, P.userWrite, id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ status, updated_at: now }).where('id', '=', id).execute();
        if (status === 'DISABLED') await sessions.endAllForUser(id, 'USER_DISABLED', trx);
        await writeAudit(trx, auditActorOf(ctx), { action: status === 'DISABLED' ? 'user.disable' : 'user.enable', objectType: 'user', objectId: id, before: { status: before.status }, after: { status } }, now);
      });
      sessions.invalidateAll();
      return detail(id);
    },

    async unlock(ctx: RequestContext, id: string): Promise<UserDetail> {
      requirePermission(ctx.actor, P.userUnlock);
      await loadInScope(ctx.actor, P.userUnlock, id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ locked_until: null, failed_attempts: 0, updated_at: now }).where('id', '=', id).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'user.unlock', objectType: 'user', objectId: id }, now);
      });
      return detail(id);
    },

    async resetPassword(ctx: RequestContext, id: string): Promise<{ initialPassword: string }> {
      await loadInScope(ctx.actor, P.userWrite, id);
      const initialPassword = generateOneTimePassword();
      const hash = await hashPassword(initialPassword);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ password_hash: hash, must_change_password: true, failed_attempts: 0, locked_until: null, updated_at: now }).where('id', '=', id).execute();
        await sessions.endAllForUser(id, 'PASSWORD_RESET', trx);
        await writeAudit(trx, auditActorOf(ctx), { action: 'user.password.reset', objectType: 'user', objectId: id }, now);
      });
      return { initialPassword };
    },

    /** For a lost authenticator: MFA off and sessions ended; the user enrols again at next sign-in. */
    async resetMfa(ctx: RequestContext, id: string): Promise<UserDetail> {
      if (id === ctx.actor.userId) throw systemErrors.userSelfChange();
      await loadInScope(ctx.actor, P.userWrite, id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('app_user').set({ mfa_secret: null, mfa_pending_secret: null, mfa_enabled: false, mfa_last_step: null, updated_at: now }).where('id', '=', id).execute();
        await sessions.endAllForUser(id, 'MFA_RESET', trx);
        await writeAudit(trx, auditActorOf(ctx), { action: 'user.mfa.reset', objectType: 'user', objectId: id }, now);
      });
      return detail(id);
    },

    /** Full value of a masked field; needs pii:reveal and is audited. */
    async reveal(ctx: RequestContext, id: string, field: 'mobile' | 'email'): Promise<{ value: string | null }> {
      requirePermission(ctx.actor, P.piiReveal);
      await loadInScope(ctx.actor, P.userRead, id);
      const row = await db.selectFrom('app_user').select(['mobile', 'email']).where('id', '=', id).executeTakeFirstOrThrow();
      await writeAudit(db, auditActorOf(ctx), { action: 'pii.reveal', objectType: 'user', objectId: id, details: { field } }, clock.now());
      return { value: row[field] };
    },
  };

  async function trxDetail(trx: Transaction<DB>, id: string) {
    const r = await trx.selectFrom('app_user').select(['username', 'name', 'org_id', 'status', 'mobile', 'email']).where('id', '=', id).executeTakeFirstOrThrow();
    return { username: r.username, name: r.name, orgId: r.org_id, status: r.status, mobile: mask('mobile', r.mobile), email: mask('email', r.email) };
  }
}

export type UserService = ReturnType<typeof createUserService>;
