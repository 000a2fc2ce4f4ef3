import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  FINAL_POLICY_STATES,
  FINAL_PROPOSAL_STATES,
  POLICY_ACTION_CODES,
  POLICY_STATE_CODES,
  PROPOSAL_ACTION_CODES,
  PROPOSAL_STATE_CODES,
  type PolicyAction,
  type PolicyState,
  type ProposalAction,
  type ProposalState,
} from '../../../contracts/policy';
import {
  isFullyPaid,
  nextPolicyState,
  nextProposalState,
  policyActionsIn,
  proposalActionsIn,
  receiptsTotal,
  type PolicyContext,
  type ProposalContext,
} from './lifecycle.rules';

// Every legal proposal transition, with a context that passes its guards.
const PROPOSAL_LEGAL: [ProposalState, ProposalAction, ProposalContext, ProposalState][] = [
  ['DRAFT', 'submit', {}, 'PENDING_VALIDATION'],
  ['DRAFT', 'withdraw', {}, 'WITHDRAWN'],
  ['PENDING_VALIDATION', 'validate', { problemCount: 0 }, 'PENDING_UNDERWRITING'],
  ['PENDING_VALIDATION', 'validate', { problemCount: 3 }, 'DRAFT'],
  ['PENDING_VALIDATION', 'withdraw', {}, 'WITHDRAWN'],
  ['PENDING_UNDERWRITING', 'underwrite', { decision: 'STANDARD' }, 'UW_ACCEPTED'],
  ['PENDING_UNDERWRITING', 'underwrite', { decision: 'CONDITIONAL', reason: '加费 20%' }, 'UW_CONDITIONAL'],
  ['PENDING_UNDERWRITING', 'underwrite', { decision: 'POSTPONED', reason: '体检指标异常，三个月后复查' }, 'UW_POSTPONED'],
  ['PENDING_UNDERWRITING', 'underwrite', { decision: 'DECLINED', reason: '职业类别超出承保范围' }, 'UW_DECLINED'],
  ['PENDING_UNDERWRITING', 'withdraw', {}, 'WITHDRAWN'],
  ['UW_ACCEPTED', 'request-payment', {}, 'PENDING_PAYMENT'],
  ['UW_ACCEPTED', 'withdraw', {}, 'WITHDRAWN'],
  ['UW_CONDITIONAL', 'accept-conditions', {}, 'PENDING_PAYMENT'],
  ['UW_CONDITIONAL', 'reject-conditions', {}, 'WITHDRAWN'],
  ['UW_CONDITIONAL', 'withdraw', {}, 'WITHDRAWN'],
  ['PENDING_PAYMENT', 'record-payment', { premium: '950.00', received: '0', amount: '500.00' }, 'PENDING_PAYMENT'],
  ['PENDING_PAYMENT', 'issue', { premium: '950.00', received: '950.00' }, 'ISSUED'],
  ['PENDING_PAYMENT', 'withdraw', { received: '0' }, 'WITHDRAWN'],
];

const POLICY_LEGAL: [PolicyState, PolicyAction, PolicyContext, PolicyState][] = [
  ['IN_FORCE', 'endorse', {}, 'IN_FORCE'],
  ['IN_FORCE', 'lapse', {}, 'LAPSED'],
  ['IN_FORCE', 'cancel-cooling-off', { onDate: '2026-03-16', coolingOffEnd: '2026-03-16' }, 'CANCELLED_COOLING_OFF'],
  ['IN_FORCE', 'surrender', {}, 'SURRENDERED'],
  ['IN_FORCE', 'mature', { onDate: '2027-03-15', expiryDate: '2027-03-14' }, 'MATURED'],
  ['IN_FORCE', 'terminate', {}, 'TERMINATED'],
  ['LAPSED', 'reinstate', { onDate: '2028-01-01', reinstatementDeadline: '2028-01-01' }, 'IN_FORCE'],
  ['LAPSED', 'surrender', {}, 'SURRENDERED'],
  ['LAPSED', 'terminate', {}, 'TERMINATED'],
];

describe('proposal transitions', () => {
  it.each(PROPOSAL_LEGAL)('%s --%s--> %s', (from, action, ctx, to) => {
    expect(nextProposalState(from, action, ctx)).toEqual({ ok: true, to });
  });

  const legal = new Set(PROPOSAL_LEGAL.map(([s, a]) => `${s}/${a}`));
  const illegal = PROPOSAL_STATE_CODES.flatMap((s) => PROPOSAL_ACTION_CODES.map((a) => [s, a] as const)).filter(([s, a]) => !legal.has(`${s}/${a}`));

  it('the table lists exactly the pairs tested as legal', () => {
    const listed = PROPOSAL_STATE_CODES.flatMap((s) => proposalActionsIn(s).map((a) => `${s}/${a}`));
    expect(new Set(listed)).toEqual(legal);
    expect(illegal.length + legal.size).toBe(PROPOSAL_STATE_CODES.length * PROPOSAL_ACTION_CODES.length);
  });

  it.each(illegal)('%s refuses %s with 409 naming the state', (from, action) => {
    // The richest context: an illegal pair stays illegal whatever the guards would say.
    const r = nextProposalState(from, action, { problemCount: 0, decision: 'STANDARD', premium: '1', received: '1', amount: '1' });
    expect(r).toMatchObject({ ok: false, code: 'PROPOSAL_ILLEGAL_TRANSITION', from, action });
    if (!r.ok) expect(r.message.zh).toContain('当前状态');
  });

  it('final states allow nothing', () => {
    for (const s of FINAL_PROPOSAL_STATES) expect(proposalActionsIn(s)).toEqual([]);
    expect(nextProposalState('ISSUED', 'issue', { premium: '1', received: '1' })).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', from: 'ISSUED' });
    expect(nextProposalState('WITHDRAWN', 'record-payment', { premium: '1', amount: '1' })).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION', from: 'WITHDRAWN' });
  });

  it('conditional acceptance: no payment before the policyholder accepts', () => {
    expect(nextProposalState('UW_CONDITIONAL', 'record-payment', { premium: '1200.00', amount: '1200.00' })).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION' });
    expect(nextProposalState('UW_CONDITIONAL', 'issue', { premium: '1200.00', received: '1200.00' })).toMatchObject({ code: 'PROPOSAL_ILLEGAL_TRANSITION' });
    expect(nextProposalState('UW_CONDITIONAL', 'accept-conditions')).toEqual({ ok: true, to: 'PENDING_PAYMENT' });
  });
});

describe('proposal guards', () => {
  const guard = (s: ProposalState, a: ProposalAction, c: ProposalContext) => {
    const r = nextProposalState(s, a, c);
    return r.ok ? null : r.code === 'PROPOSAL_GUARD_FAILED' ? r.guard : r.code;
  };

  it('validate needs a result', () => {
    expect(guard('PENDING_VALIDATION', 'validate', {})).toBe('VALIDATION_RESULT_MISSING');
    expect(guard('PENDING_VALIDATION', 'validate', { problemCount: -1 })).toBe('VALIDATION_RESULT_MISSING');
    expect(guard('PENDING_VALIDATION', 'validate', { problemCount: 1.5 })).toBe('VALIDATION_RESULT_MISSING');
  });

  it('underwriting needs a decision, and a reason unless 正常承保', () => {
    expect(guard('PENDING_UNDERWRITING', 'underwrite', {})).toBe('UW_DECISION_MISSING');
    expect(guard('PENDING_UNDERWRITING', 'underwrite', { decision: 'MAYBE' as never })).toBe('UW_DECISION_MISSING');
    for (const d of ['CONDITIONAL', 'POSTPONED', 'DECLINED'] as const) {
      expect(guard('PENDING_UNDERWRITING', 'underwrite', { decision: d })).toBe('UW_REASON_REQUIRED');
      expect(guard('PENDING_UNDERWRITING', 'underwrite', { decision: d, reason: '   ' })).toBe('UW_REASON_REQUIRED');
    }
    expect(guard('PENDING_UNDERWRITING', 'underwrite', { decision: 'STANDARD' })).toBeNull();
  });

  it('issue only when receipts cover the premium, compared exactly', () => {
    expect(guard('PENDING_PAYMENT', 'issue', { premium: '950.00', received: '949.99' })).toBe('NOT_FULLY_PAID');
    expect(guard('PENDING_PAYMENT', 'issue', { premium: '950.00' })).toBe('NOT_FULLY_PAID');
    expect(guard('PENDING_PAYMENT', 'issue', { premium: '950.00', received: '950' })).toBeNull();
    expect(guard('PENDING_PAYMENT', 'issue', { premium: '950.00', received: '1000.00' })).toBeNull();
    // 0.1 + 0.2 is 0.30000000000000004 in floats; in decimals the two receipts pay 0.30 exactly.
    const received = receiptsTotal(['0.10', '0.20']);
    expect(guard('PENDING_PAYMENT', 'issue', { premium: '0.30', received })).toBeNull();
    expect(guard('PENDING_PAYMENT', 'issue', { premium: 'abc', received: '1' })).toBe('AMOUNT_INVALID');
    expect(guard('PENDING_PAYMENT', 'issue', { premium: '1.001', received: '2' })).toBe('AMOUNT_INVALID');
    const r = nextProposalState('PENDING_PAYMENT', 'issue', { premium: '950.00', received: '900.00' });
    expect(r.ok ? '' : r.message.zh).toContain('应收 950.00，实收 900.00');
  });

  it('record-payment: a positive amount in fen, not after the premium is paid in full', () => {
    expect(guard('PENDING_PAYMENT', 'record-payment', { premium: '950.00', received: '0', amount: '0' })).toBe('AMOUNT_INVALID');
    expect(guard('PENDING_PAYMENT', 'record-payment', { premium: '950.00', received: '0', amount: '-1' })).toBe('AMOUNT_INVALID');
    expect(guard('PENDING_PAYMENT', 'record-payment', { premium: '950.00', received: '0', amount: '0.001' })).toBe('AMOUNT_INVALID');
    expect(guard('PENDING_PAYMENT', 'record-payment', { premium: '950.00', amount: '950.00' })).toBeNull();
    expect(guard('PENDING_PAYMENT', 'record-payment', { premium: '950.00', received: '950.00', amount: '1.00' })).toBe('ALREADY_PAID');
    expect(guard('PENDING_PAYMENT', 'record-payment', { premium: '950.00', received: '949.99', amount: '0.01' })).toBeNull();
  });

  it('withdraw while pending payment only when nothing has been received', () => {
    expect(guard('PENDING_PAYMENT', 'withdraw', { received: '0.01' })).toBe('HAS_RECEIPTS');
    expect(guard('PENDING_PAYMENT', 'withdraw', {})).toBeNull();
    expect(guard('PENDING_PAYMENT', 'withdraw', { received: 'x' })).toBe('AMOUNT_INVALID');
  });

  it('money helpers', () => {
    expect(receiptsTotal([]).toString()).toBe('0');
    expect(receiptsTotal(['100.10', new Decimal('200.20'), '0.01']).toFixed(2)).toBe('300.31');
    expect(isFullyPaid('300.31', receiptsTotal(['100.10', '200.20', '0.01']))).toBe(true);
    expect(isFullyPaid('300.32', '300.31')).toBe(false);
  });
});

describe('policy transitions', () => {
  it.each(POLICY_LEGAL)('%s --%s--> %s', (from, action, ctx, to) => {
    expect(nextPolicyState(from, action, ctx)).toEqual({ ok: true, to });
  });

  const legal = new Set(POLICY_LEGAL.map(([s, a]) => `${s}/${a}`));
  const illegal = POLICY_STATE_CODES.flatMap((s) => POLICY_ACTION_CODES.map((a) => [s, a] as const)).filter(([s, a]) => !legal.has(`${s}/${a}`));

  it('the table lists exactly the pairs tested as legal', () => {
    const listed = POLICY_STATE_CODES.flatMap((s) => policyActionsIn(s).map((a) => `${s}/${a}`));
    expect(new Set(listed)).toEqual(legal);
    for (const s of FINAL_POLICY_STATES) expect(policyActionsIn(s)).toEqual([]);
  });

  it.each(illegal)('%s refuses %s', (from, action) => {
    const r = nextPolicyState(from, action, { onDate: '2026-01-01', coolingOffEnd: '2026-12-31', expiryDate: '2025-12-31', reinstatementDeadline: '2026-12-31' });
    expect(r).toMatchObject({ ok: false, code: 'POLICY_ILLEGAL_TRANSITION', from, action });
  });

  it('guards: cooling-off, maturity, reinstatement', () => {
    const guard = (s: PolicyState, a: PolicyAction, c: PolicyContext) => {
      const r = nextPolicyState(s, a, c);
      return r.ok ? null : r.code === 'POLICY_GUARD_FAILED' ? r.guard : r.code;
    };
    expect(guard('IN_FORCE', 'cancel-cooling-off', { onDate: '2026-03-17', coolingOffEnd: '2026-03-16' })).toBe('COOLING_OFF_OVER');
    expect(guard('IN_FORCE', 'cancel-cooling-off', { onDate: '2026-03-01', coolingOffEnd: null })).toBe('NO_COOLING_OFF');
    expect(guard('IN_FORCE', 'cancel-cooling-off', { coolingOffEnd: '2026-03-16' })).toBe('DATE_INVALID');
    expect(guard('IN_FORCE', 'cancel-cooling-off', { onDate: '2026-02-30', coolingOffEnd: '2026-03-16' })).toBe('DATE_INVALID');
    expect(guard('IN_FORCE', 'mature', { onDate: '2027-03-14', expiryDate: '2027-03-14' })).toBe('NOT_YET_EXPIRED');
    expect(guard('IN_FORCE', 'mature', { onDate: '2027-03-14' })).toBe('DATE_INVALID');
    expect(guard('LAPSED', 'reinstate', { onDate: '2028-01-02', reinstatementDeadline: '2028-01-01' })).toBe('REINSTATEMENT_PERIOD_OVER');
    expect(guard('LAPSED', 'reinstate', {})).toBe('DATE_INVALID');
  });

  it('endorsing a terminated policy is refused', () => {
    for (const s of FINAL_POLICY_STATES) expect(nextPolicyState(s, 'endorse')).toMatchObject({ code: 'POLICY_ILLEGAL_TRANSITION', from: s });
    expect(nextPolicyState('LAPSED', 'endorse')).toMatchObject({ code: 'POLICY_ILLEGAL_TRANSITION' });
  });
});
