import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generateOneTimePassword, hashPassword, isCommonPassword, verifyPassword } from './password';

describe('password policy', () => {
  it('accepts a long password with three character classes', () => {
    expect(checkPasswordPolicy('Tiger-Lily-Moon', 'zhangsan')).toEqual([]);
    expect(checkPasswordPolicy('river7stone9cloud', 'zhangsan')).toEqual(['CLASSES']);
  });

  it('requires at least 12 characters', () => {
    expect(checkPasswordPolicy('Ab1!Ab1!Ab1', 'x')).toContain('LENGTH');
    expect(checkPasswordPolicy('Ab1!Ab1!Ab1!', 'x')).not.toContain('LENGTH');
  });

  it('requires 3 of the 4 character classes', () => {
    expect(checkPasswordPolicy('abcdefghijkl', 'x')).toContain('CLASSES');
    expect(checkPasswordPolicy('abcdefghijK1', 'x')).not.toContain('CLASSES');
    expect(checkPasswordPolicy('abcdefghij-1', 'x')).not.toContain('CLASSES');
  });

  it('rejects a password containing the username, whatever the case', () => {
    expect(checkPasswordPolicy('My-ZhangSan-2026', 'zhangsan')).toContain('USERNAME');
  });

  it('rejects common passwords and their usual dressings', () => {
    expect(isCommonPassword('password')).toBe(true);
    expect(isCommonPassword('Password123!')).toBe(true);
    expect(isCommonPassword('Woaini1314!!')).toBe(true);
    expect(checkPasswordPolicy('P@ssword2026!', 'x')).toEqual(['COMMON']);
    expect(checkPasswordPolicy('Lantern-River-2026', 'x')).toEqual([]);
    expect(checkPasswordPolicy('Qwertyuiop12!', 'x')).toContain('COMMON');
  });

  it('rejects reusing the old password', () => {
    expect(checkPasswordPolicy('Tiger-Lily-Moon', 'x', 'Tiger-Lily-Moon')).toContain('SAME_AS_OLD');
  });

  it('generates one-time passwords that pass the policy', () => {
    for (let i = 0; i < 50; i++) expect(checkPasswordPolicy(generateOneTimePassword(), 'admin')).toEqual([]);
  });
});

describe('argon2id hashing', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('Tiger-Lily-Moon');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'Tiger-Lily-Moon')).toBe(true);
    expect(await verifyPassword(h, 'tiger-lily-moon')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
