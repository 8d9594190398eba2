import type { FeedbackAdjustment, FeedbackStats, IDriftEnforcement, ViolationRow } from '../../index.js';
import {
  auditSnapshots,
  degradationAlerts,
  feedback,
  gateResults,
  policyResults,
  violations,
} from '../../schema/index.js';
import { decoderOf, insertStatement, selectList } from '../database.js';
import { all, defineReads, defineWrites, effect, every, first, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// dialect: these statements' ORDER BY has no tie-breaker, as the reference's: rows that tie come in
// the order SQLite's plan gives them (insertion order after a sort; descending rowid where an index is
// scanned backwards). Another dialect gives ties no order unless it adds the rowid order (`d.rowid()`).

// violations: one row per rule violation, keyed by the caller's id.

// The fields of a ViolationRow: what its reads select and its decoder converts, and what its
// insert writes (every one the caller gives; only created_at is the store's).
const VIOLATION_ROW = [
  'id',
  'file',
  'line',
  'column',
  'endLine',
  'endColumn',
  'severity',
  'patternId',
  'ruleId',
  'message',
  'quickFixStrategy',
  'quickFixDescription',
  'cweId',
  'owaspCategory',
  'suppressed',
  'isNew',
] as const;
/** The `violations` columns selected as {@link ViolationRow} fields. */
export const VIOLATION_FIELDS = selectList(violations, VIOLATION_ROW);

/** Turns a selected `violations` row into a {@link ViolationRow}. */
export const decodeViolation = decoderOf(violations, VIOLATION_ROW);

// INSERT OR REPLACE in the reference (queries/enforcement.rs insert_violation, batch/writer.rs): a
// duplicate id replaces the whole row; created_at is not among its columns, so it starts over.
/**
 * Replaces or inserts a violation (also the batch sink's `InsertViolations`, whose row names the
 * column `columnNum`).
 */
export const VIOLATION_REPLACE = insertStatement(violations, { mode: 'replace', fields: VIOLATION_ROW });
const VIOLATIONS_OF_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('violations').select(VIOLATION_FIELDS).where('file', '=', file).orderBy('line'),
);
const ALL_VIOLATIONS = sharedStatement((d) =>
  d.db.selectFrom('violations').select(VIOLATION_FIELDS).orderBy('file').orderBy('line'),
);
const PATTERN_OF_VIOLATION = sharedStatement((d, id: string) =>
  d.db.selectFrom('violations').select('pattern_id as patternId').where('id', '=', id),
);
// Unsuppressed violations nobody has fixed or dismissed yet.
const COUNT_NEEDS_REVIEW = sharedStatement((d) =>
  d.db
    .selectFrom('violations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('suppressed', '=', 0)
    .where('id', 'not in', (eb) =>
      eb.selectFrom('feedback').select('violation_id').where('action', 'in', ['dismiss', 'fix']),
    ),
);

// gate_results: one row per gate run; run_at is stamped by the store.

const GATE_ROW = [
  'gateId',
  'status',
  'passed',
  'score',
  'summary',
  'violationCount',
  'warningCount',
  'executionTimeMs',
  'details',
  'error',
  'runAt',
] as const;
const GATE_FIELDS = selectList(gateResults, GATE_ROW);

const decodeGate = decoderOf(gateResults, GATE_ROW);

/** Inserts a gate result (also the batch sink's `InsertGateResults`). */
export const GATE_RESULT_INSERT = insertStatement(gateResults, {
  mode: 'insert',
  fields: [
    'gateId',
    'status',
    'passed',
    'score',
    'summary',
    'violationCount',
    'warningCount',
    'executionTimeMs',
    'details',
    'error',
  ],
});
// The newest run of every gate, by gate id (queries/enforcement.rs query_gate_results). Two runs of a
// gate in the same second tie; SQLite's window sort keeps them in scan order, so the first one
// written is answered, as in the reference.
// dialect: the tie of two runs in one second is left to SQLite's window sort (scan order).
const LATEST_GATE_RUNS = sharedStatement((d) =>
  d.db
    .selectFrom((eb) =>
      eb
        .selectFrom('gate_results')
        .selectAll()
        .select((sb) =>
          sb.fn
            .agg<number>('row_number')
            .over((ob) => ob.partitionBy('gate_id').orderBy('run_at', 'desc'))
            .as('recency'),
        )
        .as('ranked'),
    )
    .select(GATE_FIELDS)
    .where('recency', '=', 1)
    .orderBy('gate_id'),
);

// audit_snapshots: health of the pattern set over time.

const AUDIT_FIELDS = selectList(auditSnapshots, [
  'healthScore',
  'avgConfidence',
  'approvalRatio',
  'complianceRate',
  'crossValidationRate',
  'duplicateFreeRate',
  'patternCount',
  'categoryScores',
  'createdAt',
]);

const AUDIT_INSERT = sharedStatement(
  (
    d,
    healthScore: number,
    avgConfidence: number,
    approvalRatio: number,
    complianceRate: number,
    crossValidationRate: number,
    duplicateFreeRate: number,
    patternCount: number,
    categoryScores: string | null,
  ) =>
    d.db.insertInto('audit_snapshots').values({
      health_score: healthScore,
      avg_confidence: avgConfidence,
      approval_ratio: approvalRatio,
      compliance_rate: complianceRate,
      cross_validation_rate: crossValidationRate,
      duplicate_free_rate: duplicateFreeRate,
      pattern_count: patternCount,
      category_scores: categoryScores,
    }),
);
const RECENT_AUDITS = sharedStatement((d, limit: number) =>
  d.db.selectFrom('audit_snapshots').select(AUDIT_FIELDS).orderBy('created_at', 'desc').limit(limit),
);

// health_trends: samples of named health metrics.

const TREND_INSERT = sharedStatement((d, metricName: string, metricValue: number) =>
  d.db.insertInto('health_trends').values({ metric_name: metricName, metric_value: metricValue }),
);
const RECENT_TRENDS = sharedStatement((d, metricName: string, limit: number) =>
  d.db
    .selectFrom('health_trends')
    .select(['metric_name as metricName', 'metric_value as metricValue', 'recorded_at as recordedAt'])
    .where('metric_name', '=', metricName)
    .orderBy('recorded_at', 'desc')
    .limit(limit),
);

// feedback: developers' reactions to violations.

const FEEDBACK_FIELDS = selectList(feedback, [
  'violationId',
  'patternId',
  'detectorId',
  'action',
  'dismissalReason',
  'reason',
  'author',
  'createdAt',
]);

const FEEDBACK_INSERT = sharedStatement(
  (
    d,
    violationId: string,
    patternId: string,
    detectorId: string,
    action: string,
    dismissalReason: string | null,
    reason: string | null,
    author: string | null,
  ) =>
    d.db.insertInto('feedback').values({
      violation_id: violationId,
      pattern_id: patternId,
      detector_id: detectorId,
      action: action,
      dismissal_reason: dismissalReason,
      reason: reason,
      author: author,
    }),
);
const FEEDBACK_OF_DETECTOR = sharedStatement((d, detectorId: string) =>
  d.db
    .selectFrom('feedback')
    .select(FEEDBACK_FIELDS)
    .where('detector_id', '=', detectorId)
    .orderBy('created_at', 'desc'),
);
const FEEDBACK_OF_PATTERN = sharedStatement((d, patternId: string) =>
  d.db
    .selectFrom('feedback')
    .select(FEEDBACK_FIELDS)
    .where('pattern_id', '=', patternId)
    .orderBy('created_at', 'desc'),
);
const FEEDBACK_BY_ACTION = sharedStatement((d) =>
  d.db
    .selectFrom('feedback')
    .select((eb) => ['action', eb.fn.countAll<number>().as('n')])
    .groupBy('action'),
);

/** The (alpha delta, beta delta) a feedback action applies to its pattern's Beta posterior (the reference's table). */
function feedbackDeltas(action: string, dismissalReason: string | null): FeedbackAdjustment {
  switch (action) {
    case 'fix':
      return [1.0, 0.0];
    case 'dismiss':
      switch (dismissalReason) {
        case 'false_positive':
          return [0.0, 0.5];
        case 'wont_fix':
        case 'duplicate':
          return [0.0, 0.0];
        default: // not_applicable, no reason, or an unknown reason
          return [0.0, 0.25];
      }
    case 'suppress':
      return [0.0, 0.1];
    case 'escalate':
      return [0.5, 0.0];
    default:
      return [0.0, 0.0];
  }
}

// policy_results: evaluations of policies over their gates.

const POLICY_FIELDS = selectList(policyResults);

const decodePolicy = decoderOf(policyResults);

const POLICY_INSERT = sharedStatement(
  (
    d,
    policyName: string,
    aggregationMode: string,
    overallPassed: boolean,
    overallScore: number,
    gateCount: number,
    gatesPassed: number,
    gatesFailed: number,
    details: string | null,
  ) =>
    d.db.insertInto('policy_results').values({
      policy_name: policyName,
      aggregation_mode: aggregationMode,
      overall_passed: overallPassed,
      overall_score: overallScore,
      gate_count: gateCount,
      gates_passed: gatesPassed,
      gates_failed: gatesFailed,
      details: details,
    }),
);
const RECENT_POLICIES = sharedStatement((d, limit: number) =>
  d.db.selectFrom('policy_results').select(POLICY_FIELDS).orderBy('run_at', 'desc').limit(limit),
);

// degradation_alerts: metrics that got worse.

const ALERT_FIELDS = selectList(degradationAlerts);

/** Inserts a degradation alert (also the batch sink's `InsertDegradationAlerts`). */
export const DEGRADATION_ALERT_INSERT = insertStatement(degradationAlerts, { mode: 'insert' });
const RECENT_ALERTS = sharedStatement((d, limit: number) =>
  d.db.selectFrom('degradation_alerts').select(ALERT_FIELDS).orderBy('created_at', 'desc').limit(limit),
);
const ALERTS_OF_TYPE = sharedStatement((d, alertType: string) =>
  d.db
    .selectFrom('degradation_alerts')
    .select(ALERT_FIELDS)
    .where('alert_type', '=', alertType)
    .orderBy('created_at', 'desc'),
);

/** The {@link IDriftEnforcement} methods that only read, by method name. */
export const enforcementReads = defineReads<IDriftEnforcement>()({
  queryViolationsByFile: every(VIOLATIONS_OF_FILE, decodeViolation),
  queryAllViolations: every(ALL_VIOLATIONS, decodeViolation),
  queryGateResults: every(LATEST_GATE_RUNS, decodeGate),
  queryAuditSnapshots: every(RECENT_AUDITS),
  queryHealthTrends: every(RECENT_TRENDS),
  queryFeedbackByDetector: every(FEEDBACK_OF_DETECTOR),
  queryFeedbackByPattern: every(FEEDBACK_OF_PATTERN),
  // The reference maps its query_feedback_by_pattern rows (same statement, same order).
  queryFeedbackAdjustments: every(FEEDBACK_OF_PATTERN, (f) => feedbackDeltas(f.action, f.dismissalReason)),
  getViolationPatternId: first(PATTERN_OF_VIOLATION, (row) => row.patternId),
  *queryFeedbackStats() {
    const stats = { totalCount: 0, fixCount: 0, dismissCount: 0, suppressCount: 0, escalateCount: 0 };
    for (const { action, n } of yield* all(FEEDBACK_BY_ACTION)) {
      if (action === 'fix') stats.fixCount = n;
      else if (action === 'dismiss') stats.dismissCount = n;
      else if (action === 'suppress') stats.suppressCount = n;
      else if (action === 'escalate') stats.escalateCount = n;
      stats.totalCount += n; // unknown actions count toward the total only, as in the reference
    }
    return stats satisfies FeedbackStats;
  },
  countNeedsReview: scalar(COUNT_NEEDS_REVIEW, 'n'),
  queryRecentPolicyResults: every(RECENT_POLICIES, decodePolicy),
  queryRecentDegradationAlerts: every(RECENT_ALERTS),
  queryDegradationAlertsByType: every(ALERTS_OF_TYPE),
});

/** The {@link IDriftEnforcement} methods that write, by method name. */
export const enforcementWrites = defineWrites<IDriftEnforcement>()({
  insertViolation: effect(VIOLATION_REPLACE.statement, (v) => VIOLATION_REPLACE.args(v)),
  insertGateResult: effect(GATE_RESULT_INSERT.statement, (g) => GATE_RESULT_INSERT.args(g)),
  insertAuditSnapshot: effect(
    AUDIT_INSERT,
    (s) =>
      [
        s.healthScore,
        s.avgConfidence,
        s.approvalRatio,
        s.complianceRate,
        s.crossValidationRate,
        s.duplicateFreeRate,
        s.patternCount,
        s.categoryScores,
      ] as const,
  ),
  insertHealthTrend: effect(TREND_INSERT),
  insertFeedback: effect(
    FEEDBACK_INSERT,
    (f) =>
      [f.violationId, f.patternId, f.detectorId, f.action, f.dismissalReason, f.reason, f.author] as const,
  ),
  insertPolicyResult: effect(
    POLICY_INSERT,
    (p) =>
      [
        p.policyName,
        p.aggregationMode,
        p.overallPassed,
        p.overallScore,
        p.gateCount,
        p.gatesPassed,
        p.gatesFailed,
        p.details,
      ] as const,
  ),
  insertDegradationAlert: effect(DEGRADATION_ALERT_INSERT.statement, (a) => DEGRADATION_ALERT_INSERT.args(a)),
});
