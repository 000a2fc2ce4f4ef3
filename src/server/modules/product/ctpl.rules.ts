// 交强险 (CTPL) rating: pure functions over reference data loaded from the database (DOMAIN.md §2).
// Money and rates are decimal.js values, never floats; the wire format is decimal strings.
// Impossible inputs are returned as typed failures (code + field), never thrown.
import Decimal from 'decimal.js';
import type { Message } from '../../platform/errors';
import type {
  CtplBasePremiumTable,
  CtplFloatFactorTable,
  CtplFloatRegionTable,
  CtplLiabilityLimitTable,
} from '../../db/types';

export { CTPL_USAGES, type CtplUsage } from '../../../contracts/rating';
import type { CtplUsage } from '../../../contracts/rating';

const USAGE_ZH: Record<CtplUsage, string> = {
  FAMILY: '家庭自用汽车',
  ENTERPRISE: '企业非营业汽车',
  GOVERNMENT: '机关非营业汽车',
  TAXI_RENTAL: '出租、租赁营业客车',
  CITY_BUS: '城市公交营业客车',
  COACH: '公路客运营业客车',
  TRUCK_NONBUSINESS: '非营业货车',
  TRUCK_BUSINESS: '营业货车',
  SPECIAL_1: '特种车一',
  SPECIAL_2: '特种车二',
  SPECIAL_3: '特种车三',
  SPECIAL_4: '特种车四',
  MOTORCYCLE: '摩托车',
};

// "摩托车和拖拉机暂不浮动": the float scheme exempts these usages (tractors are not shipped).
const NON_FLOATING: ReadonlySet<string> = new Set(['MOTORCYCLE', 'TRACTOR']);

export type RegionClass = CtplFloatRegionTable['region_class'];
export type FloatFactor = CtplFloatFactorTable['factor'];
export type Measure = NonNullable<CtplBasePremiumTable['measure']>;

export interface CtplVehicle {
  usage: CtplUsage;
  seats?: number;
  tonnage?: number;
  engineCc?: number;
  trailer?: boolean;
}

export interface CtplHistory {
  claimFreeYears: number;
  atFaultAccidentsLastYear: number;
  fatalAtFaultLastYear: boolean;
}

export interface CtplQuoteInput {
  vehicle: CtplVehicle;
  region: string;
  history: CtplHistory;
}

export type CtplFailureCode =
  | 'CTPL_NO_CATEGORY'
  | 'CTPL_SEATS_REQUIRED'
  | 'CTPL_SEATS_INVALID'
  | 'CTPL_SEATS_NO_BRACKET'
  | 'CTPL_TONNAGE_REQUIRED'
  | 'CTPL_TONNAGE_INVALID'
  | 'CTPL_TONNAGE_NO_BRACKET'
  | 'CTPL_ENGINE_REQUIRED'
  | 'CTPL_ENGINE_INVALID'
  | 'CTPL_ENGINE_NO_BRACKET'
  | 'CTPL_TRAILER_NOT_TRUCK'
  | 'CTPL_REGION_UNKNOWN'
  | 'CTPL_HISTORY_INVALID';

export interface CtplFailure {
  code: CtplFailureCode;
  /** Path of the offending input field, as in validation errors ('vehicle.seats'). */
  field: string;
  message: Message;
}

export type CtplResult<T> = { ok: true; value: T } | { ok: false; failure: CtplFailure };

const fail = (code: CtplFailureCode, field: string, zh: string, en: string): { ok: false; failure: CtplFailure } => ({
  ok: false,
  failure: { code, field, message: { zh, en } },
});

// ---------------------------------------------------------------- reference data

export interface CtplBracket {
  code: string;
  usage: string;
  nameZh: string;
  measure: Measure | null;
  from: Decimal | null;
  to: Decimal | null;
  premium: Decimal;
}

export interface CtplLimitSet {
  deathDisability: Decimal;
  medical: Decimal;
  property: Decimal;
}

/** Everything a quote needs, in lookup form. Built once per version (see ctpl.repository.ts). */
export interface CtplReference {
  /** Tariff + float scheme + limit schedule codes, e.g. 'CN-2008/CN-2020/CN-2020'. */
  version: string;
  trailerRatio: Decimal;
  /** Brackets by usage, ascending; all rows of a usage share one measure. */
  brackets: ReadonlyMap<string, readonly CtplBracket[]>;
  regions: ReadonlyMap<string, RegionClass>;
  rates: ReadonlyMap<`${FloatFactor}:${RegionClass}`, Decimal>;
  limits: { atFault: CtplLimitSet; notAtFault: CtplLimitSet };
}

export interface CtplReferenceRows {
  tariff: { code: string; trailer_ratio: string };
  scheme: { code: string };
  schedule: { code: string };
  basePremiums: readonly Omit<CtplBasePremiumTable, 'tariff'>[];
  regions: readonly Pick<CtplFloatRegionTable, 'region_zh' | 'region_class'>[];
  factors: readonly Pick<CtplFloatFactorTable, 'factor' | 'region_class' | 'rate'>[];
  limits: readonly Omit<CtplLiabilityLimitTable, 'schedule'>[];
}

const dec = (v: string | null) => (v === null ? null : new Decimal(v));

/** Turns one version's rows into lookup maps; throws on data that breaks the table's invariants. */
export function buildCtplReference(rows: CtplReferenceRows): CtplReference {
  const brackets = new Map<string, CtplBracket[]>();
  for (const r of rows.basePremiums) {
    const b: CtplBracket = { code: r.code, usage: r.usage, nameZh: r.name_zh, measure: r.measure, from: dec(r.from_inclusive), to: dec(r.to_exclusive), premium: new Decimal(r.annual_premium) };
    const list = brackets.get(r.usage) ?? [];
    if (list.length > 0 && list[0]!.measure !== b.measure) throw new Error(`ctpl tariff ${rows.tariff.code}: usage ${r.usage} mixes measures`);
    list.push(b);
    brackets.set(r.usage, list);
  }
  // Ascending by lower bound (an open lower bound first), so the lowest bracket is list[0].
  for (const list of brackets.values()) list.sort((a, b) => (a.from === null ? -1 : b.from === null ? 1 : a.from.comparedTo(b.from)));

  const limitOf = (fault: CtplLiabilityLimitTable['fault']): CtplLimitSet => {
    const l = rows.limits.find((x) => x.fault === fault);
    if (!l) throw new Error(`ctpl limit schedule ${rows.schedule.code}: no ${fault} row`);
    return { deathDisability: new Decimal(l.death_disability), medical: new Decimal(l.medical), property: new Decimal(l.property) };
  };

  return {
    version: `${rows.tariff.code}/${rows.scheme.code}/${rows.schedule.code}`,
    trailerRatio: new Decimal(rows.tariff.trailer_ratio),
    brackets,
    regions: new Map(rows.regions.map((r) => [r.region_zh, r.region_class])),
    rates: new Map(rows.factors.map((f) => [`${f.factor}:${f.region_class}` as const, new Decimal(f.rate)])),
    limits: { atFault: limitOf('AT_FAULT'), notAtFault: limitOf('NOT_AT_FAULT') },
  };
}

// ---------------------------------------------------------------- category and base premium

const MEASURE_INPUT = {
  seats: { key: 'seats', field: 'vehicle.seats', code: 'SEATS', zh: '座位数', en: 'seats', unitZh: '座', integer: true },
  tonnes: { key: 'tonnage', field: 'vehicle.tonnage', code: 'TONNAGE', zh: '核定载质量', en: 'tonnage', unitZh: '吨', integer: false },
  cc_upper_inclusive: { key: 'engineCc', field: 'vehicle.engineCc', code: 'ENGINE', zh: '排气量', en: 'engine cc', unitZh: 'CC', integer: true },
} as const satisfies Record<Measure, { key: keyof CtplVehicle; field: string; code: string; zh: string; en: string; unitZh: string; integer: boolean }>;

function inBracket(b: CtplBracket, x: Decimal): boolean {
  // Seats and tonnes: [from, to). Motorcycle cc: (from, to] (data/README.md).
  if (b.measure === 'cc_upper_inclusive') return (b.from === null || x.gt(b.from)) && (b.to === null || x.lte(b.to));
  return (b.from === null || x.gte(b.from)) && (b.to === null || x.lt(b.to));
}

export interface CtplCategory {
  bracket: CtplBracket;
  /** Annual base premium, for a trailer already reduced to its share of the truck premium. */
  basePremium: Decimal;
}

export function ctplCategory(ref: CtplReference, vehicle: CtplVehicle): CtplResult<CtplCategory> {
  const usageZh = USAGE_ZH[vehicle.usage] ?? vehicle.usage;
  const list = ref.brackets.get(vehicle.usage);
  if (!list || list.length === 0) {
    return fail('CTPL_NO_CATEGORY', 'vehicle.usage', `使用性质：费率表中没有${usageZh}的费率`, `usage: the tariff has no rate for ${vehicle.usage}`);
  }
  const measure = list[0]!.measure;
  // Trailers pay a share of the truck premium of the same use and tonnage: only tonnage usages.
  if (vehicle.trailer && measure !== 'tonnes') {
    return fail('CTPL_TRAILER_NOT_TRUCK', 'vehicle.trailer', `挂车：挂车按货车费率计算，使用性质不能是${usageZh}`, `trailer: trailers are rated as trucks, not ${vehicle.usage}`);
  }

  let bracket = list[0]!;
  if (measure !== null) {
    const m = MEASURE_INPUT[measure];
    const value = vehicle[m.key];
    if (value === undefined || value === null) {
      return fail(`CTPL_${m.code}_REQUIRED`, m.field, `${m.zh}：${usageZh}必须填写${m.zh}`, `${m.en}: required for ${vehicle.usage}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (m.integer && !Number.isInteger(value))) {
      return fail(`CTPL_${m.code}_INVALID`, m.field, `${m.zh}：必须是${m.integer ? '正整数' : '正数'}`, `${m.en}: must be a positive ${m.integer ? 'integer' : 'number'}`);
    }
    const x = new Decimal(value);
    const found = list.find((b) => inBracket(b, x));
    if (!found) {
      // E.g. a city bus with 5 seats: the table starts at 6, so the vehicle is not a city bus.
      const ranges = list.map((b) => b.nameZh).join('、');
      return fail(`CTPL_${m.code}_NO_BRACKET`, m.field, `${m.zh}：${usageZh}没有 ${value}${m.unitZh} 的费率档次（现有：${ranges}）`, `${m.en}: no ${vehicle.usage} bracket for ${value}`);
    }
    bracket = found;
  }
  const basePremium = vehicle.trailer ? bracket.premium.times(ref.trailerRatio).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : bracket.premium;
  return { ok: true, value: { bracket, basePremium } };
}

// ---------------------------------------------------------------- float

const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * The ONE factor of the 2020 scheme that applies. Factors do not add up: an upward factor (an
 * at-fault accident last year, the fatal one highest) beats any claim-free discount; years with
 * only not-at-fault accidents count as claim-free, so the caller passes them in claimFreeYears.
 */
export function ctplFloatFactor(h: CtplHistory): FloatFactor | null {
  if (h.fatalAtFaultLastYear) return 'A6';
  if (h.atFaultAccidentsLastYear >= 2) return 'A5';
  if (h.atFaultAccidentsLastYear === 1) return 'A4';
  if (h.claimFreeYears >= 3) return 'A3';
  if (h.claimFreeYears === 2) return 'A2';
  if (h.claimFreeYears === 1) return 'A1';
  return null;
}

// ---------------------------------------------------------------- quote

export interface CtplQuote {
  category: string;
  basePremium: Decimal;
  floatFactor: FloatFactor | null;
  floatRate: Decimal;
  premium: Decimal;
  limits: { atFault: CtplLimitSet; notAtFault: CtplLimitSet };
}

const ZERO = new Decimal(0);

export function quoteCtpl(ref: CtplReference, input: CtplQuoteInput): CtplResult<CtplQuote> {
  const cat = ctplCategory(ref, input.vehicle);
  if (!cat.ok) return cat;

  const regionClass = ref.regions.get(input.region);
  if (!regionClass) {
    return fail('CTPL_REGION_UNKNOWN', 'region', `地区：不认识“${input.region}”，请填写省、自治区、直辖市或计划单列市的简称（如 北京、内蒙古、深圳）`, `region: unknown region ${input.region}`);
  }

  const h = input.history;
  for (const k of ['claimFreeYears', 'atFaultAccidentsLastYear'] as const) {
    if (!isCount(h[k])) return fail('CTPL_HISTORY_INVALID', `history.${k}`, `${k === 'claimFreeYears' ? '连续未出险年数' : '上年有责事故次数'}：必须是非负整数`, `${k}: must be a non-negative integer`);
  }

  const floats = !NON_FLOATING.has(input.vehicle.usage);
  const factor = floats ? ctplFloatFactor(h) : null;
  // A factor missing from the scheme is a data error, not a user error: let it surface as a 500.
  const rate = factor === null ? ZERO : ref.rates.get(`${factor}:${regionClass}`);
  if (rate === undefined) throw new Error(`ctpl float scheme ${ref.version}: no rate for ${factor} in region ${regionClass}`);

  return {
    ok: true,
    value: {
      category: cat.value.bracket.code,
      basePremium: cat.value.basePremium,
      floatFactor: factor,
      floatRate: rate,
      premium: cat.value.basePremium.times(rate.plus(1)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
      limits: ref.limits,
    },
  };
}

// ---------------------------------------------------------------- wire format

/** Money with exactly two decimals ("950.00"). */
export const formatMoney = (d: Decimal) => d.toFixed(2);
/** Rates with at least two decimals ("-0.30", "0.00"); more only if the scheme has them. */
export const formatRate = (d: Decimal) => d.toFixed(Math.max(2, d.decimalPlaces()));

const limitSetToWire = (l: CtplLimitSet) => ({ deathDisability: formatMoney(l.deathDisability), medical: formatMoney(l.medical), property: formatMoney(l.property) });

export function ctplQuoteToWire(q: CtplQuote) {
  return {
    category: q.category,
    basePremium: formatMoney(q.basePremium),
    floatFactor: q.floatFactor,
    floatRate: formatRate(q.floatRate),
    premium: formatMoney(q.premium),
    limits: { atFault: limitSetToWire(q.limits.atFault), notAtFault: limitSetToWire(q.limits.notAtFault) },
  };
}
