// Hot backups with manifests, tiered retention, restore and deletion. Every copy of a live database is
// taken with SQLite's online backup API (consistent while other connections write), verified, and
// published only once complete.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BackupResult, isStorageError } from '@drift/storage-traits';
import { requireConfirmation } from './arguments.js';
import { invalidPath, WorkspaceError } from './errors.js';
import { readRegularFile } from './files.js';
import { checkDestination, tempPathBeside } from './paths.js';
import { prepareReplacement, removeDatabaseFile, replaceLiveDatabase, writeVerifiedCopy } from './replace.js';
import { fileSize, folderSize } from './status.js';
import type { WorkspaceHandle } from './store.js';
import type { BackupConfig, BackupManifest, BackupReason, BackupTier } from './types.js';

/** Every {@link BackupReason}; a stored reason outside this list reads back as `user_requested`. */
export const BACKUP_REASONS: readonly BackupReason[] = [
  'version_upgrade',
  'schema_migration',
  'user_requested',
  'pre_destructive',
  'scheduled',
  'auto_save',
  'ci_export',
];

/** Every {@link BackupTier}; a stored tier outside this list reads back as `operational`. */
export const BACKUP_TIERS: readonly BackupTier[] = ['operational', 'daily', 'weekly'];

/** Reads a stored reason; anything unrecognised is `user_requested`. */
export function parseBackupReason(value: string): BackupReason {
  return (BACKUP_REASONS as readonly string[]).includes(value) ? (value as BackupReason) : 'user_requested';
}

/** Reads a stored tier; anything unrecognised is `operational`. */
export function parseBackupTier(value: string): BackupTier {
  return (BACKUP_TIERS as readonly string[]).includes(value) ? (value as BackupTier) : 'operational';
}

/**
 * The tier a reason files its backup under: safety copies around migrations, upgrades and destructive
 * operations are `operational`, scheduled and automatic ones `daily`, requested and CI ones `weekly`.
 */
export function tierOfReason(reason: BackupReason): BackupTier {
  switch (reason) {
    case 'schema_migration':
    case 'pre_destructive':
    case 'version_upgrade':
      return 'operational';
    case 'scheduled':
    case 'auto_save':
      return 'daily';
    case 'user_requested':
    case 'ci_export':
      return 'weekly';
  }
}

/** The default retention: 5 operational, 7 daily, 4 weekly, 500 MiB in all; copies verified. */
export const DEFAULT_BACKUP_CONFIG: BackupConfig = Object.freeze({
  maxOperational: 5,
  maxDaily: 7,
  maxWeekly: 4,
  maxTotalSizeMb: 500,
  verifyAfterBackup: true,
});

const MANIFEST_FILE = 'manifest.json';
let sequence = 0;

/** A creation stamp that sorts in creation order within a process (the sequence breaks same-millisecond ties). */
function creationStamp(): string {
  sequence += 1;
  const now = Date.now();
  const nanos = (now % 1000) * 1_000_000 + (sequence % 1_000_000);
  return `${Math.floor(now / 1000)}.${String(nanos).padStart(9, '0')}.${sequence}`;
}

/** Refuses a backup id that is not a plain folder name (no separators, not `.` or `..`). */
function checkBackupId(operation: string, id: string): void {
  if (id.length === 0 || id === '.' || id === '..' || /[/\\\0]/.test(id)) {
    throw invalidPath(operation, 'backupId', id, 'is not a backup id (a folder name under .drift-backups)');
  }
}

/** Reads a backup folder's manifest.json, or null when it is missing, not a regular file, or malformed. */
function readManifestFile(folder: string): BackupManifest | null {
  try {
    const text = readRegularFile(join(folder, MANIFEST_FILE), 'readManifest');
    const value = JSON.parse(text) as Partial<BackupManifest>;
    if (typeof value.id !== 'string' || typeof value.createdAt !== 'string') return null;
    return {
      id: value.id,
      reason: parseBackupReason(String(value.reason)),
      createdAt: value.createdAt,
      driftDbSize: Number(value.driftDbSize ?? 0),
      cortexDbSize: typeof value.cortexDbSize === 'number' ? value.cortexDbSize : null,
      schemaVersion: Number(value.schemaVersion ?? 0),
      driftVersion: String(value.driftVersion ?? ''),
      backupPath: folder,
      integrityVerified: value.integrityVerified === true,
      tier: parseBackupTier(String(value.tier)),
    };
  } catch {
    return null;
  }
}

/** Manifests of every backup folder on disk, newest first. */
export function manifestsOnDisk(ws: WorkspaceHandle): BackupManifest[] {
  if (!existsSync(ws.paths.backupDir)) return [];
  const manifests: BackupManifest[] = [];
  for (const entry of readdirSync(ws.paths.backupDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const manifest = readManifestFile(join(ws.paths.backupDir, entry.name));
    if (manifest !== null && manifest.id === entry.name) manifests.push(manifest);
  }
  return manifests.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** The registry to carry into a replacement database: the live one, or the manifests on disk when it is unreadable. */
export function currentRegistry(ws: WorkspaceHandle): BackupManifest[] {
  try {
    return ws.read((store) => store.listBackups());
  } catch {
    return manifestsOnDisk(ws);
  }
}

/** Throws `NOT_FOUND` (NOT_INITIALIZED) unless drift.db exists. */
export function requireInitialized(ws: WorkspaceHandle, operation: string): void {
  if (!ws.databaseExists()) {
    throw new WorkspaceError(
      'NOT_INITIALIZED',
      `${operation}: the workspace at ${ws.paths.root} is not initialized (${ws.paths.dbPath} does not exist); call initialize() first`,
      { operation, path: ws.paths.dbPath },
    );
  }
}

/**
 * Writes a verified online backup of drift.db to the new file `destination` (the trait's `backup`);
 * the destination is checked first (see `checkDestination`) and is never left half-written.
 */
export function backupTo(ws: WorkspaceHandle, destination: string): BackupResult {
  const started = Date.now();
  const target = checkDestination('backup', 'destination', destination, [
    ws.paths.dbPath,
    ws.paths.cortexDbPath,
  ]);
  requireInitialized(ws, 'backup');
  ws.checkDatabase('read');
  const guard = ws.lock.acquire('read', 'backup');
  try {
    writeVerifiedCopy(ws, ws.paths.dbPath, target, {
      method: 'snapshot',
      verify: ws.settings.backup.verifyAfterBackup,
      corruptCode: 'BACKUP_CORRUPTED',
      operation: 'backup',
      field: 'destination',
    });
    return { destination: target, sizeBytes: fileSize(target), durationMs: Date.now() - started };
  } finally {
    guard.release();
  }
}

/** Makes a new, empty backup folder with a unique id. */
function newBackupFolder(
  ws: WorkspaceHandle,
  reason: BackupReason,
): { id: string; stamp: string; folder: string } {
  mkdirSync(ws.paths.backupDir, { recursive: true });
  for (;;) {
    const stamp = creationStamp();
    const id = `backup-${stamp}-${reason}`;
    const folder = join(ws.paths.backupDir, id);
    try {
      mkdirSync(folder);
      return { id, stamp, folder };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Takes a registered backup: online copies of drift.db (and cortex.db when present) in a new folder
 * under `.drift-backups`, verified, with a manifest.json; then registers it and applies retention
 * (never removing an id in `protect`). A failed backup leaves no folder and no registry row.
 */
export function createBackup(
  ws: WorkspaceHandle,
  reason: BackupReason,
  protect: ReadonlySet<string> = new Set(),
): BackupManifest {
  requireInitialized(ws, 'createBackup');
  // The backup is registered in drift.db: refused, before any folder is made, where writing would be.
  ws.checkDatabase('write');
  const guard = ws.lock.acquire('read', 'createBackup');
  try {
    const { id, stamp, folder } = newBackupFolder(ws, reason);
    let manifest: BackupManifest;
    try {
      const verify = ws.settings.backup.verifyAfterBackup;
      const copy = (source: string, name: string) =>
        writeVerifiedCopy(ws, source, join(folder, name), {
          method: 'snapshot',
          verify,
          corruptCode: 'BACKUP_CORRUPTED',
          operation: 'createBackup',
          field: 'reason',
        });
      const facts = copy(ws.paths.dbPath, 'drift.db');
      const hasCortex = existsSync(ws.paths.cortexDbPath);
      if (hasCortex) copy(ws.paths.cortexDbPath, 'cortex.db');
      manifest = {
        id,
        reason,
        createdAt: stamp,
        driftDbSize: fileSize(join(folder, 'drift.db')),
        cortexDbSize: hasCortex ? fileSize(join(folder, 'cortex.db')) : null,
        schemaVersion: facts.userVersion,
        driftVersion: ws.settings.driftVersion,
        backupPath: folder,
        integrityVerified: verify,
        tier: tierOfReason(reason),
      };
      writeFileSync(join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      const registered = manifest;
      ws.write((store) => store.insertBackup(registered));
    } catch (error) {
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    try {
      enforceRetention(ws, new Set([...protect, id]));
    } catch {
      // Retention is housekeeping: the backup itself is complete and registered.
    }
    return manifest;
  } finally {
    guard.release();
  }
}

/** Removes a backup's folder, when its id is a plain folder name. */
function removeBackupFolder(ws: WorkspaceHandle, id: string): void {
  try {
    checkBackupId('retention', id);
  } catch {
    return;
  }
  rmSync(join(ws.paths.backupDir, id), { recursive: true, force: true });
}

/**
 * Applies tiered retention: in each tier, backups beyond the configured number (newest kept) are
 * removed; then, while all backups together exceed `maxTotalSizeMb`, the oldest are removed. Ids in
 * `protect` are never removed. Returns the removed ids.
 */
export function enforceRetention(ws: WorkspaceHandle, protect: ReadonlySet<string> = new Set()): string[] {
  const config = ws.settings.backup;
  const limits: ReadonlyArray<readonly [BackupTier, number]> = [
    ['operational', config.maxOperational],
    ['daily', config.maxDaily],
    ['weekly', config.maxWeekly],
  ];
  const removed = ws.write((store) =>
    store.transaction(() => {
      const ids: string[] = [];
      for (const [tier, keep] of limits) {
        for (const id of store.backupIdsBeyond(tier, keep)) if (!protect.has(id)) ids.push(id);
      }
      if (config.maxTotalSizeMb > 0) {
        const limit = config.maxTotalSizeMb * 1024 * 1024;
        const remaining = store.listBackups().filter((b) => !ids.includes(b.id));
        let total = remaining.reduce((sum, b) => sum + folderSize(b.backupPath), 0);
        for (const backup of [...remaining].reverse()) {
          if (total <= limit) break;
          if (protect.has(backup.id)) continue;
          total -= folderSize(backup.backupPath);
          ids.push(backup.id);
        }
      }
      for (const id of ids) store.deleteBackup(id);
      return ids;
    }),
  );
  for (const id of removed) removeBackupFolder(ws, id);
  return removed;
}

/** Deletes a backup (folder and registry row); needs the confirmation token `DELETE`. */
export function deleteBackup(ws: WorkspaceHandle, id: string, confirmation: string): void {
  requireConfirmation('deleteBackup', confirmation);
  checkBackupId('deleteBackup', id);
  const folder = join(ws.paths.backupDir, id);
  const guard = ws.lock.acquire('write', 'deleteBackup');
  try {
    const registered = ws.databaseExists() && ws.write((store) => store.deleteBackup(id));
    if (!registered && !existsSync(folder)) {
      throw new WorkspaceError('BACKUP_NOT_FOUND', `deleteBackup: no backup ${JSON.stringify(id)}`, {
        operation: 'deleteBackup',
        field: 'backupId',
        path: folder,
      });
    }
    rmSync(folder, { recursive: true, force: true });
  } finally {
    guard.release();
  }
}

/**
 * Restores drift.db (and cortex.db, when the backup has one) from backup `id`. Everything that can
 * refuse it is checked before anything is written: the backup exists, the live drift.db is not a
 * special file, another application's database or a newer schema, and neither database is open in
 * another connection (`BUSY` DATABASE_IN_USE); then the backup's copy is verified (`CORRUPT`
 * BACKUP_CORRUPTED otherwise). Only then is a safety backup of the current state taken (and retention
 * applied), the backup registry carried over, and the databases replaced atomically. Needs the
 * exclusive workspace lock. A refused restore leaves drift.db, the backups and the registry as they were.
 */
export function restoreBackup(ws: WorkspaceHandle, id: string): void {
  checkBackupId('restore', id);
  const folder = join(ws.paths.backupDir, id);
  const source = join(folder, 'drift.db');
  if (!existsSync(source)) {
    throw new WorkspaceError(
      'BACKUP_NOT_FOUND',
      `restore: no backup ${JSON.stringify(id)} (${source} does not exist)`,
      {
        operation: 'restore',
        field: 'backupId',
        path: folder,
      },
    );
  }
  mkdirSync(ws.paths.driftPath, { recursive: true });
  const guard = ws.lock.acquire('write', 'restore');
  const prepared: string[] = [];
  try {
    ws.checkDatabase('replace');
    const cortexSource = join(folder, 'cortex.db');
    // Both databases must be free before anything is written: the safety backup's retention may
    // remove an older backup, which a refused restore must not do.
    if (ws.databaseExists()) ws.files.assertNotInUse(ws.paths.dbPath);
    if (existsSync(cortexSource) && existsSync(ws.paths.cortexDbPath))
      ws.files.assertNotInUse(ws.paths.cortexDbPath);
    const driftCopy = prepareReplacement(ws, source, {
      operation: 'restore',
      describe: `backup ${id}`,
      corruptCode: 'BACKUP_CORRUPTED',
    });
    prepared.push(driftCopy);
    let cortexCopy: string | null = null;
    if (existsSync(cortexSource)) {
      cortexCopy = tempPathBeside(ws.paths.cortexDbPath, 'restore');
      prepared.push(cortexCopy);
      writeVerifiedCopy(ws, cortexSource, cortexCopy, {
        method: 'snapshot',
        verify: true,
        corruptCode: 'BACKUP_CORRUPTED',
        operation: 'restore',
        field: 'backupId',
      });
    }
    if (ws.databaseExists()) {
      try {
        createBackup(ws, 'pre_destructive', new Set([id]));
      } catch (error) {
        // A damaged live database cannot be copied (it may be why the user restores); any other
        // failure of the safety copy stops the restore before anything changed.
        if (!isStorageError(error, 'CORRUPT')) throw error;
      }
    }
    const registry = currentRegistry(ws);
    ws.at(driftCopy, (store) =>
      store.transaction(() => {
        store.replaceBackups(registry);
        store.logEvent('backup_restore', JSON.stringify({ backup_id: id }));
      }),
    );
    // Both databases must be free before either is replaced, so a restore never leaves them half done.
    if (cortexCopy !== null && existsSync(ws.paths.cortexDbPath))
      ws.files.assertNotInUse(ws.paths.cortexDbPath);
    replaceLiveDatabase(ws, driftCopy, ws.paths.dbPath);
    if (cortexCopy !== null) replaceLiveDatabase(ws, cortexCopy, ws.paths.cortexDbPath);
  } finally {
    for (const file of prepared) removeDatabaseFile(file);
    guard.release();
  }
}

/** Registered backups, newest first; `NOT_FOUND` (NOT_INITIALIZED) when drift.db does not exist. */
export function listBackups(ws: WorkspaceHandle): BackupManifest[] {
  requireInitialized(ws, 'listBackups');
  return ws.read((store) => store.listBackups());
}
