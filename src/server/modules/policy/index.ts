// Policy administration: proposals through underwriting, collection and issue (proposal.*),
// policies and their schedule (policy.*), servicing items (servicing.*), renewal and the daily
// lapse/expiry job (renewal.*), and its configuration (admin.*: number ranges, underwriting
// authorities, settings). Money goes through billing.ts only.
import './permissions';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database';
import type { Clock } from '../../platform/clock';
import type { PiiCrypto } from '../../platform/pii-crypto';
import type { CatalogueService } from '../product/catalogue.service';
import type { RatingEngines } from '../product/engines';
import { createPolicyAdminService } from './admin.service';
import { adminRoutes } from './admin.routes';
import { createBilling } from './billing';
import type { PolicyDeps } from './deps';
import { createPolicyQueryService } from './policy.service';
import { policyRoutes } from './policy.routes';
import { createProposalService } from './proposal.service';
import { proposalRoutes } from './proposal.routes';
import { createRenewalService } from './renewal.service';
import { createServicingService } from './servicing.service';
import { servicingRoutes } from './servicing.routes';

export { P as policyPermissions } from './permissions';

export function createPolicyServices(deps: { db: Database; clock: Clock; catalogue: CatalogueService; engines: RatingEngines; pii?: PiiCrypto }) {
  const d: PolicyDeps = { ...deps, billing: createBilling() };
  return {
    proposals: createProposalService(d),
    policies: createPolicyQueryService(d),
    servicing: createServicingService(d),
    renewals: createRenewalService(d),
    admin: createPolicyAdminService(d),
  };
}
export type PolicyServices = ReturnType<typeof createPolicyServices>;

export function createPolicyModule(deps: { db: Database; clock: Clock; catalogue: CatalogueService; engines: RatingEngines; pii?: PiiCrypto }) {
  const services = createPolicyServices(deps);
  return {
    services,
    routes: async (app: FastifyInstance) => {
      await app.register(proposalRoutes(services));
      await app.register(policyRoutes(services));
      await app.register(servicingRoutes(services));
      await app.register(adminRoutes(services));
    },
  };
}
