import {
  addWriteStats,
  type BatchWriter,
  type BatchWriterFactory,
  emptyWriteStats,
  StorageError,
} from '@drift/storage-traits';

/**
 * A batch writer for test set-up that commits each command at once on the caller's stack and throws
 * its failure, so a fixture is fully written when `sendBatch` returns.
 */
export const syncBatchWriter: BatchWriterFactory = (sink): BatchWriter => {
  const stats = emptyWriteStats();
  return {
    send(command) {
      const result = sink.applyBatch([command]);
      addWriteStats(stats, result.stats);
      const failure = result.failures[0];
      if (failure) {
        throw new StorageError(failure.error.code, `${failure.command} failed: ${failure.error.message}`, {
          cause: failure.error,
        });
      }
    },
    flush: () => Promise.resolve(),
    requestFlush: () => {},
    flushSync: () => ({ ...stats }),
    stats: () => ({ ...stats }),
    shutdown: () => ({ ...stats }),
  };
};
