// Garbage collection: return free pages to the file system, drop old audit events, remove stale cache
// files.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { invalidInput } from '@drift/storage-traits';
import type { WorkspaceStore } from './store.js';

/** What {@link garbageCollect} does. */
export interface GcOptions {
  /** Free pages to return at most (0, the default: all). */
  readonly maxPages?: number;
  /** Workspace events older than this many days are deleted (default 90). */
  readonly retentionDays?: number;
  /** Cache files not modified for this many days are deleted (default 30). */
  readonly cacheMaxAgeDays?: number;
  /** Only count what would be removed (default false). */
  readonly dryRun?: boolean;
}

/** What {@link garbageCollect} removed (or, in a dry run, would remove). */
export interface GcReport {
  /** Free pages returned. */
  readonly pagesFreed: number;
  /** Bytes returned. */
  readonly bytesFreed: number;
  /** Workspace events deleted. */
  readonly oldEventsDeleted: number;
  /** Stale cache files deleted. */
  readonly orphanedFilesDeleted: number;
  /** How long it took, in milliseconds. */
  readonly durationMs: number;
}

const DAY_MS = 86_400_000;

/** Checks one numeric option: absent, or a non-negative safe integer. */
function checkCount(name: string, value: unknown): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
    throw invalidInput(`garbageCollect: options.${name} must be a non-negative integer`, {
      operation: 'garbageCollect',
      field: `options.${name}`,
    });
  }
}

/** Validates {@link GcOptions} (`INVALID_INPUT` naming the option). */
export function checkGcOptions(options: GcOptions): void {
  checkCount('maxPages', options.maxPages);
  checkCount('retentionDays', options.retentionDays);
  checkCount('cacheMaxAgeDays', options.cacheMaxAgeDays);
  if (options.dryRun !== undefined && typeof options.dryRun !== 'boolean') {
    throw invalidInput('garbageCollect: options.dryRun must be a boolean', {
      operation: 'garbageCollect',
      field: 'options.dryRun',
    });
  }
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

/** Runs garbage collection on the database of `store` and the cache folder `cachePath`. */
export function garbageCollect(store: WorkspaceStore, cachePath: string, options: GcOptions = {}): GcReport {
  const started = Date.now();
  const retentionDays = options.retentionDays ?? 90;
  const dryRun = options.dryRun ?? false;
  const pageSize = store.pageSize();
  let pagesFreed: number;
  let oldEventsDeleted: number;
  if (dryRun) {
    const free = store.freelistCount();
    pagesFreed = options.maxPages ? Math.min(free, options.maxPages) : free;
    oldEventsDeleted = store.countEventsOlderThan(retentionDays);
  } else {
    const before = store.freelistCount();
    store.incrementalVacuum(options.maxPages ?? 0);
    pagesFreed = Math.max(0, before - store.freelistCount());
    oldEventsDeleted = store.deleteEventsOlderThan(retentionDays);
  }
  const orphanedFilesDeleted = cleanStaleCache(cachePath, options.cacheMaxAgeDays ?? 30, dryRun);
  return {
    pagesFreed,
    bytesFreed: pagesFreed * pageSize,
    oldEventsDeleted,
    orphanedFilesDeleted,
    durationMs: Date.now() - started,
  };
}
