// Policy administration in Chromium, on the demo data (`npm start -- --demo`): a counter clerk sells
// 交强险 + 商业车险 for one car in the motor wizard — a VIN with a wrong check digit is refused while
// typing, a start date in the past comes back from 单据校验 under 起保日期 and is fixed — submits,
// records the premium in two receipts, issues, opens the policy and downloads its schedule (a PDF).
// A clerk registers a new customer inside the life wizard, discloses a surgery and sees the proposal
// referred with its reasons; the branch underwriter decides it in the 核保工作台. A change of
// policyholder (保全, always approved) is tried, requested and approved by the servicing approver.
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemoData } from '../../src/server/demo';
import { residentCheckChar } from '../../src/server/modules/party/identity';
import { vinCheckCharacter } from '../../src/server/modules/policy/vin.rules';
import { systemClock } from '../../src/server/platform/clock';
import { hashPassword } from '../../src/server/platform/password';
import { TEST_PASSWORD } from '../harness';
import { choose, describeBrowser, launchBrowser, openSignedIn, startE2eServer, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;

/** expect.poll with room for a server round trip and a refetch on a busy machine. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 });

const shanghaiDay = (offsetDays: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offsetDays * 86_400_000));

// A VIN with its GB 16735 check character, and the same VIN with a wrong one.
const VIN_BODY = 'LFV2A21K5N3041178';
const VIN = VIN_BODY.slice(0, 8) + vinCheckCharacter(VIN_BODY) + VIN_BODY.slice(9);
const BAD_VIN = VIN.slice(0, 8) + (VIN[8] === '3' ? '4' : '3') + VIN.slice(9);
const PLATE = '苏A5E7F9';
// 南京玄武, born 1990-04-12, sequence 035 (odd: male).
const ZHOU_BODY = '32010219900412035';
const ZHOU_ID = ZHOU_BODY + residentCheckChar(ZHOU_BODY);

describeBrowser('policy administration in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    const db = server.env.db;
    // Real time: the browser's "today" and the products' effective date agree.
    await seedDemoData(db, systemClock, server.env.config, { onlyIfEmpty: true });
    // Demo passwords are one-time; give the users a known one.
    await db
      .updateTable('app_user')
      .set({ password_hash: await hashPassword(TEST_PASSWORD), must_change_password: false })
      .where('username', 'in', ['gl_clerk', 'gl_uw', 'gl_approver'])
      .execute();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Buttons by their text: the wizard's step titles (起保与试算, 提交校验) are buttons too.
  const formItem = (page: Page, id: string) => page.locator('.ant-form-item').filter({ has: page.locator(`#${id}`) });
  const fieldError = (page: Page, id: string) => formItem(page, id).locator('.ant-form-item-explain-error');

  /**
   * Presses a dialog's primary button once its opening animation has finished (a click during it can
   * be lost), and waits until the dialog has gone.
   */
  async function confirmDialog(page: Page) {
    // Form dialogs have a footer; confirmations (Modal.confirm) their own button row.
    const modal = page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-footer, .ant-modal-confirm-btns') }).last();
    await modal.waitFor();
    await modal.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await modal.locator('.ant-modal-footer .ant-btn-primary, .ant-modal-confirm-btns .ant-btn-primary').click();
    await modal.waitFor({ state: 'hidden' });
  }

  /** Types into a customer picker and takes the first customer whose option starts with `name`. */
  async function pickParty(page: Page, id: string, name: string) {
    await page.locator(`.ant-select:has(#${id})`).click();
    await page.locator(`#${id}`).fill(name);
    const option = page.locator('.ant-select-dropdown:visible').getByTitle(new RegExp(`^${name} `)).first();
    await option.click();
    await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  }

  it('a clerk sells 交强险 + 商业车险 for one car, fixes what validation finds, collects in two receipts, issues and prints', async () => {
    const page = await openSignedIn(browser, server.baseUrl, 'gl_clerk');
    // 我的待办 on the home page.
    await page.getByTestId('home-todo').waitFor();

    await page.getByRole('menu').getByText('承保管理').click();
    await page.getByRole('menuitem', { name: '车险投保' }).click();
    await page.waitForURL('**/proposals/new/motor');

    // Step 1: vehicle and customer. A wrong check digit is refused as soon as the 17th character is typed.
    await page.getByLabel('号牌号码').fill('苏a 5e7f9');
    await page.getByLabel('车架号（VIN）').fill(BAD_VIN.toLowerCase());
    await poll(() => fieldError(page, 'motor_motor_vehicle_vin').innerText()).toContain('第 9 位校验位');
    await page.getByLabel('车架号（VIN）').fill(VIN);
    await page.getByTestId('vin-ok').waitFor();
    await poll(() => fieldError(page, 'motor_motor_vehicle_vin').count()).toBe(0);
    await page.getByLabel('厂牌型号').fill('吉利帝豪 1.5L');
    await page.getByLabel('初次登记日期').fill('20220618');
    await page.getByLabel('车辆实际价值').fill('86000');
    await page.getByLabel('投保地区').fill('江苏');
    await page.keyboard.press('Escape');
    await pickParty(page, 'motor_policyholderId', '赵强');
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 2: both products with the default coverages (车损, 三者 100 万, 司机).
    await page.getByText('投保交强险').waitFor();
    expect(await page.getByTestId('coverage-THIRD_PARTY').isChecked()).toBe(true);
    await page.getByRole('button', { name: '下一步' }).click();

    // Step 3: a start date in the past — the server's 单据校验 says so under 起保日期.
    await page.getByLabel('起保日期').fill(shanghaiDay(-1));
    await choose(page, 'motor_channel', '直销');
    await page.locator('button', { hasText: '试算' }).click();
    await poll(() => fieldError(page, 'motor_startDate').innerText()).toContain('不能早于今天');
    // Both proposals are registered (编号登记) with 鼓楼's numbers.
    await poll(() => page.getByTestId('draft-CTPL').innerText()).toMatch(/GL\d{8}/);
    await page.getByTestId('draft-COMMERCIAL_MOTOR').waitFor();

    await page.getByLabel('起保日期').fill(shanghaiDay(1));
    await page.locator('button', { hasText: '试算' }).click();
    await page.getByTestId('quote-CTPL-premium').waitFor();
    await poll(() => fieldError(page, 'motor_startDate').count()).toBe(0);
    const ctplPremium = (await page.getByTestId('quote-CTPL-premium').innerText()).replace(/[^\d.]/g, '');
    expect(Number(ctplPremium)).toBeGreaterThan(0);
    expect(await page.getByTestId('quote-CTPL-explanation').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('quote-COMMERCIAL_MOTOR-explanation').locator('li').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('motor-total').innerText()).toMatch(/^[\d,]+\.\d{2} 元$/);

    // Step 4: submit → validated and accepted → the collection screen for this car.
    await page.getByRole('button', { name: '下一步' }).click();
    await page.locator('button', { hasText: '提交校验' }).click();
    await page.waitForURL(/\/collection\?q=/);
    await poll(() => page.getByTestId('collection-table').locator('tbody tr.ant-table-row').count()).toBe(2);

    // The first proposal opens; pay it in two receipts (cash, then a bank transfer).
    const panel = page.getByTestId('collection-panel');
    await panel.waitFor();
    await panel.getByRole('button', { name: '登记收费' }).click();
    const due = (await page.getByTestId('payment-outstanding').innerText()).replace(/[^\d.]/g, '');
    await page.getByLabel('收费金额').fill('100.00');
    await choose(page, 'payment_method', '现金');
    await confirmDialog(page);
    await poll(() => panel.getByTestId('collection-received').innerText()).toBe('100.00 元');
    const rest = (Math.round(Number(due) * 100) - 10_000) / 100;
    await panel.getByRole('button', { name: '登记收费' }).click();
    expect((await page.getByLabel('收费金额').inputValue()).replace(/,/g, '')).toBe(rest.toFixed(2));
    await page.getByLabel('交易流水号').fill(`E2E-${Date.now()}`);
    await confirmDialog(page);
    await poll(() => panel.getByTestId('collection-outstanding').innerText()).toBe('0.00 元');
    expect(await panel.getByTestId('collection').locator('tbody tr.ant-table-row').count()).toBe(2);

    // 出单 with today's receipt date → the policy.
    await panel.getByTestId('issue-button').click();
    expect(await page.getByLabel('回执签收日').inputValue()).toBe(shanghaiDay(0));
    await confirmDialog(page);
    await page.waitForURL(/\/policies\/[0-9a-f-]{36}$/);
    const policyNo = await page.getByTestId('policy-no').innerText();
    expect(policyNo).toMatch(/^P-JS_NJ_GL-DEMO_(CTPL|AUTO)-\d{12}[0-9A-Z]{2}$/);
    expect(await page.getByTestId('policy-period').innerText()).toBe(`自 ${shanghaiDay(1)} 零时起至 ${dayBeforeAnniversary(shanghaiDay(1))} 二十四时止`);
    expect(await page.getByTestId('policy-detail').innerText()).toContain('赵强');

    // The schedule downloads as a PDF.
    const link = page.getByTestId('schedule-pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 4).toString('latin1')).toBe('%PDF');
    const response = await page.request.get(`${server.baseUrl}${await link.getAttribute('href')}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');

    // The customer's 360 page lists the new policy.
    await page.getByTestId('policy-detail').getByRole('link', { name: '赵强' }).first().click();
    await poll(() => page.getByTestId('party-card-policies').innerText()).toContain(policyNo);
    await page.context().close();
  });

  it('a clerk registers a new customer in the life wizard; a disclosed surgery refers the proposal, with the reasons', async () => {
    const page = await openSignedIn(browser, server.baseUrl, 'gl_clerk');
    await page.getByRole('menu').getByText('承保管理').click();
    await page.getByRole('menuitem', { name: '人身险投保' }).click();
    await page.waitForURL('**/proposals/new/life');
    // The only life product on sale is preselected.
    expect(await formItem(page, 'life_productVersionId').innerText()).toContain('安心定期寿险');

    // 新建客户 without leaving the proposal.
    await formItem(page, 'life_policyholderId').getByRole('button', { name: '新建客户' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('周明');
    await dialog.getByLabel('证件号码').fill(ZHOU_ID);
    await dialog.getByLabel('手机号').fill('13851234567');
    await confirmDialog(page);
    await poll(() => formItem(page, 'life_policyholderId').innerText()).toContain('周明');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.getByLabel('保险金额').fill('200000');
    await choose(page, 'life_coverageTerm', '20 年');
    await choose(page, 'life_paymentTerm', '20 年');
    await page.getByRole('button', { name: '下一步' }).click();

    // No beneficiary named: 法定受益人. A "yes" needs its details.
    await page.getByTestId('legal-heirs').waitFor();
    await formItem(page, 'life_life_health_SURGERY_5Y_answer').getByText('是', { exact: true }).click();
    await page.getByRole('button', { name: '下一步' }).click();
    await poll(() => page.getByTestId('health').locator('.ant-form-item-explain-error').innerText()).toContain('请说明情况');
    await page.getByLabel('第 3 项说明').fill('2023 年 8 月阑尾切除术，已痊愈');
    await page.getByRole('button', { name: '下一步' }).click();

    await page.locator('button', { hasText: '试算' }).click();
    await page.getByTestId('quote-life-premium').waitFor();
    expect(await page.getByTestId('quote-life-explanation').locator('li').count()).toBeGreaterThan(0);
    await page.locator('button', { hasText: '提交校验' }).click();
    await poll(() => page.getByTestId('referred').innerText()).toContain('已转人工核保');
    expect(await page.getByTestId('referred').innerText()).toContain('健康告知');
    await page.context().close();
  });

  it('the underwriter decides it in the worklist: a reason is required except for 正常承保', async () => {
    const page = await openSignedIn(browser, server.baseUrl, 'gl_uw');
    // The demo's referred case and the one just submitted.
    await poll(() => page.getByTestId('todo-referred').innerText()).toContain('2');
    await page.getByTestId('todo-referred').click();
    await page.waitForURL('**/underwriting');
    const row = page.getByTestId('uw-queue').locator('tbody tr.ant-table-row').filter({ hasText: '周明' });
    await row.getByRole('button', { name: '核保' }).click();
    await page.waitForURL(/\/underwriting\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('uw-reasons').innerText()).toContain('健康告知');

    // 条件承保 without a reason is refused in place.
    await page.getByTestId('uw-decision').getByText('条件承保', { exact: true }).click();
    await page.getByLabel('加费').fill('150');
    await page.getByLabel('承保条件').fill('阑尾相关疾病责任除外');
    await page.getByRole('button', { name: '提交核保结论' }).click();
    await poll(() => fieldError(page, 'uw_reason').innerText()).toContain('必须填写核保意见');
    await page.getByLabel('核保意见').fill('既往阑尾切除术，已痊愈；加费承保并除外相关责任');
    await page.getByRole('button', { name: '提交核保结论' }).click();
    await page.waitForURL('**/underwriting');
    await poll(() => page.getByTestId('uw-queue').locator('tbody tr.ant-table-row').count()).toBe(1);

    const decided = await server.env.db.selectFrom('proposal').select(['state', 'extra_premium', 'uw_conditions']).where('uw_decision', '=', 'CONDITIONAL').executeTakeFirstOrThrow();
    expect(decided).toMatchObject({ state: 'UW_CONDITIONAL', uw_conditions: '阑尾相关疾病责任除外' });
    expect(String(decided.extra_premium)).toMatch(/^150(\.00)?$/);
    await page.context().close();
  });

  it('a change of policyholder: 试算 says an approver decides, the request waits, the approver applies it', async () => {
    const life = await server.env.db.selectFrom('policy').select(['id', 'policy_no']).where('line', '=', 'TERM_LIFE').executeTakeFirstOrThrow();
    const page = await openSignedIn(browser, server.baseUrl, 'gl_clerk');
    await page.goto(`${server.baseUrl}/policies/${life.id}`);
    await page.getByRole('button', { name: '保全申请' }).click();
    await page.waitForURL(/\/endorse$/);
    await page.getByText('投保人变更（AE）').click();
    await pickParty(page, 'endorse_policyholder_partyId', '张伟');
    await choose(page, 'endorse_policyholder_relation', '其他（经被保险人同意）');
    await page.getByLabel('申请原因').fill('投保人变更为被保险人的姐夫，经被保险人书面同意');
    await page.locator('button', { hasText: '试算' }).click();
    await poll(() => page.getByTestId('endorsement-trial').innerText()).toContain('需审批后生效');
    await page.locator('button', { hasText: '确认申请' }).click();
    await confirmDialog(page);
    await page.waitForURL(/\/policies\/[0-9a-f-]{36}$/);
    await poll(() => page.getByTestId('policy-detail').innerText()).toContain('待审批');
    await page.context().close();

    const approver = await openSignedIn(browser, server.baseUrl, 'gl_approver');
    await poll(() => approver.getByTestId('todo-approvals').innerText()).toContain('1');
    await approver.getByTestId('todo-approvals').click();
    await approver.waitForURL('**/endorsements/approval');
    const row = approver.getByTestId('endorsement-table').locator('tbody tr.ant-table-row').filter({ hasText: life.policy_no });
    await row.getByRole('button', { name: '审批通过' }).click();
    await approver.getByLabel('审批意见').fill('资料齐全，同意变更');
    await confirmDialog(approver);
    await poll(() => approver.getByTestId('endorsement-table').innerText()).toContain('没有待审批的保全');
    await approver.goto(`${server.baseUrl}/policies/${life.id}`);
    await poll(() => approver.getByTestId('policy-detail').innerText()).toContain('已生效');
    expect(await approver.getByTestId('policy-detail').innerText()).toMatch(/投保人\s*张伟/);
    await approver.context().close();
  });
});

/** The last day of one year's cover: the day before the anniversary (29 February's is 1 March). */
function dayBeforeAnniversary(start: string): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + 1, m - 1, d) - 86_400_000).toISOString().slice(0, 10);
}
