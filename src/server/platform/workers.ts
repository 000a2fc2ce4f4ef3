// Background work of a serving process: the outbox dispatcher and the job queue, plus the
// housekeeping jobs of the platform itself.
import type { Database } from '../db/database';
import type { Clock } from './clock';
import { JobQueue } from './jobs';
import { OutboxDispatcher } from './outbox';

export interface Workers {
  outbox: OutboxDispatcher;
  jobs: JobQueue;
  stop(): Promise<void>;
}

const SESSION_SWEEP_MS = 15 * 60_000;

export function startWorkers(db: Database, clock: Clock, onError: (msg: string, err: unknown) => void): Workers {
  const outbox = new OutboxDispatcher(db, clock, (err, ev, sub) => onError(`outbox delivery of ${ev.type} to ${sub} failed`, err));
  const jobs = new JobQueue(db, clock, (err, job) => onError(`job ${job.queue} failed`, err));

  // Ends sessions that expired without a request (closed browsers), so the session list is true.
  jobs.work('platform.session-sweep', async () => {
    const now = clock.now();
    await db.updateTable('session').set({ ended_at: now, end_reason: 'EXPIRED' }).where('ended_at', 'is', null).where('expires_at', '<=', now).execute();
    await jobs.enqueue(db, 'platform.session-sweep', {}, { runAt: new Date(now.getTime() + SESSION_SWEEP_MS) });
  });
  void (async () => {
    const queued = await db.selectFrom('job').select('id').where('queue', '=', 'platform.session-sweep').where('status', 'in', ['QUEUED', 'RUNNING']).executeTakeFirst();
    if (!queued) await jobs.enqueue(db, 'platform.session-sweep', {});
  })().catch((e) => onError('scheduling session sweep failed', e));

  outbox.start();
  jobs.start();
  return {
    outbox,
    jobs,
    async stop() {
      await outbox.stop();
      await jobs.stop();
    },
  };
}
