// buildApp(deps): the whole HTTP application, without listening. Tests drive it with inject().
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import type { Config } from './config';
import type { Database } from './db/database';
import { createPartyModule } from './modules/party/index';
import { createSystemModule } from './modules/system/index';
import { createModules, type AppModules } from './modules';
import { writeAudit } from './platform/audit';
import type { Clock } from './platform/clock';
import { auditActorOf } from './platform/context';
import { AppError } from './platform/errors';
import { installAuth } from './platform/http/auth';
import { installErrorHandling, sendError } from './platform/http/errors';
import { uuidv7 } from './platform/ids';
import { SessionStore } from './platform/sessions';

export const VERSION = '0.1.0';

export interface AppDeps {
  config: Config;
  db: Database;
  clock: Clock;
  /** Pino options or false; tests pass false. */
  logger?: FastifyServerOptions['logger'];
  /** Product and policy modules shared with the workers (main.ts); built here when absent. */
  modules?: AppModules;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db, clock } = deps;
  const { product, policy, claim } = deps.modules ?? createModules(deps);
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: () => uuidv7(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    return503OnClosing: true,
  });

  const sessions = new SessionStore(db, clock, { idleMs: config.session.idleMinutes * 60_000, absoluteMs: config.session.absoluteHours * 3_600_000 });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });

  // Only routes that opt in (sign-in) are limited, per client address.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'rate_limited',
        'AUTH_RATE_LIMITED',
        { zh: `登录尝试过于频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`, en: `too many sign-in attempts; retry in ${Math.ceil(context.ttl / 1000)} s` },
        { retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      ),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: '保业 Baoye API', version: VERSION, description: '保险业务管理平台 REST API. Errors: { error: { code, message, details?, requestId } }.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' }, csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' } } },
      security: [{ session: [], csrf: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  installErrorHandling(app, async (request, err) => {
    // Every permission denial is audited, with who asked for what.
    await writeAudit(db, auditActorOf(request.ctx!), { action: 'access.denied', outcome: 'DENIED', details: { code: err.code, method: request.method, url: request.url.split('?')[0], ...(err.details ?? {}) } }, clock.now());
  });
  installAuth(app, sessions, config);

  const system = createSystemModule({ db, clock, sessions, config });

  await app.register(
    async (api) => {
      api.get('/health', { config: { access: 'public' }, schema: { tags: ['system'], summary: '健康检查' } }, async (_req, reply) => {
        try {
          await sql`select 1`.execute(db);
          return { status: 'ok', database: 'ok', version: VERSION };
        } catch {
          return reply.status(503).send({ status: 'degraded', database: 'unreachable', version: VERSION });
        }
      });
      await api.register(system.routes);
      await api.register(createPartyModule({ db, clock, config }).routes);
      await api.register(product.routes);
      await api.register(policy.routes);
      await api.register(claim.routes);
    },
    { prefix: '/api/v1' },
  );
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());

  // The built web UI; any non-API path falls back to index.html (client-side routes).
  const webDir = config.webDistDir;
  const hasWeb = fs.existsSync(path.join(webDir, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    // API paths, writes and missing files (a path with an extension) are plain 404s; any other
    // GET is a client-side route of the web app.
    const pathname = request.url.split('?')[0];
    if (request.url.startsWith('/api/') || request.method !== 'GET' || /\.[a-z0-9]+$/i.test(pathname)) {
      return sendError(request, reply, new AppError('not_found', 'ROUTE_NOT_FOUND', { zh: '接口不存在', en: 'no such endpoint' }));
    }
    if (!hasWeb) return reply.status(404).type('text/plain; charset=utf-8').send('Web UI not built: run `npm run build`.');
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  });

  return app;
}
