import { describe, expect, it } from 'vitest';
import { autoUnderwrite, coveringAuthority, type UnderwritingFacts } from './underwriting.rules';
import { DEFAULT_SETTINGS } from './settings';

const rules = DEFAULT_SETTINGS.underwriting;
const life = (o: Partial<UnderwritingFacts> = {}): UnderwritingFacts => ({
  line: 'TERM_LIFE', sumAssured: '500000.00', age: 40, occupationClass: 1,
  health: [{ code: 'HOSPITAL_2Y', answer: false }, { code: 'SMOKING_DRINKING', answer: false }],
  vehicleAgeYears: null, claimsLast3Years: null, ...o,
});
const motor = (o: Partial<UnderwritingFacts> = {}): UnderwritingFacts => ({
  line: 'COMMERCIAL_MOTOR', sumAssured: null, age: null, occupationClass: null, health: null, vehicleAgeYears: 3, claimsLast3Years: 0, ...o,
});
const rulesOf = (f: UnderwritingFacts) => autoUnderwrite(rules, f).reasons.map((r) => r.rule);

describe('automatic underwriting', () => {
  it('passes a standard life case exactly at the limits', () => {
    expect(autoUnderwrite(rules, life())).toEqual({ outcome: 'PASS', reasons: [] });
    expect(autoUnderwrite(rules, life({ age: 18 })).outcome).toBe('PASS');
    expect(autoUnderwrite(rules, life({ age: 55 })).outcome).toBe('PASS');
    expect(autoUnderwrite(rules, life({ occupationClass: 4 })).outcome).toBe('PASS');
  });

  it('refers one fen above the automatic sum assured limit, naming the field', () => {
    const r = autoUnderwrite(rules, life({ sumAssured: '500000.01' }));
    expect(r.outcome).toBe('REFER');
    expect(r.reasons).toEqual([{ rule: 'SUM_ASSURED', field: 'sumAssured', message: expect.stringContaining('500000.00') }]);
  });

  it('refers ages outside 18–55, occupation classes above 4 and any yes in the health disclosure — all at once', () => {
    expect(rulesOf(life({ age: 17 }))).toEqual(['AGE']);
    expect(rulesOf(life({ age: 56 }))).toEqual(['AGE']);
    const r = autoUnderwrite(rules, life({ age: 60, occupationClass: 5, sumAssured: '2000000.00', health: [{ code: 'HOSPITAL_2Y', answer: false }, { code: 'SERIOUS_ILLNESS', answer: true }] }));
    expect(r.reasons.map((x) => [x.rule, x.field])).toEqual([
      ['SUM_ASSURED', 'sumAssured'],
      ['AGE', 'insuredId'],
      ['OCCUPATION', 'life.occupationClass'],
      ['HEALTH', 'life.health.1.answer'],
    ]);
  });

  it('does not refer on health answers when the setting says so', () => {
    const r = autoUnderwrite({ ...rules, referOnHealthDisclosure: false }, life({ health: [{ code: 'SURGERY_5Y', answer: true }] }));
    expect(r.outcome).toBe('PASS');
  });

  it('refers old vehicles and many claims; motor has no sum-assured limit by default', () => {
    expect(rulesOf(motor({ vehicleAgeYears: 10, claimsLast3Years: 3 }))).toEqual([]);
    expect(rulesOf(motor({ vehicleAgeYears: 11 }))).toEqual(['VEHICLE_AGE']);
    expect(rulesOf(motor({ claimsLast3Years: 4 }))).toEqual(['CLAIMS']);
    expect(autoUnderwrite(rules, motor({ line: 'CTPL', claimsLast3Years: 5 })).reasons[0]!.field).toBe('motor.ctplHistory');
  });
});

describe('underwriting authority', () => {
  const rows = [{ line: 'TERM_LIFE', maxSumAssured: '300000.00' }, { line: 'COMMERCIAL_MOTOR', maxSumAssured: '0.00' }];
  it('covers sums up to the limit for the line, and motor proposals without a sum assured with any row', () => {
    expect(coveringAuthority(rows, 'TERM_LIFE', '300000.00')).toEqual(rows[0]);
    expect(coveringAuthority(rows, 'TERM_LIFE', '300000.01')).toBeNull();
    expect(coveringAuthority(rows, 'WHOLE_LIFE', '1.00')).toBeNull();
    expect(coveringAuthority(rows, 'COMMERCIAL_MOTOR', null)).toEqual(rows[1]);
    expect(coveringAuthority(rows, 'CTPL', null)).toBeNull();
  });
});
