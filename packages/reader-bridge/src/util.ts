import { isStorageError, StorageError } from '@drift/storage-traits';

// One rule for quoting a caller's text, the seam's: at most 120 characters, then its length.
export {
  /** `text` cut to 120 characters with its length, for an error message. */
  excerpt as quoteInput,
} from '@drift/storage-traits';

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
