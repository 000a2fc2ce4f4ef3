// HTTP face of life pricing. Thin: parse → call the service → answer.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ctxOf } from '../../platform/http/auth';
import * as S from './actuarial.schemas';
import { createRatingEngines, type RatingEngines } from './engines';
import type { ProductDeps } from './index';

const tag = { tags: ['actuarial'] };

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
    app.post('/actuarial/quote', { schema: { ...tag, summary: '净保费试算', body: S.QuoteBody, response: { 200: S.QuoteSchema, ...S.errorResponses } } }, async (req) =>
      service.quote(ctxOf(req), req.body),
    );
  };
}
