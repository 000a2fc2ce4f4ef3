// One PostgreSQL for the whole run: TEST_DATABASE_URL if given (an external server where we may
// create databases), else an embedded cluster in a temp dir. A template database is migrated once;
// each test file clones it (CREATE DATABASE … TEMPLATE), so files are isolated and start fast.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDb, ensureDatabase, migrateToLatest } from '../src/server/db/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/server/db/embedded';

let embedded: EmbeddedPostgres | undefined;
let tmp: string | undefined;

export const TEMPLATE_DB = 'baoye_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
  }
}

export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'baoye-test-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    embedded = await startEmbeddedPostgres({ dir: tmp, port });
    adminUrl = embedded.url;
  }
  // A fresh template every run: drop the previous one (if any) and migrate.
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB}`);
  await admin.end();
  const url = await ensureDatabase(adminUrl, TEMPLATE_DB);
  const { db } = createDb(url, 1);
  await migrateToLatest(db);
  await db.destroy();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', TEMPLATE_DB);
}

export async function teardown() {
  await embedded?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}
