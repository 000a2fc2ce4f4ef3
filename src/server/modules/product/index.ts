// Products and rating: the rating engines (交强险, 商业车险, life pricing) and the versioned
// product catalogue that quotes through them.
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { FastifyInstance } from 'fastify';
import './permissions';
import './catalogue.errors';
import './commercial.errors';
import { actuarialRoutes } from './actuarial.routes';
import { catalogueRoutes } from './catalogue.routes';
import { createCatalogueService } from './catalogue.service';
import { ctplRoutes } from './ctpl.routes';
import { commercialRoutes } from './commercial.routes';
import { createRatingEngines } from './engines';

export interface ProductDeps {
  db: Database;
  clock: Clock;
}

export function createProductModule(deps: ProductDeps) {
  const engines = createRatingEngines(deps);
  const catalogue = createCatalogueService({ ...deps, engines });
  return {
    /** For later modules (policy): versions, quoting, and the engines' reference data (mortality tables). */
    api: { catalogue, engines },
    routes: async (app: FastifyInstance) => {
      await app.register(ctplRoutes(deps, engines));
      await app.register(commercialRoutes(deps, engines));
      await app.register(actuarialRoutes(deps, engines));
      await app.register(catalogueRoutes(catalogue));
    },
  };
}
