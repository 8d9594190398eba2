import type { BatchCommandRows, BatchCommandType } from './batch-commands.js';

/**
 * The run-time kind of one row field. `?` marks a nullable field. `int` must be a safe integer, `real`
 * any number but NaN (SQLite stores NaN as NULL; infinities are kept), `bytes` a `Uint8Array`.
 */
export type FieldKind =
  | 'string'
  | 'string?'
  | 'int'
  | 'int?'
  | 'real'
  | 'real?'
  | 'bool'
  | 'bytes'
  | 'bytes?';

/** The field kinds that can describe a TypeScript field type. */
type KindFor<V> = [V] extends [string]
  ? 'string'
  : [V] extends [string | null]
    ? 'string?'
    : [V] extends [number]
      ? 'int' | 'real'
      : [V] extends [number | null]
        ? 'int?' | 'real?'
        : [V] extends [boolean]
          ? 'bool'
          : [V] extends [Uint8Array]
            ? 'bytes'
            : [V] extends [Uint8Array | null]
              ? 'bytes?'
              : never;

/** A schema that names every field of row type `R` exactly once, with a kind matching its type. */
export type RowSchema<R> = { readonly [K in keyof R]-?: KindFor<R[K]> };

/** Schemas of every batch command whose rows are objects (all but `DeleteFileMetadata`). */
type ObjectRowSchemas = {
  readonly [T in Exclude<BatchCommandType, 'DeleteFileMetadata'>]: RowSchema<BatchCommandRows[T]>;
};

/**
 * Field kinds of each command's rows, used by the codec and by input validation. Checked at compile
 * time against the row types: a missing, extra or mistyped field fails `typecheck`.
 */
export const BATCH_ROW_SCHEMAS: ObjectRowSchemas = {
  UpsertFileMetadata: {
    path: 'string',
    language: 'string?',
    fileSize: 'int',
    contentHash: 'bytes',
    mtimeSecs: 'int',
    mtimeNanos: 'int',
    lastScannedAt: 'int',
    scanDurationUs: 'int?',
  },
  InsertParseCache: { contentHash: 'bytes', language: 'string', parseResultJson: 'string', createdAt: 'int' },
  InsertFunctions: {
    file: 'string',
    name: 'string',
    qualifiedName: 'string?',
    language: 'string',
    line: 'int',
    endLine: 'int',
    parameterCount: 'int',
    returnType: 'string?',
    isExported: 'bool',
    isAsync: 'bool',
    bodyHash: 'bytes',
    signatureHash: 'bytes',
  },
  InsertCallEdges: {
    callerId: 'int',
    calleeId: 'int',
    resolution: 'string',
    confidence: 'real',
    callSiteLine: 'int',
  },
  InsertDetections: {
    file: 'string',
    line: 'int',
    columnNum: 'int',
    patternId: 'string',
    category: 'string',
    confidence: 'real',
    detectionMethod: 'string',
    cweIds: 'string?',
    owasp: 'string?',
    matchedText: 'string?',
  },
  InsertBoundaries: {
    file: 'string',
    framework: 'string',
    modelName: 'string',
    tableName: 'string?',
    fieldName: 'string?',
    sensitivity: 'string?',
    confidence: 'real',
  },
  InsertPatternConfidence: {
    patternId: 'string',
    alpha: 'real',
    beta: 'real',
    posteriorMean: 'real',
    credibleIntervalLow: 'real',
    credibleIntervalHigh: 'real',
    tier: 'string',
    momentum: 'string',
  },
  InsertOutliers: {
    patternId: 'string',
    file: 'string',
    line: 'int',
    deviationScore: 'real',
    significance: 'string',
    method: 'string',
  },
  InsertConventions: {
    patternId: 'string',
    category: 'string',
    scope: 'string',
    dominanceRatio: 'real',
    promotionStatus: 'string',
    discoveredAt: 'int',
    lastSeen: 'int',
    expiresAt: 'int?',
  },
  InsertScanHistory: { startedAt: 'int', rootPath: 'string' },
  InsertDataAccess: {
    functionId: 'int',
    tableName: 'string',
    operation: 'string',
    framework: 'string?',
    line: 'int',
    confidence: 'real',
  },
  InsertReachabilityCache: {
    sourceNode: 'string',
    direction: 'string',
    reachableSet: 'string',
    sensitivity: 'string',
  },
  InsertTaintFlows: {
    sourceFile: 'string',
    sourceLine: 'int',
    sourceType: 'string',
    sinkFile: 'string',
    sinkLine: 'int',
    sinkType: 'string',
    cweId: 'int?',
    isSanitized: 'bool',
    path: 'string',
    confidence: 'real',
  },
  InsertErrorGaps: {
    file: 'string',
    functionId: 'string',
    gapType: 'string',
    errorType: 'string?',
    propagationChain: 'string?',
    framework: 'string?',
    cweId: 'int?',
    severity: 'string',
  },
  InsertImpactScores: {
    functionId: 'string',
    blastRadius: 'int',
    riskScore: 'real',
    isDeadCode: 'bool',
    deadCodeReason: 'string?',
    exclusionCategory: 'string?',
  },
  InsertTestQuality: {
    functionId: 'string',
    coverageBreadth: 'real?',
    coverageDepth: 'real?',
    assertionDensity: 'real?',
    mockRatio: 'real?',
    isolation: 'real?',
    freshness: 'real?',
    stability: 'real?',
    overallScore: 'real',
    smells: 'string?',
  },
  InsertCouplingMetrics: {
    module: 'string',
    ce: 'int',
    ca: 'int',
    instability: 'real',
    abstractness: 'real',
    distance: 'real',
    zone: 'string',
  },
  InsertCouplingCycles: { members: 'string', breakSuggestions: 'string' },
  InsertViolations: {
    id: 'string',
    file: 'string',
    line: 'int',
    columnNum: 'int?',
    endLine: 'int?',
    endColumn: 'int?',
    severity: 'string',
    patternId: 'string',
    ruleId: 'string',
    message: 'string',
    quickFixStrategy: 'string?',
    quickFixDescription: 'string?',
    cweId: 'int?',
    owaspCategory: 'string?',
    suppressed: 'bool',
    isNew: 'bool',
  },
  InsertGateResults: {
    gateId: 'string',
    status: 'string',
    passed: 'bool',
    score: 'real',
    summary: 'string',
    violationCount: 'int',
    warningCount: 'int',
    executionTimeMs: 'int',
    details: 'string?',
    error: 'string?',
  },
  InsertDegradationAlerts: {
    alertType: 'string',
    severity: 'string',
    message: 'string',
    currentValue: 'real',
    previousValue: 'real',
    delta: 'real',
  },
  InsertWrappers: {
    name: 'string',
    file: 'string',
    line: 'int',
    category: 'string',
    wrappedPrimitives: 'string',
    framework: 'string',
    confidence: 'real',
    isMultiPrimitive: 'bool',
    isExported: 'bool',
    usageCount: 'int',
  },
  InsertCryptoFindings: {
    file: 'string',
    line: 'int',
    category: 'string',
    description: 'string',
    code: 'string',
    confidence: 'real',
    cweId: 'int',
    owasp: 'string',
    remediation: 'string',
    language: 'string',
  },
  InsertDnaGenes: {
    geneId: 'string',
    name: 'string',
    description: 'string',
    dominantAllele: 'string?',
    alleles: 'string',
    confidence: 'real',
    consistency: 'real',
    exemplars: 'string',
  },
  InsertDnaMutations: {
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
  },
  InsertSecrets: {
    patternName: 'string',
    redactedValue: 'string',
    file: 'string',
    line: 'int',
    severity: 'string',
    entropy: 'real',
    confidence: 'real',
    cweIds: 'string',
  },
  InsertConstants: {
    name: 'string',
    value: 'string',
    file: 'string',
    line: 'int',
    isUsed: 'bool',
    language: 'string',
    isNamed: 'bool',
  },
  InsertEnvVariables: {
    name: 'string',
    file: 'string',
    line: 'int',
    accessMethod: 'string',
    hasDefault: 'bool',
    definedInEnv: 'bool',
    frameworkPrefix: 'string?',
  },
  InsertOwaspFindings: {
    id: 'string',
    detector: 'string',
    file: 'string',
    line: 'int',
    description: 'string',
    severity: 'real',
    cwes: 'string',
    owaspCategories: 'string',
    confidence: 'real',
    remediation: 'string?',
  },
  InsertDecompositionDecisions: {
    dnaProfileHash: 'string',
    adjustment: 'string',
    confidence: 'real',
    dnaSimilarity: 'real',
    narrative: 'string',
    sourceDnaHash: 'string',
    appliedWeight: 'real',
  },
  InsertContracts: {
    id: 'string',
    paradigm: 'string',
    sourceFile: 'string',
    framework: 'string',
    confidence: 'real',
    endpoints: 'string',
  },
  InsertContractMismatches: {
    backendEndpoint: 'string',
    frontendCall: 'string',
    mismatchType: 'string',
    severity: 'string',
    message: 'string',
  },
};
