// Configuration of policy administration through the API: number ranges, underwriting authorities
// and the settings documents — checked field by field, audited, and in force at once.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyJson } from '../../../../test/fuzz';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { insertIssuedPolicy, policyWorld, type PolicyWorld } from '../../../../test/policy-fixtures';
import { DEFAULT_SETTINGS } from './settings';

let env: TestEnv;
let world: PolicyWorld;
let admin: Client;
let clerk: Client;
let outsideOrg: { id: string };

beforeAll(async () => {
  env = await createTestEnv();
  world = await policyWorld(env);
  admin = await signedIn(env.app, world.users.configurer.username);
  clerk = await signedIn(env.app, world.users.clerk.username);
  outsideOrg = await makeOrg(env.db, { code: `OUT${Date.now().toString(36)}`.toUpperCase() });
});
afterAll(() => env?.close());

const audits = (action: string, objectId: string) => env.db.selectFrom('audit_event').select(['before', 'after', 'user_id']).where('action', '=', action).where('object_id', '=', objectId).orderBy('seq').execute();

describe('投保单号段 (proposal number ranges)', () => {
  it('creates a range for an org in scope, refuses overlaps of the same prefix and closes it', async () => {
    const res = await admin.post('/api/v1/proposal-number-ranges', { orgId: world.org.id, prefix: 'sh', startNo: '1', endNo: '500000', remark: '2027 年度' });
    expect(res.statusCode, res.body).toBe(201);
    const range = res.json();
    expect(range).toMatchObject({ org: { id: world.org.id }, prefix: 'SH', startNo: '1', endNo: '500000', nextNo: '1', width: 10, status: 'ACTIVE', remaining: '500000', remark: '2027 年度', createdBy: { id: world.users.configurer.id } });
    expect(await audits('proposal.number-range.create', range.id)).toHaveLength(1);

    const overlap = await admin.post('/api/v1/proposal-number-ranges', { orgId: world.org.id, prefix: 'SH', startNo: 499999, endNo: 600000 });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().error).toMatchObject({ code: 'PROPOSAL_RANGE_OVERLAP', details: { field: 'startNo', existing: { startNo: '1', endNo: '500000' } } });
    expect((await admin.post('/api/v1/proposal-number-ranges', { orgId: world.org.id, prefix: 'SH', startNo: '500001', endNo: '600000' })).statusCode).toBe(201);
    expect((await admin.post('/api/v1/proposal-number-ranges', { orgId: world.org.id, prefix: 'BJ', startNo: '1', endNo: '500000' })).statusCode).toBe(201);

    const closed = await admin.post(`/api/v1/proposal-number-ranges/${range.id}/close`);
    expect(closed.json()).toMatchObject({ status: 'CLOSED', remaining: '0' });
    expect((await admin.post(`/api/v1/proposal-number-ranges/${range.id}/close`)).json().error.code).toBe('PROPOSAL_RANGE_CLOSED');
    expect((await audits('proposal.number-range.close', range.id))[0]).toMatchObject({ before: { status: 'ACTIVE' }, after: { status: 'CLOSED' } });

    const list = (await admin.get('/api/v1/proposal-number-ranges?prefix=SH')).json();
    expect(list.items.map((r: { startNo: string }) => r.startNo).sort()).toEqual(['1', '500001']);
  });

  it('checks the bounds, naming the field', async () => {
    const bad = async (body: Record<string, unknown>) => (await admin.post('/api/v1/proposal-number-ranges', { orgId: world.org.id, prefix: 'QQ', startNo: '10', endNo: '20', ...body })).json().error;
    expect(await bad({ endNo: '9' })).toMatchObject({ code: 'PROPOSAL_RANGE_INVALID', details: { field: 'endNo' } });
    expect(await bad({ startNo: '0' })).toMatchObject({ code: 'PROPOSAL_RANGE_INVALID', details: { field: 'startNo' } });
    expect(await bad({ endNo: '123456', width: 5 })).toMatchObject({ code: 'PROPOSAL_RANGE_INVALID', details: { field: 'width' } });
    expect(await bad({ prefix: '上海' })).toMatchObject({ code: 'PROPOSAL_RANGE_INVALID', details: { field: 'prefix' } });
    expect((await bad({ endNo: '9' })).message).toContain('终止号码');
  });

  it('lets exactly one of two overlapping ranges created at once through', async () => {
    const body = { orgId: world.org.id, prefix: 'CC', startNo: '1', endNo: '1000' };
    const results = await Promise.all([admin.post('/api/v1/proposal-number-ranges', body), admin.post('/api/v1/proposal-number-ranges', body)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('PROPOSAL_RANGE_OVERLAP');
  });

  it('keeps to the configurer’s scope and permission', async () => {
    expect((await admin.post('/api/v1/proposal-number-ranges', { orgId: outsideOrg.id, prefix: 'ZZ', startNo: '1', endNo: '10' })).json().error.code).toBe('ORG_NOT_FOUND');
    expect((await admin.get(`/api/v1/proposal-number-ranges?orgId=${outsideOrg.id}`)).json().total).toBe(0);
    expect((await clerk.get('/api/v1/proposal-number-ranges')).statusCode).toBe(403);
  });
});

describe('核保权限 (underwriting authorities)', () => {
  it('sets and changes an underwriter’s authority per line, audited with the previous amount', async () => {
    const put = (maxSumAssured: string) => admin.put('/api/v1/underwriting-authorities', { userId: world.users.underwriter.id, line: 'TERM_LIFE', maxSumAssured });
    const first = await put('500000');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ user: { id: world.users.underwriter.id }, line: 'TERM_LIFE', maxSumAssured: '500000.00' });
    await put('800000.00');
    const list = (await admin.get(`/api/v1/underwriting-authorities?userId=${world.users.underwriter.id}`)).json();
    expect(list).toMatchObject({ total: 1, items: [{ line: 'TERM_LIFE', maxSumAssured: '800000.00' }] });
    const rows = await audits('underwriting.authority.update', world.users.underwriter.id);
    expect(rows.map((r) => [r.before, r.after])).toEqual([
      [null, { line: 'TERM_LIFE', maxSumAssured: '500000.00' }],
      [{ line: 'TERM_LIFE', maxSumAssured: '500000.00' }, { line: 'TERM_LIFE', maxSumAssured: '800000.00' }],
    ]);
    expect((await put('12.345')).statusCode).toBe(400);
  });

  it('refuses users outside the configurer’s scope', async () => {
    const outsider = await makeUser(env.db, { orgId: outsideOrg.id, roles: [{ roleId: await makeRole(env.db, ['proposal:underwrite']), scope: 'org' }] });
    const res = await admin.put('/api/v1/underwriting-authorities', { userId: outsider.id, line: 'CTPL', maxSumAssured: '1.00' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'USER_NOT_FOUND', details: { field: 'userId' } });
  });
});

describe('policy settings documents', () => {
  const servicing = () => structuredClone(DEFAULT_SETTINGS.servicing) as unknown as Record<string, unknown> & { shortRateTable: { months: number; percent: string }[]; approvalThresholds: Record<string, unknown> };
  const putServicing = (doc: unknown) => admin.put('/api/v1/policy-settings/servicing', doc);

  it('answers the defaults, then the saved document, which applies at once and is audited', async () => {
    expect((await admin.get('/api/v1/policy-settings/servicing')).json()).toEqual(DEFAULT_SETTINGS.servicing);
    const doc = servicing();
    doc.coolingOffFee = '20';
    doc.shortRateTable = [{ months: 3, percent: '30' }, { months: 6, percent: '55.5' }, { months: 12, percent: '100' }];
    const res = await putServicing(doc);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ coolingOffFee: '20.00', shortRateTable: [{ months: 3, percent: '30' }, { months: 6, percent: '55.5' }, { months: 12, percent: '100' }] });
    expect((await admin.get('/api/v1/policy-settings/servicing')).json().coolingOffFee).toBe('20.00');
    const [row] = await audits('policy.setting.update', 'servicing');
    expect(row).toMatchObject({ before: { coolingOffFee: '10.00' }, after: { coolingOffFee: '20.00' }, user_id: world.users.configurer.id });

    // The cooling-off fee in force is the saved one.
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', premium: '1200.00', coolingOffEnd: '2026-12-04' });
    const trial = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'COOLING_OFF_CANCELLATION', effectiveDate: '2026-11-24' });
    expect(trial.json()).toMatchObject({ amount: '1180.00', figures: { fee: '20.00' } });
    await putServicing(servicing());
  });

  it('refuses a bad document naming the field, and changes nothing', async () => {
    const cases: [(d: ReturnType<typeof servicing>) => void, string][] = [
      [(d) => (d.shortRateTable[2]!.months = 2), 'shortRateTable.2.months'],
      [(d) => (d.shortRateTable[5]!.percent = '45'), 'shortRateTable.5.percent'],
      [(d) => (d.shortRateTable[0]!.percent = '100.5'), 'shortRateTable.0.percent'],
      [(d) => (d.shortRateTable[11]!.months = 13), 'shortRateTable.11.months'],
      [(d) => (d.graceDays = 0), 'graceDays'],
      [(d) => (d.graceDays = 366), 'graceDays'],
      [(d) => (d.approvalThresholds.SURRENDER = 5000), 'approvalThresholds.SURRENDER'],
      [(d) => delete d.approvalThresholds.REINSTATEMENT, 'approvalThresholds.REINSTATEMENT'],
      [(d) => (d.coolingOffFee = '10.001'), 'coolingOffFee'],
      [(d) => (d.reinstatementInterest = '1.5'), 'reinstatementInterest'],
      [(d) => ((d.pcSurrenderMethod as { default: string }).default = 'HALF'), 'pcSurrenderMethod.default'],
      [(d) => (d.surprise = true), 'surprise'],
    ];
    for (const [change, field] of cases) {
      const doc = servicing();
      change(doc);
      const res = await putServicing(doc);
      expect(res.statusCode, field).toBe(422);
      expect(res.json().error, field).toMatchObject({ code: 'POLICY_SETTING_INVALID', details: { field } });
    }
    expect((await putServicing({ ...servicing(), graceDays: 0 })).json().error.message).toContain('宽限期（天）');

    const uw = { ...DEFAULT_SETTINGS.underwriting, autoMaxAge: 130 };
    expect((await admin.put('/api/v1/policy-settings/underwriting', uw)).json().error.details.field).toBe('autoMaxAge');
    const uw2 = { ...DEFAULT_SETTINGS.underwriting, autoMaxSumAssured: { TERM_LIFE: 'lots' } };
    expect((await admin.put('/api/v1/policy-settings/underwriting', uw2)).json().error.details.field).toBe('autoMaxSumAssured.TERM_LIFE');
    const rn = { daysBefore: 30, lines: ['CTPL', 'TERM_LIFE'] };
    expect((await admin.put('/api/v1/policy-settings/renewal', rn)).json().error.details.field).toBe('lines.1');
    expect((await admin.put('/api/v1/policy-settings/renewal', { daysBefore: 400, lines: ['CTPL'] })).json().error.details.field).toBe('daysBefore');
    expect((await admin.put('/api/v1/policy-settings/other', {})).statusCode).toBe(400);
    expect((await admin.get('/api/v1/policy-settings/servicing')).json()).toEqual(DEFAULT_SETTINGS.servicing);
    expect((await clerk.put('/api/v1/policy-settings/renewal', { daysBefore: 20, lines: ['CTPL'] })).statusCode).toBe(403);
  });

  it('saves the underwriting and renewal documents', async () => {
    const uw = { ...DEFAULT_SETTINGS.underwriting, autoMaxAge: 60, autoMaxSumAssured: { TERM_LIFE: '300000' } };
    expect((await admin.put('/api/v1/policy-settings/underwriting', uw)).json()).toMatchObject({ autoMaxAge: 60, autoMaxSumAssured: { TERM_LIFE: '300000.00' } });
    expect((await admin.put('/api/v1/policy-settings/renewal', { daysBefore: 45, lines: ['CTPL', 'COMMERCIAL_MOTOR'] })).json()).toEqual({ daysBefore: 45, lines: ['CTPL', 'COMMERCIAL_MOTOR'] });
    expect((await admin.get('/api/v1/policy-settings/renewal')).json()).toEqual({ daysBefore: 45, lines: ['CTPL', 'COMMERCIAL_MOTOR'] });
  });
});


describe('robustness', () => {
  it('answers any settings document with 200 or 4xx, never a 5xx', async () => {
    const base = DEFAULT_SETTINGS.servicing as unknown as Record<string, unknown>;
    const field = fc.constantFrom(...Object.keys(base), 'extra');
    const doc = fc.oneof(
      anyJson,
      fc.tuple(field, anyJson).map(([k, v]) => ({ ...base, [k]: v })),
      fc.array(fc.record({ months: fc.oneof(fc.integer({ min: -1, max: 14 }), anyJson), percent: fc.oneof(fc.constantFrom('0', '10', '55.55', '100', '101', '-1'), anyJson) }), { maxLength: 14 }).map((t) => ({ ...base, shortRateTable: t })),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('servicing', 'underwriting', 'renewal'), doc, async (key, body) => {
        const res = await admin.put(`/api/v1/policy-settings/${key}`, body);
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
    await admin.put('/api/v1/policy-settings/servicing', DEFAULT_SETTINGS.servicing);
  });
});
