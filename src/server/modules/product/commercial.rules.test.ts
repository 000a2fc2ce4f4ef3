import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CTPL_USAGES } from './ctpl.rules';
import {
  buildCommercialReference,
  commercialQuoteToWire,
  ncdLevel,
  quoteCommercial,
  type CommercialQuoteInput,
  type CommercialReferenceRows,
} from './commercial.rules';

// A subset of the sample rows of migration 0004 (FAMILY and ENTERPRISE only: other usages test
// "usage not rated"), the default NCD scale of DOMAIN.md §2 and the 0.65–1.35 pricing range.
const NCD = [[-4, '0.5000'], [-3, '0.6000'], [-2, '0.7000'], [-1, '0.8000'], [0, '1.0000'], [1, '1.2000'], [2, '1.4000'], [3, '1.6000'], [4, '1.8000'], [5, '2.0000']] as const;
const cell = (code: string, coverage: string, usage: string, o: { age_from?: string; age_to?: string; limit_amount?: string; fixed_premium?: string; rate?: string }) => ({
  code, coverage, usage, age_from: o.age_from ?? null, age_to: o.age_to ?? null, limit_amount: o.limit_amount ?? null, fixed_premium: o.fixed_premium ?? '0.00', rate: o.rate ?? '0.000000',
});
const ROWS: CommercialReferenceRows = {
  rateTable: { code: 'SAMPLE-2020', sample: true },
  ncdScale: { code: 'CN-NCD-DEFAULT' },
  parameters: { code: 'CN-COMMERCIAL-2020', pricing_min: '0.6500', pricing_max: '1.3500' },
  ncd: NCD.map(([level, coefficient]) => ({ level, coefficient })),
  coverages: [
    { code: 'CAR_DAMAGE', name_zh: '机动车损失保险', basis: 'vehicle_value' },
    { code: 'THIRD_PARTY', name_zh: '第三者责任保险', basis: 'limit' },
    { code: 'DRIVER', name_zh: '车上人员责任保险（司机）', basis: 'per_seat' },
    { code: 'PASSENGER', name_zh: '车上人员责任保险（乘客）', basis: 'per_seat' },
  ],
  rates: [
    cell('CAR_DAMAGE_FAMILY_GE6', 'CAR_DAMAGE', 'FAMILY', { age_from: '6.00', fixed_premium: '530.00', rate: '0.012600' }),
    cell('CAR_DAMAGE_FAMILY_0_2', 'CAR_DAMAGE', 'FAMILY', { age_from: '0.00', age_to: '2.00', fixed_premium: '566.00', rate: '0.013500' }),
    cell('CAR_DAMAGE_FAMILY_2_6', 'CAR_DAMAGE', 'FAMILY', { age_from: '2.00', age_to: '6.00', fixed_premium: '539.00', rate: '0.012800' }),
    cell('CAR_DAMAGE_ENTERPRISE_0_2', 'CAR_DAMAGE', 'ENTERPRISE', { age_from: '0.00', age_to: '2.00', fixed_premium: '400.00', rate: '0.011000' }),
    ...(['500000', '1000000', '2000000', '3000000'] as const).map((l, i) => cell(`THIRD_PARTY_FAMILY_${i}`, 'THIRD_PARTY', 'FAMILY', { limit_amount: `${l}.00`, fixed_premium: ['1007.00', '1312.00', '1611.00', '1842.00'][i] })),
    cell('THIRD_PARTY_ENTERPRISE_100W', 'THIRD_PARTY', 'ENTERPRISE', { limit_amount: '1000000.00', fixed_premium: '1440.00' }),
    cell('DRIVER_FAMILY', 'DRIVER', 'FAMILY', { rate: '0.004200' }),
    cell('PASSENGER_FAMILY', 'PASSENGER', 'FAMILY', { rate: '0.002700' }),
  ],
  violation: [{ region_zh: '深圳', coefficient: '1.0500' }],
};
const REF = buildCommercialReference(ROWS);

const input = (over: Partial<CommercialQuoteInput> = {}): CommercialQuoteInput => ({
  vehicle: { usage: 'FAMILY', seats: 5, ageYears: 3, actualValue: '150000.00' },
  region: '上海',
  coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }, { code: 'DRIVER', sumInsured: '10000' }, { code: 'PASSENGER', sumInsured: '10000', seats: 4 }],
  history: { claimsLast3Years: 0, consecutiveInsuredYears: 1 },
  ...over,
});
const failureOf = (i: CommercialQuoteInput) => {
  const r = quoteCommercial(REF, i);
  if (r.ok) throw new Error('expected a failure');
  return { code: r.failure.code, field: r.failure.field };
};

describe('ncdLevel (DOMAIN.md §2)', () => {
  const h = (claimsLast3Years: number, consecutiveInsuredYears: number, more: object = {}) => ({ claimsLast3Years, consecutiveInsuredYears, ...more });
  const coefficient = (level: number) => REF.ncd.get(level)!.toFixed(1);

  it.each([
    ['0 claims, 4 years → −4', h(0, 4), -4, '0.5'],
    ['0 claims, 10 years → −4', h(0, 10), -4, '0.5'],
    ['0 claims, 3 years → −3', h(0, 3), -3, '0.6'],
    ['2 claims, 1 year → 1', h(2, 1), 1, '1.2'],
    ['6 claims, 0 years → clamped 5', h(6, 0), 5, '2.0'],
    ['1 claim, 9 years → clamped −4', h(1, 9), -4, '0.5'],
    ['0 claims, 0 years → 0', h(0, 0), 0, '1.0'],
    ['new vehicle → 0', h(0, 0, { newOrTransferred: true }), 0, '1.0'],
    ['transferred with a good history → 0', h(0, 6, { newOrTransferred: true }), 0, '1.0'],
    ['transferred with a bad history → 0', h(5, 0, { newOrTransferred: true }), 0, '1.0'],
    ['lapse 7 months → 0', h(0, 5, { lapseMonths: 7 }), 0, '1.0'],
    ['lapse 6.5 months → 0', h(3, 0, { lapseMonths: 6.5 }), 0, '1.0'],
    ['lapse exactly 6 months keeps the history', h(0, 5, { lapseMonths: 6 }), -4, '0.5'],
  ])('%s', (_, history, level, coeff) => {
    expect(ncdLevel(history)).toBe(level);
    expect(coefficient(level)).toBe(coeff);
  });

  it('is always within [−4, 5]', () => {
    fc.assert(fc.property(fc.nat(1000), fc.nat(100), fc.boolean(), fc.nat(100), (c, y, n, l) => {
      const level = ncdLevel({ claimsLast3Years: c, consecutiveInsuredYears: y, newOrTransferred: n, lapseMonths: l });
      expect(level).toBeGreaterThanOrEqual(-4);
      expect(level).toBeLessThanOrEqual(5);
    }));
  });
});

describe('quoteCommercial', () => {
  it('applies base × NCD × pricing × violation per line, rounded half-up to the fen', () => {
    const r = quoteCommercial(REF, input({ region: '深圳', history: { claimsLast3Years: 0, consecutiveInsuredYears: 4 }, pricingCoefficient: '0.85' }));
    expect(r.ok).toBe(true);
    const w = commercialQuoteToWire(r.ok ? r.value : (undefined as never));
    // chain = 0.5 × 0.85 × 1.05 = 0.44625
    expect(w).toMatchObject({ ncdLevel: -4, ncdCoefficient: '0.50', pricingCoefficient: '0.85', violationCoefficient: '1.05', sampleRates: true });
    expect(w.lines.map((l) => [l.code, l.basePremium, l.premium])).toEqual([
      ['CAR_DAMAGE', '2459.00', '1097.33'], // 539 + 0.0128 × 150000; 1097.32875
      ['THIRD_PARTY', '1312.00', '585.48'],
      ['DRIVER', '42.00', '18.74'], // 0.0042 × 10000 × 1; 18.7425
      ['PASSENGER', '108.00', '48.20'], // 0.0027 × 10000 × 4; 48.195
    ]);
    expect(w.premium).toBe('1749.75');
    expect(w.lines[0]!.factors.map((f) => [f.code, f.value])).toEqual([['NCD', '0.50'], ['PRICING', '0.85'], ['VIOLATION', '1.05']]);
    for (const f of w.lines[0]!.factors) expect(f.why.length).toBeGreaterThan(0);
  });

  it('rounds half-up, not half-even', () => {
    // 1007 × 0.5 × 0.75 = 377.625 → 377.63 (half-even would give 377.62)
    const r = quoteCommercial(REF, input({ coverages: [{ code: 'THIRD_PARTY', limit: '500000.00' }], history: { claimsLast3Years: 0, consecutiveInsuredYears: 5 }, pricingCoefficient: '0.75' }));
    expect(r.ok && commercialQuoteToWire(r.value).premium).toBe('377.63');
  });

  it('regions without a violation coefficient use 1.0; absent pricing is 1.00', () => {
    const r = quoteCommercial(REF, input({ coverages: [{ code: 'THIRD_PARTY', limit: '1000000' }], history: { claimsLast3Years: 2, consecutiveInsuredYears: 1 } }));
    expect(r.ok && commercialQuoteToWire(r.value)).toMatchObject({ ncdLevel: 1, violationCoefficient: '1.00', pricingCoefficient: '1.00', premium: '1574.40' });
  });

  it('accepts the pricing range boundaries 0.65 and 1.35, and rejects just outside', () => {
    expect(quoteCommercial(REF, input({ pricingCoefficient: '0.65' })).ok).toBe(true);
    expect(quoteCommercial(REF, input({ pricingCoefficient: '1.35' })).ok).toBe(true);
    expect(quoteCommercial(REF, input({ pricingCoefficient: '1.3500' })).ok).toBe(true);
    for (const p of ['0.6499', '1.3501', '0', '2.00']) {
      expect(failureOf(input({ pricingCoefficient: p }))).toEqual({ code: 'COMMERCIAL_PRICING_COEFFICIENT_OUT_OF_RANGE', field: 'pricingCoefficient' });
    }
  });

  it('picks the vehicle-age band [from, to)', () => {
    const base = (ageYears: number) => {
      const r = quoteCommercial(REF, input({ vehicle: { usage: 'FAMILY', ageYears, actualValue: '100000' }, coverages: [{ code: 'CAR_DAMAGE' }] }));
      return r.ok ? r.value.lines[0]!.basePremium.toFixed(2) : r.failure.code;
    };
    expect([base(0), base(1.99), base(2), base(5.5), base(6), base(30)]).toEqual(['1916.00', '1916.00', '1819.00', '1819.00', '1790.00', '1790.00']);
  });

  it('returns typed failures with the field', () => {
    expect(failureOf(input({ coverages: [{ code: 'GLASS' }] }))).toEqual({ code: 'COMMERCIAL_COVERAGE_UNKNOWN', field: 'coverages[0].code' });
    expect(failureOf(input({ coverages: [{ code: 'DRIVER', sumInsured: '1' }, { code: 'DRIVER', sumInsured: '1' }] }))).toEqual({ code: 'COMMERCIAL_COVERAGE_DUPLICATE', field: 'coverages[1].code' });
    expect(failureOf(input({ coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1500000' }] }))).toEqual({ code: 'COMMERCIAL_LIMIT_NOT_OFFERED', field: 'coverages[1].limit' });
    expect(failureOf(input({ coverages: [{ code: 'THIRD_PARTY' }] }))).toEqual({ code: 'COMMERCIAL_LIMIT_REQUIRED', field: 'coverages[0].limit' });
    expect(failureOf(input({ vehicle: { usage: 'FAMILY', ageYears: 1 } }))).toEqual({ code: 'COMMERCIAL_VEHICLE_VALUE_REQUIRED', field: 'vehicle.actualValue' });
    expect(failureOf(input({ vehicle: { usage: 'FAMILY', ageYears: 1, actualValue: '0.00' } }))).toEqual({ code: 'COMMERCIAL_VEHICLE_VALUE_INVALID', field: 'vehicle.actualValue' });
    expect(failureOf(input({ vehicle: { usage: 'ENTERPRISE', ageYears: 4, actualValue: '1.00' }, coverages: [{ code: 'CAR_DAMAGE' }] }))).toEqual({ code: 'COMMERCIAL_VEHICLE_AGE_NOT_RATED', field: 'vehicle.ageYears' });
    expect(failureOf(input({ vehicle: { usage: 'COACH', ageYears: 1, actualValue: '1.00' } }))).toEqual({ code: 'COMMERCIAL_USAGE_NOT_RATED', field: 'vehicle.usage' });
    expect(failureOf(input({ coverages: [{ code: 'PASSENGER', sumInsured: '10000' }], vehicle: { usage: 'FAMILY', ageYears: 1 } }))).toEqual({ code: 'COMMERCIAL_SEATS_REQUIRED', field: 'coverages[0].seats' });
    expect(failureOf(input({ coverages: [{ code: 'PASSENGER', sumInsured: '10000', seats: 5 }] }))).toEqual({ code: 'COMMERCIAL_SEATS_INVALID', field: 'coverages[0].seats' });
    expect(failureOf(input({ coverages: [{ code: 'DRIVER' }] }))).toEqual({ code: 'COMMERCIAL_SUM_INSURED_REQUIRED', field: 'coverages[0].sumInsured' });
    expect(failureOf(input({ coverages: [{ code: 'CAR_DAMAGE', limit: '500000' }] }))).toEqual({ code: 'COMMERCIAL_FIELD_NOT_APPLICABLE', field: 'coverages[0].limit' });
    expect(failureOf(input({ history: { claimsLast3Years: -1, consecutiveInsuredYears: 0 } }))).toEqual({ code: 'COMMERCIAL_HISTORY_INVALID', field: 'history.claimsLast3Years' });
  });

  it('passenger seats default to vehicle seats − 1', () => {
    const r = quoteCommercial(REF, input({ coverages: [{ code: 'PASSENGER', sumInsured: '10000' }] }));
    expect(r.ok && r.value.lines[0]!.basePremium.toFixed(2)).toBe('108.00');
  });

  it('rejects reference data that breaks its invariants', () => {
    expect(() => buildCommercialReference({ ...ROWS, ncd: ROWS.ncd.slice(1) })).toThrow(/level -4/);
    expect(() => buildCommercialReference({ ...ROWS, rates: [cell('X', 'THIRD_PARTY', 'FAMILY', { fixed_premium: '1.00' })] })).toThrow(/basis limit/);
  });

  it('random valid inputs never throw; total = Σ lines; each line = round(base × chain)', () => {
    const amount = fc.integer({ min: 0, max: 10_000_000_00 }).map((c) => (c / 100).toFixed(2));
    const coverage = fc.oneof(
      fc.record({ code: fc.constant('CAR_DAMAGE') }),
      fc.record({ code: fc.constant('THIRD_PARTY'), limit: fc.constantFrom('500000', '1000000', '2000000.00', '3000000', '1500000') }, { requiredKeys: ['code'] }),
      fc.record({ code: fc.constant('DRIVER'), sumInsured: amount }, { requiredKeys: ['code'] }),
      fc.record({ code: fc.constant('PASSENGER'), sumInsured: amount, seats: fc.integer({ min: 1, max: 60 }) }, { requiredKeys: ['code'] }),
      fc.record({ code: fc.constantFrom('GLASS', '') }),
    );
    const wild = fc.record({
      vehicle: fc.record({ usage: fc.constantFrom(...CTPL_USAGES), seats: fc.integer({ min: 1, max: 60 }), ageYears: fc.double({ min: 0, max: 100, noNaN: true }), actualValue: amount }, { requiredKeys: ['usage', 'ageYears'] }),
      region: fc.constantFrom('深圳', '上海', '火星'),
      coverages: fc.array(coverage, { minLength: 1, maxLength: 5 }),
      history: fc.record({ claimsLast3Years: fc.nat(1000), consecutiveInsuredYears: fc.nat(100), newOrTransferred: fc.boolean(), lapseMonths: fc.double({ min: 0, max: 1200, noNaN: true }) }, { requiredKeys: ['claimsLast3Years', 'consecutiveInsuredYears'] }),
      pricingCoefficient: fc.integer({ min: 0, max: 20000 }).map((n) => (n / 10000).toFixed(4)),
    }, { requiredKeys: ['vehicle', 'region', 'coverages', 'history'] });
    // Mostly well-formed quotes (rated usages, offered limits, one line per coverage, coefficient in
    // range) so the invariants are exercised on many successful quotes, plus wild ones that must fail cleanly.
    const wellFormed = fc.record({
      vehicle: fc.record({ usage: fc.constantFrom('FAMILY', 'ENTERPRISE', 'TAXI_RENTAL'), seats: fc.integer({ min: 2, max: 9 }), ageYears: fc.double({ min: 0, max: 30, noNaN: true }), actualValue: fc.integer({ min: 1_000_00, max: 2_000_000_00 }).map((c) => (c / 100).toFixed(2)) }),
      region: fc.constantFrom('深圳', '上海', '北京'),
      coverages: fc.uniqueArray(
        fc.oneof(
          fc.record({ code: fc.constant('CAR_DAMAGE') }),
          fc.record({ code: fc.constant('THIRD_PARTY'), limit: fc.constantFrom('500000', '1000000', '2000000', '3000000') }),
          fc.record({ code: fc.constant('DRIVER'), sumInsured: fc.integer({ min: 1000, max: 500000 }).map(String) }),
          fc.record({ code: fc.constant('PASSENGER'), sumInsured: fc.integer({ min: 1000, max: 500000 }).map(String) }),
        ),
        { minLength: 1, maxLength: 4, selector: (c) => c.code },
      ),
      history: fc.record({ claimsLast3Years: fc.nat(10), consecutiveInsuredYears: fc.nat(10), newOrTransferred: fc.boolean(), lapseMonths: fc.nat(24) }),
      pricingCoefficient: fc.integer({ min: 6500, max: 13500 }).map((n) => (n / 10000).toFixed(4)),
    });
    const arb = fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 1, arbitrary: wild });
    let oks = 0;
    fc.assert(fc.property(arb, (i) => {
      const r = quoteCommercial(REF, i);
      if (!r.ok) return;
      oks++;
      const chain = r.value.ncdCoefficient.times(r.value.pricingCoefficient).times(r.value.violationCoefficient);
      for (const l of r.value.lines) expect(l.premium.eq(l.basePremium.times(chain).toDecimalPlaces(2, Decimal.ROUND_HALF_UP))).toBe(true);
      expect(r.value.premium.eq(r.value.lines.reduce((a, l) => a.plus(l.premium), new Decimal(0)))).toBe(true);
      expect(commercialQuoteToWire(r.value).premium).toMatch(/^[0-9]+\.[0-9]{2}$/);
    }), { numRuns: 500 });
    expect(oks).toBeGreaterThan(0);
  });
});
