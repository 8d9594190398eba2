import type { IDriftStructural, ImpactScoreRow, TaintFlowRow, TestQualityRow } from '@drift/storage-traits';
import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import {
  errorGaps,
  impactScores,
  reachabilityCache,
  taintFlows,
  testQuality,
} from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, replaceInto, statement } from '../statements.js';

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
const REACH_GET = statement((sourceNode: string, direction: string) =>
  qb
    .selectFrom('reachability_cache')
    .select(REACH_FIELDS)
    .where('source_node', '=', sourceNode)
    .where('direction', '=', direction),
);
const REACH_CLEAR = statement(() => qb.deleteFrom('reachability_cache'));

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
const TAINT_BY_FILE = statement((sourceFile: string) =>
  qb
    .selectFrom('taint_flows')
    .select(TAINT_FIELDS)
    .where((eb) => eb.or([eb('source_file', '=', sourceFile), eb('sink_file', '=', sourceFile)])),
);
const TAINT_BY_CWE = statement((cweId: number) =>
  qb.selectFrom('taint_flows').select(TAINT_FIELDS).where('cwe_id', '=', cweId),
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
const GAPS_BY_FILE = statement((file: string) =>
  qb.selectFrom('error_gaps').select(GAP_FIELDS).where('file', '=', file),
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
const IMPACT_GET = statement((functionId: string) =>
  qb.selectFrom('impact_scores').select(IMPACT_FIELDS).where('function_id', '=', functionId),
);

// test_coverage: (test function, source function) links.

// INSERT OR REPLACE in the reference (queries/graph.rs insert_test_coverage).
const COVERAGE_REPLACE = statement((testFunctionId: string, sourceFunctionId: string, coverageType: string) =>
  replaceInto('test_coverage').values({
    test_function_id: testFunctionId,
    source_function_id: sourceFunctionId,
    coverage_type: coverageType,
  }),
);
const COVERAGE_FOR_SOURCE = statement((sourceFunctionId: string) =>
  qb
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
const QUALITY_GET = statement((functionId: string) =>
  qb.selectFrom('test_quality').select(QUALITY_FIELDS).where('function_id', '=', functionId),
);

/**
 * The {@link IDriftStructural} methods on the graph tables (reachability, taint, error gaps, impact, test
 * coverage and quality) that only read, by method name; the engine runs each on a read-only connection after
 * checking its arguments.
 */
export const graphReads = defineReads<IDriftStructural>()({
  getReachability: (r, sourceNode, direction) => r.get(REACH_GET, [sourceNode, direction]) ?? null,
  getTaintFlowsByFile: (r, file) => r.all(TAINT_BY_FILE, [file]).map(decodeTaint),
  getTaintFlowsByCwe: (r, cweId) => r.all(TAINT_BY_CWE, [cweId]).map(decodeTaint),
  getErrorGapsByFile: (r, file) => r.all(GAPS_BY_FILE, [file]),
  getImpactScore: (r, functionId) => {
    const row = r.get(IMPACT_GET, [functionId]);
    return row === undefined ? null : decodeImpact(row);
  },
  getTestCoverageForSource: (r, sourceFunctionId) => r.all(COVERAGE_FOR_SOURCE, [sourceFunctionId]),
  getTestQuality: (r, functionId) => r.get(QUALITY_GET, [functionId]) ?? null,
});

/**
 * The {@link IDriftStructural} methods on the graph tables (reachability, taint, error gaps, impact, test
 * coverage and quality) that write, by method name; the engine runs each on its one writer connection after
 * checking its arguments.
 */
export const graphWrites = defineWrites<IDriftStructural>()({
  upsertReachability: (w, row) => {
    w.run(REACHABILITY_REPLACE.statement, REACHABILITY_REPLACE.args(row));
  },
  clearReachabilityCache: (w) => {
    w.run(REACH_CLEAR);
  },
  insertTaintFlow: (w, row) =>
    w.run(TAINT_FLOW_INSERT.statement, TAINT_FLOW_INSERT.args(row)).lastInsertRowid,
  insertErrorGap: (w, row) => w.run(ERROR_GAP_INSERT.statement, ERROR_GAP_INSERT.args(row)).lastInsertRowid,
  upsertImpactScore: (w, row) => {
    w.run(IMPACT_SCORE_REPLACE.statement, IMPACT_SCORE_REPLACE.args(row));
  },
  insertTestCoverage: (w, row) => {
    w.run(COVERAGE_REPLACE, [row.testFunctionId, row.sourceFunctionId, row.coverageType]);
  },
  upsertTestQuality: (w, row) => {
    w.run(TEST_QUALITY_REPLACE.statement, TEST_QUALITY_REPLACE.args(row));
  },
});
