// TypeBox schemas of POST /api/v1/rating/ctpl. The body is strict (unknown fields → 400); ranges
// only reject what no vehicle can have — whether a vehicle fits the tariff is the rules' 422.
import { Type } from '@sinclair/typebox';
import { CTPL_USAGES } from './ctpl.rules';

const Strict = { additionalProperties: false } as const;
const Money = Type.String({ pattern: '^-?[0-9]+\\.[0-9]{2}$', examples: ['950.00'] });

export const CtplQuoteBody = Type.Object(
  {
    vehicle: Type.Object(
      {
        usage: Type.Union(CTPL_USAGES.map((u) => Type.Literal(u)), { description: '使用性质' }),
        seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 999, description: '核定座位数（客车）' })),
        tonnage: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: '核定载质量，吨（货车、挂车）' })),
        engineCc: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, description: '排气量，毫升（摩托车）' })),
        trailer: Type.Optional(Type.Boolean({ description: '挂车：按同使用性质、同吨位货车保费的 30% 计算' })),
      },
      Strict,
    ),
    region: Type.String({ minLength: 1, maxLength: 32, description: '投保地区，如 北京、内蒙古、深圳' }),
    history: Type.Object(
      {
        claimFreeYears: Type.Integer({ minimum: 0, maximum: 100, description: '连续未发生有责任道路交通事故的年数（仅有无责事故的年度也算）' }),
        atFaultAccidentsLastYear: Type.Integer({ minimum: 0, maximum: 1000, description: '上一年度有责任道路交通事故次数' }),
        fatalAtFaultLastYear: Type.Boolean({ description: '上一年度是否发生有责任道路交通死亡事故' }),
      },
      Strict,
    ),
  },
  Strict,
);

const LimitSet = Type.Object({
  deathDisability: Money,
  medical: Money,
  property: Money,
});

export const CtplQuoteSchema = Type.Object({
  category: Type.String({ description: '费率表车辆类别代码，如 FAMILY_LT6' }),
  basePremium: Money,
  floatFactor: Type.Union([Type.Union(['A1', 'A2', 'A3', 'A4', 'A5', 'A6'].map((f) => Type.Literal(f))), Type.Null()]),
  floatRate: Type.String({ pattern: '^-?[0-9]+\\.[0-9]{2,}$', examples: ['-0.30'] }),
  premium: Money,
  limits: Type.Object({
    atFault: LimitSet,
    notAtFault: LimitSet,
  }, { description: '责任限额（元）：有责 / 无责 — 死亡伤残、医疗费用、财产损失' }),
});

export { ErrorBodySchema, errorResponses } from '../../platform/http/schemas';
