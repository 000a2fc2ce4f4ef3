// Background work of a serving process: the outbox dispatcher and the job queue, plus the
// housekeeping jobs of the platform itself.
import type { Database } from '../db/database';
import type { Clock } from './clock';
import { JobQueue } from './jobs';
import { OutboxDispatcher } from './outbox';

export interface Workers {
  outbox: OutboxDispatcher;
  jobs: JobQueue;
  /** Settles once every scheduled job has its next run queued. */
  scheduled: Promise<void>;
  stop(): Promise<void>;
}

/**
 * A recurring job (the platform's session sweep; a module's, e.g. the policy daily run, given to
 * startWorkers by main.ts so the platform imports no module): one queued run at a time, each run
 * queueing the next.
 */
export interface ScheduledJob {
  queue: string;
  /** When the run after `now` is due. */
  nextRunAt(now: Date): Date;
  /** When the first run is due if none is queued (default: nextRunAt). */
  firstRunAt?(now: Date): Date;
  run(): Promise<void>;
}

const SESSION_SWEEP_MS = 15 * 60_000;

export function startWorkers(db: Database, clock: Clock, onError: (msg: string, err: unknown) => void, scheduledJobs: readonly ScheduledJob[] = []): Workers {
  const outbox = new OutboxDispatcher(db, clock, (err, ev, sub) => onError(`outbox delivery of ${ev.type} to ${sub} failed`, err));
  const jobs = new JobQueue(db, clock, (err, job) => onError(`job ${job.queue} failed`, err));

  // Ends sessions that expired without a request (closed browsers), so the session list is true.
  const sessionSweep: ScheduledJob = {
    queue: 'platform.session-sweep',
    firstRunAt: (now) => now,
    nextRunAt: (now) => new Date(now.getTime() + SESSION_SWEEP_MS),
    async run() {
      const now = clock.now();
      await db.updateTable('session').set({ ended_at: now, end_reason: 'EXPIRED' }).where('ended_at', 'is', null).where('expires_at', '<=', now).execute();
    },
  };
  const schedule = [sessionSweep, ...scheduledJobs];

  // Scheduled jobs queue their next run even when this one fails (the failed run is retried by the
  // queue on its own backoff), so a bad night does not stop the schedule.
  const queued = (queue: string, except?: string) =>
    db.selectFrom('job').select('id').where('queue', '=', queue).where('status', 'in', ['QUEUED', 'RUNNING']).$if(!!except, (q) => q.where('id', '<>', except!)).executeTakeFirst();
  for (const s of schedule) {
    jobs.work(s.queue, async (job) => {
      try {
        await s.run();
      } finally {
        if (!(await queued(s.queue, job.id))) await jobs.enqueue(db, s.queue, {}, { runAt: s.nextRunAt(clock.now()) });
      }
    });
  }
  const scheduled = Promise.all(
    schedule.map(async (s) => {
      if (!(await queued(s.queue))) await jobs.enqueue(db, s.queue, {}, { runAt: (s.firstRunAt ?? s.nextRunAt)(clock.now()) });
    }),
  )
    .then(() => undefined)
    .catch((e) => onError('scheduling module jobs failed', e));

  outbox.start();
  jobs.start();
  return {
    outbox,
    jobs,
    scheduled,
    async stop() {
      await outbox.stop();
      await jobs.stop();
    },
  };
}
