// Exactly-once POSTs (decision 0012). The client sends an `Idempotency-Key`; the first request with
// it does the work and its answer is stored with the key, in the same transaction. A retry with the
// same key and body gets that answer again (same status, same body); the same key with another body
// is 422. Concurrent duplicates need no lock of their own: the key's primary key is the lock — a
// second `insert … on conflict do nothing` waits for the first transaction, and once it commits
// sees the row (READ COMMITTED: the next statement reads the committed answer) and replays it. If
// the work fails, the transaction rolls back the key too, so a corrected retry with it works.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types';
import { canonicalJson } from './audit';
import { AppError } from './errors';
import { sha256Hex } from './ids';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface IdempotentRequest {
  /** What the key is unique within, e.g. 'claim.payment:<claimId>'. */
  scope: string;
  userId: string;
  /** The header's value; undefined when it was not sent. */
  key: string | undefined;
  /** The request body: its canonical JSON's SHA-256 tells a replay from a reuse. */
  body: unknown;
  at: Date;
}

export interface IdempotentAnswer<T = unknown> {
  status: number;
  body: T;
}

export const idempotencyErrors = {
  required: () =>
    new AppError('invalid', 'IDEMPOTENCY_KEY_REQUIRED', { zh: '请求头 Idempotency-Key：必须提供 8–200 个字符的幂等键（重试时沿用同一个）', en: 'Idempotency-Key header: 8–200 characters required' }, { field: 'Idempotency-Key' }),
  reused: () =>
    new AppError('unprocessable', 'IDEMPOTENCY_KEY_REUSED', { zh: '请求头 Idempotency-Key：该幂等键已用于另一笔不同内容的请求，请换一个新的幂等键', en: 'Idempotency-Key: already used for a different request' }, { field: 'Idempotency-Key' }),
  inProgress: () =>
    new AppError('conflict', 'IDEMPOTENCY_KEY_IN_PROGRESS', { zh: '同一幂等键的请求仍在处理中，请稍后重试', en: 'a request with this key is still being processed' }, { field: 'Idempotency-Key' }),
};

/** The header's value if it is a usable key (8–200 characters), else 400 IDEMPOTENCY_KEY_REQUIRED. */
export function requireIdempotencyKey(key: string | undefined): string {
  const k = key?.trim();
  if (!k || k.length < 8 || k.length > 200) throw idempotencyErrors.required();
  return k;
}

/** Runs `run` once per (scope, user, key) and answers what it answered the first time. */
export async function withIdempotency<T>(db: Kysely<DB>, req: IdempotentRequest, run: (trx: Transaction<DB>) => Promise<IdempotentAnswer<T>>): Promise<IdempotentAnswer<T>> {
  const key = requireIdempotencyKey(req.key);
  const hash = sha256Hex(canonicalJson(req.body));
  return db.transaction().execute(async (trx) => {
    const mine = await trx
      .insertInto('idempotency_key')
      .values({ scope: req.scope, user_id: req.userId, key, request_hash: hash, status: null, response: null, created_at: req.at })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (mine) {
      const answer = await run(trx);
      await trx
        .updateTable('idempotency_key')
        .set({ status: answer.status, response: JSON.stringify(answer.body) })
        .where('scope', '=', req.scope)
        .where('user_id', '=', req.userId)
        .where('key', '=', key)
        .execute();
      return answer;
    }
    const first = await trx
      .selectFrom('idempotency_key')
      .select(['request_hash', 'status', 'response'])
      .where('scope', '=', req.scope)
      .where('user_id', '=', req.userId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (first.request_hash !== hash) throw idempotencyErrors.reused();
    // The first answer is stored in the transaction that inserted the key, so a committed row has it.
    if (first.status === null) throw idempotencyErrors.inProgress();
    return { status: first.status, body: first.response as T };
  });
}
