// Destructive operations: each needs the explicit confirmation token, takes a backup first, and runs
// under the exclusive workspace lock.
import { existsSync, rmSync } from 'node:fs';
import { isStorageError } from '@drift/storage-traits';
import { requireConfirmation } from './arguments.js';
import { createBackup } from './backup.js';
import { removeDatabaseFile } from './replace.js';
import type { WorkspaceHandle } from './store.js';

/**
 * Runs a caller's destructive `operation` safely: checks the token, takes a `pre_destructive` backup
 * (it must succeed), logs start and completion events around it, all under the exclusive lock.
 */
export function performDestructiveOperation<T>(
  ws: WorkspaceHandle,
  name: string,
  confirmation: string,
  operation: () => T,
): T {
  requireConfirmation(name, confirmation);
  const guard = ws.lock.acquire('write', name);
  try {
    const backup = createBackup(ws, 'pre_destructive');
    ws.write((store) =>
      store.logEvent('destructive_op_start', JSON.stringify({ operation: name, backup_id: backup.id })),
    );
    const result = operation();
    ws.write((store) => store.logEvent('destructive_op_complete', JSON.stringify({ operation: name })));
    return result;
  } finally {
    guard.release();
  }
}

/** Takes the last backup before a reset or delete; a damaged database, which cannot be copied, is not kept. */
function finalBackup(ws: WorkspaceHandle): void {
  if (!ws.databaseExists()) return;
  // Another application's database, or a newer drift.db, is not this build's to remove.
  ws.checkDatabase('replace');
  ws.files.assertNotInUse(ws.paths.dbPath);
  try {
    createBackup(ws, 'pre_destructive');
  } catch (error) {
    if (!isStorageError(error, 'CORRUPT')) throw error;
  }
}

/**
 * Deletes the whole drift folder (database, cache, lock) after a final backup; backups and drift.toml
 * stay. Needs the token `DELETE`, the exclusive lock, and no other open connection to drift.db.
 */
export function deleteWorkspace(ws: WorkspaceHandle, confirmation: string): void {
  requireConfirmation('deleteWorkspace', confirmation);
  if (!existsSync(ws.paths.driftPath)) return;
  const guard = ws.lock.acquire('write', 'deleteWorkspace');
  try {
    finalBackup(ws);
    rmSync(ws.paths.driftPath, { recursive: true, force: true });
  } finally {
    guard.release();
  }
}

/**
 * Resets the workspace: removes drift.db (with its sidecars) and the cache after a backup, keeping
 * the backups, drift.toml and the drift folder. Needs the token `DELETE`, the exclusive lock, and no
 * other open connection to drift.db.
 */
export function resetWorkspace(ws: WorkspaceHandle, confirmation: string): void {
  requireConfirmation('resetWorkspace', confirmation);
  if (!existsSync(ws.paths.driftPath)) return;
  const guard = ws.lock.acquire('write', 'resetWorkspace');
  try {
    finalBackup(ws);
    removeDatabaseFile(ws.paths.dbPath);
    rmSync(ws.paths.cachePath, { recursive: true, force: true });
  } finally {
    guard.release();
  }
}
