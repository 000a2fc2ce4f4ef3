// 交强险 reference data: the tariff, float scheme and limit schedule in force, read with Kysely and
// kept in memory. Reading ~100 rows per quote would cap throughput far below 2,000 quotes/s, so the
// built reference is cached and only a cheap "which versions are in force" query runs, at most
// once per recheck interval; the full reload happens only when that answer changes (a new version
// was added, or today passed a version's effective_from).
import { AppError } from '../../platform/errors';
import { shanghaiDate, type Clock } from '../../platform/clock';
import type { Database } from '../../db/database';
import { buildCtplReference, type CtplReference } from './ctpl.rules';

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

export interface CtplReferenceStore {
  /** The reference in force today; served from memory between rechecks. */
  get(): Promise<CtplReference>;
  /** Forces a version check on the next get() (call after writing reference data). */
  invalidate(): void;
}

export function createCtplReferenceStore(db: Database, clock: Clock, opts: { recheckMs?: number } = {}): CtplReferenceStore {
  const recheckMs = opts.recheckMs ?? 60_000;
  let cached: { key: string; ref: CtplReference; checkedAt: number } | undefined;
  // Concurrent requests after expiry share one refresh instead of each querying.
  let refreshing: Promise<CtplReference> | undefined;

  async function refresh(): Promise<CtplReference> {
    const now = clock.now();
    const v = await versionsInForce(db, shanghaiDate(now));
    if (!v.tariff || !v.scheme || !v.schedule) throw notConfigured();
    const key = `${v.tariff}/${v.scheme}/${v.schedule}`;
    if (cached?.key === key) {
      cached.checkedAt = now.getTime();
      return cached.ref;
    }
    const ref = await loadReference(db, { tariff: v.tariff, scheme: v.scheme, schedule: v.schedule });
    cached = { key, ref, checkedAt: now.getTime() };
    return ref;
  }

  return {
    get() {
      if (cached && clock.now().getTime() - cached.checkedAt < recheckMs) return Promise.resolve(cached.ref);
      refreshing ??= refresh().finally(() => (refreshing = undefined));
      return refreshing;
    },
    invalidate() {
      if (cached) cached.checkedAt = -Infinity;
    },
  };
}
