// Property-based robustness checks shared by the API tests: whatever a client sends, the answer is
// never a 5xx (bad input is a 400/422 with a code, not a crash).
import fc from 'fast-check';
import { expect } from 'vitest';
import type { Client } from './harness';

/** Any JSON value, a few levels deep. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });

/** Numbers at the edges (huge, unsafe, negative zero, fractions) or anything else. */
export const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 0.1), anyJson);

/** POSTs each generated body as JSON; fails on any 5xx. Returns the statuses seen. */
export async function expectNoServerErrors(client: Client, url: string, bodies: fc.Arbitrary<unknown>, numRuns = 200): Promise<Set<number>> {
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(bodies, async (body) => {
      const res = await client.post(url, body);
      seen.add(res.statusCode);
      expect(res.statusCode, res.body).toBeLessThan(500);
    }),
    { numRuns },
  );
  return seen;
}
