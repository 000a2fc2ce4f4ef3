// 商业车险 rate tables: a company loads its own filed base rates as a new version, effective from a
// date (today or later, so quotes already given keep their table). Quotes switch to it on that date
// through the reference store. Checked as a whole first (rateTableProblem); stored and audited in
// one transaction.
import { can, requirePermission } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { shanghaiDate, type Clock } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import type { Database } from '../../db/database';
import { CTPL_USAGES } from '../../../contracts/rating';
import { rateTableProblem, type CoverageBasis, type RateRowInput } from './commercial.rules';
import type { ReferenceStore } from './reference-cache';
import type { CommercialReference } from './commercial.rules';
import { P } from './permissions';

export interface RateTableInput {
  code: string;
  name: string;
  effectiveFrom: string;
  source: string;
  rates: RateRowInput[];
}

export interface RateTableSummary {
  code: string;
  name: string;
  effectiveFrom: string;
  sample: boolean;
  source: string;
  rows: number;
  /** The table quotes use today. */
  inForce: boolean;
}

export function createCommercialRateTableService({ db, clock, reference }: { db: Database; clock: Clock; reference: ReferenceStore<CommercialReference> }) {
  return {
    /** Who quotes or who loads tables may see which versions exist. */
    async list(ctx: RequestContext): Promise<RateTableSummary[]> {
      if (!can(ctx.actor, P.ratingConfigure)) requirePermission(ctx.actor, P.ratingQuote);
      const today = shanghaiDate(clock.now());
      const rows = await db
        .selectFrom('commercial_rate_table as t')
        .select(['t.code', 't.name_zh', 't.effective_from', 't.sample', 't.source'])
        .select((eb) => eb.selectFrom('commercial_base_rate as r').whereRef('r.rate_table', '=', 't.code').select((e) => e.fn.countAll<string>().as('n')).as('rows'))
        .orderBy('t.effective_from', 'desc')
        .execute();
      const inForce = rows.find((r) => r.effective_from <= today)?.code;
      return rows.map((r) => ({ code: r.code, name: r.name_zh, effectiveFrom: r.effective_from, sample: r.sample, source: r.source, rows: Number(r.rows ?? 0), inForce: r.code === inForce }));
    },

    async create(ctx: RequestContext, input: RateTableInput): Promise<RateTableSummary> {
      requirePermission(ctx.actor, P.ratingConfigure);
      const today = shanghaiDate(clock.now());
      if (input.effectiveFrom < today) {
        throw new AppError('unprocessable', 'RATE_TABLE_EFFECTIVE_IN_PAST', { zh: `生效日期不能早于今天（${today}）：已出的报价须保持原费率表`, en: `effective date cannot be before today (${today})` }, { field: 'effectiveFrom' });
      }
      const coverages = new Map((await db.selectFrom('commercial_coverage').select(['code', 'basis']).execute()).map((c) => [c.code, c.basis as CoverageBasis]));
      const problem = rateTableProblem(coverages, CTPL_USAGES, input.rates);
      if (problem) throw new AppError('unprocessable', problem.code, problem.message, { field: problem.field });
      const name = input.name.trim();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        // Duplicate code or a second table on the same date → 409 (constraints, mapped in commercial.errors).
        await trx.insertInto('commercial_rate_table').values({ code: input.code, name_zh: name, effective_from: input.effectiveFrom, sample: false, source: input.source.trim() }).execute();
        await trx
          .insertInto('commercial_base_rate')
          .values(input.rates.map((r) => ({
            rate_table: input.code,
            code: r.code,
            coverage: r.coverage,
            usage: r.usage,
            age_from: r.ageFrom ?? null,
            age_to: r.ageTo ?? null,
            limit_amount: r.limitAmount ?? null,
            fixed_premium: r.fixedPremium ?? '0',
            rate: r.rate ?? '0',
          })))
          .execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'rating.rate-table.create', objectType: 'commercial_rate_table', objectId: input.code, after: { code: input.code, name, effectiveFrom: input.effectiveFrom, source: input.source, rows: input.rates.length } }, now);
      });
      reference.invalidate();
      return { code: input.code, name, effectiveFrom: input.effectiveFrom, sample: false, source: input.source.trim(), rows: input.rates.length, inForce: input.effectiveFrom <= today };
    },
  };
}
