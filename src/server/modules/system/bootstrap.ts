// First start: create the initial administrator `admin` (role SYS_ADMIN, scope all, in the root
// org) with ADMIN_INITIAL_PASSWORD or a generated one-time password, printed once. The first
// sign-in forces a password change either way.
import type { Database } from '../../db/database';
import { writeAudit, type AuditActor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { uuidv7 } from '../../platform/ids';
import { generateOneTimePassword, hashPassword } from '../../platform/password';

export const SYSTEM_ACTOR: AuditActor = { userId: null, username: 'system', orgId: null, roles: null, ip: null, requestId: null };

export async function ensureInitialAdmin(
  db: Database,
  clock: Clock,
  initialPassword: string | undefined,
): Promise<{ created: false } | { created: true; username: string; password: string; generated: boolean }> {
  const any = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (any) return { created: false };
  const root = await db.selectFrom('org').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const role = await db.selectFrom('role').select('id').where('code', '=', 'SYS_ADMIN').executeTakeFirstOrThrow();
  const password = initialPassword ?? generateOneTimePassword();
  const hash = await hashPassword(password);
  const now = clock.now();
  const id = uuidv7(now.getTime());
  const created = await db.transaction().execute(async (trx) => {
    // Two processes starting at once: only one creates the admin.
    await trx.selectFrom('audit_head').select('id').forUpdate().execute();
    if (await trx.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) return false;
    await trx
      .insertInto('app_user')
      .values({
        id, username: 'admin', name: '系统管理员', org_id: root.id, password_hash: hash, must_change_password: true, status: 'ACTIVE', failed_attempts: 0,
        locked_until: null, mfa_secret: null, mfa_enabled: false, mobile: null, email: null, password_changed_at: null, created_at: now, updated_at: now,
      })
      .execute();
    await trx.insertInto('user_role').values({ user_id: id, role_id: role.id, scope: 'all' }).execute();
    await writeAudit(trx, SYSTEM_ACTOR, { action: 'user.create', objectType: 'user', objectId: id, after: { username: 'admin', roles: ['SYS_ADMIN:all'] }, details: { reason: 'INITIAL_ADMIN' } }, now);
    return true;
  });
  if (!created) return { created: false };
  return { created: true, username: 'admin', password, generated: initialPassword === undefined };
}
