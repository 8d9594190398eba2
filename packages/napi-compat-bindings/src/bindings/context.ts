import type { DriftStorageBackend } from '@drift/storage-traits';
import type { DriftAnalyzer } from '../analyzer.js';
import type { DriftRuntime } from '../runtime.js';

/** What every binding module is built from: access to the live runtime and the injected parts. */
export interface BindingContext {
  /** The live runtime, or the runtime-state error for `operation`. */
  runtime(operation: string): DriftRuntime;
  /** The live runtime's storage, or the runtime-state error for `operation`. */
  storage(operation: string): DriftStorageBackend;
  /** The analysis engine, when one was given. */
  readonly analyzer: DriftAnalyzer | undefined;
}
