// Rate tables from Excel: the 商业车险 template is a real workbook; an uploaded workbook becomes a
// rate-table version exactly as through the JSON API (rows checked, 422 naming the Excel row,
// nothing stored on error, audited, quotes switch on its date); life tables from 年龄/qx columns.
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['单元代码', '险种代码', '使用性质', '车龄起', '车龄止', '责任限额', '固定保费', '费率'];
let env: TestEnv;
let actuary: Client;
let clerk: Client;
const names = { actuary: '', clerk: '' };

beforeAll(async () => {
  env = await createTestEnv(); // test clock: 2026-11-24 in Shanghai
  const org = await makeOrg(env.db);
  const a = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:quote', 'rating:configure', 'actuarial:read', 'actuarial:write']), scope: 'all' }] });
  names.actuary = a.username;
  actuary = await signedIn(env.app, a.username);
  const c = await makeUser(env.db, { orgId: org.id, roles: [{ roleId: await makeRole(env.db, ['rating:quote', 'actuarial:read']), scope: 'self' }] });
  names.clerk = c.username;
  clerk = await signedIn(env.app, c.username);
});
afterAll(async () => env?.close());

/** A workbook as a user fills it: numbers typed as numbers (floats in the file), blank cells left out. */
async function workbook(rows: (string | number | null)[][], headers = HEADERS, sheet = '费率表'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(c: Client, url: string, body: Buffer, query: Record<string, string>): Promise<LightMyRequestResponse> {
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return env.app.inject({ method: 'POST', url: `${url}?${new URLSearchParams(query)}`, payload: body, headers: { 'content-type': XLSX, cookie, 'x-csrf-token': c.csrf! } });
}

const IMPORT = '/api/v1/rating/commercial/rate-tables/import';
const meta = { code: 'ZJ-2027', name: '浙江分公司商业车险基准保费表', effectiveFrom: '2026-11-25', source: '浙银保监备〔2026〕7号' };
const goodRows: (string | number | null)[][] = [
  ['CD_FAMILY_0_3', 'CAR_DAMAGE', 'FAMILY', 0, 3, null, 500, 0.0128],
  ['CD_FAMILY_3_UP', 'CAR_DAMAGE', 'FAMILY', '3', null, null, '480.00', '0.0110'],
  ['TP_FAMILY_100W', 'THIRD_PARTY', 'FAMILY', null, null, 1000000, 1500.5, null],
  ['DRIVER_FAMILY', 'DRIVER', 'family', null, null, null, null, 0.004],
];
const quote = { vehicle: { usage: 'FAMILY', seats: 5, ageYears: 1, actualValue: '100000' }, region: '上海', coverages: [{ code: 'THIRD_PARTY', limit: '1000000' }, { code: 'CAR_DAMAGE' }], history: { claimsLast3Years: 0, consecutiveInsuredYears: 0 } };

describe('商业车险 rate tables from Excel', () => {
  it('the template is a real workbook: the rate sheet with Chinese headers, one example per coverage, instructions', async () => {
    const res = await clerk.get('/api/v1/rating/commercial/rate-tables/template');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['费率表', '填写说明']);
    const ws = wb.getWorksheet('费率表')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    const coverages = [2, 3, 4, 5].map((r) => ws.getRow(r).getCell(2).value);
    expect(coverages).toEqual(['CAR_DAMAGE', 'THIRD_PARTY', 'DRIVER', 'PASSENGER']);
    expect(String(wb.getWorksheet('填写说明')!.getRow(1).getCell(1).value)).toContain('说明');
  });

  it('the template, filled in as it comes, imports (its examples are valid rows)', async () => {
    const res = await clerk.get('/api/v1/rating/commercial/rate-tables/template');
    const created = await upload(actuary, IMPORT, res.rawPayload, { ...meta, code: 'TEMPLATE-2030', effectiveFrom: '2030-01-01' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ code: 'TEMPLATE-2030', rows: 4, inForce: false });
  });

  it('a bad row → 422 naming the Excel row, nothing stored', async () => {
    const cases: [(string | number | null)[][], string, string, number][] = [
      // Row 4 of the sheet (third data row) overlaps the band of row 2.
      [[goodRows[0]!, goodRows[1]!, ['CD_FAMILY_2_5', 'CAR_DAMAGE', 'FAMILY', 2, 5, null, 400, 0.01]], 'RATE_ROW_AGE_OVERLAP', 'rates.2.ageFrom', 4],
      [[goodRows[0]!, ['X', 'DRIVER', 'FAMILY', null, null, null, null, 1.5]], 'RATE_ROW_NUMBER_INVALID', 'rates.1.rate', 3],
      [[goodRows[0]!, ['X', 'GLASS', 'FAMILY', null, null, null, null, 0.01]], 'RATE_ROW_COVERAGE_UNKNOWN', 'rates.1.coverage', 3],
      [[['', 'DRIVER', 'FAMILY', null, null, null, null, 0.01]], 'RATE_ROW_CELL_INVALID', 'rates.0.code', 2],
      [[goodRows[0]!, ['TP', 'THIRD_PARTY', 'FAMILY', null, null, 1000000, 'abc', null]], 'RATE_ROW_NUMBER_INVALID', 'rates.1.fixedPremium', 3],
    ];
    for (const [rows, code, field, row] of cases) {
      const res = await upload(actuary, IMPORT, await workbook(rows), meta);
      expect(res.statusCode, code).toBe(422);
      expect(res.json().error, code).toMatchObject({ code, details: { field, row }, message: expect.stringContaining(`第 ${row} 行`) });
    }
    // The overlap message points at the earlier Excel row too.
    const overlap = await upload(actuary, IMPORT, await workbook(cases[0]![0]), meta);
    expect(overlap.json().error.message).toContain('与第 2 行重叠');

    const notTemplate = await upload(actuary, IMPORT, await workbook([['a', 'b']], ['名称', '金额']), meta);
    expect(notTemplate.statusCode).toBe(422);
    expect(notTemplate.json().error).toMatchObject({ code: 'RATE_TABLE_FILE_INVALID', details: { field: 'file' } });
    const garbage = await upload(actuary, IMPORT, Buffer.from('not a workbook'), meta);
    expect(garbage.json().error.code).toBe('RATE_TABLE_FILE_INVALID');
    const empty = await upload(actuary, IMPORT, await workbook([]), meta);
    expect(empty.json().error).toMatchObject({ code: 'RATE_TABLE_EMPTY', details: { field: 'rates' } });

    const stored = await env.db.selectFrom('commercial_rate_table').select('code').where('code', '=', meta.code).execute();
    expect(stored).toEqual([]);
  });

  it('needs rating:configure (403), and refuses a bad query (400) and a file over 5 MB (413)', async () => {
    const file = await workbook(goodRows);
    const res = await upload(clerk, IMPORT, file, meta);
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'AUTH_FORBIDDEN', details: { permission: 'rating:configure' } });
    const noDate = await upload(actuary, IMPORT, file, { code: meta.code, name: meta.name, source: meta.source });
    expect(noDate.statusCode).toBe(400);
    const big = await upload(actuary, IMPORT, Buffer.alloc(5 * 1024 * 1024 + 1), meta);
    expect(big.statusCode).toBe(413);
  });

  it('imports a workbook built with exceljs: exact decimals stored, audited, and quotes use it from its date', async () => {
    const created = await upload(actuary, IMPORT, await workbook(goodRows), meta);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ ...meta, sample: false, rows: 4, inForce: false });

    const stored = await env.db
      .selectFrom('commercial_base_rate')
      .select(['code', 'usage', 'age_from', 'age_to', 'limit_amount', 'fixed_premium', 'rate'])
      .where('rate_table', '=', meta.code)
      .orderBy('code')
      .execute();
    expect(stored.map((r) => [r.code, r.usage, r.age_from, r.age_to, r.limit_amount, r.fixed_premium, r.rate].map((v) => (v === null ? null : String(v))))).toEqual([
      ['CD_FAMILY_0_3', 'FAMILY', '0.00', '3.00', null, '500.00', '0.012800'],
      ['CD_FAMILY_3_UP', 'FAMILY', '3.00', null, null, '480.00', '0.011000'],
      ['DRIVER_FAMILY', 'FAMILY', null, null, null, '0.00', '0.004000'],
      ['TP_FAMILY_100W', 'FAMILY', null, null, '1000000.00', '1500.50', '0.000000'],
    ]);
    const audit = await env.db.selectFrom('audit_event').select('object_id').where('action', '=', 'rating.rate-table.create').where('object_id', '=', meta.code).execute();
    expect(audit).toHaveLength(1);

    const today = await clerk.post('/api/v1/rating/commercial', quote);
    expect(today.json()).toMatchObject({ sampleRates: true });
    const again = await upload(actuary, IMPORT, await workbook(goodRows), { ...meta, code: 'ZJ-2027B' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('RATE_TABLE_DATE_TAKEN');

    env.clock.advance(24 * 3600_000); // sessions end after 12 h: sign in again
    clerk = await signedIn(env.app, names.clerk);
    actuary = await signedIn(env.app, names.actuary);
    const tomorrow = await clerk.post('/api/v1/rating/commercial', quote);
    expect(tomorrow.statusCode, tomorrow.body).toBe(200);
    // 第三者 1,500.50; 车损 500 + 0.0128 × 100,000 = 1,780.00 (no NCD/pricing/violation adjustment for a first-year vehicle in 上海 at 1.00).
    const lines = Object.fromEntries(tomorrow.json().lines.map((l: { code: string; basePremium: string }) => [l.code, l.basePremium]));
    expect(tomorrow.json()).toMatchObject({ sampleRates: false, referenceVersion: expect.stringMatching(/^ZJ-2027\//) });
    expect(lines).toEqual({ THIRD_PARTY: '1500.50', CAR_DAMAGE: '1780.00' });
    const list = await clerk.get('/api/v1/rating/commercial/rate-tables');
    expect(list.json().items.find((t: { code: string }) => t.code === meta.code)).toMatchObject({ inForce: true, rows: 4 });
  });
});

describe('life tables from Excel', () => {
  const LIFE = '/api/v1/actuarial/tables/import';

  it('uploads 年龄/qx rows as a table that quotes; a bad row is 422 naming the Excel row; needs actuarial:write', async () => {
    const created = await upload(actuary, LIFE, await workbook([[60, 0.01], [61, '0.5'], [62, 1]], ['年龄', 'qx'], '生命表'), { code: 'XLSX_T1', name: '导入测试表' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ code: 'XLSX_T1', name: '导入测试表', source: null, builtin: false, minAge: 60, maxAge: 62 });
    const q = await clerk.post('/api/v1/actuarial/quote', { table: 'XLSX_T1', interest: 0, benefit: 'WHOLE_LIFE', age: 60, sumAssured: '1000' });
    expect(q.json().netSinglePremium).toBe('1000.000000');
    const stored = await env.db.selectFrom('mortality_rate').select(['age', 'qx']).where('table_code', '=', 'XLSX_T1').orderBy('age').execute();
    expect(stored.map((r) => String(r.qx))).toEqual([expect.stringMatching(/^0\.010*$/), expect.stringMatching(/^0\.50*$/), expect.stringMatching(/^1(\.0*)?$/)]);

    // Sheet row 3 (second data row) has q_x above 1.
    const bad = await upload(actuary, LIFE, await workbook([[60, 0.1], [61, 1.2], [62, 1]], ['年龄', 'qx']), { code: 'XLSX_BAD', name: '坏表' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'ACTUARIAL_QX_OUT_OF_RANGE', details: { field: 'qx', row: 3 }, message: expect.stringContaining('第 3 行') });
    const badAge = await upload(actuary, LIFE, await workbook([[60, 0.1], ['六十一', 1]], ['年龄', 'qx']), { code: 'XLSX_BAD', name: '坏表' });
    expect(badAge.json().error).toMatchObject({ code: 'ACTUARIAL_TABLE_CELL_INVALID', details: { field: 'age', row: 3 } });

    const refused = await upload(clerk, LIFE, await workbook([[60, 1]], ['年龄', 'qx']), { code: 'XLSX_RO', name: '只读' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details).toMatchObject({ permission: 'actuarial:write' });
  });
});
