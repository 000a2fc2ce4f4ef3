// TypeBox schemas of the party API.
import { Type } from '@sinclair/typebox';
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
