import {
  addWriteStats,
  BATCH_COMMANDS,
  type BatchApplyResult,
  type BatchCommand,
  type BatchCommandFailure,
  type BatchWriterOptions,
  batchCommandError,
  emptyWriteStats,
  isStorageError,
  type MutableWriteStats,
  StorageError,
  validateBatchCommand,
  type WriteStats,
} from '@drift/storage-traits';
import { BATCH_WRITERS, type BatchCommandWriter, type Statement } from '@drift/storage-traits/queries';
import type { PostgresTransaction } from './connection.js';
import { POSTGRES_DIALECT } from './dialect.js';
import { isConnectionLost, isRetryable, postgresStorageError } from './errors.js';
import { runShared } from './runner.js';

// The batch path of the PostgreSQL engine: a batch of commands applied in one transaction, a SAVEPOINT
// around each command so that a failing one is rolled back alone and reported (as the SQLite sink
// does), plain inserts sent as multi-row INSERTs; and the asynchronous queue in front of it
// (`PostgresBatchQueue`), with the reference batch writer's limits.

/** Most bind parameters one PostgreSQL statement takes. */
const MAX_PARAMETERS = 65_535;
/** Most rows one multi-row INSERT carries. */
const MAX_BULK_ROWS = 1000;

/** `insert into t (...) values ($1, ..., $n)` with an optional `on conflict do nothing`, and nothing else. */
const SINGLE_ROW_INSERT = /^(insert into .+ values )\((\$\d+(?:, \$\d+)*)\)( on conflict do nothing)?$/;

/**
 * The multi-row text of a one-row insert `s` for `rows` rows (placeholders renumbered row after row), or
 * undefined when `s` is not a plain one-row INSERT binding its arguments in order.
 */
export function bulkInsertText(s: Statement, rows: number): string | undefined {
  if (!s.direct || s.before !== undefined) return undefined;
  const m = SINGLE_ROW_INSERT.exec(s.sql);
  if (m === null) return undefined;
  const arity = s.binds.length;
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const ps: string[] = [];
    for (let i = 1; i <= arity; i++) ps.push(`$${r * arity + i}`);
    tuples.push(`(${ps.join(', ')})`);
  }
  return `${m[1]}${tuples.join(', ')}${m[3] ?? ''}`;
}

/** Multi-row texts by statement and row count (a batch's chunks come in few sizes). */
const bulkTexts = new WeakMap<Statement, Map<number, string | undefined>>();

function bulkText(s: Statement, rows: number): string | undefined {
  let bySize = bulkTexts.get(s);
  if (bySize === undefined) {
    bySize = new Map();
    bulkTexts.set(s, bySize);
  }
  if (!bySize.has(rows)) bySize.set(rows, bulkInsertText(s, rows));
  return bySize.get(rows);
}

const toBind = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** Writes a command's rows one statement per row; `progress.row` follows the row being written. */
async function writeRows(
  tx: PostgresTransaction,
  writer: BatchCommandWriter<unknown>,
  rows: readonly unknown[],
  progress: { row: number },
): Promise<void> {
  for (let i = 0; i < rows.length; i++) {
    progress.row = i;
    await runShared(tx, writer.statement, writer.args(rows[i]), 'applyBatch');
  }
}

/** Writes a command's rows as multi-row INSERTs where its statement allows; false when it does not. */
async function writeBulk(
  tx: PostgresTransaction,
  writer: BatchCommandWriter<unknown>,
  rows: readonly unknown[],
): Promise<boolean> {
  const s = writer.statement.for(POSTGRES_DIALECT);
  if (rows.length < 2 || bulkText(s, 1) === undefined) return false;
  const arity = Math.max(s.binds.length, 1);
  const chunk = Math.min(MAX_BULK_ROWS, Math.floor(MAX_PARAMETERS / arity));
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const values: unknown[] = [];
    for (const row of part) for (const v of writer.args(row)) values.push(toBind(v));
    await tx.execute(bulkText(s, part.length)!, values);
  }
  return true;
}

/** A failure that ends the whole transaction (retried or reported by the pool), not one command. */
function endsTransaction(error: unknown): boolean {
  return isRetryable(error) || isConnectionLost(error);
}

/**
 * Applies `commands` in order inside the transaction `tx`, each in a savepoint of its own: a failing
 * command is rolled back alone and reported (with the row that failed), the others stay. A command
 * without a shared writer yet fails alone with `NOT_SUPPORTED`. Throws only what ends the transaction
 * (a lost server, a serialization failure or deadlock, which the pool retries whole).
 */
export async function applyBatch(
  tx: PostgresTransaction,
  commands: readonly BatchCommand[],
): Promise<BatchApplyResult> {
  const stats: Partial<MutableWriteStats> = {};
  const failures: BatchCommandFailure[] = [];
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index]!;
    const writer = BATCH_WRITERS[command.type] as BatchCommandWriter<unknown> | undefined;
    if (writer === undefined) {
      failures.push({
        index,
        command: command.type,
        error: new StorageError(
          'NOT_SUPPORTED',
          `batch command ${command.type} (command ${index}) is not supported on PostgreSQL yet: its writer has not moved to @drift/storage-traits/queries (BATCH_WRITERS); the command was rolled back on its own`,
          { operation: 'applyBatch', command: command.type },
        ),
      });
      continue;
    }
    const rows = command.rows as readonly unknown[];
    const progress = { row: 0 };
    await tx.query('savepoint drift_command');
    try {
      let bulk = false;
      try {
        bulk = await writeBulk(tx, writer, rows);
      } catch (error) {
        if (endsTransaction(error)) throw error;
        // Find the row that broke the bulk insert: the same rows one by one report it.
        await tx.query('rollback to savepoint drift_command');
      }
      if (!bulk) await writeRows(tx, writer, rows, progress);
      await tx.query('release savepoint drift_command');
    } catch (error) {
      if (endsTransaction(error)) throw error;
      await tx.query('rollback to savepoint drift_command');
      await tx.query('release savepoint drift_command');
      failures.push({
        index,
        command: command.type,
        error: batchCommandError(error, command, index, progress.row, postgresStorageError),
      });
      continue;
    }
    const key = BATCH_COMMANDS[command.type];
    stats[key] = (stats[key] ?? 0) + rows.length;
  }
  stats.flushes = 1;
  return { stats, failures };
}

/** The error a flush throws for the failures it reports: one line per failed command. */
function failureReport(failures: readonly BatchCommandFailure[], operation: string): StorageError {
  const first = failures[0]!;
  const lines = failures.map((f) => `  ${f.command}: ${f.error.message}`);
  return new StorageError(
    first.error.code,
    `${operation}: ${failures.length} batch command(s) failed and were rolled back; the others were committed:\n${lines.join('\n')}`,
    { operation, command: first.command, cause: failures.length === 1 ? first.error : failures },
  );
}

/**
 * The engine's batch writer: commands queue without running SQL on the caller's stack and are applied
 * by `apply` (one transaction per batch) after `batchSize` rows or `flushTimeoutMs`, whichever comes
 * first, one batch at a time and in the order sent; `flushSync` waits for everything sent before it and
 * reports the failures since the last report. The reference's limits by default (500 rows, 100 ms,
 * 1024 commands).
 */
export class PostgresBatchQueue {
  readonly #apply: (commands: readonly BatchCommand[]) => Promise<BatchApplyResult>;
  readonly #batchSize: number;
  readonly #flushTimeoutMs: number;
  readonly #capacity: number;
  #queue: BatchCommand[] = [];
  #queuedRows = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> = Promise.resolve();
  #failures: BatchCommandFailure[] = [];
  readonly #stats: MutableWriteStats = emptyWriteStats();
  #stopped = false;

  constructor(
    apply: (commands: readonly BatchCommand[]) => Promise<BatchApplyResult>,
    options: BatchWriterOptions = {},
  ) {
    this.#apply = apply;
    this.#batchSize = options.batchSize ?? 500;
    this.#flushTimeoutMs = options.flushTimeoutMs ?? 100;
    this.#capacity = options.queueCapacity ?? 1024;
  }

  /** Queues a checked snapshot of `command` (`INVALID_INPUT` when malformed, `BUSY` when full, `CLOSED` after shutdown). */
  send(command: unknown, operation: string): void {
    if (this.#stopped) {
      throw new StorageError('CLOSED', `${operation} failed: the batch writer was shut down`, { operation });
    }
    const checked = validateBatchCommand(command, operation);
    if (this.#queue.length >= this.#capacity) {
      throw new StorageError(
        'BUSY',
        `${operation} failed: the batch queue holds ${this.#capacity} commands; await flushSync() and send again`,
        { operation },
      );
    }
    this.#queue.push(checked);
    this.#queuedRows += Math.max(checked.rows.length, 1);
    if (this.#queuedRows >= this.#batchSize) this.#start();
    else this.#timer ??= setTimeout(() => this.#start(), this.#flushTimeoutMs);
  }

  /** Starts applying what is queued now; failures stay for the next {@link PostgresBatchQueue.flushSync}. */
  #start(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#queue.length === 0) return this.#running;
    const batch = this.#queue;
    this.#queue = [];
    this.#queuedRows = 0;
    this.#running = this.#running.then(() => this.#applyOne(batch));
    return this.#running;
  }

  async #applyOne(batch: readonly BatchCommand[]): Promise<void> {
    try {
      const result = await this.#apply(batch);
      addWriteStats(this.#stats, result.stats);
      this.#stats.failedCommands += result.failures.length;
      this.#failures.push(...result.failures);
    } catch (raw) {
      // The batch as a whole was not committed: every command is reported, none silently dropped.
      const error = isStorageError(raw)
        ? raw
        : new StorageError('SQLITE_ERROR', `the batch could not be committed: ${String(raw)}`, {
            cause: raw,
          });
      batch.forEach((command, index) => {
        this.#failures.push({ index, command: command.type, error });
      });
      this.#stats.failedCommands += batch.length;
    }
  }

  /** Asks for what is queued to be applied soon, without waiting. */
  requestFlush(): void {
    void this.#start();
  }

  /** Applies everything sent before the call, then answers the counters or throws the pending failures. */
  async flushSync(operation: string): Promise<WriteStats> {
    await this.#start();
    if (this.#failures.length > 0) {
      const failures = this.#failures;
      this.#failures = [];
      throw failureReport(failures, operation);
    }
    return { ...this.#stats };
  }

  /** The counters so far. */
  stats(): WriteStats {
    return { ...this.#stats };
  }

  /** Applies everything queued, then refuses later sends; answers the final counters. */
  async shutdown(): Promise<WriteStats> {
    this.#stopped = true;
    await this.#start();
    return { ...this.#stats };
  }
}
