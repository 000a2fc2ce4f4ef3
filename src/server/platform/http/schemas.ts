// The error wire format as a TypeBox schema, for every route's error responses (and OpenAPI).
import { Type } from '@sinclair/typebox';

export const ErrorBodySchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    requestId: Type.String(),
  }),
});

/** Spread into `response` next to the success schema. */
export const errorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  422: ErrorBodySchema,
  423: ErrorBodySchema,
  429: ErrorBodySchema,
};
