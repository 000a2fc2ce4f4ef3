// New-business and policy lifecycles as explicit transition tables (issue 4, decision 0007).
// Pure: no database, no clock, no permissions — who may act is the service's business. What is here:
// which (state, action) pairs are legal, where each leads, and the guards that need only the facts
// the service passes in (validation result, underwriting decision, receipts, dates).
// Money is decimal.js, dates are 'YYYY-MM-DD' business dates (Asia/Shanghai).
// Failures are returned, never thrown: an illegal pair → 409 naming the current state; a failed
// guard → 409/422 with its own code (the service chooses; both name the state and the action).
import Decimal from 'decimal.js';
import type { Message } from '../../platform/errors';
import {
  POLICY_ACTIONS,
  POLICY_STATES,
  PROPOSAL_ACTIONS,
  PROPOSAL_STATES,
  type PolicyAction,
  type PolicyState,
  type ProposalAction,
  type ProposalState,
  type UwDecision,
} from '../../../contracts/policy';

// ---------------------------------------------------------------- tables

/**
 * Every legal (state, action) pair and the states it may lead to. Where an action has more than one
 * target, the context decides (validate: problems or not; underwrite: the decision). Anything not
 * listed is illegal. Final states (延期, 拒保, 已承保, 撤回) list nothing.
 */
export const PROPOSAL_TRANSITIONS: Readonly<Record<ProposalState, Partial<Record<ProposalAction, readonly ProposalState[]>>>> = {
  DRAFT: { submit: ['PENDING_VALIDATION'], withdraw: ['WITHDRAWN'] },
  // Validation with problems sends the proposal back to data entry (单据录入) with every problem listed.
  PENDING_VALIDATION: { validate: ['PENDING_UNDERWRITING', 'DRAFT'], withdraw: ['WITHDRAWN'] },
  PENDING_UNDERWRITING: { underwrite: ['UW_ACCEPTED', 'UW_CONDITIONAL', 'UW_POSTPONED', 'UW_DECLINED'], withdraw: ['WITHDRAWN'] },
  UW_ACCEPTED: { 'request-payment': ['PENDING_PAYMENT'], withdraw: ['WITHDRAWN'] },
  // Conditions (exclusions, extra premium) bind only once the policyholder accepts them: no payment before.
  UW_CONDITIONAL: { 'accept-conditions': ['PENDING_PAYMENT'], 'reject-conditions': ['WITHDRAWN'], withdraw: ['WITHDRAWN'] },
  UW_POSTPONED: {},
  UW_DECLINED: {},
  // Receipts accumulate while pending; issue needs them to cover the premium.
  PENDING_PAYMENT: { 'record-payment': ['PENDING_PAYMENT'], issue: ['ISSUED'], withdraw: ['WITHDRAWN'] },
  ISSUED: {},
  WITHDRAWN: {},
};

/** Legal policy transitions. `endorse` (保全 that keeps the policy in force) is a self-transition. */
export const POLICY_TRANSITIONS: Readonly<Record<PolicyState, Partial<Record<PolicyAction, readonly PolicyState[]>>>> = {
  IN_FORCE: {
    endorse: ['IN_FORCE'],
    lapse: ['LAPSED'],
    'cancel-cooling-off': ['CANCELLED_COOLING_OFF'],
    surrender: ['SURRENDERED'],
    mature: ['MATURED'],
    terminate: ['TERMINATED'],
  },
  // A lapsed (中止) life policy can be reinstated within the period, surrendered for its cash value,
  // or terminated when the reinstatement period has run out.
  LAPSED: { reinstate: ['IN_FORCE'], surrender: ['SURRENDERED'], terminate: ['TERMINATED'] },
  TERMINATED: {},
  SURRENDERED: {},
  MATURED: {},
  CANCELLED_COOLING_OFF: {},
};

// ---------------------------------------------------------------- results

export type ProposalGuard =
  | 'VALIDATION_RESULT_MISSING'
  | 'UW_DECISION_MISSING'
  | 'UW_REASON_REQUIRED'
  | 'AMOUNT_INVALID'
  | 'ALREADY_PAID'
  | 'NOT_FULLY_PAID'
  | 'HAS_RECEIPTS';

export type PolicyGuard = 'DATE_INVALID' | 'NO_COOLING_OFF' | 'COOLING_OFF_OVER' | 'NOT_YET_EXPIRED' | 'REINSTATEMENT_PERIOD_OVER';

export type ProposalTransition =
  | { ok: true; to: ProposalState }
  | { ok: false; code: 'PROPOSAL_ILLEGAL_TRANSITION'; from: ProposalState; action: ProposalAction; message: Message }
  | { ok: false; code: 'PROPOSAL_GUARD_FAILED'; from: ProposalState; action: ProposalAction; guard: ProposalGuard; message: Message };

export type PolicyTransition =
  | { ok: true; to: PolicyState }
  | { ok: false; code: 'POLICY_ILLEGAL_TRANSITION'; from: PolicyState; action: PolicyAction; message: Message }
  | { ok: false; code: 'POLICY_GUARD_FAILED'; from: PolicyState; action: PolicyAction; guard: PolicyGuard; message: Message };

/** Amounts are decimal strings in yuan or Decimal values; never JS numbers with fractions. */
export type Money = Decimal | string;

/** What the guards need; each action reads only its own fields. */
export interface ProposalContext {
  /** validate: how many problems validation found (0 = clean). */
  problemCount?: number;
  /** underwrite: the decision and its reason (required for anything but 正常承保). */
  decision?: UwDecision;
  reason?: string;
  /** record-payment / issue / withdraw: the premium due and what has been received so far. */
  premium?: Money;
  received?: Money;
  /** record-payment: the amount of this receipt. */
  amount?: Money;
}

export interface PolicyContext {
  /** The business date the action takes effect (YYYY-MM-DD, Asia/Shanghai). */
  onDate?: string;
  /** cancel-cooling-off: the last day of the cooling-off period, null when the product has none. */
  coolingOffEnd?: string | null;
  /** mature: the last day of cover. */
  expiryDate?: string;
  /** reinstate: the last day reinstatement is allowed. */
  reinstatementDeadline?: string;
}

// ---------------------------------------------------------------- money helpers

/** A money amount ≥ 0 with at most two decimals, or null. */
export function money(v: Money | undefined): Decimal | null {
  if (v === undefined) return null;
  let d: Decimal;
  try {
    d = new Decimal(v);
  } catch {
    return null;
  }
  return d.isFinite() && d.gte(0) && d.decimalPlaces() <= 2 ? d : null;
}

/** Sum of receipts, exact. */
export function receiptsTotal(receipts: readonly Money[]): Decimal {
  return receipts.reduce<Decimal>((s, r) => s.plus(new Decimal(r)), new Decimal(0));
}

/** Fully paid: receipts total ≥ premium (exact decimal comparison; partial receipts are not enough). */
export function isFullyPaid(premium: Money, received: Money): boolean {
  return new Decimal(received).gte(new Decimal(premium));
}

// ---------------------------------------------------------------- proposals

const illegalProposal = (from: ProposalState, action: ProposalAction): ProposalTransition => ({
  ok: false,
  code: 'PROPOSAL_ILLEGAL_TRANSITION',
  from,
  action,
  message: {
    zh: `投保单当前状态为「${PROPOSAL_STATES[from].zh}」，不能${PROPOSAL_ACTIONS[action].zh}`,
    en: `The proposal is ${PROPOSAL_STATES[from].en.toLowerCase()}; ${action} is not allowed`,
  },
});

const guardProposal = (from: ProposalState, action: ProposalAction, guard: ProposalGuard, zh: string, en: string): ProposalTransition => ({
  ok: false,
  code: 'PROPOSAL_GUARD_FAILED',
  from,
  action,
  guard,
  message: { zh, en },
});

const UW_TARGET: Record<UwDecision, ProposalState> = {
  STANDARD: 'UW_ACCEPTED',
  CONDITIONAL: 'UW_CONDITIONAL',
  POSTPONED: 'UW_POSTPONED',
  DECLINED: 'UW_DECLINED',
};

/** Where `action` takes a proposal in `state`, or why it cannot. */
export function nextProposalState(state: ProposalState, action: ProposalAction, context: ProposalContext = {}): ProposalTransition {
  const targets = PROPOSAL_TRANSITIONS[state]?.[action];
  if (!targets) return illegalProposal(state, action);
  const g = (guard: ProposalGuard, zh: string, en: string) => guardProposal(state, action, guard, zh, en);

  switch (action) {
    case 'validate': {
      const n = context.problemCount;
      if (n === undefined || !Number.isInteger(n) || n < 0) return g('VALIDATION_RESULT_MISSING', '缺少校验结果', 'the validation result is missing');
      return { ok: true, to: n === 0 ? 'PENDING_UNDERWRITING' : 'DRAFT' };
    }
    case 'underwrite': {
      const d = context.decision;
      if (!d || !(d in UW_TARGET)) return g('UW_DECISION_MISSING', '请选择核保结论', 'an underwriting decision is required');
      if (d !== 'STANDARD' && !context.reason?.trim()) return g('UW_REASON_REQUIRED', '条件承保、延期和拒保必须说明原因', 'a reason is required unless the decision is standard acceptance');
      return { ok: true, to: UW_TARGET[d] };
    }
    case 'record-payment': {
      const premium = money(context.premium);
      const before = money(context.received ?? '0');
      const amount = money(context.amount);
      if (!premium || !before || !amount || amount.isZero()) return g('AMOUNT_INVALID', '收费金额必须大于 0，最多两位小数', 'the receipt must be an amount > 0 with at most 2 decimals');
      if (before.gte(premium)) return g('ALREADY_PAID', '保费已足额收讫，不能再登记收费', 'the premium is already paid in full');
      return { ok: true, to: 'PENDING_PAYMENT' };
    }
    case 'issue': {
      const premium = money(context.premium);
      const received = money(context.received ?? '0');
      if (!premium || !received) return g('AMOUNT_INVALID', '保费或实收金额无效', 'the premium or the amount received is invalid');
      if (received.lt(premium)) {
        return g('NOT_FULLY_PAID', `保费未足额收讫：应收 ${premium.toFixed(2)}，实收 ${received.toFixed(2)}`, `not paid in full: due ${premium.toFixed(2)}, received ${received.toFixed(2)}`);
      }
      return { ok: true, to: 'ISSUED' };
    }
    case 'withdraw': {
      if (state === 'PENDING_PAYMENT') {
        const received = money(context.received ?? '0');
        if (!received) return g('AMOUNT_INVALID', '实收金额无效', 'the amount received is invalid');
        if (received.gt(0)) return g('HAS_RECEIPTS', '已有收费记录，请先办理退费再撤回', 'money has been received: refund it before withdrawing');
      }
      return { ok: true, to: 'WITHDRAWN' };
    }
    default:
      return { ok: true, to: targets[0]! };
  }
}

/** Actions legal in a state (for buttons; guards may still refuse). */
export const proposalActionsIn = (state: ProposalState): ProposalAction[] => Object.keys(PROPOSAL_TRANSITIONS[state]) as ProposalAction[];

// ---------------------------------------------------------------- policies

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isDate = (s: string | undefined | null): s is string => {
  if (!s) return false;
  const m = DATE.exec(s);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === s;
};

const illegalPolicy = (from: PolicyState, action: PolicyAction): PolicyTransition => ({
  ok: false,
  code: 'POLICY_ILLEGAL_TRANSITION',
  from,
  action,
  message: {
    zh: `保单当前状态为「${POLICY_STATES[from].zh}」，不能${POLICY_ACTIONS[action].zh}`,
    en: `The policy is ${POLICY_STATES[from].en.toLowerCase()}; ${action} is not allowed`,
  },
});

/** Where `action` takes a policy in `state`, or why it cannot. Dates compare as 'YYYY-MM-DD' strings. */
export function nextPolicyState(state: PolicyState, action: PolicyAction, context: PolicyContext = {}): PolicyTransition {
  const targets = POLICY_TRANSITIONS[state]?.[action];
  if (!targets) return illegalPolicy(state, action);
  const g = (guard: PolicyGuard, zh: string, en: string): PolicyTransition => ({ ok: false, code: 'POLICY_GUARD_FAILED', from: state, action, guard, message: { zh, en } });
  const on = context.onDate;

  switch (action) {
    case 'cancel-cooling-off': {
      if (context.coolingOffEnd === null) return g('NO_COOLING_OFF', '该保单没有犹豫期', 'the policy has no cooling-off period');
      if (!isDate(on) || !isDate(context.coolingOffEnd)) return g('DATE_INVALID', '日期无效', 'a date is missing or invalid');
      if (on > context.coolingOffEnd) return g('COOLING_OFF_OVER', `犹豫期已于 ${context.coolingOffEnd} 结束`, `the cooling-off period ended on ${context.coolingOffEnd}`);
      break;
    }
    case 'mature': {
      if (!isDate(on) || !isDate(context.expiryDate)) return g('DATE_INVALID', '日期无效', 'a date is missing or invalid');
      if (on <= context.expiryDate) return g('NOT_YET_EXPIRED', `保险期间至 ${context.expiryDate} 24 时止，尚未满期`, `cover runs until the end of ${context.expiryDate}`);
      break;
    }
    case 'reinstate': {
      if (!isDate(on) || !isDate(context.reinstatementDeadline)) return g('DATE_INVALID', '日期无效', 'a date is missing or invalid');
      if (on > context.reinstatementDeadline) return g('REINSTATEMENT_PERIOD_OVER', `复效期限已于 ${context.reinstatementDeadline} 届满`, `reinstatement was possible until ${context.reinstatementDeadline}`);
      break;
    }
  }
  return { ok: true, to: targets[0]! };
}

export const policyActionsIn = (state: PolicyState): PolicyAction[] => Object.keys(POLICY_TRANSITIONS[state]) as PolicyAction[];
