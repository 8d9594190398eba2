// Row builders for tests: one per row type, each a fixed, plain row whose fields a test overrides by
// name (`detection({ file: 'a.ts' })`). Optional fields default to null, so a test states every value
// its assertions depend on. (`sampleRow` in sample-rows.ts is the other kind: row `i` of a varied set.)

import type { FileMetadataInsertRow } from '../batch-commands.js';
import type {
  BoundaryRow,
  CallEdgeRow,
  ConventionRow,
  DetectionRow,
  FunctionRow,
  OutlierRow,
  PatternConfidenceRow,
} from '../drift-analysis.js';
import type { FeedbackRow, ViolationRow } from '../drift-enforcement.js';

/**
 * A detection row: id 0 and createdAt 0 (the store assigns both), `src/app.ts` line 1 column 0,
 * pattern `api/route` of category `api`, confidence 0.5, method `ast`, no CWE, OWASP or matched text.
 */
export function detection(over: Partial<DetectionRow> = {}): DetectionRow {
  return {
    id: 0,
    file: 'src/app.ts',
    line: 1,
    columnNum: 0,
    patternId: 'api/route',
    category: 'api',
    confidence: 0.5,
    detectionMethod: 'ast',
    cweIds: null,
    owasp: null,
    matchedText: null,
    createdAt: 0,
    ...over,
  };
}

/**
 * A violation row: id `v1`, `src/a.ts` line 1 with no column or end, severity `error`, pattern `p1`,
 * rule `r1`, message `m`, no quick fix, CWE or OWASP category, neither suppressed nor new.
 */
export function violation(over: Partial<ViolationRow> = {}): ViolationRow {
  return {
    id: 'v1',
    file: 'src/a.ts',
    line: 1,
    column: null,
    endLine: null,
    endColumn: null,
    severity: 'error',
    patternId: 'p1',
    ruleId: 'r1',
    message: 'm',
    quickFixStrategy: null,
    quickFixDescription: null,
    cweId: null,
    owaspCategory: null,
    suppressed: false,
    isNew: false,
    ...over,
  };
}

/**
 * A feedback row: on violation `v1` of pattern `p1` by detector `d1`, action `fix`, no dismissal
 * reason, reason or author, createdAt 1.
 */
export function feedback(over: Partial<FeedbackRow> = {}): FeedbackRow {
  return {
    violationId: 'v1',
    patternId: 'p1',
    detectorId: 'd1',
    action: 'fix',
    dismissalReason: null,
    reason: null,
    author: null,
    createdAt: 1,
    ...over,
  };
}

/**
 * A function row without its id (the store assigns it): `f` in `src/a.ts` lines 1-2, TypeScript, no
 * qualified name, parameters or return type, neither exported nor async, no body or signature hash.
 */
export function functionRow(over: Partial<Omit<FunctionRow, 'id'>> = {}): Omit<FunctionRow, 'id'> {
  return {
    file: 'src/a.ts',
    name: 'f',
    qualifiedName: null,
    language: 'typescript',
    line: 1,
    endLine: 2,
    parameterCount: 0,
    returnType: null,
    isExported: false,
    isAsync: false,
    bodyHash: null,
    signatureHash: null,
    ...over,
  };
}

/** A call edge: function 1 calls function 2 at line 10, resolved by `import` with confidence 0.9. */
export function callEdge(over: Partial<CallEdgeRow> = {}): CallEdgeRow {
  return { callerId: 1, calleeId: 2, resolution: 'import', confidence: 0.9, callSiteLine: 10, ...over };
}

/**
 * A pattern confidence row: pattern `p/0`, alpha 2, beta 1, posterior mean 0.5 within 0.2-0.8, tier
 * `Established`, momentum `Stable`, lastUpdated 1,700,000,000.
 */
export function confidence(over: Partial<PatternConfidenceRow> = {}): PatternConfidenceRow {
  return {
    patternId: 'p/0',
    alpha: 2,
    beta: 1,
    posteriorMean: 0.5,
    credibleIntervalLow: 0.2,
    credibleIntervalHigh: 0.8,
    tier: 'Established',
    momentum: 'Stable',
    lastUpdated: 1_700_000_000,
    ...over,
  };
}

/**
 * An outlier row: id 0 and createdAt 0 (store-assigned), pattern `naming/camel` at `src/a.ts` line 1,
 * deviation score 1, significance `high`, method `z_score`.
 */
export function outlier(over: Partial<OutlierRow> = {}): OutlierRow {
  return {
    id: 0,
    patternId: 'naming/camel',
    file: 'src/a.ts',
    line: 1,
    deviationScore: 1,
    significance: 'high',
    method: 'z_score',
    createdAt: 0,
    ...over,
  };
}

/**
 * A convention row: id 0 (store-assigned), pattern `conv/0`, category `naming`, scope `project`,
 * dominance 0.5, status `discovered`, discovered at 1,700,000,000, last seen 100 s later, no expiry.
 */
export function convention(over: Partial<ConventionRow> = {}): ConventionRow {
  return {
    id: 0,
    patternId: 'conv/0',
    category: 'naming',
    scope: 'project',
    dominanceRatio: 0.5,
    promotionStatus: 'discovered',
    discoveredAt: 1_700_000_000,
    lastSeen: 1_700_000_100,
    expiresAt: null,
    ...over,
  };
}

/**
 * A boundary row: id 0 and createdAt 0 (store-assigned), Prisma model `User` in
 * `prisma/schema.prisma`, no table, field or sensitivity, confidence 0.5.
 */
export function boundary(over: Partial<BoundaryRow> = {}): BoundaryRow {
  return {
    id: 0,
    file: 'prisma/schema.prisma',
    framework: 'prisma',
    modelName: 'User',
    tableName: null,
    fieldName: null,
    sensitivity: null,
    confidence: 0.5,
    createdAt: 0,
    ...over,
  };
}

/**
 * A file-metadata row as the scanner upserts it: `src/a.ts`, TypeScript, 10 bytes of content hash
 * 01 02 03, modified and last scanned at 1,700,000,000 (0 ns), no scan duration.
 */
export function fileMetadata(over: Partial<FileMetadataInsertRow> = {}): FileMetadataInsertRow {
  return {
    path: 'src/a.ts',
    language: 'typescript',
    fileSize: 10,
    contentHash: new Uint8Array([1, 2, 3]),
    mtimeSecs: 1_700_000_000,
    mtimeNanos: 0,
    lastScannedAt: 1_700_000_000,
    scanDurationUs: null,
    ...over,
  };
}
