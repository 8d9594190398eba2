import { invalidInput } from '@drift/storage-traits';
import { parse as parseToml } from 'smol-toml';

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
  /** `follow_symlinks`. */
  readonly followSymlinks: boolean | null;
  /** `force_full_scan`: hash every file even when its modification time is unchanged. */
  readonly forceFullScan: boolean | null;
}

/** A `[scan]` section with nothing set. */
export const EMPTY_SCAN_CONFIG: ScanConfig = {
  maxFileSize: null,
  include: [],
  extraIgnore: [],
  followSymlinks: null,
  forceFullScan: null,
};

type FieldKind = 'u64' | 'usize' | 'bool' | 'string' | 'strings';

/** Every key of the reference's `ScanConfig` and the type serde reads it as; other keys are ignored. */
const SCAN_FIELDS: Readonly<Record<string, FieldKind>> = {
  max_file_size: 'u64',
  threads: 'usize',
  include: 'strings',
  extra_ignore: 'strings',
  follow_symlinks: 'bool',
  compute_hashes: 'bool',
  force_full_scan: 'bool',
  skip_binary: 'bool',
  hash_algorithm: 'string',
  driftignore_path: 'string',
  incremental: 'bool',
  parallelism: 'usize',
};

const U64_MAX = (1n << 64n) - 1n;

function describeToml(value: unknown): string {
  if (typeof value === 'bigint') return `integer \`${value}\``;
  if (typeof value === 'number') return `floating point \`${value}\``;
  if (typeof value === 'string') return `string "${value}"`;
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a datetime';
  return 'a table';
}

function fits(kind: FieldKind, value: unknown): boolean {
  switch (kind) {
    case 'u64':
    case 'usize':
      return typeof value === 'bigint' && value >= 0n && value <= U64_MAX;
    case 'bool':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

const EXPECTED: Readonly<Record<FieldKind, string>> = {
  u64: 'a non-negative integer',
  usize: 'a non-negative integer',
  bool: 'a boolean',
  string: 'a string',
  strings: 'an array of strings',
};

/**
 * Checks the `[scan]` section of configuration TOML the way the reference's serde deserialization does
 * (`max_file_size = 1.5`, `include = "src"` or `follow_symlinks = "yes"` make the whole configuration
 * unreadable), and returns its settings. Fails with `INVALID_INPUT` naming the key. `toml` must already
 * be valid TOML whose `[scan]`, when present, is a table.
 */
export function readScanSection(toml: string, origin = 'configToml'): ScanConfig {
  const document = parseToml(toml, { integersAsBigInt: true }) as Record<string, unknown>;
  const section = document.scan;
  if (section === undefined) return EMPTY_SCAN_CONFIG;
  const table = section as Record<string, unknown>;
  for (const [key, kind] of Object.entries(SCAN_FIELDS)) {
    const value = table[key];
    if (value !== undefined && !fits(kind, value)) {
      throw invalidInput(`${origin}: scan.${key} must be ${EXPECTED[kind]}, got ${describeToml(value)}`, {
        field: `${origin}.scan.${key}`,
        operation: 'driftInitialize',
      });
    }
  }
  return {
    maxFileSize: (table.max_file_size as bigint | undefined) ?? null,
    include: (table.include as string[] | undefined) ?? [],
    extraIgnore: (table.extra_ignore as string[] | undefined) ?? [],
    followSymlinks: (table.follow_symlinks as boolean | undefined) ?? null,
    forceFullScan: (table.force_full_scan as boolean | undefined) ?? null,
  };
}

/**
 * The check the reference's `DriftConfig::load` adds for a configuration read from the project's
 * `drift.toml` (`DriftConfig::validate`): `max_file_size = 0` is refused, and the runtime then falls
 * back to the defaults (`unwrap_or_default`). Fails with `INVALID_INPUT`. A configuration passed as
 * TOML text is not validated this way (`DriftConfig::from_toml`).
 */
export function checkScanSectionOfFile(document: Readonly<Record<string, unknown>>, origin: string): void {
  const section = document.scan as Record<string, unknown> | undefined;
  if (section?.max_file_size === 0) {
    throw invalidInput(`${origin}: scan.max_file_size must be greater than 0`, {
      field: `${origin}.scan.max_file_size`,
      operation: 'driftInitialize',
    });
  }
}

/**
 * The `[scan]` settings of a configuration the runtime holds (already checked by
 * {@link readScanSection}). Read from the project's `drift.toml`, `include` is dropped: the
 * reference's `DriftConfig::merge` copies every scan key from the file but that one.
 */
export function scanConfigOf(
  document: Readonly<Record<string, unknown>>,
  source: 'argument' | 'project-file' | 'defaults',
): ScanConfig {
  const table = document.scan as Record<string, unknown> | undefined;
  if (table === undefined || source === 'defaults') return EMPTY_SCAN_CONFIG;
  const max = table.max_file_size;
  return {
    maxFileSize: typeof max === 'number' || typeof max === 'bigint' ? BigInt(max) : null,
    include: source === 'project-file' ? [] : ((table.include as string[] | undefined) ?? []),
    extraIgnore: (table.extra_ignore as string[] | undefined) ?? [],
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
