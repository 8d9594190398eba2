import { isStorageError, StorageError, type StorageErrorCode } from '@drift/storage-traits';

// How anything `pg` throws becomes a StorageError with a stable code: by the SQLSTATE the server sent
// (most specific first), by the socket's errno for a server that cannot be reached, and by pg's own
// messages for a connection that ended under it.

/** The SQLSTATE on a server error (`23505`, `40001`, ...), or undefined. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** True for a failure that a new attempt of the whole transaction may not meet: serialization, deadlock. */
export function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state === '40001' || state === '40P01';
}

/** SQLSTATEs (or classes, two characters), most specific first, with the storage code and advice. */
const BY_SQLSTATE: ReadonlyArray<readonly [state: string, code: StorageErrorCode, advice: string]> = [
  ['40001', 'BUSY', 'concurrent transactions kept conflicting; retry later'],
  ['40P01', 'BUSY', 'concurrent transactions kept deadlocking; retry later'],
  ['55P03', 'BUSY', 'a row or table is locked by another transaction; retry later'],
  ['53300', 'BUSY', 'the server has no free connection slot; retry later or lower the pool size'],
  ['53100', 'DISK_FULL', 'free disk space on the server and retry; the failed transaction was rolled back'],
  ['23503', 'NOT_FOUND', 'it refers to a row that does not exist'],
  ['23', 'INVALID_INPUT', 'it violates a table constraint'],
  ['22', 'INVALID_INPUT', 'a value does not fit its column'],
  ['25006', 'READ_ONLY', 'a write reached a read-only transaction'],
  ['3D000', 'NOT_FOUND', 'the database does not exist; create it first'],
  ['28', 'INVALID_INPUT', 'the server refused the credentials; check the connection settings'],
  ['42P01', 'SQLITE_ERROR', 'a drift table is missing; run migrateDriftSchema first'],
  ['57P01', 'UNAVAILABLE', 'the server was shut down or ended the connection; retry when it is back'],
  ['57P02', 'UNAVAILABLE', 'the server crashed; retry when it is back'],
  ['57P03', 'UNAVAILABLE', 'the server is starting or stopping; retry when it is up'],
  ['08', 'UNAVAILABLE', 'the connection to the server failed; retry when it is reachable'],
];

/** Socket errnos that mean the server cannot be reached. */
const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg's own messages for a connection that ended while it was in use. */
const LOST_CONNECTION =
  /connection terminated|terminating connection|client has encountered a connection error|connection is closed/i;

/** True when `error` says the server cannot be reached or the connection to it ended. */
export function isConnectionLost(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith('08') || state.startsWith('57P');
  const errno = (error as { code?: unknown } | null)?.code;
  if (typeof errno === 'string' && UNREACHABLE_ERRNO.has(errno)) return true;
  return error instanceof Error && LOST_CONNECTION.test(error.message);
}

/** RLS refuses a written row with SQLSTATE 42501 and this message. */
const RLS_REFUSAL = /row-level security/i;

/** The longest part of a driver message quoted in ours. */
const MAX_QUOTED = 300;

function quoted(message: string): string {
  return message.length <= MAX_QUOTED
    ? message
    : `${message.slice(0, MAX_QUOTED)}... (${message.length} characters)`;
}

/**
 * Converts anything thrown while working with PostgreSQL into a {@link StorageError} with a stable code,
 * its message naming `operation` and saying what to do; the original is the `cause`. A StorageError
 * passes through unchanged. A row refused by row-level security is `INVALID_INPUT` (it names another
 * tenant or project than the engine's); a server that cannot be reached or went away is `UNAVAILABLE`.
 */
export function postgresStorageError(error: unknown, operation: string): StorageError {
  if (isStorageError(error)) return error;
  const message = quoted(error instanceof Error ? error.message : String(error));
  const details = { cause: error, operation };
  const state = sqlState(error);
  if (state === '42501' && RLS_REFUSAL.test(message)) {
    return new StorageError(
      'INVALID_INPUT',
      `${operation} failed: ${message} (a row may only carry the tenant and project the engine is bound to)`,
      details,
    );
  }
  if (state !== undefined) {
    const known = BY_SQLSTATE.find(([prefix]) => state.startsWith(prefix));
    return known === undefined
      ? new StorageError('SQLITE_ERROR', `${operation} failed: ${message} (SQLSTATE ${state})`, details)
      : new StorageError(known[1], `${operation} failed: ${message} (${known[2]})`, details);
  }
  if (isConnectionLost(error)) {
    return new StorageError(
      'UNAVAILABLE',
      `${operation} failed: ${message} (the database server cannot be reached or went away; retry when it is back)`,
      details,
    );
  }
  if (error instanceof TypeError || error instanceof RangeError) {
    return new StorageError('INVALID_INPUT', `${operation} failed: ${message}`, details);
  }
  return new StorageError('SQLITE_ERROR', `${operation} failed: ${message}`, details);
}
