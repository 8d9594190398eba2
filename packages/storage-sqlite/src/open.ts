// Opening a drift.db: the checks made before anything is written (the file, the schema identity and
// version, read-only the pages), the migrations in one transaction, the file format and pragmas, and
// the connections of an engine.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStorageError, StorageError } from '@drift/storage-traits';
import {
  DRIFT_STORAGE_READ_PRAGMAS,
  DRIFT_STORAGE_WRITE_PRAGMAS,
  identifyDriftDatabase,
  inspectSqliteFile,
  type SqliteFileState,
  sqliteStorageError,
} from '@drift/storage-traits/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { isBusy, setBusyWait } from './busy.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import type { DriftStorageEngineOptions } from './options.js';

/** Folders of live in-memory engines, removed on close (or at exit if a process forgets to close). */
const memoryFolders = new Set<string>();
let exitHookInstalled = false;

/**
 * A private folder for an in-memory engine's database: on the RAM-backed /dev/shm where there is one,
 * else in the temp folder. better-sqlite3 is built without SQLite's shared cache, so several
 * connections cannot share a `:memory:` database; a throw-away file they all open gives the engine
 * its separate writer, readers and batch connection with read-your-writes on every path.
 */
export function memoryFolder(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'drift-memory-'));
  memoryFolders.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const folder of memoryFolders) rmSync(folder, { recursive: true, force: true });
    });
  }
  return dir;
}

/** Removes an in-memory engine's folder (see {@link memoryFolder}) when the engine closes. */
export function removeMemoryFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  memoryFolders.delete(dir);
}

/**
 * Refuses, without writing to it, a file that is not a SQLite database or is shorter than its own
 * header says. A missing or empty file is fine: SQLite creates the database.
 */
export function checkDatabaseFile(path: string): void {
  let state: SqliteFileState;
  try {
    state = inspectSqliteFile(path);
  } catch (error) {
    throw sqliteStorageError(error, 'open', path); // unreadable: a folder, no permission, ...
  }
  if (state.kind === 'not-a-file') {
    throw new StorageError(
      'INVALID_INPUT',
      `${path} is ${state.what}, not a database file; refusing to open it`,
      { path },
    );
  }
  if (state.kind === 'invalid') {
    throw new StorageError(
      'CORRUPT',
      `${path} ${state.reason}; refusing to open it (the file was not modified)`,
      { path },
    );
  }
}

/** `DRIFT_STORAGE_WRITE_PRAGMAS` on a connection that may write (WAL apart: see {@link finishFileFormat}). */
function applyWritePragmas(db: BetterSqlite3.Database): void {
  for (const pragma of DRIFT_STORAGE_WRITE_PRAGMAS) db.pragma(pragma);
}

/** `DRIFT_STORAGE_READ_PRAGMAS` on a read-only pool connection. */
function applyReadPragmas(db: BetterSqlite3.Database): void {
  for (const pragma of DRIFT_STORAGE_READ_PRAGMAS) db.pragma(pragma);
}

/** Names of the tables in a database that are not SQLite's own. */
function userTables(db: BetterSqlite3.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/** How many objects (tables, indexes, views, triggers) the schema holds, SQLite's own included. */
function schemaObjects(db: BetterSqlite3.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
}

/**
 * Refuses, before anything is written, a database this build must not touch: a drift.db of a newer
 * schema (`SCHEMA_TOO_NEW`), or a SQLite database that is not drift's whatever its `user_version`
 * (`CORRUPT`), as {@link identifyDriftDatabase} tells them apart. Returns the schema version.
 */
function checkSchema(db: BetterSqlite3.Database, path: string | null): number {
  const where = path ?? 'the database';
  const details = path === null ? {} : { path };
  const version = db.pragma('user_version', { simple: true }) as number;
  const identity = identifyDriftDatabase(version, userTables(db));
  if (identity.kind === 'newer') {
    throw new StorageError(
      'SCHEMA_TOO_NEW',
      `${where} has schema version ${version}, newer than ${SCHEMA_VERSION} which this build supports; upgrade @drift/storage-sqlite (the database was not modified)`,
      details,
    );
  }
  if (identity.kind === 'foreign') {
    throw new StorageError(
      'CORRUPT',
      `${where} is a SQLite database but not a drift database ${identity.reason}; refusing to modify it`,
      details,
    );
  }
  return version;
}

/** A read-only engine cannot migrate: it refuses a database below the current schema version. */
function checkCurrentSchema(version: number, path: string | null): void {
  if (version !== SCHEMA_VERSION) {
    throw new StorageError(
      'NOT_SUPPORTED',
      `${path ?? 'the database'} is at schema version ${version}; a read-only engine cannot migrate it to ${SCHEMA_VERSION} (open it once read-write first)`,
      path === null ? {} : { path },
    );
  }
}

/** How many of `quick_check`'s findings a refusal quotes, and how many characters of each. */
const QUICK_CHECK_FINDINGS = 3;
const QUICK_CHECK_FINDING_CHARS = 200;

/** Refuses with `CORRUPT` a database whose pages `PRAGMA quick_check` finds damaged. */
function checkPages(db: BetterSqlite3.Database, path: string | null): void {
  const findings = (db.pragma(`quick_check(${QUICK_CHECK_FINDINGS + 1})`) as { quick_check: string }[]).map(
    (row) => row.quick_check,
  );
  if (findings.length === 1 && findings[0] === 'ok') return;
  const shown = findings.slice(0, QUICK_CHECK_FINDINGS).map((finding) => {
    const f = finding.replace(/\s*\n\s*/g, ' / ');
    return f.length > QUICK_CHECK_FINDING_CHARS
      ? `${f.slice(0, QUICK_CHECK_FINDING_CHARS)}... (${f.length} characters)`
      : f;
  });
  const more = findings.length > QUICK_CHECK_FINDINGS ? '; and more' : '';
  throw new StorageError(
    'CORRUPT',
    `${path ?? 'the database'} is damaged: PRAGMA quick_check found ${shown.join('; ')}${more}; restore it from a backup (the file was not modified)`,
    path === null ? {} : { path },
  );
}

/**
 * Applies every missing migration and the new `user_version` in ONE immediate transaction, after
 * checking the schema again under the write lock (another process may have migrated it meanwhile): a
 * failure rolls everything back and the database stays at the version it had. Returns the version
 * the database had.
 */
function migrate(db: BetterSqlite3.Database, path: string | null): number {
  let from = 0;
  let target = 0;
  const run = db.transaction(() => {
    from = checkSchema(db, path);
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      target = migration.version;
      for (const ddl of migration.statements) db.exec(ddl.compile().sql);
    }
    if (from < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  try {
    run.immediate();
  } catch (cause) {
    if (isStorageError(cause) || isBusy(cause)) throw cause;
    throw new StorageError(
      'MIGRATION_FAILED',
      `migration to schema version ${target} failed: ${(cause as Error).message}; every migration of this open was rolled back and the database is still at schema version ${from}, unmodified`,
      { cause, ...(path === null ? {} : { path }) },
    );
  }
  return from;
}

/**
 * The file-format settings the reference applies (incremental auto-vacuum, WAL), made once the
 * schema is current: on a database that had none of drift's schema they cost nothing, on an older
 * drift.db they rewrite it (a `VACUUM`), which is done only after its migrations committed, so a
 * refused or failed open never reaches this point.
 */
function finishFileFormat(db: BetterSqlite3.Database): void {
  if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) {
    db.pragma('auto_vacuum = INCREMENTAL');
    if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) db.exec('VACUUM');
  }
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
}

/** The connections of an engine, as {@link openConnections} opens them. */
export interface OpenedConnections {
  readonly writer: BetterSqlite3.Database;
  readonly readers: BetterSqlite3.Database[];
  readonly batch: BetterSqlite3.Database;
}

/**
 * One attempt at opening an engine's connections: every check first, reading only; then, read-write,
 * the migrations in one transaction and the file-format settings. On any failure every connection
 * opened is closed again.
 */
export function openConnections(
  location: string,
  path: string | null,
  options: DriftStorageEngineOptions,
  readerCount: number,
  budgetMs: number,
  leftMs: number,
): OpenedConnections {
  const readOnly = options.readOnly === true;
  const opened: BetterSqlite3.Database[] = [];
  const open = (readonly: boolean) => {
    const db = new BetterSqlite3(location, readonly ? { readonly: true, fileMustExist: true } : {});
    opened.push(db);
    setBusyWait(db, leftMs);
    return db;
  };
  try {
    const writer = open(readOnly);
    const version = checkSchema(writer, path);
    if (readOnly) {
      checkCurrentSchema(version, path);
      if (options.quickCheck !== false) checkPages(writer, path);
      applyReadPragmas(writer);
    } else {
      // A database with nothing in it takes incremental auto-vacuum for free before its first table.
      if (version === 0 && schemaObjects(writer) === 0) writer.pragma('auto_vacuum = INCREMENTAL');
      if (version < SCHEMA_VERSION) migrate(writer, path);
      finishFileFormat(writer);
      applyWritePragmas(writer);
    }
    const readers = Array.from({ length: readerCount }, () => {
      const db = open(true);
      applyReadPragmas(db);
      return db;
    });
    const batch = open(readOnly);
    if (readOnly) applyReadPragmas(batch);
    else applyWritePragmas(batch);
    for (const db of opened) setBusyWait(db, budgetMs);
    return { writer, readers, batch };
  } catch (error) {
    for (const db of opened.reverse()) if (db.open) db.close();
    throw error;
  }
}
