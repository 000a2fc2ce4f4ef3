// Roles are sets of module:action permissions. Built-in roles keep their code and permissions.
// Nobody can put into a role a permission they do not hold themselves.
import type { Selectable } from 'kysely';
import type { RoleTable } from '../../db/types';
import { requirePermission } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { allPermissions, isKnownPermission } from '../../platform/permissions';
import type { SystemDeps } from './auth.service';
import { systemErrors } from './errors';
import { P } from './permissions';

export function createRoleService({ db, clock, sessions }: SystemDeps) {
  const toDto = (r: Selectable<RoleTable>, userCount: number) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    description: r.description,
    permissions: [...r.permissions].sort(),
    mfaRequired: r.mfa_required,
    builtin: r.builtin,
    userCount,
  });

  function checkPermissions(ctx: RequestContext, permissions: string[]) {
    for (const p of permissions) {
      if (!isKnownPermission(p)) throw systemErrors.unknownPermission(p);
      if (!ctx.actor.grants.has(p)) throw systemErrors.roleGrantExceedsOwn(p);
    }
  }

  async function load(id: string) {
    const r = await db.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw systemErrors.roleNotFound();
    return r;
  }

  async function countUsers(id: string): Promise<number> {
    const c = await db.selectFrom('user_role').select((eb) => eb.fn.countAll<string>().as('n')).where('role_id', '=', id).executeTakeFirstOrThrow();
    return Number(c.n);
  }

  return {
    async list(ctx: RequestContext) {
      requirePermission(ctx.actor, P.roleRead);
      const rows = await db
        .selectFrom('role as r')
        .selectAll('r')
        .select((eb) => eb.selectFrom('user_role as ur').select(eb.fn.countAll<string>().as('n')).whereRef('ur.role_id', '=', 'r.id').as('user_count'))
        .orderBy('r.builtin', 'desc')
        .orderBy('r.code')
        .execute();
      return rows.map((r) => toDto(r, Number(r.user_count ?? 0)));
    },

    permissions(ctx: RequestContext) {
      requirePermission(ctx.actor, P.roleRead);
      return allPermissions().map((p) => ({ code: p.code, module: p.module, moduleName: p.moduleName[ctx.lang], name: p.name[ctx.lang] }));
    },

    async create(ctx: RequestContext, input: { code: string; name: string; description?: string | null; permissions: string[]; mfaRequired?: boolean }) {
      requirePermission(ctx.actor, P.roleWrite);
      const permissions = [...new Set(input.permissions)];
      checkPermissions(ctx, permissions);
      const now = clock.now();
      const row: Selectable<RoleTable> = {
        id: uuidv7(now.getTime()), code: input.code, name: input.name.trim(), description: input.description ?? null, permissions,
        mfa_required: input.mfaRequired ?? false, builtin: false, created_at: now, updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('role').values(row).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'role.create', objectType: 'role', objectId: row.id, after: toDto(row, 0) }, now);
      });
      return toDto(row, 0);
    },

    async update(ctx: RequestContext, id: string, patch: { name?: string; description?: string | null; permissions?: string[]; mfaRequired?: boolean }) {
      requirePermission(ctx.actor, P.roleWrite);
      const before = await load(id);
      if (before.builtin && (patch.permissions !== undefined || patch.mfaRequired !== undefined)) throw systemErrors.roleBuiltinImmutable();
      const permissions = patch.permissions ? [...new Set(patch.permissions)] : undefined;
      // Only permissions being added need to be held by the editor; removing is always allowed.
      if (permissions) checkPermissions(ctx, permissions.filter((p) => !before.permissions.includes(p)));
      const now = clock.now();
      const after = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('role')
          .set({
            ...(patch.name !== undefined && { name: patch.name.trim() }),
            ...(patch.description !== undefined && { description: patch.description }),
            ...(permissions !== undefined && { permissions }),
            ...(patch.mfaRequired !== undefined && { mfa_required: patch.mfaRequired }),
            updated_at: now,
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const n = await countUsers(id);
        await writeAudit(trx, auditActorOf(ctx), { action: 'role.update', objectType: 'role', objectId: id, before: toDto(before, n), after: toDto(row, n) }, now);
        return toDto(row, n);
      });
      sessions.invalidateAll();
      return after;
    },

    async remove(ctx: RequestContext, id: string): Promise<void> {
      requirePermission(ctx.actor, P.roleWrite);
      const role = await load(id);
      if (role.builtin) throw systemErrors.roleBuiltinImmutable();
      const n = await countUsers(id);
      if (n > 0) throw systemErrors.roleInUse(n);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('role').where('id', '=', id).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'role.delete', objectType: 'role', objectId: id, before: toDto(role, 0) }, now);
      });
    },
  };
}
