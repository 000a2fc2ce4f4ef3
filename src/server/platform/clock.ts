// Time comes from an injected clock so tests can move it (session expiry, lockout windows).
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class TestClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(d: Date): void {
    this.current = new Date(d.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Asia/Shanghai is UTC+08:00 all year (China has had no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * HOUR;

/**
 * The business calendar date (YYYY-MM-DD) in Asia/Shanghai for an instant. Plain arithmetic on the
 * fixed offset: it sits on hot paths (every identity check), where an Intl formatter costs ~50 µs.
 */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
