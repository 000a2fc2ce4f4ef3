// Placeholder replaced by the implementation (issue 4).
import type { PolicyDeps } from './deps';

export function createRenewalService(deps: PolicyDeps) {
  void deps;
  return {};
}

export type RenewalService = ReturnType<typeof createRenewalService>;
