import { methodList } from './method-list.js';

/** The state of a workspace's database, from {@link IWorkspaceStorage.status}. */
export interface WorkspaceStatus {
  /** Whether the workspace has been initialized. */
  readonly initialized: boolean;
  /** Path of drift.db, or null for an in-memory or network backend. */
  readonly dbPath: string | null;
  /** Schema version of the database. */
  readonly schemaVersion: number;
  /** Tracked files. */
  readonly fileCount: number;
  /** Size of the database file in bytes. */
  readonly dbSizeBytes: number;
  /** Size of the write-ahead log in bytes. */
  readonly walSizeBytes: number;
}

/** The project a workspace describes, from {@link IWorkspaceStorage.projectInfo}. */
export interface ProjectInfo {
  /** Root folder of the project. */
  readonly rootPath: string;
  /** Project name. */
  readonly name: string;
  /** Files per language, as (language, count) pairs, most files first. */
  readonly languageBreakdown: ReadonlyArray<readonly [language: string, files: number]>;
  /** Tracked files. */
  readonly totalFiles: number;
  /** Functions found. */
  readonly totalFunctions: number;
  /** Patterns with a confidence score. */
  readonly totalPatterns: number;
  /** When the last scan started, seconds since the epoch, if there was one. */
  readonly lastScanAt: number | null;
}

/** A summary of a workspace for AI and MCP consumers, from {@link IWorkspaceStorage.workspaceContext}. */
export interface WorkspaceContext {
  /** Root folder of the project. */
  readonly rootPath: string;
  /** Languages present. */
  readonly languages: readonly string[];
  /** Frameworks detected. */
  readonly frameworks: readonly string[];
  /** Tracked files. */
  readonly fileCount: number;
  /** Functions found. */
  readonly functionCount: number;
  /** Patterns with a confidence score. */
  readonly patternCount: number;
  /** Boundaries found. */
  readonly boundaryCount: number;
  /** Detections found. */
  readonly detectionCount: number;
}

/** What {@link IWorkspaceStorage.gc} removed. */
export interface GcStats {
  /** Files removed that nothing uses any more (the SQLite workspace: cache files untouched for 30 days). */
  readonly orphanFilesRemoved: number;
  /**
   * Expired records removed. The name is the reference's (`stale_cache_entries_removed` of drift-core's
   * GcStats), but what it counts there and here is workspace audit events older than the retention
   * (90 days in the SQLite workspace), not cache entries.
   */
  readonly staleCacheEntriesRemoved: number;
  /** Whether the write-ahead log was checkpointed. */
  readonly walCheckpointed: boolean;
  /** Bytes returned to the file system. */
  readonly freedBytes: number;
}

/** What {@link IWorkspaceStorage.backup} produced. */
export interface BackupResult {
  /** Path of the backup file. */
  readonly destination: string;
  /** Size of the backup in bytes. */
  readonly sizeBytes: number;
  /** How long the backup took, in milliseconds. */
  readonly durationMs: number;
}

/** The outcome of {@link IWorkspaceStorage.integrityCheck}. */
export interface IntegrityResult {
  /** True when no issue was found. */
  readonly ok: boolean;
  /** Each issue found, as reported by the database. */
  readonly issues: readonly string[];
}

/**
 * The workspace lifecycle: initialization, status, project facts, GC, backup, export/import, integrity
 * and schema version. Backends without files answer backup, export, import and integrity checks with
 * `NOT_SUPPORTED`.
 */
export interface IWorkspaceStorage {
  /** Initializes a workspace at `path` (creates `.drift`, the database and its schema). */
  initialize(path: string): void;
  /** Returns the workspace's status. */
  status(): WorkspaceStatus;
  /** Returns facts about the project. */
  projectInfo(): ProjectInfo;
  /** Returns the workspace context for AI and MCP consumers. */
  workspaceContext(): WorkspaceContext;
  /** Removes orphaned and stale rows and reclaims space. */
  gc(): GcStats;
  /** Writes a consistent copy of the database to `destination`. */
  backup(destination: string): BackupResult;
  /** Writes a compacted copy of the database to `destination`. */
  export(destination: string): void;
  /** Replaces the database with the verified copy at `source`. */
  import(source: string): void;
  /** Checks the database's integrity. */
  integrityCheck(): IntegrityResult;
  /** Returns the schema version of the database. */
  schemaVersion(): number;
}

/** Every method name of {@link IWorkspaceStorage}, checked at compile time to be exactly its keys. */
export const WORKSPACE_STORAGE_METHODS = methodList<IWorkspaceStorage>()([
  'initialize',
  'status',
  'projectInfo',
  'workspaceContext',
  'gc',
  'backup',
  'export',
  'import',
  'integrityCheck',
  'schemaVersion',
] as const);
