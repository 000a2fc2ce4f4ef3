// Tamper-evident audit log. Each event is written in the transaction of the change it records.
// Rows are append-only (a trigger rejects UPDATE/DELETE/TRUNCATE) and hash-chained:
//   hash = SHA-256(prev_hash || '\n' || canonical JSON of the row's content, seq included)
// Writers serialize on the single audit_head row (SELECT … FOR UPDATE), which also holds the last
// seq and hash, so seq is gapless and a deleted tail is detected as well as a deleted middle row.
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types';
import { uuidv7 } from './ids';

export interface AuditActor {
  userId: string | null;
  username: string | null;
  orgId: string | null;
  /** Role codes, comma separated. */
  roles: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  objectType?: string | null;
  objectId?: string | null;
  outcome?: 'SUCCESS' | 'FAILURE' | 'DENIED';
  /** Snapshots must already have personal data masked (platform/mask.ts). */
  before?: unknown;
  after?: unknown;
  details?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface AuditRowContent {
  seq: string;
  id: string;
  occurredAt: Date;
  userId: string | null;
  username: string | null;
  orgId: string | null;
  roles: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
  details: unknown;
}

export function auditHash(prevHash: string, row: AuditRowContent): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${canonicalJson(row)}`).digest('hex');
}

/** Normalises a snapshot the way jsonb will store it (drops undefined, Dates → ISO strings). */
function jsonValue(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Appends one event. Pass the business transaction so the event commits or rolls back with the
 * change; given the plain database it opens its own transaction.
 */
export async function writeAudit(executor: Executor, actor: AuditActor, entry: AuditEntry, at: Date): Promise<void> {
  if (!executor.isTransaction) {
    await (executor as Kysely<DB>).transaction().execute((trx) => writeAudit(trx, actor, entry, at));
    return;
  }
  const trx = executor as Transaction<DB>;
  const head = await trx.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).forUpdate().executeTakeFirstOrThrow();
  const row: AuditRowContent = {
    seq: (BigInt(head.last_seq) + 1n).toString(),
    id: uuidv7(at.getTime()),
    occurredAt: at,
    userId: actor.userId,
    username: actor.username,
    orgId: actor.orgId,
    roles: actor.roles,
    ip: actor.ip,
    requestId: actor.requestId,
    action: entry.action,
    objectType: entry.objectType ?? null,
    objectId: entry.objectId ?? null,
    outcome: entry.outcome ?? 'SUCCESS',
    before: jsonValue(entry.before),
    after: jsonValue(entry.after),
    details: jsonValue(entry.details),
  };
  const hash = auditHash(head.last_hash, row);
  await trx
    .insertInto('audit_event')
    .values({
      seq: row.seq,
      id: row.id,
      occurred_at: row.occurredAt,
      user_id: row.userId,
      username: row.username,
      org_id: row.orgId,
      roles: row.roles,
      ip: row.ip,
      request_id: row.requestId,
      action: row.action,
      object_type: row.objectType,
      object_id: row.objectId,
      outcome: row.outcome,
      before: JSON.stringify(row.before),
      after: JSON.stringify(row.after),
      details: JSON.stringify(row.details),
      prev_hash: head.last_hash,
      hash,
    } as never)
    .execute();
  await trx.updateTable('audit_head').set({ last_seq: row.seq, last_hash: hash }).where('id', '=', 1).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq: string | null;
  problem: string | null;
}

/**
 * Walks the whole chain in seq order (keyset batches, constant memory) and names the first row
 * that was altered, deleted (a gap, or a broken link) or inserted out of band.
 */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1n;
  let checked = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>=', expectedSeq.toString())
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const r of rows) {
      const seq = BigInt(r.seq);
      if (seq !== expectedSeq) {
        return bad(checked, expectedSeq.toString(), `第 ${expectedSeq} 条缺失（记录被删除） / row ${expectedSeq} missing (deleted)`);
      }
      if (r.prev_hash !== prevHash) {
        return bad(checked, r.seq, `第 ${r.seq} 条的前序哈希与链不符（前一条被删除或插入） / row ${r.seq} does not link to its predecessor`);
      }
      const content: AuditRowContent = {
        seq: r.seq,
        id: r.id,
        occurredAt: r.occurred_at,
        userId: r.user_id,
        username: r.username,
        orgId: r.org_id,
        roles: r.roles,
        ip: r.ip,
        requestId: r.request_id,
        action: r.action,
        objectType: r.object_type,
        objectId: r.object_id,
        outcome: r.outcome,
        before: r.before,
        after: r.after,
        details: r.details,
      };
      if (auditHash(prevHash, content) !== r.hash) {
        return bad(checked, r.seq, `第 ${r.seq} 条内容与哈希不符（记录被篡改或伪造） / row ${r.seq} content does not match its hash`);
      }
      prevHash = r.hash;
      expectedSeq = seq + 1n;
      checked++;
    }
    if (rows.length < batchSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirst();
  if (!head || BigInt(head.last_seq) !== expectedSeq - 1n || head.last_hash !== prevHash) {
    return bad(checked, (expectedSeq).toString(), `日志链末尾与链头记录不符（末尾记录被删除） / chain end does not match the head record (tail deleted)`);
  }
  return { ok: true, checked, firstBadSeq: null, problem: null };
}

function bad(checked: number, seq: string, problem: string): VerifyResult {
  return { ok: false, checked, firstBadSeq: seq, problem };
}
