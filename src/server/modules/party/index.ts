// Parties (客户): persons and organizations with validated identities, relationships, import/export.
import './errors';
import './permissions';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { Database } from '../../db/database';
import { systemClock, type Clock } from '../../platform/clock';
import { createPiiCrypto, resolvePiiKey, type PiiCrypto } from '../../platform/pii-crypto';
import { createPartyImporter } from './import';
import { partyRoutes } from './routes';
import { createPartyService } from './service';

export interface PartyDeps {
  clock: Clock;
  /** Without a database only the identity checks are served. */
  db?: Database;
  /** Where the personal-data key comes from (PII_KEY, else DATA_DIR); or pass `pii` directly. */
  config?: Pick<Config, 'piiKey' | 'nodeEnv' | 'dataDir' | 'databaseUrl'>;
  pii?: PiiCrypto;
}

export { checkResidentId, checkUscc, isValidMobile, luhnValid } from './identity';
export type { ResidentIdResult, UsccResult } from './identity';
export { P as partyPermissions } from './permissions';
export type { PartyService } from './service';

export function createPartyModule(deps: PartyDeps = { clock: systemClock }) {
  const { db, clock } = deps;
  if (!db) return { routes: async (app: FastifyInstance) => app.register(partyRoutes, { clock }) };
  const pii = deps.pii ?? createPiiCrypto(resolvePiiKey(deps.config ?? { piiKey: undefined, nodeEnv: 'test', dataDir: '', databaseUrl: undefined }));
  const service = createPartyService({ db, clock, pii });
  const importer = createPartyImporter({ db, clock, pii, service });
  return { service, routes: async (app: FastifyInstance) => app.register(partyRoutes, { clock, service, importer }) };
}
