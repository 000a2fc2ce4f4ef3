// Life pricing: mortality tables (list, upload) and net premium quotes. Tables are immutable once
// created, so each one is loaded once and kept in memory: a quote is pure computation.
import type { Database } from '../../db/database';
import { requirePermission } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { actuarialErrors } from './actuarial.errors';
import { P } from './permissions';
import { insertTable, listTables, loadRates, type TableSummary } from './actuarial.repository';
import { lifeTable, maxAge, quote, type LifeTable, type Quote, type QuoteInput } from './actuarial.rules';

export function createActuarialService({ db, clock }: { db: Database; clock: Clock }) {
  // Only tables that exist are cached: an unknown code may be uploaded later.
  const cache = new Map<string, LifeTable>();

  async function table(code: string): Promise<LifeTable> {
    const hit = cache.get(code);
    if (hit) return hit;
    const rows = await loadRates(db, code);
    if (rows.length === 0) throw actuarialErrors.tableNotFound(code);
    const t = lifeTable(code, rows);
    cache.set(code, t);
    return t;
  }

  return {
    table,

    async list(ctx: RequestContext): Promise<TableSummary[]> {
      requirePermission(ctx.actor, P.actuarialRead);
      return listTables(db);
    },

    async create(ctx: RequestContext, input: { code: string; name: string; rows: { age: number; qx: number }[] }): Promise<TableSummary> {
      requirePermission(ctx.actor, P.actuarialWrite);
      const t = lifeTable(input.code, input.rows); // 422 naming the row
      // Plain decimal strings (never "1e-7"): numeric stores exactly what the rules validated.
      const rows = t.qx.map((q, k) => ({ age: t.minAge + k, qx: q.toFixed() }));
      const summary: TableSummary = { code: input.code, name: input.name.trim(), source: null, builtin: false, minAge: t.minAge, maxAge: maxAge(t) };
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await insertTable(trx, { code: summary.code, name: summary.name, createdBy: ctx.actor.userId, rows }, now); // duplicate code → 409
        await writeAudit(trx, auditActorOf(ctx), { action: 'actuarial.table.create', objectType: 'mortality_table', objectId: summary.code, after: { ...summary, rows: rows.length } }, now);
      });
      return summary;
    },

    async quote(ctx: RequestContext, input: QuoteInput & { table: string }): Promise<Quote> {
      requirePermission(ctx.actor, P.actuarialRead);
      return quote(await table(input.table), input);
    },
  };
}

export type ActuarialService = ReturnType<typeof createActuarialService>;
