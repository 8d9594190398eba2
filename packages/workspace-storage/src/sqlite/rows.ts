// The rows SqliteStore selects from the workspace tables, the column lists it selects, and their
// mapping to the package's records.
import { parseBackupReason, parseBackupTier } from '../backup.js';
import { parseHealthStatus } from '../project.js';
import type { BackupManifest, RegisteredProject } from '../types.js';

/** The project_registry columns a RegisteredProject is read from, in {@link ProjectRow} order. */
export const PROJECT_COLUMNS = 'id, name, root_path, drift_path, health_status, is_active';
/** The backup_registry columns of a manifest, the order of `insertBackup`'s placeholders too. */
export const BACKUP_COLUMNS =
  'id, reason, created_at, drift_db_size, cortex_db_size, schema_version, drift_version, backup_path, integrity_verified, tier';

/** A project_registry row as {@link PROJECT_COLUMNS} selects it. */
export interface ProjectRow {
  id: string;
  name: string;
  root_path: string;
  drift_path: string;
  health_status: string;
  is_active: number;
}

/** A backup_registry row as {@link BACKUP_COLUMNS} selects it. */
export interface BackupRow {
  id: string;
  reason: string;
  created_at: string;
  drift_db_size: number;
  cortex_db_size: number | null;
  schema_version: number;
  drift_version: string;
  backup_path: string;
  integrity_verified: number;
  tier: string;
}

/** A workspace_packages row without its id and creation time (`dependencies` is a JSON list). */
export interface PackageRow {
  name: string;
  path: string;
  language: string | null;
  framework: string | null;
  dependencies: string | null;
}

/** A migration_history row (`success` is 0 or 1). */
export interface MigrationRow {
  id: number;
  from_version: number;
  to_version: number;
  applied_at: string;
  duration_ms: number;
  success: number;
  error_message: string | null;
}

/** A project row as a record; an unknown stored health reads as `unknown`. */
export const toProject = (row: ProjectRow): RegisteredProject => ({
  id: row.id,
  name: row.name,
  rootPath: row.root_path,
  driftPath: row.drift_path,
  healthStatus: parseHealthStatus(row.health_status),
  isActive: row.is_active !== 0,
});

/** A backup row as a manifest; an unknown stored reason or tier reads as its default. */
export const toBackup = (row: BackupRow): BackupManifest => ({
  id: row.id,
  reason: parseBackupReason(row.reason),
  createdAt: row.created_at,
  driftDbSize: row.drift_db_size,
  cortexDbSize: row.cortex_db_size,
  schemaVersion: row.schema_version,
  driftVersion: row.drift_version,
  backupPath: row.backup_path,
  integrityVerified: row.integrity_verified !== 0,
  tier: parseBackupTier(row.tier),
});
