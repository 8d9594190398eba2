// `@drift/storage-traits/sqlite`: what the two packages that talk to SQLite files (the engine and the
// workspace storage) share so that they fail the same way: how a driver error becomes a StorageError,
// and how a file is recognised as a SQLite database before anything opens it. No driver is imported:
// errors are read by their `code` property, files by their first 100 bytes.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { isStorageError, StorageError, type StorageErrorCode } from '../errors.js';

/** The SQLite result code a driver puts on its errors (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_FOREIGNKEY`, ...). */
export function sqliteResultCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** True for a driver error saying another connection holds a lock (`SQLITE_BUSY*`, `SQLITE_LOCKED*`). */
export function isSqliteBusy(error: unknown): boolean {
  const code = sqliteResultCode(error);
  return code !== undefined && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** Result-code prefixes, most specific first, with the storage code and what the caller can do. */
const BY_RESULT_CODE: ReadonlyArray<readonly [prefix: string, code: StorageErrorCode, advice: string]> = [
  ['SQLITE_BUSY', 'BUSY', 'another connection holds the database; retry later'],
  ['SQLITE_LOCKED', 'BUSY', 'a table is locked by another statement; retry later'],
  ['SQLITE_CORRUPT', 'CORRUPT', 'the database file is damaged; restore it from a backup'],
  ['SQLITE_NOTADB', 'CORRUPT', 'the file is not a SQLite database'],
  ['SQLITE_FULL', 'DISK_FULL', 'free disk space and retry; the failed write was rolled back'],
  ['SQLITE_CANTOPEN', 'NOT_FOUND', 'the database file cannot be opened'],
  ['SQLITE_READONLY', 'READ_ONLY', 'a write reached a read-only connection'],
  ['SQLITE_CONSTRAINT_FOREIGNKEY', 'NOT_FOUND', 'it refers to a row that does not exist'],
  ['SQLITE_CONSTRAINT', 'INVALID_INPUT', 'it violates a table constraint'],
  ['SQLITE_MISMATCH', 'INVALID_INPUT', 'a value has the wrong type for its column'],
];

/** File-system errno codes (from Node) with a storage code of their own. */
const BY_ERRNO: Readonly<Record<string, StorageErrorCode>> = {
  ENOENT: 'NOT_FOUND',
  ENOSPC: 'DISK_FULL',
  EDQUOT: 'DISK_FULL',
  EEXIST: 'INVALID_INPUT',
  ENOTDIR: 'INVALID_INPUT',
  EISDIR: 'INVALID_INPUT',
  EBUSY: 'BUSY',
};

/**
 * Converts anything thrown while working with a SQLite database into a {@link StorageError} with a
 * stable code: SQLite result codes and file-system errno codes by the tables above, `TypeError` and
 * `RangeError` (a driver refusing a value) as `INVALID_INPUT`, anything else as `SQLITE_ERROR`. The
 * message names `operation` and, for result codes, what to do; the original is the `cause`. A
 * StorageError passes through unchanged.
 */
export function sqliteStorageError(error: unknown, operation: string, path?: string): StorageError {
  if (isStorageError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const details = { cause: error, operation, ...(path === undefined ? {} : { path }) };
  const resultCode = sqliteResultCode(error);
  if (resultCode !== undefined) {
    const known = BY_RESULT_CODE.find(([prefix]) => resultCode.startsWith(prefix));
    return known === undefined
      ? new StorageError('SQLITE_ERROR', `${operation} failed: ${message}`, details)
      : new StorageError(known[1], `${operation} failed: ${message} (${known[2]})`, details);
  }
  const errno = (error as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) {
    return new StorageError(BY_ERRNO[errno] ?? 'SQLITE_ERROR', `${operation} failed: ${message}`, details);
  }
  if (error instanceof TypeError || error instanceof RangeError) {
    return new StorageError('INVALID_INPUT', `${operation} failed: ${message}`, details);
  }
  return new StorageError('SQLITE_ERROR', `${operation} failed: ${message}`, details);
}

/** What {@link inspectSqliteFile} found at a path. */
export type SqliteFileState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'database' }
  /** Not usable as a SQLite database; `reason` completes a sentence about the file ("is truncated ..."). */
  | { readonly kind: 'invalid'; readonly reason: string };

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const HEADER_BYTES = 100;

/**
 * Reads the first 100 bytes of `path`, without opening it as a database (which could write to it), and
 * says whether it is a SQLite database: the magic string, a page size that is a power of two from 512
 * to 65536, and a file at least as long as its header says (when that count is valid). A missing or
 * empty file is reported as such: SQLite would create the database there. File-system errors other
 * than a missing file are thrown as they are.
 */
export function inspectSqliteFile(path: string): SqliteFileState {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  if (size === 0) return { kind: 'empty' };
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  if (read < HEADER_BYTES || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    return { kind: 'invalid', reason: 'is not a SQLite database' };
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    return { kind: 'invalid', reason: 'has an invalid page size in its header' };
  }
  // The in-header page count is valid only when its "version-valid-for" number matches the change counter.
  const pages = header.readUInt32BE(28);
  const countIsValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (pages > 0 && countIsValid && size < pages * pageSize) {
    return { kind: 'invalid', reason: `is truncated (${size} bytes, its header says ${pages * pageSize})` };
  }
  return { kind: 'database' };
}
