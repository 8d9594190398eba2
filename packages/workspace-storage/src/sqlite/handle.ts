// The WorkspaceHandle of a SqliteWorkspaceStorage: the one place that decides how each kind of access
// (read, write, create, another file) opens drift.db, which pragmas and schema it gets, and which
// checks run before the callback sees a store.
import { existsSync } from 'node:fs';
import { requireInitialized } from '../backup.js';
import { WorkspaceLock } from '../lock.js';
import type { DatabaseIntent, WorkspaceHandle, WorkspaceSettings } from '../store.js';
import type { WorkspacePaths } from '../types.js';
import {
  applyWritePragmas,
  checkDriftDatabase,
  checkDriftFile,
  checkIdentity,
  type Db,
  ensureIncrementalVacuum,
  type OpenMode,
  withConnection,
} from './connection.js';
import { databaseFiles } from './database-files.js';
import { lockPrimitive } from './lock-file.js';
import { SqliteStore } from './store.js';

/**
 * The handle of the workspace at `paths` on better-sqlite3: connections wait `timeoutMs` for locks,
 * and errors raised inside name `operation()`, the public operation running at the time.
 */
export function sqliteWorkspaceHandle(
  paths: WorkspacePaths,
  settings: WorkspaceSettings,
  timeoutMs: number,
  operation: () => string,
): WorkspaceHandle {
  const supported = settings.supportedSchemaVersion;
  /** Opens drift.db for `intent` after its file state is checked, and checks its identity before `fn`. */
  const withDriftDb = <T>(mode: OpenMode, intent: DatabaseIntent, fn: (db: Db) => T): T => {
    checkDriftFile(paths.dbPath, operation(), intent);
    return withConnection(
      paths.dbPath,
      mode,
      timeoutMs,
      (db) => {
        checkIdentity(db, paths.dbPath, operation(), intent, supported);
        return fn(db);
      },
      operation(),
    );
  };
  /** A read-write store of `db` with the writer's pragmas and the workspace tables. */
  const writer = (db: Db): SqliteStore => {
    applyWritePragmas(db);
    const store = new SqliteStore(db);
    store.ensureWorkspaceSchema();
    return store;
  };
  const handle: WorkspaceHandle = {
    paths,
    settings,
    files: databaseFiles(timeoutMs, operation),
    lock: new WorkspaceLock(paths.lockPath, () => lockPrimitive(paths.lockPath)),
    databaseExists: () => existsSync(paths.dbPath),
    checkDatabase: (intent) => checkDriftDatabase(paths.dbPath, operation(), intent, supported, timeoutMs),
    read: (fn) => {
      requireInitialized(handle, operation());
      return withDriftDb('read', 'read', (db) => fn(new SqliteStore(db)));
    },
    write: (fn) => {
      requireInitialized(handle, operation());
      return withDriftDb('write', 'write', (db) => fn(writer(db)));
    },
    create: (fn) =>
      withDriftDb('create', 'create', (db) => {
        ensureIncrementalVacuum(db);
        return fn(writer(db));
      }),
    at: (dbPath, fn) =>
      withConnection(dbPath, 'write', timeoutMs, (db) => fn(new SqliteStore(db)), operation()),
  };
  return handle;
}
