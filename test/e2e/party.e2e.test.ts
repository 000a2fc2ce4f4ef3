// Customer (party) journeys in Chromium, as a counter clerk clicks them: register a person with a
// resident ID (sex and birth date fill themselves; an invalid number is refused under 证件号码),
// find them again by part of the name, open the 360 page and reveal the ID number (audited);
// register an organization; import an .xlsx with one bad row and see that row's error.
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { residentCheckChar, usccCheckChar } from '../../src/server/modules/party/identity';
import { makeOrg, makeRole, makeUser } from '../harness';
import { choose, describeBrowser, launchBrowser, newPage, openSignedIn, startE2eServer, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;

/** expect.poll with room for a server round trip and a refetch on a busy machine. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** A valid 18-character resident ID from its 17-digit body. */
const residentId = (body17: string) => body17 + residentCheckChar(body17);
/** The same body with a wrong check character. */
const badResidentId = (body17: string) => body17 + (residentCheckChar(body17) === '1' ? '2' : '1');
const uscc = (body17: string) => body17 + usccCheckChar(body17);

function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) {
    const n = body + d;
    let sum = 0;
    for (let i = n.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
      let x = n.charCodeAt(i) - 48;
      if (dbl && (x *= 2) > 9) x -= 9;
      sum += x;
    }
    if (sum % 10 === 0) return n;
  }
  throw new Error('unreachable');
}

// 北京朝阳, born 1985-03-15, sequence 142 (even: female).
const LI_BODY = '11010519850315142';
const LI_ID = residentId(LI_BODY);
const CARD = luhnComplete('622202123456789012');
const ORG_CODE = uscc('91320102MA1W12345');

describeBrowser('customers in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const db = server.env.db;
    const js = await makeOrg(db, { code: 'JS', name: '江苏分公司' });
    const role = await makeRole(db, ['party:read', 'party:write', 'party:import', 'party:export', 'pii:reveal'], { mfaRequired: false });
    await makeUser(db, { orgId: js.id, username: 'partyclerk', name: '王柜员', roles: [{ roleId: role, scope: 'org' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedInPage = (username: string) => openSignedIn(browser, server.baseUrl, username);

  async function openList(page: Page) {
    await page.getByRole('menu').getByText('客户管理').click();
    await page.getByRole('menuitem', { name: '客户列表' }).click();
    await page.waitForURL('**/parties');
    await page.getByRole('button', { name: '新建个人客户' }).first().waitFor();
  }


  const formItem = (page: Page, id: string) => page.locator('.ant-form-item').filter({ has: page.locator(`#${id}`) });
  const fieldError = (page: Page, id: string) => formItem(page, id).locator('.ant-form-item-explain-error');

  it('a clerk registers a person: an invalid ID is refused under 证件号码, a valid one fills sex and birth date', async () => {
    const page = await signedInPage('partyclerk');
    await openList(page);
    await poll(() => page.getByTestId('party-table').innerText()).toContain('还没有客户');

    await page.getByRole('button', { name: '新建个人客户' }).first().click();
    await page.waitForURL('**/parties/new/person');
    await page.getByLabel('姓名').fill('李桂兰');
    // The clerk picks 男 before typing the number: the ID (female) corrects it and says so.
    await choose(page, 'person_sex', '男');

    // A wrong check character: refused under 证件号码 as soon as the 18th character is typed.
    await page.getByLabel('证件号码').fill(badResidentId(LI_BODY));
    await poll(() => fieldError(page, 'person_idNumber').innerText()).toContain('校验码错误');
    expect(await page.locator('#person_sex').isDisabled()).toBe(false);

    await page.getByLabel('证件号码').fill(LI_ID);
    await page.getByTestId('id-derived').waitFor();
    expect(await page.getByTestId('id-derived').innerText()).toContain('1985-03-15');
    await poll(() => fieldError(page, 'person_idNumber').count()).toBe(0);
    // Sex and birth date come from the number and are locked.
    expect(await formItem(page, 'person_sex').innerText()).toContain('女');
    expect(await page.locator('#person_sex').isDisabled()).toBe(true);
    expect(await page.locator('#person_birthDate').inputValue()).toBe('1985-03-15');
    expect(await page.locator('#person_birthDate').isDisabled()).toBe(true);
    expect(await page.getByTestId('id-mismatch').innerText()).toContain('已填写“男”，证件号码显示为“女”');

    // A mobile that is not a mainland number is refused while typing.
    await page.getByLabel('手机号').fill('12345678901');
    await poll(() => fieldError(page, 'person_mobile').innerText()).toContain('11 位');
    await page.getByLabel('手机号').fill('13912345678');

    await page.getByRole('button', { name: '添加地址' }).click();
    await page.getByLabel('第 1 行详细地址').fill('北京市朝阳区建国路 88 号');
    await page.getByRole('button', { name: '添加银行账户' }).click();
    await page.getByLabel('第 1 行开户银行').fill('中国工商银行');
    expect(await page.getByLabel('第 1 行户名').inputValue()).toBe('李桂兰');
    // A card number failing Luhn is refused under the row's 账号.
    await page.getByLabel('第 1 行账号').fill(CARD.slice(0, -1) + ((Number(CARD.slice(-1)) + 1) % 10));
    await poll(() => page.getByTestId('bank-row-0').locator('.ant-form-item-explain-error').innerText()).toContain('校验未通过');
    await page.getByLabel('第 1 行账号').fill(CARD);
    await poll(() => page.getByTestId('bank-row-0').locator('.ant-form-item-explain-error').count()).toBe(0);

    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/parties\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('party-name').innerText()).toBe('李桂兰');
    const masked = await page.getByTestId('party-id-number').innerText();
    expect(masked).not.toBe(LI_ID);
    expect(masked).toContain('*');

    // Registering the same ID again: the existing customer is shown, with a link to it.
    await page.goto(`${server.baseUrl}/parties/new/person`);
    await page.getByLabel('姓名').fill('李桂兰');
    await page.getByLabel('证件号码').fill(LI_ID);
    await page.getByTestId('id-derived').waitFor();
    await page.keyboard.press('Control+s');
    await page.getByTestId('party-duplicate').waitFor();
    await page.getByTestId('party-duplicate').getByRole('link', { name: '查看已有客户' }).click();
    await page.waitForURL(/\/parties\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('party-name').innerText()).toBe('李桂兰');
    await page.context().close();
  });

  it('a clerk finds the person by part of the name, opens the 360 page and reveals the ID (audited)', async () => {
    const page = await signedInPage('partyclerk');
    await openList(page);
    const search = page.getByPlaceholder('姓名/拼音首字母、证件号码或手机号');
    await search.fill('桂兰');
    await search.press('Enter');
    const link = page.getByTestId('party-table').getByRole('link', { name: '李桂兰' });
    await link.waitFor();
    // Pinyin initials find her too.
    await search.fill('lgl');
    await search.press('Enter');
    await link.waitFor();
    expect(await page.getByTestId('party-table').innerText()).not.toContain(LI_ID);
    // Export takes the same filters: an .xlsx downloads.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /导出 Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    await link.click();
    await page.getByTestId('party-360').waitFor();
    expect(await page.getByTestId('reveal-notice').innerText()).toContain('审计');
    for (const card of ['party-card-policies', 'party-card-claims', 'party-card-contributions', 'party-card-archives']) {
      await page.getByTestId(card).waitFor();
    }
    await page.getByTestId('party-id-number-reveal').click();
    await poll(() => page.getByTestId('party-id-number-revealed').innerText()).toBe(LI_ID);
    expect(await page.getByTestId('party-identity').innerText()).toContain('已记入审计');

    const audited = await server.env.db
      .selectFrom('audit_event')
      .select(['action', 'object_id'])
      .where('action', '=', 'pii.reveal')
      .where('object_type', '=', 'party')
      .execute();
    expect(audited.length).toBe(1);
    expect(page.url()).toContain(audited[0]!.object_id!);
    await page.context().close();
  });

  it('a clerk registers an organization with a checked credit code', async () => {
    const page = await signedInPage('partyclerk');
    await openList(page);
    await page.getByRole('button', { name: '新建单位客户' }).first().click();
    await page.waitForURL('**/parties/new/organization');
    await page.getByLabel('单位名称').fill('南京示例科技有限公司');
    // One character off: the live check refuses it.
    await page.getByLabel('统一社会信用代码').fill(ORG_CODE.slice(0, 17) + (ORG_CODE[17] === '1' ? '2' : '1'));
    await poll(() => fieldError(page, 'organization_uscc').innerText()).toContain('校验未通过');
    await page.getByLabel('统一社会信用代码').fill(ORG_CODE);
    await page.getByTestId('uscc-valid').waitFor();
    await page.getByLabel('联系人').fill('赵经理');
    await page.getByLabel('联系电话').fill('025-84561234');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/parties\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('party-name').innerText()).toBe('南京示例科技有限公司');
    expect(await page.getByTestId('party-identity').innerText()).toContain(ORG_CODE);
    await page.context().close();
  });

  it('a clerk imports an .xlsx with one bad row, sees that row\'s error, and imports the valid rows', async () => {
    const page = await signedInPage('partyclerk');
    await openList(page);
    await page.getByRole('button', { name: /导入$/ }).click();
    await page.waitForURL('**/parties/import');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('个人客户');
    ws.addRow(['姓名*', '证件类型*', '证件号码*', '性别', '出生日期', '国籍', '手机号']);
    ws.addRow(['周建国', '居民身份证', residentId('32010219790101003'), '', '', '', '13812345678']);
    ws.addRow(['吴晓红', '居民身份证', badResidentId('32010219880808004'), '', '', '', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    await page.locator('input[type=file]').setInputFiles({
      name: '客户导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await page.getByTestId('import-result').waitFor();
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    // One error row: Excel row 3 (吴晓红), under the column 证件号码.
    const errorRows = errors.locator('tbody tr.ant-table-row');
    expect(await errorRows.count()).toBe(1);
    const cells = await errorRows.first().locator('td').allInnerTexts();
    expect(cells.slice(0, 3)).toEqual(['个人客户', '3', '证件号码']);
    // The error report (every row with a 错误 column) downloads.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
    expect(report.suggestedFilename()).toMatch(/\.xlsx$/);

    await page.getByRole('button', { name: /导入有效行/ }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-done').innerText()).toContain('已导入 1 个客户');

    await page.getByRole('button', { name: '查看客户列表' }).click();
    await page.waitForURL('**/parties');
    await poll(() => page.getByTestId('party-table').innerText()).toContain('周建国');
    expect(await page.getByTestId('party-table').innerText()).not.toContain('吴晓红');
    await page.context().close();
  });

  async function openCustomer(page: Page, name: string) {
    await openList(page);
    const search = page.getByPlaceholder('姓名/拼音首字母、证件号码或手机号');
    await search.fill(name);
    await search.press('Enter');
    await page.getByTestId('party-table').getByRole('link', { name }).click();
    await page.getByTestId('party-360').waitFor();
    expect(await page.getByTestId('party-name').innerText()).toBe(name);
  }

  /** 添加关系 on the open 360 page: the other customer found by name, the relation by its label. */
  async function addRelationship(page: Page, other: string, relation: string) {
    await page.getByRole('button', { name: /添加关系/ }).click();
    await page.locator('#addRelationship_otherPartyId').fill(other);
    await page.locator('.ant-select-dropdown:visible').getByText(other).click();
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await choose(page, 'addRelationship_relation', relation);
    await page.locator('.ant-modal').getByRole('button', { name: '确定' }).click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
  }

  it('a clerk links customers both ways, sees each side labelled, and ends a link after confirming', async () => {
    const page = await signedInPage('partyclerk');
    await openCustomer(page, '周建国');
    await addRelationship(page, '李桂兰', '对方是本客户的配偶');
    const rels = page.getByTestId('party-relationships');
    await poll(() => rels.innerText()).toContain('李桂兰');
    expect(await rels.innerText()).toContain('配偶');

    // 李桂兰's employer is the organization: stored as "the organization is employer of 李桂兰".
    await rels.getByRole('link', { name: '李桂兰' }).click();
    await poll(() => page.getByTestId('party-name').innerText()).toBe('李桂兰');
    await poll(() => rels.innerText()).toContain('周建国');
    await addRelationship(page, '南京示例科技有限公司', '对方是本客户的雇主');
    await poll(() => rels.innerText()).toContain('南京示例科技有限公司');
    const employerRow = rels.locator('tr').filter({ hasText: '南京示例科技有限公司' });
    expect(await employerRow.innerText()).toContain('雇主');

    await rels.getByRole('link', { name: '南京示例科技有限公司' }).click();
    await poll(() => page.getByTestId('party-name').innerText()).toBe('南京示例科技有限公司');
    const employeeRow = rels.locator('tr').filter({ hasText: '李桂兰' });
    await employeeRow.waitFor();
    expect(await employeeRow.innerText()).toContain('雇员');

    // Ending asks first, with an end date; the link then shows as 已结束 on both sides.
    await employeeRow.getByRole('button', { name: '结束关系' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '结束客户关系' });
    expect(await modal.innerText()).toContain('确认结束与“李桂兰”的关系');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await page.locator('#endRelationship_endDate').fill(today);
    await page.locator('#endRelationship_endDate').press('Tab');
    await modal.getByRole('button', { name: '确认结束' }).click();
    await poll(() => employeeRow.innerText()).toContain('已结束');
    await page.context().close();
  });

  it('a clerk edits a customer; a second, outdated edit is stopped with 已被他人修改 and can reload', async () => {
    const page = await signedInPage('partyclerk');
    await openCustomer(page, '李桂兰');
    await page.getByRole('button', { name: /编辑/ }).click();
    await page.waitForURL(/\/edit$/);
    const editUrl = page.url();
    const second = await page.context().newPage();
    await second.goto(editUrl);
    await second.getByLabel('电子邮箱').waitFor();

    await page.getByLabel('手机号').fill('13800001111');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/parties\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('party-mobile').innerText()).toMatch(/^138\*+1111$/);
    // The ID number was left blank: unchanged, sex and birth date as before.
    expect(await page.getByTestId('party-identity').innerText()).toContain('1985-03-15');

    await second.getByLabel('电子邮箱').fill('liguilan@example.com');
    await second.getByRole('button', { name: '保存' }).click();
    await second.getByTestId('party-stale').waitFor();
    await second.getByTestId('party-stale').getByRole('button', { name: '重新加载' }).click();
    await second.getByTestId('party-stale').waitFor({ state: 'detached' });
    await second.getByLabel('电子邮箱').fill('liguilan@example.com');
    await second.getByRole('button', { name: '保存' }).click();
    await second.waitForURL(/\/parties\/[0-9a-f-]{36}$/);
    expect(await second.getByTestId('party-360').innerText()).toContain('liguilan@example.com');
    expect(await second.getByTestId('party-mobile').innerText()).toMatch(/^138\*+1111$/);
    await page.context().close();
  });
});
