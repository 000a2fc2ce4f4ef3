import fs from 'node:fs';
import path from 'node:path';
import type Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors';
import { cl2010Rows } from './actuarial.fixtures';
import {
  BENEFITS,
  Dec,
  annuityDue,
  endowment,
  formatResult,
  lifeTable,
  maxAge,
  pureEndowment,
  quote,
  termInsurance,
  wholeLife,
  type LifeTable,
  type QuoteInput,
} from './actuarial.rules';

const cl1m = lifeTable('CL2010_1M', cl2010Rows(1));
/** 3 ages, q = [0.1, 0.5, 1]: small enough to compute by hand. */
const tiny = lifeTable('TINY', [
  { age: 0, qx: 0.1 },
  { age: 1, qx: 0.5 },
  { age: 2, qx: 1 },
]);

const closeTo = (a: Dec, b: Decimal.Value, tol: Decimal.Value) => expect(a.minus(b).abs().lte(tol), `${a} ≈ ${b}`).toBe(true);
/** Algebraic identities: equal up to the rounding of 40-digit arithmetic. */
const same = (a: Dec, b: Decimal.Value) => closeTo(a, b, '1e-30');
const frac = (n: number, d: number) => new Dec(n).div(d);

function codeOf(f: () => unknown): { code: string; details: unknown } {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('hand-computed 3-age table, i = 5% (v = 20/21)', () => {
  // kp_0: 1, 0.9, 0.45, 0. ä_0 = 1 + 0.9·v + 0.45·v² = 1 + 18/21 + 180/441 = 999/441 = 111/49.
  // A_0 = 0.1·v + 0.45·v² + 0.45·v³ = 2/21 + 180/441 + 3600/9261 = 8262/9261 = 306/343.
  it('whole life, annuity-due, term, pure endowment and endowment', () => {
    same(annuityDue(tiny, 0, 0.05), frac(111, 49));
    same(wholeLife(tiny, 0, 0.05), frac(306, 343));
    same(termInsurance(tiny, 0, 1, 0.05), frac(2, 21)); // 0.1·v
    same(pureEndowment(tiny, 0, 1, 0.05), frac(6, 7)); // 0.9·v
    same(endowment(tiny, 0, 1, 0.05), frac(20, 21)); // 2/21 + 18/21 = v: death or survival, 1 at the end of year 1
    same(termInsurance(tiny, 0, 2, 0.05), frac(74, 147)); // 2/21 + 180/441
    same(pureEndowment(tiny, 0, 2, 0.05), frac(20, 49)); // 0.45·v²
    same(endowment(tiny, 0, 2, 0.05), frac(134, 147));
    same(annuityDue(tiny, 0, 0.05, 2), frac(39, 21)); // 1 + 18/21
    same(wholeLife(tiny, 2, 0.05), frac(20, 21)); // q_ω = 1: certain death in the year
  });

  it('quotes with 10 significant digits', () => {
    // NSP = 1000·306/343; P = NSP ÷ ä_0 = 1000·(306/343)/(111/49) = 306000/777.
    expect(quote(tiny, { benefit: 'WHOLE_LIFE', age: 0, interest: 0.05, sumAssured: '1000' })).toEqual({
      netSinglePremium: '892.1282799',
      netAnnualPremium: '393.8223938',
      annuityDue: '2.265306122',
    });
    // Annuity of 100 a year for life: NSP = 100·111/49; a single year of premium ä_{0:1} = 1.
    expect(quote(tiny, { benefit: 'ANNUITY_DUE', age: 0, paymentTerm: 1, interest: 0.05, sumAssured: '100' })).toEqual({
      netSinglePremium: '226.5306122',
      netAnnualPremium: '226.5306122',
      annuityDue: '1.000000000',
    });
  });
});

describe('identities', () => {
  const ages = [0, 30, 60, 104, 105];
  it('A_x = 1 − d·ä_x with d = i/(1+i)', () => {
    for (const i of [0.035, 0.025, -0.01, 0.5]) {
      const d = new Dec(i).div(new Dec(i).plus(1));
      for (const x of ages) same(wholeLife(cl1m, x, i), d.times(annuityDue(cl1m, x, i)).negated().plus(1));
    }
  });
  it('A_{x:n} = A¹_{x:n} + nE_x and ä_{x:n} = Σ_{k<n} kE_x', () => {
    for (const [x, n] of [[30, 20], [0, 106], [60, 1], [104, 2]] as const) {
      same(endowment(cl1m, x, n, 0.035), termInsurance(cl1m, x, n, 0.035).plus(pureEndowment(cl1m, x, n, 0.035)));
      let sum = new Dec(1); // 0E_x
      for (let k = 1; k < n; k++) sum = sum.plus(pureEndowment(cl1m, x, k, 0.035));
      same(annuityDue(cl1m, x, 0.035, n), sum);
    }
  });
  it('with i = 0 death is certain and undiscounted: A_x = 1', () => {
    for (const x of ages) same(wholeLife(cl1m, x, 0), 1);
  });
});

describe('CL2010_1M spot value, age 30, i = 3.5%', () => {
  // Independent of the Decimal code: plain float loops straight over q_x.
  const q = cl2010Rows(1).map((r) => Number(r.qx));
  const v = 1 / 1.035;
  let A = 0;
  let a = 0;
  let p = 1;
  for (let k = 0; 30 + k <= 105; k++) {
    a += v ** k * p;
    A += v ** (k + 1) * p * q[30 + k]!;
    p *= 1 - q[30 + k]!;
  }
  const sig6 = (x: Decimal.Value) => new Dec(x).toSignificantDigits(6).toString();

  it('A_30 and ä_30 match to 6 significant digits', () => {
    expect(sig6(wholeLife(cl1m, 30, 0.035))).toBe(sig6(A));
    expect(sig6(annuityDue(cl1m, 30, 0.035))).toBe(sig6(a));
  });
  it('the whole-life quote for 100 000 matches', () => {
    const r = quote(cl1m, { benefit: 'WHOLE_LIFE', age: 30, interest: 0.035, sumAssured: '100000' });
    expect(sig6(r.netSinglePremium)).toBe(sig6(A * 100000));
    expect(sig6(r.netAnnualPremium)).toBe(sig6((A * 100000) / a));
    expect(sig6(r.annuityDue)).toBe(sig6(a));
  });
});

describe('validation', () => {
  const base: QuoteInput = { benefit: 'TERM', age: 30, term: 20, interest: 0.035, sumAssured: '100000' };
  const cases: [string, Partial<QuoteInput>, string, string][] = [
    ['age below the table', { age: -1 }, 'ACTUARIAL_AGE_OUT_OF_TABLE', 'age'],
    ['age above the table', { age: 106 }, 'ACTUARIAL_AGE_OUT_OF_TABLE', 'age'],
    ['fractional age', { age: 30.5 }, 'ACTUARIAL_AGE_OUT_OF_TABLE', 'age'],
    ['term missing for TERM', { term: undefined }, 'ACTUARIAL_TERM_REQUIRED', 'term'],
    ['term missing for ENDOWMENT', { benefit: 'ENDOWMENT', term: undefined }, 'ACTUARIAL_TERM_REQUIRED', 'term'],
    ['term given for WHOLE_LIFE', { benefit: 'WHOLE_LIFE' }, 'ACTUARIAL_TERM_NOT_APPLICABLE', 'term'],
    ['term 0', { term: 0 }, 'ACTUARIAL_TERM_INVALID', 'term'],
    ['age + term beyond ω + 1', { term: 77 }, 'ACTUARIAL_TERM_TOO_LONG', 'term'],
    ['pure endowment maturing after ω', { benefit: 'PURE_ENDOWMENT', term: 76 }, 'ACTUARIAL_TERM_TOO_LONG', 'term'],
    ['payment term longer than the term', { paymentTerm: 21 }, 'ACTUARIAL_PAYMENT_TERM_INVALID', 'paymentTerm'],
    ['payment term 0', { paymentTerm: 0 }, 'ACTUARIAL_PAYMENT_TERM_INVALID', 'paymentTerm'],
    ['interest −0.99', { interest: -0.99 }, 'ACTUARIAL_INTEREST_INVALID', 'interest'],
    ['interest 1 (100%)', { interest: 1 }, 'ACTUARIAL_INTEREST_INVALID', 'interest'],
    ['sum assured 0', { sumAssured: '0' }, 'ACTUARIAL_SUM_ASSURED_INVALID', 'sumAssured'],
    ['sum assured negative', { sumAssured: '-5' }, 'ACTUARIAL_SUM_ASSURED_INVALID', 'sumAssured'],
    ['sum assured not a number', { sumAssured: '1e5' }, 'ACTUARIAL_SUM_ASSURED_INVALID', 'sumAssured'],
  ];
  it.each(cases)('%s', (_name, patch, code, field) => {
    const e = codeOf(() => quote(cl1m, { ...base, ...patch }));
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject({ field });
  });

  it('age + term = ω + 1 is the longest term; whole life and annuities may take a payment term', () => {
    expect(() => quote(cl1m, { ...base, term: 76 })).not.toThrow();
    expect(() => quote(cl1m, { ...base, benefit: 'WHOLE_LIFE', term: undefined, paymentTerm: 20 })).not.toThrow();
    expect(() => quote(cl1m, { ...base, benefit: 'ANNUITY_DUE', term: undefined, paymentTerm: 1 })).not.toThrow();
  });

  it('uploaded rows: the first problem with its row and field', () => {
    const rows = (qs: number[], first = 0) => qs.map((qx, k) => ({ age: first + k, qx }));
    expect(codeOf(() => lifeTable('X', rows([0.1, 1], -1)))).toEqual({ code: 'ACTUARIAL_TABLE_AGE_INVALID', details: { row: 0, field: 'age' } });
    expect(codeOf(() => lifeTable('X', [{ age: 0, qx: 0.1 }, { age: 2, qx: 1 }]))).toEqual({ code: 'ACTUARIAL_TABLE_AGES_NOT_CONTIGUOUS', details: { row: 1, field: 'age' } });
    expect(codeOf(() => lifeTable('X', rows([0.1, 1.5, 1])))).toEqual({ code: 'ACTUARIAL_QX_OUT_OF_RANGE', details: { row: 1, field: 'qx' } });
    expect(codeOf(() => lifeTable('X', rows([-0.1, 1])))).toEqual({ code: 'ACTUARIAL_QX_OUT_OF_RANGE', details: { row: 0, field: 'qx' } });
    expect(codeOf(() => lifeTable('X', rows([0.1, 0.9])))).toEqual({ code: 'ACTUARIAL_LAST_QX_NOT_ONE', details: { row: 1, field: 'qx' } });
    expect(codeOf(() => lifeTable('X', rows([1, 1])))).toEqual({ code: 'ACTUARIAL_QX_ONE_BEFORE_END', details: { row: 0, field: 'qx' } });
    const t = lifeTable('X', rows([0.2, 1], 60));
    expect([t.minAge, maxAge(t)]).toEqual([60, 61]);
  });

  it('formats with ≥ 10 significant digits and ≥ 2 decimals, never in exponent form', () => {
    expect(formatResult(new Dec('0.0000001234567891234'))).toBe('0.0000001234567891');
    expect(formatResult(new Dec('12345678901234.5678'))).toBe('12345678901234.57');
    expect(formatResult(new Dec('0.125'))).toBe('0.1250000000');
    expect(formatResult(new Dec(0))).toBe('0.00');
  });
});

// The built-in data is exactly the shared source file (../shared sits beside the repository, as in CI).
const tsv = path.resolve(__dirname, '../../../../../shared/data/cl-2010-2013.tsv');
it('migration 0003 carries cl-2010-2013.tsv unchanged', () => {
  const lines = fs.readFileSync(tsv, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  for (const col of [1, 2, 3, 4, 5, 6] as const) {
    expect(cl2010Rows(col)).toEqual(lines.map((c) => ({ age: Number(c[0]), qx: c[col] })));
  }
});

describe('properties', () => {
  const tables: LifeTable[] = ([1, 2, 3, 4, 5, 6] as const).map((c) => lifeTable(`CL${c}`, cl2010Rows(c)));
  const rate = fc.double({ min: -0.5, max: 0.5, noNaN: true });

  it('random valid quotes never throw and premiums are positive', () => {
    const input = fc
      .record({
        table: fc.constantFrom(...tables),
        benefit: fc.constantFrom(...BENEFITS),
        age: fc.integer({ min: 0, max: 105 }),
        termFrac: fc.double({ min: 0, max: 1, noNaN: true }),
        payFrac: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        interest: rate,
        sumAssured: fc.tuple(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 99 })).map(([y, f]) => `${y}.${String(f).padStart(2, '0')}`),
      })
      .map(({ table, termFrac, payFrac, ...r }) => {
        // A pure endowment must mature by ω = 105 (it pays nothing at 106), so it starts by 104.
        const pe = r.benefit === 'PURE_ENDOWMENT';
        const age = pe ? Math.min(r.age, 104) : r.age;
        const maxTerm = 106 - age - (pe ? 1 : 0);
        const term = r.benefit === 'WHOLE_LIFE' ? undefined : 1 + Math.floor(termFrac * (maxTerm - 1));
        const n = term ?? maxTerm;
        return { table, input: { ...r, age, term, paymentTerm: payFrac === null ? undefined : 1 + Math.floor(payFrac * (n - 1)) } };
      });
    fc.assert(
      fc.property(input, ({ table, input }) => {
        const r = quote(table, input);
        expect(new Dec(r.netSinglePremium).gt(0)).toBe(true);
        expect(new Dec(r.netAnnualPremium).gt(0)).toBe(true);
        expect(new Dec(r.annuityDue).gte(1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('A_x = 1 − d·ä_x to 1e-12 for random ages and rates', () => {
    fc.assert(
      fc.property(fc.constantFrom(...tables), fc.integer({ min: 0, max: 105 }), rate, (t, x, i) => {
        const d = new Dec(i).div(new Dec(i).plus(1));
        // Relative beyond 1: at i = −0.5, v = 2 and A_0 is ~1e27.
        const A = wholeLife(t, x, i);
        closeTo(A, d.times(annuityDue(t, x, i)).negated().plus(1), Dec.max(1, A.abs()).times('1e-12'));
      }),
      { numRuns: 300 },
    );
  });
});
