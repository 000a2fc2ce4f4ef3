// Keyset (cursor) paging for large lists: the next page starts after the last row seen, by
// (sort column, id), so page 5,000 costs what page 1 costs. The cursor is opaque to clients.
import { sql, type Expression, type SqlBool } from 'kysely';
import { AppError } from './errors';

export interface Cursor {
  /** The sort column's value in the last row (ISO string for timestamps). */
  v: string | number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  try {
    const [v, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((typeof v === 'string' || typeof v === 'number') && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { v, id };
  } catch {
    /* fall through */
  }
  throw new AppError('invalid', 'VALIDATION_FAILED', { zh: '翻页游标：格式不正确，请从第一页重新查询', en: 'cursor: malformed; start again from the first page' }, { field: 'cursor' });
}

/**
 * Rows strictly after the cursor in the order `column dir, id dir` (both the same direction, so a
 * row comparison serves and the (column, id) index is used).
 */
export function afterCursor(column: Expression<unknown>, id: Expression<unknown>, dir: 'asc' | 'desc', cursor: Cursor): Expression<SqlBool> {
  return dir === 'asc' ? sql<SqlBool>`(${column}, ${id}) > (${cursor.v}, ${cursor.id})` : sql<SqlBool>`(${column}, ${id}) < (${cursor.v}, ${cursor.id})`;
}
