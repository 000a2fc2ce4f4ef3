// Shapes shared by the server and the web app for proposals (投保单) and policies (保单).
// Types and constants only — no logic. The transition tables are in
// server/modules/policy/lifecycle.rules.ts; the reasons in docs/decisions/0007-policy-lifecycle.md.

type Label = { zh: string; en: string };

/**
 * Proposal (投保单) states, new business: 草稿 → 待校验 → 待核保 → (核保通过 | 条件承保待确认 | 延期 | 拒保)
 * → 待收费 → 已承保. 撤回 ends a proposal the policyholder gives up before issue.
 */
export const PROPOSAL_STATES = {
  DRAFT: { zh: '草稿', en: 'Draft' },
  PENDING_VALIDATION: { zh: '待校验', en: 'Pending validation' },
  PENDING_UNDERWRITING: { zh: '待核保', en: 'Pending underwriting' },
  UW_ACCEPTED: { zh: '核保通过', en: 'Accepted' },
  UW_CONDITIONAL: { zh: '条件承保待确认', en: 'Conditional, awaiting acceptance' },
  UW_POSTPONED: { zh: '延期', en: 'Postponed' },
  UW_DECLINED: { zh: '拒保', en: 'Declined' },
  PENDING_PAYMENT: { zh: '待收费', en: 'Pending payment' },
  ISSUED: { zh: '已承保', en: 'Issued' },
  WITHDRAWN: { zh: '撤回', en: 'Withdrawn' },
} as const satisfies Record<string, Label>;
export type ProposalState = keyof typeof PROPOSAL_STATES;
export const PROPOSAL_STATE_CODES = Object.keys(PROPOSAL_STATES) as ProposalState[];

/** Proposal states nothing leaves. */
export const FINAL_PROPOSAL_STATES: readonly ProposalState[] = ['UW_POSTPONED', 'UW_DECLINED', 'ISSUED', 'WITHDRAWN'];

/** Actions on a proposal; each is one endpoint `POST /api/v1/proposals/:id/<action>`. */
export const PROPOSAL_ACTIONS = {
  submit: { zh: '提交校验', en: 'Submit' },
  validate: { zh: '单据校验', en: 'Validate' },
  underwrite: { zh: '核保', en: 'Underwrite' },
  'accept-conditions': { zh: '接受承保条件', en: 'Accept conditions' },
  'reject-conditions': { zh: '不接受承保条件', en: 'Reject conditions' },
  'request-payment': { zh: '生成应收', en: 'Request payment' },
  'record-payment': { zh: '登记收费', en: 'Record payment' },
  issue: { zh: '出单', en: 'Issue' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
} as const satisfies Record<string, Label>;
export type ProposalAction = keyof typeof PROPOSAL_ACTIONS;
export const PROPOSAL_ACTION_CODES = Object.keys(PROPOSAL_ACTIONS) as ProposalAction[];

/** 核保结论. */
export const UW_DECISIONS = {
  STANDARD: { zh: '正常承保', en: 'Standard acceptance' },
  CONDITIONAL: { zh: '条件承保', en: 'Conditional acceptance' },
  POSTPONED: { zh: '延期', en: 'Postponed' },
  DECLINED: { zh: '拒保', en: 'Declined' },
} as const satisfies Record<string, Label>;
export type UwDecision = keyof typeof UW_DECISIONS;
export const UW_DECISION_CODES = Object.keys(UW_DECISIONS) as UwDecision[];

/** Policy (保单) states after issue: 有效 → 中止 / 终止 / 退保 / 满期 / 犹豫期撤单. */
export const POLICY_STATES = {
  IN_FORCE: { zh: '有效', en: 'In force' },
  LAPSED: { zh: '中止', en: 'Lapsed' },
  TERMINATED: { zh: '终止', en: 'Terminated' },
  SURRENDERED: { zh: '退保', en: 'Surrendered' },
  MATURED: { zh: '满期', en: 'Matured / expired' },
  CANCELLED_COOLING_OFF: { zh: '犹豫期撤单', en: 'Cancelled in cooling-off' },
} as const satisfies Record<string, Label>;
export type PolicyState = keyof typeof POLICY_STATES;
export const POLICY_STATE_CODES = Object.keys(POLICY_STATES) as PolicyState[];

export const FINAL_POLICY_STATES: readonly PolicyState[] = ['TERMINATED', 'SURRENDERED', 'MATURED', 'CANCELLED_COOLING_OFF'];

/** Actions on a policy. `endorse` is any 保全 item that leaves the policy in force. */
export const POLICY_ACTIONS = {
  endorse: { zh: '保全变更', en: 'Endorse' },
  lapse: { zh: '效力中止', en: 'Lapse' },
  reinstate: { zh: '复效', en: 'Reinstate' },
  'cancel-cooling-off': { zh: '犹豫期撤单', en: 'Cancel in cooling-off' },
  surrender: { zh: '退保', en: 'Surrender' },
  mature: { zh: '满期', en: 'Mature / expire' },
  terminate: { zh: '终止', en: 'Terminate' },
} as const satisfies Record<string, Label>;
export type PolicyAction = keyof typeof POLICY_ACTIONS;
export const POLICY_ACTION_CODES = Object.keys(POLICY_ACTIONS) as PolicyAction[];
