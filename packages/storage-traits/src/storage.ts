import type { BatchCommand } from './batch-commands.js';
import type { IDriftAdvanced } from './drift-advanced.js';
import { DRIFT_ADVANCED_METHODS } from './drift-advanced.js';
import type { IDriftAnalysis } from './drift-analysis.js';
import { DRIFT_ANALYSIS_METHODS } from './drift-analysis.js';
import type { IDriftBatchWriter } from './drift-batch.js';
import { DRIFT_BATCH_WRITER_METHODS } from './drift-batch.js';
import type { IDriftEnforcement } from './drift-enforcement.js';
import { DRIFT_ENFORCEMENT_METHODS } from './drift-enforcement.js';
import type { IDriftFiles } from './drift-files.js';
import { DRIFT_FILES_METHODS } from './drift-files.js';
import type { IDriftReader } from './drift-reader.js';
import { DRIFT_READER_METHODS } from './drift-reader.js';
import type { IDriftServing } from './drift-serving.js';
import { DRIFT_SERVING_METHODS } from './drift-serving.js';
import type { IDriftStructural } from './drift-structural.js';
import { DRIFT_STRUCTURAL_METHODS } from './drift-structural.js';
import { keyList } from './key-list.js';

/** The seven drift storage interfaces together: what a complete drift.db backend implements. */
export interface DriftStorage
  extends IDriftFiles,
    IDriftAnalysis,
    IDriftStructural,
    IDriftEnforcement,
    IDriftAdvanced,
    IDriftBatchWriter,
    IDriftReader {}

/** Every method name of {@link DriftStorage} (the seven interfaces' lists, concatenated). */
export const DRIFT_STORAGE_METHODS = keyList<DriftStorage>()([
  ...DRIFT_FILES_METHODS,
  ...DRIFT_ANALYSIS_METHODS,
  ...DRIFT_STRUCTURAL_METHODS,
  ...DRIFT_ENFORCEMENT_METHODS,
  ...DRIFT_ADVANCED_METHODS,
  ...DRIFT_BATCH_WRITER_METHODS,
  ...DRIFT_READER_METHODS,
] as const);

/**
 * A {@link DriftStorage} that also serves the DriftNapi functions ({@link IDriftServing}) and that its
 * owner controls: the typed batch send (the concrete method the reference engine has beside the
 * type-erased `sendRaw`), WAL checkpoint, path and close. This is what a runtime is given by its
 * storage factory.
 */
export interface DriftStorageBackend extends DriftStorage, IDriftServing {
  /** Queues a typed batch command (validated; `INVALID_INPUT` when malformed). */
  sendBatch(command: BatchCommand): void;
  /** Checkpoints the write-ahead log (a no-op where there is none). */
  checkpoint(): void;
  /** Path of the database file, or null for in-memory and network backends. */
  path(): string | null;
  /** Commits what is queued and releases every resource; later calls fail with `CLOSED`. */
  close(): void;
}

/** Every method of {@link DriftStorageBackend}: the storage methods, {@link IDriftServing} and the four controls. */
export const DRIFT_STORAGE_BACKEND_METHODS = keyList<DriftStorageBackend>()([
  ...DRIFT_STORAGE_METHODS,
  ...DRIFT_SERVING_METHODS,
  'sendBatch',
  'checkpoint',
  'path',
  'close',
] as const);
