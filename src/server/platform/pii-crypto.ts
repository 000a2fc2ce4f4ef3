// Personal data at rest (docs/decisions/0005-party-identity-hashing.md): ID numbers and phones are
// stored encrypted (AES-256-GCM) and found through keyed hashes (HMAC-SHA256), so the database
// alone — a backup, a replica, a leaked dump — neither shows nor enumerates them. Both keys are
// derived (HKDF) from one master key: PII_KEY, else a key generated once in DATA_DIR.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

export interface PiiCrypto {
  /** Keyed hash of `value` within `domain` (e.g. 'id:CN_ID'): equal inputs, equal hashes. */
  hash(domain: string, value: string): Buffer;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

const VERSION = 1;

export function decodeKeyText(text: string): Buffer {
  const t = text.trim();
  return /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
}

export function createPiiCrypto(master: Buffer): PiiCrypto {
  if (master.length < 32) throw new Error('PII master key shorter than 32 bytes');
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  const hashKey = derive('baoye/pii-hash/v1');
  const encKey = derive('baoye/pii-enc/v1');
  return {
    hash: (domain, value) => crypto.createHmac('sha256', hashKey).update(`${domain}\u0000${value}`).digest(),
    encrypt(plain) {
      // Random IV: equal plaintexts give different ciphertexts (equality is what the hash is for).
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, c.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (sealed[0] !== VERSION) throw new Error(`unknown PII ciphertext version ${sealed[0]}`);
      const d = crypto.createDecipheriv('aes-256-gcm', encKey, sealed.subarray(1, 13));
      d.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([d.update(sealed.subarray(29)), d.final()]).toString('utf8');
    },
  };
}

// Tests: one random key per process (each test file has its own database).
let testKey: Buffer | undefined;

export const PII_KEY_FILE = '.pii-key';

/**
 * The master key: PII_KEY; in tests a per-process random key; otherwise DATA_DIR/.pii-key, created
 * on first use (mode 0600) — except in production on an external database, where several servers
 * must share one key: there PII_KEY is required.
 */
export function resolvePiiKey(config: Pick<Config, 'piiKey' | 'nodeEnv' | 'dataDir' | 'databaseUrl'>): Buffer {
  if (config.piiKey) return decodeKeyText(config.piiKey);
  if (config.nodeEnv === 'test') return (testKey ??= crypto.randomBytes(32));
  const file = path.join(config.dataDir, PII_KEY_FILE);
  if (fs.existsSync(file)) return decodeKeyText(fs.readFileSync(file, 'utf8'));
  if (config.nodeEnv === 'production' && config.databaseUrl) {
    throw new Error('生产环境使用外部数据库时必须设置 PII_KEY（个人信息加密密钥） / PII_KEY is required in production with an external DATABASE_URL');
  }
  const key = crypto.randomBytes(32);
  fs.mkdirSync(config.dataDir, { recursive: true });
  // 'wx': never overwrite a key another process wrote first; then read whichever won.
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return decodeKeyText(fs.readFileSync(file, 'utf8'));
}
