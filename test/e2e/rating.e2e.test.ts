// Rating journeys in Chromium: a counter clerk quotes 交强险 (and sees a server 422 under the field
// it names), quotes 商业车险 with every factor explained (and the same premium as the API), then
// quotes a whole-life net premium on the CL2010 table.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeOrg, makeRole, makeUser } from '../harness';
import { choose, describeBrowser, launchBrowser, openSignedIn, startE2eServer, type E2eServer } from './browser';

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

  const signedInPage = (username: string) => openSignedIn(browser, server.baseUrl, username);


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

  it('a clerk quotes 商业车险 keyboard-first, sees every factor and the API premium, and 422s land under their fields', async () => {
    const page = await signedInPage('ratingclerk');
    await page.getByText('费率试算').click();
    await page.getByRole('menuitem', { name: '商业车险试算' }).click();
    await page.locator('form').getByRole('button', { name: '试算' }).waitFor();

    // Defaults: 家庭自用汽车 5 座; 车损、三者 100 万、司机 1 万/座 chosen. Add 乘客 (default seats − 1 = 4).
    expect(await page.locator('#commercial_vehicle_seats').inputValue()).toBe('5');
    await page.locator('#commercial_vehicle_ageYears').fill('3');
    await page.locator('#commercial_vehicle_actualValue').fill('150000');
    await page.locator('#commercial_region').fill('深圳');
    await page.locator('#commercial_region').press('Escape');
    await page.getByLabel('车上人员责任保险（乘客）').check();
    await page.getByLabel('近三年出险次数').fill('0');
    await page.locator('#commercial_pricingCoefficient').fill('0.85');
    await page.getByLabel('连续投保年数').fill('4');
    // Enter in a field submits the form.
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/rating/commercial') && r.method() === 'POST');
    await page.getByLabel('连续投保年数').press('Enter');
    const body = (await sent).postDataJSON() as Record<string, unknown>;
    expect(body).toMatchObject({
      vehicle: { usage: 'FAMILY', seats: 5, ageYears: 3, actualValue: expect.stringMatching(/^150000(\.00)?$/) },
      region: '深圳',
      coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }, { code: 'DRIVER', sumInsured: expect.stringMatching(/^10000/) }, { code: 'PASSENGER', sumInsured: expect.stringMatching(/^10000/) }],
      history: { claimsLast3Years: 0, consecutiveInsuredYears: 4 },
      pricingCoefficient: '0.85',
    });

    await page.getByTestId('commercial-result').waitFor();
    // The rate table in force is a sample, and the page says so with what the API reports.
    expect(await page.getByTestId('commercial-sample-rates').innerText()).toContain('示例');
    expect(await page.getByTestId('commercial-reference-version').innerText()).toContain('SAMPLE-2020');
    // Every factor with its value and its reason.
    expect(await page.getByTestId('commercial-ncd-level').innerText()).toBe('-4');
    expect(await page.getByTestId('commercial-ncd').innerText()).toBe('0.50');
    expect(await page.getByTestId('commercial-ncd-why').innerText()).toContain('连续投保 4 年');
    expect(await page.getByTestId('commercial-pricing').innerText()).toBe('0.85');
    expect(await page.getByTestId('commercial-violation').innerText()).toBe('1.05');
    expect(await page.getByTestId('commercial-violation-why').innerText()).toContain('深圳');

    // The same input straight to the API (with the page's session): the page shows exactly its figures.
    const api = (await page.evaluate(async (b) => {
      const csrf = /(?:^|; )csrf-token=([^;]*)/.exec(document.cookie)?.[1] ?? '';
      const r = await fetch('/api/v1/rating/commercial', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) }, body: JSON.stringify(b) });
      return { status: r.status, json: await r.json() };
    }, body)) as { status: number; json: { premium: string; lines: { code: string; basePremium: string; premium: string; factors: { value: string }[] }[] } };
    expect(api.status).toBe(200);
    expect(api.json.lines.map((l) => l.code)).toEqual(['CAR_DAMAGE', 'THIRD_PARTY', 'DRIVER', 'PASSENGER']);
    expect(await page.getByTestId('commercial-premium').innerText()).toBe(api.json.premium);
    const plain = (s: string) => s.replace(/,/g, '');
    let sum = 0;
    for (const line of api.json.lines) {
      expect(plain(await page.getByTestId(`commercial-base-${line.code}`).innerText())).toBe(line.basePremium);
      expect(plain(await page.getByTestId(`commercial-line-premium-${line.code}`).innerText())).toBe(line.premium);
      // base × NCD × independent pricing × violation = premium, spelled out per coverage.
      expect(await page.getByTestId(`commercial-formula-${line.code}`).innerText()).toContain(`${line.basePremium} × 0.50 × 0.85 × 1.05 = ${line.premium}`);
      // 0.50 × 0.85 × 1.05 = 0.44625 exactly; in fen, rounded half-up once at the end of the chain.
      const baseFen = Math.round(Number(line.basePremium) * 100);
      expect(Math.round(Number(line.premium) * 100)).toBe(Math.floor((baseFen * 44625 + 50000) / 100000));
      sum += Number(line.premium);
    }
    expect(Number(api.json.premium)).toBeCloseTo(sum, 2);
    expect(await page.getByTestId('commercial-premium-sum').innerText()).toBe(`${api.json.lines.map((l) => l.premium).join(' + ')} = ${api.json.premium}`);
    expect(api.json.lines[0]).toMatchObject({ basePremium: '2459.00', premium: '1097.33' });

    // A limit the rate table does not offer: the server's 422 appears under 三者险's 责任限额.
    await choose(page, 'commercial_coverages_THIRD_PARTY_limit', '责任限额 150 万');
    await page.locator('form').getByRole('button', { name: '试算' }).click();
    const limitItem = page.locator('.ant-form-item').filter({ has: page.locator('#commercial_coverages_THIRD_PARTY_limit') });
    await expect.poll(() => limitItem.locator('.ant-form-item-explain-error').innerText()).toContain('不提供 1500000 元的责任限额');

    // A pricing coefficient outside the configured range: the 422 lands under 自主定价系数.
    await choose(page, 'commercial_coverages_THIRD_PARTY_limit', '责任限额 200 万');
    await page.locator('#commercial_pricingCoefficient').fill('1.5');
    await page.locator('#commercial_pricingCoefficient').press('Enter');
    const pricingItem = page.locator('.ant-form-item').filter({ has: page.locator('#commercial_pricingCoefficient') });
    await expect.poll(() => pricingItem.locator('.ant-form-item-explain-error').innerText()).toContain('0.65–1.35');
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
