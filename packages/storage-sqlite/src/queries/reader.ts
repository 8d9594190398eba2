import { type IDriftReader, StorageError } from '@drift/storage-traits';
import { defineReads, listStatement, qb, statement, statementFamily } from '../statements.js';

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

const CONFIDENCE_OF_PATTERN = statement((patternId: string) =>
  qb.selectFrom('pattern_confidence').select('posterior_mean as value').where('pattern_id', '=', patternId),
);
const OCCURRENCE_COUNTS = statement((patternId: string) =>
  qb.selectNoFrom((eb) => [
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
const FEEDBACK_COUNTS = statement((patternId: string) =>
  qb
    .selectFrom('feedback')
    .select((eb) => [
      eb.fn.countAll<number>().as('total'),
      eb.fn.countAll<number>().filterWhere('action', '=', 'dismiss').as('dismissed'),
    ])
    .where('pattern_id', '=', patternId),
);
const LATEST_VERIFICATION = statement((constraintId: string) =>
  qb
    .selectFrom('constraint_verifications')
    .select('passed')
    .where('constraint_id', '=', constraintId)
    .orderBy('verified_at', 'desc')
    .limit(1),
);
const INSTABILITY_OF_MODULE = statement((module: string) =>
  qb.selectFrom('coupling_metrics').select('instability as value').where('module', '=', module),
);
const DNA_HEALTH = statement(() =>
  qb
    .selectFrom('dna_genes')
    .select((eb) => eb.fn.avg<number | null>(eb('confidence', '*', eb.ref('consistency'))).as('value')),
);
const TEST_SCORE_OF_FUNCTION = statement((functionId: string) =>
  qb.selectFrom('test_quality').select('overall_score as value').where('function_id', '=', functionId),
);
const ERROR_GAPS_UNDER = statement((file: string) =>
  qb
    .selectFrom('error_gaps')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('file', 'like', file),
);
const DECISION_CONFIDENCE = statement((id: number | bigint) =>
  // An id past 2^53 is bound as a bigint, exactly; Kysely types the column as a number.
  qb
    .selectFrom('decisions')
    .select('confidence as value')
    .where('id', '=', id as number),
);
const BOUNDARY_CONFIDENCE = statement((id: number | bigint) =>
  // An id past 2^53 is bound as a bigint, exactly; Kysely types the column as a number.
  qb
    .selectFrom('boundaries')
    .select('confidence as value')
    .where('id', '=', id as number),
);
const UNSANITIZED_FLOWS_FROM = statement((sourceFile: string) =>
  qb
    .selectFrom('taint_flows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source_file', '=', sourceFile)
    .where('is_sanitized', '=', 0),
);
const CALL_GRAPH_COUNTS = statement((callerId: number | bigint) =>
  qb.selectNoFrom((eb) => [
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
const COUNT_PATTERNS_IN = statementFamily((length: number) =>
  listStatement(length, (patternIds: readonly string[]) =>
    qb
      .selectFrom('pattern_confidence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('pattern_id', 'in', patternIds),
  ),
);
const LATEST_COMPLETED_SCAN = statement(() =>
  qb
    .selectFrom('scan_history')
    .select((eb) => eb.cast<string | null>('completed_at', 'text').as('completedAt'))
    .where('status', '=', 'completed')
    .orderBy('completed_at', 'desc')
    .limit(1),
);

/** `n`, or null when it is 0 (the reference's "no evidence" for counts). */
const nonZero = (n: number): number | null => (n === 0 ? null : n);

/**
 * Every {@link IDriftReader} method (all of them read), by method name; the engine runs each on a read-only
 * connection.
 */
export const readerReads = defineReads<IDriftReader>()({
  patternConfidence: (r, patternId) => r.get(CONFIDENCE_OF_PATTERN, [patternId])?.value ?? null,
  patternOccurrenceRate: (r, patternId) => {
    const { filesWithAny, filesWithPattern } = r.get(OCCURRENCE_COUNTS, [patternId])!;
    if (!filesWithPattern) return null;
    return filesWithPattern / (filesWithAny || 1);
  },
  falsePositiveRate: (r, patternId) => {
    const { total, dismissed } = r.get(FEEDBACK_COUNTS, [patternId])!;
    return total === 0 ? null : dismissed / total;
  },
  constraintVerified: (r, constraintId) => {
    const row = r.get(LATEST_VERIFICATION, [constraintId]);
    return row === undefined ? null : row.passed !== 0;
  },
  couplingMetric: (r, module) => r.get(INSTABILITY_OF_MODULE, [module])?.value ?? null,
  dnaHealth: (r) => r.get(DNA_HEALTH)!.value,
  testCoverage: (r, functionId) => r.get(TEST_SCORE_OF_FUNCTION, [functionId])?.value ?? null,
  // The reference matches with LIKE: ASCII case-insensitive, and `%`/`_` in the prefix are wildcards.
  errorHandlingGaps: (r, filePrefix) => nonZero(r.get(ERROR_GAPS_UNDER, [`${filePrefix}%`])!.n),
  decisionEvidence: (r, decisionId) =>
    r.get(DECISION_CONFIDENCE, [parseIntegerId(decisionId)])?.value ?? null,
  boundaryData: (r, boundaryId) => r.get(BOUNDARY_CONFIDENCE, [parseIntegerId(boundaryId)])?.value ?? null,
  taintFlowRisk: (r, file) => nonZero(r.get(UNSANITIZED_FLOWS_FROM, [file])!.n),
  callGraphCoverage: (r, functionId) => {
    const { functionCount, calleeCount } = r.get(CALL_GRAPH_COUNTS, [parseIntegerId(functionId)])!;
    if (!functionCount) return null;
    return (calleeCount ?? 0) / functionCount;
  },
  countMatchingPatterns: (r, patternIds) => {
    const distinct = [...new Set(patternIds)];
    let count = 0;
    for (let start = 0; start < distinct.length; start += MATCH_CHUNK) {
      const chunk = distinct.slice(start, start + MATCH_CHUNK);
      count += r.get(COUNT_PATTERNS_IN(chunk.length), chunk)!.n;
    }
    return count;
  },
  latestScanTimestamp: (r) => {
    const row = r.get(LATEST_COMPLETED_SCAN);
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
