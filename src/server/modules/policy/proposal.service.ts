// The new-business pipeline (投保单): 编号登记 → 录入 → 提交 → 单据校验 (+ pricing and automatic
// underwriting) → 核保 → 收费 → 出单, and 撤回. Every transition locks the proposal row, asks
// lifecycle.rules.ts whether it is legal, and writes the audit event and the timeline entry in the
// same transaction. Reads and writes follow the permission's data scope (404 outside it).
import Decimal from 'decimal.js';
import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import {
  type AutoUnderwriting,
  type PartyBrief,
  type PaymentInput,
  type PolicyCoverage,
  type ProposalAction,
  type ProposalData,
  type ProposalDetail,
  type ProposalInput,
  type ProposalState,
  type ProposalSummary,
  type ProposalUpdate,
  type UnderwriteInput,
  type UwDecision,
  type ValidationProblem,
} from '../../../contracts/policy';
import { CHANNELS, type Channel, type ProductDefinition, type ProductLine, type ProductQuote } from '../../../contracts/product';
import type { DB, DataScope } from '../../db/types';
import type { ProposalTable } from '../../db/types.policy';
import { likeContains, likePrefix, orgInScope, requirePermission, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit, writeAudits, type AuditEntry } from '../../platform/audit';
import { shanghaiDate } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { AppError, isAppError } from '../../platform/errors';
import { uuidv7 } from '../../platform/ids';
import { publishEvent } from '../../platform/outbox';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import { termGrams } from '../party/rules';
import { isQuotable } from '../product/catalogue.rules';
import type { QuoteBodyT } from '../product/catalogue.schemas';
import type { PolicyDeps } from './deps';
import { money, nextProposalState, proposalActionsIn, type ProposalContext } from './lifecycle.rules';
import { addDays, anniversary, coolingOffDaysFor, coolingOffEndDate, policyPeriod, shanghaiStartOfDay } from './numbering.rules';
import { allocatePolicyNumber, allocateProposalNumber } from './numbers';
import { P } from './permissions';
import { proposalErrors as E } from './proposal.errors';
import { formFieldOfQuoteField, quoteBodyOf, wholeYears } from './proposal.rating';
import type { ProposalListQueryT, QueueQueryT } from './proposal.schemas';
import { blocksPricing, coverageYears, existingCoverProblems, LIFE_LINES, validateProposal, type ExistingCover, type PartyFacts } from './proposal.validation';
import { addMonths, MONTHS_PER_INSTALMENT } from './servicing.rules';
import { loadSetting } from './settings';
import { recordEvent, recordEvents, timelineFromJson, timelineJson, type NewTimelineEntry } from './timeline';
import { autoUnderwrite, coveringAuthority, MOTOR_LINES, PERSONAL_LINES } from './underwriting.rules';
import { normalizeVehicleId } from './vin.rules';

/** Lists count exactly up to here. */
export const COUNT_CAP = 10_000;
export const EXPORT_CAP = 50_000;

type Executor = Kysely<DB> | Transaction<DB>;
type ExpressionBuilderLike = { and: (e: Expression<SqlBool>[]) => Expression<SqlBool>; or: (e: Expression<SqlBool>[]) => Expression<SqlBool> };
type Row = Selectable<ProposalTable> & { org_path: string; org_code: string };

/** The permission each action needs (the detail's `actions` and every endpoint). */
export const ACTION_PERMISSION: Record<ProposalAction, string> = {
  submit: P.proposalWrite,
  validate: P.proposalValidate,
  underwrite: P.proposalUnderwrite,
  'accept-conditions': P.proposalWrite,
  'reject-conditions': P.proposalWrite,
  'request-payment': P.proposalCollect,
  'record-payment': P.proposalCollect,
  issue: P.proposalIssue,
  withdraw: P.proposalWrite,
};

/** States after validation and before issue: their cover counts as already applied for. */
const OPEN_STATES: ProposalState[] = ['PENDING_UNDERWRITING', 'UW_ACCEPTED', 'UW_CONDITIONAL', 'PENDING_PAYMENT'];

const fen = (v: Decimal.Value) => new Decimal(v).toFixed(2);
const iso = (d: Date | string) => new Date(d).toISOString();

interface VersionRow {
  id: string;
  product_id: string;
  version_no: number;
  status: string;
  effective_from: string;
  effective_to: string | null;
  definition: ProductDefinition;
  code: string;
  name: string;
  line: ProductLine;
}

/** The party columns the pipeline reads (also as JSON inside the detail statement). */
interface PartyJson {
  id: string;
  party_no: string;
  kind: PartyFacts['kind'];
  name: string;
  sex: string | null;
  birth_date: string | null;
  id_type: string;
  id_number_masked: string;
  occupation_class: number | null;
}

const partyRowOf = (r: PartyJson): PartyRow => ({
  id: r.id, partyNo: r.party_no, kind: r.kind, name: r.name, sex: (r.sex as 'M' | 'F' | null) ?? null, birthDate: r.birth_date, idType: r.id_type, idNumberMasked: r.id_number_masked, occupationClass: r.occupation_class,
});

type FixedVersion = Omit<VersionRow, 'status' | 'effective_from' | 'effective_to'>;

interface PartyRow extends PartyFacts {
  partyNo: string;
  idType: string;
  idNumberMasked: string;
  occupationClass: number | null;
}

/** The stored form: the input without what has its own column or is an instruction. */
export function proposalDataOf(input: ProposalInput): ProposalData {
  const { productVersionId: _v, channel: _c, orgId: _o, bundleWith: _b, ...data } = input as ProposalInput & { version?: number };
  delete (data as { version?: number }).version;
  const vehicle = data.motor?.vehicle;
  if (data.motor && vehicle) {
    data.motor = {
      ...data.motor,
      vehicle: { ...vehicle, vin: vehicle.vin ? normalizeVehicleId(vehicle.vin) : vehicle.vin, plateNo: vehicle.plateNo ? normalizeVehicleId(vehicle.plateNo) : (vehicle.plateNo ?? null) },
    };
  }
  if (data.remark !== undefined) data.remark = data.remark?.trim() || null;
  return JSON.parse(JSON.stringify(data)) as ProposalData;
}

/** The columns copied out of the form for lists, duplicates and search. */
function columnsOf(data: ProposalData) {
  const sum = data.sumAssured ? money(data.sumAssured) : null;
  return {
    policyholder_id: data.policyholderId ?? null,
    insured_id: data.insuredId ?? null,
    start_date: data.startDate ?? null,
    sum_assured: sum ? sum.toFixed(2) : null,
    plate_no: data.motor?.vehicle?.plateNo || null,
    vin: data.motor?.vehicle?.vin || null,
    data: JSON.stringify(data),
  };
}

/** Form fields that name a party, with the id they name. */
function partyRefs(data: ProposalData): { field: string; id: string }[] {
  const refs: { field: string; id: string }[] = [];
  if (data.policyholderId) refs.push({ field: 'policyholderId', id: data.policyholderId });
  if (data.insuredId) refs.push({ field: 'insuredId', id: data.insuredId });
  (data.beneficiaries ?? []).forEach((b, i) => refs.push({ field: `beneficiaries.${i}.partyId`, id: b.partyId }));
  if (data.motor?.vehicle?.ownerId) refs.push({ field: 'motor.vehicle.ownerId', id: data.motor.vehicle.ownerId });
  return refs;
}

/** The period a form asks for: its last day, null = whole of life. */
function periodEnd(line: ProductLine, data: Pick<ProposalData, 'coverageTerm'>, start: string): string | null {
  const years = coverageYears(line, data);
  if (years === null) return null;
  const p = policyPeriod(start, years);
  return p.ok ? p.value.endDate : start;
}

const overlaps = (aStart: string, aEnd: string | null, bStart: string, bEnd: string | null) => (bEnd === null || aStart <= bEnd) && (aEnd === null || bStart <= aEnd);

export function createProposalService(deps: PolicyDeps) {
  const { db, clock, catalogue, billing } = deps;
  const today = () => shanghaiDate(clock.now());

  // ---------------------------------------------------------------- scope and loading

  function visible(actor: Actor, scope: DataScope) {
    return ({ ref }: { ref: (c: 'o.path' | 'p.org_id' | 'p.registered_by') => Expression<string> }): Expression<SqlBool> =>
      scopePredicate(actor, scope, { orgPath: ref('o.path'), orgId: ref('p.org_id'), ownerId: ref('p.registered_by') });
  }

  /** Does the caller's scope for `permission` reach this proposal? */
  function inScope(actor: Actor, permission: string, row: { org_id: string; org_path: string; registered_by: string }): boolean {
    const scope = actor.grants.get(permission);
    if (!scope) return false;
    return scope === 'self' ? row.registered_by === actor.userId : orgInScope(actor, scope, { id: row.org_id, path: row.org_path });
  }

  /** The proposal if the caller's scope for `permission` reaches it (404 otherwise), optionally row-locked. */
  async function load(ex: Executor, ctx: RequestContext, permission: string, id: string, lock = false): Promise<Row> {
    const scope = requirePermission(ctx.actor, permission);
    let q = ex.selectFrom('proposal as p').innerJoin('org as o', 'o.id', 'p.org_id').selectAll('p').select(['o.path as org_path', 'o.code as org_code']).where('p.id', '=', id).where(visible(ctx.actor, scope));
    if (lock) q = q.forUpdate('p');
    const row = await q.executeTakeFirst();
    if (!row) throw E.notFound();
    return row as Row;
  }

  async function loadVersion(ex: Executor, versionId: string): Promise<VersionRow | undefined> {
    return (await ex
      .selectFrom('product_version as pv')
      .innerJoin('product as pr', 'pr.id', 'pv.product_id')
      .select(['pv.id', 'pv.product_id', 'pv.version_no', 'pv.status', 'pv.effective_from', 'pv.effective_to', 'pv.definition', 'pr.code', 'pr.name', 'pr.line'])
      .where('pv.id', '=', versionId)
      .executeTakeFirst()) as VersionRow | undefined;
  }

  // What a version says once it left draft never changes (trigger in migration 0006; product code
  // and name are never updated): kept in memory for validation and issue. Status and effective
  // dates do change (retirement) and are read fresh where they matter (编号登记).
  const fixedVersions = new Map<string, FixedVersion>();
  async function fixedVersion(ex: Executor, versionId: string): Promise<FixedVersion> {
    const known = fixedVersions.get(versionId);
    if (known) return known;
    const { status: _s, effective_from: _f, effective_to: _t, ...v } = (await loadVersion(ex, versionId))!;
    if (_s !== 'DRAFT') fixedVersions.set(versionId, v);
    return v;
  }

  function checkChannel(v: FixedVersion, channel: Channel) {
    if (!v.definition.channels.includes(channel)) throw E.channelNotAllowed(v.definition.channels.map((c) => CHANNELS[c].zh).join('、'));
  }

  async function partiesOf(ex: Executor, ids: string[]): Promise<Map<string, PartyRow>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await ex
      .selectFrom('party')
      .select(['id', 'party_no', 'kind', 'name', 'sex', 'birth_date', 'id_type', 'id_number_masked', 'occupation_class'])
      .where('id', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.id, partyRowOf(r)]));
  }

  /** 422 naming the first form field whose party does not exist. */
  async function checkPartiesExist(ex: Executor, data: ProposalData) {
    const refs = partyRefs(data);
    const found = await partiesOf(ex, refs.map((r) => r.id));
    const missing = refs.find((r) => !found.has(r.id));
    if (missing) throw E.partyNotFound(missing.field);
  }

  /** bundle_id for a proposal bundled with `otherId` (its bundle, else its id); sets it on the other too. */
  async function joinBundle(trx: Transaction<DB>, ctx: RequestContext, selfId: string, otherId: string, now: Date): Promise<string> {
    if (otherId === selfId) throw E.bundleInvalid('不能与本投保单自身组合');
    const other = await load(trx, ctx, P.proposalWrite, otherId, true).catch((e) => {
      if (isAppError(e) && e.code === 'PROPOSAL_NOT_FOUND') throw E.bundleInvalid('要组合的投保单不存在或无权访问');
      throw e;
    });
    const bundle = other.bundle_id ?? other.id;
    if (!other.bundle_id) await trx.updateTable('proposal').set({ bundle_id: bundle, updated_at: now }).where('id', '=', other.id).execute();
    return bundle;
  }

  async function syncParties(trx: Transaction<DB>, id: string, data: ProposalData, isNew = false) {
    if (!isNew) await trx.deleteFrom('proposal_party').where('proposal_id', '=', id).execute();
    const rows: { proposal_id: string; role: 'POLICYHOLDER' | 'INSURED' | 'BENEFICIARY'; seq: number; party_id: string }[] = [];
    if (data.policyholderId) rows.push({ proposal_id: id, role: 'POLICYHOLDER', seq: 1, party_id: data.policyholderId });
    if (data.insuredId) rows.push({ proposal_id: id, role: 'INSURED', seq: 1, party_id: data.insuredId });
    (data.beneficiaries ?? []).forEach((b, i) => rows.push({ proposal_id: id, role: 'BENEFICIARY', seq: i + 1, party_id: b.partyId }));
    if (rows.length > 0) await trx.insertInto('proposal_party').values(rows).execute();
  }

  // ---------------------------------------------------------------- transitions

  interface Step {
    trx: Transaction<DB>;
    row: Row;
    now: Date;
    /** Queues an audit event; they are written last, so the audit chain's head stays locked only until commit. */
    audit: (e: AuditEntry) => void;
    /** Queues a timeline entry; the step's entries are written together, in order. */
    event: (e: NewTimelineEntry) => void;
  }

  /** A step's queues, written at its end: timeline in one insert, then the audit events in one (the chain's head stays locked until commit). */
  function stepQueues() {
    const audits: AuditEntry[] = [];
    const events: NewTimelineEntry[] = [];
    return {
      audit: (e: AuditEntry) => void audits.push(e),
      event: (e: NewTimelineEntry) => void events.push(e),
      flush: async (trx: Transaction<DB>, ctx: RequestContext, now: Date) => {
        await recordEvents(trx, events, now);
        await writeAudits(trx, auditActorOf(ctx), audits, now);
      },
    };
  }

  /**
   * One transition under the row lock: legal per lifecycle.rules.ts (409 naming the state otherwise),
   * then `work` (extra checks and writes; answers the columns to change and what to record), then
   * the state, version, timeline and audit.
   */
  async function transition(
    ctx: RequestContext,
    id: string,
    action: ProposalAction,
    work: (s: Step) => Promise<{ context?: ProposalContext; set?: Record<string, unknown>; details?: Record<string, unknown>; note?: string | null; policyId?: string; after?: (s: Step & { to: ProposalState }) => Promise<void> }>,
  ): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const row = await load(trx, ctx, ACTION_PERMISSION[action], id, true);
      const queues = stepQueues();
      const s: Step = { trx, row, now, audit: queues.audit, event: queues.event };
      const legal = nextProposalState(row.state as ProposalState, action, probeContext(action));
      if (!legal.ok && legal.code === 'PROPOSAL_ILLEGAL_TRANSITION') throw E.transition(legal);
      const w = await work(s);
      const t = nextProposalState(row.state as ProposalState, action, w.context ?? probeContext(action));
      if (!t.ok) throw E.transition(t);
      await trx.updateTable('proposal').set({ ...w.set, state: t.to, version: row.version + 1, updated_at: now }).where('id', '=', id).execute();
      s.audit({ action: `proposal.${action}`, objectType: 'proposal', objectId: id, before: { state: row.state }, after: { state: t.to }, details: { proposalNo: row.proposal_no, ...w.details } });
      s.event({ proposalId: id, policyId: w.policyId ?? null, action, fromState: row.state, toState: t.to, actorId: ctx.actor.userId, note: w.note ?? null, details: w.details });
      await w.after?.({ ...s, to: t.to });
      await queues.flush(trx, ctx, now);
    });
  }

  /** A context under which the action's guards pass: used to tell "illegal here" from "guard failed". */
  function probeContext(action: ProposalAction): ProposalContext {
    if (action === 'validate') return { problemCount: 0 };
    if (action === 'underwrite') return { decision: 'STANDARD' };
    if (action === 'record-payment') return { premium: '1', received: '0', amount: '1' };
    if (action === 'issue') return { premium: '0', received: '0' };
    return { received: '0' };
  }

  /** premium + extra premium: what the policyholder pays before issue. */
  const dueOf = (row: Pick<Row, 'premium' | 'extra_premium'>) => new Decimal(row.premium ?? 0).plus(row.extra_premium ?? 0);

  /**
   * Raises the premium receivable (source PROPOSAL) for 核保通过 → 待收费 and records it; the caller
   * writes `set` (with anything else it changes) in one UPDATE. `automatic`: by the system.
   */
  async function requestPayment(s: Step, ctx: RequestContext, row: Row, automatic: boolean): Promise<{ set: { receivable_id: string; state: ProposalState } }> {
    const { trx, now } = s;
    const amount = fen(dueOf(row));
    const receivableId = await billing.raise(
      trx,
      { direction: 'RECEIVABLE', sourceType: 'PROPOSAL', sourceId: row.id, orgId: row.org_id, partyId: row.policyholder_id, amount, description: `投保单 ${row.proposal_no} 保费`, createdBy: automatic ? null : ctx.actor.userId },
      now,
    );
    const t = nextProposalState('UW_ACCEPTED', 'request-payment');
    if (!t.ok) throw E.transition(t);
    const details = { receivableId, amount, automatic };
    s.audit({ action: 'proposal.request-payment', objectType: 'proposal', objectId: row.id, before: { state: 'UW_ACCEPTED' }, after: { state: t.to }, details: { proposalNo: row.proposal_no, ...details } });
    s.event({ proposalId: row.id, action: 'request-payment', fromState: 'UW_ACCEPTED', toState: t.to, actorId: automatic ? null : ctx.actor.userId, details });
    return { set: { receivable_id: receivableId, state: t.to } };
  }

  // ---------------------------------------------------------------- validation, pricing, underwriting

  interface Checked {
    row: Row;
    version: FixedVersion;
    data: ProposalData;
    parties: Map<string, PartyRow>;
    problems: ValidationProblem[];
    quote: ProductQuote | null;
  }

  /** Everything 单据校验 finds but existing cover (which needs the transaction), and the price. */
  async function checkForm(row: Row): Promise<Checked> {
    const data = row.data as ProposalData;
    const version = await fixedVersion(db, row.product_version_id);
    const parties = await partiesOf(db, partyRefs(data).map((r) => r.id));
    const problems = validateProposal({ today: today(), line: row.line as ProductLine, channel: row.channel as Channel, definition: version.definition, data, parties, existing: [] });
    let quote: ProductQuote | null = null;
    if (!problems.some(blocksPricing)) {
      const insured = data.insuredId ? parties.get(data.insuredId) : undefined;
      try {
        const body = quoteBodyOf(row.line as ProductLine, row.channel as Channel, data, { sex: insured?.sex ?? null, birthDate: insured?.birthDate ?? null });
        quote = await catalogue.price(row.product_version_id, body as QuoteBodyT, 'zh');
      } catch (e) {
        if (!isAppError(e) || (e.kind !== 'unprocessable' && e.kind !== 'invalid')) throw e;
        const field = typeof e.details?.field === 'string' ? formFieldOfQuoteField(e.details.field) : 'productVersionId';
        // The engine stops at its first complaint; one already reported for that field says it better.
        if (!problems.some((p) => p.field === field)) problems.push({ code: e.code, field, message: e.text.zh });
      }
    }
    return { row, version, data, parties, problems, quote };
  }

  /**
   * Cover already applied for or in force that this proposal's period would overlap: for personal
   * lines the same insured and product; for motor the same vehicle (VIN or plate) and product, and
   * for 交强险 any 交强险 of the vehicle.
   */
  async function existingCover(ex: Executor, row: Row, data: ProposalData): Promise<ExistingCover[]> {
    const start = data.startDate;
    if (!start) return [];
    const line = row.line as ProductLine;
    const end = periodEnd(line, data, start);
    const found: ExistingCover[] = [];
    const add = (e: ExistingCover) => {
      if (overlaps(start, end, e.startDate, e.endDate) && !found.some((f) => f.number === e.number)) found.push(e);
    };
    const motor = MOTOR_LINES.includes(line);
    const vin = data.motor?.vehicle?.vin || null;
    const plate = data.motor?.vehicle?.plateNo || null;
    if (motor ? !vin && !plate : !data.insuredId) return [];
    const reason = motor ? ('SAME_VEHICLE' as const) : ('SAME_INSURED' as const);
    // Which rows are "the same": the vehicle or the insured, and the product (any 交强险 for 交强险).
    const same = <T extends 'po' | 'pp'>(t: T) => (eb: ExpressionBuilderLike) =>
      eb.and([
        motor
          ? eb.or([...(vin ? [sql<SqlBool>`${sql.ref(`${t}.vin`)} = ${vin}`] : []), ...(plate ? [sql<SqlBool>`${sql.ref(`${t}.plate_no`)} = ${plate}`] : [])])
          : sql<SqlBool>`${sql.ref(`${t}.insured_id`)} = ${data.insuredId}`,
        line === 'CTPL' ? sql<SqlBool>`${sql.ref(`${t}.line`)} = 'CTPL'` : sql<SqlBool>`${sql.ref(`${t}.product_id`)} = ${row.product_id}`,
      ]);
    const policies = await ex.selectFrom('policy as po').select(['po.policy_no', 'po.start_date', 'po.end_date'])
      .where('po.state', 'in', ['IN_FORCE', 'LAPSED']).where('po.proposal_id', '<>', row.id).where(same('po')).execute();
    for (const p of policies) add({ kind: 'POLICY', number: p.policy_no, reason, ctpl: line === 'CTPL', startDate: p.start_date, endDate: p.end_date });
    const proposals = await ex.selectFrom('proposal as pp').select(['pp.proposal_no', 'pp.start_date', 'pp.data'])
      .where('pp.id', '<>', row.id).where('pp.state', 'in', OPEN_STATES).where('pp.start_date', 'is not', null).where(same('pp')).execute();
    for (const p of proposals) add({ kind: 'PROPOSAL', number: p.proposal_no, reason, ctpl: line === 'CTPL', startDate: p.start_date!, endDate: periodEnd(line, p.data as ProposalData, p.start_date!) });
    return found;
  }

  /** Serialises validations that could duplicate each other (one vehicle; one insured and product). */
  async function lockCoverKeys(trx: Transaction<DB>, row: Row, data: ProposalData) {
    const keys = MOTOR_LINES.includes(row.line as ProductLine)
      ? [data.motor?.vehicle?.vin, data.motor?.vehicle?.plateNo].filter((k): k is string => !!k).map((k) => `vehicle:${k}`)
      : data.insuredId ? [`cover:${data.insuredId}:${row.product_id}`] : [];
    if (keys.length > 0) await sql`select count(pg_advisory_xact_lock(hashtext(k))) from (select unnest(${keys.sort()}::text[]) as k order by 1) s`.execute(trx);
  }

  /** Claims in the 3 years before the start: the larger of what was declared and what is recorded for the vehicle. */
  async function claimsLast3Years(ex: Executor, data: ProposalData, line: ProductLine): Promise<number> {
    const declared = line === 'CTPL' ? (data.motor?.ctplHistory?.atFaultAccidentsLastYear ?? 0) : (data.motor?.ncdHistory?.claimsLast3Years ?? 0);
    const vin = data.motor?.vehicle?.vin || null;
    const plate = data.motor?.vehicle?.plateNo || null;
    const start = data.startDate;
    if (!start || (!vin && !plate)) return declared;
    const { n } = await ex
      .selectFrom('policy_claim_record as c')
      .innerJoin('policy as po', 'po.id', 'c.policy_id')
      .select(sql<string>`count(*)`.as('n'))
      .where((eb) => eb.or([...(vin ? [eb('po.vin', '=', vin)] : []), ...(plate ? [eb('po.plate_no', '=', plate)] : [])]))
      .where('c.loss_date', '>=', addMonths(start, -36))
      .where('c.loss_date', '<', start)
      .executeTakeFirstOrThrow();
    return Math.max(declared, Number(n));
  }

  async function autoUnderwriting(trx: Transaction<DB>, c: Checked): Promise<AutoUnderwriting> {
    const line = c.row.line as ProductLine;
    const data = c.data;
    const insured = data.insuredId ? c.parties.get(data.insuredId) : undefined;
    const start = data.startDate!;
    const reg = data.motor?.vehicle?.registrationDate;
    return autoUnderwrite(await loadSetting(trx, 'underwriting'), {
      line,
      sumAssured: c.row.sum_assured,
      age: insured?.birthDate && PERSONAL_LINES.includes(line) ? wholeYears(insured.birthDate, start) : null,
      occupationClass: data.life?.occupationClass ?? insured?.occupationClass ?? null,
      health: data.life?.health ?? null,
      vehicleAgeYears: reg && MOTOR_LINES.includes(line) ? Math.max(0, wholeYears(reg, start)) : null,
      claimsLast3Years: MOTOR_LINES.includes(line) ? await claimsLast3Years(trx, data, line) : null,
    });
  }

  // ---------------------------------------------------------------- issue

  function coveragesOf(def: ProductDefinition, data: ProposalData, quote: ProductQuote, premium: string): PolicyCoverage[] {
    const of = (v: string | null | undefined) => (v ? fen(v) : null);
    if (quote.ctpl) {
      const limits: Record<string, string> = { DEATH_DISABILITY: quote.ctpl.limits.atFault.deathDisability, MEDICAL: quote.ctpl.limits.atFault.medical, PROPERTY: quote.ctpl.limits.atFault.property };
      return def.coverages.map((c) => ({ code: c.code, name: c.name, limit: of(limits[c.code] ?? c.limit), deductible: of(c.deductible), sumInsured: null, premium: null }));
    }
    if (quote.commercial) {
      const chosen = data.motor?.coverages ?? [];
      return quote.commercial.lines.map((l) => {
        const c = def.coverages.find((d) => d.code === l.code);
        const input = chosen.find((x) => x.code === l.code);
        return {
          code: l.code,
          name: c?.name ?? l.name,
          limit: of(input?.limit ?? c?.limit),
          deductible: of(c?.deductible),
          sumInsured: l.code === 'CAR_DAMAGE' ? of(data.motor?.vehicle?.actualValue) : of(input?.sumInsured),
          premium: fen(l.premium),
        };
      });
    }
    return def.coverages.map((c, i) => ({ code: c.code, name: c.name, limit: of(c.limit), deductible: of(c.deductible), sumInsured: of(data.sumAssured), premium: i === 0 ? fen(premium) : null }));
  }

  /** The next premium due date after the first instalment (regular-premium life policies). */
  function paidToDate(line: ProductLine, data: ProposalData, start: string): string | null {
    const months = data.paymentMode ? MONTHS_PER_INSTALMENT[data.paymentMode] : null;
    if (!LIFE_LINES.includes(line) || !months) return null;
    return months === 12 ? anniversary(start, 1) : addMonths(start, months);
  }

  // ---------------------------------------------------------------- reads

  const summaryQuery = (ex: Executor) =>
    ex
      .selectFrom('proposal as p')
      .innerJoin('org as o', 'o.id', 'p.org_id')
      .innerJoin('product as pr', 'pr.id', 'p.product_id');
  // Names hanging off the proposal by primary key are read as scalar subqueries, not joins: with
  // nine joined tables PostgreSQL spent 2–5 ms planning the join order for a 0.2 ms lookup, on
  // every detail answer (bench/policy-pipeline.ts).
  const summaryColumns = [
    'p.id', 'p.proposal_no', 'p.state', 'p.product_id', 'pr.code as product_code', 'pr.name as product_name', 'p.line', 'p.product_version_id',
    'p.channel', 'p.org_id', 'o.name as org_name', 'o.path as org_path', 'p.policyholder_id', 'p.insured_id',
    'p.plate_no', 'p.sum_assured', 'p.premium', 'p.extra_premium', 'p.start_date', 'p.uw_referred', 'p.bundle_id', 'p.policy_id',
    'p.registered_by', 'p.created_at', 'p.updated_at',
    sql<number>`(select version_no from product_version where id = p.product_version_id)`.as('version_no'),
    sql<string | null>`(select name from party where id = p.policyholder_id)`.as('holder_name'),
    sql<string | null>`(select name from party where id = p.insured_id)`.as('insured_name'),
    sql<string | null>`(select policy_no from policy where id = p.policy_id)`.as('policy_no'),
    sql<string>`(select username from app_user where id = p.registered_by)`.as('reg_username'),
    sql<string>`(select name from app_user where id = p.registered_by)`.as('reg_name'),
  ] as const;
  type SummaryRow = {
    id: string; proposal_no: string; state: string; product_id: string; product_code: string; product_name: string; line: string; product_version_id: string; version_no: number;
    channel: string; org_id: string; org_name: string; org_path: string; policyholder_id: string | null; holder_name: string | null; insured_id: string | null; insured_name: string | null;
    plate_no: string | null; sum_assured: string | null; premium: string | null; extra_premium: string; start_date: string | null; uw_referred: boolean; bundle_id: string | null;
    policy_id: string | null; policy_no: string | null; registered_by: string; reg_username: string; reg_name: string; created_at: Date; updated_at: Date;
  };

  function toSummary(r: SummaryRow): ProposalSummary {
    return {
      id: r.id,
      proposalNo: r.proposal_no,
      state: r.state as ProposalState,
      product: { id: r.product_id, code: r.product_code, name: r.product_name, line: r.line as ProductLine, versionId: r.product_version_id, versionNo: r.version_no },
      channel: r.channel as Channel,
      org: { id: r.org_id, name: r.org_name },
      policyholder: r.policyholder_id ? { id: r.policyholder_id, name: r.holder_name ?? '' } : null,
      insured: r.insured_id ? { id: r.insured_id, name: r.insured_name ?? '' } : null,
      plateNo: r.plate_no,
      sumAssured: r.sum_assured,
      premium: r.premium,
      extraPremium: fen(r.extra_premium),
      startDate: r.start_date,
      uwReferred: r.uw_referred,
      bundleId: r.bundle_id,
      policy: r.policy_id ? { id: r.policy_id, policyNo: r.policy_no! } : null,
      registeredBy: { id: r.registered_by, username: r.reg_username, name: r.reg_name },
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    };
  }

  const brief = (p: PartyRow): PartyBrief => ({ id: p.id, partyNo: p.partyNo, name: p.name, kind: p.kind, idType: p.idType, idNumberMasked: p.idNumberMasked, birthDate: p.birthDate, sex: p.sex });

  /** The detail the caller may see (read scope), with the actions their permissions allow now. */
  async function detail(ctx: RequestContext, id: string): Promise<ProposalDetail> {
    const scope = requirePermission(ctx.actor, P.proposalRead);
    const r = await summaryQuery(db)
      .select(summaryColumns)
      .select(['p.version', 'p.data', 'p.quote', 'p.problems', 'p.uw_auto', 'p.uw_decision', 'p.uw_reason', 'p.uw_conditions', 'p.uw_decided_by', 'p.uw_decided_at', 'p.receivable_id', 'p.entered_by'])
      .select([
        sql<string | null>`(select username from app_user where id = p.uw_decided_by)`.as('ud_username'),
        sql<string | null>`(select name from app_user where id = p.uw_decided_by)`.as('ud_name'),
        sql<string | null>`(select username from app_user where id = p.entered_by)`.as('ue_username'),
        sql<string | null>`(select name from app_user where id = p.entered_by)`.as('ue_name'),
        // The parties, the collection and the timeline in the same statement: every step answers
        // this detail, and four more round trips per step were a third of the pipeline's statements.
        sql<PartyJson[]>`(select coalesce(jsonb_agg(jsonb_build_object('id', id, 'party_no', party_no, 'kind', kind, 'name', name, 'sex', sex, 'birth_date', birth_date::text,
            'id_type', id_type, 'id_number_masked', id_number_masked, 'occupation_class', occupation_class)), '[]'::jsonb)
          from party where id in (p.policyholder_id, p.insured_id)
            or id in (select (b->>'partyId')::uuid from jsonb_array_elements(coalesce(p.data->'beneficiaries', '[]'::jsonb)) b))`.as('parties_json'),
        billing.collectionJson(sql.ref('p.receivable_id')).as('collection_json'),
        timelineJson(sql.ref('p.id')).as('timeline_json'),
      ])
      .where('p.id', '=', id)
      .where(visible(ctx.actor, scope))
      .executeTakeFirst();
    if (!r) throw E.notFound();
    const data = r.data as ProposalData;
    const benIds = (data.beneficiaries ?? []).map((b) => b.partyId);
    const parties = new Map(r.parties_json.map((j) => [j.id, partyRowOf(j)]));
    const collection = billing.collectionFromJson(r.collection_json);
    const timeline = timelineFromJson(r.timeline_json, ctx.lang);
    const state = r.state as ProposalState;
    const actions = proposalActionsIn(state).filter((a) => inScope(ctx.actor, ACTION_PERMISSION[a], r) && !(a === 'request-payment' && r.receivable_id));
    return {
      ...toSummary(r as SummaryRow),
      version: r.version,
      data,
      policyholderParty: r.policyholder_id && parties.get(r.policyholder_id) ? brief(parties.get(r.policyholder_id)!) : null,
      insuredParty: r.insured_id && parties.get(r.insured_id) ? brief(parties.get(r.insured_id)!) : null,
      beneficiaryParties: [...new Set(benIds)].map((b) => parties.get(b)).filter((p): p is PartyRow => !!p).map(brief),
      quote: (r.quote as ProductQuote | null) ?? null,
      problems: (r.problems as ValidationProblem[]) ?? [],
      uwAuto: (r.uw_auto as AutoUnderwriting | null) ?? null,
      underwriting: r.uw_decision
        ? { decision: r.uw_decision as UwDecision, reason: r.uw_reason, conditions: r.uw_conditions, decidedBy: r.uw_decided_by ? { id: r.uw_decided_by, username: r.ud_username!, name: r.ud_name! } : null, decidedAt: iso(r.uw_decided_at!) }
        : null,
      collection,
      actions,
      enteredBy: r.entered_by ? { id: r.entered_by, username: r.ue_username!, name: r.ue_name! } : null,
      timeline,
    };
  }

  const SORTS = { updatedAt: 'p.updated_at', createdAt: 'p.created_at', proposalNo: 'p.proposal_no' } as const;

  /** The list filters (every one indexed) inside the caller's scope for `permission`. */
  function filtered(ctx: RequestContext, permission: string, q: ProposalListQueryT) {
    const scope = requirePermission(ctx.actor, permission);
    let query = summaryQuery(db).where(visible(ctx.actor, scope));
    const term = q.q?.trim();
    if (term) {
      const upper = normalizeVehicleId(term);
      if (/^[\p{Script=Han}][A-Z]/u.test(upper) && /^[\p{Script=Han}][A-Z0-9]+[\p{Script=Han}]?$/u.test(upper)) query = query.where('p.plate_no', 'like', likePrefix(upper));
      else if (/^[A-Z0-9]+$/.test(upper)) query = query.where('p.proposal_no', 'like', likeContains(upper));
      else {
        const grams = termGrams(term);
        const named = (col: 'p.policyholder_id' | 'p.insured_id') =>
          sql<SqlBool>`${sql.ref(col)} in (select id from party where name_grams @> ${sql.val(grams)}::text[] and name like ${likeContains(term)})`;
        query = query.where((eb) => eb.or([named('p.policyholder_id'), named('p.insured_id')]));
      }
    }
    if (q.state?.length) query = query.where('p.state', 'in', q.state);
    if (q.productLine) query = query.where('p.line', '=', q.productLine);
    if (q.productId) query = query.where('p.product_id', '=', q.productId);
    if (q.orgId) query = query.where('p.org_id', '=', q.orgId);
    if (q.bundleId) query = query.where('p.bundle_id', '=', q.bundleId);
    if (q.mine) query = query.where('p.registered_by', '=', ctx.actor.userId);
    if (q.referred) query = query.where('p.state', '=', 'PENDING_UNDERWRITING').where('p.uw_referred', '=', true);
    if (q.dateFrom) query = query.where('p.created_at', '>=', shanghaiStartOfDay(q.dateFrom));
    if (q.dateTo) query = query.where('p.created_at', '<', shanghaiStartOfDay(addDays(q.dateTo, 1)));
    return query;
  }

  async function page(query: ReturnType<typeof filtered>, q: { page?: number; pageSize?: number; cursor?: string; sort?: string }, defaultSort: string) {
    const sort = q.sort ?? defaultSort;
    const col = SORTS[sort.replace('-', '') as keyof typeof SORTS];
    const dir = sort.startsWith('-') ? ('desc' as const) : ('asc' as const);
    const pageNo = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (!cursor && (pageNo - 1) * pageSize >= COUNT_CAP) {
      throw new AppError('invalid', 'LIST_PAGE_TOO_DEEP', { zh: `页码：列表最多可翻到第 ${COUNT_CAP} 条，请用查询条件缩小范围或使用翻页游标`, en: `page: lists page through the first ${COUNT_CAP} rows` }, { field: 'page', cap: COUNT_CAP });
    }
    const ordered = query.orderBy(col, dir).orderBy('p.id', dir);
    const rows = (await (cursor ? ordered.where(({ ref }) => afterCursor(ref(col), ref('p.id'), dir, cursor)) : ordered.offset((pageNo - 1) * pageSize))
      .select(summaryColumns)
      .limit(pageSize + 1)
      .execute()) as SummaryRow[];
    const more = rows.length > pageSize;
    const items = rows.slice(0, pageSize);
    const offset = cursor ? null : (pageNo - 1) * pageSize;
    let total: number;
    if (!more && offset !== null && (items.length > 0 || offset === 0)) total = offset + items.length;
    else {
      const { n } = await db.selectFrom(query.select(sql<number>`1`.as('x')).limit(COUNT_CAP + 1).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      total = Number(n);
    }
    const last = items[items.length - 1];
    const value = (r: SummaryRow) => (col === 'p.proposal_no' ? r.proposal_no : iso(col === 'p.created_at' ? r.created_at : r.updated_at));
    return {
      items: items.map(toSummary),
      total: Math.min(total, COUNT_CAP),
      totalCapped: total > COUNT_CAP,
      nextCursor: more && last ? encodeCursor({ v: value(last), id: last.id }) : null,
      page: pageNo,
      pageSize,
    };
  }

  // ---------------------------------------------------------------- the service

  const service = {
    get: detail,

    /** 编号登记: a draft with a number from the org's range; the form may be empty or complete. */
    async create(ctx: RequestContext, input: ProposalInput): Promise<ProposalDetail> {
      const scope = requirePermission(ctx.actor, P.proposalWrite);
      const now = clock.now();
      const v = await loadVersion(db, input.productVersionId);
      if (!v || !isQuotable({ status: v.status, effectiveFrom: v.effective_from, effectiveTo: v.effective_to }, today())) throw E.notQuotable();
      checkChannel(v, input.channel);
      const orgId = input.orgId ?? ctx.actor.orgId;
      const org = await db.selectFrom('org').select(['id', 'path']).where('id', '=', orgId).executeTakeFirst();
      if (!org || (scope === 'self' ? org.id !== ctx.actor.orgId : !orgInScope(ctx.actor, scope, org))) throw E.orgOutOfScope();
      const data = proposalDataOf(input);
      await checkPartiesExist(db, data);
      const id = uuidv7(now.getTime());
      await db.transaction().execute(async (trx) => {
        const bundle = input.bundleWith ? await joinBundle(trx, ctx, id, input.bundleWith, now) : null;
        const proposalNo = await allocateProposalNumber(trx, orgId, now);
        await trx
          .insertInto('proposal')
          .values({
            id, proposal_no: proposalNo, org_id: orgId, product_id: v.product_id, product_version_id: v.id, line: v.line, channel: input.channel, state: 'DRAFT',
            ...columnsOf(data), premium: null, quote: null, bundle_id: bundle, registered_by: ctx.actor.userId, entered_by: null, created_at: now, updated_at: now,
          })
          .execute();
        await syncParties(trx, id, data, true);
        await recordEvent(trx, { proposalId: id, action: 'create', toState: 'DRAFT', actorId: ctx.actor.userId, details: { proposalNo } }, now);
        await writeAudit(trx, auditActorOf(ctx), { action: 'proposal.create', objectType: 'proposal', objectId: id, after: { proposalNo, product: v.code, versionNo: v.version_no, channel: input.channel, orgId, bundleId: bundle, data } }, now);
      });
      return detail(ctx, id);
    },

    /** 单据录入: replaces the form of a draft (optimistic `version`); completeness is validation's job. */
    async update(ctx: RequestContext, id: string, input: ProposalUpdate): Promise<ProposalDetail> {
      const now = clock.now();
      const data = proposalDataOf(input);
      await db.transaction().execute(async (trx) => {
        const row = await load(trx, ctx, P.proposalWrite, id, true);
        if (row.state !== 'DRAFT') throw E.notEditable(row.state as ProposalState);
        if (row.version !== input.version) throw E.stale(row.version);
        if (input.productVersionId !== row.product_version_id) throw E.versionFixed();
        if (input.orgId && input.orgId !== row.org_id) throw E.orgFixed();
        checkChannel(await fixedVersion(trx, row.product_version_id), input.channel);
        await checkPartiesExist(trx, data);
        const bundle = input.bundleWith ? await joinBundle(trx, ctx, id, input.bundleWith, now) : row.bundle_id;
        await trx.updateTable('proposal').set({ ...columnsOf(data), channel: input.channel, bundle_id: bundle, quote: null, entered_by: ctx.actor.userId, version: row.version + 1, updated_at: now }).where('id', '=', id).execute();
        await syncParties(trx, id, data);
        const old: Record<string, unknown> = { ...(row.data as Record<string, unknown>), channel: row.channel };
        const neu: Record<string, unknown> = { ...(data as Record<string, unknown>), channel: input.channel };
        const changed = [...new Set([...Object.keys(old), ...Object.keys(neu)])].filter((k) => JSON.stringify(old[k]) !== JSON.stringify(neu[k]));
        await recordEvent(trx, { proposalId: id, action: 'update', fromState: 'DRAFT', toState: 'DRAFT', actorId: ctx.actor.userId, details: { changed } }, now);
        await writeAudit(
          trx,
          auditActorOf(ctx),
          { action: 'proposal.update', objectType: 'proposal', objectId: id, before: Object.fromEntries(changed.map((k) => [k, old[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, neu[k] ?? null])), details: { proposalNo: row.proposal_no, changed } },
          now,
        );
      });
      return detail(ctx, id);
    },

    /** Dry-run 单据校验 with pricing; changes nothing. */
    async check(ctx: RequestContext, id: string): Promise<{ problems: ValidationProblem[]; quote: ProductQuote | null }> {
      const row = await load(db, ctx, P.proposalRead, id);
      const c = await checkForm(row);
      const problems = [...c.problems, ...existingCoverProblems(await existingCover(db, row, c.data))];
      // The premium shows as soon as the form can be priced, while other problems are still open.
      return { problems, quote: c.quote };
    },

    async submit(ctx: RequestContext, id: string): Promise<ProposalDetail> {
      await transition(ctx, id, 'submit', async () => ({}));
      return detail(ctx, id);
    },

    /**
     * 单据校验: every problem (→ back to 草稿 with them), or the premium with its derivation →
     * 待核保 → automatic underwriting: pass → 核保通过 → receivable → 待收费; refer → stays 待核保.
     */
    async validate(ctx: RequestContext, id: string): Promise<ProposalDetail> {
      const first = await load(db, ctx, P.proposalValidate, id);
      const probe = nextProposalState(first.state as ProposalState, 'validate', { problemCount: 0 });
      if (!probe.ok) throw E.transition(probe);
      // Pricing reads the catalogue outside the transaction; the row lock then checks nothing moved.
      const c = await checkForm(first);
      await transition(ctx, id, 'validate', async ({ trx, row }) => {
        if (row.version !== first.version) {
          const again = nextProposalState(row.state as ProposalState, 'validate', { problemCount: 0 });
          throw again.ok ? E.stale(row.version) : E.transition(again);
        }
        await lockCoverKeys(trx, row, c.data);
        const problems = [...c.problems, ...existingCoverProblems(await existingCover(trx, row, c.data))];
        const clean = problems.length === 0 && c.quote !== null;
        return {
          context: { problemCount: clean ? 0 : Math.max(1, problems.length) },
          set: clean ? { problems: '[]', quote: JSON.stringify(c.quote), premium: fen(c.quote!.premium) } : { problems: JSON.stringify(problems), quote: null, premium: null },
          details: clean ? { premium: fen(c.quote!.premium) } : { problems: problems.length, codes: [...new Set(problems.map((p) => p.code))] },
          after: async (s) => {
            if (s.to !== 'PENDING_UNDERWRITING') return;
            const priced = { ...row, premium: fen(c.quote!.premium) };
            const auto = await autoUnderwriting(trx, { ...c, row: priced });
            const now = s.now;
            if (auto.outcome === 'REFER') {
              await trx.updateTable('proposal').set({ uw_auto: JSON.stringify(auto), uw_referred: true }).where('id', '=', id).execute();
              s.event({ proposalId: id, action: 'auto-underwrite', fromState: 'PENDING_UNDERWRITING', toState: 'PENDING_UNDERWRITING', actorId: null, details: { outcome: auto.outcome, reasons: auto.reasons } });
              return;
            }
            // Passed: 核保通过 by the system, and the receivable at once (→ 待收费), in one UPDATE.
            const t = nextProposalState('PENDING_UNDERWRITING', 'underwrite', { decision: 'STANDARD' });
            if (!t.ok) throw E.transition(t);
            s.audit({ action: 'proposal.underwrite', objectType: 'proposal', objectId: id, before: { state: 'PENDING_UNDERWRITING' }, after: { state: t.to, decision: 'STANDARD' }, details: { proposalNo: row.proposal_no, automatic: true } });
            s.event({ proposalId: id, action: 'auto-underwrite', fromState: 'PENDING_UNDERWRITING', toState: t.to, actorId: null, details: { outcome: auto.outcome, decision: 'STANDARD' } });
            const paid = await requestPayment(s, ctx, priced, true);
            await trx
              .updateTable('proposal')
              .set({ uw_auto: JSON.stringify(auto), uw_referred: false, uw_decision: 'STANDARD', uw_decided_by: null, uw_decided_at: now, ...paid.set })
              .where('id', '=', id)
              .execute();
          },
        };
      });
      return detail(ctx, id);
    },

    /** 人工核保 within the underwriter's authority for the line. */
    async underwrite(ctx: RequestContext, id: string, input: UnderwriteInput): Promise<ProposalDetail> {
      const reason = input.reason?.trim() || null;
      const conditions = input.conditions?.trim() || null;
      const extra = input.decision === 'CONDITIONAL' && input.extraPremium ? money(input.extraPremium) : new Decimal(0);
      await transition(ctx, id, 'underwrite', async ({ trx, row, now }) => {
        if (input.decision !== 'STANDARD' && !reason) throw E.reasonRequired();
        if (!extra) throw E.extraPremiumInvalid();
        if (input.decision === 'CONDITIONAL' && !conditions && extra.isZero()) throw E.conditionsRequired();
        const rows = await trx.selectFrom('underwriting_authority').select(['line', 'max_sum_assured as maxSumAssured']).where('user_id', '=', ctx.actor.userId).execute();
        if (!coveringAuthority(rows, row.line, row.sum_assured)) throw E.authorityExceeded(row.line, rows.find((r) => r.line === row.line)?.maxSumAssured ?? null, row.sum_assured);
        return {
          context: { decision: input.decision, reason: reason ?? undefined },
          set: { uw_decision: input.decision, uw_reason: reason, uw_conditions: conditions, uw_decided_by: ctx.actor.userId, uw_decided_at: now, extra_premium: fen(extra) },
          details: { decision: input.decision, reason, conditions, extraPremium: fen(extra) },
          note: reason,
          after: async (s) => {
            if (s.to !== 'UW_ACCEPTED') return;
            const paid = await requestPayment(s, ctx, { ...row, extra_premium: '0' }, true);
            await trx.updateTable('proposal').set(paid.set).where('id', '=', id).execute();
          },
        };
      });
      return detail(ctx, id);
    },

    /** The policyholder accepts the underwriting conditions: 核保通过 → 待收费 (premium + extra premium). */
    async acceptConditions(ctx: RequestContext, id: string): Promise<ProposalDetail> {
      await transition(ctx, id, 'accept-conditions', async ({ trx, row, now }) => {
        const amount = fen(dueOf(row));
        const receivableId = await billing.raise(
          trx,
          { direction: 'RECEIVABLE', sourceType: 'PROPOSAL', sourceId: row.id, orgId: row.org_id, partyId: row.policyholder_id, amount, description: `投保单 ${row.proposal_no} 保费（含加费 ${fen(row.extra_premium)}）`, createdBy: ctx.actor.userId },
          now,
        );
        return { set: { receivable_id: receivableId }, details: { receivableId, amount, extraPremium: fen(row.extra_premium) } };
      });
      return detail(ctx, id);
    },

    async rejectConditions(ctx: RequestContext, id: string, reason: string | null): Promise<ProposalDetail> {
      await transition(ctx, id, 'reject-conditions', async () => ({ details: { reason }, note: reason }));
      return detail(ctx, id);
    },

    /** 核保通过 without a receivable (not raised automatically): raise it now. */
    async requestPayment(ctx: RequestContext, id: string): Promise<ProposalDetail> {
      await db.transaction().execute(async (trx) => {
        const row = await load(trx, ctx, P.proposalCollect, id, true);
        const t = nextProposalState(row.state as ProposalState, 'request-payment');
        if (!t.ok) throw E.transition(t);
        if (row.receivable_id) throw E.receivableRaised(row.state as ProposalState);
        const queues = stepQueues();
        const now = clock.now();
        const paid = await requestPayment({ trx, row, now, audit: queues.audit, event: queues.event }, ctx, row, false);
        await trx.updateTable('proposal').set({ ...paid.set, version: row.version + 1, updated_at: now }).where('id', '=', id).execute();
        await queues.flush(trx, ctx, now);
      });
      return detail(ctx, id);
    },

    /** 登记收费: one receipt against the premium receivable; partial receipts accumulate. */
    async recordPayment(ctx: RequestContext, id: string, input: PaymentInput): Promise<ProposalDetail> {
      const amount = money(input.amount);
      if (!amount || amount.isZero() || !/^\d{1,14}(\.\d{1,2})?$/.test(input.amount)) throw E.amountInvalid();
      const reference = input.reference?.trim() || null;
      if (input.method !== 'CASH' && !reference) throw E.referenceRequired();
      if (input.receivedOn > today()) throw E.receivedOnInvalid(today());
      await transition(ctx, id, 'record-payment', async ({ trx, row, now }) => {
        const before = row.receivable_id ? await billing.balance(trx, row.receivable_id) : null;
        const context = { premium: fen(dueOf(row)), received: before?.received ?? '0', amount: fen(amount) };
        const g = nextProposalState(row.state as ProposalState, 'record-payment', context);
        if (!g.ok) throw E.transition(g);
        if (!row.receivable_id) throw E.noReceivable(row.state as ProposalState);
        const after = await billing.record(trx, row.receivable_id, { amount: fen(amount), method: input.method, reference, receivedOn: input.receivedOn, recordedBy: ctx.actor.userId }, now);
        return { context, details: { amount: fen(amount), method: input.method, reference, receivedOn: input.receivedOn, received: after.received, outstanding: after.outstanding } };
      });
      return detail(ctx, id);
    },

    /** 出单: the policy, numbered last in the transaction, and the `policy.issued` outbox event. */
    async issue(ctx: RequestContext, id: string, body: { receiptDate?: string }): Promise<{ proposal: ProposalDetail; policyId: string }> {
      let policyId = '';
      await transition(ctx, id, 'issue', async ({ trx, row, now }) => {
        const coll = row.receivable_id ? await billing.balance(trx, row.receivable_id) : null;
        const context = { premium: fen(dueOf(row)), received: coll?.received ?? '0' };
        const g = nextProposalState(row.state as ProposalState, 'issue', context);
        if (!g.ok) throw E.transition(g);
        const date = shanghaiDate(now);
        const start = row.start_date!;
        if (start < date) throw E.startDatePassed(start, date);
        const receiptDate = body.receiptDate ?? date;
        if (receiptDate > date) throw E.receiptDateInvalid(`不能晚于今天（${date}）`);
        if (receiptDate < shanghaiDate(new Date(row.created_at))) throw E.receiptDateInvalid('不能早于投保日期');

        const line = row.line as ProductLine;
        const data = row.data as ProposalData;
        const v = await fixedVersion(trx, row.product_version_id);
        const years = coverageYears(line, data);
        const period = years === null ? null : policyPeriod(start, years);
        if (period && !period.ok) throw new AppError('unprocessable', period.code, period.message, { field: period.field });
        const days = coolingOffDaysFor(v.definition, row.channel as Channel) ?? 0;
        const withReceipt = PERSONAL_LINES.includes(line) || days > 0;
        const coolingOff = withReceipt ? coolingOffEndDate(receiptDate, days) : null;
        const coolingOffEnd = coolingOff?.ok ? coolingOff.value : null;
        const endDate = period?.ok ? period.value.endDate : null;
        const premium = fen(row.premium!);
        const coverages = coveragesOf(v.definition, data, row.quote as ProductQuote, premium);
        const partyIds = [row.policyholder_id!, row.insured_id!, ...(data.beneficiaries ?? []).map((b) => b.partyId)];
        const names = await partiesOf(trx, partyIds);
        policyId = uuidv7(now.getTime());

        // Numbered last: the counter row stays locked until commit.
        const policyNo = await allocatePolicyNumber(trx, row.org_code, v.code, now);
        await trx
          .insertInto('policy')
          .values({
            id: policyId, policy_no: policyNo, proposal_id: row.id, org_id: row.org_id, product_id: row.product_id, product_version_id: row.product_version_id, line, channel: row.channel,
            state: 'IN_FORCE', policyholder_id: row.policyholder_id!, insured_id: row.insured_id!, plate_no: row.plate_no, vin: row.vin, sum_assured: row.sum_assured, premium,
            extra_premium: fen(row.extra_premium), payment_mode: data.paymentMode ?? 'SINGLE', payment_term: data.paymentMode === 'SINGLE' ? 1 : (data.paymentTerm ?? null), coverage_term: years,
            start_date: start, end_date: endDate, starts_at: shanghaiStartOfDay(start), ends_at: period?.ok ? period.value.endsAt : null,
            receipt_date: withReceipt ? receiptDate : null, cooling_off_end: coolingOffEnd, paid_to_date: paidToDate(line, data, start),
            coverages: JSON.stringify(coverages), data: JSON.stringify(data), issued_at: now, issued_by: ctx.actor.userId, created_at: now, updated_at: now,
          })
          .execute();
        const parties = [
          { role: 'POLICYHOLDER', partyId: row.policyholder_id!, name: names.get(row.policyholder_id!)?.name ?? '' },
          { role: 'INSURED', partyId: row.insured_id!, name: names.get(row.insured_id!)?.name ?? '' },
          ...(data.beneficiaries ?? []).map((b) => ({ role: 'BENEFICIARY', partyId: b.partyId, name: names.get(b.partyId)?.name ?? '' })),
        ];
        await publishEvent(
          trx,
          {
            type: 'policy.issued',
            aggregateType: 'policy',
            aggregateId: policyId,
            payload: {
              policyId, policyNo, proposalId: row.id, proposalNo: row.proposal_no, orgId: row.org_id,
              product: { code: v.code, name: v.name, line, versionNo: v.version_no },
              parties,
              dates: { issuedAt: iso(now), startDate: start, endDate, receiptDate: withReceipt ? receiptDate : null, coolingOffEnd },
              premium, extraPremium: fen(row.extra_premium),
              documents: [{ kind: 'POLICY_SCHEDULE', href: `/api/v1/policies/${policyId}/schedule.pdf` }],
              // DOMAIN.md §6: 5 years after the end for cover of one year or less, else 10.
              retention: { years: years !== null && years <= 1 ? 5 : 10, basis: 'DOMAIN.md §6 records' },
            },
          },
          now,
        );
        return {
          context,
          set: { policy_id: policyId },
          policyId,
          details: { policyId, policyNo, premium, startDate: start, endDate, receiptDate: withReceipt ? receiptDate : null, coolingOffEnd },
        };
      });
      return { proposal: await detail(ctx, id), policyId };
    },

    /** 撤回 (reason required); refused while money is recorded; the open receivable is cancelled. */
    async withdraw(ctx: RequestContext, id: string, reasonIn: string): Promise<ProposalDetail> {
      const reason = reasonIn.trim();
      if (!reason) throw E.reasonRequired();
      await transition(ctx, id, 'withdraw', async ({ trx, row, now }) => {
        const coll = row.receivable_id ? await billing.balance(trx, row.receivable_id) : null;
        const context = { received: coll?.received ?? '0' };
        const g = nextProposalState(row.state as ProposalState, 'withdraw', context);
        if (!g.ok) throw E.transition(g);
        if (row.receivable_id) await billing.cancel(trx, row.receivable_id, now);
        return { context, details: { reason }, note: reason };
      });
      return detail(ctx, id);
    },

    // ---- lists

    list(ctx: RequestContext, q: ProposalListQueryT) {
      return page(filtered(ctx, P.proposalRead, q), q, '-updatedAt');
    },

    /** Every matching row (capped), in one query; audited. */
    async exportRows(ctx: RequestContext, q: ProposalListQueryT): Promise<ProposalSummary[]> {
      requirePermission(ctx.actor, P.proposalExport);
      const sort = q.sort ?? '-updatedAt';
      const col = SORTS[sort.replace('-', '') as keyof typeof SORTS];
      const dir = sort.startsWith('-') ? ('desc' as const) : ('asc' as const);
      const rows = (await filtered(ctx, P.proposalRead, q).select(summaryColumns).orderBy(col, dir).orderBy('p.id', dir).limit(EXPORT_CAP).execute()) as SummaryRow[];
      const { cursor: _c, page: _p, pageSize: _s, ...filters } = q;
      await writeAudit(db, auditActorOf(ctx), { action: 'proposal.export', objectType: 'proposal', details: { filters, rows: rows.length } }, clock.now());
      return rows.map(toSummary);
    },

    /** 核保队列: referred proposals in scope whose sum assured the caller's authority covers, oldest first. */
    queue(ctx: RequestContext, q: QueueQueryT) {
      const query = filtered(ctx, P.proposalUnderwrite, { q: q.q, productLine: q.line, referred: true }).where(({ exists, selectFrom }) =>
        exists(
          selectFrom('underwriting_authority as ua')
            .select(sql`1`.as('x'))
            .where('ua.user_id', '=', ctx.actor.userId)
            .whereRef('ua.line', '=', 'p.line')
            .where(sql<SqlBool>`(p.sum_assured is null or p.sum_assured <= ua.max_sum_assured)`),
        ),
      );
      return page(query, q, 'updatedAt');
    },
  };
  return service;
}

export type ProposalService = ReturnType<typeof createProposalService>;
