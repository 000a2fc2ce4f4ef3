import { describe, expect, it } from 'vitest';
import { checkMove } from './org.service';

describe('moving an org', () => {
  it('refuses to move the root', () => {
    expect(checkMove({ path: '/r/', parent_id: null }, { path: '/r/a/' })).toBe('ROOT');
  });
  it('refuses to move an org under itself or its descendants', () => {
    expect(checkMove({ path: '/r/a/', parent_id: 'r' }, { path: '/r/a/' })).toBe('OWN_SUBTREE');
    expect(checkMove({ path: '/r/a/', parent_id: 'r' }, { path: '/r/a/b/c/' })).toBe('OWN_SUBTREE');
  });
  it('allows moving under a sibling branch', () => {
    expect(checkMove({ path: '/r/a/', parent_id: 'r' }, { path: '/r/ab/' })).toBeNull();
  });
});
