// 理算 (calculation sheets), 核赔 (submit, approve within authority, escalate, return, decline with
// a letter), approval authorities and claim settings (docs/api-claim.md, area approval.*).
// Every claim change locks the claim row (claim.rows.ts findClaim), asks the state table
// (lifecycle.rules.ts), writes, then the timeline and the audit events last in the same transaction.
// The money is adjustment.rules.ts; this file resolves its facts from the policy, the claim, the
// approved task items and the 交强险 limit schedule.
import Decimal from 'decimal.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type {
  ApprovalEntry,
  ApprovalInboxItem,
  CalculationInput,
  CalculationSheet,
  ClaimAction,
  ClaimAuthority,
  ClaimAuthorityInput,
  ClaimAuthorityLine,
  ClaimSettings,
  DeclineInput,
  DeclineReason,
} from '../../../contracts/claim';
import type { PolicyCoverage } from '../../../contracts/policy';
import type { ProductLine } from '../../../contracts/product';
import type { DB } from '../../db/types';
import { orgInScope, requirePermission, scopePredicate } from '../../platform/access';
import { writeAudit, writeAudits, type AuditEntry } from '../../platform/audit';
import { getBlob } from '../../platform/blobs';
import { shanghaiDate } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { calculate, ctplHeadLimit, methodOf, policyYear, type CtplLimits } from './adjustment.rules';
import { approvalErrors as E } from './approval.errors';
import { claimErrors } from './claim.errors';
import { findClaim, type ClaimRow } from './claim.rows';
import { lossTypesOf } from './coverage.rules';
import { renderDeclineLetter } from './decline-letter.pdf';
import type { ClaimDeps } from './deps';
import { activityAllowed } from './lifecycle.rules';
import { P } from './permissions';
import { claimSummaryColumns, claimSummaryOf, claimSummaryQuery, createClaimSteps, releaseReserves, type ClaimStep } from './report.service';
import { DEFAULT_CLAIM_SETTINGS, loadClaimSetting, type ClaimSettingKey } from './settings';
import { approvedItems, storeClaimDocument } from './task.service';

type Executor = Kysely<DB> | Transaction<DB>;
type ApprovalOrg = { id: string; name: string; path: string; parent_id: string | null };

const fen = (v: Decimal.Value) => new Decimal(v).toFixed(2);
const given = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);
/** 1 = the claim's own org; one more per level up the tree. */
const levelOf = (claimOrgPath: string, approvalOrgPath: string) => claimOrgPath.split('/').filter(Boolean).length - approvalOrgPath.split('/').filter(Boolean).length + 1;

/** The current sheets of a claim: how many, and the sum of their payables (what is approved). */
async function currentSheets(ex: Executor, claimId: string): Promise<{ count: number; total: string }> {
  const r = await ex
    .selectFrom('claim_calculation')
    .select([sql<number>`count(*)::int`.as('count'), sql<string>`coalesce(sum(payable), 0)`.as('total')])
    .where('claim_id', '=', claimId)
    .where('state', '=', 'CURRENT')
    .executeTakeFirstOrThrow();
  return { count: r.count, total: fen(r.total) };
}

/** A user's approval authority per line: the larger of their own row and those of the roles they hold. */
async function authoritiesOf(ex: Executor, userId: string): Promise<Map<string, ClaimAuthorityLine>> {
  const rows = await ex
    .selectFrom('claim_authority')
    .select(['line', 'max_amount', 'user_id'])
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('role_id', 'in', eb.selectFrom('user_role').select('role_id').where('user_id', '=', userId))]))
    .execute();
  const out = new Map<string, ClaimAuthorityLine>();
  for (const r of rows) {
    const had = out.get(r.line);
    if (!had || new Decimal(r.max_amount).gt(had.amount)) out.set(r.line, { line: r.line as ProductLine, amount: fen(r.max_amount), source: r.user_id ? 'USER' : 'ROLE' });
  }
  return out;
}

const authorityQuery = (ex: Executor) =>
  ex
    .selectFrom('claim_authority as a')
    .leftJoin('app_user as u', 'u.id', 'a.user_id')
    .leftJoin('org as uo', 'uo.id', 'u.org_id')
    .leftJoin('role as r', 'r.id', 'a.role_id')
    .innerJoin('app_user as cb', 'cb.id', 'a.created_by')
    .select(['a.id', 'a.line', 'a.max_amount', 'a.created_at', 'u.id as user_id', 'u.username', 'u.name as user_name', 'r.id as role_id', 'r.code as role_code', 'r.name as role_name'])
    .select(['cb.id as cb_id', 'cb.username as cb_username', 'cb.name as cb_name']);
type AuthorityRow = Awaited<ReturnType<ReturnType<typeof authorityQuery>['executeTakeFirstOrThrow']>>;
const toAuthority = (r: AuthorityRow): ClaimAuthority => ({
  id: r.id,
  user: r.user_id ? { id: r.user_id, username: r.username!, name: r.user_name! } : null,
  role: r.role_id ? { id: r.role_id, code: r.role_code!, name: r.role_name! } : null,
  line: r.line as ProductLine,
  maxAmount: fen(r.max_amount),
  createdBy: { id: r.cb_id, username: r.cb_username, name: r.cb_name },
  createdAt: new Date(r.created_at).toISOString(),
});

/** Liability covers whose limit applies to each accident (商业车险示范条款: 每次事故责任限额). */
const PER_ACCIDENT_COVERAGES = ['THIRD_PARTY', 'DRIVER', 'PASSENGER'];

export function createApprovalService(deps: ClaimDeps) {
  const { db, clock } = deps;

  // ---------------------------------------------------------------- the sheet's facts

  /** 交强险 limits of the schedule in force on the loss date (ctpl_limit_schedule.effective_from). */
  async function ctplLimits(ex: Executor, lossDate: string): Promise<CtplLimits[]> {
    const rows = await ex
      .selectFrom('ctpl_liability_limit')
      .select(['fault', 'death_disability', 'medical', 'property'])
      .where('schedule', '=', (eb) => eb.selectFrom('ctpl_limit_schedule').select('code').where('effective_from', '<=', lossDate).orderBy('effective_from', 'desc').limit(1))
      .execute();
    return rows as CtplLimits[];
  }

  /**
   * Prior payments under a coverage: what other claims on the same policy had approved under it
   * (核赔通过 or 结案 — approved money is paid or owed), with the loss in `period` when given (an
   * annual limit), else anywhere in the policy's period. This claim's own sheets are never prior.
   */
  async function priorPaid(ex: Executor, claim: ClaimRow, coverageCode: string, period: { from: string; to: string } | null): Promise<string> {
    let q = ex
      .selectFrom('claim_calculation as k')
      .innerJoin('claim as o', 'o.id', 'k.claim_id')
      .select(sql<string>`coalesce(sum(k.payable), 0)`.as('total'))
      .where('o.policy_id', '=', claim.policy_id)
      .where('o.id', '<>', claim.id)
      .where('o.state', 'in', ['APPROVED', 'CLOSED'])
      .where('k.coverage_code', '=', coverageCode)
      .where('k.state', '=', 'CURRENT');
    if (period) q = q.where('o.loss_date', '>=', period.from).where('o.loss_date', '<', period.to);
    return fen((await q.executeTakeFirstOrThrow()).total);
  }

  /** The input with every default resolved, and the sheet it gives (labels in `lang`). */
  async function sheetOf(ex: Executor, claim: ClaimRow, input: CalculationInput, lang: 'zh' | 'en') {
    const policy = await ex.selectFrom('policy').select(['coverages', 'sum_assured', 'start_date']).where('id', '=', claim.policy_id).executeTakeFirstOrThrow();
    const line = claim.line as ProductLine;
    const coverage = (policy.coverages as PolicyCoverage[]).find((c) => c.code === input.coverageCode);
    if (!coverage) throw E.coverageNotOnPolicy(input.coverageCode);
    if (!lossTypesOf(line, coverage.code).includes(input.lossType)) throw E.lossTypeNotCovered(coverage.code, input.lossType);
    const method = methodOf(line, input.lossType);
    const atFault = input.atFault ?? claim.at_fault;
    let limit = given(input.limit);
    if (limit === null) {
      if (method === 'CTPL') limit = ctplHeadLimit(await ctplLimits(ex, claim.loss_date), coverage.code, atFault);
      else if (method === 'SUM_ASSURED') limit = coverage.sumInsured ?? policy.sum_assured;
      else limit = coverage.limit ?? coverage.sumInsured;
    }
    if (limit === null) throw E.limitUnknown();
    const resolved: CalculationInput = {
      coverageCode: coverage.code,
      lossType: input.lossType,
      assessedLoss: method === 'SUM_ASSURED' ? null : fen(given(input.assessedLoss) ?? (await approvedItems(ex, claim.id, coverage.code, input.lossType))),
      salvage: given(input.salvage),
      atFault,
      liabilityShare: given(input.liabilityShare) ?? claim.liability_share,
      deductible: given(input.deductible) ?? coverage.deductible,
      deductibleRate: given(input.deductibleRate),
      limit: fen(limit),
      coPaymentRate: given(input.coPaymentRate),
    };
    // 交强险 heads and the liability covers (三者、车上人员) are limits per accident — one claim is one
    // accident, so other claims never use them up; own-damage, death and medical limits are per
    // period (medical: per policy year) and are reduced by what other claims were approved.
    const perAccident = method === 'CTPL' || PER_ACCIDENT_COVERAGES.includes(coverage.code);
    const prior = perAccident ? '0.00' : await priorPaid(ex, claim, coverage.code, method === 'MEDICAL' ? policyYear(policy.start_date, claim.loss_date) : null);
    const result = calculate({ method, ...resolved, assessedLoss: resolved.assessedLoss ?? 0, limit: resolved.limit!, priorPaid: prior }, lang);
    return { resolved, coverageName: coverage.name, ...result };
  }

  // ---------------------------------------------------------------- transitions

  const { change, transition } = createClaimSteps(deps);

  /**
   * An approver's hold on a pending claim: the approval org inside their claim:approve scope (404
   * otherwise, as anything out of scope), and never the claim's own handler (four-eyes).
   */
  async function approverGate(ctx: RequestContext, s: ClaimStep): Promise<ApprovalOrg & { level: number }> {
    const org = await s.trx.selectFrom('org').select(['id', 'name', 'path', 'parent_id']).where('id', '=', s.row.approval_org_id ?? s.row.org_id).executeTakeFirstOrThrow();
    if (!orgInScope(ctx.actor, requirePermission(ctx.actor, P.claimApprove), org)) throw claimErrors.notFound();
    if (s.row.handler_id === ctx.actor.userId) throw E.fourEyes();
    return { ...org, level: levelOf(s.row.org_path, org.path) };
  }

  /** One line of the approval history (claim_approval). */
  async function approvalEntry(
    ctx: RequestContext,
    s: ClaimStep,
    e: { decision: ApprovalEntry['decision']; org: { id: string; path: string }; amount: string; declineCode?: string | null; reason?: string | null },
  ) {
    await s.trx
      .insertInto('claim_approval')
      .values({
        id: uuidv7(s.now.getTime()),
        claim_id: s.row.id,
        level: levelOf(s.row.org_path, e.org.path),
        org_id: e.org.id,
        approver_id: ctx.actor.userId,
        amount: e.amount,
        decision: e.decision,
        decline_code: e.declineCode ?? null,
        reason: e.reason ?? null,
        created_at: s.now,
      })
      .execute();
  }

  const orgBrief = async (ex: Executor, id: string | null) => (id ? await ex.selectFrom('org').select(['id', 'name', 'path']).where('id', '=', id).executeTakeFirstOrThrow() : null);

  return {
    // ---------------------------------------------------------------- 理算

    /** 理算试算: the sheet as it would be stored; nothing is written. */
    async preview(ctx: RequestContext, id: string, input: CalculationInput): Promise<CalculationSheet> {
      const row = await findClaim(db, ctx.actor, P.claimHandle, id);
      if (!activityAllowed('calculations', row.state)) throw E.notCalculable(row.state);
      const s = await sheetOf(db, row, input, ctx.lang);
      const { actor } = ctx;
      return {
        id: '',
        coverageCode: s.resolved.coverageCode,
        coverageName: s.coverageName,
        lossType: s.resolved.lossType,
        input: s.resolved,
        steps: s.steps,
        payable: s.payable,
        createdBy: { id: actor.userId, username: actor.username, name: actor.name },
        createdAt: clock.now().toISOString(),
      };
    },

    /** Stores the sheet (labels in Chinese, the business document's language); it supersedes the current one of its coverage and loss type. */
    async calculate(ctx: RequestContext, id: string, input: CalculationInput): Promise<void> {
      await change(ctx, id, P.claimHandle, async ({ trx, row, now, event, audit }) => {
        if (!activityAllowed('calculations', row.state)) throw E.notCalculable(row.state);
        const s = await sheetOf(trx, row, input, 'zh');
        const superseded = await trx
          .updateTable('claim_calculation')
          .set({ state: 'SUPERSEDED' })
          .where('claim_id', '=', id)
          .where('coverage_code', '=', s.resolved.coverageCode)
          .where('loss_type', '=', s.resolved.lossType)
          .where('state', '=', 'CURRENT')
          .returning(['id', 'payable'])
          .executeTakeFirst();
        const sheetId = uuidv7(now.getTime());
        await trx
          .insertInto('claim_calculation')
          .values({ id: sheetId, claim_id: id, coverage_code: s.resolved.coverageCode, loss_type: s.resolved.lossType, input: JSON.stringify(s.resolved), steps: JSON.stringify(s.steps), payable: s.payable, state: 'CURRENT', created_by: ctx.actor.userId, created_at: now })
          .execute();
        const details = { sheetId, coverageCode: s.resolved.coverageCode, coverageName: s.coverageName, lossType: s.resolved.lossType, payable: s.payable, previousPayable: superseded ? fen(superseded.payable) : null };
        event({ action: 'calculate', note: `${s.coverageName}：应赔付 ${s.payable} 元`, details });
        audit({ action: 'claim.calculate', details: { ...details, input: s.resolved } });
        return {};
      });
    },

    // ---------------------------------------------------------------- 核赔

    /** 提交核赔: the amount is the sum of the current sheets; the claim's own org decides first. */
    async submitApproval(ctx: RequestContext, id: string): Promise<void> {
      await transition(ctx, id, 'submit-approval', async (s) => {
        const sheets = await currentSheets(s.trx, id);
        return {
          context: { calculationCount: sheets.count },
          set: { approval_org_id: s.row.org_id },
          details: { amount: sheets.total, sheets: sheets.count },
          apply: () => approvalEntry(ctx, s, { decision: 'SUBMIT', org: { id: s.row.org_id, path: s.row.org_path }, amount: sheets.total }),
        };
      });
    },

    /** Within the caller's authority for the line → 核赔通过 with the amount fixed; above it 403 naming the org to escalate to, nothing changed. */
    async approve(ctx: RequestContext, id: string): Promise<void> {
      await transition(ctx, id, 'approve', async (s) => {
        const org = await approverGate(ctx, s);
        const { total: amount } = await currentSheets(s.trx, id);
        const authority = (await authoritiesOf(s.trx, ctx.actor.userId)).get(s.row.line)?.amount ?? null;
        if (authority === null || new Decimal(amount).gt(authority)) {
          const parent = await orgBrief(s.trx, org.parent_id);
          throw E.authorityExceeded({ authority, amount, line: s.row.line, escalateTo: parent ? { orgId: parent.id, orgName: parent.name } : null });
        }
        return {
          set: { approved_amount: amount },
          details: { amount, authority, approvalOrg: { id: org.id, name: org.name }, level: org.level },
          apply: () => approvalEntry(ctx, s, { decision: 'APPROVE', org, amount }),
        };
      });
    },

    /** 上报: the parent of the approval org decides now (guard NO_PARENT_ORG at the root). */
    async escalate(ctx: RequestContext, id: string, reason: string | null): Promise<void> {
      await transition(ctx, id, 'escalate', async (s) => {
        const org = await approverGate(ctx, s);
        const parent = await orgBrief(s.trx, org.parent_id);
        const { total: amount } = await currentSheets(s.trx, id);
        return {
          context: { hasParentOrg: parent !== null },
          set: { approval_org_id: parent?.id },
          note: reason,
          details: { amount, from: { id: org.id, name: org.name }, to: parent && { id: parent.id, name: parent.name }, reason },
          apply: () => approvalEntry(ctx, s, { decision: 'ESCALATE', org: parent!, amount, reason }),
        };
      });
    },

    /** 退回理算: back to 已立案 with a reason; the sheets stay for the handler to change. */
    async return(ctx: RequestContext, id: string, reason: string): Promise<void> {
      await transition(ctx, id, 'return', async (s) => {
        const org = await approverGate(ctx, s);
        const { total: amount } = await currentSheets(s.trx, id);
        return {
          context: { reason },
          note: reason,
          details: { amount, reason },
          apply: () => approvalEntry(ctx, s, { decision: 'RETURN', org, amount, reason }),
        };
      });
    },

    /** 拒赔: a configured reason code and an explanation; reserves released, the letter stored as a DECLINE_LETTER document. */
    async decline(ctx: RequestContext, id: string, input: DeclineInput): Promise<void> {
      const reason = input.reason.trim();
      await transition(ctx, id, 'decline', async (s) => {
        const org = await approverGate(ctx, s);
        const code = (await loadClaimSetting(s.trx, 'declineReasons')).find((r) => r.code === input.declineCode);
        if (!code) throw E.declineCodeUnknown();
        const { total: amount } = await currentSheets(s.trx, id);
        const pending = await s.trx.selectFrom('claim_payment').select(sql<string>`count(*)`.as('n')).where('claim_id', '=', id).where('state', '=', 'PENDING').executeTakeFirstOrThrow();
        return {
          context: { reason, pendingPayments: Number(pending.n) },
          set: { decline_code: code.code, decline_reason: reason },
          note: `${code.zh}：${reason}`,
          details: { declineCode: code.code, reason },
          apply: async () => {
            const released = await releaseReserves(s.trx, id, 'WITHDRAW', `拒赔：${code.zh}`, ctx.actor.userId, s.now);
            const documentId = await storeDeclineLetter(ctx, s, code, reason);
            await approvalEntry(ctx, s, { decision: 'DECLINE', org, amount, declineCode: code.code, reason });
            return { details: { released, documentId } };
          },
        };
      });
    },

    /** 拒赔通知书 as stored at the decline (audited claim.print). */
    async declineLetter(ctx: RequestContext, id: string): Promise<{ fileName: string; body: Buffer }> {
      const row = await findClaim(db, ctx.actor, P.claimRead, id);
      const doc = await db.selectFrom('claim_document').select(['id', 'name', 'sha256']).where('claim_id', '=', id).where('kind', '=', 'DECLINE_LETTER').orderBy('uploaded_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
      const blob = doc && (await getBlob(db, doc.sha256));
      if (!doc || !blob) throw E.declineLetterNotFound();
      await writeAudit(db, auditActorOf(ctx), { action: 'claim.print', objectType: 'claim', objectId: id, details: { claimNo: row.claim_no, document: 'DECLINE_LETTER', documentId: doc.id } }, clock.now());
      return { fileName: doc.name, body: blob.content };
    },

    /** 核赔待办: claims pending at the caller's org (`mine`) or at any org of their claim:approve scope (`all`), oldest first. */
    async inbox(ctx: RequestContext, q: { scope?: 'mine' | 'all'; page?: number; pageSize?: number }): Promise<{ items: ApprovalInboxItem[]; total: number }> {
      const scope = requirePermission(ctx.actor, P.claimApprove);
      const { actor } = ctx;
      let query = claimSummaryQuery(db)
        .innerJoin('org as ao', 'ao.id', 'c.approval_org_id')
        .where('c.state', '=', 'PENDING_APPROVAL')
        .where((eb) => scopePredicate(actor, scope, { orgPath: eb.ref('o.path'), orgId: eb.ref('c.org_id'), ownerId: eb.ref('c.handler_id') }));
      query = (q.scope ?? 'mine') === 'mine' ? query.where('c.approval_org_id', '=', actor.orgId) : query.where((eb) => scopePredicate(actor, scope, { orgPath: eb.ref('ao.path'), orgId: eb.ref('ao.id') }));
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const [rows, count, authorities] = await Promise.all([
        query
          .select(claimSummaryColumns)
          .select([
            'ao.id as approval_org_id',
            'ao.name as approval_org_name',
            'ao.path as approval_org_path',
            sql<string>`(select coalesce(sum(k.payable), 0) from claim_calculation k where k.claim_id = c.id and k.state = 'CURRENT')`.as('amount'),
            sql<Date>`(select max(a.created_at) from claim_approval a where a.claim_id = c.id and a.decision = 'SUBMIT')`.as('submitted_at'),
          ])
          .orderBy('c.state_since')
          .orderBy('c.id')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
        authoritiesOf(db, actor.userId),
      ]);
      return {
        items: rows.map((r) => {
          const authority = authorities.get(r.line)?.amount ?? null;
          return {
            claim: claimSummaryOf(r),
            amount: fen(r.amount),
            approvalOrg: { id: r.approval_org_id, name: r.approval_org_name },
            level: levelOf(r.org_path, r.approval_org_path),
            submittedAt: new Date(r.submitted_at ?? r.state_since).toISOString(),
            authority,
            withinAuthority: authority !== null && new Decimal(r.amount).lte(authority),
            ownClaim: r.handler_id === actor.userId,
          };
        }),
        total: count.n,
      };
    },

    /** The caller's authority per line. */
    async myAuthority(ctx: RequestContext): Promise<ClaimAuthorityLine[]> {
      requirePermission(ctx.actor, P.claimApprove);
      return [...(await authoritiesOf(db, ctx.actor.userId)).values()].sort((a, b) => a.line.localeCompare(b.line));
    },

    // ---------------------------------------------------------------- authorities and settings (claim:configure)

    async listAuthorities(ctx: RequestContext, q: { userId?: string; roleId?: string; line?: string }): Promise<ClaimAuthority[]> {
      const scope = requirePermission(ctx.actor, P.claimConfigure);
      // Role authorities are for everyone; a user's only within the administrator's scope.
      let query = authorityQuery(db).where((eb) => eb.or([eb('a.role_id', 'is not', null), scopePredicate(ctx.actor, scope, { orgPath: sql.ref<string>('uo.path'), orgId: sql.ref<string>('u.org_id') })]));
      if (q.userId) query = query.where('a.user_id', '=', q.userId);
      if (q.roleId) query = query.where('a.role_id', '=', q.roleId);
      if (q.line) query = query.where('a.line', '=', q.line);
      return (await query.orderBy('r.code').orderBy('u.username').orderBy('a.line').limit(1000).execute()).map(toAuthority);
    },

    /** Sets the authority of a user or a role for a line (one row per subject and line); audited with the previous amount. */
    async setAuthority(ctx: RequestContext, input: ClaimAuthorityInput): Promise<ClaimAuthority> {
      const scope = requirePermission(ctx.actor, P.claimConfigure);
      const userId = given(input.userId);
      const roleId = given(input.roleId);
      if ((userId === null) === (roleId === null)) throw E.authoritySubject();
      if (userId) {
        const user = await db.selectFrom('app_user as u').innerJoin('org as o', 'o.id', 'u.org_id').select(['u.org_id', 'o.path']).where('u.id', '=', userId).executeTakeFirst();
        if (!user || !orgInScope(ctx.actor, scope, { id: user.org_id, path: user.path })) throw E.userUnknown('userId');
      } else if (!(await db.selectFrom('role').select('id').where('id', '=', roleId!).executeTakeFirst())) throw E.roleUnknown();
      const amount = fen(input.maxAmount);
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        let q = trx.selectFrom('claim_authority').select(['id', 'max_amount']).where('line', '=', input.line);
        q = userId ? q.where('user_id', '=', userId) : q.where('role_id', '=', roleId);
        const before = await q.forUpdate().executeTakeFirst();
        const id = before?.id ?? uuidv7(now.getTime());
        if (before) await trx.updateTable('claim_authority').set({ max_amount: amount }).where('id', '=', id).execute();
        else await trx.insertInto('claim_authority').values({ id, user_id: userId, role_id: roleId, line: input.line, max_amount: amount, created_by: ctx.actor.userId, created_at: now }).execute();
        await writeAudit(
          trx,
          auditActorOf(ctx),
          { action: 'claim.authority.set', objectType: 'claim_authority', objectId: id, before: before ? { maxAmount: fen(before.max_amount) } : null, after: { userId, roleId, line: input.line, maxAmount: amount } },
          now,
        );
        return id;
      });
      return toAuthority(await authorityQuery(db).where('a.id', '=', id).executeTakeFirstOrThrow());
    },

    async deleteAuthority(ctx: RequestContext, id: string): Promise<void> {
      const scope = requirePermission(ctx.actor, P.claimConfigure);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const row = await authorityQuery(trx).select(['uo.path as user_org_path', 'u.org_id as user_org_id']).where('a.id', '=', id).forUpdate('a').executeTakeFirst();
        if (!row || (row.user_id && !orgInScope(ctx.actor, scope, { id: row.user_org_id!, path: row.user_org_path! }))) throw E.authorityNotFound();
        await trx.deleteFrom('claim_authority').where('id', '=', id).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'claim.authority.delete', objectType: 'claim_authority', objectId: id, before: { userId: row.user_id, roleId: row.role_id, line: row.line, maxAmount: fen(row.max_amount) } }, now);
      });
    },

    /** The settings in force (defaults until saved). Approvers read the decline reasons from here too. */
    async settings(ctx: RequestContext): Promise<ClaimSettings> {
      if (!ctx.actor.grants.has(P.claimConfigure)) requirePermission(ctx.actor, P.claimRead);
      return loadAllSettings(db);
    },

    /** Saves the keys given after checking them (422 naming the first bad field); audited before/after per key. */
    async updateSettings(ctx: RequestContext, input: Partial<ClaimSettings>): Promise<ClaimSettings> {
      requirePermission(ctx.actor, P.claimConfigure);
      await checkSettings(db, input);
      if (input.sampling?.amountAbove) input = { ...input, sampling: { ...input.sampling, amountAbove: fen(input.sampling.amountAbove) } };
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const audits: AuditEntry[] = [];
        for (const key of Object.keys(DEFAULT_CLAIM_SETTINGS) as ClaimSettingKey[]) {
          const value = input[key];
          if (value === undefined) continue;
          // The row exists (locked) before reading "before": two administrators saving at once queue here.
          await trx.insertInto('claim_setting').values({ key, value: JSON.stringify(DEFAULT_CLAIM_SETTINGS[key]), updated_by: null, updated_at: now }).onConflict((oc) => oc.column('key').doNothing()).execute();
          await trx.selectFrom('claim_setting').select('key').where('key', '=', key).forUpdate().execute();
          const before = await loadClaimSetting(trx, key);
          await trx.updateTable('claim_setting').set({ value: JSON.stringify(value), updated_by: ctx.actor.userId, updated_at: now }).where('key', '=', key).execute();
          audits.push({ action: 'claim.setting.update', objectType: 'claim_setting', objectId: key, before, after: value });
        }
        await writeAudits(trx, auditActorOf(ctx), audits, now);
      });
      return loadAllSettings(db);
    },
  };

  /** Renders the letter from the claim as it stands and stores it as the claim's DECLINE_LETTER document. */
  async function storeDeclineLetter(ctx: RequestContext, s: ClaimStep, code: DeclineReason, reason: string): Promise<string> {
    const c = await s.trx
      .selectFrom('claim as c')
      .innerJoin('policy as p', 'p.id', 'c.policy_id')
      .innerJoin('org as o', 'o.id', 'c.org_id')
      .select([
        'p.policy_no',
        'o.name as org_name',
        sql<string>`(select name from product where id = p.product_id)`.as('product_name'),
        sql<string>`(select name from party where id = p.insured_id)`.as('insured_name'),
        sql<string>`(select name from org where parent_id is null limit 1)`.as('company_name'),
      ])
      .where('c.id', '=', s.row.id)
      .executeTakeFirstOrThrow();
    const pdf = await renderDeclineLetter({
      companyName: c.company_name,
      orgName: c.org_name,
      claimNo: s.row.claim_no,
      policyNo: c.policy_no,
      productName: c.product_name,
      insuredName: c.insured_name,
      reportedDate: shanghaiDate(new Date(s.row.reported_at)),
      lossDate: s.row.loss_date,
      lossPlace: s.row.loss_place,
      reason: { code: code.code, text: code.zh },
      note: reason,
      declinedAt: s.now,
    });
    const doc = await storeClaimDocument(s.trx, { claimId: s.row.id, taskId: null, kind: 'DECLINE_LETTER', name: `拒赔通知书-${s.row.claim_no}.pdf`, bytes: pdf, mime: 'application/pdf', uploadedBy: ctx.actor.userId }, s.now);
    return doc.id;
  }
}
export type ApprovalService = ReturnType<typeof createApprovalService>;

async function loadAllSettings(ex: Executor): Promise<ClaimSettings> {
  const [declineReasons, sampling, documents] = await Promise.all([loadClaimSetting(ex, 'declineReasons'), loadClaimSetting(ex, 'sampling'), loadClaimSetting(ex, 'documents')]);
  return { declineReasons, sampling, documents };
}

/** What the schema cannot say: unique decline codes and handlers that exist. */
async function checkSettings(ex: Executor, input: Partial<ClaimSettings>): Promise<void> {
  const codes = new Set<string>();
  input.declineReasons?.forEach((r, i) => {
    if (codes.has(r.code)) throw E.settingInvalid(`declineReasons.${i}.code`, '拒赔原因代码', `「${r.code}」重复`, 'duplicate code');
    codes.add(r.code);
  });
  const ids = input.sampling?.handlerIds ?? [];
  if (ids.length > 0) {
    const found = new Set((await ex.selectFrom('app_user').select('id').where('id', 'in', ids).execute()).map((u) => u.id));
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw E.userUnknown(`sampling.handlerIds.${missing}`);
  }
}
