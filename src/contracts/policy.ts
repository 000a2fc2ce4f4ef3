// Shapes shared by the server and the web app for proposals (投保单) and policies (保单).
// Types and constants only — no logic. The transition tables are in
// server/modules/policy/lifecycle.rules.ts; the reasons in docs/decisions/0007-policy-lifecycle.md.

import type { Channel, PaymentMode, ProductLine, ProductQuote } from './product';

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

// ---------------------------------------------------------------- wire shapes (docs/api-policy.md)
// Amounts are decimal strings in yuan with two decimals ("1234.50"); dates 'YYYY-MM-DD' business
// dates in Asia/Shanghai; instants ISO strings.

/** Relationship of the insured to the policyholder (保险法 art. 31, insurable interest). */
export const INSURED_RELATIONS = {
  SELF: { zh: '本人', en: 'Self' },
  SPOUSE: { zh: '配偶', en: 'Spouse' },
  CHILD: { zh: '子女', en: 'Child' },
  PARENT: { zh: '父母', en: 'Parent' },
  EMPLOYEE: { zh: '雇员（劳动关系）', en: 'Employee' },
  OTHER_CONSENTED: { zh: '其他（经被保险人同意）', en: 'Other, with the insured’s consent' },
} as const satisfies Record<string, Label>;
export type InsuredRelation = keyof typeof INSURED_RELATIONS;
export const INSURED_RELATION_CODES = Object.keys(INSURED_RELATIONS) as InsuredRelation[];

/** Relationship of a beneficiary to the insured. */
export const BENEFICIARY_RELATIONS = {
  SPOUSE: { zh: '配偶', en: 'Spouse' },
  CHILD: { zh: '子女', en: 'Child' },
  PARENT: { zh: '父母', en: 'Parent' },
  SIBLING: { zh: '兄弟姐妹', en: 'Sibling' },
  GRANDPARENT: { zh: '祖父母、外祖父母', en: 'Grandparent' },
  GRANDCHILD: { zh: '孙子女、外孙子女', en: 'Grandchild' },
  OTHER: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, Label>;
export type BeneficiaryRelation = keyof typeof BENEFICIARY_RELATIONS;
export const BENEFICIARY_RELATION_CODES = Object.keys(BENEFICIARY_RELATIONS) as BeneficiaryRelation[];
/** Near relatives (近亲属) — the only beneficiaries allowed when an employer insures an employee (保险法 art. 39). */
export const NEAR_RELATIVES: readonly BeneficiaryRelation[] = ['SPOUSE', 'CHILD', 'PARENT', 'SIBLING', 'GRANDPARENT', 'GRANDCHILD'];

/** Health disclosure questions (健康告知) of life and health proposals; any "yes" is referred to an underwriter by default. */
export const HEALTH_QUESTIONS = {
  HOSPITAL_2Y: { zh: '过去两年内是否曾住院或被医生建议住院？', en: 'Hospitalised, or advised to be, in the last two years?' },
  SERIOUS_ILLNESS: { zh: '是否患有或曾患有恶性肿瘤、心脏病、脑血管疾病、高血压、糖尿病、肝肾疾病？', en: 'Ever had cancer, heart or cerebrovascular disease, hypertension, diabetes, liver or kidney disease?' },
  SURGERY_5Y: { zh: '过去五年内是否接受过手术？', en: 'Any surgery in the last five years?' },
  DISABILITY: { zh: '是否有残疾或身体机能障碍？', en: 'Any disability or impairment?' },
  SMOKING_DRINKING: { zh: '是否每日吸烟超过 20 支或长期大量饮酒？', en: 'Smoke more than 20 a day or drink heavily?' },
} as const satisfies Record<string, Label>;
export type HealthQuestion = keyof typeof HEALTH_QUESTIONS;
export const HEALTH_QUESTION_CODES = Object.keys(HEALTH_QUESTIONS) as HealthQuestion[];

export interface BeneficiaryInput {
  partyId: string;
  relation: BeneficiaryRelation;
  /** 受益顺序: 1 first, 2 second, 3 third. Shares of one order add up to exactly 100. */
  order: number;
  /** Percentage with up to two decimals ("50", "33.33"). */
  sharePercent: string;
}

/** The vehicle of a motor proposal. Rating fields as POST /rating/ctpl and /rating/commercial take them. */
export interface ProposalVehicle {
  /** 号牌号码, e.g. 沪A12345; "新车" numbers are not plates — use the VIN. Upper-cased, no spaces. */
  plateNo: string | null;
  /** 车架号 (17 characters, no I/O/Q). */
  vin: string;
  engineNo: string | null;
  brandModel: string | null;
  usage: string;
  seats?: number;
  tonnage?: number;
  engineCc?: number;
  trailer?: boolean;
  /** 初次登记日期; vehicle age in whole years is counted from it to the start date. */
  registrationDate: string;
  /** 实际价值 (commercial 车损 basis), yuan. */
  actualValue?: string;
  /** Owner's party (行驶证车主), when it is not the policyholder. */
  ownerId?: string | null;
}

export interface MotorData {
  vehicle: ProposalVehicle;
  /** 投保地区 as the rating engines know it (e.g. 上海). */
  region: string;
  /** 交强险 float history. */
  ctplHistory?: { claimFreeYears: number; atFaultAccidentsLastYear: number; fatalAtFaultLastYear: boolean };
  /** 商业车险 NCD history. */
  ncdHistory?: { claimsLast3Years: number; consecutiveInsuredYears: number; newOrTransferred?: boolean; lapseMonths?: number };
  /** 商业车险 coverages (codes of the product's coverages). */
  coverages?: { code: string; limit?: string; sumInsured?: string; seats?: number }[];
  pricingCoefficient?: string;
}

export interface LifeData {
  /** 职业类别 1–6 (1 lowest risk); null when not asked. */
  occupationClass: number | null;
  occupationName?: string | null;
  /** One answer per HEALTH_QUESTIONS code; `detail` required when the answer is yes. */
  health: { code: HealthQuestion; answer: boolean; detail?: string | null }[];
  /** Annual income in yuan (suitability), optional. */
  annualIncome?: string | null;
}

/** Body of POST /proposals (编号登记 with or without data) and PUT /proposals/:id (单据录入). Drafts may be incomplete. */
export interface ProposalInput {
  productVersionId: string;
  channel: Channel;
  /** Selling org; default the user's own org; must be inside the user's scope. */
  orgId?: string;
  policyholderId?: string | null;
  insuredId?: string | null;
  insuredRelation?: InsuredRelation | null;
  /** Empty = 法定受益人 (legal heirs). */
  beneficiaries?: BeneficiaryInput[];
  startDate?: string | null;
  /** Life / fixed-rate products. */
  sumAssured?: string | null;
  /** Years of cover; null = whole of life (or one year for motor). */
  coverageTerm?: number | null;
  paymentMode?: PaymentMode;
  paymentTerm?: number | null;
  motor?: MotorData | null;
  life?: LifeData | null;
  /** Motor wizard: the other proposal for the same vehicle (交强险 + 商业车险). */
  bundleWith?: string | null;
  remark?: string | null;
}

/** What PUT carries besides the input: optimistic concurrency. */
export interface ProposalUpdate extends ProposalInput {
  version: number;
}

/** The stored form: the input, normalised. */
export type ProposalData = Omit<ProposalInput, 'productVersionId' | 'channel' | 'orgId' | 'bundleWith'>;

/** One problem found by 单据校验: every problem at once, each with the field it concerns. */
export interface ValidationProblem {
  /** Stable code, e.g. PROPOSAL_FIELD_REQUIRED, PROPOSAL_AGE_OUT_OF_RANGE, PROPOSAL_DUPLICATE_POLICY. */
  code: string;
  /** Path in ProposalInput ('insuredId', 'beneficiaries.1.sharePercent', 'motor.vehicle.vin'). */
  field: string;
  message: string;
}

export interface PartyBrief {
  id: string;
  partyNo: string;
  name: string;
  kind: 'PERSON' | 'ORGANIZATION';
  idType: string;
  idNumberMasked: string;
  birthDate: string | null;
  sex: string | null;
}

export interface UserBrief {
  id: string;
  username: string;
  name: string;
}

export interface ProposalSummary {
  id: string;
  proposalNo: string;
  state: ProposalState;
  product: { id: string; code: string; name: string; line: ProductLine; versionId: string; versionNo: number };
  channel: Channel;
  org: { id: string; name: string };
  policyholder: { id: string; name: string } | null;
  insured: { id: string; name: string } | null;
  plateNo: string | null;
  sumAssured: string | null;
  premium: string | null;
  extraPremium: string;
  startDate: string | null;
  uwReferred: boolean;
  bundleId: string | null;
  policy: { id: string; policyNo: string } | null;
  registeredBy: UserBrief;
  createdAt: string;
  updatedAt: string;
}

export interface AutoUnderwriting {
  outcome: 'PASS' | 'REFER';
  /** Why it was referred: rule code, field and a message. Empty when passed. */
  reasons: { rule: string; field: string; message: string }[];
}

export interface Collection {
  receivableId: string;
  amount: string;
  received: string;
  outstanding: string;
  status: 'OPEN' | 'SETTLED' | 'CANCELLED';
  receipts: { id: string; amount: string; method: ReceiptMethod; reference: string | null; receivedOn: string; recordedBy: UserBrief | null; recordedAt: string }[];
}

export interface TimelineEntry {
  id: string;
  action: string;
  /** Label of the action in the caller's language. */
  label: string;
  fromState: string | null;
  toState: string | null;
  actor: UserBrief | null;
  at: string;
  note: string | null;
  details: Record<string, unknown>;
}

export interface ProposalDetail extends ProposalSummary {
  version: number;
  data: ProposalData;
  policyholderParty: PartyBrief | null;
  insuredParty: PartyBrief | null;
  beneficiaryParties: PartyBrief[];
  /** The rating answer with its derivation (contracts/product.ts ProductQuote), once validated. */
  quote: ProductQuote | null;
  problems: ValidationProblem[];
  uwAuto: AutoUnderwriting | null;
  underwriting: { decision: UwDecision; reason: string | null; conditions: string | null; decidedBy: UserBrief | null; decidedAt: string } | null;
  collection: Collection | null;
  /** Actions legal now for this user (state table ∩ permissions). */
  actions: ProposalAction[];
  enteredBy: UserBrief | null;
  timeline: TimelineEntry[];
}

export const RECEIPT_METHODS = {
  CASH: { zh: '现金', en: 'Cash' },
  BANK_TRANSFER: { zh: '银行转账', en: 'Bank transfer' },
  POS: { zh: 'POS 刷卡', en: 'Card (POS)' },
  CHEQUE: { zh: '支票', en: 'Cheque' },
  ONLINE: { zh: '网上支付', en: 'Online payment' },
} as const satisfies Record<string, Label>;
export type ReceiptMethod = keyof typeof RECEIPT_METHODS;
export const RECEIPT_METHOD_CODES = Object.keys(RECEIPT_METHODS) as ReceiptMethod[];

export interface PaymentInput {
  amount: string;
  method: ReceiptMethod;
  /** Bank / card / cheque reference; required except for cash; one receipt per reference. */
  reference?: string | null;
  receivedOn: string;
}

export interface UnderwriteInput {
  decision: UwDecision;
  /** Required except for STANDARD. */
  reason?: string | null;
  /** CONDITIONAL: the conditions (exclusions, reduced cover…) and/or an extra premium. */
  conditions?: string | null;
  extraPremium?: string | null;
}

export interface PolicyCoverage {
  code: string;
  name: string;
  limit: string | null;
  deductible: string | null;
  sumInsured: string | null;
  premium: string | null;
}

export interface PolicySummary {
  id: string;
  policyNo: string;
  state: PolicyState;
  product: { id: string; code: string; name: string; line: ProductLine; versionId: string; versionNo: number };
  channel: Channel;
  org: { id: string; name: string };
  policyholder: { id: string; name: string };
  insured: { id: string; name: string };
  plateNo: string | null;
  sumAssured: string | null;
  premium: string;
  startDate: string;
  endDate: string | null;
  issuedAt: string;
}

export interface PolicyDetail extends PolicySummary {
  version: number;
  proposal: { id: string; proposalNo: string };
  policyholderParty: PartyBrief;
  insuredParty: PartyBrief;
  beneficiaries: (BeneficiaryInput & { party: PartyBrief })[];
  extraPremium: string;
  paymentMode: PaymentMode;
  paymentTerm: number | null;
  coverageTerm: number | null;
  startsAt: string;
  endsAt: string | null;
  receiptDate: string | null;
  coolingOffEnd: string | null;
  paidToDate: string | null;
  coverages: PolicyCoverage[];
  data: ProposalData;
  documentVersion: number;
  issuedBy: UserBrief;
  endedOn: string | null;
  /** GET /policies/:id/schedule.pdf and any other documents. */
  documents: { kind: 'POLICY_SCHEDULE'; name: string; href: string }[];
  /** Servicing items the user may start now (by state and permission). */
  endorsementItems: EndorsementItem[];
  endorsements: EndorsementSummary[];
  timeline: TimelineEntry[];
}

/** 保全 items (DOMAIN.md §6 with their customary codes). */
export const ENDORSEMENT_ITEMS = {
  CONTACT_CHANGE: { zh: '联系方式/地址变更', en: 'Change of contact details', code: 'AC' },
  BENEFICIARY_CHANGE: { zh: '受益人变更', en: 'Change of beneficiary', code: 'BC' },
  POLICYHOLDER_CHANGE: { zh: '投保人变更', en: 'Change of policyholder', code: 'AE' },
  COOLING_OFF_CANCELLATION: { zh: '犹豫期撤单', en: 'Cooling-off cancellation', code: 'WT' },
  SURRENDER: { zh: '退保', en: 'Surrender', code: 'CT' },
  REINSTATEMENT: { zh: '复效', en: 'Reinstatement', code: 'RE' },
  SUM_ASSURED_REDUCTION: { zh: '减少保额', en: 'Reduction of sum assured', code: 'PT' },
  DOCUMENT_REISSUE: { zh: '保单补发', en: 'Reissue of a lost policy', code: 'LR' },
} as const satisfies Record<string, Label & { code: string }>;
export type EndorsementItem = keyof typeof ENDORSEMENT_ITEMS;
export const ENDORSEMENT_ITEM_CODES = Object.keys(ENDORSEMENT_ITEMS) as EndorsementItem[];

export const ENDORSEMENT_STATES = {
  PENDING_APPROVAL: { zh: '待审批', en: 'Awaiting approval' },
  APPLIED: { zh: '已生效', en: 'Applied' },
  REJECTED: { zh: '审批不通过', en: 'Rejected' },
  WITHDRAWN: { zh: '已撤销', en: 'Withdrawn' },
} as const satisfies Record<string, Label>;
export type EndorsementState = keyof typeof ENDORSEMENT_STATES;

/**
 * Body of POST /policies/:id/endorsements/trial (试算, changes nothing) and POST /policies/:id/endorsements
 * (申请: applied at once when within the approval threshold, else waits for approval).
 * Exactly the part named by `item` is given.
 */
export interface EndorsementInput {
  item: EndorsementItem;
  effectiveDate: string;
  reason?: string | null;
  contact?: { partyId: string; mobile?: string | null; email?: string | null; address?: { type: string; detail: string; postcode?: string | null } | null };
  beneficiaries?: BeneficiaryInput[];
  policyholder?: { partyId: string; relation: InsuredRelation };
  /** SUM_ASSURED_REDUCTION: the new sum assured. */
  newSumAssured?: string;
  /** REINSTATEMENT: nothing else; back premium and interest are computed. */
}

export interface EndorsementTrial {
  item: EndorsementItem;
  effectiveDate: string;
  /** Money the item moves; amount "0.00" and direction null when none. */
  amount: string;
  direction: 'RECEIVABLE' | 'PAYABLE' | null;
  /** Whether confirming it needs an approver (threshold per item and amount). */
  needsApproval: boolean;
  /** Step-by-step calculation in the caller's language. */
  explanation: string[];
  /** Item-specific figures (e.g. cashValue, premiumRefund, fee, backPremium, interest). */
  figures: Record<string, string | number | null>;
  /** What changes on the policy: field, before, after (for display). */
  changes: { field: string; before: string | null; after: string | null }[];
  /** The policy state after the item. */
  policyStateAfter: PolicyState;
}

export interface EndorsementSummary {
  id: string;
  endorsementNo: string;
  policyId: string;
  policyNo: string;
  item: EndorsementItem;
  state: EndorsementState;
  effectiveDate: string;
  amount: string;
  direction: 'RECEIVABLE' | 'PAYABLE' | null;
  requestedBy: UserBrief;
  requestedAt: string;
  decidedBy: UserBrief | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /**
   * When the item took effect on the policy. null while a reinstatement waits for its back premium
   * (it applies when POST /endorsements/:id/payments settles the receivable), and for items not applied.
   */
  appliedAt?: string | null;
}

export interface EndorsementDetail extends EndorsementSummary {
  input: EndorsementInput;
  calculation: EndorsementTrial;
  reason: string | null;
  billing: Collection | null;
}

/** A row of the renewal queue (续保): an annual P&C policy expiring soon and its renewal proposal. */
export interface RenewalRow {
  policy: PolicySummary;
  daysToExpiry: number;
  renewalProposal: { id: string; proposalNo: string; state: ProposalState; premium: string | null } | null;
  /** Premium of the expiring policy vs the re-rated renewal premium. */
  previousPremium: string;
  claimsInPeriod: number;
}

/** A recorded claim on a policy (POST /policies/:id/claim-records; later fed by the claims module): renewal re-rates from it. */
export interface PolicyClaimRecord {
  id: string;
  lossDate: string;
  amount: string;
  atFault: boolean;
  fatal: boolean;
  /** 'MANUAL' when entered on the policy, else the feeding module ('CLAIMS'). */
  source: string;
  recordedBy: UserBrief | null;
  recordedAt: string;
}

/** Settings documents (GET/PUT /policy-settings/:key). */
export interface UnderwritingRules {
  /** Automatic acceptance up to this sum assured, per line (above it: refer). Missing line = no limit. */
  autoMaxSumAssured: Partial<Record<ProductLine, string>>;
  /** Insured age band for automatic acceptance (life and health). */
  autoMinAge: number;
  autoMaxAge: number;
  /** Occupation classes above this are referred. */
  maxOccupationClass: number;
  /** Any "yes" health answer is referred. */
  referOnHealthDisclosure: boolean;
  /** Motor: vehicles older than this (years) are referred. */
  maxVehicleAgeYears: number;
  /** Motor: more recorded claims than this in the last 3 years are referred. */
  maxClaimsLast3Years: number;
}

export interface ServicingSettings {
  /** Items whose money is at most this amount apply without approval; above it an approver decides. "0.00" = always approve; null = never. */
  approvalThresholds: Record<EndorsementItem, string | null>;
  /** Cooling-off cancellation fee (工本费) in yuan. */
  coolingOffFee: string;
  /** Days of grace after a missed premium before the policy lapses (保险法 art. 36: 60). */
  graceDays: number;
  /** Years after lapse within which reinstatement is allowed (保险法 art. 37: 2). */
  reinstatementYears: number;
  /** Annual interest on back premiums at reinstatement, decimal ("0.05"). */
  reinstatementInterest: string;
  /** P&C surrender: 'PRO_RATA' or 'SHORT_RATE', per product code; default for the rest. */
  pcSurrenderMethod: { default: 'PRO_RATA' | 'SHORT_RATE'; byProduct: Record<string, 'PRO_RATA' | 'SHORT_RATE'> };
  /** Short-rate table: up to `months` in force, `percent` of the annual premium retained. */
  shortRateTable: { months: number; percent: string }[];
}

export interface RenewalSettings {
  /** Renewal proposals are produced this many days before expiry (default 30). */
  daysBefore: number;
  /** Lines that renew annually. */
  lines: ProductLine[];
}

export interface ProposalNumberRange {
  id: string;
  org: { id: string; name: string };
  prefix: string;
  startNo: string;
  endNo: string;
  nextNo: string;
  width: number;
  status: 'ACTIVE' | 'CLOSED';
  remaining: string;
  remark: string | null;
  createdBy: UserBrief;
  createdAt: string;
}

export interface UnderwritingAuthority {
  user: UserBrief;
  line: ProductLine;
  maxSumAssured: string;
  updatedAt: string;
}
