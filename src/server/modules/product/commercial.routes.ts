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
  };
}
