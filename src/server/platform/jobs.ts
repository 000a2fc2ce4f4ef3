// A PostgreSQL-backed job queue: jobs survive restarts, several processes can work the same queue
// (FOR UPDATE SKIP LOCKED), failures retry with backoff up to max_attempts, and jobs left RUNNING
// by a dead process are picked up again after `staleAfterMs`.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/types';
import type { Clock } from './clock';
import { uuidv7 } from './ids';

export interface Job<P = Record<string, unknown>> {
  id: string;
  queue: string;
  payload: P;
  attempts: number;
}

type Handler = (job: Job) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
}

export class JobQueue {
  private readonly handlers = new Map<string, Handler>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly onError: (err: unknown, job: Job) => void = () => {},
    private readonly staleAfterMs = 10 * 60_000,
  ) {}

  /** Enqueue inside a business transaction (or on the plain database). */
  async enqueue(executor: Kysely<DB> | Transaction<DB>, queue: string, payload: Record<string, unknown>, opts: EnqueueOptions = {}): Promise<string> {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    await executor
      .insertInto('job')
      .values({
        id,
        queue,
        payload: JSON.stringify(payload),
        status: 'QUEUED',
        run_at: opts.runAt ?? now,
        max_attempts: opts.maxAttempts ?? 5,
        locked_at: null,
        last_error: null,
        created_at: now,
        finished_at: null,
      })
      .execute();
    return id;
  }

  work(queue: string, handler: Handler): void {
    this.handlers.set(queue, handler);
  }

  start(pollMs = 1000): void {
    this.timer ??= setInterval(() => void this.runDue(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs every due job of the registered queues, one at a time; returns how many ran. */
  runDue(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    const queues = [...this.handlers.keys()];
    if (queues.length === 0) return 0;
    const now = this.clock.now();
    await this.db
      .updateTable('job')
      .set({ status: 'QUEUED', locked_at: null })
      .where('status', '=', 'RUNNING')
      .where('locked_at', '<', new Date(now.getTime() - this.staleAfterMs))
      .execute();
    let ran = 0;
    for (;;) {
      const job = await this.claim(queues);
      if (!job) return ran;
      ran++;
      const handler = this.handlers.get(job.queue)!;
      try {
        await handler({ id: job.id, queue: job.queue, payload: job.payload as Record<string, unknown>, attempts: job.attempts });
        await this.db.updateTable('job').set({ status: 'DONE', finished_at: this.clock.now(), locked_at: null }).where('id', '=', job.id).execute();
      } catch (err) {
        this.onError(err, { id: job.id, queue: job.queue, payload: job.payload as Record<string, unknown>, attempts: job.attempts });
        const failed = job.attempts >= job.max_attempts;
        const backoffMs = Math.min(60 * 60_000, 5000 * 2 ** job.attempts);
        await this.db
          .updateTable('job')
          .set({
            status: failed ? 'FAILED' : 'QUEUED',
            last_error: String((err as Error).message ?? err).slice(0, 2000),
            locked_at: null,
            run_at: new Date(this.clock.now().getTime() + backoffMs),
            finished_at: failed ? this.clock.now() : null,
          })
          .where('id', '=', job.id)
          .execute();
      }
    }
  }

  private async claim(queues: string[]) {
    const now = this.clock.now();
    const r = await sql<{ id: string; queue: string; payload: unknown; attempts: number; max_attempts: number }>`
      update job set status = 'RUNNING', locked_at = ${now}, attempts = attempts + 1
      where id = (
        select id from job
        where status = 'QUEUED' and queue = any(${queues}) and run_at <= ${now}
        order by run_at
        for update skip locked
        limit 1
      )
      returning id, queue, payload, attempts, max_attempts`.execute(this.db);
    return r.rows[0];
  }
}
