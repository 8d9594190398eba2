import { base64ToBytes, bytesToBase64 } from './base64.js';
import { invalidInput } from './errors.js';
import { describeValue } from './field-kinds.js';

/** A keyset pagination cursor: the sort value and id of the last row of a page. */
export interface PaginationCursor {
  /** Sort value of the page's last row, as text (numbers too), compared after it on the next page. */
  readonly lastSortValue: string;
  /** Id of the last row returned (the tie-breaker). */
  readonly lastId: string;
}

/** One page of a keyset-paginated query. */
export interface PaginatedResult<T> {
  /** The rows of this page. */
  readonly items: readonly T[];
  /** Rows matching the query in all pages. */
  readonly total: number;
  /** True when rows remain after this page; then `nextCursor` is not null. */
  readonly hasMore: boolean;
  /** The cursor of the next page, when there is one. */
  readonly nextCursor: string | null;
}

/** A page with no rows: `total` 0, `hasMore` false, `nextCursor` null (a new object each call). */
export function emptyPage<T>(): PaginatedResult<T> {
  return { items: [], total: 0, hasMore: false, nextCursor: null };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** Encodes a cursor as opaque base64 JSON, the reference's format. */
export function encodeCursor(cursor: PaginationCursor): string {
  return bytesToBase64(
    encoder.encode(JSON.stringify({ last_sort_value: cursor.lastSortValue, last_id: cursor.lastId })),
  );
}

/**
 * Decodes a cursor made by {@link encodeCursor}; throws `INVALID_INPUT` for anything else, naming
 * `operation` (the method the caller called) and quoting at most a short excerpt of the value.
 */
export function decodeCursor(encoded: string, operation = 'decodeCursor'): PaginationCursor {
  const bad = () =>
    invalidInput(
      `${operation}: cursor must be a nextCursor of an earlier page (an invalid pagination cursor), got ${describeValue(encoded)}`,
      { operation, field: 'cursor' },
    );
  const bytes = typeof encoded === 'string' ? base64ToBytes(encoded) : null;
  if (!bytes) throw bad();
  try {
    const parsed: unknown = JSON.parse(decoder.decode(bytes));
    const { last_sort_value: lastSortValue, last_id: lastId } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof lastSortValue === 'string' && typeof lastId === 'string') return { lastSortValue, lastId };
  } catch {
    // fall through to the INVALID_INPUT below
  }
  throw bad();
}
