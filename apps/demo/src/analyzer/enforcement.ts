// Step 7 and 8: violations from security detections, two quality gates, and degradation alerts from the
// previous and the current gate results.
import type {
  DegradationAlertInsertRow,
  DetectionInsertRow,
  GateResultInsertRow,
  GateResultRow,
  ViolationInsertRow,
} from '@drift/storage-traits';

/** Categories the pattern-compliance gate counts as departures from good practice. */
const COMPLIANCE_CATEGORIES: ReadonlySet<string> = new Set(['logging', 'error_handling', 'type_safety']);
/** Score (0..100) under which the pattern-compliance gate fails instead of warning. */
const COMPLIANCE_FAIL_BELOW = 80;
/** A gate score falling by more than this many points raises a `gate_score_drop` alert. */
const SCORE_DROP_ALERT = 5;

const percent = (part: number, whole: number): number =>
  whole === 0 ? 100 : Math.round((part / whole) * 10_000) / 100;

/** One violation per security detection: severity `error`, the first CWE, the OWASP category. */
export function securityViolations(detections: readonly DetectionInsertRow[]): ViolationInsertRow[] {
  return detections
    .filter((d) => d.category === 'security')
    .map((d) => {
      const cwe = d.cweIds === null ? null : Number.parseInt(d.cweIds.split(',')[0]!, 10);
      const cweId = cwe === null || Number.isNaN(cwe) ? null : cwe;
      return {
        id: `${d.patternId}:${d.file}:${d.line}:${d.columnNum}`,
        file: d.file,
        line: d.line,
        columnNum: d.columnNum,
        endLine: null,
        endColumn: null,
        severity: 'error',
        patternId: d.patternId,
        ruleId: `security/${cweId === null ? 'generic' : `CWE-${cweId}`}`,
        message: `${d.patternId}: ${d.matchedText ?? ''}`.trim(),
        quickFixStrategy: null,
        quickFixDescription: null,
        cweId,
        owaspCategory: d.owasp,
        suppressed: false,
        isNew: false,
      };
    });
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))) {
    counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  }
  return counts;
}

/**
 * `pattern-compliance`: the share of checked files without logging, error-handling or type-safety
 * detections. No such detection: passed; score at least {@link COMPLIANCE_FAIL_BELOW}: warned (passes);
 * below: failed. The detections are warnings, not violations.
 */
export function patternComplianceGate(
  files: readonly string[],
  detections: readonly DetectionInsertRow[],
  executionTimeMs: number,
): GateResultInsertRow {
  const findings = detections.filter((d) => COMPLIANCE_CATEGORIES.has(d.category));
  const offending = new Set(findings.map((d) => d.file));
  const score = percent(files.length - offending.size, files.length);
  const status = findings.length === 0 ? 'passed' : score >= COMPLIANCE_FAIL_BELOW ? 'warned' : 'failed';
  return {
    gateId: 'pattern-compliance',
    status,
    passed: status !== 'failed',
    score,
    summary:
      findings.length === 0
        ? `Pattern compliance: ${score.toFixed(1)}% of ${files.length} files`
        : `Pattern compliance: ${score.toFixed(1)}% of ${files.length} files (${findings.length} findings in ${offending.size} files)`,
    violationCount: 0,
    warningCount: findings.length,
    executionTimeMs,
    details: JSON.stringify({ filesChecked: files.length, byPattern: countBy(findings, (d) => d.patternId) }),
    error: null,
  };
}

/**
 * `security-boundaries`: fails when any security detection exists (each is an error-level violation);
 * the score is the share of checked files without one.
 */
export function securityBoundariesGate(
  files: readonly string[],
  violations: readonly ViolationInsertRow[],
  executionTimeMs: number,
): GateResultInsertRow {
  const offending = new Set(violations.map((v) => v.file));
  const score = percent(files.length - offending.size, files.length);
  const passed = violations.length === 0;
  return {
    gateId: 'security-boundaries',
    status: passed ? 'passed' : 'failed',
    passed,
    score,
    summary: passed
      ? 'No security findings'
      : `${violations.length} security findings in ${offending.size} files`,
    violationCount: violations.length,
    warningCount: 0,
    executionTimeMs,
    details: JSON.stringify({ filesChecked: files.length, byRule: countBy(violations, (v) => v.ruleId) }),
    error: null,
  };
}

/**
 * Alerts for gates that got worse since the previous run: `gate_regression` (high) when a gate that
 * passed now fails, `gate_score_drop` (medium) when its score fell by more than {@link SCORE_DROP_ALERT}
 * points. Gates without a previous result raise nothing.
 */
export function degradationAlerts(
  previous: readonly GateResultRow[],
  current: readonly GateResultInsertRow[],
): DegradationAlertInsertRow[] {
  const before = new Map(previous.map((g) => [g.gateId, g]));
  const alerts: DegradationAlertInsertRow[] = [];
  for (const gate of [...current].sort((a, b) => (a.gateId < b.gateId ? -1 : 1))) {
    const old = before.get(gate.gateId);
    if (old === undefined) continue;
    const delta = Math.round((gate.score - old.score) * 100) / 100;
    if (old.passed && !gate.passed) {
      alerts.push({
        alertType: 'gate_regression',
        severity: 'high',
        message: `Gate '${gate.gateId}' passed before and fails now: ${gate.summary}`,
        currentValue: gate.score,
        previousValue: old.score,
        delta,
      });
    } else if (old.score - gate.score > SCORE_DROP_ALERT) {
      alerts.push({
        alertType: 'gate_score_drop',
        severity: 'medium',
        message: `Gate '${gate.gateId}' score fell from ${old.score.toFixed(1)} to ${gate.score.toFixed(1)}`,
        currentValue: gate.score,
        previousValue: old.score,
        delta,
      });
    }
  }
  return alerts;
}
