// The business modules whose services hold state beyond a request (the catalogue's caches, the
// policy module's daily job): built once per process and shared by the HTTP app (buildApp) and the
// workers / CLI, so a job sees the same caches and wiring (PII crypto) as the routes.
import type { Config } from './config';
import type { Database } from './db/database';
import { createClaimModule } from './modules/claim/index';
import { createPolicyModule } from './modules/policy/index';
import { createProductModule } from './modules/product/index';
import type { Clock } from './platform/clock';
import { createPiiCrypto, resolvePiiKey } from './platform/pii-crypto';

export function createModules({ config, db, clock }: { config: Config; db: Database; clock: Clock }) {
  const product = createProductModule({ db, clock });
  const pii = createPiiCrypto(resolvePiiKey(config));
  const policy = createPolicyModule({ db, clock, ...product.api, pii });
  const claim = createClaimModule({ db, clock, pii, policy: { recordClaim: policy.services.renewals.recordClaim } });
  return { product, policy, claim };
}
export type AppModules = ReturnType<typeof createModules>;
