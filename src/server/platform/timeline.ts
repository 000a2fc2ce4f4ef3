// Reading a module's timeline table (policy_event, claim_event): every change with who and when,
// oldest first. Both tables share the columns read here; each module labels its own actions.
import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '../db/types';
import { uuidv7 } from './ids';

export type TimelineTable = 'policy_event' | 'claim_event';
/** The column naming what the timeline is of. */
export type TimelineKey = 'proposal_id' | 'claim_id';

/** What every timeline entry records; each module adds the column naming what it is of. */
export interface NewTimelineEvent {
  action: string;
  fromState?: string | null;
  toState?: string | null;
  /** null: the system (automatic underwriting, daily jobs, sampling). */
  actorId: string | null;
  note?: string | null;
  details?: Record<string, unknown>;
}

/** The shared columns of a new timeline row (id in time order, JSON details). */
export const timelineColumns = (e: NewTimelineEvent, at: Date) => ({
  id: uuidv7(at.getTime()),
  action: e.action,
  from_state: e.fromState ?? null,
  to_state: e.toState ?? null,
  actor_id: e.actorId,
  at,
  note: e.note ?? null,
  details: JSON.stringify(e.details ?? {}),
});

export interface TimelineEntryOut {
  id: string;
  action: string;
  label: string;
  fromState: string | null;
  toState: string | null;
  actor: { id: string; username: string; name: string } | null;
  at: string;
  note: string | null;
  details: Record<string, unknown>;
}

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

export function toTimelineEntries(rows: TimelineRow[], label: (action: string) => string): TimelineEntryOut[] {
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    label: label(r.action),
    fromState: r.from_state,
    toState: r.to_state,
    actor: r.user_id ? { id: r.user_id, username: r.username!, name: r.name! } : null,
    at: new Date(r.at).toISOString(),
    note: r.note,
    details: (r.details ?? {}) as Record<string, unknown>,
  }));
}

/** The whole timeline, oldest first. */
export async function timelineRows(db: Kysely<DB> | Transaction<DB>, table: TimelineTable, key: TimelineKey, id: string): Promise<TimelineRow[]> {
  const r = await sql<TimelineRow>`select e.id, e.action, e.from_state, e.to_state, e.at, e.note, e.details, u.id as user_id, u.username, u.name
    from ${sql.table(table)} e left join app_user u on u.id = e.actor_id where ${sql.ref(`e.${key}`)} = ${id} order by e.at, e.id`.execute(db);
  return r.rows;
}

/** The timeline as a JSON column of another statement (a whole detail in one round trip); read it with toTimelineEntries. */
export function timelineJson(table: TimelineTable, key: TimelineKey, id: Expression<string>): RawBuilder<unknown> {
  return sql`(select coalesce(jsonb_agg(jsonb_build_object('id', e.id, 'action', e.action, 'from_state', e.from_state, 'to_state', e.to_state, 'at', e.at, 'note', e.note,
      'details', e.details, 'user_id', u.id, 'username', u.username, 'name', u.name) order by e.at, e.id), '[]'::jsonb)
    from ${sql.table(table)} e left join app_user u on u.id = e.actor_id where ${sql.ref(`e.${key}`)} = ${id})`;
}

export type { TimelineRow };
