/** Types of the scanner functions (`driftScan`, `driftScanWithProgress`). */

/** Settings of one scan; every field may be left out. */
export interface ScanOptions {
  /** Rescan every file even when its modification time is unchanged; unset takes `[scan] force_full_scan`. */
  forceFull?: boolean;
  /** Files larger than this many bytes are skipped; unset takes the configuration's limit, else 1 MiB. */
  maxFileSize?: number;
  /** Globs restricting the scan to matching paths, e.g. `["src/**"]`. */
  include?: string[];
  /** Globs excluded in addition to the usual ignore rules. */
  extraIgnore?: string[];
  /** Follow symbolic links; unset takes `[scan] follow_symlinks` of the configuration, else false. */
  followSymlinks?: boolean;
  /**
   * Scan only these files (incremental runs, e.g. in CI). Ignored, as by the reference, whose
   * `ScanOptions` has no such field: the whole tree is scanned.
   */
  changedFiles?: string[];
}

/** What a scan reports back; the detailed results are written to drift.db. */
export interface ScanSummary {
  filesTotal: number;
  filesAdded: number;
  filesModified: number;
  filesRemoved: number;
  filesUnchanged: number;
  errorsCount: number;
  durationMs: number;
  /** Outcome of the scan: `complete`, or `partial` when `driftCancelScan` stopped it. */
  status: string;
  /** Number of files per detected language, keyed by the reference enum's names (`CSharp`, `Cpp`, ...). */
  languages: Record<string, number>;
}

/** Detailed statistics of a scan. */
export interface ScanStatsJs {
  totalFiles: number;
  totalSizeBytes: number;
  discoveryMs: number;
  hashingMs: number;
  diffMs: number;
  /**
   * Files found unchanged (same size and mtime, or same content hash) as a share of the files
   * discovered, from 0 to 1 (0 when none were discovered): the reference's `cache_hit_rate`.
   */
  cacheHitRate: number;
  filesSkippedLarge: number;
  filesSkippedIgnored: number;
  filesSkippedBinary: number;
}
