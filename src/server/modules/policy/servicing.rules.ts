// 保全 (policy servicing) money, pure: cooling-off cancellation (WT), P&C surrender pro-rata and
// short-rate (CT), life surrender cash value (CT), reinstatement back premium (RE) and reduction of
// sum assured (PT). DOMAIN.md §3 (pricing basis) and §6 (servicing items). No I/O.
//
// Money: Decimal at 40 significant digits (the actuarial `Dec`); every intermediate stays exact or
// at full precision, and each amount a function returns is rounded ONCE, half-up to the fen, at the
// point named in its comment. Amounts derived from rounded amounts (refund = premium − fee) are then
// exact in fen. Dates are calendar dates 'YYYY-MM-DD' (the business time zone is applied upstream).
import type { EndorsementItem } from '../../../contracts/policy';
import Decimal from 'decimal.js';
import type { Message } from '../../platform/errors';
import { Dec, annuityDue, endowment, maxAge, pureEndowment, termInsurance, wholeLife, type LifeTable } from '../product/actuarial.rules';

// ---------------------------------------------------------------- results

export type ServicingFailureCode =
  | 'SERVICING_AMOUNT_INVALID'
  | 'SERVICING_RATE_INVALID'
  | 'SERVICING_DATE_INVALID'
  | 'SERVICING_PERIOD_INVALID'
  | 'SERVICING_COOLING_OFF_EXPIRED'
  | 'SERVICING_POLICY_EXPIRED'
  | 'SERVICING_COVER_STARTED'
  | 'SERVICING_SHORT_RATE_TABLE_INVALID'
  | 'SERVICING_BENEFIT_NOT_SUPPORTED'
  | 'SERVICING_DURATION_INVALID'
  | 'SERVICING_TERM_INVALID'
  | 'SERVICING_NOT_LAPSED'
  | 'SERVICING_REINSTATEMENT_PERIOD_EXPIRED'
  | 'SERVICING_INSTALMENT_NOT_DUE'
  | 'SERVICING_REDUCTION_INVALID'
  | 'SERVICING_BELOW_PRODUCT_MINIMUM';

export interface ServicingFailure {
  ok: false;
  code: ServicingFailureCode;
  /** Path of the offending input field ('requestDate', 'missedInstalments[2].dueDate'). */
  field: string;
  message: Message;
}

export type ServicingResult<T> = { ok: true; value: T & { explanation: string[] } } | ServicingFailure;

const fail = (code: ServicingFailureCode, field: string, zh: string, en: string): ServicingFailure => ({ ok: false, code, field, message: { zh, en } });

// ---------------------------------------------------------------- values

const MONEY = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DAY_MS = 86_400_000;

/** Half-up to the fen: the only rounding of money in this file. */
export const fen = (d: Decimal.Value): Decimal => new Dec(d).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const yuan = (d: Decimal): string => d.toFixed(2);
const pct = (r: Decimal): string => `${r.times(100).toString()}%`;

/** A money input: ≥ 0, at most 2 decimals (a Decimal or a decimal string). */
function money(v: Decimal.Value): Decimal | null {
  const s = typeof v === 'string' ? v : new Dec(v).isFinite() ? new Dec(v).toFixed() : '';
  return MONEY.test(s) ? new Dec(s) : null;
}

/** A rate input in [0, max] (0.05 = 5%). */
function rate(v: Decimal.Value, max: Decimal.Value = 1): Decimal | null {
  let r: Decimal;
  try {
    r = new Dec(v);
  } catch {
    return null;
  }
  return r.isFinite() && r.gte(0) && r.lte(max) ? r : null;
}

const badAmount = (field: string, zh: string) => fail('SERVICING_AMOUNT_INVALID', field, `${zh}必须是不小于 0 的金额，最多两位小数`, `${field} must be an amount ≥ 0 with at most 2 decimals`);
const badRate = (field: string, zh: string) => fail('SERVICING_RATE_INVALID', field, `${zh}必须是 0 到 1 之间的比例`, `${field} must be a rate between 0 and 1`);
const badDate = (field: string, zh: string) => fail('SERVICING_DATE_INVALID', field, `${zh}必须是有效日期（YYYY-MM-DD）`, `${field} must be a date YYYY-MM-DD`);

function dayNumber(s: string): number | null {
  const m = DATE.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s ? t / DAY_MS : null;
}

/** Days from a to b (b − a), both valid dates. */
export const daysBetween = (a: string, b: string): number => dayNumber(b)! - dayNumber(a)!;

/** 'YYYY-MM-DD' plus k calendar months; a day past the month's end becomes its last day (01-31 + 1 → 02-28/29). */
export function addMonths(date: string, k: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + k;
  const ty = Math.floor(idx / 12);
  const tm = idx - ty * 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return new Date(Date.UTC(ty, tm, Math.min(d, last))).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- 1. cooling-off cancellation (WT)

export interface CoolingOffFee {
  /** A fixed fee (e.g. 工本费 10.00). */
  fixed?: Decimal.Value;
  /** A share of the premium paid (0.01 = 1%). */
  rate?: Decimal.Value;
  /** The fee never exceeds this. */
  cap?: Decimal.Value;
}

export interface CoolingOffInput {
  premiumPaid: Decimal.Value;
  /** Last day of the cooling-off period, inclusive. */
  coolingOffEnd: string;
  /** The day the cancellation is requested. */
  requestDate: string;
  fee?: CoolingOffFee;
}

export interface CoolingOffValue {
  premiumPaid: Decimal;
  fee: Decimal;
  refund: Decimal;
}

/**
 * 犹豫期撤单: fee = min(fixed + premium × rate, cap, premium), rounded half-up to the fen;
 * refund = premium − fee (so ≥ 0, exact). Refused after the cooling-off end date (inclusive).
 */
export function coolingOffCancellation(input: CoolingOffInput): ServicingResult<CoolingOffValue> {
  const premium = money(input.premiumPaid);
  if (!premium) return badAmount('premiumPaid', '已缴保费');
  if (dayNumber(input.coolingOffEnd) === null) return badDate('coolingOffEnd', '犹豫期截止日');
  if (dayNumber(input.requestDate) === null) return badDate('requestDate', '申请日期');
  const fixed = money(input.fee?.fixed ?? 0);
  if (!fixed) return badAmount('fee.fixed', '固定手续费');
  const r = rate(input.fee?.rate ?? 0);
  if (!r) return badRate('fee.rate', '手续费比例');
  const cap = input.fee?.cap === undefined ? null : money(input.fee.cap);
  if (cap === null && input.fee?.cap !== undefined) return badAmount('fee.cap', '手续费上限');
  if (input.requestDate > input.coolingOffEnd) {
    return fail('SERVICING_COOLING_OFF_EXPIRED', 'requestDate', `申请日期 ${input.requestDate} 已超过犹豫期（截至 ${input.coolingOffEnd}），请改办退保`, `the cooling-off period ended on ${input.coolingOffEnd}; use surrender instead`);
  }
  const explanation = [`已缴保费 ${yuan(premium)} 元，犹豫期截至 ${input.coolingOffEnd}（含当日），申请日 ${input.requestDate}，在犹豫期内`];
  let fee = fen(fixed.plus(premium.times(r)));
  explanation.push(`手续费 = 固定 ${yuan(fixed)} 元 + 保费 × ${pct(r)} = ${yuan(fee)} 元（四舍五入到分）`);
  if (cap !== null && fee.gt(cap)) {
    fee = cap;
    explanation.push(`手续费以上限 ${yuan(cap)} 元为准`);
  }
  if (fee.gt(premium)) {
    fee = premium;
    explanation.push('手续费不超过已缴保费');
  }
  const refund = premium.minus(fee);
  explanation.push(`退还金额 = ${yuan(premium)} − ${yuan(fee)} = ${yuan(refund)} 元`);
  return { ok: true, value: { premiumPaid: premium, fee, refund, explanation } };
}

// ---------------------------------------------------------------- 2. P&C surrender (CT)

/**
 * Cover runs from 00:00 on `startDate` to 24:00 on `endDate` (term days = end − start + 1).
 * A surrender takes effect at 00:00 on `effectiveDate`, the first day no longer covered (the usual
 * "次日零时" is the request date + 1). Days in force = effectiveDate − startDate, within [0, term days].
 */
export interface PcSurrenderInput {
  premium: Decimal.Value;
  startDate: string;
  endDate: string;
  effectiveDate: string;
}

export interface PcSurrenderValue {
  premium: Decimal;
  earned: Decimal;
  refund: Decimal;
  termDays: number;
  daysInForce: number;
}

function checkPeriod(input: PcSurrenderInput): ServicingFailure | { premium: Decimal; termDays: number; daysInForce: number } {
  const premium = money(input.premium);
  if (!premium) return badAmount('premium', '保费');
  for (const [f, zh] of [['startDate', '起保日期'], ['endDate', '终止日期'], ['effectiveDate', '退保生效日']] as const) {
    if (dayNumber(input[f]) === null) return badDate(f, zh);
  }
  if (input.endDate < input.startDate) return fail('SERVICING_PERIOD_INVALID', 'endDate', '终止日期早于起保日期', 'endDate is before startDate');
  const termDays = daysBetween(input.startDate, input.endDate) + 1;
  const inForce = daysBetween(input.startDate, input.effectiveDate);
  if (inForce > termDays) {
    return fail('SERVICING_POLICY_EXPIRED', 'effectiveDate', `保险期间已于 ${input.endDate} 24 时届满，不能退保`, `the policy expired at the end of ${input.endDate}`);
  }
  return { premium, termDays, daysInForce: Math.max(0, inForce) };
}

/**
 * Pro-rata by days: refund = unearned = premium × (term days − days in force) ÷ term days, rounded
 * half-up to the fen; earned = premium − refund. Never negative (days in force ≤ term days).
 */
export function proRataSurrender(input: PcSurrenderInput): ServicingResult<PcSurrenderValue> {
  const p = checkPeriod(input);
  if ('ok' in p) return p;
  const remaining = p.termDays - p.daysInForce;
  const refund = fen(p.premium.times(remaining).div(p.termDays));
  const earned = p.premium.minus(refund);
  return {
    ok: true,
    value: {
      premium: p.premium,
      earned,
      refund,
      termDays: p.termDays,
      daysInForce: p.daysInForce,
      explanation: [
        `保险期间 ${input.startDate} 0 时至 ${input.endDate} 24 时，共 ${p.termDays} 天；退保于 ${input.effectiveDate} 0 时生效，已生效 ${p.daysInForce} 天，未到期 ${remaining} 天`,
        `退还未满期保费 = ${yuan(p.premium)} × ${remaining} ÷ ${p.termDays} = ${yuan(refund)} 元（四舍五入到分）`,
        `已赚保费 = ${yuan(p.premium)} − ${yuan(refund)} = ${yuan(earned)} 元`,
      ],
    },
  };
}

/** One row of a short-rate table: up to `months` months in force, `percent` of the annual premium is retained. */
export interface ShortRateRow {
  months: number;
  /** Percent retained, '0'..'100'. */
  percent: string;
}

/**
 * 短期费率表 as widely used in Chinese P&C clauses (1 month 10%, +10% a month to 8 months 80%,
 * then 85/90/95/100%). STATUS: a common market default only — not a regulatory constant and not
 * verified against any particular filed clause; every product must confirm (or replace) it in its
 * own definition. The calculation never reads this constant: the table is always an input.
 */
export const DEFAULT_SHORT_RATE: readonly ShortRateRow[] = Object.freeze([
  { months: 1, percent: '10' },
  { months: 2, percent: '20' },
  { months: 3, percent: '30' },
  { months: 4, percent: '40' },
  { months: 5, percent: '50' },
  { months: 6, percent: '60' },
  { months: 7, percent: '70' },
  { months: 8, percent: '80' },
  { months: 9, percent: '85' },
  { months: 10, percent: '90' },
  { months: 11, percent: '95' },
  { months: 12, percent: '100' },
]);

/**
 * Calendar months in force, a partial month counting as a whole one ("不足一个月按一个月计"):
 * the smallest m with startDate + m months ≥ effectiveDate (0 when not yet started).
 */
export function monthsInForce(startDate: string, effectiveDate: string): number {
  if (effectiveDate <= startDate) return 0;
  let m = 1;
  while (addMonths(startDate, m) < effectiveDate) m++;
  return m;
}

function checkShortRate(table: readonly ShortRateRow[]): ServicingFailure | null {
  const bad = (k: number, en: string) => fail('SERVICING_SHORT_RATE_TABLE_INVALID', `shortRateTable[${k}]`, `短期费率表第 ${k + 1} 行无效：月数须递增、比例在 0–100 之间且不递减`, `row ${k + 1}: ${en}`);
  if (table.length === 0) return bad(0, 'the table is empty');
  for (let k = 0; k < table.length; k++) {
    const row = table[k]!;
    const prev = table[k - 1];
    if (!Number.isInteger(row.months) || row.months < 1 || (prev && row.months <= prev.months)) return bad(k, 'months must be increasing integers ≥ 1');
    const r = rate(row.percent, 100);
    if (!r) return bad(k, 'percent must be between 0 and 100');
    if (prev && r.lt(prev.percent)) return bad(k, 'percent must not decrease');
  }
  return null;
}

/**
 * Short-rate: earned = annual premium × percent(first row with months ≥ months in force) ÷ 100,
 * rounded half-up to the fen; beyond the last row the whole premium is earned; 0 months → nothing.
 * refund = premium − earned, never negative (earned is capped at the premium).
 */
export function shortRateSurrender(input: PcSurrenderInput & { shortRateTable: readonly ShortRateRow[] }): ServicingResult<PcSurrenderValue & { monthsInForce: number; percentRetained: Decimal }> {
  const p = checkPeriod(input);
  if ('ok' in p) return p;
  const badTable = checkShortRate(input.shortRateTable);
  if (badTable) return badTable;
  const months = monthsInForce(input.startDate, input.effectiveDate);
  const row = input.shortRateTable.find((r) => r.months >= months);
  const percent = months === 0 ? new Dec(0) : new Dec(row ? row.percent : 100);
  const earned = Decimal.min(fen(p.premium.times(percent).div(100)), p.premium);
  const refund = p.premium.minus(earned);
  return {
    ok: true,
    value: {
      premium: p.premium,
      earned,
      refund,
      termDays: p.termDays,
      daysInForce: p.daysInForce,
      monthsInForce: months,
      percentRetained: percent,
      explanation: [
        `起保 ${input.startDate}，退保于 ${input.effectiveDate} 0 时生效，已生效 ${months} 个月（不足一个月按一个月计）`,
        row || months === 0 ? `按短期费率表收取 ${percent.toString()}% 的年保费` : `超出短期费率表最后一行（${input.shortRateTable.at(-1)!.months} 个月），按 100% 收取`,
        `已赚保费 = ${yuan(p.premium)} × ${percent.toString()}% = ${yuan(earned)} 元（四舍五入到分）`,
        `退还保费 = ${yuan(p.premium)} − ${yuan(earned)} = ${yuan(refund)} 元`,
      ],
    },
  };
}

// ---------------------------------------------------------------- 2b. surrender before cover starts (CT)

export interface NotStartedSurrenderInput {
  premiumPaid: Decimal.Value;
  startDate: string;
  /** Before startDate: the policy ends before its first day of cover. */
  effectiveDate: string;
}

/**
 * 退保 of a policy issued but not started yet (cover from 00:00 on `startDate`): no day in force,
 * nothing earned and — for life — no cash value built, so the whole premium paid goes back, P&C and
 * life alike. Refused from the start date on (the ordinary surrender rules apply then).
 */
export function notStartedSurrender(input: NotStartedSurrenderInput): ServicingResult<{ premiumPaid: Decimal; refund: Decimal }> {
  const premium = money(input.premiumPaid);
  if (!premium) return badAmount('premiumPaid', '已缴保费');
  if (dayNumber(input.startDate) === null) return badDate('startDate', '起保日期');
  if (dayNumber(input.effectiveDate) === null) return badDate('effectiveDate', '退保生效日');
  if (input.effectiveDate >= input.startDate) {
    return fail('SERVICING_COVER_STARTED', 'effectiveDate', `保险责任已于 ${input.startDate} 0 时开始，按已生效保单退保`, `cover started on ${input.startDate}; the ordinary surrender applies`);
  }
  return {
    ok: true,
    value: {
      premiumPaid: premium,
      refund: premium,
      explanation: [
        `保险责任自 ${input.startDate} 0 时开始，退保于 ${input.effectiveDate} 生效，保险责任尚未开始（已生效 0 天）`,
        `起保前退保，全额退还已缴保费 ${yuan(premium)} 元`,
      ],
    },
  };
}

// ---------------------------------------------------------------- 3. life surrender (CT)

export type ReserveBenefit = 'WHOLE_LIFE' | 'TERM' | 'ENDOWMENT' | 'PURE_ENDOWMENT';

/** The product's pricing basis and the policy's terms (see catalogue.rules `lifeEngineInput`). */
export interface LifePolicyBasis {
  table: LifeTable;
  benefit: ReserveBenefit | 'ANNUITY_DUE';
  /** Issue age x. */
  age: number;
  /** Years of cover n; absent for whole life (then n = ω + 1 − x). */
  term?: number;
  /** Premium-paying years m ≤ n (1 for a single premium); default n. */
  paymentTerm?: number;
  /** Pricing interest rate i. */
  interest: Decimal.Value;
  sumAssured: Decimal.Value;
}

export interface LifeSurrenderInput extends LifePolicyBasis {
  /** Completed policy years t (the calculation is at the t-th policy anniversary). */
  duration: number;
  /**
   * Optional surrender charge by policy year: surrenderCharges[k − 1] applies at the end of policy
   * year k (i.e. duration t uses index t − 1); none beyond the list.
   */
  surrenderCharges?: readonly Decimal.Value[];
}

export interface LifeSurrenderValue {
  /** tV × S, floored at zero, half-up to the fen. */
  reserve: Decimal;
  chargeRate: Decimal;
  /** reserve × chargeRate, half-up to the fen. */
  charge: Decimal;
  /** reserve − charge. */
  cashValue: Decimal;
  /** Net level premium per year for the sum assured (pricing basis), half-up to the fen. */
  netPremium: Decimal;
}

/**
 * Prospective net premium reserve per unit sum assured at duration t, full precision, not floored:
 *
 *   P   = A(x, n) ÷ ä_{x:m}                     (net level premium, DOMAIN §3)
 *   tV  = A(x+t, n−t) − P · ä_{x+t : m−t}        (the annuity is 0 once premiums are paid up, t ≥ m)
 *
 * where A is the benefit's net single premium: A_{x+t} (whole life), A¹_{x+t:n−t} (term),
 * n−tE_{x+t} (pure endowment), A_{x+t:n−t} (endowment). At maturity t = n the benefit value is
 * the maturity payment: 1 for endowment and pure endowment, 0 for term and whole life.
 * All present values come from actuarial.rules.
 */
export function netPremiumReserve(basis: Omit<LifePolicyBasis, 'sumAssured' | 'benefit'> & { benefit: ReserveBenefit }, t: number): { reserve: Decimal; premium: Decimal } {
  const { table, age: x, interest: i } = basis;
  const n = basis.term ?? maxAge(table) + 1 - x;
  const m = basis.paymentTerm ?? n;
  const A = (age: number, years: number): Decimal => {
    if (years === 0) return new Dec(basis.benefit === 'ENDOWMENT' || basis.benefit === 'PURE_ENDOWMENT' ? 1 : 0);
    switch (basis.benefit) {
      case 'WHOLE_LIFE':
        return wholeLife(table, age, i);
      case 'TERM':
        return termInsurance(table, age, years, i);
      case 'PURE_ENDOWMENT':
        return pureEndowment(table, age, years, i);
      case 'ENDOWMENT':
        return endowment(table, age, years, i);
    }
  };
  const premium = A(x, n).div(annuityDue(table, x, i, m));
  const left = m - t;
  const annuity = left > 0 ? annuityDue(table, x + t, i, left) : new Dec(0);
  return { reserve: A(x + t, n - t).minus(premium.times(annuity)), premium };
}

/** 寿险退保现金价值: max(0, tV) × S, less the policy year's surrender charge. Rounding: reserve and charge to the fen. */
export function lifeSurrender(input: LifeSurrenderInput): ServicingResult<LifeSurrenderValue> {
  if (input.benefit === 'ANNUITY_DUE') {
    return fail('SERVICING_BENEFIT_NOT_SUPPORTED', 'benefit', '年金产品的现金价值尚未支持', 'cash values of annuities are not supported yet');
  }
  const S = money(input.sumAssured);
  if (!S) return badAmount('sumAssured', '保险金额');
  const t = input.table;
  const x = input.age;
  if (!Number.isInteger(x) || x < t.minAge || x > maxAge(t)) return fail('SERVICING_TERM_INVALID', 'age', `投保年龄须在生命表范围 ${t.minAge}–${maxAge(t)} 内`, `age must be within ${t.minAge}–${maxAge(t)}`);
  const whole = input.benefit === 'WHOLE_LIFE';
  const n = whole ? maxAge(t) + 1 - x : input.term;
  if (n === undefined || !Number.isInteger(n) || n < 1 || x + n > maxAge(t) + 1 || (whole && input.term !== undefined)) {
    return fail('SERVICING_TERM_INVALID', 'term', '保险期间无效', 'term is invalid for the benefit and table');
  }
  const m = input.paymentTerm ?? n;
  if (!Number.isInteger(m) || m < 1 || m > n) return fail('SERVICING_TERM_INVALID', 'paymentTerm', '缴费期间须为 1 到保险期间之间的整数', 'paymentTerm must be an integer between 1 and the term');
  const i = rate(input.interest, '0.2');
  if (!i) return fail('SERVICING_RATE_INVALID', 'interest', '预定利率须在 0 到 20% 之间', 'interest must be between 0 and 0.2');
  const d = input.duration;
  // Whole life: at t = n the insured is past ω — no reserve to compute; stop at ω.
  if (!Number.isInteger(d) || d < 0 || d > n || (whole && d === n)) {
    return fail('SERVICING_DURATION_INVALID', 'duration', `保单经过年度须为 0 到 ${whole ? n - 1 : n} 之间的整数`, `duration must be an integer between 0 and ${whole ? n - 1 : n}`);
  }
  const charges = input.surrenderCharges ?? [];
  const chargeRaw = d >= 1 && d <= charges.length ? charges[d - 1]! : 0;
  const chargeRate = rate(chargeRaw);
  if (!chargeRate) return badRate(`surrenderCharges[${d - 1}]`, '退保费用比例');

  const basis = { table: t, benefit: input.benefit, age: x, term: n, paymentTerm: m, interest: i };
  const { reserve: perUnit, premium } = netPremiumReserve(basis, d);
  const reserve = fen(Decimal.max(perUnit, 0).times(S));
  const charge = fen(reserve.times(chargeRate));
  const cashValue = reserve.minus(charge);
  const explanation = [
    `定价基础：生命表 ${t.code}，预定利率 ${pct(i)}；投保年龄 ${x} 岁，保险期间 ${n} 年，缴费期间 ${m} 年，保额 ${yuan(S)} 元`,
    `每单位年缴净保费 P = A(${x}, ${n}) ÷ ä(${x}, ${m}) = ${premium.toSignificantDigits(10).toString()}`,
    `第 ${d} 保单年度末责任准备金（未来法）tV = A(${x + d}, ${n - d}) − P × ä(${x + d}, ${Math.max(m - d, 0)}) = ${perUnit.toSignificantDigits(10).toString()}（每单位保额）`,
    perUnit.isNegative() ? '准备金为负，按 0 计' : `准备金 = ${perUnit.toSignificantDigits(10).toString()} × ${yuan(S)} = ${yuan(reserve)} 元（四舍五入到分）`,
    `退保费用 = ${yuan(reserve)} × ${pct(chargeRate)} = ${yuan(charge)} 元；现金价值 = ${yuan(cashValue)} 元`,
  ];
  return { ok: true, value: { reserve, chargeRate, charge, cashValue, netPremium: fen(premium.times(S)), explanation } };
}

// ---------------------------------------------------------------- 4. reinstatement (RE)

export interface MissedInstalment {
  dueDate: string;
  amount: Decimal.Value;
}

export interface ReinstatementInput {
  /** Date the policy lapsed (效力中止日). */
  lapseDate: string;
  /** Date of the reinstatement (request / effective) — interest runs to it. */
  requestDate: string;
  /** Reinstatement period in years from the lapse date, inclusive (e.g. 2, 保险法第三十七条). */
  periodYears: number;
  missedInstalments: readonly MissedInstalment[];
  /** Simple interest per year on each missed instalment from its due date, by days / 365; none when absent. */
  interestRate?: Decimal.Value;
}

export interface ReinstatementValue {
  premium: Decimal;
  interest: Decimal;
  total: Decimal;
  lastDay: string;
}

/**
 * 复效: allowed up to lapseDate + periodYears (inclusive; Feb 29 → Feb 28). Back premium = Σ missed
 * instalments; interest = Σ fen(amount × rate × days(due → request) ÷ 365), each instalment rounded
 * half-up to the fen; total = premium + interest.
 */
export function reinstatement(input: ReinstatementInput): ServicingResult<ReinstatementValue> {
  if (dayNumber(input.lapseDate) === null) return badDate('lapseDate', '效力中止日');
  if (dayNumber(input.requestDate) === null) return badDate('requestDate', '申请日期');
  if (!Number.isInteger(input.periodYears) || input.periodYears < 0) return fail('SERVICING_PERIOD_INVALID', 'periodYears', '复效期间须为不小于 0 的整年数', 'periodYears must be a whole number ≥ 0');
  const r = input.interestRate === undefined ? new Dec(0) : rate(input.interestRate);
  if (!r) return badRate('interestRate', '复效利率');
  if (input.requestDate < input.lapseDate) return fail('SERVICING_NOT_LAPSED', 'requestDate', `保单于 ${input.lapseDate} 才中止效力`, `the policy lapses only on ${input.lapseDate}`);
  const lastDay = addMonths(input.lapseDate, 12 * input.periodYears);
  if (input.requestDate > lastDay) {
    return fail('SERVICING_REINSTATEMENT_PERIOD_EXPIRED', 'requestDate', `已超过复效期间（自 ${input.lapseDate} 起 ${input.periodYears} 年，截至 ${lastDay}），不能复效`, `the reinstatement period ended on ${lastDay}`);
  }
  let premium = new Dec(0);
  let interest = new Dec(0);
  const explanation = [`效力中止日 ${input.lapseDate}，复效期截至 ${lastDay}（含），申请日 ${input.requestDate}`];
  for (let k = 0; k < input.missedInstalments.length; k++) {
    const it = input.missedInstalments[k]!;
    if (dayNumber(it.dueDate) === null) return badDate(`missedInstalments[${k}].dueDate`, '应缴日');
    if (it.dueDate > input.requestDate) return fail('SERVICING_INSTALMENT_NOT_DUE', `missedInstalments[${k}].dueDate`, `${it.dueDate} 的保费尚未到期`, `the instalment due ${it.dueDate} is not yet due`);
    const amount = money(it.amount);
    if (!amount) return badAmount(`missedInstalments[${k}].amount`, '应缴保费');
    const days = daysBetween(it.dueDate, input.requestDate);
    const int = fen(amount.times(r).times(days).div(365));
    premium = premium.plus(amount);
    interest = interest.plus(int);
    explanation.push(`应缴日 ${it.dueDate} 保费 ${yuan(amount)} 元，${days} 天利息 = ${yuan(amount)} × ${pct(r)} × ${days} ÷ 365 = ${yuan(int)} 元`);
  }
  const total = premium.plus(interest);
  explanation.push(`补缴保费 ${yuan(premium)} 元 + 利息 ${yuan(interest)} 元 = ${yuan(total)} 元`);
  return { ok: true, value: { premium, interest, total, lastDay, explanation } };
}

// ---------------------------------------------------------------- 5. reduction of sum assured (PT)

export interface ReductionInput extends LifeSurrenderInput {
  newSumAssured: Decimal.Value;
  /** The product version's minimum sum assured (null: none). */
  minSumAssured: Decimal.Value | null;
  /** The premium per instalment now. */
  currentPremium: Decimal.Value;
}

export interface ReductionValue {
  fraction: Decimal;
  cashValue: Decimal;
  refund: Decimal;
  newPremium: Decimal;
}

/**
 * 减保 (life): fraction = (S − S′) ÷ S; refund = fen(cash value at S × fraction) — the cash value of
 * the surrendered part; new premium = fen(current premium × S′ ÷ S).
 */
export function reduceSumAssured(input: ReductionInput): ServicingResult<ReductionValue> {
  const S = money(input.sumAssured);
  if (!S || S.isZero()) return badAmount('sumAssured', '保险金额');
  const S2 = money(input.newSumAssured);
  if (!S2) return badAmount('newSumAssured', '减保后保额');
  const premium = money(input.currentPremium);
  if (!premium) return badAmount('currentPremium', '当期保费');
  const min = input.minSumAssured === null ? null : money(input.minSumAssured);
  if (min === null && input.minSumAssured !== null) return badAmount('minSumAssured', '最低保额');
  if (S2.isZero() || S2.gte(S)) return fail('SERVICING_REDUCTION_INVALID', 'newSumAssured', '减保后保额须大于 0 且小于现保额（全部减保请办理退保）', 'the new sum assured must be above 0 and below the current one (use surrender for all of it)');
  if (min !== null && S2.lt(min)) return fail('SERVICING_BELOW_PRODUCT_MINIMUM', 'newSumAssured', `减保后保额不得低于本产品最低保额 ${yuan(min)} 元`, `the new sum assured is below the product minimum ${yuan(min)}`);
  const cv = lifeSurrender(input);
  if (!cv.ok) return cv;
  const fraction = S.minus(S2).div(S);
  const refund = fen(cv.value.cashValue.times(fraction));
  const newPremium = fen(premium.times(S2).div(S));
  return {
    ok: true,
    value: {
      fraction,
      cashValue: cv.value.cashValue,
      refund,
      newPremium,
      explanation: [
        ...cv.value.explanation,
        `保额由 ${yuan(S)} 元减至 ${yuan(S2)} 元，减少比例 ${fraction.toSignificantDigits(10).toString()}`,
        `退还 = 现金价值 ${yuan(cv.value.cashValue)} × 减少比例 = ${yuan(refund)} 元（四舍五入到分）`,
        `减保后每期保费 = ${yuan(premium)} × ${yuan(S2)} ÷ ${yuan(S)} = ${yuan(newPremium)} 元（四舍五入到分）`,
      ],
    },
  };
}

// ---------------------------------------------------------------- which items apply

const LIFE_LINES: ReadonlySet<string> = new Set(['TERM_LIFE', 'WHOLE_LIFE', 'ENDOWMENT', 'ANNUITY']);
export const isLifeLine = (line: string): boolean => LIFE_LINES.has(line);

/**
 * The 保全 items a policy admits today: in force — contact, policyholder and (life) beneficiary
 * changes, cooling-off cancellation up to its last day, surrender, (life) reduction of sum assured,
 * reissue; lapsed — reinstatement, surrender, contact change; ended policies — none.
 */
export function endorsementItemsFor(p: { state: string; line: string; coolingOffEnd: string | null; sumAssured: string | null }, today: string): EndorsementItem[] {
  const life = isLifeLine(p.line);
  if (p.state === 'IN_FORCE') {
    const items: EndorsementItem[] = ['CONTACT_CHANGE'];
    if (life) items.push('BENEFICIARY_CHANGE');
    items.push('POLICYHOLDER_CHANGE');
    if (p.coolingOffEnd && today <= p.coolingOffEnd) items.push('COOLING_OFF_CANCELLATION');
    items.push('SURRENDER');
    if (life && p.sumAssured) items.push('SUM_ASSURED_REDUCTION');
    items.push('DOCUMENT_REISSUE');
    return items;
  }
  if (p.state === 'LAPSED') return ['REINSTATEMENT', 'SURRENDER', 'CONTACT_CHANGE'];
  return [];
}

// ---------------------------------------------------------------- what the servicing service needs (pure)

/** Months between two regular premiums; null for a single premium. */
export const MONTHS_PER_INSTALMENT: Readonly<Record<string, number | null>> = { SINGLE: null, ANNUAL: 12, SEMI_ANNUAL: 6, QUARTERLY: 3, MONTHLY: 1 };

/**
 * The first day a regular-premium policy is lapsed (效力中止): the premium due on `paidToDate` is still
 * unpaid after `graceDays` days of grace (保险法 art. 36), so cover stops the day after the grace ends.
 */
export function lapseDateOf(paidToDate: string, graceDays: number): string {
  return addMonthsDays(paidToDate, 0, graceDays + 1);
}

/** Last day a lapsed policy may be reinstated (the lapse date + `years`, Feb 29 → Feb 28), as reinstatement() counts it. */
export const reinstatementDeadline = (lapseDate: string, years: number): string => addMonths(lapseDate, 12 * years);

function addMonthsDays(date: string, months: number, days: number): string {
  const d = new Date(`${addMonths(date, months)}T00:00:00Z`);
  return new Date(d.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instalments of a regular premium due from `paidToDate` (the next due date) up to `onDate`
 * inclusive, stopping at the end of the premium-paying period (`paymentEnd`, exclusive), each of
 * `amount`; `paidTo` is the next due date once they are all paid.
 */
export function missedInstalmentsOf(input: { paidToDate: string; paymentMode: string; paymentEnd: string | null; onDate: string; amount: string }): { instalments: MissedInstalment[]; paidTo: string } {
  const step = MONTHS_PER_INSTALMENT[input.paymentMode] ?? null;
  const instalments: MissedInstalment[] = [];
  let due = input.paidToDate;
  if (step === null) return { instalments, paidTo: due };
  // Dates step from the first due date (k × step months), so a 31st stays the 31st where it exists.
  for (let k = 1; due <= input.onDate && (input.paymentEnd === null || due < input.paymentEnd); k++) {
    instalments.push({ dueDate: due, amount: input.amount });
    due = addMonths(input.paidToDate, k * step);
  }
  return { instalments, paidTo: due };
}

/** Approval threshold of an item: null = never needs approval, "0.00" = always, else amount > threshold. */
export function needsApproval(threshold: string | null, amount: Decimal.Value): boolean {
  if (threshold === null) return false;
  const t = new Dec(threshold);
  return t.isZero() || new Dec(amount).gt(t);
}

export interface BeneficiaryProblem {
  code: 'PROPOSAL_BENEFICIARY_SHARES' | 'PROPOSAL_BENEFICIARY_IS_INSURED' | 'PROPOSAL_BENEFICIARY_NOT_RELATIVE' | 'PROPOSAL_BENEFICIARY_DUPLICATE';
  field: string;
  message: Message;
}

const SHARE = /^(100(\.0{1,2})?|[1-9]?[0-9](\.[0-9]{1,2})?)$/;

/**
 * Beneficiary designations as new business checks them (DOMAIN §2): shares of one order (受益顺序)
 * add up to exactly 100, each above 0 with at most two decimals; the insured is not a beneficiary of
 * their own death benefit; a party appears once per order; when an employer insures an employee only
 * near relatives may benefit (保险法 art. 39). Empty = 法定受益人 (legal heirs), always valid.
 */
export function beneficiaryProblems(
  list: readonly { partyId: string; relation: string; order: number; sharePercent: string }[],
  ctx: { insuredId: string; employerPaid: boolean; nearRelatives: readonly string[] },
): BeneficiaryProblem[] {
  const problems: BeneficiaryProblem[] = [];
  const totals = new Map<number, Decimal>();
  const seen = new Set<string>();
  list.forEach((b, k) => {
    if (b.partyId === ctx.insuredId) {
      problems.push({ code: 'PROPOSAL_BENEFICIARY_IS_INSURED', field: `beneficiaries.${k}.partyId`, message: { zh: `第 ${k + 1} 位受益人是被保险人本人，不能指定为身故受益人`, en: `beneficiary ${k + 1} is the insured` } });
    }
    if (seen.has(`${b.order}:${b.partyId}`)) {
      problems.push({ code: 'PROPOSAL_BENEFICIARY_DUPLICATE', field: `beneficiaries.${k}.partyId`, message: { zh: `第 ${k + 1} 位受益人在第 ${b.order} 顺序中重复`, en: `beneficiary ${k + 1} appears twice in order ${b.order}` } });
    }
    seen.add(`${b.order}:${b.partyId}`);
    if (ctx.employerPaid && !ctx.nearRelatives.includes(b.relation)) {
      problems.push({ code: 'PROPOSAL_BENEFICIARY_NOT_RELATIVE', field: `beneficiaries.${k}.relation`, message: { zh: `投保人为用人单位，受益人只能是被保险人及其近亲属（保险法第三十九条），第 ${k + 1} 位受益人不符合`, en: `an employer-paid policy may only name near relatives (beneficiary ${k + 1})` } });
    }
    if (!SHARE.test(b.sharePercent) || new Dec(b.sharePercent).isZero()) {
      problems.push({ code: 'PROPOSAL_BENEFICIARY_SHARES', field: `beneficiaries.${k}.sharePercent`, message: { zh: `第 ${k + 1} 位受益人的受益比例须大于 0、不超过 100，最多两位小数`, en: `beneficiary ${k + 1}: share must be above 0 and at most 100 with 2 decimals` } });
      return;
    }
    totals.set(b.order, (totals.get(b.order) ?? new Dec(0)).plus(b.sharePercent));
  });
  for (const [order, total] of [...totals].sort((a, b) => a[0] - b[0])) {
    if (!total.eq(100)) {
      const k = list.findIndex((b) => b.order === order);
      problems.push({ code: 'PROPOSAL_BENEFICIARY_SHARES', field: `beneficiaries.${k}.sharePercent`, message: { zh: `第 ${order} 顺序受益人的受益比例合计为 ${total.toString()}%，须等于 100%`, en: `shares of order ${order} add up to ${total.toString()}%, not 100%` } });
    }
  }
  return problems;
}
