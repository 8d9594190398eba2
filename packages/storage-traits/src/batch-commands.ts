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
  /** {@link FunctionRow.signatureHash}, required likewise. */
  readonly signatureHash: Uint8Array;
};
/** `InsertDetections` row. */
export type DetectionInsertRow = Omit<DetectionRow, 'id' | 'createdAt'>;
/** `InsertBoundaries` row. */
export type BoundaryInsertRow = Omit<BoundaryRow, 'id' | 'createdAt'>;
/** `InsertPatternConfidence` row (the store stamps `lastUpdated`). */
export type PatternConfidenceInsertRow = Omit<PatternConfidenceRow, 'lastUpdated'>;
/** `InsertOutliers` row. */
export type OutlierInsertRow = Omit<OutlierRow, 'id' | 'createdAt'>;
/** `InsertConventions` row. */
export type ConventionInsertRow = Omit<ConventionRow, 'id'>;
/** `InsertScanHistory` row: the start of a scan. */
export type ScanHistoryInsertRow = Pick<ScanHistoryRow, 'startedAt' | 'rootPath'>;
/** `InsertDataAccess` row. */
export type DataAccessInsertRow = Omit<DataAccessRow, 'id'>;
/** `InsertTaintFlows` row. */
export type TaintFlowInsertRow = Omit<TaintFlowRow, 'id'>;
/** `InsertErrorGaps` row. */
export type ErrorGapInsertRow = Omit<ErrorGapRow, 'id'>;
/** `InsertImpactScores` row. */
export type ImpactScoreInsertRow = ImpactScoreRow;
/** `InsertTestQuality` row. */
export type TestQualityInsertRow = TestQualityRow;
/** `InsertCouplingMetrics` row. */
export type CouplingMetricInsertRow = CouplingMetricsRow;
/** `InsertCouplingCycles` row. */
export type CouplingCycleInsertRow = Pick<CouplingCycleRow, 'members' | 'breakSuggestions'>;
/** `InsertViolations` row (the column is named `columnNum` here, as in the reference's batch row). */
export type ViolationInsertRow = Omit<ViolationRow, 'column'> & {
  /** Column, when known. */
  readonly columnNum: number | null;
};
/** `InsertGateResults` row (the store stamps `runAt`). */
export type GateResultInsertRow = Omit<GateResultRow, 'runAt'>;
/** `InsertDegradationAlerts` row. */
export type DegradationAlertInsertRow = Omit<DegradationAlertRow, 'id' | 'createdAt'>;
/** `InsertWrappers` row. */
export type WrapperInsertRow = Omit<WrapperRow, 'id'>;
/** `InsertCryptoFindings` row. */
export type CryptoFindingInsertRow = Omit<CryptoFindingRow, 'id'>;
/** `InsertDnaGenes` row. */
export type DnaGeneInsertRow = DnaGeneRow;
/** `InsertDnaMutations` row: a new, unresolved mutation. */
export type DnaMutationInsertRow = Omit<DnaMutationRow, 'resolved' | 'resolvedAt'>;
/** `InsertSecrets` row. */
export type SecretInsertRow = Omit<SecretRow, 'id'>;
/** `InsertConstants` row. */
export type ConstantInsertRow = Omit<ConstantRow, 'id' | 'createdAt'>;
/** `InsertEnvVariables` row. */
export type EnvVariableInsertRow = Omit<EnvVariableRow, 'id' | 'createdAt'>;
/** `InsertOwaspFindings` row. */
export type OwaspFindingInsertRow = OwaspFindingRow;
/** `InsertDecompositionDecisions` row. */
export type DecompositionDecisionInsertRow = Omit<DecompositionDecisionRow, 'id'>;
/** `InsertContracts` row. */
export type ContractInsertRow = ContractRow;
/** `InsertContractMismatches` row. */
export type ContractMismatchInsertRow = Omit<ContractMismatchRow, 'id' | 'createdAt'>;

/** The row type carried by each batch command, keyed by command name. */
export interface BatchCommandRows {
  /** Inserts or replaces file metadata (a replaced row's counter caches and error reset). */
  UpsertFileMetadata: FileMetadataInsertRow;
  /** Inserts or replaces parse cache entries. */
  InsertParseCache: ParseCacheRow;
  /** Inserts or replaces functions by (file, name, line); a replaced function gets a new id. */
  InsertFunctions: FunctionInsertRow;
  /** Deletes the metadata of removed files; each row is a path. */
  DeleteFileMetadata: string;
  /** Inserts or replaces call edges. */
  InsertCallEdges: CallEdgeRow;
  /** Appends detections: a plain insert (a row sent twice is stored twice). */
  InsertDetections: DetectionInsertRow;
  /** Appends boundaries: a plain insert (a row sent twice is stored twice). */
  InsertBoundaries: BoundaryInsertRow;
  /** Inserts or updates pattern confidence. */
  InsertPatternConfidence: PatternConfidenceInsertRow;
  /** Appends outliers: a plain insert (a row sent twice is stored twice). */
  InsertOutliers: OutlierInsertRow;
  /** Appends conventions: a plain insert (a row sent twice is stored twice). */
  InsertConventions: ConventionInsertRow;
  /** Appends scan starts: a plain insert (a row sent twice is stored twice). */
  InsertScanHistory: ScanHistoryInsertRow;
  /** Inserts data accesses (duplicates ignored). */
  InsertDataAccess: DataAccessInsertRow;
  /** Inserts or replaces reachability cache entries. */
  InsertReachabilityCache: ReachabilityCacheRow;
  /** Appends taint flows: a plain insert (a row sent twice is stored twice). */
  InsertTaintFlows: TaintFlowInsertRow;
  /** Appends error gaps: a plain insert (a row sent twice is stored twice). */
  InsertErrorGaps: ErrorGapInsertRow;
  /** Inserts or replaces impact scores. */
  InsertImpactScores: ImpactScoreInsertRow;
  /** Inserts or replaces test quality. */
  InsertTestQuality: TestQualityInsertRow;
  /** Inserts or replaces coupling metrics. */
  InsertCouplingMetrics: CouplingMetricInsertRow;
  /** Appends coupling cycles: a plain insert (a row sent twice is stored twice). */
  InsertCouplingCycles: CouplingCycleInsertRow;
  /** Inserts or replaces violations. */
  InsertViolations: ViolationInsertRow;
  /** Appends gate results: a plain insert (a row sent twice is stored twice). */
  InsertGateResults: GateResultInsertRow;
  /** Appends degradation alerts: a plain insert (a row sent twice is stored twice). */
  InsertDegradationAlerts: DegradationAlertInsertRow;
  /** Appends wrappers: a plain insert (a row sent twice is stored twice). */
  InsertWrappers: WrapperInsertRow;
  /** Appends crypto findings: a plain insert (a row sent twice is stored twice). */
  InsertCryptoFindings: CryptoFindingInsertRow;
  /** Inserts or replaces DNA genes. */
  InsertDnaGenes: DnaGeneInsertRow;
  /** Inserts or replaces DNA mutations. */
  InsertDnaMutations: DnaMutationInsertRow;
  /** Appends secrets: a plain insert (a row sent twice is stored twice). */
  InsertSecrets: SecretInsertRow;
  /** Inserts constants (including magic numbers). */
  InsertConstants: ConstantInsertRow;
  /** Appends environment variable reads: a plain insert (a row sent twice is stored twice). */
  InsertEnvVariables: EnvVariableInsertRow;
  /** Inserts or replaces OWASP findings. */
  InsertOwaspFindings: OwaspFindingInsertRow;
  /** Appends decomposition decisions: a plain insert (a row sent twice is stored twice). */
  InsertDecompositionDecisions: DecompositionDecisionInsertRow;
  /** Inserts or replaces contracts. */
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
