// Integration harness: a private database per test file (cloned from the migrated template), the
// real app on it with an injectable clock, and helpers that sign in through the real API.
import crypto from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/server/app';
import { loadConfig, type Config } from '../src/server/config';
import { createDb, ensureDatabase, type Database } from '../src/server/db/database';
import type { DataScope } from '../src/server/db/types';
import { TestClock } from '../src/server/platform/clock';
import { uuidv7 } from '../src/server/platform/ids';
import { hashPassword } from '../src/server/platform/password';
import { insertOrg, insertUser } from '../src/server/modules/system/repository';

export interface TestEnv {
  db: Database;
  url: string;
  clock: TestClock;
  config: Config;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function createTestEnv(overrides: Partial<Config> = {}): Promise<TestEnv> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const url = await ensureDatabase(adminUrl, name, inject('templateDb'));
  const { db } = createDb(url, 5);
  const clock = new TestClock(new Date('2026-11-24T02:00:00Z'));
  // Every test signs in from the same address: the sign-in throttle is tested on its own.
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }, { webDistDir: '/nonexistent', loginRateLimitPerMinute: 100_000, ...overrides });
  const app = await buildApp({ config, db, clock });
  await app.ready();
  return {
    db,
    url,
    clock,
    config,
    app,
    async close() {
      await app.close();
      await db.destroy();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

let seq = 0;
const unique = (p: string) => `${p}${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function rootOrg(db: Database) {
  return db.selectFrom('org').selectAll().where('parent_id', 'is', null).executeTakeFirstOrThrow();
}

/** Creates an org directly (fixture), under `parentId` or the root. */
export async function makeOrg(db: Database, opts: { parentId?: string; code?: string; name?: string; type?: string } = {}) {
  const parent = opts.parentId
    ? await db.selectFrom('org').selectAll().where('id', '=', opts.parentId).executeTakeFirstOrThrow()
    : await rootOrg(db);
  return insertOrg(db, parent, { code: opts.code ?? unique('O'), name: opts.name ?? '测试机构', type: opts.type ?? 'BRANCH' }, new Date());
}

export async function makeRole(db: Database, permissions: string[], opts: { code?: string; name?: string; mfaRequired?: boolean } = {}) {
  const id = uuidv7();
  const now = new Date();
  await db.insertInto('role').values({ id, code: opts.code ?? unique('R').toUpperCase(), name: opts.name ?? '测试角色', description: null, permissions, mfa_required: opts.mfaRequired ?? false, builtin: false, created_at: now, updated_at: now }).execute();
  return id;
}

export async function builtinRoleId(db: Database, code: string) {
  return (await db.selectFrom('role').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

export const TEST_PASSWORD = 'Test-Password-2026!';
let testHash: Promise<string> | undefined;

/** Creates a ready-to-use user (password already changed) with the given role grants. */
export async function makeUser(
  db: Database,
  opts: { orgId: string; roles: { roleId: string; scope: DataScope }[]; username?: string; mustChangePassword?: boolean; name?: string },
) {
  testHash ??= hashPassword(TEST_PASSWORD);
  const username = opts.username ?? unique('u');
  const id = await insertUser(
    db,
    { username, name: opts.name ?? '测试用户', orgId: opts.orgId, passwordHash: await testHash, mobile: '13912345678', mustChangePassword: opts.mustChangePassword ?? false, roles: opts.roles },
    new Date(),
  );
  return { id, username };
}

/** A signed-in API client: keeps the session cookie and sends the CSRF header on writes. */
export class Client {
  cookies = new Map<string, string>();
  constructor(private readonly app: FastifyInstance) {}

  get csrf(): string | undefined {
    return this.cookies.get('csrf-token');
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method: method as 'GET',
      url,
      // Any JSON value (object, array, string, number, null), as a browser's fetch would send it.
      payload: body === undefined ? undefined : JSON.stringify(body),
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
        ...(method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
    });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() <= Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, undefined, headers);
  }
  post(url: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', url, body === undefined ? {} : body, headers);
  }
  put(url: string, body?: unknown) {
    return this.request('PUT', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.request('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.request('DELETE', url);
  }

  async login(username: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    return this.post('/api/v1/auth/login', { username, password });
  }
}

export async function signedIn(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<Client> {
  const c = new Client(app);
  const res = await c.login(username, password);
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  return c;
}
