// HTTP face of 交强险 rating: a stateless quote from the reference data in force. Nothing is stored,
// so no audit; any signed-in user with rating:quote may call it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { requirePermission } from '../../platform/access';
import { AppError } from '../../platform/errors';
import { ctxOf } from '../../platform/http/auth';
import type { ProductDeps } from './index';
import { P } from './permissions';
import { createCtplReferenceStore } from './ctpl.repository';
import { ctplQuoteToWire, quoteCtpl } from './ctpl.rules';
import * as S from './ctpl.schemas';


export function ctplRoutes(deps: ProductDeps) {
  const reference = createCtplReferenceStore(deps.db, deps.clock);

  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/rating/ctpl', { schema: { tags: ['rating'], summary: '交强险保费试算', body: S.CtplQuoteBody, response: { 200: S.CtplQuoteSchema, ...S.errorResponses } } }, async (req) => {
      requirePermission(ctxOf(req).actor, P.ratingQuote);
      const r = quoteCtpl(await reference.get(), req.body);
      if (!r.ok) throw new AppError('unprocessable', r.failure.code, r.failure.message, { field: r.failure.field });
      return ctplQuoteToWire(r.value);
    });
  };
}
