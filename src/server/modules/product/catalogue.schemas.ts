// TypeBox schemas of the product catalogue API. They mirror src/contracts/product.ts. Bodies are
// strict (unknown fields → 400); shapes only — formats, ranges and cross-field rules are checked in
// catalogue.rules.ts so they answer 422 naming the field ('definition.coverages.1.limit').
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  CHANNEL_CODES,
  LIFE_BENEFIT_CODES,
  PAYMENT_MODE_CODES,
  PRODUCT_LINE_CODES,
  RATING_METHOD_CODES,
  RISK_LEVEL_CODES,
  VERSION_STATUS_CODES,
} from '../../../contracts/product';
import { CommercialQuoteBody, CommercialQuoteSchema } from './commercial.schemas';
import { CtplQuoteBody, CtplQuoteSchema } from './ctpl.schemas';

export { ErrorBodySchema, errorResponses } from '../../platform/http/schemas';

const Strict = { additionalProperties: false } as const;
// Null first: with AJV's type coercion a string branch first would turn null into "".
const Nullable = <T extends TSchema>(t: T) => Type.Union([Type.Null(), t]);
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});

/** A decimal string; its format is the rules' 422. */
const Decimal = (description: string) => Type.String({ maxLength: 32, description });
const DateString = (description: string) => Type.String({ maxLength: 10, description, examples: ['2026-01-01'] });

export const LineSchema = Enum(PRODUCT_LINE_CODES, '险种大类');
export const StatusSchema = Enum(VERSION_STATUS_CODES, '版本状态');
export const ChannelSchema = Enum(CHANNEL_CODES, '销售渠道');
const MethodSchema = Enum(RATING_METHOD_CODES);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, Strict);

const CoverageSchema = Type.Object(
  {
    code: Type.String({ maxLength: 32, description: '保障代码，如 THIRD_PARTY、DEATH' }),
    name: Type.String({ maxLength: 100 }),
    limit: Nullable(Decimal('保额/责任限额，元')),
    deductible: Nullable(Decimal('免赔额，元')),
  },
  Strict,
);

// One object with every parameter optional rather than a union keyed by `method` (AJV would report
// the first branch's mismatch); which parameters a method needs is the rules' 422 (normalizeRating).
export const RatingSpecSchema = Type.Object(
  {
    method: MethodSchema,
    defaultPricingCoefficient: Type.Optional(Nullable(Decimal('商业车险：默认自主定价系数'))),
    benefit: Type.Optional(Enum(LIFE_BENEFIT_CODES)),
    tableMale: Type.Optional(Type.String({ maxLength: 32, description: '寿险：男性生命表' })),
    tableFemale: Type.Optional(Type.String({ maxLength: 32, description: '寿险：女性生命表' })),
    interest: Type.Optional(Decimal('寿险：预定利率，如 0.025')),
    expenseRatio: Type.Optional(Decimal('寿险毛保费：附加费用率，如 0.15')),
    perPolicy: Type.Optional(Decimal('寿险毛保费：每次缴费的固定费用，元')),
    rate: Type.Optional(Decimal('固定费率：保额的比例，如 0.0015')),
    minPremium: Type.Optional(Decimal('固定费率：最低保费，元')),
  },
  Strict,
);

const Years = Type.Array(Type.Integer(), { maxItems: 50 });

export const DefinitionSchema = Type.Object(
  {
    coverages: Type.Array(CoverageSchema, { maxItems: 50 }),
    rating: RatingSpecSchema,
    minAge: Nullable(Type.Integer()),
    maxAge: Nullable(Type.Integer()),
    minSumAssured: Nullable(Decimal('最低保额，元')),
    maxSumAssured: Nullable(Decimal('最高保额，元')),
    paymentModes: Type.Array(Enum(PAYMENT_MODE_CODES), { maxItems: 10 }),
    coverageTerms: Years,
    paymentTerms: Years,
    riskLevel: Enum(RISK_LEVEL_CODES, '风险等级'),
    channels: Type.Array(ChannelSchema, { maxItems: 10 }),
    coolingOffDays: Type.Object(Object.fromEntries(CHANNEL_CODES.map((c) => [c, Type.Optional(Type.Integer())])), Strict),
    filingNo: Nullable(Type.String({ maxLength: 64, description: '监管备案编号' })),
  },
  Strict,
);

const UserRefSchema = Type.Object({ id: Type.String(), username: Type.String(), name: Type.String() });

export const VersionSummarySchema = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  versionNo: Type.Integer(),
  status: StatusSchema,
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  ratingMethod: MethodSchema,
  note: Nullable(Type.String()),
  createdBy: UserRefSchema,
  createdAt: Type.String(),
  updatedBy: UserRefSchema,
  updatedAt: Type.String(),
  approvedBy: Nullable(UserRefSchema),
  approvedAt: Nullable(Type.String()),
  retiredBy: Nullable(UserRefSchema),
  retiredAt: Nullable(Type.String()),
  quotable: Type.Boolean(),
});

export const VersionDetailSchema = Type.Intersect([
  VersionSummarySchema,
  Type.Object({
    product: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), line: LineSchema }),
    definition: DefinitionSchema,
  }),
]);

const VersionBrief = Type.Object({ id: Type.String(), versionNo: Type.Integer(), effectiveFrom: Type.String(), effectiveTo: Nullable(Type.String()) });

export const ProductListItemSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  line: LineSchema,
  versionCount: Type.Integer(),
  latestVersion: Type.Intersect([VersionBrief, Type.Object({ status: StatusSchema })]),
  currentVersion: Nullable(VersionBrief),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ProductPageSchema = Type.Object({
  items: Type.Array(ProductListItemSchema),
  total: Type.Integer(),
  totalCapped: Type.Boolean(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const ProductDetailSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  line: LineSchema,
  createdBy: UserRefSchema,
  createdAt: Type.String(),
  updatedAt: Type.String(),
  versions: Type.Array(VersionSummarySchema),
});

export const ProductListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 64, description: '产品代码或名称包含' })),
    line: Type.Optional(LineSchema),
    status: Type.Optional(StatusSchema),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  Strict,
);
export type ProductListQueryT = Static<typeof ProductListQuery>;

const Note = Nullable(Type.String({ maxLength: 500, description: '变更说明' }));

export const CreateProductBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Z0-9][A-Z0-9_-]*$', description: '产品代码：大写字母、数字、_ 与 -' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    line: LineSchema,
    effectiveFrom: DateString('生效日期'),
    effectiveTo: Type.Optional(Nullable(DateString('失效日期（含）'))),
    definition: Type.Optional(DefinitionSchema),
    note: Type.Optional(Note),
  },
  Strict,
);

export const NewVersionBody = Type.Object({ note: Type.Optional(Note) }, Strict);

export const UpdateVersionBody = Type.Object(
  {
    effectiveFrom: DateString('生效日期'),
    effectiveTo: Nullable(DateString('失效日期（含）')),
    definition: DefinitionSchema,
    note: Note,
    baseUpdatedAt: Type.Optional(Type.String({ maxLength: 40, description: '所编辑版本的 updatedAt；与当前不一致（他人已修改）时返回 409 PRODUCT_VERSION_STALE' })),
  },
  Strict,
);

export const DiffQuery = Type.Object({ from: Type.String({ format: 'uuid' }), to: Type.String({ format: 'uuid' }) }, Strict);

const DiffValueSchema = Type.Union([Type.String(), Type.Number(), Type.Array(Type.String()), Type.Array(Type.Number()), Type.Null()]);

export const DiffSchema = Type.Object({
  from: VersionDetailSchema,
  to: VersionDetailSchema,
  rows: Type.Array(Type.Object({ path: Type.Array(Type.String()), before: DiffValueSchema, after: DiffValueSchema, changed: Type.Boolean() })),
  changedCount: Type.Integer(),
});

export const QuotableVersionSchema = Type.Object({
  id: Type.String(),
  productId: Type.String(),
  productCode: Type.String(),
  productName: Type.String(),
  line: LineSchema,
  versionNo: Type.Integer(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  ratingMethod: MethodSchema,
  definition: DefinitionSchema,
});

export const RatingReferenceSchema = Type.Object({
  lifeTables: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), minAge: Type.Integer(), maxAge: Type.Integer() })),
  commercialCoverages: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), basis: Type.String() })),
});

export const QuoteBody = Type.Object(
  {
    channel: Type.Optional(ChannelSchema),
    ctpl: Type.Optional(CtplQuoteBody),
    commercial: Type.Optional(CommercialQuoteBody),
    life: Type.Optional(
      Type.Object(
        {
          sex: Type.Union([Type.Literal('M'), Type.Literal('F')], { description: '被保险人性别（选用生命表）' }),
          age: Type.Integer({ minimum: 0, maximum: 150, description: '被保险人投保年龄（周岁）' }),
          term: Type.Optional(Type.Integer({ minimum: 1, maximum: 150, description: '保险期间，年（终身寿险不填）' })),
          paymentTerm: Type.Optional(Type.Integer({ minimum: 1, maximum: 150, description: '缴费期间，年（趸交不填）' })),
          paymentMode: Enum(PAYMENT_MODE_CODES, '缴费方式'),
          sumAssured: Type.String({ minLength: 1, maxLength: 32, description: '保险金额，元（年金：每年领取额）' }),
        },
        Strict,
      ),
    ),
    fixed: Type.Optional(
      Type.Object(
        {
          age: Type.Optional(Type.Integer({ minimum: 0, maximum: 150, description: '被保险人年龄（产品有年龄限制时必填）' })),
          sumAssured: Type.String({ minLength: 1, maxLength: 32, description: '保险金额，元' }),
        },
        Strict,
      ),
    ),
  },
  Strict,
);
export type QuoteBodyT = Static<typeof QuoteBody>;

export const ProductQuoteSchema = Type.Object({
  version: Type.Object({
    id: Type.String(),
    productId: Type.String(),
    productCode: Type.String(),
    productName: Type.String(),
    line: LineSchema,
    versionNo: Type.Integer(),
    effectiveFrom: Type.String(),
    effectiveTo: Nullable(Type.String()),
    filingNo: Nullable(Type.String()),
    riskLevel: Type.String(),
  }),
  ratingMethod: MethodSchema,
  quoteDate: Type.String(),
  premium: Type.String(),
  explanation: Type.Array(Type.String()),
  coolingOffDays: Nullable(Type.Integer()),
  ctpl: Type.Optional(CtplQuoteSchema),
  commercial: Type.Optional(CommercialQuoteSchema),
  life: Type.Optional(
    Type.Object({
      table: Type.String(),
      interest: Type.String(),
      benefit: Type.String(),
      term: Nullable(Type.Integer()),
      paymentTerm: Type.Integer(),
      paymentMode: Type.String(),
      netSinglePremium: Type.String(),
      netAnnualPremium: Type.String(),
      annuityDue: Type.String(),
      grossPremium: Nullable(Type.String()),
    }),
  ),
  fixed: Type.Optional(Type.Object({ sumAssured: Type.String(), rate: Type.String(), computed: Type.String(), minPremium: Type.String() })),
});
