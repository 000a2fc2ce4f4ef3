import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { residentCheckChar } from './identity';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let env: TestEnv;
let importer: Client;
let colleague: Client;
let reader: Client;

const rid = (body17: string) => body17 + residentCheckChar(body17);

beforeAll(async () => {
  env = await createTestEnv();
  const org = await makeOrg(env.db, { name: '导入分公司' });
  const role = await makeRole(env.db, ['party:read', 'party:write', 'party:import']);
  const readOnly = await makeRole(env.db, ['party:read']);
  importer = await signedIn(env.app, (await makeUser(env.db, { orgId: org.id, roles: [{ roleId: role, scope: 'subtree' }] })).username);
  colleague = await signedIn(env.app, (await makeUser(env.db, { orgId: org.id, roles: [{ roleId: role, scope: 'subtree' }] })).username);
  reader = await signedIn(env.app, (await makeUser(env.db, { orgId: org.id, roles: [{ roleId: readOnly, scope: 'subtree' }] })).username);
});
afterAll(async () => env?.close());

/** A workbook shaped like the template: the persons sheet with these rows (header from the template). */
async function workbook(persons: string[][], orgs: string[][] = []): Promise<Buffer> {
  const template = await importer.get('/api/v1/parties/import/template');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
  for (const [name, rows] of [['个人客户', persons], ['单位客户', orgs]] as const) {
    const ws = wb.getWorksheet(name)!;
    ws.spliceRows(2, 1); // the example row
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rawPost(c: Client, body: Buffer, query: string): Promise<LightMyRequestResponse> {
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return env.app.inject({ method: 'POST', url: `/api/v1/parties/import${query}`, payload: body, headers: { 'content-type': XLSX, cookie, 'x-csrf-token': c.csrf! } });
}

const count = async () => Number((await env.db.selectFrom('party').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('customer import', () => {
  it('the template is a real workbook with both sheets and instructions', async () => {
    const res = await importer.get('/api/v1/parties/import/template');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['个人客户', '单位客户', '填写说明']);
    expect(wb.getWorksheet('个人客户')!.getRow(1).getCell(1).value).toBe('姓名*');
  });

  it('a dry run (the default) validates everything and writes nothing', async () => {
    const file = await workbook([['李一', '居民身份证', rid('11010519800101001')], ['李二', '居民身份证', rid('11010519800101011'), '女']]);
    const before = await count();
    const res = await rawPost(importer, file, '');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, totalRows: 2, validRows: 1, errorRows: 1, created: 0 });
    expect(res.json().errors[0]).toMatchObject({ sheet: '个人客户', row: 3, field: 'sex', code: 'PARTY_SEX_MISMATCH' });
    expect(await count()).toBe(before);
  });

  it('with any failing row and no acceptPartial nothing is written; the report lists every row with a 错误 column', async () => {
    const file = await workbook(
      [['王一', '居民身份证', rid('11010519800101021')], ['王二', '身份证X', '123'], ['王三', '居民身份证', rid('11010519800101021')], ['王四', '护照', 'E7654321'], ['', '居民身份证', rid('11010519800101031')]],
      [['某某有限公司', '91350100M000100Y43'], ['坏公司', '91350100M000100Y44']],
    );
    const before = await count();
    const res = await rawPost(importer, file, '?dryRun=false');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ dryRun: true, totalRows: 7, validRows: 2, errorRows: 5, created: 0 });
    expect(r.errors.map((e: any) => [e.sheet, e.row, e.field, e.code])).toEqual([
      ['个人客户', 3, 'idType', 'VALIDATION_FAILED'],
      ['个人客户', 4, 'idNumber', 'PARTY_DUPLICATE'],
      ['个人客户', 5, 'sex', 'PARTY_SEX_REQUIRED'],
      ['个人客户', 6, 'name', 'VALIDATION_FAILED'],
      ['单位客户', 3, 'uscc', 'PARTY_USCC_INVALID'],
    ]);
    expect(r.errors[1].message).toContain('第 2 行重复');
    expect(await count()).toBe(before);

    const report = await importer.get(`/api/v1/parties/import/reports/${r.reportId}`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('个人客户')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.at(-1)).toBe('错误');
    expect(ws.rowCount).toBe(6); // header + every input row, valid ones too
    expect(String(ws.getRow(3).getCell(header.length).value)).toMatch(/^证件类型：/);
    expect(ws.getRow(2).getCell(header.length).value ?? '').toBe('');
    // Only for the user who imported.
    expect((await colleague.get(`/api/v1/parties/import/reports/${r.reportId}`)).statusCode).toBe(404);
  });

  it('acceptPartial creates the valid rows only; a second import of the same file finds them as duplicates', async () => {
    const file = await workbook([['赵一', '居民身份证', rid('11010519800101041'), '', '', '', '13900000041'], ['赵二', '居民身份证', '1234']]);
    const before = await count();
    const res = await rawPost(importer, file, '?dryRun=false&acceptPartial=true');
    expect(res.json()).toMatchObject({ dryRun: false, totalRows: 2, validRows: 1, errorRows: 1, created: 1 });
    expect(await count()).toBe(before + 1);
    const found = (await importer.get('/api/v1/parties?q=13900000041')).json();
    expect(found.items).toEqual([expect.objectContaining({ name: '赵一', mobileMasked: '139****0041' })]);
    const again = (await rawPost(importer, file, '?dryRun=false&acceptPartial=true')).json();
    expect(again).toMatchObject({ created: 0, errorRows: 2 });
    expect(again.errors[0]).toMatchObject({ row: 2, code: 'PARTY_DUPLICATE', message: expect.stringContaining(found.items[0].partyNo) });
    const audits = await env.db.selectFrom('audit_event').select('details').where('action', '=', 'party.import').execute();
    expect(audits.length).toBeGreaterThanOrEqual(3);
  });

  it('a clean file is created in one go', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`钱${'一二三四五六七八九十'[i % 10]}${i}`, '居民身份证', rid(`320102199001${String(i + 1).padStart(2, '0')}001`)]);
    const res = await rawPost(importer, await workbook(rows), '?dryRun=false');
    expect(res.json()).toMatchObject({ dryRun: false, created: 30, errorRows: 0, reportId: null });
  });

  it('refuses files that are not workbooks, and callers without party:import', async () => {
    const res = await rawPost(importer, Buffer.from('not a zip'), '');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PARTY_IMPORT_FILE_INVALID');
    const json = await importer.post('/api/v1/parties/import', { rows: [] });
    expect(json.statusCode).toBe(422);
    expect((await rawPost(reader, await workbook([]), '')).statusCode).toBe(403);
    // Above the 1 MB JSON limit, within the import's 10 MB: read (and refused as not a workbook).
    expect((await rawPost(importer, Buffer.alloc(3 * 1024 * 1024, 1), '')).json().error.code).toBe('PARTY_IMPORT_FILE_INVALID');
    const huge = await rawPost(importer, Buffer.alloc(10 * 1024 * 1024 + 1), '');
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'REQUEST_TOO_LARGE', message: expect.stringContaining('10 MB') });
  });
});
