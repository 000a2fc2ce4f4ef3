// Mortality tables in PostgreSQL. Kysely only; no rules here.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';

type Executor = Kysely<DB> | Transaction<DB>;

export interface TableSummary {
  code: string;
  name: string;
  source: string | null;
  builtin: boolean;
  minAge: number;
  maxAge: number;
}

export async function listTables(db: Executor): Promise<TableSummary[]> {
  return db
    .selectFrom('mortality_table as t')
    .innerJoin('mortality_rate as r', 'r.table_code', 't.code')
    .select(({ fn }) => ['t.code', 't.name', 't.source', 't.builtin', fn.min<number>('r.age').as('minAge'), fn.max<number>('r.age').as('maxAge')])
    .groupBy('t.code')
    .orderBy('t.builtin', 'desc')
    .orderBy('t.code')
    .execute();
}

/** The rates of one table by age; empty when there is no such table. */
export async function loadRates(db: Executor, code: string): Promise<{ age: number; qx: string }[]> {
  return db.selectFrom('mortality_rate').select(['age', 'qx']).where('table_code', '=', code).orderBy('age').execute();
}

export async function insertTable(
  trx: Executor,
  table: { code: string; name: string; createdBy: string; rows: { age: number; qx: string }[] },
  now: Date,
): Promise<void> {
  await trx.insertInto('mortality_table').values({ code: table.code, name: table.name, source: null, builtin: false, created_at: now, created_by: table.createdBy }).execute();
  await trx
    .insertInto('mortality_rate')
    .values(table.rows.map((r) => ({ table_code: table.code, age: r.age, qx: r.qx })))
    .execute();
}
