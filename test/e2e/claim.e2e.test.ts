// Claims in Chromium on the claim fixtures (a branch with handlers, surveyors, an approver with a
// 10,000 authority, a head-office approver, a payer; issued 交强险/商业车险 policies): a handler
// takes a motor claim from 报案 to 结案 — finds the policy, reports, registers with a reserve,
// dispatches a damage task and uploads a photo (the surveyor's findings and the handler's 核损 go through the API),
// computes and saves the calculation sheet, submits it; the branch approver approves it, the payer
// pays it (a double click on 提交支付 still pays once), the handler closes it and the timeline shows
// every stage. An approval above the approver's authority names the org to escalate to and 上报 moves it up.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimWorld, type ClaimWorld } from '../claim-fixtures';
import { choose, describeBrowser, launchBrowser, openSignedIn, startE2eServer, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;
let world: ClaimWorld;

/** A 1×1 PNG (the server checks the bytes' signature against the declared type). */
const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** expect.poll with room for a server round trip and a refetch on a busy machine. */
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 });

describeBrowser('claims in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    // The browser runs in real time: the fixtures' policies start a month before today.
    server.env.clock.set(new Date());
    world = await claimWorld(server.env);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The API as the page's signed-in user (its session cookie and CSRF token). */
  async function callApi<T>(page: Page, method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown): Promise<T> {
    const csrf = (await page.context().cookies()).find((c) => c.name === 'csrf-token')?.value;
    const res = await page.request.fetch(`${server.baseUrl}/api/v1${path}`, { method, data, headers: csrf ? { 'x-csrf-token': csrf } : {} });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Presses a dialog's primary button once its opening animation is over, and waits until it has gone. */
  async function confirmDialog(page: Page, click: 'click' | 'dblclick' = 'click') {
    const modal = page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-footer, .ant-modal-confirm-btns') }).last();
    await modal.waitFor();
    await modal.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
    await modal.locator('.ant-modal-footer .ant-btn-primary, .ant-modal-confirm-btns .ant-btn-primary')[click]();
    await modal.waitFor({ state: 'hidden' });
  }

  const state = (page: Page) => page.getByTestId('claim-state').innerText();
  /** 刷新 on the claim page: what others did since it was loaded (what follows waits for it). */
  const refresh = (page: Page) => page.getByRole('button', { name: '刷新' }).click();
  const tab = (page: Page, name: string) => page.getByRole('tab', { name }).click();
  const rows = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody tr.ant-table-row');

  /** Opens a claim from the worklist (全部赔案, searched by number), as someone who does not handle it. */
  async function openFromWorklist(page: Page, claimNo: string) {
    await page.getByRole('menu').getByText('理赔管理').click();
    await page.getByRole('menuitem', { name: '理赔工作台' }).click();
    await page.waitForURL('**/claims');
    await page.getByTestId('claim-scope').getByText('全部赔案').click();
    await page.getByPlaceholder('赔案号 / 保单号 / 车牌号 / 被保险人').fill(claimNo);
    await page.keyboard.press('Enter');
    await poll(() => rows(page, 'claim-table').count()).toBe(1);
    await rows(page, 'claim-table').getByRole('link', { name: claimNo }).click();
    await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    await page.getByTestId('claim-no').waitFor();
  }

  it('a claim handler takes a motor claim from 报案 to 结案', async () => {
    const { policyNo } = world.policies.commercial;
    const page = await openSignedIn(browser, server.baseUrl, world.claimUsers.handler.username);

    // 报案登记: the policy by its number, in force on the loss date (now), with what can respond.
    await page.getByRole('menu').getByText('理赔管理').click();
    await page.getByRole('menuitem', { name: '报案登记' }).click();
    await page.waitForURL('**/claims/new');
    await page.getByPlaceholder('保单号 / 车牌号 / 证件号 / 姓名').fill(policyNo);
    await page.keyboard.press('Enter');
    const hit = page.getByTestId(`reportable-${policyNo}`);
    await poll(() => hit.innerText()).toContain('出险时有效');
    expect(await hit.innerText()).toContain('机动车损失保险');
    await hit.getByRole('button', { name: '选择此保单报案' }).click();

    await page.getByLabel('出险地点').fill('上海市浦东新区世纪大道与张杨路口');
    await page.getByLabel('出险经过').fill('直行时与右转车辆刮擦，本车右前门及翼子板受损，已报警。');
    await page.getByLabel('报案人姓名').fill('张建华');
    await page.getByLabel('报案人电话').fill('13812345678');
    await page.getByRole('radio', { name: '有责' }).check();
    await page.getByLabel('责任比例').fill('100');
    await page.getByRole('button', { name: '添加当事人' }).click();
    await page.getByTestId('party-row-0').getByLabel('姓名').fill('李四');
    await page.getByTestId('party-row-0').getByLabel('车牌号').fill('沪B12345');
    await page.getByRole('button', { name: '提交报案' }).click();

    await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    const claimId = page.url().split('/').pop()!;
    const claimNo = await page.getByTestId('claim-no').innerText();
    expect(claimNo).toMatch(/^BA\d{8}/);
    expect(await state(page)).toBe('已报案');
    expect(await page.getByTestId('claim-summary').innerText()).toContain(policyNo);
    expect(await page.getByTestId('claim-report-info').innerText()).toContain('138****5678');

    // 立案 with a reserve on 车损.
    await page.getByTestId('claim-actions').getByRole('button', { name: '立案' }).click();
    await page.getByTestId('reserve-CAR_DAMAGE|VEHICLE').fill('5000');
    await confirmDialog(page);
    await poll(() => state(page)).toBe('已立案');
    expect(await page.getByTestId('claim-reserve').innerText()).toBe('5,000.00 元');
    await tab(page, '立案与估损');
    expect(await rows(page, 'reserve-history').first().innerText()).toContain('立案估损');

    // 调度 a damage task; the surveyor records and submits the items through the API, the handler approves them.
    await tab(page, '查勘定损');
    await page.getByRole('button', { name: '调度' }).click();
    await confirmDialog(page);
    await poll(() => rows(page, 'claim-tasks').innerText()).toContain('处理中');
    expect(await rows(page, 'claim-tasks').innerText()).toContain('定损');
    // A photo of the scene: a thumbnail, and a row with its download link.
    await page.locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1PX, 'base64') });
    await poll(() => page.getByTestId('claim-documents').innerText()).toContain('现场照片.png');
    await page.getByTestId('task-documents').locator('img').waitFor();
    expect(await page.getByTestId('claim-documents').getByRole('link', { name: '现场照片.png' }).getAttribute('href')).toMatch(/^\/api\/v1\/claims\/[0-9a-f-]{36}\/documents\/[0-9a-f-]{36}$/);
    const task = (await callApi<{ tasks: { id: string; version: number; assignee: { username: string } }[] }>(page, 'GET', `/claims/${claimId}`)).tasks[0]!;
    const surveyor = await openSignedIn(browser, server.baseUrl, task.assignee.username);
    await callApi(surveyor, 'PUT', `/claim-tasks/${task.id}`, {
      findings: '右前门凹陷、翼子板刮伤，需钣金喷漆并更换门饰板。',
      items: [
        { kind: 'PART', name: '右前门饰板', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', unitPrice: '1200.00', quantity: '1' },
        { kind: 'LABOUR', name: '钣金喷漆', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', unitPrice: '400.00', quantity: '2' },
      ],
      version: task.version,
    });
    await callApi(surveyor, 'POST', `/claim-tasks/${task.id}/submit`);
    await surveyor.context().close();
    await callApi(page, 'POST', `/claim-tasks/${task.id}/review`, { decision: 'APPROVE', note: '核损无误' });
    await refresh(page);
    await tab(page, '查勘定损');
    await poll(() => rows(page, 'claim-tasks').innerText()).toContain('审核通过');
    expect(await rows(page, 'claim-tasks').innerText()).toContain('2,000.00 元');

    // 理算: the assessed loss defaults to the approved items; every step is shown, then the sheet is saved.
    await tab(page, '理算');
    await page.getByRole('button', { name: '试算' }).click();
    await page.getByTestId('calc-preview').waitFor();
    expect(await page.getByTestId('calc-preview').locator('tbody tr').count()).toBeGreaterThan(1);
    const payable = await page.getByTestId('calc-preview-payable').innerText();
    expect(payable).toMatch(/^[\d,]+\.\d{2} 元$/);
    await page.getByRole('button', { name: '保存理算' }).click();
    await poll(() => page.getByTestId('calc-total').innerText()).toBe(payable);
    expect(await rows(page, 'calc-sheets').count()).toBe(1);

    // 提交核赔.
    await page.getByTestId('claim-actions').getByRole('button', { name: '提交核赔' }).click();
    await confirmDialog(page);
    await poll(() => state(page)).toBe('待核赔');
    // The handler never approves their own claim.
    expect(await page.getByTestId('claim-actions').getByRole('button', { name: '核赔通过' }).count()).toBe(0);

    // The branch approver (authority 10,000) approves it from the worklist.
    const approver = await openSignedIn(browser, server.baseUrl, world.claimUsers.approver.username);
    await openFromWorklist(approver, claimNo);
    await approver.getByTestId('claim-actions').getByRole('button', { name: '核赔通过' }).click();
    await confirmDialog(approver);
    await poll(() => state(approver)).toBe('核赔通过');
    expect(await approver.getByTestId('claim-approved').innerText()).toBe(payable);
    await tab(approver, '核赔');
    await poll(() => rows(approver, 'approval-history').count()).toBe(2);
    await approver.context().close();

    // The payer pays the approved amount; a double click on 提交支付 still makes one payment (one Idempotency-Key).
    const payer = await openSignedIn(browser, server.baseUrl, world.claimUsers.payer.username);
    await openFromWorklist(payer, claimNo);
    await tab(payer, '支付');
    await payer.getByRole('button', { name: '登记支付' }).click();
    expect(await payer.getByTestId('payment-left').innerText()).toBe(payable);
    expect((await payer.getByLabel('支付金额').inputValue()).replace(/,/g, '')).toBe(payable.replace(/[^\d.]/g, ''));
    await payer.getByLabel('开户银行').fill('中国工商银行上海张江支行');
    await payer.getByLabel('银行账号').fill('6222 0212 3456 7890 128');
    await confirmDialog(payer, 'dblclick');
    await poll(() => rows(payer, 'claim-payments').innerText()).toContain('待支付');
    expect(await rows(payer, 'claim-payments').count()).toBe(1);
    // The account shows masked.
    expect(await rows(payer, 'claim-payments').innerText()).toContain('622202*********0128');
    await rows(payer, 'claim-payments').getByRole('button', { name: '确认支付' }).click();
    await payer.getByLabel('支付流水号').fill(`E2E-${Date.now()}`);
    await confirmDialog(payer);
    await poll(() => rows(payer, 'claim-payments').innerText()).toContain('已支付');
    await poll(() => payer.getByTestId('claim-paid').innerText()).toBe(payable);
    expect((await callApi<{ payments: unknown[] }>(payer, 'GET', `/claims/${claimId}`)).payments).toHaveLength(1);
    await payer.context().close();

    // 结案 by the handler; the timeline has every stage.
    await refresh(page);
    await page.getByTestId('claim-actions').getByRole('button', { name: '结案' }).click();
    await confirmDialog(page);
    await poll(() => state(page)).toBe('已结案');
    expect(await page.getByTestId('claim-reserve').innerText()).toBe('0.00 元');
    await tab(page, '时间线');
    const timeline = await page.getByTestId('timeline').innerText();
    for (const stage of ['报案', '立案', '调度任务', '上传资料', '提交查勘定损结果', '审核查勘定损', '理算', '提交核赔', '核赔通过', '登记赔款支付', '赔款已支付', '结案']) expect(timeline).toContain(stage);
    await page.context().close();
  });

  it('an approval above the approver’s authority names the org to escalate to, and 上报 moves the claim up', async () => {
    const handler = await openSignedIn(browser, server.baseUrl, world.claimUsers.handler.username);
    // A 车损 claim of 50,000 prepared through the API up to 待核赔.
    const claim = await callApi<{ id: string; claimNo: string }>(handler, 'POST', '/claims', {
      policyId: world.policies.commercial.policyId,
      lossAt: new Date(Date.now() - 3_600_000).toISOString(),
      lossPlace: '上海市徐汇区漕溪北路',
      lossCause: 'COLLISION',
      description: '追尾前车，车头严重受损。',
      channel: 'PHONE',
      reporterName: '张建华',
      reporterPhone: '13812345678',
      atFault: true,
      liabilityShare: '100',
    });
    await callApi(handler, 'POST', `/claims/${claim.id}/register`, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '50000.00' }] });
    await callApi(handler, 'POST', `/claims/${claim.id}/calculations`, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '50000.00' });
    await callApi(handler, 'POST', `/claims/${claim.id}/submit-approval`);
    await handler.context().close();

    const approver = await openSignedIn(browser, server.baseUrl, world.claimUsers.approver.username);
    await openFromWorklist(approver, claim.claimNo);
    await approver.getByTestId('claim-actions').getByRole('button', { name: '核赔通过' }).click();
    await confirmDialog(approver);
    const alert = approver.getByTestId('authority-exceeded');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(`可上报至 ${(await server.env.db.selectFrom('org').select('name').where('id', '=', world.hq.id).executeTakeFirstOrThrow()).name} 核赔`);
    expect(await state(approver)).toBe('待核赔');

    await alert.getByRole('button', { name: '上报上级核赔' }).click();
    await approver.getByLabel('上报说明（可选）').fill('超出支公司核赔权限');
    await confirmDialog(approver);
    await tab(approver, '核赔');
    await poll(() => approver.getByTestId('approval-history').innerText()).toContain('上报上级');
    expect(await rows(approver, 'approval-history').count()).toBe(2);
    expect(await state(approver)).toBe('待核赔');
    expect(await approver.getByTestId('authority-exceeded').count()).toBe(0);
    await approver.context().close();
  });

  it('a duplicate report is linked and withdrawn; the report and a reserve are changed; the approver declines with a reason code and letter; the handler reopens', async () => {
    const { policyId } = world.policies.ctpl;
    const handler = await openSignedIn(browser, server.baseUrl, world.claimUsers.handler.username);
    const report = (reporterName: string) =>
      callApi<{ id: string; claimNo: string; duplicateState: string }>(handler, 'POST', '/claims', {
        policyId,
        lossAt: new Date(Date.now() - 7_200_000).toISOString(),
        lossPlace: '南京市玄武区中山路与珠江路口',
        lossCause: 'COLLISION',
        description: '倒车时撞到路边护栏，护栏损坏。',
        channel: 'PHONE',
        reporterName,
        reporterPhone: '13812345678',
        atFault: true,
        liabilityShare: '100',
      });
    const first = await report('张建华');
    const second = await report('张建华');
    expect(second.duplicateState).toBe('SUSPECTED');

    // The second report names the first; 关联为重复 withdraws it.
    await handler.goto(`${server.baseUrl}/claims/${second.id}`);
    const banner = handler.getByTestId('duplicate-banner');
    await poll(() => banner.innerText()).toContain(first.claimNo);
    await banner.getByRole('button', { name: '关联为重复' }).click();
    await confirmDialog(handler);
    await poll(() => state(handler)).toBe('已注销');
    expect(await handler.getByTestId('duplicate-linked').innerText()).toContain(first.claimNo);

    // The first: the place is corrected; registered with a reserve on 财产损失, then raised with a reason.
    await handler.goto(`${server.baseUrl}/claims/${first.id}`);
    await handler.getByRole('button', { name: '修改报案信息' }).click();
    await handler.getByLabel('出险地点').fill('南京市玄武区中山路 88 号');
    await confirmDialog(handler);
    await poll(() => handler.getByTestId('claim-report-info').innerText()).toContain('中山路 88 号');
    await handler.getByTestId('claim-actions').getByRole('button', { name: '立案' }).click();
    await handler.getByTestId('reserve-PROPERTY|PROPERTY').fill('1500');
    await confirmDialog(handler);
    await poll(() => state(handler)).toBe('已立案');
    await tab(handler, '立案与估损');
    await rows(handler, 'reserve-table').getByRole('button', { name: '调整' }).click();
    await handler.getByLabel('调整后估损金额').fill('1800');
    await handler.getByLabel('调整原因').fill('护栏更换报价高于预估');
    await confirmDialog(handler);
    await poll(() => handler.getByTestId('reserve-total').innerText()).toBe('1,800.00 元');
    expect(await handler.getByTestId('reserve-history').innerText()).toContain('+300.00 元');
    expect(await handler.getByTestId('reserve-history').innerText()).toContain('护栏更换报价高于预估');
    await callApi(handler, 'POST', `/claims/${first.id}/calculations`, { coverageCode: 'PROPERTY', lossType: 'PROPERTY', assessedLoss: '1800.00' });
    await callApi(handler, 'POST', `/claims/${first.id}/submit-approval`);

    // The approver declines with a reason code from the settings; the letter is a PDF.
    const approver = await openSignedIn(browser, server.baseUrl, world.claimUsers.approver.username);
    await approver.goto(`${server.baseUrl}/claims/${first.id}`);
    await approver.getByTestId('claim-actions').getByRole('button', { name: '拒赔' }).click();
    await choose(approver, 'decline_declineCode', '属于责任免除情形');
    await approver.getByLabel('拒赔说明').fill('驾驶人无有效驾驶证，属责任免除。');
    await confirmDialog(approver);
    await poll(() => state(approver)).toBe('已拒赔');
    await tab(approver, '核赔');
    const declined = approver.getByTestId('decline-info');
    expect(await declined.innerText()).toContain('属于责任免除情形');
    const letter = await approver.request.get(`${server.baseUrl}${await declined.getByRole('link', { name: '拒赔通知书' }).getAttribute('href')}`);
    expect(letter.headers()['content-type']).toContain('application/pdf');
    await approver.context().close();

    // 重开 with a reason and a new reserve.
    await refresh(handler);
    await handler.getByTestId('claim-actions').getByRole('button', { name: '重开' }).click();
    await handler.getByTestId('reserve-PROPERTY|PROPERTY').fill('1000');
    await handler.getByLabel('重开原因').fill('客户补交驾驶证，驾驶证有效');
    await confirmDialog(handler);
    await poll(() => state(handler)).toBe('已立案');
    expect(await handler.getByTestId('claim-reserve').innerText()).toBe('1,000.00 元');
    await handler.context().close();
  });
});
