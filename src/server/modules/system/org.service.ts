// The org tree: 总公司 → 分公司 → 中心支公司/支公司 → 营业部/网点, any depth. Stored with a
// materialized path so "this org and everything under it" is one indexed LIKE-prefix predicate.
import { sql, type Selectable } from 'kysely';
import type { Database } from '../../db/database';
import type { OrgTable } from '../../db/types';
import { likePrefix, orgInScope, requirePermission, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { auditActorOf, type RequestContext } from '../../platform/context';
import type { SystemDeps } from './auth.service';
import { systemErrors } from './errors';
import { insertOrg } from './repository';
import { P } from './permissions';
import type { OrgDto } from './schemas';

type OrgRow = Selectable<OrgTable>;

export function toOrgDto(o: OrgRow): OrgDto {
  return { id: o.id, code: o.code, name: o.name, type: o.type as OrgDto['type'], parentId: o.parent_id, depth: o.depth, status: o.status as OrgDto['status'] };
}

/** Pure rule: may `org` move under `newParent`? */
export function checkMove(org: Pick<OrgRow, 'path' | 'parent_id'>, newParent: Pick<OrgRow, 'path'>): 'ROOT' | 'OWN_SUBTREE' | null {
  if (org.parent_id === null) return 'ROOT';
  if (newParent.path.startsWith(org.path)) return 'OWN_SUBTREE';
  return null;
}

/** Loads an org the caller may see under `permission`, or answers 404. */
export async function orgInScopeOrThrow(db: Database, actor: Actor, permission: string, id: string): Promise<OrgRow> {
  const scope = requirePermission(actor, permission);
  const org = await db.selectFrom('org').selectAll().where('id', '=', id).executeTakeFirst();
  if (!org || !orgInScope(actor, scope, org)) throw systemErrors.orgNotFound();
  return org;
}

export function createOrgService({ db, clock, sessions }: SystemDeps) {
  return {
    async list(ctx: RequestContext): Promise<OrgDto[]> {
      const scope = requirePermission(ctx.actor, P.orgRead);
      const rows = await db
        .selectFrom('org')
        .selectAll()
        .where(({ ref }) => scopePredicate(ctx.actor, scope, { orgPath: ref('path'), orgId: ref('id') }))
        .orderBy('depth')
        .orderBy('code')
        .execute();
      return rows.map(toOrgDto);
    },

    async create(ctx: RequestContext, input: { code: string; name: string; type: string; parentId: string }): Promise<OrgDto> {
      const parent = await orgInScopeOrThrow(db, ctx.actor, P.orgWrite, input.parentId);
      const now = clock.now();
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await insertOrg(trx, parent, { code: input.code, name: input.name.trim(), type: input.type }, now);
        await writeAudit(trx, auditActorOf(ctx), { action: 'org.create', objectType: 'org', objectId: inserted.id, after: toOrgDto(inserted) }, now);
        return inserted;
      });
      return toOrgDto(row);
    },

    async update(ctx: RequestContext, id: string, patch: { code?: string; name?: string; type?: string; status?: string }): Promise<OrgDto> {
      const before = await orgInScopeOrThrow(db, ctx.actor, P.orgWrite, id);
      const now = clock.now();
      if (patch.status === 'CLOSED' && before.status !== 'CLOSED') {
        const busy = await db
          .selectFrom('org')
          .select(sql<number>`1`.as('x'))
          .where('parent_id', '=', id)
          .where('status', '=', 'ACTIVE')
          .unionAll(db.selectFrom('app_user').select(sql<number>`1`.as('x')).where('org_id', '=', id).where('status', '=', 'ACTIVE'))
          .limit(1)
          .execute();
        if (busy.length) throw systemErrors.orgHasChildrenOrUsers();
      }
      const after = await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('org')
          .set({ ...(patch.code !== undefined && { code: patch.code }), ...(patch.name !== undefined && { name: patch.name.trim() }), ...(patch.type !== undefined && { type: patch.type }), ...(patch.status !== undefined && { status: patch.status }), updated_at: now })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await writeAudit(trx, auditActorOf(ctx), { action: 'org.update', objectType: 'org', objectId: id, before: toOrgDto(before), after: toOrgDto(row) }, now);
        return row;
      });
      sessions.invalidateAll();
      return toOrgDto(after);
    },

    /** Moves a subtree: every descendant's path is rewritten in one statement. */
    async move(ctx: RequestContext, id: string, parentId: string): Promise<OrgDto> {
      const org = await orgInScopeOrThrow(db, ctx.actor, P.orgWrite, id);
      const parent = await orgInScopeOrThrow(db, ctx.actor, P.orgWrite, parentId);
      const problem = checkMove(org, parent);
      if (problem === 'ROOT') throw systemErrors.orgRootImmovable();
      if (problem === 'OWN_SUBTREE') throw systemErrors.orgMoveIntoOwnSubtree();
      const now = clock.now();
      const newPath = `${parent.path}${org.id}/`;
      const depthDelta = parent.depth + 1 - org.depth;
      const after = await db.transaction().execute(async (trx) => {
        await sql`
          update org set
            path = ${newPath} || substr(path, ${org.path.length + 1}),
            depth = depth + ${depthDelta},
            parent_id = case when id = ${org.id} then ${parent.id}::uuid else parent_id end,
            updated_at = ${now}
          where path like ${likePrefix(org.path)}`.execute(trx);
        const row = await trx.selectFrom('org').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        await writeAudit(trx, auditActorOf(ctx), { action: 'org.move', objectType: 'org', objectId: id, before: { parentId: org.parent_id }, after: { parentId: parent.id } }, now);
        return row;
      });
      sessions.invalidateAll();
      return toOrgDto(after);
    },
  };
}
