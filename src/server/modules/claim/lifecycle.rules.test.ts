import { describe, expect, it } from 'vitest';
import { CLAIM_ACTION_CODES, CLAIM_STATE_CODES, type ClaimAction, type ClaimState } from '../../../contracts/claim';
import { claimErrors } from './claim.errors';
import { activityAllowed, CLAIM_ACTIVITIES, claimActionsIn, nextClaimState, type ClaimContext, type ClaimGuard } from './lifecycle.rules';

// Every legal (state, action) pair, with a context that passes its guards, and where it leads.
const LEGAL: [ClaimState, ClaimAction, ClaimContext, ClaimState][] = [
  ['REPORTED', 'register', { reserveTotal: '5000.00' }, 'REGISTERED'],
  ['REPORTED', 'withdraw', { reason: '客户撤案', paymentsMade: 0 }, 'WITHDRAWN'],
  ['REGISTERED', 'submit-approval', { calculationCount: 2 }, 'PENDING_APPROVAL'],
  ['REGISTERED', 'withdraw', { reason: '客户放弃索赔' }, 'WITHDRAWN'],
  ['PENDING_APPROVAL', 'approve', {}, 'APPROVED'],
  ['PENDING_APPROVAL', 'escalate', { hasParentOrg: true }, 'PENDING_APPROVAL'],
  ['PENDING_APPROVAL', 'return', { reason: '定损金额需复核' }, 'REGISTERED'],
  ['PENDING_APPROVAL', 'decline', { reason: '酒后驾驶' }, 'DECLINED'],
  ['APPROVED', 'close', { approved: '6650.00', paid: '6650.00', pendingPayments: 0 }, 'CLOSED'],
  ['DECLINED', 'reopen', { reason: '补充材料', reserveTotal: '1000' }, 'REGISTERED'],
  ['CLOSED', 'reopen', { reason: '发现新损失', reserveTotal: '1000' }, 'REGISTERED'],
  ['WITHDRAWN', 'reopen', { reason: '误注销', reserveTotal: '1000' }, 'REGISTERED'],
];

describe('claim transitions', () => {
  it.each(LEGAL)('%s —%s→ %s', (from, action, context, to) => {
    expect(nextClaimState(from, action, context)).toEqual({ ok: true, to });
    // Without a context only legality is asked.
    expect(nextClaimState(from, action)).toEqual({ ok: true, to });
  });

  it('every other pair is illegal: 409 CLAIM_ILLEGAL_TRANSITION naming the state', () => {
    const legal = new Set(LEGAL.map(([s, a]) => `${s}/${a}`));
    let illegal = 0;
    for (const from of CLAIM_STATE_CODES) {
      for (const action of CLAIM_ACTION_CODES) {
        if (legal.has(`${from}/${action}`)) continue;
        illegal++;
        const t = nextClaimState(from, action, {});
        expect(t).toMatchObject({ ok: false, code: 'CLAIM_ILLEGAL_TRANSITION', from, action });
        if (t.ok) continue;
        const e = claimErrors.transition(t);
        expect(e.status).toBe(409);
        expect(e.code).toBe('CLAIM_ILLEGAL_TRANSITION');
        expect(e.details).toEqual({ state: from, action });
      }
    }
    expect(illegal).toBe(CLAIM_STATE_CODES.length * CLAIM_ACTION_CODES.length - LEGAL.length);
  });

  it('names the state and the action in Chinese', () => {
    const t = nextClaimState('CLOSED', 'approve');
    expect(!t.ok && t.message.zh).toBe('赔案当前状态为「已结案」，不能核赔通过');
    const d = nextClaimState('DECLINED', 'close');
    expect(!d.ok && d.message.en).toBe('the claim is declined; cannot close');
  });

  it('lists the actions legal in each state', () => {
    for (const state of CLAIM_STATE_CODES) {
      expect(claimActionsIn(state).sort()).toEqual(LEGAL.filter(([s]) => s === state).map(([, a]) => a).sort());
    }
  });
});

// Each guard: a context that fails it, and the one change that makes it pass.
const GUARDS: [ClaimState, ClaimAction, ClaimContext, ClaimGuard, ClaimContext][] = [
  ['REPORTED', 'register', { reserveTotal: '0' }, 'NO_RESERVE', { reserveTotal: '0.01' }],
  ['REPORTED', 'register', {}, 'NO_RESERVE', { reserveTotal: 1 }],
  ['REGISTERED', 'submit-approval', { calculationCount: 0 }, 'NO_CALCULATION', { calculationCount: 1 }],
  ['PENDING_APPROVAL', 'escalate', { hasParentOrg: false }, 'NO_PARENT_ORG', { hasParentOrg: true }],
  ['APPROVED', 'close', { approved: '100.00', paid: '99.99' }, 'NOT_FULLY_PAID', { approved: '100.00', paid: '100.00' }],
  ['APPROVED', 'close', { approved: '100.00', paid: '100.00', pendingPayments: 1 }, 'PAYMENTS_PENDING', { approved: '100.00', paid: '100.00', pendingPayments: 0 }],
  ['REGISTERED', 'withdraw', { reason: '  ' }, 'REASON_REQUIRED', { reason: '撤案' }],
  ['REGISTERED', 'withdraw', { reason: '撤案', paymentsMade: 1 }, 'PAYMENTS_MADE', { reason: '撤案', paymentsMade: 0 }],
  ['CLOSED', 'reopen', { reserveTotal: '100' }, 'REASON_REQUIRED', { reserveTotal: '100', reason: '新证据' }],
  ['CLOSED', 'reopen', { reason: '新证据', reserveTotal: '0' }, 'NO_RESERVE', { reason: '新证据', reserveTotal: '100' }],
  ['PENDING_APPROVAL', 'decline', { reason: null }, 'REASON_REQUIRED', { reason: '责任免除' }],
  ['PENDING_APPROVAL', 'decline', { reason: '责任免除', pendingPayments: 1 }, 'PAYMENTS_PENDING', { reason: '责任免除', pendingPayments: 0 }],
  ['PENDING_APPROVAL', 'return', {}, 'REASON_REQUIRED', { reason: '补充资料' }],
];

describe('claim guards', () => {
  it.each(GUARDS)('%s %s: %j fails %s', (from, action, failing, guard, passing) => {
    const t = nextClaimState(from, action, failing);
    expect(t).toMatchObject({ ok: false, code: 'CLAIM_GUARD_FAILED', from, action, guard });
    if (!t.ok) {
      const e = claimErrors.transition(t);
      expect([e.status, e.code, e.details]).toEqual([409, 'CLAIM_GUARD_FAILED', { state: from, action, guard }]);
      expect(e.text.zh.length).toBeGreaterThan(0);
    }
    expect(nextClaimState(from, action, passing).ok).toBe(true);
  });

  it('an illegal pair is reported as such even when its guard would fail too', () => {
    expect(nextClaimState('CLOSED', 'submit-approval', { calculationCount: 0 })).toMatchObject({ code: 'CLAIM_ILLEGAL_TRANSITION' });
  });
});

describe('activities beside the transitions', () => {
  it.each([
    ['calculations', 'REGISTERED', true],
    ['calculations', 'REPORTED', false],
    ['calculations', 'PENDING_APPROVAL', false],
    ['tasks', 'REPORTED', true],
    ['tasks', 'PENDING_APPROVAL', false],
    ['reserves', 'APPROVED', true],
    ['reserves', 'CLOSED', false],
    ['advancePayments', 'PENDING_APPROVAL', true],
    ['advancePayments', 'APPROVED', false],
    ['payments', 'APPROVED', true],
    ['payments', 'REGISTERED', false],
    ['documents', 'APPROVED', true],
    ['documents', 'CLOSED', false],
  ] as const)('%s in %s: %s', (activity, state, allowed) => {
    expect(activityAllowed(activity, state)).toBe(allowed);
  });

  it('no activity happens in a final state', () => {
    for (const activity of Object.keys(CLAIM_ACTIVITIES) as (keyof typeof CLAIM_ACTIVITIES)[]) {
      for (const state of ['CLOSED', 'DECLINED', 'WITHDRAWN'] as const) expect(activityAllowed(activity, state)).toBe(false);
    }
  });
});
