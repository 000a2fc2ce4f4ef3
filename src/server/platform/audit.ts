// Tamper-evident audit log. Each event is written in the transaction of the change it records.
// Rows are append-only (a trigger rejects UPDATE/DELETE/TRUNCATE) and hash-chained:
//   hash = SHA-256(prev_hash || '\n' || canonical JSON of the row's content, seq included)
// There are several chains (audit_head has one row per chain, decision 0009): a writer takes a
// chain nobody holds (SELECT … FOR UPDATE SKIP LOCKED) and keeps it for its whole transaction, so
// audited writes no longer queue behind one lock. Within a chain, positions (chain_seq) are
// gapless and each row links to the previous one, and the head keeps the last position and hash:
// a row deleted in the middle or at the tail, altered, or inserted out of band is named.
// `seq` orders events across chains for reading; a rolled-back transaction may leave a gap in it.
import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
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
/** The chain each open transaction writes to: its events stay together, in order. */
const chainOfTransaction = new WeakMap<Transaction<DB>, number>();

interface Head {
  id: number;
  last_seq: string;
  last_hash: string;
  /** The next `count` values of audit_event_seq. */
  seqs: string[];
}

/** Locks the transaction's chain (a free one the first time) and draws the next `count` values of `seq`. */
async function lockChain(trx: Transaction<DB>, count: number): Promise<Head> {
  const held = chainOfTransaction.get(trx);
  const seqs = sql`array(select nextval('audit_event_seq')::text from generate_series(1, ${count}::int))`;
  const pick = (q: ReturnType<typeof sql<Head>>) => q.execute(trx).then((r) => r.rows[0]);
  const head =
    held !== undefined
      ? await pick(sql<Head>`select id, last_seq, last_hash, ${seqs} as seqs from audit_head where id = ${held} for update`)
      : ((await pick(sql<Head>`select id, last_seq, last_hash, ${seqs} as seqs from audit_head order by id limit 1 for update skip locked`)) ??
        // Every chain busy: wait for one, chosen at random so waiters spread out.
        (await pick(sql<Head>`select id, last_seq, last_hash, ${seqs} as seqs from audit_head order by random() limit 1 for update`)));
  if (!head) throw new Error('audit_head has no chains');
  chainOfTransaction.set(trx, head.id);
  return head;
}

/**
 * Appends one event. Pass the business transaction so the event commits or rolls back with the
 * change; given the plain database it opens its own transaction. Call it late in the transaction:
 * the chain stays locked until commit.
 */
export function writeAudit(executor: Executor, actor: AuditActor, entry: AuditEntry, at: Date): Promise<void> {
  return writeAudits(executor, actor, [entry], at);
}

/** Appends several events of one actor, in order, with one lock and one insert. */
export async function writeAudits(executor: Executor, actor: AuditActor, entries: AuditEntry[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  if (!executor.isTransaction) {
    await (executor as Kysely<DB>).transaction().execute((trx) => writeAudits(trx, actor, entries, at));
    return;
  }
  const trx = executor as Transaction<DB>;
  const head = await lockChain(trx, entries.length);
  let hash = head.last_hash;
  let chainSeq = BigInt(head.last_seq);
  const values = entries.map((entry, i) => {
    const row: AuditRowContent = {
      seq: head.seqs[i]!,
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
    const prev = hash;
    hash = auditHash(prev, row);
    chainSeq += 1n;
    return sql`(${row.seq}, ${row.id}, ${row.occurredAt}, ${row.userId}, ${row.username}, ${row.orgId}, ${row.roles}, ${row.ip}, ${row.requestId}, ${row.action}, ${row.objectType}, ${row.objectId}, ${row.outcome},
              ${JSON.stringify(row.before)}::jsonb, ${JSON.stringify(row.after)}::jsonb, ${JSON.stringify(row.details)}::jsonb, ${prev}, ${hash}, ${head.id}, ${chainSeq.toString()})`;
  });
  // One round trip while the chain is locked: the rows and the new head together.
  await sql`
    with appended as (
      insert into audit_event (seq, id, occurred_at, user_id, username, org_id, roles, ip, request_id, action, object_type, object_id, outcome, before, after, details, prev_hash, hash, chain, chain_seq)
      values ${sql.join(values)}
      returning chain
    )
    update audit_head set last_seq = ${chainSeq.toString()}, last_hash = ${hash} where id = (select chain from appended limit 1)`.execute(trx);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBadSeq: string | null;
  problem: string | null;
}

/**
 * Walks every chain in order (keyset batches, constant memory) and names the first row that was
 * altered, deleted (a gap in the chain's positions, a broken link, or a tail missing against the
 * head) or inserted out of band.
 */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 5000): Promise<VerifyResult> {
  const heads = await db.selectFrom('audit_head').select(['id', 'last_seq', 'last_hash']).orderBy('id').execute();
  const stray = await db.selectFrom('audit_event').select('seq').where('chain', 'not in', heads.map((h) => h.id)).limit(1).executeTakeFirst();
  if (stray) return bad(0, stray.seq, `第 ${stray.seq} 条不属于任何日志链（伪造） / row ${stray.seq} belongs to no chain (forged)`);
  let checked = 0;
  for (const head of heads) {
    let prevHash = GENESIS_HASH;
    let prevSeq: string | null = null;
    let expected = 1n;
    for (;;) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where('chain', '=', head.id)
        .where('chain_seq', '>=', expected.toString())
        .orderBy('chain_seq')
        .limit(batchSize)
        .execute();
      for (const r of rows) {
        if (BigInt(r.chain_seq) !== expected) {
          return bad(checked, r.seq, `第 ${r.seq} 条之前缺少记录（链 ${head.id} 第 ${expected} 位${prevSeq ? `，第 ${prevSeq} 条之后` : ''}被删除） / a row before seq ${r.seq} is missing (deleted)`);
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
        prevSeq = r.seq;
        expected += 1n;
        checked++;
      }
      if (rows.length < batchSize) break;
    }
    if (BigInt(head.last_seq) !== expected - 1n || head.last_hash !== prevHash) {
      return bad(checked, prevSeq ?? '0', `日志链 ${head.id} 末尾与链头记录不符（第 ${prevSeq ?? '—'} 条之后的记录被删除） / chain ${head.id} ends before its head record (tail deleted after seq ${prevSeq ?? '—'})`);
    }
  }
  return { ok: true, checked, firstBadSeq: null, problem: null };
}

function bad(checked: number, seq: string, problem: string): VerifyResult {
  return { ok: false, checked, firstBadSeq: seq, problem };
}
