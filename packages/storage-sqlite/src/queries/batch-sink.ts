import {
  BATCH_COMMANDS,
  type BatchApplyResult,
  type BatchCommand,
  type BatchCommandFailure,
  type BatchCommandRows,
  type BatchCommandType,
  type MutableWriteStats,
  StorageError,
} from '@drift/storage-traits';
import { BATCH_WRITERS } from '@drift/storage-traits/queries';
import { sqliteStorageError } from '@drift/storage-traits/sqlite';
import { type AnyStatement, sqliteStatement, type WriteExecutor } from '../statements.js';
import { BOUNDARY_INSERT } from './boundaries.js';
import { CALL_EDGE_REPLACE } from './call-edges.js';
import { CONSTANT_INSERT } from './constants.js';
import { CONTRACT_MISMATCH_INSERT, CONTRACT_REPLACE } from './contracts.js';
import { COUPLING_CYCLE_INSERT, COUPLING_METRICS_REPLACE } from './coupling.js';
import { DATA_ACCESS_INSERT } from './data-access.js';
import { DETECTION_INSERT } from './detections.js';
import { DECOMPOSITION_DECISION_INSERT, DNA_GENE_REPLACE, DNA_MUTATION_REPLACE } from './dna.js';
import { DEGRADATION_ALERT_INSERT, GATE_RESULT_INSERT, VIOLATION_REPLACE } from './enforcement.js';
import { ENV_VARIABLE_INSERT } from './env-variables.js';
import { FUNCTION_REPLACE } from './functions.js';
import { CRYPTO_FINDING_INSERT, OWASP_FINDING_REPLACE, SECRET_INSERT } from './security.js';
import { WRAPPER_INSERT } from './wrappers.js';

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

/** How one command is written: its statement and the arguments of one row, in placeholder order. */
interface CommandWriter<R> {
  readonly statement: AnyStatement;
  readonly args: (row: R) => readonly unknown[];
}

type CommandWriters = { readonly [T in BatchCommandType]: CommandWriter<BatchCommandRows[T]> };

/** A command writer whose row mapper the compiler checks against the statement's arguments. */
function writer<R, A extends readonly unknown[]>(
  statement: AnyStatement<unknown, A>,
  args: (row: R) => A,
): CommandWriter<R> {
  return { statement, args };
}

// ─── Command table ───────────────────────────────────────────────────────────────────────────────

const WRITERS: CommandWriters = {
  UpsertFileMetadata: BATCH_WRITERS.UpsertFileMetadata!,
  InsertParseCache: BATCH_WRITERS.InsertParseCache!,
  InsertFunctions: FUNCTION_REPLACE,
  DeleteFileMetadata: BATCH_WRITERS.DeleteFileMetadata!,
  InsertCallEdges: CALL_EDGE_REPLACE,
  InsertDetections: DETECTION_INSERT,
  InsertBoundaries: BOUNDARY_INSERT,
  InsertPatternConfidence: BATCH_WRITERS.InsertPatternConfidence!,
  InsertOutliers: BATCH_WRITERS.InsertOutliers!,
  InsertConventions: BATCH_WRITERS.InsertConventions!,
  InsertScanHistory: BATCH_WRITERS.InsertScanHistory!,
  InsertDataAccess: DATA_ACCESS_INSERT,
  InsertReachabilityCache: BATCH_WRITERS.InsertReachabilityCache!,
  InsertTaintFlows: BATCH_WRITERS.InsertTaintFlows!,
  InsertErrorGaps: BATCH_WRITERS.InsertErrorGaps!,
  InsertImpactScores: BATCH_WRITERS.InsertImpactScores!,
  InsertTestQuality: BATCH_WRITERS.InsertTestQuality!,
  InsertCouplingMetrics: COUPLING_METRICS_REPLACE,
  InsertCouplingCycles: writer(COUPLING_CYCLE_INSERT, (r) => [r.members, r.breakSuggestions] as const),
  // The batch row names the column `columnNum` (the trait row `column`).
  InsertViolations: writer(VIOLATION_REPLACE.statement, (r) =>
    VIOLATION_REPLACE.args({ ...r, column: r.columnNum }),
  ),
  InsertGateResults: GATE_RESULT_INSERT,
  InsertDegradationAlerts: DEGRADATION_ALERT_INSERT,
  InsertWrappers: WRAPPER_INSERT,
  InsertCryptoFindings: CRYPTO_FINDING_INSERT,
  InsertDnaGenes: DNA_GENE_REPLACE,
  // The reference writes a mutation as new and unresolved, also over an existing one.
  InsertDnaMutations: {
    statement: DNA_MUTATION_REPLACE.statement,
    args: (r) => DNA_MUTATION_REPLACE.args({ ...r, resolved: false, resolvedAt: null }),
  },
  InsertSecrets: SECRET_INSERT,
  InsertConstants: CONSTANT_INSERT,
  InsertEnvVariables: ENV_VARIABLE_INSERT,
  InsertOwaspFindings: OWASP_FINDING_REPLACE,
  InsertDecompositionDecisions: DECOMPOSITION_DECISION_INSERT,
  InsertContracts: CONTRACT_REPLACE,
  InsertContractMismatches: CONTRACT_MISMATCH_INSERT,
};

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
  const writer: CommandWriter<BatchCommandRows[T]> = WRITERS[type];
  const run = w.runner(writer.statement);
  const { args } = writer;
  for (let i = 0; i < rows.length; i++) {
    progress.row = i;
    run(args(rows[i]!));
  }
}

/** The error recorded for a failed command: the driver error's code, naming the command, its position and row. */
function commandError(error: unknown, command: BatchCommand, index: number, row: number): StorageError {
  const total = Array.isArray(command.rows) ? command.rows.length : 0;
  const where =
    total > 1
      ? `batch command ${command.type} (command ${index}, row ${row} of ${total})`
      : `batch command ${command.type} (command ${index})`;
  const converted = sqliteStorageError(error, where);
  return new StorageError(converted.code, `${converted.message}; the command was rolled back on its own`, {
    cause: error,
    operation: 'applyBatch',
    command: command.type,
  });
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
          error: commandError(error, command, index, progress.row),
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
