// The audit viewer: filters, keyset paging (newest first), export and chain verification.
// Events are visible along the org tree like everything else; events with no org (failed
// sign-ins of unknown names) only to auditors with the `all` scope.
import { sql, type Expression, type SqlBool } from 'kysely';
import { requirePermission, scopePredicate } from '../../platform/access';
import { verifyAuditChain, writeAudit } from '../../platform/audit';
import { auditActorOf, type RequestContext } from '../../platform/context';
import type { SystemDeps } from './auth.service';
import { P } from './permissions';
import type { AuditQueryT } from './schemas';

export function createAuditService({ db, clock }: SystemDeps) {
  function filtered(ctx: RequestContext, permission: string, q: AuditQueryT) {
    const scope = requirePermission(ctx.actor, permission);
    let query = db.selectFrom('audit_event as a').leftJoin('org as o', 'o.id', 'a.org_id');
    if (scope !== 'all') {
      query = query.where(({ ref }): Expression<SqlBool> => scopePredicate(ctx.actor, scope, { orgPath: sql<string>`coalesce(${ref('o.path')}, '')`, orgId: ref('a.org_id') as Expression<string>, ownerId: ref('a.user_id') }));
    }
    if (q.from) query = query.where('a.occurred_at', '>=', new Date(q.from));
    if (q.to) query = query.where('a.occurred_at', '<=', new Date(q.to));
    if (q.username) query = query.where('a.username', '=', q.username);
    if (q.action) query = query.where('a.action', '=', q.action);
    if (q.objectType) query = query.where('a.object_type', '=', q.objectType);
    if (q.objectId) query = query.where('a.object_id', '=', q.objectId);
    if (q.outcome) query = query.where('a.outcome', '=', q.outcome);
    return query;
  }

  const toDto = (r: {
    seq: string; id: string; occurred_at: Date; user_id: string | null; username: string | null; org_id: string | null; roles: string | null; ip: string | null;
    request_id: string | null; action: string; object_type: string | null; object_id: string | null; outcome: string; before: unknown; after: unknown; details: unknown;
  }) => ({
    seq: r.seq, id: r.id, occurredAt: r.occurred_at.toISOString(), userId: r.user_id, username: r.username, orgId: r.org_id, roles: r.roles, ip: r.ip,
    requestId: r.request_id, action: r.action, objectType: r.object_type, objectId: r.object_id, outcome: r.outcome as 'SUCCESS', before: r.before, after: r.after, details: r.details,
  });

  return {
    async list(ctx: RequestContext, q: AuditQueryT) {
      const pageSize = q.pageSize ?? 50;
      let query = filtered(ctx, P.auditRead, q);
      if (q.cursor) query = query.where('a.seq', '<', q.cursor);
      const rows = await query.selectAll('a').orderBy('a.seq', 'desc').limit(pageSize + 1).execute();
      const items = rows.slice(0, pageSize).map(toDto);
      return { items, pageSize, nextCursor: rows.length > pageSize ? items[items.length - 1].seq : null };
    },

    /** Rows for export; the export itself is audited (who took what out). */
    async exportRows(ctx: RequestContext, q: AuditQueryT, cap = 50_000) {
      const rows = await filtered(ctx, P.auditExport, q).selectAll('a').orderBy('a.seq', 'desc').limit(cap).execute();
      await writeAudit(db, auditActorOf(ctx), { action: 'audit.export', objectType: 'audit_event', details: { filters: q, rows: rows.length } }, clock.now());
      return rows.map(toDto);
    },

    async verify(ctx: RequestContext) {
      requirePermission(ctx.actor, P.auditRead);
      const result = await verifyAuditChain(db);
      await writeAudit(db, auditActorOf(ctx), { action: 'audit.verify', objectType: 'audit_event', outcome: result.ok ? 'SUCCESS' : 'FAILURE', details: result }, clock.now());
      return result;
    },
  };
}
