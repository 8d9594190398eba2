import { isStorageError, excerpt as quoteInput, StorageError } from '@drift/storage-traits';

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

// One rule for quoting a caller's text, the seam's: at most 120 characters, then its length.
export {
  /** `text` cut to 120 characters with its length, for an error message. */
  excerpt as quoteInput,
} from '@drift/storage-traits';

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
