// The public option and report types of DriftStorageEngine, apart so that opening (open.ts) can take
// them without importing the engine.

import type { BatchWriterFactory } from '@drift/storage-traits';

/** How a `DriftStorageEngine` is opened (`DriftStorageEngine.open(path, options)`). */
export interface DriftStorageEngineOptions {
  /** Read-only connections in the pool, 1..8 (default 4). */
  readonly readers?: number;
  /**
   * The lock budget, in milliseconds, of every engine operation (default 5000): an open, a read, a
   * write, a batch commit or a checkpoint that meets a lock held by another connection (`SQLITE_BUSY`,
   * including the kinds SQLite's own busy handler does not wait on) is retried until it succeeds or
   * this much time has passed since the operation started; only then does it fail with `BUSY`, saying
   * how long it waited. A statement's own wait is capped by what is left of the budget.
   */
  readonly busyTimeoutMs?: number;
  /**
   * Read-only engines only: run `PRAGMA quick_check` at open and refuse a damaged database with
   * `CORRUPT` (default true). It reads every page, so it costs time in proportion to the file's size
   * (see the README for figures); pass false to skip it where opening fast matters more.
   */
  readonly quickCheck?: boolean;
  /**
   * Creates the batch writer behind `sendBatch` and the `IDriftBatchWriter` methods, given the engine's
   * SQLite sink (for example `createBatchWriter` from `@drift/batch-writer`). Without one, those
   * methods fail with `NOT_SUPPORTED`.
   */
  readonly batchWriter?: BatchWriterFactory;
  /**
   * Opens an existing database for reading only (a process that may only read drift.db, such as a
   * grounding bridge): every connection is read-only and `query_only`, nothing is migrated, and every
   * write method fails with `READ_ONLY`. The database must exist and be at the
   * current schema version.
   */
  readonly readOnly?: boolean;
}

/** Which connection a statement ran on; counted for routing tests and diagnostics. */
export interface ConnectionUsage {
  /** Statements run on read-only connections. */
  readonly reader: number;
  /** Statements run on the writer connection. */
  readonly writer: number;
  /** Statements run on the batch sink's connection. */
  readonly batch: number;
}
