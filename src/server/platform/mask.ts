// Personal data masked for display. One helper for every list in every module.
// Resident ID: first 3 + last 4; mobile: 3 + 4; bank card: 6 + 4. Revealing needs pii:reveal
// and writes an audit event (see the module that serves the value).

export type PiiKind = 'resident_id' | 'mobile' | 'bank_card' | 'email' | 'name';

function keep(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

export function mask(kind: PiiKind, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  const v = value.replace(/\s+/g, '');
  switch (kind) {
    case 'resident_id':
      return keep(v, 3, 4);
    case 'mobile':
      return keep(v, 3, 4);
    case 'bank_card':
      return keep(v, 6, 4);
    case 'email': {
      const at = v.indexOf('@');
      if (at <= 0) return keep(v, 1, 0);
      return `${v[0]}***${v.slice(at)}`;
    }
    case 'name':
      // 张三 → 张*, 欧阳娜娜 → 欧***
      return [...v][0] + '*'.repeat(Math.max(1, [...v].length - 1));
  }
}

/** Mask the personal fields of an object for the audit log's before/after snapshots. */
export function maskRecord<T extends Record<string, unknown>>(record: T, fields: Partial<Record<keyof T, PiiKind>>): T {
  const out: Record<string, unknown> = { ...record };
  for (const [field, kind] of Object.entries(fields) as [string, PiiKind][]) {
    if (typeof out[field] === 'string') out[field] = mask(kind, out[field] as string);
  }
  return out as T;
}
