// `npm run cli -- <command> [--flag value]…` for operators with shell access. Works on the same
// data as the server, running or not: with the embedded database it attaches to the running
// server's PostgreSQL, or starts one for the duration of the command.
import os from 'node:os';
import { loadConfig, ConfigError, type Config } from './config';
import { migrateToLatest, openDatabase, type Database } from './db/database';
import type { DataScope } from './db/types';
import { createModules } from './modules';
import { ensureInitialAdmin } from './modules/system/index';
import { seedDemoData } from './demo';
import { writeAudit, verifyAuditChain, type AuditActor } from './platform/audit';
import { systemClock } from './platform/clock';
import { uuidv7 } from './platform/ids';
import { checkPasswordPolicy, hashPassword, passwordRuleText } from './platform/password';
import { allPermissions, isKnownPermission } from './platform/permissions';
import './modules/catalogue';
import { insertOrg, insertUser } from './modules/system/repository';

class UsageError extends Error {}

const ORG_TYPES = ['HEAD', 'BRANCH', 'CENTRAL_SUB', 'SUB', 'SALES_DEPT', 'OUTLET'];
const SCOPES: DataScope[] = ['self', 'org', 'subtree', 'all'];

const USAGE = `用法 / usage: npm run cli -- <command> [options]

  migrate                                   apply database migrations
  org:create --code C --name N --type T --parent <org code>
                                            types: ${ORG_TYPES.join(', ')}
  role:create --code C --name N --permissions p1,p2|* [--mfa-required]
  user:create --username U --password P --name N --org <org code> --role <role code> [--scope self|org|subtree|all]
  audit:verify                              check the audit hash chain (exit 1 when broken)
  seed:demo                                 create the demo branch, roles and users (not in production)
  policy-daily                              run the policy daily job now (满期, 中止, 续保投保单, 终止); idempotent
  permissions                               list every permission the system knows`;

function parseArgs(argv: string[]): { command: string | undefined; flags: Map<string, string | true> } {
  const [command, ...rest] = argv;
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!a.startsWith('--')) throw new UsageError(`无法识别的参数 / unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) flags.set(a.slice(2), rest[++i]);
    else flags.set(a.slice(2), true);
  }
  return { command, flags };
}

function need(flags: Map<string, string | true>, name: string): string {
  const v = flags.get(name);
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`缺少参数 / missing --${name}`);
  return v.trim();
}

const cliActor = (): AuditActor => ({ userId: null, username: `cli:${os.userInfo().username}`, orgId: null, roles: null, ip: null, requestId: null });

async function orgByCode(db: Database, code: string) {
  const org = await db.selectFrom('org').selectAll().where('code', '=', code).executeTakeFirst();
  if (!org) throw new UsageError(`机构不存在 / no org with code ${code}`);
  return org;
}

const commands: Record<string, (db: Database, flags: Map<string, string | true>, config: Config) => Promise<string>> = {
  async migrate() {
    return 'migrations up to date';
  },

  async permissions() {
    return allPermissions().map((p) => `${p.code.padEnd(24)} ${p.moduleName.zh} / ${p.name.zh}`).join('\n');
  },

  async 'org:create'(db, flags) {
    const code = need(flags, 'code');
    const name = need(flags, 'name');
    const type = need(flags, 'type');
    if (!ORG_TYPES.includes(type)) throw new UsageError(`--type 必须是 / must be one of ${ORG_TYPES.join(', ')}`);
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(code)) throw new UsageError('--code 只能包含字母、数字、- 和 _（最多32位） / letters, digits, - and _ only');
    const parent = await orgByCode(db, need(flags, 'parent'));
    if (await db.selectFrom('org').select('id').where('code', '=', code).executeTakeFirst()) throw new UsageError(`机构代码已存在 / org code ${code} already exists`);
    const now = systemClock.now();
    await db.transaction().execute(async (trx) => {
      const org = await insertOrg(trx, parent, { code, name, type }, now);
      await writeAudit(trx, cliActor(), { action: 'org.create', objectType: 'org', objectId: org.id, after: { code, name, type, parent: parent.code } }, now);
    });
    return `已创建机构 / org created: ${code} ${name} (${type}) under ${parent.code}`;
  },

  async 'role:create'(db, flags) {
    const code = need(flags, 'code');
    const name = need(flags, 'name');
    if (!/^[A-Z][A-Z0-9_]{1,31}$/.test(code)) throw new UsageError('--code 须为大写字母、数字和下划线 / upper-case letters, digits and _');
    const raw = need(flags, 'permissions');
    const permissions = raw === '*' ? allPermissions().map((p) => p.code) : raw.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = permissions.filter((p) => !isKnownPermission(p));
    if (unknown.length) throw new UsageError(`未知权限 / unknown permissions: ${unknown.join(', ')} (see: npm run cli -- permissions)`);
    if (await db.selectFrom('role').select('id').where('code', '=', code).executeTakeFirst()) throw new UsageError(`角色代码已存在 / role ${code} already exists`);
    const now = systemClock.now();
    const id = uuidv7();
    const mfa = flags.get('mfa-required') === true || flags.get('mfa-required') === 'true';
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('role').values({ id, code, name, description: null, permissions, mfa_required: mfa, builtin: false, created_at: now, updated_at: now }).execute();
      await writeAudit(trx, cliActor(), { action: 'role.create', objectType: 'role', objectId: id, after: { code, name, permissions, mfaRequired: mfa } }, now);
    });
    return `已创建角色 / role created: ${code} ${name} with ${permissions.length} permissions${mfa ? ' (MFA required)' : ''}`;
  },

  async 'user:create'(db, flags) {
    const username = need(flags, 'username');
    const password = need(flags, 'password');
    const name = need(flags, 'name');
    if (!/^[A-Za-z0-9_.@-]{2,64}$/.test(username)) throw new UsageError('--username 只能包含字母、数字和 _ . @ -（2–64位）');
    const scope = (flags.get('scope') ?? 'org') as DataScope;
    if (!SCOPES.includes(scope)) throw new UsageError(`--scope 必须是 / must be one of ${SCOPES.join(', ')}`);
    const broken = checkPasswordPolicy(password, username);
    if (broken.length) throw new UsageError(`密码不符合要求 / weak password: ${broken.map((r) => passwordRuleText[r].zh).join('；')}`);
    const org = await orgByCode(db, need(flags, 'org'));
    const roleCode = need(flags, 'role');
    const role = await db.selectFrom('role').select(['id', 'code']).where('code', '=', roleCode).executeTakeFirst();
    if (!role) throw new UsageError(`角色不存在 / no role with code ${roleCode}`);
    const taken = await db.selectFrom('app_user').select('id').where(({ fn, eb }) => eb(fn('lower', ['username']), '=', username.toLowerCase())).executeTakeFirst();
    if (taken) throw new UsageError(`用户名已存在 / username ${username} already exists`);
    const hash = await hashPassword(password);
    const now = systemClock.now();
    await db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, { username, name, orgId: org.id, passwordHash: hash, roles: [{ roleId: role.id, scope }] }, now);
      await writeAudit(trx, cliActor(), { action: 'user.create', objectType: 'user', objectId: id, after: { username, name, org: org.code, roles: [`${role.code}:${scope}`] } }, now);
    });
    return `已创建用户 / user created: ${username} (${name}) @ ${org.code}, role ${role.code} scope ${scope}; the first sign-in forces a password change`;
  },

  async 'audit:verify'(db) {
    const r = await verifyAuditChain(db);
    if (!r.ok) throw new ChainBroken(`审计日志链已损坏 / audit chain BROKEN at seq ${r.firstBadSeq}: ${r.problem} (${r.checked} rows verified before it)`);
    return `审计日志链完整 / audit chain intact: ${r.checked} events verified`;
  },

  async 'policy-daily'(db, _flags, config) {
    // Wired as the server wires it (createModules), PII crypto included.
    const r = await createModules({ config, db, clock: systemClock }).policy.services.renewals.runDaily();
    const failed = r.renewalFailures.map((f) => `\n  续保失败 / renewal failed: ${f.policyNo} (${f.code})`).join('');
    return `保单日终处理 / policy daily run ${r.date}: 满期 matured ${r.matured}, 中止 lapsed ${r.lapsed}, 续保投保单 renewals ${r.renewals}, 终止 terminated ${r.terminated}${failed}`;
  },

  async 'seed:demo'(db, _flags, config) {
    const r = await seedDemoData(db, systemClock, config, { onlyIfEmpty: false });
    return r?.report ?? '';
  },
};

class ChainBroken extends Error {}

async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (e) {
    console.error((e as Error).message);
    console.error(USAGE);
    return 2;
  }
  const { command, flags } = parsed;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const handler = commands[command];
  if (!handler) {
    console.error(`未知命令 / unknown command: ${command}\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    console.error(e instanceof ConfigError ? e.message : String(e));
    return 2;
  }
  if (command === 'seed:demo' && config.nodeEnv === 'production') {
    console.error('seed:demo 在生产环境（NODE_ENV=production）中被拒绝 / refused in production');
    return 1;
  }
  const database = await openDatabase(config, () => {}, { attachIfRunning: true });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
    if (command !== 'migrate' && command !== 'permissions' && command !== 'audit:verify') {
      const admin = await ensureInitialAdmin(database.db, systemClock, config.adminInitialPassword);
      if (admin.created) console.log(`初始管理员 admin 已创建 / initial administrator created; ${admin.generated ? `one-time password: ${admin.password}` : 'password from ADMIN_INITIAL_PASSWORD'}`);
    }
    console.log(await handler(database.db, flags, config));
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ChainBroken) {
      console.error(e.message);
      return 1;
    }
    console.error(`执行失败 / failed: ${(e as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then((code) => process.exit(code));
