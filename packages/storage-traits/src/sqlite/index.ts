// `@drift/storage-traits/sqlite`: what the two packages that talk to SQLite files (the engine and the
// workspace storage) share so that they fail the same way: how a driver error becomes a StorageError,
// and how a file is recognised as a SQLite database before anything opens it. No driver is imported:
// errors are read by their `code` property, files by their first 100 bytes.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
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
  /**
   * Something other than a regular file (a folder, a FIFO, a socket, a device): never opened, since
   * opening a FIFO blocks until a writer comes. `what` names it with its article ("a FIFO").
   */
  | { readonly kind: 'not-a-file'; readonly what: string }
  /** Not usable as a SQLite database; `reason` completes a sentence about the file ("is truncated ..."). */
  | { readonly kind: 'invalid'; readonly reason: string };

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const HEADER_BYTES = 100;
/** `O_NONBLOCK` where the platform has it: opening a FIFO that replaced the file after `stat` must not block. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * What kind of non-regular file `stats` describes, with its article (`a directory`, `a FIFO`, `a socket`,
 * `a character device`, `a block device`), for a message refusing it.
 */
export function nonRegularFileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** One reading of the header and of the size, both through the same descriptor, the size read last. */
type Reading =
  | { readonly state: SqliteFileState }
  | { readonly short: { readonly size: number; readonly expected: number; readonly wal: boolean } };

function readOnce(path: string): Reading {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { state: { kind: 'missing' } };
    throw error;
  }
  if (!stats.isFile()) return { state: { kind: 'not-a-file', what: nonRegularFileKind(stats) } };
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { state: { kind: 'missing' } };
    throw error;
  }
  const header = Buffer.alloc(HEADER_BYTES);
  let read: number;
  let size: number;
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { state: { kind: 'not-a-file', what: nonRegularFileKind(opened) } };
    read = readSync(fd, header, 0, HEADER_BYTES, 0);
    // Read after the header: a file only grows while its header's page count is current.
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  if (size === 0 && read === 0) return { state: { kind: 'empty' } };
  if (read < HEADER_BYTES || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    return { state: { kind: 'invalid', reason: 'is not a SQLite database' } };
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) {
    return { state: { kind: 'invalid', reason: 'has an invalid page size in its header' } };
  }
  // The in-header page count is valid only when its "version-valid-for" number matches the change counter.
  const pages = header.readUInt32BE(28);
  const countIsValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  if (pages > 0 && countIsValid && size < pages * pageSize) {
    // File format write version 2: the database is in WAL mode.
    return { short: { size, expected: pages * pageSize, wal: header[18] === 2 } };
  }
  return { state: { kind: 'database' } };
}

/**
 * Whether the file's journal (`-wal` in WAL mode, `-journal` otherwise) exists and is not empty: a write
 * or checkpoint is under way, or SQLite will replay or roll it back when the database is opened.
 */
function journalHasContent(path: string, wal: boolean): boolean {
  try {
    return statSync(wal ? `${path}-wal` : `${path}-journal`).size > 0;
  } catch {
    return false;
  }
}

/** How many times a short file with an empty journal is read again before it is called truncated. */
const SHORT_FILE_REREADS = 3;

/**
 * Reads the first 100 bytes of `path`, without opening it as a database (which could write to it), and
 * says whether it is a SQLite database: the magic string, a page size that is a power of two from 512
 * to 65536, and a file at least as long as its header says (when that count is valid). A missing or
 * empty file is reported as such: SQLite would create the database there. Anything that is not a
 * regular file is reported as `not-a-file` without being opened for reading as a database (a FIFO is
 * opened non-blocking only to confirm what it is). File-system errors other than a missing file are
 * thrown as they are.
 *
 * A file shorter than its header says is healthy while another connection writes or checkpoints it:
 * SQLite writes page 1, with the new page count, before the pages it appends, and the journal (the WAL,
 * or the rollback journal) still holds what is needed. Such a file is called truncated only when its
 * journal is empty and the shortfall is still there when read again; a healthy file being written is
 * never refused.
 */
export function inspectSqliteFile(path: string): SqliteFileState {
  let reading = readOnce(path);
  for (let reread = 0; 'short' in reading && reread < SHORT_FILE_REREADS; reread++) {
    if (journalHasContent(path, reading.short.wal)) return { kind: 'database' };
    reading = readOnce(path);
  }
  if ('state' in reading) return reading.state;
  const { size, expected } = reading.short;
  return { kind: 'invalid', reason: `is truncated (${size} bytes, its header says ${expected})` };
}

export {
  DRIFT_SCHEMA_TABLES,
  DRIFT_WORKSPACE_TABLES,
  type DriftDatabaseIdentity,
  identifyDriftDatabase,
} from './drift-database.js';
export {
  DRIFT_STORAGE_READ_PRAGMAS,
  DRIFT_STORAGE_WRITE_PRAGMAS,
  DRIFT_WORKSPACE_PRAGMAS,
  type PragmaList,
} from './pragmas.js';
