// 商业车险 reference data: the rate table, NCD scale and rating parameters in force, read with Kysely
// and cached in memory with the same policy as 交强险 (reference-cache.ts).
import { AppError } from '../../platform/errors';
import { shanghaiDate, type Clock } from '../../platform/clock';
import type { Database } from '../../db/database';
import { buildCommercialReference, type CommercialReference } from './commercial.rules';
import { createReferenceStore, type ReferenceStore } from './reference-cache';

interface Versions {
  rateTable: string;
  ncdScale: string;
  parameters: string;
}

/** The version of each reference table in force on a business date (latest effective_from ≤ date). */
async function versionsInForce(db: Database, asOf: string): Promise<Versions | null> {
  const v = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('commercial_rate_table').select('code').where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').limit(1).as('rateTable'),
      eb.selectFrom('commercial_ncd_scale').select('code').where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').limit(1).as('ncdScale'),
      eb.selectFrom('commercial_rating_parameters').select('code').where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').limit(1).as('parameters'),
    ])
    .executeTakeFirstOrThrow();
  return v.rateTable && v.ncdScale && v.parameters ? { rateTable: v.rateTable, ncdScale: v.ncdScale, parameters: v.parameters } : null;
}

async function loadReference(db: Database, v: Versions): Promise<CommercialReference> {
  const [rateTable, parameters, ncd, coverages, rates, violation] = await Promise.all([
    db.selectFrom('commercial_rate_table').select(['code', 'sample']).where('code', '=', v.rateTable).executeTakeFirstOrThrow(),
    db.selectFrom('commercial_rating_parameters').select(['code', 'pricing_min', 'pricing_max']).where('code', '=', v.parameters).executeTakeFirstOrThrow(),
    db.selectFrom('commercial_ncd_coefficient').select(['level', 'coefficient']).where('scale', '=', v.ncdScale).execute(),
    db.selectFrom('commercial_coverage').select(['code', 'name_zh', 'basis']).orderBy('code').execute(),
    db.selectFrom('commercial_base_rate').select(['code', 'coverage', 'usage', 'age_from', 'age_to', 'limit_amount', 'fixed_premium', 'rate']).where('rate_table', '=', v.rateTable).execute(),
    db.selectFrom('commercial_violation_coefficient').select(['region_zh', 'coefficient']).where('parameters', '=', v.parameters).execute(),
  ]);
  return buildCommercialReference({ rateTable, ncdScale: { code: v.ncdScale }, parameters, ncd, coverages, rates, violation });
}

export function createCommercialReferenceStore(db: Database, clock: Clock, opts: { recheckMs?: number } = {}): ReferenceStore<CommercialReference> {
  return createReferenceStore(clock, {
    versions: (now) => versionsInForce(db, shanghaiDate(now)),
    key: (v) => `${v.rateTable}/${v.ncdScale}/${v.parameters}`,
    load: (v) => loadReference(db, v),
    notConfigured: () => new AppError('internal', 'COMMERCIAL_REFERENCE_MISSING', { zh: '商业车险费率表、NCD 系数表或定价参数尚未配置', en: 'Commercial motor rate table, NCD scale or parameters not configured' }),
    recheckMs: opts.recheckMs,
  });
}
