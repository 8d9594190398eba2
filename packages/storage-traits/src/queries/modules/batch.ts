import type { BatchCommandRows, BatchCommandType } from '../../index.js';
import { fileMetadata, patternConfidence } from '../../schema/index.js';
import { insertStatement } from '../database.js';
import { type SharedStatement, sharedStatement } from '../statement.js';
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
import { PARSE_CACHE_REPLACE } from './files.js';
import { FUNCTION_REPLACE } from './functions.js';
import {
  ERROR_GAP_INSERT,
  IMPACT_SCORE_REPLACE,
  REACHABILITY_REPLACE,
  TAINT_FLOW_INSERT,
  TEST_QUALITY_REPLACE,
} from './graph.js';
import { CONVENTION_INSERT, OUTLIER_INSERT } from './patterns.js';
import { SCAN_START_INSERT } from './scan-history.js';
import { CRYPTO_FINDING_INSERT, OWASP_FINDING_REPLACE, SECRET_INSERT } from './security.js';
import { WRAPPER_INSERT } from './wrappers.js';

// The batch commands as statements: for each command, the statement that writes one of its rows and
// the arguments of a row. An engine's batch sink runs them (SQLite: a prepared loop in a savepoint per
// command; PostgreSQL: the same rows, possibly as one bulk statement).

/** How one command's rows are written: its statement and the arguments of one row, in placeholder order. */
export interface BatchCommandWriter<R> {
  readonly statement: SharedStatement;
  readonly args: (row: R) => readonly unknown[];
}

/** The writer of every batch command, by command type. */
export type BatchWriters = { readonly [T in BatchCommandType]: BatchCommandWriter<BatchCommandRows[T]> };

/** A command writer whose row mapper the compiler checks against the statement's arguments. */
export function batchWriter<R, A extends readonly unknown[]>(
  statement: SharedStatement<unknown, A>,
  args: (row: R) => A,
): BatchCommandWriter<R> {
  return { statement, args };
}

// ─── Statements of the batch alone ───────────────────────────────────────────────────────────────

// No trait method writes file metadata: the scanner's facts arrive only through the batch.
const REPLACE_FILE_METADATA = insertStatement(fileMetadata, {
  mode: 'replace',
  fields: [
    'path',
    'language',
    'fileSize',
    'contentHash',
    'mtimeSecs',
    'mtimeNanos',
    'lastScannedAt',
    'scanDurationUs',
  ],
});

const DELETE_FILE_METADATA = sharedStatement((d, path: string) =>
  d.db.deleteFrom('file_metadata').where('path', '=', path),
);

// Unlike the trait's upsert (ON CONFLICT DO UPDATE with the caller's `last_updated`), the batch
// command replaces the row and leaves `last_updated` to its DEFAULT, as the reference does.
const REPLACE_PATTERN_CONFIDENCE = insertStatement(patternConfidence, {
  mode: 'replace',
  fields: [
    'patternId',
    'alpha',
    'beta',
    'posteriorMean',
    'credibleIntervalLow',
    'credibleIntervalHigh',
    'tier',
    'momentum',
  ],
});

/** The writer of every batch command, by command type (the engines' batch sinks run them). */
export const BATCH_WRITERS: BatchWriters = {
  UpsertFileMetadata: REPLACE_FILE_METADATA,
  InsertParseCache: PARSE_CACHE_REPLACE,
  DeleteFileMetadata: batchWriter(DELETE_FILE_METADATA, (path: string) => [path] as const),
  InsertPatternConfidence: REPLACE_PATTERN_CONFIDENCE,

  // Group A (conv-a): entries below this line.
  InsertFunctions: FUNCTION_REPLACE,
  InsertCallEdges: CALL_EDGE_REPLACE,
  InsertDetections: DETECTION_INSERT,
  InsertBoundaries: BOUNDARY_INSERT,
  InsertDataAccess: DATA_ACCESS_INSERT,
  InsertCouplingMetrics: COUPLING_METRICS_REPLACE,
  InsertCouplingCycles: batchWriter(COUPLING_CYCLE_INSERT, (r) => [r.members, r.breakSuggestions] as const),
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

  // Group B (conv-b): entries below this line.
  InsertOutliers: OUTLIER_INSERT,
  InsertConventions: CONVENTION_INSERT,
  InsertReachabilityCache: REACHABILITY_REPLACE,
  InsertTaintFlows: TAINT_FLOW_INSERT,
  InsertErrorGaps: ERROR_GAP_INSERT,
  InsertImpactScores: IMPACT_SCORE_REPLACE,
  InsertTestQuality: TEST_QUALITY_REPLACE,
  InsertScanHistory: batchWriter(SCAN_START_INSERT, (r) => [r.startedAt, r.rootPath] as const),

  // Group C (conv-c): entries below this line.
  // The batch row names the column `columnNum` (the trait row `column`).
  InsertViolations: batchWriter(VIOLATION_REPLACE.statement, (r: BatchCommandRows['InsertViolations']) =>
    VIOLATION_REPLACE.args({ ...r, column: r.columnNum }),
  ),
  InsertGateResults: GATE_RESULT_INSERT,
  InsertDegradationAlerts: DEGRADATION_ALERT_INSERT,
};
