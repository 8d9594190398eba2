// The argument table of every storage method: for each method of the eight interfaces, its
// arguments in order, each as [name, kind] or, for row objects, [name, 'row' | 'rows', schema].
// Domains are the reference's Rust parameter types (drift-core/src/traits/storage/*.rs): `usize` and
// `u64` are `uint`, `u32` (CWE ids, some limits, retention days) `u32`, `i32` (approach and token
// counts) `i32`, `i64` (ids, timestamps, file and function counts) `int`, `f64` `real` (any number but
// NaN, as in row fields), `Option<&str>` `string?`. The types below make `typecheck` fail when a
// table misses a method, has the wrong number of arguments, or gives an argument a kind (or a row a
// schema) that does not fit the interface's parameter type.

import { BATCH_ROW_SCHEMAS, type RowSchema } from './batch-schema.js';
import type { IDriftAdvanced } from './drift-advanced.js';
import type { IDriftAnalysis, PatternConfidenceRow } from './drift-analysis.js';
import type { IDriftBatchWriter } from './drift-batch.js';
import type {
  AuditSnapshotRow,
  FeedbackRow,
  IDriftEnforcement,
  PolicyResultRow,
  ViolationRow,
} from './drift-enforcement.js';
import type { IDriftFiles } from './drift-files.js';
import type { IDriftReader } from './drift-reader.js';
import type { IDriftServing, PatternStatusRow, RetentionPolicy } from './drift-serving.js';
import type { ConstraintRow, DnaMutationRow, IDriftStructural, TestCoverageRow } from './drift-structural.js';
import type { FieldKind } from './field-kinds.js';
import type { DriftStorage } from './storage.js';
import type { IWorkspaceStorage } from './workspace.js';

/**
 * The run-time kind of one non-row argument: the kinds of {@link FieldKind} that arguments use, plus
 * `string[]` (well-formed strings). Row arguments use `row` / `rows`.
 */
export type ArgumentKind =
  | 'string'
  | 'string?'
  | 'int'
  | 'uint'
  | 'u32'
  | 'i32'
  | 'real'
  | 'bool'
  | 'bytes'
  | 'string[]';

/** One argument of a method: its name and kind, or its name, `row` / `rows` and the row's schema. */
export type ArgumentSpec =
  | readonly [name: string, kind: ArgumentKind]
  | readonly [name: string, kind: 'row' | 'rows', schema: Readonly<Record<string, FieldKind>>];

/**
 * Fields of row type `R` that the store assigns itself on insert and ignores when given: a numeric
 * `id` (string ids are primary keys the caller chooses) and the `createdAt`, `lastUpdated` and
 * `runAt` stamps.
 */
export type StoreAssignedField<R> = {
  [K in keyof R]-?: K extends 'createdAt' | 'lastUpdated' | 'runAt'
    ? K
    : K extends 'id'
      ? [R[K]] extends [number | null]
        ? K
        : never
      : never;
}[keyof R];

/** The schema of a row argument of type `R`: every field the store reads, none it assigns itself. */
export type InsertRowSchema<R> = RowSchema<Omit<R, StoreAssignedField<R>>>;

/** The argument spec that fits a parameter of type `P`. */
type ArgumentSpecFor<P> = [P] extends [Uint8Array]
  ? readonly [name: string, kind: 'bytes']
  : [P] extends [readonly string[]]
    ? readonly [name: string, kind: 'string[]']
    : [P] extends [readonly (infer R)[]]
      ? readonly [name: string, kind: 'rows', schema: InsertRowSchema<R>]
      : [P] extends [string]
        ? readonly [name: string, kind: 'string']
        : [P] extends [string | null]
          ? readonly [name: string, kind: 'string?']
          : [P] extends [number]
            ? readonly [name: string, kind: 'int' | 'uint' | 'u32' | 'i32' | 'real']
            : [P] extends [boolean]
              ? readonly [name: string, kind: 'bool']
              : [P] extends [object]
                ? readonly [name: string, kind: 'row', schema: InsertRowSchema<P>]
                : never;

/** The argument specs of a parameter list: a tuple of the same length, one spec per parameter. */
type ArgumentSpecsFor<P extends readonly unknown[]> = { readonly [I in keyof P]: ArgumentSpecFor<P[I]> };

/** An argument table for interface `T`: every method, with one fitting spec per parameter. */
export type MethodArgumentSpecs<T> = {
  readonly [K in keyof T]-?: T[K] extends (...args: infer P) => unknown ? ArgumentSpecsFor<P> : never;
};

// ─── Row schemas without a batch command of the same shape ──────────────────────────────────────

const CONSTRAINT: InsertRowSchema<ConstraintRow> = {
  id: 'string',
  description: 'string',
  invariantType: 'string',
  target: 'string',
  scope: 'string?',
  source: 'string',
  enabled: 'bool',
};

/** A DNA mutation upsert writes the resolution state too (the batch command inserts new ones only). */
const DNA_MUTATION: InsertRowSchema<DnaMutationRow> = {
  id: 'string',
  file: 'string',
  line: 'u32',
  geneId: 'string',
  expected: 'string',
  actual: 'string',
  impact: 'string',
  code: 'string',
  suggestion: 'string',
  detectedAt: 'int',
  resolved: 'bool',
  resolvedAt: 'int?',
};

const TEST_COVERAGE: InsertRowSchema<TestCoverageRow> = {
  testFunctionId: 'string',
  sourceFunctionId: 'string',
  coverageType: 'string',
};

/** The batch row's schema, but the trait row names the column `column` (the batch row: `columnNum`). */
const { columnNum: violationColumn, ...violationFields } = BATCH_ROW_SCHEMAS.InsertViolations;
const VIOLATION: InsertRowSchema<ViolationRow> = { ...violationFields, column: violationColumn };

const AUDIT_SNAPSHOT: InsertRowSchema<AuditSnapshotRow> = {
  healthScore: 'real',
  avgConfidence: 'real',
  approvalRatio: 'real',
  complianceRate: 'real',
  crossValidationRate: 'real',
  duplicateFreeRate: 'real',
  patternCount: 'u32',
  categoryScores: 'string?',
};

const FEEDBACK: InsertRowSchema<FeedbackRow> = {
  violationId: 'string',
  patternId: 'string',
  detectorId: 'string',
  action: 'string',
  dismissalReason: 'string?',
  reason: 'string?',
  author: 'string?',
};

const POLICY_RESULT: InsertRowSchema<PolicyResultRow> = {
  policyName: 'string',
  aggregationMode: 'string',
  overallPassed: 'bool',
  overallScore: 'real',
  gateCount: 'int',
  gatesPassed: 'int',
  gatesFailed: 'int',
  details: 'string?',
};

const S = BATCH_ROW_SCHEMAS;

/**
 * The trait's pattern-confidence upsert writes the caller's `lastUpdated` (drift-storage
 * queries/patterns.rs upsert_confidence binds `row.last_updated`), so unlike the batch row's it is
 * checked: the store does not assign it here.
 */
const PATTERN_CONFIDENCE: InsertRowSchema<PatternConfidenceRow> & { readonly lastUpdated: 'int' } = {
  ...BATCH_ROW_SCHEMAS.InsertPatternConfidence,
  lastUpdated: 'int',
};

// ─── The tables ─────────────────────────────────────────────────────────────────────────────────

/** Arguments of every {@link IDriftFiles} method. */
export const DRIFT_FILES_ARGUMENTS: MethodArgumentSpecs<IDriftFiles> = {
  loadAllFileMetadata: [],
  getFileMetadata: [['path', 'string']],
  updateFunctionCount: [
    ['path', 'string'],
    ['count', 'int'],
  ],
  updateFileError: [
    ['path', 'string'],
    ['errorCount', 'int'],
    ['errorMsg', 'string?'],
  ],
  countFiles: [],
  getParseCacheByHash: [['contentHash', 'bytes']],
  insertParseCache: [
    ['contentHash', 'bytes'],
    ['language', 'string'],
    ['parseResultJson', 'string'],
    ['createdAt', 'int'],
  ],
  invalidateParseCache: [['contentHash', 'bytes']],
  countParseCache: [],
};

/** Arguments of every {@link IDriftAnalysis} method. */
export const DRIFT_ANALYSIS_ARGUMENTS: MethodArgumentSpecs<IDriftAnalysis> = {
  getFunctionsByFile: [['file', 'string']],
  getFunctionByQualifiedName: [['qualifiedName', 'string']],
  deleteFunctionsByFile: [['file', 'string']],
  countFunctions: [],
  countEntryPoints: [],

  insertDetections: [['detections', 'rows', S.InsertDetections]],
  getDetectionsByFile: [['file', 'string']],
  getDetectionsByCategory: [['category', 'string']],
  queryAllDetections: [['limit', 'uint']],
  deleteDetectionsByFile: [['file', 'string']],
  countDetections: [],
  getDetectionsByMethod: [['method', 'string']],
  getDetectionsByPatternPrefix: [['prefix', 'string']],
  getDetectionsByCwe: [['cweId', 'u32']],
  getFrameworkDetectionSummary: [],

  upsertConfidence: [['row', 'row', PATTERN_CONFIDENCE]],
  queryConfidenceByTier: [
    ['tier', 'string'],
    ['afterId', 'string?'],
    ['limit', 'uint'],
  ],
  queryAllConfidence: [],
  insertOutlier: [['row', 'row', S.InsertOutliers]],
  queryOutliersByPattern: [['patternId', 'string']],
  insertConvention: [['row', 'row', S.InsertConventions]],
  queryConventionsByCategory: [['category', 'string']],
  queryAllConventions: [],

  insertBoundaries: [['boundaries', 'rows', S.InsertBoundaries]],
  getBoundariesByFile: [['file', 'string']],
  getBoundariesByFramework: [['framework', 'string']],
  getSensitiveBoundaries: [],
  deleteBoundariesByFile: [['file', 'string']],
  countBoundaries: [],

  insertCallEdges: [['edges', 'rows', S.InsertCallEdges]],
  getEdgesByCaller: [['callerId', 'int']],
  getEdgesByCallee: [['calleeId', 'int']],
  deleteEdgesByFile: [['file', 'string']],
  countCallEdges: [],
  countResolvedEdges: [],

  insertScanStart: [
    ['startedAt', 'int'],
    ['rootPath', 'string'],
  ],
  updateScanComplete: [
    ['id', 'int'],
    ['completedAt', 'int'],
    ['totalFiles', 'int'],
    ['addedFiles', 'int'],
    ['modifiedFiles', 'int'],
    ['removedFiles', 'int'],
    ['unchangedFiles', 'int'],
    ['durationMs', 'int'],
    ['status', 'string'],
    ['error', 'string?'],
  ],
  queryRecentScans: [['limit', 'uint']],
  countScans: [],
};

/** Arguments of every {@link IDriftStructural} method. */
export const DRIFT_STRUCTURAL_ARGUMENTS: MethodArgumentSpecs<IDriftStructural> = {
  upsertCouplingMetrics: [['row', 'row', S.InsertCouplingMetrics]],
  getCouplingMetrics: [['module', 'string']],
  getAllCouplingMetrics: [],
  getCouplingMetricsByZone: [['zone', 'string']],
  insertCouplingCycle: [
    ['members', 'string'],
    ['breakSuggestions', 'string'],
  ],
  queryCouplingCycles: [],

  upsertConstraint: [['row', 'row', CONSTRAINT]],
  getConstraint: [['id', 'string']],
  getEnabledConstraints: [],
  insertConstraintVerification: [
    ['constraintId', 'string'],
    ['passed', 'bool'],
    ['violations', 'string'],
  ],
  queryConstraintVerifications: [['constraintId', 'string']],

  upsertContract: [['row', 'row', S.InsertContracts]],
  getContract: [['id', 'string']],
  getContractsByParadigm: [['paradigm', 'string']],
  insertContractMismatch: [['row', 'row', S.InsertContractMismatches]],
  queryContractMismatches: [],
  queryContractMismatchesByType: [['mismatchType', 'string']],

  insertSecret: [['row', 'row', S.InsertSecrets]],
  getSecretsByFile: [['file', 'string']],
  getSecretsBySeverity: [['severity', 'string']],

  insertWrapper: [['row', 'row', S.InsertWrappers]],
  getWrappersByFile: [['file', 'string']],
  getWrappersByCategory: [['category', 'string']],

  upsertDnaGene: [['row', 'row', S.InsertDnaGenes]],
  getDnaGene: [['geneId', 'string']],
  getAllDnaGenes: [],
  upsertDnaMutation: [['row', 'row', DNA_MUTATION]],
  getDnaMutationsByGene: [['geneId', 'string']],
  getUnresolvedMutations: [],

  insertCryptoFinding: [['row', 'row', S.InsertCryptoFindings]],
  getCryptoFindingsByFile: [['file', 'string']],
  getCryptoFindingsByCategory: [['category', 'string']],

  upsertOwaspFinding: [['row', 'row', S.InsertOwaspFindings]],
  getOwaspFindingsByFile: [['file', 'string']],
  getOwaspFindingsByDetector: [['detector', 'string']],

  insertDecompositionDecision: [['row', 'row', S.InsertDecompositionDecisions]],
  getDecompositionDecisions: [['dnaProfileHash', 'string']],

  insertConstant: [['row', 'row', S.InsertConstants]],
  insertConstantsBatch: [['rows', 'rows', S.InsertConstants]],
  queryConstantsByFile: [['file', 'string']],
  queryUnusedConstants: [],
  queryMagicNumbers: [],
  deleteConstantsByFile: [['file', 'string']],
  countConstants: [],

  insertEnvVariable: [['row', 'row', S.InsertEnvVariables]],
  insertEnvVariablesBatch: [['rows', 'rows', S.InsertEnvVariables]],
  queryEnvVariablesByName: [['name', 'string']],
  queryEnvVariablesByFile: [['file', 'string']],
  queryMissingEnvVariables: [],
  deleteEnvVariablesByFile: [['file', 'string']],
  countEnvVariables: [],

  insertDataAccess: [['row', 'row', S.InsertDataAccess]],
  insertDataAccessBatch: [['rows', 'rows', S.InsertDataAccess]],
  queryDataAccessByFunction: [['functionId', 'int']],
  queryDataAccessByTable: [['tableName', 'string']],
  deleteDataAccessByFunction: [['functionId', 'int']],
  countDataAccess: [],

  upsertReachability: [['row', 'row', S.InsertReachabilityCache]],
  getReachability: [
    ['sourceNode', 'string'],
    ['direction', 'string'],
  ],
  clearReachabilityCache: [],

  insertTaintFlow: [['row', 'row', S.InsertTaintFlows]],
  getTaintFlowsByFile: [['file', 'string']],
  getTaintFlowsByCwe: [['cweId', 'u32']],

  insertErrorGap: [['row', 'row', S.InsertErrorGaps]],
  getErrorGapsByFile: [['file', 'string']],

  upsertImpactScore: [['row', 'row', S.InsertImpactScores]],
  getImpactScore: [['functionId', 'string']],

  insertTestCoverage: [['row', 'row', TEST_COVERAGE]],
  getTestCoverageForSource: [['sourceFunctionId', 'string']],

  upsertTestQuality: [['row', 'row', S.InsertTestQuality]],
  getTestQuality: [['functionId', 'string']],
};

/** Arguments of every {@link IDriftEnforcement} method. */
export const DRIFT_ENFORCEMENT_ARGUMENTS: MethodArgumentSpecs<IDriftEnforcement> = {
  insertViolation: [['v', 'row', VIOLATION]],
  queryViolationsByFile: [['file', 'string']],
  queryAllViolations: [],

  insertGateResult: [['g', 'row', S.InsertGateResults]],
  queryGateResults: [],

  insertAuditSnapshot: [['s', 'row', AUDIT_SNAPSHOT]],
  queryAuditSnapshots: [['limit', 'u32']],

  insertHealthTrend: [
    ['metricName', 'string'],
    ['metricValue', 'real'],
  ],
  queryHealthTrends: [
    ['metricName', 'string'],
    ['limit', 'u32'],
  ],

  insertFeedback: [['f', 'row', FEEDBACK]],
  queryFeedbackByDetector: [['detectorId', 'string']],
  queryFeedbackByPattern: [['patternId', 'string']],
  queryFeedbackAdjustments: [['patternId', 'string']],
  getViolationPatternId: [['violationId', 'string']],
  queryFeedbackStats: [],
  countNeedsReview: [],

  insertPolicyResult: [['row', 'row', POLICY_RESULT]],
  queryRecentPolicyResults: [['limit', 'uint']],

  insertDegradationAlert: [['row', 'row', S.InsertDegradationAlerts]],
  queryRecentDegradationAlerts: [['limit', 'uint']],
  queryDegradationAlertsByType: [['alertType', 'string']],
};

/** Arguments of every {@link IDriftAdvanced} method. */
export const DRIFT_ADVANCED_ARGUMENTS: MethodArgumentSpecs<IDriftAdvanced> = {
  insertSimulation: [
    ['taskCategory', 'string'],
    ['taskDescription', 'string'],
    ['approachCount', 'i32'],
    ['recommendedApproach', 'string?'],
    ['p10Effort', 'real'],
    ['p50Effort', 'real'],
    ['p90Effort', 'real'],
  ],
  getSimulations: [['limit', 'uint']],
  insertDecision: [
    ['category', 'string'],
    ['description', 'string'],
    ['commitSha', 'string?'],
    ['confidence', 'real'],
    ['relatedPatterns', 'string?'],
    ['author', 'string?'],
    ['filesChanged', 'string?'],
  ],
  insertContextCache: [
    ['sessionId', 'string'],
    ['intent', 'string'],
    ['depth', 'string'],
    ['tokenCount', 'i32'],
    ['contentHash', 'string'],
  ],
  createMigrationProject: [
    ['name', 'string'],
    ['sourceLanguage', 'string'],
    ['targetLanguage', 'string'],
    ['sourceFramework', 'string?'],
    ['targetFramework', 'string?'],
  ],
  createMigrationModule: [
    ['projectId', 'int'],
    ['moduleName', 'string'],
  ],
  updateModuleStatus: [
    ['moduleId', 'int'],
    ['status', 'string'],
  ],
  insertMigrationCorrection: [
    ['moduleId', 'int'],
    ['section', 'string'],
    ['originalText', 'string'],
    ['correctedText', 'string'],
    ['reason', 'string?'],
  ],
  getMigrationCorrection: [['correctionId', 'int']],
};

/** Arguments of every {@link IDriftBatchWriter} method. */
export const DRIFT_BATCH_WRITER_ARGUMENTS: MethodArgumentSpecs<IDriftBatchWriter> = {
  sendRaw: [
    ['commandName', 'string'],
    ['payload', 'bytes'],
  ],
  flush: [],
  flushSync: [],
  stats: [],
  shutdown: [],
};

/** Arguments of every {@link IDriftReader} method. */
export const DRIFT_READER_ARGUMENTS: MethodArgumentSpecs<IDriftReader> = {
  patternConfidence: [['patternId', 'string']],
  patternOccurrenceRate: [['patternId', 'string']],
  falsePositiveRate: [['patternId', 'string']],
  constraintVerified: [['constraintId', 'string']],
  couplingMetric: [['module', 'string']],
  dnaHealth: [],
  testCoverage: [['functionId', 'string']],
  errorHandlingGaps: [['filePrefix', 'string']],
  decisionEvidence: [['decisionId', 'string']],
  boundaryData: [['boundaryId', 'string']],
  taintFlowRisk: [['file', 'string']],
  callGraphCoverage: [['functionId', 'string']],
  countMatchingPatterns: [['patternIds', 'string[]']],
  latestScanTimestamp: [],
};

/** A retention policy: whole days per tier (`u32` in the reference's `RetentionPolicy` and `driftGC`). */
const RETENTION_POLICY: InsertRowSchema<RetentionPolicy> = {
  shortDays: 'u32',
  mediumDays: 'u32',
  longDays: 'u32',
};

const PATTERN_STATUS: InsertRowSchema<PatternStatusRow> = {
  patternId: 'string',
  status: 'string',
  approvedBy: 'string?',
  approvedAt: 'int?',
  confidenceAtApproval: 'real?',
  reason: 'string?',
  updatedAt: 'int',
};

/** Arguments of every {@link IDriftServing} method. */
export const DRIFT_SERVING_ARGUMENTS: MethodArgumentSpecs<IDriftServing> = {
  runRetention: [['policy', 'row', RETENTION_POLICY]],
  upsertPatternStatus: [['row', 'row', PATTERN_STATUS]],
  getPatternStatus: [['patternId', 'string']],
  queryPatternStatuses: [['status', 'string?']],
  countPatternsByStatus: [],
  queryPatternsForAudit: [],
  clearRecoveredAlerts: [],
  clearFindings: [['tables', 'string[]']],
  getViolation: [['id', 'string']],
  queryTaintFlows: [
    ['limit', 'uint'],
    ['unsanitizedOnly', 'bool'],
  ],
  queryErrorGaps: [['limit', 'uint']],
  queryImpactScores: [['limit', 'uint']],
  queryAllTestQuality: [],
  queryAllWrappers: [],
  queryAllCryptoFindings: [],
  queryAllContracts: [],
  queryBoundaryFrameworks: [],
  readTableRows: [
    ['table', 'string'],
    ['afterCursor', 'int'],
    ['limit', 'u32'],
  ],
  maxRowCursor: [],
};

/** Arguments of every {@link IWorkspaceStorage} method. */
export const WORKSPACE_STORAGE_ARGUMENTS: MethodArgumentSpecs<IWorkspaceStorage> = {
  initialize: [['path', 'string']],
  status: [],
  projectInfo: [],
  workspaceContext: [],
  gc: [],
  backup: [['destination', 'string']],
  export: [['destination', 'string']],
  import: [['source', 'string']],
  integrityCheck: [],
  schemaVersion: [],
};

/** The arguments of all 197 storage methods (the eight interfaces and {@link IDriftServing}), by method name. */
export const METHOD_ARGUMENT_SPECS: {
  readonly [M in keyof DriftStorage | keyof IDriftServing | keyof IWorkspaceStorage]: readonly ArgumentSpec[];
} = Object.freeze({
  ...DRIFT_FILES_ARGUMENTS,
  ...DRIFT_ANALYSIS_ARGUMENTS,
  ...DRIFT_STRUCTURAL_ARGUMENTS,
  ...DRIFT_ENFORCEMENT_ARGUMENTS,
  ...DRIFT_ADVANCED_ARGUMENTS,
  ...DRIFT_BATCH_WRITER_ARGUMENTS,
  ...DRIFT_READER_ARGUMENTS,
  ...DRIFT_SERVING_ARGUMENTS,
  ...WORKSPACE_STORAGE_ARGUMENTS,
});
