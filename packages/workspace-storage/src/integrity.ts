// Workspace integrity: the databases, drift.toml and the backups, and automatic recovery from what it
// finds (a broken drift.toml, an interrupted replacement, a damaged drift.db with a sound backup).
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type IntegrityResult, isStorageError } from '@drift/storage-traits';
import { parse as parseToml } from 'smol-toml';
import { manifestsOnDisk } from './backup.js';
import { generateConfigTemplate } from './detect.js';
import { isWorkspaceError, WorkspaceError } from './errors.js';
import { readRegularFile, refuseSpecialFile } from './files.js';
import { processAlive } from './lock.js';
import { prepareReplacement, removeDatabaseFile, replaceLiveDatabase } from './replace.js';
import type { WorkspaceHandle } from './store.js';

/** The state of one database file. */
export type DatabaseIntegrity =
  | { readonly status: 'ok' }
  | { readonly status: 'quickCheckFailed'; readonly detail: string }
  | { readonly status: 'fullCheckFailed'; readonly detail: string }
  | { readonly status: 'missing' }
  | { readonly status: 'locked'; readonly detail: string }
  | { readonly status: 'versionMismatch'; readonly current: number; readonly expected: number };

/**
 * Whether drift.toml exists and parses as TOML (`parseError` carries the parser's message); a missing file is
 * not an issue.
 */
export type ConfigIntegrity =
  | { readonly status: 'ok' }
  | { readonly status: 'parseError'; readonly detail: string }
  | { readonly status: 'missing' };

/** The state of the backups. */
export interface BackupIntegrity {
  /** Folders under `.drift-backups`, registered or not. */
  readonly totalBackups: number;
  /** Folders whose drift.db passes a quick check. */
  readonly verifiedBackups: number;
  /** Folders without a sound drift.db. */
  readonly corruptedBackups: readonly string[];
  /** Registry rows whose folder is gone. */
  readonly orphanedEntries: number;
  /** Backup folders the registry does not list. */
  readonly orphanedFiles: number;
}

/**
 * `corrupted` when drift.db has any problem, `degraded` for any other issue, else `healthy`; `issues` say
 * each in words.
 */
export type OverallIntegrity =
  | { readonly status: 'healthy' }
  | { readonly status: 'degraded'; readonly issues: readonly string[] }
  | { readonly status: 'corrupted'; readonly issues: readonly string[] };

/** The outcome of {@link verifyWorkspace}. */
export interface IntegrityReport {
  /**
   * drift.db's state: quick (or, when thorough, full) integrity check and schema version against the
   * supported one.
   */
  readonly driftDb: DatabaseIntegrity;
  /** cortex.db (`missing` when the workspace has none). */
  readonly cortexDb: DatabaseIntegrity;
  /** drift.toml's state: present and parsing, unparsable, or missing. */
  readonly config: ConfigIntegrity;
  /** Backup folders checked one by one and compared with the backup registry. */
  readonly backups: BackupIntegrity;
  /** An import or restore was interrupted between keeping the previous drift.db and removing it. */
  readonly interruptedReplacement: boolean;
  /** The verdict over all the fields above (see {@link OverallIntegrity}). */
  readonly overall: OverallIntegrity;
}

/**
 * What {@link autoRecover} did: `success` is true when at least one action was taken, not when all problems
 * are gone.
 */
export interface RecoveryResult {
  /** True when at least one action was taken. */
  readonly success: boolean;
  /** Each action taken, in words, in the order taken; empty when nothing was done. */
  readonly actionsTaken: readonly string[];
}

/** Checks one database file: quick or full integrity check, and its schema version against `expected`. */
function checkDatabase(
  ws: WorkspaceHandle,
  path: string,
  thorough: boolean,
  expected?: number,
): DatabaseIntegrity {
  if (!existsSync(path)) return { status: 'missing' };
  try {
    const facts = ws.files.inspect(path, thorough ? 'full' : 'quick');
    if (facts.issues.length > 0) {
      const detail = facts.issues.slice(0, 5).join('; ');
      return thorough ? { status: 'fullCheckFailed', detail } : { status: 'quickCheckFailed', detail };
    }
    if (expected !== undefined && facts.userVersion > expected) {
      return { status: 'versionMismatch', current: facts.userVersion, expected };
    }
    return { status: 'ok' };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // Not a database at all (a FIFO, a folder): as unusable as a damaged one.
    if (isStorageError(error, 'CORRUPT') || isWorkspaceError(error, 'INVALID_PATH')) {
      return thorough ? { status: 'fullCheckFailed', detail } : { status: 'quickCheckFailed', detail };
    }
    return { status: 'locked', detail };
  }
}

/** Checks that drift.toml parses as TOML. */
function checkConfig(tomlPath: string): ConfigIntegrity {
  if (!existsSync(tomlPath)) return { status: 'missing' };
  try {
    parseToml(readRegularFile(tomlPath, 'verifyWorkspace'));
    return { status: 'ok' };
  } catch (error) {
    return { status: 'parseError', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Checks every backup folder and compares the folders with the registry. */
function checkBackups(ws: WorkspaceHandle): BackupIntegrity {
  const folders = existsSync(ws.paths.backupDir)
    ? readdirSync(ws.paths.backupDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  const corrupted: string[] = [];
  for (const name of folders) {
    const state = checkDatabase(ws, join(ws.paths.backupDir, name, 'drift.db'), false);
    if (state.status !== 'ok') corrupted.push(name);
  }
  let registered: string[] = [];
  try {
    if (ws.databaseExists()) registered = ws.read((store) => store.listBackups().map((b) => b.id));
  } catch {
    registered = [];
  }
  const onDisk = new Set(folders);
  const inRegistry = new Set(registered);
  return {
    totalBackups: folders.length,
    verifiedBackups: folders.length - corrupted.length,
    corruptedBackups: corrupted,
    orphanedEntries: registered.filter((id) => !onDisk.has(id)).length,
    orphanedFiles: folders.filter((name) => !inRegistry.has(name)).length,
  };
}

/**
 * Verifies the workspace: drift.db and cortex.db (`quick_check`, or the full `integrity_check` when
 * `thorough`), drift.toml, every backup, and leftovers of an interrupted replacement. A problem with
 * drift.db makes the verdict `corrupted`, any other problem `degraded`.
 */
export function verifyWorkspace(ws: WorkspaceHandle, thorough: boolean): IntegrityReport {
  const driftDb = checkDatabase(ws, ws.paths.dbPath, thorough, ws.settings.supportedSchemaVersion);
  const cortexDb = checkDatabase(ws, ws.paths.cortexDbPath, thorough);
  const config = checkConfig(ws.paths.tomlPath);
  const backups = checkBackups(ws);
  const interruptedReplacement = existsSync(`${ws.paths.dbPath}.previous`);
  const issues: string[] = [];
  let corrupted = false;
  if (driftDb.status !== 'ok') {
    corrupted = true;
    issues.push(`drift.db: ${driftDb.status}${'detail' in driftDb ? ` (${driftDb.detail})` : ''}`);
  }
  if (cortexDb.status !== 'ok' && cortexDb.status !== 'missing') issues.push(`cortex.db: ${cortexDb.status}`);
  if (config.status === 'parseError') issues.push(`drift.toml: does not parse (${config.detail})`);
  if (backups.corruptedBackups.length > 0)
    issues.push(`${backups.corruptedBackups.length} corrupted backups`);
  if (interruptedReplacement) issues.push('drift.db.previous: left by an interrupted import or restore');
  const overall: OverallIntegrity =
    issues.length === 0
      ? { status: 'healthy' }
      : corrupted
        ? { status: 'corrupted', issues }
        : { status: 'degraded', issues };
  return { driftDb, cortexDb, config, backups, interruptedReplacement, overall };
}

/** Replaces a damaged drift.db by the newest backup that passes every check; the damaged file is kept aside. */
function restoreFromNewestSoundBackup(ws: WorkspaceHandle): string {
  ws.checkDatabase('replace');
  for (const manifest of manifestsOnDisk(ws)) {
    let prepared: string;
    try {
      prepared = prepareReplacement(ws, join(manifest.backupPath, 'drift.db'), {
        operation: 'recover',
        describe: `backup ${manifest.id}`,
        corruptCode: 'BACKUP_CORRUPTED',
      });
    } catch {
      continue;
    }
    try {
      const registry = manifestsOnDisk(ws);
      ws.at(prepared, (store) =>
        store.transaction(() => {
          store.replaceBackups(registry);
          store.logEvent('workspace_recover', JSON.stringify({ backup_id: manifest.id }));
        }),
      );
      const aside = `${ws.paths.dbPath}.damaged-${Date.now()}`;
      ws.files.assertNotInUse(ws.paths.dbPath);
      copyFileSync(ws.paths.dbPath, aside);
      replaceLiveDatabase(ws, prepared, ws.paths.dbPath);
      return `Restored drift.db from backup ${manifest.id}; the damaged file was kept as ${basename(aside)}`;
    } finally {
      removeDatabaseFile(prepared);
    }
  }
  throw new WorkspaceError(
    'NO_VERIFIED_BACKUP',
    'drift.db is damaged and no backup passes an integrity check',
    {
      operation: 'autoRecover',
      path: ws.paths.dbPath,
    },
  );
}

/**
 * The hidden copies (`.<name>.<purpose>-<pid>-<time>-<n>.tmp`, with their SQLite sidecars) that an
 * import, restore, backup or export killed midway leaves beside drift.db and in backup folders, of
 * processes that are no longer running.
 */
function staleTempFiles(ws: WorkspaceHandle): string[] {
  const pattern = /^\.[^/]+\.[a-z]+-(\d+)-[0-9a-z]+-\d+\.tmp(?:-wal|-shm|-journal)?$/;
  const folders = [ws.paths.driftPath];
  if (existsSync(ws.paths.backupDir)) {
    for (const entry of readdirSync(ws.paths.backupDir, { withFileTypes: true })) {
      if (entry.isDirectory()) folders.push(join(ws.paths.backupDir, entry.name));
    }
  }
  const stale: string[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const pid = Number(pattern.exec(entry.name)?.[1] ?? Number.NaN);
      if (!Number.isSafeInteger(pid) || pid === process.pid || processAlive(pid)) continue;
      stale.push(join(folder, entry.name));
    }
  }
  return stale;
}

/**
 * Repairs what {@link verifyWorkspace} reported, under the exclusive lock: a drift.toml that does not
 * parse is saved as `drift.toml.broken` and rewritten from the default template; an interrupted
 * replacement is finished (or undone when drift.db is missing); a damaged drift.db is replaced by the
 * newest sound backup (`NOT_FOUND` NO_VERIFIED_BACKUP when there is none). Hidden temporary copies
 * left by a process killed during an import, restore, backup or export are removed.
 */
export function autoRecover(ws: WorkspaceHandle, report: IntegrityReport): RecoveryResult {
  const actions: string[] = [];
  const guard = ws.lock.acquire('write', 'autoRecover');
  try {
    if (report.config.status === 'parseError') {
      refuseSpecialFile('autoRecover', ws.paths.tomlPath);
      copyFileSync(ws.paths.tomlPath, `${ws.paths.tomlPath}.broken`);
      writeFileSync(
        ws.paths.tomlPath,
        generateConfigTemplate('default', basename(ws.paths.root) || 'unnamed'),
      );
      actions.push(
        'Reset drift.toml to the default template (the broken file was kept as drift.toml.broken)',
      );
    }
    const previous = `${ws.paths.dbPath}.previous`;
    if (existsSync(previous)) {
      if (existsSync(ws.paths.dbPath)) {
        rmSync(previous, { force: true });
        actions.push(
          'Removed drift.db.previous left by an interrupted import or restore (the new drift.db was in place)',
        );
      } else {
        renameSync(previous, ws.paths.dbPath);
        actions.push('Put drift.db back from drift.db.previous after an interrupted import or restore');
      }
    }
    const stale = staleTempFiles(ws);
    for (const file of stale) rmSync(file, { force: true });
    if (stale.length > 0) {
      actions.push(`Removed ${stale.length} temporary files left by an interrupted operation`);
    }
    const damaged =
      report.driftDb.status === 'quickCheckFailed' || report.driftDb.status === 'fullCheckFailed';
    if (damaged && existsSync(ws.paths.dbPath)) actions.push(restoreFromNewestSoundBackup(ws));
    return { success: actions.length > 0, actionsTaken: actions };
  } finally {
    guard.release();
  }
}

/**
 * SQLite's full integrity check of drift.db (IWorkspaceStorage's `integrityCheck`): a missing file, or
 * one whose header says it is empty, not a SQLite database or truncated, is reported (never opened),
 * not thrown.
 */
export function checkDatabaseIntegrity(ws: WorkspaceHandle): IntegrityResult {
  const { dbPath } = ws.paths;
  if (!ws.databaseExists()) {
    return { ok: false, issues: [`${dbPath} does not exist (the workspace is not initialized)`] };
  }
  try {
    ws.files.checkHeader(dbPath, dbPath);
    const { issues } = ws.files.inspect(dbPath, 'full');
    return { ok: issues.length === 0, issues };
  } catch (error) {
    if (!isStorageError(error, 'CORRUPT')) throw error;
    return { ok: false, issues: [error.message] };
  }
}
