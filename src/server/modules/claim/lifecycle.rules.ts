// The claim lifecycle as an explicit transition table (issue 5, decision 0012). Pure: no database,
// no clock, no permissions. An illegal (state, action) pair → 409 CLAIM_ILLEGAL_TRANSITION naming
// the current state; a failed guard → 409 CLAIM_GUARD_FAILED naming the guard. Money is decimal.js.
import Decimal from 'decimal.js';
import { CLAIM_ACTIONS, CLAIM_STATES, type ClaimAction, type ClaimState } from '../../../contracts/claim';
import type { Message } from '../../platform/errors';

/**
 * Every legal (state, action) pair and where it leads. Tasks, reserve changes, calculations and
 * payments are not transitions: what they may do in each state is `CLAIM_ACTIVITIES` (contracts).
 */
export const CLAIM_TRANSITIONS: Readonly<Record<ClaimState, Partial<Record<ClaimAction, ClaimState>>>> = {
  REPORTED: { register: 'REGISTERED', withdraw: 'WITHDRAWN' },
  REGISTERED: { 'submit-approval': 'PENDING_APPROVAL', withdraw: 'WITHDRAWN' },
  // Escalation keeps the claim pending, one org level up; 退回 sends it back to adjustment.
  PENDING_APPROVAL: { approve: 'APPROVED', escalate: 'PENDING_APPROVAL', return: 'REGISTERED', decline: 'DECLINED' },
  APPROVED: { close: 'CLOSED' },
  DECLINED: { reopen: 'REGISTERED' },
  CLOSED: { reopen: 'REGISTERED' },
  WITHDRAWN: { reopen: 'REGISTERED' },
};

export { activityAllowed, CLAIM_ACTIVITIES } from '../../../contracts/claim';

export type ClaimGuard = 'NO_RESERVE' | 'NO_CALCULATION' | 'NO_PARENT_ORG' | 'NOT_FULLY_PAID' | 'PAYMENTS_PENDING' | 'PAYMENTS_MADE' | 'REASON_REQUIRED';

export type ClaimTransition =
  | { ok: true; to: ClaimState }
  | { ok: false; code: 'CLAIM_ILLEGAL_TRANSITION'; from: ClaimState; action: ClaimAction; message: Message }
  | { ok: false; code: 'CLAIM_GUARD_FAILED'; from: ClaimState; action: ClaimAction; guard: ClaimGuard; message: Message };

/** The facts guards look at; the service passes what the action needs. */
export interface ClaimContext {
  /** Sum of the reserves the action opens or keeps (register, reopen). */
  reserveTotal?: Decimal.Value;
  /** Current calculation sheets. */
  calculationCount?: number;
  hasParentOrg?: boolean;
  approved?: Decimal.Value;
  paid?: Decimal.Value;
  pendingPayments?: number;
  /** Paid or pending payments (withdraw refuses once money moved). */
  paymentsMade?: number;
  reason?: string | null;
}

const GUARDS: Record<ClaimGuard, Message> = {
  NO_RESERVE: { zh: '立案须录入估损金额（未决赔款准备金）', en: 'a claim cannot be opened without a reserve' },
  NO_CALCULATION: { zh: '提交核赔前须完成理算', en: 'compute the calculation sheet before asking for approval' },
  NO_PARENT_ORG: { zh: '已是最高一级机构，无法再上报', en: 'there is no higher level to escalate to' },
  NOT_FULLY_PAID: { zh: '核赔金额尚未全部支付，不能结案', en: 'the approved amount is not fully paid' },
  PAYMENTS_PENDING: { zh: '尚有待支付的赔款，请先确认支付或取消', en: 'payments are still pending' },
  PAYMENTS_MADE: { zh: '已有赔款支付记录，不能注销', en: 'money has been paid on this claim' },
  REASON_REQUIRED: { zh: '必须填写原因', en: 'a reason is required' },
};

function guardFails(action: ClaimAction, c: ClaimContext): ClaimGuard | null {
  switch (action) {
    case 'register':
      return new Decimal(c.reserveTotal ?? 0).gt(0) ? null : 'NO_RESERVE';
    case 'submit-approval':
      return (c.calculationCount ?? 0) > 0 ? null : 'NO_CALCULATION';
    case 'escalate':
      return c.hasParentOrg ? null : 'NO_PARENT_ORG';
    case 'close':
      if ((c.pendingPayments ?? 0) > 0) return 'PAYMENTS_PENDING';
      return new Decimal(c.paid ?? 0).gte(c.approved ?? 0) ? null : 'NOT_FULLY_PAID';
    case 'withdraw':
      if (!c.reason?.trim()) return 'REASON_REQUIRED';
      return (c.paymentsMade ?? 0) > 0 ? 'PAYMENTS_MADE' : null;
    case 'reopen':
      if (!c.reason?.trim()) return 'REASON_REQUIRED';
      return new Decimal(c.reserveTotal ?? 0).gt(0) ? null : 'NO_RESERVE';
    case 'decline':
      // A pending advance could still be marked paid on a declined claim: cancel it first.
      if ((c.pendingPayments ?? 0) > 0) return 'PAYMENTS_PENDING';
      return c.reason?.trim() ? null : 'REASON_REQUIRED';
    case 'return':
      return c.reason?.trim() ? null : 'REASON_REQUIRED';
    default:
      return null;
  }
}

/** Where `action` leads from `from`, or why it may not. Without a context only legality is checked. */
export function nextClaimState(from: ClaimState, action: ClaimAction, context?: ClaimContext): ClaimTransition {
  const to = CLAIM_TRANSITIONS[from][action];
  if (!to) {
    return {
      ok: false,
      code: 'CLAIM_ILLEGAL_TRANSITION',
      from,
      action,
      message: { zh: `赔案当前状态为「${CLAIM_STATES[from].zh}」，不能${CLAIM_ACTIONS[action].zh}`, en: `the claim is ${CLAIM_STATES[from].en.toLowerCase()}; cannot ${CLAIM_ACTIONS[action].en.toLowerCase()}` },
    };
  }
  if (context) {
    const guard = guardFails(action, context);
    if (guard) return { ok: false, code: 'CLAIM_GUARD_FAILED', from, action, guard, message: GUARDS[guard] };
  }
  return { ok: true, to };
}

/** Actions legal in a state (the detail's `actions`, before permissions). */
export const claimActionsIn = (state: ClaimState): ClaimAction[] => Object.keys(CLAIM_TRANSITIONS[state]) as ClaimAction[];

