// One way to fetch a policy for a change: with its org path (scope checks) and product code, inside
// the caller's data scope (404 POLICY_NOT_FOUND outside it, as every read), row-locked when the
// caller is about to change it — so concurrent changes to one policy run one after the other.
// Servicing, renewal and the read side's `loadForUpdate` all go through here.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, DataScope } from '../../db/types';
import type { PolicyTable } from '../../db/types.policy';
import { orgInScope, type Actor } from '../../platform/access';
import { policyErrors } from './policy.errors';

export type PolicyRow = Selectable<PolicyTable> & { org_path: string; product_code: string };

/** `access` absent: a system job (no scope check). */
export async function findPolicy(ex: Kysely<DB> | Transaction<DB>, id: string, opts: { access?: { actor: Actor; scope: DataScope }; lock?: boolean } = {}): Promise<PolicyRow> {
  let q = ex
    .selectFrom('policy as p')
    .innerJoin('org as o', 'o.id', 'p.org_id')
    .innerJoin('product as pr', 'pr.id', 'p.product_id')
    .selectAll('p')
    .select(['o.path as org_path', 'pr.code as product_code'])
    .where('p.id', '=', id);
  if (opts.lock) q = q.forUpdate('p');
  const p = await q.executeTakeFirst();
  if (!p || (opts.access && !orgInScope(opts.access.actor, opts.access.scope, { id: p.org_id, path: p.org_path }))) throw policyErrors.notFound();
  return p;
}
