// TypeBox schemas of POST /api/v1/rating/commercial. The body is strict (unknown fields → 400);
// shapes and ranges only reject what no vehicle can have — whether the input fits the company's
// rate table (coverage codes, limits, age bands) is the rules' 422.
import { Type } from '@sinclair/typebox';
import { CTPL_USAGES } from './ctpl.rules';

const Strict = { additionalProperties: false } as const;
const Money = Type.String({ pattern: '^-?[0-9]+\\.[0-9]{2}$', examples: ['1234.56'] });
const Amount = (description: string, examples: string[]) => Type.String({ pattern: '^[0-9]{1,15}(\\.[0-9]{1,2})?$', description, examples });
const Coefficient = Type.String({ pattern: '^-?[0-9]+\\.[0-9]{2,}$', examples: ['0.50'] });

export const CommercialQuoteBody = Type.Object(
  {
    vehicle: Type.Object(
      {
        usage: Type.Union(CTPL_USAGES.map((u) => Type.Literal(u)), { description: '使用性质（与交强险相同的分类）' }),
        seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 999, description: '核定座位数' })),
        ageYears: Type.Number({ minimum: 0, maximum: 100, description: '车龄，年' }),
        actualValue: Type.Optional(Amount('车辆实际价值，元（投保机动车损失保险时必填）', ['150000.00'])),
      },
      Strict,
    ),
    region: Type.String({ minLength: 1, maxLength: 32, description: '投保地区，如 北京、深圳；决定交通违法系数' }),
    coverages: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 32, description: '险种代码，如 CAR_DAMAGE、THIRD_PARTY、DRIVER、PASSENGER' }),
          limit: Type.Optional(Amount('责任限额，元（第三者责任保险）', ['1000000'])),
          sumInsured: Type.Optional(Amount('每座保险金额，元（车上人员责任保险）', ['10000'])),
          seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 999, description: '投保乘客座位数（默认核定座位数 − 1）' })),
        },
        Strict,
      ),
      { minItems: 1, maxItems: 20 },
    ),
    history: Type.Object(
      {
        claimsLast3Years: Type.Integer({ minimum: 0, maximum: 1000, description: '近三年出险次数' }),
        consecutiveInsuredYears: Type.Integer({ minimum: 0, maximum: 100, description: '连续投保年数' }),
        newOrTransferred: Type.Optional(Type.Boolean({ description: '新车或过户车' })),
        lapseMonths: Type.Optional(Type.Number({ minimum: 0, maximum: 1200, description: '脱保月数' })),
      },
      Strict,
    ),
    pricingCoefficient: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,4})?$', description: '自主定价系数（默认 1.00）', examples: ['1.00'] })),
  },
  Strict,
);

const FactorSchema = Type.Object({
  code: Type.Union([Type.Literal('NCD'), Type.Literal('PRICING'), Type.Literal('VIOLATION')]),
  value: Coefficient,
  why: Type.String(),
});

export const CommercialQuoteSchema = Type.Object({
  referenceVersion: Type.String({ description: '费率表/NCD 系数表/定价参数版本，如 SAMPLE-2020/CN-NCD-DEFAULT/CN-COMMERCIAL-2020' }),
  sampleRates: Type.Boolean({ description: '费率表为示例数据（非公司报备费率）' }),
  ncdLevel: Type.Integer({ minimum: -4, maximum: 5 }),
  ncdCoefficient: Coefficient,
  pricingCoefficient: Coefficient,
  violationCoefficient: Coefficient,
  lines: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      basis: Type.String({ description: '基准保费的计算依据' }),
      basePremium: Money,
      factors: Type.Array(FactorSchema),
      premium: Money,
    }),
  ),
  premium: Money,
});

export { ErrorBodySchema, errorResponses } from '../../platform/http/schemas';

// --- company rate tables (POST/GET /rating/commercial/rate-tables)
const Num = (description: string) => Type.String({ maxLength: 24, description });
export const RateTableBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$', description: '费率表代码，如 JS-2027' }),
    name: Type.String({ minLength: 1, maxLength: 100, description: '名称' }),
    effectiveFrom: Type.String({ format: 'date', description: '生效日期（不早于今天）' }),
    source: Type.String({ minLength: 1, maxLength: 300, description: '来源，如报备文号' }),
    rates: Type.Array(
      Type.Object(
        {
          code: Type.String({ minLength: 1, maxLength: 60, description: '单元代码，表内唯一' }),
          coverage: Type.String({ minLength: 1, maxLength: 32, description: '险种代码：CAR_DAMAGE、THIRD_PARTY、DRIVER、PASSENGER' }),
          usage: Type.String({ minLength: 1, maxLength: 32, description: '使用性质（交强险分类）' }),
          ageFrom: Type.Optional(Type.Union([Type.Null(), Num('车龄起（含），年；机动车损失保险')])),
          ageTo: Type.Optional(Type.Union([Type.Null(), Num('车龄止（不含），年；空 = 不封顶')])),
          limitAmount: Type.Optional(Type.Union([Type.Null(), Num('责任限额，元；第三者责任保险')])),
          fixedPremium: Type.Optional(Num('固定保费，元')),
          rate: Type.Optional(Num('费率（小于 1）')),
        },
        Strict,
      ),
      { maxItems: 5000 },
    ),
  },
  Strict,
);
export const RateTableSummarySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  effectiveFrom: Type.String({ format: 'date' }),
  sample: Type.Boolean(),
  source: Type.String(),
  rows: Type.Integer(),
  inForce: Type.Boolean(),
});
