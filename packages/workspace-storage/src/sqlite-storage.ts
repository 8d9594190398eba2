// SqliteWorkspaceStorage, the package's facade: IWorkspaceStorage and the workspace operations
// beyond it, one name per operation. Each method checks its arguments (arguments.ts), then runs the
// workspace module that does the work on the handle of sqlite/handle.ts; this module opens no
// connection and runs no SQL itself.
import {
  type BackupResult,
  type GcStats,
  type IntegrityResult,
  type IWorkspaceStorage,
  type ProjectInfo,
  StorageError,
  type WorkspaceContext,
  type WorkspaceStatus,
} from '@drift/storage-traits';
import { sqliteStorageError } from '@drift/storage-traits/sqlite';
import {
  requireFunction,
  requireMigrationRecord,
  requireOneOf,
  requirePackages,
  requireString,
  SEAM_ARGUMENTS,
} from './arguments.js';
import {
  BACKUP_REASONS,
  backupTo,
  createBackup,
  deleteBackup,
  enforceRetention,
  listBackups,
  requireInitialized,
  restoreBackup,
} from './backup.js';
import {
  type AgentProjectContext,
  agentContext,
  contextSummary,
  projectFacts,
  readWorkspaceContext,
  type WorkspaceContextSnapshot,
} from './context.js';
import { deleteWorkspace, performDestructiveOperation, resetWorkspace } from './destructive.js';
import { invalidPath } from './errors.js';
import { type ExportManifest, exportWorkspace, importWorkspace } from './export.js';
import { checkGcOptions, collectGarbage, type GcOptions, type GcReport, seamGc } from './gc.js';
import { type InitOptions, type WorkspaceInfo, workspaceInit } from './init.js';
import {
  autoRecover,
  checkDatabaseIntegrity,
  type IntegrityReport,
  type RecoveryResult,
  verifyWorkspace,
} from './integrity.js';
import { LOCK_MODES, type LockGuard, type LockMode, type LockStatus } from './lock.js';
import { detectWorkspace, registerPackages, type WorkspaceLayout } from './monorepo.js';
import { resolveSettings, type SqliteWorkspaceStorageOptions } from './options.js';
import { requireOwnRoot, workspacePaths } from './paths.js';
import { resolveProject, switchProject } from './project.js';
import { sqliteWorkspaceHandle } from './sqlite/handle.js';
import {
  type DiskUsage,
  databaseStatus,
  diskUsage,
  refreshContextAndHealth,
  type WorkspaceStatusReport,
  workspaceStatusReport,
} from './status.js';
import type { WorkspaceHandle } from './store.js';
import type {
  BackupManifest,
  BackupReason,
  MigrationRecord,
  NewMigrationRecord,
  PackageInfo,
  RegisteredProject,
  WorkspacePaths,
} from './types.js';

/**
 * The drift workspace on SQLite: `IWorkspaceStorage` (initialize, status, project facts, context, GC,
 * backup, export, import, integrity, schema version) and the workspace operations behind it (projects,
 * packages, context refresh, registered backups with retention and restore, integrity verification
 * and recovery, migrations, destructive operations, the workspace lock). It holds no connection
 * between calls: each call opens what it needs and closes it, so the database files can be copied,
 * replaced or removed between calls.
 */
export class SqliteWorkspaceStorage implements IWorkspaceStorage {
  readonly #paths: WorkspacePaths;
  readonly #driftDir: string;
  readonly #handle: WorkspaceHandle;
  #closed = false;
  /** The public operation running now (calls are synchronous), named by errors raised deep inside it. */
  #operation = 'workspace';

  private constructor(root: string, options: SqliteWorkspaceStorageOptions) {
    const settings = resolveSettings(options);
    this.#driftDir = options.driftDir ?? '.drift';
    this.#paths = workspacePaths(root, this.#driftDir);
    const timeoutMs = options.busyTimeoutMs ?? 5000;
    this.#handle = sqliteWorkspaceHandle(this.#paths, settings, timeoutMs, () => this.#operation);
  }

  /**
   * A storage for the workspace rooted at the project folder `root` (its drift folder is
   * `<root>/.drift`). Nothing is read or created until a method is called; `initialize()` creates the
   * workspace.
   */
  static open(root: string, options: SqliteWorkspaceStorageOptions = {}): SqliteWorkspaceStorage {
    requireString('SqliteWorkspaceStorage.open', 'root', root);
    if (root.trim().length === 0) throw invalidPath('open', 'root', root, 'must not be empty');
    return new SqliteWorkspaceStorage(root, options);
  }

  /** Runs one public operation: refuses after close, maps every failure to a StorageError. */
  #run<T>(operation: string, fn: () => T): T {
    if (this.#closed) {
      throw new StorageError('CLOSED', `${operation}: this workspace storage was closed`, { operation });
    }
    const outer = this.#operation;
    this.#operation = operation;
    try {
      return fn();
    } catch (error) {
      throw sqliteStorageError(error, operation);
    } finally {
      this.#operation = outer;
    }
  }

  /** The workspace's files and folders. */
  paths(): WorkspacePaths {
    return this.#paths;
  }

  // ─── IWorkspaceStorage ────────────────────────────────────────────────────────────────────────

  /**
   * Initializes the workspace and says what it found or made: drift.db with drift's schema (from
   * `installDriftSchema`) and the workspace tables, the backup folder, drift.toml from a template, the
   * detected languages, frameworks and packages, and the project record. `path` is this storage's
   * project root, or `''` for it; any other folder is `INVALID_INPUT` (open a storage on that folder
   * instead). IWorkspaceStorage's `initialize(path)` is this call without options (its result unused).
   */
  initialize(path: string, options: InitOptions = {}): WorkspaceInfo {
    SEAM_ARGUMENTS.initialize([path]);
    return this.#run('initialize', () => {
      if (options?.template !== undefined) requireString('initialize', 'options.template', options.template);
      requireOwnRoot('initialize', path, this.#paths.root);
      return workspaceInit(this.#handle, options);
    });
  }

  /** The state of drift.db; `initialized` is false (and every figure 0) before `initialize()`. */
  status(): WorkspaceStatus {
    SEAM_ARGUMENTS.status([]);
    return this.#run('status', () => databaseStatus(this.#handle));
  }

  /**
   * Project facts: name and root as recorded, file, function and pattern counts, the newest scan, and
   * files per language (tracked languages by count, then detected languages without files at 0).
   */
  projectInfo(): ProjectInfo {
    SEAM_ARGUMENTS.projectInfo([]);
    return this.#run('projectInfo', () =>
      this.#handle.read((store) => projectFacts(store, this.#paths.root)),
    );
  }

  /** The workspace summary for AI and MCP consumers: recorded languages and frameworks, live counts. */
  workspaceContext(): WorkspaceContext {
    SEAM_ARGUMENTS.workspaceContext([]);
    return this.#run('workspaceContext', () =>
      this.#handle.read((store) => contextSummary(store, this.#paths.root)),
    );
  }

  /**
   * IWorkspaceStorage's garbage collection, as the reference's: every free page returned to the file
   * system, workspace events older than 90 days deleted (counted in `staleCacheEntriesRemoved`), then a
   * WAL checkpoint. The cache folder is left alone (`orphanFilesRemoved` is always 0, as in the
   * reference); {@link garbageCollect} is the workspace's fuller collection.
   */
  gc(): GcStats {
    SEAM_ARGUMENTS.gc([]);
    return this.#run('gc', () => seamGc(this.#handle));
  }

  /**
   * The workspace's garbage collection (the reference's `garbage_collect`), in one transaction: free
   * pages returned (at most `maxPages`), events older than `retentionDays` (90) deleted, cache files
   * untouched for `cacheMaxAgeDays` (30) removed; a dry run only counts. It does not checkpoint.
   */
  garbageCollect(options: GcOptions = {}): GcReport {
    return this.#run('garbageCollect', () => {
      checkGcOptions(options);
      return collectGarbage(this.#handle, options);
    });
  }

  /**
   * Writes a consistent copy of drift.db to the new file `destination` with SQLite's online backup
   * API (other connections may keep writing), verified and published only when complete. The copy
   * is not registered (it is no backup of the registry): see {@link createBackup} for those.
   */
  backup(destination: string): BackupResult {
    SEAM_ARGUMENTS.backup([destination]);
    return this.#run('backup', () => backupTo(this.#handle, destination));
  }

  /**
   * Writes a compacted copy of drift.db (`VACUUM INTO`) to the new file `destination`, verified, and
   * returns its manifest (IWorkspaceStorage's `export` returns nothing; the manifest is extra).
   */
  export(destination: string): ExportManifest {
    SEAM_ARGUMENTS.export([destination]);
    return this.#run('export', () => exportWorkspace(this.#handle, destination));
  }

  /** Replaces drift.db with the verified database file `source` (see {@link importWorkspace}). */
  import(source: string): void {
    SEAM_ARGUMENTS.import([source]);
    this.#run('import', () => importWorkspace(this.#handle, source));
  }

  /** SQLite's full integrity check of drift.db; a missing or unreadable file is reported, not thrown. */
  integrityCheck(): IntegrityResult {
    SEAM_ARGUMENTS.integrityCheck([]);
    return this.#run('integrityCheck', () => checkDatabaseIntegrity(this.#handle));
  }

  /** drift's schema version in drift.db (`PRAGMA user_version`; 0 when drift's schema is not installed). */
  schemaVersion(): number {
    SEAM_ARGUMENTS.schemaVersion([]);
    return this.#run('schemaVersion', () => this.#handle.read((store) => store.userVersion()));
  }

  // ─── Status, context ────────────────────────────────────────────────────────────────────────

  /** True when the drift.db path exists; nothing is opened, so a damaged file counts too. */
  isInitialized(): boolean {
    return this.#run('isInitialized', () => this.#handle.databaseExists());
  }

  /** The full status: active project, context, health, backups, layout, lock and disk usage. */
  workspaceStatus(): WorkspaceStatusReport {
    return this.#run('workspaceStatus', () => workspaceStatusReport(this.#handle));
  }

  /**
   * Bytes of drift.db, cortex.db, backups and cache (see {@link DiskUsage}); `NOT_FOUND` (NOT_INITIALIZED)
   * without drift.db.
   */
  diskUsage(): DiskUsage {
    return this.#run('diskUsage', () => this.#handle.read((store) => diskUsage(store, this.#paths)));
  }

  /**
   * Rebuilds the materialized context (the last step of a scan) and records the active project's
   * health computed from it.
   */
  refreshContext(): void {
    this.#run('refreshContext', () => this.#handle.write((store) => refreshContextAndHealth(store)));
  }

  /** The materialized context as last refreshed. */
  context(): WorkspaceContextSnapshot {
    return this.#run('context', () => this.#handle.read((store) => readWorkspaceContext(store)));
  }

  /** The agent-facing summary of the context: commands, warnings, readiness. */
  agentContext(): AgentProjectContext {
    return this.#run('agentContext', () =>
      agentContext(this.#handle.read((store) => readWorkspaceContext(store))),
    );
  }

  // ─── Projects and packages ────────────────────────────────────────────────────────────────────

  /** Resolves a project by name, root path, id, unique name fragment or a folder with a drift folder. */
  resolveProject(identifier: string): RegisteredProject {
    return this.#run('resolveProject', () => {
      requireString('resolveProject', 'identifier', identifier);
      return this.#handle.read((store) => resolveProject(store, identifier, this.#driftDir));
    });
  }

  /** Makes the resolved project the active one and returns it. */
  switchProject(identifier: string): RegisteredProject {
    return this.#run('switchProject', () => {
      requireString('switchProject', 'identifier', identifier);
      return this.#handle.write((store) => switchProject(store, identifier, this.#driftDir));
    });
  }

  /** Registered projects, most recently accessed first. */
  listProjects(): RegisteredProject[] {
    return this.#run('listProjects', () => this.#handle.read((store) => store.listProjects()));
  }

  /** The registry's active project, or null; `NOT_FOUND` (NOT_INITIALIZED) when drift.db does not exist. */
  activeProject(): RegisteredProject | null {
    return this.#run('activeProject', () => this.#handle.read((store) => store.activeProject()));
  }

  /** The layout of the project root: single project or monorepo with its packages (file system only). */
  detectLayout(): WorkspaceLayout {
    return this.#run('detectLayout', () => detectWorkspace(this.#paths.root));
  }

  /**
   * Replaces the registered monorepo packages with `packages` (checked first: `INVALID_INPUT` for a malformed
   * one), in one transaction.
   */
  registerPackages(packages: readonly PackageInfo[]): void {
    this.#run('registerPackages', () => {
      requirePackages('registerPackages', packages);
      this.#handle.write((store) => registerPackages(store, packages));
    });
  }

  /** The registered monorepo packages, by path. */
  listPackages(): PackageInfo[] {
    return this.#run('listPackages', () => this.#handle.read((store) => store.listPackages()));
  }

  // ─── Registered backups ──────────────────────────────────────────────────────────────────────

  /** Takes a registered backup for `reason` (default `user_requested`) and applies retention. */
  createBackup(reason: BackupReason = 'user_requested'): BackupManifest {
    return this.#run('createBackup', () => {
      requireOneOf('createBackup', 'reason', reason, BACKUP_REASONS);
      return createBackup(this.#handle, reason);
    });
  }

  /** Registered backups, newest first; `NOT_FOUND` (NOT_INITIALIZED) when drift.db does not exist. */
  listBackups(): BackupManifest[] {
    return this.#run('listBackups', () => listBackups(this.#handle));
  }

  /** Applies backup retention now; returns the removed backup ids. */
  enforceRetention(): string[] {
    return this.#run('enforceRetention', () => {
      requireInitialized(this.#handle, 'enforceRetention');
      return enforceRetention(this.#handle);
    });
  }

  /** Restores drift.db (and cortex.db) from a registered backup, after a safety backup. */
  restore(backupId: string): void {
    this.#run('restore', () => {
      requireString('restore', 'backupId', backupId);
      restoreBackup(this.#handle, backupId);
    });
  }

  /**
   * Deletes a backup's folder and registry row; `INVALID_INPUT` (CONFIRMATION_REQUIRED) unless `confirmation`
   * is `DELETE`, `NOT_FOUND` when neither exists.
   */
  deleteBackup(backupId: string, confirmation: string): void {
    this.#run('deleteBackup', () => {
      requireString('deleteBackup', 'backupId', backupId);
      deleteBackup(this.#handle, backupId, confirmation);
    });
  }

  // ─── Integrity, migrations, destructive operations, lock ──────────────────────────────────────

  /** Verifies databases, drift.toml and backups (`thorough`: full integrity checks instead of quick ones). */
  verifyWorkspace(thorough = false): IntegrityReport {
    return this.#run('verifyWorkspace', () => verifyWorkspace(this.#handle, thorough === true));
  }

  /** Repairs what a verification found (by default a fresh quick verification); see {@link autoRecover}. */
  autoRecover(report?: IntegrityReport): RecoveryResult {
    return this.#run('autoRecover', () =>
      autoRecover(this.#handle, report ?? verifyWorkspace(this.#handle, false)),
    );
  }

  /** Records a migration in drift.db's migration history. */
  recordMigration(record: NewMigrationRecord): void {
    this.#run('recordMigration', () => {
      requireMigrationRecord('recordMigration', record);
      this.#handle.write((store) => store.insertMigration(record));
    });
  }

  /** drift.db's `migration_history` rows, oldest first; `NOT_FOUND` (NOT_INITIALIZED) without drift.db. */
  migrationHistory(): MigrationRecord[] {
    return this.#run('migrationHistory', () => this.#handle.read((store) => store.listMigrations()));
  }

  /**
   * Runs the caller's destructive `operation` after the `DELETE` confirmation and a backup, logging
   * its start and completion, under the exclusive lock.
   */
  performDestructiveOperation<T>(name: string, confirmation: string, operation: () => T): T {
    return this.#run(typeof name === 'string' ? name : 'performDestructiveOperation', () => {
      requireString('performDestructiveOperation', 'name', name);
      requireFunction('performDestructiveOperation', 'operation', operation, name);
      return performDestructiveOperation(this.#handle, name, confirmation, operation);
    });
  }

  /** Removes drift.db and the cache after a backup; `confirmation` must be `DELETE`. */
  resetWorkspace(confirmation: string): void {
    this.#run('resetWorkspace', () => resetWorkspace(this.#handle, confirmation));
  }

  /** Removes the drift folder after a final backup; `confirmation` must be `DELETE`. */
  deleteWorkspace(confirmation: string): void {
    this.#run('deleteWorkspace', () => deleteWorkspace(this.#handle, confirmation));
  }

  /**
   * Takes the workspace lock for a caller's own work (`read`: shared, `write`: exclusive), or throws
   * `BUSY` at once. Operations of this storage run inside a hold; release the guard when done.
   */
  acquireLock(mode: LockMode, operation = 'caller'): LockGuard {
    return this.#run('acquireLock', () => {
      requireOneOf('acquireLock', 'mode', mode, LOCK_MODES, true);
      requireString('acquireLock', 'operation', operation);
      return this.#handle.lock.acquire(mode, operation);
    });
  }

  /** The workspace lock as seen from this storage (its own hold, else a momentary probe). */
  lockStatus(): LockStatus {
    return this.#run('lockStatus', () => this.#handle.lock.probe());
  }

  /** Releases any lock this storage holds; every later call fails with `CLOSED`. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handle.lock.releaseAll();
  }
}
