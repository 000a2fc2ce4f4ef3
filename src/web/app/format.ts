const TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An ISO instant as `YYYY-MM-DD HH:mm:ss` in Beijing time; '' for empty, the input for unparseable text. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts: Record<string, string> = {};
  for (const part of dateTimeFormat.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The hour of the day in Beijing time (for greetings). */
export function shanghaiHour(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(now));
}

/**
 * A wall-clock time picked in the UI (which shows Beijing time) as an ISO instant:
 * `2026-01-02T03:04:05` → `2026-01-02T03:04:05+08:00`.
 */
export function shanghaiWallTimeToIso(wallTime: string): string {
  return `${wallTime}+08:00`;
}

/** "180000.00" → "180,000.00": thousands separators on a decimal string, without going through a float. */
export function formatAmount(value: string): string {
  const [int, frac] = value.split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac !== undefined ? `.${frac}` : ''}`;
}
