// Connections to drift.db and the other database files: how they are opened, the pragmas of a writer,
// and the checks that tell drift.db from a file that must not be touched (its bytes first, then its
// identity on a connection that writes nothing).
import { StorageError } from '@drift/storage-traits';
import {
  DRIFT_WORKSPACE_PRAGMAS,
  identifyDriftDatabase,
  inspectSqliteFile,
  type SqliteFileState,
  sqliteStorageError,
} from '@drift/storage-traits/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { WorkspaceError } from '../errors.js';
import { refuseSpecialFile, specialFileError } from '../files.js';
import type { DatabaseIntent } from '../store.js';

/** A better-sqlite3 connection; the workspace opens, uses and closes one per operation. */
export type Db = BetterSqlite3.Database;

/**
 * `read` opens read-only; `write` opens an existing file read-write; `create` also creates a missing file.
 */
export type OpenMode = 'read' | 'write' | 'create';

/**
 * Opens a connection: read-only, read-write on an existing file, or read-write creating the file.
 * Anything at `path` that is not a regular file (a FIFO would block the open) is refused first.
 */
export function connect(path: string, mode: OpenMode, timeoutMs: number, operation = 'open'): Db {
  refuseSpecialFile(operation, path);
  if (mode === 'read')
    return new BetterSqlite3(path, { readonly: true, fileMustExist: true, timeout: timeoutMs });
  return new BetterSqlite3(path, { fileMustExist: mode === 'write', timeout: timeoutMs });
}

/** Switches a connection that writes drift.db to WAL, then applies the workspace's `DRIFT_WORKSPACE_PRAGMAS`. */
export function applyWritePragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  for (const pragma of DRIFT_WORKSPACE_PRAGMAS) db.pragma(pragma);
}

/** Sets incremental auto-vacuum: free on a new database, one VACUUM on an existing one that lacks it. */
export function ensureIncrementalVacuum(db: Db): void {
  if (Number(db.pragma('auto_vacuum', { simple: true })) === 2) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  if (Number(db.pragma('auto_vacuum', { simple: true })) !== 2) db.exec('VACUUM');
}

/** Runs `fn` with a connection that is closed afterwards, whatever happens. */
export function withConnection<T>(
  path: string,
  mode: OpenMode,
  timeoutMs: number,
  fn: (db: Db) => T,
  operation = 'open',
): T {
  const db = connect(path, mode, timeoutMs, operation);
  try {
    return fn(db);
  } finally {
    if (db.open) db.close();
  }
}

// ─── Telling drift.db from what must not be touched ─────────────────────────────────────────────

/** The file state of `path` as `inspectSqliteFile` reads it (a file-system error is a StorageError naming it). */
function fileState(path: string, operation: string): SqliteFileState {
  try {
    return inspectSqliteFile(path);
  } catch (error) {
    throw sqliteStorageError(error, operation, path);
  }
}

/**
 * Refuses drift.db, before any connection is opened, when its bytes say it must not be: not a regular
 * file (`INVALID_INPUT`), empty (`CORRUPT`, except where a new database may be made or the file is
 * about to be replaced), not a SQLite database or shorter than its header says (`CORRUPT`, except
 * before a replacement, whose purpose may be to repair it).
 */
export function checkDriftFile(path: string, operation: string, intent: DatabaseIntent): SqliteFileState {
  const state = fileState(path, operation);
  if (state.kind === 'not-a-file') throw specialFileError(operation, path, state.what);
  if (state.kind === 'empty' && (intent === 'read' || intent === 'write')) {
    throw new StorageError(
      'CORRUPT',
      `${operation}: ${path} is empty (0 bytes), not a drift database; refusing to open it (the file was not modified). Restore a backup with restore(), or remove the file and call initialize()`,
      { operation, path },
    );
  }
  if (state.kind === 'invalid' && intent !== 'replace') {
    throw new StorageError(
      'CORRUPT',
      `${operation}: ${path} ${state.reason}; refusing to open it (the file was not modified). Restore a backup with restore() or autoRecover()`,
      { operation, path },
    );
  }
  return state;
}

/** Names of the tables in a database that are not SQLite's own. */
export function userTableNames(db: Db): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/**
 * Refuses, on a connection that has not written anything, a database that is not drift's whatever its
 * `user_version` (`CORRUPT`, the verdict of `identifyDriftDatabase`), and, unless `intent` is `read`,
 * a drift.db of a schema newer than `supported` (`SCHEMA_TOO_NEW`).
 */
export function checkIdentity(
  db: Db,
  path: string,
  operation: string,
  intent: DatabaseIntent,
  supported: number,
): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  const identity = identifyDriftDatabase(version, userTableNames(db));
  if (identity.kind === 'foreign') {
    throw new StorageError(
      'CORRUPT',
      `${operation}: ${path} is a SQLite database but not a drift database ${identity.reason}; refusing to modify it`,
      { operation, path },
    );
  }
  if (intent !== 'read' && version > supported) {
    throw new WorkspaceError(
      'SCHEMA_TOO_NEW',
      `${operation}: ${path} has drift schema version ${version}, newer than ${supported} which this build supports; upgrade drift to use this workspace (the database was not modified)`,
      { operation, path },
    );
  }
}

/** True for SQLite's ways of saying a file is not a sound database. */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}

/**
 * Checks drift.db for `intent` without changing a byte of it: its file state first, then, when it is
 * a SQLite database, its identity on a read-write connection that writes nothing (a read-only one
 * would leave `-wal`/`-shm` files beside a WAL database; this one removes what it made on close).
 * Before a replacement a damaged file passes: replacing it is how it is repaired.
 */
export function checkDriftDatabase(
  path: string,
  operation: string,
  intent: DatabaseIntent,
  supported: number,
  timeoutMs: number,
): void {
  const state = checkDriftFile(path, operation, intent);
  if (state.kind !== 'database') return;
  try {
    withConnection(
      path,
      'write',
      timeoutMs,
      (db) => checkIdentity(db, path, operation, intent, supported),
      operation,
    );
  } catch (error) {
    if (intent === 'replace' && isDamage(error)) return;
    throw sqliteStorageError(error, operation, path);
  }
}
