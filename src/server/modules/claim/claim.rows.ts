// One way to fetch a claim: with its org path, inside the caller's data scope for a permission
// (404 CLAIM_NOT_FOUND outside it, as every read; `self` = claims the user handles or reported),
// row-locked when the caller is about to change it — concurrent changes to one claim run one after
// the other, and the state table (lifecycle.rules.ts) decides with the locked row.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import type { ClaimTable } from '../../db/types.claim';
import { orgInScope, requirePermission, type Actor } from '../../platform/access';
import { claimErrors } from './claim.errors';

export type ClaimRow = Selectable<ClaimTable> & { org_path: string; org_code: string; org_parent_id: string | null };
type Executor = Kysely<DB> | Transaction<DB>;

/** Does `actor`'s scope for `permission` reach this claim? */
export function claimInScope(actor: Actor, permission: string, row: { org_id: string; org_path: string; handler_id: string; reported_by: string }): boolean {
  const scope = actor.grants.get(permission);
  if (!scope) return false;
  if (scope === 'self') return row.handler_id === actor.userId || row.reported_by === actor.userId;
  return orgInScope(actor, scope, { id: row.org_id, path: row.org_path });
}

/** The claim row without a scope check (an assignee reaches their task's claim without claim scope); `lock`: FOR UPDATE / FOR SHARE. */
export async function claimRowById(ex: Executor, id: string, lock?: 'update' | 'share'): Promise<ClaimRow | undefined> {
  let q = ex
    .selectFrom('claim as c')
    .innerJoin('org as o', 'o.id', 'c.org_id')
    .selectAll('c')
    .select(['o.path as org_path', 'o.code as org_code', 'o.parent_id as org_parent_id'])
    .where('c.id', '=', id);
  if (lock === 'update') q = q.forUpdate('c');
  if (lock === 'share') q = q.forShare('c');
  return q.executeTakeFirst();
}

/** The claim if `permission`'s scope reaches it (403 without the permission, 404 outside scope); `lock`: FOR UPDATE. */
export async function findClaim(ex: Executor, actor: Actor, permission: string, id: string, opts: { lock?: boolean } = {}): Promise<ClaimRow> {
  requirePermission(actor, permission);
  const row = await claimRowById(ex, id, opts.lock ? 'update' : undefined);
  if (!row || !claimInScope(actor, permission, row)) throw claimErrors.notFound();
  return row;
}
