import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { anyJson, anyNumber, expectNoServerErrors } from '../../../../test/fuzz';

const URL = '/api/v1/rating/ctpl';
let env: TestEnv;
let rater: Client;
let raterName: string;
let other: Client;

beforeAll(async () => {
  env = await createTestEnv();
  const org = await makeOrg(env.db);
  const u = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:quote']), scope: 'self' }] });
  raterName = u.username;
  rater = await signedIn(env.app, raterName);
  const o = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['org:read']), scope: 'self' }] });
  other = await signedIn(env.app, o.username);
});
afterAll(async () => env?.close());

const body = (over: { vehicle?: object; region?: string; history?: object } = {}) => ({
  vehicle: { usage: 'FAMILY', seats: 5, ...over.vehicle },
  region: over.region ?? '内蒙古',
  history: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false, ...over.history },
});

describe('POST /api/v1/rating/ctpl', () => {
  it('quotes from the reference data in the database, in the exact wire shape', async () => {
    const res = await rater.post(URL, body());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toStrictEqual({
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
    expect((await rater.post(URL, body({ region: '上海' }))).json()).toMatchObject({ floatRate: '-0.10', premium: '855.00' });
    expect((await rater.post(URL, body({ vehicle: { usage: 'TRUCK_NONBUSINESS', seats: undefined, tonnage: 12, trailer: true }, history: { claimFreeYears: 0 } }))).json()).toMatchObject({
      category: 'TRUCK_NONBUSINESS_GE10',
      basePremium: '666.00',
      floatFactor: null,
      floatRate: '0.00',
    });
    expect((await rater.post(URL, body({ vehicle: { usage: 'COACH', seats: 40 }, history: { fatalAtFaultLastYear: true } }))).json()).toMatchObject({ category: 'COACH_GE36', floatFactor: 'A6', premium: '6097.00' });
  });

  it('an impossible vehicle is 422 with the code and the field', async () => {
    const res = await rater.post(URL, body({ vehicle: { usage: 'CITY_BUS', seats: 5 } }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'CTPL_SEATS_NO_BRACKET', details: { field: 'vehicle.seats' } });
    expect(res.json().error.message).toMatch(/^座位数：/);
    const region = await rater.post(URL, body({ region: '北京市' }));
    expect(region.statusCode).toBe(422);
    expect(region.json().error).toMatchObject({ code: 'CTPL_REGION_UNKNOWN', details: { field: 'region' } });
    const missing = await rater.post(URL, body({ vehicle: { usage: 'MOTORCYCLE', seats: undefined } }));
    expect(missing.json().error).toMatchObject({ code: 'CTPL_ENGINE_REQUIRED', details: { field: 'vehicle.engineCc' } });
  });

  it('unknown fields and wrong types are 400', async () => {
    const extra = await rater.post(URL, { ...body(), discount: 0.5 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toMatchObject({ field: 'discount', rule: 'additionalProperties' });
    expect((await rater.post(URL, body({ vehicle: { colour: 'red' } }))).statusCode).toBe(400);
    expect((await rater.post(URL, body({ vehicle: { usage: 'TRACTOR' } }))).statusCode).toBe(400);
    expect((await rater.post(URL, body({ vehicle: { seats: -3 } }))).statusCode).toBe(400);
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
    const anyBody = fc.oneof(
      json,
      fc.record(
        {
          vehicle: fc.oneof(
            json,
            fc.record(
              {
                usage: fc.oneof(fc.constantFrom('FAMILY', 'CITY_BUS', 'TRUCK_BUSINESS', 'MOTORCYCLE', 'SPECIAL_2', 'COACH', 'TRACTOR'), json),
                seats: num,
                tonnage: num,
                engineCc: num,
                trailer: fc.oneof(fc.boolean(), json),
                extra: json,
              },
              { requiredKeys: [] },
            ),
          ),
          region: fc.oneof(fc.constantFrom('北京', '西藏', '深圳', '火星', ''), fc.string(), json),
          history: fc.oneof(
            json,
            fc.record({ claimFreeYears: num, atFaultAccidentsLastYear: num, fatalAtFaultLastYear: fc.oneof(fc.boolean(), json) }, { requiredKeys: [] }),
          ),
        },
        { requiredKeys: [] },
      ),
    );
    const seen = await expectNoServerErrors(rater, URL, anyBody, 200);
    expect(seen.has(400)).toBe(true);
  });
});

// Last in the file: it adds a tariff version and moves the clock.
describe('reference versions', () => {
  it('a new tariff version is picked up once it is in force, without a restart', async () => {
    await env.db.insertInto('ctpl_tariff').values({ code: 'TEST-2027', name_zh: '测试费率表', effective_from: '2027-01-01', trailer_ratio: '0.30', source: 'test' }).execute();
    await env.db.insertInto('ctpl_base_premium').values({ tariff: 'TEST-2027', code: 'FAMILY_ALL', usage: 'FAMILY', name_zh: '家庭自用汽车', measure: null, from_inclusive: null, to_exclusive: null, annual_premium: '1000.00' }).execute();
    const before = env.clock.now();
    try {
      expect((await rater.post(URL, body())).json()).toMatchObject({ category: 'FAMILY_LT6', premium: '665.00' });
      // Months later: the old session has expired, the cached reference is past its recheck.
      env.clock.set(new Date('2027-01-01T00:00:00+08:00'));
      const later = await signedIn(env.app, raterName);
      expect((await later.post(URL, body())).json()).toMatchObject({ category: 'FAMILY_ALL', basePremium: '1000.00', premium: '700.00' });
    } finally {
      env.clock.set(before);
    }
  });
});

// Provenance: the rows embedded in migration 0002 equal the shared data files (../shared sits beside the repository, as in CI).
const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data');
describe('reference data matches shared/data', () => {
  const csv = (f: string) => fs.readFileSync(path.join(dataDir, f), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

  it('base premiums', async () => {
    const rows = await env.db.selectFrom('ctpl_base_premium').selectAll().where('tariff', '=', 'CN-2008').orderBy('code').execute();
    const expected = csv('ctpl-base-premium.csv').map(([code, usage, name_zh, measure, from, to, premium]) => ({
      tariff: 'CN-2008', code, usage, name_zh, measure: measure || null, from_inclusive: from || null, to_exclusive: to || null, annual_premium: Number(premium).toFixed(2),
    }));
    expect(rows).toEqual(expected.sort((a, b) => (a.code! < b.code! ? -1 : 1)));
  });

  it('float regions', async () => {
    const rows = await env.db.selectFrom('ctpl_float_region').select(['region_zh', 'region_class', 'source_quality']).where('scheme', '=', 'CN-2020').execute();
    expect(new Set(rows.map((r) => [r.region_zh, r.region_class, r.source_quality].join(',')))).toEqual(new Set(csv('ctpl-float-regions.csv').map((r) => r.join(','))));
  });
});
