// Rating journeys in Chromium: a counter clerk quotes 交强险 (and sees a server 422 under the field
// it names), then quotes a whole-life net premium on the CL2010 table.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOrg, makeRole, makeUser, TEST_PASSWORD } from '../harness';
import { describeBrowser, launchBrowser, newPage, startE2eServer, submitSignIn, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;

describeBrowser('rating in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const db = server.env.db;
    const js = await makeOrg(db, { code: 'JS', name: '江苏分公司' });
    const role = await makeRole(db, ['rating:quote', 'actuarial:read'], { mfaRequired: false });
    await makeUser(db, { orgId: js.id, username: 'ratingclerk', name: '李柜员', roles: [{ roleId: role, scope: 'org' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(username: string): Promise<Page> {
    const page = await newPage(browser);
    await submitSignIn(page, server.baseUrl, username, TEST_PASSWORD);
    await page.getByTestId('home-greeting').waitFor();
    return page;
  }

  /** Opens the antd Select whose input has this id (form name + field path) and picks an option by title. */
  async function choose(page: Page, id: string, option: string | RegExp) {
    await page.locator(`.ant-select:has(#${id})`).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  }

  it('a clerk quotes 交强险, sees the derivation, and a wrong seat count lands under 座位数', async () => {
    const page = await signedInPage('ratingclerk');
    await page.getByText('费率试算').click();
    await page.getByRole('menuitem', { name: '交强险试算' }).click();
    await page.locator('form').getByRole('button', { name: '试算' }).waitFor();

    await choose(page, 'ctpl_vehicle_usage', '家庭自用汽车');
    await page.locator('#ctpl_vehicle_seats').fill('5');
    await choose(page, 'ctpl_region', '内蒙古');
    await page.getByLabel('连续未出险年数').fill('1');
    // Enter in a field submits the form.
    await page.getByLabel('连续未出险年数').press('Enter');

    await expect.poll(() => page.getByTestId('ctpl-base-premium').innerText()).toContain('950.00');
    expect(await page.getByTestId('ctpl-premium').innerText()).toBe('665.00');
    const result = await page.getByTestId('ctpl-result').innerText();
    expect(result).toContain('FAMILY_LT6');
    expect(result).toContain('A1');
    expect(result).toContain('责任限额');

    // A city bus with 5 seats has no bracket: the server's 422 appears under 座位数.
    await choose(page, 'ctpl_vehicle_usage', '城市公交营业客车');
    await page.locator('#ctpl_vehicle_seats').fill('5');
    await page.locator('form').getByRole('button', { name: '试算' }).click();
    const seatsItem = page.locator('.ant-form-item').filter({ has: page.locator('#ctpl_vehicle_seats') });
    await expect.poll(() => seatsItem.locator('.ant-form-item-explain-error').innerText()).toContain('城市公交营业客车没有 5座');
    await page.context().close();
  });

  it('a clerk quotes a whole-life net premium on CL2010_1M', async () => {
    const page = await signedInPage('ratingclerk');
    await page.getByText('费率试算').click();
    await page.getByRole('menuitem', { name: '寿险净保费试算' }).click();
    await page.locator('form').getByRole('button', { name: '试算' }).waitFor();

    await choose(page, 'life_table', /^CL2010_1M /);
    await page.getByLabel('预定利率').fill('3.5');
    await choose(page, 'life_benefit', '终身寿险');
    expect(await page.locator('#life_term').count()).toBe(0); // no 保险期间 for whole life
    await page.getByLabel('投保年龄').fill('30');
    await page.getByLabel('缴费期间（年）').fill('20');
    await page.getByLabel('保险金额').fill('100000');
    await page.locator('form').getByRole('button', { name: '试算' }).click();

    await page.getByTestId('life-result').waitFor();
    const single = Number(await page.getByTestId('life-single').innerText());
    const annual = Number(await page.getByTestId('life-annual').innerText());
    const annuity = Number(await page.getByTestId('life-annuity').innerText());
    expect(single).toBeGreaterThan(10_000);
    expect(single).toBeLessThan(100_000);
    expect(annuity).toBeGreaterThan(1);
    expect(annual).toBeCloseTo(single / annuity, 0);
    await page.context().close();
  });
});
