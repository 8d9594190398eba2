import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { quoteInput } from './bindings/args.js';
import {
  expectBool,
  expectFloat,
  expectString,
  expectStringArray,
  expectTable,
  expectUnsigned,
  parseTomlRecord,
  TomlShapeError,
} from './typed-toml.js';

// Drift's configuration as the reference's runtime resolves it (drift-core `DriftConfig`, drift-napi
// `DriftRuntime::new`):
// - TOML text given to driftInitialize: parsed alone (`from_toml`): no other layer, no validation, and a
//   document that does not fit the typed sections fails initialization.
// - Otherwise, with a project root (`DriftConfig::load`): the user file `$HOME/.drift/config.toml`, then
//   `<root>/drift.toml`, then eight `DRIFT_*` environment variables, then validation. Any failure on the
//   way (a broken file, a value out of range) gives the defaults, silently.
// - Otherwise the defaults.
// The result is plain data: for each section a table of the keys that are set, under their TOML names.

/** The sections a Drift configuration has, in the reference's order. */
export const DRIFT_CONFIG_SECTIONS = [
  'scan',
  'analysis',
  'quality_gates',
  'mcp',
  'backup',
  'telemetry',
  'licensing',
] as const;

/** A top-level table name of drift.toml that the configuration knows (e.g. `backup`); other tables are ignored. */
export type DriftConfigSection = (typeof DRIFT_CONFIG_SECTIONS)[number];

/**
 * A resolved configuration: per section, the keys that are set (an `Option` that is `Some`, a list that
 * is not empty), under their TOML names, with their typed values. Sections without a set key are absent.
 */
export type DriftConfig = Readonly<Partial<Record<DriftConfigSection, Readonly<Record<string, unknown>>>>>;

type FieldType = 'u32' | 'u64' | 'usize' | 'f64' | 'bool' | 'string' | 'strings' | 'f64map' | 'tier';

/** The typed fields of each section (drift-core/src/config/*_config.rs). */
const SCHEMA: Readonly<Record<DriftConfigSection, Readonly<Record<string, FieldType>>>> = {
  scan: {
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
  },
  analysis: {
    min_occurrences: 'u32',
    dominance_threshold: 'f64',
    min_files: 'u32',
    relearn_threshold: 'f64',
    enabled_categories: 'strings',
    detector_thresholds: 'f64map',
    gast_languages: 'strings',
    incremental: 'bool',
  },
  quality_gates: {
    fail_on: 'string',
    required_gates: 'strings',
    min_score: 'u32',
    enabled_gates: 'strings',
    progressive_enforcement: 'bool',
    ramp_up_period: 'u32',
  },
  mcp: {
    cache_ttl_seconds: 'u64',
    max_response_tokens: 'u32',
    transport: 'string',
    enabled_tools: 'strings',
  },
  backup: {
    max_operational: 'u32',
    max_daily: 'u32',
    backup_interval: 'u64',
    max_backups: 'u32',
    backup_path: 'string',
  },
  telemetry: { enabled: 'bool', endpoint: 'string', anonymous_id: 'string' },
  licensing: {
    tier: 'tier',
    key: 'string',
    jwt_path: 'string',
    upgrade_url: 'string',
    feature_flags: 'strings',
  },
};

const STRUCT_NAMES: Readonly<Record<DriftConfigSection, string>> = {
  scan: 'ScanConfig',
  analysis: 'AnalysisConfig',
  quality_gates: 'GateConfig',
  mcp: 'McpConfig',
  backup: 'BackupConfig',
  telemetry: 'TelemetryConfig',
  licensing: 'LicenseConfig',
};

const LICENSE_TIERS = ['community', 'team', 'enterprise'] as const;

/** Keys a layer sets that the reference's merge does not carry over (`scan.include`: see `merge`). */
const NOT_MERGED: ReadonlySet<string> = new Set(['scan.include']);

type MutableConfig = Partial<Record<DriftConfigSection, Record<string, unknown>>>;

function readField(type: FieldType, value: unknown, key: string): unknown {
  switch (type) {
    case 'u32':
    case 'u64':
    case 'usize':
      return expectUnsigned(value, type, key);
    case 'f64':
      return expectFloat(value, 'f64', key);
    case 'bool':
      return expectBool(value, key);
    case 'string':
      return expectString(value, key);
    case 'strings':
      return expectStringArray(value, key);
    case 'f64map': {
      const table = expectTable(value, 'HashMap', key);
      return Object.fromEntries(
        Object.entries(table).map(([name, v]) => [name, expectFloat(v, 'f64', `${key}.${name}`)]),
      );
    }
    default: {
      const tier = expectString(value, key);
      if (!(LICENSE_TIERS as readonly string[]).includes(tier)) {
        throw new TomlShapeError(
          `unknown variant \`${quoteInput(tier)}\`, expected one of ${LICENSE_TIERS.map((t) => `\`${t}\``).join(', ')} for key \`${key}\``,
          key,
        );
      }
      return tier;
    }
  }
}

/**
 * Reads a TOML document into a typed configuration, as `toml::from_str::<DriftConfig>`: unknown keys
 * and sections are ignored, a known key of the wrong type is a {@link TomlShapeError}.
 */
export function readConfigDocument(text: string): MutableConfig {
  const document = parseTomlRecord(text);
  const config: MutableConfig = {};
  for (const section of DRIFT_CONFIG_SECTIONS) {
    const raw = document[section];
    if (raw === undefined) continue;
    const table = expectTable(raw, STRUCT_NAMES[section], section);
    const out: Record<string, unknown> = {};
    for (const [field, type] of Object.entries(SCHEMA[section])) {
      if (table[field] === undefined) continue;
      out[field] = readField(type, table[field], `${section}.${field}`);
    }
    if (Object.keys(out).length > 0) config[section] = out;
  }
  return config;
}

/** Whether the merge of the reference takes `value` of `section.field` from a layer. */
function overrides(section: DriftConfigSection, field: string, value: unknown): boolean {
  if (NOT_MERGED.has(`${section}.${field}`)) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (section === 'licensing' && field === 'tier') return value !== 'community';
  if (SCHEMA[section][field] === 'f64map') return Object.keys(value as object).length > 0;
  return true;
}

function mergeInto(base: MutableConfig, layer: MutableConfig): void {
  for (const section of DRIFT_CONFIG_SECTIONS) {
    const values = layer[section];
    if (values === undefined) continue;
    for (const [field, value] of Object.entries(values)) {
      if (!overrides(section, field, value)) continue;
      base[section] ??= {};
      base[section][field] = value;
    }
  }
}

/** Rust's `str::parse::<u64>` (and `u32`, `usize`): optional `+`, decimal digits, in range. */
function parseRustUnsigned(text: string, max: bigint): number | null {
  if (!/^\+?[0-9]+$/.test(text)) return null;
  const value = BigInt(text);
  return value <= max ? Number(value) : null;
}

/** Rust's `str::parse::<f64>`: decimal or exponent notation, `inf`, `infinity`, `nan`, with a sign. */
function parseRustFloat(text: string): number | null {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special !== null) {
    if (special[2]?.toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return null;
  return Number(text);
}

const U32_MAX = 0xffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** The `DRIFT_*` variables the reference reads (`apply_env_overrides`), each with its parser and key. */
const ENV_OVERRIDES: readonly {
  name: string;
  section: DriftConfigSection;
  field: string;
  parse: (text: string) => unknown;
}[] = [
  {
    name: 'DRIFT_SCAN_MAX_FILE_SIZE',
    section: 'scan',
    field: 'max_file_size',
    parse: (t) => parseRustUnsigned(t, U64_MAX),
  },
  {
    name: 'DRIFT_SCAN_THREADS',
    section: 'scan',
    field: 'threads',
    parse: (t) => parseRustUnsigned(t, U64_MAX),
  },
  {
    name: 'DRIFT_ANALYSIS_MIN_OCCURRENCES',
    section: 'analysis',
    field: 'min_occurrences',
    parse: (t) => parseRustUnsigned(t, U32_MAX),
  },
  {
    name: 'DRIFT_ANALYSIS_DOMINANCE_THRESHOLD',
    section: 'analysis',
    field: 'dominance_threshold',
    parse: parseRustFloat,
  },
  { name: 'DRIFT_GATE_FAIL_ON', section: 'quality_gates', field: 'fail_on', parse: (t) => t },
  {
    name: 'DRIFT_GATE_MIN_SCORE',
    section: 'quality_gates',
    field: 'min_score',
    parse: (t) => parseRustUnsigned(t, U32_MAX),
  },
  {
    name: 'DRIFT_MCP_MAX_RESPONSE_TOKENS',
    section: 'mcp',
    field: 'max_response_tokens',
    parse: (t) => parseRustUnsigned(t, U32_MAX),
  },
  {
    name: 'DRIFT_TELEMETRY_ENABLED',
    section: 'telemetry',
    field: 'enabled',
    parse: (t) => (t === 'true' ? true : t === 'false' ? false : null),
  },
];

/** The names of the environment variables the configuration reads. */
export const DRIFT_CONFIG_ENV_VARS: readonly string[] = ENV_OVERRIDES.map((o) => o.name);

/** The reference's `validate`: the checks a loaded (not a TOML-argument) configuration must pass. */
function validate(config: MutableConfig): void {
  const threshold = config.analysis?.dominance_threshold;
  if (typeof threshold === 'number' && !(threshold >= 0 && threshold <= 1)) {
    throw new TomlShapeError(
      'Config validation failed for analysis.dominance_threshold: must be between 0.0 and 1.0',
      'analysis.dominance_threshold',
    );
  }
  const minScore = config.quality_gates?.min_score;
  if (typeof minScore === 'number' && minScore > 100) {
    throw new TomlShapeError(
      'Config validation failed for quality_gates.min_score: must be between 0 and 100',
      'quality_gates.min_score',
    );
  }
  if (config.scan?.max_file_size === 0) {
    throw new TomlShapeError(
      'Config validation failed for scan.max_file_size: must be greater than 0',
      'scan.max_file_size',
    );
  }
}

/** Like `Path::exists`: true when the path (followed through symlinks) can be stat'ed. */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * What {@link loadLayeredConfig} found: the merged configuration, the layers applied in order, and a warning
 * when it fell back to defaults.
 */
export interface LayeredConfig {
  /** The resolved configuration, or the defaults (`{}`) when a layer failed. */
  readonly config: DriftConfig;
  /** The layers that were applied, in order: file paths and environment variable names. */
  readonly layers: readonly string[];
  /** Why the defaults were used instead, or null. */
  readonly warning: string | null;
}

/** The user configuration file the reference reads: `$HOME/.drift/config.toml` (or `%USERPROFILE%`). */
export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const home = env.HOME ?? env.USERPROFILE;
  return home === undefined ? null : join(home, '.drift', 'config.toml');
}

/**
 * The reference's `DriftConfig::load(root)` as the runtime uses it (`unwrap_or_default`): user file,
 * project `drift.toml`, `DRIFT_*` variables, validation; any failure yields the defaults and a warning.
 */
export function loadLayeredConfig(root: string, env: NodeJS.ProcessEnv = process.env): LayeredConfig {
  const config: MutableConfig = {};
  const layers: string[] = [];
  const fail = (warning: string): LayeredConfig => ({ config: Object.freeze({}), layers: [], warning });

  const userPath = userConfigPath(env);
  if (userPath !== null && exists(userPath)) {
    let text: string | null = null;
    try {
      text = readFileSync(userPath, 'utf8');
    } catch {
      // The reference treats a user file it cannot read as absent.
    }
    if (text !== null) {
      try {
        mergeInto(config, readConfigDocument(text));
        layers.push(userPath);
      } catch (error) {
        return fail(
          `Config parse error in ${quoteInput(userPath)}: invalid TOML in user config (${(error as Error).message})`,
        );
      }
    }
  }

  const projectPath = join(root, 'drift.toml');
  if (exists(projectPath)) {
    let text: string;
    try {
      text = readFileSync(projectPath, 'utf8');
    } catch {
      return fail(`Config file not found: ${quoteInput(projectPath)}`);
    }
    try {
      mergeInto(config, readConfigDocument(text));
      layers.push(projectPath);
    } catch (error) {
      return fail(`Config parse error in ${quoteInput(projectPath)}: ${(error as Error).message}`);
    }
  }

  for (const override of ENV_OVERRIDES) {
    const text = env[override.name];
    if (text === undefined) continue;
    const value = override.parse(text);
    if (value === null) continue;
    config[override.section] ??= {};
    config[override.section]![override.field] = value;
    layers.push(override.name);
  }

  try {
    validate(config);
  } catch (error) {
    return fail((error as Error).message);
  }
  return { config: freeze(config), layers, warning: null };
}

/** A deep-frozen copy of `config` in section order. */
export function freeze(config: MutableConfig): DriftConfig {
  const out: MutableConfig = {};
  for (const section of DRIFT_CONFIG_SECTIONS) {
    const values = config[section];
    if (values === undefined) continue;
    for (const value of Object.values(values))
      if (typeof value === 'object' && value !== null) Object.freeze(value);
    out[section] = Object.freeze({ ...values });
  }
  return Object.freeze(out);
}
