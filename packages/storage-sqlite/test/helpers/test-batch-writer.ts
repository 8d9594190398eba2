import {
  addWriteStats,
  type BatchCommand,
  type BatchCommandFailure,
  type BatchSink,
  type BatchWriter,
  type BatchWriterFactory,
  emptyWriteStats,
  StorageError,
  validateBatchCommand,
  type WriteStats,
} from '@drift/storage-traits';

/** The error a flush throws for the command failures it reports: one line per failure. */
function failuresError(failures: readonly BatchCommandFailure[]): StorageError {
  const first = failures[0]!;
  const lines = failures.map((f) => `  #${f.index} ${f.command}: ${f.error.message}`);
  return new StorageError(
    first.error.code,
    `${failures.length} batch command(s) failed and were rolled back; the others were committed:\n${lines.join('\n')}`,
    { operation: 'flush', command: first.command, cause: failures.length === 1 ? first.error : failures },
  );
}

/**
 * A minimal synchronous {@link BatchWriter} for this package's tests: `send` queues, `flushSync`,
 * `requestFlush` and `shutdown` apply the queue through the sink in one batch. Command failures are
 * counted in `failedCommands` and thrown, listed, by the next `flush` or `flushSync`.
 */
export const testBatchWriter: BatchWriterFactory = (sink: BatchSink): BatchWriter => {
  let queue: BatchCommand[] = [];
  let pending: BatchCommandFailure[] = [];
  let stopped = false;
  const stats = emptyWriteStats();

  const apply = (): void => {
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    let result: ReturnType<BatchSink['applyBatch']>;
    try {
      result = sink.applyBatch(batch);
    } catch (error) {
      queue = [...batch, ...queue]; // nothing of the batch was committed: keep it for a retry
      throw error;
    }
    addWriteStats(stats, result.stats);
    stats.failedCommands += result.failures.length;
    pending.push(...result.failures);
  };

  const report = (): void => {
    if (pending.length === 0) return;
    const failures = pending;
    pending = [];
    throw failuresError(failures);
  };

  const flushSync = (): WriteStats => {
    apply();
    report();
    return { ...stats };
  };

  return {
    send(command, operation = 'send') {
      if (stopped) {
        throw new StorageError('CLOSED', `${operation} failed: the test batch writer was shut down`, {
          operation,
        });
      }
      // The BatchWriter contract: a checked snapshot is queued, malformed commands are refused here.
      queue.push(validateBatchCommand(command, operation));
    },
    flush: () => {
      try {
        flushSync();
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    requestFlush: apply,
    flushSync,
    stats: () => ({ ...stats }),
    shutdown() {
      if (!stopped) apply();
      stopped = true;
      return { ...stats };
    },
  };
};
