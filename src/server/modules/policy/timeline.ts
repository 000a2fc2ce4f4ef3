// The timeline of a proposal and its policy (policy_event): every transition, decision, receipt
// and servicing item, with who and when. Written in the same transaction as the change.
import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
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

/** A timeline row as read: by timelineOf, or inside another statement's JSON (timelineJson). */
interface TimelineRow {
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

function toEntries(rows: TimelineRow[], lang: 'zh' | 'en'): TimelineEntry[] {
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
  return toEntries(rows, lang);
}

/** The timeline as a JSON column of another statement (one round trip for a whole detail); read it with timelineFromJson. */
export function timelineJson(proposalId: Expression<string>): RawBuilder<unknown> {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'action', e.action, 'from_state', e.from_state, 'to_state', e.to_state, 'at', e.at, 'note', e.note,
      'details', e.details, 'user_id', u.id, 'username', u.username, 'name', u.name) order by e.at, e.id), '[]'::jsonb)
    from policy_event e left join app_user u on u.id = e.actor_id where e.proposal_id = ${proposalId})`;
}

export const timelineFromJson = (json: unknown, lang: 'zh' | 'en'): TimelineEntry[] => toEntries(json as TimelineRow[], lang);
