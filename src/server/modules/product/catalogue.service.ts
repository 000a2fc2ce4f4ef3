// The product catalogue: products with versions (draft → approved → retired), maker-checker
// approval, comparison of versions, and quoting through an approved, effective version by calling
// the rating engines. Products are company-wide reference data (like tariffs): no data scope.
import type { Database } from '../../db/database';
import {
  CHANNELS,
  LIFE_BENEFITS,
  RATING_METHODS,
  type Channel,
  type ProductDefinition,
  type ProductDetail,
  type ProductLine,
  type ProductListItem,
  type ProductQuote,
  type QuotableVersion,
  type RatingReference,
  type VersionDetail,
  type VersionDiff,
  type VersionSummary,
} from '../../../contracts/product';
import { requirePermission } from '../../platform/access';
import { writeAudit } from '../../platform/audit';
import { shanghaiDate, type Clock } from '../../platform/clock';
import { auditActorOf, type RequestContext } from '../../platform/context';
import { AppError, isAppError } from '../../platform/errors';
import { uuidv7 } from '../../platform/ids';
import { listTables } from './actuarial.repository';
import { catalogueErrors as E } from './catalogue.errors';
import * as R from './catalogue.repository';
import {
  addDays,
  checkAge,
  checkChannel,
  checkSumAssured,
  definitionTemplate,
  diffVersions,
  fixedPremium,
  grossPremium,
  isDate,
  isQuotable,
  lifeEngineInput,
  money,
  normalizeRating,
  planApproval,
  tablesOf,
  validateDefinition,
  type RatingInput,
} from './catalogue.rules';
import type { ProductListQueryT, QuoteBodyT } from './catalogue.schemas';
import type { RatingEngines } from './engines';
import { P } from './permissions';

/** Lists count exactly up to here. */
const COUNT_CAP = 10_000;
const EXPORT_CAP = 50_000;

/** A definition as the API accepts it: the rating object with any parameters (schemas). */
export type DefinitionInput = Omit<ProductDefinition, 'rating'> & { rating: RatingInput };

export interface VersionInput {
  effectiveFrom: string;
  effectiveTo: string | null;
  definition: DefinitionInput;
  note: string | null;
  /** The draft's updatedAt as the editor loaded it: a newer save by someone else → 409. */
  baseUpdatedAt?: string;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function createCatalogueService({ db, clock, engines }: { db: Database; clock: Clock; engines: RatingEngines }) {
  const today = () => shanghaiDate(clock.now());

  function summaryOf(r: R.VersionRow, date: string): VersionSummary {
    const def = r.definition as ProductDefinition;
    return {
      id: r.id,
      productId: r.product_id,
      versionNo: r.version_no,
      status: r.status,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      ratingMethod: def.rating.method,
      note: r.note,
      createdBy: r.created_by,
      createdAt: iso(r.created_at)!,
      updatedBy: r.updated_by,
      updatedAt: iso(r.updated_at)!,
      approvedBy: r.approved_by,
      approvedAt: iso(r.approved_at),
      retiredBy: r.retired_by,
      retiredAt: iso(r.retired_at),
      quotable: isQuotable({ status: r.status, effectiveFrom: r.effective_from, effectiveTo: r.effective_to }, date),
    };
  }

  function detailOf(r: R.VersionRow, date: string): VersionDetail {
    return {
      ...summaryOf(r, date),
      product: { id: r.product_id, code: r.product_code, name: r.product_name, line: r.product_line as ProductLine },
      definition: r.definition as ProductDefinition,
    };
  }

  const refOf = (r: R.VersionRow) => ({ versionNo: r.version_no, status: r.status, effectiveFrom: r.effective_from, effectiveTo: r.effective_to });
  const auditView = (r: { productCode: string; versionNo: number; status: string; effectiveFrom: string; effectiveTo: string | null; definition?: unknown; note?: string | null }) => r;

  async function loadVersion(id: string): Promise<R.VersionRow> {
    const row = await R.findVersion(db, id);
    if (!row) throw E.versionNotFound();
    return row;
  }

  /** Dates and definition of a version as the user gave them: 422 naming the first problem. */
  async function checkVersionInput(line: ProductLine, input: VersionInput): Promise<{ effectiveFrom: string; effectiveTo: string | null; definition: ProductDefinition; note: string | null }> {
    if (!isDate(input.effectiveFrom)) throw E.dateInvalid('effectiveFrom');
    if (input.effectiveTo !== null && !isDate(input.effectiveTo)) throw E.dateInvalid('effectiveTo');
    if (input.effectiveTo !== null && input.effectiveTo < input.effectiveFrom) throw E.periodInvalid();
    const definition: ProductDefinition = {
      ...input.definition,
      coverages: input.definition.coverages.map((c) => ({ ...c, code: c.code.trim(), name: c.name.trim() })),
      rating: normalizeRating(input.definition.rating),
      filingNo: input.definition.filingNo?.trim() || null,
    };
    validateDefinition(line, definition);
    await checkReferences(definition);
    return { effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo, definition, note: input.note?.trim() || null };
  }

  /** What the definition refers to in the engines' reference data exists and fits. */
  async function checkReferences(d: ProductDefinition): Promise<void> {
    const refs = tablesOf(d);
    if (refs.length > 0) {
      const tables = await listTables(db);
      for (const ref of refs) {
        const t = tables.find((x) => x.code === ref.code);
        if (!t) throw E.definition(ref.field, ref.label, { zh: `生命表 ${ref.code} 不存在`, en: `no table ${ref.code}` }, 'PRODUCT_TABLE_UNKNOWN');
        if ((d.minAge ?? 0) < t.minAge || (d.maxAge !== null && d.maxAge > t.maxAge)) {
          throw E.definition(ref.field, ref.label, { zh: `生命表 ${ref.code} 的年龄范围 ${t.minAge}–${t.maxAge} 不覆盖产品的投保年龄`, en: `table ${ref.code} (ages ${t.minAge}–${t.maxAge}) does not cover the product's ages` }, 'PRODUCT_TABLE_AGES');
        }
      }
    }
    if (d.rating.method === 'COMMERCIAL_MOTOR') {
      const ref = await engines.commercialReference.get();
      for (const [i, c] of d.coverages.entries()) {
        if (!ref.coverages.has(c.code)) {
          const known = [...ref.coverages.keys()].join(', ');
          throw E.definition(`definition.coverages.${i}.code`, { zh: `第 ${i + 1} 项保障 代码`, en: `coverage ${i + 1} code` }, { zh: `商业车险费率表中没有 ${c.code}（可选：${known}）`, en: `not in the rate table (known: ${known})` }, 'PRODUCT_COVERAGE_NOT_RATED');
        }
      }
    }
  }

  async function productDetail(id: string, date: string): Promise<ProductDetail> {
    const p = await R.findProduct(db, id);
    if (!p) throw E.productNotFound();
    const versions = await R.versionsOf(db, id);
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      line: p.line as ProductLine,
      createdBy: p.created_by,
      createdAt: iso(p.created_at)!,
      updatedAt: iso(p.updated_at)!,
      versions: versions.map((v) => summaryOf(v, date)),
    };
  }

  function listItem(r: R.ProductListRow): ProductListItem {
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      line: r.line as ProductLine,
      versionCount: r.version_count,
      latestVersion: r.latest as ProductListItem['latestVersion'],
      currentVersion: r.current,
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
    };
  }

  const service = {
    async list(ctx: RequestContext, q: ProductListQueryT) {
      requirePermission(ctx.actor, P.productRead);
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const { rows, total } = await R.listProducts(db, q, today(), { offset: (page - 1) * pageSize, limit: pageSize }, COUNT_CAP);
      return { items: rows.map(listItem), total: Math.min(total, COUNT_CAP), totalCapped: total > COUNT_CAP, page, pageSize };
    },

    /** Every matching product for Excel (capped); the export is audited. */
    async exportRows(ctx: RequestContext, q: ProductListQueryT) {
      requirePermission(ctx.actor, P.productRead);
      const rows = await R.exportProducts(db, q, today(), EXPORT_CAP);
      await writeAudit(db, auditActorOf(ctx), { action: 'product.export', objectType: 'product', details: { filters: q, rows: rows.length } }, clock.now());
      return rows.map((r) => ({ ...listItem(r), currentDefinition: (r.current_definition ?? null) as ProductDefinition | null }));
    },

    async get(ctx: RequestContext, id: string): Promise<ProductDetail> {
      requirePermission(ctx.actor, P.productRead);
      return productDetail(id, today());
    },

    async getVersion(ctx: RequestContext, id: string): Promise<VersionDetail> {
      requirePermission(ctx.actor, P.productRead);
      return detailOf(await loadVersion(id), today());
    },

    /** A product and its first draft (the line's starting definition unless one is given). */
    async create(ctx: RequestContext, input: { code: string; name: string; line: ProductLine; effectiveFrom: string; effectiveTo?: string | null; definition?: DefinitionInput; note?: string | null }): Promise<ProductDetail> {
      requirePermission(ctx.actor, P.productWrite);
      const v = await checkVersionInput(input.line, {
        effectiveFrom: input.effectiveFrom,
        effectiveTo: input.effectiveTo ?? null,
        definition: input.definition ?? (definitionTemplate(input.line) as DefinitionInput),
        note: input.note ?? null,
      });
      const productId = uuidv7();
      const versionId = uuidv7();
      const now = clock.now();
      const name = input.name.trim();
      if (!name) throw E.definition('name', { zh: '产品名称', en: 'name' }, { zh: '不能为空', en: 'is required' }, 'PRODUCT_NAME_REQUIRED');
      await db.transaction().execute(async (trx) => {
        await R.insertProduct(trx, { id: productId, code: input.code, name, line: input.line, createdBy: ctx.actor.userId }, now); // duplicate code → 409
        await R.insertVersion(trx, { id: versionId, productId, versionNo: 1, ...v, userId: ctx.actor.userId }, now);
        await writeAudit(trx, auditActorOf(ctx), { action: 'product.create', objectType: 'product', objectId: productId, after: { code: input.code, name, line: input.line } }, now);
        await writeAudit(trx, auditActorOf(ctx), { action: 'product.version.create', objectType: 'product_version', objectId: versionId, after: auditView({ productCode: input.code, versionNo: 1, status: 'DRAFT', ...v }) }, now);
      });
      return productDetail(productId, today());
    },

    /** A new draft, a copy of the latest version, effective from tomorrow at the earliest. */
    async newVersion(ctx: RequestContext, productId: string, note: string | null): Promise<VersionDetail> {
      requirePermission(ctx.actor, P.productWrite);
      const id = uuidv7();
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const product = await R.lockProduct(trx, productId);
        if (!product) throw E.productNotFound();
        const draft = await R.draftOf(trx, productId);
        if (draft) throw E.draftExists(draft.version_no);
        const latest = await R.latestVersionNo(trx, productId);
        const source = latest ? await R.findVersion(trx, latest.id) : undefined;
        if (!source) throw E.productNotFound();
        const tomorrow = addDays(shanghaiDate(now), 1);
        const next = addDays(source.effective_from, 1);
        const effectiveFrom = next > tomorrow ? next : tomorrow;
        const row = { id, productId, versionNo: source.version_no + 1, effectiveFrom, effectiveTo: null, definition: source.definition, note: note?.trim() || null, userId: ctx.actor.userId };
        await R.insertVersion(trx, row, now);
        await R.touchProduct(trx, productId, now);
        await writeAudit(trx, auditActorOf(ctx), {
          action: 'product.version.create',
          objectType: 'product_version',
          objectId: id,
          after: auditView({ productCode: source.product_code, versionNo: row.versionNo, status: 'DRAFT', effectiveFrom, effectiveTo: null, note: row.note }),
          details: { copiedFrom: { id: source.id, versionNo: source.version_no } },
        }, now);
      });
      return detailOf(await loadVersion(id), today());
    },

    /** Replaces a draft's dates, definition and note. Approved and retired versions never change. */
    async updateVersion(ctx: RequestContext, id: string, input: VersionInput): Promise<VersionDetail> {
      requirePermission(ctx.actor, P.productWrite);
      const before = await loadVersion(id);
      if (before.status !== 'DRAFT') throw E.notDraft(refOf(before));
      const v = await checkVersionInput(before.product_line as ProductLine, input);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const locked = await R.lockProduct(trx, before.product_id);
        const current = locked && (await R.findVersion(trx, id));
        if (!current) throw E.versionNotFound();
        if (current.status !== 'DRAFT') throw E.notDraft(refOf(current));
        if (input.baseUpdatedAt !== undefined && Date.parse(input.baseUpdatedAt) !== new Date(current.updated_at).getTime()) throw E.stale(refOf(current));
        await R.updateDraft(trx, id, { ...v, userId: ctx.actor.userId }, now);
        await R.touchProduct(trx, before.product_id, now);
        await writeAudit(trx, auditActorOf(ctx), {
          action: 'product.version.update',
          objectType: 'product_version',
          objectId: id,
          before: auditView({ productCode: current.product_code, versionNo: current.version_no, status: current.status, effectiveFrom: current.effective_from, effectiveTo: current.effective_to, definition: current.definition, note: current.note }),
          after: auditView({ productCode: current.product_code, versionNo: current.version_no, status: 'DRAFT', ...v }),
        }, now);
      });
      return detailOf(await loadVersion(id), today());
    },

    /**
     * Approves a draft: not by its maker or last editor; needs a filing number and a period that
     * has not ended; an earlier approved version running into the new period ends the day before.
     */
    async approve(ctx: RequestContext, id: string): Promise<VersionDetail> {
      requirePermission(ctx.actor, P.productApprove);
      const now = clock.now();
      const date = shanghaiDate(now);
      const superseded: { id: string; versionNo: number; effectiveTo: string }[] = [];
      await db.transaction().execute(async (trx) => {
        const head = await R.findVersion(trx, id);
        if (!head) throw E.versionNotFound();
        await R.lockProduct(trx, head.product_id);
        const v = (await R.findVersion(trx, id))!;
        if (v.status !== 'DRAFT') throw E.notDraft(refOf(v));
        if (v.created_by.id === ctx.actor.userId || v.updated_by.id === ctx.actor.userId) throw E.selfApproval();
        const def = v.definition as ProductDefinition;
        // The rules may have tightened since the draft was saved.
        validateDefinition(v.product_line as ProductLine, def);
        await checkReferences(def);
        if (!def.filingNo) throw E.filingNoRequired();
        if (v.effective_to !== null && v.effective_to < date) throw E.periodEnded(v.effective_to, date);
        const others = await R.approvedOf(trx, v.product_id, v.id);
        const plan = planApproval(
          { effectiveFrom: v.effective_from, effectiveTo: v.effective_to },
          others.map((o) => ({ id: o.id, versionNo: o.version_no, status: o.status, effectiveFrom: o.effective_from, effectiveTo: o.effective_to })),
        );
        if (plan.conflict) throw E.periodOverlap(plan.conflict);
        for (const s of plan.supersede) {
          await R.setEffectiveTo(trx, s.id, s.effectiveTo, now);
          superseded.push(s);
        }
        await R.approve(trx, id, ctx.actor.userId, now);
        await R.touchProduct(trx, v.product_id, now);
        await writeAudit(trx, auditActorOf(ctx), {
          action: 'product.version.approve',
          objectType: 'product_version',
          objectId: id,
          before: { status: 'DRAFT' },
          after: auditView({ productCode: v.product_code, versionNo: v.version_no, status: 'APPROVED', effectiveFrom: v.effective_from, effectiveTo: v.effective_to }),
          details: superseded.length ? { superseded } : undefined,
        }, now);
      });
      return detailOf(await loadVersion(id), date);
    },

    /** Stops sales of an approved version at once; policies sold on it keep it. */
    async retire(ctx: RequestContext, id: string, reason: string | null): Promise<VersionDetail> {
      requirePermission(ctx.actor, P.productApprove);
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        const head = await R.findVersion(trx, id);
        if (!head) throw E.versionNotFound();
        await R.lockProduct(trx, head.product_id);
        const v = (await R.findVersion(trx, id))!;
        if (v.status !== 'APPROVED') throw E.notApproved(refOf(v));
        await R.retire(trx, id, ctx.actor.userId, now);
        await R.touchProduct(trx, v.product_id, now);
        await writeAudit(trx, auditActorOf(ctx), {
          action: 'product.version.retire',
          objectType: 'product_version',
          objectId: id,
          before: { status: 'APPROVED' },
          after: auditView({ productCode: v.product_code, versionNo: v.version_no, status: 'RETIRED', effectiveFrom: v.effective_from, effectiveTo: v.effective_to }),
          details: reason?.trim() ? { reason: reason.trim() } : undefined,
        }, now);
      });
      return detailOf(await loadVersion(id), today());
    },

    async diff(ctx: RequestContext, fromId: string, toId: string): Promise<VersionDiff> {
      requirePermission(ctx.actor, P.productRead);
      const date = today();
      const [a, b] = await Promise.all([loadVersion(fromId), loadVersion(toId)]);
      const from = detailOf(a, date);
      const to = detailOf(b, date);
      const rows = diffVersions(from, to);
      return { from, to, rows, changedCount: rows.filter((r) => r.changed).length };
    },

    /** Versions a clerk may quote today (approved, in their period). */
    async quotable(ctx: RequestContext): Promise<QuotableVersion[]> {
      requirePermission(ctx.actor, P.ratingQuote);
      const rows = await R.quotableVersions(db, today());
      return rows.map((r) => {
        const definition = r.definition as ProductDefinition;
        return {
          id: r.id,
          productId: r.product_id,
          productCode: r.product_code,
          productName: r.product_name,
          line: r.product_line as ProductLine,
          versionNo: r.version_no,
          effectiveFrom: r.effective_from,
          effectiveTo: r.effective_to,
          ratingMethod: definition.rating.method,
          definition,
        };
      });
    },

    /** What the version editor offers to pick from: life tables and the motor rate table's coverages. */
    async reference(ctx: RequestContext): Promise<RatingReference> {
      requirePermission(ctx.actor, P.productRead);
      const [tables, commercial] = await Promise.all([listTables(db), engines.commercialReference.get()]);
      return {
        lifeTables: tables.map((t) => ({ code: t.code, name: t.name, minAge: t.minAge, maxAge: t.maxAge })),
        commercialCoverages: [...commercial.coverages.values()].map((c) => ({ code: c.code, name: c.nameZh, basis: c.basis })),
      };
    },

    /**
     * Quotes through a version: only approved and effective today (Asia/Shanghai); the version's
     * limits (channel, age, sum assured, terms, coverages) first, then the engine its rating
     * method names. Answers the engine's own result, the premium and the derivation.
     */
    async quote(ctx: RequestContext, id: string, body: QuoteBodyT): Promise<ProductQuote> {
      requirePermission(ctx.actor, P.ratingQuote);
      return service.price(id, body, ctx.lang);
    },

    /**
     * The quote itself, for other modules pricing on behalf of a user they have already
     * authorised (proposals, renewals, servicing): no permission check here.
     */
    async price(id: string, body: QuoteBodyT, lang: 'zh' | 'en'): Promise<ProductQuote> {
      const v = await loadVersion(id);
      const date = today();
      if (!isQuotable({ status: v.status, effectiveFrom: v.effective_from, effectiveTo: v.effective_to }, date)) throw E.notQuotable(refOf(v), date);
      const def = v.definition as ProductDefinition;
      const method = def.rating.method;
      const zh = lang !== 'en';
      const say = (z: string, e: string) => (zh ? z : e);

      const inputKey = { CTPL: 'ctpl', COMMERCIAL_MOTOR: 'commercial', LIFE_NET: 'life', LIFE_GROSS: 'life', FIXED: 'fixed' } as const;
      const key = inputKey[method];
      for (const k of ['ctpl', 'commercial', 'life', 'fixed'] as const) {
        if (k !== key && body[k] !== undefined) throw E.quoteInputNotApplicable(k);
      }
      if (body[key] === undefined) throw E.quoteInputRequired(key, RATING_METHODS[method].zh, RATING_METHODS[method].en);
      const coolingOffDays = checkChannel(def, body.channel as Channel | undefined);

      const period = `${v.effective_from} ${say('至', 'to')} ${v.effective_to ?? say('长期', 'open end')}`;
      const explanation = [
        say(
          `产品 ${v.product_code} ${v.product_name} 第 ${v.version_no} 版（${period}，备案编号 ${def.filingNo ?? '—'}），费率方法：${RATING_METHODS[method].zh}`,
          `Product ${v.product_code} ${v.product_name} V${v.version_no} (${period}, filing ${def.filingNo ?? '—'}), rating: ${RATING_METHODS[method].en}`,
        ),
      ];
      if (body.channel && coolingOffDays !== null) {
        explanation.push(say(`销售渠道：${CHANNELS[body.channel as Channel].zh}，犹豫期 ${coolingOffDays} 天`, `Channel ${body.channel}: cooling-off ${coolingOffDays} days`));
      }
      const answer: ProductQuote = {
        version: {
          id: v.id,
          productId: v.product_id,
          productCode: v.product_code,
          productName: v.product_name,
          line: v.product_line as ProductLine,
          versionNo: v.version_no,
          effectiveFrom: v.effective_from,
          effectiveTo: v.effective_to,
          filingNo: def.filingNo,
          riskLevel: def.riskLevel,
        },
        ratingMethod: method,
        quoteDate: date,
        premium: '0.00',
        explanation,
        coolingOffDays,
      };

      const rating = def.rating;
      switch (rating.method) {
        case 'CTPL': {
          const q = await prefixed('ctpl', () => engines.ctpl(body.ctpl!));
          answer.ctpl = q;
          answer.premium = q.premium;
          explanation.push(
            say(`车辆类别 ${q.category}，基础保费 ${q.basePremium} 元`, `Category ${q.category}, base premium ${q.basePremium}`),
            say(`费率浮动因素 ${q.floatFactor ?? '无（不浮动）'}，浮动比率 ${q.floatRate}`, `Float factor ${q.floatFactor ?? 'none'}, rate ${q.floatRate}`),
            say(`保费 = ${q.basePremium} × (1 + ${q.floatRate}) = ${q.premium} 元`, `Premium = ${q.basePremium} × (1 + ${q.floatRate}) = ${q.premium}`),
          );
          break;
        }
        case 'COMMERCIAL_MOTOR': {
          const input = body.commercial!;
          const offered = def.coverages.map((c) => c.code);
          for (const [i, c] of input.coverages.entries()) {
            if (!offered.includes(c.code)) {
              throw E.notOffered('PRODUCT_COVERAGE_NOT_OFFERED', `commercial.coverages.${i}.code`, { zh: '险种', en: 'coverage' }, { zh: `本产品不含“${c.code}”（可选：${offered.join('、')}）`, en: `${c.code} is not part of this product (offered: ${offered.join(', ')})` });
            }
          }
          const withDefault = input.pricingCoefficient === undefined && rating.defaultPricingCoefficient !== null ? { ...input, pricingCoefficient: rating.defaultPricingCoefficient } : input;
          const q = await prefixed('commercial', () => engines.commercial(withDefault));
          answer.commercial = q;
          answer.premium = q.premium;
          if (withDefault !== input) explanation.push(say(`自主定价系数按产品默认值 ${rating.defaultPricingCoefficient}`, `Pricing coefficient: product default ${rating.defaultPricingCoefficient}`));
          for (const l of q.lines) {
            explanation.push(
              say(
                `${l.name}：${l.basis}，基准保费 ${l.basePremium} 元 × ${l.factors.map((f) => f.value).join(' × ')} = ${l.premium} 元`,
                `${l.code}: ${l.basis}, base ${l.basePremium} × ${l.factors.map((f) => f.value).join(' × ')} = ${l.premium}`,
              ),
            );
          }
          for (const f of q.lines[0]?.factors ?? []) explanation.push(f.why);
          explanation.push(say(`合计保费 ${q.premium} 元`, `Total premium ${q.premium}`));
          break;
        }
        case 'LIFE_NET':
        case 'LIFE_GROSS': {
          const input = lifeEngineInput(def, body.life!);
          const q = await prefixed('life', () => engines.life(input));
          const single = body.life!.paymentMode === 'SINGLE';
          const net = single ? q.netSinglePremium : q.netAnnualPremium;
          const gross = rating.method === 'LIFE_GROSS' ? grossPremium(net, rating.expenseRatio, rating.perPolicy) : null;
          const paymentTerm = input.paymentTerm ?? (input.term ?? null);
          answer.life = {
            table: input.table,
            interest: rating.interest,
            benefit: rating.benefit,
            term: input.term ?? null,
            paymentTerm: paymentTerm ?? 0,
            paymentMode: single ? 'SINGLE' : 'ANNUAL',
            netSinglePremium: q.netSinglePremium,
            netAnnualPremium: q.netAnnualPremium,
            annuityDue: q.annuityDue,
            grossPremium: gross,
          };
          answer.premium = gross ?? money(net);
          const sexZh = body.life!.sex === 'M' ? '男' : '女';
          explanation.push(
            say(
              `被保险人 ${sexZh}，${input.age} 岁，生命表 ${input.table}，预定利率 ${rating.interest}，${LIFE_BENEFITS[rating.benefit].zh}，保险期间 ${input.term ? `${input.term} 年` : '终身'}，${single ? '趸交' : `年交，缴费期间 ${paymentTerm ? `${paymentTerm} 年` : '终身'}`}，保险金额 ${input.sumAssured} 元`,
              `Insured ${body.life!.sex}, age ${input.age}, table ${input.table}, interest ${rating.interest}, ${rating.benefit}, term ${input.term ?? 'whole life'}, ${single ? 'single premium' : `annual premiums for ${paymentTerm ?? 'life'} years`}, sum assured ${input.sumAssured}`,
            ),
            say(`净趸缴保费 ${q.netSinglePremium} 元`, `Net single premium ${q.netSinglePremium}`),
          );
          if (!single) explanation.push(say(`净年缴保费 = ${q.netSinglePremium} ÷ ä(${q.annuityDue}) = ${q.netAnnualPremium} 元`, `Net annual premium = ${q.netSinglePremium} ÷ ä(${q.annuityDue}) = ${q.netAnnualPremium}`));
          if (rating.method === 'LIFE_GROSS') {
            explanation.push(say(`毛保费 = (${net} + ${rating.perPolicy}) ÷ (1 − ${rating.expenseRatio}) = ${gross} 元`, `Gross premium = (${net} + ${rating.perPolicy}) ÷ (1 − ${rating.expenseRatio}) = ${gross}`));
          } else {
            explanation.push(say(`应缴保费（净保费，保留到分）${answer.premium} 元`, `Premium (net, to the fen) ${answer.premium}`));
          }
          break;
        }
        case 'FIXED': {
          const input = body.fixed!;
          if (def.minAge !== null || def.maxAge !== null) {
            if (input.age === undefined) throw E.notOffered('PRODUCT_AGE_REQUIRED', 'fixed.age', { zh: '被保险人年龄', en: 'age' }, { zh: '本产品有投保年龄限制，必须填写', en: 'required: the product has age limits' });
            checkAge(def, input.age, 'fixed');
          }
          checkSumAssured(def, input.sumAssured, 'fixed');
          const f = fixedPremium(input.sumAssured, rating.rate, rating.minPremium);
          answer.fixed = { sumAssured: input.sumAssured, rate: rating.rate, computed: f.computed, minPremium: rating.minPremium };
          answer.premium = f.premium;
          explanation.push(say(`保费 = 保险金额 ${input.sumAssured} × 费率 ${rating.rate} = ${f.computed} 元`, `Premium = ${input.sumAssured} × ${rating.rate} = ${f.computed}`));
          if (f.premium !== f.computed) explanation.push(say(`低于最低保费 ${rating.minPremium} 元，按最低保费 ${f.premium} 元收取`, `Below the minimum premium: ${f.premium}`));
          break;
        }
      }
      return answer;
    },
  };
  return service;
}

/** Runs an engine; its 422 names the field under the quote body's part (`ctpl.vehicle.seats`). */
async function prefixed<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (isAppError(e) && e.kind === 'unprocessable' && typeof e.details?.field === 'string') {
      throw new AppError(e.kind, e.code, e.text, { ...e.details, field: `${prefix}.${e.details.field}` });
    }
    throw e;
  }
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
