import type {
  FeedbackAdjustment,
  FeedbackStats,
  IDriftEnforcement,
  ViolationRow,
} from '@drift/storage-traits';
import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import {
  auditSnapshots,
  degradationAlerts,
  feedback,
  gateResults,
  policyResults,
  violations,
} from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

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
const VIOLATIONS_OF_FILE = statement((file: string) =>
  qb.selectFrom('violations').select(VIOLATION_FIELDS).where('file', '=', file).orderBy('line'),
);
const ALL_VIOLATIONS = statement(() =>
  qb.selectFrom('violations').select(VIOLATION_FIELDS).orderBy('file').orderBy('line'),
);
const PATTERN_OF_VIOLATION = statement((id: string) =>
  qb.selectFrom('violations').select('pattern_id as patternId').where('id', '=', id),
);
// Unsuppressed violations nobody has fixed or dismissed yet.
const COUNT_NEEDS_REVIEW = statement(() =>
  qb
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
const LATEST_GATE_RUNS = statement(() =>
  qb
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

const AUDIT_INSERT = statement(
  (
    healthScore: number,
    avgConfidence: number,
    approvalRatio: number,
    complianceRate: number,
    crossValidationRate: number,
    duplicateFreeRate: number,
    patternCount: number,
    categoryScores: string | null,
  ) =>
    qb.insertInto('audit_snapshots').values({
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
const RECENT_AUDITS = statement((limit: number) =>
  qb.selectFrom('audit_snapshots').select(AUDIT_FIELDS).orderBy('created_at', 'desc').limit(limit),
);

// health_trends: samples of named health metrics.

const TREND_INSERT = statement((metricName: string, metricValue: number) =>
  qb.insertInto('health_trends').values({ metric_name: metricName, metric_value: metricValue }),
);
const RECENT_TRENDS = statement((metricName: string, limit: number) =>
  qb
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

const FEEDBACK_INSERT = statement(
  (
    violationId: string,
    patternId: string,
    detectorId: string,
    action: string,
    dismissalReason: string | null,
    reason: string | null,
    author: string | null,
  ) =>
    qb.insertInto('feedback').values({
      violation_id: violationId,
      pattern_id: patternId,
      detector_id: detectorId,
      action: action,
      dismissal_reason: dismissalReason,
      reason: reason,
      author: author,
    }),
);
const FEEDBACK_OF_DETECTOR = statement((detectorId: string) =>
  qb
    .selectFrom('feedback')
    .select(FEEDBACK_FIELDS)
    .where('detector_id', '=', detectorId)
    .orderBy('created_at', 'desc'),
);
const FEEDBACK_OF_PATTERN = statement((patternId: string) =>
  qb
    .selectFrom('feedback')
    .select(FEEDBACK_FIELDS)
    .where('pattern_id', '=', patternId)
    .orderBy('created_at', 'desc'),
);
const FEEDBACK_BY_ACTION = statement(() =>
  qb
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

const POLICY_INSERT = statement(
  (
    policyName: string,
    aggregationMode: string,
    overallPassed: boolean,
    overallScore: number,
    gateCount: number,
    gatesPassed: number,
    gatesFailed: number,
    details: string | null,
  ) =>
    qb.insertInto('policy_results').values({
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
const RECENT_POLICIES = statement((limit: number) =>
  qb.selectFrom('policy_results').select(POLICY_FIELDS).orderBy('run_at', 'desc').limit(limit),
);

// degradation_alerts: metrics that got worse.

const ALERT_FIELDS = selectList(degradationAlerts);

/** Inserts a degradation alert (also the batch sink's `InsertDegradationAlerts`). */
export const DEGRADATION_ALERT_INSERT = insertStatement(degradationAlerts, { mode: 'insert' });
const RECENT_ALERTS = statement((limit: number) =>
  qb.selectFrom('degradation_alerts').select(ALERT_FIELDS).orderBy('created_at', 'desc').limit(limit),
);
const ALERTS_OF_TYPE = statement((alertType: string) =>
  qb
    .selectFrom('degradation_alerts')
    .select(ALERT_FIELDS)
    .where('alert_type', '=', alertType)
    .orderBy('created_at', 'desc'),
);

/**
 * The {@link IDriftEnforcement} methods that only read, by method name; the engine runs each on a read-only
 * connection after checking its arguments.
 */
export const enforcementReads = defineReads<IDriftEnforcement>()({
  queryViolationsByFile: (r, file) => r.all(VIOLATIONS_OF_FILE, [file]).map(decodeViolation),
  queryAllViolations: (r) => r.all(ALL_VIOLATIONS).map(decodeViolation),
  queryGateResults: (r) => r.all(LATEST_GATE_RUNS).map(decodeGate),
  queryAuditSnapshots: (r, limit) => r.all(RECENT_AUDITS, [limit]),
  queryHealthTrends: (r, metricName, limit) => r.all(RECENT_TRENDS, [metricName, limit]),
  queryFeedbackByDetector: (r, detectorId) => r.all(FEEDBACK_OF_DETECTOR, [detectorId]),
  queryFeedbackByPattern: (r, patternId) => r.all(FEEDBACK_OF_PATTERN, [patternId]),
  queryFeedbackAdjustments: (r, patternId) =>
    // The reference maps its query_feedback_by_pattern rows (same statement, same order).
    r.all(FEEDBACK_OF_PATTERN, [patternId]).map((f) => feedbackDeltas(f.action, f.dismissalReason)),
  getViolationPatternId: (r, violationId) => r.get(PATTERN_OF_VIOLATION, [violationId])?.patternId ?? null,
  queryFeedbackStats: (r) => {
    const stats = { totalCount: 0, fixCount: 0, dismissCount: 0, suppressCount: 0, escalateCount: 0 };
    for (const { action, n } of r.all(FEEDBACK_BY_ACTION)) {
      if (action === 'fix') stats.fixCount = n;
      else if (action === 'dismiss') stats.dismissCount = n;
      else if (action === 'suppress') stats.suppressCount = n;
      else if (action === 'escalate') stats.escalateCount = n;
      stats.totalCount += n; // unknown actions count toward the total only, as in the reference
    }
    return stats satisfies FeedbackStats;
  },
  countNeedsReview: (r) => r.get(COUNT_NEEDS_REVIEW)!.n,
  queryRecentPolicyResults: (r, limit) => r.all(RECENT_POLICIES, [limit]).map(decodePolicy),
  queryRecentDegradationAlerts: (r, limit) => r.all(RECENT_ALERTS, [limit]),
  queryDegradationAlertsByType: (r, alertType) => r.all(ALERTS_OF_TYPE, [alertType]),
});

/**
 * The {@link IDriftEnforcement} methods that write, by method name; the engine runs each on its one writer
 * connection after checking its arguments.
 */
export const enforcementWrites = defineWrites<IDriftEnforcement>()({
  insertViolation: (w, v) => {
    w.run(VIOLATION_REPLACE.statement, VIOLATION_REPLACE.args(v));
  },
  insertGateResult: (w, g) => {
    w.run(GATE_RESULT_INSERT.statement, GATE_RESULT_INSERT.args(g));
  },
  insertAuditSnapshot: (w, s) => {
    w.run(AUDIT_INSERT, [
      s.healthScore,
      s.avgConfidence,
      s.approvalRatio,
      s.complianceRate,
      s.crossValidationRate,
      s.duplicateFreeRate,
      s.patternCount,
      s.categoryScores,
    ]);
  },
  insertHealthTrend: (w, metricName, metricValue) => {
    w.run(TREND_INSERT, [metricName, metricValue]);
  },
  insertFeedback: (w, f) => {
    w.run(FEEDBACK_INSERT, [
      f.violationId,
      f.patternId,
      f.detectorId,
      f.action,
      f.dismissalReason,
      f.reason,
      f.author,
    ]);
  },
  insertPolicyResult: (w, p) => {
    w.run(POLICY_INSERT, [
      p.policyName,
      p.aggregationMode,
      p.overallPassed,
      p.overallScore,
      p.gateCount,
      p.gatesPassed,
      p.gatesFailed,
      p.details,
    ]);
  },
  insertDegradationAlert: (w, a) => {
    w.run(DEGRADATION_ALERT_INSERT.statement, DEGRADATION_ALERT_INSERT.args(a));
  },
});
