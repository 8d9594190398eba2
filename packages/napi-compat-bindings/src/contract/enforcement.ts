/**
 * Types of the enforcement functions (check, audit, violations, gates, report, pattern approval and
 * status), of the three feedback functions, and of `driftGC`'s result.
 */

/**
 * One stored violation as `driftViolations` and `driftCheck` answer it: the `violations` row with its fields
 * renamed.
 */
export interface JsViolation {
  id: string;
  file: string;
  line: number;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  severity: string;
  patternId: string;
  ruleId: string;
  message: string;
  quickFixStrategy: string | null;
  quickFixDescription: string | null;
  cweId: number | null;
  owaspCategory: string | null;
  suppressed: boolean;
  /** True when the violation was not present in the previous run. */
  isNew: boolean;
}

/** One gate's newest stored run; `details` and `error` are present only when stored. */
export interface JsGateResult {
  gateId: string;
  status: string;
  passed: boolean;
  score: number;
  summary: string;
  violationCount: number;
  warningCount: number;
  executionTimeMs: number;
  details: string | null;
  error: string | null;
}

/** Outcome of `driftCheck`: every gate, and SARIF output when produced. */
export interface JsCheckResult {
  overallPassed: boolean;
  totalViolations: number;
  gates: JsGateResult[];
  sarif: string | null;
}

/** The components of the audit health score. */
export interface JsHealthBreakdown {
  avgConfidence: number;
  approvalRatio: number;
  complianceRate: number;
  crossValidationRate: number;
  duplicateFreeRate: number;
}

/**
 * What `driftAudit` answers: `healthScore` 0..100 (less 2 per recent degradation alert, at most 20), trend
 * and counts.
 */
export interface JsAuditResult {
  healthScore: number;
  breakdown: JsHealthBreakdown;
  trend: string;
  degradationAlerts: string[];
  autoApprovedCount: number;
  needsReviewCount: number;
  dataCompleteness: number;
}

/** One `pattern_status` row; `approvedBy` is `user` (`driftApprovePattern`) or `auto` (`driftAudit`). */
export interface JsPatternStatusEntry {
  patternId: string;
  status: string;
  approvedBy: string | null;
  /** Seconds since the Unix epoch, or null. */
  approvedAt: number | null;
  confidenceAtApproval: number | null;
  reason: string | null;
}

/** How many patterns are in each review status. */
export interface JsPatternStatusCounts {
  discovered: number;
  approved: number;
  ignored: number;
}

/**
 * What `driftPatternStatus` answers: the rows of the filtered status (`total` of them) and counts over every
 * status.
 */
export interface JsPatternStatusResult {
  patterns: JsPatternStatusEntry[];
  total: number;
  counts: JsPatternStatusCounts;
}

/**
 * What `driftApprovePattern` answers; `previousStatus` is `discovered` for a pattern that had no status row.
 */
export interface JsApprovePatternResult {
  success: boolean;
  patternId: string;
  previousStatus: string;
  newStatus: string;
  message: string;
}

/** What `driftDismissViolation` is told about a violation. */
export interface JsFeedbackInput {
  violationId: string;
  action: string;
  reason?: string;
}

/**
 * What the feedback functions answer: always `success` true and a sentence naming the violation (failures
 * throw instead).
 */
export interface JsFeedbackResult {
  success: boolean;
  message: string;
}

/** Rows removed from one table by `driftGC`. */
export interface GcTableResult {
  table: string;
  deleted: number;
}

/**
 * Outcome of `driftGC` as the contract types it. At run time the function returns, as the reference's
 * Rust binding does, a JSON object with snake_case keys: `total_deleted`, `duration_ms`, `per_table`.
 */
export interface GcResult {
  totalDeleted: number;
  durationMs: number;
  perTable: GcTableResult[];
}
