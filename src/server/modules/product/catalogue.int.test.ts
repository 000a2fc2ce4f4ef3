import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { expectNoServerErrors } from '../../../../test/fuzz';
import fc from 'fast-check';
import type { ProductDefinition, ProductDetail, VersionDetail } from '../../../contracts/product';

const API = '/api/v1';
let env: TestEnv;
let manager: Client; // product:read + write
let manager2: Client; // product:read + write (a second maker)
let approver: Client; // product:read + approve
let makerChecker: Client; // read + write + approve: may still not approve their own versions
let clerk: Client; // rating:quote + actuarial:read (direct engine quotes for comparison)
let stranger: Client;
let clerkName: string;

// 2026-11-24 in Shanghai (the harness clock starts at 2026-11-24T02:00Z).
const TODAY = '2026-11-24';
const DAY = 86_400_000;

beforeAll(async () => {
  env = await createTestEnv();
  const org = await makeOrg(env.db);
  const user = async (perms: string[]) =>
    signedIn(env.app, (await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, perms), scope: 'org' }] })).username);
  manager = await user(['product:read', 'product:write']);
  manager2 = await user(['product:read', 'product:write']);
  approver = await user(['product:read', 'product:approve']);
  makerChecker = await user(['product:read', 'product:write', 'product:approve']);
  const clerkUser = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:quote', 'actuarial:read']), scope: 'org' }] });
  clerkName = clerkUser.username;
  clerk = await signedIn(env.app, clerkName);
  stranger = await user(['org:read']);
});
afterAll(async () => env?.close());

let seq = 0;
const code = (p: string) => `${p}${Date.now().toString(36).toUpperCase()}${(seq++).toString(36).toUpperCase()}`;

async function createProduct(c: Client, body: Record<string, unknown>): Promise<ProductDetail> {
  const res = await c.post(`${API}/products`, { effectiveFrom: TODAY, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const version = async (id: string): Promise<VersionDetail> => (await approver.get(`${API}/products/versions/${id}`)).json();

/** Saves the draft with these definition changes (and dates), as `c`. */
async function editDraft(c: Client, v: VersionDetail, patch: Partial<ProductDefinition> = {}, dates: { effectiveFrom?: string; effectiveTo?: string | null } = {}) {
  return c.put(`${API}/products/versions/${v.id}`, {
    effectiveFrom: dates.effectiveFrom ?? v.effectiveFrom,
    effectiveTo: dates.effectiveTo === undefined ? v.effectiveTo : dates.effectiveTo,
    definition: { ...v.definition, ...patch },
    note: v.note,
  });
}

/** A product whose first version is approved (filed by the manager, approved by the approver). */
async function approvedProduct(line: string, patch: Partial<ProductDefinition> = {}, maker = manager): Promise<{ product: ProductDetail; v1: VersionDetail }> {
  const product = await createProduct(maker, { code: code(line.slice(0, 3)), name: `测试${line}`, line });
  const draft = await version(product.versions[0].id);
  const saved = await editDraft(maker, draft, { filingNo: '备-2026-001', ...patch });
  expect(saved.statusCode, saved.body).toBe(200);
  const ok = await approver.post(`${API}/products/versions/${draft.id}/approve`);
  expect(ok.statusCode, ok.body).toBe(200);
  return { product, v1: ok.json() };
}

const ctplInput = { vehicle: { usage: 'FAMILY', seats: 5 }, region: '内蒙古', history: { claimFreeYears: 1, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } };

describe('lifecycle', () => {
  it('a new product starts as draft V1 with the line’s starting definition, audited', async () => {
    const c = code('CT');
    const p = await createProduct(manager, { code: c, name: '机动车交通事故责任强制保险', line: 'CTPL', note: '首版' });
    expect(p).toMatchObject({ code: c, line: 'CTPL', versions: [{ versionNo: 1, status: 'DRAFT', effectiveFrom: TODAY, effectiveTo: null, ratingMethod: 'CTPL', quotable: false, approvedBy: null }] });
    const v = await version(p.versions[0].id);
    expect(v.definition.coverages.map((x) => [x.code, x.limit])).toEqual([['DEATH_DISABILITY', '180000.00'], ['MEDICAL', '18000.00'], ['PROPERTY', '2000.00']]);
    expect(v.definition.rating).toEqual({ method: 'CTPL' });
    const audit = await env.db.selectFrom('audit_event').select(['action', 'object_id']).where('object_id', 'in', [p.id, v.id]).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['product.create', 'product.version.create']);
    const dup = await manager.post(`${API}/products`, { code: c, name: 'x', line: 'CTPL', effectiveFrom: TODAY });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'PRODUCT_CODE_TAKEN', details: { field: 'code' } });
  });

  it('approval needs a filing number, another person than the maker and editor, and product:approve', async () => {
    const p = await createProduct(manager, { code: code('CT'), name: '交强险', line: 'CTPL' });
    const v = await version(p.versions[0].id);
    const noFiling = await approver.post(`${API}/products/versions/${v.id}/approve`);
    expect(noFiling.statusCode).toBe(422);
    expect(noFiling.json().error).toMatchObject({ code: 'PRODUCT_FILING_NO_REQUIRED', details: { field: 'definition.filingNo' } });

    expect((await editDraft(manager, v, { filingNo: '保监备-2026-01' })).statusCode).toBe(200);
    const byMaker = await manager.post(`${API}/products/versions/${v.id}/approve`);
    expect(byMaker.statusCode).toBe(403);
    expect(byMaker.json().error.code).toBe('AUTH_FORBIDDEN');

    // Someone who holds both permissions edits the draft: now they may not approve it either.
    const mc = await version(v.id);
    expect((await editDraft(makerChecker, mc, { riskLevel: 'R2' })).statusCode).toBe(200);
    const self = await makerChecker.post(`${API}/products/versions/${v.id}/approve`);
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('PRODUCT_VERSION_SELF_APPROVAL');
    const denied = await env.db.selectFrom('audit_event').select(['action', 'outcome']).where('action', '=', 'access.denied').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(denied.outcome).toBe('DENIED');

    const ok = await approver.post(`${API}/products/versions/${v.id}/approve`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'APPROVED', quotable: true, approvedBy: { id: expect.any(String) }, definition: { riskLevel: 'R2', filingNo: '保监备-2026-01' } });
    const audit = await env.db.selectFrom('audit_event').select('action').where('object_id', '=', v.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['product.version.create', 'product.version.update', 'product.version.update', 'product.version.approve']);
  });

  it('two people editing one draft: the save based on an outdated copy answers 409 PRODUCT_VERSION_STALE and changes nothing', async () => {
    const p = await createProduct(manager, { code: code('ST'), name: '并发编辑', line: 'CTPL' });
    const loaded = await version(p.versions[0].id);
    env.clock.advance(1000); // the test clock stands still; real saves are never in the same millisecond
    const first = await manager.put(`${API}/products/versions/${loaded.id}`, { effectiveFrom: loaded.effectiveFrom, effectiveTo: loaded.effectiveTo, definition: { ...loaded.definition, riskLevel: 'R2' }, note: loaded.note, baseUpdatedAt: loaded.updatedAt });
    expect(first.statusCode).toBe(200);
    env.clock.advance(1000);
    const second = await manager2.put(`${API}/products/versions/${loaded.id}`, { effectiveFrom: loaded.effectiveFrom, effectiveTo: loaded.effectiveTo, definition: { ...loaded.definition, riskLevel: 'R3' }, note: loaded.note, baseUpdatedAt: loaded.updatedAt });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('PRODUCT_VERSION_STALE');
    expect((await version(loaded.id)).definition.riskLevel).toBe('R2');
    // Based on the current copy, the second editor's save goes through.
    const current = first.json() as VersionDetail;
    const retry = await manager2.put(`${API}/products/versions/${loaded.id}`, { effectiveFrom: current.effectiveFrom, effectiveTo: current.effectiveTo, definition: { ...current.definition, riskLevel: 'R3' }, note: current.note, baseUpdatedAt: current.updatedAt });
    expect(retry.statusCode).toBe(200);
  });

  it('the database refuses self-approval even when the service is bypassed', async () => {
    const p = await createProduct(makerChecker, { code: code('CT'), name: '交强险', line: 'CTPL' });
    const row = await env.db.selectFrom('product_version').select(['id', 'created_by']).where('product_id', '=', p.id).executeTakeFirstOrThrow();
    await expect(
      env.db.updateTable('product_version').set({ status: 'APPROVED', approved_by: row.created_by, approved_at: new Date() }).where('id', '=', row.id).execute(),
    ).rejects.toMatchObject({ constraint: 'product_version_maker_checker' });
  });

  it('approved versions are immutable: the API answers 409 and the database trigger refuses direct changes', async () => {
    const { v1 } = await approvedProduct('CTPL');
    const edit = await editDraft(manager, v1, { riskLevel: 'R3' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('PRODUCT_VERSION_NOT_DRAFT');
    await expect(env.db.updateTable('product_version').set({ definition: JSON.stringify({ ...v1.definition, riskLevel: 'R5' }) }).where('id', '=', v1.id).execute()).rejects.toMatchObject({
      constraint: 'product_version_immutable',
    });
    await expect(env.db.deleteFrom('product_version').where('id', '=', v1.id).execute()).rejects.toMatchObject({ constraint: 'product_version_immutable' });
    await expect(env.db.updateTable('product_version').set({ effective_from: '2020-01-01' }).where('id', '=', v1.id).execute()).rejects.toMatchObject({ constraint: 'product_version_immutable' });
    expect((await version(v1.id)).definition.riskLevel).toBe('R1');
  });

  it('a new version copies the latest; one draft at a time; approving it ends the predecessor the day before', async () => {
    const { product, v1 } = await approvedProduct('CTPL');
    const res = await manager2.post(`${API}/products/${product.id}/versions`, { note: '调整风险等级' });
    expect(res.statusCode, res.body).toBe(201);
    const v2: VersionDetail = res.json();
    expect(v2).toMatchObject({ versionNo: 2, status: 'DRAFT', effectiveFrom: '2026-11-25', effectiveTo: null, note: '调整风险等级', definition: v1.definition });
    const again = await manager.post(`${API}/products/${product.id}/versions`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'PRODUCT_DRAFT_EXISTS', details: { versionNo: 2 } });

    const limits = v2.definition.coverages.map((c) => (c.code === 'PROPERTY' ? { ...c, limit: '2500.00' } : c));
    expect((await editDraft(manager2, v2, { coverages: limits })).statusCode).toBe(200);
    const ok = await approver.post(`${API}/products/versions/${v2.id}/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'APPROVED', quotable: false }); // effective tomorrow
    expect(await version(v1.id)).toMatchObject({ status: 'APPROVED', effectiveTo: TODAY, quotable: true });
    const audit = await env.db.selectFrom('audit_event').select('details').where('object_id', '=', v2.id).where('action', '=', 'product.version.approve').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ superseded: [{ id: v1.id, versionNo: 1, effectiveTo: TODAY }] });
    const detail: ProductDetail = (await manager.get(`${API}/products/${product.id}`)).json();
    expect(detail.versions.map((v) => [v.versionNo, v.status])).toEqual([[2, 'APPROVED'], [1, 'APPROVED']]);
  });

  it('approved periods of one product never overlap: 409 naming the other version, and the exclusion constraint backs it', async () => {
    const { product, v1 } = await approvedProduct('CTPL', {}, manager);
    const v2: VersionDetail = (await manager.post(`${API}/products/${product.id}/versions`, {})).json();
    // V2 from 2027-01-01 to 2027-12-31, then V3 starting inside it.
    expect((await editDraft(manager, v2, {}, { effectiveFrom: '2027-01-01', effectiveTo: '2027-12-31' })).statusCode).toBe(200);
    expect((await approver.post(`${API}/products/versions/${v2.id}/approve`)).statusCode).toBe(200);
    expect((await version(v1.id)).effectiveTo).toBe('2026-12-31');
    const v3: VersionDetail = (await manager.post(`${API}/products/${product.id}/versions`, {})).json();
    expect((await editDraft(manager, v3, {}, { effectiveFrom: '2026-12-01', effectiveTo: null })).statusCode).toBe(200);
    const clash = await approver.post(`${API}/products/versions/${v3.id}/approve`);
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'PRODUCT_VERSION_PERIOD_OVERLAP', details: { conflictingVersionNo: 2, field: 'effectiveFrom' } });
    expect(clash.json().error.message).toContain('V2');
    // Bypassing the service, PostgreSQL still refuses.
    await expect(
      env.db.updateTable('product_version').set({ status: 'APPROVED', approved_by: sql<string>`(select id from app_user where id <> created_by and id <> updated_by limit 1)`, approved_at: new Date() }).where('id', '=', v3.id).execute(),
    ).rejects.toMatchObject({ constraint: 'product_version_period_overlap' });
  });

  it('an approved version can be retired once; retired versions cannot be quoted', async () => {
    const { v1 } = await approvedProduct('CTPL');
    expect((await manager.post(`${API}/products/versions/${v1.id}/retire`, {})).statusCode).toBe(403);
    const r = await approver.post(`${API}/products/versions/${v1.id}/retire`, { reason: '停售' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'RETIRED', quotable: false, retiredBy: { id: expect.any(String) } });
    const again = await approver.post(`${API}/products/versions/${v1.id}/retire`, {});
    expect(again.json().error.code).toBe('PRODUCT_VERSION_NOT_APPROVED');
    const q = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { ctpl: ctplInput });
    expect(q.statusCode).toBe(409);
    expect(q.json().error).toMatchObject({ code: 'PRODUCT_VERSION_NOT_QUOTABLE', details: { reason: 'STATUS', status: 'RETIRED' } });
    const audit = await env.db.selectFrom('audit_event').select(['details']).where('object_id', '=', v1.id).where('action', '=', 'product.version.retire').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ reason: '停售' });
  });
});

describe('definition checks answer 422 naming the field', () => {
  it('rating method must fit the line, amounts must be decimal strings, parameters complete', async () => {
    const p = await createProduct(manager, { code: code('TL'), name: '定期寿险', line: 'TERM_LIFE' });
    const v = await version(p.versions[0].id);
    const bad = async (patch: Record<string, unknown>) => (await editDraft(manager, v, patch as Partial<ProductDefinition>)).json().error;
    expect(await bad({ rating: { method: 'CTPL' } })).toMatchObject({ code: 'PRODUCT_RATING_METHOD_NOT_FOR_LINE', details: { field: 'definition.rating.method' } });
    expect(await bad({ rating: { ...v.definition.rating, benefit: 'WHOLE_LIFE' } })).toMatchObject({ code: 'PRODUCT_RATING_METHOD_NOT_FOR_LINE', details: { field: 'definition.rating.benefit' } });
    expect(await bad({ rating: { method: 'LIFE_GROSS', benefit: 'TERM', tableMale: 'CL2010_1M', tableFemale: 'CL2010_1F', interest: '0.025', perPolicy: '10' } })).toMatchObject({ details: { field: 'definition.rating.expenseRatio' } });
    expect(await bad({ rating: { ...v.definition.rating, tableMale: 'NOPE' } })).toMatchObject({ code: 'PRODUCT_TABLE_UNKNOWN', details: { field: 'definition.rating.tableMale' } });
    expect(await bad({ rating: { ...v.definition.rating, interest: '2.5%' } })).toMatchObject({ details: { field: 'definition.rating.interest' } });
    const e = await bad({ coverages: [{ code: 'DEATH', name: '身故', limit: '1e5', deductible: null }] });
    expect(e).toMatchObject({ code: 'PRODUCT_DEFINITION_INVALID', details: { field: 'definition.coverages.0.limit' } });
    expect(e.message).toContain('第 1 项保障');
    expect(await bad({ coverages: [{ code: 'DEATH', name: '身故', limit: '100.00', deductible: '100.00' }] })).toMatchObject({ details: { field: 'definition.coverages.0.deductible' } });
    expect(await bad({ minAge: 60, maxAge: 18 })).toMatchObject({ details: { field: 'definition.maxAge' } });
    expect(await bad({ coverageTerms: [] })).toMatchObject({ details: { field: 'definition.coverageTerms' } });
    expect(await bad({ channels: ['AGENT', 'DEALER'] })).toMatchObject({ details: { field: 'definition.coolingOffDays.DEALER' } });
    expect(await bad({ paymentModes: ['MONTHLY'] })).toMatchObject({ details: { field: 'definition.paymentModes' } });
    const dates = await editDraft(manager, v, {}, { effectiveFrom: '2026-02-30' });
    expect(dates.json().error).toMatchObject({ code: 'PRODUCT_DATE_INVALID', details: { field: 'effectiveFrom' } });
    const order = await editDraft(manager, v, {}, { effectiveFrom: '2027-01-01', effectiveTo: '2026-12-31' });
    expect(order.json().error).toMatchObject({ code: 'PRODUCT_PERIOD_INVALID', details: { field: 'effectiveTo' } });
    // Unknown fields are 400 with the field named.
    const extra = await editDraft(manager, v, { colour: 'red' } as never);
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toMatchObject({ field: 'colour' });
  });

  it('商业车险 coverages must exist in the rate table', async () => {
    const p = await createProduct(manager, { code: code('CM'), name: '商业车险', line: 'COMMERCIAL_MOTOR' });
    const v = await version(p.versions[0].id);
    const res = await editDraft(manager, v, { coverages: [...v.definition.coverages, { code: 'GLASS', name: '玻璃单独破碎', limit: null, deductible: null }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'PRODUCT_COVERAGE_NOT_RATED', details: { field: 'definition.coverages.4.code' } });
  });

  it('never answers 5xx to arbitrary definitions', async () => {
    const p = await createProduct(manager, { code: code('FZ'), name: '健康险', line: 'HEALTH' });
    const v = await version(p.versions[0].id);
    const anything = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 200 }), fc.constant(null), fc.boolean());
    const patches = fc.record(
      {
        minAge: fc.oneof(fc.integer({ min: -5, max: 130 }), anything),
        maxSumAssured: fc.oneof(fc.constantFrom('100', '0', '-1', '1e3', '99999999999999999.99'), anything),
        rating: fc.oneof(fc.record({ method: fc.constantFrom('FIXED', 'CTPL', 'LIFE_NET'), rate: fc.oneof(fc.constantFrom('0.001', '0', '2'), anything), minPremium: anything }, { requiredKeys: ['method'] }), anything),
        channels: fc.oneof(fc.subarray(['DIRECT', 'AGENT', 'ONLINE', 'DEALER']), anything),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(patches, async (patch) => {
        const res = await manager.put(`${API}/products/versions/${v.id}`, { effectiveFrom: TODAY, effectiveTo: null, definition: { ...v.definition, ...patch }, note: null });
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('never answers 5xx to arbitrary quote bodies', async () => {
    const { v1 } = await approvedProduct('WHOLE_LIFE');
    const anything = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 200 }), fc.constant(null), fc.boolean(), fc.double());
    await expectNoServerErrors(
      clerk,
      `${API}/products/versions/${v1.id}/quote`,
      fc.record(
        {
          channel: fc.oneof(fc.constantFrom('DIRECT', 'BANCASSURANCE', 'DEALER'), anything),
          life: fc.oneof(
            fc.record({ sex: fc.constantFrom('M', 'F'), age: fc.oneof(fc.integer({ min: -1, max: 120 }), anything), term: anything, paymentTerm: fc.oneof(fc.constantFrom(1, 5, 10, 20), anything), paymentMode: fc.constantFrom('SINGLE', 'ANNUAL', 'MONTHLY'), sumAssured: fc.oneof(fc.constantFrom('100000', '0', '1e9', '99999999999999.99'), anything) }, { requiredKeys: [] }),
            anything,
          ),
          ctpl: anything,
        },
        { requiredKeys: [] },
      ),
      100,
    );
  });
});

describe('quoting through a version', () => {
  it('only approved versions in their period are quotable, judged on today’s Shanghai date', async () => {
    const p = await createProduct(manager, { code: code('CT'), name: '交强险', line: 'CTPL', effectiveFrom: '2026-11-25', effectiveTo: '2026-11-30' });
    const v = await version(p.versions[0].id);
    const draft = await clerk.post(`${API}/products/versions/${v.id}/quote`, { ctpl: ctplInput });
    expect(draft.json().error).toMatchObject({ code: 'PRODUCT_VERSION_NOT_QUOTABLE', details: { reason: 'STATUS', status: 'DRAFT' } });
    expect((await editDraft(manager, v, { filingNo: 'F-1' })).statusCode).toBe(200);
    expect((await approver.post(`${API}/products/versions/${v.id}/approve`)).statusCode).toBe(200);
    const early = await clerk.post(`${API}/products/versions/${v.id}/quote`, { ctpl: ctplInput });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'PRODUCT_VERSION_NOT_QUOTABLE', details: { reason: 'NOT_YET_EFFECTIVE', today: TODAY, effectiveFrom: '2026-11-25' } });
    expect((await clerk.get(`${API}/products/quotable`)).json().items.map((x: { id: string }) => x.id)).not.toContain(v.id);
    const start = env.clock.now();
    try {
      // 2026-11-24T16:00Z is 2026-11-25 00:00 in Shanghai: effective.
      // (A fresh session at each moved time: sessions expire when the clock jumps.)
      env.clock.set(new Date('2026-11-24T16:00:00Z'));
      const c1 = await signedIn(env.app, clerkName);
      const ok = await c1.post(`${API}/products/versions/${v.id}/quote`, { ctpl: ctplInput });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().quoteDate).toBe('2026-11-25');
      expect((await c1.get(`${API}/products/quotable`)).json().items.map((x: { id: string }) => x.id)).toContain(v.id);
      env.clock.set(new Date(new Date('2026-11-24T16:00:00Z').getTime() + 6 * DAY));
      const c2 = await signedIn(env.app, clerkName);
      const late = await c2.post(`${API}/products/versions/${v.id}/quote`, { ctpl: ctplInput });
      expect(late.json().error).toMatchObject({ code: 'PRODUCT_VERSION_NOT_QUOTABLE', details: { reason: 'EXPIRED', today: '2026-12-01' } });
    } finally {
      env.clock.set(start);
    }
  });

  it('交强险 through a version equals the direct engine quote, with the derivation and the version', async () => {
    const { v1 } = await approvedProduct('CTPL');
    const direct = await clerk.post(`${API}/rating/ctpl`, ctplInput);
    const res = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { channel: 'DIRECT', ctpl: ctplInput });
    expect(res.statusCode, res.body).toBe(200);
    const q = res.json();
    expect(q.ctpl).toStrictEqual(direct.json());
    expect(q).toMatchObject({ premium: '665.00', ratingMethod: 'CTPL', coolingOffDays: 0, version: { id: v1.id, versionNo: 1, filingNo: '备-2026-001' } });
    expect(q.explanation.join('\n')).toContain('950.00 × (1 + -0.30) = 665.00');
    // An engine 422 names the field under the body part.
    const seats = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { ctpl: { ...ctplInput, vehicle: { usage: 'CITY_BUS', seats: 5 } } });
    expect(seats.statusCode).toBe(422);
    expect(seats.json().error.details.field).toBe('ctpl.vehicle.seats');
    const wrongPart = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { life: { sex: 'M', age: 30, paymentMode: 'ANNUAL', sumAssured: '1' } });
    expect(wrongPart.json().error).toMatchObject({ code: 'PRODUCT_QUOTE_INPUT_NOT_APPLICABLE', details: { field: 'life' } });
    const missing = await clerk.post(`${API}/products/versions/${v1.id}/quote`, {});
    expect(missing.json().error).toMatchObject({ code: 'PRODUCT_QUOTE_INPUT_REQUIRED', details: { field: 'ctpl' } });
    const channel = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { channel: 'BANCASSURANCE', ctpl: ctplInput });
    expect(channel.json().error).toMatchObject({ code: 'PRODUCT_CHANNEL_NOT_ALLOWED', details: { field: 'channel' } });
  });

  it('商业车险 through a version: only the version’s coverages, its default pricing coefficient, same answer as the engine', async () => {
    const p = await createProduct(manager, { code: code('CM'), name: '商业车险', line: 'COMMERCIAL_MOTOR' });
    const v = await version(p.versions[0].id);
    const coverages = v.definition.coverages.filter((c) => c.code !== 'PASSENGER');
    expect((await editDraft(manager, v, { coverages, filingNo: 'F-CM', rating: { method: 'COMMERCIAL_MOTOR', defaultPricingCoefficient: '0.85' } })).statusCode).toBe(200);
    expect((await approver.post(`${API}/products/versions/${v.id}/approve`)).statusCode).toBe(200);
    const input = {
      vehicle: { usage: 'FAMILY', seats: 5, ageYears: 3, actualValue: '150000.00' },
      region: '深圳',
      coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }],
      history: { claimsLast3Years: 0, consecutiveInsuredYears: 4 },
    };
    const direct = await clerk.post(`${API}/rating/commercial`, { ...input, pricingCoefficient: '0.85' });
    const res = await clerk.post(`${API}/products/versions/${v.id}/quote`, { commercial: input });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().commercial).toStrictEqual(direct.json());
    expect(res.json().premium).toBe(direct.json().premium);
    const notOffered = await clerk.post(`${API}/products/versions/${v.id}/quote`, { commercial: { ...input, coverages: [{ code: 'PASSENGER', sumInsured: '10000', seats: 4 }] } });
    expect(notOffered.statusCode).toBe(422);
    expect(notOffered.json().error).toMatchObject({ code: 'PRODUCT_COVERAGE_NOT_OFFERED', details: { field: 'commercial.coverages.0.code' } });
  });

  it('life through a version: age and sum-assured limits, the engine’s net premium, gross loadings', async () => {
    const { v1 } = await approvedProduct('WHOLE_LIFE', { minAge: 18, maxAge: 60, paymentTerms: [10, 20] });
    const life = { sex: 'M', age: 30, paymentTerm: 20, paymentMode: 'ANNUAL', sumAssured: '100000' };
    const direct = await clerk.post(`${API}/actuarial/quote`, { table: 'CL2010_1M', interest: 0.025, benefit: 'WHOLE_LIFE', age: 30, paymentTerm: 20, sumAssured: '100000' });
    const res = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { channel: 'BANCASSURANCE', life });
    expect(res.statusCode, res.body).toBe(200);
    const q = res.json();
    expect(q.life).toMatchObject({ ...direct.json(), table: 'CL2010_1M', grossPremium: null, paymentTerm: 20 });
    expect(q.premium).toBe(Number(direct.json().netAnnualPremium).toFixed(2));
    expect(q.coolingOffDays).toBe(15);
    const female = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { life: { ...life, sex: 'F' } });
    expect(female.json().life.table).toBe('CL2010_1F');
    const bad = async (patch: Record<string, unknown>) => (await clerk.post(`${API}/products/versions/${v1.id}/quote`, { life: { ...life, ...patch } })).json().error;
    expect(await bad({ age: 61 })).toMatchObject({ code: 'PRODUCT_AGE_OUT_OF_RANGE', details: { field: 'life.age', minAge: 18, maxAge: 60 } });
    expect(await bad({ sumAssured: '6000000' })).toMatchObject({ code: 'PRODUCT_SUM_ASSURED_OUT_OF_RANGE', details: { field: 'life.sumAssured' } });
    expect(await bad({ paymentTerm: 15 })).toMatchObject({ code: 'PRODUCT_PAYMENT_TERM_NOT_OFFERED', details: { field: 'life.paymentTerm' } });
    expect(await bad({ paymentMode: 'MONTHLY' })).toMatchObject({ code: 'PRODUCT_PAYMENT_MODE_NOT_OFFERED', details: { field: 'life.paymentMode' } });
    expect((await bad({ age: 61 })).message).toContain('被保险人年龄');

    const single = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { life: { sex: 'M', age: 30, paymentMode: 'SINGLE', sumAssured: '100000' } });
    expect(single.json().premium).toBe(Number(direct.json().netSinglePremium).toFixed(2));

    const gross = await approvedProduct('TERM_LIFE', {
      rating: { method: 'LIFE_GROSS', benefit: 'TERM', tableMale: 'CL2010_1M', tableFemale: 'CL2010_1F', interest: '0.025', expenseRatio: '0.20', perPolicy: '10.00' },
    });
    const g = await clerk.post(`${API}/products/versions/${gross.v1.id}/quote`, { life: { sex: 'M', age: 40, term: 20, paymentTerm: 20, paymentMode: 'ANNUAL', sumAssured: '500000' } });
    expect(g.statusCode, g.body).toBe(200);
    const net = g.json().life.netAnnualPremium;
    const expected = (Math.round(((Number(net) + 10) / 0.8) * 100) / 100).toFixed(2);
    expect(g.json().premium).toBe(expected);
    expect(g.json().explanation.join('\n')).toContain(`÷ (1 − 0.20) = ${expected}`);
    const term = await clerk.post(`${API}/products/versions/${gross.v1.id}/quote`, { life: { sex: 'M', age: 40, term: 15, paymentTerm: 10, paymentMode: 'ANNUAL', sumAssured: '500000' } });
    expect(term.json().error).toMatchObject({ code: 'PRODUCT_TERM_NOT_OFFERED', details: { field: 'life.term' } });
  });

  it('fixed-rate products: sum × rate with a minimum premium', async () => {
    const { v1 } = await approvedProduct('ACCIDENT', { rating: { method: 'FIXED', rate: '0.0010', minPremium: '50.00' } });
    const q = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { fixed: { age: 30, sumAssured: '200000' } });
    expect(q.json()).toMatchObject({ premium: '200.00', fixed: { computed: '200.00' } });
    const min = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { fixed: { age: 30, sumAssured: '20000' } });
    expect(min.json()).toMatchObject({ premium: '50.00', fixed: { computed: '20.00' } });
    const noAge = await clerk.post(`${API}/products/versions/${v1.id}/quote`, { fixed: { sumAssured: '20000' } });
    expect(noAge.json().error).toMatchObject({ code: 'PRODUCT_AGE_REQUIRED', details: { field: 'fixed.age' } });
  });
});

describe('list, diff, export, permissions', () => {
  it('lists with search and filters, and the diff shows the changed field side by side', async () => {
    const { product, v1 } = await approvedProduct('HEALTH');
    const v2: VersionDetail = (await manager.post(`${API}/products/${product.id}/versions`, {})).json();
    const coverages = v2.definition.coverages.map((c) => ({ ...c, deductible: '5000.00' }));
    expect((await editDraft(manager, v2, { coverages, channels: ['DIRECT', 'AGENT'], coolingOffDays: { DIRECT: 0, AGENT: 0 } })).statusCode).toBe(200);
    const diff = await manager.get(`${API}/products/versions/diff?from=${v1.id}&to=${v2.id}`);
    expect(diff.statusCode, diff.body).toBe(200);
    const changed = diff.json().rows.filter((r: { changed: boolean }) => r.changed);
    expect(changed).toEqual(
      expect.arrayContaining([
        { path: ['coverages', 'MEDICAL', 'deductible'], before: '10000.00', after: '5000.00', changed: true },
        { path: ['channels'], before: ['DIRECT', 'AGENT', 'ONLINE'], after: ['DIRECT', 'AGENT'], changed: true },
        { path: ['coolingOffDays', 'ONLINE'], before: 0, after: null, changed: true },
        { path: ['effectiveFrom'], before: TODAY, after: '2026-11-25', changed: true },
      ]),
    );
    expect(diff.json().changedCount).toBe(changed.length);
    expect(diff.json().rows.find((r: { path: string[] }) => r.path.join('.') === 'riskLevel')).toMatchObject({ changed: false });

    const list = await manager.get(`${API}/products?q=${encodeURIComponent(product.code)}`);
    expect(list.json()).toMatchObject({ total: 1, items: [{ code: product.code, line: 'HEALTH', versionCount: 2, latestVersion: { versionNo: 2, status: 'DRAFT' }, currentVersion: { versionNo: 1 } }] });
    const byLine = (await manager.get(`${API}/products?line=HEALTH&status=DRAFT`)).json();
    expect(byLine.items.every((p: { line: string }) => p.line === 'HEALTH')).toBe(true);
    expect(byLine.items.map((p: { id: string }) => p.id)).toContain(product.id);
    const none = (await manager.get(`${API}/products?q=${encodeURIComponent(product.code)}&line=CTPL`)).json();
    expect(none).toMatchObject({ total: 0, items: [] });
    expect((await manager.get(`${API}/products?line=NOPE`)).statusCode).toBe(400);
  });

  it('exports a real xlsx, audited', async () => {
    const { product } = await approvedProduct('PROPERTY');
    const res = await manager.get(`${API}/products/export?line=PROPERTY`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('产品代码');
    const codes = ws.getColumn(1).values.slice(2);
    expect(codes).toContain(product.code);
    const row = ws.getRow(codes.indexOf(product.code) + 2);
    expect(row.getCell(3).value).toBe('财产险');
    expect(row.getCell(11).value).toBe('备-2026-001');
    const audit = await env.db.selectFrom('audit_event').select(['details']).where('action', '=', 'product.export').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ filters: { line: 'PROPERTY' } });
  });

  it('permissions: reading needs product:read, writing product:write, quoting rating:quote', async () => {
    expect((await stranger.get(`${API}/products`)).statusCode).toBe(403);
    expect((await clerk.get(`${API}/products`)).statusCode).toBe(403);
    expect((await approver.post(`${API}/products`, { code: code('X'), name: 'x', line: 'CTPL', effectiveFrom: TODAY })).statusCode).toBe(403);
    const { v1 } = await approvedProduct('CTPL');
    expect((await manager.post(`${API}/products/versions/${v1.id}/quote`, { ctpl: ctplInput })).statusCode).toBe(403);
    expect((await stranger.get(`${API}/products/quotable`)).statusCode).toBe(403);
    expect((await manager.get(`${API}/products/versions/00000000-0000-7000-8000-000000000000`)).json().error.code).toBe('PRODUCT_VERSION_NOT_FOUND');
    const ref = (await manager.get(`${API}/products/rating-reference`)).json();
    expect(ref.lifeTables.map((t: { code: string }) => t.code)).toContain('CL2010_1M');
    expect(ref.commercialCoverages.map((c: { code: string }) => c.code)).toContain('THIRD_PARTY');
  });
});
