import { boolean, integer, real, text } from './column.js';
import { table } from './table.js';

// drift.db tables: reachability, taint, error handling, impact and tests (v004).

/**
 * `reachability_cache`, created by migration v004; read as `ReachabilityCacheRow`: keyed by `sourceNode` and
 * `direction`; replaced whole on upsert.
 */
export const reachabilityCache = table(
  'reachability_cache',
  {
    sourceNode: text(),
    direction: text(),
    reachableSet: text(),
    sensitivity: text(),
    computedAt: integer().defaultNow(),
  },
  { primaryKey: ['sourceNode', 'direction'] },
);

/** `taint_flows`, created by migration v004; read as `TaintFlowRow`: a source-to-sink data flow. */
export const taintFlows = table(
  'taint_flows',
  {
    id: integer().autoIncrement(),
    sourceFile: text(),
    sourceLine: integer(),
    sourceType: text(),
    sinkFile: text(),
    sinkLine: integer(),
    sinkType: text(),
    cweId: integer().nullable(),
    isSanitized: boolean().defaulted(false),
    path: text(),
    confidence: real(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `error_gaps`, created by migration v004; read as `ErrorGapRow`: a place where an error is not handled. */
export const errorGaps = table(
  'error_gaps',
  {
    id: integer().autoIncrement(),
    file: text(),
    functionId: text(),
    gapType: text(),
    errorType: text().nullable(),
    propagationChain: text().nullable(),
    framework: text().nullable(),
    cweId: integer().nullable(),
    severity: text(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `impact_scores`, created by migration v004; read as `ImpactScoreRow`: keyed by `functionId`; replaced whole
 * on upsert.
 */
export const impactScores = table(
  'impact_scores',
  {
    functionId: text(),
    blastRadius: integer(),
    riskScore: real(),
    isDeadCode: boolean().defaulted(false),
    deadCodeReason: text().nullable(),
    exclusionCategory: text().nullable(),
    updatedAt: integer().defaultNow(),
  },
  { primaryKey: ['functionId'] },
);

/**
 * `test_coverage`, created by migration v004; read as `TestCoverageRow`: a test function covering a source
 * function.
 */
export const testCoverage = table(
  'test_coverage',
  {
    testFunctionId: text(),
    sourceFunctionId: text(),
    coverageType: text(),
  },
  { primaryKey: ['testFunctionId', 'sourceFunctionId'] },
);

/**
 * `test_quality`, created by migration v004; read as `TestQualityRow`: keyed by `functionId`; each dimension
 * is null when it was not measured.
 */
export const testQuality = table(
  'test_quality',
  {
    functionId: text(),
    coverageBreadth: real().nullable(),
    coverageDepth: real().nullable(),
    assertionDensity: real().nullable(),
    mockRatio: real().nullable(),
    isolation: real().nullable(),
    freshness: real().nullable(),
    stability: real().nullable(),
    overallScore: real(),
    smells: text().nullable(),
    updatedAt: integer().defaultNow(),
  },
  { primaryKey: ['functionId'] },
);
