import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  type DriftStorageBackend,
  type FileMetadataInsertRow,
  isStorageError,
  StorageError,
} from '@drift/storage-traits';
import { quoteInput } from '../bindings/args.js';
import type { ScanSummary } from '../contract/scanner.js';
import { DEFAULT_MAX_FILE_SIZE } from './config.js';
import { FileReader } from './file-reader.js';
import { hashContent, hashFromBytes, hashToBytes } from './hash.js';
import { languageOf, SCANNER_LANGUAGE_TABLE, type ScannerLanguage } from './language.js';
import type { DiscoveredFile, WalkEnvironment, walkTree } from './walk.js';
import { hashFilesInThread, startWalkInThread, type ThreadHashes } from './walk-thread.js';

// The reference's scan (drift-analysis `scanner/scanner.rs`, `incremental.rs`) and how its bindings
// persist it (drift-napi `bindings/scanner.rs`, `persist_scan_diff`), over the storage traits.

/** The scanner reports progress every this many files (the reference's fixed interval). */
export const PROGRESS_INTERVAL = 100;

/** `scan_history.status` of a scan that ran to its end (the reference's only status). */
const SCAN_STATUS_COMPLETED = 'completed';
/**
 * `scan_history.status` of a scan that stopped early (`driftCancelScan`), and of a row a scan that
 * never finished left `running` (closed by the next scan): the reference's word for a cancelled scan.
 */
const SCAN_STATUS_PARTIAL = 'partial';
/** `ScanSummary.status` of a scan that ran to its end. */
const SUMMARY_STATUS_COMPLETE = 'complete';
/** `ScanSummary.status` of a scan that stopped early. */
const SUMMARY_STATUS_PARTIAL = 'partial';

/** The message stored in the `error` of a `running` row closed by a later scan. */
export const STALE_SCAN_ERROR = 'the scan did not finish (its process ended or its runtime was shut down)';

/** The effective settings of one scan (the binding builds them from `[scan]` and the call's options). */
export interface ScanProjectOptions {
  /** Hash every file even when its modification time is unchanged. Default false. */
  readonly forceFull?: boolean | undefined;
  /** Files larger than this many bytes are left out. Default {@link DEFAULT_MAX_FILE_SIZE}. */
  readonly maxFileSize?: number | bigint | undefined;
  /** Gitignore-style globs; when any is given, only matching files are scanned. */
  readonly include?: readonly string[] | undefined;
  /** Gitignore-style globs left out in addition to the ignore files. */
  readonly extraIgnore?: readonly string[] | undefined;
  /** Follow symbolic links. Default false. */
  readonly followSymlinks?: boolean | undefined;
}

/** The summary `driftScan` answers, named for the scanner's side (the contract's `ScanSummary`). */
export type ScanProjectSummary = ScanSummary;

/**
 * One progress event of the scanner (the reference's `ScanProgressEvent`, forwarded by its bindings as
 * `ProgressUpdate` with phase `scanning` and no `currentFile`).
 */
export interface ScanProgressUpdate {
  readonly processed: number;
  readonly total: number;
  readonly phase: 'scanning';
}

/** The reference's `ScanStats` of one scan. */
export interface ScanProjectStats {
  /** Files classified (added, modified or unchanged). */
  totalFiles: number;
  /** Bytes of the classified files added up, each as the walk measured it. */
  totalSizeBytes: number;
  discoveryMs: number;
  hashingMs: number;
  diffMs: number;
  /** Files found unchanged, as a share of the files discovered. */
  cacheHitRate: number;
  /** Files over the size limit (the reference's counter stays 0; this one counts). */
  filesSkippedLarge: number;
  /** Files and folders left out by the ignore rules (the reference's stays 0; this one counts). */
  filesSkippedIgnored: number;
  /** Always 0: binary files are scanned like any other, as in the reference. */
  filesSkippedBinary: number;
}

/** How a caller follows and stops a running scan. */
export interface ScanProjectHooks {
  /** Aborting stops the scan between files (the file being read is dropped); the result is `partial`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called synchronously at the reference's points: once the files are discovered (`processed: 0`),
   * then before every 100th file (`processed` counting the files before it: 0, 100, 200, ...).
   */
  readonly onProgress?: ((update: ScanProgressUpdate) => void) | undefined;
  /** Where the global git excludes are looked up (default: this process's environment). */
  readonly environment?: WalkEnvironment | undefined;
  /**
   * Called once, synchronously, before the scan first waits (for the walk), with `stopNow`: a function that ends the scan at
   * once and synchronously, recording what it found so far as a cancelled scan (the file rows, nothing
   * removed, a `partial` history row) and returning that result (a storage failure is thrown). The
   * scan's promise then settles with the same result or failure and writes nothing more. Calling it
   * again, or after the scan ended, returns (or throws) the same outcome. For a runtime that is about to
   * close its storage under a running scan.
   */
  readonly onStoppable?: ((stopNow: () => ScanProjectResult) => void) | undefined;
}

/** What {@link scanProject} needs from storage. */
export type ScanStorage = Pick<
  DriftStorageBackend,
  | 'sendBatch'
  | 'flushSync'
  | 'loadAllFileMetadata'
  | 'insertScanStart'
  | 'updateScanComplete'
  | 'queryRecentScans'
  | 'countScans'
>;

/** The contract's summary of a scan, and the details behind it. */
export interface ScanProjectResult {
  readonly summary: ScanProjectSummary;
  readonly stats: ScanProjectStats;
  /** The `scan_history` row written for this scan. */
  readonly scanId: number;
  /** False when the root could not be read: nothing was scanned and nothing removed. */
  readonly rootReadable: boolean;
  /** True when the signal stopped the scan. */
  readonly cancelled: boolean;
}

const nowSecs = (): number => Math.floor(Date.now() / 1000);

interface CachedFile {
  /** The stored `content_hash` bytes (its number is read only when a file's hash is compared). */
  readonly contentHash: Uint8Array;
  readonly mtimeSecs: number;
  readonly mtimeNanos: number;
}

/**
 * A scan reads on the walk thread too (from the last of the files it reads down, while this thread
 * reads from the first up) when it reads at least this many files; below that it costs more than it saves.
 */
const THREAD_HASH_MIN_FILES = 256;

/**
 * While the walk thread reads files, the rows of the files classified so far go to the batch writer
 * at the next progress point once at least this many are waiting (fewer, larger transactions).
 */
const EARLY_WRITE_ROWS = 1000;

/** The bytes stored for a hash the reference reads as 0 (a stored `content_hash` not 8 bytes long). */
const ZERO_HASH_BYTES: Uint8Array = hashToBytes(0n);

type FileStatus = 'added' | 'modified' | 'unchanged';

interface ScanEntry {
  readonly status: FileStatus;
  readonly path: string;
  /** The hash as stored (`u64::to_le_bytes`). */
  readonly contentHash: Uint8Array;
  readonly mtimeSecs: number;
  readonly mtimeNanos: number;
  readonly size: number;
  readonly language: ScannerLanguage | null;
  readonly durationUs: number;
}

/**
 * Closes the `scan_history` rows a scan left `running` (a process killed mid-scan, or a runtime shut
 * down under it, in builds that opened the row at the start; or an `InsertScanHistory` command), with
 * status {@link SCAN_STATUS_PARTIAL}. Returns how many were closed.
 */
export function closeStaleScans(storage: ScanStorage, now: number = nowSecs()): number {
  const total = storage.countScans();
  if (total === 0) return 0;
  let closed = 0;
  for (const row of storage.queryRecentScans(total)) {
    if (row.status !== 'running') continue;
    storage.updateScanComplete(
      row.id,
      now,
      row.totalFiles ?? 0,
      row.addedFiles ?? 0,
      row.modifiedFiles ?? 0,
      row.removedFiles ?? 0,
      row.unchangedFiles ?? 0,
      row.durationMs ?? 0,
      SCAN_STATUS_PARTIAL,
      STALE_SCAN_ERROR,
    );
    closed += 1;
  }
  return closed;
}

/**
 * Scans `root` into `file_metadata` as the reference does: walks it (see `walkTree`; on the walk
 * thread of `walkTreeInThread`, while the stored rows are loaded here), classifies each
 * file against the stored rows (same modification time: unchanged without reading; else its XXH3
 * hash decides), rewrites the row of every file found (added, modified and unchanged alike), deletes
 * the rows of files no longer found, commits, and appends one `scan_history` row (`completed`).
 * Stored paths are `root` as given joined with the path below it.
 *
 * Differences from the reference, each for a defect that loses data: a root that cannot be read
 * removes nothing (the reference finds no files and deletes every row); cancellation works (the
 * reference's flag is never read) and a cancelled scan keeps the rows it wrote and deletes nothing;
 * the history row is written after the file rows are committed; `running` rows left by unfinished
 * scans are closed first.
 */
export async function scanProjectDetailed(
  root: string,
  options: ScanProjectOptions,
  storage: ScanStorage,
  hooks: ScanProjectHooks = {},
): Promise<ScanProjectResult> {
  const { signal, onProgress } = hooks;
  // The walk stops when the caller's signal is aborted, or when this scan fails before it awaits it.
  const abandon = new AbortController();
  const walkSignal = signal === undefined ? abandon.signal : AbortSignal.any([signal, abandon.signal]);
  const maxFileSize = BigInt(options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE);
  const forceFull = options.forceFull ?? false;
  /** The reference's first level: a stored row with the same modification time (unless forced). */
  const unchangedByTime = (before: CachedFile | undefined, file: DiscoveredFile): boolean =>
    before !== undefined &&
    !forceFull &&
    before.mtimeSecs === file.mtimeSecs &&
    before.mtimeNanos === file.mtimeNanos;

  // Phase 1, discovery, runs on the walk thread while this one reads what the storage holds.
  const discoveryStart = performance.now();
  const walk = startWalkInThread(root, {
    maxFileSize,
    followSymlinks: options.followSymlinks ?? false,
    include: options.include ?? [],
    extraIgnore: options.extraIgnore ?? [],
    signal: walkSignal,
    environment: hooks.environment,
  });
  const cached = new Map<string, CachedFile>();
  try {
    closeStaleScans(storage);
    for (const row of storage.loadAllFileMetadata()) {
      cached.set(row.path, {
        contentHash: row.contentHash.length === 8 ? row.contentHash : ZERO_HASH_BYTES,
        mtimeSecs: row.mtimeSecs,
        mtimeNanos: row.mtimeNanos >>> 0,
      });
    }
  } catch (error) {
    abandon.abort(); // the walk is of no use now
    await walk.result.catch(() => undefined);
    throw error;
  }

  // What the scan has found so far; `record` persists it, once, from the end of the scan or from `stopNow`.
  const entries: ScanEntry[] = [];
  /** How many of the entries have a stored row (when all stored rows do, none is removed). */
  let matched = 0;
  let walked: Awaited<ReturnType<typeof walkTree>> | null = null;
  let total = 0;
  let discoveryMs = 0;
  let hashingStart: number | null = null;
  let ended: { result: ScanProjectResult } | { error: unknown } | null = null;
  /** Set while rows are sent as the files are classified: how many entries have been sent. */
  let early: { sent: number } | null = null;
  const sendEarly = (state: { sent: number }): void => {
    try {
      sendRows(storage, entries, state.sent);
      state.sent = entries.length;
    } catch {
      early = null; // nothing was queued: the end of the scan sends these rows and reports the failure
    }
  };

  const record = (cancelled: boolean): ScanProjectResult => {
    if (ended === null) {
      try {
        ended = {
          result: persistScan(
            root,
            storage,
            cached,
            entries,
            early?.sent ?? 0,
            matched,
            walked,
            total,
            cancelled,
            {
              discoveryMs: walked === null ? Math.floor(performance.now() - discoveryStart) : discoveryMs,
              hashingMs: hashingStart === null ? 0 : Math.floor(performance.now() - hashingStart),
            },
          ),
        };
      } catch (error) {
        ended = { error };
      }
    }
    if ('error' in ended) throw ended.error;
    return ended.result;
  };
  hooks.onStoppable?.(() => record(true));
  /** The result when `stopNow` ended the scan while it awaited (its failure rethrown), else null. */
  const endedMeanwhile = (): ScanProjectResult | null => (ended === null ? null : record(true));

  const found = await walk.result;
  const stoppedInWalk = endedMeanwhile();
  if (stoppedInWalk !== null) return stoppedInWalk;
  walked = found;
  discoveryMs = Math.floor(performance.now() - discoveryStart);
  let cancelled = found.aborted || (signal?.aborted ?? false);

  // Phase 2: hash and classify.
  hashingStart = performance.now();
  const files = found.files;
  total = files.length;
  let threadHashes: ThreadHashes | null = null;
  try {
    if (!cancelled) {
      const reader = new FileReader();
      onProgress?.({ processed: 0, total, phase: 'scanning' });
      // The files to read: the walk thread reads them from the last one down while this thread reads
      // from the first one up (each claims a file before reading it), until the two meet.
      const toRead: DiscoveredFile[] = [];
      for (let i = 0; i < total; i += 1) {
        const file = files[i] as DiscoveredFile;
        if (!unchangedByTime(cached.get(file.path), file)) toRead.push(file);
      }
      threadHashes =
        toRead.length >= THREAD_HASH_MIN_FILES && !(signal?.aborted ?? false)
          ? hashFilesInThread(toRead)
          : null;
      // With the thread reading, the rows go to the batch writer as they are classified, so that they
      // are written (on this thread, at the progress points) while the thread is still reading.
      if (threadHashes !== null) early = { sent: 0 };
      let readPosition = 0;
      for (let count = 0; count < total; count += 1) {
        if (signal?.aborted) {
          cancelled = true;
          break;
        }
        if (count % PROGRESS_INTERVAL === 0) {
          onProgress?.({ processed: count, total, phase: 'scanning' });
          if (count > 0) {
            if (early !== null && entries.length - early.sent >= EARLY_WRITE_ROWS) sendEarly(early);
            await yieldToEventLoop(); // let a cancel (or anything else) in
            const stopped = endedMeanwhile();
            if (stopped !== null) return stopped;
          }
          if (signal?.aborted) {
            cancelled = true;
            break;
          }
        }
        const file = files[count] as (typeof files)[number];
        const before = cached.get(file.path);
        let status: FileStatus;
        let contentHash: Uint8Array;
        let durationUs = 0;
        if (unchangedByTime(before, file)) {
          // Two integer comparisons: the reference's timer reads 0 microseconds here, and so does this.
          status = 'unchanged';
          contentHash = (before as CachedFile).contentHash;
        } else {
          let hash: bigint | null = null;
          const position = readPosition;
          readPosition += 1;
          let known: { hash: bigint | null; durationUs: number } | undefined;
          if (threadHashes !== null && !threadHashes.claim(position)) {
            known = threadHashes.get(position);
            while (known === undefined && !threadHashes.failed) {
              await threadHashes.next(position);
              const stopped = endedMeanwhile();
              if (stopped !== null) return stopped;
              if (signal?.aborted) break;
              known = threadHashes.get(position);
            }
            if (signal?.aborted) {
              cancelled = true;
              break;
            }
          }
          if (known !== undefined) {
            hash = known.hash;
            durationUs = known.durationUs;
          } else {
            const start = performance.now();
            try {
              hash = hashContent(reader.read(file.path, file.size));
            } catch {
              hash = null;
            }
            durationUs = Math.floor((performance.now() - start) * 1000);
          }
          if (hash === null) continue; // unreadable or gone: not part of this scan (as the reference skips it)
          contentHash = hashToBytes(hash);
          status =
            before === undefined
              ? 'added'
              : hash === hashFromBytes(before.contentHash)
                ? 'unchanged'
                : 'modified';
        }
        if (before !== undefined) matched += 1;
        entries.push({
          status,
          path: file.path,
          contentHash,
          mtimeSecs: file.mtimeSecs,
          mtimeNanos: file.mtimeNanos,
          size: file.size,
          language: languageOf(file.path),
          durationUs,
        });
      }
    }
  } finally {
    threadHashes?.stop();
  }
  return record(cancelled);
}

/**
 * Sends the rows of `entries` from index `from` on as one `UpsertFileMetadata` command, scanned now
 * (as the reference, which reads the clock for each row: rows built together get one reading).
 */
function sendRows(storage: ScanStorage, entries: readonly ScanEntry[], from: number): void {
  if (from >= entries.length) return;
  const scannedAt = nowSecs();
  const rows: FileMetadataInsertRow[] = new Array(entries.length - from);
  for (let i = from; i < entries.length; i += 1) {
    const e = entries[i] as ScanEntry;
    rows[i - from] = {
      path: e.path,
      language: e.language?.name ?? null,
      fileSize: e.size,
      contentHash: e.contentHash,
      mtimeSecs: e.mtimeSecs,
      mtimeNanos: e.mtimeNanos,
      lastScannedAt: scannedAt,
      scanDurationUs: e.durationUs,
    };
  }
  storage.sendBatch({ type: 'UpsertFileMetadata', rows });
}

/**
 * Phase 3 and the writes of {@link scanProjectDetailed}: the diff (removals need the whole tree: none
 * after a cancel or an unreadable root), every entry's row (those from `sent` on: the earlier ones
 * were sent during the scan), the removals, then (once committed) the history row. Synchronous, so
 * that a runtime about to close can record a scan it stops.
 */
function persistScan(
  root: string,
  storage: ScanStorage,
  cached: ReadonlyMap<string, CachedFile>,
  entries: readonly ScanEntry[],
  sent: number,
  matched: number,
  walked: Awaited<ReturnType<typeof walkTree>> | null,
  total: number,
  cancelled: boolean,
  times: { discoveryMs: number; hashingMs: number },
): ScanProjectResult {
  const diffStart = performance.now();
  const rootReadable = walked?.rootReadable ?? true;
  let removed: string[] = [];
  if (!cancelled && rootReadable && matched < cached.size) {
    // Entry paths are distinct, so some stored row was not found only when fewer than all matched.
    const seen = new Set(entries.map((e) => e.path));
    removed = [...cached.keys()].filter((path) => !seen.has(path));
    removed.sort();
  }
  let added = 0;
  let modified = 0;
  let unchanged = 0;
  let totalSizeBytes = 0;
  const languageCounts = new Map<ScannerLanguage, number>();
  for (const entry of entries) {
    if (entry.status === 'unchanged') unchanged += 1;
    else if (entry.status === 'added') added += 1;
    else modified += 1;
    totalSizeBytes += entry.size;
    if (entry.language !== null)
      languageCounts.set(entry.language, (languageCounts.get(entry.language) ?? 0) + 1);
  }
  const languages: Record<string, number> = {};
  for (const language of SCANNER_LANGUAGE_TABLE) {
    const n = languageCounts.get(language);
    if (n !== undefined) languages[language.variant] = n;
  }
  const stats: ScanProjectStats = {
    totalFiles: entries.length,
    totalSizeBytes,
    discoveryMs: times.discoveryMs,
    hashingMs: times.hashingMs,
    diffMs: 0,
    cacheHitRate: total > 0 ? unchanged / total : 0,
    filesSkippedLarge: walked?.skips.tooLarge ?? 0,
    filesSkippedIgnored: walked?.skips.ignored ?? 0,
    filesSkippedBinary: 0,
  };
  stats.diffMs = Math.floor(performance.now() - diffStart);
  const durationMs = stats.discoveryMs + stats.hashingMs + stats.diffMs;

  try {
    sendRows(storage, entries, sent);
    if (removed.length > 0) storage.sendBatch({ type: 'DeleteFileMetadata', rows: removed });
    storage.flushSync();
    const now = nowSecs();
    const scanId = storage.insertScanStart(now, root);
    storage.updateScanComplete(
      scanId,
      now,
      added + modified + removed.length + unchanged,
      added,
      modified,
      removed.length,
      unchanged,
      durationMs,
      cancelled ? SCAN_STATUS_PARTIAL : SCAN_STATUS_COMPLETED,
      null,
    );
    return {
      summary: {
        filesTotal: entries.length,
        filesAdded: added,
        filesModified: modified,
        filesRemoved: removed.length,
        filesUnchanged: unchanged,
        errorsCount: 0,
        durationMs,
        status: cancelled ? SUMMARY_STATUS_PARTIAL : SUMMARY_STATUS_COMPLETE,
        languages,
      },
      stats,
      scanId,
      rootReadable,
      cancelled,
    };
  } catch (error) {
    if (isStorageError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new StorageError('SQLITE_ERROR', `scan of ${quoteInput(root)} failed: ${message}`, {
      cause: error,
    });
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
