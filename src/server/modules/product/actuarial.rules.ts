// Life pricing, pure. Annual (curtate) model of DOMAIN.md §3: the death benefit is paid at the end of
// the year of death, premiums and annuity payments at the start of each year, effective annual
// interest i, v = 1/(1+i). Notation: kp_x = Π_{j<k} (1 − q_{x+j}), kE_x = v^k · kp_x.
//
// Decimal arithmetic at 40 significant digits: the same input always gives the same digits, on any
// machine, and rounding error stays ~1e-38 — far below what money or the 10 digits we return need.
import Decimal from 'decimal.js';
import { actuarialErrors as E } from './actuarial.errors';

export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = Decimal;

/** A mortality table: q_x for ages minAge..ω, where ω = minAge + qx.length − 1 and q_ω = 1. */
export interface LifeTable {
  code: string;
  minAge: number;
  qx: readonly Decimal[];
}

export const BENEFITS = ['WHOLE_LIFE', 'TERM', 'PURE_ENDOWMENT', 'ENDOWMENT', 'ANNUITY_DUE'] as const;
export type Benefit = (typeof BENEFITS)[number];

export interface QuoteInput {
  benefit: Benefit;
  age: number;
  /** Years of cover n; for an annuity, the number of payments (whole of life when absent). */
  term?: number;
  /** Premium-paying years m ≤ n; single-premium products still report the level premium over m. */
  paymentTerm?: number;
  interest: number;
  /** Sum assured; for ANNUITY_DUE the yearly payment. */
  sumAssured: string;
}

export interface Quote {
  netSinglePremium: string;
  netAnnualPremium: string;
  /** ä over the payment term: ä_{x:m}, or ä_x when there is none. */
  annuityDue: string;
}

/** ω: the highest age of the table (q_ω = 1). */
export const maxAge = (t: LifeTable): number => t.minAge + t.qx.length - 1;

const MAX_FIRST_AGE = 150;

/**
 * Validates uploaded rows and builds the table: ages contiguous from a first age in 0..150,
 * 0 ≤ q_x ≤ 1, q_x = 1 on the last row only (later rows would be unreachable). Throws the first
 * problem with its row index.
 */
export function lifeTable(code: string, rows: readonly { age: number; qx: number | string }[]): LifeTable {
  const first = rows[0]?.age ?? 0;
  if (!Number.isInteger(first) || first < 0 || first > MAX_FIRST_AGE) throw E.firstAgeInvalid(first);
  const qx = rows.map((r, k) => {
    if (r.age !== first + k) throw E.agesNotContiguous(k, r.age, first + k);
    const q = new Dec(r.qx);
    if (!q.isFinite() || q.lt(0) || q.gt(1)) throw E.qxOutOfRange(k, r.age);
    const last = k === rows.length - 1;
    if (last && !q.eq(1)) throw E.lastQxNotOne(k, r.age);
    if (!last && q.eq(1)) throw E.qxOneBeforeEnd(k, r.age);
    return q;
  });
  if (qx.length === 0) throw E.lastQxNotOne(0, first);
  return { code, minAge: first, qx };
}

function checkAge(t: LifeTable, x: number): void {
  if (!Number.isInteger(x) || x < t.minAge || x > maxAge(t)) throw E.ageOutOfTable(t.minAge, maxAge(t));
}

/** Years until certain death from age x: ω + 1 − x, the longest term the table can price. */
const yearsLeft = (t: LifeTable, x: number): number => maxAge(t) + 1 - x;

function checkTerm(n: number, maxTerm: number): void {
  if (!Number.isInteger(n) || n < 1) throw E.termInvalid();
  if (n > maxTerm) throw E.termTooLong(maxTerm);
}

/** v = 1/(1+i) for −0.99 < i < 1 (a negative rate is legitimate; −1 would divide by zero). */
function discount(i: Decimal.Value): Decimal {
  const r = new Dec(i);
  if (!r.isFinite() || r.lte(-0.99) || r.gte(1)) throw E.interestInvalid();
  return Dec.div(1, r.plus(1));
}

interface PresentValues {
  /** annuity[m] = ä_{x:m} = Σ_{k<m} kE_x, for m = 0..n */
  annuity: Decimal[];
  /** A¹_{x:n} = Σ_{k<n} v^{k+1} · kp_x · q_{x+k} */
  term: Decimal;
  /** nE_x = v^n · np_x */
  pureEndowment: Decimal;
}

/** Every present value per unit for a life aged x over n years, in one pass over the table. */
function presentValues(t: LifeTable, x: number, n: number, i: Decimal.Value): PresentValues {
  checkAge(t, x);
  checkTerm(n, yearsLeft(t, x));
  const v = discount(i);
  const annuity: Decimal[] = [new Dec(0)];
  let term = new Dec(0);
  let kE = new Dec(1); // 0E_x = 1
  for (let k = 0; k < n; k++) {
    const q = t.qx[x - t.minAge + k]!;
    annuity.push(annuity[k]!.plus(kE));
    const vkE = kE.times(v);
    term = term.plus(vkE.times(q)); // v^{k+1} · kp_x · q_{x+k}
    kE = vkE.minus(vkE.times(q)); // (k+1)E_x = kE_x · v · (1 − q_{x+k})
  }
  return { annuity, term, pureEndowment: kE };
}

/** A_x: whole life, 1 payable at the end of the year of death. */
export const wholeLife = (t: LifeTable, x: number, i: Decimal.Value): Decimal => presentValues(t, x, yearsLeft(t, x), i).term;
/** A¹_{x:n}: term insurance. */
export const termInsurance = (t: LifeTable, x: number, n: number, i: Decimal.Value): Decimal => presentValues(t, x, n, i).term;
/** nE_x: pure endowment, 1 paid at age x + n if alive. */
export const pureEndowment = (t: LifeTable, x: number, n: number, i: Decimal.Value): Decimal => presentValues(t, x, n, i).pureEndowment;
/** A_{x:n} = A¹_{x:n} + nE_x: endowment insurance. */
export function endowment(t: LifeTable, x: number, n: number, i: Decimal.Value): Decimal {
  const pv = presentValues(t, x, n, i);
  return pv.term.plus(pv.pureEndowment);
}
/** ä_{x:m} (temporary) or, without m, ä_x (whole life): 1 at the start of each year while alive. */
export function annuityDue(t: LifeTable, x: number, i: Decimal.Value, m?: number): Decimal {
  const n = m ?? yearsLeft(t, x);
  return presentValues(t, x, n, i).annuity[n]!;
}

const TERM_REQUIRED = new Set<Benefit>(['TERM', 'PURE_ENDOWMENT', 'ENDOWMENT']);
const MONEY = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$/;

/**
 * Net premiums: NSP = S × (per-unit value over n), level premium P = NSP ÷ ä_{x:m} over the
 * payment term m (ä_x over the whole of life when there is no term). For ANNUITY_DUE, S is the
 * yearly payment and NSP = S · ä_{x:n}.
 */
export function quote(t: LifeTable, input: QuoteInput): Quote {
  // Field checks in the order a form shows them, so the first message is about the first field.
  checkAge(t, input.age);
  if (input.term === undefined && TERM_REQUIRED.has(input.benefit)) throw E.termRequired();
  if (input.term !== undefined && input.benefit === 'WHOLE_LIFE') throw E.termNotApplicable();
  const n = input.term ?? yearsLeft(t, input.age);
  // A pure endowment maturing at ω + 1 would never pay (ω+1−x p_x = 0): its premium would be 0.
  checkTerm(n, yearsLeft(t, input.age) - (input.benefit === 'PURE_ENDOWMENT' ? 1 : 0));
  const m = input.paymentTerm ?? n;
  if (!Number.isInteger(m) || m < 1 || m > n) throw E.paymentTermInvalid(n);
  if (!MONEY.test(input.sumAssured) || new Dec(input.sumAssured).isZero()) throw E.sumAssuredInvalid();
  const pv = presentValues(t, input.age, n, input.interest);

  const perUnit =
    input.benefit === 'PURE_ENDOWMENT'
      ? pv.pureEndowment
      : input.benefit === 'ENDOWMENT'
        ? pv.term.plus(pv.pureEndowment)
        : input.benefit === 'ANNUITY_DUE'
          ? pv.annuity[n]!
          : pv.term; // WHOLE_LIFE (n = ω + 1 − x, where nE_x = 0) and TERM
  const nsp = perUnit.times(input.sumAssured);
  const am = pv.annuity[m]!; // ≥ 1: the first payment is certain
  return { netSinglePremium: formatResult(nsp), netAnnualPremium: formatResult(nsp.div(am)), annuityDue: formatResult(am) };
}

const SIGNIFICANT = 10;

/**
 * Decimal string with at least 10 significant digits and at least 2 decimals (fen), half-up, never
 * in exponent form: large premiums keep their fen, tiny per-unit values keep their digits.
 */
export function formatResult(d: Decimal): string {
  if (d.isZero()) return '0.00';
  return d.toFixed(Math.max(2, SIGNIFICANT - 1 - d.e));
}
