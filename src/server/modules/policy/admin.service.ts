// Placeholder replaced by the implementation (issue 4).
import type { PolicyDeps } from './deps';

export function createPolicyAdminService(deps: PolicyDeps) {
  void deps;
  return {};
}

export type PolicyAdminService = ReturnType<typeof createPolicyAdminService>;
