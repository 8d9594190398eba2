// Type-level ties between the table declarations (@drift/storage-traits/schema) and the trait row
// types: tsc fails here when one changes without the other. Checked by `tsc --noEmit -p .`.
import type {
  AuditSnapshotRow,
  BoundaryRow,
  CallEdgeRow,
  ConstantRow,
  ConstraintRow,
  ConstraintVerificationRow,
  ContractMismatchRow,
  ContractRow,
  ConventionRow,
  CorrectionRow,
  CouplingCycleRow,
  CouplingMetricsRow,
  CryptoFindingRow,
  DataAccessRow,
  DecompositionDecisionRow,
  DegradationAlertRow,
  DetectionRow,
  DnaGeneRow,
  DnaMutationRow,
  EnvVariableRow,
  ErrorGapRow,
  FeedbackRow,
  FileMetadataRow,
  FunctionRow,
  GateResultRow,
  HealthTrendRow,
  ImpactScoreRow,
  OutlierRow,
  OwaspFindingRow,
  ParseCacheRow,
  PatternConfidenceRow,
  PatternStatusRow,
  PolicyResultRow,
  ReachabilityCacheRow,
  ScanHistoryRow,
  SecretRow,
  SimulationRow,
  TaintFlowRow,
  TestCoverageRow,
  TestQualityRow,
  ViolationRow,
  WrapperRow,
} from '@drift/storage-traits';
import type {
  auditSnapshots,
  boundaries,
  callEdges,
  constants,
  constraints,
  constraintVerifications,
  contractMismatches,
  contracts,
  conventions,
  couplingCycles,
  couplingMetrics,
  cryptoFindings,
  dataAccess,
  decompositionDecisions,
  degradationAlerts,
  detections,
  dnaGenes,
  dnaMutations,
  envVariables,
  errorGaps,
  feedback,
  fileMetadata,
  functions,
  gateResults,
  healthTrends,
  impactScores,
  migrationCorrections,
  outliers,
  owaspFindings,
  parseCache,
  patternConfidence,
  patternStatus,
  policyResults,
  RowOf,
  reachabilityCache,
  scanHistory,
  secrets,
  simulations,
  taintFlows,
  testCoverage,
  testQuality,
  violations,
  wrappers,
} from '@drift/storage-traits/schema';

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** The fields `A` and `B` both have, with `A`'s types. */
type Shared<A, B> = { [K in keyof A & keyof B]: A[K] };
/** True when every field `A` and `B` share has one type in both. */
type SameShared<A, B> = Equal<Shared<A, B>, Shared<B, A>>;

// The trait row is the table's row, field for field.

export type _simulations = Assert<Equal<RowOf<typeof simulations>, SimulationRow>>;
export type _migrationCorrections = Assert<Equal<RowOf<typeof migrationCorrections>, CorrectionRow>>;
export type _functions = Assert<Equal<RowOf<typeof functions>, FunctionRow>>;
export type _detections = Assert<Equal<RowOf<typeof detections>, DetectionRow>>;
export type _patternConfidence = Assert<Equal<RowOf<typeof patternConfidence>, PatternConfidenceRow>>;
export type _outliers = Assert<Equal<RowOf<typeof outliers>, OutlierRow>>;
export type _conventions = Assert<Equal<RowOf<typeof conventions>, ConventionRow>>;
export type _boundaries = Assert<Equal<RowOf<typeof boundaries>, BoundaryRow>>;
export type _callEdges = Assert<Equal<RowOf<typeof callEdges>, CallEdgeRow>>;
export type _scanHistory = Assert<Equal<RowOf<typeof scanHistory>, ScanHistoryRow>>;
export type _policyResults = Assert<Equal<RowOf<typeof policyResults>, PolicyResultRow>>;
export type _degradationAlerts = Assert<Equal<RowOf<typeof degradationAlerts>, DegradationAlertRow>>;
export type _parseCache = Assert<Equal<RowOf<typeof parseCache>, ParseCacheRow>>;
export type _patternStatus = Assert<Equal<RowOf<typeof patternStatus>, PatternStatusRow>>;
export type _couplingCycles = Assert<Equal<RowOf<typeof couplingCycles>, CouplingCycleRow>>;
export type _constraintVerifications = Assert<
  Equal<RowOf<typeof constraintVerifications>, ConstraintVerificationRow>
>;
export type _contractMismatches = Assert<Equal<RowOf<typeof contractMismatches>, ContractMismatchRow>>;
export type _dnaMutations = Assert<Equal<RowOf<typeof dnaMutations>, DnaMutationRow>>;
export type _constants = Assert<Equal<RowOf<typeof constants>, ConstantRow>>;
export type _testCoverage = Assert<Equal<RowOf<typeof testCoverage>, TestCoverageRow>>;

// The trait row is a projection of the table (it leaves out columns such as `created_at` or adds a
// computed field); the fields it shares with the table have the table's types.

export type _violations = Assert<SameShared<RowOf<typeof violations>, ViolationRow>>;
export type _gateResults = Assert<SameShared<RowOf<typeof gateResults>, GateResultRow>>;
export type _auditSnapshots = Assert<SameShared<RowOf<typeof auditSnapshots>, AuditSnapshotRow>>;
export type _healthTrends = Assert<SameShared<RowOf<typeof healthTrends>, HealthTrendRow>>;
export type _feedback = Assert<SameShared<RowOf<typeof feedback>, FeedbackRow>>;
export type _couplingMetrics = Assert<SameShared<RowOf<typeof couplingMetrics>, CouplingMetricsRow>>;
export type _constraints = Assert<SameShared<RowOf<typeof constraints>, ConstraintRow>>;
export type _contracts = Assert<SameShared<RowOf<typeof contracts>, ContractRow>>;
export type _dnaGenes = Assert<SameShared<RowOf<typeof dnaGenes>, DnaGeneRow>>;
export type _owaspFindings = Assert<SameShared<RowOf<typeof owaspFindings>, OwaspFindingRow>>;
export type _dataAccess = Assert<SameShared<RowOf<typeof dataAccess>, DataAccessRow>>;
export type _reachabilityCache = Assert<SameShared<RowOf<typeof reachabilityCache>, ReachabilityCacheRow>>;
export type _impactScores = Assert<SameShared<RowOf<typeof impactScores>, ImpactScoreRow>>;
export type _testQuality = Assert<SameShared<RowOf<typeof testQuality>, TestQualityRow>>;

// The trait row doubles as the insert row: its `id` is `null` before insertion (the database assigns
// it). Every other shared field has the table's type.

export type _secrets = Assert<SameShared<Omit<RowOf<typeof secrets>, 'id'>, Omit<SecretRow, 'id'>>>;
export type _wrappers = Assert<SameShared<Omit<RowOf<typeof wrappers>, 'id'>, Omit<WrapperRow, 'id'>>>;
export type _cryptoFindings = Assert<
  SameShared<Omit<RowOf<typeof cryptoFindings>, 'id'>, Omit<CryptoFindingRow, 'id'>>
>;
export type _decompositionDecisions = Assert<
  SameShared<Omit<RowOf<typeof decompositionDecisions>, 'id'>, Omit<DecompositionDecisionRow, 'id'>>
>;
export type _taintFlows = Assert<SameShared<Omit<RowOf<typeof taintFlows>, 'id'>, Omit<TaintFlowRow, 'id'>>>;
export type _errorGaps = Assert<SameShared<Omit<RowOf<typeof errorGaps>, 'id'>, Omit<ErrorGapRow, 'id'>>>;

// file_metadata's counts are nullable columns with DEFAULT 0 that the trait reads as numbers; an
// env variable's `id` and `createdAt` are null before insertion.

export type _fileMetadata = Assert<
  SameShared<
    Omit<RowOf<typeof fileMetadata>, 'patternCount' | 'functionCount' | 'errorCount'>,
    Omit<FileMetadataRow, 'patternCount' | 'functionCount' | 'errorCount'>
  >
>;
export type _envVariables = Assert<
  SameShared<Omit<RowOf<typeof envVariables>, 'id' | 'createdAt'>, Omit<EnvVariableRow, 'id' | 'createdAt'>>
>;
