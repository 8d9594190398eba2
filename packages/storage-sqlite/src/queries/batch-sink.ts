import {
  BATCH_COMMAND_STATS_KEY,
  type BatchApplyResult,
  type BatchCommand,
  type BatchCommandFailure,
  type BatchCommandRows,
  type BatchCommandType,
  type MutableWriteStats,
  StorageError,
} from '@drift/storage-traits';
import { sqliteStorageError } from '@drift/storage-traits/sqlite';
import { arg, qb, replaceInto, type Statement, statement, type WriteExecutor } from '../statements.js';
import { bit } from './bind.js';
import { BOUNDARY_INSERT, boundaryArgs } from './boundaries.js';
import { CALL_EDGE_REPLACE, callEdgeArgs } from './call-edges.js';
import { CONSTANT_INSERT, constantArgs } from './constants.js';
import {
  CONTRACT_MISMATCH_INSERT,
  CONTRACT_REPLACE,
  contractArgs,
  contractMismatchArgs,
} from './contracts.js';
import { COUPLING_CYCLE_INSERT, COUPLING_METRICS_REPLACE, couplingMetricsArgs } from './coupling.js';
import { DATA_ACCESS_INSERT, dataAccessArgs } from './data-access.js';
import { DETECTION_INSERT, detectionArgs } from './detections.js';
import {
  DECOMPOSITION_DECISION_INSERT,
  DNA_GENE_REPLACE,
  DNA_MUTATION_REPLACE,
  decompositionDecisionArgs,
  dnaGeneArgs,
  dnaMutationArgs,
} from './dna.js';
import {
  DEGRADATION_ALERT_INSERT,
  degradationAlertArgs,
  GATE_RESULT_INSERT,
  gateResultArgs,
  VIOLATION_REPLACE,
} from './enforcement.js';
import { ENV_VARIABLE_INSERT, envVariableArgs } from './env-variables.js';
import { PARSE_CACHE_REPLACE } from './files.js';
import { FUNCTION_REPLACE } from './functions.js';
import {
  ERROR_GAP_INSERT,
  errorGapArgs,
  IMPACT_SCORE_REPLACE,
  impactScoreArgs,
  REACHABILITY_REPLACE,
  reachabilityArgs,
  TAINT_FLOW_INSERT,
  TEST_QUALITY_REPLACE,
  taintFlowArgs,
  testQualityArgs,
} from './graph.js';
import { CONVENTION_INSERT, conventionArgs, OUTLIER_INSERT, outlierArgs } from './patterns.js';
import { SCAN_START_INSERT } from './scan-history.js';
import {
  CRYPTO_FINDING_INSERT,
  cryptoFindingArgs,
  OWASP_FINDING_REPLACE,
  owaspFindingArgs,
  SECRET_INSERT,
  secretArgs,
} from './security.js';
import { WRAPPER_INSERT, wrapperArgs } from './wrappers.js';

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
  readonly statement: Statement;
  readonly args: (row: R) => readonly unknown[];
}

type CommandWriters = { readonly [T in BatchCommandType]: CommandWriter<BatchCommandRows[T]> };

// ─── Statements of the batch alone ───────────────────────────────────────────────────────────────

// No trait method writes file metadata: the scanner's facts arrive only through the batch.
const REPLACE_FILE_METADATA = statement(
  replaceInto('file_metadata').values({
    path: arg(0),
    language: arg(1),
    file_size: arg(2),
    content_hash: arg(3),
    mtime_secs: arg(4),
    mtime_nanos: arg(5),
    last_scanned_at: arg(6),
    scan_duration_us: arg(7),
  }),
);

const DELETE_FILE_METADATA = statement(qb.deleteFrom('file_metadata').where('path', '=', arg(0)));

// Unlike patterns.ts (the trait's upsert, ON CONFLICT DO UPDATE with the caller's `last_updated`),
// the batch command replaces the row and leaves `last_updated` to its DEFAULT, as the reference does.
const REPLACE_PATTERN_CONFIDENCE = statement(
  replaceInto('pattern_confidence').values({
    pattern_id: arg(0),
    alpha: arg(1),
    beta: arg(2),
    posterior_mean: arg(3),
    credible_interval_low: arg(4),
    credible_interval_high: arg(5),
    tier: arg(6),
    momentum: arg(7),
  }),
);

// ─── Command table ───────────────────────────────────────────────────────────────────────────────

const WRITERS: CommandWriters = {
  UpsertFileMetadata: {
    statement: REPLACE_FILE_METADATA,
    args: (r) => [
      r.path,
      r.language,
      r.fileSize,
      r.contentHash,
      r.mtimeSecs,
      r.mtimeNanos,
      r.lastScannedAt,
      r.scanDurationUs,
    ],
  },
  InsertParseCache: {
    statement: PARSE_CACHE_REPLACE,
    args: (r) => [r.contentHash, r.language, r.parseResultJson, r.createdAt],
  },
  InsertFunctions: FUNCTION_REPLACE,
  DeleteFileMetadata: { statement: DELETE_FILE_METADATA, args: (path) => [path] },
  InsertCallEdges: { statement: CALL_EDGE_REPLACE, args: callEdgeArgs },
  InsertDetections: { statement: DETECTION_INSERT, args: detectionArgs },
  InsertBoundaries: { statement: BOUNDARY_INSERT, args: boundaryArgs },
  InsertPatternConfidence: {
    statement: REPLACE_PATTERN_CONFIDENCE,
    args: (r) => [
      r.patternId,
      r.alpha,
      r.beta,
      r.posteriorMean,
      r.credibleIntervalLow,
      r.credibleIntervalHigh,
      r.tier,
      r.momentum,
    ],
  },
  InsertOutliers: { statement: OUTLIER_INSERT, args: outlierArgs },
  InsertConventions: { statement: CONVENTION_INSERT, args: conventionArgs },
  InsertScanHistory: { statement: SCAN_START_INSERT, args: (r) => [r.startedAt, r.rootPath] },
  InsertDataAccess: { statement: DATA_ACCESS_INSERT, args: dataAccessArgs },
  InsertReachabilityCache: { statement: REACHABILITY_REPLACE, args: reachabilityArgs },
  InsertTaintFlows: { statement: TAINT_FLOW_INSERT, args: taintFlowArgs },
  InsertErrorGaps: { statement: ERROR_GAP_INSERT, args: errorGapArgs },
  InsertImpactScores: { statement: IMPACT_SCORE_REPLACE, args: impactScoreArgs },
  InsertTestQuality: { statement: TEST_QUALITY_REPLACE, args: testQualityArgs },
  InsertCouplingMetrics: { statement: COUPLING_METRICS_REPLACE, args: couplingMetricsArgs },
  InsertCouplingCycles: { statement: COUPLING_CYCLE_INSERT, args: (r) => [r.members, r.breakSuggestions] },
  // The batch row names the column `columnNum` (the trait row `column`), so only the statement is shared.
  InsertViolations: {
    statement: VIOLATION_REPLACE,
    args: (r) => [
      r.id,
      r.file,
      r.line,
      r.columnNum,
      r.endLine,
      r.endColumn,
      r.severity,
      r.patternId,
      r.ruleId,
      r.message,
      r.quickFixStrategy,
      r.quickFixDescription,
      r.cweId,
      r.owaspCategory,
      bit(r.suppressed),
      bit(r.isNew),
    ],
  },
  InsertGateResults: { statement: GATE_RESULT_INSERT, args: gateResultArgs },
  InsertDegradationAlerts: { statement: DEGRADATION_ALERT_INSERT, args: degradationAlertArgs },
  InsertWrappers: { statement: WRAPPER_INSERT, args: wrapperArgs },
  InsertCryptoFindings: { statement: CRYPTO_FINDING_INSERT, args: cryptoFindingArgs },
  InsertDnaGenes: { statement: DNA_GENE_REPLACE, args: dnaGeneArgs },
  // The reference writes a mutation as new and unresolved, also over an existing one.
  InsertDnaMutations: { statement: DNA_MUTATION_REPLACE, args: (r) => dnaMutationArgs(r, false, null) },
  InsertSecrets: { statement: SECRET_INSERT, args: secretArgs },
  InsertConstants: { statement: CONSTANT_INSERT, args: constantArgs },
  InsertEnvVariables: { statement: ENV_VARIABLE_INSERT, args: envVariableArgs },
  InsertOwaspFindings: { statement: OWASP_FINDING_REPLACE, args: owaspFindingArgs },
  InsertDecompositionDecisions: { statement: DECOMPOSITION_DECISION_INSERT, args: decompositionDecisionArgs },
  InsertContracts: { statement: CONTRACT_REPLACE, args: contractArgs },
  InsertContractMismatches: { statement: CONTRACT_MISMATCH_INSERT, args: contractMismatchArgs },
};

// The runner binds a row's arguments as they are, so each statement (shared ones included) must bind
// exactly its arguments, in order, and no constant.
for (const [type, writer] of Object.entries(WRITERS)) {
  if (!writer.statement.direct) throw new Error(`the statement of batch command ${type} binds a constant`);
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
      const key = BATCH_COMMAND_STATS_KEY[command.type];
      stats[key] = (stats[key] ?? 0) + command.rows.length;
    }
  });
  stats.flushes = 1;
  return { stats, failures };
}
