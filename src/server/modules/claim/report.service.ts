// 报案 (find the policy, report, possible duplicates), worklists, detail, export, 立案 and reserves.
import type { ClaimDeps } from './deps';

export function createClaimService(_deps: ClaimDeps) {
  return {};
}
export type ClaimService = ReturnType<typeof createClaimService>;
