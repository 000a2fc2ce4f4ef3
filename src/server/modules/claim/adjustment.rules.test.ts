import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculate, ctplHeadLimit, localizeSteps, methodOf, policyYear, type AdjustmentFacts, type CtplLimits } from './adjustment.rules';

// The 2020 schedule (DOMAIN.md §2), as the reference table holds it.
const CN_2020: CtplLimits[] = [
  { fault: 'AT_FAULT', death_disability: '180000.00', medical: '18000.00', property: '2000.00' },
  { fault: 'NOT_AT_FAULT', death_disability: '18000.00', medical: '1800.00', property: '100.00' },
];

const ctpl = (coverageCode: string, assessedLoss: string, atFault: boolean | null, priorPaid = '0') =>
  calculate({ method: 'CTPL', assessedLoss, atFault, limit: ctplHeadLimit(CN_2020, coverageCode, atFault), priorPaid });

const codes = (r: { steps: { code: string }[] }) => r.steps.map((s) => s.code);
const step = (r: { steps: { code: string; value: string | null; amount: string }[] }, code: string) => r.steps.find((s) => s.code === code);

describe('交强险 (CTPL): the head limit by fault, no share, no deductible', () => {
  it.each([
    // head, loss, at fault?, payable
    ['MEDICAL', '25000.00', true, '18000.00'],
    ['MEDICAL', '25000.00', false, '1800.00'],
    ['MEDICAL', '1200.00', false, '1200.00'],
    ['PROPERTY', '3000.00', true, '2000.00'],
    ['PROPERTY', '3000.00', false, '100.00'],
    ['PROPERTY', '80.00', false, '80.00'],
    ['DEATH_DISABILITY', '500000.00', true, '180000.00'],
    ['DEATH_DISABILITY', '500000.00', false, '18000.00'],
    ['DEATH_DISABILITY', '120000.00', true, '120000.00'],
  ] as const)('%s loss %s, at fault %s → %s', (head, loss, atFault, payable) => {
    expect(ctpl(head, loss, atFault).payable).toBe(payable);
  });

  it('takes the at-fault limits when fault is unknown, and knows no other heads', () => {
    expect(ctplHeadLimit(CN_2020, 'MEDICAL', null)).toBe('18000.00');
    expect(ctplHeadLimit(CN_2020, 'CAR_DAMAGE', true)).toBeNull();
  });

  it('explains every figure: loss, limit by fault, prior payments, the cap, the payable', () => {
    const r = ctpl('MEDICAL', '25000.00', false);
    expect(codes(r)).toEqual(['ASSESSED_LOSS', 'CTPL_LIMIT_NOT_AT_FAULT', 'PRIOR_PAID', 'REMAINING_LIMIT', 'PAYABLE']);
    expect(r.steps[0]).toEqual({ code: 'ASSESSED_LOSS', label: '核定损失金额', value: '25000.00', amount: '25000.00' });
    expect(step(r, 'CTPL_LIMIT_NOT_AT_FAULT')).toMatchObject({ label: '交强险分项责任限额（无责）', value: '1800.00' });
    expect(step(r, 'REMAINING_LIMIT')).toMatchObject({ value: '1800.00', amount: '1800.00' });
  });

  it('ignores a liability share and deductibles', () => {
    const r = calculate({ method: 'CTPL', assessedLoss: '1000.00', atFault: true, liabilityShare: '30', deductible: '500', deductibleRate: '10', limit: '2000.00' });
    expect(r.payable).toBe('1000.00');
  });

  it('prior payments under the head reduce what remains; exhausted → 0', () => {
    expect(ctpl('MEDICAL', '10000.00', true, '12000.00').payable).toBe('6000.00');
    const r = ctpl('MEDICAL', '10000.00', true, '18000.00');
    expect(r.payable).toBe('0.00');
    expect(step(r, 'REMAINING_LIMIT')).toMatchObject({ value: '0.00', amount: '0.00' });
    // More paid than the limit (a changed schedule) is still 0, never negative.
    expect(ctpl('PROPERTY', '500.00', false, '300.00').payable).toBe('0.00');
  });
});

describe('商业车险 (MOTOR): salvage, share, deductibles, limit', () => {
  const motor = (f: Partial<AdjustmentFacts>) => calculate({ method: 'MOTOR', assessedLoss: '0', limit: '120000.00', ...f });

  it('pays the loss less salvage at the liability share (70 %)', () => {
    const r = motor({ assessedLoss: '10000.00', salvage: '500.00', atFault: true, liabilityShare: '70' });
    expect(codes(r)).toEqual(['ASSESSED_LOSS', 'SALVAGE', 'AT_FAULT_SHARE', 'LIMIT', 'PRIOR_PAID', 'REMAINING_LIMIT', 'PAYABLE']);
    expect(step(r, 'SALVAGE')).toMatchObject({ value: '500.00', amount: '9500.00' });
    expect(step(r, 'AT_FAULT_SHARE')).toMatchObject({ value: '70%', amount: '6650.00' });
    expect(r.payable).toBe('6650.00');
  });

  it('全责 when at fault without a share; nothing when not at fault', () => {
    expect(motor({ assessedLoss: '8000.00', atFault: true }).payable).toBe('8000.00');
    expect(motor({ assessedLoss: '8000.00', atFault: null }).payable).toBe('8000.00');
    const none = motor({ assessedLoss: '8000.00', atFault: false, liabilityShare: '70' });
    expect(step(none, 'NOT_AT_FAULT_SHARE')).toMatchObject({ value: '0%', amount: '0.00' });
    expect(none.payable).toBe('0.00');
  });

  it('applies a deductible rate, then an absolute deductible, never below 0', () => {
    const rate = motor({ assessedLoss: '10000.00', atFault: true, liabilityShare: '70', deductibleRate: '10' });
    expect(step(rate, 'DEDUCTIBLE_RATE')).toMatchObject({ value: '10%', amount: '6300.00' });
    expect(rate.payable).toBe('6300.00');
    const both = motor({ assessedLoss: '10000.00', atFault: true, deductibleRate: '5', deductible: '1000.00' });
    expect(both.payable).toBe('8500.00');
    expect(motor({ assessedLoss: '800.00', atFault: true, deductible: '1000.00' }).payable).toBe('0.00');
  });

  it('caps at the limit less other claims’ payments under the coverage', () => {
    expect(motor({ assessedLoss: '150000.00', atFault: true }).payable).toBe('120000.00');
    expect(motor({ assessedLoss: '50000.00', atFault: true, priorPaid: '100000.00' }).payable).toBe('20000.00');
    expect(motor({ assessedLoss: '50000.00', atFault: true, priorPaid: '120000.00' }).payable).toBe('0.00');
  });

  it('rounds each step half-up to the fen', () => {
    const r = motor({ assessedLoss: '333.33', atFault: true, liabilityShare: '33.33' });
    expect(step(r, 'AT_FAULT_SHARE')!.amount).toBe('111.10'); // 111.099…
    expect(motor({ assessedLoss: '0.05', atFault: true, liabilityShare: '50' }).payable).toBe('0.03');
  });
});

describe('life and health', () => {
  it('身故 pays the sum assured less prior death payments', () => {
    const r = calculate({ method: 'SUM_ASSURED', assessedLoss: '0', limit: '500000.00' });
    expect(codes(r)).toEqual(['SUM_ASSURED', 'LESS_PRIOR_PAID', 'PAYABLE']);
    expect(r.payable).toBe('500000.00');
    expect(calculate({ method: 'SUM_ASSURED', assessedLoss: '0', limit: '500000.00', priorPaid: '500000.00' }).payable).toBe('0.00');
  });

  it('医疗: (bills − deductible) × (1 − co-payment), capped by the annual limit remaining', () => {
    const r = calculate({ method: 'MEDICAL', assessedLoss: '12000.00', deductible: '2000.00', coPaymentRate: '20', limit: '50000.00' });
    expect(codes(r)).toEqual(['MEDICAL_BILLS', 'DEDUCTIBLE', 'CO_PAYMENT', 'ANNUAL_LIMIT', 'PRIOR_PAID', 'REMAINING_LIMIT', 'PAYABLE']);
    expect(step(r, 'CO_PAYMENT')).toMatchObject({ label: '× (1 − 自付比例)', value: '20%', amount: '8000.00' });
    expect(r.payable).toBe('8000.00');
    expect(calculate({ method: 'MEDICAL', assessedLoss: '12000.00', deductible: '2000.00', coPaymentRate: '20', limit: '50000.00', priorPaid: '45000.00' }).payable).toBe('5000.00');
    expect(calculate({ method: 'MEDICAL', assessedLoss: '1500.00', deductible: '2000.00', limit: '50000.00' }).payable).toBe('0.00');
  });

  it('the annual limit runs by policy year', () => {
    expect(policyYear('2024-03-15', '2026-03-14')).toEqual({ from: '2025-03-15', to: '2026-03-15' });
    expect(policyYear('2024-03-15', '2026-03-15')).toEqual({ from: '2026-03-15', to: '2027-03-15' });
    expect(policyYear('2024-03-15', '2024-12-31')).toEqual({ from: '2024-03-15', to: '2025-03-15' });
    expect(policyYear('2024-02-29', '2025-02-28')).toEqual({ from: '2024-02-29', to: '2025-03-01' });
  });

  it('picks the method from the line and the loss type', () => {
    expect(methodOf('CTPL', 'INJURY')).toBe('CTPL');
    expect(methodOf('COMMERCIAL_MOTOR', 'VEHICLE')).toBe('MOTOR');
    expect(methodOf('TERM_LIFE', 'DEATH')).toBe('SUM_ASSURED');
    expect(methodOf('HEALTH', 'MEDICAL')).toBe('MEDICAL');
    expect(methodOf('ACCIDENT', 'DISABILITY')).toBe('INDEMNITY');
  });
});

describe('labels', () => {
  it('in English on request, and a stored sheet relabels by code', () => {
    const zh = ctpl('PROPERTY', '3000.00', false);
    const en = calculate({ method: 'CTPL', assessedLoss: '3000.00', atFault: false, limit: '100.00' }, 'en');
    expect(en.steps[1]!.label).toBe('CTPL head limit (not at fault)');
    expect(localizeSteps(zh.steps, 'en')).toEqual(en.steps);
  });
});

describe('properties', () => {
  const money = fc.integer({ min: 0, max: 100_000_000 }).map((n) => new Decimal(n).div(100).toFixed(2));
  const percent = fc.integer({ min: 0, max: 10_000 }).map((n) => new Decimal(n).div(100).toString());
  const facts = fc.record({
    method: fc.constantFrom('CTPL', 'MOTOR', 'MEDICAL', 'INDEMNITY') as fc.Arbitrary<AdjustmentFacts['method']>,
    assessedLoss: money,
    salvage: fc.option(money),
    atFault: fc.option(fc.boolean()),
    liabilityShare: fc.option(percent),
    deductible: fc.option(money),
    deductibleRate: fc.option(percent),
    limit: money,
    priorPaid: fc.option(money),
    coPaymentRate: fc.option(percent),
  });

  it('the payable is ≥ 0, never above the remaining limit nor the loss, and has two decimals', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const p = new Decimal(calculate(f).payable);
        const remaining = Decimal.max(new Decimal(f.limit).minus(f.priorPaid ?? 0), 0);
        expect(p.gte(0)).toBe(true);
        expect(p.lte(remaining)).toBe(true);
        expect(p.lte(f.assessedLoss)).toBe(true);
        expect(calculate(f).payable).toMatch(/^\d+\.\d{2}$/);
      }),
    );
  });

  it('is monotone in the loss', () => {
    fc.assert(
      fc.property(facts, money, (f, more) => {
        const bigger = new Decimal(f.assessedLoss).plus(more).toFixed(2);
        expect(new Decimal(calculate({ ...f, assessedLoss: bigger }).payable).gte(calculate(f).payable)).toBe(true);
      }),
    );
  });

  it('the last step is the payable and every step is a figure to the fen', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const r = calculate(f);
        expect(r.steps.at(-1)).toMatchObject({ code: 'PAYABLE', amount: r.payable });
        for (const s of r.steps) expect(s.amount).toMatch(/^\d+\.\d{2}$/);
      }),
    );
  });
});
