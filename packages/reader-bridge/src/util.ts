import { isStorageError, StorageError } from '@drift/storage-traits';

/**
 * A short description of a value's type for error messages, with its article (never the value, which
 * may be large): `undefined`, `null`, `NaN`, `an array`, `an object`, `a string`, `a number`,
 * `a boolean`, `a bigint`, `a symbol`, `a function`.
 */
export function typeName(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Longest piece of a caller's string quoted in an error message; longer ones are cut and their length given. */
export const MAX_QUOTED_LENGTH = 120;

/**
 * `text` for an error message: as it is when short, else its first {@link MAX_QUOTED_LENGTH}
 * characters (a surrogate pair is not split), an ellipsis and how long it was.
 */
export function quoteInput(text: string): string {
  if (text.length <= MAX_QUOTED_LENGTH) return text;
  let end = MAX_QUOTED_LENGTH;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (${text.length} characters)`;
}

/** A value given where a string was expected, for an error message: a string quoted and capped, else its type. */
export function describeGot(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : `'${quoteInput(value)}'`;
  return typeName(value);
}

/**
 * Makes any failure of a reader method a {@link StorageError}: a backend's own are kept as they are,
 * anything else (a driver's or a network client's error) is wrapped with the method named and the
 * original kept as `cause`.
 */
export function readerFailure(method: string, error: unknown): StorageError {
  if (isStorageError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError('SQLITE_ERROR', `reader method ${method} failed: ${detail}`, {
    operation: method,
    cause: error,
  });
}
