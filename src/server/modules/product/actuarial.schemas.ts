// TypeBox schemas of the life-pricing API. Bodies are strict (unknown fields → 400); range and
// consistency checks live in actuarial.rules.ts so they answer 422 naming the field or row.
import { Type, type TSchema } from '@sinclair/typebox';
import { BENEFITS } from './actuarial.rules';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** The platform's error wire format (platform/http/errors.ts sendError). */
export { ErrorBodySchema, errorResponses } from '../../platform/http/schemas';

const TableCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });

export const TableSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  source: Nullable(Type.String()),
  builtin: Type.Boolean(),
  minAge: Type.Integer(),
  maxAge: Type.Integer(),
});

export const CreateTableBody = Type.Object(
  {
    code: TableCode,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    rows: Type.Array(Type.Object({ age: Type.Integer(), qx: Type.Number() }, Strict), { minItems: 1, maxItems: 151 }),
  },
  Strict,
);

export const QuoteBody = Type.Object(
  {
    table: Type.String({ minLength: 1, maxLength: 32 }),
    interest: Type.Number(),
    benefit: Type.Union(BENEFITS.map((b) => Type.Literal(b))),
    age: Type.Integer(),
    term: Type.Optional(Type.Integer()),
    paymentTerm: Type.Optional(Type.Integer()),
    sumAssured: Type.String({ minLength: 1, maxLength: 32 }),
  },
  Strict,
);

export const QuoteSchema = Type.Object({
  netSinglePremium: Type.String(),
  netAnnualPremium: Type.String(),
  annuityDue: Type.String(),
});
