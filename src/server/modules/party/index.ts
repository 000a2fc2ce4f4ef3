// Parties (客户): persons and organizations with validated identities.
import type { FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../../platform/clock';
import { partyRoutes } from './routes';

export interface PartyDeps {
  clock: Clock;
}

export { checkResidentId, checkUscc, isValidMobile, luhnValid } from './identity';
export type { ResidentIdResult, UsccResult } from './identity';

// The default clock keeps `createPartyModule()` in app.ts compiling until it passes `{ clock }`.
export function createPartyModule(deps: PartyDeps = { clock: systemClock }) {
  return { routes: async (app: FastifyInstance) => app.register(partyRoutes, deps) };
}
