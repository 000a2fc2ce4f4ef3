// 费率表管理 in Chromium: a product actuary downloads the 商业车险 template, uploads a workbook with a
// bad row (sees the Excel row named), then a good one effective tomorrow, and sees it listed as not
// yet in force while the sample table still quotes; the 生命表 part shows for actuarial:write.
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOrg, makeRole, makeUser } from '../harness';
import { describeBrowser, launchBrowser, openSignedIn, startE2eServer, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['单元代码', '险种代码', '使用性质', '车龄起', '车龄止', '责任限额', '固定保费', '费率'];

async function workbook(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('费率表');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r.map((v) => (v === null ? undefined : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Tomorrow on the Shanghai calendar, YYYY-MM-DD. */
const tomorrow = () => new Date(Date.now() + 8 * 3600_000 + 24 * 3600_000).toISOString().slice(0, 10);

describeBrowser('rate tables in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const db = server.env.db;
    const org = await makeOrg(db, { code: 'ZJ', name: '浙江分公司' });
    const role = await makeRole(db, ['rating:quote', 'rating:configure', 'actuarial:read', 'actuarial:write'], { mfaRequired: false });
    await makeUser(db, { orgId: org.id, username: 'rateactuary', name: '陈精算', roles: [{ roleId: role, scope: 'all' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an actuary uploads a rate table effective tomorrow and sees it listed as not yet in force', async () => {
    const page = await openSignedIn(browser, server.baseUrl, 'rateactuary');
    await page.getByText('费率试算').click();
    await page.getByRole('menuitem', { name: '费率表管理' }).click();
    const list = page.getByTestId('rate-tables');
    await expect.poll(() => list.innerText()).toContain('SAMPLE-2020');
    expect(await list.locator('tr', { hasText: 'SAMPLE-2020' }).innerText()).toContain('当前生效');
    // The life-table part is there for actuarial:write.
    await expect.poll(() => page.getByTestId('life-tables').innerText()).toContain('CL2010_1M');

    // The template downloads as an xlsx.
    const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('rate-template').click()]);
    expect(template.suggestedFilename()).toMatch(/\.xlsx$/);

    await page.getByTestId('rate-import').click();
    const modal = page.locator('.ant-modal');
    // The modal's primary button (its name gains a 'loading' icon label while a file uploads).
    const importButton = modal.locator('.ant-modal-footer .ant-btn-primary');
    await page.locator('#rateTable_code').fill('ZJ-2027');
    await page.locator('#rateTable_name').fill('浙江分公司商业车险基准保费表');
    await page.locator('#rateTable_effectiveFrom').fill(tomorrow());
    await page.locator('#rateTable_source').fill('浙银保监备〔2026〕7号');

    // A file whose second data row (Excel row 3) has a rate of 1.5: the Excel row is named, nothing imported.
    await modal.locator('input[type=file]').setInputFiles({
      name: '费率表-错误.xlsx',
      mimeType: XLSX,
      buffer: await workbook([['TP_FAMILY_100W', 'THIRD_PARTY', 'FAMILY', null, null, 1000000, 1500, null], ['DRIVER_FAMILY', 'DRIVER', 'FAMILY', null, null, null, null, 1.5]]),
    });
    await expect.poll(() => page.getByTestId('picked-file').innerText()).toContain('费率表-错误.xlsx');
    await importButton.click();
    await expect.poll(() => page.getByTestId('upload-error-row').innerText()).toBe('第 3 行');
    expect(await page.getByTestId('upload-error').innerText()).toContain('费率必须小于 1');

    await modal.locator('input[type=file]').setInputFiles({
      name: '费率表.xlsx',
      mimeType: XLSX,
      buffer: await workbook([
        ['CD_FAMILY_0_3', 'CAR_DAMAGE', 'FAMILY', 0, 3, null, 500, 0.0128],
        ['TP_FAMILY_100W', 'THIRD_PARTY', 'FAMILY', null, null, 1000000, 1500, null],
        ['DRIVER_FAMILY', 'DRIVER', 'FAMILY', null, null, null, null, 0.004],
      ]),
    });
    await expect.poll(() => page.getByTestId('picked-file').innerText()).toContain('费率表.xlsx');
    await importButton.click();
    await modal.first().waitFor({ state: 'hidden' });

    const row = list.locator('tr', { hasText: 'ZJ-2027' });
    await expect.poll(() => row.innerText()).toContain('未生效');
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(0, 5)).toEqual(['ZJ-2027', '浙江分公司商业车险基准保费表', tomorrow(), '公司', '3']);
    // The sample table is still the one in force today.
    expect(await list.locator('tr', { hasText: 'SAMPLE-2020' }).innerText()).toContain('当前生效');
    await page.context().close();
  });
});
