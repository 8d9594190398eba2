// The state of drift.db (IWorkspaceStorage's `status`) and the full workspace status: active project,
// health, backups, layout, lock and disk usage.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkspaceStatus } from '@drift/storage-traits';
import { readWorkspaceContext, refreshWorkspaceContext, type WorkspaceContextSnapshot } from './context.js';
import type { LockStatus } from './lock.js';
import type { WorkspaceHandle, WorkspaceStore } from './store.js';
import type { HealthStatus, RegisteredProject, WorkspacePaths } from './types.js';

/** Bytes a workspace takes on disk, by place, and how many of drift.db's could be reclaimed. */
export interface DiskUsage {
  /** drift.db's size as page count times page size (the `-wal` file itself is not counted). */
  readonly driftDbBytes: number;
  /** Size in bytes of cortex.db; 0 when there is none. */
  readonly cortexDbBytes: number;
  /**
   * Bytes of every regular file under `.drift-backups`, folders walked recursively; 0 when it does not exist.
   */
  readonly backupsBytes: number;
  /** Everything under the drift folder's cache. */
  readonly cacheBytes: number;
  /**
   * `driftDbBytes + cortexDbBytes + backupsBytes + cacheBytes` (`reclaimableBytes` is part of `driftDbBytes`,
   * not added).
   */
  readonly totalBytes: number;
  /** Free pages in drift.db that GC can return. */
  readonly reclaimableBytes: number;
}

/** Single project or monorepo, as registered. */
export type WorkspaceLayoutInfo =
  | { readonly kind: 'singleProject' }
  | { readonly kind: 'monorepo'; readonly packageCount: number };

/** The full status of a workspace, from `SqliteWorkspaceStorage.workspaceStatus()`. */
export interface WorkspaceStatusReport {
  /** drift.db exists with the workspace tables. */
  readonly initialized: boolean;
  /** The registry's active project; null when none is active. */
  readonly activeProject: RegisteredProject | null;
  /** The materialized context has been built. */
  readonly contextLoaded: boolean;
  /** drift's schema is older than the version this build supports. */
  readonly migrationNeeded: boolean;
  /** drift's schema version (`PRAGMA user_version`). */
  readonly schemaVersion: number;
  /** Rows of the backup registry (folders on disk are not counted). */
  readonly backupCount: number;
  /**
   * `unknown` before the first scan; else 100 less 15/10/10/10 points for a missing call graph, test
   * topology, constraints, security scan: >= 70 `healthy`, >= 40 `warning`, else `critical`.
   */
  readonly healthStatus: HealthStatus;
  /** Bytes of drift.db, cortex.db, backups and cache, their total, and what GC could reclaim. */
  readonly diskUsage: DiskUsage;
  /** `monorepo` with its package count when packages are registered, else `singleProject`. */
  readonly workspaceLayout: WorkspaceLayoutInfo;
  /** The workspace lock as seen from this storage. */
  readonly lockStatus: LockStatus;
}

/** Score lost for each missing analysis; below 70 is a warning, below 40 critical. */
const HEALTH_PENALTIES: ReadonlyArray<
  readonly [field: keyof WorkspaceContextSnapshot['analysis'], points: number]
> = [
  ['callGraphBuilt', 15],
  ['testTopologyBuilt', 10],
  ['constraintsMined', 10],
  ['securityScanned', 10],
];

/**
 * A project's health from its context: `unknown` before the first scan, otherwise 100 minus a penalty
 * per missing analysis (call graph 15; tests, constraints, security 10 each): 70+ healthy, 40+ warning.
 */
export function calculateHealth(snapshot: WorkspaceContextSnapshot): HealthStatus {
  if (snapshot.project.lastScanAt === null) return 'unknown';
  let score = 100;
  for (const [field, points] of HEALTH_PENALTIES) if (!snapshot.analysis[field]) score -= points;
  return score >= 70 ? 'healthy' : score >= 40 ? 'warning' : 'critical';
}

/** Bytes of every file under `path` (0 when it does not exist). */
export function folderSize(path: string): number {
  if (!existsSync(path)) return 0;
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const full = join(path, entry.name);
    if (entry.isDirectory()) total += folderSize(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Size of a file, 0 when it does not exist. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Disk usage of the workspace, drift.db measured through `store`. */
export function diskUsage(store: WorkspaceStore, paths: WorkspacePaths): DiskUsage {
  const pageSize = store.pageSize();
  const driftDbBytes = store.pageCount() * pageSize;
  const cortexDbBytes = fileSize(paths.cortexDbPath);
  const backupsBytes = folderSize(paths.backupDir);
  const cacheBytes = folderSize(paths.cachePath);
  return {
    driftDbBytes,
    cortexDbBytes,
    backupsBytes,
    cacheBytes,
    totalBytes: driftDbBytes + cortexDbBytes + backupsBytes + cacheBytes,
    reclaimableBytes: store.freelistCount() * pageSize,
  };
}

/** The full status of an initialized workspace, read through `store`. */
export function workspaceStatusReport(ws: WorkspaceHandle): WorkspaceStatusReport {
  const lockStatus = ws.lock.probe('workspaceStatus');
  return ws.read((store) => statusOf(store, ws.paths, lockStatus, ws.settings.supportedSchemaVersion));
}

/** The report of {@link workspaceStatusReport} read from `store`, with the lock status seen before. */
function statusOf(
  store: WorkspaceStore,
  paths: WorkspacePaths,
  lockStatus: LockStatus,
  supportedSchemaVersion: number,
): WorkspaceStatusReport {
  const context = readWorkspaceContext(store);
  const schemaVersion = store.userVersion();
  const packageCount = store.listPackages().length;
  return {
    initialized: store.hasWorkspaceTables(),
    activeProject: store.activeProject(),
    contextLoaded: store.readContext().length > 0,
    migrationNeeded: schemaVersion < supportedSchemaVersion,
    schemaVersion,
    backupCount: store.listBackups().length,
    healthStatus: calculateHealth(context),
    diskUsage: diskUsage(store, paths),
    workspaceLayout: packageCount > 0 ? { kind: 'monorepo', packageCount } : { kind: 'singleProject' },
    lockStatus,
  };
}

/** The state of drift.db: before `initialize()` (no drift.db) `initialized` is false and every figure 0. */
export function databaseStatus(ws: WorkspaceHandle): WorkspaceStatus {
  const dbPath = ws.paths.dbPath;
  if (!ws.databaseExists()) {
    return { initialized: false, dbPath, schemaVersion: 0, fileCount: 0, dbSizeBytes: 0, walSizeBytes: 0 };
  }
  return ws.read((store) => ({
    initialized: store.hasWorkspaceTables(),
    dbPath,
    schemaVersion: store.userVersion(),
    fileCount: store.countRows('file_metadata'),
    dbSizeBytes: store.pageCount() * store.pageSize(),
    walSizeBytes: fileSize(`${dbPath}-wal`),
  }));
}

/**
 * Rebuilds the materialized context (the last step of a scan) and records the active project's health
 * computed from it, in one transaction.
 */
export function refreshContextAndHealth(store: WorkspaceStore): void {
  store.transaction(() => {
    refreshWorkspaceContext(store);
    const active = store.activeProject();
    if (active !== null) store.setProjectHealth(active.id, calculateHealth(readWorkspaceContext(store)));
  });
}
