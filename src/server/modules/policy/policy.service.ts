// Placeholder replaced by the implementation (issue 4).
import type { PolicyDeps } from './deps';

export function createPolicyQueryService(deps: PolicyDeps) {
  void deps;
  return {};
}

export type PolicyQueryService = ReturnType<typeof createPolicyQueryService>;
