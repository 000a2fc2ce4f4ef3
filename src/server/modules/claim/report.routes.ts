// HTTP face of the claim module's report area (docs/api-claim.md). Thin: parse → service → answer.
import type { FastifyInstance } from 'fastify';
import type { ClaimServices } from './index';

export function reportRoutes(_services: ClaimServices) {
  return async (_fastify: FastifyInstance) => {};
}
