import { describe, expect, it } from 'vitest';
import { shanghaiDate } from './clock';
import { shanghaiDateTime } from './excel';

describe('Asia/Shanghai business dates', () => {
  it('turns an instant into the date in Beijing time, across midnight', () => {
    expect(shanghaiDate(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
    expect(shanghaiDate(new Date('2026-11-24T16:00:00Z'))).toBe('2026-11-25');
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('agrees with the time-zone database for a year of hours', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000 * 7) expect(shanghaiDate(new Date(t))).toBe(intl.format(new Date(t)));
  });

  it('writes wall-clock times for documents', () => {
    expect(shanghaiDateTime('2026-11-24T16:30:05.123Z')).toBe('2026-11-25 00:30:05');
  });
});
