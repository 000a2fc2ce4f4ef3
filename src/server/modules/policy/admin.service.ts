// Configuration of policy administration (policy:configure): proposal number ranges per org
// (投保单号段), underwriters' authorities per line (核保权限), and the settings documents
// (underwriting, servicing, renewal). Every change is audited with before and after; ranges and
// users outside the configurer's scope are invisible (404).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, DataScope } from '../../db/types';
import type { ProposalNumberRange, UnderwritingAuthority } from '../../../contracts/policy';
import type { ProductLine } from '../../../contracts/product';
import { orgInScope, requirePermission, scopePredicate, type Actor } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { registerConstraint } from '../../platform/http/errors';
import { uuidv7 } from '../../platform/ids';
import { afterCursor, decodeCursor, encodeCursor } from '../../platform/paging';
import type { AuthorityListQueryT, RangeInputT, RangeListQueryT } from './admin.schemas';
import type { PolicyDeps } from './deps';
import { P } from './permissions';
import { checkSetting, loadSetting, type PolicySettings, type SettingKey } from './settings';

type Executor = Kysely<DB> | Transaction<DB>;

const OVERLAP = { zh: '号码：与同一前缀的已有号段重叠（号码不能重复）', en: 'numbers overlap an existing range with the same prefix' };
registerConstraint('proposal_number_range_overlap', 'conflict', 'PROPOSAL_RANGE_OVERLAP', OVERLAP, 'startNo');

const E = {
  bounds: (field: string, zh: string, en: string) => new AppError('unprocessable', 'PROPOSAL_RANGE_INVALID', { zh, en }, { field }),
  overlap: (existing: { orgName: string; prefix: string; startNo: string; endNo: string }) =>
    new AppError('conflict', 'PROPOSAL_RANGE_OVERLAP', { zh: `号码：与已有号段 ${existing.prefix}${existing.startNo}–${existing.endNo}（${existing.orgName}）重叠`, en: OVERLAP.en }, { field: 'startNo', existing }),
  rangeNotFound: () => new AppError('not_found', 'PROPOSAL_RANGE_NOT_FOUND', { zh: '投保单号段不存在或无权访问', en: 'number range not found' }),
  rangeClosed: () => new AppError('conflict', 'PROPOSAL_RANGE_CLOSED', { zh: '该号段已停用', en: 'the range is already closed' }, { status: 'CLOSED' }),
  orgNotFound: () => new AppError('not_found', 'ORG_NOT_FOUND', { zh: '所属机构：不存在或不在您的管理范围内', en: 'org not found' }, { field: 'orgId' }),
  userNotFound: () => new AppError('not_found', 'USER_NOT_FOUND', { zh: '核保人员：不存在或不在您的管理范围内', en: 'user not found' }, { field: 'userId' }),
};

export function createPolicyAdminService(deps: PolicyDeps) {
  const { db, clock } = deps;

  const scopeOf = (ctx: RequestContext) => requirePermission(ctx.actor, P.policyConfigure);

  // ---------------------------------------------------------------- 投保单号段

  const rangeQuery = (ex: Executor) =>
    ex
      .selectFrom('proposal_number_range as r')
      .innerJoin('org as o', 'o.id', 'r.org_id')
      .innerJoin('app_user as u', 'u.id', 'r.created_by')
      .select(['r.id', 'r.org_id', 'o.name as org_name', 'o.path as org_path', 'r.prefix', 'r.start_no', 'r.end_no', 'r.next_no', 'r.width', 'r.status', 'r.remark', 'r.created_at', 'u.id as user_id', 'u.username', 'u.name as user_name']);
  type RangeRow = Awaited<ReturnType<ReturnType<typeof rangeQuery>['executeTakeFirstOrThrow']>>;

  const toRange = (r: RangeRow): ProposalNumberRange => ({
    id: r.id,
    org: { id: r.org_id, name: r.org_name },
    prefix: r.prefix,
    startNo: String(r.start_no),
    endNo: String(r.end_no),
    nextNo: String(r.next_no),
    width: r.width,
    status: r.status,
    remaining: (r.status === 'ACTIVE' ? BigInt(r.end_no) - BigInt(r.next_no) + 1n : 0n).toString(),
    remark: r.remark,
    createdBy: { id: r.user_id, username: r.username, name: r.user_name },
    createdAt: new Date(r.created_at).toISOString(),
  });

  async function rangeInScope(ex: Executor, actor: Actor, scope: DataScope, id: string): Promise<RangeRow> {
    const r = await rangeQuery(ex).where('r.id', '=', id).executeTakeFirst();
    if (!r || !orgInScope(actor, scope, { id: r.org_id, path: r.org_path })) throw E.rangeNotFound();
    return r;
  }

  /** Offset or keyset page of a query sorted by (column desc, id desc). */
  async function paged<R extends { id: string }>(
    q: { page?: number; pageSize?: number; cursor?: string },
    rows: (opts: { limit: number; offset: number; cursor?: ReturnType<typeof decodeCursor> }) => Promise<R[]>,
    count: () => Promise<number>,
    cursorOf: (r: R) => string,
  ) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    const [got, total] = await Promise.all([rows({ limit: pageSize + 1, offset: cursor ? 0 : (page - 1) * pageSize, cursor }), count()]);
    const items = got.slice(0, pageSize);
    const last = items.at(-1);
    return { items, total, page, pageSize, nextCursor: got.length > pageSize && last ? encodeCursor({ v: cursorOf(last), id: last.id }) : null };
  }

  // ---------------------------------------------------------------- 核保权限

  const authorityQuery = (ex: Executor) =>
    ex
      .selectFrom('underwriting_authority as a')
      .innerJoin('app_user as u', 'u.id', 'a.user_id')
      .innerJoin('org as o', 'o.id', 'u.org_id')
      .select(['a.user_id', 'u.username', 'u.name', 'a.line', 'a.max_sum_assured', 'a.updated_at']);
  const toAuthority = (r: { user_id: string; username: string; name: string; line: string; max_sum_assured: string; updated_at: Date }): UnderwritingAuthority => ({
    user: { id: r.user_id, username: r.username, name: r.name },
    line: r.line as ProductLine,
    maxSumAssured: r.max_sum_assured,
    updatedAt: new Date(r.updated_at).toISOString(),
  });

  return {
    async listRanges(ctx: RequestContext, q: RangeListQueryT) {
      const scope = scopeOf(ctx);
      let query = rangeQuery(db).where(scopePredicate(ctx.actor, scope, { orgPath: sql.ref('o.path'), orgId: sql.ref('r.org_id') }));
      if (q.orgId) query = query.where('r.org_id', '=', q.orgId);
      if (q.status) query = query.where('r.status', '=', q.status);
      if (q.prefix) query = query.where('r.prefix', '=', q.prefix.trim().toUpperCase());
      const page = await paged(
        q,
        ({ limit, offset, cursor }) =>
          (cursor ? query.where(({ ref }) => afterCursor(ref('r.created_at'), ref('r.id'), 'desc', cursor)) : query).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).offset(offset).execute(),
        async () => Number((await query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n),
        (r) => new Date(r.created_at).toISOString(),
      );
      return { ...page, items: page.items.map(toRange) };
    },

    /** A new range for an org in scope; bounds checked (422 naming the field), overlaps refused (409). */
    async createRange(ctx: RequestContext, input: RangeInputT): Promise<ProposalNumberRange> {
      const scope = scopeOf(ctx);
      const org = await db.selectFrom('org').select(['id', 'path', 'name']).where('id', '=', input.orgId).executeTakeFirst();
      if (!org || !orgInScope(ctx.actor, scope, org)) throw E.orgNotFound();
      const prefix = input.prefix.trim().toUpperCase();
      if (!/^[A-Z0-9]{1,8}$/.test(prefix)) throw E.bounds('prefix', '前缀：须为 1–8 位大写字母或数字', 'prefix: 1–8 upper-case letters or digits');
      const start = BigInt(input.startNo);
      const end = BigInt(input.endNo);
      if (start < 1n) throw E.bounds('startNo', '起始号码：须不小于 1', 'startNo: must be at least 1');
      if (end < start) throw E.bounds('endNo', '终止号码：不能小于起始号码', 'endNo: must not be below startNo');
      const width = input.width ?? Math.max(10, end.toString().length);
      if (end.toString().length > width) throw E.bounds('width', `号码位数：终止号码 ${end} 超过 ${width} 位`, `width: endNo has more than ${width} digits`);
      const now = clock.now();
      const id = uuidv7(now.getTime());
      await db.transaction().execute(async (trx) => {
        // Named for the user; the exclusion constraint is the backstop against a concurrent twin.
        const clash = await trx
          .selectFrom('proposal_number_range as r')
          .innerJoin('org as o', 'o.id', 'r.org_id')
          .select(['o.name as orgName', 'r.prefix', 'r.start_no', 'r.end_no'])
          .where('r.prefix', '=', prefix)
          .where('r.start_no', '<=', end.toString())
          .where('r.end_no', '>=', start.toString())
          .executeTakeFirst();
        if (clash) throw E.overlap({ orgName: clash.orgName, prefix: clash.prefix, startNo: String(clash.start_no), endNo: String(clash.end_no) });
        const row = { org_id: org.id, prefix, start_no: start.toString(), end_no: end.toString(), next_no: start.toString(), width, status: 'ACTIVE' as const, remark: input.remark?.trim() || null };
        await trx.insertInto('proposal_number_range').values({ id, ...row, created_by: ctx.actor.userId, created_at: now, updated_at: now }).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'proposal.number-range.create', objectType: 'proposal_number_range', objectId: id, after: { ...row, orgName: org.name } }, now);
      });
      return toRange(await rangeInScope(db, ctx.actor, scope, id));
    },

    /** Stops handing out numbers from the range (those already used stay valid). */
    async closeRange(ctx: RequestContext, id: string): Promise<ProposalNumberRange> {
      const scope = scopeOf(ctx);
      await rangeInScope(db, ctx.actor, scope, id);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const r = await trx.selectFrom('proposal_number_range').select(['status', 'prefix', 'next_no', 'end_no']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
        if (r.status === 'CLOSED') throw E.rangeClosed();
        await trx.updateTable('proposal_number_range').set({ status: 'CLOSED', updated_at: now }).where('id', '=', id).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'proposal.number-range.close', objectType: 'proposal_number_range', objectId: id, before: { status: 'ACTIVE', nextNo: String(r.next_no) }, after: { status: 'CLOSED' }, details: { prefix: r.prefix, endNo: String(r.end_no) } }, now);
      });
      return toRange(await rangeInScope(db, ctx.actor, scope, id));
    },

    async listAuthorities(ctx: RequestContext, q: AuthorityListQueryT) {
      const scope = scopeOf(ctx);
      let query = authorityQuery(db).where(scopePredicate(ctx.actor, scope, { orgPath: sql.ref('o.path'), orgId: sql.ref('u.org_id') }));
      if (q.userId) query = query.where('a.user_id', '=', q.userId);
      if (q.line) query = query.where('a.line', '=', q.line);
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const [rows, count] = await Promise.all([
        query.orderBy('u.username').orderBy('a.line').limit(pageSize).offset((page - 1) * pageSize).execute(),
        query.clearSelect().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      // A handful of rows per underwriter: offset pages only (nextCursor is always null).
      return { items: rows.map(toAuthority), total: Number(count.n), page, pageSize, nextCursor: null };
    },

    /** Sets an underwriter's authority for a line (upsert); audited with the previous amount. */
    async putAuthority(ctx: RequestContext, input: { userId: string; line: ProductLine; maxSumAssured: string }): Promise<UnderwritingAuthority> {
      const scope = scopeOf(ctx);
      const user = await db.selectFrom('app_user as u').innerJoin('org as o', 'o.id', 'u.org_id').select(['u.id', 'u.org_id', 'o.path']).where('u.id', '=', input.userId).executeTakeFirst();
      if (!user || !orgInScope(ctx.actor, scope, { id: user.org_id, path: user.path })) throw E.userNotFound();
      const amount = Number(input.maxSumAssured) === 0 ? '0.00' : input.maxSumAssured.includes('.') ? input.maxSumAssured.padEnd(input.maxSumAssured.indexOf('.') + 3, '0') : `${input.maxSumAssured}.00`;
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('underwriting_authority').select('max_sum_assured').where('user_id', '=', input.userId).where('line', '=', input.line).forUpdate().executeTakeFirst();
        await trx
          .insertInto('underwriting_authority')
          .values({ user_id: input.userId, line: input.line, max_sum_assured: amount, updated_by: ctx.actor.userId, updated_at: now })
          .onConflict((oc) => oc.columns(['user_id', 'line']).doUpdateSet({ max_sum_assured: amount, updated_by: ctx.actor.userId, updated_at: now }))
          .execute();
        await writeAudit(
          trx,
          auditActorOf(ctx),
          { action: 'underwriting.authority.update', objectType: 'user', objectId: input.userId, before: before ? { line: input.line, maxSumAssured: before.max_sum_assured } : null, after: { line: input.line, maxSumAssured: amount } },
          now,
        );
      });
      return toAuthority(await authorityQuery(db).where('a.user_id', '=', input.userId).where('a.line', '=', input.line).executeTakeFirstOrThrow());
    },

    async getSetting<K extends SettingKey>(ctx: RequestContext, key: K): Promise<PolicySettings[K]> {
      scopeOf(ctx);
      return loadSetting(db, key);
    },

    /** Replaces a settings document after checking every field (422 naming the first bad one); audited before/after. */
    async putSetting<K extends SettingKey>(ctx: RequestContext, key: K, value: unknown): Promise<PolicySettings[K]> {
      scopeOf(ctx);
      const doc = checkSetting(key, value);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        // Serializes two administrators saving the same document, so the audited "before" is true.
        await trx.insertInto('policy_setting').values({ key, value: JSON.stringify(await loadSetting(trx, key)), updated_by: null, updated_at: now }).onConflict((oc) => oc.column('key').doNothing()).execute();
        const before = await trx.selectFrom('policy_setting').select('value').where('key', '=', key).forUpdate().executeTakeFirstOrThrow();
        await trx.updateTable('policy_setting').set({ value: JSON.stringify(doc), updated_by: ctx.actor.userId, updated_at: now }).where('key', '=', key).execute();
        await writeAudit(trx, auditActorOf(ctx), { action: 'policy.setting.update', objectType: 'policy_setting', objectId: key, before: before.value, after: doc }, now);
      });
      return doc;
    },
  };
}

export type PolicyAdminService = ReturnType<typeof createPolicyAdminService>;
