// HTTP face of the claim module's approval area (docs/api-claim.md). Thin: parse → service → answer.
import type { FastifyInstance } from 'fastify';
import type { ClaimServices } from './index';

export function approvalRoutes(_services: ClaimServices) {
  return async (_fastify: FastifyInstance) => {};
}
