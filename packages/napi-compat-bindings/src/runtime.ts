import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  type DriftStorageBackend,
  isStorageError,
  StorageError,
  StorageErrorCode,
} from '@drift/storage-traits';
import { quoteInput } from './bindings/args.js';
import { NapiErrorCode, napiCodeOf, napiError, RUNTIME_NOT_INITIALIZED_MESSAGE } from './bindings/errors.js';
import { type DriftConfig, freeze, loadLayeredConfig, readConfigDocument } from './config.js';
import { TomlShapeError } from './typed-toml.js';

export {
  DRIFT_CONFIG_ENV_VARS,
  DRIFT_CONFIG_SECTIONS,
  type DriftConfig,
  type DriftConfigSection,
} from './config.js';

/**
 * Creates the storage backend for a drift.db path. Injected by the application (for instance
 * `(path) => DriftStorageEngine.open(path, { batchWriter: createBatchWriter })`), so this package never
 * depends on a database driver.
 */
export type StorageFactory = (dbPath: string) => DriftStorageBackend;

/**
 * Where the runtime's configuration came from: `argument` (the TOML text given to `driftInitialize`),
 * `project` (the layers read for a project root: user file, `drift.toml`, `DRIFT_*` variables), or
 * `defaults` (no project root, or a layer failed and the reference's fallback applied).
 */
export type DriftConfigSource = 'argument' | 'project' | 'defaults';

/** What {@link DriftRuntime.open} needs; mirrors the four arguments of `driftInitialize`. */
export interface DriftRuntimeOptions {
  /** Path of drift.db. Default: `<projectRoot or current directory>/.drift/drift.db`. */
  readonly dbPath?: string | undefined;
  /** Project root; also where `drift.toml` is looked for when no TOML text is given. */
  readonly projectRoot?: string | undefined;
  /** Configuration as TOML text; when given, no configuration file or variable is read. */
  readonly configToml?: string | undefined;
  /** Path of cortex.db, kept for the bridge (which is not part of this build). */
  readonly cortexDbPath?: string | undefined;
  /** The environment the `DRIFT_*` variables and `HOME` are read from. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

/**
 * The error for a call that needs the runtime before `driftInitialize` succeeded: code `INVALID_INPUT`
 * (the call was made at the wrong time; nothing happened), with the reference's message
 * `[RUNTIME_NOT_INITIALIZED] DriftRuntime not initialized. Call driftInitialize() first.`
 */
export function notInitializedError(operation: string): StorageError {
  return new StorageError(StorageErrorCode.INVALID_INPUT, RUNTIME_NOT_INITIALIZED_MESSAGE, { operation });
}

/** The error for a call on a runtime that {@link DriftRuntime.close} released. Code `CLOSED`. */
export function runtimeClosedError(operation: string): StorageError {
  return napiError(
    NapiErrorCode.STORAGE_ERROR,
    StorageErrorCode.CLOSED,
    `${operation}: the Drift runtime was closed; initialize a new one`,
    { operation },
  );
}

/** Where drift.db goes when no path is given: `<projectRoot or cwd>/.drift/drift.db`, absolute. */
export function defaultDbPath(projectRoot?: string): string {
  return resolve(projectRoot ?? '.', '.drift', 'drift.db');
}

/**
 * Parses configuration TOML given as text, as the reference's `DriftConfig::from_toml`: the typed
 * sections of {@link DriftConfig} (unknown keys ignored), no other layer and no range validation.
 * Malformed TOML, or a known key of the wrong type, is `INVALID_INPUT` with the reference's
 * `[CONFIG_ERROR] Config parse error in <origin>: ...`.
 */
export function parseDriftConfig(toml: string, origin = '<string>'): DriftConfig {
  try {
    return freeze(readConfigDocument(toml));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw napiError(
      NapiErrorCode.CONFIG_ERROR,
      StorageErrorCode.INVALID_INPUT,
      `Config parse error in ${origin}: ${message}`,
      {
        field:
          error instanceof TomlShapeError && error.key !== null
            ? `configToml.${quoteInput(error.key)}`
            : 'configToml',
        operation: 'driftInitialize',
        cause: error,
      },
    );
  }
}

/**
 * The state behind the DriftNapi functions: the storage backend, the configuration and the project
 * root. Created by {@link DriftRuntime.open}; {@link DriftRuntime.shutdown} checkpoints it and keeps it
 * usable (as the reference's `driftShutdown`); {@link DriftRuntime.close} releases it, after which
 * every accessor fails with `CLOSED`.
 */
export class DriftRuntime {
  /** Absolute path of drift.db: the one given, resolved, else `<project root or cwd>/.drift/drift.db`. */
  readonly dbPath: string;
  /** Absolute project root, or null when none was given. */
  readonly projectRoot: string | null;
  /** Path of cortex.db as given to `driftInitialize` (not resolved, not opened by this build), or null. */
  readonly cortexDbPath: string | null;
  /** The resolved configuration (empty when defaults apply). */
  readonly config: DriftConfig;
  /** Where {@link config} came from. */
  readonly configSource: DriftConfigSource;
  /** The layers applied for a project root, in order (file paths, then variable names). */
  readonly configLayers: readonly string[];
  /**
   * Why the project's configuration layers were dropped for the defaults, or null. As in the
   * reference, a broken layer falls back to the defaults instead of failing initialization.
   */
  readonly configWarning: string | null;
  readonly #storage: DriftStorageBackend;
  #closed = false;

  private constructor(
    storage: DriftStorageBackend,
    dbPath: string,
    options: DriftRuntimeOptions,
    config: ResolvedConfig,
  ) {
    this.#storage = storage;
    this.dbPath = dbPath;
    this.projectRoot = options.projectRoot === undefined ? null : resolve(options.projectRoot);
    this.cortexDbPath = options.cortexDbPath ?? null;
    this.config = config.value;
    this.configSource = config.source;
    this.configLayers = Object.freeze([...config.layers]);
    this.configWarning = config.warning;
  }

  /**
   * Resolves the configuration and the drift.db path, creates the database's folder and opens the
   * storage through `factory`, in the reference's order: TOML text first (`[CONFIG_ERROR]`, nothing
   * created), then the folder (`[INIT_ERROR]`), then the storage (`[STORAGE_ERROR] driftInitialize: `
   * and the storage's message; a factory that throws something else than a StorageError gives
   * `SQLITE_ERROR`).
   */
  static open(factory: StorageFactory, options: DriftRuntimeOptions = {}): DriftRuntime {
    if (typeof factory !== 'function') {
      throw napiError(
        NapiErrorCode.INVALID_ARGUMENT,
        StorageErrorCode.INVALID_INPUT,
        'storageFactory must be a function (dbPath: string) => DriftStorageBackend',
        { field: 'storageFactory' },
      );
    }
    const config = resolveConfig(options);
    const given = options.dbPath !== undefined;
    const dbPath = given ? resolve(options.dbPath as string) : defaultDbPath(options.projectRoot);
    try {
      mkdirSync(dirname(dbPath), { recursive: true });
    } catch (error) {
      const what = given ? 'database directory' : '.drift directory';
      throw napiError(
        NapiErrorCode.INIT_ERROR,
        StorageErrorCode.INVALID_INPUT,
        `Failed to create ${what}: ${(error as Error).message}`,
        { cause: error, path: dbPath, field: 'dbPath', operation: 'driftInitialize' },
      );
    }
    let storage: DriftStorageBackend;
    try {
      storage = factory(dbPath);
    } catch (error) {
      if (isStorageError(error)) {
        if (napiCodeOf(error.message) === null) {
          error.message = `[${NapiErrorCode.STORAGE_ERROR}] driftInitialize: ${error.message}`;
        }
        throw error;
      }
      throw napiError(
        NapiErrorCode.STORAGE_ERROR,
        StorageErrorCode.SQLITE_ERROR,
        `driftInitialize: the storage factory failed to open ${quoteInput(dbPath)}: ${error instanceof Error ? error.message : String(error)}`,
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
  storage(operation = 'storage'): DriftStorageBackend {
    if (this.#closed) throw runtimeClosedError(operation);
    return this.#storage;
  }

  /**
   * `driftShutdown`: commits what the batch writer holds, then checkpoints the write-ahead log
   * (`[STORAGE_ERROR] WAL checkpoint failed: ...` when that fails). The runtime stays open and usable.
   */
  shutdown(): void {
    const storage = this.storage('driftShutdown');
    let failure: unknown = null;
    try {
      storage.flushSync();
    } catch (error) {
      // A backend built without a batch writer has nothing to commit.
      if (!isStorageError(error, StorageErrorCode.NOT_SUPPORTED)) failure = error;
    }
    try {
      storage.checkpoint();
    } catch (error) {
      if (!isStorageError(error)) throw error;
      error.message = `[${NapiErrorCode.STORAGE_ERROR}] WAL checkpoint failed: ${error.message}`;
      throw error;
    }
    if (failure !== null) throw failure;
  }

  /**
   * Commits the batch writer (when the backend has one), checkpoints the write-ahead log and closes the
   * backend. The runtime counts as closed even when a step fails; the first failure is rethrown after
   * the backend was closed. A second call does nothing.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    let failure: unknown = null;
    try {
      this.#storage.flushSync();
    } catch (error) {
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

interface ResolvedConfig {
  value: DriftConfig;
  source: DriftConfigSource;
  layers: readonly string[];
  warning: string | null;
}

function resolveConfig(options: DriftRuntimeOptions): ResolvedConfig {
  if (options.configToml !== undefined) {
    return { value: parseDriftConfig(options.configToml), source: 'argument', layers: [], warning: null };
  }
  if (options.projectRoot !== undefined) {
    const loaded = loadLayeredConfig(options.projectRoot, options.env ?? process.env);
    return {
      value: loaded.config,
      source: loaded.warning === null ? 'project' : 'defaults',
      layers: loaded.layers,
      warning: loaded.warning,
    };
  }
  return { value: Object.freeze({}), source: 'defaults', layers: [], warning: null };
}
