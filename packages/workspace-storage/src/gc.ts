// Garbage collection: return free pages to the file system, drop old audit events, remove stale cache
// files, then checkpoint the write-ahead log.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GcStats } from '@drift/storage-traits';
import { requireBoolean, requireCount } from './arguments.js';
import type { WorkspaceHandle, WorkspaceStore } from './store.js';

/** What {@link collectGarbage} (the facade's `garbageCollect`) does. */
export interface GcOptions {
  /** Free pages to return at most (0, the default: all). */
  readonly maxPages?: number;
  /** Workspace events older than this many days are deleted (default 90). */
  readonly retentionDays?: number;
  /** Cache files not modified for this many days are deleted (default 30). */
  readonly cacheMaxAgeDays?: number;
  /** Only count free pages (all of them) and old events, touching nothing (default false). */
  readonly dryRun?: boolean;
}

/**
 * What {@link collectGarbage} removed (or, in a dry run, would remove), with the field names of the
 * reference's workspace `GCReport` (drift-core workspace/gc.rs).
 */
export interface GcReport {
  /** Free pages returned to the file system. */
  readonly pagesFreed: number;
  /** `pagesFreed` times the page size. */
  readonly bytesFreed: number;
  /** Workspace events past the retention deleted (in a dry run, counted). */
  readonly oldEventsDeleted: number;
  /** Cache files past `cacheMaxAgeDays` deleted (0 in a dry run, which skips the cache, as the reference's). */
  readonly orphanedFilesDeleted: number;
  /** How long it took, in milliseconds. */
  readonly durationMs: number;
}

const DAY_MS = 86_400_000;

/** Validates {@link GcOptions} (`INVALID_INPUT` naming the option). */
export function checkGcOptions(options: GcOptions): void {
  for (const name of ['maxPages', 'retentionDays', 'cacheMaxAgeDays'] as const) {
    if (options[name] !== undefined) requireCount('garbageCollect', `options.${name}`, options[name]);
  }
  if (options.dryRun !== undefined) requireBoolean('garbageCollect', 'options.dryRun', options.dryRun);
}

/** Removes the files directly in `cachePath` older than `maxAgeDays`; returns how many. */
function cleanStaleCache(cachePath: string, maxAgeDays: number, now = Date.now()): number {
  if (!existsSync(cachePath)) return 0;
  let count = 0;
  for (const entry of readdirSync(cachePath, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(cachePath, entry.name);
    if (now - statSync(file).mtimeMs > maxAgeDays * DAY_MS) {
      rmSync(file, { force: true });
      count += 1;
    }
  }
  return count;
}

/** Returns free pages (at most `maxPages`, 0 = all) and reports how many were returned. */
function returnFreePages(store: WorkspaceStore, maxPages: number): number {
  const before = store.freelistCount();
  store.incrementalVacuum(maxPages);
  return Math.max(0, before - store.freelistCount());
}

/**
 * The workspace's garbage collection (the reference's `garbage_collect`): free pages returned, events
 * older than `retentionDays` deleted, stale cache files removed, in one transaction (a damaged page met
 * midway rolls back what came before it); no checkpoint, as in the reference.
 */
export function collectGarbage(ws: WorkspaceHandle, options: GcOptions): GcReport {
  const started = Date.now();
  const retentionDays = options.retentionDays ?? 90;
  const dryRun = options.dryRun ?? false;
  return ws.write((store) =>
    store.transaction(() => {
      const pageSize = store.pageSize();
      let pagesFreed: number;
      let oldEventsDeleted: number;
      if (dryRun) {
        const free = store.freelistCount();
        // As the reference's dry run (workspace/gc.rs): every free page, whatever maxPages says.
        pagesFreed = free;
        oldEventsDeleted = store.countEventsOlderThan(retentionDays);
      } else {
        pagesFreed = returnFreePages(store, options.maxPages ?? 0);
        oldEventsDeleted = store.deleteEventsOlderThan(retentionDays);
      }
      // The reference's dry run returns before the cache step, so it reports 0 cache files.
      const orphanedFilesDeleted = dryRun
        ? 0
        : cleanStaleCache(ws.paths.cachePath, options.cacheMaxAgeDays ?? 30);
      return {
        pagesFreed,
        bytesFreed: pagesFreed * pageSize,
        oldEventsDeleted,
        orphanedFilesDeleted,
        durationMs: Date.now() - started,
      };
    }),
  );
}

/**
 * `gc()` of IWorkspaceStorage, as the reference's SQLite workspace storage does it: every free page
 * returned, workspace events older than 90 days deleted, then a WAL checkpoint. It leaves the cache
 * folder alone, so `orphanFilesRemoved` is always 0 (the reference's `gc` reports 0 and never removes
 * files; the cache is {@link collectGarbage}'s).
 */
export function seamGc(ws: WorkspaceHandle): GcStats {
  return ws.write((store) => {
    const work = store.transaction(() => {
      const pagesFreed = returnFreePages(store, 0);
      return {
        freedBytes: pagesFreed * store.pageSize(),
        staleCacheEntriesRemoved: store.deleteEventsOlderThan(90),
      };
    });
    return {
      orphanFilesRemoved: 0,
      staleCacheEntriesRemoved: work.staleCacheEntriesRemoved,
      walCheckpointed: store.checkpoint(),
      freedBytes: work.freedBytes,
    };
  });
}
