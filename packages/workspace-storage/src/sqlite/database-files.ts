// DatabaseFiles on better-sqlite3: whole database files by path (header checks, online snapshots,
// VACUUM INTO, inspection, the in-use check), each on a connection of its own.
import { StorageError } from '@drift/storage-traits';
import { inspectSqliteFile, isSqliteBusy, sqliteStorageError } from '@drift/storage-traits/sqlite';
import { WorkspaceError } from '../errors.js';
import { refuseSpecialFile, specialFileError } from '../files.js';
import { fileSize } from '../status.js';
import type { DatabaseFacts, DatabaseFiles } from '../store.js';
import { connect, userTableNames, withConnection } from './connection.js';
import { onlineBackup } from './online-backup.js';

/** Runs one file operation, reporting any driver or file-system failure as a StorageError naming the file. */
function mapped<T>(operation: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw sqliteStorageError(error, operation, path);
  }
}

/**
 * {@link DatabaseFiles} on better-sqlite3, with `timeoutMs` to wait for locks; failures are
 * StorageErrors, and a special file at any path is refused (naming `operation()`) before it is opened.
 */
export function databaseFiles(timeoutMs: number, operation: () => string): DatabaseFiles {
  const files: DatabaseFiles = {
    checkHeader(path, what) {
      const state = inspectSqliteFile(path);
      if (state.kind === 'missing') throw new StorageError('NOT_FOUND', `${what} does not exist`, { path });
      if (state.kind === 'not-a-file') throw specialFileError(operation(), path, state.what);
      if (state.kind === 'empty')
        throw new StorageError('CORRUPT', `${what} is not a SQLite database`, { path });
      if (state.kind === 'invalid') throw new StorageError('CORRUPT', `${what} ${state.reason}`, { path });
    },
    snapshot(source, destination) {
      refuseSpecialFile(operation(), source);
      onlineBackup(source, destination, timeoutMs);
    },
    vacuumInto(source, destination) {
      withConnection(
        source,
        'read',
        timeoutMs,
        (db) => db.prepare('VACUUM INTO ?').run(destination),
        operation(),
      );
    },
    finalize(path) {
      withConnection(path, 'write', timeoutMs, (db) => db.pragma('journal_mode = DELETE'), operation());
    },
    inspect(path, check): DatabaseFacts {
      return withConnection(
        path,
        'read',
        timeoutMs,
        (db) => {
          const tables = userTableNames(db);
          const userVersion = Number(db.pragma('user_version', { simple: true }));
          let issues: string[] = [];
          if (check !== 'none') {
            const pragma = check === 'full' ? 'integrity_check' : 'quick_check';
            const results = (db.pragma(pragma) as Record<string, string>[]).map((row) =>
              String(Object.values(row)[0]),
            );
            issues = results.length === 1 && results[0] === 'ok' ? [] : results;
          }
          return { userVersion, tables, issues };
        },
        operation(),
      );
    },
    assertNotInUse(path) {
      const db = connect(path, 'write', 0, operation());
      try {
        db.pragma('locking_mode = EXCLUSIVE');
        db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
      } catch (error) {
        if (isSqliteBusy(error)) throw inUse(path, error);
        // A damaged file cannot be opened by anyone else either; the caller decides what to do with it.
      } finally {
        db.close();
      }
      if (fileSize(`${path}-wal`) > 0) throw inUse(path);
    },
  };
  return {
    checkHeader: (path, what) => mapped('checkHeader', path, () => files.checkHeader(path, what)),
    snapshot: (source, destination) => mapped('backup', source, () => files.snapshot(source, destination)),
    vacuumInto: (source, destination) =>
      mapped('export', source, () => files.vacuumInto(source, destination)),
    finalize: (path) => mapped('finalize', path, () => files.finalize(path)),
    inspect: (path, check) => mapped('inspect', path, () => files.inspect(path, check)),
    assertNotInUse: (path) => mapped('assertNotInUse', path, () => files.assertNotInUse(path)),
  };
}

/** `BUSY` (DATABASE_IN_USE): another connection has the database open. */
function inUse(path: string, cause?: unknown): WorkspaceError {
  return new WorkspaceError(
    'DATABASE_IN_USE',
    `${path} is open in another connection (an engine or another process); close it before replacing or removing the database`,
    { path, ...(cause === undefined ? {} : { cause }) },
  );
}
