// The new-business pipeline through HTTP on a real PostgreSQL: 编号登记 → 录入 → 提交 → 单据校验
// (pricing, automatic underwriting) → 核保 → 收费 → 出单, with its audit, timeline and outbox.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyJson, expectNoServerErrors } from '../../../../test/fuzz';
import { createTestEnv, makeOrg, makeRole, makeUser, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { insertIssuedPolicy, policyWorld, residentId, type PolicyWorld } from '../../../../test/policy-fixtures';
import { HEALTH_QUESTION_CODES } from '../../../contracts/policy';
import { addDays, isValidPolicyNumber } from './numbering.rules';

let env: TestEnv;
let world: PolicyWorld;
let clerk: Client;
let clerk2: Client;
let underwriter: Client;
let senior: Client;
let outsider: Client;
/** Customers of the life tests: one insured per test (the same insured and product twice is a duplicate). */
let people: Record<'wu' | 'zhao' | 'qian' | 'sun' | 'li', string>;
const TODAY = '2026-11-24';
const TOMORROW = '2026-11-25';
const VIN = '1M8GDM9AXKP042788';

beforeAll(async () => {
  env = await createTestEnv();
  world = await policyWorld(env);
  clerk = await signedIn(env.app, world.users.clerk.username);
  clerk2 = await signedIn(env.app, world.users.clerk2.username);
  underwriter = await signedIn(env.app, world.users.underwriter.username);
  senior = await signedIn(env.app, world.users.seniorUnderwriter.username);
  // 核保权限: the underwriter up to 300,000, the senior up to 2,000,000, both for term life and motor.
  const at = new Date();
  for (const [u, max] of [[world.users.underwriter, '300000.00'], [world.users.seniorUnderwriter, '2000000.00']] as const) {
    for (const line of ['TERM_LIFE', 'COMMERCIAL_MOTOR']) {
      await env.db.insertInto('underwriting_authority').values({ user_id: u.id, line, max_sum_assured: max, updated_by: world.users.configurer.id, updated_at: at }).execute();
    }
  }
  const person = async (name: string, birth: string, seq: number) => {
    const res = await clerk.post('/api/v1/parties/persons', { name, idType: 'RESIDENT_ID', idNumber: residentId(birth, seq, '310115'), mobile: '13800001111' });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  people = { wu: await person('吴志强', '19800505', 31), zhao: await person('赵敏', '19850707', 42), qian: await person('钱学林', '19750909', 53), sun: await person('孙丽', '19900202', 64), li: await person('李文博', '19820303', 75) };
  const otherOrg = await makeOrg(env.db, { name: '外地支公司' });
  const role = await makeRole(env.db, ['proposal:read', 'proposal:write', 'proposal:validate', 'proposal:collect', 'proposal:issue', 'party:read']);
  outsider = await signedIn(env.app, (await makeUser(env.db, { orgId: otherOrg.id, roles: [{ roleId: role, scope: 'subtree' }] })).username);
});
afterAll(() => env?.close());

const errorOf = (res: { json(): any }) => res.json().error;
const health = HEALTH_QUESTION_CODES.map((code) => ({ code, answer: false }));

const vehicle = (o: Record<string, unknown> = {}) => ({ plateNo: '沪a 12345', vin: VIN.toLowerCase(), engineNo: 'EA211', brandModel: '大众朗逸', usage: 'FAMILY', seats: 5, registrationDate: '2022-05-01', actualValue: '120000.00', ...o });
const ctplForm = (o: Record<string, unknown> = {}) => ({
  productVersionId: world.products.ctpl.versionId, channel: 'DIRECT', policyholderId: world.parties.holder, insuredId: world.parties.holder, startDate: TOMORROW, paymentMode: 'SINGLE',
  motor: { vehicle: vehicle(), region: '上海', ctplHistory: { claimFreeYears: 2, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } }, ...o,
});
const commercialForm = (o: Record<string, unknown> = {}) => ({
  productVersionId: world.products.commercial.versionId, channel: 'DIRECT', policyholderId: world.parties.holder, insuredId: world.parties.holder, startDate: TOMORROW, paymentMode: 'SINGLE',
  motor: { vehicle: vehicle(), region: '上海', ncdHistory: { claimsLast3Years: 0, consecutiveInsuredYears: 2 }, coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }] }, ...o,
});
const lifeForm = (o: Record<string, unknown> = {}) => ({
  productVersionId: world.products.term.versionId, channel: 'DIRECT', policyholderId: world.parties.holder, insuredId: world.parties.holder, insuredRelation: 'SELF', startDate: '2026-12-01',
  sumAssured: '800000.00', coverageTerm: 20, paymentMode: 'ANNUAL', paymentTerm: 20, life: { occupationClass: 1, health },
  beneficiaries: [{ partyId: world.parties.spouse, relation: 'SPOUSE', order: 1, sharePercent: '60' }, { partyId: world.parties.child, relation: 'CHILD', order: 1, sharePercent: '40' }], ...o,
});

async function created(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/v1/proposals', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function act(c: Client, id: string, action: string, body?: unknown, status = 200) {
  const res = await c.post(`/api/v1/proposals/${id}/${action}`, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(status);
  return res.json();
}
/** Registered, submitted and validated: the detail after validation. */
async function validated(body: Record<string, unknown>, c = clerk) {
  const p = await created(c, body);
  await act(c, p.id, 'submit');
  return act(c, p.id, 'validate');
}

describe('motor: 交强险 + 商业车险 bundled, from registration to issue', () => {
  it('runs the whole pipeline over HTTP with exact premiums, dates, numbers, audit and outbox', async () => {
    // 编号登记 with the vehicle only, then 单据录入 completes the form.
    const ctpl = await created(clerk, { productVersionId: world.products.ctpl.versionId, channel: 'DIRECT', startDate: TOMORROW });
    expect(ctpl).toMatchObject({ state: 'DRAFT', version: 1, product: { line: 'CTPL' }, org: { id: world.org.id }, registeredBy: { id: world.users.clerk.id }, actions: ['submit', 'withdraw'] });
    expect(ctpl.proposalNo).toMatch(/^TB[A-Z0-9]*\d{10}$/);
    expect(ctpl.timeline.map((e: any) => e.label)).toEqual(['编号登记']);
    const comm = await created(clerk, { ...commercialForm(), bundleWith: ctpl.id });
    expect(comm.bundleId).toBe(ctpl.id);

    const put = await clerk2.put(`/api/v1/proposals/${ctpl.id}`, { ...ctplForm(), version: 1 });
    expect(put.statusCode, put.body).toBe(200);
    const entered = put.json();
    expect(entered).toMatchObject({ version: 2, bundleId: ctpl.id, enteredBy: { id: world.users.clerk2.id }, plateNo: '沪A12345', policyholder: { name: '张建华' }, insuredParty: { idNumberMasked: expect.stringMatching(/\*{4}/) } });
    expect(entered.data.motor.vehicle).toMatchObject({ vin: VIN, plateNo: '沪A12345' });
    // The first entry's copy is stale now.
    expect(errorOf(await clerk.put(`/api/v1/proposals/${ctpl.id}`, { ...ctplForm(), version: 1 }))).toMatchObject({ code: 'PROPOSAL_STALE' });

    for (const p of [ctpl, comm]) {
      expect((await act(clerk, p.id, 'submit')).state).toBe('PENDING_VALIDATION');
      const v = await act(clerk, p.id, 'validate');
      expect(v, JSON.stringify(v.problems)).toMatchObject({ state: 'PENDING_PAYMENT', problems: [], uwAuto: { outcome: 'PASS', reasons: [] }, underwriting: { decision: 'STANDARD', decidedBy: null }, uwReferred: false });
      expect(v.collection).toMatchObject({ amount: v.premium, received: '0.00', outstanding: v.premium, status: 'OPEN' });
      expect(v.actions).toEqual(expect.arrayContaining(['record-payment', 'issue', 'withdraw']));
      expect(v.timeline.map((e: any) => [e.action, e.toState, e.actor?.id ?? null])).toEqual([
        ['create', 'DRAFT', world.users.clerk.id],
        ...(p === ctpl ? [['update', 'DRAFT', world.users.clerk2.id]] : []),
        ['submit', 'PENDING_VALIDATION', world.users.clerk.id],
        ['validate', 'PENDING_UNDERWRITING', world.users.clerk.id],
        ['auto-underwrite', 'UW_ACCEPTED', null],
        ['request-payment', 'PENDING_PAYMENT', null],
      ]);
      p.validated = v;
    }

    // The premium is exactly what the rating endpoints answer for the same vehicle.
    const ctplRate = await clerk.post('/api/v1/rating/ctpl', { vehicle: { usage: 'FAMILY', seats: 5 }, region: '上海', history: { claimFreeYears: 2, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false } });
    expect(ctplRate.statusCode).toBe(200);
    expect(ctpl.validated.premium).toBe(ctplRate.json().premium);
    expect(ctpl.validated.quote).toMatchObject({ premium: ctplRate.json().premium, ctpl: ctplRate.json(), explanation: expect.arrayContaining([expect.stringContaining('保费 =')]) });
    const commRate = await clerk.post('/api/v1/rating/commercial', { vehicle: { usage: 'FAMILY', seats: 5, ageYears: 4, actualValue: '120000.00' }, region: '上海', coverages: [{ code: 'CAR_DAMAGE' }, { code: 'THIRD_PARTY', limit: '1000000' }], history: { claimsLast3Years: 0, consecutiveInsuredYears: 2 } });
    expect(commRate.statusCode, commRate.body).toBe(200);
    expect(comm.validated.premium).toBe(commRate.json().premium);

    // Not paid: no issue. Partial payment, then the rest.
    expect(errorOf(await clerk.post(`/api/v1/proposals/${ctpl.id}/issue`, {}))).toMatchObject({ code: 'PROPOSAL_GUARD_FAILED', details: { guard: 'NOT_FULLY_PAID', state: 'PENDING_PAYMENT' } });
    const premium = ctpl.validated.premium as string;
    const part = await act(clerk, ctpl.id, 'payments', { amount: '100.00', method: 'CASH', receivedOn: TODAY });
    expect(part.collection).toMatchObject({ received: '100.00', status: 'OPEN' });
    expect(part.state).toBe('PENDING_PAYMENT');
    expect(errorOf(await clerk.post(`/api/v1/proposals/${ctpl.id}/payments`, { amount: '1.00', method: 'POS', receivedOn: TODAY }))).toMatchObject({ code: 'PAYMENT_REFERENCE_REQUIRED', details: { field: 'reference' } });
    expect(errorOf(await clerk.post(`/api/v1/proposals/${ctpl.id}/payments`, { amount: '1.00', method: 'CASH', receivedOn: TOMORROW }))).toMatchObject({ code: 'PAYMENT_DATE_INVALID', details: { field: 'receivedOn' } });
    const rest = (Number(premium.replace('.', '')) - 10000).toString().padStart(3, '0');
    const restAmount = `${rest.slice(0, -2)}.${rest.slice(-2)}`;
    const paid = await act(clerk2, ctpl.id, 'payments', { amount: restAmount, method: 'BANK_TRANSFER', reference: 'TX-20261124-0001', receivedOn: TODAY });
    expect(paid.collection).toMatchObject({ received: premium, outstanding: '0.00', status: 'SETTLED', receipts: [{ amount: '100.00', method: 'CASH' }, { amount: restAmount, reference: 'TX-20261124-0001', recordedBy: { id: world.users.clerk2.id } }] });
    await act(clerk, comm.id, 'payments', { amount: comm.validated.premium, method: 'POS', reference: 'POS-778899', receivedOn: TODAY });

    // 出单.
    const issued = await act(clerk, ctpl.id, 'issue', {}, 201);
    expect(issued.proposal).toMatchObject({ state: 'ISSUED', policy: { id: expect.any(String), policyNo: expect.any(String) }, actions: [] });
    const policyNo = issued.proposal.policy.policyNo as string;
    expect(isValidPolicyNumber(policyNo)).toBe(true);
    expect(issued.policy).toMatchObject({ id: issued.proposal.policy.id, policyNo, state: 'IN_FORCE', premium, startDate: TOMORROW, endDate: '2027-11-24', proposal: { id: ctpl.id } });
    expect(policyNo).toMatch(new RegExp(`^P-${world.org.code}-${world.products.ctpl.code}-2026\\d{8}[0-9A-Z]{2}$`));
    const policyRow = await env.db.selectFrom('policy').selectAll().where('id', '=', issued.proposal.policy.id).executeTakeFirstOrThrow();
    expect(policyRow).toMatchObject({
      policy_no: policyNo, state: 'IN_FORCE', line: 'CTPL', premium, start_date: TOMORROW, end_date: '2027-11-24', receipt_date: null, cooling_off_end: null, paid_to_date: null,
      vin: VIN, plate_no: '沪A12345', payment_mode: 'SINGLE', coverage_term: 1, issued_by: world.users.clerk.id,
    });
    expect(policyRow.starts_at.toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(policyRow.ends_at!.toISOString()).toBe('2027-11-24T16:00:00.000Z');
    expect(policyRow.coverages).toEqual([
      { code: 'DEATH_DISABILITY', name: '死亡伤残赔偿限额', limit: '180000.00', deductible: null, sumInsured: null, premium: null },
      { code: 'MEDICAL', name: '医疗费用赔偿限额', limit: '18000.00', deductible: null, sumInsured: null, premium: null },
      { code: 'PROPERTY', name: '财产损失赔偿限额', limit: '2000.00', deductible: null, sumInsured: null, premium: null },
    ]);

    const event = await env.db.selectFrom('domain_event').selectAll().where('type', '=', 'policy.issued').where('aggregate_id', '=', policyRow.id).executeTakeFirstOrThrow();
    expect(event.aggregate_type).toBe('policy');
    expect(event.payload).toEqual({
      policyId: policyRow.id, policyNo, proposalId: ctpl.id, proposalNo: ctpl.proposalNo, orgId: world.org.id,
      product: { code: world.products.ctpl.code, name: expect.any(String), line: 'CTPL', versionNo: 1 },
      parties: [{ role: 'POLICYHOLDER', partyId: world.parties.holder, name: '张建华' }, { role: 'INSURED', partyId: world.parties.holder, name: '张建华' }],
      dates: { issuedAt: env.clock.now().toISOString(), startDate: TOMORROW, endDate: '2027-11-24', receiptDate: null, coolingOffEnd: null },
      premium, extraPremium: '0.00',
      documents: [{ kind: 'POLICY_SCHEDULE', href: `/api/v1/policies/${policyRow.id}/schedule.pdf` }],
      retention: { years: 5, basis: 'DOMAIN.md §6 records' },
    });

    const audit = await env.db.selectFrom('audit_event').select(['action', 'username']).where('object_id', '=', ctpl.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual([
      'proposal.create', 'proposal.update', 'proposal.submit', 'proposal.validate', 'proposal.underwrite', 'proposal.request-payment',
      'proposal.record-payment', 'proposal.record-payment', 'proposal.issue',
    ]);

    // The commercial policy lists its coverages with their premiums.
    const commIssued = await act(clerk, comm.id, 'issue', {}, 201);
    const commRow = await env.db.selectFrom('policy').select(['coverages', 'premium']).where('id', '=', commIssued.proposal.policy.id).executeTakeFirstOrThrow();
    expect(commRow.coverages).toEqual(commRate.json().lines.map((l: any) => expect.objectContaining({ code: l.code, premium: l.premium })));
    expect((commRow.coverages as any[]).find((c) => c.code === 'THIRD_PARTY').limit).toBe('1000000.00');

    // Issuing twice: 409 naming 已承保.
    const twice = errorOf(await clerk.post(`/api/v1/proposals/${ctpl.id}/issue`, {}));
    expect(twice).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'ISSUED' } });
    expect(twice.message).toContain('已承保');
  });

  it('refuses a second 交强险 for the same vehicle while one is in force, naming the policy', async () => {
    const vin = 'LSVAM4187C2184847';
    const existing = await insertIssuedPolicy(env, world, { product: 'ctpl', vin, plateNo: '沪B54321', startDate: '2026-06-01' });
    const v = await validated(ctplForm({ motor: { vehicle: vehicle({ vin, plateNo: '沪B54321' }), region: '上海' } }));
    expect(v.state).toBe('DRAFT');
    expect(v.problems).toEqual([{ code: 'PROPOSAL_DUPLICATE_POLICY', field: 'motor.vehicle.vin', message: expect.stringContaining(existing.policyNo) }]);
    // The same vehicle by plate only (a different VIN typed) is still the same car.
    const byPlate = await validated(ctplForm({ motor: { vehicle: vehicle({ vin: '11111111111111111', plateNo: '沪B54321' }), region: '上海' } }));
    expect(byPlate.problems.map((p: any) => p.code)).toEqual(['PROPOSAL_DUPLICATE_POLICY']);
  });
});

describe('life: referral beyond authority, conditional acceptance, cooling-off', () => {
  it('refers 800,000 to an underwriter with enough authority, who accepts with an extra premium', async () => {
    const v = await validated(lifeForm());
    expect(v).toMatchObject({ state: 'PENDING_UNDERWRITING', uwReferred: true, uwAuto: { outcome: 'REFER', reasons: [{ rule: 'SUM_ASSURED', field: 'sumAssured' }] }, collection: null });
    expect(v.quote.life).toMatchObject({ term: 20, paymentTerm: 20, paymentMode: 'ANNUAL' });
    expect(v.premium).toBe(v.quote.premium);
    expect(v.timeline.at(-1)).toMatchObject({ action: 'auto-underwrite', label: '自动核保', actor: null, toState: 'PENDING_UNDERWRITING' });
    expect(v.actions).not.toContain('underwrite');

    // 300,000 of authority: not in the queue, and 403 naming the limit.
    const q1 = (await underwriter.get('/api/v1/underwriting/queue')).json();
    expect(q1.items.map((p: any) => p.id)).not.toContain(v.id);
    const refused = await underwriter.post(`/api/v1/proposals/${v.id}/underwrite`, { decision: 'STANDARD' });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused)).toMatchObject({ code: 'UW_AUTHORITY_EXCEEDED', details: { limit: '300000.00', sumAssured: '800000.00' } });
    expect(errorOf(refused).message).toContain('300000.00');

    // The senior sees it, and decides: a reason and conditions are required.
    const q2 = (await senior.get('/api/v1/underwriting/queue?line=TERM_LIFE')).json();
    expect(q2.items.map((p: any) => p.id)).toContain(v.id);
    const detailForSenior = (await senior.get(`/api/v1/proposals/${v.id}`)).json();
    expect(detailForSenior.actions).toEqual(['underwrite']);
    expect(errorOf(await senior.post(`/api/v1/proposals/${v.id}/underwrite`, { decision: 'CONDITIONAL', extraPremium: '300.00' }))).toMatchObject({ code: 'PROPOSAL_REASON_REQUIRED', details: { field: 'reason' } });
    expect(errorOf(await senior.post(`/api/v1/proposals/${v.id}/underwrite`, { decision: 'CONDITIONAL', reason: '体检血压偏高' }))).toMatchObject({ code: 'UW_CONDITIONS_REQUIRED' });
    const cond = await act(senior, v.id, 'underwrite', { decision: 'CONDITIONAL', reason: '体检血压偏高', conditions: '加费承保', extraPremium: '300.00' });
    expect(cond).toMatchObject({ state: 'UW_CONDITIONAL', extraPremium: '300.00', underwriting: { decision: 'CONDITIONAL', reason: '体检血压偏高', conditions: '加费承保', decidedBy: { id: world.users.seniorUnderwriter.id } }, collection: null });
    // No payment before the policyholder accepts.
    expect(errorOf(await clerk.post(`/api/v1/proposals/${v.id}/payments`, { amount: '1.00', method: 'CASH', receivedOn: TODAY }))).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'UW_CONDITIONAL' } });

    const accepted = await act(clerk, v.id, 'accept-conditions');
    const due = (Number(v.premium) * 100 + 30000) / 100;
    expect(accepted.state).toBe('PENDING_PAYMENT');
    expect(accepted.collection.amount).toBe(due.toFixed(2));
    await act(clerk, v.id, 'payments', { amount: accepted.collection.amount, method: 'BANK_TRANSFER', reference: 'LIFE-0001', receivedOn: TODAY });

    const issued = await act(clerk, v.id, 'issue', { receiptDate: TODAY }, 201);
    const policy = await env.db.selectFrom('policy').selectAll().where('id', '=', issued.proposal.policy.id).executeTakeFirstOrThrow();
    expect(policy).toMatchObject({
      line: 'TERM_LIFE', premium: v.premium, extra_premium: '300.00', sum_assured: '800000.00', coverage_term: 20, payment_mode: 'ANNUAL', payment_term: 20,
      start_date: '2026-12-01', end_date: '2046-11-30', receipt_date: TODAY, cooling_off_end: addDays(TODAY, 15), paid_to_date: '2027-12-01',
    });
    expect(policy.coverages).toEqual([{ code: 'DEATH', name: '身故保险金', limit: null, deductible: null, sumInsured: '800000.00', premium: v.premium }]);
    const event = await env.db.selectFrom('domain_event').select('payload').where('aggregate_id', '=', policy.id).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ retention: { years: 10 }, dates: { coolingOffEnd: '2026-12-09', receiptDate: TODAY }, parties: expect.arrayContaining([{ role: 'BENEFICIARY', partyId: world.parties.child, name: '张小宝' }]) });
  });

  it('declines and postpones for good, each with a reason; refused conditions withdraw the proposal', async () => {
    const a = await validated(lifeForm({ sumAssured: '600000.00', policyholderId: people.wu, insuredId: people.wu, beneficiaries: [] }));
    const declined = await act(senior, a.id, 'underwrite', { decision: 'DECLINED', reason: '既往病史' });
    expect(declined).toMatchObject({ state: 'UW_DECLINED', actions: [] });
    expect(errorOf(await senior.post(`/api/v1/proposals/${a.id}/underwrite`, { decision: 'STANDARD' }))).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'UW_DECLINED' } });
    const b = await validated(lifeForm({ sumAssured: '600000.00', policyholderId: people.sun, insuredId: people.sun, beneficiaries: [] }));
    expect(await act(senior, b.id, 'underwrite', { decision: 'POSTPONED', reason: '待复查' })).toMatchObject({ state: 'UW_POSTPONED', actions: [] });
    // Conditions the policyholder refuses: 撤回, no receivable ever raised.
    const c = await validated(lifeForm({ sumAssured: '600000.00', policyholderId: people.li, insuredId: people.li, beneficiaries: [] }));
    await act(senior, c.id, 'underwrite', { decision: 'CONDITIONAL', reason: '职业风险', conditions: '除外高空作业意外' });
    expect(errorOf(await clerk.post(`/api/v1/proposals/${c.id}/request-payment`))).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'UW_CONDITIONAL' } });
    const rejected = await act(clerk, c.id, 'reject-conditions', { reason: '客户不接受除外责任' });
    expect(rejected).toMatchObject({ state: 'WITHDRAWN', collection: null });
    expect(rejected.timeline.at(-1)).toMatchObject({ action: 'reject-conditions', label: '不接受承保条件', note: '客户不接受除外责任' });
  });

  it('lets an underwriter within authority accept at standard terms: payment is requested at once', async () => {
    const v = await validated(lifeForm({ sumAssured: '300000.00', insuredId: world.parties.elderly, insuredRelation: 'PARENT', beneficiaries: [] }));
    // 王福贵 is 76: outside the product's 18–60 → back to 草稿 with the problem.
    expect(v.state).toBe('DRAFT');
    expect(v.problems.map((p: any) => `${p.code}@${p.field}`)).toEqual(['PROPOSAL_AGE_OUT_OF_RANGE@insuredId']);
    const health1 = health.map((h, i) => (i === 0 ? { ...h, answer: true, detail: '2025 年阑尾炎住院' } : h));
    const r = await validated(lifeForm({ sumAssured: '300000.00', policyholderId: people.zhao, insuredId: people.zhao, beneficiaries: [], life: { occupationClass: 1, health: health1 } }));
    expect(r.uwAuto).toEqual({ outcome: 'REFER', reasons: [{ rule: 'HEALTH', field: 'life.health.0.answer', message: expect.stringContaining('住院') }] });
    const ok = await act(underwriter, r.id, 'underwrite', { decision: 'STANDARD' });
    expect(ok).toMatchObject({ state: 'PENDING_PAYMENT', underwriting: { decision: 'STANDARD', decidedBy: { id: world.users.underwriter.id } }, collection: { amount: r.premium } });
  });
});

describe('单据校验 answers every problem at once', () => {
  it('goes back to 草稿 with all problems, each naming its field; /check changes nothing', async () => {
    const p = await created(clerk, lifeForm({
      startDate: '2026-11-20', sumAssured: '5000.00', coverageTerm: 15, insuredId: world.parties.spouse, insuredRelation: 'SELF',
      beneficiaries: [{ partyId: world.parties.spouse, relation: 'SPOUSE', order: 1, sharePercent: '33.33' }, { partyId: world.parties.child, relation: 'CHILD', order: 1, sharePercent: '33.33' }],
      life: { occupationClass: 1, health: [{ code: 'HOSPITAL_2Y', answer: true }] },
    }));
    const dry = await act(clerk, p.id, 'check');
    const expected = [
      'PROPOSAL_START_DATE_INVALID@startDate', 'PROPOSAL_SUM_ASSURED_OUT_OF_RANGE@sumAssured', 'PROPOSAL_TERM_NOT_OFFERED@coverageTerm', 'PROPOSAL_INSURABLE_INTEREST@insuredRelation',
      'PROPOSAL_BENEFICIARY_IS_INSURED@beneficiaries.0.partyId', 'PROPOSAL_BENEFICIARY_SHARES@beneficiaries.0.sharePercent',
      'PROPOSAL_FIELD_REQUIRED@life.health', 'PROPOSAL_FIELD_REQUIRED@life.health', 'PROPOSAL_FIELD_REQUIRED@life.health', 'PROPOSAL_FIELD_REQUIRED@life.health',
      'PROPOSAL_HEALTH_DETAIL_REQUIRED@life.health.0.detail',
    ];
    expect(dry.problems.map((x: any) => `${x.code}@${x.field}`)).toEqual(expected);
    expect(dry.quote).toBeNull();
    expect((await clerk.get(`/api/v1/proposals/${p.id}`)).json()).toMatchObject({ state: 'DRAFT', version: 1, problems: [] });

    await act(clerk, p.id, 'submit');
    const v = await act(clerk, p.id, 'validate');
    expect(v).toMatchObject({ state: 'DRAFT', quote: null, premium: null, version: 3 });
    expect(v.problems.map((x: any) => `${x.code}@${x.field}`)).toEqual(expected);
    expect(v.problems[0].message).toBe('起保日期：不能早于今天（2026-11-24）');
    // Back in 草稿 it can be corrected and submitted again.
    const fixed = await clerk.put(`/api/v1/proposals/${p.id}`, { ...lifeForm({ sumAssured: '200000.00', policyholderId: people.qian, insuredId: people.qian, beneficiaries: [] }), version: v.version });
    expect(fixed.statusCode, fixed.body).toBe(200);
    await act(clerk, p.id, 'submit');
    expect((await act(clerk, p.id, 'validate')).state).toBe('PENDING_PAYMENT');
  });

  it('/check prices a form that can be priced while other problems are still open', async () => {
    const res = await clerk.post('/api/v1/parties/persons', { name: '周晓燕', idType: 'RESIDENT_ID', idNumber: residentId('19870808', 86, '310115'), mobile: '13800002222' });
    expect(res.statusCode, res.body).toBe(201);
    const insured = res.json().id as string;
    const p = await created(clerk, lifeForm({ sumAssured: '200000.00', policyholderId: insured, insuredId: insured, beneficiaries: [{ partyId: people.li, relation: 'OTHER', order: 1, sharePercent: '60' }] }));
    const dry = await act(clerk, p.id, 'check');
    expect(dry.problems.map((x: any) => `${x.code}@${x.field}`)).toEqual(['PROPOSAL_BENEFICIARY_SHARES@beneficiaries.0.sharePercent']);
    expect(dry.quote).toMatchObject({ premium: expect.stringMatching(/^[1-9]\d*\.\d{2}$/), explanation: expect.arrayContaining([expect.stringContaining('生命表')]) });
  });

  it('turns a rating engine refusal into a problem on the form field', async () => {
    const v = await validated(ctplForm({ motor: { vehicle: vehicle({ vin: '2M8GDM9A7KP042788', plateNo: null }), region: '火星' } }));
    expect(v.state).toBe('DRAFT');
    expect(v.problems).toEqual([{ code: 'CTPL_REGION_UNKNOWN', field: 'motor.region', message: expect.stringContaining('火星') }]);
  });
});

describe('entry, shapes and transitions', () => {
  it('registers only on a quotable version and an allowed channel, inside the caller scope', async () => {
    expect(errorOf(await clerk.post('/api/v1/proposals', { productVersionId: '00000000-0000-7000-8000-000000000000', channel: 'DIRECT' }))).toMatchObject({ code: 'PRODUCT_NOT_QUOTABLE', details: { field: 'productVersionId' } });
    const bank = await clerk.post('/api/v1/proposals', { productVersionId: world.products.ctpl.versionId, channel: 'BANCASSURANCE' });
    expect(bank.statusCode).toBe(422);
    expect(errorOf(bank)).toMatchObject({ code: 'PRODUCT_CHANNEL_NOT_ALLOWED', details: { field: 'channel' } });
    expect(errorOf(bank).message).toMatch(/^销售渠道：/);
    const root = await env.db.selectFrom('org').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    expect(errorOf(await clerk.post('/api/v1/proposals', { ...ctplForm(), orgId: root.id }))).toMatchObject({ code: 'PROPOSAL_ORG_OUT_OF_SCOPE', details: { field: 'orgId' } });
    expect(errorOf(await clerk.post('/api/v1/proposals', { ...ctplForm(), insuredId: '00000000-0000-7000-8000-000000000001' }))).toMatchObject({ code: 'PROPOSAL_PARTY_NOT_FOUND', details: { field: 'insuredId' } });
    expect(errorOf(await clerk.post('/api/v1/proposals', { ...ctplForm(), surprise: 1 }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'surprise' } });
  });

  it('edits only drafts and refuses illegal transitions naming the state', async () => {
    const p = await created(clerk, ctplForm({ motor: { vehicle: vehicle({ vin: '3M8GDM9A4KP042788', plateNo: '沪C24680' }), region: '上海' } }));
    expect(errorOf(await clerk.post(`/api/v1/proposals/${p.id}/validate`))).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'DRAFT' } });
    expect(errorOf(await clerk.post(`/api/v1/proposals/${p.id}/issue`, {})).message).toBe('投保单当前状态为「草稿」，不能出单');
    await act(clerk, p.id, 'submit');
    const put = await clerk.put(`/api/v1/proposals/${p.id}`, { ...ctplForm(), version: 2 });
    expect(put.statusCode).toBe(409);
    expect(errorOf(put)).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'PENDING_VALIDATION' } });
    expect(errorOf(put).message).toContain('待校验');
    const v = await act(clerk, p.id, 'validate');
    expect(v.state).toBe('PENDING_PAYMENT');
    // Withdraw needs a reason, then the open receivable is cancelled and nothing more can be paid.
    expect((await clerk.post(`/api/v1/proposals/${p.id}/withdraw`, { reason: '' })).statusCode).toBe(400);
    expect(errorOf(await clerk.post(`/api/v1/proposals/${p.id}/withdraw`, { reason: '  ' }))).toMatchObject({ code: 'PROPOSAL_REASON_REQUIRED' });
    const w = await act(clerk, p.id, 'withdraw', { reason: '客户改投他司' });
    expect(w).toMatchObject({ state: 'WITHDRAWN', collection: { status: 'CANCELLED' }, actions: [] });
    expect(w.timeline.at(-1)).toMatchObject({ action: 'withdraw', note: '客户改投他司' });
    const pay = await clerk.post(`/api/v1/proposals/${p.id}/payments`, { amount: '10.00', method: 'CASH', receivedOn: TODAY });
    expect(pay.statusCode).toBe(409);
    expect(errorOf(pay)).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', details: { state: 'WITHDRAWN' } });
  });

  it('refuses to withdraw while money is recorded, and to issue once the start date has passed', async () => {
    const v = await validated(ctplForm({ motor: { vehicle: vehicle({ vin: '4M8GDM9A1KP042788', plateNo: '沪D13579' }), region: '上海' } }));
    await act(clerk, v.id, 'payments', { amount: '50.00', method: 'CASH', receivedOn: TODAY });
    expect(errorOf(await clerk.post(`/api/v1/proposals/${v.id}/withdraw`, { reason: '不要了' }))).toMatchObject({ code: 'PROPOSAL_GUARD_FAILED', details: { guard: 'HAS_RECEIPTS', state: 'PENDING_PAYMENT' } });
    const over = await clerk.post(`/api/v1/proposals/${v.id}/payments`, { amount: '99999.00', method: 'CASH', receivedOn: TODAY });
    expect(errorOf(over)).toMatchObject({ code: 'BILLING_OVERPAYMENT', details: { field: 'amount' } });
    await act(clerk, v.id, 'payments', { amount: (Number(v.premium) - 50).toFixed(2), method: 'CASH', receivedOn: TODAY });
    const saved = env.clock.now();
    env.clock.set(new Date('2026-11-26T02:00:00Z'));
    try {
      const lateClerk = await signedIn(env.app, world.users.clerk.username);
      const late = await lateClerk.post(`/api/v1/proposals/${v.id}/issue`, {});
      expect(late.statusCode).toBe(409);
      expect(errorOf(late)).toMatchObject({ code: 'PROPOSAL_START_DATE_PASSED', details: { field: 'startDate' } });
      expect(errorOf(late).message).toContain('只有草稿可以修改起保日期');
    } finally {
      env.clock.set(saved);
    }
  });

  it('hides proposals of another branch (404) and answers no 5xx to any body', async () => {
    const p = await created(clerk, { productVersionId: world.products.ctpl.versionId, channel: 'DIRECT' });
    for (const res of [await outsider.get(`/api/v1/proposals/${p.id}`), await outsider.post(`/api/v1/proposals/${p.id}/submit`), await outsider.put(`/api/v1/proposals/${p.id}`, { ...ctplForm(), version: 1 })]) {
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('PROPOSAL_NOT_FOUND');
    }
    expect((await outsider.get('/api/v1/proposals')).json().items).toEqual([]);

    const form = fc.record(
      {
        productVersionId: fc.oneof(fc.constant(world.products.ctpl.versionId), fc.constant(world.products.term.versionId), fc.uuid(), fc.string()),
        channel: fc.oneof(fc.constantFrom('DIRECT', 'AGENT', 'BANCASSURANCE'), fc.string()),
        policyholderId: fc.oneof(fc.constant(world.parties.holder), fc.uuid(), fc.constant(null)),
        startDate: fc.oneof(fc.constant(TOMORROW), fc.string(), fc.constant('2026-02-30')),
        sumAssured: fc.oneof(fc.constant('100000.00'), fc.string(), fc.constant('99999999999999.99')),
        coverageTerm: fc.oneof(fc.integer(), fc.constant(null)),
        beneficiaries: fc.array(fc.record({ partyId: fc.oneof(fc.uuid(), fc.constant(world.parties.spouse)), relation: fc.constantFrom('SPOUSE', 'OTHER', 'X'), order: fc.integer(), sharePercent: fc.string() }, { requiredKeys: [] }), { maxLength: 3 }),
        motor: fc.oneof(fc.constant(null), fc.record({ vehicle: fc.record({ vin: fc.string(), plateNo: fc.string(), usage: fc.constantFrom('FAMILY', 'TRUCK_BUSINESS', 'x'), seats: fc.integer() }, { requiredKeys: [] }), region: fc.string() }, { requiredKeys: [] }), anyJson),
        life: fc.oneof(fc.constant(null), anyJson),
      },
      { requiredKeys: [] },
    );
    await expectNoServerErrors(clerk, '/api/v1/proposals', fc.oneof(form, anyJson), 120);
    const target = await created(clerk, { productVersionId: world.products.term.versionId, channel: 'DIRECT' });
    await fc.assert(
      fc.asyncProperty(fc.oneof(form.map((f) => ({ ...f, version: 1 })), anyJson), async (body) => {
        const res = await clerk.put(`/api/v1/proposals/${target.id}`, body);
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { numRuns: 120 },
    );
    // Whatever was accepted, validation still answers problems, not errors.
    const after = (await clerk.get(`/api/v1/proposals/${target.id}`)).json();
    expect((await clerk.post(`/api/v1/proposals/${target.id}/check`)).statusCode).toBe(200);
    expect(after.state).toBe('DRAFT');
  });
});

describe('lists', () => {
  it('filters by state, line, search and mine; pages by cursor; exports xlsx with an audit row', async () => {
    const mine = await created(clerk2, ctplForm({ motor: { vehicle: vehicle({ vin: '5M8GDM9A9KP042788', plateNo: '沪E97531' }), region: '上海' } }));
    const list = (qs: string, c = clerk) => c.get(`/api/v1/proposals?${qs}`).then((r) => { expect(r.statusCode, r.body).toBe(200); return r.json(); });
    expect((await list('mine=true', clerk2)).items.map((p: any) => p.id)).toEqual([mine.id]);
    expect((await list('q=沪E97531')).items.map((p: any) => p.id)).toEqual([mine.id]);
    expect((await list('q=沪e 975')).items.map((p: any) => p.id)).toEqual([mine.id]);
    expect((await list(`q=${mine.proposalNo.slice(-6)}`)).items.map((p: any) => p.id)).toContain(mine.id);
    const byName = await list('q=张建华&productLine=TERM_LIFE');
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((p: any) => p.product.line === 'TERM_LIFE' && (p.policyholder?.name === '张建华' || p.insured?.name === '张建华'))).toBe(true);
    const issued = await list('state=ISSUED&state=WITHDRAWN');
    expect(issued.items.length).toBeGreaterThan(0);
    expect(issued.items.every((p: any) => ['ISSUED', 'WITHDRAWN'].includes(p.state))).toBe(true);
    expect((await list('referred=true')).items.every((p: any) => p.uwReferred && p.state === 'PENDING_UNDERWRITING')).toBe(true);
    expect((await list(`dateFrom=${TOMORROW}`)).items).toEqual([]);

    const all = await list('pageSize=200&sort=proposalNo');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pg: any = await list(`pageSize=3&sort=proposalNo${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...pg.items.map((p: any) => p.proposalNo));
      cursor = pg.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((p: any) => p.proposalNo));
    expect(seen).toEqual([...seen].sort());
    expect(all.total).toBe(seen.length);

    const x = await clerk.get('/api/v1/proposals/export?state=ISSUED');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('投保单号');
    expect(ws.getRow(2).getCell(2).value).toBe('已承保');
    const audit = await env.db.selectFrom('audit_event').select('details').where('action', '=', 'proposal.export').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ filters: { state: ['ISSUED'] }, rows: ws.rowCount - 1 });
    expect((await underwriter.get('/api/v1/proposals/export')).statusCode).toBe(403);
  });

  it('finds the partner proposal of a 交强险+商业车险 bundle by bundleId, inside the caller scope only', async () => {
    const car = vehicle({ vin: '6M8GDM9A0KP042788', plateNo: '沪F24680' });
    const ctpl = await created(clerk, ctplForm({ motor: { ...ctplForm().motor, vehicle: car } }));
    const comm = await created(clerk, commercialForm({ motor: { ...commercialForm().motor, vehicle: car }, bundleWith: ctpl.id }));
    await created(clerk, ctplForm({ motor: { vehicle: vehicle({ vin: '7M8GDM9A2KP042788', plateNo: '沪F13579' }), region: '上海' } }));
    const list = (qs: string, c = clerk) => c.get(`/api/v1/proposals?${qs}`);
    const res = await list(`bundleId=${ctpl.id}&sort=createdAt`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, items: [{ id: ctpl.id, bundleId: ctpl.id, product: { line: 'CTPL' } }, { id: comm.id, bundleId: ctpl.id, product: { line: 'COMMERCIAL_MOTOR' } }] });
    // Combined with the other filters: the partner of the 交强险 is the 商业车险 of the same bundle.
    expect((await list(`bundleId=${ctpl.id}&productLine=COMMERCIAL_MOTOR`)).json().items.map((p: any) => p.id)).toEqual([comm.id]);
    expect((await list(`bundleId=${comm.id}`)).json()).toMatchObject({ total: 0, items: [] });
    expect((await list(`bundleId=${ctpl.id}`, outsider)).json()).toMatchObject({ total: 0, items: [] });
    const bad = await list('bundleId=ABC');
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('VALIDATION_FAILED');
  });
});
