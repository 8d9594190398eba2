import { keyList } from './key-list.js';

/** The state of a workspace's database, from {@link IWorkspaceStorage.status}. */
export interface WorkspaceStatus {
  /** Whether the workspace has been initialized. */
  readonly initialized: boolean;
  /** Path of drift.db, or null for an in-memory or network backend. */
  readonly dbPath: string | null;
  /** The database's `user_version`: the last migration applied (0 before `initialize`). */
  readonly schemaVersion: number;
  /** Rows of `file_metadata` (the tracked files) at the call. */
  readonly fileCount: number;
  /** Page count times page size of drift.db, without its `-wal` file; 0 when there is no file. */
  readonly dbSizeBytes: number;
  /** Size of the write-ahead log in bytes. */
  readonly walSizeBytes: number;
}

/** The project a workspace describes, from {@link IWorkspaceStorage.projectInfo}. */
export interface ProjectInfo {
  /** The `root_path` recorded at initialization, else the workspace's own root folder. */
  readonly rootPath: string;
  /** The `project_name` recorded at initialization, else the empty string. */
  readonly name: string;
  /** Files per language, as (language, count) pairs, most files first. */
  readonly languageBreakdown: ReadonlyArray<readonly [language: string, files: number]>;
  /** Rows of `file_metadata`, counted at the call. */
  readonly totalFiles: number;
  /** Rows of `functions`, counted at the call. */
  readonly totalFunctions: number;
  /** Rows of `pattern_confidence`: patterns scored at least once. */
  readonly totalPatterns: number;
  /** When the last scan started, seconds since the epoch, if there was one. */
  readonly lastScanAt: number | null;
}

/** A summary of a workspace for AI and MCP consumers, from {@link IWorkspaceStorage.workspaceContext}. */
export interface WorkspaceContext {
  /** The recorded project root, else the path the storage was opened at (as {@link ProjectInfo.rootPath}). */
  readonly rootPath: string;
  /** The `detected_languages` of the workspace config (not recounted from the files). */
  readonly languages: readonly string[];
  /** The `detected_frameworks` of the workspace config. */
  readonly frameworks: readonly string[];
  /** Rows of `file_metadata` at the call. */
  readonly fileCount: number;
  /** Rows of `functions` at the call. */
  readonly functionCount: number;
  /** Rows of `pattern_confidence` at the call. */
  readonly patternCount: number;
  /** Rows of `boundaries` at the call. */
  readonly boundaryCount: number;
  /** Rows of `detections` at the call. */
  readonly detectionCount: number;
}

/**
 * What one {@link IWorkspaceStorage.gc} run did: files and old events removed, the checkpoint, the space
 * given back.
 */
export interface GcStats {
  /**
   * The reference's `orphan_files_removed`: files removed that nothing uses any more. The reference's
   * `gc` never removes files and reports 0, and so does the SQLite workspace's.
   */
  readonly orphanFilesRemoved: number;
  /**
   * The reference's `stale_cache_entries_removed`. Despite the name, it counts (there and here) the
   * workspace audit events older than the retention (90 days in the SQLite workspace) that were deleted,
   * not cache entries.
   */
  readonly staleCacheEntriesRemoved: number;
  /** Whether the write-ahead log was checkpointed. */
  readonly walCheckpointed: boolean;
  /** Free pages given back to the file system, times the page size (0 when no page was free). */
  readonly freedBytes: number;
}

/** What {@link IWorkspaceStorage.backup} wrote: the copy's path and size in bytes, and how long it took. */
export interface BackupResult {
  /** Path of the backup file. */
  readonly destination: string;
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
  status(): WorkspaceStatus;
  /** The project's recorded name and root, with file, function and pattern counts taken now. */
  projectInfo(): ProjectInfo;
  workspaceContext(): WorkspaceContext;
  /** Removes orphaned and stale rows and reclaims space. */
  gc(): GcStats;
  /** Writes a consistent copy of the database to `destination`. */
  backup(destination: string): BackupResult;
  /** Writes a compacted copy of the database to `destination`. */
  export(destination: string): void;
  /** Replaces the database with the verified copy at `source`. */
  import(source: string): void;
  /**
   * Runs the database's full consistency check. A missing or damaged file is an issue in the result,
   * not a throw.
   */
  integrityCheck(): IntegrityResult;
  /** As {@link WorkspaceStatus.schemaVersion}. */
  schemaVersion(): number;
}

/** Every method name of {@link IWorkspaceStorage}, checked at compile time to be exactly its keys. */
export const WORKSPACE_STORAGE_METHODS = keyList<IWorkspaceStorage>()([
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
