// Product catalogue journeys in Chromium: a product manager creates a 定期寿险 product and fills
// its first draft (a bad amount lands under its field), a second person approves it, a counter
// clerk quotes through it and gets the engine's premium with its derivation, and the comparison of
// two versions highlights the changed field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cl2010Rows } from '../../src/server/modules/product/actuarial.fixtures';
import { lifeTable, quote } from '../../src/server/modules/product/actuarial.rules';
import { money } from '../../src/server/modules/product/catalogue.rules';
import { makeOrg, makeRole, makeUser } from '../harness';
import { choose, describeBrowser, launchBrowser, openSignedIn, startE2eServer, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;
const CODE = 'E2E-TL';

describeBrowser('the product catalogue in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const db = server.env.db;
    const hq = await makeOrg(db, { code: 'PD', name: '产品部' });
    const maker = await makeRole(db, ['product:read', 'product:write'], { mfaRequired: false });
    const checker = await makeRole(db, ['product:read', 'product:approve'], { mfaRequired: false });
    const clerk = await makeRole(db, ['rating:quote'], { mfaRequired: false });
    await makeUser(db, { orgId: hq.id, username: 'pmaker', name: '赵产品', roles: [{ roleId: maker, scope: 'org' }] });
    await makeUser(db, { orgId: hq.id, username: 'pchecker', name: '钱审批', roles: [{ roleId: checker, scope: 'org' }] });
    await makeUser(db, { orgId: hq.id, username: 'pclerk', name: '孙柜员', roles: [{ roleId: clerk, scope: 'org' }] });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedInPage = (username: string) => openSignedIn(browser, server.baseUrl, username);


  const itemOf = (page: Page, inputId: string) => page.locator('.ant-form-item').filter({ has: page.locator(`#${inputId}`) });

  it('a product manager creates a product and fills its first draft; a bad amount shows under its field', async () => {
    const page = await signedInPage('pmaker');
    await page.getByText('产品管理').click();
    await page.getByRole('menuitem', { name: '产品列表' }).click();
    await page.getByTestId('products-empty').waitFor();

    await page.getByRole('button', { name: '新建产品' }).first().click();
    await page.locator('#newProduct_code').fill(CODE);
    await page.locator('#newProduct_name').fill('安心定期寿险');
    await choose(page, 'newProduct_line', '定期寿险');
    await page.locator('#newProduct_name').press('Enter');

    // The editor of draft V1 opens with the line's starting definition.
    await page.getByText(`${CODE} 安心定期寿险 · 第 1 版`).waitFor();
    expect(await page.locator('#version_definition_rating_interest').inputValue()).toBe('0.025');
    await page.locator('#version_definition_filingNo').fill('人保备-2026-E2E');
    await page.getByLabel('保额/限额（元） 1').fill('12,000');
    await page.getByRole('button', { name: '保存草稿' }).first().click();
    await expect.poll(() => itemOf(page, 'version_definition_coverages_0_limit').locator('.ant-form-item-explain-error').innerText()).toContain('第 1 项保障 保额/限额');

    await page.getByLabel('保额/限额（元） 1').fill('');
    await page.getByLabel('最高保额（元）').fill('3000000');
    await page.getByRole('button', { name: '保存草稿' }).first().click();
    await page.getByText('草稿已保存').waitFor();
    // The maker cannot approve (no 审批 for product:write alone).
    expect(await page.getByRole('button', { name: '审批通过' }).count()).toBe(0);
    await page.context().close();
  });

  it('a second user approves the version', async () => {
    const page = await signedInPage('pchecker');
    await page.getByText('产品管理').click();
    await page.getByRole('menuitem', { name: '产品列表' }).click();
    await page.getByRole('link', { name: CODE }).click();
    await page.getByTestId('version-1').getByRole('link', { name: '查看' }).click();
    await page.getByRole('button', { name: '审批通过' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
    await page.getByText('版本已审批').waitFor();
    await expect.poll(() => page.locator('[data-status]').first().getAttribute('data-status')).toBe('APPROVED');
    await page.context().close();
  });

  it('a counter clerk quotes through the approved version and sees the explained premium', async () => {
    const page = await signedInPage('pclerk');
    await page.getByText('产品管理').click();
    await page.getByRole('menuitem', { name: '按产品版本试算' }).click();
    await choose(page, 'pquote_version', `${CODE} 安心定期寿险 · 第 1 版`);
    await choose(page, 'pquote_channel', /^银行代理/);
    await page.locator('#pquote_life_age').fill('35');
    await choose(page, 'pquote_life_term', '20 年');
    await choose(page, 'pquote_life_paymentTerm', '20 年');
    await page.locator('#pquote_life_sumAssured').fill('500000');
    await page.locator('form').getByRole('button', { name: '试算' }).click();

    await page.getByTestId('product-quote-result').waitFor();
    const expected = money(quote(lifeTable('CL2010_1M', cl2010Rows(1)), { benefit: 'TERM', age: 35, term: 20, paymentTerm: 20, interest: 0.025, sumAssured: '500000' }).netAnnualPremium);
    expect((await page.getByTestId('product-quote-premium').innerText()).replace(/,/g, '')).toBe(expected);
    const explanation = await page.getByTestId('product-quote-explanation').innerText();
    expect(explanation).toContain('CL2010_1M');
    expect(explanation).toContain('净年缴保费');
    expect(await page.getByTestId('product-quote-result').innerText()).toContain('犹豫期 15 天');

    // Outside the product's ages: the server's 422 lands under 被保险人年龄.
    await page.locator('#pquote_life_age').fill('61');
    await page.locator('form').getByRole('button', { name: '试算' }).click();
    await expect.poll(() => itemOf(page, 'pquote_life_age').locator('.ant-form-item-explain-error').innerText()).toContain('18–60');
    await page.context().close();
  });

  it('a new version changes the risk level; the comparison highlights it', async () => {
    const page = await signedInPage('pmaker');
    await page.getByText('产品管理').click();
    await page.getByRole('menuitem', { name: '产品列表' }).click();
    await page.getByRole('link', { name: CODE }).click();
    await page.getByRole('button', { name: '新建版本' }).click();
    await page.getByText(`${CODE} 安心定期寿险 · 第 2 版`).waitFor();
    await choose(page, 'version_definition_riskLevel', 'R2 中低风险');
    await page.getByRole('button', { name: '保存草稿' }).first().click();
    await page.getByText('草稿已保存').waitFor();

    await page.getByRole('link', { name: '产品详情' }).click();
    await page.getByTestId('version-2').waitFor();
    await page.getByRole('button', { name: '比较' }).click();
    const row = page.locator('[data-path="riskLevel"]');
    await row.waitFor();
    expect(await row.getAttribute('data-changed')).toBe('true');
    expect(await row.innerText()).toContain('R1 低风险');
    expect(await row.innerText()).toContain('R2 中低风险');
    expect(await page.locator('[data-path="rating.interest"]').getAttribute('data-changed')).toBe('false');
    await page.getByRole('switch', { name: '只看变更' }).click();
    await expect.poll(() => page.locator('[data-path="rating.interest"]').count()).toBe(0);
    await page.context().close();
  });
});
