import { type ExactKeyList, invalidInput, notSupported } from '@drift/storage-traits';
import type { DriftAnalyzer } from './analyzer.js';
import { analysisBindings } from './bindings/analysis.js';
import { cloudBindings } from './bindings/cloud.js';
import type { BindingContext } from './bindings/context.js';
import { enforcementBindings } from './bindings/enforcement.js';
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
  type DriftNapi,
  type DriftNapiFunctionName,
} from './contract/interface.js';
import { type DriftRuntime, notInitializedError, type StorageFactory } from './runtime.js';

export { ADVANCED_NOT_SUPPORTED_REASON, BRIDGE_NOT_SUPPORTED_REASON } from './bindings/reasons.js';

/** What {@link createDriftNapi} needs. */
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

/**
 * Builds the DriftNapi function surface over an injected storage factory and, optionally, an analyzer.
 * Each call makes an independent instance with its own runtime (there is no process-wide singleton).
 *
 * The 41 storage-backed functions work through the storage traits only; the 21 bridge and 4 advanced
 * functions fail with `NOT_SUPPORTED` naming what provides them. Async functions report failures as
 * rejected promises. Bad arguments fail with `INVALID_INPUT` naming the function and the argument,
 * before anything is read or written.
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
  const { storageFactory, analyzer } = options;
  if (analyzer !== undefined && (typeof analyzer !== 'object' || analyzer === null)) {
    throw invalidInput('createDriftNapi: options.analyzer must be an object (a DriftAnalyzer) when given', {
      field: 'analyzer',
    });
  }
  const slot: RuntimeSlot = { current: null };

  /** The live runtime, or the state error for `operation`. */
  function requireRuntime(operation: string): DriftRuntime {
    const runtime = slot.current;
    if (runtime === null) throw notInitializedError(operation);
    if (runtime.closed) runtime.storage(); // throws CLOSED naming the shut-down state
    return runtime;
  }

  const ctx: BindingContext = {
    runtime: requireRuntime,
    storage: (operation) => requireRuntime(operation).storage(),
    analyzer,
  };

  const napi: DriftNapi = {
    ...lifecycleBindings(slot, storageFactory, requireRuntime),
    ...scannerBindings(ctx),
    ...analysisBindings(ctx),
    ...patternBindings(ctx),
    ...graphBindings(ctx),
    ...structuralBindings(ctx),
    ...enforcementBindings(ctx),
    ...feedbackBindings(ctx),
    ...unsupported(ADVANCED_FUNCTIONS, ADVANCED_NOT_SUPPORTED_REASON),
    ...unsupported(BRIDGE_FUNCTIONS, BRIDGE_NOT_SUPPORTED_REASON),
    ...cloudBindings(ctx),
  };
  return Object.freeze(napi);
}
