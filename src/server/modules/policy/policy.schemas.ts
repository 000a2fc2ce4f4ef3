// TypeBox schemas of the policy read side (src/contracts/policy.ts PolicySummary / PolicyDetail and
// their pieces). The other policy routes answer with these too (issue → PolicyDetail, renewal rows
// → PolicySummary). Response schemas list every field: what is not listed is not sent.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  BENEFICIARY_RELATION_CODES,
  ENDORSEMENT_ITEM_CODES,
  ENDORSEMENT_STATES,
  POLICY_STATE_CODES,
} from '../../../contracts/policy';
import { CHANNEL_CODES, PAYMENT_MODE_CODES, PRODUCT_LINE_CODES } from '../../../contracts/product';

const Strict = { additionalProperties: false } as const;
// Null first: with AJV's type coercion a string branch first would turn null into "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
const Str = Type.String();
const DateStr = Type.String({ format: 'date' });

export const PolicyStateSchema = Enum(POLICY_STATE_CODES, '保单状态');
export const PolicyIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const PolicyNoParams = Type.Object({ policyNo: Type.String({ minLength: 1, maxLength: 80 }) }, Strict);

export const UserBriefSchema = Type.Object({ id: Str, username: Str, name: Str });
export const PartyBriefSchema = Type.Object({
  id: Str,
  partyNo: Str,
  name: Str,
  kind: Enum(['PERSON', 'ORGANIZATION']),
  idType: Str,
  idNumberMasked: Str,
  birthDate: Nullable(Str),
  sex: Nullable(Str),
});
export const TimelineEntrySchema = Type.Object({
  id: Str,
  action: Str,
  label: Str,
  fromState: Nullable(Str),
  toState: Nullable(Str),
  actor: Nullable(UserBriefSchema),
  at: Str,
  note: Nullable(Str),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export const PolicyCoverageSchema = Type.Object({ code: Str, name: Str, limit: Nullable(Str), deductible: Nullable(Str), sumInsured: Nullable(Str), premium: Nullable(Str) });
export const EndorsementSummarySchema = Type.Object({
  id: Str,
  endorsementNo: Str,
  policyId: Str,
  policyNo: Str,
  item: Enum(ENDORSEMENT_ITEM_CODES),
  state: Enum(Object.keys(ENDORSEMENT_STATES)),
  effectiveDate: Str,
  amount: Str,
  direction: Nullable(Enum(['RECEIVABLE', 'PAYABLE'])),
  requestedBy: UserBriefSchema,
  requestedAt: Str,
  decidedBy: Nullable(UserBriefSchema),
  decidedAt: Nullable(Str),
  decisionNote: Nullable(Str),
  /** Reinstatement waits for its back premium: APPLIED with appliedAt null until paid. */
  appliedAt: Type.Optional(Nullable(Str)),
});

const ProductRefSchema = Type.Object({ id: Str, code: Str, name: Str, line: Enum(PRODUCT_LINE_CODES), versionId: Str, versionNo: Type.Integer() });
const NamedRef = Type.Object({ id: Str, name: Str });

const summaryFields = {
  id: Str,
  policyNo: Str,
  state: PolicyStateSchema,
  product: ProductRefSchema,
  channel: Enum(CHANNEL_CODES),
  org: NamedRef,
  policyholder: NamedRef,
  insured: NamedRef,
  plateNo: Nullable(Str),
  sumAssured: Nullable(Str),
  premium: Str,
  startDate: Str,
  endDate: Nullable(Str),
  issuedAt: Str,
};
export const PolicySummarySchema = Type.Object(summaryFields);

export const PolicyDetailSchema = Type.Object({
  ...summaryFields,
  version: Type.Integer(),
  proposal: Type.Object({ id: Str, proposalNo: Str }),
  policyholderParty: PartyBriefSchema,
  insuredParty: PartyBriefSchema,
  beneficiaries: Type.Array(
    Type.Object({ partyId: Str, relation: Enum(BENEFICIARY_RELATION_CODES), order: Type.Integer(), sharePercent: Str, party: PartyBriefSchema }),
  ),
  extraPremium: Str,
  paymentMode: Enum(PAYMENT_MODE_CODES),
  paymentTerm: Nullable(Type.Integer()),
  coverageTerm: Nullable(Type.Integer()),
  startsAt: Str,
  endsAt: Nullable(Str),
  receiptDate: Nullable(Str),
  coolingOffEnd: Nullable(Str),
  paidToDate: Nullable(Str),
  coverages: Type.Array(PolicyCoverageSchema),
  // The form as issued (then as endorsed): contracts/policy.ts ProposalData, sent as stored.
  data: Type.Unknown(),
  documentVersion: Type.Integer(),
  issuedBy: UserBriefSchema,
  endedOn: Nullable(Str),
  documents: Type.Array(Type.Object({ kind: Type.Literal('POLICY_SCHEDULE'), name: Str, href: Str })),
  endorsementItems: Type.Array(Enum(ENDORSEMENT_ITEM_CODES)),
  endorsements: Type.Array(EndorsementSummarySchema),
  timeline: Type.Array(TimelineEntrySchema),
});

export const PolicyPageSchema = Type.Object({
  items: Type.Array(PolicySummarySchema),
  total: Type.Integer(),
  totalCapped: Type.Optional(Type.Boolean()),
  nextCursor: Type.Optional(Nullable(Str)),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

/** Sort orders, each backed by an index: issued_at (policy_issued_idx …) and policy_no (policy_no_key). */
export const PolicySort = Enum(['issuedAt', '-issuedAt', 'policyNo', '-policyNo']);
export const PolicyListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64, description: '保单号（完整或以 P- 开头的前缀）、投保人/被保险人姓名（部分或拼音首字母）、证件号码、手机号、车牌号、车架号' })),
    state: Type.Optional(Type.Array(PolicyStateSchema, { maxItems: 6 })),
    productLine: Type.Optional(Enum(PRODUCT_LINE_CODES)),
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    subOrgs: Type.Optional(Type.Boolean({ default: true })),
    startFrom: Type.Optional(DateStr),
    startTo: Type.Optional(DateStr),
    endFrom: Type.Optional(DateStr),
    endTo: Type.Optional(DateStr),
    sort: Type.Optional(PolicySort),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  Strict,
);
export type PolicyListQueryT = Static<typeof PolicyListQuery>;
