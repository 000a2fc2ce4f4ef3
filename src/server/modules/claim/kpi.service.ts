// The claims dashboard (GET /claims/kpis): pending claims by stage and handler, cycle time per
// stage, reserve and paid totals, paid and reported per month. Set-based: one statement per figure,
// all inside the caller's claim:read scope (and an org subtree if asked), months in Asia/Shanghai.
import Decimal from 'decimal.js';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ClaimKpis, ClaimState } from '../../../contracts/claim';
import { requirePermission, scopePredicate } from '../../platform/access';
import { shanghaiDate } from '../../platform/clock';
import type { RequestContext } from '../../platform/context';
import { addDays, shanghaiStartOfDay } from '../policy/numbering.rules';
import { addMonths } from '../policy/servicing.rules';
import { unprocessable } from './claim.errors';
import type { ClaimDeps } from './deps';
import type { KpiQueryT } from './payment.schemas';
import { P } from './permissions';

/** States a claim waits in; the others are outcomes. */
const PENDING_STATES: ClaimState[] = ['REPORTED', 'REGISTERED', 'PENDING_APPROVAL', 'APPROVED'];
const TOP_HANDLERS = 20;
const fen = (v: Decimal.Value) => new Decimal(v).toFixed(2);
const days = (v: string | null) => new Decimal(v ?? 0).toFixed(1);

export function createKpiService(deps: ClaimDeps) {
  const { db, clock } = deps;

  async function kpis(ctx: RequestContext, query: KpiQueryT): Promise<ClaimKpis> {
    const scope = requirePermission(ctx.actor, P.claimRead);
    const to = query.to ?? shanghaiDate(clock.now());
    // The charts show the 12 months up to `to`; the period figures default to the same window.
    const firstMonth = addMonths(`${to.slice(0, 7)}-01`, -11);
    const from = query.from ?? firstMonth;
    if (from > to) throw unprocessable('CLAIM_KPI_PERIOD_INVALID', 'from', '开始日期', '不能晚于结束日期', 'must not be after to');
    const fromTs = shanghaiStartOfDay(from);
    const toTs = shanghaiStartOfDay(addDays(to, 1));
    const monthsFromTs = shanghaiStartOfDay(firstMonth);

    // `c` (claim) joined to `o` (its org): the caller's scope and the org filter.
    const visible: RawBuilder<SqlBool> = sql<SqlBool>`${scopePredicate(ctx.actor, scope, { orgPath: sql.ref('o.path'), orgId: sql.ref('c.org_id'), ownerId: sql.ref('c.handler_id') })}
      ${query.orgId ? sql`and starts_with(o.path, (select path from org where id = ${query.orgId}))` : sql``}`;
    const months = sql`(select to_char(g, 'YYYY-MM') as month from generate_series(${firstMonth}::date, ${`${to.slice(0, 7)}-01`}::date, interval '1 month') g)`;

    const [byState, byHandler, totals, cycles, paidByMonth, reportedByMonth] = await Promise.all([
      sql<{ state: ClaimState; count: number }>`
        select c.state, count(*)::int as count from claim c join org o on o.id = c.org_id
         where c.state in (${sql.join(PENDING_STATES)}) and ${visible}
         group by c.state`.execute(db),
      sql<{ id: string; username: string; name: string; count: number }>`
        select u.id, u.username, u.name, count(*)::int as count from claim c join org o on o.id = c.org_id join app_user u on u.id = c.handler_id
         where c.state in (${sql.join(PENDING_STATES)}) and ${visible}
         group by u.id order by count(*) desc, u.name limit ${TOP_HANDLERS}`.execute(db),
      sql<{ reserve: string; paid: string }>`
        select (select coalesce(sum(c.outstanding_reserve), 0)::text from claim c join org o on o.id = c.org_id where ${visible}) as reserve,
               (select coalesce(sum(y.amount), 0)::text from claim_payment y join claim c on c.id = y.claim_id join org o on o.id = c.org_id
                 where y.state = 'PAID' and y.paid_at >= ${fromTs} and y.paid_at < ${toTs} and ${visible}) as paid`.execute(db),
      // A stage runs from a claim entering a state (报案 at reported_at, then every transition that
      // changes the state) to its next change; counted for stays that ended in the period.
      sql<{ state: ClaimState; claims: number; avg_days: string | null; p90_days: string | null }>`
        with entered as (
          select c.id as claim_id, 'REPORTED' as state, c.reported_at as at, 0 as ord, c.id as eid
            from claim c join org o on o.id = c.org_id
           where c.updated_at >= ${fromTs} and ${visible}
          union all
          select e.claim_id, e.to_state, e.at, 1, e.id
            from claim_event e join claim c on c.id = e.claim_id join org o on o.id = c.org_id
           where e.from_state is not null and e.to_state is not null and e.to_state <> e.from_state
             and c.updated_at >= ${fromTs} and e.at < ${toTs} and ${visible}
        ), stays as (
          select state, extract(epoch from (lead(at) over w - at)) / 86400 as d, lead(at) over w as left_at
            from entered window w as (partition by claim_id order by at, ord, eid)
        )
        select state, count(*)::int as claims, round(avg(d)::numeric, 1)::text as avg_days,
               round((percentile_cont(0.9) within group (order by d))::numeric, 1)::text as p90_days
          from stays where left_at >= ${fromTs} and left_at < ${toTs} and state in (${sql.join(PENDING_STATES)})
         group by state`.execute(db),
      sql<{ month: string; amount: string; claims: number }>`
        select m.month, coalesce(sum(p.amount), 0)::text as amount, count(distinct p.claim_id)::int as claims
          from ${months} m
          left join (select y.claim_id, y.amount, to_char(y.paid_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month
                       from claim_payment y join claim c on c.id = y.claim_id join org o on o.id = c.org_id
                      where y.state = 'PAID' and y.paid_at >= ${monthsFromTs} and y.paid_at < ${toTs} and ${visible}) p on p.month = m.month
         group by m.month order by m.month`.execute(db),
      sql<{ month: string; count: number }>`
        select m.month, count(r.month)::int as count
          from ${months} m
          left join (select to_char(c.reported_at at time zone 'Asia/Shanghai', 'YYYY-MM') as month
                       from claim c join org o on o.id = c.org_id
                      where c.reported_at >= ${monthsFromTs} and c.reported_at < ${toTs} and ${visible}) r on r.month = m.month
         group by m.month order by m.month`.execute(db),
    ]);

    const count = new Map(byState.rows.map((r) => [r.state, r.count]));
    const cycle = new Map(cycles.rows.map((r) => [r.state, r]));
    return {
      pendingByState: PENDING_STATES.map((state) => ({ state, count: count.get(state) ?? 0 })),
      pendingByHandler: byHandler.rows.map((r) => ({ handler: { id: r.id, username: r.username, name: r.name }, count: r.count })),
      cycleTimes: PENDING_STATES.map((state) => {
        const r = cycle.get(state);
        return { state, claims: r?.claims ?? 0, avgDays: days(r?.avg_days ?? null), p90Days: days(r?.p90_days ?? null) };
      }),
      reserveTotal: fen(totals.rows[0]!.reserve),
      paidTotal: fen(totals.rows[0]!.paid),
      paidByMonth: paidByMonth.rows.map((r) => ({ month: r.month, amount: fen(r.amount), claims: r.claims })),
      reportedByMonth: reportedByMonth.rows,
    };
  }

  return { kpis };
}
export type KpiService = ReturnType<typeof createKpiService>;
