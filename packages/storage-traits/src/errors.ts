/**
 * The stable error codes of the storage layer. A code never changes meaning once released, so callers
 * can branch on it (retry on `BUSY`, ask for a migration on `SCHEMA_TOO_NEW`, ...).
 */
export const StorageErrorCode = {
  /** The database engine reported an error not covered by a more specific code. */
  SQLITE_ERROR: 'SQLITE_ERROR',
  /** The backend cannot perform this operation (e.g. a SQLite-only operation on a network backend). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** The addressed row, file or resource does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** The caller passed a value of the wrong type or shape; nothing was written. */
  INVALID_INPUT: 'INVALID_INPUT',
  /** The database file is not a SQLite database, is truncated, or fails an integrity check. */
  CORRUPT: 'CORRUPT',
  /** The database or workspace is held by another connection or process; retrying later may succeed. */
  BUSY: 'BUSY',
  /** The engine, writer or workspace was closed; the call was not performed. */
  CLOSED: 'CLOSED',
  /** The database was written by a newer version (schema above what this build knows); left untouched. */
  SCHEMA_TOO_NEW: 'SCHEMA_TOO_NEW',
  /** A schema migration failed and was rolled back. */
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  /** The disk is full; the failed write was rolled back. */
  DISK_FULL: 'DISK_FULL',
  /** A write reached a read-only connection: a routing bug, reported loudly instead of ignored. */
  READ_ONLY: 'READ_ONLY',
  /**
   * A stored value does not fit the row type it is read as: an integer beyond ±(2^53 − 1), which a
   * JavaScript number would round, in a file another program wrote. The read was refused instead of
   * answering a different number.
   */
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  /**
   * The database server could not be reached or went away during the call (a network engine). What was
   * acknowledged before stays; the failed call's transaction did not commit unless its message says its
   * outcome is unknown (the server went away during COMMIT). Retry when the server is back.
   */
  UNAVAILABLE: 'UNAVAILABLE',
} as const;

/** One of the stable {@link StorageErrorCode} values. */
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

/**
 * Brand carried by every {@link StorageError}. A registered symbol (not a class identity) so that
 * `isStorageError` recognises errors created by another copy of this package in the same process.
 */
const STORAGE_ERROR_BRAND: unique symbol = Symbol.for('@drift/storage-traits/StorageError') as never;

const ALL_CODES: ReadonlySet<string> = new Set(Object.values(StorageErrorCode));

/** Extra, code-specific facts attached to a {@link StorageError}. */
export interface StorageErrorDetails {
  /** The underlying error (driver error, parse error, ...), kept for diagnosis. */
  readonly cause?: unknown;
  /** The operation that failed, e.g. `getFileMetadata` or `import`. */
  readonly operation?: string;
  /** The batch command involved, for batch and codec errors. */
  readonly command?: string;
  /** The field (or dotted path) that was wrong, for `INVALID_INPUT`. */
  readonly field?: string;
  /** The file-system path involved, for workspace and open errors. */
  readonly path?: string;
}

/**
 * The one error type that leaves any Drift storage package. `code` is stable and machine-readable;
 * `message` says what went wrong and what to do about it; `cause` keeps the underlying error.
 */
export class StorageError extends Error {
  /**
   * One of {@link StorageErrorCode}; a code keeps its meaning across releases, so callers may branch on it.
   */
  readonly code: StorageErrorCode;
  /** The operation that failed, when known. */
  readonly operation: string | undefined;
  /** The batch command involved, when known. */
  readonly command: string | undefined;
  /**
   * The argument or row field that was wrong (a dotted path such as `rows[2].line`), for `INVALID_INPUT`;
   * else undefined.
   */
  readonly field: string | undefined;
  /** The file-system path involved, when known. */
  readonly path: string | undefined;
  /** @internal brand checked by {@link isStorageError}. */
  readonly [STORAGE_ERROR_BRAND] = true;

  constructor(code: StorageErrorCode, message: string, details: StorageErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StorageError';
    this.code = code;
    this.operation = details.operation;
    this.command = details.command;
    this.field = details.field;
    this.path = details.path;
  }
}

/**
 * True for any {@link StorageError}, including one thrown by a duplicate copy of this package
 * (where `instanceof` would answer false). Optionally narrows to one code.
 */
export function isStorageError(value: unknown, code?: StorageErrorCode): value is StorageError {
  if (typeof value !== 'object' || value === null) return false;
  const branded = (value as { [STORAGE_ERROR_BRAND]?: unknown })[STORAGE_ERROR_BRAND] === true;
  if (!branded) return false;
  const actual = (value as { code?: unknown }).code;
  if (typeof actual !== 'string' || !ALL_CODES.has(actual)) return false;
  return code === undefined || actual === code;
}

/** Shorthand for an `INVALID_INPUT` error about one field. */
export function invalidInput(message: string, details: StorageErrorDetails = {}): StorageError {
  return new StorageError(StorageErrorCode.INVALID_INPUT, message, details);
}

/** Shorthand for a `NOT_SUPPORTED` error naming the operation and what provides it instead. */
export function notSupported(operation: string, reason: string): StorageError {
  return new StorageError(
    StorageErrorCode.NOT_SUPPORTED,
    `operation '${operation}' is not supported: ${reason}`,
    {
      operation,
    },
  );
}
