// Verified copies and atomic replacement of database files: how a backup or export is published
// without ever leaving a half-written file, and how an import, restore or recovery swaps drift.db for a
// verified copy, keeping the previous database until the new one is in place.
import { constants, copyFileSync, existsSync, linkSync, renameSync, rmSync, statSync } from 'node:fs';
import { isStorageError } from '@drift/storage-traits';
import { invalidPath, WorkspaceError, type WorkspaceErrorCode } from './errors.js';
import { applyDriftSchema } from './migration.js';
import { sidecarsOf, tempPathBeside } from './paths.js';
import type { DatabaseFacts, WorkspaceHandle } from './store.js';

/** Removes a database file and its SQLite sidecars (no error when absent). */
export function removeDatabaseFile(path: string): void {
  for (const file of [path, ...sidecarsOf(path)]) rmSync(file, { force: true });
}

/** True when a database file has a non-empty write-ahead log or rollback journal beside it. */
function hasHotSidecar(path: string): boolean {
  return [`${path}-wal`, `${path}-journal`].some((file) => existsSync(file) && statSync(file).size > 0);
}

/** True for SQLite's and better-sqlite3's ways of saying a file is not a sound database. */
function isCorruption(error: unknown): boolean {
  if (isStorageError(error)) return error.code === 'CORRUPT';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}

/**
 * Moves the finished file `temp` to `destination` without overwriting anything: a hard link fails when
 * the destination appeared meanwhile; where links are unsupported, a checked rename is used.
 */
function publish(temp: string, destination: string, operation: string, field: string): void {
  try {
    linkSync(temp, destination);
    rmSync(temp, { force: true });
    return;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') {
      throw invalidPath(
        operation,
        field,
        destination,
        'already exists; choose a new file path (nothing is overwritten)',
      );
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EOPNOTSUPP') throw error;
  }
  if (existsSync(destination)) {
    throw invalidPath(
      operation,
      field,
      destination,
      'already exists; choose a new file path (nothing is overwritten)',
    );
  }
  renameSync(temp, destination);
}

/** How a verified copy is taken. */
export type CopyMethod = 'snapshot' | 'vacuum';

/**
 * Writes a copy of the database `source` to the new file `destination`: into a hidden file beside
 * it first (the online backup API for `snapshot`, `VACUUM INTO` for `vacuum`), as one self-contained
 * file, integrity-checked when `verify` is set (`CORRUPT` with `corruptCode` otherwise), and only then
 * published under its name. On any failure nothing is left at `destination`.
 */
export function writeVerifiedCopy(
  ws: WorkspaceHandle,
  source: string,
  destination: string,
  options: {
    readonly method: CopyMethod;
    readonly verify: boolean;
    readonly corruptCode: WorkspaceErrorCode;
    readonly operation: string;
    readonly field: string;
  },
): DatabaseFacts {
  const temp = tempPathBeside(destination, 'partial');
  try {
    if (options.method === 'snapshot') ws.files.snapshot(source, temp);
    else ws.files.vacuumInto(source, temp);
    ws.files.finalize(temp);
    const facts = ws.files.inspect(temp, options.verify ? 'full' : 'none');
    if (facts.issues.length > 0) {
      throw new WorkspaceError(
        options.corruptCode,
        `${options.operation}: the copy of ${source} failed its integrity check (${facts.issues.slice(0, 3).join('; ')}); it was removed`,
        { operation: options.operation, path: destination },
      );
    }
    publish(temp, destination, options.operation, options.field);
    return facts;
  } finally {
    removeDatabaseFile(temp);
  }
}

/**
 * True for a drift database: one with drift's schema (`file_metadata`), or, at schema version 0, one
 * with the workspace tables only (a workspace initialized without drift's schema installer).
 */
function isDriftDatabase(facts: DatabaseFacts): boolean {
  return (
    facts.tables.includes('file_metadata') ||
    (facts.userVersion === 0 && facts.tables.includes('workspace_config'))
  );
}

/** How {@link prepareReplacement} names and reports a source. */
export interface ReplacementRules {
  /** The operation, for messages and the temp file name (`import`, `restore`, ...). */
  readonly operation: string;
  /** What the source is called in messages (`import source /x/y.db`). */
  readonly describe: string;
  /** The workspace code of a refused source. */
  readonly corruptCode: 'IMPORT_CORRUPTED' | 'BACKUP_CORRUPTED';
}

/**
 * Copies `source` into a private file in the drift folder and verifies the copy before anything else
 * is touched: a SQLite database, passing a full integrity check, with drift's tables, and a schema
 * version not newer than supported. Then brings it up to date (drift's schema installer when the
 * application gave one, the workspace tables) and returns its path. Refusals are `CORRUPT` (with
 * `rules.corruptCode`) or `SCHEMA_TOO_NEW`; on any failure the copy is removed and the workspace
 * is as it was.
 */
export function prepareReplacement(ws: WorkspaceHandle, source: string, rules: ReplacementRules): string {
  const refuse = (why: string, cause?: unknown) =>
    new WorkspaceError(
      rules.corruptCode,
      `${rules.operation}: ${rules.describe} ${why}; the workspace was not changed`,
      {
        operation: rules.operation,
        path: source,
        ...(cause === undefined ? {} : { cause }),
      },
    );
  const temp = tempPathBeside(ws.paths.dbPath, rules.operation);
  try {
    try {
      ws.files.checkHeader(source, rules.describe);
    } catch (error) {
      if (!isCorruption(error)) throw error;
      throw new WorkspaceError(
        rules.corruptCode,
        `${rules.operation}: ${(error as Error).message}; the workspace was not changed`,
        {
          operation: rules.operation,
          path: source,
          cause: error,
        },
      );
    }
    try {
      if (hasHotSidecar(source)) ws.files.snapshot(source, temp);
      else copyFileSync(source, temp, constants.COPYFILE_EXCL);
      ws.files.finalize(temp);
    } catch (error) {
      throw isCorruption(error)
        ? refuse(`is not a sound SQLite database (${(error as Error).message})`, error)
        : error;
    }
    let facts: DatabaseFacts;
    try {
      facts = ws.files.inspect(temp, 'full');
    } catch (error) {
      throw isCorruption(error) ? refuse(`cannot be read (${(error as Error).message})`, error) : error;
    }
    if (facts.issues.length > 0) {
      throw refuse(`fails SQLite's integrity check (${facts.issues.slice(0, 3).join('; ')})`);
    }
    if (!isDriftDatabase(facts)) {
      const tables =
        facts.tables.length === 0 ? 'no tables' : `tables ${facts.tables.slice(0, 5).join(', ')}`;
      throw refuse(`is a SQLite database but not a drift database (it has ${tables} and no drift schema)`);
    }
    const supported = ws.settings.supportedSchemaVersion;
    if (facts.userVersion > supported) {
      throw new WorkspaceError(
        'SCHEMA_TOO_NEW',
        `${rules.operation}: ${rules.describe} has drift schema version ${facts.userVersion}, newer than ${supported} which this build supports; upgrade first (the workspace was not changed)`,
        { operation: rules.operation, path: source },
      );
    }
    const install = applyDriftSchema(ws, temp);
    ws.at(temp, (store) => {
      store.ensureWorkspaceSchema();
      if (install !== null && install.fromVersion !== install.toVersion) store.insertMigration(install);
    });
    return temp;
  } catch (error) {
    removeDatabaseFile(temp);
    throw error;
  }
}

/**
 * Puts the prepared database file `prepared` in place of `live` in one atomic rename. Refuses with
 * `BUSY` while another connection has `live` open. The previous database stays linked as
 * `<live>.previous` until the new one is in place (and is put back should the rename fail).
 */
export function replaceLiveDatabase(ws: WorkspaceHandle, prepared: string, live: string): void {
  const previous = `${live}.previous`;
  if (!existsSync(live) && existsSync(previous)) renameSync(previous, live); // an interrupted earlier swap
  const hadLive = existsSync(live);
  if (hadLive) ws.files.assertNotInUse(live);
  for (const sidecar of sidecarsOf(live)) rmSync(sidecar, { force: true });
  rmSync(previous, { force: true });
  if (hadLive) {
    try {
      linkSync(live, previous);
    } catch {
      copyFileSync(live, previous);
    }
  }
  try {
    renameSync(prepared, live);
  } catch (error) {
    if (hadLive && !existsSync(live)) renameSync(previous, live);
    rmSync(previous, { force: true });
    throw error;
  }
  rmSync(previous, { force: true });
}
