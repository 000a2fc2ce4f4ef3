import { describe, expect, it } from 'vitest';
import { grantsOf, likePrefix, orgInScope, scopeCovers, type Actor, type ActorRole } from './access';

const role = (permissions: string[], scope: ActorRole['scope']): ActorRole => ({ id: 'r', code: 'R', name: 'r', permissions, scope, mfaRequired: false });

describe('permissions and data scopes', () => {
  it('takes the widest scope when several roles grant the same permission', () => {
    const g = grantsOf([role(['user:read'], 'org'), role(['user:read', 'org:read'], 'subtree'), role(['user:read'], 'self')]);
    expect(g.get('user:read')).toBe('subtree');
    expect(g.get('org:read')).toBe('subtree');
    expect(g.has('user:write')).toBe(false);
  });

  it('orders scopes self < org < subtree < all', () => {
    expect(scopeCovers('subtree', 'org')).toBe(true);
    expect(scopeCovers('org', 'subtree')).toBe(false);
    expect(scopeCovers('all', 'subtree')).toBe(true);
  });

  it('sees an org by its materialized path', () => {
    const actor = { orgId: 'b', orgPath: '/a/b/' } as Actor;
    expect(orgInScope(actor, 'subtree', { id: 'c', path: '/a/b/c/' })).toBe(true);
    expect(orgInScope(actor, 'subtree', { id: 'x', path: '/a/x/' })).toBe(false);
    expect(orgInScope(actor, 'org', { id: 'c', path: '/a/b/c/' })).toBe(false);
    expect(orgInScope(actor, 'org', { id: 'b', path: '/a/b/' })).toBe(true);
    expect(orgInScope(actor, 'all', { id: 'x', path: '/a/x/' })).toBe(true);
  });

  it('escapes LIKE wildcards in prefixes', () => {
    expect(likePrefix('/a_b/%/')).toBe('/a\\_b/\\%/%');
  });
});
