import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  anniversary,
  checkCharacters,
  coolingOffDaysFor,
  coolingOffEndDate,
  coveredAt,
  formatPolicyNumber,
  isValidPolicyNumber,
  MAX_SEQUENCE,
  numberingYear,
  parsePolicyNumber,
  policyPeriod,
  shanghaiStartOfDay,
  type PolicyNumberParts,
  type PolicyPeriod,
} from './numbering.rules';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUMBER_CHARS = ALNUM + '-_';

const code = fc
  .tuple(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), fc.array(fc.constantFrom(...(ALNUM + '_')), { maxLength: 10 }))
  .map(([h, t]) => h + t.join(''));
const parts: fc.Arbitrary<PolicyNumberParts> = fc.record({
  orgCode: code,
  productCode: code,
  year: fc.integer({ min: 2000, max: 2200 }),
  sequence: fc.integer({ min: 1, max: MAX_SEQUENCE }),
});
const numberOf = (p: PolicyNumberParts): string => {
  const r = formatPolicyNumber(p);
  if (!r.ok) throw new Error(r.code);
  return r.value;
};

describe('policy numbers', () => {
  it('format: P-ORG-PRODUCT-YYYY + 8-digit sequence + 2 check characters', () => {
    const n = numberOf({ orgCode: 'SH01', productCode: 'CTPL', year: 2026, sequence: 42 });
    expect(n).toMatch(/^P-SH01-CTPL-202600000042[0-9A-Z]{2}$/);
    expect(n.slice(-2)).toBe(checkCharacters(n.slice(0, -2)));
  });

  it('ISO 7064 MOD 1271-36: the published example vector', () => {
    // ISO/IEC 7064 example: "ISO79" → check "3W".
    expect(checkCharacters('ISO79')).toBe('3W');
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const n = numberOf(p);
        expect(parsePolicyNumber(n)).toEqual({ ok: true, value: { ...p, number: n } });
        expect(parsePolicyNumber(`  ${n.toLowerCase()} `)).toMatchObject({ ok: true, value: { number: n } });
      }),
    );
  });

  it('catches every single-character typo', () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.nat(), (p, i, j) => {
        const n = numberOf(p);
        const at = i % n.length;
        const others = NUMBER_CHARS.replace(n[at]!, '');
        const typo = n.slice(0, at) + others[j % others.length] + n.slice(at + 1);
        expect(isValidPolicyNumber(typo)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('catches every adjacent transposition', () => {
    fc.assert(
      fc.property(parts, fc.nat(), (p, i) => {
        const n = numberOf(p);
        const at = i % (n.length - 1);
        fc.pre(n[at] !== n[at + 1]);
        const swapped = n.slice(0, at) + n[at + 1] + n[at] + n.slice(at + 2);
        expect(isValidPolicyNumber(swapped)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('exhaustively: every substitution and every swap at every position of one number', () => {
    const n = numberOf({ orgCode: 'BJ_0Z', productCode: 'Z0LIFE9', year: 2026, sequence: 90_909_090 });
    let tried = 0;
    for (let at = 0; at < n.length; at++) {
      for (const c of NUMBER_CHARS) {
        if (c === n[at]) continue;
        expect(isValidPolicyNumber(n.slice(0, at) + c + n.slice(at + 1))).toBe(false);
        tried++;
      }
      if (at < n.length - 1 && n[at] !== n[at + 1]) {
        expect(isValidPolicyNumber(n.slice(0, at) + n[at + 1] + n[at] + n.slice(at + 2))).toBe(false);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(1000);
  });

  it('refuses parts that would not parse back', () => {
    const base = { orgCode: 'SH01', productCode: 'CTPL', year: 2026, sequence: 1 };
    expect(formatPolicyNumber({ ...base, orgCode: 'sh01' })).toMatchObject({ ok: false, field: 'orgCode' });
    expect(formatPolicyNumber({ ...base, orgCode: 'SH-01' })).toMatchObject({ ok: false, field: 'orgCode' });
    expect(formatPolicyNumber({ ...base, productCode: '1CTPL' })).toMatchObject({ ok: false, field: 'productCode' });
    expect(formatPolicyNumber({ ...base, year: 99 })).toMatchObject({ ok: false, field: 'year' });
    expect(formatPolicyNumber({ ...base, sequence: 0 })).toMatchObject({ ok: false, field: 'sequence' });
    expect(formatPolicyNumber({ ...base, sequence: MAX_SEQUENCE + 1 })).toMatchObject({ ok: false, field: 'sequence' });
    expect(formatPolicyNumber({ ...base, sequence: 1.5 })).toMatchObject({ ok: false, field: 'sequence' });
    expect(formatPolicyNumber({ ...base, sequence: MAX_SEQUENCE })).toMatchObject({ ok: true });
  });

  it('parse failures say format or check', () => {
    expect(parsePolicyNumber('')).toMatchObject({ ok: false, code: 'POLICY_NUMBER_FORMAT' });
    expect(parsePolicyNumber('P-SH01-CTPL-2026000042')).toMatchObject({ ok: false, code: 'POLICY_NUMBER_FORMAT' });
    expect(parsePolicyNumber('PSH01CTPL202600000042AB')).toMatchObject({ ok: false, code: 'POLICY_NUMBER_FORMAT' });
    const zero = 'P-SH01-CTPL-202600000000';
    expect(parsePolicyNumber(zero + checkCharacters(zero))).toMatchObject({ ok: false, code: 'POLICY_NUMBER_FORMAT' });
    const n = numberOf({ orgCode: 'SH01', productCode: 'CTPL', year: 2026, sequence: 42 });
    expect(parsePolicyNumber(n.replace('00000042', '00000043'))).toMatchObject({ ok: false, code: 'POLICY_NUMBER_CHECK' });
  });

  it('numbering year is the Shanghai year of the issue instant', () => {
    expect(numberingYear(new Date('2026-12-31T15:59:59.999Z'))).toBe(2026);
    expect(numberingYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027); // 00:00 on 1 January in Shanghai
  });
});

describe('policy period', () => {
  const period = (start: string, years?: number): PolicyPeriod => {
    const r = policyPeriod(start, years);
    if (!r.ok) throw new Error(r.code);
    return r.value;
  };

  it('annual: from 00:00 Shanghai on the start date to 24:00 the day before the anniversary', () => {
    const p = period('2026-03-15');
    expect(p).toMatchObject({ startDate: '2026-03-15', endDate: '2027-03-14' });
    expect(p.startsAt.toISOString()).toBe('2026-03-14T16:00:00.000Z');
    expect(p.endsAt.toISOString()).toBe('2027-03-14T16:00:00.000Z');
  });

  it('year end and year start', () => {
    expect(period('2026-01-01').endDate).toBe('2026-12-31');
    expect(period('2026-12-31').endDate).toBe('2027-12-30');
    expect(period('2026-01-01').startsAt.toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });

  it('leap day start ends on 28 February (anniversary 1 March), and 29 February again in a leap year', () => {
    expect(period('2024-02-29')).toMatchObject({ endDate: '2025-02-28' });
    expect(period('2024-02-29').endsAt.toISOString()).toBe('2025-02-28T16:00:00.000Z');
    expect(period('2024-02-29', 4).endDate).toBe('2028-02-28');
    expect(period('2023-03-01').endDate).toBe('2024-02-29');
    expect(period('2024-02-28').endDate).toBe('2025-02-27');
    expect(anniversary('2096-02-29', 4)).toBe('2100-03-01'); // 2100 is not a leap year
    expect(anniversary('1996-02-29', 4)).toBe('2000-02-29'); // 2000 is
  });

  it('Shanghai midnight, not UTC midnight, decides cover', () => {
    const p = period('2026-03-15');
    expect(coveredAt(p, new Date('2026-03-14T15:59:59.999Z'))).toBe(false); // 23:59:59.999 on 14 March in Shanghai
    expect(coveredAt(p, new Date('2026-03-14T16:00:00Z'))).toBe(true); // 00:00 on 15 March in Shanghai, still the 14th in UTC
    expect(coveredAt(p, new Date('2027-03-14T15:59:59.999Z'))).toBe(true); // 23:59:59.999 on the last day
    expect(coveredAt(p, new Date('2027-03-14T16:00:00Z'))).toBe(false); // 24:00 on the last day
    expect(shanghaiStartOfDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('the period has 365 or 366 days', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const start = d.toISOString().slice(0, 10);
        const p = period(start);
        const days = (p.endsAt.getTime() - p.startsAt.getTime()) / 86_400_000;
        expect([365, 366]).toContain(days);
        expect(addDays(p.endDate, 1)).toBe(anniversary(start, 1));
      }),
    );
  });

  it('refuses bad input', () => {
    expect(policyPeriod('2026-02-29')).toMatchObject({ ok: false, code: 'POLICY_DATE_INVALID', field: 'startDate' });
    expect(policyPeriod('2026-3-1')).toMatchObject({ ok: false, field: 'startDate' });
    expect(policyPeriod('2026-03-01', 0)).toMatchObject({ ok: false, field: 'years' });
  });
});

describe('cooling-off', () => {
  const def = { channels: ['AGENT', 'BANCASSURANCE', 'DIRECT'] as ('AGENT' | 'BANCASSURANCE' | 'DIRECT')[], coolingOffDays: { AGENT: 15, BANCASSURANCE: 20, DIRECT: 0 } };

  it('days come from the version for the channel', () => {
    expect(coolingOffDaysFor(def, 'BANCASSURANCE')).toBe(20);
    expect(coolingOffDaysFor(def, 'AGENT')).toBe(15);
    expect(coolingOffDaysFor(def, 'DIRECT')).toBe(0);
    expect(coolingOffDaysFor(def, 'ONLINE')).toBeNull();
  });

  it('ends receipt date + days (the day of receipt not counted), across month and year ends', () => {
    expect(coolingOffEndDate('2026-03-01', 15)).toEqual({ ok: true, value: '2026-03-16' });
    expect(coolingOffEndDate('2026-12-20', 15)).toEqual({ ok: true, value: '2027-01-04' });
    expect(coolingOffEndDate('2024-02-14', 15)).toEqual({ ok: true, value: '2024-02-29' });
    expect(coolingOffEndDate('2025-02-14', 15)).toEqual({ ok: true, value: '2025-03-01' });
    expect(coolingOffEndDate('2026-03-01', 0)).toEqual({ ok: true, value: null });
  });

  it('refuses bad input', () => {
    expect(coolingOffEndDate('2026-13-01', 15)).toMatchObject({ ok: false, field: 'receiptDate' });
    expect(coolingOffEndDate('2026-03-01', -1)).toMatchObject({ ok: false, field: 'coolingOffDays' });
    expect(coolingOffEndDate('2026-03-01', 1.5)).toMatchObject({ ok: false, field: 'coolingOffDays' });
  });
});
