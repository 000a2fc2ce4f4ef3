// HTTP face of 商业车险 rating: a stateless quote from the reference data in force (nothing stored,
// no audit; rating:quote), and the company's rate-table versions (loading one: rating:configure,
// audited).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../platform/access';
import { ctxOf } from '../../platform/http/auth';
import type { ProductDeps } from './index';
import { P } from './permissions';
import { createRatingEngines, type RatingEngines } from './engines';
import * as S from './commercial.schemas';
import { createCommercialRateTableService } from './commercial.service';
import { Type } from '@sinclair/typebox';
import { sendXlsx } from '../../platform/excel';
import { sendError } from '../../platform/http/errors';
import { AppError } from '../../platform/errors';
import { createFromRateTableXlsx, RATE_IMPORT_BODY_LIMIT, rateTableTemplate, readRateTableXlsx, XLSX_TYPE } from './commercial.import';

const { code, name, effectiveFrom, source } = S.RateTableBody.properties;
/** POST /rating/commercial/rate-tables/import: the JSON body's fields but `rates`, as the query. */
const RateTableImportQuery = Type.Object({ code, name, effectiveFrom, source }, { additionalProperties: false });

export function commercialRoutes(deps: ProductDeps, engines: RatingEngines = createRatingEngines(deps)) {
  const rateTables = createCommercialRateTableService({ ...deps, reference: engines.commercialReference });

  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/rating/commercial', { schema: { tags: ['rating'], summary: '商业车险保费试算', body: S.CommercialQuoteBody, response: { 200: S.CommercialQuoteSchema, ...S.errorResponses } } }, async (req) => {
      requirePermission(ctxOf(req).actor, P.ratingQuote);
      return engines.commercial(req.body);
    });

    // A company's filed base rates, as versions by effective date (the shipped one is a SAMPLE).
    app.get('/rating/commercial/rate-tables', { schema: { tags: ['rating'], summary: '商业车险费率表版本', response: { 200: Type.Object({ items: Type.Array(S.RateTableSummarySchema) }), ...S.errorResponses } } }, async (req) => ({
      items: await rateTables.list(ctxOf(req)),
    }));
    app.post('/rating/commercial/rate-tables', { schema: { tags: ['rating'], summary: '导入商业车险费率表（新版本）', body: S.RateTableBody, response: { 201: S.RateTableSummarySchema, ...S.errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await rateTables.create(ctxOf(req), req.body)),
    );

    // The same, from Excel: the template, and the workbook as the raw request body (≤ 5 MB; the
    // parser applies to this plugin only). Rows are checked and stored exactly as by the JSON API.
    app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: RATE_IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
    app.get('/rating/commercial/rate-tables/template', { schema: { tags: ['rating'], summary: '商业车险费率表导入模板（Excel）' } }, async (req, reply) => {
      ctxOf(req);
      return sendXlsx(reply, '商业车险费率表模板.xlsx', await rateTableTemplate());
    });
    app.post('/rating/commercial/rate-tables/import', {
      bodyLimit: RATE_IMPORT_BODY_LIMIT,
      errorHandler: (err, req, reply) => {
        if ((err as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
        return sendError(req, reply, new AppError('too_large', 'REQUEST_TOO_LARGE', { zh: '费率表文件过大（上限 5 MB）', en: 'rate table file too large (5 MB max)' }, { field: 'file', limit: RATE_IMPORT_BODY_LIMIT }));
      },
      schema: { tags: ['rating'], summary: '从 Excel 导入商业车险费率表（新版本；文件为请求体）', querystring: RateTableImportQuery, response: { 201: S.RateTableSummarySchema, ...S.errorResponses } },
    }, async (req, reply) => {
      const ctx = ctxOf(req);
      requirePermission(ctx.actor, P.ratingConfigure);
      const parsed = await readRateTableXlsx(req.body);
      const created = await createFromRateTableXlsx(parsed, (rates) => rateTables.create(ctx, { ...req.query, rates }));
      return reply.status(201).send(created);
    });
  };
}
