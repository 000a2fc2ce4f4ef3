import { describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, GENESIS_HASH, type AuditRowContent } from './audit';

const row: AuditRowContent = {
  seq: '1', id: '01a2-x', occurredAt: new Date('2026-11-24T02:00:00.000Z'), userId: null, username: 'admin', orgId: null, roles: 'SYS_ADMIN',
  ip: '127.0.0.1', requestId: 'r1', action: 'user.create', objectType: 'user', objectId: 'u1', outcome: 'SUCCESS',
  before: null, after: { b: 1, a: { y: [1, 2], x: 'z' } }, details: null,
};

describe('audit hash chain', () => {
  it('serialises objects with sorted keys so jsonb round-trips hash the same', () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: [3, { z: 1, y: 2 }] } })).toBe('{"a":{"c":[3,{"y":2,"z":1}],"d":null},"b":1}');
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('is SHA-256 over the previous hash and the content', () => {
    const h = auditHash(GENESIS_HASH, row);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, { ...row, after: { a: { x: 'z', y: [1, 2] }, b: 1 } })).toBe(h);
  });

  it('changes when any field, the sequence or the previous hash changes', () => {
    const h = auditHash(GENESIS_HASH, row);
    expect(auditHash(GENESIS_HASH, { ...row, username: 'mallory' })).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...row, seq: '2' })).not.toBe(h);
    expect(auditHash(GENESIS_HASH, { ...row, after: { b: 2, a: { y: [1, 2], x: 'z' } } })).not.toBe(h);
    expect(auditHash('1'.repeat(64), row)).not.toBe(h);
  });
});
