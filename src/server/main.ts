// Process entry: config → database (embedded or external) → migrations → first admin → app →
// listen. SIGTERM/SIGINT: stop accepting, drain in-flight requests, stop workers, stop PostgreSQL.
import { buildApp } from './app';
import { ConfigError, loadConfig, startFlags } from './config';
import { migrateToLatest, openDatabase } from './db/database';
import { createModules } from './modules';
import { ensureInitialAdmin } from './modules/system/index';
import { seedDemoData } from './demo';
import { systemClock } from './platform/clock';
import { startWorkers } from './platform/workers';

async function main() {
  const started = Date.now();
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const flags = startFlags();
  const logger = { level: config.logLevel };
  const pgLog = config.logLevel === 'debug' || config.logLevel === 'trace' ? (s: string) => console.error(`[postgres] ${s}`) : () => {};

  console.log(config.databaseUrl ? '保业 Baoye: connecting to external PostgreSQL (DATABASE_URL)' : `保业 Baoye: starting embedded PostgreSQL in ${config.dataDir}`);
  const database = await openDatabase(config, pgLog);
  const applied = await migrateToLatest(database.db);
  if (applied.length) console.log(`database migrations applied: ${applied.join(', ')}`);

  const admin = await ensureInitialAdmin(database.db, systemClock, config.adminInitialPassword);
  if (admin.created) {
    const line = '='.repeat(64);
    console.log(`${line}\n初始管理员 / initial administrator\n  用户名 username: ${admin.username}\n  ${admin.generated ? `一次性密码 one-time password: ${admin.password}` : '密码 password: (ADMIN_INITIAL_PASSWORD)'}\n  首次登录须修改密码 / the first sign-in forces a password change\n${line}`);
  }
  if (flags.demo) {
    if (config.nodeEnv === 'production') console.error('--demo ignored: NODE_ENV=production');
    else {
      const demo = await seedDemoData(database.db, systemClock, config, { onlyIfEmpty: true });
      if (demo) console.log(demo.report);
    }
  }

  // One set of module services for the routes and the jobs (same catalogue caches).
  const modules = createModules({ config, db: database.db, clock: systemClock });
  const app = await buildApp({ config, db: database.db, clock: systemClock, logger, modules });
  // Module jobs on the platform's schedule: the policy module's daily run (满期, 中止, 续保, 终止) at 02:00 Shanghai.
  const workers = startWorkers(database.db, systemClock, (msg, err) => app.log.error({ err }, msg), [modules.policy.services.renewals.dailyJob]);
  await app.listen({ host: config.host, port: config.port });
  console.log(`保业 Baoye ready on http://${config.host}:${config.port} (${Date.now() - started} ms)  API docs: /api/docs`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: draining requests and stopping`);
    const force = setTimeout(() => {
      console.error('shutdown took over 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    try {
      await app.close();
      await workers.stop();
      await database.close();
      console.log('stopped cleanly');
      process.exit(0);
    } catch (e) {
      console.error('error during shutdown', e);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e) => {
  console.error(`启动失败 / start failed: ${(e as Error).message ?? e}`);
  process.exit(1);
});
