import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { anyJson, anyNumber, expectNoServerErrors } from '../../../../test/fuzz';

const URL = '/api/v1/rating/commercial';
let env: TestEnv;
let rater: Client;
let other: Client;

beforeAll(async () => {
  env = await createTestEnv();
  const org = await makeOrg(env.db);
  const u = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:quote']), scope: 'self' }] });
  rater = await signedIn(env.app, u.username);
  const o = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['org:read']), scope: 'self' }] });
  other = await signedIn(env.app, o.username);
});
afterAll(async () => env?.close());

const body = (over: Record<string, unknown> = {}) => ({
  vehicle: { usage: 'FAMILY', seats: 5, ageYears: 3, actualValue: '150000.00' },
  region: '深圳',
  coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }, { code: 'DRIVER', sumInsured: '10000' }, { code: 'PASSENGER', sumInsured: '10000', seats: 4 }],
  history: { claimsLast3Years: 0, consecutiveInsuredYears: 4 },
  pricingCoefficient: '0.85',
  ...over,
});

describe('POST /api/v1/rating/commercial', () => {
  it('quotes from the reference data of migration 0004, in the exact wire shape', async () => {
    const res = await rater.post(URL, body());
    expect(res.statusCode).toBe(200);
    const factors = [
      { code: 'NCD', value: '0.50', why: expect.stringContaining('NCD 等级 -4') },
      { code: 'PRICING', value: '0.85', why: expect.any(String) },
      { code: 'VIOLATION', value: '1.05', why: expect.stringContaining('深圳') },
    ];
    expect(res.json()).toStrictEqual({
      referenceVersion: 'SAMPLE-2020/CN-NCD-DEFAULT/CN-COMMERCIAL-2020',
      sampleRates: true,
      ncdLevel: -4,
      ncdCoefficient: '0.50',
      pricingCoefficient: '0.85',
      violationCoefficient: '1.05',
      lines: [
        { code: 'CAR_DAMAGE', name: '机动车损失保险', basis: expect.stringContaining('539.00 + 0.0128 × 150000.00'), basePremium: '2459.00', factors, premium: '1097.33' },
        { code: 'THIRD_PARTY', name: '第三者责任保险', basis: expect.any(String), basePremium: '1312.00', factors, premium: '585.48' },
        { code: 'DRIVER', name: '车上人员责任保险（司机）', basis: expect.any(String), basePremium: '42.00', factors, premium: '18.74' },
        { code: 'PASSENGER', name: '车上人员责任保险（乘客）', basis: expect.any(String), basePremium: '108.00', factors, premium: '48.20' },
      ],
      premium: '1749.75',
    });
    const plain = await rater.post(URL, body({ region: '上海', pricingCoefficient: undefined, history: { claimsLast3Years: 6, consecutiveInsuredYears: 0 }, coverages: [{ code: 'THIRD_PARTY', limit: '500000' }] }));
    expect(plain.json()).toMatchObject({ ncdLevel: 5, ncdCoefficient: '2.00', pricingCoefficient: '1.00', violationCoefficient: '1.00', premium: '2014.00' });
  });

  it('input that does not fit the rate table is 422 with the code and the field', async () => {
    const limit = await rater.post(URL, body({ coverages: [{ code: 'THIRD_PARTY', limit: '1500000' }] }));
    expect(limit.statusCode).toBe(422);
    expect(limit.json().error).toMatchObject({ code: 'COMMERCIAL_LIMIT_NOT_OFFERED', details: { field: 'coverages[0].limit' } });
    const pricing = await rater.post(URL, body({ pricingCoefficient: '1.36' }));
    expect(pricing.statusCode).toBe(422);
    expect(pricing.json().error).toMatchObject({ code: 'COMMERCIAL_PRICING_COEFFICIENT_OUT_OF_RANGE', details: { field: 'pricingCoefficient' } });
    const unknown = await rater.post(URL, body({ coverages: [{ code: 'GLASS' }] }));
    expect(unknown.json().error).toMatchObject({ code: 'COMMERCIAL_COVERAGE_UNKNOWN', details: { field: 'coverages[0].code' } });
    const value = await rater.post(URL, body({ vehicle: { usage: 'FAMILY', ageYears: 1 } }));
    expect(value.json().error).toMatchObject({ code: 'COMMERCIAL_VEHICLE_VALUE_REQUIRED', details: { field: 'vehicle.actualValue' } });
  });

  it('unknown fields and wrong types are 400', async () => {
    const extra = await rater.post(URL, { ...body(), discount: 0.5 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toMatchObject({ field: 'discount', rule: 'additionalProperties' });
    expect((await rater.post(URL, body({ coverages: [{ code: 'CAR_DAMAGE', colour: 'red' }] }))).statusCode).toBe(400);
    expect((await rater.post(URL, body({ coverages: [] }))).statusCode).toBe(400);
    expect((await rater.post(URL, body({ pricingCoefficient: '1.0.0' }))).statusCode).toBe(400);
  });

  it('needs rating:quote (403) and a session (401)', async () => {
    const res = await other.post(URL, body());
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'rating:quote' } });
    expect((await env.app.inject({ method: 'POST', url: URL, payload: body() })).statusCode).toBe(401);
  });

  it('never answers 5xx, whatever the body', async () => {
    const json = anyJson;
    const num = anyNumber;
    const str = fc.oneof(fc.constantFrom('0', '0.00', '1.00', '0.65', '1.35', '1000000', '150000.00', '1e5', '-1', ''), fc.string(), json);
    const coverage = fc.oneof(
      json,
      fc.record(
        { code: fc.oneof(fc.constantFrom('CAR_DAMAGE', 'THIRD_PARTY', 'DRIVER', 'PASSENGER', 'GLASS'), json), limit: str, sumInsured: str, seats: num, extra: json },
        { requiredKeys: [] },
      ),
    );
    const anyBody = fc.oneof(
      json,
      fc.record(
        {
          vehicle: fc.oneof(json, fc.record({ usage: fc.oneof(fc.constantFrom('FAMILY', 'ENTERPRISE', 'TAXI_RENTAL', 'COACH', 'TRACTOR'), json), seats: num, ageYears: num, actualValue: str }, { requiredKeys: [] })),
          region: fc.oneof(fc.constantFrom('深圳', '北京', '火星', ''), fc.string(), json),
          coverages: fc.oneof(json, fc.array(coverage, { maxLength: 6 })),
          history: fc.oneof(json, fc.record({ claimsLast3Years: num, consecutiveInsuredYears: num, newOrTransferred: fc.oneof(fc.boolean(), json), lapseMonths: num }, { requiredKeys: [] })),
          pricingCoefficient: str,
        },
        { requiredKeys: [] },
      ),
    );
    const seen = await expectNoServerErrors(rater, URL, anyBody, 150);
    expect(seen.has(400)).toBe(true);
  });
});

describe('reference data of migration 0004', () => {
  it('has the full NCD scale with provenance and a SAMPLE rate table', async () => {
    const ncd = await env.db.selectFrom('commercial_ncd_coefficient').select(['level', 'coefficient', 'confirmed']).where('scale', '=', 'CN-NCD-DEFAULT').orderBy('level').execute();
    expect(ncd.map((r) => [r.level, Number(r.coefficient)])).toEqual([[-4, 0.5], [-3, 0.6], [-2, 0.7], [-1, 0.8], [0, 1], [1, 1.2], [2, 1.4], [3, 1.6], [4, 1.8], [5, 2]]);
    expect(ncd.filter((r) => r.confirmed).map((r) => r.level)).toEqual([-4, 0]);
    const table = await env.db.selectFrom('commercial_rate_table').selectAll().execute();
    expect(table).toHaveLength(1);
    expect(table[0]).toMatchObject({ sample: true, source: expect.stringContaining("sample — configure the company's filed rates") });
    const params = await env.db.selectFrom('commercial_rating_parameters').selectAll().executeTakeFirstOrThrow();
    expect([params.pricing_min, params.pricing_max]).toEqual(['0.6500', '1.3500']);
  });
});
