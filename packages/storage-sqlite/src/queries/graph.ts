import type {
  ErrorGapInsertRow,
  IDriftStructural,
  ImpactScoreRow,
  ReachabilityCacheRow,
  TaintFlowInsertRow,
  TaintFlowRow,
  TestQualityRow,
} from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, rowDecoder, statement } from '../statements.js';
import { bit } from './bind.js';

// reachability_cache: reachable sets keyed by (source_node, direction).

const REACH_FIELDS = [
  'source_node as sourceNode',
  'direction',
  'reachable_set as reachableSet',
  'sensitivity',
] as const;

// INSERT OR REPLACE in the reference (queries/graph.rs upsert_reachability, batch/writer.rs): the row
// is deleted and inserted anew, so `computed_at` starts over at its DEFAULT.
/** Replaces or inserts a reachability entry (also the batch sink's `InsertReachabilityCache`). */
export const REACHABILITY_REPLACE = statement(
  replaceInto('reachability_cache').values({
    source_node: arg(0),
    direction: arg(1),
    reachable_set: arg(2),
    sensitivity: arg(3),
  }),
);
/** The arguments of {@link REACHABILITY_REPLACE} for a row. */
export function reachabilityArgs(row: ReachabilityCacheRow): unknown[] {
  return [row.sourceNode, row.direction, row.reachableSet, row.sensitivity];
}
const REACH_GET = statement(
  qb
    .selectFrom('reachability_cache')
    .select(REACH_FIELDS)
    .where('source_node', '=', arg(0))
    .where('direction', '=', arg(1)),
);
const REACH_CLEAR = statement(qb.deleteFrom('reachability_cache'));

// taint_flows: source-to-sink flows; append-only.

/** The `taint_flows` columns selected as {@link TaintFlowRow} fields. */
export const TAINT_FIELDS = [
  'id',
  'source_file as sourceFile',
  'source_line as sourceLine',
  'source_type as sourceType',
  'sink_file as sinkFile',
  'sink_line as sinkLine',
  'sink_type as sinkType',
  'cwe_id as cweId',
  'is_sanitized as isSanitized',
  'path',
  'confidence',
] as const;

/** Turns a selected `taint_flows` row into a {@link TaintFlowRow}. */
export const decodeTaint = rowDecoder<TaintFlowRow>({ bool: ['isSanitized'] });

/** Inserts a taint flow (also the batch sink's `InsertTaintFlows`). */
export const TAINT_FLOW_INSERT = statement(
  qb.insertInto('taint_flows').values({
    source_file: arg(0),
    source_line: arg(1),
    source_type: arg(2),
    sink_file: arg(3),
    sink_line: arg(4),
    sink_type: arg(5),
    cwe_id: arg(6),
    is_sanitized: arg(7),
    path: arg(8),
    confidence: arg(9),
  }),
);
/** The arguments of {@link TAINT_FLOW_INSERT} for a row. */
export function taintFlowArgs(row: TaintFlowInsertRow): unknown[] {
  return [
    row.sourceFile,
    row.sourceLine,
    row.sourceType,
    row.sinkFile,
    row.sinkLine,
    row.sinkType,
    row.cweId,
    bit(row.isSanitized),
    row.path,
    row.confidence,
  ];
}
const TAINT_BY_FILE = statement(
  qb
    .selectFrom('taint_flows')
    .select(TAINT_FIELDS)
    .where((eb) => eb.or([eb('source_file', '=', arg(0)), eb('sink_file', '=', arg(0))])),
);
const TAINT_BY_CWE = statement(
  qb.selectFrom('taint_flows').select(TAINT_FIELDS).where('cwe_id', '=', arg(0)),
);

// error_gaps: unhandled errors; append-only.

/** The `error_gaps` columns selected as `ErrorGapRow` fields (no conversion needed). */
export const GAP_FIELDS = [
  'id',
  'file',
  'function_id as functionId',
  'gap_type as gapType',
  'error_type as errorType',
  'propagation_chain as propagationChain',
  'framework',
  'cwe_id as cweId',
  'severity',
] as const;

/** Inserts an error gap (also the batch sink's `InsertErrorGaps`). */
export const ERROR_GAP_INSERT = statement(
  qb.insertInto('error_gaps').values({
    file: arg(0),
    function_id: arg(1),
    gap_type: arg(2),
    error_type: arg(3),
    propagation_chain: arg(4),
    framework: arg(5),
    cwe_id: arg(6),
    severity: arg(7),
  }),
);
/** The arguments of {@link ERROR_GAP_INSERT} for a row. */
export function errorGapArgs(row: ErrorGapInsertRow): unknown[] {
  return [
    row.file,
    row.functionId,
    row.gapType,
    row.errorType,
    row.propagationChain,
    row.framework,
    row.cweId,
    row.severity,
  ];
}
const GAPS_BY_FILE = statement(qb.selectFrom('error_gaps').select(GAP_FIELDS).where('file', '=', arg(0)));

// impact_scores: keyed by function id.

/** The `impact_scores` columns selected as {@link ImpactScoreRow} fields. */
export const IMPACT_FIELDS = [
  'function_id as functionId',
  'blast_radius as blastRadius',
  'risk_score as riskScore',
  'is_dead_code as isDeadCode',
  'dead_code_reason as deadCodeReason',
  'exclusion_category as exclusionCategory',
] as const;

/** Turns a selected `impact_scores` row into an {@link ImpactScoreRow}. */
export const decodeImpact = rowDecoder<ImpactScoreRow>({ bool: ['isDeadCode'] });

// INSERT OR REPLACE in the reference (queries/graph.rs upsert_impact_score, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts an impact score (also the batch sink's `InsertImpactScores`). */
export const IMPACT_SCORE_REPLACE = statement(
  replaceInto('impact_scores').values({
    function_id: arg(0),
    blast_radius: arg(1),
    risk_score: arg(2),
    is_dead_code: arg(3),
    dead_code_reason: arg(4),
    exclusion_category: arg(5),
  }),
);
/** The arguments of {@link IMPACT_SCORE_REPLACE} for a row. */
export function impactScoreArgs(row: ImpactScoreRow): unknown[] {
  return [
    row.functionId,
    row.blastRadius,
    row.riskScore,
    bit(row.isDeadCode),
    row.deadCodeReason,
    row.exclusionCategory,
  ];
}
const IMPACT_GET = statement(
  qb.selectFrom('impact_scores').select(IMPACT_FIELDS).where('function_id', '=', arg(0)),
);

// test_coverage: (test function, source function) links.

// INSERT OR REPLACE in the reference (queries/graph.rs insert_test_coverage).
const COVERAGE_REPLACE = statement(
  replaceInto('test_coverage').values({
    test_function_id: arg(0),
    source_function_id: arg(1),
    coverage_type: arg(2),
  }),
);
const COVERAGE_FOR_SOURCE = statement(
  qb
    .selectFrom('test_coverage')
    .select([
      'test_function_id as testFunctionId',
      'source_function_id as sourceFunctionId',
      'coverage_type as coverageType',
    ])
    .where('source_function_id', '=', arg(0)),
);

// test_quality: keyed by function id.

/** The `test_quality` columns selected as {@link TestQualityRow} fields (no conversion needed). */
export const QUALITY_FIELDS = [
  'function_id as functionId',
  'coverage_breadth as coverageBreadth',
  'coverage_depth as coverageDepth',
  'assertion_density as assertionDensity',
  'mock_ratio as mockRatio',
  'isolation',
  'freshness',
  'stability',
  'overall_score as overallScore',
  'smells',
] as const;

// INSERT OR REPLACE in the reference (queries/graph.rs upsert_test_quality, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts a function's test quality (also the batch sink's `InsertTestQuality`). */
export const TEST_QUALITY_REPLACE = statement(
  replaceInto('test_quality').values({
    function_id: arg(0),
    coverage_breadth: arg(1),
    coverage_depth: arg(2),
    assertion_density: arg(3),
    mock_ratio: arg(4),
    isolation: arg(5),
    freshness: arg(6),
    stability: arg(7),
    overall_score: arg(8),
    smells: arg(9),
  }),
);
/** The arguments of {@link TEST_QUALITY_REPLACE} for a row. */
export function testQualityArgs(row: TestQualityRow): unknown[] {
  return [
    row.functionId,
    row.coverageBreadth,
    row.coverageDepth,
    row.assertionDensity,
    row.mockRatio,
    row.isolation,
    row.freshness,
    row.stability,
    row.overallScore,
    row.smells,
  ];
}
const QUALITY_GET = statement(
  qb.selectFrom('test_quality').select(QUALITY_FIELDS).where('function_id', '=', arg(0)),
);

/** Graph reads (reachability, taint, error gaps, impact, test coverage and quality) of {@link IDriftStructural}. */
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

/** Graph writes (reachability, taint, error gaps, impact, test coverage and quality) of {@link IDriftStructural}. */
export const graphWrites = defineWrites<IDriftStructural>()({
  upsertReachability: (w, row) => {
    w.run(REACHABILITY_REPLACE, reachabilityArgs(row));
  },
  clearReachabilityCache: (w) => {
    w.run(REACH_CLEAR);
  },
  insertTaintFlow: (w, row) => w.run(TAINT_FLOW_INSERT, taintFlowArgs(row)).lastInsertRowid,
  insertErrorGap: (w, row) => w.run(ERROR_GAP_INSERT, errorGapArgs(row)).lastInsertRowid,
  upsertImpactScore: (w, row) => {
    w.run(IMPACT_SCORE_REPLACE, impactScoreArgs(row));
  },
  insertTestCoverage: (w, row) => {
    w.run(COVERAGE_REPLACE, [row.testFunctionId, row.sourceFunctionId, row.coverageType]);
  },
  upsertTestQuality: (w, row) => {
    w.run(TEST_QUALITY_REPLACE, testQualityArgs(row));
  },
});
