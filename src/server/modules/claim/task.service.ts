// 调度 and 查勘/定损/人伤 tasks with their assessed items, and claim documents (blob store).
// Tasks run beside the claim's states (CLAIM_ACTIVITIES.tasks): a handler dispatches them to a
// surveyor, the assignee records findings and items and submits, another handler reviews
// (four-eyes). Every write locks the claim row first, then the task row, so it is ordered with
// the claim's transitions; the timeline entry and the audit event go in the same transaction.
// Reads: the assignee always sees their task; anyone else needs claim:read scope over the claim.
import Decimal from 'decimal.js';
import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction, type Updateable } from 'kysely';
import { TASK_KINDS, type ClaimDocument, type ClaimState, type ClaimTask, type DocumentKind, type LossType, type TaskState } from '../../../contracts/claim';
import type { PolicyCoverage } from '../../../contracts/policy';
import type { Page } from '../../../contracts/system';
import type { ProductLine } from '../../../contracts/product';
import type { DB } from '../../db/types';
import type { ClaimTaskTable } from '../../db/types.claim';
import { requirePermission, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit, type AuditEntry } from '../../platform/audit';
import { getBlob, putBlob, sniffMime } from '../../platform/blobs';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { errors } from '../../platform/errors';
import { uuidv7 } from '../../platform/ids';
import { claimErrors } from './claim.errors';
import { claimInScope, claimRowById, findClaim, type ClaimRow } from './claim.rows';
import { claimTaskFromJson, claimTaskJson, documentHref } from './report.service';
import { lossTypesOf } from './coverage.rules';
import type { ClaimDeps } from './deps';
import { activityAllowed, type CLAIM_ACTIVITIES } from './lifecycle.rules';
import { P } from './permissions';
import { loadClaimSetting, type ClaimSettings } from './settings';
import { taskErrors as E } from './task.errors';
import type { DispatchBodyT, ReassignBodyT, ReviewBodyT, TaskListQueryT, TaskUpdateBodyT, UploadQueryT } from './task.schemas';
import { recordClaimEvent, type NewClaimEvent } from './timeline';

type Executor = Kysely<DB> | Transaction<DB>;
type TaskRow = Selectable<ClaimTaskTable>;

/** Tasks that still count against a surveyor's workload and block another task of their kind. */
const OPEN_STATES: TaskState[] = ['ASSIGNED', 'SUBMITTED', 'RETURNED'];
/** Amounts fit numeric(14,2). */
const MAX_AMOUNT = new Decimal('1e12');

type TaskAction = 'update' | 'submit' | 'review' | 'reassign' | 'cancel';
const TASK_ACTIONS: Record<TaskAction, { from: TaskState[]; zh: string; en: string }> = {
  update: { from: ['ASSIGNED', 'RETURNED'], zh: '录入查勘定损结果', en: 'edit it' },
  submit: { from: ['ASSIGNED', 'RETURNED'], zh: '提交', en: 'submit it' },
  review: { from: ['SUBMITTED'], zh: '审核', en: 'review it' },
  reassign: { from: ['ASSIGNED', 'RETURNED'], zh: '改派', en: 'reassign it' },
  cancel: { from: OPEN_STATES, zh: '撤销', en: 'cancel it' },
};

const EXTENSIONS: Record<string, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'application/pdf': '.pdf' };
const fen = (v: Decimal.Value) => new Decimal(v).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);

// ---------------------------------------------------------------- reading tasks

/** Tasks with their claim's scope columns and the task (items and documents) as the claim detail reads it. */
function tasksQuery(ex: Executor) {
  return ex
    .selectFrom('claim_task as t')
    .innerJoin('claim as c', 'c.id', 't.claim_id')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .select(['t.id', 't.claim_id', 't.assignee_id', 'c.claim_no', 'c.org_id as claim_org_id', 'c.handler_id', 'c.reported_by', 'o.path as org_path'])
    .select(claimTaskJson().as('task'));
}
type TaskQueryRow = Awaited<ReturnType<ReturnType<typeof tasksQuery>['executeTakeFirstOrThrow']>>;
const toTask = (r: TaskQueryRow): ClaimTask => claimTaskFromJson({ id: r.claim_id, claimNo: r.claim_no }, r.task);

/** 核定损失 default of a calculation sheet: the items of the claim's APPROVED tasks for this coverage and loss type. */
export async function approvedItems(ex: Executor, claimId: string, coverageCode: string, lossType: LossType): Promise<string> {
  const { total } = await ex
    .selectFrom('claim_task_item as i')
    .innerJoin('claim_task as t', 't.id', 'i.task_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('i.amount'), eb.val('0')).as('total'))
    .where('t.claim_id', '=', claimId)
    .where('t.state', '=', 'APPROVED')
    .where('i.coverage_code', '=', coverageCode)
    .where('i.loss_type', '=', lossType)
    .executeTakeFirstOrThrow();
  return fen(total);
}

/**
 * Stores a file for a claim: the blob once per SHA-256 and a claim_document row (the caller checks
 * access, type and size, and writes its own timeline entry and audit event). 拒赔 stores its letter here.
 */
export async function storeClaimDocument(
  trx: Transaction<DB>,
  doc: { claimId: string; taskId: string | null; kind: DocumentKind; name: string; bytes: Buffer; mime: string; uploadedBy: string },
  at: Date,
): Promise<{ id: string; sha256: string; size: number }> {
  const { sha256, size } = await putBlob(trx, doc.bytes, doc.mime, at);
  const id = uuidv7(at.getTime());
  await trx
    .insertInto('claim_document')
    .values({ id, claim_id: doc.claimId, task_id: doc.taskId, kind: doc.kind, name: doc.name, sha256, size, mime: doc.mime, uploaded_by: doc.uploadedBy, uploaded_at: at })
    .execute();
  return { id, sha256, size };
}

// ---------------------------------------------------------------- the service

export function createTaskService(deps: ClaimDeps) {
  const { db, clock } = deps;

  const requireActivity = (claim: { state: ClaimState }, activity: keyof typeof CLAIM_ACTIVITIES, action: string, what: { zh: string; en: string }) => {
    if (!activityAllowed(activity, claim.state)) throw E.claimState(claim.state, action, what);
  };

  const canSee = (actor: Actor, t: { assignee_id: string; claim_org_id: string; org_path: string; handler_id: string; reported_by: string }) =>
    t.assignee_id === actor.userId || claimInScope(actor, P.claimRead, { org_id: t.claim_org_id, org_path: t.org_path, handler_id: t.handler_id, reported_by: t.reported_by });

  async function loadTask(ex: Executor, id: string): Promise<ClaimTask> {
    return toTask(await tasksQuery(ex).where('t.id', '=', id).executeTakeFirstOrThrow());
  }

  // ---- who may be assigned

  /** Active users holding claim:survey with a scope that reaches the claim's org. */
  function surveyorsReaching(ex: Executor, claim: { org_id: string; org_path: string }) {
    return ex
      .selectFrom('app_user as u')
      .innerJoin('org as uo', 'uo.id', 'u.org_id')
      .where('u.status', '=', 'ACTIVE')
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('user_role as ur')
            .innerJoin('role as ro', 'ro.id', 'ur.role_id')
            .select(sql`1`.as('x'))
            .whereRef('ur.user_id', '=', 'u.id')
            .where(sql<SqlBool>`${P.claimSurvey} = any(ro.permissions)`)
            .where(sql<SqlBool>`(ur.scope = 'all' or (ur.scope = 'subtree' and starts_with(${claim.org_path}, uo.path)) or (ur.scope in ('org', 'self') and u.org_id = ${claim.org_id}))`),
        ),
      );
  }

  async function checkAssignee(ex: Executor, claim: ClaimRow, assigneeId: string): Promise<void> {
    const ok = await surveyorsReaching(ex, claim).select('u.id').where('u.id', '=', assigneeId).executeTakeFirst();
    if (!ok) throw E.assigneeInvalid({ zh: '不是能处理本赔案的查勘定损人员（需有查勘权限且机构范围覆盖本赔案）', en: 'not a surveyor whose scope reaches this claim' });
  }

  /** The surveyor with the fewest open tasks; ties: the one whose last assignment is oldest (never assigned first). */
  async function leastLoaded(ex: Executor, claim: ClaimRow): Promise<string> {
    const pick = await surveyorsReaching(ex, claim)
      .select('u.id')
      .select(sql<string>`(select count(*) from claim_task t where t.assignee_id = u.id and t.state in ('ASSIGNED', 'SUBMITTED', 'RETURNED'))`.as('open_tasks'))
      .select(sql<Date | null>`(select max(t.created_at) from claim_task t where t.assignee_id = u.id)`.as('last_assigned'))
      .orderBy(sql`open_tasks, last_assigned asc nulls first, u.id`)
      .limit(1)
      .executeTakeFirst();
    if (!pick) throw E.noSurveyor();
    return pick.id;
  }

  // ---- task writes

  interface Step {
    trx: Transaction<DB>;
    claim: ClaimRow;
    task: TaskRow;
    now: Date;
  }
  interface StepResult {
    set: Updateable<ClaimTaskTable>;
    audit: Pick<AuditEntry, 'before' | 'after'> & { details?: Record<string, unknown> };
    /** A timeline entry (and the claim's updated_at) — not for saving a draft. */
    event?: Pick<NewClaimEvent, 'note' | 'details'>;
  }

  /**
   * One task change: the task must be visible (404), the claim is locked (handlers: within their
   * claim:handle scope; the assignee: as assignee), then the task row; `action` must be legal in
   * the task's state; `work` says what changes. Answers the task afterwards.
   */
  async function taskWrite(ctx: RequestContext, taskId: string, action: TaskAction, who: 'assignee' | 'handler', work: (s: Step) => Promise<StepResult>): Promise<ClaimTask> {
    const now = clock.now();
    const { actor } = ctx;
    await db.transaction().execute(async (trx) => {
      const ref = await tasksQuery(trx).where('t.id', '=', taskId).executeTakeFirst();
      if (!ref || !canSee(actor, ref)) throw E.notFound();
      let claim: ClaimRow;
      if (who === 'handler') claim = await findClaim(trx, actor, P.claimHandle, ref.claim_id, { lock: true });
      else {
        requirePermission(actor, P.claimSurvey);
        claim = (await claimRowById(trx, ref.claim_id, 'update'))!;
      }
      const task = await trx.selectFrom('claim_task').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirstOrThrow();
      if (who === 'assignee' && task.assignee_id !== actor.userId) throw E.notAssignee();
      const rule = TASK_ACTIONS[action];
      if (!rule.from.includes(task.state)) throw E.taskState(task.state, action, rule);
      const w = await work({ trx, claim, task, now });
      await trx.updateTable('claim_task').set({ ...w.set, version: task.version + 1, updated_at: now }).where('id', '=', taskId).execute();
      const details = { taskId, kind: task.kind, ...w.audit.details };
      if (w.event) {
        await recordClaimEvent(trx, { claimId: claim.id, action: `task.${action}`, actorId: actor.userId, note: w.event.note ?? null, details: { taskId, kind: task.kind, ...w.event.details } }, now);
        await trx.updateTable('claim').set({ updated_at: now }).where('id', '=', claim.id).execute();
      }
      await writeAudit(trx, auditActorOf(ctx), { action: `claim.task.${action}`, objectType: 'claim_task', objectId: taskId, before: w.audit.before, after: w.audit.after, details: { claimId: claim.id, claimNo: claim.claim_no, ...details } }, now);
    });
    return loadTask(db, taskId);
  }

  /** Items with amounts to the fen; each coverage must be on the policy and answer for the loss type. */
  async function pricedItems(ex: Executor, claim: ClaimRow, items: TaskUpdateBodyT['items']) {
    const policy = await ex.selectFrom('policy').select('coverages').where('id', '=', claim.policy_id).executeTakeFirstOrThrow();
    const onPolicy = new Set(((policy.coverages ?? []) as PolicyCoverage[]).map((c) => c.code));
    let total = new Decimal(0);
    const priced = items.map((it, i) => {
      if (!onPolicy.has(it.coverageCode)) throw E.coverageNotOnPolicy(i, it.coverageCode);
      if (!lossTypesOf(claim.line as ProductLine, it.coverageCode).includes(it.lossType)) throw E.lossTypeNotCovered(i, it.coverageCode, it.lossType);
      const quantity = new Decimal(it.quantity);
      if (quantity.lte(0)) throw E.quantityInvalid(i);
      const amount = new Decimal(it.unitPrice).times(quantity).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      total = total.plus(amount);
      if (amount.gte(MAX_AMOUNT) || total.gte(MAX_AMOUNT)) throw E.amountTooLarge(`items.${i}.quantity`);
      return { ...it, name: it.name.trim(), unitPrice: fen(it.unitPrice), quantity: quantity.toFixed(2), amount: amount.toFixed(2) };
    });
    return { priced, total: total.toFixed(2) };
  }

  // ---- documents

  /**
   * The claim for a document read or upload. Handlers (claim:handle scope) upload to any claim in
   * scope; a surveyor to the claim of a task assigned to them (to that task when `taskId` is given).
   * Readers need claim:read scope or a task on the claim. Outside all of these: 404.
   */
  async function documentClaim(ex: Executor, actor: Actor, claimId: string, mode: 'read' | 'write', taskId: string | null = null): Promise<ClaimRow> {
    const claim = await claimRowById(ex, claimId, mode === 'write' ? 'share' : undefined);
    if (!claim) throw claimErrors.notFound();
    const mine = (await ex.selectFrom('claim_task').select('id').where('claim_id', '=', claimId).where('assignee_id', '=', actor.userId).execute()).map((t) => t.id);
    const sees = mine.length > 0 || claimInScope(actor, P.claimRead, claim);
    if (!sees) throw claimErrors.notFound();
    if (taskId && !(await ex.selectFrom('claim_task').select('id').where('id', '=', taskId).where('claim_id', '=', claimId).executeTakeFirst())) throw E.taskNotOnClaim();
    if (mode === 'read' || claimInScope(actor, P.claimHandle, claim)) return claim;
    requirePermission(actor, P.claimSurvey);
    if (taskId ? !mine.includes(taskId) : mine.length === 0) throw E.notAssignee();
    return claim;
  }

  /** Declared type allowed, size within the cap, bytes of the declared type — before anything is written. */
  function checkFile(rules: ClaimSettings['documents'], declared: string | null, bytes: Buffer): string {
    if (bytes.length > rules.maxBytes) throw E.documentTooLarge(rules.maxBytes);
    if (!declared || !rules.types.includes(declared) || sniffMime(bytes) !== declared) throw E.documentType(declared, rules.types);
    return declared;
  }

  // ---------------------------------------------------------------- the API

  return {
    /** 调度: a task of `kind` to the named surveyor or the least-loaded one reaching the claim. */
    async dispatch(ctx: RequestContext, claimId: string, input: DispatchBodyT): Promise<ClaimTask> {
      const now = clock.now();
      const id = uuidv7(now.getTime());
      await db.transaction().execute(async (trx) => {
        const claim = await findClaim(trx, ctx.actor, P.claimHandle, claimId, { lock: true });
        requireActivity(claim, 'tasks', 'task.dispatch', { zh: '调度任务', en: 'dispatch tasks' });
        const open = await trx.selectFrom('claim_task').select('id').where('claim_id', '=', claimId).where('kind', '=', input.kind).where('state', 'in', OPEN_STATES).executeTakeFirst();
        if (open) throw E.taskOpen(input.kind, open.id);
        if (input.assigneeId) await checkAssignee(trx, claim, input.assigneeId);
        const assigneeId = input.assigneeId ?? (await leastLoaded(trx, claim));
        await trx
          .insertInto('claim_task')
          .values({ id, claim_id: claimId, kind: input.kind, org_id: claim.org_id, assignee_id: assigneeId, state: 'ASSIGNED', created_by: ctx.actor.userId, created_at: now, updated_at: now })
          .execute();
        const details = { taskId: id, kind: input.kind, assigneeId, automatic: !input.assigneeId };
        await recordClaimEvent(trx, { claimId, action: 'task.dispatch', actorId: ctx.actor.userId, note: TASK_KINDS[input.kind].zh, details }, now);
        await trx.updateTable('claim').set({ updated_at: now }).where('id', '=', claimId).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'claim.task.dispatch', objectType: 'claim_task', objectId: id, after: { state: 'ASSIGNED', assigneeId }, details: { claimId, claimNo: claim.claim_no, ...details } }, now);
      });
      return loadTask(db, id);
    },

    async get(ctx: RequestContext, id: string): Promise<ClaimTask> {
      if (!ctx.actor.grants.has(P.claimRead) && !ctx.actor.grants.has(P.claimSurvey)) throw errors.forbidden(P.claimRead);
      const row = await tasksQuery(db).where('t.id', '=', id).executeTakeFirst();
      if (!row || !canSee(ctx.actor, row)) throw E.notFound();
      return toTask(row);
    },

    /** Surveyors' worklist: tasks assigned to me (default for surveyors who do not handle claims), else mine and those of claims in my claim:read scope. */
    async list(ctx: RequestContext, q: TaskListQueryT): Promise<Page<ClaimTask>> {
      const { actor } = ctx;
      const readScope = actor.grants.get(P.claimRead);
      if (!readScope && !actor.grants.has(P.claimSurvey)) throw errors.forbidden(P.claimRead);
      const mine = q.mine ?? (actor.grants.has(P.claimSurvey) && !actor.grants.has(P.claimHandle));
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      let query = tasksQuery(db).where((eb) => {
        const assigned = eb('t.assignee_id', '=', actor.userId);
        if (mine || !readScope) return assigned;
        // claim:read scope over the claim; `self` = claims the user handles or reported.
        const inScope: Expression<SqlBool> =
          readScope === 'self' ? eb.or([eb('c.handler_id', '=', actor.userId), eb('c.reported_by', '=', actor.userId)]) : scopePredicate(actor, readScope, { orgPath: eb.ref('o.path'), orgId: eb.ref('c.org_id') });
        return eb.or([assigned, inScope]);
      });
      if (q.state?.length) query = query.where('t.state', 'in', q.state);
      if (q.kind) query = query.where('t.kind', '=', q.kind);
      if (q.claimId) query = query.where('t.claim_id', '=', q.claimId);
      const rows = await query.orderBy('t.created_at', 'desc').orderBy('t.id', 'desc').offset((page - 1) * pageSize).limit(pageSize).execute();
      const total = rows.length < pageSize && (rows.length > 0 || page === 1) ? (page - 1) * pageSize + rows.length : Number((await db.selectFrom(query.clearSelect().select(sql`1`.as('x')).as('q')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      return { items: rows.map(toTask), total, page, pageSize };
    },

    reassign(ctx: RequestContext, id: string, input: ReassignBodyT): Promise<ClaimTask> {
      const reason = input.reason.trim();
      if (!reason) throw E.reasonRequired('reason');
      return taskWrite(ctx, id, 'reassign', 'handler', async ({ trx, claim, task }) => {
        requireActivity(claim, 'tasks', 'task.reassign', { zh: '改派任务', en: 'reassign tasks' });
        if (input.assigneeId === task.assignee_id) throw E.assigneeInvalid({ zh: '与当前处理人相同', en: 'is the current assignee' });
        await checkAssignee(trx, claim, input.assigneeId);
        return {
          set: { assignee_id: input.assigneeId },
          audit: { before: { assigneeId: task.assignee_id }, after: { assigneeId: input.assigneeId }, details: { reason } },
          event: { note: reason, details: { from: task.assignee_id, assigneeId: input.assigneeId } },
        };
      });
    },

    /** Findings and assessed items (replacing the previous items), by the assignee while the task is theirs to work. */
    update(ctx: RequestContext, id: string, input: TaskUpdateBodyT): Promise<ClaimTask> {
      return taskWrite(ctx, id, 'update', 'assignee', async ({ trx, claim, task }) => {
        requireActivity(claim, 'tasks', 'task.update', { zh: '录入查勘定损结果', en: 'work on tasks' });
        if (input.version !== task.version) throw E.stale(task.version);
        const { priced, total } = await pricedItems(trx, claim, input.items);
        await trx.deleteFrom('claim_task_item').where('task_id', '=', id).execute();
        if (priced.length > 0) {
          await trx
            .insertInto('claim_task_item')
            .values(priced.map((it, i) => ({ id: uuidv7(), task_id: id, seq: i + 1, kind: it.kind, name: it.name, coverage_code: it.coverageCode, loss_type: it.lossType, unit_price: it.unitPrice, quantity: it.quantity, amount: it.amount })))
            .execute();
        }
        return {
          set: { findings: input.findings?.trim() || null, assessed_amount: total },
          audit: { before: { assessedAmount: fen(task.assessed_amount) }, after: { assessedAmount: total, items: priced.length } },
        };
      });
    },

    submit(ctx: RequestContext, id: string): Promise<ClaimTask> {
      return taskWrite(ctx, id, 'submit', 'assignee', async ({ claim, task, now }) => {
        requireActivity(claim, 'tasks', 'task.submit', { zh: '提交查勘定损结果', en: 'submit tasks' });
        if (!task.findings?.trim()) throw E.findingsRequired();
        const amount = fen(task.assessed_amount);
        return { set: { state: 'SUBMITTED', submitted_at: now }, audit: { before: { state: task.state }, after: { state: 'SUBMITTED' }, details: { assessedAmount: amount } }, event: { details: { assessedAmount: amount } } };
      });
    },

    /** 核价核损 by a handler other than the assignee: APPROVED items feed the calculation sheet; RETURN needs a note. */
    review(ctx: RequestContext, id: string, input: ReviewBodyT): Promise<ClaimTask> {
      const note = input.note?.trim() || null;
      return taskWrite(ctx, id, 'review', 'handler', async ({ claim, task, now }) => {
        requireActivity(claim, 'tasks', 'task.review', { zh: '审核查勘定损', en: 'review tasks' });
        if (task.assignee_id === ctx.actor.userId) throw E.fourEyes();
        if (input.decision === 'RETURN' && !note) throw E.reasonRequired('note');
        const state = input.decision === 'APPROVE' ? 'APPROVED' : 'RETURNED';
        const details = { decision: input.decision, assessedAmount: fen(task.assessed_amount) };
        return { set: { state, reviewed_by: ctx.actor.userId, reviewed_at: now, review_note: note }, audit: { before: { state: task.state }, after: { state }, details: { ...details, note } }, event: { note, details } };
      });
    },

    cancel(ctx: RequestContext, id: string, reasonIn: string): Promise<ClaimTask> {
      const reason = reasonIn.trim();
      if (!reason) throw E.reasonRequired('reason');
      return taskWrite(ctx, id, 'cancel', 'handler', async ({ task }) => ({ set: { state: 'CANCELLED' }, audit: { before: { state: task.state }, after: { state: 'CANCELLED' }, details: { reason } }, event: { note: reason } }));
    },

    /** The upload rules in force (size cap and types), for the HTTP layer to refuse early. */
    documentRules: () => loadClaimSetting(db, 'documents'),

    /** Stores an uploaded file (once per SHA-256) as a document of the claim, optionally of one of its tasks. */
    async upload(ctx: RequestContext, claimId: string, q: UploadQueryT, file: { bytes: Buffer; mime: string | null }): Promise<ClaimDocument> {
      const now = clock.now();
      const name = q.name.trim();
      if (!name) throw errors.validation('name', { zh: '不能为空', en: 'is required' });
      return db.transaction().execute(async (trx) => {
        const claim = await documentClaim(trx, ctx.actor, claimId, 'write', q.taskId ?? null);
        requireActivity(claim, 'documents', 'document.upload', { zh: '上传资料', en: 'upload documents' });
        const mime = checkFile(await loadClaimSetting(trx, 'documents'), file.mime, file.bytes);
        const { id, sha256, size } = await storeClaimDocument(trx, { claimId, taskId: q.taskId ?? null, kind: q.kind, name, bytes: file.bytes, mime, uploadedBy: ctx.actor.userId }, now);
        const details = { documentId: id, taskId: q.taskId ?? null, kind: q.kind, name, sha256, size, mime };
        await recordClaimEvent(trx, { claimId, action: 'document.upload', actorId: ctx.actor.userId, note: name, details }, now);
        await trx.updateTable('claim').set({ updated_at: now }).where('id', '=', claimId).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'claim.document.upload', objectType: 'claim_document', objectId: id, details: { claimId, claimNo: claim.claim_no, ...details } }, now);
        const { userId, username, name: userName } = ctx.actor;
        return { id, taskId: q.taskId ?? null, kind: q.kind, name, sha256, size, mime, uploadedBy: { id: userId, username, name: userName }, uploadedAt: now.toISOString(), href: documentHref(claimId, id) };
      });
    },

    /** The file's bytes with its type and a download name (extension added when the name lacks it); audited. */
    async download(ctx: RequestContext, claimId: string, documentId: string): Promise<{ fileName: string; mime: string; content: Buffer }> {
      const claim = await documentClaim(db, ctx.actor, claimId, 'read');
      const doc = await db.selectFrom('claim_document').selectAll().where('id', '=', documentId).where('claim_id', '=', claimId).executeTakeFirst();
      if (!doc) throw E.documentNotFound();
      const blob = (await getBlob(db, doc.sha256))!;
      const ext = EXTENSIONS[doc.mime] ?? '';
      await writeAudit(db, auditActorOf(ctx), { action: 'claim.document.download', objectType: 'claim_document', objectId: doc.id, details: { claimId, claimNo: claim.claim_no, name: doc.name, sha256: doc.sha256, size: doc.size } }, clock.now());
      return { fileName: doc.name.toLowerCase().endsWith(ext) ? doc.name : `${doc.name}${ext}`, mime: doc.mime, content: blob.content };
    },
  };
}
export type TaskService = ReturnType<typeof createTaskService>;
