// A company loads its own 商业车险 base rates as a new version: checked row by row, audited, and
// used by quotes from its effective date (quotes before it keep the table in force).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';

const URL = '/api/v1/rating/commercial/rate-tables';
let env: TestEnv;
let actuary: Client;
let clerk: Client;
const names = { actuary: '', clerk: '' };

beforeAll(async () => {
  env = await createTestEnv(); // test clock: 2026-11-24 in Shanghai
  const org = await makeOrg(env.db);
  const a = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:quote', 'rating:configure']), scope: 'all' }] });
  names.actuary = a.username;
  actuary = await signedIn(env.app, a.username);
  const c = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:quote']), scope: 'self' }] });
  names.clerk = c.username;
  clerk = await signedIn(env.app, c.username);
});
afterAll(async () => env?.close());

const table = (over: Record<string, unknown> = {}) => ({
  code: 'JS-2027',
  name: '江苏分公司商业车险基准保费表',
  effectiveFrom: '2026-11-25',
  source: '苏银保监备〔2026〕88号',
  rates: [
    { code: 'CD_FAMILY_0_3', coverage: 'CAR_DAMAGE', usage: 'FAMILY', ageFrom: '0', ageTo: '3', fixedPremium: '500.00', rate: '0.0120' },
    { code: 'CD_FAMILY_3_UP', coverage: 'CAR_DAMAGE', usage: 'FAMILY', ageFrom: '3', ageTo: null, fixedPremium: '480.00', rate: '0.0110' },
    { code: 'TP_FAMILY_100W', coverage: 'THIRD_PARTY', usage: 'FAMILY', limitAmount: '1000000', fixedPremium: '1500.00' },
    { code: 'DRIVER_FAMILY', coverage: 'DRIVER', usage: 'FAMILY', rate: '0.0040' },
  ],
  ...over,
});

const quote = { vehicle: { usage: 'FAMILY', seats: 5, ageYears: 1 }, region: '上海', coverages: [{ code: 'THIRD_PARTY', limit: '1000000' }], history: { claimsLast3Years: 0, consecutiveInsuredYears: 0 } };

describe('company rate tables for 商业车险', () => {
  it('refuses a bad table naming the row and field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ rates: [...table().rates, { code: 'CD_FAMILY_2_5', coverage: 'CAR_DAMAGE', usage: 'FAMILY', ageFrom: '2', ageTo: '5', rate: '0.01' }] }, 'RATE_ROW_AGE_OVERLAP', 'rates.4.ageFrom'],
      [{ rates: [{ code: 'X', coverage: 'THIRD_PARTY', usage: 'FAMILY', fixedPremium: '100.00' }] }, 'RATE_ROW_SHAPE', 'rates.0.coverage'],
      [{ rates: [{ code: 'X', coverage: 'GLASS', usage: 'FAMILY', rate: '0.01' }] }, 'RATE_ROW_COVERAGE_UNKNOWN', 'rates.0.coverage'],
      [{ rates: [{ code: 'X', coverage: 'DRIVER', usage: 'FAMILY', rate: '1.5' }] }, 'RATE_ROW_NUMBER_INVALID', 'rates.0.rate'],
      [{ rates: [{ code: 'X', coverage: 'DRIVER', usage: 'FAMILY', rate: '-0.1' }] }, 'RATE_ROW_NUMBER_INVALID', 'rates.0.rate'],
      [{ rates: [] }, 'RATE_TABLE_EMPTY', 'rates'],
      [{ effectiveFrom: '2026-11-23' }, 'RATE_TABLE_EFFECTIVE_IN_PAST', 'effectiveFrom'],
    ];
    for (const [over, code, field] of cases) {
      const res = await actuary.post(URL, table(over));
      expect(res.statusCode, code).toBe(422);
      expect(res.json().error).toMatchObject({ code, details: { field } });
    }
    const stored = await env.db.selectFrom('commercial_rate_table').select('code').where('code', '=', 'JS-2027').execute();
    expect(stored).toEqual([]);
  });

  it('loading needs rating:configure; listing rating:quote or rating:configure', async () => {
    const res = await clerk.post(URL, table());
    expect(res.statusCode).toBe(403);
    const org = await makeOrg(env.db);
    const loader = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:configure']), scope: 'all' }] });
    const outsider = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['org:read']), scope: 'all' }] });
    expect((await (await signedIn(env.app, loader.username)).get(URL)).statusCode).toBe(200);
    expect((await (await signedIn(env.app, outsider.username)).get(URL)).statusCode).toBe(403);
  });

  it('loads a version that quotes use from its effective date, audited; a second one on that date is 409', async () => {
    const created = await actuary.post(URL, table());
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'JS-2027', rows: 4, sample: false, inForce: false });
    const audit = await env.db.selectFrom('audit_event').select(['action', 'object_id']).where('action', '=', 'rating.rate-table.create').executeTakeFirstOrThrow();
    expect(audit.object_id).toBe('JS-2027');

    // Today the shipped sample table still prices: 1,312.00 for 100万 third party.
    const today = await clerk.post('/api/v1/rating/commercial', quote);
    expect(today.json()).toMatchObject({ sampleRates: true, premium: '1312.00' });

    env.clock.advance(24 * 3600_000); // the next business day; sessions end after 12 h, so sign in again
    clerk = await signedIn(env.app, names.clerk);
    actuary = await signedIn(env.app, names.actuary);
    const tomorrow = await clerk.post('/api/v1/rating/commercial', quote);
    expect(tomorrow.statusCode).toBe(200);
    expect(tomorrow.json()).toMatchObject({ sampleRates: false, referenceVersion: expect.stringMatching(/^JS-2027\//), premium: '1500.00' });
    const list = await clerk.get(URL);
    expect(list.json().items.map((t: { code: string; inForce: boolean }) => [t.code, t.inForce])).toEqual([['JS-2027', true], ['SAMPLE-2020', false]]);

    const sameDay = await actuary.post(URL, table({ code: 'JS-2027B' }));
    expect(sameDay.statusCode).toBe(409);
    expect(sameDay.json().error.code).toBe('RATE_TABLE_DATE_TAKEN');
    const sameCode = await actuary.post(URL, table({ effectiveFrom: '2027-01-01' }));
    expect(sameCode.statusCode).toBe(409);
    expect(sameCode.json().error.code).toBe('RATE_TABLE_CODE_TAKEN');
  });
});
