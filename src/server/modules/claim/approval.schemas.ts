// TypeBox schemas of 理算 and 核赔 (src/contracts/claim.ts CalculationInput, ApprovalInboxItem,
// ClaimAuthority, ClaimSettings). Bodies are strict; business rules answer 422. The claim detail and
// the calculation sheet are report.schemas.ts's.
import { Type, type TSchema } from '@sinclair/typebox';
import { LOSS_TYPES, type LossType } from '../../../contracts/claim';
import { PRODUCT_LINE_CODES } from '../../../contracts/product';
import { UserBriefSchema } from '../policy/policy.schemas';
import { ClaimSummarySchema } from './report.schemas';

const Strict = { additionalProperties: false } as const;
// Null first: with AJV's type coercion a string branch first would turn null into "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Opt = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
const Uuid = Type.String({ format: 'uuid' });
const Str = Type.String();
const Money = Type.String({ pattern: '^[0-9]{1,12}(\\.[0-9]{1,2})?$', description: '金额（元），最多两位小数', examples: ['18000.00'] });
const Percent = Type.String({ pattern: '^(100(\\.0{1,2})?|[0-9]{1,2}(\\.[0-9]{1,2})?)$', description: '百分比（0–100），最多两位小数', examples: ['70'] });
const Reason = Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' });
const OrgBrief = Type.Object({ id: Str, name: Str });
const Line = Enum(PRODUCT_LINE_CODES, '险种');

export const LossTypeSchema = Enum(Object.keys(LOSS_TYPES) as LossType[], '损失类型');

export const CalculationInputSchema = Type.Object(
  {
    coverageCode: Type.String({ minLength: 1, maxLength: 40, description: '险别代码' }),
    lossType: LossTypeSchema,
    assessedLoss: Opt(Money),
    salvage: Opt(Money),
    atFault: Opt(Type.Boolean()),
    liabilityShare: Opt(Percent),
    deductible: Opt(Money),
    deductibleRate: Opt(Percent),
    limit: Opt(Money),
    coPaymentRate: Opt(Percent),
  },
  Strict,
);

export const ReasonBody = Type.Object({ reason: Reason }, Strict);
export const OptionalReasonBody = Type.Object({ reason: Opt(Type.String({ maxLength: 500 })) }, Strict);
export const DeclineBody = Type.Object({ declineCode: Type.String({ minLength: 1, maxLength: 32, description: '拒赔原因代码' }), reason: Reason }, Strict);

export const InboxQuery = Type.Object(
  {
    scope: Type.Optional(Enum(['mine', 'all'] as const, 'mine：本机构待核赔；all：权限范围内全部')),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  Strict,
);

export const InboxPageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      claim: ClaimSummarySchema,
      amount: Str,
      approvalOrg: OrgBrief,
      level: Type.Integer(),
      submittedAt: Str,
      authority: Nullable(Str),
      withinAuthority: Type.Boolean(),
      ownClaim: Type.Boolean(),
    }),
  ),
  total: Type.Integer(),
});

export const AuthorityLinesSchema = Type.Array(Type.Object({ line: Line, amount: Str, source: Enum(['USER', 'ROLE'] as const) }));

export const ClaimAuthoritySchema = Type.Object({
  id: Str,
  user: Nullable(UserBriefSchema),
  role: Nullable(Type.Object({ id: Str, code: Str, name: Str })),
  line: Line,
  maxAmount: Str,
  createdBy: UserBriefSchema,
  createdAt: Str,
});
export const AuthorityQuery = Type.Object({ userId: Type.Optional(Uuid), roleId: Type.Optional(Uuid), line: Type.Optional(Line) }, Strict);
export const AuthorityInputSchema = Type.Object({ userId: Opt(Uuid), roleId: Opt(Uuid), line: Line, maxAmount: Money }, Strict);

const DeclineReasonSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,31}$', description: '代码（大写字母、数字、下划线）' }),
    zh: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    en: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  },
  Strict,
);
const SamplingSchema = Type.Object(
  {
    randomPercent: Type.Number({ minimum: 0, maximum: 100, description: '随机抽检比例（%）' }),
    amountAbove: Nullable(Money),
    handlerIds: Type.Array(Uuid, { maxItems: 200 }),
  },
  Strict,
);
const DocumentsSchema = Type.Object(
  {
    maxBytes: Type.Integer({ minimum: 1024, maximum: 10 * 1024 * 1024, description: '单个文件大小上限（字节），不超过 10 MB' }),
    types: Type.Array(Enum(['image/jpeg', 'image/png', 'application/pdf'] as const), { minItems: 1, uniqueItems: true }),
  },
  Strict,
);
export const ClaimSettingsSchema = Type.Object({ declineReasons: Type.Array(DeclineReasonSchema), sampling: SamplingSchema, documents: Type.Object({ maxBytes: Type.Integer(), types: Type.Array(Str) }) });
export const ClaimSettingsUpdateSchema = Type.Object(
  { declineReasons: Type.Optional(Type.Array(DeclineReasonSchema, { minItems: 1, maxItems: 100 })), sampling: Type.Optional(SamplingSchema), documents: Type.Optional(DocumentsSchema) },
  Strict,
);
