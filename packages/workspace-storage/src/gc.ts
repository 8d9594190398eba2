// Garbage collection: return free pages to the file system, drop old audit events, remove stale cache
// files, then checkpoint the write-ahead log.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GcStats } from '@drift/storage-traits';
import { requireBoolean, requireCount } from './arguments.js';
import type { WorkspaceHandle, WorkspaceStore } from './store.js';

/** What `gc(options)` does. */
export interface GcOptions {
  /** Free pages to return at most (0, the default: all). */
  readonly maxPages?: number;
  /** Workspace events older than this many days are deleted (default 90). */
  readonly retentionDays?: number;
  /** Cache files not modified for this many days are deleted (default 30). */
  readonly cacheMaxAgeDays?: number;
  /** Only count what would be removed, and skip the checkpoint (default false). */
  readonly dryRun?: boolean;
}

/**
 * What `gc(options)` removed (or, in a dry run, would remove): the seam's {@link GcStats}, whose
 * `orphanFilesRemoved` counts the stale cache files and `staleCacheEntriesRemoved` the old workspace
 * events, with the pages behind `freedBytes` and the time taken.
 */
export interface GcReport extends GcStats {
  /** Free pages returned (`freedBytes` is this times the page size). */
  readonly pagesFreed: number;
  /** How long it took, in milliseconds. */
  readonly durationMs: number;
}

const DAY_MS = 86_400_000;

/** Validates {@link GcOptions} (`INVALID_INPUT` naming the option). */
export function checkGcOptions(options: GcOptions): void {
  for (const name of ['maxPages', 'retentionDays', 'cacheMaxAgeDays'] as const) {
    if (options[name] !== undefined) requireCount('gc', `options.${name}`, options[name]);
  }
  if (options.dryRun !== undefined) requireBoolean('gc', 'options.dryRun', options.dryRun);
}

/** Removes (or, in a dry run, counts) the files directly in `cachePath` older than `maxAgeDays`. */
export function cleanStaleCache(
  cachePath: string,
  maxAgeDays: number,
  dryRun: boolean,
  now = Date.now(),
): number {
  if (!existsSync(cachePath)) return 0;
  let count = 0;
  for (const entry of readdirSync(cachePath, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(cachePath, entry.name);
    if (now - statSync(file).mtimeMs > maxAgeDays * DAY_MS) {
      if (!dryRun) rmSync(file, { force: true });
      count += 1;
    }
  }
  return count;
}

/** The database and cache part of a collection, in the caller's transaction (no checkpoint). */
function garbageCollect(
  store: WorkspaceStore,
  cachePath: string,
  options: GcOptions,
): Omit<GcReport, 'walCheckpointed' | 'durationMs'> {
  const retentionDays = options.retentionDays ?? 90;
  const dryRun = options.dryRun ?? false;
  const pageSize = store.pageSize();
  let pagesFreed: number;
  let staleCacheEntriesRemoved: number;
  if (dryRun) {
    const free = store.freelistCount();
    pagesFreed = options.maxPages ? Math.min(free, options.maxPages) : free;
    staleCacheEntriesRemoved = store.countEventsOlderThan(retentionDays);
  } else {
    const before = store.freelistCount();
    store.incrementalVacuum(options.maxPages ?? 0);
    pagesFreed = Math.max(0, before - store.freelistCount());
    staleCacheEntriesRemoved = store.deleteEventsOlderThan(retentionDays);
  }
  const orphanFilesRemoved = cleanStaleCache(cachePath, options.cacheMaxAgeDays ?? 30, dryRun);
  return { pagesFreed, freedBytes: pagesFreed * pageSize, staleCacheEntriesRemoved, orphanFilesRemoved };
}

/**
 * Collects garbage in drift.db and the cache folder, in one transaction (a damaged page met midway
 * rolls back what came before it), then checkpoints the write-ahead log unless it is a dry run.
 */
export function collectGarbage(ws: WorkspaceHandle, options: GcOptions): GcReport {
  const started = Date.now();
  return ws.write((store) => {
    const work = store.transaction(() => garbageCollect(store, ws.paths.cachePath, options));
    const walCheckpointed = options.dryRun === true ? false : store.checkpoint();
    return { ...work, walCheckpointed, durationMs: Date.now() - started };
  });
}

/** `gc()` of IWorkspaceStorage: {@link collectGarbage} with the defaults, projected on {@link GcStats}. */
export function seamGc(ws: WorkspaceHandle): GcStats {
  const { orphanFilesRemoved, staleCacheEntriesRemoved, walCheckpointed, freedBytes } = collectGarbage(
    ws,
    {},
  );
  return { orphanFilesRemoved, staleCacheEntriesRemoved, walCheckpointed, freedBytes };
}
