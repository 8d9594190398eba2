// The argument table of every storage method: for each method of the eight interfaces, its
// arguments in order, each as [name, kind] or, for row objects, [name, 'row' | 'rows', schema].
// Domains follow the reference traits: usize/u32 (limits, CWE ids) are `uint`, i64 ids and timestamps
// `int`, f64 `real` (any number but NaN, as in row fields), Option<&str> `string?`; counts of things (function, error, file and token counts,
// i64 or i32 in the reference) are `uint` too. The types below make `typecheck` fail when a
// table misses a method, has the wrong number of arguments, or gives an argument a kind (or a row a
// schema) that does not fit the interface's parameter type.

import { BATCH_ROW_SCHEMAS, type FieldKind, type RowSchema } from './batch-schema.js';
import type { IDriftAdvanced } from './drift-advanced.js';
import type { IDriftAnalysis } from './drift-analysis.js';
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
import type { DriftStorage } from './storage.js';
import type { IWorkspaceStorage } from './workspace.js';

/**
 * The run-time kind of one non-row argument: the row-field kinds of {@link FieldKind} that arguments
 * use, plus `uint` (a non-negative safe integer) and `string[]`. Row arguments use `row` / `rows`.
 */
export type ArgumentKind = 'string' | 'string?' | 'int' | 'uint' | 'real' | 'bool' | 'bytes' | 'string[]';

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
            ? readonly [name: string, kind: 'int' | 'uint' | 'real']
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
  line: 'int',
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
  patternCount: 'int',
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

// ─── The tables ─────────────────────────────────────────────────────────────────────────────────

/** Arguments of every {@link IDriftFiles} method. */
export const DRIFT_FILES_ARGUMENTS: MethodArgumentSpecs<IDriftFiles> = {
  loadAllFileMetadata: [],
  getFileMetadata: [['path', 'string']],
  updateFunctionCount: [
    ['path', 'string'],
    ['count', 'uint'],
  ],
  updateFileError: [
    ['path', 'string'],
    ['errorCount', 'uint'],
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
  getDetectionsByCwe: [['cweId', 'uint']],
  getFrameworkDetectionSummary: [],

  upsertConfidence: [['row', 'row', S.InsertPatternConfidence]],
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
    ['totalFiles', 'uint'],
    ['addedFiles', 'uint'],
    ['modifiedFiles', 'uint'],
    ['removedFiles', 'uint'],
    ['unchangedFiles', 'uint'],
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
  getTaintFlowsByCwe: [['cweId', 'uint']],

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
  queryAuditSnapshots: [['limit', 'uint']],

  insertHealthTrend: [
    ['metricName', 'string'],
    ['metricValue', 'real'],
  ],
  queryHealthTrends: [
    ['metricName', 'string'],
    ['limit', 'uint'],
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
    ['approachCount', 'uint'],
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
    ['tokenCount', 'uint'],
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

/** A retention policy: whole days per tier. */
const RETENTION_POLICY: InsertRowSchema<RetentionPolicy> = {
  shortDays: 'int',
  mediumDays: 'int',
  longDays: 'int',
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
    ['limit', 'uint'],
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
