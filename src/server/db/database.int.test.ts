import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

it('prepares parameterised statements once per connection and reuses them; plain statements stay unprepared', async () => {
  await env.db.connection().execute(async (conn) => {
    const prepared = async () => (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(conn)).rows[0]!.n;
    const before = await prepared();
    for (let i = 0; i < 3; i++) {
      const r = await conn.selectFrom('org').select('code').where('parent_id', 'is', null).where('status', '=', 'ACTIVE').execute();
      expect(r).toHaveLength(1);
    }
    const after = await prepared();
    // One new prepared statement for the three runs of the same text (the counting query itself has no parameters).
    expect(after - before).toBe(1);
    const names = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(conn);
    expect(names.rows.some((r) => r.statement.includes('"org"'))).toBe(true);
  });
});
