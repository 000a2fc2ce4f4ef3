import type Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, lifeTable } from '../product/actuarial.rules';
import { cl2010Rows } from '../product/actuarial.fixtures';
import { NEAR_RELATIVES } from '../../../contracts/policy';
import {
  DEFAULT_SHORT_RATE,
  addMonths,
  beneficiaryProblems,
  coolingOffCancellation,
  endorsementItemsFor,
  isLifeLine,
  lapseDateOf,
  lifeSurrender,
  missedInstalmentsOf,
  monthsInForce,
  needsApproval,
  netPremiumReserve,
  notStartedSurrender,
  proRataSurrender,
  reduceSumAssured,
  reinstatement,
  reinstatementDeadline,
  shortRateSurrender,
  type LifeSurrenderInput,
  type ServicingResult,
} from './servicing.rules';

/** The value of a successful result, as fen strings for Decimal amounts. */
function ok<T>(r: ServicingResult<T>): T & { explanation: string[] } {
  if (!r.ok) throw new Error(`expected ok, got ${r.code} ${r.field}`);
  return r.value;
}
const s = (d: Decimal) => d.toFixed(2);
const refusal = (r: ServicingResult<unknown>) => (r.ok ? null : { code: r.code, field: r.field });
const same = (a: Decimal, b: Decimal.Value) => expect(a.minus(b).abs().lte('1e-30'), `${a} ≈ ${b}`).toBe(true);

describe('cooling-off cancellation (WT)', () => {
  const base = { premiumPaid: '10000.00', coolingOffEnd: '2026-03-15', requestDate: '2026-03-10' };
  it('full premium back minus a fixed fee', () => {
    const v = ok(coolingOffCancellation({ ...base, fee: { fixed: '10' } }));
    expect([s(v.fee), s(v.refund)]).toEqual(['10.00', '9990.00']);
    expect(v.explanation.length).toBeGreaterThan(1);
  });
  it('no fee: full refund', () => {
    expect(s(ok(coolingOffCancellation(base)).refund)).toBe('10000.00');
  });
  it('a percentage fee capped', () => {
    const v = ok(coolingOffCancellation({ ...base, fee: { rate: '0.01', cap: '50' } }));
    expect([s(v.fee), s(v.refund)]).toEqual(['50.00', '9950.00']);
  });
  it('fee rounds half-up to the fen', () => {
    // 333.33 × 1.5% = 4.99995 → 5.00
    const v = ok(coolingOffCancellation({ ...base, premiumPaid: '333.33', fee: { rate: '0.015' } }));
    expect([s(v.fee), s(v.refund)]).toEqual(['5.00', '328.33']);
  });
  it('refund never below zero', () => {
    const v = ok(coolingOffCancellation({ ...base, premiumPaid: '5.00', fee: { fixed: '10' } }));
    expect([s(v.fee), s(v.refund)]).toEqual(['5.00', '0.00']);
  });
  it('the end date is inclusive; the day after is refused', () => {
    expect(coolingOffCancellation({ ...base, requestDate: '2026-03-15' }).ok).toBe(true);
    const r = coolingOffCancellation({ ...base, requestDate: '2026-03-16' });
    expect(refusal(r)).toEqual({ code: 'SERVICING_COOLING_OFF_EXPIRED', field: 'requestDate' });
    if (!r.ok) expect(r.message.zh).toContain('犹豫期');
  });
  it.each([
    [{ premiumPaid: '-1' }, 'SERVICING_AMOUNT_INVALID', 'premiumPaid'],
    [{ premiumPaid: '1.234' }, 'SERVICING_AMOUNT_INVALID', 'premiumPaid'],
    [{ requestDate: '2026-02-30' }, 'SERVICING_DATE_INVALID', 'requestDate'],
    [{ fee: { rate: '1.5' } }, 'SERVICING_RATE_INVALID', 'fee.rate'],
    [{ fee: { cap: 'x' } }, 'SERVICING_AMOUNT_INVALID', 'fee.cap'],
  ])('bad input %o', (patch, code, field) => {
    expect(refusal(coolingOffCancellation({ ...base, ...patch }))).toEqual({ code, field });
  });
  it('property: refund + fee = premium, both ≥ 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 100 }), fc.option(fc.integer({ min: 0, max: 10000 })), (p, fixed, ratePct, cap) => {
        const v = ok(coolingOffCancellation({ ...base, premiumPaid: new Dec(p).div(100).toFixed(2), fee: { fixed: new Dec(fixed).div(100).toFixed(2), rate: new Dec(ratePct).div(100), ...(cap === null ? {} : { cap: new Dec(cap).div(100).toFixed(2) }) } }));
        expect(v.fee.gte(0) && v.refund.gte(0)).toBe(true);
        expect(v.fee.plus(v.refund).eq(v.premiumPaid)).toBe(true);
        expect(v.fee.decimalPlaces()).toBeLessThanOrEqual(2);
      }),
    );
  });
});

describe('P&C surrender, pro-rata by days (CT)', () => {
  const year = { premium: '1000.00', startDate: '2026-01-01', endDate: '2026-12-31' };
  it('90 of 365 days in force', () => {
    // 1000 × 275 / 365 = 753.4246… → 753.42
    const v = ok(proRataSurrender({ ...year, effectiveDate: '2026-04-01' }));
    expect([v.termDays, v.daysInForce, s(v.refund), s(v.earned)]).toEqual([365, 90, '753.42', '246.58']);
  });
  it('effective on the start date: full refund; the day after expiry: nothing', () => {
    expect(s(ok(proRataSurrender({ ...year, effectiveDate: '2026-01-01' })).refund)).toBe('1000.00');
    expect(s(ok(proRataSurrender({ ...year, effectiveDate: '2025-12-01' })).refund)).toBe('1000.00');
    expect(s(ok(proRataSurrender({ ...year, effectiveDate: '2027-01-01' })).refund)).toBe('0.00');
  });
  it('after expiry is refused', () => {
    expect(refusal(proRataSurrender({ ...year, effectiveDate: '2027-01-02' }))).toEqual({ code: 'SERVICING_POLICY_EXPIRED', field: 'effectiveDate' });
  });
  it('half-up at the fen (0.025 → 0.03)', () => {
    expect(s(ok(proRataSurrender({ premium: '0.05', startDate: '2026-01-01', endDate: '2026-01-02', effectiveDate: '2026-01-02' })).refund)).toBe('0.03');
  });
  it('leap year: 366 term days', () => {
    const v = ok(proRataSurrender({ premium: '366.00', startDate: '2028-01-01', endDate: '2028-12-31', effectiveDate: '2028-03-01' }));
    expect([v.termDays, v.daysInForce, s(v.refund)]).toEqual([366, 60, '306.00']);
  });
  it('end before start is refused', () => {
    expect(refusal(proRataSurrender({ ...year, endDate: '2025-12-31', effectiveDate: '2026-01-01' }))).toEqual({ code: 'SERVICING_PERIOD_INVALID', field: 'endDate' });
  });
  it('property: 0 ≤ refund ≤ premium, non-increasing with the effective date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.integer({ min: 0, max: 365 }), (p, k) => {
        const premium = new Dec(p).div(100).toFixed(2);
        const eff = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
        const a = ok(proRataSurrender({ ...year, premium, effectiveDate: eff(k) }));
        expect(a.refund.gte(0) && a.refund.lte(premium)).toBe(true);
        expect(a.refund.plus(a.earned).eq(premium)).toBe(true);
        if (k < 365) expect(ok(proRataSurrender({ ...year, premium, effectiveDate: eff(k + 1) })).refund.lte(a.refund)).toBe(true);
      }),
    );
  });
});

describe('P&C surrender, short-rate (CT)', () => {
  const base = { premium: '1200.00', startDate: '2026-01-15', endDate: '2027-01-14', shortRateTable: DEFAULT_SHORT_RATE };
  it('months in force: a partial month counts as a whole one', () => {
    expect(monthsInForce('2026-01-15', '2026-01-15')).toBe(0);
    expect(monthsInForce('2026-01-15', '2026-01-16')).toBe(1);
    expect(monthsInForce('2026-01-15', '2026-02-15')).toBe(1);
    expect(monthsInForce('2026-01-15', '2026-02-16')).toBe(2);
    expect(monthsInForce('2026-01-31', '2026-02-28')).toBe(1);
    expect(monthsInForce('2026-01-31', '2026-03-01')).toBe(2);
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
  it.each([
    ['2026-03-15', 2, '240.00', '960.00'],
    ['2026-03-16', 3, '360.00', '840.00'],
    ['2026-09-20', 9, '1020.00', '180.00'],
    ['2027-01-15', 12, '1200.00', '0.00'],
    ['2026-01-15', 0, '0.00', '1200.00'],
  ])('effective %s: %i months', (effectiveDate, months, earned, refund) => {
    const v = ok(shortRateSurrender({ ...base, effectiveDate }));
    expect([v.monthsInForce, s(v.earned), s(v.refund)]).toEqual([months, earned, refund]);
  });
  it('rounds the earned premium half-up: 333.33 × 85% = 283.3305 → 283.33', () => {
    const v = ok(shortRateSurrender({ ...base, premium: '333.33', effectiveDate: '2026-09-20' }));
    expect([s(v.earned), s(v.refund)]).toEqual(['283.33', '50.00']);
  });
  it('uses the product table given, 100% beyond its last row', () => {
    const table = [{ months: 3, percent: '25' }, { months: 6, percent: '50' }];
    expect(s(ok(shortRateSurrender({ ...base, shortRateTable: table, effectiveDate: '2026-03-01' })).earned)).toBe('300.00');
    expect(s(ok(shortRateSurrender({ ...base, shortRateTable: table, effectiveDate: '2026-05-01' })).earned)).toBe('600.00');
    expect(s(ok(shortRateSurrender({ ...base, shortRateTable: table, effectiveDate: '2026-08-01' })).refund)).toBe('0.00');
  });
  it.each([
    [[], 0],
    [[{ months: 2, percent: '20' }, { months: 2, percent: '30' }], 1],
    [[{ months: 1, percent: '50' }, { months: 2, percent: '40' }], 1],
    [[{ months: 1, percent: '101' }], 0],
  ])('invalid table %o', (table, row) => {
    expect(refusal(shortRateSurrender({ ...base, shortRateTable: table, effectiveDate: '2026-03-01' }))).toEqual({ code: 'SERVICING_SHORT_RATE_TABLE_INVALID', field: `shortRateTable[${row}]` });
  });
  it('the default table is well formed and ends at 12 months, 100%', () => {
    expect(DEFAULT_SHORT_RATE.at(-1)).toEqual({ months: 12, percent: '100' });
    expect(Object.isFrozen(DEFAULT_SHORT_RATE)).toBe(true);
  });
});

describe('surrender before cover starts (CT, issued but not started)', () => {
  const base = { premiumPaid: '1200.00', startDate: '2026-11-25' };
  it('the day before the start: the whole premium paid back, said so', () => {
    const v = ok(notStartedSurrender({ ...base, effectiveDate: '2026-11-24' }));
    expect([s(v.premiumPaid), s(v.refund)]).toEqual(['1200.00', '1200.00']);
    expect(v.explanation.join('\n')).toContain('起保前退保，全额退还已缴保费 1200.00 元');
    expect(s(ok(notStartedSurrender({ ...base, premiumPaid: '0', effectiveDate: '2026-01-01' })).refund)).toBe('0.00');
  });
  it('from the start date on the ordinary rules apply', () => {
    expect(refusal(notStartedSurrender({ ...base, effectiveDate: '2026-11-25' }))).toEqual({ code: 'SERVICING_COVER_STARTED', field: 'effectiveDate' });
    expect(refusal(notStartedSurrender({ ...base, effectiveDate: '2027-01-01' }))).toEqual({ code: 'SERVICING_COVER_STARTED', field: 'effectiveDate' });
  });
  it.each([
    [{ premiumPaid: '-0.01' }, 'SERVICING_AMOUNT_INVALID', 'premiumPaid'],
    [{ premiumPaid: '10.001' }, 'SERVICING_AMOUNT_INVALID', 'premiumPaid'],
    [{ startDate: '2026-02-29' }, 'SERVICING_DATE_INVALID', 'startDate'],
    [{ effectiveDate: '2026-11-31' }, 'SERVICING_DATE_INVALID', 'effectiveDate'],
  ])('refuses %o', (patch, code, field) => {
    expect(refusal(notStartedSurrender({ ...base, effectiveDate: '2026-11-24', ...patch }))).toEqual({ code, field });
  });
});

/** 3 ages, q = [0.1, 0.5, 1], i = 5% (v = 20/21): the actuarial tests' hand table. */
const tiny = lifeTable('TINY', [
  { age: 0, qx: 0.1 },
  { age: 1, qx: 0.5 },
  { age: 2, qx: 1 },
]);

describe('life surrender: cash value from the net premium reserve (CT)', () => {
  const wl: LifeSurrenderInput = { table: tiny, benefit: 'WHOLE_LIFE', age: 0, interest: '0.05', sumAssured: '1000', duration: 0 };
  it('whole life, hand-computed: P = 306/777, 1V = 5684/16317, 2V = 434/777', () => {
    // A_1 = 0.5v + 0.5v² = 410/441, ä_1 = 1 + 0.5v = 31/21; 1V = 410/441 − (306/777)(31/21).
    // A_2 = v, ä_2 = 1: 2V = 20/21 − 306/777.
    const basis = { table: tiny, benefit: 'WHOLE_LIFE' as const, age: 0, interest: '0.05' };
    same(netPremiumReserve(basis, 0).premium, new Dec(306).div(777));
    same(netPremiumReserve(basis, 1).reserve, new Dec(5684).div(16317));
    same(netPremiumReserve(basis, 2).reserve, new Dec(434).div(777));
    expect(s(ok(lifeSurrender({ ...wl, duration: 1 })).cashValue)).toBe('348.35');
    expect(s(ok(lifeSurrender({ ...wl, duration: 2 })).cashValue)).toBe('558.56');
    expect(s(ok(lifeSurrender({ ...wl, duration: 0 })).cashValue)).toBe('0.00');
  });
  it('retrospective check of 1V: (P)(1+i) = q_0 + p_0 · 1V', () => {
    const basis = { table: tiny, benefit: 'WHOLE_LIFE' as const, age: 0, interest: '0.05' };
    const { premium } = netPremiumReserve(basis, 0);
    same(premium.times(1.05), new Dec('0.1').plus(new Dec('0.9').times(netPremiumReserve(basis, 1).reserve)));
  });
  it('endowment n = 2: 1V = v − P = 6/13, at maturity tV = sum assured', () => {
    const e: LifeSurrenderInput = { ...wl, benefit: 'ENDOWMENT', term: 2 };
    expect(s(ok(lifeSurrender({ ...e, duration: 0 })).cashValue)).toBe('0.00');
    expect(s(ok(lifeSurrender({ ...e, duration: 1 })).cashValue)).toBe('461.54');
    expect(s(ok(lifeSurrender({ ...e, duration: 2 })).cashValue)).toBe('1000.00');
  });
  it('single-premium term: 1V = A¹_{1:1} = 10/21, with a 10% surrender charge in year 1', () => {
    const v = ok(lifeSurrender({ ...wl, benefit: 'TERM', term: 2, paymentTerm: 1, duration: 1, surrenderCharges: ['0.1', '0.05'] }));
    expect([s(v.reserve), s(v.charge), s(v.cashValue)]).toEqual(['476.19', '47.62', '428.57']);
    expect(v.explanation.join('\n')).toContain('tV = A(1, 1)');
    // At t = 0, just after the single premium P = A¹_{0:2}, the reserve is 0.
    expect(s(ok(lifeSurrender({ ...wl, benefit: 'TERM', term: 2, paymentTerm: 1, duration: 0 })).reserve)).toBe('0.00');
  });
  it('a negative reserve is floored at zero', () => {
    const falling = lifeTable('FALL', [
      { age: 0, qx: 0.5 },
      { age: 1, qx: 0.1 },
      { age: 2, qx: 1 },
    ]);
    const basis = { table: falling, benefit: 'TERM' as const, age: 0, term: 2, interest: '0.05' };
    expect(netPremiumReserve(basis, 1).reserve.isNegative()).toBe(true);
    const v = ok(lifeSurrender({ ...basis, sumAssured: '1000', duration: 1 }));
    expect(s(v.cashValue)).toBe('0.00');
    expect(v.explanation.join('\n')).toContain('按 0 计');
  });

  describe('on CL2010 table I male', () => {
    const cl = lifeTable('CL2010_1M', cl2010Rows(1));
    it('tV at t = 0 is 0 for level premiums; endowment at maturity = sum assured', () => {
      for (const [benefit, term, paymentTerm] of [['WHOLE_LIFE', undefined, 20], ['TERM', 30, 30], ['ENDOWMENT', 20, 10], ['PURE_ENDOWMENT', 15, 15]] as const) {
        const input: LifeSurrenderInput = { table: cl, benefit, age: 35, ...(term ? { term } : {}), paymentTerm, interest: '0.025', sumAssured: '123456.78', duration: 0 };
        expect(s(ok(lifeSurrender(input)).cashValue)).toBe('0.00');
      }
      const e: LifeSurrenderInput = { table: cl, benefit: 'ENDOWMENT', age: 40, term: 20, paymentTerm: 10, interest: '0.035', sumAssured: '100000', duration: 20 };
      expect(s(ok(lifeSurrender(e)).cashValue)).toBe('100000.00');
    });
    it('the recursion (tV + P·[t<m])(1+i) = q + p · t+1V holds for whole life', () => {
      const basis = { table: cl, benefit: 'WHOLE_LIFE' as const, age: 30, paymentTerm: 20, interest: '0.035' };
      for (let t = 0; t < 50; t++) {
        const { reserve, premium } = netPremiumReserve(basis, t);
        const q = cl.qx[30 + t]!;
        const next = netPremiumReserve(basis, t + 1).reserve;
        const lhs = reserve.plus(t < 20 ? premium : 0).times('1.035');
        expect(lhs.minus(q.plus(new Dec(1).minus(q).times(next))).abs().lte('1e-25'), `t=${t}`).toBe(true);
      }
    });
    it('whole-life cash values rise with duration', () => {
      let prev = new Dec(-1);
      for (let t = 0; t < 60; t += 5) {
        const v = ok(lifeSurrender({ table: cl, benefit: 'WHOLE_LIFE', age: 30, paymentTerm: 20, interest: '0.035', sumAssured: '100000', duration: t })).cashValue;
        expect(v.gt(prev)).toBe(true);
        prev = v;
      }
    });
  });

  it.each([
    [{ duration: 3 }, 'SERVICING_DURATION_INVALID', 'duration'],
    [{ duration: 1.5 }, 'SERVICING_DURATION_INVALID', 'duration'],
    [{ benefit: 'ANNUITY_DUE' as const }, 'SERVICING_BENEFIT_NOT_SUPPORTED', 'benefit'],
    [{ benefit: 'TERM' as const }, 'SERVICING_TERM_INVALID', 'term'],
    [{ term: 2 }, 'SERVICING_TERM_INVALID', 'term'],
    [{ paymentTerm: 4 }, 'SERVICING_TERM_INVALID', 'paymentTerm'],
    [{ age: 3 }, 'SERVICING_TERM_INVALID', 'age'],
    [{ interest: '0.5' }, 'SERVICING_RATE_INVALID', 'interest'],
    [{ sumAssured: '-1' }, 'SERVICING_AMOUNT_INVALID', 'sumAssured'],
    [{ duration: 1, surrenderCharges: ['2'] }, 'SERVICING_RATE_INVALID', 'surrenderCharges[0]'],
  ])('refuses %o', (patch, code, field) => {
    expect(refusal(lifeSurrender({ ...wl, ...patch }))).toEqual({ code, field });
  });
});

describe('reinstatement (RE)', () => {
  const base = {
    lapseDate: '2024-03-01',
    requestDate: '2025-07-01',
    periodYears: 2,
    missedInstalments: [
      { dueDate: '2024-01-01', amount: '1200.00' },
      { dueDate: '2025-01-01', amount: '1200.00' },
    ],
  };
  it('back premium with simple interest by days', () => {
    // 1200 × 5% × 547/365 = 89.9178 → 89.92; 1200 × 5% × 181/365 = 29.7534 → 29.75
    const v = ok(reinstatement({ ...base, interestRate: '0.05' }));
    expect([s(v.premium), s(v.interest), s(v.total), v.lastDay]).toEqual(['2400.00', '119.67', '2519.67', '2026-03-01']);
  });
  it('without interest', () => {
    const v = ok(reinstatement(base));
    expect([s(v.interest), s(v.total)]).toEqual(['0.00', '2400.00']);
  });
  it('the last day of the period is inclusive; the day after is refused', () => {
    expect(reinstatement({ ...base, requestDate: '2026-03-01' }).ok).toBe(true);
    expect(refusal(reinstatement({ ...base, requestDate: '2026-03-02' }))).toEqual({ code: 'SERVICING_REINSTATEMENT_PERIOD_EXPIRED', field: 'requestDate' });
  });
  it('a lapse on 29 February: the period ends on 28 February', () => {
    expect(ok(reinstatement({ ...base, lapseDate: '2024-02-29', requestDate: '2026-02-28', missedInstalments: [] })).lastDay).toBe('2026-02-28');
  });
  it.each([
    [{ requestDate: '2024-02-01' }, 'SERVICING_NOT_LAPSED', 'requestDate'],
    [{ missedInstalments: [{ dueDate: '2025-08-01', amount: '1.00' }] }, 'SERVICING_INSTALMENT_NOT_DUE', 'missedInstalments[0].dueDate'],
    [{ missedInstalments: [{ dueDate: '2025-01-01', amount: '-1' }] }, 'SERVICING_AMOUNT_INVALID', 'missedInstalments[0].amount'],
    [{ interestRate: '-0.01' }, 'SERVICING_RATE_INVALID', 'interestRate'],
    [{ periodYears: -1 }, 'SERVICING_PERIOD_INVALID', 'periodYears'],
    [{ lapseDate: '2024-13-01' }, 'SERVICING_DATE_INVALID', 'lapseDate'],
  ])('refuses %o', (patch, code, field) => {
    expect(refusal(reinstatement({ ...base, ...patch }))).toEqual({ code, field });
  });
});

describe('reduction of sum assured (PT)', () => {
  const base = { table: tiny, benefit: 'ENDOWMENT' as const, age: 0, term: 2, interest: '0.05', sumAssured: '1000', duration: 1, newSumAssured: '600', minSumAssured: '500', currentPremium: '490.84' };
  it('refund = cash value × reduced fraction; new premium proportional', () => {
    // cash value 461.54 × 0.4 = 184.616 → 184.62; 490.84 × 0.6 = 294.504 → 294.50
    const v = ok(reduceSumAssured(base));
    expect([s(v.cashValue), v.fraction.toString(), s(v.refund), s(v.newPremium)]).toEqual(['461.54', '0.4', '184.62', '294.50']);
  });
  it.each([
    [{ newSumAssured: '400' }, 'SERVICING_BELOW_PRODUCT_MINIMUM', 'newSumAssured'],
    [{ newSumAssured: '1000' }, 'SERVICING_REDUCTION_INVALID', 'newSumAssured'],
    [{ newSumAssured: '0', minSumAssured: null }, 'SERVICING_REDUCTION_INVALID', 'newSumAssured'],
    [{ currentPremium: 'abc' }, 'SERVICING_AMOUNT_INVALID', 'currentPremium'],
    [{ duration: 5 }, 'SERVICING_DURATION_INVALID', 'duration'],
  ])('refuses %o', (patch, code, field) => {
    expect(refusal(reduceSumAssured({ ...base, ...patch }))).toEqual({ code, field });
  });
  it('no product minimum: any smaller positive amount', () => {
    expect(s(ok(reduceSumAssured({ ...base, minSumAssured: null, newSumAssured: '1' })).newPremium)).toBe('0.49');
  });
});

describe('lapse and reinstatement dates', () => {
  it('lapses the day after the grace period: due 03-01 + 60 days of grace → 05-01', () => {
    expect(lapseDateOf('2026-03-01', 60)).toBe('2026-05-01');
    expect(lapseDateOf('2026-12-31', 60)).toBe('2027-03-02'); // across a year end and a 28-day February
    expect(lapseDateOf('2028-02-01', 28)).toBe('2028-03-01'); // leap February: the 29th is still grace
    expect(lapseDateOf('2024-02-29', 0)).toBe('2024-03-01'); // no grace: lapsed the day after the due date
  });
  it('reinstates up to the lapse date + N years, 29 February → 28 February; reinstatement() agrees', () => {
    expect(reinstatementDeadline('2026-05-01', 2)).toBe('2028-05-01');
    expect(reinstatementDeadline('2024-02-29', 2)).toBe('2026-02-28');
    expect(reinstatementDeadline('2024-02-29', 4)).toBe('2028-02-29');
    expect(reinstatementDeadline('2026-05-01', 0)).toBe('2026-05-01');
    for (const lapse of ['2024-02-29', '2026-01-31', '2026-12-31']) {
      expect(ok(reinstatement({ lapseDate: lapse, requestDate: lapse, periodYears: 2, missedInstalments: [] })).lastDay).toBe(reinstatementDeadline(lapse, 2));
    }
  });
});

describe('missed instalments of a regular premium', () => {
  const base = { paidToDate: '2026-01-31', paymentMode: 'MONTHLY', paymentEnd: null, amount: '100.00' };
  const dues = (r: { instalments: { dueDate: string }[] }) => r.instalments.map((i) => i.dueDate);
  it('none before the due date; the due date itself is due', () => {
    expect(missedInstalmentsOf({ ...base, onDate: '2026-01-30' })).toEqual({ instalments: [], paidTo: '2026-01-31' });
    expect(missedInstalmentsOf({ ...base, onDate: '2026-01-31' })).toEqual({ instalments: [{ dueDate: '2026-01-31', amount: '100.00' }], paidTo: '2026-02-28' });
  });
  it('monthly from the 31st: month ends where the 31st is missing, back to the 31st where it exists', () => {
    const r = missedInstalmentsOf({ ...base, onDate: '2026-04-30' });
    expect(dues(r)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(r.paidTo).toBe('2026-05-31');
    expect(r.instalments.every((i) => i.amount === '100.00')).toBe(true);
    expect(dues(missedInstalmentsOf({ ...base, onDate: '2026-04-29' }))).toHaveLength(3);
  });
  it.each([
    ['ANNUAL', '2028-01-01', ['2026-01-01', '2027-01-01', '2028-01-01'], '2029-01-01'],
    ['SEMI_ANNUAL', '2026-12-31', ['2026-01-01', '2026-07-01'], '2027-01-01'],
    ['QUARTERLY', '2026-10-01', ['2026-01-01', '2026-04-01', '2026-07-01', '2026-10-01'], '2027-01-01'],
  ])('%s up to %s', (paymentMode, onDate, expected, paidTo) => {
    const r = missedInstalmentsOf({ ...base, paidToDate: '2026-01-01', paymentMode, onDate });
    expect([dues(r), r.paidTo]).toEqual([expected, paidTo]);
  });
  it('stops at the end of the premium-paying period (exclusive)', () => {
    const r = missedInstalmentsOf({ ...base, paidToDate: '2026-01-01', paymentMode: 'QUARTERLY', paymentEnd: '2026-07-01', onDate: '2027-01-01' });
    expect([dues(r), r.paidTo]).toEqual([['2026-01-01', '2026-04-01'], '2026-07-01']);
    expect(missedInstalmentsOf({ ...base, paymentEnd: '2026-01-31', onDate: '2027-01-01' })).toEqual({ instalments: [], paidTo: '2026-01-31' });
  });
  it('a single premium (or an unknown mode) has no instalments', () => {
    for (const paymentMode of ['SINGLE', 'WEEKLY']) expect(missedInstalmentsOf({ ...base, paymentMode, onDate: '2030-01-01' })).toEqual({ instalments: [], paidTo: '2026-01-31' });
  });
});

describe('approval threshold', () => {
  it.each([
    [null, '999999999.99', false],
    ['0.00', '0.00', true],
    ['0', '12.34', true],
    ['5000.00', '4999.99', false],
    ['5000.00', '5000.00', false],
    ['5000.00', '5000.01', true],
  ] as const)('threshold %s, amount %s → %s', (threshold, amount, expected) => {
    expect(needsApproval(threshold, amount)).toBe(expected);
  });
  it('takes a Decimal amount', () => {
    expect(needsApproval('100.00', new Dec('100.001'))).toBe(true);
  });
});

describe('beneficiary designations', () => {
  const ctx = { insuredId: 'insured', employerPaid: false, nearRelatives: NEAR_RELATIVES };
  const b = (partyId: string, sharePercent: string, order = 1, relation = 'CHILD') => ({ partyId, relation, order, sharePercent });
  const codes = (list: ReturnType<typeof b>[], c = ctx) => beneficiaryProblems(list, c).map((p) => [p.code, p.field]);
  it('none (法定受益人) and shares adding up to 100 per order are fine', () => {
    expect(codes([])).toEqual([]);
    expect(codes([b('a', '60'), b('b', '40')])).toEqual([]);
    expect(codes([b('a', '0.01'), b('b', '99.99'), b('c', '100.00', 2)])).toEqual([]);
    expect(codes([b('a', '100'), b('a', '100', 2)])).toEqual([]); // the same person again in another order
  });
  it('an order not adding up to 100 is named at its first row, with the total', () => {
    const problems = beneficiaryProblems([b('a', '100'), b('b', '50', 2), b('c', '49.99', 2)], ctx);
    expect(problems.map((p) => [p.code, p.field])).toEqual([['PROPOSAL_BENEFICIARY_SHARES', 'beneficiaries.1.sharePercent']]);
    expect(problems[0]!.message.zh).toContain('第 2 顺序受益人的受益比例合计为 99.99%');
    expect(codes([b('a', '60'), b('b', '40.01')])).toEqual([['PROPOSAL_BENEFICIARY_SHARES', 'beneficiaries.0.sharePercent']]);
  });
  it.each(['0', '0.00', '100.01', '101', '-5', '33.333', '1e2', ' 50', ''])('share %j is refused on its row', (share) => {
    expect(codes([b('a', '100'), b('b', share)])).toEqual([['PROPOSAL_BENEFICIARY_SHARES', 'beneficiaries.1.sharePercent']]);
  });
  it('the insured cannot benefit from their own death; a party once per order', () => {
    expect(codes([b('insured', '100')])).toEqual([['PROPOSAL_BENEFICIARY_IS_INSURED', 'beneficiaries.0.partyId']]);
    expect(codes([b('a', '50'), b('a', '50')])).toEqual([['PROPOSAL_BENEFICIARY_DUPLICATE', 'beneficiaries.1.partyId']]);
  });
  it('an employer-paid policy names near relatives only (保险法第三十九条)', () => {
    const employer = { ...ctx, employerPaid: true };
    expect(codes([b('a', '50', 1, 'SPOUSE'), b('b', '50', 1, 'GRANDCHILD')], employer)).toEqual([]);
    expect(codes([b('a', '50', 1, 'SPOUSE'), b('b', '50', 1, 'OTHER')], employer)).toEqual([['PROPOSAL_BENEFICIARY_NOT_RELATIVE', 'beneficiaries.1.relation']]);
    expect(codes([b('a', '50', 1, 'SPOUSE'), b('b', '50', 1, 'OTHER')])).toEqual([]);
  });
});

describe('the 保全 items a policy admits', () => {
  const life = { state: 'IN_FORCE', line: 'TERM_LIFE', coolingOffEnd: '2026-12-09', sumAssured: '500000.00' };
  const motor = { state: 'IN_FORCE', line: 'CTPL', coolingOffEnd: null, sumAssured: null };
  it('life in force, within cooling-off (its last day included): everything', () => {
    const all = ['CONTACT_CHANGE', 'BENEFICIARY_CHANGE', 'POLICYHOLDER_CHANGE', 'COOLING_OFF_CANCELLATION', 'SURRENDER', 'SUM_ASSURED_REDUCTION', 'DOCUMENT_REISSUE'];
    expect(endorsementItemsFor(life, '2026-11-24')).toEqual(all);
    expect(endorsementItemsFor(life, '2026-12-09')).toEqual(all);
    expect(endorsementItemsFor(life, '2026-12-10')).toEqual(all.filter((i) => i !== 'COOLING_OFF_CANCELLATION'));
  });
  it('life without a sum assured: no reduction', () => {
    expect(endorsementItemsFor({ ...life, sumAssured: null }, '2026-12-10')).toEqual(['CONTACT_CHANGE', 'BENEFICIARY_CHANGE', 'POLICYHOLDER_CHANGE', 'SURRENDER', 'DOCUMENT_REISSUE']);
  });
  it('P&C: no beneficiaries, no reduction, no cooling-off unless the policy has one', () => {
    expect(endorsementItemsFor(motor, '2026-11-24')).toEqual(['CONTACT_CHANGE', 'POLICYHOLDER_CHANGE', 'SURRENDER', 'DOCUMENT_REISSUE']);
    expect(endorsementItemsFor({ ...motor, line: 'COMMERCIAL_MOTOR', coolingOffEnd: '2026-11-30' }, '2026-11-24')).toContain('COOLING_OFF_CANCELLATION');
  });
  it('lapsed: reinstatement, surrender and contact change; ended policies: nothing', () => {
    expect(endorsementItemsFor({ ...life, state: 'LAPSED' }, '2026-11-24')).toEqual(['REINSTATEMENT', 'SURRENDER', 'CONTACT_CHANGE']);
    for (const state of ['TERMINATED', 'SURRENDERED', 'MATURED', 'CANCELLED_COOLING_OFF']) expect(endorsementItemsFor({ ...life, state }, '2026-11-24')).toEqual([]);
  });
  it('life lines are the ones with cash values and beneficiaries', () => {
    expect(['TERM_LIFE', 'WHOLE_LIFE', 'ENDOWMENT', 'ANNUITY'].every(isLifeLine)).toBe(true);
    expect(['CTPL', 'COMMERCIAL_MOTOR', 'PROPERTY'].some(isLifeLine)).toBe(false);
  });
});
