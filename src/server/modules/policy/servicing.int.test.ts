// 保全 end to end through the API: trial → request → (approval) → the policy, the money, the timeline,
// the audit log and the outbox. The money rules themselves are unit-tested (servicing.rules.test.ts);
// here the figures check that the policy's own data reaches them and the results land where they must.
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyJson } from '../../../../test/fuzz';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { CLERK_PERMISSIONS, insertIssuedPolicy, policyWorld, type PolicyWorld } from '../../../../test/policy-fixtures';
import { createProductModule } from '../product/index';
import { ENDORSEMENT_ITEM_CODES } from '../../../contracts/policy';
import { lifeSurrender } from './servicing.rules';

let env: TestEnv;
let world: PolicyWorld;
let clerk: Client;
let approver: Client;
let both: { id: string; username: string };

beforeAll(async () => {
  env = await createTestEnv();
  world = await policyWorld(env);
  clerk = await signedIn(env.app, world.users.clerk.username);
  approver = await signedIn(env.app, world.users.approver.username);
  const role = await makeRole(env.db, [...CLERK_PERMISSIONS, 'endorsement:approve']);
  both = await makeUser(env.db, { orgId: world.org.id, roles: [{ roleId: role, scope: 'subtree' }], name: '既申请又审批' });
});
afterAll(() => env?.close());

const TODAY = '2026-11-24';

async function trial(c: Client, policyId: string, input: Record<string, unknown>) {
  const res = await c.post(`/api/v1/policies/${policyId}/endorsements/trial`, input);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Trial, then the request confirming the trial's amount. */
async function endorse(c: Client, policyId: string, input: Record<string, unknown>) {
  const t = await trial(c, policyId, input);
  const res = await c.post(`/api/v1/policies/${policyId}/endorsements`, { ...input, expectedAmount: t.amount });
  return { trial: t, res, body: res.json() };
}

const policyRow = (id: string) => env.db.selectFrom('policy').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditActions = async (objectId: string) => (await env.db.selectFrom('audit_event').select('action').where('object_id', '=', objectId).orderBy('seq').execute()).map((r) => r.action);
const events = (policyId: string) => env.db.selectFrom('domain_event').selectAll().where('type', '=', 'policy.endorsed').where('aggregate_id', '=', policyId).execute();
const timeline = (policyId: string) => env.db.selectFrom('policy_event').selectAll().where('policy_id', '=', policyId).orderBy('at').orderBy('id').execute();

describe('犹豫期撤单 (cooling-off cancellation)', () => {
  it('refunds the premium less the 10.00 fee, ends the policy and records it everywhere in one go', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', premium: '1200.00', coolingOffEnd: '2026-12-04' });
    const input = { item: 'COOLING_OFF_CANCELLATION', effectiveDate: TODAY, reason: '客户不想要了' };

    const t = await trial(clerk, policyId, input);
    expect(t).toMatchObject({ amount: '1190.00', direction: 'PAYABLE', needsApproval: false, policyStateAfter: 'CANCELLED_COOLING_OFF', figures: { premiumPaid: '1200.00', fee: '10.00', refund: '1190.00' } });
    expect(t.explanation.join('\n')).toContain('退还金额 = 1200.00 − 10.00 = 1190.00 元');
    expect((await policyRow(policyId)).state).toBe('IN_FORCE'); // the trial changes nothing

    // A confirmation of another amount is refused and writes nothing.
    const stale = await clerk.post(`/api/v1/policies/${policyId}/endorsements`, { ...input, expectedAmount: '1200.00' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'ENDORSEMENT_TRIAL_STALE', details: { expected: '1200.00', actual: '1190.00' } });
    expect(await env.db.selectFrom('endorsement').select('id').where('policy_id', '=', policyId).execute()).toHaveLength(0);

    const { res, body } = await endorse(clerk, policyId, input);
    expect(res.statusCode, res.body).toBe(201);
    expect(body).toMatchObject({ state: 'APPLIED', item: 'COOLING_OFF_CANCELLATION', amount: '1190.00', direction: 'PAYABLE', reason: '客户不想要了', billing: { amount: '1190.00', received: '0.00', status: 'OPEN' } });
    expect(body.endorsementNo).toMatch(/^BQ2026\d{8}$/);
    expect(body.appliedAt).toBeTruthy();
    const p = await policyRow(policyId);
    expect(p).toMatchObject({ state: 'CANCELLED_COOLING_OFF', ended_on: TODAY, version: 2 });
    expect((await timeline(policyId)).at(-1)).toMatchObject({ action: 'endorsement.COOLING_OFF_CANCELLATION', from_state: 'IN_FORCE', to_state: 'CANCELLED_COOLING_OFF' });
    expect(await auditActions(body.id)).toEqual(['endorsement.request', 'endorsement.apply']);
    const [ev] = await events(policyId);
    expect(ev!.payload).toMatchObject({ policyId, endorsementNo: body.endorsementNo, item: 'COOLING_OFF_CANCELLATION', amount: '1190.00', direction: 'PAYABLE', policyStateAfter: 'CANCELLED_COOLING_OFF' });

    // The refund paid out settles the payable.
    const paid = await clerk.post(`/api/v1/endorsements/${body.id}/payments`, { amount: '1190.00', method: 'BANK_TRANSFER', reference: 'WT-REFUND-1', receivedOn: TODAY });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json().billing).toMatchObject({ received: '1190.00', outstanding: '0.00', status: 'SETTLED' });
    expect((await clerk.post(`/api/v1/endorsements/${body.id}/payments`, { amount: '0.01', method: 'CASH', receivedOn: TODAY })).json().error.code).toBe('BILLING_ITEM_CLOSED');
  });

  it('refuses after the last cooling-off day, naming it', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', startDate: '2026-10-01', coolingOffEnd: '2026-10-16' });
    const res = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'COOLING_OFF_CANCELLATION', effectiveDate: TODAY });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'POLICY_GUARD_FAILED', details: { guard: 'COOLING_OFF_OVER' } });
    expect(res.json().error.message).toContain('2026-10-16');
  });
});

describe('退保 (surrender)', () => {
  it('P&C short-rate: 4 months in force retain 40% of the premium', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', premium: '950.00', startDate: '2026-08-10' });
    const { res, body, trial: t } = await endorse(clerk, policyId, { item: 'SURRENDER', effectiveDate: TODAY });
    expect(res.statusCode, res.body).toBe(201);
    expect(t.figures).toMatchObject({ method: 'SHORT_RATE', monthsInForce: 4, percentRetained: '40', earned: '380.00', refund: '570.00' });
    expect(body).toMatchObject({ state: 'APPLIED', amount: '570.00', direction: 'PAYABLE' });
    expect(await policyRow(policyId)).toMatchObject({ state: 'SURRENDERED', ended_on: TODAY });
  });

  it('P&C pro-rata when the product is configured so: unearned days of the premium', async () => {
    const code = world.products.commercial.code;
    await env.db.insertInto('policy_setting').values({ key: 'servicing', value: JSON.stringify({ pcSurrenderMethod: { default: 'SHORT_RATE', byProduct: { [code]: 'PRO_RATA' } } }), updated_by: null, updated_at: new Date() }).execute();
    try {
      const { policyId } = await insertIssuedPolicy(env, world, { product: 'commercial', premium: '3650.00', startDate: '2026-05-24' });
      const { res, body, trial: t } = await endorse(clerk, policyId, { item: 'SURRENDER', effectiveDate: TODAY });
      expect(res.statusCode, res.body).toBe(201);
      // 2026-05-24 … 2027-05-23 is 365 days; 184 have run, 181 are refunded: 3650 × 181 ÷ 365.
      expect(t.figures).toMatchObject({ method: 'PRO_RATA', termDays: 365, daysInForce: 184, refund: '1810.00', earned: '1840.00' });
      expect(body.amount).toBe('1810.00');
    } finally {
      await env.db.deleteFrom('policy_setting').where('key', '=', 'servicing').execute();
    }
  });

  it('life: the cash value from the reserve on the product’s pricing basis after five policy years', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', sumAssured: '100000.00', premium: '300.00', coverageTerm: 20, paymentTerm: 20 });
    env.clock.set(new Date('2031-11-25T02:00:00Z'));
    try {
      const c = await signedIn(env.app, world.users.clerk.username);
      const { res, body, trial: t } = await endorse(c, policyId, { item: 'SURRENDER', effectiveDate: '2031-11-25' });
      expect(res.statusCode, res.body).toBe(201);
      // The same basis the product prices on: CL2010 male table one, 2.5%, term 20, age 40 at issue.
      const table = await createProductModule({ db: env.db, clock: env.clock }).api.engines.actuarial.table('CL2010_1M');
      const expected = lifeSurrender({ table, benefit: 'TERM', age: 40, term: 20, paymentTerm: 20, interest: '0.025', sumAssured: '100000.00', duration: 5 });
      if (!expected.ok) throw new Error(expected.code);
      expect(expected.value.cashValue.gt(0)).toBe(true);
      expect(t.figures).toMatchObject({ duration: 5, age: 40, table: 'CL2010_1M', cashValue: expected.value.cashValue.toFixed(2) });
      expect(body).toMatchObject({ amount: expected.value.cashValue.toFixed(2), direction: 'PAYABLE', state: 'APPLIED' });
      expect(t.explanation.join('\n')).toContain('责任准备金');
      expect(await policyRow(policyId)).toMatchObject({ state: 'SURRENDERED', ended_on: '2031-11-25' });
    } finally {
      env.clock.set(new Date('2026-11-24T02:00:00Z'));
    }
  });

  it('above the threshold waits for another user’s approval; the requester cannot approve it', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'commercial', premium: '12000.00' });
    const maker = await signedIn(env.app, both.username);
    const { res, body, trial: t } = await endorse(maker, policyId, { item: 'SURRENDER', effectiveDate: TODAY });
    expect(res.statusCode, res.body).toBe(201);
    expect(t).toMatchObject({ amount: '12000.00', needsApproval: true });
    expect(body).toMatchObject({ state: 'PENDING_APPROVAL', billing: null, appliedAt: null });
    expect((await policyRow(policyId)).state).toBe('IN_FORCE');

    // One item open per policy.
    const second = await endorse(clerk, policyId, { item: 'DOCUMENT_REISSUE', effectiveDate: TODAY });
    expect(second.res.statusCode).toBe(409);
    expect(second.body.error.code).toBe('ENDORSEMENT_PENDING_EXISTS');

    expect((await clerk.post(`/api/v1/endorsements/${body.id}/approve`, {})).json().error.code).toBe('AUTH_FORBIDDEN');
    const self = await maker.post(`/api/v1/endorsements/${body.id}/approve`, {});
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('ENDORSEMENT_SELF_APPROVAL');

    const ok = await approver.post(`/api/v1/endorsements/${body.id}/approve`, { note: '同意退保' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'APPLIED', decidedBy: { id: world.users.approver.id }, decisionNote: '同意退保', billing: { amount: '12000.00', status: 'OPEN' } });
    expect(await policyRow(policyId)).toMatchObject({ state: 'SURRENDERED' });
    expect(await auditActions(body.id)).toEqual(['endorsement.request', 'endorsement.approve', 'endorsement.apply']);
    expect((await approver.post(`/api/v1/endorsements/${body.id}/approve`, {})).json().error.code).toBe('ENDORSEMENT_NOT_PENDING');

    // A surrendered policy takes no more items: 409 naming its state.
    const after = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'CONTACT_CHANGE', effectiveDate: TODAY, contact: { partyId: world.parties.holder, mobile: '13800001111' } });
    expect(after.statusCode).toBe(409);
    expect(after.json().error).toMatchObject({ code: 'POLICY_ILLEGAL_TRANSITION', details: { state: 'SURRENDERED' } });
    expect(after.json().error.message).toContain('「退保」');
  });

  it('two concurrent surrenders of one policy: exactly one succeeds', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', premium: '950.00', startDate: '2026-08-10' });
    const input = { item: 'SURRENDER', effectiveDate: TODAY };
    const t = await trial(clerk, policyId, input);
    const other = await signedIn(env.app, world.users.clerk2.username);
    const results = await Promise.all([clerk, other].map((c) => c.post(`/api/v1/policies/${policyId}/endorsements`, { ...input, expectedAmount: t.amount })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.code).toBe('POLICY_ILLEGAL_TRANSITION');
    expect(await env.db.selectFrom('endorsement').select('state').where('policy_id', '=', policyId).execute()).toEqual([{ state: 'APPLIED' }]);
    expect(await env.db.selectFrom('billing_item').select('amount').where('source_type', '=', 'ENDORSEMENT').where('org_id', '=', world.org.id).where('description', 'like', `%${(await policyRow(policyId)).policy_no}%`).execute()).toEqual([{ amount: '570.00' }]);
  });
});

describe('犹豫期撤单 and 退保 before cover starts (issued today, cover from tomorrow)', () => {
  const TOMORROW = '2026-11-25';
  it('P&C: a surrender today refunds the whole premium paid, no day in force, and ends the policy', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', premium: '950.00', startDate: TOMORROW });
    const { res, body, trial: t } = await endorse(clerk, policyId, { item: 'SURRENDER', effectiveDate: TODAY, reason: '车辆已转卖' });
    expect(res.statusCode, res.body).toBe(201);
    expect(t).toMatchObject({ amount: '950.00', direction: 'PAYABLE', policyStateAfter: 'SURRENDERED', figures: { premiumPaid: '950.00', refund: '950.00', daysInForce: 0 } });
    expect(t.explanation.join('\n')).toContain('起保前退保，全额退还已缴保费 950.00 元');
    expect(body).toMatchObject({ state: 'APPLIED', amount: '950.00', billing: { amount: '950.00', status: 'OPEN' } });
    expect(await policyRow(policyId)).toMatchObject({ state: 'SURRENDERED', ended_on: TODAY });
  });

  it('life: 犹豫期撤单 keeps its fee; a surrender before the start date gives back all the premium paid', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', premium: '1200.00', startDate: TOMORROW, receiptDate: TODAY, coolingOffEnd: '2026-12-09' });
    const wt = await trial(clerk, policyId, { item: 'COOLING_OFF_CANCELLATION', effectiveDate: TODAY });
    expect(wt).toMatchObject({ amount: '1190.00', policyStateAfter: 'CANCELLED_COOLING_OFF', figures: { premiumPaid: '1200.00', fee: '10.00', refund: '1190.00' } });
    expect(wt.explanation.join('\n')).toContain(`保险责任自 ${TOMORROW} 0 时开始，撤单时尚未开始`);
    const ct = await trial(clerk, policyId, { item: 'SURRENDER', effectiveDate: TODAY });
    expect(ct).toMatchObject({ amount: '1200.00', policyStateAfter: 'SURRENDERED', figures: { premiumPaid: '1200.00', refund: '1200.00', daysInForce: 0 } });
    expect(ct.figures).not.toHaveProperty('cashValue');
    const { res, body } = await endorse(clerk, policyId, { item: 'COOLING_OFF_CANCELLATION', effectiveDate: TODAY });
    expect(res.statusCode, res.body).toBe(201);
    expect(body).toMatchObject({ state: 'APPLIED', amount: '1190.00' });
    expect(await policyRow(policyId)).toMatchObject({ state: 'CANCELLED_COOLING_OFF', ended_on: TODAY });
  });

  it('not before the day of issue, and other items still wait for the start date', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: TOMORROW });
    const early = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'SURRENDER', effectiveDate: '2026-11-23' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error).toMatchObject({ code: 'ENDORSEMENT_EFFECTIVE_DATE_INVALID', details: { field: 'effectiveDate' } });
    expect(early.json().error.message).toContain(`不能早于出单日 ${TODAY}`);
    const reissue = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'DOCUMENT_REISSUE', effectiveDate: TODAY });
    expect(reissue.statusCode).toBe(422);
    expect(reissue.json().error.message).toContain(`不能早于保单生效日 ${TOMORROW}`);
    expect(await policyRow(policyId)).toMatchObject({ state: 'IN_FORCE', version: 1 });
  });
});

describe('复效 (reinstatement)', () => {
  it('charges the missed premium with interest and reinstates the policy when the receivable is settled', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', state: 'LAPSED', startDate: '2024-06-01', premium: '1200.00', paidToDate: '2026-06-01' });
    const { res, body, trial: t } = await endorse(clerk, policyId, { item: 'REINSTATEMENT', effectiveDate: TODAY });
    expect(res.statusCode, res.body).toBe(201);
    // Due 2026-06-01, unpaid after 60 days' grace → lapsed from 2026-08-01; 176 days of 5% simple interest.
    expect(t.figures).toMatchObject({ lapseDate: '2026-08-01', lastDay: '2028-08-01', instalments: 1, backPremium: '1200.00', interest: '28.93', total: '1228.93' });
    expect(t).toMatchObject({ direction: 'RECEIVABLE', policyStateAfter: 'IN_FORCE', changes: expect.arrayContaining([{ field: '交费至', before: '2026-06-01', after: '2027-06-01' }]) });
    expect(body).toMatchObject({ state: 'APPLIED', appliedAt: null, billing: { amount: '1228.93', status: 'OPEN' } });
    expect((await policyRow(policyId)).state).toBe('LAPSED');

    // While the money is outstanding the item is open: nothing else may start.
    expect((await endorse(clerk, policyId, { item: 'REINSTATEMENT', effectiveDate: TODAY })).body.error.code).toBe('ENDORSEMENT_PENDING_EXISTS');

    const part = await clerk.post(`/api/v1/endorsements/${body.id}/payments`, { amount: '1000.00', method: 'CASH', receivedOn: TODAY });
    expect(part.json()).toMatchObject({ appliedAt: null, billing: { received: '1000.00', outstanding: '228.93' } });
    expect((await policyRow(policyId)).state).toBe('LAPSED');
    const rest = await clerk.post(`/api/v1/endorsements/${body.id}/payments`, { amount: '228.93', method: 'POS', reference: 'POS-778899', receivedOn: TODAY });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json().appliedAt).toBeTruthy();
    expect(await policyRow(policyId)).toMatchObject({ state: 'IN_FORCE', paid_to_date: '2027-06-01' });
    expect((await timeline(policyId)).at(-1)).toMatchObject({ action: 'endorsement.REINSTATEMENT', from_state: 'LAPSED', to_state: 'IN_FORCE' });
    expect(await auditActions(body.id)).toEqual(['endorsement.request', 'endorsement.payment', 'endorsement.payment', 'endorsement.apply']);
  });
});

describe('changes without money', () => {
  it('changes the policy’s contact for the policyholder, checking the mobile, without touching the customer record', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term' });
    const bad = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'CONTACT_CHANGE', effectiveDate: TODAY, contact: { partyId: world.parties.holder, mobile: '1380000' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'ENDORSEMENT_MOBILE_INVALID', details: { field: 'contact.mobile' } });
    const stranger = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'CONTACT_CHANGE', effectiveDate: TODAY, contact: { partyId: world.parties.elderly, mobile: '13800001111' } });
    expect(stranger.json().error).toMatchObject({ code: 'ENDORSEMENT_CONTACT_PARTY', details: { field: 'contact.partyId' } });

    const partyBefore = await env.db.selectFrom('party').select(['phone_masked', 'version']).where('id', '=', world.parties.holder).executeTakeFirstOrThrow();
    const { res, body } = await endorse(clerk, policyId, { item: 'CONTACT_CHANGE', effectiveDate: TODAY, contact: { partyId: world.parties.holder, mobile: '13800001111', address: { type: 'MAIL', detail: '上海市黄浦区中山东一路 1 号', postcode: '200002' } } });
    expect(res.statusCode, res.body).toBe(201);
    expect(body.calculation.changes).toEqual(expect.arrayContaining([{ field: '手机号', before: '139****5678', after: '138****1111' }]));
    const p = await policyRow(policyId);
    expect((p.data as { contacts: Record<string, unknown> }).contacts[world.parties.holder]).toMatchObject({ mobile: '13800001111', address: { type: 'MAIL', detail: '上海市黄浦区中山东一路 1 号' } });
    expect(await env.db.selectFrom('party').select(['phone_masked', 'version']).where('id', '=', world.parties.holder).executeTakeFirstOrThrow()).toEqual(partyBefore);
  });

  it('changes beneficiaries by the new-business rules', async () => {
    const { policyId, proposalId } = await insertIssuedPolicy(env, world, { product: 'term' });
    const change = (beneficiaries: unknown[]) => clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'BENEFICIARY_CHANGE', effectiveDate: TODAY, beneficiaries });
    const short = await change([{ partyId: world.parties.spouse, relation: 'SPOUSE', order: 1, sharePercent: '60' }, { partyId: world.parties.child, relation: 'CHILD', order: 1, sharePercent: '30' }]);
    expect(short.statusCode).toBe(422);
    expect(short.json().error.code).toBe('PROPOSAL_BENEFICIARY_SHARES');
    expect(short.json().error.message).toContain('合计为 90%');
    const insured = await change([{ partyId: world.parties.holder, relation: 'OTHER', order: 1, sharePercent: '100' }]);
    expect(insured.json().error).toMatchObject({ code: 'PROPOSAL_BENEFICIARY_IS_INSURED', details: { field: 'beneficiaries.0.partyId' } });

    const list = [{ partyId: world.parties.spouse, relation: 'SPOUSE', order: 1, sharePercent: '66.67' }, { partyId: world.parties.child, relation: 'CHILD', order: 1, sharePercent: '33.33' }];
    const { res } = await endorse(clerk, policyId, { item: 'BENEFICIARY_CHANGE', effectiveDate: TODAY, beneficiaries: list });
    expect(res.statusCode, res.body).toBe(201);
    expect((await policyRow(policyId)).data).toMatchObject({ beneficiaries: list });
    const rows = await env.db.selectFrom('proposal_party').select(['party_id']).where('proposal_id', '=', proposalId).where('role', '=', 'BENEFICIARY').orderBy('seq').execute();
    expect(rows.map((r) => r.party_id)).toEqual([world.parties.spouse, world.parties.child]);
  });

  it('changes the policyholder after approval (always needed), with the relation checked', async () => {
    const { policyId, proposalId } = await insertIssuedPolicy(env, world, { product: 'term', insuredId: world.parties.child, data: { insuredRelation: 'CHILD' } });
    const wrong = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'POLICYHOLDER_CHANGE', effectiveDate: TODAY, policyholder: { partyId: world.parties.spouse, relation: 'SELF' } });
    expect(wrong.json().error).toMatchObject({ code: 'ENDORSEMENT_RELATION_INVALID', details: { field: 'policyholder.relation' } });
    const { res, body } = await endorse(clerk, policyId, { item: 'POLICYHOLDER_CHANGE', effectiveDate: TODAY, policyholder: { partyId: world.parties.spouse, relation: 'CHILD' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(body).toMatchObject({ state: 'PENDING_APPROVAL', amount: '0.00', direction: null });

    // Only the requester may withdraw; the approver's rejection needs a note.
    const other = await signedIn(env.app, world.users.clerk2.username);
    expect((await other.post(`/api/v1/endorsements/${body.id}/withdraw`)).json().error.code).toBe('ENDORSEMENT_NOT_REQUESTER');
    expect((await approver.post(`/api/v1/endorsements/${body.id}/reject`, {})).statusCode).toBe(400);

    const ok = await approver.post(`/api/v1/endorsements/${body.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await policyRow(policyId)).toMatchObject({ policyholder_id: world.parties.spouse, data: expect.objectContaining({ policyholderId: world.parties.spouse, insuredRelation: 'CHILD' }) });
    expect(await env.db.selectFrom('proposal_party').select('party_id').where('proposal_id', '=', proposalId).where('role', '=', 'POLICYHOLDER').executeTakeFirstOrThrow()).toEqual({ party_id: world.parties.spouse });
  });

  it('withdraws and rejects pending items without touching the policy', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', insuredId: world.parties.child, data: { insuredRelation: 'CHILD' } });
    const input = { item: 'POLICYHOLDER_CHANGE', effectiveDate: TODAY, policyholder: { partyId: world.parties.spouse, relation: 'CHILD' } };
    const first = await endorse(clerk, policyId, input);
    const withdrawn = await clerk.post(`/api/v1/endorsements/${first.body.id}/withdraw`);
    expect(withdrawn.json()).toMatchObject({ state: 'WITHDRAWN' });
    const second = await endorse(clerk, policyId, input);
    const rejected = await approver.post(`/api/v1/endorsements/${second.body.id}/reject`, { note: '资料不全' });
    expect(rejected.json()).toMatchObject({ state: 'REJECTED', decisionNote: '资料不全', decidedBy: { id: world.users.approver.id } });
    expect(await policyRow(policyId)).toMatchObject({ policyholder_id: world.parties.holder, version: 1 });
    expect(await auditActions(first.body.id)).toEqual(['endorsement.request', 'endorsement.withdraw']);
    expect(await auditActions(second.body.id)).toEqual(['endorsement.request', 'endorsement.reject']);
  });

  it('reduces the sum assured (premium pro rata; no cash value in year one) and refuses below the product minimum', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'term', sumAssured: '500000.00', premium: '1200.00' });
    const low = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'SUM_ASSURED_REDUCTION', effectiveDate: TODAY, newSumAssured: '5000.00' });
    expect(low.statusCode).toBe(422);
    expect(low.json().error).toMatchObject({ code: 'SERVICING_BELOW_PRODUCT_MINIMUM', details: { field: 'newSumAssured' } });
    const { res, body } = await endorse(clerk, policyId, { item: 'SUM_ASSURED_REDUCTION', effectiveDate: TODAY, newSumAssured: '300000' });
    expect(res.statusCode, res.body).toBe(201);
    expect(body).toMatchObject({ amount: '0.00', direction: null, state: 'APPLIED', calculation: { figures: { newPremium: '720.00', refund: '0.00' } } });
    const p = await policyRow(policyId);
    expect(p).toMatchObject({ sum_assured: '300000.00', premium: '720.00', state: 'IN_FORCE' });
    expect((p.coverages as { sumInsured: string }[])[0]!.sumInsured).toBe('300000.00');
  });

  it('reissues the policy document as a new version', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl' });
    const { res } = await endorse(clerk, policyId, { item: 'DOCUMENT_REISSUE', effectiveDate: TODAY, reason: '原保单遗失' });
    expect(res.statusCode, res.body).toBe(201);
    expect(await policyRow(policyId)).toMatchObject({ document_version: 2, version: 2 });
  });

  it('checks the effective date', async () => {
    const { policyId } = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2026-08-10' });
    const early = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'DOCUMENT_REISSUE', effectiveDate: '2026-08-09' });
    expect(early.json().error).toMatchObject({ code: 'ENDORSEMENT_EFFECTIVE_DATE_INVALID', details: { field: 'effectiveDate' } });
    const future = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'SURRENDER', effectiveDate: '2026-11-25' });
    expect(future.statusCode).toBe(422);
    expect(future.json().error.message).toContain('不能晚于今天');
  });
});

describe('lists and scope', () => {
  it('lists, filters and exports items in scope; other branches see nothing', async () => {
    const { policyId, policyNo } = await insertIssuedPolicy(env, world, { product: 'ctpl' });
    const { body } = await endorse(clerk, policyId, { item: 'DOCUMENT_REISSUE', effectiveDate: TODAY });
    const page = (await clerk.get(`/api/v1/endorsements?policyId=${policyId}`)).json();
    expect(page).toMatchObject({ total: 1, items: [{ id: body.id, policyNo, item: 'DOCUMENT_REISSUE', state: 'APPLIED' }] });
    expect((await approver.get(`/api/v1/endorsements?q=${body.endorsementNo}`)).json().items.map((i: { id: string }) => i.id)).toEqual([body.id]);
    expect((await clerk.get(`/api/v1/endorsements?item=SURRENDER&policyId=${policyId}`)).json().total).toBe(0);

    const all = (await clerk.get('/api/v1/endorsements?pageSize=2')).json();
    expect(all.items).toHaveLength(2);
    const next = (await clerk.get(`/api/v1/endorsements?pageSize=2&cursor=${all.nextCursor}`)).json();
    expect(next.items[0].id).not.toBe(all.items[1].id);
    expect(new Date(next.items[0].requestedAt) <= new Date(all.items[1].requestedAt)).toBe(true);

    const xlsx = await clerk.get(`/api/v1/endorsements/export?policyId=${policyId}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');

    const elsewhere = await makeOrg(env.db, { code: `X${Date.now().toString(36)}`.toUpperCase() });
    const outsider = await makeUser(env.db, { orgId: elsewhere.id, roles: [{ roleId: await makeRole(env.db, CLERK_PERMISSIONS), scope: 'subtree' }] });
    const out = await signedIn(env.app, outsider.username);
    expect((await out.get(`/api/v1/endorsements/${body.id}`)).statusCode).toBe(404);
    expect((await out.get(`/api/v1/endorsements?policyId=${policyId}`)).json().total).toBe(0);
    expect((await out.post(`/api/v1/policies/${policyId}/endorsements/trial`, { item: 'DOCUMENT_REISSUE', effectiveDate: TODAY })).statusCode).toBe(404);
    expect(new Decimal((await clerk.get(`/api/v1/endorsements/${body.id}`)).json().amount).isZero()).toBe(true);
  });
});

describe('robustness', () => {
  it('answers any trial body with a 2xx or a 4xx with a code, never a 5xx, and changes nothing', async () => {
    const inForce = await insertIssuedPolicy(env, world, { product: 'term', startDate: '2024-06-01', paidToDate: '2026-06-01', coolingOffEnd: '2024-06-16' });
    const lapsed = await insertIssuedPolicy(env, world, { product: 'term', state: 'LAPSED', startDate: '2024-06-01', paidToDate: '2026-06-01' });
    const motor = await insertIssuedPolicy(env, world, { product: 'ctpl', startDate: '2026-03-01' });
    const party = fc.constantFrom(world.parties.holder, world.parties.spouse, world.parties.child, '00000000-0000-7000-8000-000000000000');
    const date = fc.oneof(fc.constantFrom('2024-05-31', '2024-06-01', '2026-02-29', '2026-11-24', '2026-11-25', '2099-12-31', '0000-01-01', ''), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), anyJson);
    const body = fc.record(
      {
        item: fc.oneof(fc.constantFrom(...ENDORSEMENT_ITEM_CODES), anyJson),
        effectiveDate: date,
        reason: fc.oneof(fc.string(), fc.constant(null)),
        contact: fc.oneof(fc.record({ partyId: party, mobile: fc.oneof(fc.constantFrom('13800001111', '1380000', ''), fc.string(), fc.constant(null)), email: fc.oneof(fc.string(), fc.constant(null)), address: fc.oneof(fc.constant(null), fc.record({ type: fc.constantFrom('HOME', 'MAIL', 'X'), detail: fc.string() })) }, { requiredKeys: ['partyId'] }), anyJson),
        beneficiaries: fc.oneof(fc.array(fc.record({ partyId: party, relation: fc.constantFrom('SPOUSE', 'CHILD', 'OTHER'), order: fc.integer({ min: 0, max: 4 }), sharePercent: fc.oneof(fc.constantFrom('100', '50', '33.33', '0', '100.01', '999'), fc.string()) }), { maxLength: 4 }), anyJson),
        policyholder: fc.oneof(fc.record({ partyId: party, relation: fc.constantFrom('SELF', 'SPOUSE', 'EMPLOYEE') }), anyJson),
        newSumAssured: fc.oneof(fc.constantFrom('0', '1', '10000', '499999.99', '500000', '99999999999999.99'), fc.string()),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(inForce.policyId, lapsed.policyId, motor.policyId), body, async (policyId, b) => {
        const res = await clerk.post(`/api/v1/policies/${policyId}/endorsements/trial`, b);
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 300 },
    );
    for (const id of [inForce.policyId, lapsed.policyId, motor.policyId]) expect((await policyRow(id)).version).toBe(1);
  });
});
