import { type ExactKeyList, invalidInput, notSupported } from '@drift/storage-traits';
import type { GcResult } from './contract/enforcement.js';
import {
  ADVANCED_FUNCTIONS,
  ANALYSIS_FUNCTIONS,
  BRIDGE_FUNCTIONS,
  CLOUD_FUNCTIONS,
  type DriftNapi,
  type DriftNapiFunctionName,
  ENFORCEMENT_FUNCTIONS,
  FEEDBACK_FUNCTIONS,
  GRAPH_FUNCTIONS,
  PATTERNS_FUNCTIONS,
  SCANNER_FUNCTIONS,
  STRUCTURAL_FUNCTIONS,
} from './contract/interface.js';
import { DriftRuntime, notInitializedError, RuntimeStateName, type StorageFactory } from './runtime.js';

/**
 * The analysis engine (parsing, detection) that will feed the storage. This build does not call it yet;
 * it is accepted so that applications can already wire one in.
 */
export type DriftAnalyzer = object;

/** What {@link createDriftNapi} needs. */
export interface CreateDriftNapiOptions {
  /** Opens the storage backend for a drift.db path; called by `driftInitialize`. */
  readonly storageFactory: StorageFactory;
  /** The analysis engine; not used by this build. */
  readonly analyzer?: DriftAnalyzer;
}

/** Why the bridge functions are unavailable. */
export const BRIDGE_NOT_SUPPORTED_REASON =
  'provided by the Cortex bridge (Phase C), which is not part of @drift/napi-compat-bindings';

/** Why the advanced functions are unavailable. */
export const ADVANCED_NOT_SUPPORTED_REASON =
  "provided by Drift's advanced analysis systems (simulation, decision mining, context and specification generation), which are not part of @drift/napi-compat-bindings";

/** Why the remaining functions are unavailable. */
export const NOT_IMPLEMENTED_REASON = 'not implemented yet in this build';

/**
 * Why `driftGC` is unavailable: the reference runs time-tiered retention and an incremental vacuum on
 * the writer connection, and the storage traits offer neither (only per-file deletes).
 */
export const GC_NOT_SUPPORTED_REASON =
  'retention is not reachable through DriftStorageBackend: @drift/storage-traits has no retention or vacuum method (the SQLite engine applies retention only when it opens), so driftGC cannot run without one being added to the traits';

/** The function names that this build answers with `NOT_SUPPORTED` "not implemented yet in this build". */
export const NOT_IMPLEMENTED_FUNCTIONS = Object.freeze([
  ...SCANNER_FUNCTIONS,
  ...ANALYSIS_FUNCTIONS,
  ...PATTERNS_FUNCTIONS,
  ...GRAPH_FUNCTIONS,
  ...STRUCTURAL_FUNCTIONS,
  ...ENFORCEMENT_FUNCTIONS,
  ...FEEDBACK_FUNCTIONS,
  ...CLOUD_FUNCTIONS,
] as const);

type AsyncName = {
  [K in DriftNapiFunctionName]: ReturnType<DriftNapi[K]> extends Promise<unknown> ? K : never;
}[DriftNapiFunctionName];

/** Checks at compile time that a list names exactly the promise-returning functions of the contract. */
function asyncNameList<const L extends readonly AsyncName[]>(
  names: L & ExactKeyList<Record<AsyncName, unknown>, L>,
): L {
  return names;
}

/** The functions of the contract that return a promise; their failures are rejections, not throws. */
const ASYNC_FUNCTIONS: ReadonlySet<string> = new Set<string>(
  asyncNameList([
    'driftScan',
    'driftScanWithProgress',
    'driftAnalyze',
    'driftCallGraph',
    'driftBoundaries',
    'driftSimulate',
    'driftDecisions',
    'driftContext',
    'driftGenerateSpec',
  ]),
);

/** Functions that always fail with `NOT_SUPPORTED` and `reason` (rejecting where the contract is async). */
function unsupported<const Names extends readonly DriftNapiFunctionName[]>(
  names: Names,
  reason: string,
): Pick<DriftNapi, Names[number]> {
  const entries = names.map((name) => {
    const fn = ASYNC_FUNCTIONS.has(name)
      ? () => Promise.reject(notSupported(name, reason))
      : () => {
          throw notSupported(name, reason);
        };
    Object.defineProperty(fn, 'name', { value: name });
    return [name, fn] as const;
  });
  return Object.fromEntries(entries) as unknown as Pick<DriftNapi, Names[number]>;
}

function optionalString(value: unknown, field: string, operation: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidInput(`${operation}: ${field} must be a non-empty string when given`, { field, operation });
  }
  return value;
}

const U32_MAX = 0xffff_ffff;

function optionalU32(value: unknown, field: string, operation: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw invalidInput(
      `${operation}: ${field} must be a whole number of days from 0 to ${U32_MAX} when given`,
      {
        field,
        operation,
      },
    );
  }
  return value;
}

/**
 * Builds the DriftNapi function surface over an injected storage factory. Each call makes an
 * independent instance with its own runtime (there is no process-wide singleton).
 *
 * What works: the four lifecycle functions, except that `driftGC` fails with `NOT_SUPPORTED` (see
 * {@link GC_NOT_SUPPORTED_REASON}). The bridge and advanced functions fail with `NOT_SUPPORTED` naming
 * what provides them; every other function fails with `NOT_SUPPORTED` "not implemented yet in this
 * build". Async functions report those failures as rejected promises.
 *
 * Runtime state errors: before `driftInitialize`, `INVALID_INPUT` [RUNTIME_NOT_INITIALIZED]; a second
 * `driftInitialize`, `INVALID_INPUT` [ALREADY_INITIALIZED]; after `driftShutdown`, `CLOSED`
 * [RUNTIME_SHUT_DOWN] until `driftInitialize` is called again.
 */
export function createDriftNapi(options: CreateDriftNapiOptions): DriftNapi {
  if (typeof options !== 'object' || options === null || typeof options.storageFactory !== 'function') {
    throw invalidInput('createDriftNapi: options.storageFactory must be a function', {
      field: 'storageFactory',
    });
  }
  const { storageFactory } = options;
  let runtime: DriftRuntime | null = null;

  /** The live runtime, or the state error for `operation`. */
  function requireRuntime(operation: string): DriftRuntime {
    if (runtime === null) throw notInitializedError(operation);
    if (runtime.closed) runtime.storage(); // throws CLOSED naming the shut-down state
    return runtime;
  }

  const lifecycle: Pick<DriftNapi, 'driftInitialize' | 'driftShutdown' | 'driftIsInitialized' | 'driftGC'> = {
    driftInitialize(dbPath?: string, projectRoot?: string, configToml?: string, cortexDbPath?: string): void {
      const op = 'driftInitialize';
      const args = {
        dbPath: optionalString(dbPath, 'dbPath', op),
        projectRoot: optionalString(projectRoot, 'projectRoot', op),
        configToml: configToml === undefined || configToml === null ? undefined : configToml,
        cortexDbPath: optionalString(cortexDbPath, 'cortexDbPath', op),
      };
      if (args.configToml !== undefined && typeof args.configToml !== 'string') {
        throw invalidInput(`${op}: configToml must be a string when given`, {
          field: 'configToml',
          operation: op,
        });
      }
      if (runtime !== null && !runtime.closed) {
        throw invalidInput(
          `${op}: the Drift runtime is already initialized [${RuntimeStateName.ALREADY_INITIALIZED}] with ${runtime.dbPath}; call driftShutdown() first`,
          { operation: op },
        );
      }
      runtime = DriftRuntime.open(storageFactory, args);
    },

    driftShutdown(): void {
      requireRuntime('driftShutdown').close();
    },

    driftIsInitialized(): boolean {
      return runtime !== null && !runtime.closed;
    },

    driftGC(shortDays?: number, mediumDays?: number, longDays?: number): GcResult {
      const op = 'driftGC';
      optionalU32(shortDays, 'shortDays', op);
      optionalU32(mediumDays, 'mediumDays', op);
      optionalU32(longDays, 'longDays', op);
      requireRuntime(op);
      throw notSupported(op, GC_NOT_SUPPORTED_REASON);
    },
  };

  const napi: DriftNapi = {
    ...lifecycle,
    ...unsupported(NOT_IMPLEMENTED_FUNCTIONS, NOT_IMPLEMENTED_REASON),
    ...unsupported(ADVANCED_FUNCTIONS, ADVANCED_NOT_SUPPORTED_REASON),
    ...unsupported(BRIDGE_FUNCTIONS, BRIDGE_NOT_SUPPORTED_REASON),
  };
  return Object.freeze(napi);
}
