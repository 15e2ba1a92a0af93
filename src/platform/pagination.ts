/** Keyset pagination: an opaque cursor holds the last row's sort value and id. Never OFFSET. */
import { z } from 'zod';
import { ValidationError } from './errors.ts';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Cursor {
  value: string;
  id: string;
}

export const limitSchema = z.coerce.number().int().min(1).max(500).default(50);
export const cursorSchema = z.string().max(1000).optional();

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Exactly what `toISOString` wrote, in years both databases read (Date.parse also takes "1" or "0"). */
const isIssuedTimestamp = (value: string) =>
  value >= '0001' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;

/**
 * `valueKind` says what the sort value must be, so a tampered cursor is a 400, not a database error
 * (PostgreSQL text cannot hold U+0000 either).
 */
export function decodeCursor(
  raw: string | undefined,
  valueKind: 'text' | 'timestamp' = 'text',
): Cursor | null {
  if (raw === undefined || raw === '') return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      UUID.test(parsed[1]) &&
      !parsed[0].includes('\u0000') &&
      (valueKind === 'text' || isIssuedTimestamp(parsed[0]))
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through
  }
  throw new ValidationError('The cursor is invalid: pass back the nextCursor of a previous page.', [
    { path: 'querystring.cursor', message: 'is not a cursor this API issued' },
  ]);
}

/** Fetch limit + 1 rows; the extra one only tells whether there is a next page. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  cursorOf: (row: R) => Cursor,
  map: (row: R) => T,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { data: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}

/** Escapes LIKE wildcards in user-typed search text. */
export function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
