import { type ExactKeyList, StorageErrorCode } from '@drift/storage-traits';
import type { DriftAnalyzer } from './analyzer.js';
import { analysisBindings } from './bindings/analysis.js';
import { cloudBindings } from './bindings/cloud.js';
import type { BindingContext } from './bindings/context.js';
import { enforcementBindings } from './bindings/enforcement.js';
import { NapiErrorCode, napiError, toNapiFailure } from './bindings/errors.js';
import { feedbackBindings } from './bindings/feedback.js';
import { graphBindings } from './bindings/graph.js';
import { lifecycleBindings, type RuntimeSlot } from './bindings/lifecycle.js';
import { patternBindings } from './bindings/patterns.js';
import { ADVANCED_NOT_SUPPORTED_REASON, BRIDGE_NOT_SUPPORTED_REASON } from './bindings/reasons.js';
import { scannerBindings } from './bindings/scanner.js';
import { structuralBindings } from './bindings/structural.js';
import {
  ADVANCED_FUNCTIONS,
  BRIDGE_FUNCTIONS,
  DRIFT_NAPI_FUNCTIONS,
  type DriftNapi,
  type DriftNapiFunctionName,
} from './contract/interface.js';
import { type DriftRuntime, notInitializedError, type StorageFactory } from './runtime.js';

export { ADVANCED_NOT_SUPPORTED_REASON, BRIDGE_NOT_SUPPORTED_REASON } from './bindings/reasons.js';

/**
 * What {@link createDriftNapi} needs: a storage factory (required) and the analyzer behind `driftAnalyze` (optional).
 */
export interface CreateDriftNapiOptions {
  /**
   * Opens the storage backend for a drift.db path; called by `driftInitialize`. The backend needs a
   * batch writer (the scanner and `driftAnalyze` write through `sendBatch`).
   */
  readonly storageFactory: StorageFactory;
  /** The analysis engine behind `driftAnalyze`; without one, every analysis step is skipped. */
  readonly analyzer?: DriftAnalyzer;
}

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
export const ASYNC_FUNCTIONS: ReadonlySet<DriftNapiFunctionName> = new Set<DriftNapiFunctionName>(
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

/**
 * The advanced functions: the reference computes them without the runtime; this build does not provide
 * them, so each fails with `NOT_SUPPORTED` (`[INTERNAL_ERROR]`), rejecting where the contract is async.
 */
function advancedUnsupported(): Pick<DriftNapi, (typeof ADVANCED_FUNCTIONS)[number]> {
  const entries = ADVANCED_FUNCTIONS.map((name) => {
    const fail = () =>
      napiError(
        NapiErrorCode.INTERNAL_ERROR,
        StorageErrorCode.NOT_SUPPORTED,
        `operation '${name}' is not supported: ${ADVANCED_NOT_SUPPORTED_REASON}`,
        { operation: name },
      );
    const fn = ASYNC_FUNCTIONS.has(name)
      ? () => Promise.reject(fail())
      : () => {
          throw fail();
        };
    return [name, fn] as const;
  });
  return Object.fromEntries(entries) as unknown as Pick<DriftNapi, (typeof ADVANCED_FUNCTIONS)[number]>;
}

/**
 * The bridge functions: as in the reference, each needs the runtime first (`[RUNTIME_NOT_INITIALIZED]`)
 * and then a bridge; this build has none, so each fails as the reference does when its bridge could not
 * be initialized (`[INIT_ERROR]`), with code `NOT_SUPPORTED` and the reason.
 */
function bridgeUnsupported(
  requireRuntime: (operation: string) => DriftRuntime,
): Pick<DriftNapi, (typeof BRIDGE_FUNCTIONS)[number]> {
  const entries = BRIDGE_FUNCTIONS.map((name) => {
    const fn = () => {
      requireRuntime(name);
      throw napiError(
        NapiErrorCode.INIT_ERROR,
        StorageErrorCode.NOT_SUPPORTED,
        `Bridge not initialized: operation '${name}' is not supported: ${BRIDGE_NOT_SUPPORTED_REASON}`,
        { operation: name },
      );
    };
    return [name, fn] as const;
  });
  return Object.fromEntries(entries) as unknown as Pick<DriftNapi, (typeof BRIDGE_FUNCTIONS)[number]>;
}

/** The runtime slot of each object {@link createDriftNapi} made, for {@link closeDriftNapi}. */
const SLOTS = new WeakMap<object, RuntimeSlot>();

/**
 * `fn` as it is exported: named `name`; every failure leaves as a StorageError whose message starts with
 * the reference's bracketed code ({@link toNapiFailure}), thrown by a synchronous function and as a
 * rejection by a function that returns a promise.
 */
function exported(
  name: DriftNapiFunctionName,
  fn: (...args: unknown[]) => unknown,
): (...args: unknown[]) => unknown {
  const wrapped = ASYNC_FUNCTIONS.has(name)
    ? (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = fn(...args);
        } catch (error) {
          return Promise.reject(toNapiFailure(name, error));
        }
        return Promise.resolve(result).then(undefined, (error: unknown) => {
          throw toNapiFailure(name, error);
        });
      }
    : (...args: unknown[]): unknown => {
        try {
          return fn(...args);
        } catch (error) {
          throw toNapiFailure(name, error);
        }
      };
  Object.defineProperty(wrapped, 'name', { value: name });
  return wrapped;
}

/**
 * Builds the DriftNapi function surface over an injected storage factory and, optionally, an analyzer.
 * Each call makes an independent instance with its own runtime (there is no process-wide singleton).
 *
 * The result is a plain object with one writable, enumerable property per function, like the native
 * module's exports (a caller may replace or wrap a function). The 41 storage-backed functions work
 * through the storage traits only; the 21 bridge and 4 advanced functions fail with `NOT_SUPPORTED`.
 *
 * Every failure is a StorageError with a stable `code` whose message starts with the code the
 * reference gives the same situation, in brackets (`[RUNTIME_NOT_INITIALIZED] ...`,
 * `[INVALID_ARGUMENT] driftScan: root must be ...`); promise-returning functions reject instead of
 * throwing. {@link closeDriftNapi} releases the storage (the reference's `driftShutdown` does not).
 */
export function createDriftNapi(options: CreateDriftNapiOptions): DriftNapi {
  if (typeof options !== 'object' || options === null || typeof options.storageFactory !== 'function') {
    throw napiError(
      NapiErrorCode.INVALID_ARGUMENT,
      StorageErrorCode.INVALID_INPUT,
      'createDriftNapi: options.storageFactory must be a function',
      { field: 'storageFactory' },
    );
  }
  const { storageFactory, analyzer } = options;
  if (analyzer !== undefined && (typeof analyzer !== 'object' || analyzer === null)) {
    throw napiError(
      NapiErrorCode.INVALID_ARGUMENT,
      StorageErrorCode.INVALID_INPUT,
      'createDriftNapi: options.analyzer must be an object (a DriftAnalyzer) when given',
      { field: 'analyzer' },
    );
  }
  const slot: RuntimeSlot = { current: null, beforeClose: new Set() };

  /** The live runtime, or the reference's not-initialized error. */
  function requireRuntime(operation: string): DriftRuntime {
    const runtime = slot.current;
    if (runtime === null) throw notInitializedError(operation);
    return runtime;
  }

  const ctx: BindingContext = {
    runtime: requireRuntime,
    storage: (operation) => requireRuntime(operation).storage(operation),
    analyzer,
  };

  const implementations: DriftNapi = {
    ...lifecycleBindings(slot, storageFactory, requireRuntime),
    ...scannerBindings(ctx, slot.beforeClose),
    ...analysisBindings(ctx),
    ...patternBindings(ctx),
    ...graphBindings(ctx),
    ...structuralBindings(ctx),
    ...enforcementBindings(ctx),
    ...feedbackBindings(ctx),
    ...advancedUnsupported(),
    ...bridgeUnsupported(requireRuntime),
    ...cloudBindings(ctx),
  };
  const napi: Record<string, unknown> = {};
  for (const name of DRIFT_NAPI_FUNCTIONS) {
    napi[name] = exported(name, implementations[name] as (...args: unknown[]) => unknown);
  }
  SLOTS.set(napi, slot);
  return napi as unknown as DriftNapi;
}

/**
 * Releases what `napi` (an object made by {@link createDriftNapi}) holds: commits the batch writer,
 * checkpoints and closes the storage, and leaves the object uninitialized (`driftInitialize` may be
 * called again). The reference has no such step: its `driftShutdown` keeps the runtime until the
 * process exits. A scan still running is stopped first and recorded as the cancelled scan it is: the
 * rows of the files it scanned, nothing removed, a `partial` `scan_history` row; its promise resolves
 * with a `partial` summary. Does nothing when no runtime is open; `INVALID_INPUT` for any other object.
 */
export function closeDriftNapi(napi: DriftNapi): void {
  const slot = typeof napi === 'object' && napi !== null ? SLOTS.get(napi) : undefined;
  if (slot === undefined) {
    throw napiError(
      NapiErrorCode.INVALID_ARGUMENT,
      StorageErrorCode.INVALID_INPUT,
      'closeDriftNapi: napi must be an object made by createDriftNapi',
      { field: 'napi' },
    );
  }
  const runtime = slot.current;
  if (runtime === null) return;
  // Running scans stop here and record what they found (a `partial` row) while the storage is open.
  for (const stop of [...slot.beforeClose]) stop();
  slot.beforeClose.clear();
  slot.current = null;
  runtime.close();
}
