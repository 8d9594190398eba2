import type {
  BoundaryRow,
  CallEdgeRow,
  ConventionRow,
  DetectionRow,
  FunctionRow,
  OutlierRow,
  PatternConfidenceRow,
  ScanHistoryRow,
} from './drift-analysis.js';
import type { WriteStats } from './drift-batch.js';
import type { DegradationAlertRow, GateResultRow, ViolationRow } from './drift-enforcement.js';
import type { FileMetadataRow, ParseCacheRow } from './drift-files.js';
import type {
  ConstantRow,
  ContractMismatchRow,
  ContractRow,
  CouplingCycleRow,
  CouplingMetricsRow,
  CryptoFindingRow,
  DataAccessRow,
  DecompositionDecisionRow,
  DnaGeneRow,
  DnaMutationRow,
  EnvVariableRow,
  ErrorGapRow,
  ImpactScoreRow,
  OwaspFindingRow,
  ReachabilityCacheRow,
  SecretRow,
  TaintFlowRow,
  TestQualityRow,
  WrapperRow,
} from './drift-structural.js';

// ─── Row types carried by batch commands ────────────────────────────────────────────────────────
// Where the reference's batch row equals a trait row less its store-assigned columns, the type is
// derived from the trait row so the two cannot drift apart.

/** `UpsertFileMetadata` row: scanner facts. Like the reference, the row is replaced, so counters reset to 0. */
export type FileMetadataInsertRow = Omit<
  FileMetadataRow,
  'patternCount' | 'functionCount' | 'errorCount' | 'error'
>;
/** `InsertFunctions` row: a function without its id; both hashes are required. */
export type FunctionInsertRow = Omit<FunctionRow, 'id' | 'bodyHash' | 'signatureHash'> & {
  /** {@link FunctionRow.bodyHash}, required: the batch stores no function without it. */
  readonly bodyHash: Uint8Array;
  /** {@link FunctionRow.signatureHash}, required for the same reason as `bodyHash`. */
  readonly signatureHash: Uint8Array;
};
/**
 * A {@link DetectionRow} less `id` and `createdAt` (the store assigns both): `InsertDetections` and
 * `insertDetections` take it.
 */
export type DetectionInsertRow = Omit<DetectionRow, 'id' | 'createdAt'>;
/**
 * A {@link BoundaryRow} less `id` and `createdAt` (the store assigns both): `InsertBoundaries` and
 * `insertBoundaries` take it.
 */
export type BoundaryInsertRow = Omit<BoundaryRow, 'id' | 'createdAt'>;
/** `InsertPatternConfidence` row (the store stamps `lastUpdated`). */
export type PatternConfidenceInsertRow = Omit<PatternConfidenceRow, 'lastUpdated'>;
/**
 * An {@link OutlierRow} less `id` and `createdAt` (the store assigns both): `InsertOutliers` and
 * `insertOutlier` take it.
 */
export type OutlierInsertRow = Omit<OutlierRow, 'id' | 'createdAt'>;
/**
 * A {@link ConventionRow} less `id` (the store assigns it): `InsertConventions` and `insertConvention` take
 * it.
 */
export type ConventionInsertRow = Omit<ConventionRow, 'id'>;
/** The `InsertScanHistory` row: only the start time and root path; the store sets `status` to `running`. */
export type ScanHistoryInsertRow = Pick<ScanHistoryRow, 'startedAt' | 'rootPath'>;
/** A {@link DataAccessRow} less `id` (the table has none): the `InsertDataAccess` row. */
export type DataAccessInsertRow = Omit<DataAccessRow, 'id'>;
/**
 * A {@link TaintFlowRow} less `id` (the store assigns it; `created_at` is the database's default): the
 * `InsertTaintFlows` row.
 */
export type TaintFlowInsertRow = Omit<TaintFlowRow, 'id'>;
/** An {@link ErrorGapRow} less `id` (the store assigns it): the `InsertErrorGaps` row. */
export type ErrorGapInsertRow = Omit<ErrorGapRow, 'id'>;
/**
 * The `InsertImpactScores` row: exactly an {@link ImpactScoreRow} (keyed by `functionId`, nothing
 * store-assigned).
 */
export type ImpactScoreInsertRow = ImpactScoreRow;
/** The `InsertTestQuality` row: exactly a {@link TestQualityRow} (keyed by `functionId`). */
export type TestQualityInsertRow = TestQualityRow;
/**
 * The `InsertCouplingMetrics` row: exactly a {@link CouplingMetricsRow} (keyed by `module`; `updated_at` is
 * the database's).
 */
export type CouplingMetricInsertRow = CouplingMetricsRow;
/**
 * The `InsertCouplingCycles` row: members and break suggestions only (the store assigns `id` and
 * `createdAt`).
 */
export type CouplingCycleInsertRow = Pick<CouplingCycleRow, 'members' | 'breakSuggestions'>;
/** `InsertViolations` row (the column is named `columnNum` here, as in the reference's batch row). */
export type ViolationInsertRow = Omit<ViolationRow, 'column'> & {
  /** Column of the start: the trait row's `column` (table column `column_num`); null when unknown. */
  readonly columnNum: number | null;
};
/** `InsertGateResults` row (the store stamps `runAt`). */
export type GateResultInsertRow = Omit<GateResultRow, 'runAt'>;
/**
 * A {@link DegradationAlertRow} less `id` and `createdAt` (the store assigns both): the
 * `InsertDegradationAlerts` row.
 */
export type DegradationAlertInsertRow = Omit<DegradationAlertRow, 'id' | 'createdAt'>;
/** A {@link WrapperRow} less `id` (the store assigns it): the `InsertWrappers` row. */
export type WrapperInsertRow = Omit<WrapperRow, 'id'>;
/** A {@link CryptoFindingRow} less `id` (the store assigns it): the `InsertCryptoFindings` row. */
export type CryptoFindingInsertRow = Omit<CryptoFindingRow, 'id'>;
/**
 * The `InsertDnaGenes` row: exactly a {@link DnaGeneRow} (keyed by `geneId`; `updated_at` is the database's).
 */
export type DnaGeneInsertRow = DnaGeneRow;
/** `InsertDnaMutations` row: a new, unresolved mutation. */
export type DnaMutationInsertRow = Omit<DnaMutationRow, 'resolved' | 'resolvedAt'>;
/** A {@link SecretRow} less `id` (the store assigns it): the `InsertSecrets` row. */
export type SecretInsertRow = Omit<SecretRow, 'id'>;
/** A {@link ConstantRow} less `id` and `createdAt` (the store assigns both): the `InsertConstants` row. */
export type ConstantInsertRow = Omit<ConstantRow, 'id' | 'createdAt'>;
/**
 * An {@link EnvVariableRow} less `id` and `createdAt` (the store assigns both): the `InsertEnvVariables` row.
 */
export type EnvVariableInsertRow = Omit<EnvVariableRow, 'id' | 'createdAt'>;
/**
 * The `InsertOwaspFindings` row: exactly an {@link OwaspFindingRow} (keyed by `id`, which the caller
 * chooses).
 */
export type OwaspFindingInsertRow = OwaspFindingRow;
/**
 * A {@link DecompositionDecisionRow} less `id` (the store assigns it): the `InsertDecompositionDecisions`
 * row.
 */
export type DecompositionDecisionInsertRow = Omit<DecompositionDecisionRow, 'id'>;
/** The `InsertContracts` row: exactly a {@link ContractRow} (keyed by `id`, which the caller chooses). */
export type ContractInsertRow = ContractRow;
/**
 * A {@link ContractMismatchRow} less `id` and `createdAt` (the store assigns both): the
 * `InsertContractMismatches` row.
 */
export type ContractMismatchInsertRow = Omit<ContractMismatchRow, 'id' | 'createdAt'>;

/** The row type carried by each batch command, keyed by command name. */
export interface BatchCommandRows {
  /** Inserts or replaces file metadata (a replaced row's counter caches and error reset). */
  UpsertFileMetadata: FileMetadataInsertRow;
  /** Replaces the entry with the same `contentHash`, or adds it (INSERT OR REPLACE). */
  InsertParseCache: ParseCacheRow;
  /** Inserts or replaces functions by (file, name, line); a replaced function gets a new id. */
  InsertFunctions: FunctionInsertRow;
  /**
   * Deletes the `file_metadata` row of each path (the rows are paths); rows of other tables that name the
   * path stay.
   */
  DeleteFileMetadata: string;
  /** Replaces the edge with the same caller, callee and call-site line, or adds it. */
  InsertCallEdges: CallEdgeRow;
  /** Appends detections: a plain insert (a row sent twice is stored twice). */
  InsertDetections: DetectionInsertRow;
  /** Appends boundaries: a plain insert (a row sent twice is stored twice). */
  InsertBoundaries: BoundaryInsertRow;
  /**
   * Replaces the row with the same `patternId` whole; `lastUpdated` starts over at the database's now
   * (`upsertConfidence` keeps the caller's).
   */
  InsertPatternConfidence: PatternConfidenceInsertRow;
  /** Appends outliers: a plain insert (a row sent twice is stored twice). */
  InsertOutliers: OutlierInsertRow;
  /** Appends conventions: a plain insert (a row sent twice is stored twice). */
  InsertConventions: ConventionInsertRow;
  /** Appends scan starts: a plain insert (a row sent twice is stored twice). */
  InsertScanHistory: ScanHistoryInsertRow;
  /**
   * Inserts data accesses; one with the same function, table, operation and line as a stored one is ignored.
   */
  InsertDataAccess: DataAccessInsertRow;
  /**
   * Replaces the entry with the same `sourceNode` and `direction` (its `computed_at` starts over), or adds
   * it.
   */
  InsertReachabilityCache: ReachabilityCacheRow;
  /** Appends taint flows: a plain insert (a row sent twice is stored twice). */
  InsertTaintFlows: TaintFlowInsertRow;
  /** Appends error gaps: a plain insert (a row sent twice is stored twice). */
  InsertErrorGaps: ErrorGapInsertRow;
  /** Replaces the score with the same `functionId` (its `updated_at` starts over), or adds it. */
  InsertImpactScores: ImpactScoreInsertRow;
  /** Replaces the row with the same `functionId` (its `updated_at` starts over), or adds it. */
  InsertTestQuality: TestQualityInsertRow;
  /** Replaces the metrics with the same `module` (its `updated_at` starts over), or adds them. */
  InsertCouplingMetrics: CouplingMetricInsertRow;
  /** Appends coupling cycles: a plain insert (a row sent twice is stored twice). */
  InsertCouplingCycles: CouplingCycleInsertRow;
  /** Replaces the violation with the same `id` whole (its `created_at` starts over), or adds it. */
  InsertViolations: ViolationInsertRow;
  /** Appends gate results: a plain insert (a row sent twice is stored twice). */
  InsertGateResults: GateResultInsertRow;
  /** Appends degradation alerts: a plain insert (a row sent twice is stored twice). */
  InsertDegradationAlerts: DegradationAlertInsertRow;
  /** Appends wrappers: a plain insert (a row sent twice is stored twice). */
  InsertWrappers: WrapperInsertRow;
  /** Appends crypto findings: a plain insert (a row sent twice is stored twice). */
  InsertCryptoFindings: CryptoFindingInsertRow;
  /** Replaces the gene with the same `geneId` (its `updated_at` starts over), or adds it. */
  InsertDnaGenes: DnaGeneInsertRow;
  /**
   * Writes each mutation as new and unresolved, replacing one with the same `id` (a recorded resolution is
   * lost), as the reference does.
   */
  InsertDnaMutations: DnaMutationInsertRow;
  /** Appends secrets: a plain insert (a row sent twice is stored twice). */
  InsertSecrets: SecretInsertRow;
  /** Appends constants, magic numbers included (`isNamed` false): a plain insert. */
  InsertConstants: ConstantInsertRow;
  /** Appends environment variable reads: a plain insert (a row sent twice is stored twice). */
  InsertEnvVariables: EnvVariableInsertRow;
  /** Replaces the finding with the same `id` (its `created_at` starts over), or adds it. */
  InsertOwaspFindings: OwaspFindingInsertRow;
  /** Appends decomposition decisions: a plain insert (a row sent twice is stored twice). */
  InsertDecompositionDecisions: DecompositionDecisionInsertRow;
  /** Replaces the contract with the same `id` (both timestamps start over), or adds it. */
  InsertContracts: ContractInsertRow;
  /** Appends contract mismatches: a plain insert (a row sent twice is stored twice). */
  InsertContractMismatches: ContractMismatchInsertRow;
}

/** The name of one of the 33 data commands. */
export type BatchCommandType = keyof BatchCommandRows;

/** One data command of a given type, carrying its rows. */
export type BatchCommandOf<T extends BatchCommandType> = {
  /** The command name (the discriminant). */
  readonly type: T;
  /** The rows to write, in order. */
  readonly rows: readonly BatchCommandRows[T][];
};

/** A batch write: a discriminated union of the reference's 33 data commands. */
export type BatchCommand = { [T in BatchCommandType]: BatchCommandOf<T> }[BatchCommandType];

/** Builds a typed batch command, e.g. `batchCommand('InsertDetections', rows)`. */
export function batchCommand<T extends BatchCommandType>(
  type: T,
  rows: readonly BatchCommandRows[T][],
): BatchCommandOf<T> {
  return { type, rows };
}

/**
 * The registry of the reference's 33 batch commands, in its order: each command's name, mapped to the
 * {@link WriteStats} counter its committed rows are added to. A name is a command exactly when it is a
 * key here (the codec and the sinks look commands up in it).
 */
export const BATCH_COMMANDS = {
  UpsertFileMetadata: 'fileMetadataRows',
  InsertParseCache: 'parseCacheRows',
  InsertFunctions: 'functionRows',
  DeleteFileMetadata: 'deletedFiles',
  InsertCallEdges: 'callEdgeRows',
  InsertDetections: 'detectionRows',
  InsertBoundaries: 'boundaryRows',
  InsertPatternConfidence: 'patternConfidenceRows',
  InsertOutliers: 'outlierRows',
  InsertConventions: 'conventionRows',
  InsertScanHistory: 'scanHistoryRows',
  InsertDataAccess: 'dataAccessRows',
  InsertReachabilityCache: 'reachabilityRows',
  InsertTaintFlows: 'taintFlowRows',
  InsertErrorGaps: 'errorGapRows',
  InsertImpactScores: 'impactScoreRows',
  InsertTestQuality: 'testQualityRows',
  InsertCouplingMetrics: 'couplingMetricRows',
  InsertCouplingCycles: 'couplingCycleRows',
  InsertViolations: 'violationRows',
  InsertGateResults: 'gateResultRows',
  InsertDegradationAlerts: 'degradationAlertRows',
  InsertWrappers: 'wrapperRows',
  InsertCryptoFindings: 'cryptoFindingRows',
  InsertDnaGenes: 'dnaGeneRows',
  InsertDnaMutations: 'dnaMutationRows',
  InsertSecrets: 'secretRows',
  InsertConstants: 'constantRows',
  InsertEnvVariables: 'envVariableRows',
  InsertOwaspFindings: 'owaspFindingRows',
  InsertDecompositionDecisions: 'decompositionDecisionRows',
  InsertContracts: 'contractRows',
  InsertContractMismatches: 'contractMismatchRows',
} as const satisfies { readonly [T in BatchCommandType]: keyof WriteStats };

/** The 33 command names, in the reference's order. */
export const BATCH_COMMAND_TYPES = Object.freeze(Object.keys(BATCH_COMMANDS)) as readonly BatchCommandType[];
