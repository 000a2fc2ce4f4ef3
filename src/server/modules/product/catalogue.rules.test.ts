import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRODUCT_LINE_CODES, type ProductDefinition } from '../../../contracts/product';
import { AppError } from '../../platform/errors';
import {
  addDays,
  checkChannel,
  definitionTemplate,
  diffVersions,
  fixedPremium,
  grossPremium,
  inPeriod,
  isDate,
  isQuotable,
  lifeEngineInput,
  normalizeRating,
  overlaps,
  planApproval,
  validateDefinition,
} from './catalogue.rules';

/** The thrown AppError's code and field. */
function problem(f: () => unknown): { code: string; field: unknown; message: string } | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, field: e.details?.field, message: e.text.zh };
  }
}

const life = (): ProductDefinition => definitionTemplate('WHOLE_LIFE');

describe('definitions', () => {
  it('every line’s starting definition is valid for that line', () => {
    for (const line of PRODUCT_LINE_CODES) expect(problem(() => validateDefinition(line, definitionTemplate(line))), line).toBeNull();
  });

  it('a starting definition belongs to its line only', () => {
    expect(problem(() => validateDefinition('CTPL', definitionTemplate('COMMERCIAL_MOTOR')))).toMatchObject({ code: 'PRODUCT_RATING_METHOD_NOT_FOR_LINE', field: 'definition.rating.method' });
    expect(problem(() => validateDefinition('TERM_LIFE', definitionTemplate('WHOLE_LIFE')))).toMatchObject({ code: 'PRODUCT_RATING_METHOD_NOT_FOR_LINE', field: 'definition.rating.benefit' });
  });

  it('names the first wrong field with a Chinese message', () => {
    const d = life();
    const check = (patch: Partial<ProductDefinition>) => problem(() => validateDefinition('WHOLE_LIFE', { ...d, ...patch }));
    expect(check({ coverages: [] })).toMatchObject({ field: 'definition.coverages', message: '保障责任：至少一项' });
    expect(check({ coverages: [{ code: 'death', name: 'x', limit: null, deductible: null }] })).toMatchObject({ field: 'definition.coverages.0.code' });
    expect(check({ coverages: [{ code: 'A', name: 'x', limit: null, deductible: null }, { code: 'A', name: 'y', limit: null, deductible: null }] })).toMatchObject({ code: 'PRODUCT_COVERAGE_DUPLICATE', field: 'definition.coverages.1.code' });
    expect(check({ coverages: [{ code: 'A', name: ' ', limit: null, deductible: null }] })).toMatchObject({ field: 'definition.coverages.0.name' });
    for (const limit of ['0', '-1', '1.234', '1e5', '01', ' 1']) expect(check({ coverages: [{ code: 'A', name: 'x', limit, deductible: null }] }), limit).toMatchObject({ field: 'definition.coverages.0.limit' });
    expect(check({ coverages: [{ code: 'A', name: 'x', limit: '100', deductible: '100.00' }] })).toMatchObject({ field: 'definition.coverages.0.deductible' });
    expect(check({ minAge: -1 })).toMatchObject({ field: 'definition.minAge' });
    expect(check({ minAge: 50, maxAge: 40 })).toMatchObject({ field: 'definition.maxAge' });
    expect(check({ minSumAssured: '200', maxSumAssured: '100' })).toMatchObject({ field: 'definition.maxSumAssured' });
    expect(check({ paymentModes: [] })).toMatchObject({ field: 'definition.paymentModes' });
    expect(check({ paymentModes: ['QUARTERLY'] })).toMatchObject({ field: 'definition.paymentModes' });
    expect(check({ coverageTerms: [10] })).toMatchObject({ field: 'definition.coverageTerms' }); // whole life
    expect(check({ paymentTerms: [10, 10] })).toMatchObject({ field: 'definition.paymentTerms.1' });
    expect(check({ channels: [] })).toMatchObject({ field: 'definition.channels' });
    expect(check({ coolingOffDays: { AGENT: 15, BANCASSURANCE: 15 } })).toMatchObject({ field: 'definition.coolingOffDays.DIRECT' });
    expect(check({ coolingOffDays: { ...d.coolingOffDays, DIRECT: 61 } })).toMatchObject({ field: 'definition.coolingOffDays.DIRECT' });
    expect(check({ coolingOffDays: { ...d.coolingOffDays, DEALER: 0 } })).toMatchObject({ field: 'definition.coolingOffDays.DEALER' });
    expect(check({ filingNo: '  ' })).toMatchObject({ field: 'definition.filingNo' });
    expect(check({ rating: { ...(d.rating as object), interest: '0.2' } as ProductDefinition['rating'] })).toMatchObject({ field: 'definition.rating.interest' });
    expect(check({ rating: { ...(d.rating as object), interest: '3.5%' } as ProductDefinition['rating'] })).toMatchObject({ field: 'definition.rating.interest' });
  });

  it('term products list terms; fixed rates are positive', () => {
    const term = definitionTemplate('TERM_LIFE');
    expect(problem(() => validateDefinition('TERM_LIFE', { ...term, coverageTerms: [] }))).toMatchObject({ field: 'definition.coverageTerms' });
    const acc = definitionTemplate('ACCIDENT');
    expect(problem(() => validateDefinition('ACCIDENT', { ...acc, rating: { method: 'FIXED', rate: '0', minPremium: '0' } }))).toMatchObject({ field: 'definition.rating.rate' });
  });

  it('normalizeRating keeps the method’s parameters and names a missing or foreign one', () => {
    expect(normalizeRating({ method: 'COMMERCIAL_MOTOR' })).toEqual({ method: 'COMMERCIAL_MOTOR', defaultPricingCoefficient: null });
    expect(normalizeRating({ method: 'FIXED', rate: '0.001', minPremium: '10' })).toEqual({ method: 'FIXED', rate: '0.001', minPremium: '10' });
    expect(problem(() => normalizeRating({ method: 'FIXED', rate: '0.001' }))).toMatchObject({ field: 'definition.rating.minPremium', message: expect.stringContaining('必须填写') });
    expect(problem(() => normalizeRating({ method: 'CTPL', interest: '0.02' }))).toMatchObject({ field: 'definition.rating.interest', message: expect.stringContaining('不使用') });
  });
});

describe('periods and quotability', () => {
  it('dates: real calendar days only; adding days crosses months and years', () => {
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2026-13-01')).toBe(false);
    expect(isDate('2026-1-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('periods are inclusive at both ends; null end is open', () => {
    const p = { effectiveFrom: '2026-01-01', effectiveTo: '2026-12-31' };
    expect(inPeriod(p, '2026-01-01')).toBe(true);
    expect(inPeriod(p, '2026-12-31')).toBe(true);
    expect(inPeriod(p, '2027-01-01')).toBe(false);
    expect(inPeriod({ effectiveFrom: '2026-01-01', effectiveTo: null }, '2099-01-01')).toBe(true);
    expect(overlaps(p, { effectiveFrom: '2026-12-31', effectiveTo: null })).toBe(true);
    expect(overlaps(p, { effectiveFrom: '2027-01-01', effectiveTo: null })).toBe(false);
    expect(isQuotable({ status: 'DRAFT', ...p }, '2026-06-01')).toBe(false);
    expect(isQuotable({ status: 'RETIRED', ...p }, '2026-06-01')).toBe(false);
    expect(isQuotable({ status: 'APPROVED', ...p }, '2026-06-01')).toBe(true);
  });

  it('overlap agrees with a day-by-day check', () => {
    const day = fc.integer({ min: 0, max: 40 }).map((n) => addDays('2026-01-01', n));
    const period = fc.tuple(day, fc.option(fc.integer({ min: 0, max: 20 }))).map(([from, len]) => ({ effectiveFrom: from, effectiveTo: len === null ? null : addDays(from, len) }));
    fc.assert(
      fc.property(period, period, (a, b) => {
        const days = Array.from({ length: 80 }, (_, i) => addDays('2026-01-01', i));
        expect(overlaps(a, b)).toBe(days.some((d) => inPeriod(a, d) && inPeriod(b, d)));
      }),
    );
  });

  it('approving supersedes an earlier open version and refuses one starting inside the new period', () => {
    const v1 = { id: 'a', versionNo: 1, status: 'APPROVED', effectiveFrom: '2026-01-01', effectiveTo: null };
    expect(planApproval({ effectiveFrom: '2026-06-01', effectiveTo: null }, [v1])).toEqual({ supersede: [{ id: 'a', versionNo: 1, effectiveTo: '2026-05-31' }], conflict: null });
    expect(planApproval({ effectiveFrom: '2026-01-01', effectiveTo: null }, [v1]).conflict).toBe(v1);
    expect(planApproval({ effectiveFrom: '2025-01-01', effectiveTo: '2025-12-31' }, [v1])).toEqual({ supersede: [], conflict: null });
    const v2 = { id: 'b', versionNo: 2, status: 'APPROVED', effectiveFrom: '2027-01-01', effectiveTo: null };
    expect(planApproval({ effectiveFrom: '2026-06-01', effectiveTo: null }, [v1, v2]).conflict).toBe(v2);
  });
});

describe('comparison', () => {
  const base = { effectiveFrom: '2026-01-01', effectiveTo: null, note: null };

  it('identical versions differ nowhere; reordered coverages and channels are no change', () => {
    const d = definitionTemplate('COMMERCIAL_MOTOR');
    const r = { ...d, coverages: [...d.coverages].reverse(), channels: [...d.channels].reverse() };
    const rows = diffVersions({ ...base, definition: d }, { ...base, definition: r });
    expect(rows.filter((x) => x.changed)).toEqual([]);
    expect(rows.map((x) => x.path.join('.'))).toContain('coverages.THIRD_PARTY.limit');
  });

  it('marks exactly the changed fields, coverages matched by code', () => {
    const d = definitionTemplate('HEALTH');
    const e: ProductDefinition = {
      ...d,
      coverages: [{ ...d.coverages[0], limit: '2000000.00' }, { code: 'CRITICAL', name: '重大疾病', limit: '300000.00', deductible: null }],
      rating: { method: 'FIXED', rate: '0.0035', minPremium: '50.00' },
      riskLevel: 'R2',
    };
    const changed = diffVersions({ ...base, definition: d }, { ...base, effectiveFrom: '2027-01-01', definition: e }).filter((x) => x.changed);
    expect(changed.map((x) => [x.path.join('.'), x.before, x.after])).toEqual([
      ['effectiveFrom', '2026-01-01', '2027-01-01'],
      ['coverages.MEDICAL.limit', '1000000.00', '2000000.00'],
      ['coverages.CRITICAL.name', null, '重大疾病'],
      ['coverages.CRITICAL.limit', null, '300000.00'],
      ['rating.rate', '0.0030', '0.0035'],
      ['riskLevel', 'R1', 'R2'],
    ]);
  });
});

describe('quote rules', () => {
  it('life: the version’s limits, in the order the form shows them', () => {
    const d: ProductDefinition = { ...definitionTemplate('TERM_LIFE'), minAge: 18, maxAge: 60, paymentTerms: [10, 20] };
    const q = { sex: 'F' as const, age: 30, term: 20, paymentTerm: 10, paymentMode: 'ANNUAL' as const, sumAssured: '100000' };
    expect(lifeEngineInput(d, q)).toEqual({ table: 'CL2010_1F', benefit: 'TERM', interest: 0.025, age: 30, term: 20, paymentTerm: 10, sumAssured: '100000' });
    expect(lifeEngineInput(d, { ...q, paymentMode: 'SINGLE', paymentTerm: undefined })).toMatchObject({ paymentTerm: 1 });
    expect(problem(() => lifeEngineInput(d, { ...q, age: 17 }))).toMatchObject({ code: 'PRODUCT_AGE_OUT_OF_RANGE', field: 'life.age' });
    expect(problem(() => lifeEngineInput(d, { ...q, term: 25 }))).toMatchObject({ code: 'PRODUCT_TERM_NOT_OFFERED', field: 'life.term' });
    expect(problem(() => lifeEngineInput(d, { ...q, paymentTerm: 5 }))).toMatchObject({ code: 'PRODUCT_PAYMENT_TERM_NOT_OFFERED', field: 'life.paymentTerm' });
    expect(problem(() => lifeEngineInput(d, { ...q, sumAssured: '9999.99' }))).toMatchObject({ code: 'PRODUCT_SUM_ASSURED_OUT_OF_RANGE', field: 'life.sumAssured' });
    expect(problem(() => lifeEngineInput(d, { ...q, sumAssured: '1,000' }))).toMatchObject({ code: 'PRODUCT_SUM_ASSURED_INVALID', field: 'life.sumAssured' });
  });

  it('channels: allowed ones give their cooling-off days', () => {
    const d = definitionTemplate('WHOLE_LIFE');
    expect(checkChannel(d, 'BANCASSURANCE')).toBe(15);
    expect(checkChannel(d, undefined)).toBeNull();
    expect(problem(() => checkChannel(d, 'DEALER'))).toMatchObject({ code: 'PRODUCT_CHANNEL_NOT_ALLOWED', field: 'channel' });
  });

  it('gross premium = (net + per-policy) ÷ (1 − expense ratio), half-up to the fen', () => {
    expect(grossPremium('1000.00', '0.20', '10.00')).toBe('1262.50');
    expect(grossPremium('100.005', '0', '0')).toBe('100.01');
    expect(grossPremium('333.33', '0.1', '0')).toBe('370.37');
  });

  it('fixed premium = max(sum × rate, minimum)', () => {
    expect(fixedPremium('200000', '0.0015', '50.00')).toEqual({ computed: '300.00', premium: '300.00' });
    expect(fixedPremium('20000', '0.0015', '50.00')).toEqual({ computed: '30.00', premium: '50.00' });
    expect(fixedPremium('3333', '0.0015', '0')).toEqual({ computed: '5.00', premium: '5.00' });
  });
});
