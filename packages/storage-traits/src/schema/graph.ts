import { boolean, integer, real, text } from './column.js';
import { table } from './table.js';

// drift.db tables: reachability, taint, error handling, impact and tests (v004).

/** `reachability_cache` (v004). */
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

/** `taint_flows` (v004). */
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

/** `error_gaps` (v004). */
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

/** `impact_scores` (v004). */
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

/** `test_coverage` (v004). */
export const testCoverage = table(
  'test_coverage',
  {
    testFunctionId: text(),
    sourceFunctionId: text(),
    coverageType: text(),
  },
  { primaryKey: ['testFunctionId', 'sourceFunctionId'] },
);

/** `test_quality` (v004). */
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
