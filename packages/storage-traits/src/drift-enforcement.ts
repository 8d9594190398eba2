import { keyList } from './key-list.js';

/** A `violations` row: one rule violation found by enforcement. */
export interface ViolationRow {
  /** Violation id; the primary key. */
  readonly id: string;
  readonly file: string;
  readonly line: number;
  /** Column, when known. */
  readonly column: number | null;
  /** End line, when known. */
  readonly endLine: number | null;
  /** End column, when known. */
  readonly endColumn: number | null;
  /** Severity (`error`, `warning`, `info`, `hint`, ...). */
  readonly severity: string;
  /** Pattern the rule enforces. */
  readonly patternId: string;
  /** Rule that was violated. */
  readonly ruleId: string;
  readonly message: string;
  /** Quick-fix strategy, when one exists. */
  readonly quickFixStrategy: string | null;
  /** Quick-fix description, when one exists. */
  readonly quickFixDescription: string | null;
  /** CWE id, when classified. */
  readonly cweId: number | null;
  /** OWASP category, when classified. */
  readonly owaspCategory: string | null;
  readonly suppressed: boolean;
  /** Whether it is new since the baseline. */
  readonly isNew: boolean;
}

/** A `gate_results` row: one run of a quality gate. */
export interface GateResultRow {
  readonly gateId: string;
  /** `passed`, `failed`, `warned`, `skipped`, `errored`. */
  readonly status: string;
  readonly passed: boolean;
  /** Score, 0..100. */
  readonly score: number;
  /** One-line summary. */
  readonly summary: string;
  /** Violations counted by the gate. */
  readonly violationCount: number;
  /** Warnings counted by the gate. */
  readonly warningCount: number;
  /** How long the gate ran, in milliseconds. */
  readonly executionTimeMs: number;
  /** JSON details, when any. */
  readonly details: string | null;
  /** Error message, when the gate errored. */
  readonly error: string | null;
  /** When the gate ran, seconds since the epoch (set by the store on insert). */
  readonly runAt: number;
}

/** An `audit_snapshots` row: the health of the pattern set at one time. */
export interface AuditSnapshotRow {
  /** Overall health score. */
  readonly healthScore: number;
  /** Mean pattern confidence. */
  readonly avgConfidence: number;
  /** Share of approved patterns. */
  readonly approvalRatio: number;
  /** Share of compliant locations. */
  readonly complianceRate: number;
  /** Share of cross-validated patterns. */
  readonly crossValidationRate: number;
  /** Share of patterns without duplicates. */
  readonly duplicateFreeRate: number;
  /** Number of patterns. */
  readonly patternCount: number;
  /** JSON scores per category, when computed. */
  readonly categoryScores: string | null;
  /** When it was taken, seconds since the epoch (set by the store on insert). */
  readonly createdAt: number;
}

/** A `health_trends` row: one sample of a health metric. */
export interface HealthTrendRow {
  readonly metricName: string;
  readonly metricValue: number;
  /** When it was recorded, seconds since the epoch. */
  readonly recordedAt: number;
}

/** A `feedback` row: a developer's reaction to a violation. */
export interface FeedbackRow {
  /** Violation reacted to. */
  readonly violationId: string;
  /** Pattern of the violation. */
  readonly patternId: string;
  /** Detector of the violation. */
  readonly detectorId: string;
  /** `fix`, `dismiss`, `suppress` or `escalate`. */
  readonly action: string;
  /** Why it was dismissed (`false_positive`, `wont_fix`, `not_applicable`, `duplicate`), when it was. */
  readonly dismissalReason: string | null;
  /** Free-text reason. */
  readonly reason: string | null;
  /** Who reacted. */
  readonly author: string | null;
  /** When, seconds since the epoch (set by the store on insert). */
  readonly createdAt: number;
}

/** Feedback counts by action, from {@link IDriftEnforcement.queryFeedbackStats}. */
export interface FeedbackStats {
  /** All feedback rows. */
  readonly totalCount: number;
  /** Rows with action `fix`. */
  readonly fixCount: number;
  /** Rows with action `dismiss`. */
  readonly dismissCount: number;
  /** Rows with action `suppress`. */
  readonly suppressCount: number;
  /** Rows with action `escalate`. */
  readonly escalateCount: number;
}

/** A `policy_results` row: one evaluation of a policy over its gates. */
export interface PolicyResultRow {
  /** Row id (ignored on insert). */
  readonly id: number;
  readonly policyName: string;
  /** How gate results were combined (e.g. `all_must_pass`, `weighted`). */
  readonly aggregationMode: string;
  readonly overallPassed: boolean;
  /** Combined score. */
  readonly overallScore: number;
  /** Gates evaluated. */
  readonly gateCount: number;
  readonly gatesPassed: number;
  readonly gatesFailed: number;
  /** JSON details, when any. */
  readonly details: string | null;
  /** When it ran, seconds since the epoch (set by the store on insert). */
  readonly runAt: number;
}

/** A `degradation_alerts` row: a metric that got worse. */
export interface DegradationAlertRow {
  /** Row id (ignored on insert). */
  readonly id: number;
  /** Kind of alert (e.g. `confidence_drop`). */
  readonly alertType: string;
  /** Severity label. */
  readonly severity: string;
  readonly message: string;
  /** Current value of the metric. */
  readonly currentValue: number;
  /** Previous value of the metric. */
  readonly previousValue: number;
  /** Change between the two. */
  readonly delta: number;
  /** When it was raised, seconds since the epoch (set by the store on insert). */
  readonly createdAt: number;
}

/** An (alpha delta, beta delta) pair that one feedback row applies to a pattern's confidence. */
export type FeedbackAdjustment = readonly [alphaDelta: number, betaDelta: number];

/**
 * Enforcement storage: violations, gate results, audit snapshots, health trends, feedback, policy
 * results and degradation alerts.
 */
export interface IDriftEnforcement {
  /** Inserts or replaces a violation. */
  insertViolation(v: ViolationRow): void;
  /** Returns the violations of a file, in line order. */
  queryViolationsByFile(file: string): ViolationRow[];
  /** Returns every violation, by file and line. */
  queryAllViolations(): ViolationRow[];

  /** Records a gate run. */
  insertGateResult(g: GateResultRow): void;
  /** Returns the latest run of each gate, by gate id. */
  queryGateResults(): GateResultRow[];

  /** Records an audit snapshot. */
  insertAuditSnapshot(s: AuditSnapshotRow): void;
  /** Returns the `limit` most recent audit snapshots, newest first. */
  queryAuditSnapshots(limit: number): AuditSnapshotRow[];

  /** Records a sample of a health metric, stamped now. */
  insertHealthTrend(metricName: string, metricValue: number): void;
  /** Returns the `limit` most recent samples of a metric, newest first. */
  queryHealthTrends(metricName: string, limit: number): HealthTrendRow[];

  /** Records feedback on a violation. */
  insertFeedback(f: FeedbackRow): void;
  /** Returns the feedback on a detector's violations, newest first. */
  queryFeedbackByDetector(detectorId: string): FeedbackRow[];
  /** Returns the feedback on a pattern's violations, newest first. */
  queryFeedbackByPattern(patternId: string): FeedbackRow[];
  /** Returns the confidence adjustment implied by each feedback row of a pattern, newest first. */
  queryFeedbackAdjustments(patternId: string): FeedbackAdjustment[];
  /** Returns the pattern of a violation, or null when the violation is unknown. */
  getViolationPatternId(violationId: string): string | null;
  /** Returns feedback counts by action. */
  queryFeedbackStats(): FeedbackStats;
  /** Counts unsuppressed violations that have no `fix` or `dismiss` feedback yet. */
  countNeedsReview(): number;

  /** Records a policy evaluation. */
  insertPolicyResult(row: PolicyResultRow): void;
  /** Returns the `limit` most recent policy evaluations, newest first. */
  queryRecentPolicyResults(limit: number): PolicyResultRow[];

  /** Records a degradation alert. */
  insertDegradationAlert(row: DegradationAlertRow): void;
  /** Returns the `limit` most recent degradation alerts, newest first. */
  queryRecentDegradationAlerts(limit: number): DegradationAlertRow[];
  /** Returns the degradation alerts of a type, newest first. */
  queryDegradationAlertsByType(alertType: string): DegradationAlertRow[];
}

/** Every method name of {@link IDriftEnforcement}, checked at compile time to be exactly its keys. */
export const DRIFT_ENFORCEMENT_METHODS = keyList<IDriftEnforcement>()([
  'insertViolation',
  'queryViolationsByFile',
  'queryAllViolations',
  'insertGateResult',
  'queryGateResults',
  'insertAuditSnapshot',
  'queryAuditSnapshots',
  'insertHealthTrend',
  'queryHealthTrends',
  'insertFeedback',
  'queryFeedbackByDetector',
  'queryFeedbackByPattern',
  'queryFeedbackAdjustments',
  'getViolationPatternId',
  'queryFeedbackStats',
  'countNeedsReview',
  'insertPolicyResult',
  'queryRecentPolicyResults',
  'insertDegradationAlert',
  'queryRecentDegradationAlerts',
  'queryDegradationAlertsByType',
] as const);
