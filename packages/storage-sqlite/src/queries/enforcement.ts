import type {
  DegradationAlertInsertRow,
  FeedbackAdjustment,
  FeedbackStats,
  GateResultInsertRow,
  GateResultRow,
  IDriftEnforcement,
  PolicyResultRow,
  ViolationRow,
} from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, rowDecoder, statement } from '../statements.js';
import { bit } from './bind.js';

// violations: one row per rule violation, keyed by the caller's id.

/** The `violations` columns selected as {@link ViolationRow} fields. */
export const VIOLATION_FIELDS = [
  'id',
  'file',
  'line',
  'column_num as column',
  'end_line as endLine',
  'end_column as endColumn',
  'severity',
  'pattern_id as patternId',
  'rule_id as ruleId',
  'message',
  'quick_fix_strategy as quickFixStrategy',
  'quick_fix_description as quickFixDescription',
  'cwe_id as cweId',
  'owasp_category as owaspCategory',
  'suppressed',
  'is_new as isNew',
] as const;

/** Turns a selected `violations` row into a {@link ViolationRow}. */
export const decodeViolation = rowDecoder<ViolationRow>({ bool: ['suppressed', 'isNew'] });

// INSERT OR REPLACE in the reference (queries/enforcement.rs insert_violation, batch/writer.rs): a
// duplicate id replaces the whole row; created_at is not among its columns, so it starts over.
/**
 * Replaces or inserts a violation (also the batch sink's `InsertViolations`, whose row names the
 * column `columnNum`).
 */
export const VIOLATION_REPLACE = statement(
  replaceInto('violations').values({
    id: arg(0),
    file: arg(1),
    line: arg(2),
    column_num: arg(3),
    end_line: arg(4),
    end_column: arg(5),
    severity: arg(6),
    pattern_id: arg(7),
    rule_id: arg(8),
    message: arg(9),
    quick_fix_strategy: arg(10),
    quick_fix_description: arg(11),
    cwe_id: arg(12),
    owasp_category: arg(13),
    suppressed: arg(14),
    is_new: arg(15),
  }),
);
const VIOLATIONS_OF_FILE = statement(
  qb.selectFrom('violations').select(VIOLATION_FIELDS).where('file', '=', arg(0)).orderBy('line'),
);
const ALL_VIOLATIONS = statement(
  qb.selectFrom('violations').select(VIOLATION_FIELDS).orderBy('file').orderBy('line'),
);
const PATTERN_OF_VIOLATION = statement(
  qb.selectFrom('violations').select('pattern_id as patternId').where('id', '=', arg(0)),
);
// Unsuppressed violations nobody has fixed or dismissed yet.
const COUNT_NEEDS_REVIEW = statement(
  qb
    .selectFrom('violations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('suppressed', '=', 0)
    .where('id', 'not in', (eb) =>
      eb.selectFrom('feedback').select('violation_id').where('action', 'in', ['dismiss', 'fix']),
    ),
);

// gate_results: one row per gate run; run_at is stamped by the store.

const GATE_FIELDS = [
  'gate_id as gateId',
  'status',
  'passed',
  'score',
  'summary',
  'violation_count as violationCount',
  'warning_count as warningCount',
  'execution_time_ms as executionTimeMs',
  'details',
  'error',
  'run_at as runAt',
] as const;

const decodeGate = rowDecoder<GateResultRow>({ bool: ['passed'] });

/** Inserts a gate result (also the batch sink's `InsertGateResults`). */
export const GATE_RESULT_INSERT = statement(
  qb.insertInto('gate_results').values({
    gate_id: arg(0),
    status: arg(1),
    passed: arg(2),
    score: arg(3),
    summary: arg(4),
    violation_count: arg(5),
    warning_count: arg(6),
    execution_time_ms: arg(7),
    details: arg(8),
    error: arg(9),
  }),
);
/** The arguments of {@link GATE_RESULT_INSERT} for a row. */
export function gateResultArgs(g: GateResultInsertRow): unknown[] {
  return [
    g.gateId,
    g.status,
    bit(g.passed),
    g.score,
    g.summary,
    g.violationCount,
    g.warningCount,
    g.executionTimeMs,
    g.details,
    g.error,
  ];
}
// The newest run of every gate, by gate id (queries/enforcement.rs query_gate_results). Two runs of a
// gate in the same second tie; SQLite's window sort keeps them in scan order, so the first one
// written is answered, as in the reference.
const LATEST_GATE_RUNS = statement(
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

const AUDIT_FIELDS = [
  'health_score as healthScore',
  'avg_confidence as avgConfidence',
  'approval_ratio as approvalRatio',
  'compliance_rate as complianceRate',
  'cross_validation_rate as crossValidationRate',
  'duplicate_free_rate as duplicateFreeRate',
  'pattern_count as patternCount',
  'category_scores as categoryScores',
  'created_at as createdAt',
] as const;

const AUDIT_INSERT = statement(
  qb.insertInto('audit_snapshots').values({
    health_score: arg(0),
    avg_confidence: arg(1),
    approval_ratio: arg(2),
    compliance_rate: arg(3),
    cross_validation_rate: arg(4),
    duplicate_free_rate: arg(5),
    pattern_count: arg(6),
    category_scores: arg(7),
  }),
);
const RECENT_AUDITS = statement(
  qb.selectFrom('audit_snapshots').select(AUDIT_FIELDS).orderBy('created_at', 'desc').limit(arg(0)),
);

// health_trends: samples of named health metrics.

const TREND_INSERT = statement(
  qb.insertInto('health_trends').values({ metric_name: arg(0), metric_value: arg(1) }),
);
const RECENT_TRENDS = statement(
  qb
    .selectFrom('health_trends')
    .select(['metric_name as metricName', 'metric_value as metricValue', 'recorded_at as recordedAt'])
    .where('metric_name', '=', arg(0))
    .orderBy('recorded_at', 'desc')
    .limit(arg(1)),
);

// feedback: developers' reactions to violations.

const FEEDBACK_FIELDS = [
  'violation_id as violationId',
  'pattern_id as patternId',
  'detector_id as detectorId',
  'action',
  'dismissal_reason as dismissalReason',
  'reason',
  'author',
  'created_at as createdAt',
] as const;

const FEEDBACK_INSERT = statement(
  qb.insertInto('feedback').values({
    violation_id: arg(0),
    pattern_id: arg(1),
    detector_id: arg(2),
    action: arg(3),
    dismissal_reason: arg(4),
    reason: arg(5),
    author: arg(6),
  }),
);
const FEEDBACK_OF_DETECTOR = statement(
  qb
    .selectFrom('feedback')
    .select(FEEDBACK_FIELDS)
    .where('detector_id', '=', arg(0))
    .orderBy('created_at', 'desc'),
);
const FEEDBACK_OF_PATTERN = statement(
  qb
    .selectFrom('feedback')
    .select(FEEDBACK_FIELDS)
    .where('pattern_id', '=', arg(0))
    .orderBy('created_at', 'desc'),
);
const FEEDBACK_BY_ACTION = statement(
  qb
    .selectFrom('feedback')
    .select((eb) => ['action', eb.fn.countAll<number>().as('n')])
    .groupBy('action'),
);

/** The (alpha delta, beta delta) a feedback action applies to its pattern's Beta posterior (the reference's table). */
export function feedbackDeltas(action: string, dismissalReason: string | null): FeedbackAdjustment {
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

const POLICY_FIELDS = [
  'id',
  'policy_name as policyName',
  'aggregation_mode as aggregationMode',
  'overall_passed as overallPassed',
  'overall_score as overallScore',
  'gate_count as gateCount',
  'gates_passed as gatesPassed',
  'gates_failed as gatesFailed',
  'details',
  'run_at as runAt',
] as const;

const decodePolicy = rowDecoder<PolicyResultRow>({ bool: ['overallPassed'] });

const POLICY_INSERT = statement(
  qb.insertInto('policy_results').values({
    policy_name: arg(0),
    aggregation_mode: arg(1),
    overall_passed: arg(2),
    overall_score: arg(3),
    gate_count: arg(4),
    gates_passed: arg(5),
    gates_failed: arg(6),
    details: arg(7),
  }),
);
const RECENT_POLICIES = statement(
  qb.selectFrom('policy_results').select(POLICY_FIELDS).orderBy('run_at', 'desc').limit(arg(0)),
);

// degradation_alerts: metrics that got worse.

const ALERT_FIELDS = [
  'id',
  'alert_type as alertType',
  'severity',
  'message',
  'current_value as currentValue',
  'previous_value as previousValue',
  'delta',
  'created_at as createdAt',
] as const;

/** Inserts a degradation alert (also the batch sink's `InsertDegradationAlerts`). */
export const DEGRADATION_ALERT_INSERT = statement(
  qb.insertInto('degradation_alerts').values({
    alert_type: arg(0),
    severity: arg(1),
    message: arg(2),
    current_value: arg(3),
    previous_value: arg(4),
    delta: arg(5),
  }),
);
/** The arguments of {@link DEGRADATION_ALERT_INSERT} for a row. */
export function degradationAlertArgs(a: DegradationAlertInsertRow): unknown[] {
  return [a.alertType, a.severity, a.message, a.currentValue, a.previousValue, a.delta];
}
const RECENT_ALERTS = statement(
  qb.selectFrom('degradation_alerts').select(ALERT_FIELDS).orderBy('created_at', 'desc').limit(arg(0)),
);
const ALERTS_OF_TYPE = statement(
  qb
    .selectFrom('degradation_alerts')
    .select(ALERT_FIELDS)
    .where('alert_type', '=', arg(0))
    .orderBy('created_at', 'desc'),
);

/** {@link IDriftEnforcement} reads. */
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

/** {@link IDriftEnforcement} writes. */
export const enforcementWrites = defineWrites<IDriftEnforcement>()({
  insertViolation: (w, v) => {
    w.run(VIOLATION_REPLACE, [
      v.id,
      v.file,
      v.line,
      v.column,
      v.endLine,
      v.endColumn,
      v.severity,
      v.patternId,
      v.ruleId,
      v.message,
      v.quickFixStrategy,
      v.quickFixDescription,
      v.cweId,
      v.owaspCategory,
      v.suppressed,
      v.isNew,
    ]);
  },
  insertGateResult: (w, g) => {
    w.run(GATE_RESULT_INSERT, gateResultArgs(g));
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
    w.run(DEGRADATION_ALERT_INSERT, degradationAlertArgs(a));
  },
});
