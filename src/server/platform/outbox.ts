// Transactional outbox. A business transaction writes its domain events with publishEvent(trx,…);
// after commit the dispatcher hands them to in-process subscribers, at least once, retrying with
// backoff. Each subscriber's success is recorded, so a retry only calls those that failed.
// Nothing is lost if the process dies between commit and delivery: the rows wait in the table.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types';
import type { Clock } from './clock';
import { uuidv7 } from './ids';

export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  seq: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: P;
  occurredAt: Date;
}

export interface NewEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

export async function publishEvent(trx: Transaction<DB>, event: NewEvent, at: Date): Promise<string> {
  const id = uuidv7(at.getTime());
  await trx
    .insertInto('domain_event')
    .values({
      id,
      type: event.type,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.payload),
      occurred_at: at,
      next_attempt_at: at,
      delivered_at: null,
      last_error: null,
    })
    .execute();
  return id;
}

type Handler = (event: DomainEvent) => Promise<void>;

interface Subscription {
  name: string;
  types: '*' | ReadonlySet<string>;
  handler: Handler;
}

export class OutboxDispatcher {
  private readonly subs: Subscription[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private again = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly onError: (err: unknown, event: DomainEvent, subscriber: string) => void = () => {},
  ) {}

  /** `name` must be stable: deliveries are recorded under it. */
  subscribe(name: string, types: '*' | string[], handler: Handler): void {
    this.subs.push({ name, types: types === '*' ? '*' : new Set(types), handler });
  }

  start(pollMs = 1000): void {
    this.timer ??= setInterval(() => this.kick(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Deliver now (called after a commit that published events). Coalesces concurrent calls. */
  kick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.deliverPending().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.running;
  }

  /** One pass over due events; returns how many were fully delivered. */
  async deliverPending(limit = 100): Promise<number> {
    if (this.subs.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const rows = await trx
        .selectFrom('domain_event')
        .selectAll()
        .where('delivered_at', 'is', null)
        .where('next_attempt_at', '<=', now)
        .orderBy('seq')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      let delivered = 0;
      for (const row of rows) {
        const event: DomainEvent = {
          id: row.id,
          seq: row.seq,
          type: row.type,
          aggregateType: row.aggregate_type,
          aggregateId: row.aggregate_id,
          payload: row.payload as Record<string, unknown>,
          occurredAt: row.occurred_at,
        };
        const done = new Set(
          (await trx.selectFrom('domain_event_delivery').select('subscriber').where('event_id', '=', row.id).execute()).map((d) => d.subscriber),
        );
        let failure: string | undefined;
        for (const sub of this.subs) {
          if (done.has(sub.name) || (sub.types !== '*' && !sub.types.has(row.type))) continue;
          try {
            await sub.handler(event);
            await trx.insertInto('domain_event_delivery').values({ event_id: row.id, subscriber: sub.name, delivered_at: this.clock.now() }).execute();
          } catch (err) {
            failure = `${sub.name}: ${(err as Error).message ?? String(err)}`;
            this.onError(err, event, sub.name);
          }
        }
        if (failure === undefined) {
          await trx.updateTable('domain_event').set({ delivered_at: this.clock.now() }).where('id', '=', row.id).execute();
          delivered++;
        } else {
          const attempts = row.attempts + 1;
          const backoffMs = Math.min(60 * 60_000, 1000 * 2 ** Math.min(attempts, 12));
          await trx
            .updateTable('domain_event')
            .set({ attempts, last_error: failure.slice(0, 2000), next_attempt_at: new Date(now.getTime() + backoffMs) })
            .where('id', '=', row.id)
            .execute();
        }
      }
      return delivered;
    });
  }
}
