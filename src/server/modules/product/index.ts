// Products and rating: the 交强险 engine and life pricing (actuarial) so far.
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { FastifyInstance } from 'fastify';
import './permissions';
import { actuarialRoutes } from './actuarial.routes';
import { ctplRoutes } from './ctpl.routes';
import { commercialRoutes } from './commercial.routes';

export interface ProductDeps {
  db: Database;
  clock: Clock;
}

export function createProductModule(deps: ProductDeps) {
  return {
    routes: async (app: FastifyInstance) => {
      await app.register(ctplRoutes(deps));
      await app.register(commercialRoutes(deps));
      await app.register(actuarialRoutes(deps));
    },
  };
}
