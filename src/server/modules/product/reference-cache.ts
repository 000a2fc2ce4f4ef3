// The caching policy of rating reference data, shared by the rating engines: the built reference is
// kept in memory; a cheap "which versions are in force" query runs at most once per recheck
// interval, and the full reload happens only when that answer (the key) changes. Concurrent
// requests after expiry share one refresh.
import type { Clock } from '../../platform/clock';

export interface ReferenceStore<R> {
  /** The reference in force now; served from memory between rechecks. */
  get(): Promise<R>;
  /** Forces a version check on the next get() (call after writing reference data). */
  invalidate(): void;
}

export function createReferenceStore<V, R>(
  clock: Clock,
  opts: {
    /** The versions in force now, or null when some piece is not configured (load is then skipped). */
    versions: (now: Date) => Promise<V | null>;
    key: (v: V) => string;
    load: (v: V) => Promise<R>;
    notConfigured: () => Error;
    recheckMs?: number;
  },
): ReferenceStore<R> {
  const recheckMs = opts.recheckMs ?? 60_000;
  let cached: { key: string; ref: R; checkedAt: number } | undefined;
  let refreshing: Promise<R> | undefined;

  async function refresh(): Promise<R> {
    const now = clock.now();
    const v = await opts.versions(now);
    if (v === null) throw opts.notConfigured();
    const key = opts.key(v);
    if (cached?.key === key) {
      cached.checkedAt = now.getTime();
      return cached.ref;
    }
    const ref = await opts.load(v);
    cached = { key, ref, checkedAt: now.getTime() };
    return ref;
  }

  return {
    get() {
      if (cached && clock.now().getTime() - cached.checkedAt < recheckMs) return Promise.resolve(cached.ref);
      refreshing ??= refresh().finally(() => (refreshing = undefined));
      return refreshing;
    },
    invalidate() {
      if (cached) cached.checkedAt = -Infinity;
    },
  };
}
