import {
  isStorageError,
  StorageError,
  type StorageErrorCode,
  type StorageErrorDetails,
} from '@drift/storage-traits';

/**
 * The reference's workspace error kinds (its `error_code()` strings), plus the path and in-use
 * refusals this package adds. Each maps onto one stable {@link StorageErrorCode}; the workspace code
 * tells apart refusals that share one (a missing confirmation and an ambiguous project are both
 * `INVALID_INPUT`).
 */
export const WorkspaceErrorCode = {
  /** `INVALID_INPUT`: kept for parity with the reference; initialize is idempotent and never raises it. */
  ALREADY_INITIALIZED: 'ALREADY_INITIALIZED',
  /** `NOT_FOUND`: the workspace has no drift.db yet; call `initialize()` first. */
  NOT_INITIALIZED: 'NOT_INITIALIZED',
  /** `BUSY`: another process (or storage object) holds the workspace lock. */
  WORKSPACE_LOCKED: 'WORKSPACE_LOCKED',
  /** `BUSY`: drift.db is open in another connection, so it cannot be replaced or removed. */
  DATABASE_IN_USE: 'DATABASE_IN_USE',
  /** `MIGRATION_FAILED`: installing or upgrading a schema failed. */
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  /** `NOT_FOUND`: no backup with that id. */
  BACKUP_NOT_FOUND: 'BACKUP_NOT_FOUND',
  /** `CORRUPT`: a backup failed its integrity check. */
  BACKUP_CORRUPTED: 'BACKUP_CORRUPTED',
  /** `NOT_FOUND`: recovery needed a backup and none passes an integrity check. */
  NO_VERIFIED_BACKUP: 'NO_VERIFIED_BACKUP',
  /** `NOT_FOUND`: no registered or detectable project matches the identifier. */
  PROJECT_NOT_FOUND: 'PROJECT_NOT_FOUND',
  /** `INVALID_INPUT`: the identifier matches several projects by name. */
  AMBIGUOUS_PROJECT: 'AMBIGUOUS_PROJECT',
  /** `INVALID_INPUT`: a destructive operation was called without the `DELETE` token. */
  CONFIRMATION_REQUIRED: 'CONFIRMATION_REQUIRED',
  /** `CORRUPT`: an export failed its integrity check and was removed. */
  EXPORT_CORRUPTED: 'EXPORT_CORRUPTED',
  /** `CORRUPT`: an import source is not a sound drift database. */
  IMPORT_CORRUPTED: 'IMPORT_CORRUPTED',
  /** `SCHEMA_TOO_NEW`: an import or restore source has a newer schema than this build supports. */
  SCHEMA_TOO_NEW: 'SCHEMA_TOO_NEW',
  /** `INVALID_INPUT`: a caller's path breaks a rule (named in the message). */
  INVALID_PATH: 'INVALID_PATH',
  /** `NOT_FOUND`: a source path given by the caller does not exist. */
  SOURCE_NOT_FOUND: 'SOURCE_NOT_FOUND',
  /** `INVALID_INPUT`: a configuration value is wrong. */
  CONFIG_ERROR: 'CONFIG_ERROR',
  /** `CORRUPT`: drift.toml is not valid TOML. */
  CONFIG_PARSE_ERROR: 'CONFIG_PARSE_ERROR',
  /** Any other database failure (the storage code says which). */
  STORAGE_ERROR: 'STORAGE_ERROR',
  /** Any other file-system failure. */
  IO_ERROR: 'IO_ERROR',
} as const;

/** One of the {@link WorkspaceErrorCode} values. */
export type WorkspaceErrorCode = (typeof WorkspaceErrorCode)[keyof typeof WorkspaceErrorCode];

/** The storage code each workspace code is reported under. */
const STORAGE_CODE: Readonly<Record<WorkspaceErrorCode, StorageErrorCode>> = {
  ALREADY_INITIALIZED: 'INVALID_INPUT',
  NOT_INITIALIZED: 'NOT_FOUND',
  WORKSPACE_LOCKED: 'BUSY',
  DATABASE_IN_USE: 'BUSY',
  MIGRATION_FAILED: 'MIGRATION_FAILED',
  BACKUP_NOT_FOUND: 'NOT_FOUND',
  BACKUP_CORRUPTED: 'CORRUPT',
  NO_VERIFIED_BACKUP: 'NOT_FOUND',
  PROJECT_NOT_FOUND: 'NOT_FOUND',
  AMBIGUOUS_PROJECT: 'INVALID_INPUT',
  CONFIRMATION_REQUIRED: 'INVALID_INPUT',
  EXPORT_CORRUPTED: 'CORRUPT',
  IMPORT_CORRUPTED: 'CORRUPT',
  SCHEMA_TOO_NEW: 'SCHEMA_TOO_NEW',
  INVALID_PATH: 'INVALID_INPUT',
  SOURCE_NOT_FOUND: 'NOT_FOUND',
  CONFIG_ERROR: 'INVALID_INPUT',
  CONFIG_PARSE_ERROR: 'CORRUPT',
  STORAGE_ERROR: 'SQLITE_ERROR',
  IO_ERROR: 'SQLITE_ERROR',
};

/**
 * A {@link StorageError} raised by a workspace operation: `code` is the stable storage code callers
 * branch on, `workspaceCode` the finer reference kind. `isStorageError` recognises it.
 */
export class WorkspaceError extends StorageError {
  /** The reference's kind of workspace failure. */
  readonly workspaceCode: WorkspaceErrorCode;

  constructor(workspaceCode: WorkspaceErrorCode, message: string, details: StorageErrorDetails = {}) {
    super(STORAGE_CODE[workspaceCode], message, details);
    this.name = 'WorkspaceError';
    this.workspaceCode = workspaceCode;
  }
}

/** True for a {@link WorkspaceError}, optionally of one workspace code. */
export function isWorkspaceError(
  value: unknown,
  workspaceCode?: WorkspaceErrorCode,
): value is WorkspaceError {
  if (!isStorageError(value)) return false;
  const actual = (value as { workspaceCode?: unknown }).workspaceCode;
  if (typeof actual !== 'string' || !(actual in STORAGE_CODE)) return false;
  return workspaceCode === undefined || actual === workspaceCode;
}

/** The storage code of a workspace code, for documentation and tests. */
export function storageCodeOf(workspaceCode: WorkspaceErrorCode): StorageErrorCode {
  return STORAGE_CODE[workspaceCode];
}

/** `INVALID_INPUT` about a caller's path: names the path, the argument and the rule it breaks. */
export function invalidPath(operation: string, field: string, path: string, rule: string): WorkspaceError {
  return new WorkspaceError('INVALID_PATH', `${operation}: ${field} ${JSON.stringify(path)} ${rule}`, {
    operation,
    field,
    path,
  });
}

/** The code better-sqlite3 puts on its errors (`SQLITE_BUSY`, `SQLITE_NOTADB`, ...). */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** The errno code Node puts on file-system errors (`ENOENT`, `ENOSPC`, ...). */
function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

const BY_SQLITE_PREFIX: ReadonlyArray<readonly [prefix: string, code: StorageErrorCode, advice: string]> = [
  ['SQLITE_BUSY', 'BUSY', 'another connection holds the database; retry later'],
  ['SQLITE_LOCKED', 'BUSY', 'a table is locked by another statement; retry later'],
  ['SQLITE_CORRUPT', 'CORRUPT', 'the database file is damaged; restore it from a backup'],
  ['SQLITE_NOTADB', 'CORRUPT', 'the file is not a SQLite database'],
  ['SQLITE_FULL', 'DISK_FULL', 'free disk space and retry'],
  ['SQLITE_CANTOPEN', 'NOT_FOUND', 'the database file cannot be opened'],
  ['SQLITE_READONLY', 'READ_ONLY', 'a write reached a read-only connection'],
  ['SQLITE_CONSTRAINT', 'INVALID_INPUT', 'it violates a table constraint'],
];

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
 * Converts anything thrown inside a workspace operation into a {@link StorageError} with a stable
 * code, naming the operation and keeping the original as `cause`. A StorageError passes through.
 */
export function toStorageError(error: unknown, operation: string, path?: string): StorageError {
  if (isStorageError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const details = { cause: error, operation, ...(path === undefined ? {} : { path }) };
  const sqlite = sqliteCode(error);
  if (sqlite !== undefined) {
    for (const [prefix, code, advice] of BY_SQLITE_PREFIX) {
      if (sqlite.startsWith(prefix)) {
        return new StorageError(code, `${operation} failed: ${message} (${advice})`, details);
      }
    }
    return new StorageError('SQLITE_ERROR', `${operation} failed: ${message}`, details);
  }
  const errno = errnoCode(error);
  if (errno !== undefined) {
    return new StorageError(BY_ERRNO[errno] ?? 'SQLITE_ERROR', `${operation} failed: ${message}`, details);
  }
  if (error instanceof TypeError || error instanceof RangeError) {
    return new StorageError('INVALID_INPUT', `${operation} failed: ${message}`, details);
  }
  return new StorageError('SQLITE_ERROR', `${operation} failed: ${message}`, details);
}
