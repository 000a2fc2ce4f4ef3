// The timeline of a claim (claim_event): every stage, task, reserve change, calculation, approval
// and payment, with who and when. Written in the same transaction as the change.
import type { Expression, Kysely, RawBuilder, Transaction } from 'kysely';
import { CLAIM_ACTIONS, type ClaimTimelineEntry } from '../../../contracts/claim';
import type { DB } from '../../db/types';
import { timelineColumns, timelineJson, timelineRows, toTimelineEntries, type NewTimelineEvent, type TimelineRow } from '../../platform/timeline';

/** `action`: a claim action ('register', 'approve'…) or an activity ('report', 'reserve', 'task.dispatch', 'payment.paid'…). */
export interface NewClaimEvent extends NewTimelineEvent {
  claimId: string;
}

/** Entries of one transaction in one insert, in the order given. */
export async function recordClaimEvents(trx: Transaction<DB>, entries: NewClaimEvent[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('claim_event')
    .values(
      entries.map((e) => ({
        ...timelineColumns(e, at),
        claim_id: e.claimId,
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

export async function claimTimelineOf(db: Kysely<DB> | Transaction<DB>, claimId: string, lang: 'zh' | 'en'): Promise<ClaimTimelineEntry[]> {
  return toTimelineEntries(await timelineRows(db, 'claim_event', 'claim_id', claimId), (a) => claimActionLabel(a, lang));
}

/** The timeline as a JSON column of another statement; read it with claimTimelineFromJson. */
export const claimTimelineJson = (claimId: Expression<string>): RawBuilder<unknown> => timelineJson('claim_event', 'claim_id', claimId);

export const claimTimelineFromJson = (json: unknown, lang: 'zh' | 'en'): ClaimTimelineEntry[] => toTimelineEntries(json as TimelineRow[], (a) => claimActionLabel(a, lang));
