// 支付 (idempotent payment orders, advance and partial payments, paid / cancelled), 结案, 注销,
// 重开, the claim.closed event, review sampling and KPIs.
import type { ClaimDeps } from './deps';

export function createPaymentService(_deps: ClaimDeps) {
  return {};
}
export type PaymentService = ReturnType<typeof createPaymentService>;
