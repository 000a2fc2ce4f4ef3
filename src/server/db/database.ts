import crypto from 'node:crypto';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { migrations } from './migrations/index';
import type { DB } from './types';

export type Database = Kysely<DB>;

// bigint (int8) and numeric come back as strings: money and sequence numbers are never floats.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
// Business dates stay 'YYYY-MM-DD' strings: no time zone shifts.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

/** Parameterised statements up to this size are prepared once per connection and reused. */
const PREPARE_MAX_TEXT = 8_000;
const PREPARE_MAX_VALUES = 64;

/**
 * Kysely sends every statement as text, so PostgreSQL parses and plans it each time; for the short
 * key lookups that make up most of a business transaction, planning costs more than running
 * (bench/policy-pipeline.ts). Parameterised statements are therefore sent as named prepared
 * statements, one per distinct SQL text and connection (pg keeps the name → text map per client);
 * PostgreSQL then re-plans with the actual values while a custom plan is cheaper, else reuses a
 * generic one. Long texts and long value lists (bulk inserts, imports) stay unnamed.
 */
function prepareStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && values.length <= PREPARE_MAX_VALUES && text.length <= PREPARE_MAX_TEXT) {
      const name = `k${crypto.createHash('sha1').update(text).digest('base64url')}`;
      return query({ name, text, values }, callback);
    }
    return query(text, values, callback);
  };
}

export function createDb(url: string, poolSize = 10): { db: Database; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'baoye' });
  pool.on('error', () => {
    /* idle client errors surface on the next query */
  });
  pool.on('connect', prepareStatements);
  return { db: new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), pool };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'schema_migration', migrationLockTableName: 'schema_migration_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`数据库迁移失败 / migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface OpenDatabase {
  db: Database;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Opens the database named by DATABASE_URL, or starts the embedded server in DATA_DIR and
 * opens (creating if needed) its `baoye` database.
 */
export async function openDatabase(config: Config, log: (s: string) => void = () => {}, opts: { attachIfRunning?: boolean } = {}): Promise<OpenDatabase> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dir: config.dataDir, port: config.embeddedPgPort, log, attachIfRunning: opts.attachIfRunning });
    url = await ensureDatabase(embedded.url, 'baoye');
  }
  const { db, pool } = createDb(url, config.dbPoolSize);
  try {
    await sql`select 1`.execute(db);
  } catch (e) {
    await db.destroy();
    await embedded?.stop();
    throw new Error(`无法连接数据库 / cannot connect to the database: ${(e as Error).message}`);
  }
  return {
    db,
    pool,
    url,
    embedded: !!embedded,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** Creates database `name` on the server of `adminUrl` if it does not exist; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      await client.query(`create database ${client.escapeIdentifier(name)}${template ? ` template ${client.escapeIdentifier(template)}` : ''}`);
    }
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
