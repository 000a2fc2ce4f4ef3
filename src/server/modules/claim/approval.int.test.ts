import Decimal from 'decimal.js';
// 理算 and 核赔 through the API: sheets from the policy, the claim and approved task items; approval
// within authority, 403 naming the org to escalate to, escalation to head office, four-eyes, 拒赔
// with its letter, authorities and settings. The money rules themselves are adjustment.rules.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimWorld, type ClaimWorld } from '../../../../test/claim-fixtures';
import { createTestEnv, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { uuidv7 } from '../../platform/ids';
import { insertClaim, type ClaimSetup } from './payment.test-fixtures';

let env: TestEnv;
let world: ClaimWorld;
let handler: Client;
let approver: Client;
let hqApprover: Client;
let configurer: Client;

beforeAll(async () => {
  env = await createTestEnv();
  world = await claimWorld(env);
  [handler, approver, hqApprover, configurer] = await Promise.all(
    (['handler', 'approver', 'hqApprover', 'claimConfigurer'] as const).map((u) => signedIn(env.app, world.claimUsers[u].username)),
  );
});
afterAll(() => env?.close());

const url = (id: string, action: string) => `/api/v1/claims/${id}/${action}`;
const registered = (s: Omit<ClaimSetup, 'state'>) => insertClaim(env, world, { state: 'REGISTERED', ...s });
const claimRow = (id: string) => env.db.selectFrom('claim').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const audits = async (id: string) => (await env.db.selectFrom('audit_event').select('action').where('object_id', '=', id).orderBy('seq').execute()).map((r) => r.action);

/** An APPROVED 定损 task with its items, as 核价核损 leaves it. */
async function approvedTask(claimId: string, items: { coverageCode: string; lossType: 'VEHICLE' | 'INJURY' | 'PROPERTY' | 'MEDICAL'; name: string; amount: string }[]) {
  const at = env.clock.now();
  const taskId = uuidv7();
  await env.db
    .insertInto('claim_task')
    .values({ id: taskId, claim_id: claimId, kind: 'DAMAGE', org_id: world.org.id, assignee_id: world.claimUsers.surveyor.id, state: 'APPROVED', findings: '前保险杠、左前大灯损坏', created_by: world.claimUsers.handler.id, created_at: at, updated_at: at })
    .execute();
  await env.db
    .insertInto('claim_task_item')
    .values(items.map((i, n) => ({ id: uuidv7(), task_id: taskId, seq: n + 1, kind: 'PART' as const, name: i.name, coverage_code: i.coverageCode, loss_type: i.lossType, unit_price: i.amount, quantity: '1', amount: i.amount })))
    .execute();
}

async function calculated(id: string, input: Record<string, unknown>) {
  const res = await handler.post(url(id, 'calculations'), input);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function submitted(id: string) {
  const res = await handler.post(url(id, 'submit-approval'));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('理算 (calculation sheets)', () => {
  it('a motor sheet: approved items at the claim’s liability share, every step explained; preview stores nothing, recomputing supersedes', async () => {
    const { id } = await registered({ policy: 'commercial', atFault: true, reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '9000.00' }] });
    await env.db.updateTable('claim').set({ liability_share: '70' }).where('id', '=', id).execute();
    await approvedTask(id, [
      { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', name: '前保险杠', amount: '6000.00' },
      { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', name: '左前大灯', amount: '2000.00' },
      { coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', name: '护栏', amount: '900.00' },
    ]);

    const preview = await handler.post(url(id, 'calculations/preview'), { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE' });
    expect(preview.statusCode, preview.body).toBe(200);
    const sheet = preview.json();
    expect(sheet).toMatchObject({ coverageCode: 'CAR_DAMAGE', coverageName: '机动车损失保险', lossType: 'VEHICLE', payable: '5600.00' });
    expect(sheet.input).toMatchObject({ assessedLoss: '8000.00', atFault: true, liabilityShare: '70.00', limit: '120000.00' });
    expect(sheet.steps.map((s: { code: string }) => s.code)).toEqual(['ASSESSED_LOSS', 'AT_FAULT_SHARE', 'LIMIT', 'PRIOR_PAID', 'REMAINING_LIMIT', 'PAYABLE']);
    expect(sheet.steps[1]).toEqual({ code: 'AT_FAULT_SHARE', label: '× 事故责任比例（有责）', value: '70%', amount: '5600.00' });
    expect(await env.db.selectFrom('claim_calculation').select('id').where('claim_id', '=', id).execute()).toHaveLength(0);

    let detail = await calculated(id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE' });
    expect(detail.calculations).toHaveLength(1);
    expect(detail.calculatedTotal).toBe('5600.00');
    detail = await calculated(id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', salvage: '500.00' });
    expect(detail.calculations.map((c: { payable: string }) => c.payable)).toEqual(['5250.00']);
    expect(detail.timeline.filter((e: { action: string }) => e.action === 'calculate').map((e: { details: { payable: string } }) => e.details.payable)).toEqual(['5600.00', '5250.00']);
    const rows = await env.db.selectFrom('claim_calculation').select(['state', 'payable']).where('claim_id', '=', id).orderBy('created_at').orderBy('id').execute();
    expect(rows).toEqual([{ state: 'SUPERSEDED', payable: '5600.00' }, { state: 'CURRENT', payable: '5250.00' }]);
    expect(await audits(id)).toEqual(['claim.calculate', 'claim.calculate']);
  });

  it('交强险: the head limit by fault from the reference table; not at fault medical 25,000 → 1,800, property 3,000 → 100', async () => {
    const { id } = await registered({ policy: 'ctpl', atFault: false, reserves: [{ coverageCode: 'MEDICAL', lossType: 'INJURY', amount: '1800.00' }] });
    const medical = await handler.post(url(id, 'calculations/preview'), { coverageCode: 'MEDICAL', lossType: 'INJURY', assessedLoss: '25000.00' });
    expect(medical.json()).toMatchObject({ payable: '1800.00', input: { limit: '1800.00', atFault: false } });
    expect(medical.json().steps[1]).toMatchObject({ code: 'CTPL_LIMIT_NOT_AT_FAULT', value: '1800.00' });
    const property = await handler.post(url(id, 'calculations/preview'), { coverageCode: 'PROPERTY', lossType: 'PROPERTY', assessedLoss: '3000.00' });
    expect(property.json().payable).toBe('100.00');
    // The handler may settle on fault in the sheet: at fault the medical head is 18,000.
    const atFault = await handler.post(url(id, 'calculations/preview'), { coverageCode: 'MEDICAL', lossType: 'INJURY', assessedLoss: '25000.00', atFault: true });
    expect(atFault.json().payable).toBe('18000.00');
  });

  it('refuses a coverage the policy lacks or a loss type it does not answer for (422), and any state but 已立案 (409)', async () => {
    const { id } = await registered({ policy: 'ctpl', reserves: [{ coverageCode: 'PROPERTY', lossType: 'PROPERTY', amount: '1000.00' }] });
    const car = await handler.post(url(id, 'calculations'), { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '100.00' });
    expect(car.statusCode).toBe(422);
    expect(car.json().error).toMatchObject({ code: 'CLAIM_COVERAGE_NOT_ON_POLICY', details: { field: 'coverageCode' } });
    expect(car.json().error.message).toContain('险别');
    const type = await handler.post(url(id, 'calculations'), { coverageCode: 'PROPERTY', lossType: 'INJURY', assessedLoss: '100.00' });
    expect(type.json().error).toMatchObject({ code: 'CLAIM_COVERAGE_NOT_ON_POLICY', details: { field: 'lossType' } });
    const bad = await handler.post(url(id, 'calculations'), { coverageCode: 'PROPERTY', lossType: 'PROPERTY', liabilityShare: '120' });
    expect(bad.statusCode).toBe(400);

    const reported = await insertClaim(env, world, { policy: 'ctpl', state: 'REPORTED', reserves: [] });
    const early = await handler.post(url(reported.id, 'calculations'), { coverageCode: 'PROPERTY', lossType: 'PROPERTY', assessedLoss: '100.00' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION', details: { state: 'REPORTED' } });
    expect(await env.db.selectFrom('claim_calculation').select('id').where('claim_id', 'in', [id, reported.id]).execute()).toHaveLength(0);
  });

  it('a life death claim is calculated at the sum assured', async () => {
    const { id } = await registered({ policy: 'term', reserves: [{ coverageCode: 'DEATH', lossType: 'DEATH', amount: '500000.00' }] });
    const detail = await calculated(id, { coverageCode: 'DEATH', lossType: 'DEATH' });
    expect(detail.calculations[0]).toMatchObject({ coverageCode: 'DEATH', payable: '500000.00' });
    expect(detail.calculations[0].steps.map((s: { code: string }) => s.code)).toEqual(['SUM_ASSURED', 'LESS_PRIOR_PAID', 'PAYABLE']);
    // Above the branch approver's 10,000: head office approves it.
    await submitted(id);
    const approved = await hqApprover.post(url(id, 'approve'));
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'APPROVED', approvedAmount: '500000.00' });
  });
});

describe('核赔 (approval)', () => {
  it('the branch approver approves within authority: the amount is fixed, the history and inbox show it', async () => {
    const { id } = await registered({ policy: 'commercial', atFault: true, reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '6000.00' }] });
    await calculated(id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '6000.00', deductible: '500.00' });
    const pending = await submitted(id);
    expect(pending).toMatchObject({ state: 'PENDING_APPROVAL', approvalOrg: { id: world.org.id }, approvedAmount: '0.00' });
    expect(pending.approvals).toMatchObject([{ decision: 'SUBMIT', level: 1, amount: '5500.00', approver: { id: world.claimUsers.handler.id } }]);

    const inbox = (await approver.get('/api/v1/claim-approvals')).json();
    expect(inbox.items.find((i: { claim: { id: string } }) => i.claim.id === id)).toMatchObject({
      amount: '5500.00', level: 1, approvalOrg: { id: world.org.id }, authority: '10000.00', withinAuthority: true, ownClaim: false,
    });
    const authority = (await approver.get('/api/v1/claim-approvals/authority')).json();
    expect(authority).toContainEqual({ line: 'COMMERCIAL_MOTOR', amount: '10000.00', source: 'USER' });

    const res = await approver.post(url(id, 'approve'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'APPROVED', approvedAmount: '5500.00' });
    expect(res.json().approvals.map((a: { decision: string }) => a.decision)).toEqual(['SUBMIT', 'APPROVE']);
    expect(res.json().timeline.map((e: { action: string }) => e.action)).toEqual(['calculate', 'submit-approval', 'approve']);
    expect(await audits(id)).toEqual(['claim.calculate', 'claim.submit-approval', 'claim.approve']);
    // Nothing left to do: approving again is out of order.
    const again = await approver.post(url(id, 'approve'));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION', details: { state: 'APPROVED' } });
  });

  it('above authority: 403 naming head office, nothing changed; escalated, head office approves', async () => {
    const { id } = await registered({ policy: 'commercial', atFault: true, reserves: [{ coverageCode: 'THIRD_PARTY', lossType: 'INJURY', amount: '50000.00' }] });
    await calculated(id, { coverageCode: 'THIRD_PARTY', lossType: 'INJURY', assessedLoss: '50000.00' });
    await submitted(id);
    const before = await claimRow(id);

    const refused = await approver.post(url(id, 'approve'));
    expect(refused.statusCode).toBe(403);
    const hq = await env.db.selectFrom('org').select(['id', 'name']).where('id', '=', world.hq.id).executeTakeFirstOrThrow();
    expect(refused.json().error).toMatchObject({ code: 'CLAIM_AUTHORITY_EXCEEDED', details: { authority: '10000.00', amount: '50000.00', escalateTo: { orgId: hq.id, orgName: hq.name } } });
    expect(refused.json().error.message).toContain(hq.name);
    expect(await claimRow(id)).toEqual(before);
    expect(await env.db.selectFrom('claim_approval').select('decision').where('claim_id', '=', id).execute()).toEqual([{ decision: 'SUBMIT' }]);

    const escalated = await approver.post(url(id, 'escalate'), { reason: '超过支公司核赔权限' });
    expect(escalated.statusCode, escalated.body).toBe(200);
    expect(escalated.json()).toMatchObject({ state: 'PENDING_APPROVAL', approvalOrg: { id: hq.id } });
    expect(escalated.json().approvals.at(-1)).toMatchObject({ decision: 'ESCALATE', level: 2, org: { id: hq.id }, reason: '超过支公司核赔权限' });
    // Now head office's: gone from the branch inbox, out of the branch approver's reach.
    expect((await approver.get('/api/v1/claim-approvals')).json().items.map((i: { claim: { id: string } }) => i.claim.id)).not.toContain(id);
    expect((await approver.post(url(id, 'approve'))).statusCode).toBe(404);
    const hqInbox = (await hqApprover.get('/api/v1/claim-approvals')).json();
    expect(hqInbox.items.find((i: { claim: { id: string } }) => i.claim.id === id)).toMatchObject({ level: 2, authority: '1000000.00', withinAuthority: true });
    // The root has nobody above it.
    const top = await hqApprover.post(url(id, 'escalate'), {});
    expect(top.statusCode).toBe(409);
    expect(top.json().error).toMatchObject({ code: 'CLAIM_GUARD_FAILED', details: { guard: 'NO_PARENT_ORG', state: 'PENDING_APPROVAL' } });

    const approved = await hqApprover.post(url(id, 'approve'));
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'APPROVED', approvedAmount: '50000.00' });
    expect(approved.json().approvals.map((a: { decision: string; level: number }) => `${a.decision}/${a.level}`)).toEqual(['SUBMIT/1', 'ESCALATE/2', 'APPROVE/2']);
  });

  it('four-eyes: the approver who handles the claim may neither approve nor decline it', async () => {
    const { id } = await registered({ policy: 'commercial', atFault: true, handlerId: world.claimUsers.approver.id, reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '1000.00' }] });
    await calculated(id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '1000.00' });
    await submitted(id);
    for (const [action, body] of [['approve', undefined], ['decline', { declineCode: 'EXCLUSION', reason: '自己的案子' }]] as const) {
      const res = await approver.post(url(id, action), body);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('CLAIM_FOUR_EYES');
    }
    expect((await claimRow(id)).state).toBe('PENDING_APPROVAL');
    // Someone else decides.
    const inbox = (await approver.get('/api/v1/claim-approvals')).json();
    expect(inbox.items.find((i: { claim: { id: string } }) => i.claim.id === id)).toMatchObject({ ownClaim: true });
    expect((await hqApprover.post(url(id, 'approve'))).json().state).toBe('APPROVED');
  });

  it('returns to adjustment with a reason; submitting without a sheet is refused', async () => {
    const { id } = await registered({ policy: 'commercial', atFault: true, reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '1000.00' }] });
    const none = await handler.post(url(id, 'submit-approval'));
    expect(none.statusCode).toBe(409);
    expect(none.json().error).toMatchObject({ code: 'CLAIM_GUARD_FAILED', details: { guard: 'NO_CALCULATION' } });
    await calculated(id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '1000.00' });
    await submitted(id);
    const early = await handler.post(url(id, 'calculations'), { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '900.00' });
    expect(early.json().error).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION', details: { state: 'PENDING_APPROVAL' } });
    expect((await approver.post(url(id, 'return'), {})).statusCode).toBe(400);
    const back = await approver.post(url(id, 'return'), { reason: '请补充维修发票' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ state: 'REGISTERED', approvals: [{ decision: 'SUBMIT' }, { decision: 'RETURN', reason: '请补充维修发票' }] });
    expect(back.json().timeline.at(-1)).toMatchObject({ action: 'return', note: '请补充维修发票', fromState: 'PENDING_APPROVAL', toState: 'REGISTERED' });
    // Adjusted again and resubmitted.
    await calculated(id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '900.00' });
    expect((await submitted(id)).approvals.at(-1)).toMatchObject({ decision: 'SUBMIT', amount: '900.00' });
  });

  it('an own-damage limit is per period: an earlier approved claim reduces it; a 交强险 head is per accident: it does not', async () => {
    const prior = async (id: string) =>
      (await handler.post(url(id, 'calculations/preview'), { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '3000.00' })).json().steps.find((s: { code: string }) => s.code === 'PRIOR_PAID')?.value ?? '0.00';
    const second = await registered({ policy: 'commercial', atFault: true, reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '3000.00' }] });
    const before = await prior(second.id);
    const first = await registered({ policy: 'commercial', atFault: true, reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '5000.00' }] });
    await calculated(first.id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '5000.00' });
    await submitted(first.id);
    expect((await hqApprover.post(url(first.id, 'approve'))).json().approvedAmount).toBe('5000.00');
    expect(await prior(second.id)).toBe(new Decimal(before).plus(5000).toFixed(2));

    const ctpl1 = await registered({ policy: 'ctpl', atFault: true, reserves: [{ coverageCode: 'MEDICAL', lossType: 'INJURY', amount: '18000.00' }] });
    await calculated(ctpl1.id, { coverageCode: 'MEDICAL', lossType: 'INJURY', assessedLoss: '30000.00' });
    await submitted(ctpl1.id);
    expect((await hqApprover.post(url(ctpl1.id, 'approve'))).json().approvedAmount).toBe('18000.00');
    const ctpl2 = await registered({ policy: 'ctpl', atFault: true, reserves: [{ coverageCode: 'MEDICAL', lossType: 'INJURY', amount: '5000.00' }] });
    const head = (await handler.post(url(ctpl2.id, 'calculations/preview'), { coverageCode: 'MEDICAL', lossType: 'INJURY', assessedLoss: '5000.00' })).json();
    expect(head.payable).toBe('5000.00');
  });
});

describe('拒赔 (decline)', () => {
  it('with a configured reason: 已拒赔, reserves released, the letter stored and printable (audited)', async () => {
    const { id, claimNo } = await registered({
      policy: 'commercial',
      atFault: true,
      reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '8000.00' }, { coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', amount: '2000.00' }],
    });
    await calculated(id, { coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', assessedLoss: '8000.00' });
    await submitted(id);

    const unknown = await approver.post(url(id, 'decline'), { declineCode: 'NO_SUCH', reason: '酒后驾驶' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'CLAIM_DECLINE_CODE_UNKNOWN', details: { field: 'declineCode' } });
    expect((await claimRow(id)).state).toBe('PENDING_APPROVAL');

    const res = await approver.post(url(id, 'decline'), { declineCode: 'EXCLUSION', reason: '驾驶人饮酒后驾驶，属于责任免除' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ state: 'DECLINED', declineCode: 'EXCLUSION', declineReason: '驾驶人饮酒后驾驶，属于责任免除', outstandingReserve: '0.00' });
    expect(d.reserves.every((r: { amount: string }) => r.amount === '0.00')).toBe(true);
    expect(d.reserveHistory.filter((h: { kind: string }) => h.kind === 'WITHDRAW').map((h: { delta: string }) => h.delta).sort()).toEqual(['-2000.00', '-8000.00']);
    const letter = d.documents.find((x: { kind: string }) => x.kind === 'DECLINE_LETTER');
    expect(letter).toMatchObject({ name: `拒赔通知书-${claimNo}.pdf`, mime: 'application/pdf' });
    expect(d.approvals.at(-1)).toMatchObject({ decision: 'DECLINE', declineCode: 'EXCLUSION' });
    expect(d.timeline.at(-1)).toMatchObject({ action: 'decline', toState: 'DECLINED', details: { declineCode: 'EXCLUSION', documentId: letter.id } });

    const pdf = await handler.get(url(id, 'decline-letter.pdf'));
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toContain(`(${claimNo})`);
    expect(await audits(id)).toEqual(['claim.calculate', 'claim.submit-approval', 'claim.decline', 'claim.print']);

    // Declined is final until reopened.
    const again = await approver.post(url(id, 'decline'), { declineCode: 'EXCLUSION', reason: '再次拒赔' });
    expect(again.json().error).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION', details: { state: 'DECLINED' } });
  });

  it('a claim never declined has no letter', async () => {
    const { id } = await registered({ policy: 'ctpl', reserves: [{ coverageCode: 'PROPERTY', lossType: 'PROPERTY', amount: '100.00' }] });
    const res = await handler.get(url(id, 'decline-letter.pdf'));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('CLAIM_DECLINE_LETTER_NOT_FOUND');
  });
});

describe('authorities and settings (claim:configure)', () => {
  it('a role’s authority applies to everyone holding it (the larger one wins); set and removed, audited', async () => {
    const { id } = await registered({ policy: 'commercial', atFault: true, reserves: [{ coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', amount: '30000.00' }] });
    await calculated(id, { coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', assessedLoss: '30000.00' });
    await submitted(id);
    expect((await approver.post(url(id, 'approve'))).statusCode).toBe(403);

    const { role_id: roleId } = await env.db.selectFrom('user_role').select('role_id').where('user_id', '=', world.claimUsers.approver.id).executeTakeFirstOrThrow();
    expect((await approver.put('/api/v1/claim-authorities', { roleId, line: 'COMMERCIAL_MOTOR', maxAmount: '50000' })).statusCode).toBe(403);
    const both = await configurer.put('/api/v1/claim-authorities', { roleId, userId: world.claimUsers.approver.id, line: 'COMMERCIAL_MOTOR', maxAmount: '50000' });
    expect(both.json().error).toMatchObject({ code: 'CLAIM_AUTHORITY_SUBJECT' });
    const set = await configurer.put('/api/v1/claim-authorities', { roleId, line: 'COMMERCIAL_MOTOR', maxAmount: '50000' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ role: { id: roleId }, user: null, line: 'COMMERCIAL_MOTOR', maxAmount: '50000.00' });
    const raised = await configurer.put('/api/v1/claim-authorities', { roleId, line: 'COMMERCIAL_MOTOR', maxAmount: '60000.00' });
    expect(raised.json()).toMatchObject({ id: set.json().id, maxAmount: '60000.00' });
    expect((await approver.get('/api/v1/claim-approvals/authority')).json()).toContainEqual({ line: 'COMMERCIAL_MOTOR', amount: '60000.00', source: 'ROLE' });
    expect((await configurer.get(`/api/v1/claim-authorities?roleId=${roleId}`)).json()).toHaveLength(1);

    expect((await approver.post(url(id, 'approve'))).json()).toMatchObject({ state: 'APPROVED', approvedAmount: '30000.00' });
    expect((await configurer.delete(`/api/v1/claim-authorities/${set.json().id}`)).statusCode).toBe(204);
    expect((await approver.get('/api/v1/claim-approvals/authority')).json()).toContainEqual({ line: 'COMMERCIAL_MOTOR', amount: '10000.00', source: 'USER' });
    expect(await audits(set.json().id)).toEqual(['claim.authority.set', 'claim.authority.set', 'claim.authority.delete']);
  });

  it('settings: defaults until saved, checked, audited; a new decline reason is usable at once', async () => {
    const defaults = (await approver.get('/api/v1/claim-settings')).json();
    expect(defaults.declineReasons.map((r: { code: string }) => r.code)).toContain('EXCLUSION');
    expect((await approver.put('/api/v1/claim-settings', { sampling: { randomPercent: 10, amountAbove: null, handlerIds: [] } })).statusCode).toBe(403);

    const reasons = [...defaults.declineReasons, { code: 'LATE_NOTICE', zh: '未及时报案致损失无法确定', en: 'Late notice' }];
    const dup = await configurer.put('/api/v1/claim-settings', { declineReasons: [...reasons, reasons[0]] });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().error).toMatchObject({ code: 'CLAIM_SETTING_INVALID', details: { field: `declineReasons.${reasons.length}.code` } });
    const ghost = await configurer.put('/api/v1/claim-settings', { sampling: { randomPercent: 10, amountAbove: '8000', handlerIds: [uuidv7()] } });
    expect(ghost.json().error).toMatchObject({ code: 'CLAIM_USER_UNKNOWN', details: { field: 'sampling.handlerIds.0' } });

    const saved = await configurer.put('/api/v1/claim-settings', { declineReasons: reasons, sampling: { randomPercent: 10, amountAbove: '8000', handlerIds: [world.claimUsers.handler.id] } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ sampling: { randomPercent: 10, amountAbove: '8000.00' }, documents: defaults.documents });
    expect(await audits('declineReasons')).toEqual(['claim.setting.update']);

    const { id } = await registered({ policy: 'ctpl', reserves: [{ coverageCode: 'PROPERTY', lossType: 'PROPERTY', amount: '100.00' }] });
    await calculated(id, { coverageCode: 'PROPERTY', lossType: 'PROPERTY', assessedLoss: '100.00' });
    await submitted(id);
    expect((await approver.post(url(id, 'decline'), { declineCode: 'LATE_NOTICE', reason: '出险后三个月才报案' })).json()).toMatchObject({ state: 'DECLINED', declineCode: 'LATE_NOTICE' });
  });
});
