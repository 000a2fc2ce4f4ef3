// HTTP face of the product catalogue. Thin: parse → call the service → answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { CHANNELS, PRODUCT_LINES, RATING_METHODS, RISK_LEVELS, VERSION_STATUSES } from '../../../contracts/product';
import { sendXlsx, shanghaiDateTime, toXlsx } from '../../platform/excel';
import { ctxOf } from '../../platform/http/auth';
import * as S from './catalogue.schemas';
import type { CatalogueService } from './catalogue.service';

const tag = { tags: ['products'] };

export function catalogueRoutes(service: CatalogueService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/products', { schema: { ...tag, summary: '产品列表', querystring: S.ProductListQuery, response: { 200: S.ProductPageSchema, ...S.errorResponses } } }, async (req) => service.list(ctxOf(req), req.query));

    app.get('/products/export', { schema: { ...tag, summary: '导出产品（Excel）', querystring: S.ProductListQuery } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const rows = await service.exportRows(ctx, req.query);
      const zh = ctx.lang === 'zh';
      const pick = (l: { zh: string; en: string }) => (zh ? l.zh : l.en);
      const period = (v: { effectiveFrom: string; effectiveTo: string | null } | null) => (v ? `${v.effectiveFrom} ~ ${v.effectiveTo ?? (zh ? '长期' : 'open')}` : '');
      const body = await toXlsx(zh ? '产品' : 'Products', [
        { header: zh ? '产品代码' : 'Code', value: (r) => r.code },
        { header: zh ? '产品名称' : 'Name', value: (r) => r.name, width: 28 },
        { header: zh ? '险种' : 'Line', value: (r) => pick(PRODUCT_LINES[r.line]) },
        { header: zh ? '版本数' : 'Versions', value: (r) => r.versionCount, width: 8 },
        { header: zh ? '最新版本' : 'Latest', value: (r) => `V${r.latestVersion.versionNo} ${pick(VERSION_STATUSES[r.latestVersion.status])}` },
        { header: zh ? '在售版本' : 'On sale', value: (r) => (r.currentVersion ? `V${r.currentVersion.versionNo}` : '') },
        { header: zh ? '在售版本有效期' : 'Effective period', value: (r) => period(r.currentVersion), width: 26 },
        { header: zh ? '费率方法' : 'Rating method', value: (r) => (r.currentDefinition ? pick(RATING_METHODS[r.currentDefinition.rating.method]) : ''), width: 26 },
        { header: zh ? '风险等级' : 'Risk level', value: (r) => (r.currentDefinition ? pick(RISK_LEVELS[r.currentDefinition.riskLevel]) : '') },
        { header: zh ? '销售渠道' : 'Channels', value: (r) => (r.currentDefinition ? r.currentDefinition.channels.map((c) => pick(CHANNELS[c])).join('、') : ''), width: 30 },
        { header: zh ? '备案编号' : 'Filing no.', value: (r) => r.currentDefinition?.filingNo ?? '', width: 24 },
        { header: zh ? '更新时间' : 'Updated', value: (r) => shanghaiDateTime(r.updatedAt), width: 20 },
      ], rows);
      return sendXlsx(reply, zh ? '产品列表.xlsx' : 'products.xlsx', body);
    });

    app.get('/products/quotable', { schema: { ...tag, summary: '今日可试算的产品版本', response: { 200: Type.Object({ items: Type.Array(S.QuotableVersionSchema) }), ...S.errorResponses } } }, async (req) => ({
      items: await service.quotable(ctxOf(req)),
    }));
    app.get('/products/rating-reference', { schema: { ...tag, summary: '版本编辑可选的生命表与商业车险险种', response: { 200: S.RatingReferenceSchema, ...S.errorResponses } } }, async (req) =>
      service.reference(ctxOf(req)),
    );
    app.get('/products/versions/diff', { schema: { ...tag, summary: '比较两个产品版本', querystring: S.DiffQuery, response: { 200: S.DiffSchema, ...S.errorResponses } } }, async (req) =>
      service.diff(ctxOf(req), req.query.from, req.query.to),
    );
    app.get('/products/versions/:id', { schema: { ...tag, summary: '产品版本详情', params: S.IdParams, response: { 200: S.VersionDetailSchema, ...S.errorResponses } } }, async (req) =>
      service.getVersion(ctxOf(req), req.params.id),
    );
    app.put('/products/versions/:id', { schema: { ...tag, summary: '修改草稿版本', params: S.IdParams, body: S.UpdateVersionBody, response: { 200: S.VersionDetailSchema, ...S.errorResponses } } }, async (req) =>
      service.updateVersion(ctxOf(req), req.params.id, req.body),
    );
    app.post('/products/versions/:id/approve', { schema: { ...tag, summary: '审批版本（不能审批本人经办的版本）', params: S.IdParams, response: { 200: S.VersionDetailSchema, ...S.errorResponses } } }, async (req) =>
      service.approve(ctxOf(req), req.params.id),
    );
    app.post('/products/versions/:id/retire', { schema: { ...tag, summary: '停售版本', params: S.IdParams, body: Type.Optional(Type.Object({ reason: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])) }, { additionalProperties: false })), response: { 200: S.VersionDetailSchema, ...S.errorResponses } } }, async (req) =>
      service.retire(ctxOf(req), req.params.id, req.body?.reason ?? null),
    );
    app.post('/products/versions/:id/quote', { schema: { ...tag, summary: '按产品版本试算（仅已审批且在有效期内）', params: S.IdParams, body: S.QuoteBody, response: { 200: S.ProductQuoteSchema, ...S.errorResponses } } }, async (req) =>
      service.quote(ctxOf(req), req.params.id, req.body),
    );

    app.get('/products/:id', { schema: { ...tag, summary: '产品详情（含全部版本）', params: S.IdParams, response: { 200: S.ProductDetailSchema, ...S.errorResponses } } }, async (req) => service.get(ctxOf(req), req.params.id));
    app.post('/products', { schema: { ...tag, summary: '新建产品（及第 1 版草稿）', body: S.CreateProductBody, response: { 201: S.ProductDetailSchema, ...S.errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await service.create(ctxOf(req), req.body)),
    );
    app.post('/products/:id/versions', { schema: { ...tag, summary: '新建版本（复制最新版本）', params: S.IdParams, body: S.NewVersionBody, response: { 201: S.VersionDetailSchema, ...S.errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await service.newVersion(ctxOf(req), req.params.id, req.body.note ?? null)),
    );
  };
}
