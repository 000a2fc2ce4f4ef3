// TypeBox schemas of 支付, 结案/注销/重开, the review queue and KPIs (src/contracts/claim.ts). Bodies
// are strict (unknown fields → 400) and check shapes; amounts, accounts, coverages and states are
// the service's 409/422 naming the field. Claim actions answer ClaimDetailSchema (report.schemas.ts).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LOSS_TYPES, PAYMENT_KINDS, PAYMENT_STATES } from '../../../contracts/claim';
import { UserBriefSchema } from '../policy/policy.schemas';
import { ClaimPaymentSchema, ClaimStateSchema, ClaimSummarySchema } from './report.schemas';

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
const LossTypeSchema = Enum(codes(LOSS_TYPES), '损失类型');

export const PaymentIdParams = Type.Object({ pid: Uuid }, Strict);
export const ReviewIdParams = Type.Object({ id: Uuid }, Strict);
export const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: '幂等键（8–200 个字符）：重试时沿用同一个，同一键同一内容只支付一次' })) });

// ---------------------------------------------------------------- inputs

export const PaymentBody = Type.Object(
  {
    kind: Enum(codes(PAYMENT_KINDS), '支付类型：预付/部分赔付/赔款支付'),
    amount: Amount,
    payeePartyId: Opt(Uuid),
    payeeName: Text(100, 1),
    bankName: Text(100, 1),
    accountNo: Type.String({ maxLength: 40, description: '银行账号（12–30 位数字）' }),
    coverageCode: Opt(Text(40)),
    lossType: Opt(LossTypeSchema),
  },
  Strict,
);
export const PaidBody = Type.Object({ reference: Text(60, 1), paidOn: DateStr }, Strict);
export const ReasonBody = Type.Object({ reason: Text(500, 1) }, Strict);
const ReserveInput = Type.Object({ coverageCode: Text(40, 1), lossType: LossTypeSchema, amount: Amount }, Strict);
export const ReopenBody = Type.Object({ reason: Text(500, 1), reserves: Type.Array(ReserveInput, { minItems: 1, maxItems: 20 }) }, Strict);
export type ReopenBodyT = Static<typeof ReopenBody>;
export const ReviewCompleteBody = Type.Object({ result: Enum(['PASS', 'ISSUE'] as const, '质检结论'), findings: Opt(Text(2000)) }, Strict);
export type ReviewCompleteBodyT = Static<typeof ReviewCompleteBody>;

export const PaymentListQuery = Type.Object(
  {
    state: Type.Optional(Enum(codes(PAYMENT_STATES), '支付状态')),
    claimId: Type.Optional(Uuid),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
  },
  Strict,
);
export type PaymentListQueryT = Static<typeof PaymentListQuery>;
export const ReviewListQuery = Type.Object({ state: Type.Optional(Enum(['PENDING', 'DONE'] as const, '质检状态')) }, Strict);
export type ReviewListQueryT = Static<typeof ReviewListQuery>;
export const KpiQuery = Type.Object({ orgId: Type.Optional(Uuid), from: Type.Optional(DateStr), to: Type.Optional(DateStr) }, Strict);
export type KpiQueryT = Static<typeof KpiQuery>;

// ---------------------------------------------------------------- answers

const NamedRef = Type.Object({ id: Str, name: Str });
export const PaymentPageSchema = Type.Object({
  items: Type.Array(Type.Object({ ...ClaimPaymentSchema.properties, claim: Type.Object({ id: Str, claimNo: Str, state: ClaimStateSchema }), org: NamedRef })),
  nextCursor: Nullable(Str),
});

export const ClaimReviewSchema = Type.Object({
  id: Str,
  claim: ClaimSummarySchema,
  reasons: Type.Array(Enum(['RANDOM', 'AMOUNT', 'HANDLER'] as const)),
  state: Enum(['PENDING', 'DONE'] as const),
  reviewer: Nullable(UserBriefSchema),
  result: Nullable(Enum(['PASS', 'ISSUE'] as const)),
  findings: Nullable(Str),
  drawnAt: Str,
  reviewedAt: Nullable(Str),
});
export const ClaimReviewListSchema = Type.Object({ items: Type.Array(ClaimReviewSchema) });

export const ClaimKpisSchema = Type.Object({
  pendingByState: Type.Array(Type.Object({ state: ClaimStateSchema, count: Type.Integer() })),
  pendingByHandler: Type.Array(Type.Object({ handler: UserBriefSchema, count: Type.Integer() })),
  cycleTimes: Type.Array(Type.Object({ state: ClaimStateSchema, claims: Type.Integer(), avgDays: Str, p90Days: Str })),
  reserveTotal: Str,
  paidTotal: Str,
  paidByMonth: Type.Array(Type.Object({ month: Str, amount: Str, claims: Type.Integer() })),
  reportedByMonth: Type.Array(Type.Object({ month: Str, count: Type.Integer() })),
});
