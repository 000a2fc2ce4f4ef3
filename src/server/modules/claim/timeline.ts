// The timeline of a claim (claim_event): every stage, task, reserve change, calculation, approval
// and payment, with who and when. Written in the same transaction as the change.
import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { CLAIM_ACTIONS, type ClaimTimelineEntry } from '../../../contracts/claim';
import type { DB } from '../../db/types';
import { uuidv7 } from '../../platform/ids';

export interface NewClaimEvent {
  claimId: string;
  /** A claim action ('register', 'approve'…) or an activity ('report', 'reserve', 'task.dispatch', 'payment.paid'…). */
  action: string;
  fromState?: string | null;
  toState?: string | null;
  /** null: the system (sampling, jobs). */
  actorId: string | null;
  note?: string | null;
  details?: Record<string, unknown>;
}

/** Entries of one transaction in one insert, in the order given. */
export async function recordClaimEvents(trx: Transaction<DB>, entries: NewClaimEvent[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('claim_event')
    .values(
      entries.map((e) => ({
        id: uuidv7(at.getTime()),
        claim_id: e.claimId,
        action: e.action,
        from_state: e.fromState ?? null,
        to_state: e.toState ?? null,
        actor_id: e.actorId,
        at,
        note: e.note ?? null,
        details: JSON.stringify(e.details ?? {}),
      })),
    )
    .execute();
}

export const recordClaimEvent = (trx: Transaction<DB>, e: NewClaimEvent, at: Date) => recordClaimEvents(trx, [e], at);

const ACTIVITY_LABELS: Record<string, { zh: string; en: string }> = {
  report: { zh: '报案', en: 'Reported' },
  update: { zh: '修改报案信息', en: 'Details changed' },
  duplicate: { zh: '处理疑似重复报案', en: 'Possible duplicate resolved' },
  reserve: { zh: '估损调整', en: 'Reserve changed' },
  'task.dispatch': { zh: '调度任务', en: 'Task dispatched' },
  'task.reassign': { zh: '改派任务', en: 'Task reassigned' },
  'task.submit': { zh: '提交查勘定损结果', en: 'Task submitted' },
  'task.review': { zh: '审核查勘定损', en: 'Task reviewed' },
  'task.cancel': { zh: '撤销任务', en: 'Task cancelled' },
  'document.upload': { zh: '上传资料', en: 'Document uploaded' },
  calculate: { zh: '理算', en: 'Calculated' },
  'payment.create': { zh: '登记赔款支付', en: 'Payment created' },
  'payment.paid': { zh: '赔款已支付', en: 'Payment made' },
  'payment.cancel': { zh: '取消赔款支付', en: 'Payment cancelled' },
  'review.draw': { zh: '抽取质检', en: 'Drawn for review' },
  'review.complete': { zh: '完成质检', en: 'Review completed' },
};

export function claimActionLabel(action: string, lang: 'zh' | 'en'): string {
  const l = (CLAIM_ACTIONS as Record<string, { zh: string; en: string }>)[action] ?? ACTIVITY_LABELS[action];
  return l ? l[lang] : action;
}

interface EventRow {
  id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  at: Date | string;
  note: string | null;
  details: unknown;
  user_id: string | null;
  username: string | null;
  name: string | null;
}

const toEntries = (rows: EventRow[], lang: 'zh' | 'en'): ClaimTimelineEntry[] =>
  rows.map((r) => ({
    id: r.id,
    action: r.action,
    label: claimActionLabel(r.action, lang),
    fromState: r.from_state,
    toState: r.to_state,
    actor: r.user_id ? { id: r.user_id, username: r.username!, name: r.name! } : null,
    at: new Date(r.at).toISOString(),
    note: r.note,
    details: (r.details ?? {}) as Record<string, unknown>,
  }));

export async function claimTimelineOf(db: Kysely<DB> | Transaction<DB>, claimId: string, lang: 'zh' | 'en'): Promise<ClaimTimelineEntry[]> {
  const rows = await db
    .selectFrom('claim_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.from_state', 'e.to_state', 'e.at', 'e.note', 'e.details', 'u.id as user_id', 'u.username', 'u.name'])
    .where('e.claim_id', '=', claimId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return toEntries(rows, lang);
}

/** The timeline as a JSON column of another statement; read it with claimTimelineFromJson. */
export function claimTimelineJson(claimId: Expression<string>): RawBuilder<unknown> {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'action', e.action, 'from_state', e.from_state, 'to_state', e.to_state, 'at', e.at, 'note', e.note,
      'details', e.details, 'user_id', u.id, 'username', u.username, 'name', u.name) order by e.at, e.id), '[]'::jsonb)
    from claim_event e left join app_user u on u.id = e.actor_id where e.claim_id = ${claimId})`;
}

export const claimTimelineFromJson = (json: unknown, lang: 'zh' | 'en'): ClaimTimelineEntry[] => toEntries(json as EventRow[], lang);
