// The policy read side: detail (by id or number), search with keyset paging, export, a customer's
// policies, and the printed schedule. Every read needs policy:read and stays inside the caller's
// data scope by the policy's org (outside it: 404). Other policy services lock a policy for a
// change through `loadForUpdate`.
import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import { PERSON_ID_TYPES } from '../../../contracts/party';
import {
  BENEFICIARY_RELATIONS,
  INSURED_RELATIONS,
  type BeneficiaryInput,
  type EndorsementItem,
  type EndorsementSummary,
  type PartyBrief,
  type PolicyCoverage,
  type PolicyDetail,
  type PolicyState,
  type PolicySummary,
  type ProposalData,
} from '../../../contracts/policy';
import { CHANNELS, PAYMENT_MODES, PRODUCT_LINES, type Channel, type PaymentMode, type ProductLine } from '../../../contracts/product';
import type { Page } from '../../../contracts/system';
import type { DataScope, DB } from '../../db/types';
import type { PolicyTable } from '../../db/types.policy';
import { can, likeContains, likePrefix, requirePermission, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { shanghaiDate } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { afterCursor, decodeCursor, encodeCursor, type Cursor } from '../../platform/paging';
import { partyErrors } from '../party/errors';
import { classifySearch, ID_SEARCH_DOMAIN, PHONE_DOMAIN, type SearchTerm } from '../party/rules';
import { COUNT_CAP, EXPORT_CAP, SEARCH_COUNT_CAP } from '../party/service';
import type { PolicyDeps } from './deps';
import { parsePolicyNumber } from './numbering.rules';
import { P } from './permissions';
import { policyErrors } from './policy.errors';
import type { PolicyListQueryT } from './policy.schemas';
import { renderSchedule, type ScheduleData } from './schedule.pdf';
import { endorsementItemsFor } from './servicing.rules';
import { timelineOf } from './timeline';
import { normalizeVehicleId, PLATE_PROVINCES } from './vin.rules';

type Executor = Kysely<DB> | Transaction<DB>;
export type PolicyRow = Selectable<PolicyTable>;

// ---------------------------------------------------------------- the search box

/**
 * What a policy search term is: a whole policy number (checked: a typo in it answers 422), the start
 * of one ('P-…'), a plate, a VIN, or — through the customer search's own classification — an ID
 * number or credit code, a mobile, pinyin initials or part of a name of the policyholder or insured.
 */
export type PolicySearch =
  | { kind: 'number' | 'prefix' | 'plate' | 'vin'; value: string }
  | { kind: 'party'; term: SearchTerm };

// Loose on purpose (older and special plates are still found): province, letter, 4–6 more, suffix.
const PLATE = new RegExp(`^[${PLATE_PROVINCES}使领][A-Z][A-Z0-9]{4,6}[挂学警港澳]?$`);
const VIN = /^(?=.*\d)(?=.*[A-Z])[0-9A-HJ-NPR-Z]{17}$/;

export function classifyPolicySearch(q: string): PolicySearch | undefined {
  const t = q.normalize('NFKC').trim();
  if (!t) return undefined;
  const upper = t.replace(/\s+/g, '').toUpperCase();
  if (upper.startsWith('P-')) {
    const n = parsePolicyNumber(upper);
    if (n.ok) return { kind: 'number', value: n.value.number };
    if (n.code === 'POLICY_NUMBER_CHECK') throw policyErrors.numberCheck(n.message);
    return { kind: 'prefix', value: upper };
  }
  const vehicle = normalizeVehicleId(t);
  if (PLATE.test(vehicle)) return { kind: 'plate', value: vehicle };
  if (VIN.test(vehicle)) return { kind: 'vin', value: vehicle };
  const term = classifySearch(t);
  return term ? { kind: 'party', term } : undefined;
}

const isNameSearch = (s: PolicySearch | undefined) => s?.kind === 'party' && (s.term.kind === 'name' || s.term.kind === 'letters');

// ---------------------------------------------------------------- rows → answers

const summaryColumns = [
  'p.id', 'p.policy_no', 'p.state', 'p.product_id', 'pr.code as product_code', 'pr.name as product_name', 'p.line', 'p.product_version_id', 'v.version_no',
  'p.channel', 'p.org_id', 'o.name as org_name', 'p.policyholder_id', 'h.name as holder_name', 'p.insured_id', 'i.name as insured_name',
  'p.plate_no', 'p.sum_assured', 'p.premium', 'p.start_date', 'p.end_date', 'p.issued_at',
] as const;
type SummaryRow = {
  id: string; policy_no: string; state: string; product_id: string; product_code: string; product_name: string; line: string; product_version_id: string; version_no: number;
  channel: string; org_id: string; org_name: string; policyholder_id: string; holder_name: string; insured_id: string; insured_name: string;
  plate_no: string | null; sum_assured: string | null; premium: string; start_date: string; end_date: string | null; issued_at: Date;
};

function toSummary(r: SummaryRow): PolicySummary {
  return {
    id: r.id, policyNo: r.policy_no, state: r.state as PolicyState,
    product: { id: r.product_id, code: r.product_code, name: r.product_name, line: r.line as ProductLine, versionId: r.product_version_id, versionNo: r.version_no },
    channel: r.channel as Channel, org: { id: r.org_id, name: r.org_name },
    policyholder: { id: r.policyholder_id, name: r.holder_name }, insured: { id: r.insured_id, name: r.insured_name },
    plateNo: r.plate_no, sumAssured: r.sum_assured, premium: r.premium, startDate: r.start_date, endDate: r.end_date, issuedAt: r.issued_at.toISOString(),
  };
}

type PartyBriefRow = { id: string; party_no: string; name: string; kind: string; id_type: string; id_number_masked: string; birth_date: string | null; sex: string | null };
const toPartyBrief = (r: PartyBriefRow): PartyBrief => ({
  id: r.id, partyNo: r.party_no, name: r.name, kind: r.kind as PartyBrief['kind'], idType: r.id_type, idNumberMasked: r.id_number_masked, birthDate: r.birth_date, sex: r.sex,
});

const LIFE_LINES: readonly string[] = ['TERM_LIFE', 'WHOLE_LIFE', 'ENDOWMENT', 'ANNUITY', 'HEALTH', 'ACCIDENT'];

// ---------------------------------------------------------------- the service

export function createPolicyQueryService(deps: PolicyDeps) {
  const { db, clock, pii } = deps;
  const today = () => shanghaiDate(clock.now());

  /** The scope predicate on `policy as p` joined with `org as o` (`self`: policies of proposals the user registered). */
  const inScope = (actor: Actor, scope: DataScope): Expression<SqlBool> =>
    scopePredicate(actor, scope, { orgPath: sql.ref<string>('o.path'), orgId: sql.ref<string>('p.org_id'), ownerId: sql<string>`(select registered_by from proposal where id = p.proposal_id)` });

  // ---- search

  /** The parties a customer term finds, as a one-column subquery (`party_id`), by index only where the customer search can. */
  function partiesOf(term: SearchTerm) {
    const key = (gram: string) => db.selectFrom('party_name_key').select('party_id').where('gram', '=', gram);
    const hashed = (column: 'id_search_hash' | 'phone_hash', domain: string, value: string) => {
      if (!pii) throw policyErrors.noPii();
      return db.selectFrom('party').select('id as party_id').where(column, '=', pii.hash(domain, value));
    };
    // The GIN path of the customer search: every pair of characters, then the whole term.
    const grams = (t: { grams: string[]; contains: string }) => {
      let q = db.selectFrom('party').select('id as party_id').where(sql<SqlBool>`name_grams @> ${t.grams}::text[]`);
      if ([...t.contains].length > 2) q = q.where(sql<SqlBool>`lower(name) like ${likeContains(t.contains)}`);
      return q;
    };
    switch (term.kind) {
      case 'id':
        return hashed('id_search_hash', ID_SEARCH_DOMAIN, term.normalized);
      case 'phone':
        return hashed('phone_hash', PHONE_DOMAIN, term.normalized);
      case 'letters':
        // Pinyin initials from the key table; a Latin name (john) through the name itself.
        if (term.initials.length >= 2 && term.initials.length <= 8) return key(`py:${term.initials}`).union(grams(term));
        return db.selectFrom('party').select('id as party_id').where((eb) => eb.or([eb('name_initials', 'like', likePrefix(term.initials)), sql<SqlBool>`(name_grams @> ${term.grams}::text[] and lower(name) like ${likeContains(term.contains)})`]));
      case 'name':
        return term.grams.length === 1 && [...term.contains].length <= 2 ? key(term.grams[0]!) : grams(term);
    }
  }

  /**
   * The filtered policies as one or two branches whose rows never overlap: a customer term finds
   * the policies it holds (policyholder_idx) and, separately, those it is only insured on
   * (insured_idx). Two plain semi-joins let PostgreSQL either walk the ordered index and probe the
   * (small) party set, or start from the parties — an OR of the two would allow neither.
   */
  async function branches(actor: Actor, scope: DataScope, q: PolicyListQueryT, search: PolicySearch | undefined) {
    let base = db.selectFrom('policy as p').leftJoin('org as o', 'o.id', 'p.org_id').where(inScope(actor, scope));
    if (q.state?.length) base = base.where('p.state', 'in', q.state);
    if (q.productLine) base = base.where('p.line', '=', q.productLine);
    if (q.productId) base = base.where('p.product_id', '=', q.productId);
    if (q.orgId) {
      if (q.subOrgs === false) base = base.where('p.org_id', '=', q.orgId);
      else {
        const org = await db.selectFrom('org').select('path').where('id', '=', q.orgId).executeTakeFirst();
        base = base.where('o.path', 'like', org ? likePrefix(org.path) : '');
      }
    }
    if (q.startFrom) base = base.where('p.start_date', '>=', q.startFrom);
    if (q.startTo) base = base.where('p.start_date', '<=', q.startTo);
    if (q.endFrom) base = base.where('p.end_date', '>=', q.endFrom);
    if (q.endTo) base = base.where('p.end_date', '<=', q.endTo);
    switch (search?.kind) {
      case undefined:
        return [base];
      case 'number':
        return [base.where('p.policy_no', '=', search.value)];
      case 'prefix':
        return [base.where('p.policy_no', 'like', likePrefix(search.value))];
      case 'plate':
        return [base.where('p.plate_no', '=', search.value)];
      case 'vin':
        return [base.where('p.vin', '=', search.value)];
      case 'party': {
        const parties = () => partiesOf(search.term);
        return [
          base.where('p.policyholder_id', 'in', parties()),
          base.where('p.insured_id', 'in', parties()).where('p.policyholder_id', 'not in', parties()),
        ];
      }
    }
  }
  type Branch = Awaited<ReturnType<typeof branches>>[number];

  function sortOf(q: PolicyListQueryT) {
    const sort = q.sort ?? '-issuedAt';
    return { byNumber: sort.endsWith('policyNo'), dir: sort.startsWith('-') ? ('desc' as const) : ('asc' as const) };
  }

  /** Ids (and sort values) of one page: each branch ordered and limited, then merged. */
  function pageIds(list: Branch[], q: PolicyListQueryT, opts: { limit: number; offset: number; cursor?: Cursor }) {
    const { byNumber, dir } = sortOf(q);
    const one = (b: Branch, limit: number) => {
      // policy_no is unique: it orders alone (policy_no_key); issue instants tie, so the id breaks ties.
      let s = byNumber
        ? b.select(['p.id', 'p.policy_no as sort_no', 'p.issued_at as sort_at']).orderBy('p.policy_no', dir)
        : b.select(['p.id', 'p.policy_no as sort_no', 'p.issued_at as sort_at']).orderBy('p.issued_at', dir).orderBy('p.id', dir);
      const c = opts.cursor;
      if (c) s = byNumber ? s.where('p.policy_no', dir === 'asc' ? '>' : '<', String(c.v)) : s.where(afterCursor(sql.ref('p.issued_at'), sql.ref('p.id'), dir, c));
      return s.limit(limit);
    };
    if (list.length === 1) return one(list[0]!, opts.limit).offset(opts.offset);
    const n = opts.limit + opts.offset;
    const merged = db.selectFrom(one(list[0]!, n).as('a')).selectAll().unionAll(db.selectFrom(one(list[1]!, n).as('b')).selectAll());
    const u = db.selectFrom(merged.as('u')).selectAll();
    return (byNumber ? u.orderBy('u.sort_no', dir) : u.orderBy('u.sort_at', dir).orderBy('u.id', dir)).limit(opts.limit).offset(opts.offset);
  }

  /** The summaries of a page of ids, in page order. */
  async function summariesOf(page: ReturnType<typeof pageIds>, q: PolicyListQueryT): Promise<SummaryRow[]> {
    const { byNumber, dir } = sortOf(q);
    const rows = db
      .selectFrom(page.as('pg'))
      .innerJoin('policy as p', 'p.id', 'pg.id')
      .innerJoin('org as o', 'o.id', 'p.org_id')
      .innerJoin('product as pr', 'pr.id', 'p.product_id')
      .innerJoin('product_version as v', 'v.id', 'p.product_version_id')
      .innerJoin('party as h', 'h.id', 'p.policyholder_id')
      .innerJoin('party as i', 'i.id', 'p.insured_id')
      .select(summaryColumns);
    return (await (byNumber ? rows.orderBy('pg.sort_no', dir) : rows.orderBy('pg.sort_at', dir).orderBy('pg.id', dir)).execute()) as SummaryRow[];
  }

  /** Matches counted up to `cap + 1` per branch (a count that stops early, through the same indexes). */
  async function countOf(list: Branch[], cap: number): Promise<number> {
    const counts = await Promise.all(
      list.map((b) => db.selectFrom(b.select(sql<number>`1`.as('x')).limit(cap + 1).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()),
    );
    return counts.reduce((s, c) => s + Number(c.n), 0);
  }

  // ---- detail

  /** The policy with what its detail and schedule print need, inside the caller's scope for `permission`. */
  async function loadDetailRow(actor: Actor, by: { id: string } | { policyNo: string }) {
    const scope = requirePermission(actor, P.policyRead);
    let q = db
      .selectFrom('policy as p')
      .innerJoin('org as o', 'o.id', 'p.org_id')
      .innerJoin('product as pr', 'pr.id', 'p.product_id')
      .innerJoin('product_version as v', 'v.id', 'p.product_version_id')
      .innerJoin('proposal as pp', 'pp.id', 'p.proposal_id')
      .innerJoin('app_user as u', 'u.id', 'p.issued_by')
      .selectAll('p')
      .select(['o.name as org_name', 'pr.code as product_code', 'pr.name as product_name', 'v.version_no', sql<string | null>`v.definition->>'filingNo'`.as('filing_no'),
        'pp.proposal_no', 'pp.uw_conditions', 'u.username as issuer_username', 'u.name as issuer_name'])
      .where(inScope(actor, scope));
    q = 'id' in by ? q.where('p.id', '=', by.id) : q.where('p.policy_no', '=', by.policyNo);
    const row = await q.executeTakeFirst();
    if (!row) throw policyErrors.notFound();
    return row;
  }
  type DetailRow = Awaited<ReturnType<typeof loadDetailRow>>;

  async function partyBriefs(ids: string[]): Promise<Map<string, PartyBrief>> {
    const rows = await db.selectFrom('party').select(['id', 'party_no', 'name', 'kind', 'id_type', 'id_number_masked', 'birth_date', 'sex']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((r) => [r.id, toPartyBrief(r)]));
  }

  async function endorsementsOf(policyId: string, policyNo: string): Promise<EndorsementSummary[]> {
    const rows = await db
      .selectFrom('endorsement as e')
      .innerJoin('app_user as ru', 'ru.id', 'e.requested_by')
      .leftJoin('app_user as du', 'du.id', 'e.decided_by')
      .select(['e.id', 'e.endorsement_no', 'e.item', 'e.state', 'e.effective_date', 'e.amount', 'e.direction', 'e.requested_at', 'e.decided_at', 'e.decision_note',
        'ru.id as r_id', 'ru.username as r_username', 'ru.name as r_name', 'du.id as d_id', 'du.username as d_username', 'du.name as d_name'])
      .where('e.policy_id', '=', policyId)
      .orderBy('e.requested_at', 'desc')
      .orderBy('e.id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id, endorsementNo: r.endorsement_no, policyId, policyNo, item: r.item as EndorsementItem, state: r.state, effectiveDate: r.effective_date, amount: r.amount, direction: r.direction,
      requestedBy: { id: r.r_id, username: r.r_username, name: r.r_name }, requestedAt: r.requested_at.toISOString(),
      decidedBy: r.d_id ? { id: r.d_id, username: r.d_username!, name: r.d_name! } : null, decidedAt: r.decided_at ? r.decided_at.toISOString() : null, decisionNote: r.decision_note,
    }));
  }

  const beneficiariesOf = (data: ProposalData): BeneficiaryInput[] => data.beneficiaries ?? [];

  async function detailOf(ctx: RequestContext, r: DetailRow): Promise<PolicyDetail> {
    const data = r.data as ProposalData;
    const beneficiaries = beneficiariesOf(data);
    const [parties, endorsements, timeline] = await Promise.all([
      partyBriefs([r.policyholder_id, r.insured_id, ...beneficiaries.map((b) => b.partyId)]),
      endorsementsOf(r.id, r.policy_no),
      timelineOf(db, r.proposal_id, ctx.lang),
    ]);
    const endorsementItems = can(ctx.actor, P.endorsementRequest)
      ? endorsementItemsFor({ state: r.state, line: r.line, coolingOffEnd: r.cooling_off_end, sumAssured: r.sum_assured }, today())
      : [];
    return {
      ...toSummary({ ...r, holder_name: parties.get(r.policyholder_id)!.name, insured_name: parties.get(r.insured_id)!.name }),
      version: r.version,
      proposal: { id: r.proposal_id, proposalNo: r.proposal_no },
      policyholderParty: parties.get(r.policyholder_id)!,
      insuredParty: parties.get(r.insured_id)!,
      beneficiaries: beneficiaries.filter((b) => parties.has(b.partyId)).map((b) => ({ partyId: b.partyId, relation: b.relation, order: b.order, sharePercent: b.sharePercent, party: parties.get(b.partyId)! })),
      extraPremium: r.extra_premium,
      paymentMode: r.payment_mode as PaymentMode,
      paymentTerm: r.payment_term,
      coverageTerm: r.coverage_term,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at ? r.ends_at.toISOString() : null,
      receiptDate: r.receipt_date,
      coolingOffEnd: r.cooling_off_end,
      paidToDate: r.paid_to_date,
      coverages: r.coverages as PolicyCoverage[],
      data,
      documentVersion: r.document_version,
      issuedBy: { id: r.issued_by, username: r.issuer_username, name: r.issuer_name },
      endedOn: r.ended_on,
      documents: [{ kind: 'POLICY_SCHEDULE', name: `保险单（第${r.document_version}版）.pdf`, href: `/api/v1/policies/${r.id}/schedule.pdf` }],
      endorsementItems,
      endorsements,
      timeline,
    };
  }

  async function list(ctx: RequestContext, q: PolicyListQueryT): Promise<Page<PolicySummary>> {
    const scope = requirePermission(ctx.actor, P.policyRead);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (!cursor && (page - 1) * pageSize >= COUNT_CAP) throw partyErrors.pageTooDeep(COUNT_CAP);
    const search = q.q ? classifyPolicySearch(q.q) : undefined;
    const countCap = isNameSearch(search) ? SEARCH_COUNT_CAP : COUNT_CAP;
    const list = await branches(ctx.actor, scope, q, search);
    const offset = cursor ? 0 : (page - 1) * pageSize;
    const rows = await summariesOf(pageIds(list, q, { limit: pageSize + 1, offset, cursor }), q);
    const more = rows.length > pageSize;
    // A short page tells the total (every exact number, ID or plate lookup): no count query.
    const n = !more && !cursor && (rows.length > 0 || offset === 0) ? offset + rows.length : await countOf(list, countCap);
    const items = rows.slice(0, pageSize);
    const last = items[items.length - 1];
    const { byNumber } = sortOf(q);
    const nextCursor = more && last ? encodeCursor({ v: byNumber ? last.policy_no : last.issued_at.toISOString(), id: last.id }) : null;
    return { items: items.map(toSummary), total: Math.min(n, countCap), totalCapped: n > countCap, page, pageSize, nextCursor };
  }

  return {
    list,

    /** PolicyDetail; 404 outside the caller's scope. */
    async get(ctx: RequestContext, id: string): Promise<PolicyDetail> {
      return detailOf(ctx, await loadDetailRow(ctx.actor, { id }));
    },

    /** The same, by policy number as typed (spaces and lower case forgiven). */
    async getByNumber(ctx: RequestContext, policyNo: string): Promise<PolicyDetail> {
      return detailOf(ctx, await loadDetailRow(ctx.actor, { policyNo: policyNo.trim().toUpperCase() }));
    },

    /** Every matching row of the search (capped at EXPORT_CAP), in one query per branch; audited. */
    async exportRows(ctx: RequestContext, q: PolicyListQueryT): Promise<PolicySummary[]> {
      const scope = requirePermission(ctx.actor, P.policyExport);
      const search = q.q ? classifyPolicySearch(q.q) : undefined;
      const rows = await summariesOf(pageIds(await branches(ctx.actor, scope, q, search), q, { limit: EXPORT_CAP, offset: 0 }), q);
      const { cursor: _c, page: _p, pageSize: _s, ...filters } = q;
      await writeAudit(db, auditActorOf(ctx), { action: 'policy.export', objectType: 'policy', details: { filters, rows: rows.length } }, clock.now());
      return rows.map(toSummary);
    },

    /** A customer's policies (policyholder, insured or beneficiary), newest first, inside the caller's scope. */
    async ofParty(ctx: RequestContext, partyId: string): Promise<PolicySummary[]> {
      const scope = requirePermission(ctx.actor, P.policyRead);
      const party = await db.selectFrom('party').select('id').where('id', '=', partyId).executeTakeFirst();
      if (!party) throw partyErrors.notFound();
      const ids = db
        .selectFrom('policy as p')
        .leftJoin('org as o', 'o.id', 'p.org_id')
        .where('p.proposal_id', 'in', db.selectFrom('proposal_party').select('proposal_id').where('party_id', '=', partyId))
        .where(inScope(ctx.actor, scope))
        .select(['p.id', 'p.policy_no as sort_no', 'p.issued_at as sort_at'])
        .orderBy('p.issued_at', 'desc')
        .orderBy('p.id', 'desc')
        .limit(EXPORT_CAP);
      return (await summariesOf(ids, {})).map(toSummary);
    },

    /** The printed schedule (保险单) as a PDF; audited 'policy.print'. */
    async schedulePdf(ctx: RequestContext, id: string): Promise<{ fileName: string; body: Buffer }> {
      const r = await loadDetailRow(ctx.actor, { id });
      const data = r.data as ProposalData;
      const beneficiaries = beneficiariesOf(data);
      const [parties, company] = await Promise.all([
        partyBriefs([r.policyholder_id, r.insured_id, ...beneficiaries.map((b) => b.partyId)]),
        db.selectFrom('org').select('name').where('parent_id', 'is', null).executeTakeFirst(),
      ]);
      const idLabel = (p: PartyBrief) => (p.kind === 'ORGANIZATION' ? '统一社会信用代码' : (PERSON_ID_TYPES[p.idType as keyof typeof PERSON_ID_TYPES]?.zh ?? p.idType));
      const printed = (p: PartyBrief) => ({ name: p.name, idTypeLabel: idLabel(p), idNumberMasked: p.idNumberMasked });
      const holder = parties.get(r.policyholder_id)!;
      const insured = parties.get(r.insured_id)!;
      const vehicle = data.motor?.vehicle;
      const schedule: ScheduleData = {
        companyName: company?.name ?? '',
        orgName: r.org_name,
        policyNo: r.policy_no,
        documentVersion: r.document_version,
        productName: r.product_name,
        lineLabel: PRODUCT_LINES[r.line as ProductLine]?.zh ?? r.line,
        filingNo: r.filing_no,
        channelLabel: CHANNELS[r.channel as Channel]?.zh ?? r.channel,
        policyholder: printed(holder),
        insured: { ...printed(insured), relationLabel: data.insuredRelation ? INSURED_RELATIONS[data.insuredRelation].zh : null },
        beneficiaries: LIFE_LINES.includes(r.line)
          ? beneficiaries.map((b) => ({ name: parties.get(b.partyId)?.name ?? '', relationLabel: BENEFICIARY_RELATIONS[b.relation]?.zh ?? b.relation, order: b.order, sharePercent: b.sharePercent }))
          : null,
        vehicle: vehicle || r.plate_no || r.vin ? { plateNo: r.plate_no, vin: r.vin, brandModel: vehicle?.brandModel ?? null, engineNo: vehicle?.engineNo ?? null } : null,
        startDate: r.start_date,
        endDate: r.end_date,
        sumAssured: r.sum_assured,
        coverages: (r.coverages as PolicyCoverage[]).map((c) => ({ name: c.name, limit: c.sumInsured ?? c.limit, deductible: c.deductible, premium: c.premium })),
        premium: r.premium,
        extraPremium: r.extra_premium,
        paymentModeLabel: PAYMENT_MODES[r.payment_mode as PaymentMode]?.zh ?? r.payment_mode,
        single: r.payment_mode === 'SINGLE',
        paymentTerm: r.payment_term,
        coolingOffEnd: r.cooling_off_end,
        specialConditions: r.uw_conditions,
        issuedAt: r.issued_at,
      };
      const body = await renderSchedule(schedule);
      await writeAudit(db, auditActorOf(ctx), { action: 'policy.print', objectType: 'policy', objectId: r.id, details: { policyNo: r.policy_no, documentVersion: r.document_version } }, clock.now());
      return { fileName: `保险单（第${r.document_version}版）${r.policy_no}.pdf`, body };
    },

    /**
     * For the other policy services (servicing, renewal, jobs): the policy row locked FOR UPDATE
     * until the transaction ends, so concurrent changes to one policy run one after the other.
     * With `access`, a user's request: it needs `access.permission` (default policy:read) and a
     * policy outside that permission's data scope answers 404 POLICY_NOT_FOUND, like every read.
     * Without `access` (system jobs only) there is no scope check. Unknown id: 404 either way.
     */
    async loadForUpdate(trx: Transaction<DB>, id: string, access?: { ctx: RequestContext; permission?: string }): Promise<PolicyRow> {
      let q = trx.selectFrom('policy as p').innerJoin('org as o', 'o.id', 'p.org_id').selectAll('p').where('p.id', '=', id);
      if (access) q = q.where(inScope(access.ctx.actor, requirePermission(access.ctx.actor, access.permission ?? P.policyRead)));
      const row = await q.forUpdate('p').executeTakeFirst();
      if (!row) throw policyErrors.notFound();
      return row;
    },
  };
}

export type PolicyQueryService = ReturnType<typeof createPolicyQueryService>;
