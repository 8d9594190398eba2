// The connection-free interfaces through which the workspace modules reach the database. Only the
// modules of sqlite/ implement them (they alone open database files and run SQL); every other module
// receives them, so none of them can hold, leak or misuse a connection. Types only, imported from
// types.ts and lock.ts, neither of which imports this module: the dependency points one way.
import type { WorkspaceLock } from './lock.js';
import type {
  BackupConfig,
  BackupManifest,
  BackupTier,
  DriftTable,
  HealthStatus,
  MigrationRecord,
  NewMigrationRecord,
  PackageInfo,
  RegisteredProject,
  WorkspacePaths,
} from './types.js';

/** A project to add to the registry. */
export interface NewProject {
  readonly id: string;
  readonly name: string;
  readonly rootPath: string;
  readonly driftPath: string;
}

/** A package row as written by {@link WorkspaceStore.replacePackages}. */
export interface StoredPackage extends PackageInfo {
  /** Stable id derived from the package path. */
  readonly id: string;
}

/** Row-level access to one open database; every method runs bound-parameter SQL on that connection. */
export interface WorkspaceStore {
  /** Runs `fn` in one immediate transaction. */
  transaction<T>(fn: () => T): T;
  /** Creates the workspace tables that are missing (idempotent). */
  ensureWorkspaceSchema(): void;
  /**
   * True when every table of `DRIFT_WORKSPACE_TABLES` exists; false on a drift.db the workspace never opened
   * for writing.
   */
  hasWorkspaceTables(): boolean;

  /** `PRAGMA user_version`: drift's schema version (0 when drift's schema is not installed). */
  userVersion(): number;
  /**
   * `PRAGMA page_size`: bytes per page; `pageSize() * pageCount()` is the database's size as `diskUsage`
   * counts it.
   */
  pageSize(): number;
  /** `PRAGMA page_count`: the database's size in pages, as this connection sees it. */
  pageCount(): number;
  /** Free pages that an incremental vacuum can return. */
  freelistCount(): number;
  /** Returns up to `maxPages` free pages to the file system (0: all of them). */
  incrementalVacuum(maxPages: number): void;
  /** Checkpoints the write-ahead log and truncates it; true when the checkpoint completed. */
  checkpoint(): boolean;

  /** A workspace configuration value, or null. */
  getConfig(key: string): string | null;
  /** Sets a `workspace_config` value, replacing one with the same key and stamping its `updated_at`. */
  setConfig(key: string, value: string): void;

  /** Rows of a drift table (0 when the table does not exist). */
  countRows(table: DriftTable): number;
  /** Tracked files per language, most first (languages of null are left out). */
  languageCounts(): Array<readonly [language: string, files: number]>;
  /** Start of the newest scan in scan_history, seconds, or null. */
  lastScanAt(): number | null;

  /** Replaces the materialized workspace context with `entries`. */
  replaceContext(entries: ReadonlyArray<readonly [key: string, value: string]>): void;
  /** The materialized workspace context, as key/value pairs. */
  readContext(): Array<readonly [key: string, value: string]>;

  /** The registered project whose name, root path or id equals `value`. */
  findProject(by: 'name' | 'rootPath' | 'id', value: string): RegisteredProject | null;
  /** Registered projects whose name contains `fragment` (case-insensitive for ASCII). */
  findProjectsByNameFragment(fragment: string): RegisteredProject[];
  /** The one project with `is_active` set; null when none is (or the registry table is missing). */
  activeProject(): RegisteredProject | null;
  /** Every registered project, most recently accessed first. */
  listProjects(): RegisteredProject[];
  /** Registers a project unless its id, name or root path is taken; true when it was added. */
  insertProject(project: NewProject): boolean;
  /** Makes `id` the one active project and stamps its access time. */
  activateProject(id: string): void;
  /** Sets the project's `health_status`; an unknown `id` changes nothing (no error). */
  setProjectHealth(id: string, health: HealthStatus): void;

  /** Replaces every `workspace_packages` row with `packages`, in one transaction. */
  replacePackages(packages: readonly StoredPackage[]): void;
  /** The registered monorepo packages, by path. */
  listPackages(): PackageInfo[];

  /** Appends a `workspace_events` row; the database stamps `created_at` (UTC text). */
  logEvent(type: string, details: string | null): void;
  /**
   * Events whose `created_at` is more than `days` days before now (UTC); 0 when the events table is missing.
   */
  countEventsOlderThan(days: number): number;
  /** Deletes events older than `days` days; returns how many. */
  deleteEventsOlderThan(days: number): number;

  /** Registers a backup, replacing a registered one with the same `id` (INSERT OR REPLACE). */
  insertBackup(manifest: BackupManifest): void;
  /**
   * Every registered backup, newest `createdAt` first (ties by id, descending); [] when the registry table is
   * missing.
   */
  listBackups(): BackupManifest[];
  /** Unregisters a backup; true when it was registered. */
  deleteBackup(id: string): boolean;
  /** Ids of the backups of `tier` beyond the newest `keep`, newest first. */
  backupIdsBeyond(tier: BackupTier, keep: number): string[];
  /** Deletes every registry row and inserts `manifests`, in one transaction. */
  replaceBackups(manifests: readonly BackupManifest[]): void;

  /** Appends a `migration_history` row; the database assigns `id` and stamps `appliedAt`. */
  insertMigration(record: NewMigrationRecord): void;
  /** Every `migration_history` row in id order (the order recorded); [] when the table is missing. */
  listMigrations(): MigrationRecord[];
}

/** What {@link DatabaseFiles.inspect} learns about a database file. */
export interface DatabaseFacts {
  /** `PRAGMA user_version` of the inspected file: drift's schema version (0 when none is installed). */
  readonly userVersion: number;
  /** Names of the file's own tables. */
  readonly tables: readonly string[];
  /** Problems the integrity check reported; empty when it passed (or was not run). */
  readonly issues: readonly string[];
}

/** Operations on whole database files, by path; each opens and closes its own connection. */
export interface DatabaseFiles {
  /**
   * Refuses (`CORRUPT`, nothing opened) a file that is not a SQLite database or is shorter than its
   * header says; `what` names the file in the message.
   */
  checkHeader(path: string, what: string): void;
  /**
   * Copies `source` to the new file `destination` with SQLite's online backup API: a consistent
   * snapshot even while other connections keep writing to `source`.
   */
  snapshot(source: string, destination: string): void;
  /** Writes a compacted copy of `source` to the new file `destination` with `VACUUM INTO`. */
  vacuumInto(source: string, destination: string): void;
  /** Puts a database file this package owns in rollback-journal mode, so that it is one self-contained file. */
  finalize(path: string): void;
  /** Opens `path` read-only and reports its version, tables and, unless `check` is `none`, its integrity. */
  inspect(path: string, check: 'none' | 'quick' | 'full'): DatabaseFacts;
  /**
   * Fails with `BUSY` when any other connection has `path` open (so it must not be replaced or
   * removed); otherwise checkpoints it, leaving the database in one file.
   */
  assertNotInUse(path: string): void;
}

/** Settings of a workspace storage, resolved from its options. */
export interface WorkspaceSettings {
  /** The newest drift schema version this build accepts from imports and restores. */
  readonly supportedSchemaVersion: number;
  /** Version recorded in drift_version and in backup manifests. */
  readonly driftVersion: string;
  /** drift.toml template written by initialize. */
  readonly template: string;
  /** Retention per tier, size cap and copy verification, as resolved from the options. */
  readonly backup: BackupConfig;
  /** Installs or upgrades drift's own schema in a database file; null when the application gave none. */
  readonly installDriftSchema: ((dbPath: string) => void) | null;
}

/**
 * What an operation is about to do with drift.db, which decides what it refuses (each refusal leaves
 * the file byte-identical): `read` refuses a special file (`INVALID_INPUT`), an empty, damaged or
 * foreign file (`CORRUPT`); `write` also a schema newer than supported (`SCHEMA_TOO_NEW`); `create`
 * (initialize) is `write` that accepts a missing or empty file; `replace` (import, restore, reset,
 * delete) refuses a special, foreign or too-new file but accepts a damaged one, which it replaces.
 */
export type DatabaseIntent = 'read' | 'write' | 'create' | 'replace';

/** Everything a workspace module needs, without a connection: paths, settings, stores by callback, files, lock. */
export interface WorkspaceHandle {
  /** The workspace's files and folders. */
  readonly paths: WorkspacePaths;
  /** The options of this storage, resolved once (defaults filled in). */
  readonly settings: WorkspaceSettings;
  /** Operations on whole database files (snapshot, inspect, ...), each with its own connection. */
  readonly files: DatabaseFiles;
  /** The workspace lock of this storage. */
  readonly lock: WorkspaceLock;
  /**
   * True when the drift.db path exists, whatever the file holds (checked by {@link
   * WorkspaceHandle.checkDatabase}).
   */
  databaseExists(): boolean;
  /**
   * Refuses drift.db for `intent` (see {@link DatabaseIntent}) without changing it; a missing file
   * passes. `read`, `write` and `create` run this check themselves.
   */
  checkDatabase(intent: DatabaseIntent): void;
  /** Runs `fn` on a read-only store of drift.db (`NOT_FOUND` when the workspace is not initialized). */
  read<T>(fn: (store: WorkspaceStore) => T): T;
  /** Runs `fn` on a read-write store of drift.db, its workspace tables ensured. */
  write<T>(fn: (store: WorkspaceStore) => T): T;
  /** Like {@link write}, creating drift.db when missing and setting incremental auto-vacuum. */
  create<T>(fn: (store: WorkspaceStore) => T): T;
  /** Runs `fn` on a read-write store of another database file (a copy being prepared); no schema is added. */
  at<T>(dbPath: string, fn: (store: WorkspaceStore) => T): T;
}
