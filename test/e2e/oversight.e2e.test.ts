// Oversight journeys in Chromium: the auditor reads, filters, verifies and exports the audit log;
// the security officer enrols MFA and ends another user's session, which signs that user out.
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/server/platform/clock';
import { totp } from '../../src/server/platform/totp';
import { builtinRoleId, makeOrg, makeRole, makeUser, rootOrg, TEST_PASSWORD } from '../harness';
import { describeBrowser, launchBrowser, newPage, startE2eServer, submitSignIn, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;

describeBrowser('oversight in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const db = server.env.db;
    const hq = await rootOrg(db);
    await makeUser(db, { orgId: hq.id, username: 'auditor', name: '钱审计', roles: [{ roleId: await builtinRoleId(db, 'AUDITOR'), scope: 'all' }] });
    await makeUser(db, { orgId: hq.id, username: 'secadmin', name: '周安全', roles: [{ roleId: await builtinRoleId(db, 'SECURITY_ADMIN'), scope: 'all' }] });
    const js = await makeOrg(db, { code: 'JS', name: '江苏分公司' });
    await makeUser(db, { orgId: js.id, username: 'clerk', name: '王柜员', roles: [{ roleId: await makeRole(db, ['org:read']), scope: 'org' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(username: string): Promise<Page> {
    const page = await newPage(browser);
    await submitSignIn(page, server.baseUrl, username, TEST_PASSWORD);
    return page;
  }

  it('the auditor filters the audit log, verifies the chain and exports it to Excel', async () => {
    // Something to find: a failed sign-in.
    const failed = await browser.newPage();
    await failed.goto(`${server.baseUrl}/login`);
    await failed.getByLabel('用户名').fill('clerk');
    await failed.getByLabel('密码').fill('Wrong-password-1');
    await failed.getByRole('button', { name: '登录' }).click();
    await failed.getByText('用户名或密码错误').first().waitFor();
    await failed.close();

    const page = await signedInPage('auditor');
    await page.getByTestId('home-greeting').waitFor();
    await page.getByText('系统管理').click();
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByRole('button', { name: '校验日志链' }).waitFor();

    await page.getByLabel('操作').click();
    await page.getByTitle('登录', { exact: true }).click();
    await page.getByLabel('结果').click();
    await page.getByTitle('失败', { exact: true }).click();
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(async () => (await page.getByRole('row').allInnerTexts()).filter((r) => r.includes('auth.login')).length).toBe(1);
    expect((await page.getByRole('row').allInnerTexts()).join('\n')).toContain('clerk');

    await page.getByRole('button', { name: '校验日志链' }).click();
    await expect.poll(() => page.getByTestId('audit-verify-result').innerText()).toContain('日志链完整');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const rows = wb.worksheets[0].getSheetValues().slice(2) as unknown[][];
    expect(rows.length).toBe(1);
    expect(rows[0]).toEqual(expect.arrayContaining(['clerk', '登录', 'auth.login', 'FAILURE']));
  });

  it('the security officer enrols MFA and ends a clerk’s session, which signs the clerk out', async () => {
    const clerk = await signedInPage('clerk');
    await clerk.getByTestId('home-greeting').waitFor();

    const sec = await signedInPage('secadmin');
    await sec.waitForURL('**/mfa-enroll');
    const secret = (await sec.getByTestId('mfa-secret').innerText()).trim();
    await sec.getByLabel('动态验证码').fill(totp(secret, systemClock.now()));
    await sec.getByRole('button', { name: '完成绑定' }).click();
    await sec.getByTestId('home-greeting').waitFor();
    await sec.getByText('系统管理').click();
    await sec.getByRole('menuitem', { name: '会话管理' }).click();
    const row = sec.getByRole('row', { name: /clerk/ });
    await row.getByRole('button', { name: '结束会话' }).click();
    await sec.getByRole('button', { name: '确定' }).click();
    await expect.poll(() => sec.getByRole('row', { name: /clerk/ }).count()).toBe(0);

    // The clerk's next step lands on the sign-in page.
    await clerk.getByText('系统管理').click();
    await clerk.getByRole('menuitem', { name: '机构管理' }).click();
    await clerk.waitForURL('**/login');
  });
});
