import { boolean, integer, real, text } from './column.js';
import { table } from './table.js';

// drift.db tables: violations, gates, audits, feedback and policies (v006, v008).

/**
 * `violations`, created by migration v006; read as `ViolationRow`: one rule violation found by enforcement.
 */
export const violations = table(
  'violations',
  {
    id: text(),
    file: text(),
    line: integer(),
    column: integer().nullable().named('column_num'),
    endLine: integer().nullable(),
    endColumn: integer().nullable(),
    severity: text(),
    patternId: text(),
    ruleId: text(),
    message: text(),
    quickFixStrategy: text().nullable(),
    quickFixDescription: text().nullable(),
    cweId: integer().nullable(),
    owaspCategory: text().nullable(),
    suppressed: boolean().defaulted(false),
    isNew: boolean().defaulted(false),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `gate_results`, created by migration v006; read as `GateResultRow`: one gate run, appended;
 * `queryGateResults` answers only each gate's newest.
 */
export const gateResults = table(
  'gate_results',
  {
    id: integer().autoIncrement(),
    gateId: text(),
    status: text(),
    passed: boolean(),
    score: real(),
    summary: text(),
    violationCount: integer().defaulted(0),
    warningCount: integer().defaulted(0),
    executionTimeMs: integer().defaulted(0),
    details: text().nullable(),
    error: text().nullable(),
    runAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `audit_snapshots`, created by migration v006; read as `AuditSnapshotRow`: the health of the pattern set at
 * one time.
 */
export const auditSnapshots = table(
  'audit_snapshots',
  {
    id: integer().autoIncrement(),
    healthScore: real(),
    avgConfidence: real(),
    approvalRatio: real(),
    complianceRate: real(),
    crossValidationRate: real(),
    duplicateFreeRate: real(),
    patternCount: integer().defaulted(0),
    categoryScores: text().nullable(),
    createdAt: integer().defaultNow(),
    scanRoot: text().nullable().defaulted(''),
  },
  { primaryKey: ['id'] },
);

/**
 * `health_trends`, created by migration v006; read as `HealthTrendRow`: one sample, appended by
 * `insertHealthTrend` and stamped by the store.
 */
export const healthTrends = table(
  'health_trends',
  {
    id: integer().autoIncrement(),
    metricName: text(),
    metricValue: real(),
    recordedAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `feedback`, created by migration v006; read as `FeedbackRow`: a developer's reaction to a violation. */
export const feedback = table(
  'feedback',
  {
    id: integer().autoIncrement(),
    violationId: text(),
    patternId: text(),
    detectorId: text(),
    action: text(),
    dismissalReason: text().nullable(),
    reason: text().nullable(),
    author: text().nullable(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `policy_results`, created by migration v006; read as `PolicyResultRow`: one evaluation of a policy over its
 * gates.
 */
export const policyResults = table(
  'policy_results',
  {
    id: integer().autoIncrement(),
    policyName: text(),
    aggregationMode: text(),
    overallPassed: boolean(),
    overallScore: real(),
    gateCount: integer(),
    gatesPassed: integer(),
    gatesFailed: integer(),
    details: text().nullable(),
    runAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `degradation_alerts`, created by migration v006; read as `DegradationAlertRow`: a metric that got worse.
 */
export const degradationAlerts = table(
  'degradation_alerts',
  {
    id: integer().autoIncrement(),
    alertType: text(),
    severity: text(),
    message: text(),
    currentValue: real(),
    previousValue: real(),
    delta: real(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);
