// 报案 (find the policy, report, possible duplicates), worklists, detail, export, 立案 and reserves.
// The detail (`get`) is what every claim endpoint answers after its write: one statement, the
// lists hanging off the claim as JSON columns (as proposal.service.ts detail() does).
import Decimal from 'decimal.js';
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction, type Updateable } from 'kysely';
import {
  LOSS_TYPES,
  type ApprovalEntry,
  type CalculationInput,
  type CalculationSheet,
  type CalculationStep,
  type ClaimAction,
  type ClaimCoverage,
  type ClaimDetail,
  type ClaimDocument,
  type ClaimPartyInput,
  type ClaimPartyRole,
  type ClaimPayment,
  type ClaimReportInput,
  type ClaimState,
  type ClaimSummary,
  type ClaimTask,
  type DuplicateState,
  type LossCause,
  type LossType,
  type ReportablePolicy,
  type ReportChannel,
  type ReserveChange,
  type ReserveKind,
  type ReserveLine,
} from '../../../contracts/claim';
import { FINAL_POLICY_STATES, POLICY_STATES, type PolicyCoverage, type PolicyState, type UserBrief } from '../../../contracts/policy';
import type { ProductLine } from '../../../contracts/product';
import type { DataScope, DB } from '../../db/types';
import type { ClaimTable } from '../../db/types.claim';
import { can, likeContains, likePrefix, orgInScope, requirePermission, scopePredicate } from '../../platform/access';
import { writeAudit, writeAudits, type AuditEntry } from '../../platform/audit';
import { shanghaiDate } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { isAppError } from '../../platform/errors';
import { uuidv7 } from '../../platform/ids';
import { mask } from '../../platform/mask';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import { partyErrors } from '../party/errors';
import { isValidMobile } from '../party/identity';
import { ID_SEARCH_DOMAIN, isValidPhone, normalizePhone, PHONE_DOMAIN, termGrams, type SearchTerm } from '../party/rules';
import { COUNT_CAP, EXPORT_CAP } from '../party/service';
import { addDays } from '../policy/numbering.rules';
import { classifyPolicySearch } from '../policy/policy.service';
import { normalizeVehicleId } from '../policy/vin.rules';
import { claimErrors } from './claim.errors';
import { claimInScope, findClaim, type ClaimRow } from './claim.rows';
import { lossTypesOf } from './coverage.rules';
import type { ClaimDeps } from './deps';
import { activityAllowed, claimActionsIn, nextClaimState, type ClaimContext } from './lifecycle.rules';
import { allocateClaimNumber } from './numbers';
import { P } from './permissions';
import { reportErrors as E } from './report.errors';
import type { ClaimListQueryT, DuplicateBodyT, RegisterBodyT, ReserveBodyT, UpdateBodyT } from './report.schemas';
import { claimTimelineFromJson, claimTimelineJson, recordClaimEvent, recordClaimEvents, type NewClaimEvent } from './timeline';

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

// ---------------------------------------------------------------- pure rules

/** Claims a handler still works on (the worklist's "open", a handler's workload). */
export const OPEN_CLAIM_STATES: readonly ClaimState[] = ['REPORTED', 'REGISTERED', 'PENDING_APPROVAL', 'APPROVED'];
/** 报案信息 may change until approval. */

/**
 * Was the policy in force on the loss date? Inside [start, end]; a lapsed policy (中止) and one
 * cancelled in the cooling-off period (void from the start) never; one terminated, surrendered or
 * matured only before the first day without cover (ended_on).
 */
export function inForceOn(p: { state: string; start_date: string; end_date: string | null; ended_on: string | null }, lossDate: string): { ok: true } | { ok: false; why: string } {
  if (lossDate < p.start_date) return { ok: false, why: `${lossDate} 早于保险期间起期（${p.start_date}）` };
  if (p.end_date && lossDate > p.end_date) return { ok: false, why: `${lossDate} 晚于保险期间止期（${p.end_date}）` };
  const state = p.state as PolicyState;
  if (state === 'LAPSED') return { ok: false, why: '保单效力中止，中止期间不承担保险责任' };
  if (state === 'CANCELLED_COOLING_OFF') return { ok: false, why: '保单已在犹豫期内撤单，自始不承担保险责任' };
  if (FINAL_POLICY_STATES.includes(state) && (!p.ended_on || lossDate >= p.ended_on)) {
    return { ok: false, why: `保单已${POLICY_STATES[state].zh}${p.ended_on ? `（${p.ended_on} 起不再承担保险责任）` : ''}` };
  }
  return { ok: true };
}

/**
 * Similarity of two texts as the share of character pairs they have in common (Jaccard). pg_trgm
 * cannot do this here: in the database's C locale it sees no trigrams in Chinese text at all.
 */
export function textSimilarity(a: string, b: string): number {
  const x = new Set(termGrams(a));
  const y = new Set(termGrams(b));
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / (x.size + y.size - common);
}
/** 报案 places or descriptions this alike suggest the same loss reported twice. */
export const DUPLICATE_SIMILARITY = 0.3;

/** A policy's coverages that can respond to a loss, with the loss types each answers for. */
export function claimCoveragesOf(line: ProductLine, coverages: PolicyCoverage[]): ClaimCoverage[] {
  return coverages
    .map((c) => ({ code: c.code, name: c.name, limit: c.limit, deductible: c.deductible, sumInsured: c.sumInsured, lossTypes: lossTypesOf(line, c.code) }))
    .filter((c) => c.lossTypes.length > 0);
}

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const SHARE = /^\d{1,3}(\.\d{1,2})?$/;

function liabilityShareOf(v: string | null | undefined): string | null {
  if (v === null || v === undefined || v.trim() === '') return null;
  if (!SHARE.test(v.trim()) || new Decimal(v.trim()).gt(100)) throw E.liabilityShareInvalid();
  return fen(v.trim());
}

function required(v: string, field: string, label: string): string {
  const t = v.trim();
  if (!t) throw E.textRequired(field, label);
  return t;
}

/** Parties as stored: ID numbers and phones masked only (the claim keeps no more of them). */
function partiesOf(parties: ClaimPartyInput[] | undefined) {
  return (parties ?? []).map((x, i) => {
    const phone = x.phone?.trim() ? normalizePhone(x.phone) : null;
    if (phone && !isValidPhone(phone)) throw E.phoneInvalid(`parties.${i}.phone`, '当事人电话');
    const idNumber = x.idNumber?.replace(/\s+/g, '').toUpperCase() || null;
    return {
      seq: i + 1,
      role: x.role,
      name: required(x.name, `parties.${i}.name`, '当事人姓名'),
      id_number_masked: mask('resident_id', idNumber),
      phone_masked: mask('mobile', phone),
      plate_no: x.plateNo?.trim() ? normalizeVehicleId(x.plateNo) : null,
      note: x.note?.trim() || null,
    };
  });
}

/** 422 unless the coverage is among the claim's (on the policy) and answers for the loss type. */
function checkCoverage(coverages: ClaimCoverage[], code: string, lossType: LossType, field: string): ClaimCoverage {
  const cov = coverages.find((c) => c.code === code);
  if (!cov) throw E.coverageNotOnPolicy(`${field}coverageCode`, code);
  if (!cov.lossTypes.includes(lossType)) throw E.lossTypeNotCovered(`${field}lossType`, cov.name, LOSS_TYPES[lossType].zh);
  return cov;
}

function amountOf(v: string, field: string): Decimal {
  if (!MONEY.test(v.trim())) throw E.reserveInvalid(field);
  return new Decimal(v.trim());
}

// ---------------------------------------------------------------- changes under the row lock

export interface ClaimStep {
  trx: Transaction<DB>;
  row: ClaimRow;
  now: Date;
  /** Queues a timeline entry of this claim, by the acting user unless `actorId` says otherwise (null: the system); `first`: ahead of those queued. */
  event: (e: Omit<NewClaimEvent, 'claimId' | 'actorId'> & { actorId?: string | null }, first?: boolean) => void;
  /** Queues an audit event, of this claim unless it names another object; written last (the audit chain stays locked only until commit). */
  audit: (e: AuditEntry, first?: boolean) => void;
}

export interface TransitionWork {
  /** The facts the action's guards look at (lifecycle.rules.ts). */
  context?: ClaimContext;
  /** Columns to change besides state, version and times. */
  set?: Updateable<ClaimTable>;
  details?: Record<string, unknown>;
  note?: string | null;
  /** Writes that must wait until the guards passed (the new state given); may add columns, details and the note. */
  apply?: (to: ClaimState) => Promise<void | { set?: Updateable<ClaimTable>; details?: Record<string, unknown>; note?: string | null }>;
}

/**
 * Changes to one claim: `change` locks the row (scope of `permission`, 404 outside it), runs the
 * work, bumps version and updated_at, then writes the timeline and audit. `transition` adds the
 * state table: 409 naming the state when the action is illegal there, the work, then the guards
 * (409 naming the guard), what must wait for them, the new state and its timeline and audit
 * entries (ahead of what the work recorded). Every area of the module changes claims through here.
 */
export function createClaimSteps({ db, clock }: Pick<ClaimDeps, 'db' | 'clock'>) {
  async function change(ctx: RequestContext, id: string, permission: string, work: (s: ClaimStep) => Promise<Updateable<ClaimTable> | null>): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const row = await findClaim(trx, ctx.actor, permission, id, { lock: true });
      const events: NewClaimEvent[] = [];
      const audits: AuditEntry[] = [];
      const queue = <T>(list: T[], x: T, first?: boolean) => void (first ? list.unshift(x) : list.push(x));
      const s: ClaimStep = {
        trx,
        row,
        now,
        event: (e, first) => queue(events, { actorId: ctx.actor.userId, ...e, claimId: id }, first),
        audit: (e, first) => queue(audits, e, first),
      };
      const set = await work(s);
      if (set === null) return;
      await trx.updateTable('claim').set({ ...set, version: row.version + 1, updated_at: now }).where('id', '=', id).execute();
      await recordClaimEvents(trx, events, now);
      const audited = audits.map((e) => ({ objectType: 'claim', objectId: id, ...e, details: { claimNo: row.claim_no, ...(e.details as object) } }));
      await writeAudits(trx, auditActorOf(ctx), audited, now);
    });
  }

  async function transition(ctx: RequestContext, id: string, action: ClaimAction, work: (s: ClaimStep) => Promise<TransitionWork>): Promise<void> {
    await change(ctx, id, ACTION_PERMISSION[action], async (s) => {
      const from = s.row.state;
      const legal = nextClaimState(from, action);
      if (!legal.ok) throw claimErrors.transition(legal);
      const w = await work(s);
      const t = nextClaimState(from, action, w.context ?? {});
      if (!t.ok) throw claimErrors.transition(t);
      const more = (await w.apply?.(t.to)) ?? {};
      const details = { ...w.details, ...more.details };
      const note = more.note ?? w.note ?? null;
      s.event({ action, fromState: from, toState: t.to, note, details }, true);
      s.audit({ action: `claim.${action}`, before: { state: from }, after: { state: t.to }, details: note ? { note, ...details } : details }, true);
      return { ...w.set, ...more.set, state: t.to, ...(t.to !== from ? { state_since: s.now } : {}) };
    });
  }

  return { change, transition };
}

/** Non-cancelled payments of a claim (注销 refuses once money moved). */
async function paymentsMade(ex: Executor, claimId: string): Promise<number> {
  const { n } = await ex.selectFrom('claim_payment').select(sql<string>`count(*)`.as('n')).where('claim_id', '=', claimId).where('state', '<>', 'CANCELLED').executeTakeFirstOrThrow();
  return Number(n);
}

// ---------------------------------------------------------------- the service

export function createClaimService(deps: ClaimDeps) {
  const { db, clock, pii } = deps;
  const { change, transition } = createClaimSteps(deps);

  /** The full detail the caller may read: in the scope of one of `permissions` they hold (403 holding none, 404 outside). */
  async function detail(ctx: RequestContext, by: { id: string } | { claimNo: string }, permissions: string[] = [P.claimRead]): Promise<ClaimDetail> {
    const held = permissions.filter((p) => can(ctx.actor, p));
    if (held.length === 0) requirePermission(ctx.actor, permissions[0]!);
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
    if (!r || !held.some((p) => claimInScope(ctx.actor, p, r))) throw claimErrors.notFound();
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

  // ---- policies for 报案

  /** 报案 reaches policies by the reporter's claim:report scope over the policy's org (`self` = their own org: policies have no owner here). */
  const reportScope = (ctx: RequestContext): DataScope => {
    const scope = requirePermission(ctx.actor, P.claimReport);
    return scope === 'self' ? 'org' : scope;
  };
  const policyVisible = (ctx: RequestContext, scope: DataScope) => scopePredicate(ctx.actor, scope, { orgPath: sql.ref<string>('o.path'), orgId: sql.ref<string>('p.org_id') });

  /** The customers a search term finds (keyed hashes for ID numbers and mobiles, name grams, pinyin initials), as a subquery of ids. */
  function partiesMatching(term: SearchTerm) {
    const x = db.selectFrom('party as x').select('x.id');
    const named = (t: { grams: string[]; contains: string }) => sql<SqlBool>`(x.name_grams @> ${t.grams}::text[] and lower(x.name) like ${likeContains(t.contains)})`;
    switch (term.kind) {
      case 'id':
        return x.where('x.id_search_hash', '=', pii.hash(ID_SEARCH_DOMAIN, term.normalized));
      case 'phone':
        return x.where('x.phone_hash', '=', pii.hash(PHONE_DOMAIN, term.normalized));
      case 'letters':
        return x.where(sql<SqlBool>`(x.name_initials like ${likePrefix(term.initials)} or ${named(term)})`);
      case 'name':
        return x.where(named(term));
    }
  }

  /** Policies (`policy as p`) a search box term finds: number (whole or prefix), plate, VIN, or the policyholder's or insured's ID number, mobile or name. */
  function policySearch(q: string): ((eb: ExpressionBuilder<DB & { p: DB['policy'] }, 'p'>) => Expression<SqlBool>) | null {
    const search = classifyPolicySearch(q);
    switch (search?.kind) {
      case undefined:
        return null;
      case 'number':
        return (eb) => eb('p.policy_no', '=', search.value);
      case 'prefix':
        return (eb) => eb('p.policy_no', 'like', likePrefix(search.value));
      case 'plate':
        return (eb) => eb('p.plate_no', '=', search.value);
      case 'vin':
        return (eb) => eb('p.vin', '=', search.value);
      case 'party': {
        const ids = partiesMatching(search.term);
        return (eb) => eb.or([eb('p.policyholder_id', 'in', ids), eb('p.insured_id', 'in', ids)]);
      }
    }
  }

  const policyColumns = [
    'p.id', 'p.policy_no', 'p.org_id', 'o.path as org_path', 'o.code as org_code', 'p.line', 'p.state', 'p.plate_no', 'p.start_date', 'p.end_date', 'p.ended_on', 'p.coverages',
    sql<string>`(select name from product where id = p.product_id)`.as('product_name'),
    sql<string>`(select name from party where id = p.policyholder_id)`.as('holder_name'),
    sql<string>`(select name from party where id = p.insured_id)`.as('insured_name'),
  ] as const;
  type PolicyRow = {
    id: string; policy_no: string; org_id: string; org_path: string; org_code: string; line: string; state: string; plate_no: string | null; start_date: string; end_date: string | null;
    ended_on: string | null; coverages: unknown; product_name: string; holder_name: string; insured_name: string;
  };

  const reportableOf = (r: PolicyRow, lossDate: string | undefined): ReportablePolicy => ({
    policyId: r.id, policyNo: r.policy_no, productName: r.product_name, line: r.line as ProductLine, state: r.state, holderName: r.holder_name, insuredName: r.insured_name,
    plateNo: r.plate_no, startDate: r.start_date, endDate: r.end_date, inForceOnLossDate: lossDate ? inForceOn(r, lossDate).ok : null,
    coverages: claimCoveragesOf(r.line as ProductLine, r.coverages as PolicyCoverage[]),
  });

  // ---- the handler

  /**
   * The reporter when their claim:handle reaches the org; else the handler (claim:handle, active)
   * of the claim's org with the fewest open claims — of the nearest org up the tree that has one
   * whose scope reaches down (subtree or all).
   */
  async function handlerFor(ctx: RequestContext, policy: { org_id: string; org_path: string }): Promise<string> {
    const own = ctx.actor.grants.get(P.claimHandle);
    if (own && orgInScope(ctx.actor, own, { id: policy.org_id, path: policy.org_path })) return ctx.actor.userId;
    const row = await db
      .selectFrom('app_user as u')
      .innerJoin('org as uo', 'uo.id', 'u.org_id')
      .select('u.id')
      .where('u.status', '=', 'ACTIVE')
      .where(sql<SqlBool>`${policy.org_path} like uo.path || '%'`)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('user_role as ur')
            .innerJoin('role as r', 'r.id', 'ur.role_id')
            .select(sql`1`.as('x'))
            .whereRef('ur.user_id', '=', 'u.id')
            .where(sql<SqlBool>`r.permissions @> array[${P.claimHandle}]::text[]`)
            .where(sql<SqlBool>`(u.org_id = ${policy.org_id} or ur.scope in ('subtree', 'all'))`),
        ),
      )
      .orderBy('uo.depth', 'desc')
      .orderBy(sql`(select count(*) from claim c where c.handler_id = u.id and c.state in (${sql.join(OPEN_CLAIM_STATES)}))`)
      .orderBy('u.id')
      .limit(1)
      .executeTakeFirst();
    if (!row) throw E.noHandler();
    return row.id;
  }

  /** The earliest claim of the policy within a day of the loss whose place or description is alike (or identical). */
  async function duplicateOf(trx: Transaction<DB>, policyId: string, lossDate: string, place: string, description: string) {
    const near = await trx
      .selectFrom('claim')
      .select(['id', 'claim_no', 'loss_place', 'description'])
      .where('policy_id', '=', policyId)
      .where('loss_date', '>=', addDays(lossDate, -1))
      .where('loss_date', '<=', addDays(lossDate, 1))
      .where('duplicate_state', '<>', 'LINKED')
      .orderBy('reported_at')
      .orderBy('id')
      .execute();
    const alike = (a: string, b: string) => a === b || textSimilarity(a, b) > DUPLICATE_SIMILARITY;
    return near.find((c) => alike(c.loss_place, place) || alike(c.description, description)) ?? null;
  }

  // ---- worklists

  const SORTS = { updatedAt: 'c.updated_at', stateSince: 'c.state_since', lossDate: 'c.loss_date', claimNo: 'c.claim_no' } as const;

  /**
   * The caller's claim:read scope and every filter, as one condition over `claim as c` (and `org as
   * o` when `org` says so): the page reads it with the policy's and names' columns, the count over
   * the claim's index alone (PostgreSQL keeps inner joins it does not need).
   */
  async function conditions(ctx: RequestContext, q: ClaimListQueryT): Promise<{ where: Expression<SqlBool>; org: boolean }> {
    const scope = requirePermission(ctx.actor, P.claimRead);
    const me = ctx.actor.userId;
    const all: Expression<SqlBool>[] = [];
    let org = scope === 'subtree';
    if (scope === 'self') all.push(sql<SqlBool>`(c.handler_id = ${me} or c.reported_by = ${me})`);
    else if (scope !== 'all') all.push(scopePredicate(ctx.actor, scope, { orgPath: sql.ref<string>('o.path'), orgId: sql.ref<string>('c.org_id') }));
    const term = q.q?.trim();
    if (term) {
      const compact = term.replace(/\s+/g, '').toUpperCase();
      if (/^BA\d/.test(compact)) all.push(sql<SqlBool>`c.claim_no like ${likePrefix(compact)}`);
      else {
        const policies = policySearch(term);
        all.push(policies ? sql<SqlBool>`c.policy_id in (${db.selectFrom('policy as p').select('p.id').where(policies)})` : sql<SqlBool>`false`);
      }
    }
    if (q.state?.length) all.push(sql<SqlBool>`c.state in (${sql.join(q.state)})`);
    if (q.handlerId) all.push(sql<SqlBool>`c.handler_id = ${q.handlerId}`);
    if (q.mine) all.push(sql<SqlBool>`c.handler_id = ${me}`);
    if (q.orgId) {
      const found = await db.selectFrom('org').select('path').where('id', '=', q.orgId).executeTakeFirst();
      all.push(found ? sql<SqlBool>`o.path like ${likePrefix(found.path)}` : sql<SqlBool>`false`);
      org = true;
    }
    if (q.line) all.push(sql<SqlBool>`c.line = ${q.line}`);
    if (q.lossDateFrom) all.push(sql<SqlBool>`c.loss_date >= ${q.lossDateFrom}`);
    if (q.lossDateTo) all.push(sql<SqlBool>`c.loss_date <= ${q.lossDateTo}`);
    if (q.duplicate) all.push(sql<SqlBool>`c.duplicate_state = ${q.duplicate}`);
    return { where: all.length ? sql<SqlBool>`(${sql.join(all, sql` and `)})` : sql<SqlBool>`true`, org };
  }

  type Conditions = Awaited<ReturnType<typeof conditions>>;

  /** Claims (`claim as c` with its policy and org) matching the conditions. */
  const filtered = (c: Conditions) => claimSummaryQuery(db).where(c.where);

  /** How many claims match, counted up to just past the cap. */
  async function countUpTo({ where, org }: Conditions, cap: number): Promise<number> {
    const base = org ? db.selectFrom('claim as c').innerJoin('org as o', 'o.id', 'c.org_id') : db.selectFrom('claim as c');
    const { n } = await db.selectFrom(base.select(sql<number>`1`.as('x')).where(where).limit(cap + 1).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    return Number(n);
  }

  function sortOf(q: ClaimListQueryT) {
    const sort = q.sort ?? '-updatedAt';
    return { col: SORTS[sort.replace('-', '') as keyof typeof SORTS], dir: sort.startsWith('-') ? ('desc' as const) : ('asc' as const) };
  }
  const sortValue = (r: ClaimSummaryRow, col: (typeof SORTS)[keyof typeof SORTS]) =>
    col === 'c.claim_no' ? r.claim_no : col === 'c.loss_date' ? r.loss_date : iso(col === 'c.state_since' ? r.state_since : r.updated_at);

  async function page(ctx: RequestContext, q: ClaimListQueryT) {
    const found = await conditions(ctx, q);
    const query = filtered(found);
    const { col, dir } = sortOf(q);
    const pageNo = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (!cursor && (pageNo - 1) * pageSize >= COUNT_CAP) throw partyErrors.pageTooDeep(COUNT_CAP);
    const ordered = query.orderBy(col, dir).orderBy('c.id', dir);
    const rows = (await (cursor ? ordered.where(afterCursor(sql.ref(col), sql.ref('c.id'), dir, cursor)) : ordered.offset((pageNo - 1) * pageSize))
      .select(claimSummaryColumns)
      .limit(pageSize + 1)
      .execute()) as ClaimSummaryRow[];
    const more = rows.length > pageSize;
    const items = rows.slice(0, pageSize);
    const offset = cursor ? null : (pageNo - 1) * pageSize;
    let total: number;
    // A short first page is its own total; otherwise count, stopping past the cap.
    if (!more && offset !== null && (items.length > 0 || offset === 0)) total = offset + items.length;
    else total = await countUpTo(found, COUNT_CAP);
    const last = items.at(-1);
    return {
      items: items.map(claimSummaryOf),
      total: Math.min(total, COUNT_CAP),
      totalCapped: total > COUNT_CAP,
      nextCursor: more && last ? encodeCursor({ v: sortValue(last, col), id: last.id }) : null,
      page: pageNo,
      pageSize,
    };
  }

  // ---- the service

  return {
    /** GET /claims/:id — the detail every claim endpoint answers after its write. */
    get: (ctx: RequestContext, id: string) => detail(ctx, { id }),
    getByNo: (ctx: RequestContext, claimNo: string) => detail(ctx, { claimNo }),

    /** 报案 search: policies in the reporter's scope, each with whether it was in force on the loss date and what can respond. */
    async searchPolicies(ctx: RequestContext, { q, lossDate }: { q: string; lossDate?: string }): Promise<ReportablePolicy[]> {
      const scope = reportScope(ctx);
      const match = policySearch(q);
      if (!match) return [];
      const rows = (await db
        .selectFrom('policy as p')
        .innerJoin('org as o', 'o.id', 'p.org_id')
        .select(policyColumns)
        .where(policyVisible(ctx, scope))
        .where(match)
        .orderBy('p.start_date', 'desc')
        .orderBy('p.id')
        .limit(POLICY_HITS)
        .execute()) as PolicyRow[];
      return rows.map((r) => reportableOf(r, lossDate));
    },

    /** 报案: a claim numbered per org and day, its handler, parties and a possible-duplicate flag; 201 with the detail. */
    async report(ctx: RequestContext, input: ClaimReportInput): Promise<ClaimDetail> {
      const scope = reportScope(ctx);
      const now = clock.now();
      const lossAt = new Date(input.lossAt);
      if (Number.isNaN(lossAt.getTime())) throw E.lossAtInvalid();
      if (lossAt > now) throw E.lossInFuture();
      const lossPlace = required(input.lossPlace, 'lossPlace', '出险地点');
      const description = required(input.description, 'description', '出险经过');
      const reporterName = required(input.reporterName, 'reporterName', '报案人');
      const phone = normalizePhone(input.reporterPhone);
      if (!isValidMobile(phone)) throw E.phoneInvalid();
      const liabilityShare = liabilityShareOf(input.liabilityShare);
      const parties = partiesOf(input.parties);
      const policy = (await db.selectFrom('policy as p').innerJoin('org as o', 'o.id', 'p.org_id').select(policyColumns).where('p.id', '=', input.policyId).where(policyVisible(ctx, scope)).executeTakeFirst()) as PolicyRow | undefined;
      if (!policy) throw E.policyNotFound();
      const lossDate = shanghaiDate(lossAt);
      const cover = inForceOn(policy, lossDate);
      if (!cover.ok) throw E.lossOutsidePeriod(cover.why, { lossDate, startDate: policy.start_date, endDate: policy.end_date, policyState: policy.state });
      const coverages = claimCoveragesOf(policy.line as ProductLine, policy.coverages as PolicyCoverage[]);
      const handlerId = await handlerFor(ctx, policy);
      const id = uuidv7(now.getTime());
      await db.transaction().execute(async (trx) => {
        // Two reports of one policy one after the other, so the second sees the first as a possible duplicate.
        await sql`select pg_advisory_xact_lock(hashtext(${`claim-report:${policy.id}`}))`.execute(trx);
        const dup = await duplicateOf(trx, policy.id, lossDate, lossPlace, description);
        const claimNo = await allocateClaimNumber(trx, policy.org_code, now);
        const phoneMasked = mask('mobile', phone);
        await trx
          .insertInto('claim')
          .values({
            id, claim_no: claimNo, policy_id: policy.id, org_id: policy.org_id, line: policy.line, state: 'REPORTED', loss_at: lossAt, loss_date: lossDate, loss_place: lossPlace,
            loss_cause: input.lossCause, description, channel: input.channel, reporter_name: reporterName, reporter_phone_masked: phoneMasked,
            reporter_phone_enc: pii.encrypt(phone).toString('base64'), reporter_relation: input.reporterRelation?.trim() || null, coverages: JSON.stringify(coverages),
            at_fault: input.atFault ?? null, liability_share: liabilityShare, duplicate_of: dup?.id ?? null, duplicate_state: dup ? 'SUSPECTED' : 'NONE',
            handler_id: handlerId, reported_by: ctx.actor.userId, reported_at: now, registered_by: null, registered_at: null, approval_org_id: null,
            decline_code: null, decline_reason: null, closed_at: null, state_since: now, created_at: now, updated_at: now,
          })
          .execute();
        if (parties.length > 0) await trx.insertInto('claim_party').values(parties.map((x) => ({ ...x, id: uuidv7(now.getTime()), claim_id: id }))).execute();
        const details = { claimNo, policyNo: policy.policy_no, channel: input.channel, handlerId, duplicateOf: dup?.claim_no ?? null };
        await recordClaimEvent(trx, { claimId: id, action: 'report', toState: 'REPORTED', actorId: ctx.actor.userId, note: dup ? `疑似与赔案 ${dup.claim_no} 重复报案` : null, details }, now);
        await writeAudit(
          trx,
          auditActorOf(ctx),
          {
            action: 'claim.report', objectType: 'claim', objectId: id,
            after: { ...details, policyId: policy.id, lossAt: lossAt.toISOString(), lossPlace, lossCause: input.lossCause, description, reporterName: mask('name', reporterName), reporterPhone: phoneMasked, atFault: input.atFault ?? null, liabilityShare, parties, duplicateState: dup ? 'SUSPECTED' : 'NONE' },
          },
          now,
        );
      });
      // The reporter gets the claim they reported, also without claim:read (claim:report scope, `self` = reported by them).
      return detail(ctx, { id }, [P.claimRead, P.claimReport]);
    },

    list: (ctx: RequestContext, q: ClaimListQueryT) => page(ctx, q),

    /** Every matching claim (up to EXPORT_CAP) in list order, in one query; audited. */
    async exportRows(ctx: RequestContext, q: ClaimListQueryT): Promise<ClaimSummary[]> {
      requirePermission(ctx.actor, P.claimExport);
      const { col, dir } = sortOf(q);
      const rows = (await filtered(await conditions(ctx, q)).select(claimSummaryColumns).orderBy(col, dir).orderBy('c.id', dir).limit(EXPORT_CAP).execute()) as ClaimSummaryRow[];
      const { cursor: _c, page: _p, pageSize: _s, ...filters } = q;
      await writeAudit(db, auditActorOf(ctx), { action: 'claim.export', objectType: 'claim', details: { filters, rows: rows.length } }, clock.now());
      return rows.map(claimSummaryOf);
    },

    /** 修改报案信息 (optimistic `version`), until approval. */
    async update(ctx: RequestContext, id: string, body: UpdateBodyT): Promise<ClaimDetail> {
      // Field → column and value; checked before anything is locked.
      const next: Partial<Record<keyof UpdateBodyT, [keyof ClaimTable, unknown]>> = {
        ...(body.lossPlace !== undefined ? { lossPlace: ['loss_place', required(body.lossPlace, 'lossPlace', '出险地点')] } : {}),
        ...(body.description !== undefined ? { description: ['description', required(body.description, 'description', '出险经过')] } : {}),
        ...(body.atFault !== undefined ? { atFault: ['at_fault', body.atFault] } : {}),
        ...(body.liabilityShare !== undefined ? { liabilityShare: ['liability_share', liabilityShareOf(body.liabilityShare)] } : {}),
      };
      const parties = body.parties === undefined ? null : partiesOf(body.parties);
      await change(ctx, id, P.claimHandle, async ({ trx, row, now, event, audit }) => {
        if (row.version !== body.version) throw claimErrors.stale(row.version);
        if (!activityAllowed('edit', row.state)) throw E.notInState(row.state, { zh: '修改报案信息', en: 'change the report' }, 'update');
        const entries = Object.entries(next) as [string, [keyof ClaimTable, unknown]][];
        const before: Record<string, unknown> = Object.fromEntries(entries.map(([f, [col]]) => [f, row[col]]));
        const after: Record<string, unknown> = Object.fromEntries(entries.map(([f, [, v]]) => [f, v]));
        if (parties) {
          before.parties = await trx.selectFrom('claim_party').select(['role', 'name', 'id_number_masked', 'phone_masked', 'plate_no', 'note']).where('claim_id', '=', id).orderBy('seq').execute();
          after.parties = parties;
          await trx.deleteFrom('claim_party').where('claim_id', '=', id).execute();
          if (parties.length > 0) await trx.insertInto('claim_party').values(parties.map((x) => ({ ...x, id: uuidv7(now.getTime()), claim_id: id }))).execute();
        }
        event({ action: 'update', details: { fields: Object.keys(after) } });
        audit({ action: 'claim.update', before, after });
        return Object.fromEntries(entries.map(([, [col, v]]) => [col, v])) as Updateable<ClaimTable>;
      });
      return detail(ctx, { id });
    },

    /** 疑似重复报案: link it to the earlier claim (it is then withdrawn, reserves released) or confirm it distinct. */
    async resolveDuplicate(ctx: RequestContext, id: string, body: DuplicateBodyT): Promise<ClaimDetail> {
      await change(ctx, id, P.claimHandle, async ({ trx, row, now, event, audit }) => {
        if (body.decision === 'DISTINCT') {
          if (row.duplicate_state !== 'SUSPECTED') throw E.notDuplicateSuspect(row.duplicate_state);
          const details = { decision: 'DISTINCT', duplicateOf: row.duplicate_of };
          event({ action: 'duplicate', details });
          audit({ action: 'claim.duplicate', before: { duplicateState: row.duplicate_state }, after: { duplicateState: 'CONFIRMED_DISTINCT' }, details });
          return { duplicate_state: 'CONFIRMED_DISTINCT', duplicate_of: null };
        }
        if (row.duplicate_state === 'LINKED') throw E.notDuplicateSuspect(row.duplicate_state);
        if (body.duplicateOf === id) throw E.duplicateOfInvalid('不能关联赔案自身');
        const target = await findClaim(trx, ctx.actor, P.claimRead, body.duplicateOf).catch((e: unknown) => {
          throw isAppError(e) && e.code === 'CLAIM_NOT_FOUND' ? E.duplicateOfInvalid('赔案不存在或无权访问') : e;
        });
        if (target.policy_id !== row.policy_id) throw E.duplicateOfInvalid('须为同一保单下的赔案');
        if (target.duplicate_state === 'LINKED') throw E.duplicateOfInvalid('该赔案本身已被关联为重复报案');
        const reason = `重复报案（与 ${target.claim_no} 重复）`;
        const t = nextClaimState(row.state, 'withdraw', { reason, paymentsMade: await paymentsMade(trx, id) });
        if (!t.ok) throw claimErrors.transition(t);
        const released = await releaseReserves(trx, id, 'WITHDRAW', reason, ctx.actor.userId, now);
        const details = { decision: 'LINK', duplicateOf: target.id, duplicateOfNo: target.claim_no };
        event({ action: 'duplicate', details });
        event({ action: 'withdraw', fromState: row.state, toState: t.to, note: reason, details: { reason, released } });
        audit({ action: 'claim.duplicate', before: { duplicateState: row.duplicate_state }, after: { duplicateState: 'LINKED', duplicateOf: target.id }, details });
        audit({ action: 'claim.withdraw', before: { state: row.state }, after: { state: t.to }, details: { reason, released } });
        return { duplicate_state: 'LINKED', duplicate_of: target.id, state: t.to, state_since: now };
      });
      return detail(ctx, { id });
    },

    /** 立案 with the case reserves per coverage and loss type (guard NO_RESERVE without a positive one). */
    async register(ctx: RequestContext, id: string, body: RegisterBodyT): Promise<ClaimDetail> {
      const reason = body.reason?.trim() || null;
      await transition(ctx, id, 'register', async ({ trx, row, now }) => {
        const coverages = row.coverages as ClaimCoverage[];
        const seen = new Set<string>();
        const lines = body.reserves.map((l, i) => {
          checkCoverage(coverages, l.coverageCode, l.lossType, `reserves.${i}.`);
          const key = `${l.coverageCode}/${l.lossType}`;
          if (seen.has(key)) throw E.reserveDuplicate(`reserves.${i}.lossType`);
          seen.add(key);
          return { coverageCode: l.coverageCode, lossType: l.lossType, amount: amountOf(l.amount, `reserves.${i}.amount`) };
        });
        const total = lines.reduce((s, l) => s.plus(l.amount), new Decimal(0));
        const opened = lines.filter((l) => l.amount.gt(0));
        return {
          context: { reserveTotal: total },
          set: { outstanding_reserve: fen(total), registered_by: ctx.actor.userId, registered_at: now },
          details: { reserves: opened.map((l) => ({ ...l, amount: fen(l.amount) })), total: fen(total) },
          note: reason,
          apply: async () => {
            await trx
              .insertInto('claim_reserve')
              .values(opened.map((l) => ({ id: uuidv7(now.getTime()), claim_id: id, coverage_code: l.coverageCode, loss_type: l.lossType, kind: 'OPEN' as const, delta: fen(l.amount), reason: reason ?? '立案估损', created_by: ctx.actor.userId, created_at: now })))
              .execute();
          },
        };
      });
      return detail(ctx, { id });
    },

    /** 估损调整: the new reserve of a coverage and loss type, written as one row with the delta. */
    async changeReserve(ctx: RequestContext, id: string, body: ReserveBodyT): Promise<ClaimDetail> {
      const amount = amountOf(body.amount, 'amount');
      const reason = body.reason?.trim();
      if (!reason) throw E.reasonRequired();
      await change(ctx, id, P.claimHandle, async ({ trx, row, now, event, audit }) => {
        if (!activityAllowed('reserves', row.state)) throw E.notInState(row.state, { zh: '调整估损', en: 'change reserves' }, 'reserves');
        checkCoverage(row.coverages as ClaimCoverage[], body.coverageCode, body.lossType, '');
        const { sum } = await trx
          .selectFrom('claim_reserve')
          .select(sql<string>`coalesce(sum(delta), 0)`.as('sum'))
          .where('claim_id', '=', id)
          .where('coverage_code', '=', body.coverageCode)
          .where('loss_type', '=', body.lossType)
          .executeTakeFirstOrThrow();
        const delta = amount.minus(sum);
        if (delta.isZero()) return null;
        await trx
          .insertInto('claim_reserve')
          .values({ id: uuidv7(now.getTime()), claim_id: id, coverage_code: body.coverageCode, loss_type: body.lossType, kind: 'ADJUST', delta: fen(delta), reason, created_by: ctx.actor.userId, created_at: now })
          .execute();
        const details = { coverageCode: body.coverageCode, lossType: body.lossType, from: fen(sum), to: fen(amount), delta: fen(delta) };
        event({ action: 'reserve', note: reason, details });
        audit({ action: 'claim.reserve', before: { reserve: fen(sum) }, after: { reserve: fen(amount) }, details: { ...details, reason } });
        return { outstanding_reserve: fen(new Decimal(row.outstanding_reserve).plus(delta)) };
      });
      return detail(ctx, { id });
    },
  };
}
export type ClaimService = ReturnType<typeof createClaimService>;

/** 报案 search answers at most this many policies (a search box, not a list). */
const POLICY_HITS = 20;

interface PaymentJson {
  id: string; payment_no: string; kind: ClaimPayment['kind']; state: ClaimPayment['state']; amount: string; payee_name: string; bank_name: string; account_no_masked: string;
  coverage_code: string | null; loss_type: LossType | null; created_by: UserBrief; created_at: string; paid_at: string | null; paid_reference: string | null; cancelled_at: string | null; cancel_reason: string | null;
}
const paymentFromJson = (y: PaymentJson): ClaimPayment => ({
  id: y.id, paymentNo: y.payment_no, kind: y.kind, state: y.state, amount: fen(y.amount), payeeName: y.payee_name, bankName: y.bank_name, accountNoMasked: y.account_no_masked,
  coverageCode: y.coverage_code, lossType: y.loss_type, createdBy: y.created_by, createdAt: iso(y.created_at), paidAt: isoOrNull(y.paid_at), paidReference: y.paid_reference,
  cancelledAt: isoOrNull(y.cancelled_at), cancelReason: y.cancel_reason,
});
