// Row-level writes shared by the services, the CLI, first-start bootstrap and demo data, so the
// invariants of a row (an org's materialized path and depth, a new user's defaults) live in one place.
import type { Kysely } from 'kysely';
import type { DB, DataScope } from '../../db/types';
import { uuidv7 } from '../../platform/ids';

type Executor = Kysely<DB>;

export interface NewOrg {
  code: string;
  name: string;
  type: string;
}

/** Inserts an org under `parent`; its path is the parent's path plus its own id. */
export async function insertOrg(executor: Executor, parent: { id: string; path: string; depth: number }, org: NewOrg, now: Date) {
  const id = uuidv7(now.getTime());
  const row = {
    id, code: org.code, name: org.name, type: org.type, parent_id: parent.id, path: `${parent.path}${id}/`, depth: parent.depth + 1,
    status: 'ACTIVE', created_at: now, updated_at: now,
  };
  await executor.insertInto('org').values(row).execute();
  return row;
}

export interface NewUser {
  username: string;
  name: string;
  orgId: string;
  passwordHash: string;
  mobile?: string | null;
  email?: string | null;
  /** Default true: whoever set the password, the user replaces it at first sign-in. */
  mustChangePassword?: boolean;
  roles: { roleId: string; scope: DataScope }[];
}

/** Inserts an active user with its role grants; returns the new id. */
export async function insertUser(executor: Executor, user: NewUser, now: Date): Promise<string> {
  const id = uuidv7(now.getTime());
  await executor
    .insertInto('app_user')
    .values({
      id, username: user.username, name: user.name, org_id: user.orgId, password_hash: user.passwordHash,
      must_change_password: user.mustChangePassword ?? true, status: 'ACTIVE', failed_attempts: 0, locked_until: null,
      mfa_secret: null, mfa_enabled: false, mobile: user.mobile ?? null, email: user.email ?? null, password_changed_at: null,
      created_at: now, updated_at: now,
    })
    .execute();
  const grants = [...new Map(user.roles.map((g) => [g.roleId, g])).values()];
  if (grants.length) await executor.insertInto('user_role').values(grants.map((g) => ({ user_id: id, role_id: g.roleId, scope: g.scope }))).execute();
  return id;
}
