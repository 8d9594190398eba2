import { isStorageError, StorageError, type StorageErrorCode } from '@drift/storage-traits';

/** The code better-sqlite3 puts on its errors (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_FOREIGNKEY`, ...). */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

const BY_PREFIX: ReadonlyArray<readonly [prefix: string, code: StorageErrorCode, advice: string]> = [
  ['SQLITE_BUSY', 'BUSY', 'another connection holds the database; retry later'],
  ['SQLITE_LOCKED', 'BUSY', 'a table is locked by another statement; retry later'],
  ['SQLITE_CORRUPT', 'CORRUPT', 'the database file is damaged; restore it from a backup'],
  ['SQLITE_NOTADB', 'CORRUPT', 'the file is not a SQLite database'],
  ['SQLITE_FULL', 'DISK_FULL', 'free disk space and retry; the failed write was rolled back'],
  ['SQLITE_READONLY', 'READ_ONLY', 'a write reached a read-only connection'],
  ['SQLITE_CONSTRAINT_FOREIGNKEY', 'NOT_FOUND', 'it refers to a row that does not exist'],
  ['SQLITE_CONSTRAINT', 'INVALID_INPUT', 'it violates a table constraint'],
  ['SQLITE_MISMATCH', 'INVALID_INPUT', 'a value has the wrong type for its column'],
];

/**
 * Converts anything thrown while talking to SQLite into a {@link StorageError} with a stable code,
 * naming the operation and keeping the driver error as `cause`. A StorageError passes through.
 */
export function toStorageError(error: unknown, operation: string, path?: string): StorageError {
  if (isStorageError(error)) return error;
  const code = sqliteCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const details = { cause: error, operation, ...(path === undefined ? {} : { path }) };
  if (code) {
    for (const [prefix, storageCode, advice] of BY_PREFIX) {
      if (code.startsWith(prefix)) {
        return new StorageError(storageCode, `${operation} failed: ${message} (${advice})`, details);
      }
    }
    return new StorageError('SQLITE_ERROR', `${operation} failed: ${message}`, details);
  }
  if (error instanceof TypeError || error instanceof RangeError) {
    return new StorageError('INVALID_INPUT', `${operation} failed: ${message}`, details);
  }
  return new StorageError('SQLITE_ERROR', `${operation} failed: ${message}`, details);
}
