import {
  BATCH_COMMANDS,
  type BatchApplyResult,
  type BatchCommand,
  type BatchCommandFailure,
  type BatchCommandRows,
  type BatchCommandType,
  batchCommandError,
  type MutableWriteStats,
} from '@drift/storage-traits';
import { BATCH_WRITERS, type BatchCommandWriter } from '@drift/storage-traits/queries';
import { sqliteStorageError } from '@drift/storage-traits/sqlite';
import { sqliteStatement, type WriteExecutor } from '../statements.js';

// The write path of the batch writer: one compiled statement per command and a function that turns a
// row into its positional arguments. Statements are compiled once, at module load; rows are only bound.
// Where a command writes exactly as a trait method does, both use the statement (and usually the row
// mapper) of the module that owns the table; the statements below are the batch's own.
//
// Write semantics follow the reference batch writer (drift-storage/src/batch/writer.rs): where it
// writes with INSERT OR REPLACE, so does the statement here (`replaceInto`), with the same columns,
// so a replaced row gets a new rowid (a function a new id) and every column the reference leaves out
// its DEFAULT (a file's pattern, function and error counts 0 and its error NULL; a pattern's
// `last_updated` the time of the write).

// The statement and row arguments of every command are shared with the other engines (BATCH_WRITERS).
const WRITERS = BATCH_WRITERS;

// The runner binds a row's arguments as they are, so each statement (shared ones included) must bind
// exactly its arguments, in order, and no constant.
for (const [type, writer] of Object.entries(WRITERS)) {
  if (!sqliteStatement(writer.statement).direct)
    throw new Error(`the statement of batch command ${type} binds a constant`);
}

/** Where a command is in its batch, updated while it runs so that a failure can say which row broke it. */
interface Progress {
  row: number;
}

/** Writes every row of one command; `progress.row` tracks the row being written. */
function writeCommand<T extends BatchCommandType>(
  w: WriteExecutor,
  type: T,
  rows: readonly BatchCommandRows[T][],
  progress: Progress,
): void {
  const writer: BatchCommandWriter<BatchCommandRows[T]> = WRITERS[type];
  const run = w.runner(writer.statement);
  const { args } = writer;
  for (let i = 0; i < rows.length; i++) {
    progress.row = i;
    run(args(rows[i]!));
  }
}

/**
 * Applies a batch of commands in one transaction, isolating each command in a savepoint: a failing
 * command is rolled back alone and reported, the others commit. Throws only when the batch as a whole
 * could not be committed (then nothing of it was).
 */
export function applyBatch(w: WriteExecutor, commands: readonly BatchCommand[]): BatchApplyResult {
  if (commands.length === 0) return { stats: {}, failures: [] };
  const stats: Partial<MutableWriteStats> = {};
  const failures: BatchCommandFailure[] = [];
  const progress: Progress = { row: 0 };
  w.transaction(() => {
    for (let index = 0; index < commands.length; index++) {
      const command = commands[index]!;
      progress.row = 0;
      try {
        w.transaction(() => writeCommand(w, command.type, command.rows, progress));
      } catch (error) {
        failures.push({
          index,
          command: command.type,
          error: batchCommandError(error, command, index, progress.row, sqliteStorageError),
        });
        continue;
      }
      const key = BATCH_COMMANDS[command.type];
      stats[key] = (stats[key] ?? 0) + command.rows.length;
    }
  });
  stats.flushes = 1;
  return { stats, failures };
}
