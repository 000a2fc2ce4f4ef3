// 支付 (idempotent payment orders, advance and partial payments, paid / cancelled), 结案, 注销,
// 重开, the claim.closed event, review sampling and the review queue. Every change locks the claim
// row first (payments on one claim run one after the other, so the amount checks see every earlier
// payment), writes the timeline and the audit events last in the same transaction.
import Decimal from 'decimal.js';
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import {
  PAYMENT_KINDS,
  type ClaimCoverage,
  type ClaimPayment,
  type ClaimPaymentItem,
  type ClaimReviewRow,
  type ClaimState,
  type LossType,
  type PaymentInput,
  type PaymentState,
} from '../../../contracts/claim';
import type { ProductLine } from '../../../contracts/product';
import type { DB } from '../../db/types';
import { requirePermission, scopePredicate } from '../../platform/access';
import { writeAudits, type AuditEntry } from '../../platform/audit';
import { shanghaiDate } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { withIdempotency, type IdempotentAnswer } from '../../platform/idempotency';
import { uuidv7 } from '../../platform/ids';
import { mask } from '../../platform/mask';
import { publishEvent } from '../../platform/outbox';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import { luhnValid } from '../party/index';
import { claimInScope, findClaim, type ClaimRow } from './claim.rows';
import { MOTOR_CLAIM_LINES } from './coverage.rules';
import type { ClaimDeps } from './deps';
import { activityAllowed } from './lifecycle.rules';
import { paymentErrors as E } from './payment.errors';
import type { PaymentListQueryT, ReopenBodyT, ReviewCompleteBodyT, ReviewListQueryT } from './payment.schemas';
import { P } from './permissions';
import { loadClaimSetting } from './settings';
import { reportErrors } from './report.errors';
import { claimSummaryColumns, claimSummaryOf, claimSummaryQuery, createClaimSteps, documentHref, reduceReserve, releaseReserves, type ClaimStep, type ClaimSummaryRow } from './report.service';
import { nextPaymentNo } from './numbers';
import { recordClaimEvents, type NewClaimEvent } from './timeline';

type Executor = Kysely<DB> | Transaction<DB>;
/** The review queue answers at most this many rows (it holds a small share of closed claims). */
const REVIEW_LIST_CAP = 500;
const fen = (v: Decimal.Value) => new Decimal(v).toFixed(2);
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const iso = (d: Date | string) => new Date(d).toISOString();
const brief = (id: string | null, username: string | null, name: string | null) => (id ? { id, username: username!, name: name! } : null);

/** 12–30 digits; 16–19 digits is a card number and must pass Luhn. */
export function validAccountNo(accountNo: string): boolean {
  return /^\d{12,30}$/.test(accountNo) && (accountNo.length < 16 || accountNo.length > 19 || luhnValid(accountNo));
}

/** Who draws what into the review queue at close (settings' sampling); pure. */
export function samplingReasons(s: { randomPercent: number; amountAbove: string | null; handlerIds: string[] }, claim: { paid: string; handlerId: string }, draw: number): ClaimReviewRow['reasons'] {
  const reasons: ClaimReviewRow['reasons'] = [];
  if (draw < s.randomPercent / 100) reasons.push('RANDOM');
  if (s.amountAbove !== null && new Decimal(claim.paid).gte(s.amountAbove)) reasons.push('AMOUNT');
  if (s.handlerIds.includes(claim.handlerId)) reasons.push('HANDLER');
  return reasons;
}

/** Retention hint for the archive (DOMAIN.md §9): class year — line — 理赔; the archive's own table decides. */
function retentionHint(line: string, closedAt: Date) {
  const year = Number(shanghaiDate(closedAt).slice(0, 4));
  const motor = MOTOR_CLAIM_LINES.includes(line as ProductLine);
  return { classYear: year, line, stage: 'CLAIM', period: motor ? 'D10' : 'D30', countsFrom: `${year + 1}-01-01` };
}

/** 422 unless the claim can pay `lossType` from `coverageCode` (its coverages at report). */
function checkCoverage(claim: ClaimRow, coverageCode: string, lossType: LossType, codeField: string, typeField: string) {
  const coverage = (claim.coverages as ClaimCoverage[]).find((c) => c.code === coverageCode);
  if (!coverage) throw reportErrors.coverageNotOnPolicy(codeField, coverageCode);
  if (!coverage.lossTypes.includes(lossType)) throw reportErrors.lossTypeNotCovered(typeField, coverageCode, lossType);
}

/** What releaseReserves released (its rows are negative). */
const totalReleased = (lines: { delta: string }[]) => lines.reduce((s, l) => s.minus(l.delta), new Decimal(0));

/** The current reserve of one coverage and loss type (the sum of its rows). */
async function lineReserve(ex: Executor, claimId: string, line: { coverageCode: string; lossType: LossType }): Promise<string> {
  const r = await ex
    .selectFrom('claim_reserve')
    .select(sql<string>`coalesce(sum(delta), 0)::text`.as('amount'))
    .where('claim_id', '=', claimId)
    .where('coverage_code', '=', line.coverageCode)
    .where('loss_type', '=', line.lossType)
    .executeTakeFirstOrThrow();
  return r.amount;
}

// ---------------------------------------------------------------- payment rows

function paymentsQuery(ex: Executor) {
  return ex
    .selectFrom('claim_payment as p')
    .innerJoin('app_user as u', 'u.id', 'p.created_by')
    .select([
      'p.id', 'p.claim_id', 'p.payment_no', 'p.kind', 'p.state', 'p.amount', 'p.payee_name', 'p.bank_name', 'p.account_no_masked', 'p.coverage_code', 'p.loss_type',
      'p.created_at', 'p.paid_at', 'p.paid_reference', 'p.cancelled_at', 'p.cancel_reason', 'u.id as user_id', 'u.username', 'u.name',
    ]);
}
type PaymentRow = Awaited<ReturnType<ReturnType<typeof paymentsQuery>['executeTakeFirstOrThrow']>>;

const paymentOf = (r: PaymentRow): ClaimPayment => ({
  id: r.id,
  paymentNo: r.payment_no,
  kind: r.kind,
  state: r.state,
  amount: fen(r.amount),
  payeeName: r.payee_name,
  bankName: r.bank_name,
  accountNoMasked: r.account_no_masked,
  coverageCode: r.coverage_code,
  lossType: r.loss_type as LossType | null,
  createdBy: brief(r.user_id, r.username, r.name)!,
  createdAt: iso(r.created_at),
  paidAt: r.paid_at ? iso(r.paid_at) : null,
  paidReference: r.paid_reference,
  cancelledAt: r.cancelled_at ? iso(r.cancelled_at) : null,
  cancelReason: r.cancel_reason,
});

const readPayment = async (ex: Executor, id: string) => paymentOf(await paymentsQuery(ex).where('p.id', '=', id).executeTakeFirstOrThrow());

/** Sums of the claim's payments by state (under the claim's row lock, these are final). */
async function paymentTotals(ex: Executor, claimId: string, line?: { coverageCode: string; lossType: LossType }) {
  let q = ex
    .selectFrom('claim_payment')
    .select([
      sql<string>`coalesce(sum(amount) filter (where state = 'PENDING'), 0)::text`.as('pending'),
      sql<string>`coalesce(sum(amount) filter (where state <> 'CANCELLED'), 0)::text`.as('live'),
      sql<number>`count(*) filter (where state = 'PENDING')::int`.as('pending_count'),
      sql<number>`count(*) filter (where state <> 'CANCELLED')::int`.as('live_count'),
    ])
    .where('claim_id', '=', claimId);
  if (line) q = q.where('coverage_code', '=', line.coverageCode).where('loss_type', '=', line.lossType);
  return q.executeTakeFirstOrThrow();
}

export function createPaymentService(deps: ClaimDeps, opts: { random?: () => number } = {}) {
  const { db, clock, billing, pii } = deps;
  const random = opts.random ?? Math.random;

  /** Timeline entries and audit events of one change, written last, in order (the audit chain stays locked until commit). */
  function queues(ctx: RequestContext) {
    const events: NewClaimEvent[] = [];
    const audits: AuditEntry[] = [];
    return {
      events,
      audits,
      flush: async (trx: Transaction<DB>, at: Date) => {
        await recordClaimEvents(trx, events, at);
        await writeAudits(trx, auditActorOf(ctx), audits, at);
      },
    };
  }

  // ---------------------------------------------------------------- 支付

  /** A payment's coverage and loss type: both or neither, and one the claim can pay from. */
  function checkLine(claim: ClaimRow, input: Pick<PaymentInput, 'coverageCode' | 'lossType'>) {
    if (!input.coverageCode && !input.lossType) return null;
    if (!input.coverageCode) throw E.lineIncomplete('coverageCode', '险别');
    if (!input.lossType) throw E.lineIncomplete('lossType', '损失类型');
    checkCoverage(claim, input.coverageCode, input.lossType, 'coverageCode', 'lossType');
    return { coverageCode: input.coverageCode, lossType: input.lossType };
  }

  /** 422s of the input that need no database. */
  function checkInput(input: PaymentInput): { amount: Decimal; accountNo: string } {
    if (!MONEY.test(input.amount) || new Decimal(input.amount).lte(0)) throw E.amount();
    const amount = new Decimal(input.amount);
    if (!input.payeeName.trim()) throw E.payeeName();
    const accountNo = input.accountNo.replace(/\s+/g, '');
    if (!validAccountNo(accountNo)) throw E.account();
    return { amount, accountNo };
  }

  /** The amount checks: 预付 within the outstanding reserve, payments within the approved amount (counting every payment not cancelled). */
  async function checkAmount(trx: Transaction<DB>, claim: ClaimRow, input: PaymentInput, amount: Decimal, line: { coverageCode: string; lossType: LossType } | null) {
    const state = claim.state as ClaimState;
    if (input.kind === 'ADVANCE') {
      if (!activityAllowed('advancePayments', state)) throw reportErrors.notInState(state, { zh: `登记${PAYMENT_KINDS.ADVANCE.zh}`, en: 'make an advance payment' }, 'payment');
      const reserve = line ? await lineReserve(trx, claim.id, line) : claim.outstanding_reserve;
      const available = Decimal.max(0, new Decimal(reserve).minus((await paymentTotals(trx, claim.id, line ?? undefined)).pending));
      if (amount.gt(available)) throw E.advanceExceedsReserve(fen(available));
      return;
    }
    if (!activityAllowed('payments', state)) throw reportErrors.notInState(state, { zh: `登记${PAYMENT_KINDS[input.kind].zh}`, en: 'make a payment' }, 'payment');
    const available = Decimal.max(0, new Decimal(claim.approved_amount).minus((await paymentTotals(trx, claim.id)).live));
    if (amount.gt(available)) throw E.exceedsApproved(fen(available));
  }

  /** POST /claims/:id/payments: once per Idempotency-Key (platform/idempotency.ts); 201 ClaimPayment. */
  async function create(ctx: RequestContext, claimId: string, key: string | undefined, input: PaymentInput): Promise<IdempotentAnswer<ClaimPayment>> {
    requirePermission(ctx.actor, P.claimPay);
    const now = clock.now();
    return withIdempotency(db, { scope: `claim.payment:${claimId}`, userId: ctx.actor.userId, key, body: input, at: now }, async (trx) => {
      const { amount, accountNo } = checkInput(input);
      const claim = await findClaim(trx, ctx.actor, P.claimPay, claimId, { lock: true });
      const line = checkLine(claim, input);
      await checkAmount(trx, claim, input, amount, line);
      if (input.payeePartyId && !(await trx.selectFrom('party').select('id').where('id', '=', input.payeePartyId).executeTakeFirst())) throw E.payeeParty();

      const id = uuidv7(now.getTime());
      const paymentNo = await nextPaymentNo(trx, claim);
      const billingItemId = await billing.raise(
        trx,
        { direction: 'PAYABLE', sourceType: 'CLAIM_PAYMENT', sourceId: id, orgId: claim.org_id, partyId: input.payeePartyId ?? null, amount: fen(amount), description: `赔案 ${claim.claim_no} ${PAYMENT_KINDS[input.kind].zh} ${paymentNo}`, createdBy: ctx.actor.userId },
        now,
      );
      await trx
        .insertInto('claim_payment')
        .values({
          id, claim_id: claimId, payment_no: paymentNo, kind: input.kind, payee_party_id: input.payeePartyId ?? null, payee_name: input.payeeName.trim(), bank_name: input.bankName.trim(),
          account_no_masked: mask('bank_card', accountNo)!, account_no_enc: pii.encrypt(accountNo).toString('base64'), amount: fen(amount),
          coverage_code: line?.coverageCode ?? null, loss_type: line?.lossType ?? null, state: 'PENDING', billing_item_id: billingItemId,
          idempotency_key: key!.trim(), created_by: ctx.actor.userId, created_at: now,
        })
        .execute();
      await trx.updateTable('claim').set({ updated_at: now }).where('id', '=', claimId).execute();
      const payment = await readPayment(trx, id);
      const q = queues(ctx);
      const details = { paymentId: id, paymentNo, kind: input.kind, amount: payment.amount };
      q.events.push({ claimId, action: 'payment.create', actorId: ctx.actor.userId, details: { ...details, payee: payment.payeeName, account: payment.accountNoMasked } });
      q.audits.push({ action: 'claim.payment.create', objectType: 'claim_payment', objectId: id, after: { ...payment, payeeName: mask('name', payment.payeeName) }, details: { claimNo: claim.claim_no, billingItemId } });
      await q.flush(trx, now);
      return { status: 201, body: payment };
    });
  }

  /** A payment within the caller's claim:pay scope, with its claim row-locked, then the payment (404 outside scope). */
  async function lockPayment(trx: Transaction<DB>, ctx: RequestContext, paymentId: string) {
    requirePermission(ctx.actor, P.claimPay);
    const found = await trx
      .selectFrom('claim_payment as p')
      .innerJoin('claim as c', 'c.id', 'p.claim_id')
      .innerJoin('org as o', 'o.id', 'c.org_id')
      .select(['p.claim_id', 'c.org_id', 'o.path as org_path', 'c.handler_id', 'c.reported_by'])
      .where('p.id', '=', paymentId)
      .executeTakeFirst();
    if (!found || !claimInScope(ctx.actor, P.claimPay, found)) throw E.notFound();
    const claim = await findClaim(trx, ctx.actor, P.claimPay, found.claim_id, { lock: true });
    const payment = await trx.selectFrom('claim_payment').selectAll().where('id', '=', paymentId).forUpdate().executeTakeFirstOrThrow();
    if (payment.state !== 'PENDING') throw E.notPending(payment.state as PaymentState);
    return { claim, payment };
  }

  /** POST /claim-payments/:pid/paid: settles the payable, reduces the reserve, adds to the claim's paid amount. */
  async function markPaid(ctx: RequestContext, paymentId: string, body: { reference: string; paidOn: string }): Promise<ClaimPayment> {
    const now = clock.now();
    if (body.paidOn > shanghaiDate(now)) throw E.paidOn();
    return db.transaction().execute(async (trx) => {
      const { claim, payment } = await lockPayment(trx, ctx, paymentId);
      await billing.record(trx, payment.billing_item_id!, { amount: fen(payment.amount), method: 'BANK_TRANSFER', reference: body.reference.trim(), receivedOn: body.paidOn, recordedBy: ctx.actor.userId }, now);
      await trx.updateTable('claim_payment').set({ state: 'PAID', paid_at: now, paid_by: ctx.actor.userId, paid_reference: body.reference.trim() }).where('id', '=', paymentId).execute();
      await reduceReserve(trx, claim.id, payment.coverage_code, payment.loss_type, payment.amount, ctx.actor.userId, now, `赔款支付 ${payment.payment_no}`);
      const paid = new Decimal(claim.paid_amount).plus(payment.amount);
      await trx.updateTable('claim').set({ paid_amount: fen(paid), updated_at: now }).where('id', '=', claim.id).execute();
      const q = queues(ctx);
      const details = { paymentId, paymentNo: payment.payment_no, amount: fen(payment.amount), reference: body.reference.trim(), paidOn: body.paidOn, claimPaid: fen(paid) };
      q.events.push({ claimId: claim.id, action: 'payment.paid', actorId: ctx.actor.userId, details });
      q.audits.push({ action: 'claim.payment.paid', objectType: 'claim_payment', objectId: paymentId, before: { state: 'PENDING' }, after: { state: 'PAID' }, details: { claimNo: claim.claim_no, ...details } });
      await q.flush(trx, now);
      return readPayment(trx, paymentId);
    });
  }

  /** POST /claim-payments/:pid/cancel: only while pending; the payable is cancelled with it. */
  async function cancel(ctx: RequestContext, paymentId: string, reason: string): Promise<ClaimPayment> {
    if (!reason.trim()) throw reportErrors.reasonRequired();
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const { claim, payment } = await lockPayment(trx, ctx, paymentId);
      await billing.cancel(trx, payment.billing_item_id!, now);
      await trx.updateTable('claim_payment').set({ state: 'CANCELLED', cancelled_at: now, cancelled_by: ctx.actor.userId, cancel_reason: reason.trim() }).where('id', '=', paymentId).execute();
      await trx.updateTable('claim').set({ updated_at: now }).where('id', '=', claim.id).execute();
      const q = queues(ctx);
      const details = { paymentId, paymentNo: payment.payment_no, amount: fen(payment.amount) };
      q.events.push({ claimId: claim.id, action: 'payment.cancel', actorId: ctx.actor.userId, note: reason.trim(), details });
      q.audits.push({ action: 'claim.payment.cancel', objectType: 'claim_payment', objectId: paymentId, before: { state: 'PENDING' }, after: { state: 'CANCELLED' }, details: { claimNo: claim.claim_no, reason: reason.trim(), ...details } });
      await q.flush(trx, now);
      return readPayment(trx, paymentId);
    });
  }

  /** GET /claim-payments: the payment worklist in the caller's claim:pay scope, newest first, keyset paged. */
  async function list(ctx: RequestContext, query: PaymentListQueryT): Promise<{ items: ClaimPaymentItem[]; nextCursor: string | null }> {
    const scope = requirePermission(ctx.actor, P.claimPay);
    const pageSize = query.pageSize ?? 50;
    let q = paymentsQuery(db)
      .innerJoin('claim as c', 'c.id', 'p.claim_id')
      .innerJoin('org as o', 'o.id', 'c.org_id')
      .select(['c.claim_no', 'c.state as claim_state', 'o.id as org_id', 'o.name as org_name'])
      .where((eb) => eb.or([scopePredicate(ctx.actor, scope, { orgPath: eb.ref('o.path'), orgId: eb.ref('c.org_id'), ownerId: eb.ref('c.handler_id') }), ...(scope === 'self' ? [eb('c.reported_by', '=', ctx.actor.userId)] : [])]))
      .orderBy('p.created_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(pageSize + 1);
    if (query.state) q = q.where('p.state', '=', query.state);
    if (query.claimId) q = q.where('p.claim_id', '=', query.claimId);
    if (query.cursor) q = q.where(afterCursor(sql.ref('p.created_at'), sql.ref('p.id'), 'desc', decodeCursor(query.cursor)));
    const rows = await q.execute();
    const page = rows.slice(0, pageSize);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ ...paymentOf(r), claim: { id: r.claim_id, claimNo: r.claim_no, state: r.claim_state }, org: { id: r.org_id, name: r.org_name } })),
      nextCursor: rows.length > pageSize && last ? encodeCursor({ v: iso(last.created_at), id: last.id }) : null,
    };
  }

  // ---------------------------------------------------------------- 结案, 注销, 重开

  const { transition } = createClaimSteps(deps);

  /** What the archive needs of a closed claim (the claim.closed event): no ID numbers or phones, document hashes to check the files by. */
  async function archivePayload(trx: Transaction<DB>, row: ClaimRow, closedAt: Date, released: Decimal) {
    const policy = await trx
      .selectFrom('policy as p')
      .innerJoin('product as pr', 'pr.id', 'p.product_id')
      .innerJoin('party as h', 'h.id', 'p.policyholder_id')
      .innerJoin('party as i', 'i.id', 'p.insured_id')
      .select(['p.id', 'p.policy_no', 'p.start_date', 'p.end_date', 'p.plate_no', 'pr.code as product_code', 'pr.name as product_name', 'h.name as holder_name', 'i.name as insured_name'])
      .where('p.id', '=', row.policy_id)
      .executeTakeFirstOrThrow();
    const parties = await trx.selectFrom('claim_party').select(['role', 'name']).where('claim_id', '=', row.id).orderBy('seq').execute();
    const documents = await trx.selectFrom('claim_document').select(['id', 'kind', 'name', 'sha256', 'size', 'mime', 'uploaded_at']).where('claim_id', '=', row.id).orderBy('uploaded_at').orderBy('id').execute();
    const payments = await trx.selectFrom('claim_payment').select(['payment_no', 'kind', 'amount', 'paid_at']).where('claim_id', '=', row.id).where('state', '=', 'PAID').orderBy('created_at').execute();
    return {
      claimId: row.id,
      claimNo: row.claim_no,
      line: row.line,
      org: { id: row.org_id, code: row.org_code },
      policy: { id: policy.id, policyNo: policy.policy_no, productCode: policy.product_code, productName: policy.product_name, startDate: policy.start_date, endDate: policy.end_date, plateNo: policy.plate_no },
      parties: [
        { role: 'POLICYHOLDER', name: policy.holder_name },
        { role: 'INSURED', name: policy.insured_name },
        { role: 'REPORTER', name: row.reporter_name },
        ...parties.map((p) => ({ role: p.role, name: p.name })),
      ],
      dates: { lossDate: row.loss_date, lossAt: iso(row.loss_at), reportedAt: iso(row.reported_at), registeredAt: row.registered_at ? iso(row.registered_at) : null, closedAt: iso(closedAt) },
      amounts: { approved: fen(row.approved_amount), paid: fen(row.paid_amount), reserveReleased: fen(released), payments: payments.map((p) => ({ paymentNo: p.payment_no, kind: p.kind, amount: fen(p.amount), paidAt: p.paid_at ? iso(p.paid_at) : null })) },
      documents: documents.map((d) => ({ id: d.id, kind: d.kind, name: d.name, sha256: d.sha256, size: d.size, mime: d.mime, uploadedAt: iso(d.uploaded_at), href: documentHref(row.id, d.id) })),
      reopenCount: row.reopen_count,
      retention: retentionHint(row.line, closedAt),
    };
  }

  /**
   * Motor claims feed renewal (NCD / 交强险 float) once, at the first close with money paid: at
   * fault unless the handler recorded otherwise; fatal when a death was paid — a 身故 (DEATH) loss,
   * or the 交强险 death-and-disability head (it does not tell death from disability; the stricter
   * reading is taken, as the float treats a fatal at-fault accident most heavily).
   */
  async function feedRenewal(s: ClaimStep, by: string): Promise<string | null> {
    const { trx, row, now } = s;
    if (!MOTOR_CLAIM_LINES.includes(row.line as ProductLine) || new Decimal(row.paid_amount).lte(0)) return null;
    const earlier = await trx.selectFrom('claim_event').select('id').where('claim_id', '=', row.id).where('action', '=', 'close').where(sql<SqlBool>`details ? 'policyClaimRecordId'`).executeTakeFirst();
    if (earlier) return null;
    const fatal = await trx
      .selectFrom('claim_payment')
      .select('id')
      .where('claim_id', '=', row.id)
      .where('state', '=', 'PAID')
      .where((eb) => eb.or([eb('loss_type', '=', 'DEATH'), ...(row.line === 'CTPL' ? [eb('coverage_code', '=', 'DEATH_DISABILITY')] : [])]))
      .executeTakeFirst();
    return deps.policy.recordClaim(trx, { policyId: row.policy_id, lossDate: row.loss_date, amount: fen(row.paid_amount), atFault: row.at_fault ?? true, fatal: !!fatal, source: 'CLAIMS' }, by, now);
  }

  /** Review sampling at close (settings' sampling); answers the reasons it was drawn for, if any. */
  async function sample(s: ClaimStep): Promise<ClaimReviewRow['reasons']> {
    const { trx, row, now } = s;
    const reasons = samplingReasons(await loadClaimSetting(trx, 'sampling'), { paid: row.paid_amount, handlerId: row.handler_id }, random());
    if (reasons.length === 0) return reasons;
    const reviewId = uuidv7(now.getTime());
    await trx.insertInto('claim_review').values({ id: reviewId, claim_id: row.id, reasons, state: 'PENDING', drawn_at: now }).execute();
    s.event({ action: 'review.draw', actorId: null, details: { reviewId, reasons } });
    s.audit({ action: 'claim.review.draw', objectType: 'claim_review', objectId: reviewId, after: { state: 'PENDING', reasons } });
    return reasons;
  }

  /** POST /claims/:id/close: 结案 once everything approved is paid and nothing is pending. */
  async function close(ctx: RequestContext, id: string): Promise<void> {
    await transition(ctx, id, 'close', async (s) => {
      const t = await paymentTotals(s.trx, s.row.id);
      return {
        context: { pendingPayments: t.pending_count, approved: s.row.approved_amount, paid: s.row.paid_amount },
        apply: async () => {
          const released = totalReleased(await releaseReserves(s.trx, s.row.id, 'CLOSE', '结案', ctx.actor.userId, s.now));
          const eventId = await publishEvent(s.trx, { type: 'claim.closed', aggregateType: 'claim', aggregateId: s.row.id, payload: await archivePayload(s.trx, s.row, s.now, released) }, s.now);
          const policyClaimRecordId = await feedRenewal(s, ctx.actor.userId);
          const sampled = await sample(s);
          return { set: { closed_at: s.now }, details: { paid: fen(s.row.paid_amount), reserveReleased: fen(released), eventId, ...(policyClaimRecordId ? { policyClaimRecordId } : {}), ...(sampled.length ? { sampled } : {}) } };
        },
      };
    });
  }

  /** POST /claims/:id/withdraw: 注销 before approval while no money moved; reserves released. */
  async function withdraw(ctx: RequestContext, id: string, reason: string): Promise<void> {
    await transition(ctx, id, 'withdraw', async (s) => ({
      context: { reason, paymentsMade: (await paymentTotals(s.trx, s.row.id)).live_count },
      note: reason.trim(),
      apply: async () => {
        const released = totalReleased(await releaseReserves(s.trx, s.row.id, 'WITHDRAW', `注销：${reason.trim()}`, ctx.actor.userId, s.now));
        return { details: { reserveReleased: fen(released) } };
      },
    }));
  }

  /** POST /claims/:id/reopen: 重开 a closed, declined or withdrawn claim → 已立案 with new reserves. */
  async function reopen(ctx: RequestContext, id: string, body: ReopenBodyT): Promise<void> {
    await transition(ctx, id, 'reopen', async (s) => {
      body.reserves.forEach((r, i) => {
        checkCoverage(s.row, r.coverageCode, r.lossType, `reserves.${i}.coverageCode`, `reserves.${i}.lossType`);
        if (!MONEY.test(r.amount)) throw reportErrors.reserveInvalid(`reserves.${i}.amount`);
        if (body.reserves.findIndex((o) => o.coverageCode === r.coverageCode && o.lossType === r.lossType) < i) throw reportErrors.reserveDuplicate(`reserves.${i}`);
      });
      const reserveTotal = body.reserves.reduce((sum, r) => sum.plus(r.amount), new Decimal(0));
      return {
        context: { reason: body.reason, reserveTotal },
        note: body.reason.trim(),
        // Released at close, decline or withdrawal, the reserve is now exactly the reopening rows.
        set: { outstanding_reserve: fen(reserveTotal), closed_at: null, reopen_count: s.row.reopen_count + 1, approval_org_id: null, decline_code: null, decline_reason: null },
        details: { reserves: body.reserves.map((r) => ({ ...r, amount: fen(r.amount) })), reserveTotal: fen(reserveTotal), reopenCount: s.row.reopen_count + 1 },
        apply: async () => {
          const rows = body.reserves.filter((r) => new Decimal(r.amount).gt(0));
          await s.trx
            .insertInto('claim_reserve')
            .values(rows.map((r) => ({ id: uuidv7(s.now.getTime()), claim_id: s.row.id, coverage_code: r.coverageCode, loss_type: r.lossType, kind: 'REOPEN' as const, delta: fen(r.amount), reason: `重开：${body.reason.trim()}`, created_by: ctx.actor.userId, created_at: s.now })))
            .execute();
        },
      };
    });
  }

  // ---------------------------------------------------------------- review queue

  /** Reviews with their claims, in the caller's claim:review scope, newest draw first. */
  async function reviews(ex: Executor, ctx: RequestContext, filter: { id?: string; state?: 'PENDING' | 'DONE' }, lock = false): Promise<ClaimReviewRow[]> {
    const scope = requirePermission(ctx.actor, P.claimReview);
    let q = claimSummaryQuery(ex)
      .innerJoin('claim_review as r', 'r.claim_id', 'c.id')
      .leftJoin('app_user as ru', 'ru.id', 'r.reviewer_id')
      .select(claimSummaryColumns)
      .select(['r.id as review_id', 'r.reasons', 'r.state as review_state', 'r.result', 'r.findings', 'r.drawn_at', 'r.reviewed_at', 'ru.id as reviewer_id', 'ru.username as reviewer_username', 'ru.name as reviewer_name'])
      .where((eb) => scopePredicate(ctx.actor, scope, { orgPath: eb.ref('o.path'), orgId: eb.ref('c.org_id'), ownerId: eb.ref('c.handler_id') }))
      .orderBy('r.drawn_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(REVIEW_LIST_CAP);
    if (filter.id) q = q.where('r.id', '=', filter.id);
    if (filter.state) q = q.where('r.state', '=', filter.state);
    if (lock) q = q.forUpdate('r');
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.review_id,
      claim: claimSummaryOf(r as ClaimSummaryRow),
      reasons: r.reasons as ClaimReviewRow['reasons'],
      state: r.review_state,
      reviewer: brief(r.reviewer_id, r.reviewer_username, r.reviewer_name),
      result: r.result,
      findings: r.findings,
      drawnAt: iso(r.drawn_at),
      reviewedAt: r.reviewed_at ? iso(r.reviewed_at) : null,
    }));
  }

  /** GET /claim-reviews: the quality-review queue. */
  const listReviews = (ctx: RequestContext, query: ReviewListQueryT) => reviews(db, ctx, { state: query.state });

  /** POST /claim-reviews/:id/complete: by someone other than the claim's handler; ISSUE needs findings. */
  async function completeReview(ctx: RequestContext, id: string, body: ReviewCompleteBodyT): Promise<ClaimReviewRow> {
    const findings = body.findings?.trim() || null;
    if (body.result === 'ISSUE' && !findings) throw reportErrors.textRequired('findings', '质检发现的问题');
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const [review] = await reviews(trx, ctx, { id }, true);
      if (!review) throw E.reviewNotFound();
      if (review.state === 'DONE') throw E.reviewDone();
      if (review.claim.handler.id === ctx.actor.userId) throw E.fourEyes();
      await trx.updateTable('claim_review').set({ state: 'DONE', reviewer_id: ctx.actor.userId, result: body.result, findings, reviewed_at: now }).where('id', '=', id).execute();
      const q = queues(ctx);
      q.events.push({ claimId: review.claim.id, action: 'review.complete', actorId: ctx.actor.userId, note: findings, details: { reviewId: id, result: body.result } });
      q.audits.push({ action: 'claim.review.complete', objectType: 'claim_review', objectId: id, before: { state: 'PENDING' }, after: { state: 'DONE', result: body.result, findings }, details: { claimNo: review.claim.claimNo } });
      await q.flush(trx, now);
      return (await reviews(trx, ctx, { id }))[0]!;
    });
  }

  return { create, markPaid, cancel, list, close, withdraw, reopen, listReviews, completeReview };
}
export type PaymentService = ReturnType<typeof createPaymentService>;
