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

/**
 * The {@link StorageErrorCode} each workspace code is thrown with (`error.code`); several workspace codes
 * share one.
 */
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

/**
 * The {@link StorageErrorCode} an error with `workspaceCode` carries as its `code` (e.g. `NOT_FOUND` for
 * `BACKUP_NOT_FOUND`).
 */
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
