import { StorageError } from '../../errors.js';
import type { IDriftReader } from '../../index.js';
import { defineReads, first, get, scalar } from '../methods.js';
import { sharedFamily, sharedList, sharedStatement } from '../statement.js';

// The grounding bridge's evidence reads. Each answer that combines several counts comes from one
// statement, so it reflects a single snapshot of the database.

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/**
 * Parses an integer id the way the reference does (Rust `str::parse::<i64>`, falling back to 0): an
 * optional sign and ASCII digits only, within the 64-bit range. Ids past 2^53 stay exact as bigint.
 */
export function parseIntegerId(text: string): number | bigint {
  if (!/^[+-]?[0-9]+$/.test(text)) return 0;
  const value = BigInt(text);
  if (value < I64_MIN || value > I64_MAX) return 0;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

const CONFIDENCE_OF_PATTERN = sharedStatement((d, patternId: string) =>
  d.db.selectFrom('pattern_confidence').select('posterior_mean as value').where('pattern_id', '=', patternId),
);
const OCCURRENCE_COUNTS = sharedStatement((d, patternId: string) =>
  d.db.selectNoFrom((eb) => [
    eb
      .selectFrom('detections')
      .select((sb) => sb.fn.count<number>('file').distinct().as('n'))
      .as('filesWithAny'),
    eb
      .selectFrom('detections')
      .select((sb) => sb.fn.count<number>('file').distinct().as('n'))
      .where('pattern_id', '=', patternId)
      .as('filesWithPattern'),
  ]),
);
const FEEDBACK_COUNTS = sharedStatement((d, patternId: string) =>
  d.db
    .selectFrom('feedback')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.countAll<number>().filterWhere('action', '=', 'dismiss').as('dismissed'),
    ])
    .where('pattern_id', '=', patternId),
);
const LATEST_VERIFICATION = sharedStatement((d, constraintId: string) =>
  d.db
    .selectFrom('constraint_verifications')
    .select('passed')
    .where('constraint_id', '=', constraintId)
    // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
    .orderBy('verified_at', 'desc')
    .limit(1),
);
const INSTABILITY_OF_MODULE = sharedStatement((d, module: string) =>
  d.db.selectFrom('coupling_metrics').select('instability as value').where('module', '=', module),
);
const DNA_HEALTH = sharedStatement((d) =>
  d.db
    .selectFrom('dna_genes')
    // dialect: PostgreSQL's avg is numeric (the pg driver answers a string); cast to double precision.
    .select((eb) => eb.fn.avg<number | null>(eb('confidence', '*', eb.ref('consistency'))).as('value')),
);
const TEST_SCORE_OF_FUNCTION = sharedStatement((d, functionId: string) =>
  d.db.selectFrom('test_quality').select('overall_score as value').where('function_id', '=', functionId),
);
const ERROR_GAPS_UNDER = sharedStatement((d, file: string) =>
  d.db
    .selectFrom('error_gaps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    // dialect: SQLite's LIKE is ASCII case-insensitive; PostgreSQL needs ILIKE (or lower() on both).
    .where('file', 'like', file),
);
const DECISION_CONFIDENCE = sharedStatement((d, id: number | bigint) =>
  // An id past 2^53 is bound as a bigint, exactly; Kysely types the column as a number.
  d.db
    .selectFrom('decisions')
    .select('confidence as value')
    .where('id', '=', id as number),
);
const BOUNDARY_CONFIDENCE = sharedStatement((d, id: number | bigint) =>
  // An id past 2^53 is bound as a bigint, exactly; Kysely types the column as a number.
  d.db
    .selectFrom('boundaries')
    .select('confidence as value')
    .where('id', '=', id as number),
);
const UNSANITIZED_FLOWS_FROM = sharedStatement((d, sourceFile: string) =>
  d.db
    .selectFrom('taint_flows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source_file', '=', sourceFile)
    // dialect: a boolean compared with 0; PostgreSQL needs `= false`.
    .where('is_sanitized', '=', 0),
);
const CALL_GRAPH_COUNTS = sharedStatement((d, callerId: number | bigint) =>
  d.db.selectNoFrom((eb) => [
    eb
      .selectFrom('functions')
      .select((sb) => sb.fn.countAll<number>().as('n'))
      .as('functionCount'),
    eb
      .selectFrom('call_edges')
      .select((sb) => sb.fn.count<number>('callee_id').distinct().as('n'))
      .where('caller_id', '=', callerId as number) // a bigint binds exactly; Kysely types the column as a number
      .as('calleeCount'),
  ]),
);
/** Most ids bound in one `IN (...)` list; longer lists are counted in chunks. */
const MATCH_CHUNK = 500;
const COUNT_PATTERNS_IN = sharedFamily((length: number) =>
  sharedList(length, (d, patternIds: readonly string[]) =>
    d.db
      .selectFrom('pattern_confidence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('pattern_id', 'in', patternIds),
  ),
);
const LATEST_COMPLETED_SCAN = sharedStatement((d) =>
  d.db
    .selectFrom('scan_history')
    // dialect: SQLite's CAST of an integer to text; PostgreSQL spells the type `text` too, but the
    // reference's i64 read of it is the point (see latestScanTimestamp).
    .select((eb) => eb.cast<string | null>('completed_at', 'text').as('completedAt'))
    .where('status', '=', 'completed')
    // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
    .orderBy('completed_at', 'desc')
    .limit(1),
);

/** `n`, or null when it is 0 (the reference's "no evidence" for counts). */
const nonZero = (n: number): number | null => (n === 0 ? null : n);

/** Every {@link IDriftReader} method (all of them read), by method name. */
export const readerReads = defineReads<IDriftReader>()({
  patternConfidence: first(CONFIDENCE_OF_PATTERN, (row) => row.value),
  patternOccurrenceRate: function* (patternId) {
    const { filesWithAny, filesWithPattern } = (yield* get(OCCURRENCE_COUNTS, [patternId]))!;
    if (!filesWithPattern) return null;
    return filesWithPattern / (filesWithAny || 1);
  },
  falsePositiveRate: function* (patternId) {
    const { total, dismissed } = (yield* get(FEEDBACK_COUNTS, [patternId]))!;
    return total === 0 ? null : dismissed / total;
  },
  constraintVerified: first(
    LATEST_VERIFICATION,
    (row) => row.passed !== 0 && (row.passed as unknown) !== false,
  ),
  couplingMetric: first(INSTABILITY_OF_MODULE, (row) => row.value),
  dnaHealth: scalar(DNA_HEALTH, 'value'),
  testCoverage: first(TEST_SCORE_OF_FUNCTION, (row) => row.value),
  // The reference matches with LIKE: ASCII case-insensitive, and `%`/`_` in the prefix are wildcards.
  errorHandlingGaps: function* (filePrefix) {
    return nonZero((yield* get(ERROR_GAPS_UNDER, [`${filePrefix}%`]))!.n);
  },
  decisionEvidence: first(
    DECISION_CONFIDENCE,
    (row) => row.value,
    (decisionId) => [parseIntegerId(decisionId)] as const,
  ),
  boundaryData: first(
    BOUNDARY_CONFIDENCE,
    (row) => row.value,
    (boundaryId) => [parseIntegerId(boundaryId)] as const,
  ),
  taintFlowRisk: function* (file) {
    return nonZero((yield* get(UNSANITIZED_FLOWS_FROM, [file]))!.n);
  },
  callGraphCoverage: function* (functionId) {
    const { functionCount, calleeCount } = (yield* get(CALL_GRAPH_COUNTS, [parseIntegerId(functionId)]))!;
    if (!functionCount) return null;
    return (calleeCount ?? 0) / functionCount;
  },
  countMatchingPatterns: function* (patternIds) {
    const distinct = [...new Set(patternIds)];
    let count = 0;
    for (let start = 0; start < distinct.length; start += MATCH_CHUNK) {
      const chunk = distinct.slice(start, start + MATCH_CHUNK);
      count += (yield* get(COUNT_PATTERNS_IN(chunk.length), chunk))!.n;
    }
    return count;
  },
  latestScanTimestamp: function* () {
    const row = yield* get(LATEST_COMPLETED_SCAN);
    if (row === undefined) return null;
    // The reference reads completed_at as i64 (engine.rs latest_scan_timestamp): a completed scan
    // without one fails its query rather than answering None.
    if (row.completedAt === null) {
      throw new StorageError(
        'SQLITE_ERROR',
        'latestScanTimestamp: the latest completed scan has no completed_at (the row is inconsistent)',
        { operation: 'latestScanTimestamp' },
      );
    }
    return row.completedAt;
  },
});
