// TypeBox schemas of the party API.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ADDRESS_TYPES, ORGANIZATION_TYPES, PERSON_ID_TYPES, RELATIONSHIP_TYPES } from '../../../contracts/party';
import { PROVINCES, RESIDENT_ID_REASONS, USCC_REASONS } from './identity';

const Strict = { additionalProperties: false } as const;
const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const invalid = (reasons: readonly string[]) => Type.Object({ valid: Type.Literal(false), reason: oneOf(reasons) });
// Empty is treated like missing (400 naming the field); any other text gets a 200 verdict.
const Input = (description: string) => Type.String({ minLength: 1, description });

export const ID_TYPES = ['RESIDENT_ID'] as const;

export const IdCheckQuery = Type.Object(
  { type: oneOf(ID_TYPES), number: Input('证件号码；15 位旧号码会升级为 18 位') },
  Strict,
);
export const IdCheckResultSchema = Type.Union([
  Type.Object({
    valid: Type.Literal(true),
    normalized: Type.String({ description: '18 位号码（x 转大写，15 位已升级）' }),
    birthDate: Type.String({ format: 'date' }),
    sex: oneOf(['M', 'F']),
    province: oneOf(Object.values(PROVINCES)),
  }),
  invalid(RESIDENT_ID_REASONS),
]);

export const UsccCheckQuery = Type.Object({ code: Input('统一社会信用代码') }, Strict);
export const UsccCheckResultSchema = Type.Union([Type.Object({ valid: Type.Literal(true) }), invalid(USCC_REASONS)]);

// ---------------------------------------------------------------- parties (src/contracts/party.ts)

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const keysOf = (o: object) => Object.keys(o);
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const DateStr = Type.String({ format: 'date' });

export const PersonIdTypeSchema = oneOf(keysOf(PERSON_ID_TYPES));
export const SexSchema = oneOf(['M', 'F']);
export const OrgTypeSchema = oneOf(keysOf(ORGANIZATION_TYPES));
export const RelationshipTypeSchema = oneOf(keysOf(RELATIONSHIP_TYPES));
export const PartyIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);
export const RelIdParams = Type.Object({ id: Type.String({ format: 'uuid' }), relId: Type.String({ format: 'uuid' }) }, Strict);
export const ReportIdParams = Type.Object({ reportId: Type.String({ format: 'uuid' }) }, Strict);

export const AddressSchema = Type.Object({ type: oneOf(keysOf(ADDRESS_TYPES)), detail: Text(200, 1), postcode: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{6}$' }))) }, Strict);
export const BankAccountInputSchema = Type.Object({ bankName: Text(50, 1), accountName: Text(100, 1), accountNumber: Text(40, 1) }, Strict);
const BankAccountSchema = Type.Object({ bankName: Type.String(), accountName: Type.String(), accountNumberMasked: Type.String() });

// Formats of mobile, e-mail and account numbers are checked by the service (422 with a code).
const personFields = {
  name: Text(100, 1),
  idType: PersonIdTypeSchema,
  idNumber: Text(40, 1),
  sex: Type.Optional(SexSchema),
  birthDate: Type.Optional(DateStr),
  nationality: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  mobile: Type.Optional(Nullable(Text(20))),
  email: Type.Optional(Nullable(Text(120))),
  addresses: Type.Optional(Type.Array(AddressSchema, { maxItems: 10 })),
  occupationCode: Type.Optional(Nullable(Text(20))),
  occupationName: Type.Optional(Nullable(Text(50))),
  occupationClass: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 6 }))),
  bankAccounts: Type.Optional(Type.Array(BankAccountInputSchema, { maxItems: 10 })),
  remark: Type.Optional(Nullable(Text(500))),
};
export const PersonInputSchema = Type.Object(personFields, Strict);
export const PersonPatchSchema = Type.Object(
  {
    ...Object.fromEntries(Object.entries(personFields).map(([k, v]) => [k, Type.Optional(v)])),
    version: Type.Integer({ minimum: 1 }),
  } as Record<string, TSchema> & { version: TSchema },
  Strict,
);

const orgFields = {
  name: Text(100, 1),
  uscc: Text(40, 1),
  orgType: Type.Optional(OrgTypeSchema),
  industry: Type.Optional(Nullable(Text(50))),
  legalRepresentative: Type.Optional(Nullable(Text(50))),
  contactName: Type.Optional(Nullable(Text(50))),
  contactPhone: Type.Optional(Nullable(Text(30))),
  email: Type.Optional(Nullable(Text(120))),
  addresses: Type.Optional(Type.Array(AddressSchema, { maxItems: 10 })),
  bankAccounts: Type.Optional(Type.Array(BankAccountInputSchema, { maxItems: 10 })),
  remark: Type.Optional(Nullable(Text(500))),
};
export const OrganizationInputSchema = Type.Object(orgFields, Strict);
export const OrganizationPatchSchema = Type.Object(
  {
    ...Object.fromEntries(Object.entries(orgFields).map(([k, v]) => [k, Type.Optional(v)])),
    version: Type.Integer({ minimum: 1 }),
  } as Record<string, TSchema> & { version: TSchema },
  Strict,
);

const common = {
  id: Type.String(),
  partyNo: Type.String(),
  name: Type.String(),
  addresses: Type.Array(Type.Object({ type: Type.String(), detail: Type.String(), postcode: Type.Optional(Nullable(Type.String())) })),
  bankAccounts: Type.Array(BankAccountSchema),
  email: Nullable(Type.String()),
  remark: Nullable(Type.String()),
  orgId: Type.String(),
  orgName: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
};
export const PersonDetailSchema = Type.Object({
  ...common,
  kind: Type.Literal('PERSON'),
  idType: PersonIdTypeSchema,
  idNumberMasked: Type.String(),
  sex: SexSchema,
  birthDate: Type.String(),
  nationality: Type.String(),
  mobileMasked: Nullable(Type.String()),
  occupationCode: Nullable(Type.String()),
  occupationName: Nullable(Type.String()),
  occupationClass: Nullable(Type.Integer()),
});
export const OrganizationDetailSchema = Type.Object({
  ...common,
  kind: Type.Literal('ORGANIZATION'),
  uscc: Type.String(),
  orgType: OrgTypeSchema,
  industry: Nullable(Type.String()),
  legalRepresentative: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhoneMasked: Nullable(Type.String()),
});
export const PartyDetailSchema = Type.Union([PersonDetailSchema, OrganizationDetailSchema]);

export const PartyListItemSchema = Type.Object({
  id: Type.String(),
  partyNo: Type.String(),
  kind: oneOf(['PERSON', 'ORGANIZATION']),
  name: Type.String(),
  idType: Type.String(),
  idNumberMasked: Type.String(),
  sex: Nullable(SexSchema),
  birthDate: Nullable(Type.String()),
  mobileMasked: Nullable(Type.String()),
  orgId: Type.String(),
  orgName: Type.String(),
  createdAt: Type.String(),
});
export const PartyPageSchema = Type.Object({
  items: Type.Array(PartyListItemSchema),
  total: Type.Integer(),
  totalCapped: Type.Optional(Type.Boolean()),
  nextCursor: Type.Optional(Nullable(Type.String())),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const PartySort = oneOf(['name', '-name', 'createdAt', '-createdAt']);
export const PartyListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(oneOf(['PERSON', 'ORGANIZATION'])),
    idType: Type.Optional(oneOf([...keysOf(PERSON_ID_TYPES), 'USCC'])),
    orgId: Type.Optional(Type.String({ format: 'uuid' })),
    subOrgs: Type.Optional(Type.Boolean({ default: true })),
    createdFrom: Type.Optional(DateStr),
    createdTo: Type.Optional(DateStr),
    sort: Type.Optional(PartySort),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  Strict,
);
export type PartyListQueryT = Static<typeof PartyListQuery>;

export const RevealBody = Type.Object({ field: oneOf(['idNumber', 'mobile', 'contactPhone', 'bankAccount']), index: Type.Optional(Type.Integer({ minimum: 0, maximum: 9 })) }, Strict);
export const RevealResult = Type.Object({ value: Nullable(Type.String()) });

export const RelationshipInputSchema = Type.Object(
  {
    type: RelationshipTypeSchema,
    toPartyId: Type.String({ format: 'uuid' }),
    startDate: Type.Optional(Nullable(DateStr)),
    endDate: Type.Optional(Nullable(DateStr)),
    remark: Type.Optional(Nullable(Text(200))),
  },
  Strict,
);
export const EndRelationshipBody = Type.Object({ endDate: DateStr }, Strict);
export const RelationshipSchema = Type.Object({
  id: Type.String(),
  type: RelationshipTypeSchema,
  direction: oneOf(['FROM', 'TO']),
  otherParty: Type.Object({ id: Type.String(), partyNo: Type.String(), kind: oneOf(['PERSON', 'ORGANIZATION']), name: Type.String() }),
  startDate: Nullable(Type.String()),
  endDate: Nullable(Type.String()),
  remark: Nullable(Type.String()),
});

export const ImportQuery = Type.Object({ dryRun: Type.Optional(Type.Boolean({ default: true })), acceptPartial: Type.Optional(Type.Boolean({ default: false })) }, Strict);
export const ImportResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  errorRows: Type.Integer(),
  created: Type.Integer(),
  errors: Type.Array(Type.Object({ sheet: Type.Optional(Type.String()), row: Type.Integer(), field: Type.String(), code: Type.String(), message: Type.String() })),
  reportId: Nullable(Type.String()),
});
