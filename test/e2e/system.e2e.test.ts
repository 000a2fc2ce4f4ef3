// The foundation's main journey, as an administrator clicks it in Chromium:
// first sign-in → forced password change → MFA enrolment → create a branch user with a role →
// that user signs in, changes the one-time password, and sees only what the role allows.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureInitialAdmin } from '../../src/server/modules/system/index';
import { systemClock } from '../../src/server/platform/clock';
import { totp } from '../../src/server/platform/totp';
import { makeOrg, makeRole } from '../harness';
import { describeBrowser, launchBrowser, newPage, startE2eServer, submitSignIn, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;

describeBrowser('system administration in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    await ensureInitialAdmin(server.env.db, systemClock, 'Initial-Admin-Pass-1');
    const js = await makeOrg(server.env.db, { code: 'JS', name: '江苏分公司' });
    await makeOrg(server.env.db, { parentId: js.id, code: 'JS-NJ', name: '南京中心支公司', type: 'CENTRAL_SUB' });
    await makeOrg(server.env.db, { code: 'ZJ', name: '浙江分公司' });
    await makeRole(server.env.db, ['user:read', 'org:read'], { code: 'BRANCH_VIEWER', name: '分支查询员' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // A first visit to the app's root lands on the sign-in page.
  async function signIn(page: Page, username: string, password: string) {
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL('**/login');
    await submitSignIn(page, server.baseUrl, username, password);
  }

  async function changePassword(page: Page, oldPassword: string, newPassword: string) {
    await page.waitForURL('**/change-password');
    await page.getByLabel('原密码').fill(oldPassword);
    await page.getByLabel('新密码').fill(newPassword);
    await page.getByLabel('确认密码').fill(newPassword);
    await page.getByRole('button', { name: '修改密码' }).click();
  }

  const menuItems = async (page: Page) => (await page.getByRole('menuitem').allInnerTexts()).map((s) => s.trim()).filter(Boolean);

  it('an administrator sets up a branch user who then sees only what the role allows', async () => {
    const admin = await newPage(browser);
    await signIn(admin, 'admin', 'Initial-Admin-Pass-1');

    // Forced password change; a weak password is explained rule by rule.
    await changePassword(admin, 'Initial-Admin-Pass-1', 'admin12345');
    await expect.poll(() => admin.getByTestId('password-weak-rules').innerText()).toContain('12');
    await admin.getByLabel('新密码').fill('Lantern-River-2026');
    await admin.getByLabel('确认密码').fill('Lantern-River-2026');
    await admin.getByRole('button', { name: '修改密码' }).click();

    // 系统管理员 requires MFA: enrol with the secret shown beside the QR code.
    await admin.waitForURL('**/mfa-enroll');
    const secret = (await admin.getByTestId('mfa-secret').innerText()).trim();
    await admin.getByLabel('动态验证码').fill(totp(secret, new Date()));
    await admin.getByRole('button', { name: '完成绑定' }).click();
    await admin.getByTestId('home-greeting').waitFor();
    expect(await menuItems(admin)).not.toContain('审计日志');

    // Create a user in 江苏分公司 with the 分支查询员 role, scope 本机构及下级.
    await admin.getByRole('menuitem', { name: '用户管理' }).click();
    await admin.getByRole('button', { name: '新建用户' }).click();
    await admin.getByLabel('用户名').fill('js_viewer');
    await admin.getByLabel('姓名').fill('孙查询');
    await admin.getByLabel('所属机构').click();
    await admin.getByTitle('江苏分公司（JS）', { exact: true }).click();
    await admin.getByLabel('手机号').fill('13912345678');
    await admin.getByRole('button', { name: '添加角色' }).click();
    await admin.getByLabel('角色 1').click();
    await admin.getByTitle(/分支查询员/).click();
    await admin.getByLabel('数据范围 1').click();
    await admin.getByTitle('本机构及下级', { exact: true }).click();
    await admin.getByRole('button', { name: '确定' }).click();
    const oneTime = (await admin.getByTestId('one-time-password').innerText()).trim();
    expect(oneTime.length).toBeGreaterThanOrEqual(12);
    await admin.getByRole('button', { name: '我已记下' }).click();
    await expect.poll(() => admin.getByRole('row').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('js_viewer')]));
    // Lists mask the mobile number.
    expect((await admin.getByRole('row', { name: /js_viewer/ }).innerText())).toContain('139****5678');

    // A taken username is explained under the field itself, and nothing is created.
    await admin.getByRole('button', { name: '新建用户' }).click();
    await admin.getByLabel('用户名').fill('JS_VIEWER');
    await admin.getByLabel('姓名').fill('重名');
    await admin.getByLabel('所属机构').click();
    await admin.getByTitle('江苏分公司（JS）', { exact: true }).click();
    await admin.getByRole('button', { name: '确定' }).click();
    await admin.locator('.ant-form-item-explain-error', { hasText: '用户名已被使用' }).waitFor();
    await admin.getByRole('button', { name: '取消' }).click();

    // The new user signs in with the one-time password and must replace it.
    const user = await newPage(browser);
    await signIn(user, 'js_viewer', oneTime);
    await changePassword(user, oneTime, 'Harbour-Light-2026');
    await user.getByTestId('home-greeting').waitFor();
    await user.getByText('系统管理').click();
    await expect.poll(() => menuItems(user)).toEqual(expect.arrayContaining(['工作台', '机构管理', '用户管理']));
    const items = await menuItems(user);
    for (const hidden of ['角色管理', '会话管理', '审计日志']) expect(items).not.toContain(hidden);

    // Read-only: the list shows users of 江苏分公司 and below only, with no write actions.
    await user.getByRole('menuitem', { name: '用户管理' }).click();
    await expect.poll(() => user.getByRole('row').count()).toBeGreaterThan(1);
    const rows = (await user.getByRole('row').allInnerTexts()).join('\n');
    expect(rows).toContain('js_viewer');
    expect(rows).not.toContain('admin');
    await expect(user.getByRole('button', { name: '新建用户' }).count()).resolves.toBe(0);

    // A direct URL to a page the role does not allow shows the 403 page, not the page.
    await user.goto(`${server.baseUrl}/system/audit`);
    await user.getByText('无权访问').waitFor();
    expect(await user.getByRole('button', { name: '校验日志链' }).count()).toBe(0);
  });
});
