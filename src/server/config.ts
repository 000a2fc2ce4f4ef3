// The only reader of process.env. Every setting is validated once, at start, with a message
// that names the variable and says what is wrong; the result is typed and frozen.
import path from 'node:path';

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** External PostgreSQL; when absent an embedded server is started in dataDir. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly embeddedPgPort: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly adminInitialPassword: string | undefined;
  readonly session: {
    readonly idleMinutes: number;
    readonly absoluteHours: number;
  };
  readonly lockout: {
    readonly maxFailures: number;
    readonly minutes: number;
  };
  /** Sign-in attempts per client address per minute (against password spraying). */
  readonly loginRateLimitPerMinute: number;
  /** Behind HTTPS (or a TLS-terminating proxy): cookies get the Secure flag. */
  readonly secureCookies: boolean;
  readonly trustProxy: boolean;
  readonly bodyLimitBytes: number;
  readonly webDistDir: string;
  readonly dbPoolSize: number;
  /**
   * Master key for personal data (base64 or hex, ≥ 32 bytes): keyed hashes of ID numbers and phones
   * and their encryption. Unset: a key generated once in DATA_DIR (platform/pii-crypto.ts).
   */
  readonly piiKey: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 / invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be an integer between ${min} and ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    problems.push(`${name}="${raw}" must be true or false`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      problems.push(`${name}="${raw}" must be one of: ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  };

  const nodeEnv = oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const adminInitialPassword = env.ADMIN_INITIAL_PASSWORD || undefined;
  const piiKey = env.PII_KEY || undefined;
  if (piiKey && !isKeyText(piiKey)) problems.push('PII_KEY must be at least 32 bytes, written as base64 or hex (e.g. `openssl rand -base64 32`)');

  const config: Config = {
    nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    adminInitialPassword,
    session: {
      idleMinutes: int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      absoluteHours: int('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    },
    lockout: {
      maxFailures: int('LOCKOUT_MAX_FAILURES', 5, 1, 100),
      minutes: int('LOCKOUT_MINUTES', 15, 1, 24 * 60),
    },
    loginRateLimitPerMinute: int('LOGIN_RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000),
    secureCookies: bool('SECURE_COOKIES', false),
    trustProxy: bool('TRUST_PROXY', false),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    webDistDir: path.resolve(env.WEB_DIST_DIR || 'dist/web'),
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 200),
    piiKey,
    ...overrides,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Base64 or hex text of at least 32 bytes. */
export function isKeyText(s: string): boolean {
  const t = s.trim();
  if (/^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0) return t.length >= 64;
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(t) && Buffer.from(t, 'base64').length >= 32;
}

/** Flags for `npm start -- --demo` are read here too, so main.ts never touches process state. */
export function startFlags(argv: string[] = process.argv.slice(2)): { demo: boolean } {
  return { demo: argv.includes('--demo') };
}
