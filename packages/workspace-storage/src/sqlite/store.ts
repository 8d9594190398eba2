// WorkspaceStore on one better-sqlite3 connection: every statement of the workspace, each value bound
// as a parameter; the only identifiers placed in SQL text are fixed column lists and the allow-listed
// drift tables.
import { DRIFT_WORKSPACE_TABLES } from '@drift/storage-traits/sqlite';
import type BetterSqlite3 from 'better-sqlite3';
import { parseStringList } from '../context.js';
import type { NewProject, StoredPackage, WorkspaceStore } from '../store.js';
import {
  type BackupManifest,
  type BackupTier,
  COUNTED_DRIFT_TABLES,
  type DriftTable,
  type HealthStatus,
  type MigrationRecord,
  type NewMigrationRecord,
  type PackageInfo,
  type RegisteredProject,
} from '../types.js';
import { WORKSPACE_DDL } from './ddl.js';
import {
  BACKUP_COLUMNS,
  type BackupRow,
  type MigrationRow,
  type PackageRow,
  PROJECT_COLUMNS,
  type ProjectRow,
  toBackup,
  toProject,
} from './rows.js';

type Db = BetterSqlite3.Database;

/** The tables `countRows` may name in SQL text. */
const COUNTED: ReadonlySet<string> = new Set(COUNTED_DRIFT_TABLES);

/** Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** {@link WorkspaceStore} over one better-sqlite3 connection. Reads of absent tables are empty. */
export class SqliteStore implements WorkspaceStore {
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
    return DRIFT_WORKSPACE_TABLES.every((table) => this.#has(table));
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
    if (!COUNTED.has(table) || !this.#has(table)) return 0;
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
