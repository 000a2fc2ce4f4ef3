// 报案 (find the policy, report, possible duplicates), worklists, detail, export, 立案 and reserves.
// The detail (`get`) is what every claim endpoint answers after its write: one statement, the
// lists hanging off the claim as JSON columns (as proposal.service.ts detail() does).
import Decimal from 'decimal.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  type ApprovalEntry,
  type CalculationInput,
  type CalculationSheet,
  type CalculationStep,
  type ClaimAction,
  type ClaimCoverage,
  type ClaimDetail,
  type ClaimDocument,
  type ClaimPartyRole,
  type ClaimPayment,
  type ClaimState,
  type ClaimSummary,
  type ClaimTask,
  type DuplicateState,
  type LossCause,
  type LossType,
  type ReportChannel,
  type ReserveChange,
  type ReserveKind,
  type ReserveLine,
} from '../../../contracts/claim';
import type { UserBrief } from '../../../contracts/policy';
import type { ProductLine } from '../../../contracts/product';
import type { DB } from '../../db/types';
import { requirePermission } from '../../platform/access';
import type { RequestContext } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { claimInScope } from './claim.rows';
import { claimErrors } from './claim.errors';
import type { ClaimDeps } from './deps';
import { claimActionsIn } from './lifecycle.rules';
import { P } from './permissions';
import { claimTimelineFromJson, claimTimelineJson } from './timeline';

type Executor = Kysely<DB> | Transaction<DB>;

/** The permission each action needs (the detail's `actions` and every endpoint). */
export const ACTION_PERMISSION: Record<ClaimAction, string> = {
  register: P.claimHandle,
  'submit-approval': P.claimHandle,
  approve: P.claimApprove,
  escalate: P.claimApprove,
  return: P.claimApprove,
  decline: P.claimApprove,
  close: P.claimHandle,
  withdraw: P.claimHandle,
  reopen: P.claimHandle,
};
/** Approvers' actions: never by the claim's own handler (four-eyes). */
export const FOUR_EYES_ACTIONS: readonly ClaimAction[] = ['approve', 'escalate', 'return', 'decline'];

const fen = (v: Decimal.Value) => new Decimal(v).toFixed(2);
const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d ? iso(d) : null);

// ---------------------------------------------------------------- reserves (shared with payments and approval)

/** Current reserves of a claim per coverage and loss type (the sum of their rows), non-zero only. */
async function openReserves(trx: Executor, claimId: string) {
  return trx
    .selectFrom('claim_reserve')
    .select(['coverage_code', 'loss_type', sql<string>`sum(delta)`.as('amount'), sql<Date>`min(created_at)`.as('first_at')])
    .where('claim_id', '=', claimId)
    .groupBy(['coverage_code', 'loss_type'])
    .having(sql`sum(delta)`, '<>', 0)
    .orderBy('first_at')
    .orderBy('coverage_code')
    .orderBy('loss_type')
    .execute();
}

/**
 * Zeroes every open reserve of a claim with negative rows of `kind` (结案 CLOSE, 注销/拒赔 WITHDRAW)
 * and sets outstanding_reserve to 0. The caller holds the claim's row lock and records the timeline
 * and audit; answers what was released.
 */
export async function releaseReserves(trx: Transaction<DB>, claimId: string, kind: 'CLOSE' | 'WITHDRAW', reason: string, by: string | null, at: Date) {
  const lines = await openReserves(trx, claimId);
  const released = lines.map((l) => ({ coverageCode: l.coverage_code, lossType: l.loss_type, delta: fen(new Decimal(l.amount).neg()) }));
  if (released.length > 0) {
    await trx
      .insertInto('claim_reserve')
      .values(released.map((l) => ({ id: uuidv7(at.getTime()), claim_id: claimId, coverage_code: l.coverageCode, loss_type: l.lossType, kind, delta: l.delta, reason, created_by: by, created_at: at })))
      .execute();
  }
  await trx.updateTable('claim').set({ outstanding_reserve: '0.00' }).where('id', '=', claimId).execute();
  return released;
}

/**
 * A paid amount reduces the reserve of its coverage and loss type (PAYMENT rows), never below zero;
 * without a coverage, the open reserves in the order they were set. The caller holds the claim's
 * row lock. Answers the total reduced.
 */
export async function reduceReserve(
  trx: Transaction<DB>,
  claimId: string,
  coverageCode: string | null,
  lossType: LossType | null,
  amount: Decimal.Value,
  by: string | null,
  at: Date,
  reason = '赔款支付冲减',
): Promise<string> {
  const lines = (await openReserves(trx, claimId)).filter((l) => (coverageCode === null || l.coverage_code === coverageCode) && (lossType === null || l.loss_type === lossType));
  let left = new Decimal(amount);
  const rows = [];
  for (const l of lines) {
    if (left.lte(0)) break;
    const take = Decimal.min(left, l.amount);
    if (take.lte(0)) continue;
    rows.push({ id: uuidv7(at.getTime()), claim_id: claimId, coverage_code: l.coverage_code, loss_type: l.loss_type, kind: 'PAYMENT' as const, delta: fen(take.neg()), reason, created_by: by, created_at: at });
    left = left.minus(take);
  }
  const reduced = new Decimal(amount).minus(left);
  if (rows.length > 0) {
    await trx.insertInto('claim_reserve').values(rows).execute();
    await trx.updateTable('claim').set({ outstanding_reserve: sql`outstanding_reserve - ${fen(reduced)}::numeric` }).where('id', '=', claimId).execute();
  }
  return fen(reduced);
}

// ---------------------------------------------------------------- the detail as JSON columns

/** A user brief (or null) as a JSON scalar subquery. */
const userJson = (col: string) => `(select jsonb_build_object('id', u.id, 'username', u.username, 'name', u.name) from app_user u where u.id = ${col})`;
const orgName = (col: string) => `(select name from org where id = ${col})`;
const list = (obj: string, from: string, order: string) => sql.raw(`(select coalesce(jsonb_agg(${obj} order by ${order}), '[]'::jsonb) from ${from})`);

const DOCUMENT_JSON = `jsonb_build_object('id', d.id, 'task_id', d.task_id, 'kind', d.kind, 'name', d.name, 'sha256', d.sha256, 'size', d.size, 'mime', d.mime,
  'uploaded_by', ${userJson('d.uploaded_by')}, 'uploaded_at', d.uploaded_at)`;
const ITEMS_JSON = `(select coalesce(jsonb_agg(jsonb_build_object('kind', i.kind, 'name', i.name, 'coverage_code', i.coverage_code, 'loss_type', i.loss_type,
  'unit_price', i.unit_price::text, 'quantity', i.quantity::text, 'amount', i.amount::text) order by i.seq), '[]'::jsonb) from claim_task_item i where i.task_id = t.id)`;
const TASK_JSON = `jsonb_build_object('id', t.id, 'kind', t.kind, 'state', t.state, 'org_id', t.org_id, 'org_name', ${orgName('t.org_id')}, 'assignee', ${userJson('t.assignee_id')},
  'findings', t.findings, 'assessed_amount', t.assessed_amount::text, 'submitted_at', t.submitted_at, 'reviewed_by', ${userJson('t.reviewed_by')}, 'reviewed_at', t.reviewed_at,
  'review_note', t.review_note, 'version', t.version, 'created_at', t.created_at, 'items', ${ITEMS_JSON})`;

interface DocumentJson { id: string; task_id: string | null; kind: ClaimDocument['kind']; name: string; sha256: string; size: number; mime: string; uploaded_by: UserBrief; uploaded_at: string }
interface ItemJson { kind: ClaimTask['items'][number]['kind']; name: string; coverage_code: string; loss_type: LossType; unit_price: string; quantity: string; amount: string }
interface TaskJson {
  id: string; kind: ClaimTask['kind']; state: ClaimTask['state']; org_id: string; org_name: string; assignee: UserBrief; findings: string | null; assessed_amount: string;
  submitted_at: string | null; reviewed_by: UserBrief | null; reviewed_at: string | null; review_note: string | null; version: number; created_at: string; items: ItemJson[];
}

export const documentHref = (claimId: string, docId: string) => `/api/v1/claims/${claimId}/documents/${docId}`;

export const documentFromJson = (claimId: string, d: DocumentJson): ClaimDocument => ({
  id: d.id, taskId: d.task_id, kind: d.kind, name: d.name, sha256: d.sha256, size: d.size, mime: d.mime, uploadedBy: d.uploaded_by, uploadedAt: iso(d.uploaded_at), href: documentHref(claimId, d.id),
});

const taskFromJson = (claim: { id: string; claimNo: string }, t: TaskJson, documents: ClaimDocument[]): ClaimTask => ({
  id: t.id, claimId: claim.id, claimNo: claim.claimNo, kind: t.kind, state: t.state, org: { id: t.org_id, name: t.org_name }, assignee: t.assignee, findings: t.findings,
  assessedAmount: fen(t.assessed_amount),
  items: t.items.map((i) => ({ kind: i.kind, name: i.name, coverageCode: i.coverage_code, lossType: i.loss_type, unitPrice: fen(i.unit_price), quantity: i.quantity, amount: fen(i.amount) })),
  documents: documents.filter((d) => d.taskId === t.id),
  submittedAt: isoOrNull(t.submitted_at), reviewedBy: t.reviewed_by, reviewedAt: isoOrNull(t.reviewed_at), reviewNote: t.review_note, version: t.version, createdAt: iso(t.created_at),
});

/** A claim's task (with items and documents) as one JSON column of a statement on `claim_task as t`; read it with claimTaskFromJson. */
export const claimTaskJson = () =>
  sql.raw<unknown>(`jsonb_set(${TASK_JSON}, '{documents}', (select coalesce(jsonb_agg(${DOCUMENT_JSON} order by d.uploaded_at, d.id), '[]'::jsonb) from claim_document d where d.task_id = t.id))`);
export const claimTaskFromJson = (claim: { id: string; claimNo: string }, json: unknown): ClaimTask => {
  const t = json as TaskJson & { documents: DocumentJson[] };
  return taskFromJson(claim, t, t.documents.map((d) => documentFromJson(claim.id, d)));
};

const DETAIL_JSON = {
  parties_json: list(`jsonb_build_object('role', x.role, 'name', x.name, 'id_number_masked', x.id_number_masked, 'phone_masked', x.phone_masked, 'plate_no', x.plate_no, 'note', x.note)`, 'claim_party x where x.claim_id = c.id', 'x.seq'),
  duplicates_json: list(
    `jsonb_build_object('id', d.id, 'claim_no', d.claim_no, 'loss_date', d.loss_date::text, 'loss_place', d.loss_place, 'state', d.state)`,
    'claim d where d.policy_id = c.policy_id and d.id <> c.id and d.loss_date between c.loss_date - 1 and c.loss_date + 1',
    'd.loss_date, d.claim_no',
  ),
  reserves_json: list(
    `jsonb_build_object('coverage_code', r.coverage_code, 'loss_type', r.loss_type, 'amount', r.amount::text)`,
    '(select coverage_code, loss_type, sum(delta) as amount, min(created_at) as first_at from claim_reserve where claim_id = c.id group by 1, 2) r',
    'r.first_at, r.coverage_code, r.loss_type',
  ),
  reserve_history_json: list(
    `jsonb_build_object('id', r.id, 'coverage_code', r.coverage_code, 'loss_type', r.loss_type, 'kind', r.kind, 'delta', r.delta::text, 'reason', r.reason, 'by', ${userJson('r.created_by')}, 'at', r.created_at)`,
    'claim_reserve r where r.claim_id = c.id',
    'r.created_at, r.id',
  ),
  tasks_json: list(TASK_JSON, 'claim_task t where t.claim_id = c.id', 't.created_at, t.id'),
  documents_json: list(DOCUMENT_JSON, 'claim_document d where d.claim_id = c.id', 'd.uploaded_at, d.id'),
  calculations_json: list(
    `jsonb_build_object('id', k.id, 'coverage_code', k.coverage_code, 'loss_type', k.loss_type, 'input', k.input, 'steps', k.steps, 'payable', k.payable::text,
      'created_by', ${userJson('k.created_by')}, 'created_at', k.created_at)`,
    `claim_calculation k where k.claim_id = c.id and k.state = 'CURRENT'`,
    'k.created_at, k.id',
  ),
  approvals_json: list(
    `jsonb_build_object('id', a.id, 'level', a.level, 'org_id', a.org_id, 'org_name', ${orgName('a.org_id')}, 'approver', ${userJson('a.approver_id')}, 'amount', a.amount::text,
      'decision', a.decision, 'decline_code', a.decline_code, 'reason', a.reason, 'at', a.created_at)`,
    'claim_approval a where a.claim_id = c.id',
    'a.created_at, a.id',
  ),
  payments_json: list(
    `jsonb_build_object('id', y.id, 'payment_no', y.payment_no, 'kind', y.kind, 'state', y.state, 'amount', y.amount::text, 'payee_name', y.payee_name, 'bank_name', y.bank_name,
      'account_no_masked', y.account_no_masked, 'coverage_code', y.coverage_code, 'loss_type', y.loss_type, 'created_by', ${userJson('y.created_by')}, 'created_at', y.created_at,
      'paid_at', y.paid_at, 'paid_reference', y.paid_reference, 'cancelled_at', y.cancelled_at, 'cancel_reason', y.cancel_reason)`,
    'claim_payment y where y.claim_id = c.id',
    'y.created_at, y.id',
  ),
};

// ---------------------------------------------------------------- summaries

/** `claim as c` with its policy and org: what lists and the detail read. */
export const claimSummaryQuery = (ex: Executor) => ex.selectFrom('claim as c').innerJoin('policy as p', 'p.id', 'c.policy_id').innerJoin('org as o', 'o.id', 'c.org_id');

// Names by primary key as scalar subqueries, not joins (planning cost: see proposal.service.ts).
export const claimSummaryColumns = [
  'c.id', 'c.claim_no', 'c.state', 'c.policy_id', 'p.policy_no', 'c.line', 'p.plate_no', 'c.org_id', 'o.name as org_name', 'o.path as org_path',
  'c.loss_date', 'c.loss_place', 'c.loss_cause', 'c.channel', 'c.handler_id', 'c.reported_by', 'c.duplicate_state',
  'c.outstanding_reserve', 'c.approved_amount', 'c.paid_amount', 'c.state_since', 'c.reported_at', 'c.updated_at',
  sql<string>`(select name from product where id = p.product_id)`.as('product_name'),
  sql<string>`(select name from party where id = p.insured_id)`.as('insured_name'),
  sql<string>`(select username from app_user where id = c.handler_id)`.as('handler_username'),
  sql<string>`(select name from app_user where id = c.handler_id)`.as('handler_name'),
] as const;

export interface ClaimSummaryRow {
  id: string; claim_no: string; state: string; policy_id: string; policy_no: string; line: string; plate_no: string | null; org_id: string; org_name: string; org_path: string;
  loss_date: string; loss_place: string; loss_cause: string; channel: string; handler_id: string; reported_by: string; duplicate_state: string;
  outstanding_reserve: string; approved_amount: string; paid_amount: string; state_since: Date; reported_at: Date; updated_at: Date;
  product_name: string; insured_name: string; handler_username: string; handler_name: string;
}

export function claimSummaryOf(r: ClaimSummaryRow): ClaimSummary {
  return {
    id: r.id,
    claimNo: r.claim_no,
    state: r.state as ClaimState,
    policy: { id: r.policy_id, policyNo: r.policy_no, productName: r.product_name, line: r.line as ProductLine, plateNo: r.plate_no },
    org: { id: r.org_id, name: r.org_name },
    insuredName: r.insured_name,
    lossDate: r.loss_date,
    lossPlace: r.loss_place,
    lossCause: r.loss_cause as LossCause,
    channel: r.channel as ReportChannel,
    handler: { id: r.handler_id, username: r.handler_username, name: r.handler_name },
    duplicateState: r.duplicate_state as DuplicateState,
    outstandingReserve: fen(r.outstanding_reserve),
    approvedAmount: fen(r.approved_amount),
    paidAmount: fen(r.paid_amount),
    stateSince: iso(r.state_since),
    reportedAt: iso(r.reported_at),
    updatedAt: iso(r.updated_at),
  };
}

/** Actions legal in the claim's state that this user may take (permission scope; approvers' actions never by the handler). */
export function claimActionsFor(ctx: RequestContext, row: { state: string; org_id: string; org_path: string; handler_id: string; reported_by: string }): ClaimAction[] {
  return claimActionsIn(row.state as ClaimState).filter(
    (a) => claimInScope(ctx.actor, ACTION_PERMISSION[a], row) && !(FOUR_EYES_ACTIONS.includes(a) && row.handler_id === ctx.actor.userId),
  );
}

// ---------------------------------------------------------------- the service

export function createClaimService(deps: ClaimDeps) {
  const { db } = deps;

  /** The full detail the caller may read (claim:read scope; 404 outside it). */
  async function detail(ctx: RequestContext, by: { id: string } | { claimNo: string }): Promise<ClaimDetail> {
    requirePermission(ctx.actor, P.claimRead);
    let q = claimSummaryQuery(db)
      .select(claimSummaryColumns)
      .select([
        'c.version', 'c.loss_at', 'c.description', 'c.reporter_name', 'c.reporter_phone_masked', 'c.reporter_relation', 'c.coverages', 'c.at_fault', 'c.liability_share',
        'c.duplicate_of', 'c.approval_org_id', 'c.decline_code', 'c.decline_reason', 'c.closed_at', 'c.reopen_count',
        sql<string | null>`(select claim_no from claim where id = c.duplicate_of)`.as('duplicate_of_no'),
        sql<string | null>`(select name from org where id = c.approval_org_id)`.as('approval_org_name'),
        ...Object.entries(DETAIL_JSON).map(([name, expr]) => expr.as(name)),
        claimTimelineJson(sql.ref('c.id')).as('timeline_json'),
      ]);
    q = 'id' in by ? q.where('c.id', '=', by.id) : q.where('c.claim_no', '=', by.claimNo);
    const r = (await q.executeTakeFirst()) as (ClaimSummaryRow & Record<string, unknown>) | undefined;
    if (!r || !claimInScope(ctx.actor, P.claimRead, r)) throw claimErrors.notFound();
    const summary = claimSummaryOf(r);
    const coverages = r.coverages as ClaimCoverage[];
    const coverageName = (code: string) => coverages.find((c) => c.code === code)?.name ?? code;
    const documents = (r.documents_json as DocumentJson[]).map((d) => documentFromJson(r.id, d));
    const calculations: CalculationSheet[] = (r.calculations_json as { id: string; coverage_code: string; loss_type: LossType; input: CalculationInput; steps: CalculationStep[]; payable: string; created_by: UserBrief; created_at: string }[]).map(
      (k) => ({ id: k.id, coverageCode: k.coverage_code, coverageName: coverageName(k.coverage_code), lossType: k.loss_type, input: k.input, steps: k.steps, payable: fen(k.payable), createdBy: k.created_by, createdAt: iso(k.created_at) }),
    );
    const state = r.state as ClaimState;
    return {
      ...summary,
      version: r.version as number,
      lossAt: iso(r.loss_at as Date),
      description: r.description as string,
      reporter: { name: r.reporter_name as string, phoneMasked: r.reporter_phone_masked as string | null, relation: r.reporter_relation as string | null },
      atFault: r.at_fault as boolean | null,
      liabilityShare: r.liability_share === null ? null : fen(r.liability_share as string),
      coverages,
      parties: (r.parties_json as { role: ClaimPartyRole; name: string; id_number_masked: string | null; phone_masked: string | null; plate_no: string | null; note: string | null }[]).map((x) => ({
        role: x.role, name: x.name, idNumberMasked: x.id_number_masked, phoneMasked: x.phone_masked, plateNo: x.plate_no, note: x.note,
      })),
      duplicateOf: r.duplicate_of ? { id: r.duplicate_of as string, claimNo: r.duplicate_of_no as string } : null,
      possibleDuplicates: (r.duplicates_json as { id: string; claim_no: string; loss_date: string; loss_place: string; state: ClaimState }[]).map((d) => ({
        id: d.id, claimNo: d.claim_no, lossDate: d.loss_date, lossPlace: d.loss_place, state: d.state,
      })),
      reserves: (r.reserves_json as { coverage_code: string; loss_type: LossType; amount: string }[]).map(
        (l): ReserveLine => ({ coverageCode: l.coverage_code, coverageName: coverageName(l.coverage_code), lossType: l.loss_type, amount: fen(l.amount) }),
      ),
      reserveHistory: (r.reserve_history_json as { id: string; coverage_code: string; loss_type: LossType; kind: ReserveKind; delta: string; reason: string; by: UserBrief | null; at: string }[]).map(
        (h): ReserveChange => ({ id: h.id, coverageCode: h.coverage_code, lossType: h.loss_type, kind: h.kind, delta: fen(h.delta), reason: h.reason, by: h.by, at: iso(h.at) }),
      ),
      tasks: (r.tasks_json as TaskJson[]).map((t) => taskFromJson(summary, t, documents)),
      documents,
      calculations,
      calculatedTotal: fen(calculations.reduce((s, k) => s.plus(k.payable), new Decimal(0))),
      approvals: (r.approvals_json as { id: string; level: number; org_id: string; org_name: string; approver: UserBrief | null; amount: string; decision: ApprovalEntry['decision']; decline_code: string | null; reason: string | null; at: string }[]).map(
        (a): ApprovalEntry => ({ id: a.id, level: a.level, org: { id: a.org_id, name: a.org_name }, approver: a.approver, amount: fen(a.amount), decision: a.decision, declineCode: a.decline_code, reason: a.reason, at: iso(a.at) }),
      ),
      approvalOrg: state === 'PENDING_APPROVAL' && r.approval_org_id ? { id: r.approval_org_id as string, name: r.approval_org_name as string } : null,
      payments: (r.payments_json as PaymentJson[]).map(paymentFromJson),
      declineCode: r.decline_code as string | null,
      declineReason: r.decline_reason as string | null,
      closedAt: isoOrNull(r.closed_at as Date | null),
      reopenCount: r.reopen_count as number,
      actions: claimActionsFor(ctx, r),
      timeline: claimTimelineFromJson(r.timeline_json, ctx.lang),
    };
  }

  return {
    /** GET /claims/:id — the detail every claim endpoint answers after its write. */
    get: (ctx: RequestContext, id: string) => detail(ctx, { id }),
    getByNo: (ctx: RequestContext, claimNo: string) => detail(ctx, { claimNo }),
  };
}
export type ClaimService = ReturnType<typeof createClaimService>;

interface PaymentJson {
  id: string; payment_no: string; kind: ClaimPayment['kind']; state: ClaimPayment['state']; amount: string; payee_name: string; bank_name: string; account_no_masked: string;
  coverage_code: string | null; loss_type: LossType | null; created_by: UserBrief; created_at: string; paid_at: string | null; paid_reference: string | null; cancelled_at: string | null; cancel_reason: string | null;
}
const paymentFromJson = (y: PaymentJson): ClaimPayment => ({
  id: y.id, paymentNo: y.payment_no, kind: y.kind, state: y.state, amount: fen(y.amount), payeeName: y.payee_name, bankName: y.bank_name, accountNoMasked: y.account_no_masked,
  coverageCode: y.coverage_code, lossType: y.loss_type, createdBy: y.created_by, createdAt: iso(y.created_at), paidAt: isoOrNull(y.paid_at), paidReference: y.paid_reference,
  cancelledAt: isoOrNull(y.cancelled_at), cancelReason: y.cancel_reason,
});
