// Placeholder replaced by the implementation (issue 4).
import type { FastifyInstance } from 'fastify';
import type { PolicyServices } from './index';

export function proposalRoutes(services: PolicyServices) {
  return async (app: FastifyInstance) => {
    void app;
    void services;
  };
}
