import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, totp, verifyTotp } from './totp';

// RFC 6238 appendix B, SHA-1 secret "12345678901234567890", 8 digits.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the RFC test vector at T=%i', (t, expected) => {
    expect(totp(RFC_SECRET, new Date(t * 1000), 30, 8)).toBe(expected);
  });

  it('matches RFC 4226 HOTP vectors', () => {
    const key = Buffer.from('12345678901234567890');
    expect([0, 1, 2, 9].map((c) => hotp(key, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('round-trips base32', () => {
    const b = Buffer.from([0, 1, 2, 250, 255, 17, 99]);
    expect(base32Decode(base32Encode(b))).toEqual(b);
  });

  it('accepts the current step and one either side, nothing further', () => {
    const at = new Date('2026-11-24T02:00:00Z');
    const code = totp(RFC_SECRET, at);
    const step = Math.floor(at.getTime() / 30_000);
    expect(verifyTotp(RFC_SECRET, code, at)).toBe(step);
    expect(verifyTotp(RFC_SECRET, code, new Date(at.getTime() + 30_000))).toBe(step);
    expect(verifyTotp(RFC_SECRET, code, new Date(at.getTime() + 90_000))).toBeNull();
    expect(verifyTotp(RFC_SECRET, '12345', at)).toBeNull();
  });

  it('refuses a code whose step was already used (no replay)', () => {
    const at = new Date('2026-11-24T02:00:00Z');
    const code = totp(RFC_SECRET, at);
    const step = verifyTotp(RFC_SECRET, code, at)!;
    expect(verifyTotp(RFC_SECRET, code, at, step)).toBeNull();
    expect(verifyTotp(RFC_SECRET, totp(RFC_SECRET, new Date(at.getTime() + 30_000)), new Date(at.getTime() + 30_000), step)).toBe(step + 1);
  });
});
