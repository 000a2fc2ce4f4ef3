// HTTP face of life pricing. Thin: parse → call the service → answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../platform/http/auth';
import * as S from './actuarial.schemas';
import { createRatingEngines, type RatingEngines } from './engines';
import type { ProductDeps } from './index';
import { requirePermission } from '../../platform/access';
import { AppError } from '../../platform/errors';
import { sendError } from '../../platform/http/errors';
import { createFromLifeTableXlsx, RATE_IMPORT_BODY_LIMIT, readLifeTableXlsx, XLSX_TYPE } from './commercial.import';
import { P } from './permissions';

const tag = { tags: ['actuarial'] };
const { code, name } = S.CreateTableBody.properties;
/** POST /actuarial/tables/import: the JSON body's fields but `rows`, as the query. */
const ImportQuery = Type.Object({ code, name }, { additionalProperties: false });

export function actuarialRoutes(deps: ProductDeps, engines: RatingEngines = createRatingEngines(deps)) {
  const service = engines.actuarial;

  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/actuarial/tables', { schema: { ...tag, summary: '生命表列表', response: { 200: Type.Object({ items: Type.Array(S.TableSchema) }), ...S.errorResponses } } }, async (req) => ({
      items: await service.list(ctxOf(req)),
    }));
    app.post('/actuarial/tables', { schema: { ...tag, summary: '上传生命表', body: S.CreateTableBody, response: { 201: S.TableSchema, ...S.errorResponses } } }, async (req, reply) =>
      reply.status(201).send(await service.create(ctxOf(req), req.body)),
    );
    // The same from Excel (columns 年龄 / qx): the workbook is the raw body (≤ 5 MB, this plugin only).
    app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: RATE_IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
    app.post('/actuarial/tables/import', {
      bodyLimit: RATE_IMPORT_BODY_LIMIT,
      errorHandler: (err, req, reply) => {
        if ((err as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err;
        return sendError(req, reply, new AppError('too_large', 'REQUEST_TOO_LARGE', { zh: '生命表文件过大（上限 5 MB）', en: 'life table file too large (5 MB max)' }, { field: 'file', limit: RATE_IMPORT_BODY_LIMIT }));
      },
      schema: { ...tag, summary: '从 Excel 上传生命表（列：年龄、qx；文件为请求体）', querystring: ImportQuery, response: { 201: S.TableSchema, ...S.errorResponses } },
    }, async (req, reply) => {
      const ctx = ctxOf(req);
      requirePermission(ctx.actor, P.actuarialWrite);
      const parsed = await readLifeTableXlsx(req.body);
      return reply.status(201).send(await createFromLifeTableXlsx(parsed, (rows) => service.create(ctx, { ...req.query, rows })));
    });
    app.post('/actuarial/quote', { schema: { ...tag, summary: '净保费试算', body: S.QuoteBody, response: { 200: S.QuoteSchema, ...S.errorResponses } } }, async (req) =>
      service.quote(ctxOf(req), req.body),
    );
  };
}
