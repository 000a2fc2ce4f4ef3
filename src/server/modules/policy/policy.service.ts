// The policy read side: detail (by id or number), search with keyset paging, export, a customer's
// policies, and the printed schedule. Every read needs policy:read and stays inside the caller's
// data scope by the policy's org (outside it: 404). Other policy services lock a policy for a
// change through `loadForUpdate`.
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool, type Transaction } from 'kysely';
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
import { findPolicy, type PolicyRow } from './policy.rows';
import { PERSONAL_LINES } from './underwriting.rules';
import { normalizeVehicleId, PLATE_PROVINCES } from './vin.rules';


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

// ---------------------------------------------------------------- the service

export function createPolicyQueryService(deps: PolicyDeps) {
  const { db, clock, pii } = deps;
  const today = () => shanghaiDate(clock.now());

  /** The scope predicate on `policy as p` joined with `org as o` (`self`: policies of proposals the user registered). */
  const inScope = (actor: Actor, scope: DataScope): Expression<SqlBool> =>
    scopePredicate(actor, scope, { orgPath: sql.ref<string>('o.path'), orgId: sql.ref<string>('p.org_id'), ownerId: sql<string>`(select registered_by from proposal where id = p.proposal_id)` });

  // ---- search

  /** A set of customers: as a subquery of ids, and as a probe "is one of these parties in it" (by primary key). */
  type PartyIds = SelectQueryBuilder<DB & { x: DB['party'] }, 'x', { party_id: string }>;
  interface PartySet {
    ids(): PartyIds;
    has(parties: Expression<string>[]): Expression<SqlBool>;
  }
  // `= any(array[…])` for two columns is one index scan; for one, plain `=` (an anti-join on `any` loops over every key).
  const isOneOf = (column: string, parties: Expression<string>[]) =>
    parties.length === 1 ? sql<SqlBool>`${sql.ref(column)} = ${parties[0]!}` : sql<SqlBool>`${sql.ref(column)} = any(array[${sql.join(parties)}])`;
  const keySet = (gram: string): PartySet => ({
    ids: () => db.selectFrom('party_name_key as x').select('x.party_id').where('x.gram', '=', gram) as unknown as PartyIds,
    has: (parties) => sql<SqlBool>`exists (select 1 from party_name_key k where k.gram = ${gram} and ${isOneOf('k.party_id', parties)})`,
  });
  const rowSet = (cond: Expression<SqlBool>): PartySet => ({
    ids: () => db.selectFrom('party as x').select('x.id as party_id').where(cond),
    has: (parties) => sql<SqlBool>`exists (select 1 from party x where ${isOneOf('x.id', parties)} and ${cond})`,
  });
  const eitherSet = (a: PartySet, b: PartySet): PartySet => ({ ids: () => a.ids().union(b.ids()), has: (parties) => sql<SqlBool>`(${a.has(parties)} or ${b.has(parties)})` });

  /**
   * The customers a term finds, as the customer search finds them: one- and two-character names and
   * 2–8 pinyin initials from party_name_key (index only), longer names through the name grams (GIN),
   * ID numbers and mobiles through their keyed hashes.
   */
  function partySet(term: SearchTerm): PartySet {
    const hashed = (column: 'id_search_hash' | 'phone_hash', domain: string, value: string) => {
      if (!pii) throw policyErrors.noPii();
      return rowSet(sql<SqlBool>`x.${sql.raw(column)} = ${pii.hash(domain, value)}`);
    };
    const grams = (t: { grams: string[]; contains: string }) =>
      rowSet([...t.contains].length > 2 ? sql<SqlBool>`(x.name_grams @> ${t.grams}::text[] and lower(x.name) like ${likeContains(t.contains)})` : sql<SqlBool>`x.name_grams @> ${t.grams}::text[]`);
    switch (term.kind) {
      case 'id':
        return hashed('id_search_hash', ID_SEARCH_DOMAIN, term.normalized);
      case 'phone':
        return hashed('phone_hash', PHONE_DOMAIN, term.normalized);
      case 'letters':
        // Pinyin initials; a Latin name (john) through the name itself.
        if (term.initials.length >= 2 && term.initials.length <= 8) return eitherSet(keySet(`py:${term.initials}`), grams(term));
        return rowSet(sql<SqlBool>`(x.name_initials like ${likePrefix(term.initials)} or (x.name_grams @> ${term.grams}::text[] and lower(x.name) like ${likeContains(term.contains)}))`);
      case 'name':
        return term.grams.length === 1 && [...term.contains].length <= 2 ? keySet(term.grams[0]!) : grams(term);
    }
  }

  /** The policies in scope matching every filter but the search box. */
  async function filtered(actor: Actor, scope: DataScope, q: PolicyListQueryT) {
    let base = db.selectFrom('policy as p');
    // A subtree scope and an org filter with its sub-orgs narrow the same column: the deeper path
    // wins, and its orgs (a few rows of a small table) become a list the policy rows are tested
    // against — no join per row, and PostgreSQL estimates a branch as its share of the book.
    let prefix: string | null = scope === 'subtree' ? actor.orgPath : null;
    if (scope !== 'subtree') base = base.where(inScope(actor, scope));
    if (q.orgId && q.subOrgs === false) base = base.where('p.org_id', '=', q.orgId);
    else if (q.orgId) {
      const path = (await db.selectFrom('org').select('path').where('id', '=', q.orgId).executeTakeFirst())?.path;
      if (path && (prefix === null || path.startsWith(prefix))) prefix = path;
      else if (!path || !prefix!.startsWith(path)) base = base.where(sql<SqlBool>`false`);
    }
    if (prefix !== null) {
      const orgs = (await db.selectFrom('org').select('id').where('path', 'like', likePrefix(prefix)).execute()).map((o) => o.id);
      base = base.where('p.org_id', '=', sql<string>`any(${orgs}::uuid[])`);
    }
    if (q.state?.length) base = base.where('p.state', 'in', q.state);
    if (q.productLine) base = base.where('p.line', '=', q.productLine);
    if (q.productId) base = base.where('p.product_id', '=', q.productId);
    if (q.startFrom) base = base.where('p.start_date', '>=', q.startFrom);
    if (q.startTo) base = base.where('p.start_date', '<=', q.startTo);
    if (q.endFrom) base = base.where('p.end_date', '>=', q.endFrom);
    if (q.endTo) base = base.where('p.end_date', '<=', q.endTo);
    return base;
  }
  type Filtered = Awaited<ReturnType<typeof filtered>>;
  type PageOpts = { limit: number; offset: number; cursor?: Cursor };

  function sortOf(q: PolicyListQueryT) {
    const sort = q.sort ?? '-issuedAt';
    return { byNumber: sort.endsWith('policyNo'), dir: sort.startsWith('-') ? ('desc' as const) : ('asc' as const) };
  }

  /** Ids and sort values in list order, after the cursor; policy_no is unique, issue instants tie (the id breaks ties). */
  function ordered(b: Filtered, q: PolicyListQueryT, cursor?: Cursor) {
    const { byNumber, dir } = sortOf(q);
    // policy_no only when it orders: the rest of a customer lookup can then come from an index alone.
    const s = b.select(['p.id', byNumber ? 'p.policy_no as sort_no' : sql<string>`''`.as('sort_no'), 'p.issued_at as sort_at']);
    if (byNumber) return (cursor ? s.where('p.policy_no', dir === 'asc' ? '>' : '<', String(cursor.v)) : s).orderBy('p.policy_no', dir);
    return (cursor ? s.where(afterCursor(sql.ref('p.issued_at'), sql.ref('p.id'), dir, cursor)) : s).orderBy('p.issued_at', dir).orderBy('p.id', dir);
  }
  type PageQuery = ReturnType<typeof ordered>;

  /** Matches of one query, counted up to `cap + 1` (stops early). */
  async function countOf(b: Filtered, cap: number): Promise<number> {
    const sub = b.select(sql<number>`1`.as('x')).limit(cap + 1);
    return Number((await db.selectFrom(sub.as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  }

  /**
   * A search: `page` (ids and sort values in list order, as a subquery), `count` (capped), and
   * `fetch` — one page of summaries and, where it comes cheaply, the capped total with it.
   */
  interface Plan {
    page(o: PageOpts): PageQuery;
    count(cap: number): Promise<number>;
    /** Walks the list order until the page is full: run without parallel workers, which read far ahead of the LIMIT. */
    serial?: boolean;
    fetch(o: PageOpts, cap: number): Promise<{ rows: SummaryRow[]; total?: number }>;
  }
  const simplePlan = (b: Filtered, q: PolicyListQueryT): Plan => {
    const page = (o: PageOpts) => ordered(b, q, o.cursor).limit(o.limit).offset(o.offset);
    return { page, count: (cap) => countOf(b, cap), fetch: async (o) => ({ rows: await summariesOf(page(o), q) }) };
  };

  /**
   * Above this many customers a name search walks the policies in list order, probing the set; up to
   * it, it starts from the customers. The narrower the visible part of the book, the longer a walk
   * to a full page: a branch (subtree, ~10 %) walks from 2,000 customers, one org never.
   * Measured at 1M policies / 200k customers (docs/BENCHMARKS.md, bench/policy-search.ts).
   */
  const WALK_FROM = { all: 500, subtree: 2000 };

  /**
   * A customer search: policies the customers hold (policyholder_idx) or are insured on
   * (insured_idx). A small set of customers is the starting point — a lateral lookup per customer;
   * when they have at most `cap` policies, one statement answers the page and the exact total. A
   * large set (a common given name) is probed while walking the list order, where the first page
   * is near, and counted from the customers at the same time. Never an OR across the two columns
   * in one scan: no index serves it.
   */
  async function partyPlan(base: Filtered, q: PolicyListQueryT, term: SearchTerm, walkFrom: number): Promise<Plan> {
    const set = partySet(term);
    const customers = () => db.selectFrom(set.ids().as('s'));
    const holder = base.where('p.policyholder_id', '=', sql.ref<string>('s.party_id'));
    // Insured but not policyholder, and not held by another customer of the set: the two never overlap.
    const insuredOnly = base
      .where('p.insured_id', '=', sql.ref<string>('s.party_id'))
      .where('p.policyholder_id', '<>', sql.ref<string>('s.party_id'))
      .where(sql<SqlBool>`not ${set.has([sql.ref('p.policyholder_id')])}`);
    // LIMIT / OFFSET 0 keep each lateral subquery a per-customer index lookup (PostgreSQL cannot flatten it into a join).
    const driven = (inner: Filtered, perCustomer: number | null, cursor?: Cursor) => {
      const sub = perCustomer === null ? ordered(inner, q, cursor).offset(0) : ordered(inner, q, cursor).limit(perCustomer);
      return customers().innerJoinLateral(sub.as('x'), (j) => j.onTrue()).select(['x.id', 'x.sort_no', 'x.sort_at']);
    };
    const count = async (cap: number) => {
      const counted = async (inner: Filtered, n: number) =>
        Number((await db.selectFrom(customers().innerJoinLateral(inner.select(sql<number>`1`.as('one')).offset(0).as('x'), (j) => j.onTrue()).select('x.one').limit(n).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
      // Held first: for a common name they pass the cap alone, and the insured-only side (most
      // insured are their own policyholder, each read to be ruled out) is not needed.
      const holders = await counted(holder, cap + 1);
      return holders > cap ? holders : holders + (await counted(insuredOnly, cap + 1 - holders));
    };
    const moreThan = async (n: number) =>
      Number((await db.selectFrom(customers().select(sql<number>`1`.as('x')).limit(n + 1).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n) > n;
    const large = (term.kind === 'name' || term.kind === 'letters') && Number.isFinite(walkFrom) && (await moreThan(walkFrom));
    if (large) {
      const walk = simplePlan(base.where(set.has([sql.ref('p.policyholder_id'), sql.ref('p.insured_id')])), q);
      return {
        page: walk.page,
        count,
        serial: true,
        fetch: async (o, cap) => {
          const [rows, total] = await Promise.all([summariesOf(walk.page(o), q, true), count(cap)]);
          return { rows, total };
        },
      };
    }
    const { byNumber, dir } = sortOf(q);
    const page = (o: PageOpts) => {
      const n = o.limit + o.offset;
      const merged = driven(holder, n, o.cursor).unionAll(driven(insuredOnly, n, o.cursor));
      const u = db.selectFrom(merged.as('u')).select(['u.id as id', 'u.sort_no as sort_no', 'u.sort_at as sort_at']);
      return (byNumber ? u.orderBy('u.sort_no', dir) : u.orderBy('u.sort_at', dir).orderBy('u.id', dir)).limit(o.limit).offset(o.offset) as unknown as PageQuery;
    };
    // List order of (sort_no | sort_at, id) rows, as PostgreSQL orders them (C collation, uuid bytes = lower-case hex).
    const sign = dir === 'asc' ? 1 : -1;
    type Row = { id: string; sort_no: string; sort_at: Date };
    const keyOf = (r: Row) => (byNumber ? [r.sort_no, ''] : [r.sort_at.toISOString(), r.id]);
    const cmp = (a: string[], b: string[]) => sign * (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0);
    return {
      page,
      count,
      fetch: async (o, cap) => {
        // Each side's first cap + 1 matches in list order, both at once (every match of the customers
        // is read either way). Together they hold the first cap + 1 of the whole list — all of it
        // when neither side is cut — so the total and the page are cut from them here.
        const top = (inner: Filtered) => {
          const d = driven(inner, null);
          return (byNumber ? d.orderBy('x.sort_no', dir) : d.orderBy('x.sort_at', dir).orderBy('x.id', dir)).limit(cap + 1).execute();
        };
        const [held, insured] = await Promise.all([top(holder), top(insuredOnly)]);
        const complete = held.length <= cap && insured.length <= cap;
        const all = [...held, ...insured].sort((a, b) => cmp(keyOf(a), keyOf(b)));
        const known = complete ? all : all.slice(0, cap + 1);
        const c = o.cursor;
        const from = c ? known.findIndex((r) => cmp(keyOf(r), byNumber ? [String(c.v), ''] : [new Date(c.v).toISOString(), c.id]) > 0) : 0;
        const start = (from < 0 ? known.length : from) + o.offset;
        const total = held.length + insured.length;
        if (!complete && start + o.limit > known.length) return { rows: await summariesOf(page(o), q), total };
        return { rows: await summariesByIds(known.slice(start, start + o.limit).map((r) => r.id)), total };
      },
    };
  }

  async function planOf(actor: Actor, scope: DataScope, q: PolicyListQueryT, search: PolicySearch | undefined): Promise<Plan> {
    const base = await filtered(actor, scope, q);
    switch (search?.kind) {
      case undefined:
        return simplePlan(base, q);
      case 'number':
        return simplePlan(base.where('p.policy_no', '=', search.value), q);
      case 'prefix':
        return simplePlan(base.where('p.policy_no', 'like', likePrefix(search.value)), q);
      case 'plate':
        return simplePlan(base.where('p.plate_no', '=', search.value), q);
      case 'vin':
        return simplePlan(base.where('p.vin', '=', search.value), q);
      case 'party':
        return partyPlan(base, q, search.term, scope === 'all' && !q.orgId ? WALK_FROM.all : (scope === 'all' || scope === 'subtree') && q.subOrgs !== false ? WALK_FROM.subtree : Infinity);
    }
  }

  const summaries = () =>
    db
      .selectFrom('policy as p')
      .innerJoin('org as o', 'o.id', 'p.org_id')
      .innerJoin('product as pr', 'pr.id', 'p.product_id')
      .innerJoin('product_version as v', 'v.id', 'p.product_version_id')
      .innerJoin('party as h', 'h.id', 'p.policyholder_id')
      .innerJoin('party as i', 'i.id', 'p.insured_id')
      .select(summaryColumns);

  /** The summaries of a page of ids, in page order. */
  async function summariesOf(page: PageQuery, q: PolicyListQueryT, serial = false): Promise<SummaryRow[]> {
    const { byNumber, dir } = sortOf(q);
    const rows = summaries().innerJoin(page.as('pg'), 'pg.id', 'p.id');
    const query = (byNumber ? rows.orderBy('pg.sort_no', dir) : rows.orderBy('pg.sort_at', dir).orderBy('pg.id', dir)).compile();
    if (!serial) return (await db.executeQuery(query)).rows as SummaryRow[];
    // Gather Merge workers each fill their queues far past the LIMIT (a common name read 96,000 rows for 21).
    return db.transaction().execute(async (trx) => {
      await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      return (await trx.executeQuery(query)).rows as SummaryRow[];
    });
  }

  async function summariesByIds(ids: string[]): Promise<SummaryRow[]> {
    if (!ids.length) return [];
    const rows = (await summaries().where('p.id', '=', sql<string>`any(${ids}::uuid[])`).execute()) as SummaryRow[];
    const at = new Map(ids.map((id, i) => [id, i]));
    return rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
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
    const plan = await planOf(ctx.actor, scope, q, search);
    const offset = cursor ? 0 : (page - 1) * pageSize;
    const { rows, total } = await plan.fetch({ limit: pageSize + 1, offset, cursor }, countCap);
    const more = rows.length > pageSize;
    // A short page tells the total (every exact number, ID or plate lookup): no count query.
    const n = total ?? (!more && !cursor && (rows.length > 0 || offset === 0) ? offset + rows.length : await plan.count(countCap));
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
      const plan = await planOf(ctx.actor, scope, q, search);
      const rows = await summariesOf(plan.page({ limit: EXPORT_CAP, offset: 0 }), q, plan.serial);
      const { cursor: _c, page: _p, pageSize: _s, ...filters } = q;
      await writeAudit(db, auditActorOf(ctx), { action: 'policy.export', objectType: 'policy', details: { filters, rows: rows.length } }, clock.now());
      return rows.map(toSummary);
    },

    /** A customer's policies (policyholder, insured or beneficiary), newest first, inside the caller's scope. */
    async ofParty(ctx: RequestContext, partyId: string): Promise<PolicySummary[]> {
      const scope = requirePermission(ctx.actor, P.policyRead);
      const party = await db.selectFrom('party').select('id').where('id', '=', partyId).executeTakeFirst();
      if (!party) throw partyErrors.notFound();
      const named = (await filtered(ctx.actor, scope, {})).where('p.proposal_id', 'in', db.selectFrom('proposal_party').select('proposal_id').where('party_id', '=', partyId));
      return (await summariesOf(ordered(named, {}).limit(EXPORT_CAP), {})).map(toSummary);
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
        // Personal lines name beneficiaries (none named: 法定); motor and property have none.
        beneficiaries: PERSONAL_LINES.includes(r.line as ProductLine)
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
      const scope = access ? requirePermission(access.ctx.actor, access.permission ?? P.policyRead) : undefined;
      return findPolicy(trx, id, { access: access && scope ? { actor: access.ctx.actor, scope } : undefined, lock: true });
    },
  };
}

export type PolicyQueryService = ReturnType<typeof createPolicyQueryService>;
