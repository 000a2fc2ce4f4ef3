// Claim operations in Chromium. A surveyor opens the 定损 task dispatched to them, writes findings,
// enters two items (the amounts priced to the fen as typed), has a text file and a too-large photo
// refused, uploads a photo and submits it for review. A branch approver (authority 10,000) tries to approve a 50,000 claim, is told to escalate
// to head office by name and does; the head-office approver approves it from their inbox. A payer
// confirms a pending payment from 赔款支付 with the bank's reference.
// The claims are set up through the API as a handler would (报案, 调度, 立案, 理算, 提交核赔).
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { systemClock } from '../../src/server/platform/clock';
import { claimWorld, type ClaimWorld } from '../claim-fixtures';
import { signedIn, type Client } from '../harness';
import { choose, describeBrowser, launchBrowser, openSignedIn, startE2eServer, type E2eServer } from './browser';

let server: E2eServer;
let browser: Browser;
let world: ClaimWorld;
/** The API in this process (same database, real time), for setting up and checking claims. */
let api: FastifyInstance;
let handler: Client;

const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 10_000 });

/** A small real PNG (8×8, one colour), made here: signature, IHDR, IDAT, IEND with their CRCs. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const size = 8;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0xc0)]);
  const pixels = zlib.deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

async function ok<T>(res: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}

/** 报案 → 立案 → 理算 (the assessed loss as given) → 提交核赔, as the handler. */
async function pendingApproval(place: string, assessedLoss: string): Promise<{ id: string; claimNo: string }> {
  const claim = await reportClaim(place);
  await ok(handler.post(`/api/v1/claims/${claim.id}/register`, { reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '60000.00' }] }));
  await ok(handler.post(`/api/v1/claims/${claim.id}/calculations`, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss }), 201);
  await ok(handler.post(`/api/v1/claims/${claim.id}/submit-approval`));
  return claim;
}

/** 报案 on the 商业车险 policy by the handler (who therefore handles it). */
async function reportClaim(place: string): Promise<{ id: string; claimNo: string }> {
  return ok(
    handler.post('/api/v1/claims', {
      policyId: world.policies.commercial.policyId,
      lossAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      lossPlace: place,
      lossCause: 'COLLISION',
      description: '倒车时与路边护栏发生碰撞，车辆后部受损',
      channel: 'PHONE',
      reporterName: '欧阳明月',
      reporterPhone: '13700001234',
      atFault: true,
      liabilityShare: '100',
    }),
    201,
  );
}

/**
 * Presses the top dialog's primary button once its opening animation has finished (a click during
 * it can be lost), and waits until that dialog has gone (another may open in its place).
 */
async function confirmDialog(page: Page) {
  const top = page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-footer, .ant-modal-confirm-btns') }).last();
  await top.waitFor();
  const modal = page.locator(`.ant-modal[aria-labelledby="${await top.getAttribute('aria-labelledby')}"]`);
  await modal.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  await modal.locator('.ant-modal-footer .ant-btn-primary, .ant-modal-confirm-btns .ant-btn-primary').click();
  await modal.waitFor({ state: 'hidden' });
}

describeBrowser('claim operations in the browser', () => {
  beforeAll(async () => {
    server = await startE2eServer();
    // The browser and the server run in real time: the policies start a month before today.
    server.env.clock.set(new Date());
    world = await claimWorld(server.env);
    api = await buildApp({ config: server.env.config, db: server.env.db, clock: systemClock });
    await api.ready();
    handler = await signedIn(api, world.claimUsers.handler.username);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await server?.close();
  });

  it('a surveyor enters findings and two items on their 定损 task, uploads a photo (other types and large files refused) and submits it for review', async () => {
    const claim = await reportClaim('南京市鼓楼区中山北路 88 号');
    const task = await ok<{ id: string }>(handler.post(`/api/v1/claims/${claim.id}/tasks`, { kind: 'DAMAGE', assigneeId: world.claimUsers.surveyor.id }), 201);

    const page = await openSignedIn(browser, server.baseUrl, world.claimUsers.surveyor.username);
    await page.getByRole('menu').getByText('理赔管理').click();
    await page.getByRole('menuitem', { name: '查勘定损任务' }).click();
    await page.waitForURL('**/claim-tasks');
    await page.getByTestId('task-table').getByRole('link', { name: claim.claimNo }).click();
    await page.waitForURL(`**/claim-tasks/${task.id}`);

    // The claim as reported, then the findings and two items.
    await poll(() => page.getByTestId('claim-task').innerText()).toContain('南京市鼓楼区中山北路 88 号');
    await page.getByLabel('查勘定损意见').fill('现场查勘属实：倒车碰撞护栏，后保险杠破裂，后尾灯损坏。');
    await page.getByRole('button', { name: '添加损失项目' }).click();
    await choose(page, 'task_items_0_kind', '配件');
    await page.locator('#task_items_0_name').fill('后保险杠');
    await choose(page, 'task_items_0_coverageCode', '机动车损失保险');
    await page.locator('#task_items_0_unitPrice').fill('1234.50');
    await page.locator('#task_items_0_quantity').fill('2');
    await poll(() => page.getByTestId('item-amount-0').innerText()).toBe('2,469.00 元');

    await page.getByRole('button', { name: '添加损失项目' }).click();
    await choose(page, 'task_items_1_kind', '工时');
    await page.locator('#task_items_1_name').fill('钣金喷漆');
    await choose(page, 'task_items_1_coverageCode', '机动车损失保险');
    await page.locator('#task_items_1_unitPrice').fill('380.25');
    await page.locator('#task_items_1_quantity').fill('1.5');
    // 570.375 rounds half up to the fen.
    await poll(() => page.getByTestId('item-amount-1').innerText()).toBe('570.38 元');
    await poll(() => page.getByTestId('items-total').innerText()).toBe('3,039.38 元');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();

    // A file of another type and one above 10 MB are refused, in the server's words; nothing is stored.
    const upload = page.locator('input[type=file]');
    await upload.setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('现场说明') });
    await page.getByRole('alert').filter({ hasText: '说明.txt：文件：只能上传JPEG 图片、PNG 图片、PDF 文件' }).waitFor();
    const big = Buffer.concat([png(), Buffer.alloc(10 * 1024 * 1024)]);
    await upload.setInputFiles({ name: '超大照片.png', mimeType: 'image/png', buffer: big });
    await page.getByRole('alert').filter({ hasText: '超大照片.png：文件：大小超过上限 10 MB' }).waitFor();

    // A photo: progress, then its thumbnail.
    await upload.setInputFiles({ name: '后部损失.png', mimeType: 'image/png', buffer: png() });
    await page.getByText('已上传：后部损失.png').waitFor();
    await page.getByTestId('task-document').getByRole('img', { name: '后部损失.png' }).waitFor();

    // 提交审核 (confirmed) → 待审核, read-only.
    await page.getByRole('button', { name: '提交审核' }).click();
    await confirmDialog(page);
    await page.getByText('已提交审核').waitFor();
    await poll(() => page.getByTestId('claim-task').locator('[data-state]').allInnerTexts()).toContain('待审核');
    await poll(() => page.getByRole('button', { name: '添加损失项目' }).count()).toBe(0);

    const saved = await ok<{ state: string; assessedAmount: string; findings: string; items: { name: string; amount: string; lossType: string }[]; documents: { name: string; mime: string; taskId: string }[] }>(
      handler.get(`/api/v1/claim-tasks/${task.id}`),
    );
    expect(saved).toMatchObject({ state: 'SUBMITTED', assessedAmount: '3039.38' });
    expect(saved.items.map((i) => [i.name, i.lossType, i.amount])).toEqual([
      ['后保险杠', 'VEHICLE', '2469.00'],
      ['钣金喷漆', 'VEHICLE', '570.38'],
    ]);
    expect(saved.documents).toEqual([expect.objectContaining({ name: '后部损失.png', mime: 'image/png', taskId: task.id })]);
    await page.context().close();
  });

  it('a branch approver above their authority is told whom to escalate to and escalates; head office approves from its inbox', async () => {
    const claim = await pendingApproval('南京市玄武区北京东路 41 号', '50000.00');
    const hq = await server.env.db.selectFrom('org').select('name').where('id', '=', world.hq.id).executeTakeFirstOrThrow();

    // The branch approver: authority 10,000, the claim 50,000.
    const branch = await openSignedIn(browser, server.baseUrl, world.claimUsers.approver.username);
    await branch.goto(`${server.baseUrl}/claim-approvals`);
    await poll(() => branch.getByTestId('my-authority').innerText()).toContain('10,000.00 元');
    const row = branch.getByTestId('approval-inbox').locator('tr', { hasText: claim.claimNo });
    await poll(() => row.innerText()).toContain('50,000.00 元');
    expect(await row.innerText()).toContain('超权限');
    await row.getByRole('button', { name: '核赔通过' }).click();
    await confirmDialog(branch);
    await poll(() => branch.getByTestId('authority-exceeded').innerText()).toContain(`请上报「${hq.name}」核赔`);
    await branch.getByRole('button', { name: `上报「${hq.name}」核赔` }).click();
    await branch.getByLabel('上报说明').fill('超出支公司核赔权限');
    await confirmDialog(branch);
    await branch.getByText(`赔案 ${claim.claimNo} 已上报「${hq.name}」核赔`).waitFor();
    await poll(() => row.count()).toBe(0);
    await branch.context().close();

    // Head office sees it in its own inbox, one level up, and approves.
    const head = await openSignedIn(browser, server.baseUrl, world.claimUsers.hqApprover.username);
    await head.goto(`${server.baseUrl}/claim-approvals`);
    const hqRow = head.getByTestId('approval-inbox').locator('tr', { hasText: claim.claimNo });
    await poll(() => hqRow.innerText()).toContain('第 2 级');
    expect(await hqRow.innerText()).not.toContain('超权限');
    await hqRow.getByRole('button', { name: '核赔通过' }).click();
    await confirmDialog(head);
    await head.getByText(`赔案 ${claim.claimNo} 已核赔通过`).waitFor();
    await poll(() => hqRow.count()).toBe(0);
    await head.context().close();

    const detail = await ok<{ state: string; approvedAmount: string; approvals: { decision: string; org: { name: string } }[] }>(handler.get(`/api/v1/claims/${claim.id}`));
    expect(detail).toMatchObject({ state: 'APPROVED', approvedAmount: '50000.00' });
    expect(detail.approvals.map((a) => a.decision)).toEqual(['SUBMIT', 'ESCALATE', 'APPROVE']);
  });

  it('a payer confirms a pending payment from 赔款支付 with the bank reference', async () => {
    const claim = await pendingApproval('南京市秦淮区中华路 9 号', '4800.00');
    await ok((await signedIn(api, world.claimUsers.approver.username)).post(`/api/v1/claims/${claim.id}/approve`));
    const payer = await signedIn(api, world.claimUsers.payer.username);
    const body = { kind: 'FINAL', amount: '4800.00', payeeName: '欧阳明月', bankName: '中国工商银行南京分行', accountNo: '6222021234567894' };
    const payment = await ok<{ id: string; paymentNo: string }>(payer.post(`/api/v1/claims/${claim.id}/payments`, body, { 'idempotency-key': `e2e-${claim.id}` }), 201);

    const page = await openSignedIn(browser, server.baseUrl, world.claimUsers.payer.username);
    await page.getByRole('menu').getByText('理赔管理').click();
    await page.getByRole('menuitem', { name: '赔款支付' }).click();
    const row = page.getByTestId('payment-table').locator('tr', { hasText: payment.paymentNo });
    await poll(() => row.innerText()).toContain('4,800.00 元');
    expect(await row.innerText()).toContain('6222');
    expect(await row.innerText()).not.toContain('6222021234567894');
    await row.getByRole('button', { name: '确认支付' }).click();
    await page.getByLabel('支付流水号').fill('ICBC-20261125-0001');
    await confirmDialog(page);
    await page.getByText(`${payment.paymentNo} 已支付`).waitFor();
    await poll(() => row.count()).toBe(0);
    await page.context().close();

    const detail = await ok<{ paidAmount: string; payments: { id: string; state: string; paidReference: string }[] }>(handler.get(`/api/v1/claims/${claim.id}`));
    expect(detail.paidAmount).toBe('4800.00');
    expect(detail.payments).toEqual([expect.objectContaining({ id: payment.id, state: 'PAID', paidReference: 'ICBC-20261125-0001' })]);
  });
});
