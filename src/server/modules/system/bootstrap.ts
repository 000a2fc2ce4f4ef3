// First start: create the initial administrator `admin` (role SYS_ADMIN, scope all, in the root
// org) with ADMIN_INITIAL_PASSWORD or a generated one-time password, printed once. The first
// sign-in forces a password change either way.
import type { Database } from '../../db/database';
import { writeAudit, type AuditActor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { generateOneTimePassword, hashPassword } from '../../platform/password';
import { insertUser } from './repository';

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
  const created = await db.transaction().execute(async (trx) => {
    // Two processes starting at once: only one creates the admin.
    await trx.selectFrom('audit_head').select('id').forUpdate().execute();
    if (await trx.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) return false;
    const id = await insertUser(trx, { username: 'admin', name: '系统管理员', orgId: root.id, passwordHash: hash, roles: [{ roleId: role.id, scope: 'all' }] }, now);
    await writeAudit(trx, SYSTEM_ACTOR, { action: 'user.create', objectType: 'user', objectId: id, after: { username: 'admin', roles: ['SYS_ADMIN:all'] }, details: { reason: 'INITIAL_ADMIN' } }, now);
    return true;
  });
  if (!created) return { created: false };
  return { created: true, username: 'admin', password, generated: initialPassword === undefined };
}
