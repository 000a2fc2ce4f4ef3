// 理算 (calculation sheets), 核赔 (submit, approve within authority, escalate, return, decline with
// a letter), approval authorities and claim settings.
import type { ClaimDeps } from './deps';

export function createApprovalService(_deps: ClaimDeps) {
  return {};
}
export type ApprovalService = ReturnType<typeof createApprovalService>;
