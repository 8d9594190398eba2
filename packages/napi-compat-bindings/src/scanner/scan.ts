import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  type DriftStorageBackend,
  type FileMetadataInsertRow,
  type FileMetadataRow,
  invalidInput,
  isStorageError,
  StorageError,
} from '@drift/storage-traits';
import picomatch from 'picomatch';
import type { ProgressUpdate } from '../contract/lifecycle.js';
import type { ScanOptions, ScanSummary } from '../contract/scanner.js';
import { contentHash, looksBinary, sameHash } from './hash.js';
import { detectLanguage } from './language.js';
import { walkTree } from './walk.js';

/** Default size limit in bytes (the reference's `ScanConfig::effective_max_file_size`, 1 MiB). */
export const DEFAULT_MAX_FILE_SIZE = 1_048_576;
/** Progress is reported every this many files by default (as the reference), and at the end. */
export const DEFAULT_PROGRESS_INTERVAL = 100;
/** Rows per `UpsertFileMetadata` / `DeleteFileMetadata` command. */
export const SCAN_WRITE_CHUNK = 500;

/**
 * Scan options: the DriftNapi contract's `ScanOptions` (`forceFull`, `maxFileSize` (default
 * {@link DEFAULT_MAX_FILE_SIZE}), `include`, `extraIgnore`, `followSymlinks`, `changedFiles`).
 */
export type ScanProjectOptions = ScanOptions;

/** The contract's `ScanSummary`. */
export type ScanProjectSummary = ScanSummary;

/** The contract's `ProgressUpdate`. */
export type ScanProgressUpdate = ProgressUpdate;

/** Extra facts about one scan, beyond the summary (the contract's `ScanStatsJs` counters). */
export interface ScanProjectStats {
  totalSizeBytes: number;
  discoveryMs: number;
  hashingMs: number;
  diffMs: number;
  /** Share of processed files found unchanged by size+mtime alone (no read). */
  cacheHitRate: number;
  filesSkippedLarge: number;
  filesSkippedIgnored: number;
  filesSkippedBinary: number;
  filesSkippedSymlinks: number;
  /** Unchanged files whose mtime moved; their rows were rewritten with the new mtime. */
  filesTouched: number;
  /** The `scan_history` row of this scan. */
  scanId: number;
  /** Per-file problems (unreadable files), counted in `errorsCount`. */
  errors: string[];
}

/** How a caller follows and stops a running scan. */
export interface ScanProjectHooks {
  /** Aborting stops the scan between files; the result then has status `cancelled`. */
  signal?: AbortSignal | undefined;
  /** Called at the start, every `progressInterval` files and at the end of the hashing phase. */
  onProgress?: ((update: ScanProgressUpdate) => void) | undefined;
  /** Report progress every this many files (default {@link DEFAULT_PROGRESS_INTERVAL}). */
  progressInterval?: number | undefined;
}

/** What {@link scanProject} needs from storage. */
export type ScanStorage = Pick<
  DriftStorageBackend,
  | 'sendBatch'
  | 'flushSync'
  | 'loadAllFileMetadata'
  | 'insertScanStart'
  | 'updateScanComplete'
  | 'updateFunctionCount'
  | 'updateFileError'
>;

/** The contract's summary of a scan, and the details behind it. */
export interface ScanProjectResult {
  readonly summary: ScanProjectSummary;
  readonly stats: ScanProjectStats;
}

const nowSecs = (): number => Math.floor(Date.now() / 1000);

function toRelative(root: string, file: string): string {
  const rel = isAbsolute(file) ? relative(root, file) : file;
  return rel.split(sep).join('/').replace(/^\.\//, '');
}

/**
 * Incrementally scans `root` into `file_metadata`: new and modified files are upserted, removed
 * ones deleted, unchanged ones (same size and mtime, or else the same XXH3 hash) left alone. Binary
 * files, files over the size limit, ignored paths and (by default) symbolic links are not part of
 * the tree. A `scan_history` row is opened at the start and closed with `completed`, `cancelled` or
 * `failed`.
 *
 * Cancellation (through `hooks.signal`) stops between files: rows already sent are complete and
 * committed, nothing is deleted (removals need the whole tree), and the summary counts only what was
 * processed. A storage failure closes the history row as `failed` and is rethrown as a
 * `StorageError`.
 */
export async function scanProjectDetailed(
  root: string,
  options: ScanProjectOptions,
  storage: ScanStorage,
  hooks: ScanProjectHooks = {},
): Promise<ScanProjectResult> {
  const started = performance.now();
  const absRoot = resolve(root);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (!Number.isFinite(maxFileSize) || maxFileSize < 0) {
    throw invalidInput(`maxFileSize must be a non-negative number, got ${String(maxFileSize)}`);
  }
  try {
    if (!(await stat(absRoot)).isDirectory()) throw new Error('not a directory');
  } catch {
    throw invalidInput(`scan root ${absRoot} is not a readable directory`);
  }
  const interval = Math.max(1, Math.floor(hooks.progressInterval ?? DEFAULT_PROGRESS_INTERVAL));
  const { signal, onProgress } = hooks;
  const scanId = storage.insertScanStart(nowSecs(), absRoot);

  let added = 0;
  let modified = 0;
  let removed = 0;
  let unchanged = 0;
  const languages: Record<string, number> = {};
  const stats: ScanProjectStats = {
    totalSizeBytes: 0,
    discoveryMs: 0,
    hashingMs: 0,
    diffMs: 0,
    cacheHitRate: 0,
    filesSkippedLarge: 0,
    filesSkippedIgnored: 0,
    filesSkippedBinary: 0,
    filesSkippedSymlinks: 0,
    filesTouched: 0,
    scanId,
    errors: [],
  };
  const finish = (status: string, error: string | null): ScanProjectResult => {
    const durationMs = Math.round(performance.now() - started);
    storage.updateScanComplete(
      scanId,
      nowSecs(),
      added + modified + removed + unchanged,
      added,
      modified,
      removed,
      unchanged,
      durationMs,
      status,
      error,
    );
    return {
      summary: {
        filesTotal: added + modified + unchanged,
        filesAdded: added,
        filesModified: modified,
        filesRemoved: removed,
        filesUnchanged: unchanged,
        errorsCount: stats.errors.length,
        durationMs,
        status,
        languages,
      },
      stats,
    };
  };

  let pending: FileMetadataInsertRow[] = [];
  const sendPending = (): void => {
    if (pending.length === 0) return;
    storage.sendBatch({ type: 'UpsertFileMetadata', rows: pending });
    pending = [];
  };
  // An upsert resets a row's counter caches (as the reference's). A touched file's content is the
  // one its counters describe, so they are put back once its new mtime is committed.
  const touchedCounters: FileMetadataRow[] = [];
  const commit = (): void => {
    sendPending();
    storage.flushSync();
    for (const row of touchedCounters.splice(0)) {
      if (row.functionCount !== 0) storage.updateFunctionCount(row.path, row.functionCount);
      if (row.errorCount !== 0 || row.error !== null) {
        storage.updateFileError(row.path, row.errorCount, row.error);
      }
    }
  };

  try {
    const cached = new Map<string, FileMetadataRow>();
    for (const row of storage.loadAllFileMetadata()) cached.set(row.path, row);

    // Discovery.
    const t0 = performance.now();
    const walked = await walkTree(absRoot, {
      maxFileSize,
      followSymlinks: options.followSymlinks ?? false,
      extraIgnore: options.extraIgnore ?? [],
      signal,
    });
    stats.filesSkippedIgnored = walked.skips.ignored;
    stats.filesSkippedLarge = walked.skips.tooLarge;
    stats.filesSkippedSymlinks = walked.skips.symlinks;
    let files = walked.files;
    const included = options.include?.length ? picomatch(options.include, { dot: true }) : null;
    if (included) files = files.filter((f) => included(f.path));
    const scope = options.changedFiles
      ? new Set(options.changedFiles.map((f) => toRelative(absRoot, f)))
      : null;
    if (scope) files = files.filter((f) => scope.has(f.path));
    stats.discoveryMs = Math.round(performance.now() - t0);
    if (signal?.aborted) return finish('cancelled', null);

    // Hash and classify.
    const t1 = performance.now();
    const total = files.length;
    const forceFull = options.forceFull ?? false;
    const scanned = new Set<string>();
    let processed = 0;
    let mtimeHits = 0;
    onProgress?.({ processed: 0, total, phase: 'scanning', currentFile: null });
    for (const file of files) {
      if (signal?.aborted) {
        commit();
        stats.hashingMs = Math.round(performance.now() - t1);
        return finish('cancelled', null);
      }
      const before = cached.get(file.path);
      const language = detectLanguage(file.path);
      const count = (): void => {
        scanned.add(file.path);
        stats.totalSizeBytes += file.size;
        if (language !== null) languages[language] = (languages[language] ?? 0) + 1;
      };
      if (
        before &&
        !forceFull &&
        before.fileSize === file.size &&
        before.mtimeSecs === file.mtimeSecs &&
        before.mtimeNanos === file.mtimeNanos
      ) {
        unchanged += 1;
        mtimeHits += 1;
        count();
      } else {
        const fileStart = performance.now();
        let bytes: Uint8Array | null = null;
        try {
          bytes = await readFile(file.absolutePath);
        } catch (err) {
          stats.errors.push(`${file.path}: ${(err as Error).message}`);
          if (before) scanned.add(file.path); // present but unreadable: keep its row
        }
        if (bytes !== null && looksBinary(bytes)) {
          stats.filesSkippedBinary += 1;
        } else if (bytes !== null) {
          const hash = contentHash(bytes);
          const same = before !== undefined && sameHash(before.contentHash, hash);
          if (same) unchanged += 1;
          else if (before) modified += 1;
          else added += 1;
          count();
          // Rewrite the row unless it is identical (a touched file gets its new mtime recorded).
          if (
            !same ||
            before.fileSize !== file.size ||
            before.mtimeSecs !== file.mtimeSecs ||
            before.mtimeNanos !== file.mtimeNanos
          ) {
            if (same) {
              stats.filesTouched += 1;
              touchedCounters.push(before);
            }
            pending.push({
              path: file.path,
              language,
              fileSize: bytes.length,
              contentHash: hash,
              mtimeSecs: file.mtimeSecs,
              mtimeNanos: file.mtimeNanos,
              lastScannedAt: nowSecs(),
              scanDurationUs: Math.round((performance.now() - fileStart) * 1000),
            });
            if (pending.length >= SCAN_WRITE_CHUNK) sendPending();
          }
        }
      }
      processed += 1;
      if (onProgress && (processed % interval === 0 || processed === total)) {
        onProgress({ processed, total, phase: 'scanning', currentFile: file.path });
      }
    }
    sendPending();
    stats.hashingMs = Math.round(performance.now() - t1);
    stats.cacheHitRate = total > 0 ? mtimeHits / total : 0;

    // Removals: tracked files (within the scan's scope) that are no longer part of the tree.
    const t2 = performance.now();
    const gone = [...cached.keys()].filter(
      (path) => !scanned.has(path) && (scope === null || scope.has(path)),
    );
    for (let i = 0; i < gone.length; i += SCAN_WRITE_CHUNK) {
      storage.sendBatch({ type: 'DeleteFileMetadata', rows: gone.slice(i, i + SCAN_WRITE_CHUNK) });
    }
    removed = gone.length;
    commit();
    stats.diffMs = Math.round(performance.now() - t2);
    return finish('completed', null);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    try {
      storage.flushSync();
    } catch {
      // The original failure is what the caller needs; the history row below records it.
    }
    try {
      finish('failed', message);
    } catch {
      // Storage itself is failing; nothing more can be recorded.
    }
    if (isStorageError(err)) throw err;
    throw new StorageError('SQLITE_ERROR', `scan of ${absRoot} failed: ${message}`, { cause: err });
  }
}

/** {@link scanProjectDetailed}, returning only the contract's `ScanSummary`. */
export async function scanProject(
  root: string,
  options: ScanProjectOptions,
  storage: ScanStorage,
  hooks: ScanProjectHooks = {},
): Promise<ScanProjectSummary> {
  return (await scanProjectDetailed(root, options, storage, hooks)).summary;
}
