// Shapes shared by the server and the web app for claims (理赔). Types and constants only — no
// logic. The transition table is server/modules/claim/lifecycle.rules.ts; the calculation sheet is
// server/modules/claim/adjustment.rules.ts; the reasons are in docs/decisions/0012-claims.md.
import type { ProductLine } from './product';
import type { UserBrief } from './policy';

type Label = { zh: string; en: string };

/**
 * 报案 → 立案 → 待核赔 → 核赔通过 → 结案; 拒赔 by an approver; 注销 (withdrawn) before approval;
 * 重开 (reopen) of a closed, declined or withdrawn claim goes back to 已立案.
 * Survey/assessment tasks (调度/查勘/定损/人伤) run beside the states, from 已报案 on.
 */
export const CLAIM_STATES = {
  REPORTED: { zh: '已报案', en: 'Reported' },
  REGISTERED: { zh: '已立案', en: 'Registered' },
  PENDING_APPROVAL: { zh: '待核赔', en: 'Pending approval' },
  APPROVED: { zh: '核赔通过', en: 'Approved' },
  DECLINED: { zh: '已拒赔', en: 'Declined' },
  CLOSED: { zh: '已结案', en: 'Closed' },
  WITHDRAWN: { zh: '已注销', en: 'Withdrawn' },
} as const satisfies Record<string, Label>;
export type ClaimState = keyof typeof CLAIM_STATES;
export const CLAIM_STATE_CODES = Object.keys(CLAIM_STATES) as ClaimState[];

/** Actions on a claim; each is one endpoint `POST /api/v1/claims/:id/<action>`. */
export const CLAIM_ACTIONS = {
  register: { zh: '立案', en: 'Register' },
  'submit-approval': { zh: '提交核赔', en: 'Submit for approval' },
  approve: { zh: '核赔通过', en: 'Approve' },
  escalate: { zh: '上报上级核赔', en: 'Escalate' },
  return: { zh: '退回理算', en: 'Return to adjustment' },
  decline: { zh: '拒赔', en: 'Decline' },
  close: { zh: '结案', en: 'Close' },
  withdraw: { zh: '注销', en: 'Withdraw' },
  reopen: { zh: '重开', en: 'Reopen' },
} as const satisfies Record<string, Label>;
export type ClaimAction = keyof typeof CLAIM_ACTIONS;
export const CLAIM_ACTION_CODES = Object.keys(CLAIM_ACTIONS) as ClaimAction[];

/**
 * What may happen beside the state-table actions, by claim state (the server checks, the web app
 * offers only what can work): tasks (调度/查勘/定损/人伤), reserve changes (估损调整), calculation
 * sheets (理算), advance payments (预付) before approval, payments of the approved amount, documents,
 * and changing the report (not after approval).
 */
export const CLAIM_ACTIVITIES = {
  tasks: ['REPORTED', 'REGISTERED'],
  reserves: ['REGISTERED', 'PENDING_APPROVAL', 'APPROVED'],
  calculations: ['REGISTERED'],
  advancePayments: ['REGISTERED', 'PENDING_APPROVAL'],
  payments: ['APPROVED'],
  documents: ['REPORTED', 'REGISTERED', 'PENDING_APPROVAL', 'APPROVED'],
  edit: ['REPORTED', 'REGISTERED', 'PENDING_APPROVAL'],
} as const satisfies Record<string, readonly ClaimState[]>;
export type ClaimActivity = keyof typeof CLAIM_ACTIVITIES;
export const activityAllowed = (activity: ClaimActivity, state: ClaimState): boolean => (CLAIM_ACTIVITIES[activity] as readonly ClaimState[]).includes(state);

export const REPORT_CHANNELS = {
  PHONE: { zh: '电话报案', en: 'Phone' },
  COUNTER: { zh: '柜面报案', en: 'Counter' },
  APP: { zh: 'APP 报案', en: 'App' },
  DEALER: { zh: '车商代报', en: 'Dealer' },
} as const satisfies Record<string, Label>;
export type ReportChannel = keyof typeof REPORT_CHANNELS;

export const LOSS_CAUSES = {
  COLLISION: { zh: '碰撞', en: 'Collision' },
  THEFT: { zh: '盗抢', en: 'Theft' },
  NATURAL: { zh: '自然灾害', en: 'Natural disaster' },
  FIRE: { zh: '火灾', en: 'Fire' },
  ACCIDENT: { zh: '意外伤害', en: 'Accident' },
  ILLNESS: { zh: '疾病', en: 'Illness' },
  OTHER: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type LossCause = keyof typeof LOSS_CAUSES;

/** 损失类型: motor 人伤/车损/物损; life and health 身故/伤残/医疗. */
export const LOSS_TYPES = {
  INJURY: { zh: '人伤', en: 'Bodily injury' },
  VEHICLE: { zh: '车损', en: 'Vehicle damage' },
  PROPERTY: { zh: '物损', en: 'Property damage' },
  DEATH: { zh: '身故', en: 'Death' },
  DISABILITY: { zh: '伤残', en: 'Disability' },
  MEDICAL: { zh: '医疗', en: 'Medical' },
} as const satisfies Record<string, Label>;
export type LossType = keyof typeof LOSS_TYPES;
export const MOTOR_LOSS_TYPES: readonly LossType[] = ['INJURY', 'VEHICLE', 'PROPERTY'];
export const PERSONAL_LOSS_TYPES: readonly LossType[] = ['DEATH', 'DISABILITY', 'MEDICAL'];

export const CLAIM_PARTY_ROLES = {
  THIRD_PARTY: { zh: '三者', en: 'Third party' },
  INJURED: { zh: '伤者', en: 'Injured person' },
  DRIVER: { zh: '驾驶员', en: 'Driver' },
  WITNESS: { zh: '证人', en: 'Witness' },
} as const satisfies Record<string, Label>;
export type ClaimPartyRole = keyof typeof CLAIM_PARTY_ROLES;

export const TASK_KINDS = {
  SURVEY: { zh: '查勘', en: 'Survey' },
  DAMAGE: { zh: '定损', en: 'Damage assessment' },
  INJURY: { zh: '人伤', en: 'Injury assessment' },
} as const satisfies Record<string, Label>;
export type TaskKind = keyof typeof TASK_KINDS;

export const TASK_STATES = {
  ASSIGNED: { zh: '处理中', en: 'Assigned' },
  SUBMITTED: { zh: '待审核', en: 'Submitted' },
  APPROVED: { zh: '审核通过', en: 'Approved' },
  RETURNED: { zh: '已退回', en: 'Returned' },
  CANCELLED: { zh: '已撤销', en: 'Cancelled' },
} as const satisfies Record<string, Label>;
export type TaskState = keyof typeof TASK_STATES;

export const ITEM_KINDS = {
  PART: { zh: '配件', en: 'Part' },
  LABOUR: { zh: '工时', en: 'Labour' },
  MEDICAL: { zh: '医疗费用', en: 'Medical bill' },
  PROPERTY: { zh: '财产损失', en: 'Property' },
  OTHER: { zh: '其他损失', en: 'Other loss' },
} as const satisfies Record<string, Label>;
export type ItemKind = keyof typeof ITEM_KINDS;

export const DOCUMENT_KINDS = {
  PHOTO: { zh: '现场/损失照片', en: 'Photo' },
  INVOICE: { zh: '发票/维修清单', en: 'Invoice' },
  MEDICAL_RECORD: { zh: '病历/诊断证明', en: 'Medical record' },
  ID_DOCUMENT: { zh: '身份证明', en: 'ID document' },
  POLICE_REPORT: { zh: '事故认定书', en: 'Police report' },
  DEATH_CERTIFICATE: { zh: '死亡证明', en: 'Death certificate' },
  DECLINE_LETTER: { zh: '拒赔通知书', en: 'Decline letter' },
  OTHER: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export const RESERVE_KINDS = {
  OPEN: { zh: '立案估损', en: 'Opening reserve' },
  ADJUST: { zh: '估损调整', en: 'Adjustment' },
  PAYMENT: { zh: '赔款支付冲减', en: 'Paid' },
  CLOSE: { zh: '结案清零', en: 'Released at close' },
  REOPEN: { zh: '重开估损', en: 'Reopening reserve' },
  WITHDRAW: { zh: '注销/拒赔清零', en: 'Released (withdrawn/declined)' },
} as const satisfies Record<string, Label>;
export type ReserveKind = keyof typeof RESERVE_KINDS;

export const PAYMENT_KINDS = {
  ADVANCE: { zh: '预付赔款', en: 'Advance payment' },
  PARTIAL: { zh: '部分赔付', en: 'Partial payment' },
  FINAL: { zh: '赔款支付', en: 'Payment' },
} as const satisfies Record<string, Label>;
export type PaymentKind = keyof typeof PAYMENT_KINDS;

export const PAYMENT_STATES = {
  PENDING: { zh: '待支付', en: 'Pending' },
  PAID: { zh: '已支付', en: 'Paid' },
  CANCELLED: { zh: '已取消', en: 'Cancelled' },
} as const satisfies Record<string, Label>;
export type PaymentState = keyof typeof PAYMENT_STATES;

export const DUPLICATE_STATES = {
  NONE: { zh: '无', en: 'None' },
  SUSPECTED: { zh: '疑似重复报案', en: 'Possible duplicate' },
  CONFIRMED_DISTINCT: { zh: '已确认非重复', en: 'Confirmed distinct' },
  LINKED: { zh: '已关联为重复', en: 'Linked as duplicate' },
} as const satisfies Record<string, Label>;
export type DuplicateState = keyof typeof DUPLICATE_STATES;

// ---------------------------------------------------------------- 报案

/** A policy found for 报案, with whether it was in force on the loss date and what can respond. */
export interface ReportablePolicy {
  policyId: string;
  policyNo: string;
  productName: string;
  line: ProductLine;
  state: string;
  holderName: string;
  insuredName: string;
  plateNo: string | null;
  startDate: string;
  endDate: string | null;
  /** null when no loss date was given. */
  inForceOnLossDate: boolean | null;
  coverages: ClaimCoverage[];
}

export interface ClaimCoverage {
  code: string;
  name: string;
  limit: string | null;
  deductible: string | null;
  sumInsured: string | null;
  /** Loss types this coverage answers for (车损 → CAR_DAMAGE, 人伤 → THIRD_PARTY/DEATH_DISABILITY/MEDICAL…). */
  lossTypes: LossType[];
}

export interface ClaimPartyInput {
  role: ClaimPartyRole;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  plateNo?: string | null;
  note?: string | null;
}

export interface ClaimReportInput {
  policyId: string;
  /** ISO date-time; Shanghai business date of it must lie in the policy period. */
  lossAt: string;
  lossPlace: string;
  lossCause: LossCause;
  description: string;
  channel: ReportChannel;
  reporterName: string;
  reporterPhone: string;
  reporterRelation?: string | null;
  /** Motor: 有责 / 无责 and the share (0–100) of liability. */
  atFault?: boolean | null;
  liabilityShare?: string | null;
  parties?: ClaimPartyInput[];
}

// ---------------------------------------------------------------- reads

export interface ClaimSummary {
  id: string;
  claimNo: string;
  state: ClaimState;
  policy: { id: string; policyNo: string; productName: string; line: ProductLine; plateNo: string | null };
  org: { id: string; name: string };
  insuredName: string;
  lossDate: string;
  lossPlace: string;
  lossCause: LossCause;
  channel: ReportChannel;
  handler: UserBrief;
  duplicateState: DuplicateState;
  outstandingReserve: string;
  approvedAmount: string;
  paidAmount: string;
  /** ISO time the claim entered its state (pending age). */
  stateSince: string;
  reportedAt: string;
  updatedAt: string;
}

export interface ReserveLine {
  coverageCode: string;
  coverageName: string;
  lossType: LossType;
  /** Current reserve: the sum of its changes. */
  amount: string;
}

export interface ReserveChange {
  id: string;
  coverageCode: string;
  lossType: LossType;
  kind: ReserveKind;
  delta: string;
  reason: string;
  by: UserBrief | null;
  at: string;
}

export interface TaskItem {
  kind: ItemKind;
  name: string;
  coverageCode: string;
  lossType: LossType;
  unitPrice: string;
  quantity: string;
  /** unitPrice × quantity, to the fen. */
  amount: string;
}

export interface ClaimTask {
  id: string;
  claimId: string;
  claimNo: string;
  kind: TaskKind;
  state: TaskState;
  org: { id: string; name: string };
  assignee: UserBrief;
  findings: string | null;
  assessedAmount: string;
  items: TaskItem[];
  documents: ClaimDocument[];
  submittedAt: string | null;
  reviewedBy: UserBrief | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  version: number;
  createdAt: string;
}

export interface ClaimDocument {
  id: string;
  taskId: string | null;
  kind: DocumentKind;
  name: string;
  sha256: string;
  size: number;
  mime: string;
  uploadedBy: UserBrief;
  uploadedAt: string;
  href: string;
}

/** One line of a calculation sheet: what was applied and the running amount after it. */
export interface CalculationStep {
  code: string;
  label: string;
  /** The figure applied (an amount, a percentage, a limit). */
  value: string | null;
  /** The running amount after this step. */
  amount: string;
}

export interface CalculationInput {
  coverageCode: string;
  lossType: LossType;
  /** 核定损失 (motor) or 医疗费用合计 (medical); defaults to the approved task items of this coverage and loss type. */
  assessedLoss?: string | null;
  salvage?: string | null;
  /** Motor: overrides the claim's liability. */
  atFault?: boolean | null;
  liabilityShare?: string | null;
  /** Absolute deductible (元) and/or a deductible rate (0–100 %). */
  deductible?: string | null;
  deductibleRate?: string | null;
  /** Coverage limit; defaults to the policy's coverage (交强险: the limit of the head by fault, from the reference table). */
  limit?: string | null;
  /** Medical: co-payment ratio the insured bears (0–100 %) and the annual limit. */
  coPaymentRate?: string | null;
}

export interface CalculationSheet {
  id: string;
  coverageCode: string;
  coverageName: string;
  lossType: LossType;
  input: CalculationInput;
  steps: CalculationStep[];
  payable: string;
  createdBy: UserBrief;
  createdAt: string;
}

export interface ApprovalEntry {
  id: string;
  level: number;
  org: { id: string; name: string };
  approver: UserBrief | null;
  amount: string;
  decision: 'SUBMIT' | 'APPROVE' | 'ESCALATE' | 'DECLINE' | 'RETURN';
  declineCode: string | null;
  reason: string | null;
  at: string;
}

export interface PaymentInput {
  kind: PaymentKind;
  amount: string;
  payeePartyId?: string | null;
  payeeName: string;
  bankName: string;
  accountNo: string;
  coverageCode?: string | null;
  lossType?: LossType | null;
}

export interface ClaimPayment {
  id: string;
  paymentNo: string;
  kind: PaymentKind;
  state: PaymentState;
  amount: string;
  payeeName: string;
  bankName: string;
  accountNoMasked: string;
  coverageCode: string | null;
  lossType: LossType | null;
  createdBy: UserBrief;
  createdAt: string;
  paidAt: string | null;
  paidReference: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

/** A payment in the payment worklist (GET /claim-payments), with its claim. */
export interface ClaimPaymentItem extends ClaimPayment {
  claim: { id: string; claimNo: string; state: ClaimState };
  org: { id: string; name: string };
}

export interface ClaimTimelineEntry {
  id: string;
  action: string;
  label: string;
  fromState: string | null;
  toState: string | null;
  actor: UserBrief | null;
  at: string;
  note: string | null;
  details: Record<string, unknown>;
}

export interface ClaimDetail extends ClaimSummary {
  version: number;
  lossAt: string;
  description: string;
  reporter: { name: string; phoneMasked: string | null; relation: string | null };
  atFault: boolean | null;
  liabilityShare: string | null;
  coverages: ClaimCoverage[];
  parties: { role: ClaimPartyRole; name: string; idNumberMasked: string | null; phoneMasked: string | null; plateNo: string | null; note: string | null }[];
  duplicateOf: { id: string; claimNo: string } | null;
  /** Other claims of the same policy within a day of the loss, for the handler to link or confirm. */
  possibleDuplicates: { id: string; claimNo: string; lossDate: string; lossPlace: string; state: ClaimState }[];
  reserves: ReserveLine[];
  reserveHistory: ReserveChange[];
  tasks: ClaimTask[];
  documents: ClaimDocument[];
  calculations: CalculationSheet[];
  /** Sum of the current sheets' payables. */
  calculatedTotal: string;
  approvals: ApprovalEntry[];
  /** While 待核赔: the org whose approvers decide now. */
  approvalOrg: { id: string; name: string } | null;
  payments: ClaimPayment[];
  declineCode: string | null;
  declineReason: string | null;
  closedAt: string | null;
  reopenCount: number;
  /** Actions legal now for this user (state table ∩ permissions). */
  actions: ClaimAction[];
  timeline: ClaimTimelineEntry[];
}

/** Decline reason codes (拒赔原因), configurable in claim settings. */
export interface DeclineReason {
  code: string;
  zh: string;
  en: string;
}

/** A claim drawn into the quality-review queue. */
export interface ClaimReviewRow {
  id: string;
  claim: ClaimSummary;
  reasons: ('RANDOM' | 'AMOUNT' | 'HANDLER')[];
  state: 'PENDING' | 'DONE';
  reviewer: UserBrief | null;
  result: 'PASS' | 'ISSUE' | null;
  findings: string | null;
  drawnAt: string;
  reviewedAt: string | null;
}

export interface ClaimKpis {
  /** Pending counts by state, and by handler (top N). */
  pendingByState: { state: ClaimState; count: number }[];
  pendingByHandler: { handler: UserBrief; count: number }[];
  /** Average and p90 days spent in each stage by claims that left it in the period. */
  cycleTimes: { state: ClaimState; claims: number; avgDays: string; p90Days: string }[];
  reserveTotal: string;
  paidTotal: string;
  /** Paid per month (Shanghai), last 12 months. */
  paidByMonth: { month: string; amount: string; claims: number }[];
  reportedByMonth: { month: string; count: number }[];
}

// ---------------------------------------------------------------- 核赔 (approval area)

/** 拒赔 (POST /claims/:id/decline): a reason code from the settings and the approver's explanation. */
export interface DeclineInput {
  declineCode: string;
  reason: string;
}

/** A line of the 核赔 inbox (GET /claim-approvals), with what the caller may do about it. */
export interface ApprovalInboxItem {
  claim: ClaimSummary;
  /** Sum of the current calculation sheets: the amount to approve. */
  amount: string;
  approvalOrg: { id: string; name: string };
  /** 1 = the claim's own org; each escalation one level up. */
  level: number;
  submittedAt: string;
  /** The caller's authority for the claim's line; null = none. */
  authority: string | null;
  withinAuthority: boolean;
  /** The caller handles this claim: someone else must decide (four-eyes). */
  ownClaim: boolean;
}

/** The caller's approval authority for a line (the larger of their own and their roles'). */
export interface ClaimAuthorityLine {
  line: ProductLine;
  amount: string;
  source: 'USER' | 'ROLE';
}

/** An approval authority (claim_authority) for a user or for everyone holding a role. */
export interface ClaimAuthority {
  id: string;
  user: UserBrief | null;
  role: { id: string; code: string; name: string } | null;
  line: ProductLine;
  maxAmount: string;
  createdBy: UserBrief;
  createdAt: string;
}

/** PUT /claim-authorities: sets the authority of a user or a role for a line (exactly one of userId, roleId). */
export interface ClaimAuthorityInput {
  userId?: string | null;
  roleId?: string | null;
  line: ProductLine;
  maxAmount: string;
}

/** Claim settings (GET/PUT /claim-settings); PUT may send any subset of the keys. */
export interface ClaimSettings {
  declineReasons: DeclineReason[];
  /** Closed claims drawn into the quality-review queue: a random share, every claim paid above an amount, every claim of named handlers. */
  sampling: { randomPercent: number; amountAbove: string | null; handlerIds: string[] };
  /** Uploads: size cap and the types accepted (checked against the file's signature too). */
  documents: { maxBytes: number; types: string[] };
}
