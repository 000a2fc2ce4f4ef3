// Who is calling and what they may do. Permissions are `module:action`; each role assignment
// carries a data scope along the org tree, and a permission's effective scope is the widest one
// among the caller's roles that grant it.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { DataScope } from '../db/types';
import { errors } from './errors';

export interface ActorRole {
  id: string;
  code: string;
  name: string;
  scope: DataScope;
  permissions: string[];
  mfaRequired: boolean;
}

export interface Actor {
  userId: string;
  username: string;
  name: string;
  orgId: string;
  orgCode: string;
  orgName: string;
  /** Materialized path of the caller's org, e.g. '/hq/branch/'. */
  orgPath: string;
  roles: ActorRole[];
  /** permission → widest scope granting it */
  grants: ReadonlyMap<string, DataScope>;
}

const scopeRank: Record<DataScope, number> = { self: 0, org: 1, subtree: 2, all: 3 };

export function widestScope(a: DataScope, b: DataScope): DataScope {
  return scopeRank[a] >= scopeRank[b] ? a : b;
}

export function scopeCovers(outer: DataScope, inner: DataScope): boolean {
  return scopeRank[outer] >= scopeRank[inner];
}

export function grantsOf(roles: ActorRole[]): Map<string, DataScope> {
  const grants = new Map<string, DataScope>();
  for (const role of roles) {
    for (const p of role.permissions) {
      const had = grants.get(p);
      grants.set(p, had ? widestScope(had, role.scope) : role.scope);
    }
  }
  return grants;
}

export function can(actor: Actor, permission: string): boolean {
  return actor.grants.has(permission);
}

/** The caller's scope for `permission`; throws 403 AUTH_FORBIDDEN when not held. */
export function requirePermission(actor: Actor, permission: string): DataScope {
  const scope = actor.grants.get(permission);
  if (!scope) throw errors.forbidden(permission);
  return scope;
}

export interface ScopeColumns {
  /** SQL expression for the owning org's materialized path. */
  orgPath: Expression<string>;
  orgId: Expression<string>;
  /** SQL expression for the owning user (for the `self` scope); omit when rows have no owner. */
  ownerId?: Expression<string | null>;
}

/**
 * The data-scope predicate: one indexed condition, never a recursive query. Objects outside it
 * are invisible (the caller answers 404, not 403).
 */
export function scopePredicate(actor: Actor, scope: DataScope, cols: ScopeColumns): Expression<SqlBool> {
  switch (scope) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'subtree':
      return sql<SqlBool>`${cols.orgPath} like ${likePrefix(actor.orgPath)}`;
    case 'org':
      return sql<SqlBool>`${cols.orgId} = ${actor.orgId}`;
    case 'self':
      return cols.ownerId ? sql<SqlBool>`${cols.ownerId} = ${actor.userId}` : sql<SqlBool>`false`;
  }
}

/** Is the org with this path inside the caller's scope? (For checks on a single object.) */
export function orgInScope(actor: Actor, scope: DataScope, org: { id: string; path: string }): boolean {
  switch (scope) {
    case 'all':
      return true;
    case 'subtree':
      return org.path.startsWith(actor.orgPath);
    case 'org':
    case 'self':
      return org.id === actor.orgId;
  }
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** LIKE pattern for "starts with" (wildcards in the value escaped). */
export function likePrefix(prefix: string): string {
  return `${escapeLike(prefix)}%`;
}

/** LIKE pattern for "contains" (wildcards in the value escaped). */
export function likeContains(term: string): string {
  return `%${escapeLike(term)}%`;
}
