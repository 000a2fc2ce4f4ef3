// Product catalogue queries (Kysely only). Every function takes the executor (db or trx) first.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { ProductVersionTable } from '../../db/types.product-catalogue';
import { likeContains } from '../../platform/access';

type Executor = Kysely<DB> | Transaction<DB>;

export interface VersionRow {
  id: string;
  product_id: string;
  version_no: number;
  status: ProductVersionTable['status'];
  effective_from: string;
  effective_to: string | null;
  definition: unknown;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  approved_at: Date | null;
  retired_at: Date | null;
  product_code: string;
  product_name: string;
  product_line: string;
  created_by: UserRefRow;
  updated_by: UserRefRow;
  approved_by: UserRefRow | null;
  retired_by: UserRefRow | null;
}

export interface UserRefRow {
  id: string;
  username: string;
  name: string;
}

const userRef = (column: 'v.created_by' | 'v.updated_by' | 'v.approved_by' | 'v.retired_by') =>
  sql<UserRefRow | null>`(select json_build_object('id', u.id, 'username', u.username, 'name', u.name) from app_user u where u.id = ${sql.ref(column)})`;

function versionsQuery(db: Executor) {
  return db
    .selectFrom('product_version as v')
    .innerJoin('product as p', 'p.id', 'v.product_id')
    .select([
      'v.id',
      'v.product_id',
      'v.version_no',
      'v.status',
      'v.effective_from',
      'v.effective_to',
      'v.definition',
      'v.note',
      'v.created_at',
      'v.updated_at',
      'v.approved_at',
      'v.retired_at',
      'p.code as product_code',
      'p.name as product_name',
      'p.line as product_line',
      userRef('v.created_by').as('created_by'),
      userRef('v.updated_by').as('updated_by'),
      userRef('v.approved_by').as('approved_by'),
      userRef('v.retired_by').as('retired_by'),
    ]);
}

export async function findVersion(db: Executor, id: string): Promise<VersionRow | undefined> {
  return (await versionsQuery(db).where('v.id', '=', id).executeTakeFirst()) as VersionRow | undefined;
}

export async function versionsOf(db: Executor, productId: string): Promise<VersionRow[]> {
  return (await versionsQuery(db).where('v.product_id', '=', productId).orderBy('v.version_no', 'desc').execute()) as VersionRow[];
}

/** Approved versions in their period on `date`, one per product at most (periods never overlap). */
export async function quotableVersions(db: Executor, date: string): Promise<VersionRow[]> {
  return (await versionsQuery(db)
    .where('v.status', '=', 'APPROVED')
    .where('v.effective_from', '<=', date)
    .where((eb) => eb.or([eb('v.effective_to', 'is', null), eb('v.effective_to', '>=', date)]))
    .orderBy('p.code')
    .execute()) as VersionRow[];
}

export async function findProduct(db: Executor, id: string) {
  return db
    .selectFrom('product as p')
    .select(['p.id', 'p.code', 'p.name', 'p.line', 'p.created_at', 'p.updated_at', sql<UserRefRow>`(select json_build_object('id', u.id, 'username', u.username, 'name', u.name) from app_user u where u.id = p.created_by)`.as('created_by')])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

/** Serializes changes to one product's versions (approval, new versions). */
export async function lockProduct(trx: Transaction<DB>, id: string): Promise<{ id: string; line: string } | undefined> {
  return trx.selectFrom('product').select(['id', 'line']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function insertProduct(trx: Transaction<DB>, row: { id: string; code: string; name: string; line: string; createdBy: string }, now: Date) {
  await trx.insertInto('product').values({ id: row.id, code: row.code, name: row.name, line: row.line, created_by: row.createdBy, created_at: now, updated_at: now }).execute();
}

export async function touchProduct(trx: Transaction<DB>, id: string, now: Date) {
  await trx.updateTable('product').set({ updated_at: now }).where('id', '=', id).execute();
}

export async function insertVersion(
  trx: Transaction<DB>,
  row: { id: string; productId: string; versionNo: number; effectiveFrom: string; effectiveTo: string | null; definition: unknown; note: string | null; userId: string },
  now: Date,
) {
  await trx
    .insertInto('product_version')
    .values({
      id: row.id,
      product_id: row.productId,
      version_no: row.versionNo,
      status: 'DRAFT',
      effective_from: row.effectiveFrom,
      effective_to: row.effectiveTo,
      definition: JSON.stringify(row.definition),
      note: row.note,
      created_by: row.userId,
      created_at: now,
      updated_by: row.userId,
      updated_at: now,
    })
    .execute();
}

export async function latestVersionNo(trx: Transaction<DB>, productId: string) {
  return trx.selectFrom('product_version').select(['id', 'version_no', 'status']).where('product_id', '=', productId).orderBy('version_no', 'desc').limit(1).executeTakeFirst();
}

export async function draftOf(trx: Transaction<DB>, productId: string) {
  return trx.selectFrom('product_version').select(['id', 'version_no']).where('product_id', '=', productId).where('status', '=', 'DRAFT').executeTakeFirst();
}

export async function updateDraft(
  trx: Transaction<DB>,
  id: string,
  patch: { effectiveFrom: string; effectiveTo: string | null; definition: unknown; note: string | null; userId: string },
  now: Date,
) {
  await trx
    .updateTable('product_version')
    .set({ effective_from: patch.effectiveFrom, effective_to: patch.effectiveTo, definition: JSON.stringify(patch.definition), note: patch.note, updated_by: patch.userId, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'DRAFT')
    .execute();
}

export async function approvedOf(trx: Transaction<DB>, productId: string, exceptId: string) {
  return trx
    .selectFrom('product_version')
    .select(['id', 'version_no', 'status', 'effective_from', 'effective_to'])
    .where('product_id', '=', productId)
    .where('status', '=', 'APPROVED')
    .where('id', '<>', exceptId)
    .execute();
}

export async function setEffectiveTo(trx: Transaction<DB>, id: string, effectiveTo: string, now: Date) {
  await trx.updateTable('product_version').set({ effective_to: effectiveTo, updated_at: now }).where('id', '=', id).execute();
}

export async function approve(trx: Transaction<DB>, id: string, userId: string, now: Date) {
  await trx.updateTable('product_version').set({ status: 'APPROVED', approved_by: userId, approved_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'DRAFT').execute();
}

export async function retire(trx: Transaction<DB>, id: string, userId: string, now: Date) {
  await trx.updateTable('product_version').set({ status: 'RETIRED', retired_by: userId, retired_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'APPROVED').execute();
}

// ---------------------------------------------------------------- list

export interface ProductFilters {
  q?: string;
  line?: string;
  /** Products with at least one version in this status. */
  status?: string;
}

export interface ProductListRow {
  id: string;
  code: string;
  name: string;
  line: string;
  created_at: Date;
  updated_at: Date;
  version_count: number;
  latest: { id: string; versionNo: number; status: string; effectiveFrom: string; effectiveTo: string | null };
  current: { id: string; versionNo: number; effectiveFrom: string; effectiveTo: string | null } | null;
  current_definition: unknown;
}

function filtered(db: Executor, f: ProductFilters) {
  let q = db.selectFrom('product as p');
  if (f.q) {
    const term = likeContains(f.q);
    q = q.where((eb) => eb.or([eb('p.code', 'ilike', term), eb('p.name', 'like', term)]));
  }
  if (f.line) q = q.where('p.line', '=', f.line);
  if (f.status) q = q.where(({ exists, selectFrom }) => exists(selectFrom('product_version as s').select('s.id').whereRef('s.product_id', '=', 'p.id').where('s.status', '=', f.status as ProductVersionTable['status'])));
  return q;
}

/** Product rows with their latest and currently quotable versions (quotable judged on `today`). */
function withVersions(db: Executor, f: ProductFilters, today: string) {
  return filtered(db, f).select([
    'p.id',
    'p.code',
    'p.name',
    'p.line',
    'p.created_at',
    'p.updated_at',
    sql<number>`(select count(*)::int from product_version c where c.product_id = p.id)`.as('version_count'),
    sql<ProductListRow['latest']>`(select json_build_object('id', l.id, 'versionNo', l.version_no, 'status', l.status, 'effectiveFrom', l.effective_from, 'effectiveTo', l.effective_to)
      from product_version l where l.product_id = p.id order by l.version_no desc limit 1)`.as('latest'),
    sql<ProductListRow['current']>`(select json_build_object('id', c.id, 'versionNo', c.version_no, 'effectiveFrom', c.effective_from, 'effectiveTo', c.effective_to)
      from product_version c where c.product_id = p.id and c.status = 'APPROVED' and c.effective_from <= ${today}::date
        and (c.effective_to is null or c.effective_to >= ${today}::date) limit 1)`.as('current'),
    sql<unknown>`(select c.definition from product_version c where c.product_id = p.id and c.status = 'APPROVED' and c.effective_from <= ${today}::date
        and (c.effective_to is null or c.effective_to >= ${today}::date) limit 1)`.as('current_definition'),
  ]);
}

export async function listProducts(db: Executor, f: ProductFilters, today: string, page: { offset: number; limit: number }, countCap: number) {
  const [rows, count] = await Promise.all([
    withVersions(db, f, today).orderBy('p.code').offset(page.offset).limit(page.limit).execute(),
    db.selectFrom(filtered(db, f).select(sql<number>`1`.as('x')).limit(countCap + 1).as('t')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows as ProductListRow[], total: Number(count.n) };
}

export async function exportProducts(db: Executor, f: ProductFilters, today: string, cap: number) {
  return (await withVersions(db, f, today).orderBy('p.code').limit(cap).execute()) as ProductListRow[];
}
