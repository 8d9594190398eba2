// Workspace migrations: the workspace tables this package adds to drift.db, the migration history,
// and running the application's drift-schema installer with its outcome recorded.
import { existsSync, statSync } from 'node:fs';
import { isStorageError } from '@drift/storage-traits';
import { DRIFT_WORKSPACE_TABLES } from '@drift/storage-traits/sqlite';
import { WorkspaceError } from './errors.js';
import type { WorkspaceHandle } from './store.js';

/**
 * The tables this package creates in drift.db (drift's own tables come from its schema installer):
 * `DRIFT_WORKSPACE_TABLES` of `@drift/storage-traits/sqlite`, the one list both SQLite packages use.
 */
export const WORKSPACE_TABLES = DRIFT_WORKSPACE_TABLES;

/** One of {@link WORKSPACE_TABLES}. */
export type WorkspaceTable = (typeof WORKSPACE_TABLES)[number];

/** A migration to record. */
export interface NewMigrationRecord {
  /** Schema version before. */
  readonly fromVersion: number;
  /** Schema version after (equal to `fromVersion` for a failed attempt). */
  readonly toVersion: number;
  /** How long it took, in milliseconds. */
  readonly durationMs: number;
  /** Whether it succeeded. */
  readonly success: boolean;
  /** Why it failed, when it did. */
  readonly errorMessage: string | null;
}

/** A recorded migration, from `SqliteWorkspaceStorage.migrationHistory()`. */
export interface MigrationRecord extends NewMigrationRecord {
  /** Row id, in order of recording. */
  readonly id: number;
  /** When it was recorded (UTC, `YYYY-MM-DD HH:MM:SS`). */
  readonly appliedAt: string;
}

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
