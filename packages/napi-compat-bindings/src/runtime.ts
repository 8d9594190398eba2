import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type DriftStorageBackend,
  invalidInput,
  isStorageError,
  StorageError,
  StorageErrorCode,
} from '@drift/storage-traits';
import { parse as parseToml, TomlError } from 'smol-toml';
import { checkScanSectionOfFile, readScanSection } from './scanner/config.js';

/**
 * Creates the storage backend for a drift.db path. Injected by the application (for instance
 * `(path) => DriftStorageEngine.open(path, { batchWriter: createBatchWriter })`), so this package never
 * depends on a database driver.
 */
export type StorageFactory = (dbPath: string) => DriftStorageBackend;

/** The sections a Drift configuration may have (`drift.toml`); each, when present, is a table. */
export const DRIFT_CONFIG_SECTIONS = [
  'scan',
  'analysis',
  'quality_gates',
  'mcp',
  'backup',
  'telemetry',
  'licensing',
] as const;

/** One section name of {@link DRIFT_CONFIG_SECTIONS}. */
export type DriftConfigSection = (typeof DRIFT_CONFIG_SECTIONS)[number];

/**
 * The parsed configuration: the TOML document as plain data. Only the shape of the top level is
 * checked (each known section is a table); the values inside a section are not interpreted yet.
 */
export type DriftConfig = Readonly<Record<string, unknown>>;

/** Where the runtime's configuration came from. */
export type DriftConfigSource = 'argument' | 'project-file' | 'defaults';

/** What {@link DriftRuntime.open} needs; mirrors the four arguments of `driftInitialize`. */
export interface DriftRuntimeOptions {
  /** Path of drift.db. Default: `<projectRoot or current directory>/.drift/drift.db`. */
  readonly dbPath?: string | undefined;
  /** Project root; also where `drift.toml` is looked for when no TOML text is given. */
  readonly projectRoot?: string | undefined;
  /** Configuration as TOML text; when given, no configuration file is read. */
  readonly configToml?: string | undefined;
  /** Path of cortex.db, kept for the bridge (which is not part of this build). */
  readonly cortexDbPath?: string | undefined;
}

/**
 * Names of the runtime states that appear in error messages, so that a person (or a log search) can
 * tell them apart. The error codes are stable: `INVALID_INPUT` for {@link NOT_INITIALIZED} and
 * {@link ALREADY_INITIALIZED} (the call was made at the wrong time; nothing happened), `CLOSED` for
 * {@link SHUT_DOWN}.
 */
export const RuntimeStateName = {
  NOT_INITIALIZED: 'RUNTIME_NOT_INITIALIZED',
  ALREADY_INITIALIZED: 'ALREADY_INITIALIZED',
  SHUT_DOWN: 'RUNTIME_SHUT_DOWN',
} as const;

/** The error for a call made before `driftInitialize` succeeded. Code `INVALID_INPUT`. */
export function notInitializedError(operation: string): StorageError {
  return new StorageError(
    StorageErrorCode.INVALID_INPUT,
    `${operation}: the Drift runtime is not initialized [${RuntimeStateName.NOT_INITIALIZED}]; call driftInitialize() first`,
    { operation },
  );
}

/** The error for a call made after `driftShutdown`. Code `CLOSED`. */
export function shutDownError(operation: string): StorageError {
  return new StorageError(
    StorageErrorCode.CLOSED,
    `${operation}: the Drift runtime was shut down [${RuntimeStateName.SHUT_DOWN}]; call driftInitialize() to start a new one`,
    { operation },
  );
}

/** Where drift.db goes when no path is given: `<projectRoot or cwd>/.drift/drift.db`, absolute. */
export function defaultDbPath(projectRoot?: string): string {
  return resolve(projectRoot ?? '.', '.drift', 'drift.db');
}

/**
 * Parses Drift configuration TOML. Malformed TOML, a known section that is not a table, or a `[scan]`
 * value of the wrong type (as the reference's serde reading refuses it) gives `INVALID_INPUT` naming
 * the line and column (or the section or key).
 */
export function parseDriftConfig(toml: string, origin = 'configToml'): DriftConfig {
  let document: Record<string, unknown>;
  try {
    document = parseToml(toml) as Record<string, unknown>;
  } catch (error) {
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw invalidInput(`${origin} is not valid TOML${where}: ${reason}`, {
      field: origin,
      operation: 'driftInitialize',
      cause: error,
    });
  }
  for (const section of DRIFT_CONFIG_SECTIONS) {
    const value = document[section];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw invalidInput(`${origin}: [${section}] must be a table, got ${describe(value)}`, {
        field: `${origin}.${section}`,
        operation: 'driftInitialize',
      });
    }
  }
  readScanSection(toml, origin);
  return Object.freeze(document);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * The state behind the DriftNapi functions: the storage backend, the configuration and the project
 * root. Created by {@link DriftRuntime.open}; {@link DriftRuntime.close} flushes and releases it, after
 * which every accessor fails with `CLOSED`.
 */
export class DriftRuntime {
  /** Absolute path of drift.db. */
  readonly dbPath: string;
  /** Absolute project root, or null when none was given. */
  readonly projectRoot: string | null;
  /** Path of cortex.db as given, or null. */
  readonly cortexDbPath: string | null;
  /** The parsed configuration (empty when defaults apply). */
  readonly config: DriftConfig;
  /** Where {@link config} came from. */
  readonly configSource: DriftConfigSource;
  /**
   * Why `drift.toml` in the project root was ignored (it could not be read or parsed), or null. Like the
   * reference, a broken project file falls back to the defaults instead of failing initialization.
   */
  readonly configWarning: string | null;
  readonly #storage: DriftStorageBackend;
  #closed = false;

  private constructor(
    storage: DriftStorageBackend,
    dbPath: string,
    options: DriftRuntimeOptions,
    config: { value: DriftConfig; source: DriftConfigSource; warning: string | null },
  ) {
    this.#storage = storage;
    this.dbPath = dbPath;
    this.projectRoot = options.projectRoot === undefined ? null : resolve(options.projectRoot);
    this.cortexDbPath = options.cortexDbPath ?? null;
    this.config = config.value;
    this.configSource = config.source;
    this.configWarning = config.warning;
  }

  /**
   * Resolves the configuration and the drift.db path, creates the database's folder and opens the
   * storage through `factory`. Bad arguments or TOML fail with `INVALID_INPUT` before anything is
   * created; a factory failure is passed on (wrapped in a `StorageError` when it is not one).
   */
  static open(factory: StorageFactory, options: DriftRuntimeOptions = {}): DriftRuntime {
    if (typeof factory !== 'function') {
      throw invalidInput('storageFactory must be a function (dbPath: string) => DriftStorageBackend', {
        field: 'storageFactory',
      });
    }
    const config = resolveConfig(options);
    const dbPath =
      options.dbPath === undefined ? defaultDbPath(options.projectRoot) : resolve(options.dbPath);
    try {
      mkdirSync(dirname(dbPath), { recursive: true });
    } catch (error) {
      throw new StorageError(
        StorageErrorCode.INVALID_INPUT,
        `cannot create the folder of the database ${dbPath}: ${(error as Error).message}`,
        { cause: error, path: dbPath, field: 'dbPath', operation: 'driftInitialize' },
      );
    }
    let storage: DriftStorageBackend;
    try {
      storage = factory(dbPath);
    } catch (error) {
      if (isStorageError(error)) throw error;
      throw new StorageError(
        StorageErrorCode.SQLITE_ERROR,
        `the storage factory failed to open ${dbPath}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, path: dbPath, operation: 'driftInitialize' },
      );
    }
    return new DriftRuntime(storage, dbPath, options, config);
  }

  /** Whether {@link close} has run. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The storage backend. Fails with `CLOSED` after {@link close}. */
  storage(): DriftStorageBackend {
    if (this.#closed) throw shutDownError('storage');
    return this.#storage;
  }

  /**
   * Flushes the batch writer (when the backend has one), checkpoints the write-ahead log and closes the
   * backend. The runtime counts as closed even when a step fails; the first failure is rethrown after
   * the backend was closed. A second call fails with `CLOSED`.
   */
  close(): void {
    if (this.#closed) throw shutDownError('driftShutdown');
    this.#closed = true;
    let failure: unknown = null;
    try {
      this.#storage.flushSync();
    } catch (error) {
      // A backend built without a batch writer has nothing to flush.
      if (!isStorageError(error, StorageErrorCode.NOT_SUPPORTED)) failure = error;
    }
    if (failure === null) {
      try {
        this.#storage.checkpoint();
      } catch (error) {
        failure = error;
      }
    }
    try {
      this.#storage.close();
    } catch (error) {
      failure ??= error;
    }
    if (failure !== null) throw failure;
  }
}

function resolveConfig(options: DriftRuntimeOptions): {
  value: DriftConfig;
  source: DriftConfigSource;
  warning: string | null;
} {
  if (options.configToml !== undefined) {
    return { value: parseDriftConfig(options.configToml), source: 'argument', warning: null };
  }
  if (options.projectRoot !== undefined) {
    const file = join(options.projectRoot, 'drift.toml');
    if (existsSync(file)) {
      try {
        const value = parseDriftConfig(readFileSync(file, 'utf8'), file);
        checkScanSectionOfFile(value, file);
        return { value, source: 'project-file', warning: null };
      } catch (error) {
        return {
          value: Object.freeze({}),
          source: 'defaults',
          warning: error instanceof Error ? error.message : String(error),
        };
      }
    }
  }
  return { value: Object.freeze({}), source: 'defaults', warning: null };
}
