// Workspace migrations: running the application's drift-schema installer with its outcome recorded.
import { existsSync, statSync } from 'node:fs';
import { isStorageError } from '@drift/storage-traits';
import { WorkspaceError } from './errors.js';
import type { WorkspaceHandle } from './store.js';
import type { NewMigrationRecord } from './types.js';

/** The outcome of running the drift-schema installer on one file. */
export type SchemaInstall = NewMigrationRecord & { readonly success: true };

/** `PRAGMA user_version` of a database file, 0 when it does not exist or is empty. */
function versionOf(ws: WorkspaceHandle, dbPath: string): number {
  if (!existsSync(dbPath) || statSync(dbPath).size === 0) return 0;
  return ws.at(dbPath, (store) => store.userVersion());
}

/**
 * Runs the application's drift-schema installer on `dbPath` (creating or upgrading drift's tables)
 * and returns what it changed, or null when there is no installer. A failure is thrown (a StorageError
 * of the installer as it is, anything else as `MIGRATION_FAILED`) and nothing is recorded: a failed
 * installation leaves the file as the installer left it, which for drift's engine (each migration in
 * its own transaction) is as it was.
 */
export function applyDriftSchema(ws: WorkspaceHandle, dbPath: string): SchemaInstall | null {
  const install = ws.settings.installDriftSchema;
  if (install === null) return null;
  const fromVersion = versionOf(ws, dbPath);
  const started = Date.now();
  try {
    install(dbPath);
  } catch (cause) {
    if (isStorageError(cause)) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new WorkspaceError(
      'MIGRATION_FAILED',
      `installing drift's schema in ${dbPath} failed (the database was left at version ${fromVersion}): ${message}`,
      { cause, path: dbPath },
    );
  }
  return {
    fromVersion,
    toVersion: versionOf(ws, dbPath),
    durationMs: Date.now() - started,
    success: true,
    errorMessage: null,
  };
}
