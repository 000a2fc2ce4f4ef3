// HTTP face of 商业车险 rating: a stateless quote from the reference data in force. Nothing is
// stored, so no audit; any signed-in user with rating:quote may call it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../platform/access';
import { ctxOf } from '../../platform/http/auth';
import type { ProductDeps } from './index';
import { P } from './permissions';
import { createRatingEngines, type RatingEngines } from './engines';
import * as S from './commercial.schemas';

export function commercialRoutes(deps: ProductDeps, engines: RatingEngines = createRatingEngines(deps)) {

  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/rating/commercial', { schema: { tags: ['rating'], summary: '商业车险保费试算', body: S.CommercialQuoteBody, response: { 200: S.CommercialQuoteSchema, ...S.errorResponses } } }, async (req) => {
      requirePermission(ctxOf(req).actor, P.ratingQuote);
      return engines.commercial(req.body);
    });
  };
}
