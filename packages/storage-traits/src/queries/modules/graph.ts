import type { IDriftStructural, ImpactScoreRow, TaintFlowRow, TestQualityRow } from '../../index.js';
import { errorGaps, impactScores, reachabilityCache, taintFlows, testQuality } from '../../schema/index.js';
import { decoderOf, insertStatement, selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, first, get } from '../methods.js';
import { sharedStatement } from '../statement.js';
import { insertReturningId } from './inserted-id.js';

// reachability_cache: reachable sets keyed by (source_node, direction).

const REACH_FIELDS = selectList(reachabilityCache, [
  'sourceNode',
  'direction',
  'reachableSet',
  'sensitivity',
]);

// INSERT OR REPLACE in the reference (queries/graph.rs upsert_reachability, batch/writer.rs): the row
// is deleted and inserted anew, so `computed_at` starts over at its DEFAULT.
/** Replaces or inserts a reachability entry (also the batch sink's `InsertReachabilityCache`). */
export const REACHABILITY_REPLACE = insertStatement(reachabilityCache, { mode: 'replace' });
const REACH_GET = sharedStatement((d, sourceNode: string, direction: string) =>
  d.db
    .selectFrom('reachability_cache')
    .select(REACH_FIELDS)
    .where('source_node', '=', sourceNode)
    .where('direction', '=', direction),
);
const REACH_CLEAR = sharedStatement((d) => d.db.deleteFrom('reachability_cache'));

// taint_flows: source-to-sink flows; append-only.

// The fields of a TaintFlowRow: what its reads select and its decoder converts.
const TAINT_ROW = [
  'id',
  'sourceFile',
  'sourceLine',
  'sourceType',
  'sinkFile',
  'sinkLine',
  'sinkType',
  'cweId',
  'isSanitized',
  'path',
  'confidence',
] as const;
/** The `taint_flows` columns selected as {@link TaintFlowRow} fields. */
export const TAINT_FIELDS = selectList(taintFlows, TAINT_ROW);

/** Turns a selected `taint_flows` row into a {@link TaintFlowRow}. */
export const decodeTaint = decoderOf(taintFlows, TAINT_ROW);

/** Inserts a taint flow (also the batch sink's `InsertTaintFlows`). */
export const TAINT_FLOW_INSERT = insertStatement(taintFlows, {
  mode: 'insert',
  fields: [
    'sourceFile',
    'sourceLine',
    'sourceType',
    'sinkFile',
    'sinkLine',
    'sinkType',
    'cweId',
    'isSanitized',
    'path',
    'confidence',
  ],
});
const TAINT_FLOW_RETURNING = insertReturningId(taintFlows, TAINT_FLOW_INSERT);
const TAINT_BY_FILE = sharedStatement((d, sourceFile: string) =>
  d.db
    .selectFrom('taint_flows')
    .select(TAINT_FIELDS)
    .where((eb) => eb.or([eb('source_file', '=', sourceFile), eb('sink_file', '=', sourceFile)])),
);
const TAINT_BY_CWE = sharedStatement((d, cweId: number) =>
  d.db.selectFrom('taint_flows').select(TAINT_FIELDS).where('cwe_id', '=', cweId),
);

// error_gaps: unhandled errors; append-only.

/** The `error_gaps` columns selected as `ErrorGapRow` fields (no conversion needed). */
export const GAP_FIELDS = selectList(errorGaps, [
  'id',
  'file',
  'functionId',
  'gapType',
  'errorType',
  'propagationChain',
  'framework',
  'cweId',
  'severity',
]);

/** Inserts an error gap (also the batch sink's `InsertErrorGaps`). */
export const ERROR_GAP_INSERT = insertStatement(errorGaps, { mode: 'insert' });
const ERROR_GAP_RETURNING = insertReturningId(errorGaps, ERROR_GAP_INSERT);
const GAPS_BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('error_gaps').select(GAP_FIELDS).where('file', '=', file),
);

// impact_scores: keyed by function id.

// The fields of an ImpactScoreRow: what its reads select and its decoder converts, and what its
// upsert writes (all but updated_at, the store's).
const IMPACT_ROW = [
  'functionId',
  'blastRadius',
  'riskScore',
  'isDeadCode',
  'deadCodeReason',
  'exclusionCategory',
] as const;
/** The `impact_scores` columns selected as {@link ImpactScoreRow} fields. */
export const IMPACT_FIELDS = selectList(impactScores, IMPACT_ROW);

/** Turns a selected `impact_scores` row into an {@link ImpactScoreRow}. */
export const decodeImpact = decoderOf(impactScores, IMPACT_ROW);

// INSERT OR REPLACE in the reference (queries/graph.rs upsert_impact_score, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts an impact score (also the batch sink's `InsertImpactScores`). */
export const IMPACT_SCORE_REPLACE = insertStatement(impactScores, { mode: 'replace', fields: IMPACT_ROW });
const IMPACT_GET = sharedStatement((d, functionId: string) =>
  d.db.selectFrom('impact_scores').select(IMPACT_FIELDS).where('function_id', '=', functionId),
);

// test_coverage: (test function, source function) links.

// INSERT OR REPLACE in the reference (queries/graph.rs insert_test_coverage).
const COVERAGE_REPLACE = sharedStatement(
  (d, testFunctionId: string, sourceFunctionId: string, coverageType: string) =>
    d.db.insertInto('test_coverage').orReplace().values({
      test_function_id: testFunctionId,
      source_function_id: sourceFunctionId,
      coverage_type: coverageType,
    }),
);
const COVERAGE_FOR_SOURCE = sharedStatement((d, sourceFunctionId: string) =>
  d.db
    .selectFrom('test_coverage')
    .select([
      'test_function_id as testFunctionId',
      'source_function_id as sourceFunctionId',
      'coverage_type as coverageType',
    ])
    .where('source_function_id', '=', sourceFunctionId),
);

// test_quality: keyed by function id.

/** The `test_quality` columns selected as {@link TestQualityRow} fields (no conversion needed). */
export const QUALITY_FIELDS = selectList(testQuality, [
  'functionId',
  'coverageBreadth',
  'coverageDepth',
  'assertionDensity',
  'mockRatio',
  'isolation',
  'freshness',
  'stability',
  'overallScore',
  'smells',
]);

// INSERT OR REPLACE in the reference (queries/graph.rs upsert_test_quality, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts a function's test quality (also the batch sink's `InsertTestQuality`). */
export const TEST_QUALITY_REPLACE = insertStatement(testQuality, { mode: 'replace' });
const QUALITY_GET = sharedStatement((d, functionId: string) =>
  d.db.selectFrom('test_quality').select(QUALITY_FIELDS).where('function_id', '=', functionId),
);

/**
 * The {@link IDriftStructural} methods on the graph tables (reachability, taint, error gaps, impact, test
 * coverage and quality) that only read, by method name.
 */
export const graphReads = defineReads<IDriftStructural>()({
  getReachability: first(REACH_GET),
  getTaintFlowsByFile: every(TAINT_BY_FILE, decodeTaint),
  getTaintFlowsByCwe: every(TAINT_BY_CWE, decodeTaint),
  getErrorGapsByFile: every(GAPS_BY_FILE),
  getImpactScore: first(IMPACT_GET, decodeImpact),
  getTestCoverageForSource: every(COVERAGE_FOR_SOURCE),
  getTestQuality: first(QUALITY_GET),
});

/**
 * The {@link IDriftStructural} methods on the graph tables (reachability, taint, error gaps, impact, test
 * coverage and quality) that write, by method name.
 */
export const graphWrites = defineWrites<IDriftStructural>()({
  upsertReachability: effect(REACHABILITY_REPLACE.statement, REACHABILITY_REPLACE.args),
  clearReachabilityCache: effect(REACH_CLEAR),
  insertTaintFlow: function* (row) {
    return (yield* get(TAINT_FLOW_RETURNING, TAINT_FLOW_INSERT.args(row)))!.id;
  },
  insertErrorGap: function* (row) {
    return (yield* get(ERROR_GAP_RETURNING, ERROR_GAP_INSERT.args(row)))!.id;
  },
  upsertImpactScore: effect(IMPACT_SCORE_REPLACE.statement, IMPACT_SCORE_REPLACE.args),
  insertTestCoverage: effect(
    COVERAGE_REPLACE,
    (row) => [row.testFunctionId, row.sourceFunctionId, row.coverageType] as const,
  ),
  upsertTestQuality: effect(TEST_QUALITY_REPLACE.statement, TEST_QUALITY_REPLACE.args),
});
