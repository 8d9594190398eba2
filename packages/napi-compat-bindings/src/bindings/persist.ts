import {
  type BatchCommand,
  type BatchCommandRows,
  type BatchCommandType,
  batchCommand,
  type DriftStorageBackend,
  isStorageError,
  StorageErrorCode,
  validateBatchCommand,
} from '@drift/storage-traits';

/** Rows per batch command sent by the bindings. */
const ROWS_PER_COMMAND = 500;

/**
 * Builds the batch commands for `rows` (chunks of {@link ROWS_PER_COMMAND}) and validates each, so that
 * a malformed row fails the call (`INVALID_INPUT`, naming `operation`, the binding the caller called)
 * before anything is sent.
 */
export function buildCommands<T extends BatchCommandType>(
  type: T,
  rows: readonly BatchCommandRows[T][] | undefined,
  operation: string,
): BatchCommand[] {
  if (rows === undefined || rows.length === 0) return [];
  if (!Array.isArray(rows)) return [validateBatchCommand({ type, rows }, operation)];
  const commands: BatchCommand[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_COMMAND) {
    commands.push(validateBatchCommand(batchCommand(type, rows.slice(i, i + ROWS_PER_COMMAND)), operation));
  }
  return commands;
}

/**
 * Sends validated commands in order. When the batch writer's queue is full (`BUSY`) it commits what is
 * queued and sends again, so a large result never fails for lack of queue space.
 */
export function sendAll(storage: DriftStorageBackend, commands: readonly BatchCommand[]): number {
  let rows = 0;
  for (const command of commands) {
    try {
      storage.sendBatch(command);
    } catch (error) {
      if (!isStorageError(error, StorageErrorCode.BUSY)) throw error;
      storage.flushSync();
      storage.sendBatch(command);
    }
    rows += command.rows.length;
  }
  return rows;
}

/** Commits everything queued, when the backend has a batch writer (one without has nothing queued). */
export function commitQueued(storage: DriftStorageBackend): void {
  try {
    storage.flushSync();
  } catch (error) {
    if (!isStorageError(error, StorageErrorCode.NOT_SUPPORTED)) throw error;
  }
}
