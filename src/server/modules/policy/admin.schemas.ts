// TypeBox schemas of the policy module's configuration: 投保单号段, 核保权限, settings documents.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PRODUCT_LINES } from '../../../contracts/product';
import { MoneyStr, PageQuery, pageOf } from './servicing.schemas';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const oneOf = (o: object) => Type.Union(Object.keys(o).map((v) => Type.Literal(v)));
const Uuid = Type.String({ format: 'uuid' });
const UserBrief = Type.Object({ id: Type.String(), username: Type.String(), name: Type.String() });
// Numbers of a range are up to 16 digits: strings, so no precision is lost (JSON numbers are coerced).
const RangeNo = Type.String({ pattern: '^[0-9]{1,16}$', description: '号码（不含前缀），最多 16 位数字' });

export const RangeIdParams = Type.Object({ id: Uuid }, Strict);
export const RangeListQuery = Type.Object(
  { orgId: Type.Optional(Uuid), status: Type.Optional(Type.Union([Type.Literal('ACTIVE'), Type.Literal('CLOSED')])), prefix: Type.Optional(Type.String({ maxLength: 8 })), ...PageQuery },
  Strict,
);
export type RangeListQueryT = Static<typeof RangeListQuery>;
export const RangeInputSchema = Type.Object(
  {
    orgId: Uuid,
    // Checked by the service (422 naming the field) after upper-casing.
    prefix: Type.String({ minLength: 1, maxLength: 8 }),
    startNo: RangeNo,
    endNo: RangeNo,
    width: Type.Optional(Type.Integer({ minimum: 4, maximum: 16 })),
    remark: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  Strict,
);
export type RangeInputT = Static<typeof RangeInputSchema>;
export const RangeSchema = Type.Object({
  id: Type.String(),
  org: Type.Object({ id: Type.String(), name: Type.String() }),
  prefix: Type.String(),
  startNo: Type.String(),
  endNo: Type.String(),
  nextNo: Type.String(),
  width: Type.Integer(),
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('CLOSED')]),
  remaining: Type.String(),
  remark: Nullable(Type.String()),
  createdBy: UserBrief,
  createdAt: Type.String(),
});
export const RangePageSchema = pageOf(RangeSchema);

export const AuthorityListQuery = Type.Object({ userId: Type.Optional(Uuid), line: Type.Optional(oneOf(PRODUCT_LINES)), ...PageQuery }, Strict);
export type AuthorityListQueryT = Static<typeof AuthorityListQuery>;
export const AuthorityInputSchema = Type.Object({ userId: Uuid, line: oneOf(PRODUCT_LINES), maxSumAssured: MoneyStr }, Strict);
export const AuthoritySchema = Type.Object({ user: UserBrief, line: oneOf(PRODUCT_LINES), maxSumAssured: Type.String(), updatedAt: Type.String() });
export const AuthorityPageSchema = pageOf(AuthoritySchema);

export const SettingKeyParams = Type.Object({ key: Type.Union([Type.Literal('underwriting'), Type.Literal('servicing'), Type.Literal('renewal')]) }, Strict);
/** The document is checked field by field by settings.ts (422 naming the field). */
export const SettingBody = Type.Object({}, { additionalProperties: true });
export const SettingSchema = Type.Record(Type.String(), Type.Unknown());
