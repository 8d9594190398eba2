import { invalidInput, type StorageError } from '@drift/storage-traits';

// Argument checks shared by the bindings. Each names the function and the argument, and fails with
// `INVALID_INPUT` before anything is read or written.

/** Default page size of the paginated functions (the reference's 100). */
export const DEFAULT_PAGE_LIMIT = 100;
/** Largest accepted page size. */
export const MAX_PAGE_LIMIT = 10_000;

const U32_MAX = 0xffff_ffff;

/** Longest piece of a caller's string quoted in an error message; longer ones are cut and their length given. */
export const MAX_QUOTED_LENGTH = 120;

/**
 * `text` for an error message: as it is when short, else its first {@link MAX_QUOTED_LENGTH}
 * characters, an ellipsis and how long it was, so that a huge input is never echoed.
 */
export function quoteInput(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return text;
  // Do not cut a surrogate pair in half.
  let end = MAX_QUOTED_LENGTH;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/**
 * Describes a value for an error message, with the right article for its type: `undefined`, `null`,
 * `an array`, `an empty string`, `the string '…'` (cut when long), `the number 5`, `the boolean true`,
 * `the bigint 5n`, `a function`, `a symbol`, `an object`.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.length === 0 ? 'an empty string' : `the string '${quoteInput(value)}'`;
    case 'number':
      return `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'bigint':
      return `the bigint ${quoteInput(String(value))}n`;
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    default:
      return 'an object';
  }
}

/** `INVALID_INPUT` "<operation>: <field> must be <expectation>, got <value>". */
export function badArgument(
  operation: string,
  field: string,
  expectation: string,
  value: unknown,
): StorageError {
  return invalidInput(`${operation}: ${field} must be ${expectation}, got ${describeValue(value)}`, {
    field,
    operation,
  });
}

/** A required non-empty string. */
export function requireString(value: unknown, field: string, operation: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badArgument(operation, field, 'a non-empty string', value);
  }
  return value;
}

/** A required string, possibly empty (the structural and enforcement functions' unused `root`). */
export function requireText(value: unknown, field: string, operation: string): string {
  if (typeof value !== 'string') throw badArgument(operation, field, 'a string', value);
  return value;
}

/**
 * An optional string, possibly empty, as napi-rs converts an `Option<String>` argument: `undefined` and
 * `null` mean absent, anything but a string is refused.
 */
export function optionalText(value: unknown, field: string, operation: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badArgument(operation, field, 'a string when given', value);
  return value;
}

/** An optional non-empty string (`undefined` and `null` mean absent). */
export function optionalString(value: unknown, field: string, operation: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return requireString(value, field, operation);
}

/** An optional whole number from 0 to 2^32-1 (a `u32` of the reference). */
export function optionalU32(value: unknown, field: string, operation: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw badArgument(operation, field, `a whole number from 0 to ${U32_MAX}`, value);
  }
  return value;
}

/** An optional page size from 1 to {@link MAX_PAGE_LIMIT}; {@link DEFAULT_PAGE_LIMIT} when absent. */
export function pageLimit(value: unknown, operation: string): number {
  if (value === undefined || value === null) return DEFAULT_PAGE_LIMIT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_LIMIT) {
    throw badArgument(operation, 'limit', `a whole number from 1 to ${MAX_PAGE_LIMIT}`, value);
  }
  return value;
}

/** An optional numeric cursor: a non-negative safe integer. */
export function optionalIdCursor(value: unknown, field: string, operation: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw badArgument(operation, field, 'a non-negative whole number', value);
  }
  return value as number;
}

/** A string that must be one of `allowed`. */
export function oneOf<const T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  operation: string,
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badArgument(operation, field, `one of ${allowed.join(', ')}`, value);
  }
  return value as T;
}

/** An optional boolean. */
export function optionalBoolean(value: unknown, field: string, operation: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badArgument(operation, field, 'a boolean', value);
  return value;
}

/** An optional array of strings. */
export function optionalStringArray(value: unknown, field: string, operation: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw badArgument(operation, field, 'an array of strings', value);
  }
  return [...(value as string[])];
}

/** One page of a list sorted by key: the items after `after`, at most `limit`, and the next cursor. */
export function keysetPage<T, K extends string | number>(
  sorted: readonly T[],
  keyOf: (item: T) => K,
  after: K | undefined,
  limit: number,
): { items: T[]; hasMore: boolean; nextCursor: K | null } {
  const start = after === undefined ? 0 : sorted.findIndex((item) => keyOf(item) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, limit);
  const hasMore = rest.length > limit;
  const last = items.at(-1);
  return { items, hasMore, nextCursor: hasMore && last !== undefined ? keyOf(last) : null };
}

/** Parses JSON text stored by analysis, falling back to `fallback` when it is not valid JSON. */
export function parseStoredJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Parses stored JSON that should be an array; anything else counts as empty (like the reference). */
export function storedArray(text: string | null): unknown[] {
  const value = parseStoredJson<unknown>(text, []);
  return Array.isArray(value) ? value : [];
}

/** The CWE ids of a stored comma-separated list (`'89,564'`); parts that are not whole numbers are skipped. */
export function parseCweIds(text: string | null): number[] {
  if (text === null) return [];
  return text
    .split(',')
    .map((part) => Number.parseInt(part.trim(), 10))
    .filter((n) => Number.isInteger(n) && n >= 0);
}

/** The current time in Unix seconds. */
export const unixNow = (): number => Math.floor(Date.now() / 1000);
