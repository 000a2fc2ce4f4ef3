// HTTP face of 商业车险 rating: a stateless quote from the reference data in force. Nothing is
// stored, so no audit; any signed-in user with rating:quote may call it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../platform/access';
import { AppError } from '../../platform/errors';
import { ctxOf } from '../../platform/http/auth';
import type { ProductDeps } from './index';
import { P } from './permissions';
import { createCommercialReferenceStore } from './commercial.repository';
import { commercialQuoteToWire, quoteCommercial } from './commercial.rules';
import * as S from './commercial.schemas';

export function commercialRoutes(deps: ProductDeps) {
  const reference = createCommercialReferenceStore(deps.db, deps.clock);

  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/rating/commercial', { schema: { tags: ['rating'], summary: '商业车险保费试算', body: S.CommercialQuoteBody, response: { 200: S.CommercialQuoteSchema, ...S.errorResponses } } }, async (req) => {
      requirePermission(ctxOf(req).actor, P.ratingQuote);
      const r = quoteCommercial(await reference.get(), req.body);
      if (!r.ok) throw new AppError('unprocessable', r.failure.code, r.failure.message, { field: r.failure.field });
      return commercialQuoteToWire(r.value);
    });
  };
}
