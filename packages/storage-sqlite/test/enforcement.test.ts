import type {
  AuditSnapshotRow,
  DegradationAlertRow,
  GateResultRow,
  PolicyResultRow,
} from '@drift/storage-traits';
import { feedback, violation } from '@drift/storage-traits/testing';
import { describe, expect, it } from 'vitest';
import { ENGINES, fileEngineWithRaw, nowSeconds, setStamp } from './helpers/engines.js';

const LARGE = 2 ** 40;
/** The largest u32, the type of a violation's line and columns and of several counts in the reference. */
const U32_MAX = 2 ** 32 - 1;

function gate(gateId: string, over: Partial<GateResultRow> = {}): GateResultRow {
  return {
    gateId,
    status: 'passed',
    passed: true,
    score: 90.5,
    summary: 'ok',
    violationCount: 0,
    warningCount: 0,
    executionTimeMs: 12,
    details: null,
    error: null,
    runAt: 123,
    ...over,
  };
}

function snapshot(healthScore: number, over: Partial<AuditSnapshotRow> = {}): AuditSnapshotRow {
  return {
    healthScore,
    avgConfidence: 0.5,
    approvalRatio: 0.25,
    complianceRate: 0.75,
    crossValidationRate: 0.125,
    duplicateFreeRate: 1,
    patternCount: 3,
    categoryScores: null,
    createdAt: 1,
    ...over,
  };
}

function policy(policyName: string, over: Partial<PolicyResultRow> = {}): PolicyResultRow {
  return {
    id: 999,
    policyName,
    aggregationMode: 'all_must_pass',
    overallPassed: true,
    overallScore: 88.25,
    gateCount: 4,
    gatesPassed: 3,
    gatesFailed: 1,
    details: null,
    runAt: 5,
    ...over,
  };
}

function alert(alertType: string, over: Partial<DegradationAlertRow> = {}): DegradationAlertRow {
  return {
    id: 999,
    alertType,
    severity: 'warning',
    message: 'dropped',
    currentValue: 0.5,
    previousValue: 0.75,
    delta: -0.25,
    createdAt: 5,
    ...over,
  };
}

/** Drops the store-assigned fields a test cannot predict. */
function withoutStamp<T extends object, K extends keyof T>(row: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...row };
  for (const k of keys) delete copy[k];
  return copy;
}

describe.each(ENGINES)('IDriftEnforcement on a %s engine', (_name, open) => {
  it('returns the latest run of each gate, ordered by gate id, with every field', () => {
    const e = open();
    const before = nowSeconds();
    e.insertGateResult(gate('zeta', { status: 'failed', passed: false, score: 10 }));
    e.insertGateResult(gate('alpha', { status: 'passed', passed: true, score: 95 }));
    const latestZeta = gate('zeta', {
      status: 'warned',
      passed: true,
      score: 61.75,
      summary: 'Résumé ✓ ゲート',
      violationCount: 7,
      warningCount: 3,
      executionTimeMs: LARGE,
      details: '{"files":["ü.ts"]}',
      error: 'partial failure',
    });
    e.insertGateResult(latestZeta);
    const after = nowSeconds();
    // Distinct run_at per run of zeta (rowids 1 and 3), so "latest" is not a same-second tie.
    setStamp(e, 'gate_results', 'run_at', before - 10, 1);
    const rows = e.queryGateResults();
    expect(rows.map((g) => g.gateId)).toEqual(['alpha', 'zeta']);
    expect(withoutStamp(rows[1]!, 'runAt')).toStrictEqual(withoutStamp(latestZeta, 'runAt'));
    expect(withoutStamp(rows[0]!, 'runAt')).toStrictEqual(
      withoutStamp(gate('alpha', { status: 'passed', passed: true, score: 95 }), 'runAt'),
    );
    for (const row of rows) {
      expect(row.runAt).toBeGreaterThanOrEqual(before);
      expect(row.runAt).toBeLessThanOrEqual(after);
    }
  });

  it('answers the first run written when two runs of a gate share their run_at second', () => {
    // queries/enforcement.rs query_gate_results: ROW_NUMBER() OVER (PARTITION BY gate_id ORDER BY
    // run_at DESC) and nothing else; SQLite's window sort keeps equal run_at in scan order (rowid),
    // so row number 1 is the first one written.
    const e = open();
    e.insertGateResult(gate('g', { summary: 'first' }));
    e.insertGateResult(gate('g', { summary: 'second' }));
    e.insertGateResult(gate('f', { summary: 'only' }));
    setStamp(e, 'gate_results', 'run_at', 1_700_000_000);
    expect(e.queryGateResults().map((g) => [g.gateId, g.summary])).toEqual([
      ['f', 'only'],
      ['g', 'first'],
    ]);
  });

  it('records a health trend sample stamped now and answers it by metric, newest first', () => {
    const e = open();
    const before = nowSeconds();
    e.insertHealthTrend('health_score', 0.5);
    e.insertHealthTrend('confidence', 0.25);
    e.insertHealthTrend('health_score', 0.75);
    e.insertHealthTrend('health_score', 1.5e-7);
    const after = nowSeconds();
    for (const row of e.queryHealthTrends('health_score', 10)) {
      expect(row.recordedAt).toBeGreaterThanOrEqual(before);
      expect(row.recordedAt).toBeLessThanOrEqual(after);
    }
    // Samples of the same second tie. queries/enforcement.rs query_health_trends: WHERE metric_name
    // ORDER BY recorded_at DESC LIMIT; SQLite searches idx_health_trends_metric and sorts with a temp
    // B-tree, which keeps ties in insertion order.
    setStamp(e, 'health_trends', 'recorded_at', 1_700_000_000);
    const rows = e.queryHealthTrends('health_score', 10);
    expect(rows.map((r) => [r.metricName, r.metricValue])).toEqual([
      ['health_score', 0.5],
      ['health_score', 0.75],
      ['health_score', 1.5e-7],
    ]);
    expect(e.queryHealthTrends('health_score', 2).map((r) => r.metricValue)).toEqual([0.5, 0.75]);
    expect(e.queryHealthTrends('health_score', 0)).toEqual([]);
    expect(e.queryHealthTrends('confidence', 10).map((r) => r.metricValue)).toEqual([0.25]);
    expect(e.queryHealthTrends('missing', 10)).toEqual([]);
  });

  it('round-trips audit snapshots, newest first, limited, with the stamp set by the store', () => {
    const e = open();
    const before = nowSeconds();
    const full = snapshot(0.875, {
      avgConfidence: 0.72,
      approvalRatio: 0.9,
      complianceRate: 0.95,
      crossValidationRate: 0.88,
      duplicateFreeRate: 0.99,
      patternCount: U32_MAX, // u32 in the reference's AuditSnapshotRow
      categoryScores: '{"sécurité":0.5,"naming":1}',
    });
    e.insertAuditSnapshot(snapshot(0.1));
    e.insertAuditSnapshot(snapshot(0.2));
    e.insertAuditSnapshot(full);
    const after = nowSeconds();
    // Same-second snapshots tie. query_audit_snapshots: ORDER BY created_at DESC LIMIT; SQLite scans
    // idx_audit_snapshots_created backwards, which answers ties newest rowid first.
    for (const row of e.queryAuditSnapshots(10)) {
      expect(row.createdAt).toBeGreaterThanOrEqual(before);
      expect(row.createdAt).toBeLessThanOrEqual(after);
    }
    setStamp(e, 'audit_snapshots', 'created_at', 1_700_000_000);
    const rows = e.queryAuditSnapshots(10);
    expect(rows.map((r) => r.healthScore)).toEqual([0.875, 0.2, 0.1]);
    expect(withoutStamp(rows[0]!, 'createdAt')).toStrictEqual(withoutStamp(full, 'createdAt'));
    expect(withoutStamp(rows[2]!, 'createdAt')).toStrictEqual(withoutStamp(snapshot(0.1), 'createdAt'));
    expect(e.queryAuditSnapshots(2).map((r) => r.healthScore)).toEqual([0.875, 0.2]);
    expect(e.queryAuditSnapshots(0)).toEqual([]);
  });

  it('round-trips feedback by detector and by pattern, newest first', () => {
    const e = open();
    const before = nowSeconds();
    const full = feedback({
      violationId: 'v2',
      patternId: 'auth_check',
      detectorId: 'détecteur',
      action: 'dismiss',
      dismissalReason: 'false_positive',
      reason: 'not a real issue — 本当',
      author: 'Zoë',
    });
    e.insertFeedback(feedback({ violationId: 'v1', patternId: 'auth_check', detectorId: 'détecteur' }));
    e.insertFeedback(feedback({ violationId: 'v9', patternId: 'other', detectorId: 'other' }));
    e.insertFeedback(full);
    e.insertFeedback(
      feedback({ violationId: 'v3', patternId: 'other', detectorId: 'détecteur', action: 'escalate' }),
    );
    const after = nowSeconds();
    for (const row of e.queryFeedbackByDetector('détecteur')) {
      expect(row.createdAt).toBeGreaterThanOrEqual(before);
      expect(row.createdAt).toBeLessThanOrEqual(after);
    }

    // Same-second feedback ties. query_feedback_by_detector / _by_pattern: WHERE ... ORDER BY
    // created_at DESC; SQLite searches the detector (pattern) index and sorts with a temp B-tree,
    // which keeps ties in insertion order.
    setStamp(e, 'feedback', 'created_at', 1_700_000_000);
    const byDetector = e.queryFeedbackByDetector('détecteur');
    expect(byDetector.map((f) => f.violationId)).toEqual(['v1', 'v2', 'v3']);
    expect(withoutStamp(byDetector[1]!, 'createdAt')).toStrictEqual(withoutStamp(full, 'createdAt'));
    expect(withoutStamp(byDetector[0]!, 'createdAt')).toStrictEqual(
      withoutStamp(
        feedback({ violationId: 'v1', patternId: 'auth_check', detectorId: 'détecteur' }),
        'createdAt',
      ),
    );
    expect(e.queryFeedbackByPattern('auth_check').map((f) => f.violationId)).toEqual(['v1', 'v2']);
    expect(e.queryFeedbackByPattern('other').map((f) => f.violationId)).toEqual(['v9', 'v3']);
    expect(e.queryFeedbackByDetector('nobody')).toEqual([]);
  });

  it("maps each feedback row of a pattern to the reference's (alpha, beta) deltas, in by-pattern order", () => {
    const e = open();
    const cases: readonly [action: string, reason: string | null, deltas: readonly [number, number]][] = [
      ['fix', null, [1, 0]],
      ['fix', 'false_positive', [1, 0]],
      ['dismiss', 'false_positive', [0, 0.5]],
      ['dismiss', 'not_applicable', [0, 0.25]],
      ['dismiss', 'wont_fix', [0, 0]],
      ['dismiss', 'duplicate', [0, 0]],
      ['dismiss', null, [0, 0.25]],
      ['dismiss', 'something_else', [0, 0.25]],
      ['suppress', null, [0, 0.1]],
      ['escalate', 'wont_fix', [0.5, 0]],
      ['snooze', null, [0, 0]],
      ['FIX', null, [0, 0]],
    ];
    cases.forEach(([action, dismissalReason], i) => {
      e.insertFeedback(feedback({ violationId: `v${i}`, patternId: 'p', action, dismissalReason }));
    });
    e.insertFeedback(feedback({ violationId: 'elsewhere', patternId: 'q', action: 'fix' }));
    // query_feedback_adjustments maps query_feedback_by_pattern's rows; with equal stamps those come
    // in insertion order (see above).
    setStamp(e, 'feedback', 'created_at', 1_700_000_000);
    expect(e.queryFeedbackAdjustments('p')).toEqual(cases.map(([, , deltas]) => deltas));
    expect(e.queryFeedbackAdjustments('q')).toEqual([[1, 0]]);
    expect(e.queryFeedbackAdjustments('none')).toEqual([]);
  });

  it('round-trips policy results, newest first and limited, ignoring the given id and runAt', () => {
    const e = open();
    const before = nowSeconds();
    const full = policy('stricte ✓', {
      aggregationMode: 'weighted',
      overallPassed: false,
      overallScore: 41.5,
      gateCount: LARGE,
      gatesPassed: 0,
      gatesFailed: LARGE,
      details: '{"note":"échec"}',
    });
    e.insertPolicyResult(policy('first'));
    e.insertPolicyResult(full);
    e.insertPolicyResult(policy('third'));
    const after = nowSeconds();
    for (const row of e.queryRecentPolicyResults(10)) {
      expect(row.runAt).toBeGreaterThanOrEqual(before);
      expect(row.runAt).toBeLessThanOrEqual(after);
    }
    // query_recent_policy_results: ORDER BY run_at DESC LIMIT, no index on run_at: a table scan and a
    // temp B-tree, ties in insertion order.
    setStamp(e, 'policy_results', 'run_at', 1_700_000_000);
    const rows = e.queryRecentPolicyResults(10);
    expect(rows.map((r) => [r.id, r.policyName])).toEqual([
      [1, 'first'],
      [2, 'stricte ✓'],
      [3, 'third'],
    ]);
    expect(withoutStamp(rows[1]!, 'runAt')).toStrictEqual({ ...withoutStamp(full, 'runAt'), id: 2 });
    expect(rows[0]!.overallPassed).toBe(true);
    expect(e.queryRecentPolicyResults(1).map((r) => r.policyName)).toEqual(['first']);
  });

  it('round-trips degradation alerts, recent (limited) and by type, newest first', () => {
    const e = open();
    const before = nowSeconds();
    const full = alert('confidence_drop', {
      severity: 'critical',
      message: 'Confiance en baisse — 信頼',
      currentValue: 0.125,
      previousValue: 0.875,
      delta: -0.75,
    });
    e.insertDegradationAlert(alert('confidence_drop'));
    e.insertDegradationAlert(alert('coverage_drop'));
    e.insertDegradationAlert(full);
    const after = nowSeconds();
    for (const row of e.queryRecentDegradationAlerts(10)) {
      expect(row.createdAt).toBeGreaterThanOrEqual(before);
      expect(row.createdAt).toBeLessThanOrEqual(after);
    }
    // query_recent_degradation_alerts / _by_type: ORDER BY created_at DESC, no index on it: a scan
    // and a temp B-tree, ties in insertion order.
    setStamp(e, 'degradation_alerts', 'created_at', 1_700_000_000);
    const recent = e.queryRecentDegradationAlerts(10);
    expect(recent.map((r) => [r.id, r.alertType])).toEqual([
      [1, 'confidence_drop'],
      [2, 'coverage_drop'],
      [3, 'confidence_drop'],
    ]);
    expect(withoutStamp(recent[2]!, 'createdAt')).toStrictEqual({
      ...withoutStamp(full, 'createdAt'),
      id: 3,
    });
    expect(e.queryRecentDegradationAlerts(2).map((r) => r.id)).toEqual([1, 2]);
    expect(e.queryDegradationAlertsByType('confidence_drop').map((r) => r.id)).toEqual([1, 3]);
    expect(e.queryDegradationAlertsByType('coverage_drop').map((r) => r.id)).toEqual([2]);
    expect(e.queryDegradationAlertsByType('other')).toEqual([]);
  });

  it('runs reads on read-only connections and writes on the writer', () => {
    const e = open();
    const start = e.connectionUsage();
    e.insertViolation(violation({ id: 'v1' }));
    e.insertFeedback(feedback({ violationId: 'v1' }));
    const afterWrites = e.connectionUsage();
    expect(afterWrites.writer - start.writer).toBe(2);
    expect(afterWrites.reader).toBe(start.reader);
    e.queryAllViolations();
    e.countNeedsReview();
    e.queryFeedbackStats();
    const afterReads = e.connectionUsage();
    expect(afterReads.reader - afterWrites.reader).toBe(3);
    expect(afterReads.writer).toBe(afterWrites.writer);
  });
});

describe('IDriftEnforcement ordering by stored timestamps', () => {
  it('picks the run with the newest run_at per gate, not the newest insert', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.insertGateResult(gate('g', { status: 'first' })); // id 1
    engine.insertGateResult(gate('g', { status: 'second' })); // id 2
    engine.insertGateResult(gate('h', { status: 'only' })); // id 3
    raw.prepare('UPDATE gate_results SET run_at = ? WHERE id = ?').run(1_000_000_000, 1);
    raw.prepare('UPDATE gate_results SET run_at = ? WHERE id = ?').run(2_000_000_000, 2);
    expect(engine.queryGateResults().map((g) => [g.gateId, g.status])).toEqual([
      ['g', 'second'],
      ['h', 'only'],
    ]);
    raw.prepare('UPDATE gate_results SET run_at = ? WHERE id = ?').run(2_000_000_000, 1);
    raw.prepare('UPDATE gate_results SET run_at = ? WHERE id = ?').run(1_000_000_000, 2);
    const rows = engine.queryGateResults();
    expect(rows.map((g) => [g.gateId, g.status, g.runAt])).toEqual([
      ['g', 'first', 2_000_000_000],
      ['h', 'only', rows[1]!.runAt],
    ]);
  });

  it('orders audit snapshots, trends, feedback, policies and alerts by their stamps, newest first', () => {
    const { engine, raw } = fileEngineWithRaw();
    for (const score of [0.1, 0.2, 0.3]) engine.insertAuditSnapshot(snapshot(score));
    for (const value of [1, 2, 3]) engine.insertHealthTrend('m', value);
    for (const id of ['f1', 'f2', 'f3'])
      engine.insertFeedback(feedback({ violationId: id, detectorId: 'd', patternId: 'p' }));
    for (const name of ['p1', 'p2', 'p3']) engine.insertPolicyResult(policy(name));
    for (const type of ['a1', 'a2', 'a3']) engine.insertDegradationAlert(alert('t', { message: type }));
    // Row 1 newest, row 3 oldest: the reverse of insertion order.
    const stamp = (table: string, column: string) => {
      const update = raw.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`);
      update.run(3000, 1);
      update.run(2000, 2);
      update.run(1000, 3);
    };
    stamp('audit_snapshots', 'created_at');
    stamp('health_trends', 'recorded_at');
    stamp('feedback', 'created_at');
    stamp('policy_results', 'run_at');
    stamp('degradation_alerts', 'created_at');

    expect(engine.queryAuditSnapshots(2).map((s) => [s.healthScore, s.createdAt])).toEqual([
      [0.1, 3000],
      [0.2, 2000],
    ]);
    expect(engine.queryHealthTrends('m', 3).map((t) => [t.metricValue, t.recordedAt])).toEqual([
      [1, 3000],
      [2, 2000],
      [3, 1000],
    ]);
    expect(engine.queryFeedbackByDetector('d').map((f) => f.violationId)).toEqual(['f1', 'f2', 'f3']);
    expect(engine.queryFeedbackByPattern('p').map((f) => f.createdAt)).toEqual([3000, 2000, 1000]);
    expect(engine.queryRecentPolicyResults(2).map((p) => [p.policyName, p.runAt])).toEqual([
      ['p1', 3000],
      ['p2', 2000],
    ]);
    expect(engine.queryRecentDegradationAlerts(3).map((a) => a.message)).toEqual(['a1', 'a2', 'a3']);
    expect(engine.queryDegradationAlertsByType('t').map((a) => a.createdAt)).toEqual([3000, 2000, 1000]);
  });

  it('gives a replaced violation a fresh created_at, as INSERT OR REPLACE does', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.insertViolation(violation({ id: 'v1' }));
    raw.prepare('UPDATE violations SET created_at = 1000 WHERE id = ?').run('v1');
    const before = nowSeconds();
    engine.insertViolation(violation({ id: 'v1', message: 'again' }));
    const row = raw.prepare('SELECT created_at AS c, message AS m FROM violations').all() as {
      c: number;
      m: string;
    }[];
    expect(row).toHaveLength(1);
    expect(row[0]!.m).toBe('again');
    expect(row[0]!.c).toBeGreaterThanOrEqual(before);
  });
});
