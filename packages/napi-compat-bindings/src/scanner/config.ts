import type { DriftConfig } from '../config.js';

// The `[scan]` section of the configuration (the reference's `ScanConfig`, drift-core
// `config/scan_config.rs`) and how a call's options are put on top of it (`build_scan_config` in
// drift-napi `bindings/scanner.rs`).

/** Default size limit in bytes (the reference's `ScanConfig::effective_max_file_size`, 1 MiB). */
export const DEFAULT_MAX_FILE_SIZE = 1_048_576;

/** The `[scan]` settings a scan reads; unset ones are null (their defaults apply). */
export interface ScanConfig {
  /** `max_file_size`: files larger than this many bytes are left out. */
  readonly maxFileSize: bigint | null;
  /** `include`: gitignore-style globs; when any is given, only matching files are scanned. */
  readonly include: readonly string[];
  /** `extra_ignore`: gitignore-style globs left out in addition to the ignore files. */
  readonly extraIgnore: readonly string[];
  /**
   * `follow_symlinks` of `[scan]`; null when drift.toml leaves it out (then the call's option decides, else
   * false).
   */
  readonly followSymlinks: boolean | null;
  /** `force_full_scan`: hash every file even when its modification time is unchanged. */
  readonly forceFullScan: boolean | null;
}

/** A `[scan]` section with nothing set. */
const EMPTY_SCAN_CONFIG: ScanConfig = {
  maxFileSize: null,
  include: [],
  extraIgnore: [],
  followSymlinks: null,
  forceFullScan: null,
};

/**
 * The `[scan]` settings of the configuration the runtime holds (see `DriftRuntime.config`, already
 * read with the reference's types and layers: a project `drift.toml`'s `include` is not carried over,
 * as the reference's `DriftConfig::merge` does not carry it).
 */
export function scanConfigOf(config: DriftConfig): ScanConfig {
  const table = config.scan;
  if (table === undefined) return EMPTY_SCAN_CONFIG;
  const max = table.max_file_size;
  return {
    maxFileSize: typeof max === 'number' || typeof max === 'bigint' ? BigInt(max) : null,
    include: (table.include as readonly string[] | undefined) ?? [],
    extraIgnore: (table.extra_ignore as readonly string[] | undefined) ?? [],
    followSymlinks: (table.follow_symlinks as boolean | undefined) ?? null,
    forceFullScan: (table.force_full_scan as boolean | undefined) ?? null,
  };
}

/** The effective settings of one scan: the `[scan]` section with the call's options on top. */
export interface EffectiveScanConfig {
  readonly maxFileSize: bigint;
  readonly include: readonly string[];
  readonly extraIgnore: readonly string[];
  readonly followSymlinks: boolean;
  readonly forceFull: boolean;
}

/** The per-call options `build_scan_config` puts on top of the section. */
export interface ScanCallOptions {
  readonly forceFull?: boolean | undefined;
  /** Already converted as the native addon converts it (see {@link napiFileSizeLimit}). */
  readonly maxFileSize?: bigint | undefined;
  readonly include?: readonly string[] | undefined;
  readonly extraIgnore?: readonly string[] | undefined;
  readonly followSymlinks?: boolean | undefined;
}

/**
 * `build_scan_config`: `forceFull`, `maxFileSize` and `followSymlinks` replace the section's values,
 * `include` and `extraIgnore` are appended to the section's lists; then the defaults (1 MiB, no
 * symbolic links, incremental) fill what is still unset.
 */
export function buildScanConfig(base: ScanConfig, options: ScanCallOptions): EffectiveScanConfig {
  return {
    maxFileSize: options.maxFileSize ?? base.maxFileSize ?? BigInt(DEFAULT_MAX_FILE_SIZE),
    include: [...base.include, ...(options.include ?? [])],
    extraIgnore: [...base.extraIgnore, ...(options.extraIgnore ?? [])],
    followSymlinks: options.followSymlinks ?? base.followSymlinks ?? false,
    forceFull: options.forceFull ?? base.forceFullScan ?? false,
  };
}

/**
 * `ScanOptions.maxFileSize` as the native addon reads it: a JavaScript number converted to `i64`
 * (truncated towards zero; NaN and infinities become 0), then cast to `u64` (so a negative limit wraps
 * to a huge one, i.e. no limit).
 */
export function napiFileSizeLimit(value: number): bigint {
  if (!Number.isFinite(value)) return 0n;
  const truncated = BigInt(Math.trunc(value));
  const i64 = truncated > (1n << 63n) - 1n || truncated < -(1n << 63n) ? -(1n << 63n) : truncated;
  return i64 < 0n ? i64 + (1n << 64n) : i64;
}
