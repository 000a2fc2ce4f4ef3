// The rating engines of the product module, created once and shared: the HTTP endpoints
// (/rating/ctpl, /rating/commercial, /actuarial/quote) and quoting through a product version call
// the same functions over the same cached reference data, so both always give the same answer.
import { AppError } from '../../platform/errors';
import { createActuarialService } from './actuarial.service';
import { quote as lifeQuote, type Quote as LifeQuote, type QuoteInput as LifeQuoteInput } from './actuarial.rules';
import { createCommercialReferenceStore } from './commercial.repository';
import { commercialQuoteToWire, quoteCommercial, type CommercialQuoteInput } from './commercial.rules';
import { createCtplReferenceStore } from './ctpl.repository';
import { ctplQuoteToWire, quoteCtpl, type CtplQuoteInput } from './ctpl.rules';
import type { ProductDeps } from './index';

export function createRatingEngines(deps: ProductDeps) {
  const ctplReference = createCtplReferenceStore(deps.db, deps.clock);
  const commercialReference = createCommercialReferenceStore(deps.db, deps.clock);
  const actuarial = createActuarialService(deps);

  return {
    ctplReference,
    commercialReference,
    actuarial,

    /** 交强险 on the tariff in force; 422 naming the field of an input the tariff cannot rate. */
    async ctpl(input: CtplQuoteInput): Promise<ReturnType<typeof ctplQuoteToWire>> {
      const r = quoteCtpl(await ctplReference.get(), input);
      if (!r.ok) throw new AppError('unprocessable', r.failure.code, r.failure.message, { field: r.failure.field });
      return ctplQuoteToWire(r.value);
    },

    /** 商业车险 on the rate table in force. */
    async commercial(input: CommercialQuoteInput): Promise<ReturnType<typeof commercialQuoteToWire>> {
      const r = quoteCommercial(await commercialReference.get(), input);
      if (!r.ok) throw new AppError('unprocessable', r.failure.code, r.failure.message, { field: r.failure.field });
      return commercialQuoteToWire(r.value);
    },

    /** Net premiums on a mortality table (no permission check: callers do their own). */
    async life(input: LifeQuoteInput & { table: string }): Promise<LifeQuote> {
      return lifeQuote(await actuarial.table(input.table), input);
    },
  };
}

export type RatingEngines = ReturnType<typeof createRatingEngines>;
