import {
  type GateResultRow,
  optionalArgument,
  PATTERN_STATUSES,
  type PatternStatus,
  requireArgument,
  StorageErrorCode,
  type ViolationRow,
} from '@drift/storage-traits';
import type {
  JsApprovePatternResult,
  JsAuditResult,
  JsCheckResult,
  JsGateResult,
  JsPatternStatusResult,
  JsViolation,
} from '../contract/enforcement.js';
import type { DriftNapi } from '../contract/interface.js';
import { quoteInput, unixNow } from './args.js';
import type { BindingContext } from './context.js';
import { NapiErrorCode, napiError } from './errors.js';
import { asU32, napiObject } from './native.js';
import { REPORT_FORMATS, type ReportFormat, renderReport } from './reporters.js';

/** Degradation alerts the audit reads (the reference's 50). */
const AUDIT_ALERT_LIMIT = 50;

/**
 * The reference's auto-approval thresholds: confidence >= 0.9, outlier ratio <= 0.5, at least 3 locations; >=
 * 0.7 needs review.
 */
const AUTO_APPROVE = Object.freeze({
  minConfidence: 0.9,
  maxOutlierRatio: 0.5,
  minLocations: 3,
  reviewConfidence: 0.7,
});

const AUTO_APPROVE_REASON =
  'Auto-approved: meets stability criteria (confidence ≥ 0.90, outlier ratio ≤ 0.50, locations ≥ 3)';

/** A gate result as the reference's `JsGateResult` (`details` and `error` only when present). */
function jsGate(g: GateResultRow): JsGateResult {
  return napiObject<JsGateResult>(
    {
      gateId: g.gateId,
      status: g.status,
      passed: g.passed,
      score: g.score,
      summary: g.summary,
      violationCount: g.violationCount,
      warningCount: g.warningCount,
      // `execution_time_ms as u32` of an i64.
      executionTimeMs: asU32(g.executionTimeMs),
    },
    { details: g.details, error: g.error },
  );
}

/** A violation as the reference's `JsViolation`: required fields, then the optional ones present. */
function jsViolation(v: ViolationRow): JsViolation {
  return napiObject<JsViolation>(
    {
      id: v.id,
      file: v.file,
      line: v.line,
      severity: v.severity,
      patternId: v.patternId,
      ruleId: v.ruleId,
      message: v.message,
      suppressed: v.suppressed,
      isNew: v.isNew,
    },
    {
      column: v.column,
      endLine: v.endLine,
      endColumn: v.endColumn,
      quickFixStrategy: v.quickFixStrategy,
      quickFixDescription: v.quickFixDescription,
      cweId: v.cweId,
      owaspCategory: v.owaspCategory,
    },
  );
}

/** Gates that count: not `skipped`, not `no_data`. */
const activeGates = <G extends { status: string }>(gates: readonly G[]): G[] =>
  gates.filter((g) => g.status !== 'skipped' && g.status !== 'no_data');

/**
 * The enforcement functions. Their `root` argument is accepted for compatibility and, as in the
 * reference, not used.
 */
export function enforcementBindings(
  ctx: BindingContext,
): Pick<
  DriftNapi,
  | 'driftCheck'
  | 'driftAudit'
  | 'driftViolations'
  | 'driftGates'
  | 'driftReport'
  | 'driftApprovePattern'
  | 'driftPatternStatus'
> {
  return {
    driftCheck(root: string): JsCheckResult {
      const op = 'driftCheck';
      requireArgument(op, 'root', 'text', root);
      const storage = ctx.storage(op);
      const violations = storage.queryAllViolations();
      const gateRows = storage.queryGateResults();
      const gates = gateRows.map(jsGate);
      const counted = activeGates(gates);
      return napiObject<JsCheckResult>(
        {
          overallPassed: counted.length === 0 || counted.every((g) => g.passed),
          totalViolations: violations.length,
          gates,
        },
        { sarif: renderReport('sarif', { gates: gateRows, violations }) },
      );
    },

    driftAudit(root: string): JsAuditResult {
      const op = 'driftAudit';
      requireArgument(op, 'root', 'text', root);
      const storage = ctx.storage(op);
      storage.clearRecoveredAlerts();
      const alerts = storage.queryRecentDegradationAlerts(AUDIT_ALERT_LIMIT);
      const patterns = storage.queryPatternsForAudit();
      const now = unixNow();

      // Classify as the reference's AutoApprover: approved patterns are left alone.
      const autoApproved: typeof patterns = [];
      const needsReview: typeof patterns = [];
      for (const p of patterns) {
        if (p.status === 'approved') continue;
        const seen = p.locationCount + p.outlierCount;
        const outlierRatio = seen > 0 ? p.outlierCount / seen : 0;
        if (
          p.confidence >= AUTO_APPROVE.minConfidence &&
          outlierRatio <= AUTO_APPROVE.maxOutlierRatio &&
          p.locationCount >= AUTO_APPROVE.minLocations &&
          !p.hasErrorIssues
        ) {
          autoApproved.push(p);
        } else if (p.confidence >= AUTO_APPROVE.reviewConfidence) {
          needsReview.push(p);
        }
      }
      for (const p of autoApproved) {
        storage.upsertPatternStatus({
          patternId: p.patternId,
          status: 'approved',
          approvedBy: 'auto',
          approvedAt: now,
          confidenceAtApproval: p.confidence,
          reason: AUTO_APPROVE_REASON,
          updatedAt: now,
        });
      }
      for (const p of needsReview) {
        if (storage.getPatternStatus(p.patternId) !== null) continue;
        storage.upsertPatternStatus({
          patternId: p.patternId,
          status: 'discovered',
          approvedBy: null,
          approvedAt: null,
          confidenceAtApproval: null,
          reason: null,
          updatedAt: now,
        });
      }

      const total = patterns.length;
      const avgConfidence = total === 0 ? 0 : patterns.reduce((sum, p) => sum + p.confidence, 0) / total;
      const approved = patterns.filter((p) => p.status === 'approved').length + autoApproved.length;
      const approvalRatio = total > 0 ? Math.min(1, approved / total) : 0;
      const gates = activeGates(storage.queryGateResults());
      const crossValidationRate =
        gates.length === 0 ? 1 : gates.filter((g) => g.passed).length / gates.length;
      const violations = storage.queryAllViolations();
      const complianceRate =
        violations.length === 0 ? 1 : violations.filter((v) => v.suppressed).length / violations.length;
      const factors: number[] = [];
      if (total > 0) factors.push(avgConfidence, approvalRatio);
      factors.push(complianceRate);
      if (gates.length > 0) factors.push(crossValidationRate);
      factors.push(1); // duplicate-free rate
      const base = Math.min(100, Math.max(0, (factors.reduce((s, f) => s + f, 0) / factors.length) * 100));
      const healthScore = alerts.length > 0 ? Math.max(0, base - Math.min(20, alerts.length * 2)) : base;
      return {
        healthScore,
        breakdown: {
          avgConfidence,
          approvalRatio,
          complianceRate,
          crossValidationRate,
          duplicateFreeRate: 1,
        },
        trend: alerts.length === 0 ? 'stable' : 'degrading',
        degradationAlerts: alerts.map((a) => a.message),
        autoApprovedCount: autoApproved.length,
        needsReviewCount: needsReview.length,
        dataCompleteness: factors.length / 5,
      };
    },

    driftViolations(root: string): JsViolation[] {
      const op = 'driftViolations';
      requireArgument(op, 'root', 'text', root);
      return ctx.storage(op).queryAllViolations().map(jsViolation);
    },

    driftGates(root: string): JsGateResult[] {
      const op = 'driftGates';
      requireArgument(op, 'root', 'text', root);
      return ctx.storage(op).queryGateResults().map(jsGate);
    },

    driftReport(format: string): string {
      const op = 'driftReport';
      const name = requireArgument(op, 'format', 'text', format);
      // As the reference: the runtime and both reads come before the format is looked up.
      const storage = ctx.storage(op);
      const violations = storage.queryAllViolations();
      const gates = storage.queryGateResults();
      if (!(REPORT_FORMATS as readonly string[]).includes(name)) {
        throw napiError(
          NapiErrorCode.INVALID_ARGUMENT,
          StorageErrorCode.INVALID_INPUT,
          `Unknown report format: '${name}'. Supported: ${REPORT_FORMATS.join(', ')}`,
          { operation: op, field: 'format' },
        );
      }
      return renderReport(name as ReportFormat, { gates, violations });
    },

    driftApprovePattern(patternId: string, status: string, reason: string | null): JsApprovePatternResult {
      // As the reference (enforcement.rs drift_approve_pattern): argument types first, then the runtime,
      // then the status; any pattern id and any reason (an empty one too) are taken as given.
      const op = 'driftApprovePattern';
      const id = requireArgument(op, 'patternId', 'string', patternId);
      const requested = requireArgument(op, 'status', 'text', status);
      const why = optionalArgument(op, 'reason', 'string', reason) ?? null;
      const storage = ctx.storage(op);
      if (!(PATTERN_STATUSES as readonly string[]).includes(requested)) {
        throw napiError(
          NapiErrorCode.INVALID_ARGUMENT,
          StorageErrorCode.INVALID_INPUT,
          `Invalid status '${quoteInput(requested)}'. Must be one of: approved, ignored, discovered`,
          { operation: op, field: 'status' },
        );
      }
      const next = requested as PatternStatus;
      const previous = storage.getPatternStatus(id);
      const confidence = storage.queryAllConfidence().find((c) => c.patternId === id)?.posteriorMean ?? null;
      const now = unixNow();
      const approving = next === 'approved';
      storage.upsertPatternStatus({
        patternId: id,
        status: next,
        approvedBy: approving ? 'user' : null,
        approvedAt: approving ? now : null,
        confidenceAtApproval: approving ? confidence : null,
        reason: why,
        updatedAt: now,
      });
      return {
        success: true,
        patternId: id,
        previousStatus: previous?.status ?? 'discovered',
        newStatus: next,
        message: `Pattern ${id} status updated${why === null ? '' : `: ${why}`}`,
      };
    },

    driftPatternStatus(statusFilter: string | null): JsPatternStatusResult {
      // Any filter is taken as given (an unknown one matches no row), as the reference's
      // `query_all_pattern_statuses`; the counts cover every status.
      const op = 'driftPatternStatus';
      const filter = optionalArgument(op, 'statusFilter', 'string', statusFilter) ?? null;
      const storage = ctx.storage(op);
      const rows = storage.queryPatternStatuses(filter);
      const counts = { discovered: 0, approved: 0, ignored: 0 };
      for (const { status, count } of storage.countPatternsByStatus()) {
        if (status === 'discovered' || status === 'approved' || status === 'ignored') counts[status] = count;
      }
      return {
        patterns: rows.map((r) =>
          napiObject<JsPatternStatusResult['patterns'][number]>(
            { patternId: r.patternId, status: r.status },
            {
              approvedBy: r.approvedBy,
              approvedAt: r.approvedAt,
              confidenceAtApproval: r.confidenceAtApproval,
              reason: r.reason,
            },
          ),
        ),
        total: rows.length,
        counts,
      };
    },
  };
}
