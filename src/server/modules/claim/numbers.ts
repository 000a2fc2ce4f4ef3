// Claim and payment numbers. Both run inside the caller's transaction: the claim counter row stays
// locked until commit (call it late), payment numbers count under the claim's row lock.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { shanghaiDate } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { numberingCode } from '../policy/numbers';

const SEQ_WIDTH = 5;

/** The next report (= claim) number `BA{YYYYMMDD}{ORGCODE}{SEQ5}`: a counter per org and Shanghai day. */
export async function allocateClaimNumber(trx: Transaction<DB>, orgCode: string, at: Date): Promise<string> {
  const org = numberingCode(orgCode);
  const day = shanghaiDate(at);
  const { last_seq } = await trx
    .insertInto('claim_number_counter')
    .values({ org_code: org, day, last_seq: 1 })
    .onConflict((oc) => oc.columns(['org_code', 'day']).doUpdateSet({ last_seq: sql`claim_number_counter.last_seq + 1` }))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  if (last_seq >= 10 ** SEQ_WIDTH) {
    throw new AppError('conflict', 'CLAIM_NUMBER_EXHAUSTED', { zh: '本机构当日报案号已用完', en: 'claim numbers for this org and day are used up' });
  }
  return `BA${day.replaceAll('-', '')}${org}${String(last_seq).padStart(SEQ_WIDTH, '0')}`;
}

/**
 * The next payment number of a claim, `{claimNo}-P{NN}`. The caller holds the claim's row lock, so
 * counting its payments is safe; the unique payment_no is the database's last word.
 */
export async function nextPaymentNo(trx: Transaction<DB>, claim: { id: string; claim_no: string }): Promise<string> {
  const { n } = await trx.selectFrom('claim_payment').select(sql<string>`count(*)`.as('n')).where('claim_id', '=', claim.id).executeTakeFirstOrThrow();
  return `${claim.claim_no}-P${String(Number(n) + 1).padStart(2, '0')}`;
}
