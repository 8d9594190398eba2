// Where a workspace keeps its files, and the rules a caller's path must follow before anything is
// written. File-system only: nothing here opens a database.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { invalidPath, WorkspaceError } from './errors.js';
import type { WorkspacePaths } from './types.js';

/** The layout of the workspace rooted at `root`, with its drift folder named `driftDir`. */
export function workspacePaths(root: string, driftDir = '.drift'): WorkspacePaths {
  const absolute = resolve(root);
  const driftPath = join(absolute, driftDir);
  return {
    root: absolute,
    driftPath,
    dbPath: join(driftPath, 'drift.db'),
    cortexDbPath: join(driftPath, 'cortex.db'),
    backupDir: join(absolute, '.drift-backups'),
    tomlPath: join(absolute, 'drift.toml'),
    cachePath: join(driftPath, 'cache'),
    lockPath: join(driftPath, 'workspace.lock'),
  };
}

/** The files SQLite keeps beside a database: its write-ahead log, shared memory and rollback journal. */
export function sidecarsOf(dbPath: string): readonly string[] {
  return [`${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`];
}

/** The canonical form of a path that may not exist yet: its folder resolved through symlinks. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

/** True when `a` and `b` name the same file (same canonical path, or same inode when both exist). */
function sameFile(a: string, b: string): boolean {
  if (canonical(a) === canonical(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

/** The protected database a path would hit, itself or one of its SQLite sidecars, if any. */
function protectedHit(path: string, protectedDbs: readonly string[]): string | undefined {
  for (const db of protectedDbs) {
    for (const candidate of [db, ...sidecarsOf(db)]) if (sameFile(path, candidate)) return db;
  }
  return undefined;
}

/** Throws `INVALID_INPUT` (INVALID_PATH) naming `field` when `path` is empty or only whitespace. */
function requireNonEmpty(operation: string, field: string, path: string): void {
  if (path.trim().length === 0) throw invalidPath(operation, field, path, 'must not be empty');
}

/**
 * Checks where a backup or export may be written and returns its absolute path. Refused, with the
 * path and the rule named: an empty path, the live database or one of its sidecars, a path whose
 * parent folder is missing or not a folder, and a path that already exists (nothing is overwritten).
 */
export function checkDestination(
  operation: string,
  field: string,
  destination: string,
  protectedDbs: readonly string[],
): string {
  requireNonEmpty(operation, field, destination);
  const absolute = resolve(destination);
  const hit = protectedHit(absolute, protectedDbs);
  if (hit !== undefined) {
    throw invalidPath(operation, field, destination, `would overwrite the live database ${hit}`);
  }
  const parent = dirname(absolute);
  if (!existsSync(parent)) {
    throw invalidPath(
      operation,
      field,
      destination,
      `has no parent folder (${parent} does not exist); create it first`,
    );
  }
  if (!statSync(parent).isDirectory()) {
    throw invalidPath(operation, field, destination, `has a parent (${parent}) that is not a folder`);
  }
  if (existsSync(absolute)) {
    const what = statSync(absolute).isDirectory() ? 'is an existing folder' : 'already exists';
    throw invalidPath(
      operation,
      field,
      destination,
      `${what}; choose a new file path (nothing is overwritten)`,
    );
  }
  return absolute;
}

/**
 * Checks a file the caller wants read into the workspace (an import source) and returns its absolute
 * path: `NOT_FOUND` when it does not exist; `INVALID_INPUT` when it is empty, not a regular file, or
 * the live database itself.
 */
export function checkSource(
  operation: string,
  field: string,
  source: string,
  protectedDbs: readonly string[],
): string {
  requireNonEmpty(operation, field, source);
  const absolute = resolve(source);
  if (!existsSync(absolute)) {
    throw new WorkspaceError(
      'SOURCE_NOT_FOUND',
      `${operation}: ${field} ${JSON.stringify(source)} does not exist`,
      {
        operation,
        field,
        path: source,
      },
    );
  }
  if (!statSync(absolute).isFile()) throw invalidPath(operation, field, source, 'is not a regular file');
  const hit = protectedHit(absolute, protectedDbs);
  if (hit !== undefined) {
    throw invalidPath(operation, field, source, `is this workspace's own live database (${hit})`);
  }
  return absolute;
}

/** Refuses a `path` argument that is neither `''` nor the storage's project root `root` (`INVALID_INPUT`). */
export function requireOwnRoot(operation: string, path: string, root: string): void {
  if (path !== '' && resolve(path) !== root) {
    throw invalidPath(
      operation,
      'path',
      path,
      `is not this storage's project root (${root}); open a storage on that folder instead`,
    );
  }
}

/** Refuses to work in a project root that is not an existing folder (`INVALID_INPUT`). */
export function requireExistingRoot(root: string, operation: string): void {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw invalidPath(operation, 'root', root, 'is not an existing folder (the project root must exist)');
  }
}

let tempCounter = 0;

/** A fresh hidden path beside `path` (same folder, so a rename onto `path` is atomic). */
export function tempPathBeside(path: string, purpose: string): string {
  tempCounter += 1;
  const nonce = `${process.pid}-${Date.now().toString(36)}-${tempCounter}`;
  return join(dirname(path), `.${basename(path)}.${purpose}-${nonce}.tmp`);
}
