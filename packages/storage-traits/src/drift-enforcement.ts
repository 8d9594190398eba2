import { keyList } from './key-list.js';

/** A `violations` row, keyed by the caller's `id`; a second insert with the same id replaces the row. */
export interface ViolationRow {
  /** The caller's violation id; the primary key, so it also decides what `insertViolation` replaces. */
  readonly id: string;
  readonly file: string;
  readonly line: number;
  /**
   * Column of the start (`column_num` in the table; the batch row calls it `columnNum`); null when unknown.
   */
  readonly column: number | null;
  /** Line where the violation ends; null when the detector gave only a start. */
  readonly endLine: number | null;
  /** Column where the violation ends; null when unknown. */
  readonly endColumn: number | null;
  /** Severity (`error`, `warning`, `info`, `hint`, ...). */
  readonly severity: string;
  /**
   * Id of the pattern the violated rule enforces; `getViolationPatternId` answers it, feedback joins on it.
   */
  readonly patternId: string;
  /** Id of the violated rule (indexed, not unique: many violations share a rule). */
  readonly ruleId: string;
  readonly message: string;
  /** Name of the automatic fix that applies; null when the violation has none. */
  readonly quickFixStrategy: string | null;
  /** Human-readable account of the quick fix; null when the violation has none. */
  readonly quickFixDescription: string | null;
  /** CWE number of the weakness; null when the rule is not classified. */
  readonly cweId: number | null;
  /** OWASP Top 10 category (text, e.g. `A03:2021`); null when the rule is not classified. */
  readonly owaspCategory: string | null;
  readonly suppressed: boolean;
  /** Whether it is new since the baseline. */
  readonly isNew: boolean;
}

/** A `gate_results` row: one gate run, appended; `queryGateResults` answers only each gate's newest. */
export interface GateResultRow {
  readonly gateId: string;
  /**
   * Outcome name (`passed`, `failed`, `warned`, `skipped`, `errored`); `passed` is stored apart and need not
   * agree.
   */
  readonly status: string;
  readonly passed: boolean;
  /** Score the gate gave this run, 0..100 (REAL). */
  readonly score: number;
  /** Human-readable result of the run, one line; NOT NULL. */
  readonly summary: string;
  /** Violations the gate counted (column default 0). */
  readonly violationCount: number;
  /** Warnings the gate counted (column default 0). */
  readonly warningCount: number;
  /** How long the gate ran, in milliseconds. */
  readonly executionTimeMs: number;
  /** Gate-specific JSON text, stored as given; null when the gate reported none. */
  readonly details: string | null;
  /** The gate's error message when its status is `errored`; null otherwise. */
  readonly error: string | null;
  /** When the gate ran, seconds since the epoch (set by the store on insert). */
  readonly runAt: number;
}

/** An `audit_snapshots` row: the health of the pattern set at one time. */
export interface AuditSnapshotRow {
  /** Weighted health of the pattern set, 0..100 (the reference's audit scales its 0..1 raw score by 100). */
  readonly healthScore: number;
  /** Mean confidence of the patterns, 0..1. */
  readonly avgConfidence: number;
  /** Approved patterns over all patterns, 0..1. */
  readonly approvalRatio: number;
  /** Locations over locations plus outliers, 0..1. */
  readonly complianceRate: number;
  /** Share of patterns confirmed by cross-validation, 0..1. */
  readonly crossValidationRate: number;
  /** One minus the share of patterns in duplicate groups, 0..1. */
  readonly duplicateFreeRate: number;
  /** Patterns audited (column default 0). */
  readonly patternCount: number;
  /** JSON object of scores per category, stored as given; null when not computed. */
  readonly categoryScores: string | null;
  /** When it was taken, seconds since the epoch (set by the store on insert). */
  readonly createdAt: number;
}

/** A `health_trends` row: one sample, appended by `insertHealthTrend` and stamped by the store. */
export interface HealthTrendRow {
  readonly metricName: string;
  readonly metricValue: number;
  /** When it was recorded, seconds since the epoch. */
  readonly recordedAt: number;
}

/** A `feedback` row: a developer's reaction to a violation. */
export interface FeedbackRow {
  /** Id of the violation the feedback is on (not a foreign key: the violation may since be gone). */
  readonly violationId: string;
  /** Pattern of that violation as the caller gives it (the store does not look it up). */
  readonly patternId: string;
  /** Detector that reported the violation; `queryFeedbackByDetector` matches it exactly. */
  readonly detectorId: string;
  /**
   * What the developer did: `fix`, `dismiss`, `suppress` or `escalate` (other text is stored, counted only in
   * `totalCount`).
   */
  readonly action: string;
  /** Why it was dismissed (`false_positive`, `wont_fix`, `not_applicable`, `duplicate`), when it was. */
  readonly dismissalReason: string | null;
  /** The developer's own words; null when none was given. */
  readonly reason: string | null;
  /** Who gave the feedback (free text); null when not given. */
  readonly author: string | null;
  /** When, seconds since the epoch (set by the store on insert). */
  readonly createdAt: number;
}

/** Feedback counts by action, from {@link IDriftEnforcement.queryFeedbackStats}. */
export interface FeedbackStats {
  /** Every `feedback` row, whatever its action (so it can exceed the sum of the four counts). */
  readonly totalCount: number;
  /** Rows whose action is exactly `fix`. */
  readonly fixCount: number;
  /** Rows whose action is exactly `dismiss`. */
  readonly dismissCount: number;
  /** Rows whose action is exactly `suppress`. */
  readonly suppressCount: number;
  /** Rows whose action is exactly `escalate`. */
  readonly escalateCount: number;
}

/** A `policy_results` row: one evaluation of a policy over its gates; append-only. */
export interface PolicyResultRow {
  /** Row id from the store (`AUTOINCREMENT`); ignored on insert. */
  readonly id: number;
  readonly policyName: string;
  /** How gate results were combined (e.g. `all_must_pass`, `weighted`). */
  readonly aggregationMode: string;
  readonly overallPassed: boolean;
  /** Score the aggregation mode gives the gates together. */
  readonly overallScore: number;
  /** Gates the policy evaluated; `gatesPassed + gatesFailed` need not equal it (the store does not check). */
  readonly gateCount: number;
  readonly gatesPassed: number;
  readonly gatesFailed: number;
  /** Policy-specific JSON text, stored as given; null when none. */
  readonly details: string | null;
  /** When it ran, seconds since the epoch (set by the store on insert). */
  readonly runAt: number;
}

/** A `degradation_alerts` row: a metric that got worse between two audits; append-only. */
export interface DegradationAlertRow {
  /** Row id from the store (`AUTOINCREMENT`); ignored on insert. */
  readonly id: number;
  /** Kind of alert (e.g. `confidence_drop`); `queryDegradationAlertsByType` matches it exactly. */
  readonly alertType: string;
  /** Severity name as the writer gives it (the reference's audit has critical and warning alerts). */
  readonly severity: string;
  readonly message: string;
  /** The metric's value in this audit. */
  readonly currentValue: number;
  /** The metric's value in the audit compared with. */
  readonly previousValue: number;
  /** `currentValue - previousValue` as the analyzer computed it: negative for a drop. */
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
  /**
   * Stores a violation, replacing the whole row when its `id` exists (INSERT OR REPLACE: `created_at` starts
   * over).
   */
  insertViolation(v: ViolationRow): void;
  /** Returns the violations of a file, in line order. */
  queryViolationsByFile(file: string): ViolationRow[];
  /** Returns every violation, by file and line. */
  queryAllViolations(): ViolationRow[];

  /** Appends one gate run; the store stamps `runAt` (the row's own `runAt` is ignored). */
  insertGateResult(g: GateResultRow): void;
  /** Returns the latest run of each gate, by gate id. */
  queryGateResults(): GateResultRow[];

  /** Appends an audit snapshot; the store stamps `createdAt` (the row's own is ignored). */
  insertAuditSnapshot(s: AuditSnapshotRow): void;
  /** Returns the `limit` most recent audit snapshots, newest first. */
  queryAuditSnapshots(limit: number): AuditSnapshotRow[];

  /** Records a sample of a health metric, stamped now. */
  insertHealthTrend(metricName: string, metricValue: number): void;
  /** Returns the `limit` most recent samples of a metric, newest first. */
  queryHealthTrends(metricName: string, limit: number): HealthTrendRow[];

  /**
   * Appends a feedback row; the store stamps `createdAt` (the row's own is ignored). The violation need not
   * exist.
   */
  insertFeedback(f: FeedbackRow): void;
  /** Returns the feedback on a detector's violations, newest first. */
  queryFeedbackByDetector(detectorId: string): FeedbackRow[];
  /** Returns the feedback on a pattern's violations, newest first. */
  queryFeedbackByPattern(patternId: string): FeedbackRow[];
  /** Returns the confidence adjustment implied by each feedback row of a pattern, newest first. */
  queryFeedbackAdjustments(patternId: string): FeedbackAdjustment[];
  /** Returns the `patternId` of the violation with id `violationId`, or null when no violation has it. */
  getViolationPatternId(violationId: string): string | null;
  /** Returns counts of feedback rows per action; an unknown action counts toward `totalCount` only. */
  queryFeedbackStats(): FeedbackStats;
  /** Counts unsuppressed violations that have no `fix` or `dismiss` feedback yet. */
  countNeedsReview(): number;

  /** Appends a policy evaluation; the store assigns `id` and `runAt`. */
  insertPolicyResult(row: PolicyResultRow): void;
  /** Returns the `limit` most recent policy evaluations, newest first. */
  queryRecentPolicyResults(limit: number): PolicyResultRow[];

  /** Appends a degradation alert; the store assigns `id` and `createdAt`. */
  insertDegradationAlert(row: DegradationAlertRow): void;
  /** Returns the `limit` most recent degradation alerts, newest first. */
  queryRecentDegradationAlerts(limit: number): DegradationAlertRow[];
  /** Returns the alerts whose `alertType` equals `alertType` exactly, newest first. */
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
