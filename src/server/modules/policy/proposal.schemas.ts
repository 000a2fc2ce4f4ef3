// TypeBox schemas of the proposal API (src/contracts/policy.ts ProposalInput, ProposalDetail …).
// Bodies are strict (unknown fields → 400) and only check shapes; drafts may be incomplete, so
// completeness and every business rule are 单据校验's problems (proposal.validation.ts) or a 422.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  BENEFICIARY_RELATION_CODES,
  HEALTH_QUESTION_CODES,
  INSURED_RELATION_CODES,
  PROPOSAL_ACTION_CODES,
  PROPOSAL_STATE_CODES,
  RECEIPT_METHOD_CODES,
  UW_DECISION_CODES,
} from '../../../contracts/policy';
import { CTPL_USAGES } from '../../../contracts/rating';
import { CHANNEL_CODES, PAYMENT_MODE_CODES, PRODUCT_LINE_CODES } from '../../../contracts/product';
import { ProductQuoteSchema } from '../product/catalogue.schemas';
import { PartyBriefSchema, PolicyDetailSchema, TimelineEntrySchema, UserBriefSchema } from './policy.schemas';
import { CollectionSchema } from './servicing.schemas';

const Strict = { additionalProperties: false } as const;
// Null first: with AJV's type coercion a string branch first would turn null into "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Opt = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Uuid = Type.String({ format: 'uuid' });
const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD（北京时间）' });
const Money = Type.String({ pattern: '^[0-9]{1,14}(\\.[0-9]{1,2})?$', description: '金额（元），最多两位小数', examples: ['500000.00'] });
const Str = Type.String();

export const ProposalStateSchema = Enum(PROPOSAL_STATE_CODES, '投保单状态');
export const ProposalIdParams = Type.Object({ id: Uuid }, Strict);

// ---------------------------------------------------------------- inputs

const BeneficiaryInputSchema = Type.Object(
  {
    partyId: Uuid,
    relation: Enum(BENEFICIARY_RELATION_CODES, '与被保险人关系'),
    order: Type.Integer({ minimum: 1, maximum: 3, description: '受益顺序' }),
    sharePercent: Type.String({ maxLength: 8, description: '受益份额（%），最多两位小数', examples: ['50', '33.33'] }),
  },
  Strict,
);

const VehicleSchema = Type.Object(
  {
    plateNo: Opt(Text(16)),
    vin: Type.Optional(Text(32)),
    engineNo: Opt(Text(32)),
    brandModel: Opt(Text(100)),
    usage: Type.Optional(Enum(CTPL_USAGES, '使用性质')),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })),
    tonnage: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000 })),
    engineCc: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    trailer: Type.Optional(Type.Boolean()),
    registrationDate: Type.Optional(DateStr),
    actualValue: Type.Optional(Money),
    ownerId: Opt(Uuid),
  },
  Strict,
);

const MotorSchema = Type.Object(
  {
    vehicle: Type.Optional(VehicleSchema),
    region: Type.Optional(Text(32)),
    ctplHistory: Type.Optional(
      Type.Object({ claimFreeYears: Type.Integer({ minimum: 0, maximum: 100 }), atFaultAccidentsLastYear: Type.Integer({ minimum: 0, maximum: 1000 }), fatalAtFaultLastYear: Type.Boolean() }, Strict),
    ),
    ncdHistory: Type.Optional(
      Type.Object(
        {
          claimsLast3Years: Type.Integer({ minimum: 0, maximum: 1000 }),
          consecutiveInsuredYears: Type.Integer({ minimum: 0, maximum: 100 }),
          newOrTransferred: Type.Optional(Type.Boolean()),
          lapseMonths: Type.Optional(Type.Number({ minimum: 0, maximum: 1200 })),
        },
        Strict,
      ),
    ),
    coverages: Type.Optional(
      Type.Array(
        Type.Object({ code: Text(32, 1), limit: Type.Optional(Money), sumInsured: Type.Optional(Money), seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })) }, Strict),
        { maxItems: 20 },
      ),
    ),
    pricingCoefficient: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,4})?$' })),
  },
  Strict,
);

const LifeSchema = Type.Object(
  {
    occupationClass: Nullable(Type.Integer({ minimum: 1, maximum: 6, description: '职业类别 1–6' })),
    occupationName: Opt(Text(50)),
    health: Type.Array(Type.Object({ code: Enum(HEALTH_QUESTION_CODES), answer: Type.Boolean(), detail: Opt(Text(500)) }, Strict), { maxItems: 20 }),
    annualIncome: Opt(Money),
  },
  Strict,
);

const inputFields = {
  productVersionId: Uuid,
  channel: Enum(CHANNEL_CODES, '销售渠道'),
  orgId: Type.Optional(Uuid),
  policyholderId: Opt(Uuid),
  insuredId: Opt(Uuid),
  insuredRelation: Opt(Enum(INSURED_RELATION_CODES)),
  beneficiaries: Type.Optional(Type.Array(BeneficiaryInputSchema, { maxItems: 10 })),
  startDate: Opt(DateStr),
  sumAssured: Opt(Money),
  coverageTerm: Opt(Type.Integer({ minimum: 1, maximum: 150 })),
  paymentMode: Type.Optional(Enum(PAYMENT_MODE_CODES)),
  paymentTerm: Opt(Type.Integer({ minimum: 1, maximum: 150 })),
  motor: Opt(MotorSchema),
  life: Opt(LifeSchema),
  bundleWith: Opt(Uuid),
  remark: Opt(Text(500)),
};
export const ProposalInputSchema = Type.Object(inputFields, Strict);
export const ProposalUpdateSchema = Type.Object({ ...inputFields, version: Type.Integer({ minimum: 1 }) }, Strict);

export const UnderwriteInputSchema = Type.Object(
  { decision: Enum(UW_DECISION_CODES, '核保结论'), reason: Opt(Text(500)), conditions: Opt(Text(1000)), extraPremium: Opt(Money) },
  Strict,
);
export const PaymentInputSchema = Type.Object(
  { amount: Type.String({ maxLength: 20, description: '金额（元），最多两位小数' }), method: Enum(RECEIPT_METHOD_CODES), reference: Opt(Text(64)), receivedOn: DateStr },
  Strict,
);
export const IssueBody = Type.Object({ receiptDate: Type.Optional(DateStr) }, Strict);
export const ReasonBody = Type.Object({ reason: Text(500, 1) }, Strict);
/** Actions without a body accept none or an empty object. */
export const EmptyBody = Type.Optional(Type.Object({}, Strict));

const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
};

export const ProposalSort = Enum(['updatedAt', '-updatedAt', 'createdAt', '-createdAt', 'proposalNo', '-proposalNo']);
export const ProposalListQuery = Type.Object(
  {
    q: Type.Optional(Text(50)),
    state: Type.Optional(Type.Array(ProposalStateSchema, { maxItems: 10 })),
    productLine: Type.Optional(Enum(PRODUCT_LINE_CODES)),
    productId: Type.Optional(Uuid),
    orgId: Type.Optional(Uuid),
    /** The proposals of one 交强险+商业车险 bundle (its bundleId). */
    bundleId: Type.Optional(Uuid),
    mine: Type.Optional(Type.Boolean()),
    referred: Type.Optional(Type.Boolean()),
    dateFrom: Type.Optional(DateStr),
    dateTo: Type.Optional(DateStr),
    sort: Type.Optional(ProposalSort),
    ...PageQuery,
  },
  Strict,
);
export type ProposalListQueryT = Static<typeof ProposalListQuery>;

export const QueueQuery = Type.Object({ line: Type.Optional(Enum(PRODUCT_LINE_CODES)), q: Type.Optional(Text(50)), ...PageQuery }, Strict);
export type QueueQueryT = Static<typeof QueueQuery>;

// ---------------------------------------------------------------- answers

const NamedRef = Type.Object({ id: Str, name: Str });
const summaryFields = {
  id: Str,
  proposalNo: Str,
  state: ProposalStateSchema,
  product: Type.Object({ id: Str, code: Str, name: Str, line: Enum(PRODUCT_LINE_CODES), versionId: Str, versionNo: Type.Integer() }),
  channel: Enum(CHANNEL_CODES),
  org: NamedRef,
  policyholder: Nullable(NamedRef),
  insured: Nullable(NamedRef),
  plateNo: Nullable(Str),
  sumAssured: Nullable(Str),
  premium: Nullable(Str),
  extraPremium: Str,
  startDate: Nullable(Str),
  uwReferred: Type.Boolean(),
  bundleId: Nullable(Str),
  policy: Nullable(Type.Object({ id: Str, policyNo: Str })),
  registeredBy: UserBriefSchema,
  createdAt: Str,
  updatedAt: Str,
};
export const ProposalSummarySchema = Type.Object(summaryFields);
export const ProposalPageSchema = Type.Object({
  items: Type.Array(ProposalSummarySchema),
  total: Type.Integer(),
  totalCapped: Type.Optional(Type.Boolean()),
  nextCursor: Nullable(Str),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const ValidationProblemSchema = Type.Object({ code: Str, field: Str, message: Str });
const AutoUnderwritingSchema = Type.Object({
  outcome: Enum(['PASS', 'REFER']),
  reasons: Type.Array(Type.Object({ rule: Str, field: Str, message: Str })),
});

export const ProposalDetailSchema = Type.Object({
  ...summaryFields,
  version: Type.Integer(),
  // The form as stored (contracts/policy.ts ProposalData), sent as it is.
  data: Type.Unknown(),
  policyholderParty: Nullable(PartyBriefSchema),
  insuredParty: Nullable(PartyBriefSchema),
  beneficiaryParties: Type.Array(PartyBriefSchema),
  quote: Nullable(ProductQuoteSchema),
  problems: Type.Array(ValidationProblemSchema),
  uwAuto: Nullable(AutoUnderwritingSchema),
  underwriting: Nullable(
    Type.Object({ decision: Enum(UW_DECISION_CODES), reason: Nullable(Str), conditions: Nullable(Str), decidedBy: Nullable(UserBriefSchema), decidedAt: Str }),
  ),
  collection: Nullable(CollectionSchema),
  actions: Type.Array(Enum(PROPOSAL_ACTION_CODES)),
  enteredBy: Nullable(UserBriefSchema),
  timeline: Type.Array(TimelineEntrySchema),
});

export const CheckResultSchema = Type.Object({ problems: Type.Array(ValidationProblemSchema), quote: Nullable(ProductQuoteSchema) });
export const IssueResultSchema = Type.Object({ proposal: ProposalDetailSchema, policy: PolicyDetailSchema });
