// 商业车险 (commercial motor) rating: pure functions over reference data loaded from the database
// (DOMAIN.md §2). Per coverage line:
//   premium = base premium × NCD coefficient × independent pricing coefficient × violation coefficient
// Money and rates are decimal.js values, never floats; the wire format is decimal strings.
// Rounding: each line's base premium is rounded half-up to the fen (it is a money amount shown to
// the customer), the factor chain is applied to that shown amount exactly, and the line premium is
// rounded half-up to the fen once, at the end of the chain. The total is the exact sum of the line
// premiums (no further rounding), so total = Σ lines always holds.
// Impossible inputs are returned as typed failures (code + field), never thrown; broken reference
// data throws (a 500: it is not the user's fault).
import Decimal from 'decimal.js';
import type { Message } from '../../platform/errors';
import type { CommercialBaseRateTable, CommercialCoverageTable } from '../../db/types';
import { formatMoney, formatRate, type CtplUsage } from './ctpl.rules';

export type CoverageBasis = CommercialCoverageTable['basis'];

// ---------------------------------------------------------------- NCD

export const NCD_MIN = -4;
export const NCD_MAX = 5;

export interface NcdHistory {
  /** Number of claims paid in the last 3 policy years. */
  claimsLast3Years: number;
  /** Consecutive insured years (with this or another insurer) up to the new policy. */
  consecutiveInsuredYears: number;
  /** A new vehicle, or one transferred to a new owner this year. */
  newOrTransferred?: boolean;
  /** Months between the previous policy's expiry and the new one's start (0: no lapse). */
  lapseMonths?: number;
}

/**
 * NCD level (DOMAIN.md §2), by precedence:
 *  1. a new or transferred vehicle, or a lapse of more than 6 months → 0 (history does not carry);
 *  2. otherwise four or more claim-free consecutive years → −4;
 *  3. otherwise claims in the last 3 years − consecutive insured years, clamped to [−4, +5].
 * (Rule 2 agrees with rule 3's clamp; it is kept explicit because the regulation states it.)
 * Inputs are assumed valid (non-negative integers, lapse ≥ 0); quoteCommercial checks them.
 */
export function ncdLevel(h: NcdHistory): number {
  if (h.newOrTransferred || (h.lapseMonths ?? 0) > 6) return 0;
  if (h.claimsLast3Years === 0 && h.consecutiveInsuredYears >= 4) return NCD_MIN;
  return Math.min(NCD_MAX, Math.max(NCD_MIN, h.claimsLast3Years - h.consecutiveInsuredYears));
}

// ---------------------------------------------------------------- reference data

export interface CommercialRateCell {
  code: string;
  usage: string;
  ageFrom: Decimal | null;
  ageTo: Decimal | null;
  limit: Decimal | null;
  fixed: Decimal;
  rate: Decimal;
}

export interface CommercialCoverageRef {
  code: string;
  nameZh: string;
  basis: CoverageBasis;
  /** Cells by usage; vehicle_value cells ascending by age, limit cells ascending by limit. */
  cells: ReadonlyMap<string, readonly CommercialRateCell[]>;
}

/** Everything a quote needs, in lookup form. Built once per version (see commercial.repository.ts). */
export interface CommercialReference {
  /** Rate table / NCD scale / parameters codes, e.g. 'SAMPLE-2020/CN-NCD-DEFAULT/CN-COMMERCIAL-2020'. */
  version: string;
  sampleRates: boolean;
  ncd: ReadonlyMap<number, Decimal>;
  coverages: ReadonlyMap<string, CommercialCoverageRef>;
  pricingRange: { min: Decimal; max: Decimal };
  violation: ReadonlyMap<string, Decimal>;
}

export interface CommercialReferenceRows {
  rateTable: { code: string; sample: boolean };
  ncdScale: { code: string };
  parameters: { code: string; pricing_min: string; pricing_max: string };
  ncd: readonly { level: number; coefficient: string }[];
  coverages: readonly Pick<CommercialCoverageTable, 'code' | 'name_zh' | 'basis'>[];
  rates: readonly Omit<CommercialBaseRateTable, 'rate_table'>[];
  violation: readonly { region_zh: string; coefficient: string }[];
}

const dec = (v: string | null) => (v === null ? null : new Decimal(v));

/** Turns one set of versions' rows into lookup maps; throws on data that breaks the invariants. */
export function buildCommercialReference(rows: CommercialReferenceRows): CommercialReference {
  const version = `${rows.rateTable.code}/${rows.ncdScale.code}/${rows.parameters.code}`;
  const ncd = new Map(rows.ncd.map((r) => [r.level, new Decimal(r.coefficient)]));
  for (let l = NCD_MIN; l <= NCD_MAX; l++) if (!ncd.has(l)) throw new Error(`commercial NCD scale ${rows.ncdScale.code}: no coefficient for level ${l}`);

  type MutableCoverage = Omit<CommercialCoverageRef, 'cells'> & { cells: Map<string, CommercialRateCell[]> };
  const coverages = new Map<string, MutableCoverage>();
  for (const c of rows.coverages) coverages.set(c.code, { code: c.code, nameZh: c.name_zh, basis: c.basis, cells: new Map() });
  for (const r of rows.rates) {
    const cov = coverages.get(r.coverage);
    if (!cov) throw new Error(`commercial rate table ${rows.rateTable.code}: unknown coverage ${r.coverage}`);
    const cell: CommercialRateCell = { code: r.code, usage: r.usage, ageFrom: dec(r.age_from), ageTo: dec(r.age_to), limit: dec(r.limit_amount), fixed: new Decimal(r.fixed_premium), rate: new Decimal(r.rate) };
    const shapeOk =
      cov.basis === 'vehicle_value' ? cell.ageFrom !== null && cell.limit === null
      : cov.basis === 'limit' ? cell.limit !== null && cell.ageFrom === null && cell.rate.isZero()
      : cell.limit === null && cell.ageFrom === null && cell.fixed.isZero() && cell.rate.gt(0);
    if (!shapeOk) throw new Error(`commercial rate table ${rows.rateTable.code}: cell ${r.code} does not fit basis ${cov.basis}`);
    const list = cov.cells.get(r.usage) ?? [];
    list.push(cell);
    cov.cells.set(r.usage, list);
  }
  for (const cov of coverages.values()) {
    for (const list of cov.cells.values()) {
      list.sort((a, b) => (cov.basis === 'vehicle_value' ? a.ageFrom!.comparedTo(b.ageFrom!) : cov.basis === 'limit' ? a.limit!.comparedTo(b.limit!) : 0));
      if (cov.basis === 'per_seat' && list.length > 1) throw new Error(`commercial rate table ${rows.rateTable.code}: several ${cov.code} cells for ${list[0]!.usage}`);
    }
  }

  const min = new Decimal(rows.parameters.pricing_min);
  const max = new Decimal(rows.parameters.pricing_max);
  if (!(min.gt(0) && min.lte(max))) throw new Error(`commercial parameters ${rows.parameters.code}: bad pricing range`);
  return {
    version,
    sampleRates: rows.rateTable.sample,
    ncd,
    coverages,
    pricingRange: { min, max },
    violation: new Map(rows.violation.map((v) => [v.region_zh, new Decimal(v.coefficient)])),
  };
}

// ---------------------------------------------------------------- input and failures

export interface CommercialCoverageInput {
  code: string;
  /** THIRD_PARTY: the limit in yuan, e.g. "1000000". */
  limit?: string;
  /** DRIVER / PASSENGER: sum insured per seat in yuan. */
  sumInsured?: string;
  /** PASSENGER: insured passenger seats (default: vehicle seats − 1). */
  seats?: number;
}

export interface CommercialQuoteInput {
  vehicle: { usage: CtplUsage | string; seats?: number; ageYears: number; actualValue?: string };
  region: string;
  coverages: readonly CommercialCoverageInput[];
  history: NcdHistory;
  /** Independent pricing coefficient (自主定价系数); "1.00" when absent. */
  pricingCoefficient?: string;
}

export type CommercialFailureCode =
  | 'COMMERCIAL_COVERAGE_UNKNOWN'
  | 'COMMERCIAL_COVERAGE_DUPLICATE'
  | 'COMMERCIAL_FIELD_NOT_APPLICABLE'
  | 'COMMERCIAL_USAGE_NOT_RATED'
  | 'COMMERCIAL_VEHICLE_AGE_INVALID'
  | 'COMMERCIAL_VEHICLE_AGE_NOT_RATED'
  | 'COMMERCIAL_VEHICLE_VALUE_REQUIRED'
  | 'COMMERCIAL_VEHICLE_VALUE_INVALID'
  | 'COMMERCIAL_LIMIT_REQUIRED'
  | 'COMMERCIAL_LIMIT_NOT_OFFERED'
  | 'COMMERCIAL_SUM_INSURED_REQUIRED'
  | 'COMMERCIAL_SUM_INSURED_INVALID'
  | 'COMMERCIAL_SEATS_REQUIRED'
  | 'COMMERCIAL_SEATS_INVALID'
  | 'COMMERCIAL_HISTORY_INVALID'
  | 'COMMERCIAL_PRICING_COEFFICIENT_INVALID'
  | 'COMMERCIAL_PRICING_COEFFICIENT_OUT_OF_RANGE';

export interface CommercialFailure {
  code: CommercialFailureCode;
  /** Path of the offending input field, as in validation errors ('coverages[1].limit'). */
  field: string;
  message: Message;
}

export type CommercialResult<T> = { ok: true; value: T } | { ok: false; failure: CommercialFailure };

const fail = (code: CommercialFailureCode, field: string, zh: string, en: string): { ok: false; failure: CommercialFailure } => ({
  ok: false,
  failure: { code, field, message: { zh, en } },
});

/** A decimal string, or null when it is not a finite decimal. */
function parseDecimal(s: unknown): Decimal | null {
  if (typeof s !== 'string' || !/^-?[0-9]+(\.[0-9]+)?$/.test(s)) return null;
  return new Decimal(s);
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

// ---------------------------------------------------------------- quote

export type FactorCode = 'NCD' | 'PRICING' | 'VIOLATION';

export interface Factor {
  code: FactorCode;
  value: Decimal;
  why: string;
}

export interface CommercialLine {
  code: string;
  name: string;
  /** How the base premium was computed, e.g. "566.00 + 0.0135 × 150000.00". */
  basis: string;
  basePremium: Decimal;
  factors: readonly Factor[];
  premium: Decimal;
}

export interface CommercialQuote {
  referenceVersion: string;
  sampleRates: boolean;
  ncdLevel: number;
  ncdCoefficient: Decimal;
  pricingCoefficient: Decimal;
  violationCoefficient: Decimal;
  lines: CommercialLine[];
  premium: Decimal;
}

const ONE = new Decimal(1);
const money = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

interface LineContext {
  ref: CommercialReference;
  input: CommercialQuoteInput;
  usage: string;
  age: Decimal;
}

/** Base premium and its explanation of one coverage, or a failure. */
function baseOf(ctx: LineContext, cov: CommercialCoverageRef, c: CommercialCoverageInput, i: number): CommercialResult<{ base: Decimal; basis: string }> {
  const f = `coverages[${i}]`;
  const cells = cov.cells.get(ctx.usage);
  if (!cells || cells.length === 0) {
    return fail('COMMERCIAL_USAGE_NOT_RATED', 'vehicle.usage', `使用性质：费率表中没有 ${ctx.usage} 的${cov.nameZh}费率`, `usage: the rate table has no ${cov.code} rate for ${ctx.usage}`);
  }
  const notApplicable = (key: keyof CommercialCoverageInput) =>
    fail('COMMERCIAL_FIELD_NOT_APPLICABLE', `${f}.${key}`, `${cov.nameZh}：不适用字段 ${key}`, `${cov.code}: ${key} does not apply`);

  if (cov.basis === 'vehicle_value') {
    if (c.limit !== undefined) return notApplicable('limit');
    if (c.sumInsured !== undefined) return notApplicable('sumInsured');
    if (c.seats !== undefined) return notApplicable('seats');
    const raw = ctx.input.vehicle.actualValue;
    if (raw === undefined) return fail('COMMERCIAL_VEHICLE_VALUE_REQUIRED', 'vehicle.actualValue', `实际价值：投保${cov.nameZh}必须填写车辆实际价值`, `actualValue: required for ${cov.code}`);
    const value = parseDecimal(raw);
    if (value === null || value.lte(0)) return fail('COMMERCIAL_VEHICLE_VALUE_INVALID', 'vehicle.actualValue', '实际价值：必须是正数金额', 'actualValue: must be a positive amount');
    const cell = cells.find((x) => ctx.age.gte(x.ageFrom!) && (x.ageTo === null || ctx.age.lt(x.ageTo)));
    if (!cell) return fail('COMMERCIAL_VEHICLE_AGE_NOT_RATED', 'vehicle.ageYears', `车龄：费率表中没有车龄 ${ctx.age.toString()} 年的${cov.nameZh}费率`, `ageYears: no ${cov.code} band for age ${ctx.age.toString()}`);
    return { ok: true, value: { base: money(cell.fixed.plus(cell.rate.times(value))), basis: `${formatMoney(cell.fixed)} + ${cell.rate.toString()} × ${formatMoney(value)}（${cell.code}）` } };
  }

  if (cov.basis === 'limit') {
    if (c.sumInsured !== undefined) return notApplicable('sumInsured');
    if (c.seats !== undefined) return notApplicable('seats');
    const offered = cells.map((x) => formatMoney(x.limit!)).join('、');
    if (c.limit === undefined) return fail('COMMERCIAL_LIMIT_REQUIRED', `${f}.limit`, `${cov.nameZh}：必须选择责任限额（可选：${offered}）`, `${cov.code}: limit required (offered: ${offered})`);
    const limit = parseDecimal(c.limit);
    const cell = limit === null ? undefined : cells.find((x) => x.limit!.eq(limit));
    if (!cell) return fail('COMMERCIAL_LIMIT_NOT_OFFERED', `${f}.limit`, `${cov.nameZh}：不提供 ${c.limit} 元的责任限额（可选：${offered}）`, `${cov.code}: limit ${c.limit} not offered (offered: ${offered})`);
    return { ok: true, value: { base: money(cell.fixed), basis: `限额 ${formatMoney(cell.limit!)} 基准保费 ${formatMoney(cell.fixed)}（${cell.code}）` } };
  }

  // per_seat
  if (c.limit !== undefined) return notApplicable('limit');
  if (c.sumInsured === undefined) return fail('COMMERCIAL_SUM_INSURED_REQUIRED', `${f}.sumInsured`, `${cov.nameZh}：必须填写每座保险金额`, `${cov.code}: sumInsured per seat required`);
  const sum = parseDecimal(c.sumInsured);
  if (sum === null || sum.lte(0)) return fail('COMMERCIAL_SUM_INSURED_INVALID', `${f}.sumInsured`, `${cov.nameZh}：每座保险金额必须是正数金额`, `${cov.code}: sumInsured must be a positive amount`);
  let seats = 1;
  if (cov.code === 'DRIVER') {
    if (c.seats !== undefined && c.seats !== 1) return fail('COMMERCIAL_SEATS_INVALID', `${f}.seats`, `${cov.nameZh}：司机座位只有 1 个`, `${cov.code}: the driver has one seat`);
  } else {
    const vehicleSeats = ctx.input.vehicle.seats;
    const max = vehicleSeats === undefined ? undefined : vehicleSeats - 1;
    if (c.seats === undefined) {
      if (max === undefined) return fail('COMMERCIAL_SEATS_REQUIRED', `${f}.seats`, `${cov.nameZh}：必须填写投保座位数（或车辆核定座位数）`, `${cov.code}: seats required (or vehicle.seats)`);
      seats = max;
    } else seats = c.seats;
    if (!isCount(seats) || seats < 1 || (max !== undefined && seats > max)) {
      return fail('COMMERCIAL_SEATS_INVALID', `${f}.seats`, `${cov.nameZh}：投保座位数必须是 1 到${max ?? '核定座位数−1'}之间的整数`, `${cov.code}: seats must be an integer between 1 and ${max ?? 'vehicle seats − 1'}`);
    }
  }
  const cell = cells[0]!;
  return { ok: true, value: { base: money(cell.rate.times(sum).times(seats)), basis: `${cell.rate.toString()} × ${formatMoney(sum)} × ${seats} 座（${cell.code}）` } };
}

export function quoteCommercial(ref: CommercialReference, input: CommercialQuoteInput): CommercialResult<CommercialQuote> {
  const h = input.history;
  for (const k of ['claimsLast3Years', 'consecutiveInsuredYears'] as const) {
    if (!isCount(h[k])) return fail('COMMERCIAL_HISTORY_INVALID', `history.${k}`, `${k === 'claimsLast3Years' ? '近三年出险次数' : '连续投保年数'}：必须是非负整数`, `${k}: must be a non-negative integer`);
  }
  if (h.lapseMonths !== undefined && !(typeof h.lapseMonths === 'number' && Number.isFinite(h.lapseMonths) && h.lapseMonths >= 0)) {
    return fail('COMMERCIAL_HISTORY_INVALID', 'history.lapseMonths', '脱保月数：必须是非负数', 'lapseMonths: must be non-negative');
  }
  const age = input.vehicle.ageYears;
  if (typeof age !== 'number' || !Number.isFinite(age) || age < 0) return fail('COMMERCIAL_VEHICLE_AGE_INVALID', 'vehicle.ageYears', '车龄：必须是非负数', 'ageYears: must be non-negative');

  let pricing = ONE;
  if (input.pricingCoefficient !== undefined) {
    const p = parseDecimal(input.pricingCoefficient);
    if (p === null) return fail('COMMERCIAL_PRICING_COEFFICIENT_INVALID', 'pricingCoefficient', '自主定价系数：必须是小数，如 1.00', 'pricingCoefficient: must be a decimal such as 1.00');
    pricing = p;
  }
  const { min, max } = ref.pricingRange;
  if (pricing.lt(min) || pricing.gt(max)) {
    return fail('COMMERCIAL_PRICING_COEFFICIENT_OUT_OF_RANGE', 'pricingCoefficient', `自主定价系数：必须在 ${formatRate(min)}–${formatRate(max)} 之间`, `pricingCoefficient: must be between ${formatRate(min)} and ${formatRate(max)}`);
  }

  const level = ncdLevel(h);
  const ncd = ref.ncd.get(level);
  if (ncd === undefined) throw new Error(`commercial reference ${ref.version}: no NCD coefficient for level ${level}`);
  const violationRow = ref.violation.get(input.region);
  const violation = violationRow ?? ONE;

  const ncdWhy =
    h.newOrTransferred ? `新车或过户车，NCD 等级 0` :
    (h.lapseMonths ?? 0) > 6 ? `脱保 ${h.lapseMonths} 个月（超过 6 个月），NCD 等级 0` :
    `近三年出险 ${h.claimsLast3Years} 次，连续投保 ${h.consecutiveInsuredYears} 年，NCD 等级 ${level}`;
  const factors: Factor[] = [
    { code: 'NCD', value: ncd, why: `无赔款优待系数：${ncdWhy}` },
    { code: 'PRICING', value: pricing, why: `自主定价系数 ${formatRate(pricing)}（允许范围 ${formatRate(min)}–${formatRate(max)}${input.pricingCoefficient === undefined ? '；未填写，按 1.00' : ''}）` },
    { code: 'VIOLATION', value: violation, why: violationRow ? `交通违法系数：${input.region}适用 ${formatRate(violation)}` : `交通违法系数：${input.region}未实施，按 1.00` },
  ];
  const chain = factors.reduce((acc, f) => acc.times(f.value), ONE);

  const ctx: LineContext = { ref, input, usage: input.vehicle.usage, age: new Decimal(age) };
  const seen = new Set<string>();
  const lines: CommercialLine[] = [];
  for (const [i, c] of input.coverages.entries()) {
    const cov = ref.coverages.get(c.code);
    if (!cov) {
      const known = [...ref.coverages.keys()].join(', ');
      return fail('COMMERCIAL_COVERAGE_UNKNOWN', `coverages[${i}].code`, `险种：不认识“${c.code}”（可选：${known}）`, `coverage: unknown code ${c.code} (known: ${known})`);
    }
    if (seen.has(c.code)) return fail('COMMERCIAL_COVERAGE_DUPLICATE', `coverages[${i}].code`, `险种：${cov.nameZh}重复`, `coverage: ${c.code} listed twice`);
    seen.add(c.code);
    const b = baseOf(ctx, cov, c, i);
    if (!b.ok) return b;
    lines.push({ code: cov.code, name: cov.nameZh, basis: b.value.basis, basePremium: b.value.base, factors, premium: money(b.value.base.times(chain)) });
  }

  return {
    ok: true,
    value: {
      referenceVersion: ref.version,
      sampleRates: ref.sampleRates,
      ncdLevel: level,
      ncdCoefficient: ncd,
      pricingCoefficient: pricing,
      violationCoefficient: violation,
      lines,
      premium: lines.reduce((acc, l) => acc.plus(l.premium), new Decimal(0)),
    },
  };
}

// ---------------------------------------------------------------- wire format

export function commercialQuoteToWire(q: CommercialQuote) {
  return {
    referenceVersion: q.referenceVersion,
    sampleRates: q.sampleRates,
    ncdLevel: q.ncdLevel,
    ncdCoefficient: formatRate(q.ncdCoefficient),
    pricingCoefficient: formatRate(q.pricingCoefficient),
    violationCoefficient: formatRate(q.violationCoefficient),
    lines: q.lines.map((l) => ({
      code: l.code,
      name: l.name,
      basis: l.basis,
      basePremium: formatMoney(l.basePremium),
      factors: l.factors.map((f) => ({ code: f.code, value: formatRate(f.value), why: f.why })),
      premium: formatMoney(l.premium),
    })),
    premium: formatMoney(q.premium),
  };
}

// ---------------------------------------------------------------- loading a company rate table

/** One cell of a rate table as a company loads it (decimal strings, like the database columns). */
export interface RateRowInput {
  code: string;
  coverage: string;
  usage: string;
  ageFrom?: string | null;
  ageTo?: string | null;
  limitAmount?: string | null;
  fixedPremium?: string;
  rate?: string;
}

export interface RateRowProblem {
  /** Body path, e.g. `rates.3.rate`. */
  field: string;
  code: string;
  message: Message;
}

const DECIMAL = /^\d{1,15}(\.\d{1,6})?$/;
const MONEY = /^\d{1,15}(\.\d{1,2})?$/;

/**
 * Checks a rate table before it is stored: every cell fits its coverage's basis (the same rule the
 * engine relies on), codes are unique, age bands of one usage do not overlap, one per-seat cell and
 * one cell per limit per usage. Returns the first problem, naming the row, or null.
 */
export function rateTableProblem(coverages: ReadonlyMap<string, CoverageBasis>, usages: readonly string[], rows: readonly RateRowInput[]): RateRowProblem | null {
  const at = (i: number, field: string, code: string, zh: string, en: string): RateRowProblem => ({
    field: `rates.${i}.${field}`,
    code,
    message: { zh: `第 ${i + 1} 行 ${zh}`, en: `row ${i + 1}: ${en}` },
  });
  if (rows.length === 0) return { field: 'rates', code: 'RATE_TABLE_EMPTY', message: { zh: '费率表至少需要一行', en: 'a rate table needs at least one row' } };
  const codes = new Set<string>();
  const bands = new Map<string, { from: Decimal; to: Decimal | null; i: number }[]>();
  const singles = new Set<string>();
  for (const [i, r] of rows.entries()) {
    if (codes.has(r.code)) return at(i, 'code', 'RATE_ROW_DUPLICATE', `代码 ${r.code} 重复`, `code ${r.code} repeats`);
    codes.add(r.code);
    const basis = coverages.get(r.coverage);
    if (!basis) return at(i, 'coverage', 'RATE_ROW_COVERAGE_UNKNOWN', `险种 ${r.coverage} 不存在`, `unknown coverage ${r.coverage}`);
    if (!usages.includes(r.usage)) return at(i, 'usage', 'RATE_ROW_USAGE_UNKNOWN', `使用性质 ${r.usage} 不存在`, `unknown usage ${r.usage}`);
    for (const [field, value, pattern, zh] of [
      ['ageFrom', r.ageFrom, DECIMAL, '车龄起'],
      ['ageTo', r.ageTo, DECIMAL, '车龄止'],
      ['limitAmount', r.limitAmount, MONEY, '责任限额'],
      ['fixedPremium', r.fixedPremium, MONEY, '固定保费'],
      ['rate', r.rate, DECIMAL, '费率'],
    ] as const) {
      if (value != null && !pattern.test(value)) return at(i, field, 'RATE_ROW_NUMBER_INVALID', `${zh}必须是不小于 0 的数（${field === 'limitAmount' || field === 'fixedPremium' ? '最多两位小数' : '最多六位小数'}）`, `${field} must be a non-negative number`);
    }
    const ageFrom = dec(r.ageFrom ?? null);
    const ageTo = dec(r.ageTo ?? null);
    const limit = dec(r.limitAmount ?? null);
    const fixed = new Decimal(r.fixedPremium ?? 0);
    const rate = new Decimal(r.rate ?? 0);
    if (rate.gte(1)) return at(i, 'rate', 'RATE_ROW_NUMBER_INVALID', '费率必须小于 1', 'rate must be below 1');
    if (fixed.isZero() && rate.isZero()) return at(i, 'rate', 'RATE_ROW_PREMIUM_MISSING', '固定保费与费率不能都为 0', 'needs a fixed premium or a rate');
    const shape =
      basis === 'vehicle_value'
        ? ageFrom !== null && limit === null && (ageTo === null || ageFrom.lt(ageTo))
        : basis === 'limit'
          ? limit !== null && limit.gt(0) && ageFrom === null && ageTo === null && rate.isZero()
          : limit === null && ageFrom === null && ageTo === null && fixed.isZero() && rate.gt(0);
    if (!shape) {
      const need = { vehicle_value: ['按车龄区间（车龄起 < 车龄止）计费，不填责任限额', 'needs an age band (from < to) and no limit'], limit: ['按责任限额计固定保费，不填车龄与费率', 'needs a limit and a fixed premium only'], per_seat: ['按每座保额 × 费率计费，只填费率', 'needs a rate only'] }[basis];
      return at(i, 'coverage', 'RATE_ROW_SHAPE', `${r.coverage} ${need[0]}`, `${r.coverage} ${need[1]}`);
    }
    const key = `${r.coverage}/${r.usage}`;
    if (basis === 'vehicle_value') {
      const list = bands.get(key) ?? [];
      for (const b of list) {
        const overlaps = (b.to === null || ageFrom!.lt(b.to)) && (ageTo === null || b.from.lt(ageTo));
        if (overlaps) return at(i, 'ageFrom', 'RATE_ROW_AGE_OVERLAP', `车龄区间与第 ${b.i + 1} 行重叠`, `age band overlaps row ${b.i + 1}`);
      }
      list.push({ from: ageFrom!, to: ageTo, i });
      bands.set(key, list);
    } else {
      const single = basis === 'limit' ? `${key}/${limit!.toFixed(2)}` : key;
      if (singles.has(single)) return at(i, basis === 'limit' ? 'limitAmount' : 'usage', 'RATE_ROW_DUPLICATE', '与前面的行重复（同一险种、使用性质' + (basis === 'limit' ? '与限额' : '') + '）', 'repeats an earlier cell');
      singles.add(single);
    }
  }
  return null;
}
