// The timeline of a proposal and its policy (policy_event): every transition, decision, receipt
// and servicing item, with who and when. Written in the same transaction as the change.
import type { Expression, Kysely, RawBuilder, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { timelineColumns, timelineJson as timelineJsonOf, timelineRows, toTimelineEntries, type NewTimelineEvent, type TimelineRow } from '../../platform/timeline';
import type { TimelineEntry } from '../../../contracts/policy';
import { ENDORSEMENT_ITEMS, POLICY_ACTIONS, PROPOSAL_ACTIONS } from '../../../contracts/policy';

/** `action`: a proposal or policy action ('submit', 'issue', 'surrender'…), 'create', 'update', or 'endorsement.<ITEM>'. */
export interface NewTimelineEntry extends NewTimelineEvent {
  proposalId: string;
  policyId?: string | null;
}

export function recordEvent(trx: Transaction<DB>, e: NewTimelineEntry, at: Date): Promise<void> {
  return recordEvents(trx, [e], at);
}

/** Several entries of one transaction in one insert, in the order given. */
export async function recordEvents(trx: Transaction<DB>, entries: NewTimelineEntry[], at: Date): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('policy_event')
    .values(
      entries.map((e) => ({
        ...timelineColumns(e, at),
        proposal_id: e.proposalId,
        policy_id: e.policyId ?? null,
      })),
    )
    .execute();
}

const OTHER_ACTIONS: Record<string, { zh: string; en: string }> = {
  create: { zh: '编号登记', en: 'Registered' },
  update: { zh: '单据录入', en: 'Entered' },
  'auto-underwrite': { zh: '自动核保', en: 'Automatic underwriting' },
  renewal: { zh: '生成续保投保单', en: 'Renewal proposal created' },
  reissue: { zh: '保单补发', en: 'Policy reissued' },
  'claim-record': { zh: '登记出险记录', en: 'Claim recorded' },
};

export function actionLabel(action: string, lang: 'zh' | 'en'): string {
  if (action.startsWith('endorsement.')) {
    const item = ENDORSEMENT_ITEMS[action.slice('endorsement.'.length) as keyof typeof ENDORSEMENT_ITEMS];
    if (item) return `${lang === 'zh' ? '保全：' : 'Servicing: '}${item[lang]}`;
  }
  const l = (PROPOSAL_ACTIONS as Record<string, { zh: string; en: string }>)[action] ?? (POLICY_ACTIONS as Record<string, { zh: string; en: string }>)[action] ?? OTHER_ACTIONS[action];
  return l ? l[lang] : action;
}

/** The whole timeline of a proposal (and its policy), oldest first. */
export async function timelineOf(db: Kysely<DB> | Transaction<DB>, proposalId: string, lang: 'zh' | 'en'): Promise<TimelineEntry[]> {
  return toTimelineEntries(await timelineRows(db, 'policy_event', 'proposal_id', proposalId), (a) => actionLabel(a, lang));
}

/** The timeline as a JSON column of another statement (one round trip for a whole detail); read it with timelineFromJson. */
export const timelineJson = (proposalId: Expression<string>): RawBuilder<unknown> => timelineJsonOf('policy_event', 'proposal_id', proposalId);

export const timelineFromJson = (json: unknown, lang: 'zh' | 'en'): TimelineEntry[] => toTimelineEntries(json as TimelineRow[], (a) => actionLabel(a, lang));
