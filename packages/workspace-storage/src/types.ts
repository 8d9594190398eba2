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

/** Backup verification and retention. */
export interface BackupConfig {
  /** Operational-tier backups kept (newest first). */
  readonly maxOperational: number;
  /** Daily-tier backups kept. */
  readonly maxDaily: number;
  /** Weekly-tier backups kept. */
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
  /** Why it was taken. */
  readonly reason: BackupReason;
  /** `<seconds>.<nanoseconds>.<sequence>`: sortable creation time. */
  readonly createdAt: string;
  /** Size of the copy of drift.db, bytes. */
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
  /** Retention tier. */
  readonly tier: BackupTier;
}

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

/** One package of a monorepo. */
export interface PackageInfo {
  /** Package name (its folder name). */
  readonly name: string;
  /** Folder relative to the root, with `/` separators. */
  readonly path: string;
  /** Main language, when its marker files tell. */
  readonly language: string | null;
  /** Framework, when known. */
  readonly framework: string | null;
  /** Names of the packages it depends on. */
  readonly dependencies: readonly string[];
}

/** The files and folders of one workspace, all absolute. */
export interface WorkspacePaths {
  /** The project root. */
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
  /** Absolute drift folder. */
  readonly driftPath: string;
  /** Last recorded health. */
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

/** One of {@link COUNTED_DRIFT_TABLES}. */
export type DriftTable = (typeof COUNTED_DRIFT_TABLES)[number];
