// The business modules whose services hold state beyond a request (the catalogue's caches, the
// policy module's daily job): built once per process and shared by the HTTP app (buildApp) and the
// workers / CLI, so a job sees the same caches and wiring (PII crypto) as the routes.
import type { Config } from './config';
import type { Database } from './db/database';
import { createPolicyModule } from './modules/policy/index';
import { createProductModule } from './modules/product/index';
import type { Clock } from './platform/clock';
import { createPiiCrypto, resolvePiiKey } from './platform/pii-crypto';

export function createModules({ config, db, clock }: { config: Config; db: Database; clock: Clock }) {
  const product = createProductModule({ db, clock });
  const policy = createPolicyModule({ db, clock, ...product.api, pii: createPiiCrypto(resolvePiiKey(config)) });
  return { product, policy };
}
export type AppModules = ReturnType<typeof createModules>;
