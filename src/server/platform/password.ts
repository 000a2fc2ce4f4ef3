// Password policy and hashing. Policy rules return codes so the UI can explain each one.
import { hash, verify } from '@node-rs/argon2';
import crypto from 'node:crypto';
import { COMMON_PASSWORDS } from './common-passwords';

export type PasswordRule = 'LENGTH' | 'CLASSES' | 'USERNAME' | 'COMMON' | 'SAME_AS_OLD';

export const MIN_PASSWORD_LENGTH = 12;

/** Which rules `password` breaks (empty when acceptable). */
export function checkPasswordPolicy(password: string, username: string, oldPassword?: string): PasswordRule[] {
  const broken: PasswordRule[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) broken.push('LENGTH');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) broken.push('CLASSES');
  if (username && password.toLowerCase().includes(username.toLowerCase())) broken.push('USERNAME');
  if (isCommonPassword(password)) broken.push('COMMON');
  if (oldPassword !== undefined && password === oldPassword) broken.push('SAME_AS_OLD');
  return broken;
}

/**
 * Common-password check: the list entry itself, and the usual dressings of it (capitalised,
 * digits or symbols appended), so "Password123!" counts as common.
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const core = lower.replace(/[^a-z]+$/, '').replace(/^[^a-z]+/, '');
  return core.length >= 4 && COMMON_PASSWORDS.has(core) && lower.length - core.length <= 6;
}

export const passwordRuleText: Record<PasswordRule, { zh: string; en: string }> = {
  LENGTH: { zh: `至少 ${MIN_PASSWORD_LENGTH} 个字符`, en: `at least ${MIN_PASSWORD_LENGTH} characters` },
  CLASSES: { zh: '须包含大写字母、小写字母、数字、符号中的至少三类', en: 'at least 3 of: upper case, lower case, digit, symbol' },
  USERNAME: { zh: '不能包含用户名', en: 'must not contain the username' },
  COMMON: { zh: '不能使用常见密码', en: 'must not be a common password' },
  SAME_AS_OLD: { zh: '新密码不能与原密码相同', en: 'must differ from the old password' },
};

// OWASP-recommended argon2id parameters (19 MiB, 2 passes).
// (algorithm 2 = Argon2id; the package's enum is an ambient const enum.)
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** argon2id; @node-rs/argon2 hashes on libuv's thread pool, so sign-ins don't block the event loop. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A one-time password that satisfies the policy: 4 groups, all four character classes. */
export function generateOneTimePassword(): string {
  const pick = (set: string, n: number) => Array.from({ length: n }, () => set[crypto.randomInt(set.length)]).join('');
  // No look-alike characters (0/O, 1/l/I): it is read off a screen and typed.
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 4)}-${pick('abcdefghijkmnpqrstuvwxyz', 4)}-${pick('23456789', 4)}-${pick('!@#%+=', 1)}${pick('abcdefghijkmnpqrstuvwxyz', 2)}`;
}
