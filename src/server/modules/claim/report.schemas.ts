// TypeBox schemas of 报案, worklists, the claim detail, 立案 and reserves (src/contracts/claim.ts).
// Bodies are strict (unknown fields → 400) and check shapes; business rules (policy in force, phone
// format, coverage on the policy) are the service's 422s naming the field. Response schemas list
// every field: what is not listed is not sent. The other claim areas answer ClaimDetailSchema.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  CLAIM_ACTION_CODES,
  CLAIM_PARTY_ROLES,
  CLAIM_STATE_CODES,
  DUPLICATE_STATES,
  LOSS_CAUSES,
  LOSS_TYPES,
  PAYMENT_KINDS,
  PAYMENT_STATES,
  REPORT_CHANNELS,
  RESERVE_KINDS,
} from '../../../contracts/claim';
import { PRODUCT_LINE_CODES } from '../../../contracts/product';
import { TimelineEntrySchema, UserBriefSchema } from '../policy/policy.schemas';
import { ClaimDocumentSchema, ClaimTaskSchema } from './task.schemas';

const Strict = { additionalProperties: false } as const;
// Null first: with AJV's type coercion a string branch first would turn null into "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Opt = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
const codes = <T extends string>(o: Record<T, unknown>) => Object.keys(o) as T[];
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Uuid = Type.String({ format: 'uuid' });
const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD（北京时间）' });
const Str = Type.String();
/** Amounts are checked by the service (422 with the field), so any short string passes here. */
const Amount = Type.String({ maxLength: 20, description: '金额（元），最多两位小数', examples: ['5000.00'] });

export const ClaimStateSchema = Enum(CLAIM_STATE_CODES, '赔案状态');
const LossTypeSchema = Enum(codes(LOSS_TYPES), '损失类型');
export const ClaimIdParams = Type.Object({ id: Uuid }, Strict);
export const ClaimNoParams = Type.Object({ claimNo: Text(40, 1) }, Strict);

// ---------------------------------------------------------------- inputs

export const PolicySearchQuery = Type.Object({ q: Text(50, 1), lossDate: Type.Optional(DateStr) }, Strict);
export type PolicySearchQueryT = Static<typeof PolicySearchQuery>;

const PartyInputSchema = Type.Object(
  { role: Enum(codes(CLAIM_PARTY_ROLES), '当事人角色'), name: Text(50, 1), idNumber: Opt(Text(30)), phone: Opt(Text(20)), plateNo: Opt(Text(16)), note: Opt(Text(200)) },
  Strict,
);

export const ReportBody = Type.Object(
  {
    policyId: Uuid,
    lossAt: Type.String({ format: 'date-time', description: '出险时间（ISO）' }),
    lossPlace: Text(200, 1),
    lossCause: Enum(codes(LOSS_CAUSES), '出险原因'),
    description: Text(2000, 1),
    channel: Enum(codes(REPORT_CHANNELS), '报案方式'),
    reporterName: Text(50, 1),
    reporterPhone: Text(20, 1),
    reporterRelation: Opt(Text(20)),
    atFault: Opt(Type.Boolean()),
    liabilityShare: Opt(Type.String({ maxLength: 8, description: '责任比例（%），0–100' })),
    parties: Type.Optional(Type.Array(PartyInputSchema, { maxItems: 20 })),
  },
  Strict,
);

export const UpdateBody = Type.Object(
  {
    lossPlace: Type.Optional(Text(200, 1)),
    description: Type.Optional(Text(2000, 1)),
    atFault: Opt(Type.Boolean()),
    liabilityShare: Opt(Type.String({ maxLength: 8 })),
    parties: Type.Optional(Type.Array(PartyInputSchema, { maxItems: 20 })),
    version: Type.Integer({ minimum: 1 }),
  },
  Strict,
);
export type UpdateBodyT = Static<typeof UpdateBody>;

export const DuplicateBody = Type.Union([
  Type.Object({ decision: Type.Literal('LINK'), duplicateOf: Uuid }, Strict),
  Type.Object({ decision: Type.Literal('DISTINCT') }, Strict),
]);
export type DuplicateBodyT = Static<typeof DuplicateBody>;

const ReserveInput = Type.Object({ coverageCode: Text(40, 1), lossType: LossTypeSchema, amount: Amount }, Strict);
export const RegisterBody = Type.Object({ reserves: Type.Array(ReserveInput, { maxItems: 20 }), reason: Opt(Text(500)) }, Strict);
export type RegisterBodyT = Static<typeof RegisterBody>;
export const ReserveBody = Type.Object({ coverageCode: Text(40, 1), lossType: LossTypeSchema, amount: Amount, reason: Type.Optional(Text(500)) }, Strict);
export type ReserveBodyT = Static<typeof ReserveBody>;

export const ClaimSort = Enum(['updatedAt', '-updatedAt', 'stateSince', '-stateSince', 'lossDate', '-lossDate', 'claimNo', '-claimNo']);
export const ClaimListQuery = Type.Object(
  {
    q: Type.Optional(Text(50)),
    state: Type.Optional(Type.Array(ClaimStateSchema, { maxItems: 7 })),
    handlerId: Type.Optional(Uuid),
    /** Claims I handle. */
    mine: Type.Optional(Type.Boolean()),
    /** An org and its sub-orgs. */
    orgId: Type.Optional(Uuid),
    line: Type.Optional(Enum(PRODUCT_LINE_CODES)),
    lossDateFrom: Type.Optional(DateStr),
    lossDateTo: Type.Optional(DateStr),
    duplicate: Type.Optional(Enum(codes(DUPLICATE_STATES), '重复报案标记')),
    sort: Type.Optional(ClaimSort),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  Strict,
);
export type ClaimListQueryT = Static<typeof ClaimListQuery>;

// ---------------------------------------------------------------- answers

const NamedRef = Type.Object({ id: Str, name: Str });
export const ClaimCoverageSchema = Type.Object({ code: Str, name: Str, limit: Nullable(Str), deductible: Nullable(Str), sumInsured: Nullable(Str), lossTypes: Type.Array(LossTypeSchema) });

export const ReportablePolicySchema = Type.Object({
  policyId: Str,
  policyNo: Str,
  productName: Str,
  line: Enum(PRODUCT_LINE_CODES),
  state: Str,
  holderName: Str,
  insuredName: Str,
  plateNo: Nullable(Str),
  startDate: Str,
  endDate: Nullable(Str),
  inForceOnLossDate: Nullable(Type.Boolean()),
  coverages: Type.Array(ClaimCoverageSchema),
});

const summaryFields = {
  id: Str,
  claimNo: Str,
  state: ClaimStateSchema,
  policy: Type.Object({ id: Str, policyNo: Str, productName: Str, line: Enum(PRODUCT_LINE_CODES), plateNo: Nullable(Str) }),
  org: NamedRef,
  insuredName: Str,
  lossDate: Str,
  lossPlace: Str,
  lossCause: Enum(codes(LOSS_CAUSES)),
  channel: Enum(codes(REPORT_CHANNELS)),
  handler: UserBriefSchema,
  duplicateState: Enum(codes(DUPLICATE_STATES)),
  outstandingReserve: Str,
  approvedAmount: Str,
  paidAmount: Str,
  stateSince: Str,
  reportedAt: Str,
  updatedAt: Str,
};
export const ClaimSummarySchema = Type.Object(summaryFields);
export const ClaimPageSchema = Type.Object({
  items: Type.Array(ClaimSummarySchema),
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
  nextCursor: Nullable(Str),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const ClaimPaymentSchema = Type.Object({
  id: Str,
  paymentNo: Str,
  kind: Enum(codes(PAYMENT_KINDS)),
  state: Enum(codes(PAYMENT_STATES)),
  amount: Str,
  payeeName: Str,
  bankName: Str,
  accountNoMasked: Str,
  coverageCode: Nullable(Str),
  lossType: Nullable(LossTypeSchema),
  createdBy: UserBriefSchema,
  createdAt: Str,
  paidAt: Nullable(Str),
  paidReference: Nullable(Str),
  cancelledAt: Nullable(Str),
  cancelReason: Nullable(Str),
});

export const CalculationSheetSchema = Type.Object({
  id: Str,
  coverageCode: Str,
  coverageName: Str,
  lossType: LossTypeSchema,
  // The stored input (contracts/claim.ts CalculationInput), sent as it is.
  input: Type.Unknown(),
  steps: Type.Array(Type.Object({ code: Str, label: Str, value: Nullable(Str), amount: Str })),
  payable: Str,
  createdBy: UserBriefSchema,
  createdAt: Str,
});

export const ClaimDetailSchema = Type.Object({
  ...summaryFields,
  version: Type.Integer(),
  lossAt: Str,
  description: Str,
  reporter: Type.Object({ name: Str, phoneMasked: Nullable(Str), relation: Nullable(Str) }),
  atFault: Nullable(Type.Boolean()),
  liabilityShare: Nullable(Str),
  coverages: Type.Array(ClaimCoverageSchema),
  parties: Type.Array(
    Type.Object({ role: Enum(codes(CLAIM_PARTY_ROLES)), name: Str, idNumberMasked: Nullable(Str), phoneMasked: Nullable(Str), plateNo: Nullable(Str), note: Nullable(Str) }),
  ),
  duplicateOf: Nullable(Type.Object({ id: Str, claimNo: Str })),
  possibleDuplicates: Type.Array(Type.Object({ id: Str, claimNo: Str, lossDate: Str, lossPlace: Str, state: ClaimStateSchema })),
  reserves: Type.Array(Type.Object({ coverageCode: Str, coverageName: Str, lossType: LossTypeSchema, amount: Str })),
  reserveHistory: Type.Array(
    Type.Object({ id: Str, coverageCode: Str, lossType: LossTypeSchema, kind: Enum(codes(RESERVE_KINDS)), delta: Str, reason: Str, by: Nullable(UserBriefSchema), at: Str }),
  ),
  tasks: Type.Array(ClaimTaskSchema),
  documents: Type.Array(ClaimDocumentSchema),
  calculations: Type.Array(CalculationSheetSchema),
  calculatedTotal: Str,
  approvals: Type.Array(
    Type.Object({
      id: Str,
      level: Type.Integer(),
      org: NamedRef,
      approver: Nullable(UserBriefSchema),
      amount: Str,
      decision: Enum(['SUBMIT', 'APPROVE', 'ESCALATE', 'DECLINE', 'RETURN'] as const),
      declineCode: Nullable(Str),
      reason: Nullable(Str),
      at: Str,
    }),
  ),
  approvalOrg: Nullable(NamedRef),
  payments: Type.Array(ClaimPaymentSchema),
  declineCode: Nullable(Str),
  declineReason: Nullable(Str),
  closedAt: Nullable(Str),
  reopenCount: Type.Integer(),
  actions: Type.Array(Enum(CLAIM_ACTION_CODES)),
  timeline: Type.Array(TimelineEntrySchema),
});
