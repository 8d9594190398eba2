// The records the workspace modules pass around (backups, migrations, packages, paths, projects), in
// one module that imports nothing of the package: every module may depend on it, and it on none of
// them, so the module graph stays a DAG.

/** Why a backup was taken. */
export type BackupReason =
  | 'version_upgrade'
  | 'schema_migration'
  | 'user_requested'
  | 'pre_destructive'
  | 'scheduled'
  | 'auto_save'
  | 'ci_export';

/** Retention tier of a backup: each tier keeps its own number of newest backups. */
export type BackupTier = 'operational' | 'daily' | 'weekly';

/**
 * How many backups each tier keeps, the size cap, and whether copies are integrity-checked (defaults:
 * `DEFAULT_BACKUP_CONFIG`).
 */
export interface BackupConfig {
  /** Operational-tier backups kept (newest first). */
  readonly maxOperational: number;
  /**
   * Daily-tier backups (`scheduled`, `auto_save`) kept, newest first; older ones are removed after each
   * backup.
   */
  readonly maxDaily: number;
  /**
   * Weekly-tier backups (`user_requested`, `ci_export`) kept, newest first; older ones are removed after each
   * backup.
   */
  readonly maxWeekly: number;
  /** Total size of all backups, in MiB, beyond which the oldest are removed (0: no limit). */
  readonly maxTotalSizeMb: number;
  /** Run a full integrity check on every copy before it is kept. */
  readonly verifyAfterBackup: boolean;
}

/** A registered backup, from `createBackup` and `listBackups`; also written as manifest.json in its folder. */
export interface BackupManifest {
  /** `backup-<seconds>.<nanoseconds>.<sequence>-<reason>`, also the folder name. */
  readonly id: string;
  /**
   * The reason given to `createBackup`; it also picks the tier. An unrecognised stored reason reads as
   * `user_requested`.
   */
  readonly reason: BackupReason;
  /**
   * Creation time as `<seconds>.<nanoseconds>.<sequence>`: sorts in creation order within a process,
   * same-millisecond backups included.
   */
  readonly createdAt: string;
  /** Size in bytes of the drift.db copy in the backup folder. */
  readonly driftDbSize: number;
  /** Size of the copy of cortex.db, when there was one. */
  readonly cortexDbSize: number | null;
  /** drift's schema version in the copy. */
  readonly schemaVersion: number;
  /** Version of the software that took it. */
  readonly driftVersion: string;
  /** Absolute path of the backup folder. */
  readonly backupPath: string;
  /** Whether the copies passed a full integrity check. */
  readonly integrityVerified: boolean;
  /**
   * Tier the reason filed it under (see {@link BackupTier}); an unrecognised stored tier reads as
   * `operational`.
   */
  readonly tier: BackupTier;
}

/** A schema migration attempt, as handed to the migration log (the store adds `id` and `appliedAt`). */
export interface NewMigrationRecord {
  /** drift.db's schema version when the attempt started. */
  readonly fromVersion: number;
  /** Schema version after (equal to `fromVersion` for a failed attempt). */
  readonly toVersion: number;
  /** How long it took, in milliseconds. */
  readonly durationMs: number;
  /** False for a failed attempt, which is recorded too (then `toVersion` equals `fromVersion`). */
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

/** One package of a monorepo. */
export interface PackageInfo {
  /** Package name (its folder name). */
  readonly name: string;
  /** Folder relative to the root, with `/` separators. */
  readonly path: string;
  /** Main language, when its marker files tell. */
  readonly language: string | null;
  /** Framework of the package; null when not known (monorepo detection leaves it null). */
  readonly framework: string | null;
  /** Names of the packages it depends on. */
  readonly dependencies: readonly string[];
}

/** The files and folders of one workspace, all absolute. */
export interface WorkspacePaths {
  /** Absolute project root: `.drift-backups`, drift.toml and (by default) the drift folder are under it. */
  readonly root: string;
  /** The drift folder (`<root>/.drift` by default). */
  readonly driftPath: string;
  /** drift.db, the database of drift's analysis data and the workspace tables. */
  readonly dbPath: string;
  /** cortex.db, backed up and restored beside drift.db when it exists. */
  readonly cortexDbPath: string;
  /** `<root>/.drift-backups`, one folder per backup. */
  readonly backupDir: string;
  /** `<root>/drift.toml`, the workspace configuration. */
  readonly tomlPath: string;
  /** `<drift folder>/cache`, cleaned by GC. */
  readonly cachePath: string;
  /** `<drift folder>/workspace.lock`, the file behind the workspace lock. */
  readonly lockPath: string;
}

/** The four-level health indicator of a project. */
export type HealthStatus = 'healthy' | 'warning' | 'critical' | 'unknown';

/** A project in the registry (or detected on disk but not registered yet). */
export interface RegisteredProject {
  /** Registry id (`proj-` and 16 hex digits). */
  readonly id: string;
  /** Project name (unique in the registry). */
  readonly name: string;
  /** Absolute project root (unique in the registry). */
  readonly rootPath: string;
  /** Absolute path of the project's drift folder (`<root>/.drift` unless configured otherwise). */
  readonly driftPath: string;
  /** Health as last recorded in the registry; `unknown` (the column default) until one is. */
  readonly healthStatus: HealthStatus;
  /** Whether it is the active project. */
  readonly isActive: boolean;
}

/**
 * The drift tables (created by drift's own schema, not by this package) whose rows the workspace
 * counts; a table that does not exist counts 0. The only identifiers ever placed in SQL text.
 */
export const COUNTED_DRIFT_TABLES = [
  'file_metadata',
  'functions',
  'pattern_confidence',
  'boundaries',
  'detections',
  'scan_history',
  'test_coverage',
  'coupling_metrics',
  'dna_genes',
  'constants',
  'constraints',
  'contracts',
  'owasp_findings',
  'crypto_findings',
] as const;

/** A table name from {@link COUNTED_DRIFT_TABLES}: the only table names the workspace puts in SQL text. */
export type DriftTable = (typeof COUNTED_DRIFT_TABLES)[number];
