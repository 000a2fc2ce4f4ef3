import type { Org } from '../../../contracts/system';

export interface OrgNode {
  org: Org;
  children: OrgNode[];
}

/**
 * The flat GET /orgs list as a forest (roots = orgs whose parent is absent from the list, which is
 * the case for the top of the caller's scope). Children keep the server's order (by path).
 */
export function buildOrgForest(orgs: Org[]): OrgNode[] {
  const nodes = new Map<string, OrgNode>();
  for (const org of orgs) nodes.set(org.id, { org, children: [] });
  const roots: OrgNode[] = [];
  for (const org of orgs) {
    const node = nodes.get(org.id)!;
    const parent = org.parentId ? nodes.get(org.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Ids of `id` and everything below it. */
export function subtreeIds(orgs: Org[], id: string): Set<string> {
  const childrenOf = new Map<string, string[]>();
  for (const org of orgs) {
    if (!org.parentId) continue;
    childrenOf.set(org.parentId, [...(childrenOf.get(org.parentId) ?? []), org.id]);
  }
  const result = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const current = stack.pop()!;
    result.add(current);
    stack.push(...(childrenOf.get(current) ?? []));
  }
  return result;
}

/** Ids of every ancestor of `id` that is in the list (to expand the tree down to it). */
export function ancestorIds(orgs: Org[], id: string): string[] {
  const byId = new Map(orgs.map((org) => [org.id, org]));
  const result: string[] = [];
  let current = byId.get(id)?.parentId;
  while (current && byId.has(current)) {
    result.push(current);
    current = byId.get(current)?.parentId;
  }
  return result;
}
