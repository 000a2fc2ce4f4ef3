// Placeholder replaced by the implementation (issue 4).
import type { PolicyDeps } from './deps';

export function createServicingService(deps: PolicyDeps) {
  void deps;
  return {};
}

export type ServicingService = ReturnType<typeof createServicingService>;
