import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { expectNoServerErrors } from '../../../../test/fuzz';
import { cl2010Rows } from './actuarial.fixtures';
import { BENEFITS, lifeTable, quote } from './actuarial.rules';

let env: TestEnv;
let actuary: Client;
let reader: Client;
let stranger: Client;
beforeAll(async () => {
  env = await createTestEnv();
  const org = await makeOrg(env.db);
  const user = async (perms: string[]) =>
    signedIn(env.app, (await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, perms), scope: 'org' }] })).username);
  actuary = await user(['actuarial:read', 'actuarial:write']);
  reader = await user(['actuarial:read']);
  stranger = await user(['org:read']);
});
afterAll(async () => env?.close());

const quoteBody = { table: 'CL2010_1M', interest: 0.035, benefit: 'ENDOWMENT', age: 30, term: 20, paymentTerm: 10, sumAssured: '100000' };

describe('quote', () => {
  it('answers net premiums equal to the unit computation on the built-in table', async () => {
    const res = await reader.post('/api/v1/actuarial/quote', quoteBody);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['annuityDue', 'netAnnualPremium', 'netSinglePremium']);
    const { table: _t, ...input } = quoteBody;
    expect(body).toEqual(quote(lifeTable('CL2010_1M', cl2010Rows(1)), { ...input, benefit: 'ENDOWMENT' }));
    for (const v of Object.values(body)) expect(String(v)).toMatch(/^[0-9]+\.[0-9]+$/);
  });

  it('names the field of contradictory input (422) and refuses unknown fields (400)', async () => {
    const bad = async (patch: Record<string, unknown>) => (await reader.post('/api/v1/actuarial/quote', { ...quoteBody, ...patch })).json().error;
    expect(await bad({ age: 106 })).toMatchObject({ code: 'ACTUARIAL_AGE_OUT_OF_TABLE', details: { field: 'age' } });
    expect(await bad({ term: 90 })).toMatchObject({ code: 'ACTUARIAL_TERM_TOO_LONG', details: { field: 'term', maxTerm: 76 } });
    expect(await bad({ paymentTerm: 21 })).toMatchObject({ code: 'ACTUARIAL_PAYMENT_TERM_INVALID', details: { field: 'paymentTerm' } });
    expect(await bad({ table: 'NOPE' })).toMatchObject({ code: 'ACTUARIAL_TABLE_NOT_FOUND', details: { field: 'table' } });
    const res = await reader.post('/api/v1/actuarial/quote', { ...quoteBody, term: undefined });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'ACTUARIAL_TERM_REQUIRED', message: expect.stringContaining('保险期间') });
    const extra = await reader.post('/api/v1/actuarial/quote', { ...quoteBody, loading: 0.1 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details).toMatchObject({ field: 'loading' });
  });

  it('is refused without actuarial:read', async () => {
    const res = await stranger.post('/api/v1/actuarial/quote', quoteBody);
    expect(res.statusCode).toBe(403);
    expect((await stranger.get('/api/v1/actuarial/tables')).statusCode).toBe(403);
  });

  it('never answers 5xx to arbitrary bodies', async () => {
    const anything = fc.oneof(fc.integer({ min: -200, max: 300 }), fc.double(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const body = fc.record(
      {
        table: fc.oneof(fc.constantFrom('CL2010_1M', 'CL2010_AF', 'NOPE'), fc.string({ maxLength: 40 })),
        interest: fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), anything),
        benefit: fc.oneof(fc.constantFrom(...BENEFITS), anything),
        age: fc.oneof(fc.integer({ min: -5, max: 110 }), anything),
        term: fc.oneof(fc.integer({ min: -5, max: 120 }), anything),
        paymentTerm: fc.oneof(fc.integer({ min: -5, max: 120 }), anything),
        sumAssured: fc.oneof(fc.constantFrom('100000', '0.01', '1e9', '-1', '99999999999999.99'), fc.string({ maxLength: 20 }), anything),
        extra: anything,
      },
      { requiredKeys: [] },
    );
    await expectNoServerErrors(reader, '/api/v1/actuarial/quote', body, 200);
  });
});

describe('tables', () => {
  const rows = (qs: number[], first = 60) => qs.map((qx, k) => ({ age: first + k, qx }));

  it('lists the six built-in CL 2010–2013 tables', async () => {
    const items = (await reader.get('/api/v1/actuarial/tables')).json().items;
    const builtin = items.filter((t: { builtin: boolean }) => t.builtin);
    expect(builtin.map((t: { code: string }) => t.code)).toEqual(['CL2010_1F', 'CL2010_1M', 'CL2010_2F', 'CL2010_2M', 'CL2010_AF', 'CL2010_AM']);
    expect(builtin[1]).toMatchObject({ name: '中国人身保险业经验生命表（2010–2013）非养老类业务一表 男', minAge: 0, maxAge: 105, source: expect.stringContaining('CL1') });
  });

  it('uploads a table, audits it, quotes on it and refuses the same code again (409)', async () => {
    const created = await actuary.post('/api/v1/actuarial/tables', { code: 'TEST_T1', name: '测试表', rows: rows([0.01, 0.5, 1]) });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toEqual({ code: 'TEST_T1', name: '测试表', source: null, builtin: false, minAge: 60, maxAge: 62 });
    const audit = await env.db.selectFrom('audit_event').select(['action', 'object_id']).where('action', '=', 'actuarial.table.create').execute();
    expect(audit).toEqual([{ action: 'actuarial.table.create', object_id: 'TEST_T1' }]);
    expect((await reader.get('/api/v1/actuarial/tables')).json().items).toContainEqual(expect.objectContaining({ code: 'TEST_T1', minAge: 60, maxAge: 62 }));

    const q = await reader.post('/api/v1/actuarial/quote', { table: 'TEST_T1', interest: 0, benefit: 'WHOLE_LIFE', age: 60, sumAssured: '1000' });
    expect(q.json().netSinglePremium).toBe('1000.000000'); // i = 0: death is certain, A_x = 1

    const dup = await actuary.post('/api/v1/actuarial/tables', { code: 'TEST_T1', name: '另一张', rows: rows([1]) });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'ACTUARIAL_TABLE_CODE_TAKEN', details: { field: 'code' } });
  });

  it.each([
    ['ages not contiguous', [{ age: 60, qx: 0.1 }, { age: 62, qx: 1 }], 'ACTUARIAL_TABLE_AGES_NOT_CONTIGUOUS', 1, 'age', '第 2 行'],
    ['q_x above 1', rows([0.1, 1.2, 1]), 'ACTUARIAL_QX_OUT_OF_RANGE', 1, 'qx', '第 2 行'],
    ['q_x negative', rows([-0.1, 1]), 'ACTUARIAL_QX_OUT_OF_RANGE', 0, 'qx', '第 1 行'],
    ['last q_x not 1', rows([0.1, 0.2, 0.3]), 'ACTUARIAL_LAST_QX_NOT_ONE', 2, 'qx', '第 3 行'],
    ['q_x = 1 before the end', rows([1, 0.5, 1]), 'ACTUARIAL_QX_ONE_BEFORE_END', 0, 'qx', '第 1 行'],
    ['first age out of range', rows([0.5, 1], -1), 'ACTUARIAL_TABLE_AGE_INVALID', 0, 'age', '第 1 行'],
  ])('refuses %s with 422 naming the row', async (_name, badRows, code, row, field, text) => {
    const res = await actuary.post('/api/v1/actuarial/tables', { code: `BAD_${code.length}_${row}`, name: '坏表', rows: badRows });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code, details: { row, field }, message: expect.stringContaining(text) });
  });

  it('uploading needs actuarial:write', async () => {
    const res = await reader.post('/api/v1/actuarial/tables', { code: 'TEST_RO', name: '只读', rows: rows([1]) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'actuarial:write' } });
  });
});
