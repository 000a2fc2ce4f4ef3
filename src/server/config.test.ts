import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults: 127.0.0.1:3000, ./data, embedded database', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.session).toEqual({ idleMinutes: 30, absoluteHours: 12 });
    expect(c.lockout).toEqual({ maxFailures: 5, minutes: 15 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads PORT, HOST, DATA_DIR and DATABASE_URL', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/baoye', DATABASE_URL: 'postgres://u:p@db/baoye' });
    expect([c.port, c.host, c.dataDir, c.databaseUrl]).toEqual([8080, '0.0.0.0', '/srv/baoye', 'postgres://u:p@db/baoye']);
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '0' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('SESSION_IDLE_MINUTES');
    }
  });
});
