// HTTP face of 交强险 rating: a stateless quote from the reference data in force. Nothing is stored,
// so no audit; any signed-in user with rating:quote may call it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../platform/access';
import { ctxOf } from '../../platform/http/auth';
import type { ProductDeps } from './index';
import { P } from './permissions';
import { createRatingEngines, type RatingEngines } from './engines';
import * as S from './ctpl.schemas';

export function ctplRoutes(deps: ProductDeps, engines: RatingEngines = createRatingEngines(deps)) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/rating/ctpl', { schema: { tags: ['rating'], summary: '交强险保费试算', body: S.CtplQuoteBody, response: { 200: S.CtplQuoteSchema, ...S.errorResponses } } }, async (req) => {
      requirePermission(ctxOf(req).actor, P.ratingQuote);
      return engines.ctpl(req.body);
    });
  };
}
