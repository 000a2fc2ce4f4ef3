import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimPayment, ClaimPaymentItem } from '../../../contracts/claim';
import { claimWorld, type ClaimWorld } from '../../../../test/claim-fixtures';
import { createTestEnv, signedIn, type Client, type TestEnv } from '../../../../test/harness';
import { createPiiCrypto, resolvePiiKey } from '../../platform/pii-crypto';
import { insertClaim, paymentBody } from './payment.test-fixtures';

let env: TestEnv;
let world: ClaimWorld;
let payer: Client;
beforeAll(async () => {
  env = await createTestEnv();
  world = await claimWorld(env);
  payer = await signedIn(env.app, world.claimUsers.payer.username);
});
afterAll(() => env?.close());

let keys = 0;
const newKey = () => `pay-key-${Date.now()}-${++keys}`;
const pay = (claimId: string, body: unknown, key: string | null = newKey(), client = payer) =>
  client.post(`/api/v1/claims/${claimId}/payments`, body, key === null ? {} : { 'idempotency-key': key });
const errorOf = (res: { statusCode: number; json: () => { error: { code: string; details?: Record<string, unknown> } } }) => ({ status: res.statusCode, code: res.json().error.code, field: res.json().error.details?.field });

const paymentRows = (claimId: string) => env.db.selectFrom('claim_payment').selectAll().where('claim_id', '=', claimId).execute();
const payables = (paymentId: string) => env.db.selectFrom('billing_item').selectAll().where('source_type', '=', 'CLAIM_PAYMENT').where('source_id', '=', paymentId).execute();
const claimRow = (id: string) => env.db.selectFrom('claim').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** An approved 商业车险 claim: 车损 reserve 8,000, approved 8,000. */
const approvedClaim = () => insertClaim(env, world, { policy: 'commercial', state: 'APPROVED', reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '8000.00' }] });

describe('POST /claims/:id/payments — exactly once', () => {
  it('refuses a payment without an Idempotency-Key and creates nothing', async () => {
    const claim = await approvedClaim();
    expect(errorOf(await pay(claim.id, paymentBody(), null))).toMatchObject({ status: 400, code: 'IDEMPOTENCY_KEY_REQUIRED' });
    expect(errorOf(await pay(claim.id, paymentBody(), 'short'))).toMatchObject({ status: 400, code: 'IDEMPOTENCY_KEY_REQUIRED' });
    expect(await paymentRows(claim.id)).toHaveLength(0);
  });

  it('replays the first answer for a retry with the same key and body: one payment, one payable', async () => {
    const claim = await approvedClaim();
    const key = newKey();
    const first = await pay(claim.id, paymentBody({ amount: '3000.00' }), key);
    expect(first.statusCode).toBe(201);
    const payment = first.json<ClaimPayment>();
    expect(payment).toMatchObject({ kind: 'FINAL', state: 'PENDING', amount: '3000.00', payeeName: '张三', accountNoMasked: '622202******7894', paymentNo: `${claim.claimNo}-P01` });
    const again = await pay(claim.id, paymentBody({ amount: '3000.00' }), key);
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    const rows = await paymentRows(claim.id);
    expect(rows).toHaveLength(1);
    expect(await payables(payment.id)).toMatchObject([{ direction: 'PAYABLE', amount: '3000.00', status: 'OPEN' }]);
    // The account is stored encrypted; only the masked form is readable.
    expect(rows[0]!.account_no_enc).not.toContain('6222021234567894');
    expect(createPiiCrypto(resolvePiiKey(env.config)).decrypt(Buffer.from(rows[0]!.account_no_enc, 'base64'))).toBe('6222021234567894');
    // Timeline and audit, once.
    expect(await env.db.selectFrom('claim_event').select('action').where('claim_id', '=', claim.id).execute()).toEqual([{ action: 'payment.create' }]);
    expect(await env.db.selectFrom('audit_event').select('action').where('object_id', '=', payment.id).execute()).toEqual([{ action: 'claim.payment.create' }]);
  });

  it('answers 422 when the key comes back with another body, and changes nothing', async () => {
    const claim = await approvedClaim();
    const key = newKey();
    expect((await pay(claim.id, paymentBody({ amount: '1000.00' }), key)).statusCode).toBe(201);
    expect(errorOf(await pay(claim.id, paymentBody({ amount: '1500.00' }), key))).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await paymentRows(claim.id)).toMatchObject([{ amount: '1000.00' }]);
  });

  it('20 concurrent duplicates produce exactly one payment and one payable, and 20 identical answers', async () => {
    const claim = await approvedClaim();
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay(claim.id, paymentBody({ amount: '2500.00' }), key)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    const rows = await paymentRows(claim.id);
    expect(rows).toHaveLength(1);
    expect(await payables(rows[0]!.id)).toHaveLength(1);
    expect(await env.db.selectFrom('billing_item').select('id').where('source_type', '=', 'CLAIM_PAYMENT').where('source_id', 'in', (await paymentRows(claim.id)).map((r) => r.id)).execute()).toHaveLength(1);
  });

  it('a refused payment leaves the key unused: the corrected request with the same key goes through', async () => {
    const claim = await approvedClaim();
    const key = newKey();
    expect(errorOf(await pay(claim.id, paymentBody({ amount: '9000.00' }), key))).toMatchObject({ status: 422, code: 'CLAIM_PAYMENT_EXCEEDS_APPROVED' });
    expect((await pay(claim.id, paymentBody({ amount: '8000.00' }), key)).statusCode).toBe(201);
  });
});

describe('payment rules', () => {
  it('refuses payments above the approved amount, counting every payment not cancelled', async () => {
    const claim = await approvedClaim();
    expect((await pay(claim.id, paymentBody({ kind: 'PARTIAL', amount: '5000.00' }))).statusCode).toBe(201);
    const over = await pay(claim.id, paymentBody({ amount: '3000.01' }));
    expect(errorOf(over)).toEqual({ status: 422, code: 'CLAIM_PAYMENT_EXCEEDS_APPROVED', field: 'amount' });
    expect(over.json().error.message).toContain('3000.00');
    expect((await pay(claim.id, paymentBody({ amount: '3000.00' }))).statusCode).toBe(201);
    expect(await paymentRows(claim.id)).toHaveLength(2);
  });

  it('advance payments: only before approval and within the outstanding reserve (less advances pending)', async () => {
    const registered = await insertClaim(env, world, { policy: 'ctpl', state: 'REGISTERED', reserves: [{ coverageCode: 'MEDICAL', lossType: 'INJURY', amount: '6000.00' }, { coverageCode: 'PROPERTY', lossType: 'PROPERTY', amount: '1000.00' }] });
    expect(errorOf(await pay(registered.id, paymentBody({ kind: 'ADVANCE', amount: '7000.01' })))).toEqual({ status: 422, code: 'CLAIM_ADVANCE_EXCEEDS_RESERVE', field: 'amount' });
    // Against one coverage, its own reserve is the limit.
    expect(errorOf(await pay(registered.id, paymentBody({ kind: 'ADVANCE', amount: '1500.00', coverageCode: 'PROPERTY', lossType: 'PROPERTY' })))).toMatchObject({ status: 422, code: 'CLAIM_ADVANCE_EXCEEDS_RESERVE' });
    expect((await pay(registered.id, paymentBody({ kind: 'ADVANCE', amount: '4000.00', coverageCode: 'MEDICAL', lossType: 'INJURY' }))).statusCode).toBe(201);
    expect(errorOf(await pay(registered.id, paymentBody({ kind: 'ADVANCE', amount: '3000.01' })))).toMatchObject({ status: 422, code: 'CLAIM_ADVANCE_EXCEEDS_RESERVE' });
    // A final payment is not possible before approval; an advance is not possible after it.
    expect(errorOf(await pay(registered.id, paymentBody({ kind: 'FINAL', amount: '100.00' })))).toMatchObject({ status: 409, code: 'CLAIM_ILLEGAL_TRANSITION' });
    expect(errorOf(await pay((await approvedClaim()).id, paymentBody({ kind: 'ADVANCE', amount: '100.00' })))).toMatchObject({ status: 409, code: 'CLAIM_ILLEGAL_TRANSITION' });
  });

  it('validates the bank account, the payee and the coverage', async () => {
    const claim = await approvedClaim();
    for (const accountNo of ['6222021234567895', '62220212345', '6222 0212 3456 789X', '1'.repeat(31)]) {
      expect(errorOf(await pay(claim.id, paymentBody({ accountNo })))).toEqual({ status: 422, code: 'CLAIM_ACCOUNT_INVALID', field: 'accountNo' });
    }
    // 12–15 and 20–30 digits are accounts, not cards: no check digit; spaces are ignored.
    expect((await pay(claim.id, paymentBody({ accountNo: '3100 1234 5678 9012 3456', amount: '100.00' }))).statusCode).toBe(201);
    expect(errorOf(await pay(claim.id, paymentBody({ payeeName: '  ' })))).toMatchObject({ status: 422, code: 'CLAIM_PAYEE_REQUIRED', field: 'payeeName' });
    expect(errorOf(await pay(claim.id, paymentBody({ payeePartyId: '01890000-0000-7000-8000-000000000000' })))).toMatchObject({ status: 422, code: 'CLAIM_PAYEE_NOT_FOUND', field: 'payeePartyId' });
    expect(errorOf(await pay(claim.id, paymentBody({ coverageCode: 'THIRD_PARTY', lossType: 'VEHICLE' })))).toMatchObject({ status: 422, code: 'CLAIM_COVERAGE_NOT_ON_POLICY', field: 'lossType' });
    expect(errorOf(await pay(claim.id, paymentBody({ coverageCode: 'DEATH', lossType: 'DEATH' })))).toMatchObject({ status: 422, code: 'CLAIM_COVERAGE_NOT_ON_POLICY', field: 'coverageCode' });
    expect(errorOf(await pay(claim.id, paymentBody({ amount: '0.00' })))).toMatchObject({ status: 422, code: 'CLAIM_PAYMENT_AMOUNT_INVALID', field: 'amount' });
    expect(errorOf(await pay(claim.id, paymentBody({ amount: '1.001' })))).toMatchObject({ status: 422, code: 'CLAIM_PAYMENT_AMOUNT_INVALID' });
    expect(errorOf(await pay(claim.id, { ...paymentBody(), extra: 1 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await paymentRows(claim.id)).toHaveLength(1);
  });

  it('needs claim:pay and the claim in scope', async () => {
    const claim = await approvedClaim();
    const handler = await signedIn(env.app, world.claimUsers.handler.username);
    expect(errorOf(await pay(claim.id, paymentBody(), newKey(), handler))).toMatchObject({ status: 403, code: 'AUTH_FORBIDDEN' });
    expect(errorOf(await pay('01890000-0000-7000-8000-000000000000', paymentBody()))).toMatchObject({ status: 404, code: 'CLAIM_NOT_FOUND' });
  });
});

describe('paid and cancelled', () => {
  it('marking paid settles the payable, reduces the reserve by a PAYMENT row and raises the paid amount', async () => {
    const claim = await approvedClaim();
    const payment = (await pay(claim.id, paymentBody({ amount: '3000.00', coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE' }))).json<ClaimPayment>();
    const paid = await payer.post(`/api/v1/claim-payments/${payment.id}/paid`, { reference: 'BANK-20261124-001', paidOn: '2026-11-24' });
    expect(paid.statusCode).toBe(200);
    expect(paid.json()).toMatchObject({ state: 'PAID', paidReference: 'BANK-20261124-001' });
    expect(await claimRow(claim.id)).toMatchObject({ paid_amount: '3000.00', outstanding_reserve: '5000.00' });
    expect(await env.db.selectFrom('claim_reserve').select(['kind', 'delta']).where('claim_id', '=', claim.id).where('kind', '=', 'PAYMENT').execute()).toEqual([{ kind: 'PAYMENT', delta: '-3000.00' }]);
    expect(await payables(payment.id)).toMatchObject([{ status: 'SETTLED', settled_amount: '3000.00' }]);
    expect((await env.db.selectFrom('claim_event').select('action').where('claim_id', '=', claim.id).orderBy('at').execute()).map((e) => e.action)).toEqual(['payment.create', 'payment.paid']);
    // Paid money stays paid.
    expect(errorOf(await payer.post(`/api/v1/claim-payments/${payment.id}/cancel`, { reason: '录错' }))).toMatchObject({ status: 409, code: 'CLAIM_PAYMENT_NOT_PENDING' });
    expect(errorOf(await payer.post(`/api/v1/claim-payments/${payment.id}/paid`, { reference: 'AGAIN', paidOn: '2026-11-24' }))).toMatchObject({ status: 409, code: 'CLAIM_PAYMENT_NOT_PENDING' });
    expect(await claimRow(claim.id)).toMatchObject({ paid_amount: '3000.00' });
  });

  it('a paid amount beyond the reserve leaves no negative reserve', async () => {
    const claim = await insertClaim(env, world, { policy: 'commercial', state: 'APPROVED', reserves: [{ coverageCode: 'CAR_DAMAGE', lossType: 'VEHICLE', amount: '1000.00' }], approved: '1500.00' });
    const payment = (await pay(claim.id, paymentBody({ amount: '1500.00' }))).json<ClaimPayment>();
    expect((await payer.post(`/api/v1/claim-payments/${payment.id}/paid`, { reference: 'B-2', paidOn: '2026-11-23' })).statusCode).toBe(200);
    expect(await claimRow(claim.id)).toMatchObject({ paid_amount: '1500.00', outstanding_reserve: '0.00' });
  });

  it('cancelling a pending payment cancels its payable and frees the amount; a future paid date is refused', async () => {
    const claim = await approvedClaim();
    const payment = (await pay(claim.id, paymentBody({ amount: '8000.00' }))).json<ClaimPayment>();
    expect(errorOf(await payer.post(`/api/v1/claim-payments/${payment.id}/paid`, { reference: 'B-3', paidOn: '2026-11-25' }))).toMatchObject({ status: 422, code: 'CLAIM_PAID_ON_INVALID', field: 'paidOn' });
    const cancelled = await payer.post(`/api/v1/claim-payments/${payment.id}/cancel`, { reason: '账号有误' });
    expect(cancelled.json()).toMatchObject({ state: 'CANCELLED', cancelReason: '账号有误' });
    expect(await payables(payment.id)).toMatchObject([{ status: 'CANCELLED' }]);
    expect((await pay(claim.id, paymentBody({ amount: '8000.00' }))).statusCode).toBe(201);
  });

  it('lists payments in scope by state', async () => {
    const claim = await approvedClaim();
    const payment = (await pay(claim.id, paymentBody({ amount: '10.00' }))).json<ClaimPayment>();
    const res = await payer.get(`/api/v1/claim-payments?state=PENDING&claimId=${claim.id}`);
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: ClaimPaymentItem[] }>();
    expect(items).toMatchObject([{ id: payment.id, state: 'PENDING', claim: { id: claim.id, claimNo: claim.claimNo, state: 'APPROVED' }, org: { id: world.org.id } }]);
    expect((await payer.get(`/api/v1/claim-payments?state=PAID&claimId=${claim.id}`)).json().items).toEqual([]);
    // Keyset pages, newest first.
    env.clock.advance(1000);
    const second = (await pay(claim.id, paymentBody({ amount: '20.00' }))).json<ClaimPayment>();
    const page1 = (await payer.get(`/api/v1/claim-payments?claimId=${claim.id}&pageSize=1`)).json<{ items: ClaimPaymentItem[]; nextCursor: string }>();
    expect(page1.items.map((i) => i.id)).toEqual([second.id]);
    const page2 = (await payer.get(`/api/v1/claim-payments?claimId=${claim.id}&pageSize=1&cursor=${page1.nextCursor}`)).json<{ items: ClaimPaymentItem[]; nextCursor: string | null }>();
    expect(page2).toMatchObject({ items: [{ id: payment.id }], nextCursor: null });
    expect(errorOf(await payer.post('/api/v1/claim-payments/01890000-0000-7000-8000-000000000000/paid', { reference: 'x', paidOn: '2026-11-24' }))).toMatchObject({ status: 404, code: 'CLAIM_PAYMENT_NOT_FOUND' });
  });
});
