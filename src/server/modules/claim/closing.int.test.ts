import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimDetail, ClaimKpis, ClaimPayment, ClaimReviewRow } from '../../../contracts/claim';
import { claimWorld, type ClaimWorld } from '../../../../test/claim-fixtures';
import { createTestEnv, makeOrg, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { createModules } from '../../modules';
import { uuidv7 } from '../../platform/ids';
import { createBilling } from '../policy/billing';
import { createPiiCrypto, resolvePiiKey } from '../../platform/pii-crypto';
import { createPaymentService } from './payment.service';
import { insertClaim, paymentBody, type ClaimSetup } from './payment.test-fixtures';

let env: TestEnv;
let world: ClaimWorld;
let handler: Client;
let payer: Client;
let reviewer: Client;

/** Review sampling as the tests need it: nothing drawn at random, so every draw is explained. */
const setSampling = (value: { randomPercent: number; amountAbove: string | null; handlerIds: string[] }) =>
  env.db
    .insertInto('claim_setting')
    .values({ key: 'sampling', value: JSON.stringify(value), updated_by: null, updated_at: env.clock.now() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
    .execute();

beforeAll(async () => {
  env = await createTestEnv();
  world = await claimWorld(env);
  handler = await signedIn(env.app, world.claimUsers.handler.username);
  payer = await signedIn(env.app, world.claimUsers.payer.username);
  reviewer = await signedIn(env.app, world.claimUsers.reviewer.username);
  await setSampling({ randomPercent: 0, amountAbove: null, handlerIds: [] });
});
afterAll(() => env?.close());

let keys = 0;
async function payment(claimId: string, body: Record<string, unknown>, paid = true): Promise<ClaimPayment> {
  const res = await payer.post(`/api/v1/claims/${claimId}/payments`, paymentBody(body), { 'idempotency-key': `closing-${Date.now()}-${++keys}` });
  expect(res.statusCode).toBe(201);
  const p = res.json<ClaimPayment>();
  if (paid) expect((await payer.post(`/api/v1/claim-payments/${p.id}/paid`, { reference: `BANK-${keys}`, paidOn: '2026-11-24' })).statusCode).toBe(200);
  return p;
}
const errorOf = (res: { statusCode: number; json: () => { error: { code: string; details?: Record<string, unknown> } } }) => ({ status: res.statusCode, code: res.json().error.code, ...res.json().error.details });
const claimRow = (id: string) => env.db.selectFrom('claim').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const reserveRows = (id: string, kind: string) => env.db.selectFrom('claim_reserve').select(['coverage_code', 'loss_type', 'delta']).where('claim_id', '=', id).where('kind', '=', kind as 'CLOSE').orderBy('coverage_code').execute();
const claimRecords = (policyId: string) => env.db.selectFrom('policy_claim_record').selectAll().where('policy_id', '=', policyId).orderBy('recorded_at').execute();
const reviewsOf = (claimId: string) => env.db.selectFrom('claim_review').selectAll().where('claim_id', '=', claimId).execute();

/** 商业车险: 车损 8,000 and 三者 (物损) 2,000 reserved, 8,000 approved. */
const motorClaim = (over: Partial<ClaimSetup> = {}) =>
  insertClaim(env, world, {
    policy: 'commercial',
    state: 'APPROVED',
    reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '8000.00' }, { coverageCode: 'THIRD_PARTY', lossType: 'PROPERTY', amount: '2000.00' }],
    approved: '8000.00',
    ...over,
  });

describe('结案', () => {
  it('is refused while a payment is pending or the approved amount is not fully paid', async () => {
    const claim = await motorClaim();
    const pending = await payment(claim.id, { amount: '5000.00' }, false);
    expect(errorOf(await handler.post(`/api/v1/claims/${claim.id}/close`))).toMatchObject({ status: 409, code: 'CLAIM_GUARD_FAILED', guard: 'PAYMENTS_PENDING' });
    await payer.post(`/api/v1/claim-payments/${pending.id}/paid`, { reference: 'B-1', paidOn: '2026-11-24' });
    const unpaid = await handler.post(`/api/v1/claims/${claim.id}/close`);
    expect(errorOf(unpaid)).toMatchObject({ status: 409, code: 'CLAIM_GUARD_FAILED', guard: 'NOT_FULLY_PAID' });
    expect(unpaid.json().error.message).toContain('核赔金额尚未全部支付');
    expect(await claimRow(claim.id)).toMatchObject({ state: 'APPROVED', closed_at: null, outstanding_reserve: '5000.00' });
    // Not approved yet: out of order.
    const registered = await insertClaim(env, world, { policy: 'commercial', state: 'REGISTERED', reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '100.00' }] });
    expect(errorOf(await handler.post(`/api/v1/claims/${registered.id}/close`))).toMatchObject({ status: 409, code: 'CLAIM_ILLEGAL_TRANSITION', state: 'REGISTERED' });
    // Only handlers close.
    expect(errorOf(await payer.post(`/api/v1/claims/${claim.id}/close`))).toMatchObject({ status: 403, code: 'AUTH_FORBIDDEN' });
  });

  it('releases the remaining reserves, publishes claim.closed for the archive and feeds the motor claim history', async () => {
    const claim = await motorClaim({ atFault: false });
    const sha = 'a'.repeat(64);
    await env.db.insertInto('blob').values({ sha256: sha, size: 3, mime: 'image/jpeg', content: Buffer.from('abc'), created_at: env.clock.now() }).onConflict((oc) => oc.doNothing()).execute();
    const docId = uuidv7();
    await env.db.insertInto('claim_document').values({ id: docId, claim_id: claim.id, task_id: null, kind: 'PHOTO', name: '现场照片.jpg', sha256: sha, size: 3, mime: 'image/jpeg', uploaded_by: world.claimUsers.handler.id, uploaded_at: env.clock.now() }).execute();
    await payment(claim.id, { amount: '8000.00', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE' });
    env.clock.advance(60_000);

    const res = await handler.post(`/api/v1/claims/${claim.id}/close`);
    expect(res.statusCode).toBe(200);
    const detail = res.json<ClaimDetail>();
    expect(detail).toMatchObject({ state: 'CLOSED', closedAt: env.clock.now().toISOString(), outstandingReserve: '0.00', paidAmount: '8000.00', actions: ['reopen'] });
    expect(await reserveRows(claim.id, 'CLOSE')).toEqual([{ coverage_code: 'THIRD_PARTY', loss_type: 'PROPERTY', delta: '-2000.00' }]);
    expect(detail.timeline.map((e) => [e.action, e.fromState, e.toState])).toContainEqual(['close', 'APPROVED', 'CLOSED']);

    const event = await env.db.selectFrom('domain_event').selectAll().where('type', '=', 'claim.closed').where('aggregate_id', '=', claim.id).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      claimNo: claim.claimNo,
      policy: { id: world.policies.commercial.policyId, policyNo: world.policies.commercial.policyNo },
      dates: { closedAt: env.clock.now().toISOString(), lossDate: detail.lossDate },
      amounts: { approved: '8000.00', paid: '8000.00', reserveReleased: '2000.00', payments: [{ kind: 'FINAL', amount: '8000.00' }] },
      documents: [{ id: docId, kind: 'PHOTO', sha256: sha, href: `/api/v1/claims/${claim.id}/documents/${docId}` }],
      retention: { classYear: 2026, stage: 'CLAIM', countsFrom: '2027-01-01' },
    });
    expect((event.payload as { parties: { role: string }[] }).parties.map((p) => p.role)).toEqual(['POLICYHOLDER', 'INSURED', 'REPORTER']);

    expect(await claimRecords(world.policies.commercial.policyId)).toMatchObject([{ amount: '8000.00', at_fault: false, fatal: false, source: 'CLAIMS', loss_date: detail.lossDate }]);
    expect(await env.db.selectFrom('audit_event').select('action').where('object_id', '=', claim.id).execute()).toEqual([{ action: 'claim.close' }]);
  });

  it('a 交强险 death-and-disability payment makes the record fatal; at fault unless recorded otherwise; nothing recorded without money paid', async () => {
    const claim = await insertClaim(env, world, { policy: 'ctpl', state: 'APPROVED', reserves: [{ coverageCode: 'DEATH_DISABILITY', lossType: 'INJURY', amount: '180000.00' }] });
    await payment(claim.id, { amount: '180000.00', coverageCode: 'DEATH_DISABILITY', lossType: 'INJURY' });
    expect((await handler.post(`/api/v1/claims/${claim.id}/close`)).statusCode).toBe(200);
    expect(await claimRecords(world.policies.ctpl.policyId)).toMatchObject([{ amount: '180000.00', at_fault: true, fatal: true }]);

    const nothingPaid = await insertClaim(env, world, { policy: 'ctpl', state: 'APPROVED', reserves: [{ coverageCode: 'PROPERTY', lossType: 'PROPERTY', amount: '500.00' }], approved: '0.00' });
    expect((await handler.post(`/api/v1/claims/${nothingPaid.id}/close`)).statusCode).toBe(200);
    expect(await claimRecords(world.policies.ctpl.policyId)).toHaveLength(1);
  });
});

describe('重开 and 注销', () => {
  it('reopens a closed claim with new reserves, and a second close does not record the claim twice', async () => {
    const claim = await motorClaim();
    await payment(claim.id, { amount: '8000.00' });
    await handler.post(`/api/v1/claims/${claim.id}/close`);
    const before = (await claimRecords(world.policies.commercial.policyId)).length;

    expect(errorOf(await handler.post(`/api/v1/claims/${claim.id}/reopen`, { reason: '伤者后续治疗', reserves: [{ coverageCode: 'DEATH', lossType: 'DEATH', amount: '100.00' }] }))).toMatchObject({
      status: 422, code: 'CLAIM_COVERAGE_NOT_ON_POLICY', field: 'reserves.0.coverageCode',
    });
    expect(errorOf(await handler.post(`/api/v1/claims/${claim.id}/reopen`, { reason: '伤者后续治疗', reserves: [{ coverageCode: 'THIRD_PARTY', lossType: 'INJURY', amount: '0.00' }] }))).toMatchObject({
      status: 409, code: 'CLAIM_GUARD_FAILED', guard: 'NO_RESERVE',
    });
    const res = await handler.post(`/api/v1/claims/${claim.id}/reopen`, { reason: '伤者后续治疗', reserves: [{ coverageCode: 'THIRD_PARTY', lossType: 'INJURY', amount: '3000.00' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json<ClaimDetail>()).toMatchObject({ state: 'REGISTERED', reopenCount: 1, closedAt: null, outstandingReserve: '3000.00' });
    expect(res.json<ClaimDetail>().reserves.filter((r) => r.amount !== '0.00')).toMatchObject([{ coverageCode: 'THIRD_PARTY', lossType: 'INJURY', amount: '3000.00' }]);
    expect(await reserveRows(claim.id, 'REOPEN')).toEqual([{ coverage_code: 'THIRD_PARTY', loss_type: 'INJURY', delta: '3000.00' }]);
    expect(res.json<ClaimDetail>().timeline.find((e) => e.action === 'reopen')).toMatchObject({ fromState: 'CLOSED', toState: 'REGISTERED', note: '伤者后续治疗' });
    expect(errorOf(await handler.post(`/api/v1/claims/${claim.id}/reopen`, { reason: '再次', reserves: [{ coverageCode: 'THIRD_PARTY', lossType: 'INJURY', amount: '1.00' }] }))).toMatchObject({ status: 409, code: 'CLAIM_ILLEGAL_TRANSITION' });

    // Money moved before: the reopened claim cannot be withdrawn; approved again (as 核赔 would) it closes once more.
    expect(errorOf(await handler.post(`/api/v1/claims/${claim.id}/withdraw`, { reason: '无需赔付' }))).toMatchObject({ status: 409, code: 'CLAIM_GUARD_FAILED', guard: 'PAYMENTS_MADE' });
    await env.db.updateTable('claim').set({ state: 'APPROVED' }).where('id', '=', claim.id).execute();
    expect((await handler.post(`/api/v1/claims/${claim.id}/close`)).statusCode).toBe(200);
    expect(await claimRecords(world.policies.commercial.policyId)).toHaveLength(before);
  });

  it('withdraw is refused once a payment exists, and otherwise releases the reserves', async () => {
    const claim = await insertClaim(env, world, { policy: 'ctpl', state: 'REGISTERED', reserves: [{ coverageCode: 'MEDICAL', lossType: 'INJURY', amount: '5000.00' }] });
    const advance = await payment(claim.id, { kind: 'ADVANCE', amount: '1000.00' }, false);
    expect(errorOf(await handler.post(`/api/v1/claims/${claim.id}/withdraw`, { reason: '报案人撤案' }))).toMatchObject({ status: 409, code: 'CLAIM_GUARD_FAILED', guard: 'PAYMENTS_MADE' });
    await payer.post(`/api/v1/claim-payments/${advance.id}/cancel`, { reason: '撤案' });
    expect(errorOf(await handler.post(`/api/v1/claims/${claim.id}/withdraw`, { reason: '   ' }))).toMatchObject({ status: 409, code: 'CLAIM_GUARD_FAILED', guard: 'REASON_REQUIRED' });
    const res = await handler.post(`/api/v1/claims/${claim.id}/withdraw`, { reason: '报案人撤案' });
    expect(res.statusCode).toBe(200);
    expect(res.json<ClaimDetail>()).toMatchObject({ state: 'WITHDRAWN', outstandingReserve: '0.00', actions: ['reopen'] });
    expect(await reserveRows(claim.id, 'WITHDRAW')).toEqual([{ coverage_code: 'MEDICAL', loss_type: 'INJURY', delta: '-5000.00' }]);
    expect(await env.db.selectFrom('audit_event').select('action').where('object_id', '=', claim.id).execute()).toEqual([{ action: 'claim.withdraw' }]);
  });
});

describe('review sampling and the review queue', () => {
  it('draws a closed claim paid above the amount, and a claim of a named handler; the reviewer completes it, never on their own claim', async () => {
    await setSampling({ randomPercent: 0, amountAbove: '5000.00', handlerIds: [world.claimUsers.reviewer.id] });
    const large = await motorClaim();
    await payment(large.id, { amount: '8000.00' });
    const small = await insertClaim(env, world, { policy: 'commercial', state: 'APPROVED', reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '900.00' }] });
    await payment(small.id, { amount: '900.00' });
    // The reviewer handled this one (named handler, and above the amount).
    const own = await insertClaim(env, world, { policy: 'commercial', state: 'APPROVED', reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '6000.00' }], handlerId: world.claimUsers.reviewer.id });
    await payment(own.id, { amount: '6000.00' });
    for (const c of [large, small, own]) expect((await handler.post(`/api/v1/claims/${c.id}/close`)).statusCode).toBe(200);

    expect(await reviewsOf(large.id)).toMatchObject([{ reasons: ['AMOUNT'], state: 'PENDING' }]);
    expect(await reviewsOf(small.id)).toEqual([]);
    expect(await reviewsOf(own.id)).toMatchObject([{ reasons: ['AMOUNT', 'HANDLER'] }]);
    expect((await claimRow(large.id)).state).toBe('CLOSED');

    const queue = (await reviewer.get('/api/v1/claim-reviews?state=PENDING')).json<{ items: ClaimReviewRow[] }>().items;
    const review = queue.find((r) => r.claim.id === large.id)!;
    expect(review).toMatchObject({ reasons: ['AMOUNT'], state: 'PENDING', claim: { claimNo: large.claimNo, state: 'CLOSED', paidAmount: '8000.00' }, reviewer: null });

    expect(errorOf(await reviewer.post(`/api/v1/claim-reviews/${review.id}/complete`, { result: 'ISSUE' }))).toMatchObject({ status: 422, field: 'findings' });
    const done = await reviewer.post(`/api/v1/claim-reviews/${review.id}/complete`, { result: 'ISSUE', findings: '查勘照片不全' });
    expect(done.json()).toMatchObject({ state: 'DONE', result: 'ISSUE', findings: '查勘照片不全', reviewer: { id: world.claimUsers.reviewer.id } });
    expect(errorOf(await reviewer.post(`/api/v1/claim-reviews/${review.id}/complete`, { result: 'PASS' }))).toMatchObject({ status: 409, code: 'CLAIM_REVIEW_DONE' });
    expect(await env.db.selectFrom('audit_event').select('action').where('object_id', '=', review.id).orderBy('seq').execute()).toEqual([{ action: 'claim.review.draw' }, { action: 'claim.review.complete' }]);

    const ownReview = queue.find((r) => r.claim.id === own.id)!;
    expect(errorOf(await reviewer.post(`/api/v1/claim-reviews/${ownReview.id}/complete`, { result: 'PASS' }))).toMatchObject({ status: 403, code: 'CLAIM_FOUR_EYES' });
    expect(errorOf(await handler.get('/api/v1/claim-reviews'))).toMatchObject({ status: 403, code: 'AUTH_FORBIDDEN' });
    await setSampling({ randomPercent: 0, amountAbove: null, handlerIds: [] });
  });

  it('draws the configured random share (the random source is injectable)', async () => {
    await setSampling({ randomPercent: 5, amountAbove: null, handlerIds: [] });
    const modules = createModules({ config: env.config, db: env.db, clock: env.clock });
    const deps = { db: env.db, clock: env.clock, billing: createBilling(), pii: createPiiCrypto(resolvePiiKey(env.config)), policy: { recordClaim: modules.policy.services.renewals.recordClaim } };
    const ctx = await world.ctx('handler');
    const term = () => insertClaim(env, world, { policy: 'term', state: 'APPROVED', reserves: [{ coverageCode: 'DEATH', lossType: 'DEATH', amount: '100.00' }], approved: '0.00' });
    const drawn = await term();
    await createPaymentService(deps, { random: () => 0.049 }).close(ctx, drawn.id);
    const missed = await term();
    await createPaymentService(deps, { random: () => 0.05 }).close(ctx, missed.id);
    expect(await reviewsOf(drawn.id)).toMatchObject([{ reasons: ['RANDOM'] }]);
    expect(await reviewsOf(missed.id)).toEqual([]);
    await setSampling({ randomPercent: 0, amountAbove: null, handlerIds: [] });
  });
});

describe('GET /claims/kpis', () => {
  it('pending by stage and handler, cycle time per stage, reserve and paid totals, months', async () => {
    const org = await makeOrg(env.db, { parentId: world.org.id, name: 'KPI 营业部' });
    const t0 = new Date('2026-11-01T02:00:00Z');
    const day = 86_400_000;
    const at = (d: number) => new Date(t0.getTime() + d * day);
    const reported = await insertClaim(env, world, { policy: 'ctpl', state: 'REPORTED', reserves: [] });
    const registered = await insertClaim(env, world, { policy: 'ctpl', state: 'REGISTERED', reserves: [{ coverageCode: 'MEDICAL', lossType: 'INJURY', amount: '3000.00' }] });
    const closed = await insertClaim(env, world, { policy: 'ctpl', state: 'CLOSED', reserves: [], approved: '1000.00' });
    const ids = [reported.id, registered.id, closed.id];
    await env.db.updateTable('claim').set({ org_id: org.id, reported_at: t0 }).where('id', 'in', ids).execute();
    await env.db.updateTable('claim').set({ paid_amount: '1000.00' }).where('id', '=', closed.id).execute();
    const h = world.claimUsers.handler.id;
    const transitions: [string, string, string, number][] = [
      [registered.id, 'REPORTED', 'REGISTERED', 2],
      [closed.id, 'REPORTED', 'REGISTERED', 1],
      [closed.id, 'REGISTERED', 'PENDING_APPROVAL', 3],
      [closed.id, 'PENDING_APPROVAL', 'PENDING_APPROVAL', 3.5], // escalation: same stage
      [closed.id, 'PENDING_APPROVAL', 'APPROVED', 4],
      [closed.id, 'APPROVED', 'CLOSED', 5],
    ];
    await env.db
      .insertInto('claim_event')
      .values(transitions.map(([claimId, from, to, d]) => ({ id: uuidv7(), claim_id: claimId, action: 'x', from_state: from, to_state: to, actor_id: h, at: at(d), note: null, details: '{}' })))
      .execute();
    await env.db
      .insertInto('claim_payment')
      .values({
        id: uuidv7(), claim_id: closed.id, payment_no: `${closed.claimNo}-P01`, kind: 'FINAL', payee_party_id: null, payee_name: '张三', bank_name: '工行', account_no_masked: '622202******7894',
        account_no_enc: 'x', amount: '1000.00', coverage_code: null, loss_type: null, state: 'PAID', billing_item_id: null, idempotency_key: 'kpi-key-001', created_by: h, created_at: at(4), paid_at: at(4.5), paid_by: h,
      })
      .execute();

    const res = await handler.get(`/api/v1/claims/kpis?orgId=${org.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const k = res.json<ClaimKpis>();
    expect(k.pendingByState).toEqual([
      { state: 'REPORTED', count: 1 },
      { state: 'REGISTERED', count: 1 },
      { state: 'PENDING_APPROVAL', count: 0 },
      { state: 'APPROVED', count: 0 },
    ]);
    expect(k.pendingByHandler).toEqual([{ handler: { id: h, username: world.claimUsers.handler.username, name: '理赔经办' }, count: 2 }]);
    expect(k.cycleTimes).toEqual([
      { state: 'REPORTED', claims: 2, avgDays: '1.5', p90Days: '1.9' },
      { state: 'REGISTERED', claims: 1, avgDays: '2.0', p90Days: '2.0' },
      { state: 'PENDING_APPROVAL', claims: 1, avgDays: '1.0', p90Days: '1.0' },
      { state: 'APPROVED', claims: 1, avgDays: '1.0', p90Days: '1.0' },
    ]);
    expect(k).toMatchObject({ reserveTotal: '3000.00', paidTotal: '1000.00' });
    expect(k.paidByMonth).toHaveLength(12);
    expect(k.paidByMonth[0]).toEqual({ month: '2025-12', amount: '0.00', claims: 0 });
    expect(k.paidByMonth.at(-1)).toEqual({ month: '2026-11', amount: '1000.00', claims: 1 });
    expect(k.reportedByMonth.at(-1)).toEqual({ month: '2026-11', count: 3 });

    // A period that ends before the payment: no money paid in it.
    expect((await handler.get(`/api/v1/claims/kpis?orgId=${org.id}&from=2026-11-01&to=2026-11-04`)).json<ClaimKpis>().paidTotal).toBe('0.00');
    expect(errorOf(await handler.get(`/api/v1/claims/kpis?from=2026-11-05&to=2026-11-04`))).toMatchObject({ status: 422, code: 'CLAIM_KPI_PERIOD_INVALID', field: 'from' });
    const outsider = await signedIn(env.app, world.users.clerk.username);
    expect(errorOf(await outsider.get('/api/v1/claims/kpis'))).toMatchObject({ status: 403, code: 'AUTH_FORBIDDEN' });
  });
});
