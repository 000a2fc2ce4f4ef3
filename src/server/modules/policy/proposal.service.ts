// Placeholder replaced by the implementation (issue 4).
import type { PolicyDeps } from './deps';

export function createProposalService(deps: PolicyDeps) {
  void deps;
  return {};
}

export type ProposalService = ReturnType<typeof createProposalService>;
