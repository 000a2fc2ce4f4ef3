// 交强险 reference data: the tariff, float scheme and limit schedule in force, read with Kysely and
// kept in memory (reference-cache.ts): reading ~100 rows per quote would cap throughput far below
// 2,000 quotes/s.
import { AppError } from '../../platform/errors';
import { shanghaiDate, type Clock } from '../../platform/clock';
import type { Database } from '../../db/database';
import { buildCtplReference, type CtplReference } from './ctpl.rules';
import { createReferenceStore, type ReferenceStore } from './reference-cache';

interface Versions {
  tariff: string | null;
  scheme: string | null;
  schedule: string | null;
}

/** The version of each reference table in force on a business date (latest effective_from ≤ date). */
async function versionsInForce(db: Database, asOf: string): Promise<Versions> {
  return db
    .selectNoFrom((eb) => [
      eb.selectFrom('ctpl_tariff').select('code').where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').limit(1).as('tariff'),
      eb.selectFrom('ctpl_float_scheme').select('code').where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').limit(1).as('scheme'),
      eb.selectFrom('ctpl_limit_schedule').select('code').where('effective_from', '<=', asOf).orderBy('effective_from', 'desc').limit(1).as('schedule'),
    ])
    .executeTakeFirstOrThrow();
}

async function loadReference(db: Database, v: Required<{ [K in keyof Versions]: string }>): Promise<CtplReference> {
  const [tariff, basePremiums, regions, factors, limits] = await Promise.all([
    db.selectFrom('ctpl_tariff').select(['code', 'trailer_ratio']).where('code', '=', v.tariff).executeTakeFirstOrThrow(),
    db.selectFrom('ctpl_base_premium').select(['code', 'usage', 'name_zh', 'measure', 'from_inclusive', 'to_exclusive', 'annual_premium']).where('tariff', '=', v.tariff).execute(),
    db.selectFrom('ctpl_float_region').select(['region_zh', 'region_class']).where('scheme', '=', v.scheme).execute(),
    db.selectFrom('ctpl_float_factor').select(['factor', 'region_class', 'rate']).where('scheme', '=', v.scheme).execute(),
    db.selectFrom('ctpl_liability_limit').select(['fault', 'death_disability', 'medical', 'property']).where('schedule', '=', v.schedule).execute(),
  ]);
  return buildCtplReference({ tariff, scheme: { code: v.scheme }, schedule: { code: v.schedule }, basePremiums, regions, factors, limits });
}

const notConfigured = () =>
  new AppError('internal', 'CTPL_REFERENCE_MISSING', { zh: '交强险费率表、浮动方案或责任限额尚未配置', en: 'CTPL tariff, float scheme or limits not configured' });

export type CtplReferenceStore = ReferenceStore<CtplReference>;

export function createCtplReferenceStore(db: Database, clock: Clock, opts: { recheckMs?: number } = {}): CtplReferenceStore {
  return createReferenceStore(clock, {
    versions: async (now) => {
      const v = await versionsInForce(db, shanghaiDate(now));
      return v.tariff && v.scheme && v.schedule ? { tariff: v.tariff, scheme: v.scheme, schedule: v.schedule } : null;
    },
    key: (v) => `${v.tariff}/${v.scheme}/${v.schedule}`,
    load: (v) => loadReference(db, v),
    notConfigured,
    recheckMs: opts.recheckMs,
  });
}
