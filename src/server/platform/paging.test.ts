import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './paging';

describe('keyset cursors', () => {
  it('round-trip the last row’s sort value and id, opaquely', () => {
    const c = { v: '李桂兰', id: '01a20fbc-be69-70c4-9fe1-ad100f77b3d5' };
    const s = encodeCursor(c);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(s)).toEqual(c);
    expect(decodeCursor(encodeCursor({ v: 42, id: c.id }))).toEqual({ v: 42, id: c.id });
  });

  it('refuse anything else with a 400 naming the cursor field', () => {
    for (const bad of ['', 'not-a-cursor', Buffer.from('[1]').toString('base64url'), Buffer.from('["x","not-a-uuid"]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrowError(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'cursor' } }));
    }
  });
});
