import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeyText, loadConfig } from '../config';
import { PII_KEY_FILE, resolvePiiKey } from './pii-crypto';

describe('the personal-data key', () => {
  it('PII_KEY must be ≥ 32 bytes of base64 or hex', () => {
    expect(isKeyText('a'.repeat(64))).toBe(true);
    expect(isKeyText(Buffer.alloc(32, 1).toString('base64'))).toBe(true);
    expect(isKeyText('short')).toBe(false);
    expect(() => loadConfig({ PII_KEY: 'short' })).toThrow(/PII_KEY/);
    const hex = 'ab'.repeat(32);
    expect(resolvePiiKey(loadConfig({ PII_KEY: hex }))).toEqual(Buffer.from(hex, 'hex'));
  });

  it('without PII_KEY a key is generated once in DATA_DIR (0600) and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baoye-pii-'));
    try {
      const config = loadConfig({ DATA_DIR: dir });
      const a = resolvePiiKey(config);
      expect(a.length).toBe(32);
      expect(fs.statSync(path.join(dir, PII_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(resolvePiiKey(config)).toEqual(a);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('production on an external database refuses to start without PII_KEY', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baoye-pii-'));
    try {
      expect(() => resolvePiiKey(loadConfig({ DATA_DIR: dir, NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db/baoye' }))).toThrow(/PII_KEY/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
