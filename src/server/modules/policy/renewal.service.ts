// Renewal (续保), the recorded claim history it re-rates from, and the daily job `policy.daily`:
// 满期 after the last day of cover, 中止 after the grace period, renewal proposals for annual P&C
// policies about to expire, 终止 when the reinstatement period has run out. Every state step is one
// set-based UPDATE … RETURNING per batch, with a timeline entry and an audit row per policy, and is
// idempotent (a second run the same day finds nothing to do).
import Decimal from 'decimal.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, DataScope } from '../../db/types';
import { requirePermission, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit, type AuditActor } from '../../platform/audit';
import { shanghaiDate, HOUR } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { isAppError } from '../../platform/errors';
import { uuidv7 } from '../../platform/ids';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import type { MotorData, PolicyClaimRecord, PolicyState, PolicySummary, ProposalData, ProposalState, RenewalRow, ValidationProblem } from '../../../contracts/policy';
import type { Channel, ProductLine, ProductQuote } from '../../../contracts/product';
import type { PolicyDeps } from './deps';
import { findPolicy } from './policy.rows';
import { addDays, anniversary, shanghaiStartOfDay } from './numbering.rules';
import { allocateProposalNumber } from './numbers';
import { P } from './permissions';
import { formFieldOfQuoteField, quoteBodyOf } from './proposal.rating';
import { servicingErrors as E } from './servicing.errors';
import type { RenewalListQueryT } from './servicing.schemas';
import { isLifeLine } from './servicing.rules';
import { loadSetting } from './settings';
import { recordEvent } from './timeline';

type Executor = Kysely<DB> | Transaction<DB>;

/** The daily job's actor in the audit log and the timeline (actor_id null = the system). */
export const SYSTEM_ACTOR: AuditActor = { userId: null, username: 'system:policy.daily', orgId: null, roles: null, ip: null, requestId: null };

export interface NewClaimRecord {
  policyId: string;
  lossDate: string;
  amount: string;
  atFault: boolean;
  fatal?: boolean;
  /** 'MANUAL' (entered on the policy) or the feeding module, e.g. 'CLAIMS'. */
  source: string;
}

export interface DailySummary {
  date: string;
  matured: number;
  lapsed: number;
  renewals: number;
  renewalFailures: { policyNo: string; code: string }[];
  terminated: number;
}

/** The next 02:00 Asia/Shanghai strictly after `now`. */
export function nextDailyRunAt(now: Date): Date {
  const at = new Date(shanghaiStartOfDay(shanghaiDate(now)).getTime() + 2 * HOUR);
  return at > now ? at : new Date(at.getTime() + 24 * HOUR);
}

const yuan = (v: Decimal.Value) => new Decimal(v).toFixed(2);

/** The renewal's motor history: one more insured year, claim-free years kept or reset by this period's at-fault claims. */
export function renewedMotor(motor: MotorData, claims: { atFault: boolean; fatal: boolean }[], claimsLast3Years: number): MotorData {
  const atFault = claims.filter((c) => c.atFault);
  const ctpl = motor.ctplHistory ?? { claimFreeYears: 0, atFaultAccidentsLastYear: 0, fatalAtFaultLastYear: false };
  const ncd = motor.ncdHistory ?? { claimsLast3Years: 0, consecutiveInsuredYears: 0 };
  return {
    ...motor,
    ctplHistory: { claimFreeYears: atFault.length ? 0 : ctpl.claimFreeYears + 1, atFaultAccidentsLastYear: atFault.length, fatalAtFaultLastYear: atFault.some((c) => c.fatal) },
    ncdHistory: { claimsLast3Years, consecutiveInsuredYears: (ncd.newOrTransferred ? 0 : ncd.consecutiveInsuredYears) + 1, newOrTransferred: false, lapseMonths: 0 },
  };
}

export function createRenewalService(deps: PolicyDeps) {
  const { db, clock, catalogue, billing } = deps;
  const today = () => shanghaiDate(clock.now());

  // ---------------------------------------------------------------- claim history

  /** Records a claim on a policy inside the caller's transaction (the claims module will call this). */
  async function recordClaim(trx: Transaction<DB>, r: NewClaimRecord, recordedBy: string | null = null, at: Date = clock.now()): Promise<string> {
    const id = uuidv7(at.getTime());
    await trx
      .insertInto('policy_claim_record')
      .values({ id, policy_id: r.policyId, loss_date: r.lossDate, amount: yuan(r.amount), at_fault: r.atFault, fatal: r.fatal ?? false, source: r.source, recorded_by: recordedBy, recorded_at: at })
      .execute();
    return id;
  }

  async function claimRecordsOf(ex: Executor, policyId: string): Promise<PolicyClaimRecord[]> {
    const rows = await ex
      .selectFrom('policy_claim_record as c')
      .leftJoin('app_user as u', 'u.id', 'c.recorded_by')
      .select(['c.id', 'c.loss_date', 'c.amount', 'c.at_fault', 'c.fatal', 'c.source', 'c.recorded_at', 'u.id as user_id', 'u.username', 'u.name'])
      .where('c.policy_id', '=', policyId)
      .orderBy('c.loss_date')
      .orderBy('c.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      lossDate: r.loss_date,
      amount: yuan(r.amount),
      atFault: r.at_fault,
      fatal: r.fatal,
      source: r.source,
      recordedBy: r.user_id ? { id: r.user_id, username: r.username!, name: r.name! } : null,
      recordedAt: new Date(r.recorded_at).toISOString(),
    }));
  }

  // ---------------------------------------------------------------- renewal proposals

  /** Annual P&C policies in force in the renewal lines, expiring between `from` and `to`. */
  const dueQuery = (ex: Executor, lines: readonly string[], from: string, to: string) =>
    ex
      .selectFrom('policy as p')
      .innerJoin('org as o', 'o.id', 'p.org_id')
      .where('p.state', '=', 'IN_FORCE')
      .where('p.line', 'in', lines.filter((l) => !isLifeLine(l)).concat(['-']))
      .where('p.coverage_term', '=', 1)
      .where('p.end_date', '>=', from)
      .where('p.end_date', '<=', to);

  const liveRenewal = (ex: Executor) => ex.selectFrom('proposal as r').select('r.id').where(sql<boolean>`r.renewal_of_policy_id = p.id`).where('r.state', '<>', 'WITHDRAWN');

  /**
   * One renewal proposal (草稿) for the policy, in its own transaction: same org, product (its version
   * quotable today), channel and parties; starts the day after the old cover ends; the motor history
   * moved on by the claims recorded in the expiring period; re-rated and the quote stored. false when
   * the policy no longer needs one (renewed meanwhile, no longer in force).
   */
  async function createRenewal(policyId: string, by: { actor: AuditActor; userId: string | null }): Promise<boolean> {
    const now = clock.now();
    const date = shanghaiDate(now);
    return db.transaction().execute(async (trx) => {
      const p = await findPolicy(trx, policyId, { lock: true });
      if (p.state !== 'IN_FORCE' || !p.end_date) return false;
      // The row lock serializes creators of one policy's renewal; the unique index is the backstop.
      if (await trx.selectFrom('proposal').select('id').where('renewal_of_policy_id', '=', p.id).where('state', '<>', 'WITHDRAWN').executeTakeFirst()) return false;
      const version = await trx
        .selectFrom('product_version')
        .select(['id', 'version_no'])
        .where('product_id', '=', p.product_id)
        .where('status', '=', 'APPROVED')
        .where('effective_from', '<=', date)
        .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
        .orderBy('effective_from', 'desc')
        .orderBy('version_no', 'desc')
        .executeTakeFirst();
      if (!version) throw Object.assign(new Error('no quotable version'), { code: 'PRODUCT_NOT_QUOTABLE' });
      const old = await trx.selectFrom('proposal').select(['registered_by']).where('id', '=', p.proposal_id).executeTakeFirstOrThrow();

      const start = addDays(p.end_date, 1);
      const claims = await trx.selectFrom('policy_claim_record').select(['at_fault', 'fatal']).where('policy_id', '=', p.id).where('loss_date', '>=', p.start_date).where('loss_date', '<=', p.end_date).execute();
      const { contacts: _contacts, ...form } = p.data as ProposalData & { contacts?: unknown };
      let data: ProposalData = { ...form, startDate: start, coverageTerm: 1 };
      if (data.motor) {
        // NCD counts the vehicle's claims of the three years before the renewal starts, whichever policy covered them.
        const since = anniversary(start, -3);
        const vehicle = p.vin ?? p.plate_no;
        const { n } = await trx
          .selectFrom('policy_claim_record as c')
          .innerJoin('policy as q', 'q.id', 'c.policy_id')
          .select(sql<string>`count(*)`.as('n'))
          .where('c.loss_date', '>=', since)
          .where('c.loss_date', '<', start)
          .where((eb) => (vehicle ? eb(sql`coalesce(q.vin, q.plate_no)`, '=', vehicle) : eb('q.id', '=', p.id)))
          .executeTakeFirstOrThrow();
        data = { ...data, motor: renewedMotor(data.motor, claims.map((c) => ({ atFault: c.at_fault, fatal: c.fatal })), Number(n)) };
      }

      const insured = await trx.selectFrom('party').select(['sex', 'birth_date']).where('id', '=', p.insured_id).executeTakeFirstOrThrow();
      let quote: ProductQuote | null = null;
      const problems: ValidationProblem[] = [];
      try {
        const body = quoteBodyOf(p.line as ProductLine, p.channel as Channel, data, { sex: insured.sex === 'F' ? 'F' : insured.sex === 'M' ? 'M' : null, birthDate: insured.birth_date });
        // The form may lack fields; the engine answers 422 naming them, as for a proposal.
        quote = await catalogue.price(version.id, body as Parameters<typeof catalogue.price>[1], 'zh');
      } catch (e) {
        // A renewal the engines cannot rate still goes to the clerk, with the problem named.
        if (!isAppError(e)) throw e;
        problems.push({ code: e.code, field: formFieldOfQuoteField(String(e.details?.field ?? '')), message: e.text.zh });
      }

      const id = uuidv7(now.getTime());
      const proposalNo = await allocateProposalNumber(trx, p.org_id, now);
      await trx
        .insertInto('proposal')
        .values({
          id,
          proposal_no: proposalNo,
          org_id: p.org_id,
          product_id: p.product_id,
          product_version_id: version.id,
          line: p.line,
          channel: p.channel,
          state: 'DRAFT',
          policyholder_id: p.policyholder_id,
          insured_id: p.insured_id,
          start_date: start,
          sum_assured: data.sumAssured ?? null,
          premium: quote?.premium ?? null,
          plate_no: p.plate_no,
          vin: p.vin,
          data: JSON.stringify(data),
          quote: quote ? JSON.stringify(quote) : null,
          problems: JSON.stringify(problems),
          renewal_of_policy_id: p.id,
          registered_by: by.userId ?? old.registered_by,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const parties = [
        { proposal_id: id, role: 'POLICYHOLDER' as const, seq: 1, party_id: p.policyholder_id },
        { proposal_id: id, role: 'INSURED' as const, seq: 1, party_id: p.insured_id },
        ...(data.beneficiaries ?? []).map((b, k) => ({ proposal_id: id, role: 'BENEFICIARY' as const, seq: k + 1, party_id: b.partyId })),
      ];
      await trx.insertInto('proposal_party').values(parties).execute();
      const details = { renewalOf: { policyId: p.id, policyNo: p.policy_no }, versionId: version.id, versionNo: version.version_no, startDate: start, previousPremium: yuan(p.premium), premium: quote?.premium ?? null, claimsInPeriod: claims.length, problems: problems.map((x) => x.code) };
      await recordEvent(trx, { proposalId: id, action: 'renewal', toState: 'DRAFT', actorId: by.userId, note: `续保保单 ${p.policy_no}`, details }, now);
      await writeAudit(trx, by.actor, { action: 'policy.renewal.create', objectType: 'proposal', objectId: id, after: { proposalNo, ...details } }, now);
      return true;
    });
  }

  /** Renewal proposals for every due policy (within the caller's scope when given). */
  async function createRenewals(by: { actor: AuditActor; userId: string | null; scope?: { actor: Actor; scope: DataScope } }): Promise<{ created: number; failures: { policyNo: string; code: string }[] }> {
    const s = await loadSetting(db, 'renewal');
    const from = today();
    let q = dueQuery(db, s.lines, from, addDays(from, s.daysBefore)).where(({ not, exists }) => not(exists(liveRenewal(db))));
    if (by.scope) q = q.where(scopePredicate(by.scope.actor, by.scope.scope, { orgPath: sql.ref('o.path'), orgId: sql.ref('p.org_id') }));
    const due = await q.select(['p.id', 'p.policy_no']).orderBy('p.end_date').orderBy('p.id').execute();
    let created = 0;
    const failures: { policyNo: string; code: string }[] = [];
    for (const p of due) {
      try {
        if (await createRenewal(p.id, by)) created++;
      } catch (e) {
        // One policy's problem (no number range left, no quotable version) does not stop the others.
        const code = (e as { code?: string; constraint?: string }).constraint === 'proposal_one_renewal' ? null : ((e as { code?: string }).code ?? 'ERROR');
        if (code) failures.push({ policyNo: p.policy_no, code });
      }
    }
    return { created, failures };
  }

  // ---------------------------------------------------------------- the daily job

  interface Moved {
    id: string;
    proposal_id: string;
    policy_no: string;
    from_state: string;
    details: Record<string, unknown>;
  }

  /** Runs one state step in batches until nothing is left: `update` moves ≤ batch rows and returns them. */
  async function inBatches(action: 'mature' | 'lapse' | 'terminate', to: PolicyState, update: (trx: Transaction<DB>, now: Date) => Promise<Moved[]>, after?: (trx: Transaction<DB>, m: Moved, now: Date) => Promise<void>, batch = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const now = clock.now();
      const n = await db.transaction().execute(async (trx) => {
        const moved = await update(trx, now);
        for (const m of moved) {
          await recordEvent(trx, { proposalId: m.proposal_id, policyId: m.id, action, fromState: m.from_state, toState: to, actorId: null, details: m.details }, now);
          await writeAudit(trx, SYSTEM_ACTOR, { action: `policy.${action}`, objectType: 'policy', objectId: m.id, before: { state: m.from_state }, after: { state: to }, details: { policyNo: m.policy_no, ...m.details } }, now);
          if (after) await after(trx, m, now);
        }
        return moved.length;
      });
      total += n;
      if (n < batch) return total;
    }
  }

  const BATCH = 500;

  async function runDaily(): Promise<DailySummary> {
    const date = today();
    const s = await loadSetting(db, 'servicing');
    const grace = s.graceDays;
    const years = s.reinstatementYears;

    // (a) 满期: cover ended at 24:00 on end_date; ended_on is the first day without cover.
    const matured = await inBatches('mature', 'MATURED', async (trx, now) =>
      (
        await sql<Moved>`
          with due as (
            select id from policy where state = 'IN_FORCE' and end_date < ${date}::date
            order by end_date, id limit ${BATCH} for update skip locked)
          update policy p set state = 'MATURED', ended_on = p.end_date + 1, version = p.version + 1, updated_at = ${now}
            from due where p.id = due.id
          returning p.id, p.proposal_id, p.policy_no, 'IN_FORCE' as from_state, json_build_object('endDate', p.end_date::text) as details`.execute(trx)
      ).rows,
    );

    // (b) 中止: a regular premium unpaid beyond the grace period, while premiums are still due.
    const lapsed = await inBatches('lapse', 'LAPSED', async (trx, now) =>
      (
        await sql<Moved>`
          with due as (
            select id from policy
             where state = 'IN_FORCE' and payment_mode <> 'SINGLE' and paid_to_date is not null
               and paid_to_date + ${grace}::int < ${date}::date
               and (payment_term is null or paid_to_date < start_date + make_interval(years => payment_term))
               and (end_date is null or paid_to_date <= end_date)
             order by paid_to_date, id limit ${BATCH} for update skip locked)
          update policy p set state = 'LAPSED', version = p.version + 1, updated_at = ${now}
            from due where p.id = due.id
          returning p.id, p.proposal_id, p.policy_no, 'IN_FORCE' as from_state,
            json_build_object('paidToDate', p.paid_to_date::text, 'graceDays', ${grace}::int, 'lapseDate', (p.paid_to_date + ${grace + 1}::int)::text) as details`.execute(trx)
      ).rows,
    );

    // (c) renewal proposals for every org.
    const renewals = await createRenewals({ actor: SYSTEM_ACTOR, userId: null });

    // (d) 终止: the reinstatement period (lapse date + years, inclusive) has run out.
    const terminated = await inBatches(
      'terminate',
      'TERMINATED',
      async (trx, now) =>
        (
          await sql<Moved>`
            with due as (
              select id from policy
               where state = 'LAPSED' and paid_to_date is not null
                 and ((paid_to_date + ${grace + 1}::int) + make_interval(years => ${years}::int))::date < ${date}::date
               order by paid_to_date, id limit ${BATCH} for update skip locked)
            update policy p set state = 'TERMINATED', version = p.version + 1, updated_at = ${now},
                   ended_on = ((p.paid_to_date + ${grace + 1}::int) + make_interval(years => ${years}::int))::date + 1
              from due where p.id = due.id
            returning p.id, p.proposal_id, p.policy_no, 'LAPSED' as from_state,
              json_build_object('lapseDate', (p.paid_to_date + ${grace + 1}::int)::text, 'reinstatementYears', ${years}::int) as details`.execute(trx)
        ).rows,
      // A reinstatement still waiting for its back premium can no longer apply: its receivable goes.
      async (trx, m, now) => {
        const open = await trx.selectFrom('endorsement').select(['id', 'billing_item_id']).where('policy_id', '=', m.id).where('item', '=', 'REINSTATEMENT').where('state', '=', 'APPLIED').where('applied_at', 'is', null).execute();
        for (const e of open) {
          const c = e.billing_item_id ? await billing.collection(trx, e.billing_item_id) : null;
          if (c && c.status === 'OPEN' && new Decimal(c.received).isZero()) await billing.cancel(trx, c.receivableId, now);
        }
      },
    );
    return { date, matured, lapsed, renewals: renewals.created, renewalFailures: renewals.failures, terminated };
  }

  // ---------------------------------------------------------------- the renewal queue

  function queueQuery(ex: Executor, actor: Actor, scope: DataScope, lines: readonly string[], from: string, to: string, q: RenewalListQueryT) {
    let query = dueQuery(ex, lines, from, to)
      .innerJoin('product as pr', 'pr.id', 'p.product_id')
      .innerJoin('product_version as pv', 'pv.id', 'p.product_version_id')
      .innerJoin('party as h', 'h.id', 'p.policyholder_id')
      .innerJoin('party as i', 'i.id', 'p.insured_id')
      .leftJoin('proposal as r', (j) => j.onRef('r.renewal_of_policy_id', '=', 'p.id').on('r.state', '<>', 'WITHDRAWN'))
      .where(scopePredicate(actor, scope, { orgPath: sql.ref('o.path'), orgId: sql.ref('p.org_id') }))
      .select([
        'p.id', 'p.policy_no', 'p.state', 'p.product_id', 'p.product_version_id', 'p.line', 'p.channel', 'p.org_id', 'o.name as org_name', 'pr.code as product_code', 'pr.name as product_name', 'pv.version_no',
        'p.policyholder_id', 'h.name as holder_name', 'p.insured_id', 'i.name as insured_name', 'p.plate_no', 'p.sum_assured', 'p.premium', 'p.start_date', 'p.end_date', 'p.issued_at',
        'r.id as r_id', 'r.proposal_no as r_no', 'r.state as r_state', 'r.premium as r_premium',
        sql<string>`(select count(*) from policy_claim_record c where c.policy_id = p.id and c.loss_date between p.start_date and p.end_date)`.as('claims'),
      ]);
    if (q.state === 'NO_PROPOSAL') query = query.where('r.id', 'is', null);
    if (q.state === 'PROPOSED') query = query.where('r.id', 'is not', null).where('r.state', '<>', 'ISSUED');
    if (q.state === 'ISSUED') query = query.where('r.state', '=', 'ISSUED');
    const term = q.q?.trim();
    if (term) {
      const esc = term.replace(/[\\%_]/g, (c) => `\\${c}`);
      query = query.where((eb) => eb.or([eb('p.policy_no', 'like', `${esc.toUpperCase()}%`), eb('p.plate_no', '=', term.toUpperCase().replace(/\s+/g, '')), eb('h.name', 'like', `%${esc}%`)]));
    }
    return query;
  }
  type QueueRow = Awaited<ReturnType<ReturnType<typeof queueQuery>['executeTakeFirstOrThrow']>>;

  const toRow = (r: QueueRow, date: string): RenewalRow => {
    const policy: PolicySummary = {
      id: r.id,
      policyNo: r.policy_no,
      state: r.state as PolicyState,
      product: { id: r.product_id, code: r.product_code, name: r.product_name, line: r.line as ProductLine, versionId: r.product_version_id, versionNo: r.version_no },
      channel: r.channel as Channel,
      org: { id: r.org_id, name: r.org_name },
      policyholder: { id: r.policyholder_id, name: r.holder_name },
      insured: { id: r.insured_id, name: r.insured_name },
      plateNo: r.plate_no,
      sumAssured: r.sum_assured === null ? null : yuan(r.sum_assured),
      premium: yuan(r.premium),
      startDate: r.start_date,
      endDate: r.end_date,
      issuedAt: new Date(r.issued_at).toISOString(),
    };
    return {
      policy,
      daysToExpiry: Math.round((Date.parse(r.end_date!) - Date.parse(date)) / 86_400_000),
      renewalProposal: r.r_id ? { id: r.r_id, proposalNo: r.r_no!, state: r.r_state as ProposalState, premium: r.r_premium === null ? null : yuan(r.r_premium) } : null,
      previousPremium: yuan(r.premium),
      claimsInPeriod: Number(r.claims),
    };
  };

  return {
    recordClaim,
    runDaily,
    createRenewal,
    /** The daily job as the platform's worker schedules it (main.ts). */
    dailyJob: { queue: 'policy.daily', nextRunAt: nextDailyRunAt, run: async () => void (await runDaily()) },

    /** POST /policies/:id/claim-records: a claim entered by hand until the claims module feeds them. */
    async addClaimRecord(ctx: RequestContext, policyId: string, body: { lossDate: string; amount: string; atFault: boolean; fatal?: boolean }): Promise<{ items: PolicyClaimRecord[] }> {
      const scope = requirePermission(ctx.actor, P.policyRenew);
      const now = clock.now();
      const date = shanghaiDate(now);
      await db.transaction().execute(async (trx) => {
        const p = await findPolicy(trx, policyId, { access: { actor: ctx.actor, scope }, lock: true });
        if (body.lossDate > date) throw E.claimDate('不能晚于今天');
        if (body.lossDate < p.start_date || (p.end_date && body.lossDate > p.end_date)) throw E.claimDate(`须在保险期间 ${p.start_date} 至 ${p.end_date ?? '终身'} 内`);
        const id = await recordClaim(trx, { policyId: p.id, lossDate: body.lossDate, amount: body.amount, atFault: body.atFault, fatal: body.fatal ?? false, source: 'MANUAL' }, ctx.actor.userId, now);
        const details = { claimRecordId: id, lossDate: body.lossDate, amount: yuan(body.amount), atFault: body.atFault, fatal: body.fatal ?? false };
        await recordEvent(trx, { proposalId: p.proposal_id, policyId: p.id, action: 'claim-record', actorId: ctx.actor.userId, details }, now);
        await writeAudit(trx, auditActorOf(ctx), { action: 'policy.claim-record', objectType: 'policy', objectId: p.id, after: { policyNo: p.policy_no, ...details } }, now);
      });
      return { items: await claimRecordsOf(db, policyId) };
    },

    async claimRecords(ctx: RequestContext, policyId: string): Promise<{ items: PolicyClaimRecord[] }> {
      const scope = requirePermission(ctx.actor, P.policyRenew);
      await findPolicy(db, policyId, { access: { actor: ctx.actor, scope } });
      return { items: await claimRecordsOf(db, policyId) };
    },

    /** POST /renewals/run: renewal proposals now for the due policies in the caller's scope. */
    async run(ctx: RequestContext): Promise<{ created: number }> {
      const scope = requirePermission(ctx.actor, P.policyRenew);
      const r = await createRenewals({ actor: auditActorOf(ctx), userId: ctx.actor.userId, scope: { actor: ctx.actor, scope } });
      return { created: r.created };
    },

    /** 续保队列: annual P&C policies expiring within `daysWithin` days (default the setting), soonest first. */
    async list(ctx: RequestContext, q: RenewalListQueryT) {
      const scope = requirePermission(ctx.actor, P.policyRenew);
      const s = await loadSetting(db, 'renewal');
      const date = today();
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
      const query = queueQuery(db, ctx.actor, scope, s.lines, date, addDays(date, q.daysWithin ?? s.daysBefore), q);
      const pageQuery = cursor ? query.where(({ ref }) => afterCursor(ref('p.end_date'), ref('p.id'), 'asc', cursor)) : query.offset((page - 1) * pageSize);
      const [rows, count] = await Promise.all([
        pageQuery.orderBy('p.end_date').orderBy('p.id').limit(pageSize + 1).execute(),
        db.selectFrom(query.clearSelect().select(sql<number>`1`.as('x')).limit(10_001).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      const more = rows.length > pageSize;
      const items = rows.slice(0, pageSize);
      const last = items.at(-1);
      const n = Number(count.n);
      return { items: items.map((r) => toRow(r, date)), total: Math.min(n, 10_000), totalCapped: n > 10_000, page, pageSize, nextCursor: more && last ? encodeCursor({ v: last.end_date!, id: last.id }) : null };
    },

    async exportRows(ctx: RequestContext, q: RenewalListQueryT): Promise<RenewalRow[]> {
      const scope = requirePermission(ctx.actor, P.policyRenew);
      const s = await loadSetting(db, 'renewal');
      const date = today();
      const rows = await queueQuery(db, ctx.actor, scope, s.lines, date, addDays(date, q.daysWithin ?? s.daysBefore), q).orderBy('p.end_date').orderBy('p.id').limit(50_000).execute();
      const { cursor: _c, page: _p, pageSize: _s, ...filters } = q;
      await writeAudit(db, auditActorOf(ctx), { action: 'policy.renewal.export', objectType: 'policy', details: { filters, rows: rows.length } }, clock.now());
      return rows.map((r) => toRow(r, date));
    },
  };
}

export type RenewalService = ReturnType<typeof createRenewalService>;
