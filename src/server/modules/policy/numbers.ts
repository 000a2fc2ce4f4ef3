// Number allocation: printed proposal numbers from per-org ranges (投保单号段) and policy numbers
// from a counter per (org, product, year). Both run inside the caller's transaction. Proposal
// numbers are behind this one function because the certificates module (单证) will later own the
// stock of pre-printed forms: it replaces the body, callers stay as they are.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { AppError } from '../../platform/errors';
import { formatPolicyNumber, numberingYear } from './numbering.rules';

/**
 * The next proposal number for an org: from the org's own active range, else the nearest
 * ancestor's (a branch may share its parent's stock). The range row stays locked until the
 * caller's transaction ends, so numbers are never handed out twice; a rolled-back transaction
 * gives its number back.
 */
export async function allocateProposalNumber(trx: Transaction<DB>, orgId: string, at: Date): Promise<string> {
  const row = await sql<{ prefix: string; no: string; width: number }>`
    update proposal_number_range r
       set next_no = r.next_no + 1, updated_at = ${at}
     where r.id = (
             select r2.id from proposal_number_range r2
               join org o on o.id = r2.org_id
              where r2.status = 'ACTIVE' and r2.next_no <= r2.end_no
                and (select path from org where id = ${orgId}) like o.path || '%'
              order by o.depth desc, r2.start_no
              limit 1)
       and r.next_no <= r.end_no
    returning r.prefix, (r.next_no - 1)::text as no, r.width`.execute(trx);
  const got = row.rows[0];
  if (!got) {
    throw new AppError('conflict', 'PROPOSAL_NO_RANGE', { zh: '本机构没有可用的投保单号段，请联系管理员在“投保单号段”中配置', en: 'no proposal number range with numbers left for this org' }, { field: 'orgId' });
  }
  return got.prefix + got.no.padStart(got.width, '0');
}

/** Codes as policy numbers carry them: upper case, A-Z 0-9 _ only, starting with a letter. */
export function numberingCode(code: string): string {
  const c = code.toUpperCase().replace(/[^A-Z0-9_]/g, '_').slice(0, 31);
  return /^[A-Z]/.test(c) ? c : `X${c}`;
}

/**
 * The next policy number `P-{ORG}-{PRODUCT}-{YYYY}{SEQ8}{CC}` (decision 0007). The counter row is
 * locked until the caller commits: call this last in the issuing transaction.
 */
export async function allocatePolicyNumber(trx: Transaction<DB>, orgCode: string, productCode: string, issuedAt: Date): Promise<string> {
  const org = numberingCode(orgCode);
  const product = numberingCode(productCode);
  const year = numberingYear(issuedAt);
  const { last_seq } = await trx
    .insertInto('policy_number_counter')
    .values({ org_code: org, product_code: product, year, last_seq: 1 })
    .onConflict((oc) => oc.columns(['org_code', 'product_code', 'year']).doUpdateSet({ last_seq: sql`policy_number_counter.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  const n = formatPolicyNumber({ orgCode: org, productCode: product, year, sequence: Number(last_seq) });
  if (!n.ok) throw new AppError('conflict', 'POLICY_NUMBER_EXHAUSTED', { zh: '本年度保单流水号已用完', en: 'policy numbers for this year are used up' });
  return n.value;
}
