// TypeBox schemas of 保全, renewal and the claim history (docs/api-policy.md, src/contracts/policy.ts).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ADDRESS_TYPES } from '../../../contracts/party';
import { BENEFICIARY_RELATIONS, ENDORSEMENT_ITEMS, ENDORSEMENT_STATES, INSURED_RELATIONS, POLICY_STATES, PROPOSAL_STATES, RECEIPT_METHODS } from '../../../contracts/policy';
import { EndorsementSummarySchema, PolicySummarySchema, UserBriefSchema as UserBrief } from './policy.schemas';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const oneOf = (o: object) => Type.Union(Object.keys(o).map((v) => Type.Literal(v)));
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const DateStr = Type.String({ format: 'date' });
const Uuid = Type.String({ format: 'uuid' });
/** Yuan, at most two decimals. */
export const MoneyStr = Type.String({ pattern: '^(0|[1-9][0-9]{0,13})(\\.[0-9]{1,2})?$', description: '金额（元），最多两位小数' });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  /** `nextCursor` of the previous page: keyset paging, any depth (page is then ignored). */
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
};

export const pageOf = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), totalCapped: Type.Optional(Type.Boolean()), nextCursor: Nullable(Type.String()), page: Type.Integer(), pageSize: Type.Integer() });

export const IdParams = Type.Object({ id: Uuid }, Strict);

// ---------------------------------------------------------------- inputs

export const BeneficiarySchema = Type.Object(
  { partyId: Uuid, relation: oneOf(BENEFICIARY_RELATIONS), order: Type.Integer({ minimum: 1, maximum: 3 }), sharePercent: Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,2})?$' }) },
  Strict,
);

const endorsementFields = {
  item: oneOf(ENDORSEMENT_ITEMS),
  effectiveDate: DateStr,
  reason: Type.Optional(Nullable(Text(500))),
  contact: Type.Optional(
    Type.Object(
      {
        partyId: Uuid,
        // Formats are checked by the service (422 naming the field).
        mobile: Type.Optional(Nullable(Text(20))),
        email: Type.Optional(Nullable(Text(120))),
        address: Type.Optional(Nullable(Type.Object({ type: oneOf(ADDRESS_TYPES), detail: Text(200, 1), postcode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{6}$' }))) }, Strict))),
      },
      Strict,
    ),
  ),
  beneficiaries: Type.Optional(Type.Array(BeneficiarySchema, { maxItems: 10 })),
  policyholder: Type.Optional(Type.Object({ partyId: Uuid, relation: oneOf(INSURED_RELATIONS) }, Strict)),
  newSumAssured: Type.Optional(MoneyStr),
};
export const EndorsementInputSchema = Type.Object(endorsementFields, Strict);
export const EndorsementRequestSchema = Type.Object({ ...endorsementFields, expectedAmount: MoneyStr }, Strict);
export const DecisionBody = Type.Object({ note: Type.Optional(Nullable(Text(500))) }, Strict);
export const RejectBody = Type.Object({ note: Text(500, 1) }, Strict);
export const PaymentBody = Type.Object(
  { amount: MoneyStr, method: oneOf(RECEIPT_METHODS), reference: Type.Optional(Nullable(Text(60))), receivedOn: DateStr },
  Strict,
);

export const EndorsementListQuery = Type.Object(
  {
    state: Type.Optional(Type.Array(oneOf(ENDORSEMENT_STATES), { maxItems: 4 })),
    item: Type.Optional(oneOf(ENDORSEMENT_ITEMS)),
    policyId: Type.Optional(Uuid),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    dateFrom: Type.Optional(DateStr),
    dateTo: Type.Optional(DateStr),
    ...PageQuery,
  },
  Strict,
);
export type EndorsementListQueryT = Static<typeof EndorsementListQuery>;

export const RenewalListQuery = Type.Object(
  {
    daysWithin: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
    state: Type.Optional(Type.Union([Type.Literal('NO_PROPOSAL'), Type.Literal('PROPOSED'), Type.Literal('ISSUED')])),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    ...PageQuery,
  },
  Strict,
);
export type RenewalListQueryT = Static<typeof RenewalListQuery>;

export const ClaimRecordBody = Type.Object({ lossDate: DateStr, amount: MoneyStr, atFault: Type.Boolean(), fatal: Type.Optional(Type.Boolean()) }, Strict);

// ---------------------------------------------------------------- answers


export const CollectionSchema = Type.Object({
  receivableId: Type.String(),
  amount: Type.String(),
  received: Type.String(),
  outstanding: Type.String(),
  status: Type.Union([Type.Literal('OPEN'), Type.Literal('SETTLED'), Type.Literal('CANCELLED')]),
  receipts: Type.Array(
    Type.Object({ id: Type.String(), amount: Type.String(), method: Type.String(), reference: Nullable(Type.String()), receivedOn: Type.String(), recordedBy: Nullable(UserBrief), recordedAt: Type.String() }),
  ),
});

const Direction = Nullable(Type.Union([Type.Literal('RECEIVABLE'), Type.Literal('PAYABLE')]));

export const EndorsementTrialSchema = Type.Object({
  item: oneOf(ENDORSEMENT_ITEMS),
  effectiveDate: Type.String(),
  amount: Type.String(),
  direction: Direction,
  needsApproval: Type.Boolean(),
  explanation: Type.Array(Type.String()),
  figures: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()])),
  changes: Type.Array(Type.Object({ field: Type.String(), before: Nullable(Type.String()), after: Nullable(Type.String()) })),
  policyStateAfter: oneOf(POLICY_STATES),
});

export const EndorsementDetailSchema = Type.Object({
  ...EndorsementSummarySchema.properties,
  input: Type.Unknown(),
  calculation: EndorsementTrialSchema,
  reason: Nullable(Type.String()),
  billing: Nullable(CollectionSchema),
});
export const EndorsementPageSchema = pageOf(EndorsementSummarySchema);

export const RenewalRowSchema = Type.Object({
  policy: PolicySummarySchema,
  daysToExpiry: Type.Integer(),
  renewalProposal: Nullable(Type.Object({ id: Type.String(), proposalNo: Type.String(), state: oneOf(PROPOSAL_STATES), premium: Nullable(Type.String()) })),
  previousPremium: Type.String(),
  claimsInPeriod: Type.Integer(),
});
export const RenewalPageSchema = pageOf(RenewalRowSchema);
export const RenewalRunSchema = Type.Object({ created: Type.Integer() });

export const ClaimRecordSchema = Type.Object({
  id: Type.String(),
  lossDate: Type.String(),
  amount: Type.String(),
  atFault: Type.Boolean(),
  fatal: Type.Boolean(),
  source: Type.String(),
  recordedBy: Nullable(UserBrief),
  recordedAt: Type.String(),
});
export const ClaimRecordListSchema = Type.Object({ items: Type.Array(ClaimRecordSchema) });
