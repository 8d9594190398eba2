import { isStorageError, StorageError } from '@drift/storage-traits';

/** A short description of a value's type for error messages (never the value, which may be large). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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
