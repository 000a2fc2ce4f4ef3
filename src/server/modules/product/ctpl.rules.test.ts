import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCtplReference,
  CTPL_USAGES,
  ctplFloatFactor,
  ctplQuoteToWire,
  quoteCtpl,
  type CtplQuoteInput,
  type CtplReferenceRows,
  type CtplVehicle,
  type FloatFactor,
  type RegionClass,
} from './ctpl.rules';

// Regulation vectors: rows copied from shared/data/ctpl-base-premium.csv (a subset; COACH is left
// out on purpose to test a usage without rows), one region per class from ctpl-float-regions.csv,
// and the 2020 factor table of DOMAIN.md §2.
const BASE_CSV = `
FAMILY_LT6,FAMILY,家庭自用汽车 6座以下,seats,,6,950
FAMILY_GE6,FAMILY,家庭自用汽车 6座及以上,seats,6,,1100
ENTERPRISE_LT6,ENTERPRISE,企业非营业汽车 6座以下,seats,,6,1000
ENTERPRISE_6_10,ENTERPRISE,企业非营业汽车 6-10座,seats,6,10,1130
ENTERPRISE_10_20,ENTERPRISE,企业非营业汽车 10-20座,seats,10,20,1220
ENTERPRISE_GE20,ENTERPRISE,企业非营业汽车 20座以上,seats,20,,1270
CITY_BUS_6_10,CITY_BUS,营业客车 城市公交 6-10座,seats,6,10,2250
CITY_BUS_10_20,CITY_BUS,营业客车 城市公交 10-20座,seats,10,20,2520
CITY_BUS_20_36,CITY_BUS,营业客车 城市公交 20-36座,seats,20,36,3020
CITY_BUS_GE36,CITY_BUS,营业客车 城市公交 36座以上,seats,36,,3140
TRUCK_BUSINESS_LT2,TRUCK_BUSINESS,营业货车 2吨以下,tonnes,,2,1850
TRUCK_BUSINESS_2_5,TRUCK_BUSINESS,营业货车 2-5吨,tonnes,2,5,3070
TRUCK_BUSINESS_5_10,TRUCK_BUSINESS,营业货车 5-10吨,tonnes,5,10,3450
TRUCK_BUSINESS_GE10,TRUCK_BUSINESS,营业货车 10吨以上,tonnes,10,,4480
SPECIAL_1,SPECIAL_1,特种车一 (油罐车、汽罐车、液罐车),,,,3710
MOTORCYCLE_LE50,MOTORCYCLE,摩托车 50CC及以下,cc_upper_inclusive,,50,80
MOTORCYCLE_50_250,MOTORCYCLE,摩托车 50CC-250CC(含),cc_upper_inclusive,50,250,120
MOTORCYCLE_GT250,MOTORCYCLE,摩托车 250CC以上及侧三轮,cc_upper_inclusive,250,,400`;

const REGIONS: Record<string, RegionClass> = { 内蒙古: 'A', 陕西: 'B', 甘肃: 'C', 北京: 'D', 江苏: 'E' };
const CLASSES = ['A', 'B', 'C', 'D', 'E'] as const;
const FACTORS: Record<FloatFactor, string[]> = {
  A1: ['-0.30', '-0.25', '-0.20', '-0.15', '-0.10'],
  A2: ['-0.40', '-0.35', '-0.30', '-0.25', '-0.20'],
  A3: ['-0.50', '-0.45', '-0.40', '-0.35', '-0.30'],
  A4: ['0', '0', '0', '0', '0'],
  A5: ['0.10', '0.10', '0.10', '0.10', '0.10'],
  A6: ['0.30', '0.30', '0.30', '0.30', '0.30'],
};

const rows: CtplReferenceRows = {
  tariff: { code: 'CN-2008', trailer_ratio: '0.30' },
  scheme: { code: 'CN-2020' },
  schedule: { code: 'CN-2020' },
  basePremiums: BASE_CSV.trim().split('\n').map((l) => {
    const [code, usage, name_zh, measure, from, to, premium] = l.split(',') as [string, string, string, string, string, string, string];
    return { code, usage, name_zh, measure: (measure || null) as 'seats' | null, from_inclusive: from || null, to_exclusive: to || null, annual_premium: premium };
  }),
  regions: Object.entries(REGIONS).map(([region_zh, region_class]) => ({ region_zh, region_class })),
  factors: Object.entries(FACTORS).flatMap(([factor, rates]) => rates.map((rate, i) => ({ factor: factor as FloatFactor, region_class: CLASSES[i]!, rate }))),
  limits: [
    { fault: 'AT_FAULT', death_disability: '180000.00', medical: '18000.00', property: '2000.00' },
    { fault: 'NOT_AT_FAULT', death_disability: '18000.00', medical: '1800.00', property: '100.00' },
  ],
};
const ref = buildCtplReference(rows);

const CLEAN = { claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false };
const family5 = { usage: 'FAMILY', seats: 5 } as const;

function quote(vehicle: CtplVehicle, region = '内蒙古', history: Partial<CtplQuoteInput['history']> = {}) {
  const r = quoteCtpl(ref, { vehicle, region, history: { ...CLEAN, ...history } });
  if (!r.ok) throw new Error(`unexpected failure ${r.failure.code}`);
  return ctplQuoteToWire(r.value);
}
function failure(vehicle: CtplVehicle, region = '内蒙古', history: Partial<CtplQuoteInput['history']> = {}) {
  const r = quoteCtpl(ref, { vehicle, region, history: { ...CLEAN, ...history } });
  if (r.ok) throw new Error('expected a failure');
  return r.failure;
}

describe('交强险 quote — regulation vectors', () => {
  it('family car, 5 seats, region A, 1 claim-free year: 950 × (1 − 30%) = 665.00', () => {
    expect(quote(family5, '内蒙古', { claimFreeYears: 1 })).toEqual({
      category: 'FAMILY_LT6',
      basePremium: '950.00',
      floatFactor: 'A1',
      floatRate: '-0.30',
      premium: '665.00',
      limits: {
        atFault: { deathDisability: '180000.00', medical: '18000.00', property: '2000.00' },
        notAtFault: { deathDisability: '18000.00', medical: '1800.00', property: '100.00' },
      },
    });
  });

  it('the same car in region E: −10% → 855.00', () => {
    expect(quote(family5, '江苏', { claimFreeYears: 1 })).toMatchObject({ floatFactor: 'A1', floatRate: '-0.10', premium: '855.00' });
  });

  it.each([
    ['内蒙古', 3, 'A3', '-0.50', '475.00'],
    ['陕西', 2, 'A2', '-0.35', '617.50'],
    ['甘肃', 5, 'A3', '-0.40', '570.00'],
    ['北京', 1, 'A1', '-0.15', '807.50'],
    ['江苏', 2, 'A2', '-0.20', '760.00'],
  ])('claim-free discounts by region: %s, %i years → %s %s = %s', (region, years, factor, rate, premium) => {
    expect(quote(family5, region, { claimFreeYears: years })).toMatchObject({ floatFactor: factor, floatRate: rate, premium });
  });

  it('no history: no factor, rate 0', () => {
    expect(quote(family5)).toMatchObject({ floatFactor: null, floatRate: '0.00', premium: '950.00' });
  });

  it('a fatal at-fault accident: +30% whatever else applies', () => {
    expect(quote(family5, '内蒙古', { fatalAtFaultLastYear: true, atFaultAccidentsLastYear: 1 })).toMatchObject({ floatFactor: 'A6', floatRate: '0.30', premium: '1235.00' });
    // Upward beats downward; the highest upward factor wins (factors do not add up).
    expect(quote(family5, '江苏', { fatalAtFaultLastYear: true, atFaultAccidentsLastYear: 3, claimFreeYears: 4 })).toMatchObject({ floatFactor: 'A6', premium: '1235.00' });
  });

  it('two or more at-fault accidents: +10%; one non-fatal: A4, 0%', () => {
    expect(quote(family5, '北京', { atFaultAccidentsLastYear: 2 })).toMatchObject({ floatFactor: 'A5', floatRate: '0.10', premium: '1045.00' });
    expect(quote(family5, '北京', { atFaultAccidentsLastYear: 1, claimFreeYears: 2 })).toMatchObject({ floatFactor: 'A4', floatRate: '0.00', premium: '950.00' });
  });

  it('a trailer pays 30% of the truck premium of the same use and tonnage, then floats', () => {
    expect(quote({ usage: 'TRUCK_BUSINESS', tonnage: 3, trailer: true })).toMatchObject({ category: 'TRUCK_BUSINESS_2_5', basePremium: '921.00', premium: '921.00' });
    expect(quote({ usage: 'TRUCK_BUSINESS', tonnage: 3, trailer: true }, '内蒙古', { claimFreeYears: 1 })).toMatchObject({ basePremium: '921.00', premium: '644.70' });
    expect(quote({ usage: 'TRUCK_BUSINESS', tonnage: 3, trailer: false })).toMatchObject({ basePremium: '3070.00' });
  });

  it('motorcycles do not float, even after a fatal accident', () => {
    expect(quote({ usage: 'MOTORCYCLE', engineCc: 125 }, '内蒙古', { claimFreeYears: 5 })).toMatchObject({ category: 'MOTORCYCLE_50_250', basePremium: '120.00', floatFactor: null, floatRate: '0.00', premium: '120.00' });
    expect(quote({ usage: 'MOTORCYCLE', engineCc: 125 }, '内蒙古', { fatalAtFaultLastYear: true })).toMatchObject({ floatFactor: null, premium: '120.00' });
  });

  it('special vehicles have one flat rate and ignore measurements', () => {
    expect(quote({ usage: 'SPECIAL_1' })).toMatchObject({ category: 'SPECIAL_1', basePremium: '3710.00' });
    expect(quote({ usage: 'SPECIAL_1', seats: 3, tonnage: 12 })).toMatchObject({ category: 'SPECIAL_1' });
  });
});

describe('brackets', () => {
  it.each([
    [{ usage: 'FAMILY', seats: 5 }, 'FAMILY_LT6'],
    [{ usage: 'FAMILY', seats: 6 }, 'FAMILY_GE6'],
    [{ usage: 'FAMILY', seats: 1 }, 'FAMILY_LT6'],
    [{ usage: 'ENTERPRISE', seats: 9 }, 'ENTERPRISE_6_10'],
    [{ usage: 'ENTERPRISE', seats: 10 }, 'ENTERPRISE_10_20'],
    [{ usage: 'ENTERPRISE', seats: 19 }, 'ENTERPRISE_10_20'],
    [{ usage: 'ENTERPRISE', seats: 20 }, 'ENTERPRISE_GE20'],
    [{ usage: 'CITY_BUS', seats: 35 }, 'CITY_BUS_20_36'],
    [{ usage: 'CITY_BUS', seats: 36 }, 'CITY_BUS_GE36'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: 1.99 }, 'TRUCK_BUSINESS_LT2'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: 2 }, 'TRUCK_BUSINESS_2_5'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: 4.999 }, 'TRUCK_BUSINESS_2_5'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: 5 }, 'TRUCK_BUSINESS_5_10'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: 10 }, 'TRUCK_BUSINESS_GE10'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: 0.5 }, 'TRUCK_BUSINESS_LT2'],
    // Motorcycle cc brackets are (from, to]: 50 cc is still the lowest, 250 cc still the middle.
    [{ usage: 'MOTORCYCLE', engineCc: 50 }, 'MOTORCYCLE_LE50'],
    [{ usage: 'MOTORCYCLE', engineCc: 51 }, 'MOTORCYCLE_50_250'],
    [{ usage: 'MOTORCYCLE', engineCc: 250 }, 'MOTORCYCLE_50_250'],
    [{ usage: 'MOTORCYCLE', engineCc: 251 }, 'MOTORCYCLE_GT250'],
  ] as [CtplVehicle, string][])('%o → %s', (vehicle, category) => {
    expect(quote(vehicle).category).toBe(category);
  });
});

describe('impossible vehicles and inputs are typed failures naming the field', () => {
  it.each([
    [{ usage: 'FAMILY' }, '内蒙古', {}, 'CTPL_SEATS_REQUIRED', 'vehicle.seats'],
    [{ usage: 'FAMILY', seats: 0 }, '内蒙古', {}, 'CTPL_SEATS_INVALID', 'vehicle.seats'],
    [{ usage: 'FAMILY', seats: 4.5 }, '内蒙古', {}, 'CTPL_SEATS_INVALID', 'vehicle.seats'],
    [{ usage: 'CITY_BUS', seats: 5 }, '内蒙古', {}, 'CTPL_SEATS_NO_BRACKET', 'vehicle.seats'],
    [{ usage: 'TRUCK_BUSINESS' }, '内蒙古', {}, 'CTPL_TONNAGE_REQUIRED', 'vehicle.tonnage'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: -1 }, '内蒙古', {}, 'CTPL_TONNAGE_INVALID', 'vehicle.tonnage'],
    [{ usage: 'TRUCK_BUSINESS', tonnage: Number.NaN }, '内蒙古', {}, 'CTPL_TONNAGE_INVALID', 'vehicle.tonnage'],
    [{ usage: 'MOTORCYCLE' }, '内蒙古', {}, 'CTPL_ENGINE_REQUIRED', 'vehicle.engineCc'],
    [{ usage: 'MOTORCYCLE', engineCc: 49.5 }, '内蒙古', {}, 'CTPL_ENGINE_INVALID', 'vehicle.engineCc'],
    [{ usage: 'COACH', seats: 30 }, '内蒙古', {}, 'CTPL_NO_CATEGORY', 'vehicle.usage'],
    [{ usage: 'FAMILY', seats: 5, trailer: true }, '内蒙古', {}, 'CTPL_TRAILER_NOT_TRUCK', 'vehicle.trailer'],
    [{ usage: 'FAMILY', seats: 5 }, '火星', {}, 'CTPL_REGION_UNKNOWN', 'region'],
    [{ usage: 'FAMILY', seats: 5 }, '内蒙古', { claimFreeYears: -1 }, 'CTPL_HISTORY_INVALID', 'history.claimFreeYears'],
    [{ usage: 'FAMILY', seats: 5 }, '内蒙古', { atFaultAccidentsLastYear: 0.5 }, 'CTPL_HISTORY_INVALID', 'history.atFaultAccidentsLastYear'],
  ] as [CtplVehicle, string, object, string, string][])('%o in %s %o → %s', (vehicle, region, history, code, field) => {
    const f = failure(vehicle, region, history);
    expect(f).toMatchObject({ code, field });
    expect(f.message.zh).toMatch(/[\u4e00-\u9fa5]+：/);
  });

  it('the no-bracket message lists the brackets the usage has', () => {
    expect(failure({ usage: 'CITY_BUS', seats: 5 }).message.zh).toContain('营业客车 城市公交 6-10座');
  });
});

describe('float factor choice', () => {
  it('exactly one factor, upward first', () => {
    expect(ctplFloatFactor({ claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false })).toBeNull();
    expect(ctplFloatFactor({ claimFreeYears: 7, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false })).toBe('A3');
    expect(ctplFloatFactor({ claimFreeYears: 7, atFaultAccidentsLastYear: 1, fatalAtFaultLastYear: false })).toBe('A4');
    expect(ctplFloatFactor({ claimFreeYears: 0, atFaultAccidentsLastYear: 5, fatalAtFaultLastYear: false })).toBe('A5');
    expect(ctplFloatFactor({ claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: true })).toBe('A6');
  });
});

describe('properties', () => {
  const vehicle = fc.record(
    {
      usage: fc.constantFrom(...CTPL_USAGES),
      seats: fc.integer({ min: 1, max: 999 }),
      tonnage: fc.double({ min: Number.MIN_VALUE, max: 1000, noNaN: true }),
      engineCc: fc.integer({ min: 1, max: 100000 }),
      trailer: fc.boolean(),
    },
    { requiredKeys: ['usage'] },
  );
  const input = fc.record({
    vehicle,
    region: fc.oneof(fc.constantFrom(...Object.keys(REGIONS)), fc.string()),
    history: fc.record({ claimFreeYears: fc.integer({ min: 0, max: 100 }), atFaultAccidentsLastYear: fc.integer({ min: 0, max: 1000 }), fatalAtFaultLastYear: fc.boolean() }),
  });

  it('schema-valid inputs never throw, and premium = base × (1 + rate) exactly', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = quoteCtpl(ref, i);
        if (!r.ok) {
          expect(r.failure.code).toMatch(/^CTPL_/);
          return;
        }
        const q = r.value;
        // Table premiums are whole yuan and rates whole percent, so the product is exact in fen.
        expect(q.premium.equals(q.basePremium.times(q.floatRate.plus(1)))).toBe(true);
        expect(q.premium.decimalPlaces()).toBeLessThanOrEqual(2);
        expect(q.premium.gt(0)).toBe(true);
        const wire = ctplQuoteToWire(q);
        expect(new Decimal(wire.premium).equals(q.premium)).toBe(true);
        if (i.vehicle.usage === 'MOTORCYCLE') expect(wire.floatFactor).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
