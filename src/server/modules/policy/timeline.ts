// The timeline of a proposal and its policy (policy_event): every transition, decision, receipt
// and servicing item, with who and when. Written in the same transaction as the change.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/types';
import { uuidv7 } from '../../platform/ids';
import type { TimelineEntry } from '../../../contracts/policy';
import { ENDORSEMENT_ITEMS, POLICY_ACTIONS, PROPOSAL_ACTIONS } from '../../../contracts/policy';

export interface NewTimelineEntry {
  proposalId: string;
  policyId?: string | null;
  /** A proposal or policy action ('submit', 'issue', 'surrender'…), 'create', 'update', or 'endorsement.<ITEM>'. */
  action: string;
  fromState?: string | null;
  toState?: string | null;
  /** null: the system (automatic underwriting, daily jobs). */
  actorId: string | null;
  note?: string | null;
  details?: Record<string, unknown>;
}

export async function recordEvent(trx: Transaction<DB>, e: NewTimelineEntry, at: Date): Promise<void> {
  await trx
    .insertInto('policy_event')
    .values({
      id: uuidv7(at.getTime()),
      proposal_id: e.proposalId,
      policy_id: e.policyId ?? null,
      action: e.action,
      from_state: e.fromState ?? null,
      to_state: e.toState ?? null,
      actor_id: e.actorId,
      at,
      note: e.note ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
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
  const rows = await db
    .selectFrom('policy_event as e')
    .leftJoin('app_user as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.action', 'e.from_state', 'e.to_state', 'e.at', 'e.note', 'e.details', 'u.id as user_id', 'u.username', 'u.name'])
    .where('e.proposal_id', '=', proposalId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    label: actionLabel(r.action, lang),
    fromState: r.from_state,
    toState: r.to_state,
    actor: r.user_id ? { id: r.user_id, username: r.username!, name: r.name! } : null,
    at: new Date(r.at).toISOString(),
    note: r.note,
    details: (r.details ?? {}) as Record<string, unknown>,
  }));
}
