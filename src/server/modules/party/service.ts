// Use cases of the party module: create, change, find, export, reveal, relate. Every read and write
// is limited to the caller's data scope (a party belongs to the org of the user who created it;
// outside scope is 404) and every change is audited in its own transaction.
import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type {
  Address,
  BankAccountInput,
  OrganizationDetail,
  OrganizationInput,
  PartyListItem,
  PartyRelationship,
  PersonDetail,
  PersonInput,
  RelationshipInput,
  RelationshipType,
  RevealField,
  Sex,
} from '../../../contracts/party';
import type { Database } from '../../db/database';
import type { DB, DataScope } from '../../db/types';
import type { PartyTable, StoredBankAccount } from '../../db/types.party';
import { likeContains, likePrefix, orgInScope, requirePermission, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { shanghaiDate, type Clock } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { uuidv7 } from '../../platform/ids';
import { mask } from '../../platform/mask';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import type { PiiCrypto } from '../../platform/pii-crypto';
import { partyErrors, type ExistingParty } from './errors';
import { P } from './permissions';
import {
  checkOrgId,
  checkPersonId,
  classifySearch,
  ID_SEARCH_DOMAIN,
  idHashDomain,
  isValidBankAccount,
  isValidEmail,
  isValidPhone,
  nameGrams,
  nameInitials,
  normalizeName,
  normalizePhone,
  PHONE_DOMAIN,
  RELATIONSHIP_KINDS,
  relationshipKindsAllowed,
} from './rules';
import { isValidMobile } from './identity';
import type { PartyListQueryT } from './schemas';

export interface PartyServiceDeps {
  db: Database;
  clock: Clock;
  pii: PiiCrypto;
}

/** Lists count exactly up to here; beyond, the total says "10,000+" (as the users list). */
export const COUNT_CAP = 10_000;
/**
 * Name and initials searches count up to 1,000: counting costs one heap page per match (GIN has no
 * index-only scans), and a common given name matches 10,000+ of a million (docs/BENCHMARKS.md).
 */
export const SEARCH_COUNT_CAP = 1_000;
export const EXPORT_CAP = 50_000;
/** The system module's permission to see personal data unmasked. */
const PII_REVEAL = 'pii:reveal';

type PartyRow = Selectable<PartyTable> & { org_name: string | null; org_path: string | null };
type Executor = Kysely<DB> | Transaction<DB>;

/** The columns a party row is written with (everything but identity and bookkeeping). */
export type PartyValues = Omit<PartyTable, 'id' | 'party_no' | 'org_id' | 'created_by' | 'created_at' | 'updated_at' | 'version' | 'addresses' | 'bank_accounts'> & {
  addresses: string;
  bank_accounts: string;
};

const emptyToNull = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};
const maskId = (n: string) => mask('resident_id', n)!;

// ---------------------------------------------------------------- input → row (pure but for crypto)

export interface Prepared {
  values: PartyValues;
  /** For audit snapshots: the new state with personal data masked. */
  audit: Record<string, unknown>;
}

function prepareBankAccounts(pii: PiiCrypto, accounts: BankAccountInput[] | undefined): StoredBankAccount[] {
  return (accounts ?? []).map((a, i) => {
    const n = a.accountNumber.replace(/\s+/g, '');
    if (!isValidBankAccount(n)) throw partyErrors.bankAccountInvalid(`bankAccounts.${i}.accountNumber`);
    return { bankName: a.bankName.trim(), accountName: a.accountName.trim(), numberEnc: pii.encrypt(n).toString('base64'), numberMasked: mask('bank_card', n)! };
  });
}

function prepareAddresses(addresses: Address[] | undefined): Address[] {
  return (addresses ?? []).map((a) => ({ type: a.type, detail: a.detail.trim(), postcode: a.postcode ?? null }));
}

/**
 * What persons and organizations store alike: the name with its search keys, the identity hashes,
 * the phone (mobile or contact phone) encrypted, hashed and masked, e-mail, addresses, bank
 * accounts and remark — validated the same way for both.
 */
function commonParts(
  pii: PiiCrypto,
  input: { name: string; email?: string | null; addresses?: PersonInput['addresses']; bankAccounts?: PersonInput['bankAccounts']; remark?: string | null },
  phone: string,
) {
  const name = normalizeName(input.name);
  if (!name) throw partyErrors.nameRequired();
  const email = emptyToNull(input.email);
  if (email && !isValidEmail(email)) throw partyErrors.emailInvalid();
  const banks = prepareBankAccounts(pii, input.bankAccounts);
  const addresses = prepareAddresses(input.addresses);
  return {
    name,
    email,
    banks,
    addresses,
    columns: {
      name,
      name_grams: nameGrams(name),
      name_initials: nameInitials(name),
      phone_enc: phone ? pii.encrypt(phone) : null,
      phone_hash: phone ? pii.hash(PHONE_DOMAIN, phone) : null,
      phone_masked: phone ? mask('mobile', phone) : null,
      email,
      addresses: JSON.stringify(addresses),
      bank_accounts: JSON.stringify(banks),
      remark: emptyToNull(input.remark),
    },
  };
}

const identityColumns = (pii: PiiCrypto, id: { family: string; normalized: string }) => ({
  id_hash: pii.hash(idHashDomain(id.family), id.normalized),
  id_search_hash: pii.hash(ID_SEARCH_DOMAIN, id.normalized),
});

/**
 * Validates a person and computes the stored row. `explicit` holds the sex and birth date the
 * caller actually sent (for an update, the patch): a value read from the ID number wins and an
 * explicit one must agree with it; otherwise the explicit value, else `input`'s, is required.
 */
export function preparePerson(pii: PiiCrypto, input: PersonInput, today: string, explicit: { sex?: Sex; birthDate?: string } = input): Prepared {
  const nationality = input.nationality ?? 'CHN';
  const id = checkPersonId(input.idType, input.idNumber, today, nationality);
  if (!id.valid) throw partyErrors.idInvalid(id.reason);
  let sex: Sex | undefined;
  let birthDate: string | undefined;
  if (id.sex) {
    if (explicit.sex && explicit.sex !== id.sex) throw partyErrors.sexMismatch(id.sex);
    sex = id.sex;
  } else {
    sex = explicit.sex ?? input.sex;
    if (!sex) throw partyErrors.sexRequired();
  }
  if (id.birthDate) {
    if (explicit.birthDate && explicit.birthDate !== id.birthDate) throw partyErrors.birthDateMismatch(id.birthDate);
    birthDate = id.birthDate;
  } else {
    birthDate = explicit.birthDate ?? input.birthDate;
    if (!birthDate) throw partyErrors.birthDateRequired();
    if (!isRealDate(birthDate) || birthDate > today) throw partyErrors.birthDateInvalid();
  }
  const mobile = input.mobile ? normalizePhone(input.mobile) : '';
  if (mobile && !isValidMobile(mobile)) throw partyErrors.mobileInvalid();
  const { name, email, banks, addresses, columns } = commonParts(pii, input, mobile);
  const values: PartyValues = {
    ...columns,
    ...identityColumns(pii, id),
    kind: 'PERSON',
    id_type: input.idType,
    id_number_enc: pii.encrypt(id.normalized),
    id_number_masked: maskId(id.normalized),
    uscc: null,
    sex,
    birth_date: birthDate,
    nationality,
    occupation_code: emptyToNull(input.occupationCode),
    occupation_name: emptyToNull(input.occupationName),
    occupation_class: input.occupationClass ?? null,
    org_type: null,
    industry: null,
    legal_representative: null,
    contact_name: null,
  };
  return {
    values,
    audit: {
      kind: 'PERSON', name, idType: input.idType, idNumber: values.id_number_masked, sex, birthDate, nationality, mobile: values.phone_masked, email: mask('email', email),
      occupationCode: values.occupation_code, occupationClass: values.occupation_class, addresses: addresses.length, bankAccounts: banks.map((b) => b.numberMasked),
    },
  };
}

export function prepareOrganization(pii: PiiCrypto, input: OrganizationInput): Prepared {
  const id = checkOrgId(input.uscc);
  if (!id.valid) throw partyErrors.usccInvalid(id.reason);
  const phone = input.contactPhone ? normalizePhone(input.contactPhone) : '';
  if (phone && !isValidPhone(phone)) throw partyErrors.phoneInvalid();
  const { name, email, banks, addresses, columns } = commonParts(pii, input, phone);
  const values: PartyValues = {
    ...columns,
    ...identityColumns(pii, id),
    kind: 'ORGANIZATION',
    id_type: 'USCC',
    id_number_enc: null,
    // A credit code is public registration data: shown whole.
    id_number_masked: id.normalized,
    uscc: id.normalized,
    sex: null,
    birth_date: null,
    nationality: null,
    occupation_code: null,
    occupation_name: null,
    occupation_class: null,
    org_type: input.orgType ?? 'ENTERPRISE',
    industry: emptyToNull(input.industry),
    legal_representative: emptyToNull(input.legalRepresentative),
    contact_name: emptyToNull(input.contactName),
  };
  return {
    values,
    audit: {
      kind: 'ORGANIZATION', name, uscc: id.normalized, orgType: values.org_type, industry: values.industry, legalRepresentative: values.legal_representative,
      contactName: values.contact_name, contactPhone: values.phone_masked, email: mask('email', email), addresses: addresses.length, bankAccounts: banks.map((b) => b.numberMasked),
    },
  };
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// ---------------------------------------------------------------- row → answer

function bankAccountsOf(r: PartyRow) {
  return (r.bank_accounts as StoredBankAccount[]).map((b) => ({ bankName: b.bankName, accountName: b.accountName, accountNumberMasked: b.numberMasked }));
}

export function toPersonDetail(r: PartyRow): PersonDetail {
  return {
    id: r.id, partyNo: r.party_no, kind: 'PERSON', name: r.name, idType: r.id_type as PersonDetail['idType'], idNumberMasked: r.id_number_masked,
    sex: r.sex as Sex, birthDate: r.birth_date!, nationality: r.nationality!, mobileMasked: r.phone_masked, email: r.email,
    addresses: r.addresses as Address[], occupationCode: r.occupation_code, occupationName: r.occupation_name, occupationClass: r.occupation_class,
    bankAccounts: bankAccountsOf(r), remark: r.remark, orgId: r.org_id, orgName: r.org_name ?? '',
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

export function toOrganizationDetail(r: PartyRow): OrganizationDetail {
  return {
    id: r.id, partyNo: r.party_no, kind: 'ORGANIZATION', name: r.name, uscc: r.uscc!, orgType: r.org_type as OrganizationDetail['orgType'],
    industry: r.industry, legalRepresentative: r.legal_representative, contactName: r.contact_name, contactPhoneMasked: r.phone_masked, email: r.email,
    addresses: r.addresses as Address[], bankAccounts: bankAccountsOf(r), remark: r.remark, orgId: r.org_id, orgName: r.org_name ?? '',
    createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), version: r.version,
  };
}

const listColumns = [
  'p.id', 'p.party_no', 'p.kind', 'p.name', 'p.id_type', 'p.id_number_masked', 'p.sex', 'p.birth_date', 'p.phone_masked', 'p.org_id', 'o.name as org_name', 'p.created_at',
] as const;
type ListRow = { id: string; party_no: string; kind: string; name: string; id_type: string; id_number_masked: string; sex: string | null; birth_date: string | null; phone_masked: string | null; org_id: string; org_name: string | null; created_at: Date };

function toListItem(r: ListRow): PartyListItem {
  return {
    id: r.id, partyNo: r.party_no, kind: r.kind as PartyListItem['kind'], name: r.name, idType: r.id_type as PartyListItem['idType'], idNumberMasked: r.id_number_masked,
    sex: r.sex as Sex | null, birthDate: r.birth_date, mobileMasked: r.phone_masked, orgId: r.org_id, orgName: r.org_name ?? '', createdAt: r.created_at.toISOString(),
  };
}

const sortColumns = { name: 'p.name', createdAt: 'p.created_at' } as const;

/** Start of a Shanghai business day as an instant. */
const shanghaiDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

// ---------------------------------------------------------------- the service

export function createPartyService({ db, clock, pii }: PartyServiceDeps) {
  const today = () => shanghaiDate(clock.now());
  const base = (ex: Executor = db) => ex.selectFrom('party as p').leftJoin('org as o', 'o.id', 'p.org_id');

  function visible(actor: Actor, scope: DataScope) {
    return ({ ref }: { ref: (c: 'o.path' | 'p.org_id' | 'p.created_by') => Expression<string> }): Expression<SqlBool> =>
      scopePredicate(actor, scope, { orgPath: ref('o.path'), orgId: ref('p.org_id'), ownerId: ref('p.created_by') });
  }

  const fullColumns = (ex: Executor = db) => base(ex).selectAll('p').select(['o.name as org_name', 'o.path as org_path']);

  async function loadInScope(actor: Actor, permission: string, id: string, ex: Executor = db): Promise<PartyRow> {
    const scope = requirePermission(actor, permission);
    const row = await fullColumns(ex).where('p.id', '=', id).where(visible(actor, scope)).executeTakeFirst();
    if (!row) throw partyErrors.notFound();
    return row as PartyRow;
  }

  async function reload(id: string): Promise<PartyRow> {
    return (await fullColumns().where('p.id', '=', id).executeTakeFirstOrThrow()) as PartyRow;
  }

  /** Is this stored party inside the caller's read (else write) scope? */
  function partyVisibleTo(actor: Actor, row: { org_id: string; org_path: string | null; created_by: string }): boolean {
    const scope = actor.grants.get(P.partyRead) ?? actor.grants.get(P.partyWrite);
    if (!scope) return false;
    if (scope === 'self') return row.created_by === actor.userId;
    return orgInScope(actor, scope, { id: row.org_id, path: row.org_path ?? '' });
  }

  /** 409 naming the record that already holds this identity (only its number when out of scope). */
  async function duplicateOf(actor: Actor, idHash: Buffer, exceptId: string | null, field: 'idNumber' | 'uscc') {
    let q = base().select(['p.id', 'p.party_no', 'p.name', 'p.org_id', 'p.created_by', 'o.name as org_name', 'o.path as org_path']).where('p.id_hash', '=', idHash);
    if (exceptId) q = q.where('p.id', '<>', exceptId);
    const hit = await q.executeTakeFirst();
    if (!hit) return undefined;
    const existing: ExistingParty = partyVisibleTo(actor, hit) ? { id: hit.id, partyNo: hit.party_no, name: hit.name, orgName: hit.org_name ?? '' } : { partyNo: hit.party_no };
    const err = partyErrors.duplicate(existing);
    (err.details as Record<string, unknown>).field = field;
    return err;
  }

  const isIdHashViolation = (e: unknown) => (e as { code?: string; constraint?: string }).code === '23505' && (e as { constraint?: string }).constraint === 'party_id_hash_key';

  async function insertParty(ctx: RequestContext, prepared: Prepared, field: 'idNumber' | 'uscc'): Promise<string> {
    const dup = await duplicateOf(ctx.actor, prepared.values.id_hash, null, field);
    if (dup) throw dup;
    const now = clock.now();
    const id = uuidv7(now.getTime());
    try {
      await db.transaction().execute(async (trx) => {
        const { party_no } = await trx
          .insertInto('party')
          .values({ ...prepared.values, id, org_id: ctx.actor.orgId, created_by: ctx.actor.userId, created_at: now, updated_at: now })
          .returning('party_no')
          .executeTakeFirstOrThrow();
        const action = prepared.values.kind === 'PERSON' ? 'party.person.create' : 'party.organization.create';
        await writeAudit(trx, auditActorOf(ctx), { action, objectType: 'party', objectId: id, after: { partyNo: party_no, orgId: ctx.actor.orgId, ...prepared.audit } }, now);
      });
    } catch (e) {
      // Two clerks saving the same person at once: the unique index decides, the answer is the same 409.
      if (isIdHashViolation(e)) throw (await duplicateOf(ctx.actor, prepared.values.id_hash, null, field)) ?? e;
      throw e;
    }
    return id;
  }

  async function updateParty(ctx: RequestContext, before: PartyRow, version: number, prepared: Prepared, field: 'idNumber' | 'uscc'): Promise<void> {
    if (!before.id_hash.equals(prepared.values.id_hash)) {
      const dup = await duplicateOf(ctx.actor, prepared.values.id_hash, before.id, field);
      if (dup) throw dup;
    }
    const now = clock.now();
    try {
      await db.transaction().execute(async (trx) => {
        const res = await trx
          .updateTable('party')
          .set({ ...prepared.values, updated_at: now, version: sql`version + 1` })
          .where('id', '=', before.id)
          .where('version', '=', version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) {
          const cur = await trx.selectFrom('party').select('version').where('id', '=', before.id).executeTakeFirstOrThrow();
          throw partyErrors.stale(cur.version);
        }
        const action = prepared.values.kind === 'PERSON' ? 'party.person.update' : 'party.organization.update';
        await writeAudit(trx, auditActorOf(ctx), { action, objectType: 'party', objectId: before.id, before: preparedAuditOf(before), after: prepared.audit }, now);
      });
    } catch (e) {
      if (isIdHashViolation(e)) throw (await duplicateOf(ctx.actor, prepared.values.id_hash, before.id, field)) ?? e;
      throw e;
    }
  }

  /** The audit snapshot of a stored row (masked, as `Prepared.audit`). */
  function preparedAuditOf(r: PartyRow): Record<string, unknown> {
    const banks = (r.bank_accounts as StoredBankAccount[]).map((b) => b.numberMasked);
    const addresses = (r.addresses as Address[]).length;
    return r.kind === 'PERSON'
      ? { kind: r.kind, name: r.name, idType: r.id_type, idNumber: r.id_number_masked, sex: r.sex, birthDate: r.birth_date, nationality: r.nationality, mobile: r.phone_masked, email: mask('email', r.email), occupationCode: r.occupation_code, occupationClass: r.occupation_class, addresses, bankAccounts: banks }
      : { kind: r.kind, name: r.name, uscc: r.uscc, orgType: r.org_type, industry: r.industry, legalRepresentative: r.legal_representative, contactName: r.contact_name, contactPhone: r.phone_masked, email: mask('email', r.email), addresses, bankAccounts: banks };
  }

  const decryptBanks = (r: PartyRow): BankAccountInput[] =>
    (r.bank_accounts as StoredBankAccount[]).map((b) => ({ bankName: b.bankName, accountName: b.accountName, accountNumber: pii.decrypt(Buffer.from(b.numberEnc, 'base64')) }));

  // ---- list filters
  async function filtered(actor: Actor, scope: DataScope, q: PartyListQueryT) {
    let query = base().where(visible(actor, scope));
    const term = q.q ? classifySearch(q.q) : undefined;
    if (term?.kind === 'id') query = query.where('p.id_search_hash', '=', pii.hash(ID_SEARCH_DOMAIN, term.normalized));
    else if (term?.kind === 'phone') query = query.where('p.phone_hash', '=', pii.hash(PHONE_DOMAIN, term.normalized));
    else if (term?.kind === 'letters') {
      const { initials, grams, contains } = term;
      query = query.where((eb) =>
        eb.or([
          eb('p.name_initials', 'like', likePrefix(initials)),
          sql<SqlBool>`(p.name_grams @> ${grams}::text[] and lower(p.name) like ${likeContains(contains)})`,
        ]),
      );
    } else if (term?.kind === 'name') {
      query = query.where(sql<SqlBool>`p.name_grams @> ${term.grams}::text[]`);
      // One or two characters: the gram is the term, so containment is exact. Leaving out the LIKE
      // also keeps PostgreSQL's row estimate (from the array statistics) right, so a frequent
      // given name (秀英) walks the created_at index instead of sorting 10,000 matches.
      if ([...term.contains].length > 2) query = query.where(sql<SqlBool>`lower(p.name) like ${likeContains(term.contains)}`);
    }
    if (q.kind) query = query.where('p.kind', '=', q.kind as PartyTable['kind']);
    if (q.idType) query = query.where('p.id_type', '=', q.idType);
    if (q.orgId) {
      if (q.subOrgs === false) query = query.where('p.org_id', '=', q.orgId);
      else {
        const org = await db.selectFrom('org').select('path').where('id', '=', q.orgId).executeTakeFirst();
        query = query.where('o.path', 'like', org ? likePrefix(org.path) : '');
      }
    }
    if (q.createdFrom) query = query.where('p.created_at', '>=', shanghaiDayStart(q.createdFrom));
    if (q.createdTo) query = query.where('p.created_at', '<', new Date(shanghaiDayStart(q.createdTo).getTime() + 86_400_000));
    return query;
  }

  /**
   * The key when a search can run index-only on party_name_key: a one- or two-character name
   * term, or 2–8 letters read as pinyin initials; newest or oldest first, only filters the key
   * rows carry (kind, org, creation date), and an org-based scope. Anything else takes the GIN
   * path in `filtered`. Letters that are nobody's initials may be part of a Latin name: when the
   * initials find nothing, the GIN path (initials or name contains) answers.
   */
  function keyedGram(scope: DataScope, q: PartyListQueryT): { key: string; fallback: boolean } | undefined {
    if (scope === 'self' || q.idType || (q.sort ?? '-createdAt').replace('-', '') !== 'createdAt') return undefined;
    const term = q.q ? classifySearch(q.q) : undefined;
    if (term?.kind === 'name' && term.grams.length === 1 && [...term.contains].length <= 2) return { key: term.grams[0]!, fallback: false };
    if (term?.kind === 'letters' && term.initials.length >= 2 && term.initials.length <= 8) return { key: `py:${term.initials}`, fallback: true };
    return undefined;
  }

  async function keyFiltered(actor: Actor, scope: DataScope, q: PartyListQueryT, key: string) {
    let query = db
      .selectFrom('party_name_key as k')
      .leftJoin('org as o', 'o.id', 'k.org_id')
      .where('k.gram', '=', key)
      .where(({ ref }) => scopePredicate(actor, scope, { orgPath: ref('o.path') as Expression<string>, orgId: ref('k.org_id') }));
    if (q.kind) query = query.where('k.kind', '=', q.kind);
    if (q.orgId) {
      if (q.subOrgs === false) query = query.where('k.org_id', '=', q.orgId);
      else {
        const org = await db.selectFrom('org').select('path').where('id', '=', q.orgId).executeTakeFirst();
        query = query.where('o.path', 'like', org ? likePrefix(org.path) : '');
      }
    }
    if (q.createdFrom) query = query.where('k.created_at', '>=', shanghaiDayStart(q.createdFrom));
    if (q.createdTo) query = query.where('k.created_at', '<', new Date(shanghaiDayStart(q.createdTo).getTime() + 86_400_000));
    return query;
  }

  /**
   * One page (or the export) through party_name_key, and the capped count from the index alone —
   * in the same statement when `countCap` is given (an InitPlan: one round trip, not two).
   */
  async function keyedPage(actor: Actor, scope: DataScope, q: PartyListQueryT, key: string, opts: { limit: number; offset: number; cursor?: ReturnType<typeof decodeCursor>; countCap?: number }) {
    const query = await keyFiltered(actor, scope, q, key);
    const dir = (q.sort ?? '-createdAt').startsWith('-') ? ('desc' as const) : ('asc' as const);
    const countOf = (cap: number) => db.selectFrom(query.select(sql<number>`1`.as('x')).limit(cap + 1).as('t')).select(sql<string>`count(*)`.as('n'));
    let pageQuery = query.innerJoin('party as p', 'p.id', 'k.party_id').orderBy('k.created_at', dir).orderBy('k.party_id', dir);
    if (opts.cursor) pageQuery = pageQuery.where(({ ref }) => afterCursor(ref('k.created_at'), ref('k.party_id'), dir, opts.cursor!));
    else if (opts.offset) pageQuery = pageQuery.offset(opts.offset);
    const withCount = opts.countCap === undefined ? pageQuery.select(listColumns) : pageQuery.select(listColumns).select(countOf(opts.countCap).as('total_n'));
    const rows = (await withCount.limit(opts.limit).execute()) as (ListRow & { total_n?: string })[];
    const counted = rows[0]?.total_n;
    const count = (cap: number) => (counted !== undefined && cap === opts.countCap ? Promise.resolve({ n: counted }) : countOf(cap).executeTakeFirstOrThrow());
    return { rows, count };
  }

  function sortOf(q: PartyListQueryT) {
    const sort = q.sort ?? '-createdAt';
    return { col: sortColumns[sort.replace('-', '') as keyof typeof sortColumns], dir: sort.startsWith('-') ? ('desc' as const) : ('asc' as const) };
  }

  function sorted<T extends ReturnType<typeof base>>(query: T, q: PartyListQueryT): T {
    const { col, dir } = sortOf(q);
    return query.orderBy(col, dir).orderBy('p.id', dir) as T;
  }

  // ---- relationships
  type RelRow = { id: string; type: string; from_party_id: string; to_party_id: string; start_date: string | null; end_date: string | null; remark: string | null };
  function relFromSide(r: RelRow, partyId: string, other: { id: string; party_no: string; kind: string; name: string }): PartyRelationship {
    return {
      id: r.id, type: r.type as RelationshipType, direction: r.from_party_id === partyId ? 'FROM' : 'TO',
      otherParty: { id: other.id, partyNo: other.party_no, kind: other.kind as 'PERSON', name: other.name },
      startDate: r.start_date, endDate: r.end_date, remark: r.remark,
    };
  }

  return {
    today,

    async createPerson(ctx: RequestContext, input: PersonInput): Promise<PersonDetail> {
      requirePermission(ctx.actor, P.partyWrite);
      const id = await insertParty(ctx, preparePerson(pii, input, today()), 'idNumber');
      return toPersonDetail(await reload(id));
    },

    async createOrganization(ctx: RequestContext, input: OrganizationInput): Promise<OrganizationDetail> {
      requirePermission(ctx.actor, P.partyWrite);
      const id = await insertParty(ctx, prepareOrganization(pii, input), 'uscc');
      return toOrganizationDetail(await reload(id));
    },

    async updatePerson(ctx: RequestContext, id: string, patch: Partial<PersonInput> & { version: number }): Promise<PersonDetail> {
      const before = await loadInScope(ctx.actor, P.partyWrite, id);
      if (before.kind !== 'PERSON') throw partyErrors.kindMismatch('PERSON');
      if (before.version !== patch.version) throw partyErrors.stale(before.version);
      const { version, ...changes } = patch;
      const current: PersonInput = {
        name: before.name, idType: before.id_type as PersonInput['idType'], idNumber: pii.decrypt(before.id_number_enc!), sex: before.sex as Sex, birthDate: before.birth_date!,
        nationality: before.nationality!, mobile: before.phone_enc ? pii.decrypt(before.phone_enc) : null, email: before.email, addresses: before.addresses as Address[],
        occupationCode: before.occupation_code, occupationName: before.occupation_name, occupationClass: before.occupation_class, bankAccounts: decryptBanks(before), remark: before.remark,
      };
      const merged = { ...current, ...stripUndefined(changes) };
      await updateParty(ctx, before, version, preparePerson(pii, merged, today(), { sex: changes.sex, birthDate: changes.birthDate }), 'idNumber');
      return toPersonDetail(await reload(id));
    },

    async updateOrganization(ctx: RequestContext, id: string, patch: Partial<OrganizationInput> & { version: number }): Promise<OrganizationDetail> {
      const before = await loadInScope(ctx.actor, P.partyWrite, id);
      if (before.kind !== 'ORGANIZATION') throw partyErrors.kindMismatch('ORGANIZATION');
      if (before.version !== patch.version) throw partyErrors.stale(before.version);
      const { version, ...changes } = patch;
      const current: OrganizationInput = {
        name: before.name, uscc: before.uscc!, orgType: before.org_type as OrganizationInput['orgType'], industry: before.industry, legalRepresentative: before.legal_representative,
        contactName: before.contact_name, contactPhone: before.phone_enc ? pii.decrypt(before.phone_enc) : null, email: before.email, addresses: before.addresses as Address[],
        bankAccounts: decryptBanks(before), remark: before.remark,
      };
      await updateParty(ctx, before, version, prepareOrganization(pii, { ...current, ...stripUndefined(changes) }), 'uscc');
      return toOrganizationDetail(await reload(id));
    },

    async get(ctx: RequestContext, id: string): Promise<PersonDetail | OrganizationDetail> {
      const row = await loadInScope(ctx.actor, P.partyRead, id);
      return row.kind === 'PERSON' ? toPersonDetail(row) : toOrganizationDetail(row);
    },

    /** One page, masked; total exact up to COUNT_CAP; keyset `nextCursor` for any depth. */
    async list(ctx: RequestContext, q: PartyListQueryT) {
      const scope = requirePermission(ctx.actor, P.partyRead);
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
      if (!cursor && (page - 1) * pageSize >= COUNT_CAP) throw partyErrors.pageTooDeep(COUNT_CAP);
      const kind = q.q ? classifySearch(q.q)?.kind : undefined;
      const countCap = kind === 'name' || kind === 'letters' ? SEARCH_COUNT_CAP : COUNT_CAP;
      const { col, dir } = sortOf(q);
      const keyed = keyedGram(scope, q);
      let rows: ListRow[] = [];
      let countQuery: () => Promise<{ n: string }> = async () => ({ n: '0' });
      let done = false;
      if (keyed) {
        const r = await keyedPage(ctx.actor, scope, q, keyed.key, { limit: pageSize + 1, offset: (page - 1) * pageSize, cursor, countCap });
        rows = r.rows;
        countQuery = () => r.count(countCap);
        // Beyond the first page an empty answer may just be the end: fall back only when the
        // initials match nobody at all, so every page of one search takes the same path.
        done = !keyed.fallback || rows.length > 0 || ((!!cursor || page > 1) && Number((await r.count(0)).n) > 0);
      }
      if (!done) {
        const query = await filtered(ctx.actor, scope, q);
        const pageQuery = cursor ? sorted(query, q).where(({ ref }) => afterCursor(ref(col), ref('p.id'), dir, cursor)) : sorted(query, q).offset((page - 1) * pageSize);
        rows = (await pageQuery.select(listColumns).limit(pageSize + 1).execute()) as ListRow[];
        countQuery = () => db.selectFrom(query.select(sql<number>`1`.as('x')).limit(countCap + 1).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      }
      const more = rows.length > pageSize;
      // A short last page (every exact ID or phone lookup) already tells the total: no count query.
      const offset = cursor ? null : (page - 1) * pageSize;
      const count = !more && offset !== null && (rows.length > 0 || offset === 0) ? { n: String(offset + rows.length) } : await countQuery();
      const pageRows = rows.slice(0, pageSize) as ListRow[];
      const last = pageRows[pageRows.length - 1];
      const nextCursor = more && last ? encodeCursor({ v: col === 'p.name' ? last.name : last.created_at.toISOString(), id: last.id }) : null;
      const n = Number(count.n);
      return { items: pageRows.map(toListItem), total: Math.min(n, countCap), totalCapped: n > countCap, page, pageSize, nextCursor };
    },

    /** Every matching row (masked, capped), in one query; audited. */
    async exportRows(ctx: RequestContext, q: PartyListQueryT): Promise<PartyListItem[]> {
      const scope = requirePermission(ctx.actor, P.partyExport);
      const keyed = keyedGram(scope, q);
      let rows = keyed ? (await keyedPage(ctx.actor, scope, q, keyed.key, { limit: EXPORT_CAP, offset: 0 })).rows : [];
      if (!keyed || (rows.length === 0 && keyed.fallback)) rows = (await sorted(await filtered(ctx.actor, scope, q), q).select(listColumns).limit(EXPORT_CAP).execute()) as ListRow[];
      const { cursor: _c, page: _p, pageSize: _s, ...filters } = q;
      await writeAudit(db, auditActorOf(ctx), { action: 'party.export', objectType: 'party', details: { filters, rows: rows.length } }, clock.now());
      return rows.map(toListItem);
    },

    /** The full value of a masked field; needs pii:reveal; audited. */
    async reveal(ctx: RequestContext, id: string, field: RevealField, index?: number): Promise<{ value: string | null }> {
      requirePermission(ctx.actor, PII_REVEAL);
      const row = await loadInScope(ctx.actor, P.partyRead, id);
      let value: string | null;
      if (field === 'idNumber') value = row.kind === 'PERSON' ? pii.decrypt(row.id_number_enc!) : row.uscc;
      else if (field === 'mobile' || field === 'contactPhone') {
        if ((field === 'mobile') !== (row.kind === 'PERSON')) throw partyErrors.revealFieldInvalid(field);
        value = row.phone_enc ? pii.decrypt(row.phone_enc) : null;
      } else {
        const account = (row.bank_accounts as StoredBankAccount[])[index ?? 0];
        if (!account) throw partyErrors.revealFieldInvalid('index');
        value = pii.decrypt(Buffer.from(account.numberEnc, 'base64'));
      }
      await writeAudit(db, auditActorOf(ctx), { action: 'pii.reveal', objectType: 'party', objectId: id, details: { field, ...(field === 'bankAccount' ? { index: index ?? 0 } : {}), partyNo: row.party_no } }, clock.now());
      return { value };
    },

    // ---- relationships

    /** Both directions, each from this party's side; only related parties the caller may see. */
    async relationships(ctx: RequestContext, id: string): Promise<PartyRelationship[]> {
      const scope = requirePermission(ctx.actor, P.partyRead);
      await loadInScope(ctx.actor, P.partyRead, id);
      const rows = await db
        .selectFrom('party_relationship as r')
        .innerJoin('party as p', (j) => j.on(sql<SqlBool>`p.id = case when r.from_party_id = ${id} then r.to_party_id else r.from_party_id end`))
        .leftJoin('org as o', 'o.id', 'p.org_id')
        .select(['r.id', 'r.type', 'r.from_party_id', 'r.to_party_id', 'r.start_date', 'r.end_date', 'r.remark', 'p.id as other_id', 'p.party_no', 'p.kind', 'p.name'])
        .where((eb) => eb.or([eb('r.from_party_id', '=', id), eb('r.to_party_id', '=', id)]))
        .where(visible(ctx.actor, scope))
        .orderBy(sql`r.end_date is not null`)
        .orderBy('r.created_at')
        .execute();
      return rows.map((r) => relFromSide(r, id, { id: r.other_id, party_no: r.party_no, kind: r.kind, name: r.name }));
    },

    async addRelationship(ctx: RequestContext, id: string, input: RelationshipInput): Promise<PartyRelationship> {
      if (input.toPartyId === id) throw partyErrors.relationshipSelf();
      const self = await loadInScope(ctx.actor, P.partyWrite, id);
      const other = await loadInScope(ctx.actor, P.partyWrite, input.toPartyId).catch(() => {
        throw partyErrors.notFound('toPartyId');
      });
      if (!relationshipKindsAllowed(input.type, self.kind, other.kind)) throw partyErrors.relationshipKind(input.type);
      const start = input.startDate ?? null;
      const end = input.endDate ?? null;
      if (start && end && end < start) throw partyErrors.relationshipDates();
      // Symmetric types are stored one way (smaller id first), so A–B and B–A are one relationship.
      const [from, to] = RELATIONSHIP_KINDS[input.type].symmetric && other.id < self.id ? [other.id, self.id] : [self.id, other.id];
      const overlapping = await db
        .selectFrom('party_relationship')
        .select('id')
        .where('type', '=', input.type)
        .where('from_party_id', '=', from)
        .where('to_party_id', '=', to)
        .where((eb) => eb.or([eb('end_date', 'is', null), ...(start ? [eb('end_date', '>=', start)] : [sql<SqlBool>`true`])]))
        .where((eb) => eb.or([eb('start_date', 'is', null), ...(end ? [eb('start_date', '<=', end)] : [sql<SqlBool>`true`])]))
        .executeTakeFirst();
      if (overlapping) throw partyErrors.relationshipExists();
      const now = clock.now();
      const relId = uuidv7(now.getTime());
      const row = { id: relId, type: input.type, from_party_id: from, to_party_id: to, start_date: start, end_date: end, remark: emptyToNull(input.remark), created_by: ctx.actor.userId, created_at: now, updated_at: now };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('party_relationship').values(row).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'party.relationship.create', objectType: 'party', objectId: id, after: { relationshipId: relId, type: input.type, from: from, to: to, startDate: start, endDate: end } }, now);
      });
      return relFromSide(row, id, other);
    },

    async endRelationship(ctx: RequestContext, id: string, relId: string, endDate: string): Promise<PartyRelationship> {
      await loadInScope(ctx.actor, P.partyWrite, id);
      const rel = await db
        .selectFrom('party_relationship')
        .selectAll()
        .where('id', '=', relId)
        .where((eb) => eb.or([eb('from_party_id', '=', id), eb('to_party_id', '=', id)]))
        .executeTakeFirst();
      if (!rel) throw partyErrors.relationshipNotFound();
      const otherId = rel.from_party_id === id ? rel.to_party_id : rel.from_party_id;
      const other = await loadInScope(ctx.actor, P.partyRead, otherId).catch(() => {
        throw partyErrors.relationshipNotFound();
      });
      if (rel.end_date && rel.end_date <= today()) throw partyErrors.relationshipEnded();
      if (rel.start_date && endDate < rel.start_date) throw partyErrors.relationshipDates();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('party_relationship').set({ end_date: endDate, updated_at: now }).where('id', '=', relId).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'party.relationship.end', objectType: 'party', objectId: id, before: { relationshipId: relId, endDate: rel.end_date }, after: { relationshipId: relId, endDate } }, now);
      });
      return relFromSide({ ...rel, end_date: endDate }, id, other);
    },

    /** For the importer: the identities (id_hash) among `hashes` already in the book. */
    async existingIdentities(hashes: Buffer[]): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (let i = 0; i < hashes.length; i += 5000) {
        const rows = await db.selectFrom('party').select(['id_hash', 'party_no']).where('id_hash', '=', sql<Buffer>`any(${hashes.slice(i, i + 5000)}::bytea[])`).execute();
        for (const r of rows) found.set(r.id_hash.toString('hex'), r.party_no);
      }
      return found;
    },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type PartyService = ReturnType<typeof createPartyService>;
