import type { BatchCommand, BatchCommandType } from './batch-commands.js';
import type { WriteStats } from './drift-batch.js';
import { StorageError } from './errors.js';

/** A command of a batch that failed and was rolled back on its own. */
export interface BatchCommandFailure {
  /** Position of the command in the batch given to {@link BatchSink.applyBatch}. */
  readonly index: number;
  /** The `type` of the command that failed. */
  readonly command: BatchCommandType;
  /**
   * The command's own error (its `code` from the driver failure), naming the command, its position and (for a
   * multi-row command) the failing row.
   */
  readonly error: StorageError;
}

/** What {@link BatchSink.applyBatch} did with one batch. */
export interface BatchApplyResult {
  /** Rows committed per counter (only the commands that succeeded; `flushes` is 1 when committed). */
  readonly stats: Partial<WriteStats>;
  /** Commands that failed; every other command of the batch was committed. */
  readonly failures: readonly BatchCommandFailure[];
}

/**
 * Where a batch writer hands its batches: an engine's write path. The engine applies a batch in one
 * transaction, isolating each command so that a failing one is rolled back alone and reported while
 * the others commit. A sink throws only when the batch as a whole could not be committed (then
 * nothing of it was), e.g. `BUSY` after the busy timeout or `CLOSED`.
 */
export interface BatchSink {
  /** Applies the commands in order inside one transaction and reports per-command failures. */
  applyBatch(commands: readonly BatchCommand[]): BatchApplyResult;
}

/** Tuning of a batch writer; every field has the reference's default. */
export interface BatchWriterOptions {
  /** Rows per transaction before a batch is committed early (default 500). */
  readonly batchSize?: number;
  /** Milliseconds a queued command may wait before its batch is committed (default 100). */
  readonly flushTimeoutMs?: number;
  /** Commands the queue holds at most; a `send` beyond that is refused with `BUSY` (default 1024). */
  readonly queueCapacity?: number;
}

/**
 * A queued, batched, transactional writer in front of a {@link BatchSink}. `send` never runs SQL on
 * the caller's stack; commands are grouped into transactions and committed after `batchSize` rows or
 * `flushTimeoutMs`, whichever comes first.
 */
export interface BatchWriter {
  /**
   * Queues a snapshot of a command: what `send` accepted is what is committed. The writer copies the
   * command when it is sent (each property read once, see `validateBatchCommand`) and checks the copy,
   * so nothing the caller does to its objects afterwards changes what is written, and the counters
   * `flushSync` returns match the rows in the database. Throws `INVALID_INPUT` for a malformed or
   * unreadable command, `BUSY` when the queue is full (wait for {@link BatchWriter.flush} and send
   * again), `CLOSED` after shutdown; then nothing is queued. `operation` is the method the caller
   * called, named by those errors (an engine passes `sendBatch` or `sendRaw`; default `send`).
   */
  send(command: BatchCommand, operation?: string): void;
  /**
   * Resolves once everything sent before the call is committed; rejects with the failures (command
   * name and cause) of commands that failed since the last flush reported them.
   */
  flush(): Promise<void>;
  /**
   * Starts committing what is queued now, without waiting and without consuming failures: they stay
   * pending for the next {@link BatchWriter.flush} or {@link BatchWriter.flushSync}. Backs the
   * fire-and-forget `IDriftBatchWriter.flush`.
   */
  requestFlush(): void;
  /**
   * Commits everything sent before the call, then returns the counters; throws the failures of
   * commands that failed since the last flush reported them.
   */
  flushSync(): WriteStats;
  /** The current counters; cheap, never waits. */
  stats(): WriteStats;
  /** Commits everything queued, stops the writer and returns the final counters; later sends fail. */
  shutdown(): WriteStats;
}

/** How an engine is given a batch writer: it passes its sink, the factory returns the writer. */
export type BatchWriterFactory = (sink: BatchSink) => BatchWriter;

/**
 * The error a batch sink records for one failed command: the driver's failure as `toStorageError`
 * converts it (its code kept), the message naming the command, its position in the batch and, for a
 * command of several rows, the row that broke it, and saying the command was rolled back alone.
 */
export function batchCommandError(
  error: unknown,
  command: BatchCommand,
  index: number,
  row: number,
  toStorageError: (error: unknown, where: string) => StorageError,
): StorageError {
  const total = Array.isArray(command.rows) ? command.rows.length : 0;
  const where =
    total > 1
      ? `batch command ${command.type} (command ${index}, row ${row} of ${total})`
      : `batch command ${command.type} (command ${index})`;
  const converted = toStorageError(error, where);
  return new StorageError(converted.code, `${converted.message}; the command was rolled back on its own`, {
    cause: error,
    operation: 'applyBatch',
    command: command.type,
  });
}
