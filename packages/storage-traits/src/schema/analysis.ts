import { integer, real, text } from './column.js';
import { table } from './table.js';

// drift.db tables: detections, call graph, boundaries and patterns (v002, v003, v009).

/**
 * `call_edges`, created by migration v002; read as `CallEdgeRow`: keyed by caller, callee and call-site line
 * (a repeat replaces the edge).
 */
export const callEdges = table(
  'call_edges',
  {
    callerId: integer(),
    calleeId: integer(),
    resolution: text(),
    confidence: real(),
    callSiteLine: integer(),
  },
  { primaryKey: ['callerId', 'calleeId', 'callSiteLine'] },
);

/**
 * `data_access`, created by migration v002; read as `DataAccessRow`: a function reading or writing a table.
 */
export const dataAccess = table(
  'data_access',
  {
    functionId: integer(),
    tableName: text(),
    operation: text(),
    framework: text().nullable(),
    line: integer(),
    confidence: real().defaulted(0.8),
  },
  { primaryKey: ['functionId', 'tableName', 'operation', 'line'] },
);

/** `detections`, created by migration v002; read as `DetectionRow`: one match of a detector. */
export const detections = table(
  'detections',
  {
    id: integer().autoIncrement(),
    file: text(),
    line: integer(),
    columnNum: integer(),
    patternId: text(),
    category: text(),
    confidence: real(),
    detectionMethod: text(),
    cweIds: text().nullable(),
    owasp: text().nullable(),
    matchedText: text().nullable(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `boundaries`, created by migration v002; read as `BoundaryRow`: a data model or field crossing a framework
 * boundary.
 */
export const boundaries = table(
  'boundaries',
  {
    id: integer().autoIncrement(),
    file: text(),
    framework: text(),
    modelName: text(),
    tableName: text().nullable(),
    fieldName: text().nullable(),
    sensitivity: text().nullable(),
    confidence: real(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `pattern_confidence`, created by migration v003; read as `PatternConfidenceRow`: keyed by `patternId`: a
 * Beta(alpha, beta) posterior and what it implies.
 */
export const patternConfidence = table(
  'pattern_confidence',
  {
    patternId: text(),
    alpha: real(),
    beta: real(),
    posteriorMean: real(),
    credibleIntervalLow: real(),
    credibleIntervalHigh: real(),
    tier: text(),
    momentum: text().defaulted('Stable'),
    lastUpdated: integer().defaultNow(),
  },
  { primaryKey: ['patternId'] },
);

/**
 * `outliers`, created by migration v003; read as `OutlierRow`: a location that deviates from a pattern;
 * append-only, `id` from the store.
 */
export const outliers = table(
  'outliers',
  {
    id: integer().autoIncrement(),
    patternId: text(),
    file: text(),
    line: integer(),
    deviationScore: real(),
    significance: text(),
    method: text(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `conventions`, created by migration v003; read as `ConventionRow`: a pattern promoted (or proposed) as a
 * convention.
 */
export const conventions = table(
  'conventions',
  {
    id: integer().autoIncrement(),
    patternId: text(),
    category: text(),
    scope: text(),
    dominanceRatio: real(),
    promotionStatus: text().defaulted('discovered'),
    discoveredAt: integer().defaultNow(),
    lastSeen: integer().defaultNow(),
    expiresAt: integer().nullable(),
  },
  { primaryKey: ['id'] },
);

/**
 * `pattern_status`, created by migration v009; read as `PatternStatusRow`: where a pattern is in its
 * discovered → approved / ignored lifecycle.
 */
export const patternStatus = table(
  'pattern_status',
  {
    patternId: text(),
    status: text().defaulted('discovered'),
    approvedBy: text().nullable(),
    approvedAt: integer().nullable(),
    confidenceAtApproval: real().nullable(),
    reason: text().nullable(),
    updatedAt: integer().defaultNow(),
  },
  { primaryKey: ['patternId'] },
);
