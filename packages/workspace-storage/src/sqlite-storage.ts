// SqliteWorkspaceStorage: the workspace lifecycle on SQLite. This is the only module of the package that
// opens a database file or runs SQL (every value bound as a parameter); the workspace modules receive
// connection-free interfaces (WorkspaceStore, DatabaseFiles, LockPrimitive) from it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type BackupResult,
  type GcStats,
  type IntegrityResult,
  type IWorkspaceStorage,
  invalidInput,
  isStorageError,
  methodArgumentChecker,
  type ProjectInfo,
  StorageError,
  type WorkspaceContext,
  type WorkspaceStatus,
} from '@drift/storage-traits';
import {
  identifyDriftDatabase,
  inspectSqliteFile,
  isSqliteBusy,
  type SqliteFileState,
  sqliteStorageError,
} from '@drift/storage-traits/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import {
  BACKUP_REASONS,
  type BackupConfig,
  type BackupManifest,
  type BackupReason,
  type BackupTier,
  backupTo,
  createBackup,
  DEFAULT_BACKUP_CONFIG,
  deleteBackup,
  enforceRetention,
  listBackups,
  parseBackupReason,
  parseBackupTier,
  requireInitialized,
  restoreBackup,
} from './backup.js';
import {
  type AgentProjectContext,
  agentContext,
  parseStringList,
  readWorkspaceContext,
  refreshWorkspaceContext,
  type WorkspaceContextSnapshot,
} from './context.js';
import { deleteWorkspace, performDestructiveOperation, resetWorkspace } from './destructive.js';
import { invalidPath, WorkspaceError } from './errors.js';
import { type ExportManifest, exportWorkspace, importWorkspace } from './export.js';
import { refuseSpecialFile, specialFileError } from './files.js';
import { checkGcOptions, type GcOptions, type GcReport, garbageCollect } from './gc.js';
import { type InitOptions, type WorkspaceInfo, workspaceInit } from './init.js';
import { autoRecover, type IntegrityReport, type RecoveryResult, verifyWorkspace } from './integrity.js';
import { type LockGuard, type LockMode, type LockPrimitive, type LockStatus, WorkspaceLock } from './lock.js';
import { type MigrationRecord, type NewMigrationRecord, WORKSPACE_TABLES } from './migration.js';
import { detectWorkspace, type PackageInfo, registerPackages, type WorkspaceLayout } from './monorepo.js';
import { type WorkspacePaths, workspacePaths } from './paths.js';
import {
  type HealthStatus,
  parseHealthStatus,
  type RegisteredProject,
  resolveProject,
  switchProject,
} from './project.js';
import {
  calculateHealth,
  type DiskUsage,
  diskUsage,
  fileSize,
  type WorkspaceStatusReport,
  workspaceStatusReport,
} from './status.js';
import type {
  DatabaseFacts,
  DatabaseFiles,
  DatabaseIntent,
  DriftTable,
  NewProject,
  StoredPackage,
  WorkspaceHandle,
  WorkspaceSettings,
  WorkspaceStore,
} from './store.js';

type Db = BetterSqlite3.Database;

// ─── Schema ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The workspace tables in drift.db, the same tables, columns, constraints and indexes as the reference
 * workspace schema, so that a drift.db written by either side opens in the other. Timestamps are
 * SQLite's UTC `datetime('now')` text, as there.
 */
const WORKSPACE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS workspace_config (
     key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE TABLE IF NOT EXISTS project_registry (
     id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, root_path TEXT NOT NULL UNIQUE, drift_path TEXT NOT NULL,
     created_at TEXT NOT NULL DEFAULT (datetime('now')), last_accessed_at TEXT NOT NULL DEFAULT (datetime('now')),
     health_status TEXT NOT NULL DEFAULT 'unknown', is_active INTEGER NOT NULL DEFAULT 0
   ) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS idx_project_active ON project_registry(is_active) WHERE is_active = 1`,
  `CREATE TABLE IF NOT EXISTS backup_registry (
     id TEXT PRIMARY KEY, reason TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')),
     drift_db_size INTEGER NOT NULL, cortex_db_size INTEGER, schema_version INTEGER NOT NULL,
     drift_version TEXT NOT NULL, backup_path TEXT NOT NULL, integrity_verified INTEGER NOT NULL DEFAULT 0,
     expires_at TEXT, tier TEXT NOT NULL DEFAULT 'operational'
   ) STRICT`,
  `CREATE INDEX IF NOT EXISTS idx_backup_created ON backup_registry(created_at)`,
  `CREATE INDEX IF NOT EXISTS idx_backup_tier ON backup_registry(tier)`,
  `CREATE TABLE IF NOT EXISTS migration_history (
     id INTEGER PRIMARY KEY AUTOINCREMENT, from_version INTEGER NOT NULL, to_version INTEGER NOT NULL,
     applied_at TEXT NOT NULL DEFAULT (datetime('now')), duration_ms INTEGER NOT NULL,
     success INTEGER NOT NULL, error_message TEXT
   ) STRICT`,
  `CREATE TABLE IF NOT EXISTS workspace_context (
     key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE TABLE IF NOT EXISTS workspace_packages (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL, language TEXT, framework TEXT,
     dependencies TEXT, created_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS idx_package_path ON workspace_packages(path)`,
  `CREATE TABLE IF NOT EXISTS workspace_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT, event_type TEXT NOT NULL, details TEXT,
     created_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE INDEX IF NOT EXISTS idx_events_type ON workspace_events(event_type)`,
  `CREATE INDEX IF NOT EXISTS idx_events_created ON workspace_events(created_at)`,
];

/** The drift tables the workspace may count: the only identifiers ever placed in SQL text. */
const DRIFT_TABLES: ReadonlySet<DriftTable> = new Set<DriftTable>([
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
]);

const PROJECT_COLUMNS = 'id, name, root_path, drift_path, health_status, is_active';
const BACKUP_COLUMNS =
  'id, reason, created_at, drift_db_size, cortex_db_size, schema_version, drift_version, backup_path, integrity_verified, tier';

interface ProjectRow {
  id: string;
  name: string;
  root_path: string;
  drift_path: string;
  health_status: string;
  is_active: number;
}

interface BackupRow {
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

interface PackageRow {
  name: string;
  path: string;
  language: string | null;
  framework: string | null;
  dependencies: string | null;
}

interface MigrationRow {
  id: number;
  from_version: number;
  to_version: number;
  applied_at: string;
  duration_ms: number;
  success: number;
  error_message: string | null;
}

const toProject = (row: ProjectRow): RegisteredProject => ({
  id: row.id,
  name: row.name,
  rootPath: row.root_path,
  driftPath: row.drift_path,
  healthStatus: parseHealthStatus(row.health_status),
  isActive: row.is_active !== 0,
});

const toBackup = (row: BackupRow): BackupManifest => ({
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

/** Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

// ─── WorkspaceStore on one connection ───────────────────────────────────────────────────────────

/** {@link WorkspaceStore} over one better-sqlite3 connection. Reads of absent tables are empty. */
class SqliteStore implements WorkspaceStore {
  readonly #db: Db;
  #tables: Set<string> | null = null;

  constructor(db: Db) {
    this.#db = db;
  }

  #has(table: string): boolean {
    this.#tables ??= new Set(
      (
        this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
      ).map((r) => r.name),
    );
    return this.#tables.has(table);
  }

  #get<R>(sql: string, ...params: unknown[]): R | undefined {
    return this.#db.prepare(sql).get(...params) as R | undefined;
  }

  #all<R>(sql: string, ...params: unknown[]): R[] {
    return this.#db.prepare(sql).all(...params) as R[];
  }

  #run(sql: string, ...params: unknown[]): number {
    return this.#db.prepare(sql).run(...params).changes;
  }

  #pragma(name: string): number {
    return Number(this.#db.pragma(name, { simple: true }) ?? 0);
  }

  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn).immediate();
  }

  ensureWorkspaceSchema(): void {
    if (this.hasWorkspaceTables()) return;
    this.transaction(() => {
      for (const ddl of WORKSPACE_DDL) this.#db.exec(ddl);
    });
    this.#tables = null;
  }

  hasWorkspaceTables(): boolean {
    return WORKSPACE_TABLES.every((table) => this.#has(table));
  }

  userVersion(): number {
    return this.#pragma('user_version');
  }

  pageSize(): number {
    return this.#pragma('page_size');
  }

  pageCount(): number {
    return this.#pragma('page_count');
  }

  freelistCount(): number {
    return this.#pragma('freelist_count');
  }

  incrementalVacuum(maxPages: number): void {
    this.#db.pragma(maxPages > 0 ? `incremental_vacuum(${Math.trunc(maxPages)})` : 'incremental_vacuum');
  }

  checkpoint(): boolean {
    const rows = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return rows[0]?.busy === 0;
  }

  getConfig(key: string): string | null {
    if (!this.#has('workspace_config')) return null;
    return (
      this.#get<{ value: string }>('SELECT value FROM workspace_config WHERE key = ?', key)?.value ?? null
    );
  }

  setConfig(key: string, value: string): void {
    this.#run(
      `INSERT INTO workspace_config (key, value) VALUES (?, ?)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = datetime('now')`,
      key,
      value,
    );
  }

  countRows(table: DriftTable): number {
    if (!DRIFT_TABLES.has(table) || !this.#has(table)) return 0;
    return this.#get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`)?.n ?? 0;
  }

  languageCounts(): Array<readonly [string, number]> {
    if (!this.#has('file_metadata')) return [];
    return this.#all<{ language: string; n: number }>(
      `SELECT language, COUNT(*) AS n FROM file_metadata WHERE language IS NOT NULL
       GROUP BY language ORDER BY n DESC, language ASC`,
    ).map((r) => [r.language, r.n] as const);
  }

  lastScanAt(): number | null {
    if (!this.#has('scan_history')) return null;
    return this.#get<{ t: number | null }>('SELECT MAX(started_at) AS t FROM scan_history')?.t ?? null;
  }

  replaceContext(entries: ReadonlyArray<readonly [string, string]>): void {
    this.transaction(() => {
      this.#run('DELETE FROM workspace_context');
      const insert = this.#db.prepare('INSERT INTO workspace_context (key, value) VALUES (?, ?)');
      for (const [key, value] of entries) insert.run(key, value);
    });
  }

  readContext(): Array<readonly [string, string]> {
    if (!this.#has('workspace_context')) return [];
    return this.#all<{ key: string; value: string }>(
      'SELECT key, value FROM workspace_context ORDER BY key',
    ).map((r) => [r.key, r.value] as const);
  }

  findProject(by: 'name' | 'rootPath' | 'id', value: string): RegisteredProject | null {
    if (!this.#has('project_registry')) return null;
    const column = by === 'rootPath' ? 'root_path' : by;
    const row = this.#get<ProjectRow>(
      `SELECT ${PROJECT_COLUMNS} FROM project_registry WHERE ${column} = ?`,
      value,
    );
    return row === undefined ? null : toProject(row);
  }

  findProjectsByNameFragment(fragment: string): RegisteredProject[] {
    if (!this.#has('project_registry')) return [];
    return this.#all<ProjectRow>(
      `SELECT ${PROJECT_COLUMNS} FROM project_registry WHERE name LIKE '%' || ? || '%' ESCAPE '\\' ORDER BY name`,
      likeLiteral(fragment),
    ).map(toProject);
  }

  activeProject(): RegisteredProject | null {
    if (!this.#has('project_registry')) return null;
    const row = this.#get<ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM project_registry WHERE is_active = 1`);
    return row === undefined ? null : toProject(row);
  }

  listProjects(): RegisteredProject[] {
    if (!this.#has('project_registry')) return [];
    return this.#all<ProjectRow>(
      `SELECT ${PROJECT_COLUMNS} FROM project_registry ORDER BY last_accessed_at DESC, name ASC`,
    ).map(toProject);
  }

  insertProject(project: NewProject): boolean {
    return (
      this.#run(
        'INSERT OR IGNORE INTO project_registry (id, name, root_path, drift_path, is_active) VALUES (?, ?, ?, ?, 0)',
        project.id,
        project.name,
        project.rootPath,
        project.driftPath,
      ) > 0
    );
  }

  activateProject(id: string): void {
    this.transaction(() => {
      this.#run('UPDATE project_registry SET is_active = 0 WHERE is_active = 1 AND id <> ?', id);
      this.#run(
        "UPDATE project_registry SET is_active = 1, last_accessed_at = datetime('now') WHERE id = ?",
        id,
      );
    });
  }

  setProjectHealth(id: string, health: HealthStatus): void {
    this.#run('UPDATE project_registry SET health_status = ? WHERE id = ?', health, id);
  }

  replacePackages(packages: readonly StoredPackage[]): void {
    this.transaction(() => {
      this.#run('DELETE FROM workspace_packages');
      const insert = this.#db.prepare(
        'INSERT INTO workspace_packages (id, name, path, language, framework, dependencies) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const p of packages) {
        insert.run(p.id, p.name, p.path, p.language, p.framework, JSON.stringify(p.dependencies));
      }
    });
  }

  listPackages(): PackageInfo[] {
    if (!this.#has('workspace_packages')) return [];
    return this.#all<PackageRow>(
      'SELECT name, path, language, framework, dependencies FROM workspace_packages ORDER BY path',
    ).map((r) => ({
      name: r.name,
      path: r.path,
      language: r.language,
      framework: r.framework,
      dependencies: parseStringList(r.dependencies),
    }));
  }

  logEvent(type: string, details: string | null): void {
    this.#run('INSERT INTO workspace_events (event_type, details) VALUES (?, ?)', type, details);
  }

  countEventsOlderThan(days: number): number {
    if (!this.#has('workspace_events')) return 0;
    return (
      this.#get<{ n: number }>(
        "SELECT COUNT(*) AS n FROM workspace_events WHERE created_at < datetime('now', ?)",
        `-${days} days`,
      )?.n ?? 0
    );
  }

  deleteEventsOlderThan(days: number): number {
    return this.#run("DELETE FROM workspace_events WHERE created_at < datetime('now', ?)", `-${days} days`);
  }

  insertBackup(manifest: BackupManifest): void {
    this.#run(
      `INSERT OR REPLACE INTO backup_registry (${BACKUP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      manifest.id,
      manifest.reason,
      manifest.createdAt,
      manifest.driftDbSize,
      manifest.cortexDbSize,
      manifest.schemaVersion,
      manifest.driftVersion,
      manifest.backupPath,
      manifest.integrityVerified ? 1 : 0,
      manifest.tier,
    );
  }

  listBackups(): BackupManifest[] {
    if (!this.#has('backup_registry')) return [];
    return this.#all<BackupRow>(
      `SELECT ${BACKUP_COLUMNS} FROM backup_registry ORDER BY created_at DESC, id DESC`,
    ).map(toBackup);
  }

  deleteBackup(id: string): boolean {
    if (!this.#has('backup_registry')) return false;
    return this.#run('DELETE FROM backup_registry WHERE id = ?', id) > 0;
  }

  backupIdsBeyond(tier: BackupTier, keep: number): string[] {
    return this.#all<{ id: string }>(
      'SELECT id FROM backup_registry WHERE tier = ? ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?',
      tier,
      keep,
    ).map((r) => r.id);
  }

  replaceBackups(manifests: readonly BackupManifest[]): void {
    this.transaction(() => {
      this.#run('DELETE FROM backup_registry');
      for (const manifest of manifests) this.insertBackup(manifest);
    });
  }

  insertMigration(record: NewMigrationRecord): void {
    this.#run(
      'INSERT INTO migration_history (from_version, to_version, duration_ms, success, error_message) VALUES (?, ?, ?, ?, ?)',
      record.fromVersion,
      record.toVersion,
      record.durationMs,
      record.success ? 1 : 0,
      record.errorMessage,
    );
  }

  listMigrations(): MigrationRecord[] {
    if (!this.#has('migration_history')) return [];
    return this.#all<MigrationRow>(
      'SELECT id, from_version, to_version, applied_at, duration_ms, success, error_message FROM migration_history ORDER BY id',
    ).map((r) => ({
      id: r.id,
      fromVersion: r.from_version,
      toVersion: r.to_version,
      appliedAt: r.applied_at,
      durationMs: r.duration_ms,
      success: r.success !== 0,
      errorMessage: r.error_message,
    }));
  }
}

// ─── Connections ────────────────────────────────────────────────────────────────────────────────

/** How a connection is opened. */
type OpenMode = 'read' | 'write' | 'create';

/**
 * Opens a connection: read-only, read-write on an existing file, or read-write creating the file.
 * Anything at `path` that is not a regular file (a FIFO would block the open) is refused first.
 */
function connect(path: string, mode: OpenMode, timeoutMs: number, operation = 'open'): Db {
  refuseSpecialFile(operation, path);
  if (mode === 'read')
    return new BetterSqlite3(path, { readonly: true, fileMustExist: true, timeout: timeoutMs });
  return new BetterSqlite3(path, { fileMustExist: mode === 'write', timeout: timeoutMs });
}

/** The pragmas of a connection that writes drift.db (the reference's set). */
function applyWritePragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -8000');
  db.pragma('temp_store = MEMORY');
}

/** Sets incremental auto-vacuum: free on a new database, one VACUUM on an existing one that lacks it. */
function ensureIncrementalVacuum(db: Db): void {
  if (Number(db.pragma('auto_vacuum', { simple: true })) === 2) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  if (Number(db.pragma('auto_vacuum', { simple: true })) !== 2) db.exec('VACUUM');
}

/** Runs `fn` with a connection that is closed afterwards, whatever happens. */
function withConnection<T>(
  path: string,
  mode: OpenMode,
  timeoutMs: number,
  fn: (db: Db) => T,
  operation = 'open',
): T {
  const db = connect(path, mode, timeoutMs, operation);
  try {
    return fn(db);
  } finally {
    if (db.open) db.close();
  }
}

// ─── Telling drift.db from what must not be touched ─────────────────────────────────────────────

/** The file state of `path` as `inspectSqliteFile` reads it (a file-system error is a StorageError naming it). */
function fileState(path: string, operation: string): SqliteFileState {
  try {
    return inspectSqliteFile(path);
  } catch (error) {
    throw sqliteStorageError(error, operation, path);
  }
}

/**
 * Refuses drift.db, before any connection is opened, when its bytes say it must not be: not a regular
 * file (`INVALID_INPUT`), empty (`CORRUPT`, except where a new database may be made or the file is
 * about to be replaced), not a SQLite database or shorter than its header says (`CORRUPT`, except
 * before a replacement, whose purpose may be to repair it).
 */
function checkDriftFile(path: string, operation: string, intent: DatabaseIntent): SqliteFileState {
  const state = fileState(path, operation);
  if (state.kind === 'not-a-file') throw specialFileError(operation, path, state.what);
  if (state.kind === 'empty' && (intent === 'read' || intent === 'write')) {
    throw new StorageError(
      'CORRUPT',
      `${operation}: ${path} is empty (0 bytes), not a drift database; refusing to open it (the file was not modified). Restore a backup with restore(), or remove the file and call initialize()`,
      { operation, path },
    );
  }
  if (state.kind === 'invalid' && intent !== 'replace') {
    throw new StorageError(
      'CORRUPT',
      `${operation}: ${path} ${state.reason}; refusing to open it (the file was not modified). Restore a backup with restore() or autoRecover()`,
      { operation, path },
    );
  }
  return state;
}

/** Names of the tables in a database that are not SQLite's own. */
function userTableNames(db: Db): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/**
 * Refuses, on a connection that has not written anything, a database that is not drift's whatever its
 * `user_version` (`CORRUPT`, the verdict of `identifyDriftDatabase`), and, unless `intent` is `read`,
 * a drift.db of a schema newer than `supported` (`SCHEMA_TOO_NEW`).
 */
function checkIdentity(
  db: Db,
  path: string,
  operation: string,
  intent: DatabaseIntent,
  supported: number,
): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  const identity = identifyDriftDatabase(version, userTableNames(db));
  if (identity.kind === 'foreign') {
    throw new StorageError(
      'CORRUPT',
      `${operation}: ${path} is a SQLite database but not a drift database ${identity.reason}; refusing to modify it`,
      { operation, path },
    );
  }
  if (intent !== 'read' && version > supported) {
    throw new WorkspaceError(
      'SCHEMA_TOO_NEW',
      `${operation}: ${path} has drift schema version ${version}, newer than ${supported} which this build supports; upgrade drift to use this workspace (the database was not modified)`,
      { operation, path },
    );
  }
}

/** True for SQLite's ways of saying a file is not a sound database. */
function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}

/**
 * Checks drift.db for `intent` without changing a byte of it: its file state first, then, when it is
 * a SQLite database, its identity on a read-write connection that writes nothing (a read-only one
 * would leave `-wal`/`-shm` files beside a WAL database; this one removes what it made on close).
 * Before a replacement a damaged file passes: replacing it is how it is repaired.
 */
function checkDriftDatabase(
  path: string,
  operation: string,
  intent: DatabaseIntent,
  supported: number,
  timeoutMs: number,
): void {
  const state = checkDriftFile(path, operation, intent);
  if (state.kind !== 'database') return;
  try {
    withConnection(
      path,
      'write',
      timeoutMs,
      (db) => checkIdentity(db, path, operation, intent, supported),
      operation,
    );
  } catch (error) {
    if (intent === 'replace' && isDamage(error)) return;
    throw sqliteStorageError(error, operation, path);
  }
}

// ─── Whole database files ───────────────────────────────────────────────────────────────────────

/**
 * Worker-thread body of an online backup. better-sqlite3 runs SQLite's backup API asynchronously;
 * this worker runs it while the calling thread waits, which keeps `backup()` synchronous like the
 * rest of the interface. The progress callback asks for every remaining page in the next step, so the
 * copy is one read transaction: a consistent snapshot that concurrent writers cannot restart.
 */
const SNAPSHOT_WORKER = `
const { workerData } = require('node:worker_threads');
const { signal, port, driver, source, destination, timeoutMs } = workerData;
Atomics.store(signal, 1, 1);
Atomics.notify(signal, 1);
const finish = (result) => {
  port.postMessage(result);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
};
const failure = (error) => ({ ok: false, message: String(error && error.message), code: error && error.code });
try {
  const Database = require(driver);
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: timeoutMs });
  const settle = (result) => {
    try { db.close(); } finally { finish(result); }
  };
  db.backup(destination, { progress: () => 0x7fffffff }).then(() => settle({ ok: true }), (error) => settle(failure(error)));
} catch (error) {
  finish(failure(error));
}
`;

/** Absolute path of the better-sqlite3 entry this module uses, for the backup worker. */
let driverPath: string | null = null;
const resolveDriver = () => {
  driverPath ??= createRequire(import.meta.url).resolve('better-sqlite3');
  return driverPath;
};

/** Runs the online backup of `source` into the new file `destination` on a worker, waiting for it. */
function onlineBackup(source: string, destination: string, timeoutMs: number): void {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(SNAPSHOT_WORKER, {
    eval: true,
    workerData: { signal, port: port2, driver: resolveDriver(), source, destination, timeoutMs },
    transferList: [port2],
  });
  worker.unref();
  try {
    // A worker that has not started within a minute never will (its thread could not be created).
    if (Atomics.wait(signal, 1, 0, 60_000) === 'timed-out' && Atomics.load(signal, 1) === 0) {
      throw new StorageError('SQLITE_ERROR', 'backup: the backup worker thread did not start', {
        operation: 'backup',
      });
    }
    while (Atomics.load(signal, 0) === 0) Atomics.wait(signal, 0, 0, 1000);
    const reply = receiveMessageOnPort(port1)?.message as
      | { ok: boolean; message?: string; code?: string }
      | undefined;
    if (reply === undefined || !reply.ok) {
      const error = new Error(reply?.message ?? 'the backup worker ended without an answer');
      throw Object.assign(error, reply?.code === undefined ? {} : { code: reply.code });
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Runs one file operation, reporting any driver or file-system failure as a StorageError naming the file. */
function mapped<T>(operation: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw sqliteStorageError(error, operation, path);
  }
}

/**
 * {@link DatabaseFiles} on better-sqlite3, with `timeoutMs` to wait for locks; failures are
 * StorageErrors, and a special file at any path is refused (naming `operation()`) before it is opened.
 */
function databaseFiles(timeoutMs: number, operation: () => string): DatabaseFiles {
  const files: DatabaseFiles = {
    checkHeader(path, what) {
      const state = inspectSqliteFile(path);
      if (state.kind === 'missing') throw new StorageError('NOT_FOUND', `${what} does not exist`, { path });
      if (state.kind === 'not-a-file') throw specialFileError(operation(), path, state.what);
      if (state.kind === 'empty')
        throw new StorageError('CORRUPT', `${what} is not a SQLite database`, { path });
      if (state.kind === 'invalid') throw new StorageError('CORRUPT', `${what} ${state.reason}`, { path });
    },
    snapshot(source, destination) {
      refuseSpecialFile(operation(), source);
      onlineBackup(source, destination, timeoutMs);
    },
    vacuumInto(source, destination) {
      withConnection(
        source,
        'read',
        timeoutMs,
        (db) => db.prepare('VACUUM INTO ?').run(destination),
        operation(),
      );
    },
    finalize(path) {
      withConnection(path, 'write', timeoutMs, (db) => db.pragma('journal_mode = DELETE'), operation());
    },
    inspect(path, check): DatabaseFacts {
      return withConnection(
        path,
        'read',
        timeoutMs,
        (db) => {
          const tables = userTableNames(db);
          const userVersion = Number(db.pragma('user_version', { simple: true }));
          let issues: string[] = [];
          if (check !== 'none') {
            const pragma = check === 'full' ? 'integrity_check' : 'quick_check';
            const results = (db.pragma(pragma) as Record<string, string>[]).map((row) =>
              String(Object.values(row)[0]),
            );
            issues = results.length === 1 && results[0] === 'ok' ? [] : results;
          }
          return { userVersion, tables, issues };
        },
        operation(),
      );
    },
    assertNotInUse(path) {
      const db = connect(path, 'write', 0, operation());
      try {
        db.pragma('locking_mode = EXCLUSIVE');
        db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
      } catch (error) {
        if (isSqliteBusy(error)) throw inUse(path, error);
        // A damaged file cannot be opened by anyone else either; the caller decides what to do with it.
      } finally {
        db.close();
      }
      if (fileSize(`${path}-wal`) > 0) throw inUse(path);
    },
  };
  return {
    checkHeader: (path, what) => mapped('checkHeader', path, () => files.checkHeader(path, what)),
    snapshot: (source, destination) => mapped('backup', source, () => files.snapshot(source, destination)),
    vacuumInto: (source, destination) =>
      mapped('export', source, () => files.vacuumInto(source, destination)),
    finalize: (path) => mapped('finalize', path, () => files.finalize(path)),
    inspect: (path, check) => mapped('inspect', path, () => files.inspect(path, check)),
    assertNotInUse: (path) => mapped('assertNotInUse', path, () => files.assertNotInUse(path)),
  };
}

/** `BUSY` (DATABASE_IN_USE): another connection has the database open. */
function inUse(path: string, cause?: unknown): WorkspaceError {
  return new WorkspaceError(
    'DATABASE_IN_USE',
    `${path} is open in another connection (an engine or another process); close it before replacing or removing the database`,
    { path, ...(cause === undefined ? {} : { cause }) },
  );
}

/** The operating-system lock behind the workspace lock: a transaction on the lock file, released by the kernel when its process dies. */
function lockPrimitive(lockPath: string): LockPrimitive {
  let db: Db | null = null;
  return {
    tryAcquire(mode: LockMode, operation: string): boolean {
      db = connect(lockPath, 'create', 0, operation);
      try {
        if (mode === 'write') {
          db.exec('BEGIN EXCLUSIVE');
        } else {
          db.exec('BEGIN');
          db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
        }
        return true;
      } catch (error) {
        if (isSqliteBusy(error)) return false;
        throw error;
      }
    },
    release(): void {
      const held = db;
      db = null;
      if (held === null || !held.open) return;
      try {
        if (held.inTransaction) held.exec('ROLLBACK');
      } finally {
        held.close();
      }
    },
  };
}

// ─── SqliteWorkspaceStorage ─────────────────────────────────────────────────────────────────────

/** How {@link SqliteWorkspaceStorage.open} sets up a workspace storage. */
export interface SqliteWorkspaceStorageOptions {
  /** Name of the drift folder under the project root (default `.drift`). */
  readonly driftDir?: string;
  /**
   * Installs or upgrades drift's own schema in a database file, e.g.
   * `(path) => DriftStorageEngine.open(path).close()` with `@drift/storage-sqlite`. Called by
   * `initialize` (before the workspace tables are added) and on the verified copy during import and
   * restore. Without it, drift.db holds the workspace tables only and drift's tables read as empty.
   */
  readonly installDriftSchema?: (dbPath: string) => void;
  /** The newest drift schema version accepted from imports and restores (default 9). */
  readonly supportedSchemaVersion?: number;
  /** drift.toml template written by `initialize` (`default`, `strict`, `ci`; default `default`). */
  readonly template?: string;
  /** Backup verification and retention (defaults: {@link DEFAULT_BACKUP_CONFIG}). */
  readonly backup?: Partial<BackupConfig>;
  /** Version recorded as drift_version (default: this package's version). */
  readonly driftVersion?: string;
  /** Milliseconds a connection waits for another one's lock before `BUSY` (default 5000). */
  readonly busyTimeoutMs?: number;
}

/** The drift schema version of `@drift/storage-sqlite` at the time of writing. */
const DEFAULT_SUPPORTED_SCHEMA_VERSION = 9;

let packageVersion: string | null = null;
/** This package's version, read once from its package.json. */
function ownVersion(): string {
  if (packageVersion === null) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        version?: unknown;
      };
      packageVersion = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
    } catch {
      packageVersion = '0.0.0';
    }
  }
  return packageVersion;
}

/** Checks an optional option: absent, or accepted by `ok` (`INVALID_INPUT` naming it otherwise). */
function checkOption(name: string, value: unknown, ok: (v: unknown) => boolean, expected: string): void {
  if (value !== undefined && !ok(value)) {
    throw invalidInput(`SqliteWorkspaceStorage.open: options.${name} must be ${expected}`, {
      operation: 'open',
      field: `options.${name}`,
    });
  }
}

const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** Validates the options and resolves them into settings. */
function resolveSettings(options: SqliteWorkspaceStorageOptions): WorkspaceSettings {
  checkOption(
    'driftDir',
    options.driftDir,
    (v) => typeof v === 'string' && v.length > 0 && !isAbsolute(v) && !v.split(/[/\\]/).includes('..'),
    'a relative folder name inside the project root',
  );
  checkOption('installDriftSchema', options.installDriftSchema, (v) => typeof v === 'function', 'a function');
  checkOption('supportedSchemaVersion', options.supportedSchemaVersion, isCount, 'a non-negative integer');
  checkOption('template', options.template, (v) => typeof v === 'string', 'a string');
  checkOption(
    'driftVersion',
    options.driftVersion,
    (v) => typeof v === 'string' && v.length > 0,
    'a non-empty string',
  );
  checkOption('busyTimeoutMs', options.busyTimeoutMs, isCount, 'a non-negative integer');
  checkOption('backup', options.backup, (v) => typeof v === 'object' && v !== null, 'an object');
  const backup = { ...DEFAULT_BACKUP_CONFIG, ...options.backup };
  for (const key of ['maxOperational', 'maxDaily', 'maxWeekly', 'maxTotalSizeMb'] as const) {
    checkOption(`backup.${key}`, backup[key], isCount, 'a non-negative integer');
  }
  checkOption(
    'backup.verifyAfterBackup',
    backup.verifyAfterBackup,
    (v) => typeof v === 'boolean',
    'a boolean',
  );
  return {
    supportedSchemaVersion: options.supportedSchemaVersion ?? DEFAULT_SUPPORTED_SCHEMA_VERSION,
    driftVersion: options.driftVersion ?? ownVersion(),
    template: options.template ?? 'default',
    backup: Object.freeze(backup),
    installDriftSchema: options.installDriftSchema ?? null,
  };
}

const CHECK = {
  initialize: methodArgumentChecker('initialize'),
  status: methodArgumentChecker('status'),
  projectInfo: methodArgumentChecker('projectInfo'),
  workspaceContext: methodArgumentChecker('workspaceContext'),
  gc: methodArgumentChecker('gc'),
  backup: methodArgumentChecker('backup'),
  export: methodArgumentChecker('export'),
  import: methodArgumentChecker('import'),
  integrityCheck: methodArgumentChecker('integrityCheck'),
  schemaVersion: methodArgumentChecker('schemaVersion'),
};

/** Throws `INVALID_INPUT` unless `value` is a string. */
function requireString(operation: string, field: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') {
    throw invalidInput(
      `${operation}: ${field} must be a string, got ${value === null ? 'null' : typeof value}`,
      {
        operation,
        field,
      },
    );
  }
}

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
  readonly #settings: WorkspaceSettings;
  readonly #driftDir: string;
  readonly #handle: WorkspaceHandle;
  #closed = false;
  /** The public operation running now (calls are synchronous), named by errors raised deep inside it. */
  #operation = 'workspace';

  private constructor(root: string, options: SqliteWorkspaceStorageOptions) {
    this.#settings = resolveSettings(options);
    this.#driftDir = options.driftDir ?? '.drift';
    const paths = workspacePaths(root, this.#driftDir);
    this.#paths = paths;
    const timeout = options.busyTimeoutMs ?? 5000;
    const operation = () => this.#operation;
    const files = databaseFiles(timeout, operation);
    const lock = new WorkspaceLock(paths.lockPath, () => lockPrimitive(paths.lockPath));
    const requireDb = () => requireInitialized(this.#handle, this.#operation);
    const supported = this.#settings.supportedSchemaVersion;
    /** Opens drift.db for `intent` after its file state is checked, and checks its identity before `fn`. */
    const withDriftDb = <T>(mode: OpenMode, intent: DatabaseIntent, fn: (db: Db) => T): T => {
      checkDriftFile(paths.dbPath, this.#operation, intent);
      return withConnection(
        paths.dbPath,
        mode,
        timeout,
        (db) => {
          checkIdentity(db, paths.dbPath, this.#operation, intent, supported);
          return fn(db);
        },
        this.#operation,
      );
    };
    this.#handle = {
      paths,
      settings: this.#settings,
      files,
      lock,
      databaseExists: () => existsSync(paths.dbPath),
      checkDatabase: (intent) =>
        checkDriftDatabase(paths.dbPath, this.#operation, intent, supported, timeout),
      read: (fn) => {
        requireDb();
        return withDriftDb('read', 'read', (db) => fn(new SqliteStore(db)));
      },
      write: (fn) => {
        requireDb();
        return withDriftDb('write', 'write', (db) => {
          applyWritePragmas(db);
          const store = new SqliteStore(db);
          store.ensureWorkspaceSchema();
          return fn(store);
        });
      },
      create: (fn) =>
        withDriftDb('create', 'create', (db) => {
          ensureIncrementalVacuum(db);
          applyWritePragmas(db);
          const store = new SqliteStore(db);
          store.ensureWorkspaceSchema();
          return fn(store);
        }),
      at: (dbPath, fn) =>
        withConnection(dbPath, 'write', timeout, (db) => fn(new SqliteStore(db)), this.#operation),
    };
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
   * Initializes the workspace (see {@link workspaceInit}). `path` is this storage's project root, or
   * `''` for it; any other folder is `INVALID_INPUT` (open a storage on that folder instead).
   */
  initialize(path: string): void {
    CHECK.initialize([path]);
    this.#run('initialize', () => {
      if (path !== '' && resolve(path) !== this.#paths.root) {
        throw invalidPath(
          'initialize',
          'path',
          path,
          `is not this storage's project root (${this.#paths.root}); open a storage on that folder instead`,
        );
      }
      workspaceInit(this.#handle);
    });
  }

  /** The state of drift.db; `initialized` is false (and every figure 0) before `initialize()`. */
  status(): WorkspaceStatus {
    CHECK.status([]);
    return this.#run('status', () => {
      const dbPath = this.#paths.dbPath;
      if (!this.#handle.databaseExists()) {
        return {
          initialized: false,
          dbPath,
          schemaVersion: 0,
          fileCount: 0,
          dbSizeBytes: 0,
          walSizeBytes: 0,
        };
      }
      return this.#handle.read((store) => ({
        initialized: store.hasWorkspaceTables(),
        dbPath,
        schemaVersion: store.userVersion(),
        fileCount: store.countRows('file_metadata'),
        dbSizeBytes: store.pageCount() * store.pageSize(),
        walSizeBytes: fileSize(`${dbPath}-wal`),
      }));
    });
  }

  /**
   * Project facts: name and root as recorded, file, function and pattern counts, the newest scan, and
   * files per language (tracked languages by count, then detected languages without files at 0).
   */
  projectInfo(): ProjectInfo {
    CHECK.projectInfo([]);
    return this.#run('projectInfo', () =>
      this.#handle.read((store) => {
        const counted = store.languageCounts();
        const seen = new Set(counted.map(([language]) => language));
        const detected = parseStringList(store.getConfig('detected_languages'))
          .filter((language) => !seen.has(language))
          .map((language) => [language, 0] as const);
        return {
          rootPath: store.getConfig('root_path') ?? this.#paths.root,
          name: store.getConfig('project_name') ?? '',
          languageBreakdown: [...counted, ...detected],
          totalFiles: store.countRows('file_metadata'),
          totalFunctions: store.countRows('functions'),
          totalPatterns: store.countRows('pattern_confidence'),
          lastScanAt: store.lastScanAt(),
        };
      }),
    );
  }

  /** The workspace summary for AI and MCP consumers: recorded languages and frameworks, live counts. */
  workspaceContext(): WorkspaceContext {
    CHECK.workspaceContext([]);
    return this.#run('workspaceContext', () =>
      this.#handle.read((store) => ({
        rootPath: store.getConfig('root_path') ?? this.#paths.root,
        languages: parseStringList(store.getConfig('detected_languages')),
        frameworks: parseStringList(store.getConfig('detected_frameworks')),
        fileCount: store.countRows('file_metadata'),
        functionCount: store.countRows('functions'),
        patternCount: store.countRows('pattern_confidence'),
        boundaryCount: store.countRows('boundaries'),
        detectionCount: store.countRows('detections'),
      })),
    );
  }

  /**
   * Garbage collection with the defaults of {@link garbageCollect}, then a WAL checkpoint.
   * `orphanFilesRemoved` counts stale cache files, `staleCacheEntriesRemoved` old workspace events.
   */
  gc(): GcStats {
    CHECK.gc([]);
    return this.#run('gc', () =>
      this.#handle.write((store) => {
        // One transaction: a damaged page met midway rolls back what came before it.
        const report = store.transaction(() => garbageCollect(store, this.#paths.cachePath));
        return {
          orphanFilesRemoved: report.orphanedFilesDeleted,
          staleCacheEntriesRemoved: report.oldEventsDeleted,
          walCheckpointed: store.checkpoint(),
          freedBytes: report.bytesFreed,
        };
      }),
    );
  }

  /**
   * Writes a consistent copy of drift.db to the new file `destination` with SQLite's online backup
   * API (other connections may keep writing), verified and published only when complete. The copy
   * is not registered; see {@link createBackup} for registered backups.
   */
  backup(destination: string): BackupResult {
    CHECK.backup([destination]);
    return this.#run('backup', () => backupTo(this.#handle, destination));
  }

  /** Writes a compacted copy of drift.db (`VACUUM INTO`) to the new file `destination`, verified. */
  export(destination: string): void {
    CHECK.export([destination]);
    this.#run('export', () => {
      exportWorkspace(this.#handle, destination);
    });
  }

  /** Replaces drift.db with the verified database file `source` (see {@link importWorkspace}). */
  import(source: string): void {
    CHECK.import([source]);
    this.#run('import', () => importWorkspace(this.#handle, source));
  }

  /** SQLite's full integrity check of drift.db; a missing or unreadable file is reported, not thrown. */
  integrityCheck(): IntegrityResult {
    CHECK.integrityCheck([]);
    return this.#run('integrityCheck', () => {
      if (!this.#handle.databaseExists()) {
        return {
          ok: false,
          issues: [`${this.#paths.dbPath} does not exist (the workspace is not initialized)`],
        };
      }
      try {
        // An empty, foreign-format or truncated file is reported from its header, never opened.
        this.#handle.files.checkHeader(this.#paths.dbPath, this.#paths.dbPath);
        const { issues } = this.#handle.files.inspect(this.#paths.dbPath, 'full');
        return { ok: issues.length === 0, issues };
      } catch (error) {
        if (!isStorageError(error, 'CORRUPT')) throw error;
        return { ok: false, issues: [error.message] };
      }
    });
  }

  /** drift's schema version in drift.db (`PRAGMA user_version`; 0 when drift's schema is not installed). */
  schemaVersion(): number {
    CHECK.schemaVersion([]);
    return this.#run('schemaVersion', () => this.#handle.read((store) => store.userVersion()));
  }

  // ─── Initialization, status, context ──────────────────────────────────────────────────────────

  /** Initializes the workspace and says what it found or made (see {@link workspaceInit}). */
  workspaceInit(options: InitOptions = {}): WorkspaceInfo {
    return this.#run('workspaceInit', () => {
      if (options.template !== undefined)
        requireString('workspaceInit', 'options.template', options.template);
      return workspaceInit(this.#handle, options);
    });
  }

  /** True when drift.db exists. */
  isInitialized(): boolean {
    return this.#run('isInitialized', () => this.#handle.databaseExists());
  }

  /** The full status: active project, context, health, backups, layout, lock and disk usage. */
  workspaceStatus(): WorkspaceStatusReport {
    return this.#run('workspaceStatus', () => {
      const lockStatus = this.#handle.lock.probe('workspaceStatus');
      return this.#handle.read((store) =>
        workspaceStatusReport(store, this.#paths, lockStatus, this.#settings.supportedSchemaVersion),
      );
    });
  }

  /** Where the workspace's bytes are. */
  diskUsage(): DiskUsage {
    return this.#run('diskUsage', () => this.#handle.read((store) => diskUsage(store, this.#paths)));
  }

  /**
   * Rebuilds the materialized context (the last step of a scan) and records the active project's
   * health computed from it.
   */
  refreshContext(): void {
    this.#run('refreshContext', () =>
      this.#handle.write((store) =>
        store.transaction(() => {
          refreshWorkspaceContext(store);
          const active = store.activeProject();
          if (active !== null)
            store.setProjectHealth(active.id, calculateHealth(readWorkspaceContext(store)));
        }),
      ),
    );
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

  /** The active project, or null. */
  activeProject(): RegisteredProject | null {
    return this.#run('activeProject', () => this.#handle.read((store) => store.activeProject()));
  }

  /** The layout of the project root: single project or monorepo with its packages (file system only). */
  detectLayout(): WorkspaceLayout {
    return this.#run('detectLayout', () => detectWorkspace(this.#paths.root));
  }

  /** Replaces the registered monorepo packages. */
  registerPackages(packages: readonly PackageInfo[]): void {
    this.#run('registerPackages', () => {
      if (!Array.isArray(packages)) {
        throw invalidInput('registerPackages: packages must be an array', {
          operation: 'registerPackages',
          field: 'packages',
        });
      }
      packages.forEach((p, i) => {
        requireString('registerPackages', `packages[${i}].name`, p?.name);
        requireString('registerPackages', `packages[${i}].path`, p?.path);
      });
      this.#handle.write((store) => registerPackages(store, packages));
    });
  }

  /** The registered monorepo packages, by path. */
  listPackages(): PackageInfo[] {
    return this.#run('listPackages', () => this.#handle.read((store) => store.listPackages()));
  }

  // ─── GC, backups, export ──────────────────────────────────────────────────────────────────────

  /** Garbage collection with options (dry run, page limit, retention days); see {@link garbageCollect}. */
  garbageCollect(options: GcOptions = {}): GcReport {
    return this.#run('garbageCollect', () => {
      checkGcOptions(options);
      return this.#handle.write((store) =>
        store.transaction(() => garbageCollect(store, this.#paths.cachePath, options)),
      );
    });
  }

  /** Takes a registered backup for `reason` (default `user_requested`) and applies retention. */
  createBackup(reason: BackupReason = 'user_requested'): BackupManifest {
    return this.#run('createBackup', () => {
      if (!BACKUP_REASONS.includes(reason)) {
        throw invalidInput(`createBackup: reason must be one of ${BACKUP_REASONS.join(', ')}`, {
          operation: 'createBackup',
          field: 'reason',
        });
      }
      return createBackup(this.#handle, reason);
    });
  }

  /** Registered backups, newest first. */
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

  /** Deletes a backup; `confirmation` must be `DELETE`. */
  deleteBackup(backupId: string, confirmation: string): void {
    this.#run('deleteBackup', () => {
      requireString('deleteBackup', 'backupId', backupId);
      deleteBackup(this.#handle, backupId, confirmation);
    });
  }

  /** Like `export`, returning the export's manifest. */
  exportWorkspace(destination: string): ExportManifest {
    return this.#run('exportWorkspace', () => {
      requireString('exportWorkspace', 'destination', destination);
      return exportWorkspace(this.#handle, destination);
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
      for (const key of ['fromVersion', 'toVersion', 'durationMs'] as const) {
        if (!isCount(record?.[key])) {
          throw invalidInput(`recordMigration: record.${key} must be a non-negative integer`, {
            operation: 'recordMigration',
            field: `record.${key}`,
          });
        }
      }
      this.#handle.write((store) => store.insertMigration(record));
    });
  }

  /** drift.db's migration history, oldest first. */
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
      if (typeof operation !== 'function') {
        throw invalidInput('performDestructiveOperation: operation must be a function', {
          operation: name,
          field: 'operation',
        });
      }
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
      if (mode !== 'read' && mode !== 'write') {
        throw invalidInput("acquireLock: mode must be 'read' or 'write'", {
          operation: 'acquireLock',
          field: 'mode',
        });
      }
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
