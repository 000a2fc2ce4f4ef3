// Open sessions of the users in the caller's scope; ending one signs that browser out at once.
import type { Expression, SqlBool } from 'kysely';
import { requirePermission, scopePredicate } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { auditActorOf, type RequestContext } from '../../platform/context';
import type { SystemDeps } from './auth.service';
import { systemErrors } from './errors';
import { P } from './permissions';

export function createSessionService({ db, clock, sessions, config }: SystemDeps) {
  const open = (permission: string, ctx: RequestContext) => {
    const scope = requirePermission(ctx.actor, permission);
    const now = clock.now();
    return db
      .selectFrom('session as s')
      .innerJoin('app_user as u', 'u.id', 's.user_id')
      .innerJoin('org as o', 'o.id', 'u.org_id')
      .where('s.ended_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where('s.last_seen_at', '>', new Date(now.getTime() - config.session.idleMinutes * 60_000))
      .where(({ ref }): Expression<SqlBool> => scopePredicate(ctx.actor, scope, { orgPath: ref('o.path'), orgId: ref('u.org_id'), ownerId: ref('u.id') }));
  };

  return {
    async list(ctx: RequestContext, q: { userId?: string; page?: number; pageSize?: number }) {
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      let query = open(P.sessionRead, ctx);
      if (q.userId) query = query.where('s.user_id', '=', q.userId);
      const [rows, count] = await Promise.all([
        query
          .select(['s.id', 's.user_id', 'u.username', 'u.name', 'o.name as org_name', 's.created_at', 's.last_seen_at', 's.expires_at', 's.ip', 's.user_agent'])
          .orderBy('s.last_seen_at', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((r) => ({
          id: r.id, userId: r.user_id, username: r.username, name: r.name, orgName: r.org_name, createdAt: r.created_at.toISOString(),
          lastSeenAt: r.last_seen_at.toISOString(), expiresAt: r.expires_at.toISOString(), ip: r.ip, userAgent: r.user_agent, current: r.id === ctx.sessionId,
        })),
        total: Number(count.n),
        page,
        pageSize,
      };
    },

    async end(ctx: RequestContext, id: string): Promise<void> {
      const target = await open(P.sessionWrite, ctx).select(['s.id', 's.user_id']).where('s.id', '=', id).executeTakeFirst();
      if (!target) throw systemErrors.sessionNotFound();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await sessions.end(id, 'ENDED_BY_ADMIN', trx);
        await writeAudit(trx, auditActorOf(ctx), { action: 'session.end', objectType: 'user', objectId: target.user_id, details: { session: id.slice(0, 12) } }, now);
      });
      sessions.invalidate(id);
    },
  };
}
