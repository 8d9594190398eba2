import {
  type AuditSnapshotRow,
  type DegradationAlertRow,
  DRIFT_ENFORCEMENT_METHODS,
  type FeedbackRow,
  type GateResultRow,
  type PolicyResultRow,
  type ViolationRow,
} from '@drift/storage-traits';
import { feedback as feedbackRow, violation as violationRow } from '@drift/storage-traits/testing';
import {
  BIG,
  expectDistinctRowIds,
  expectMethods,
  expectSame,
  expectStamp,
  expectStorageError,
  type GroupContext,
  nextClockSecond,
  nowSeconds,
  omit,
  omitAll,
  sortBy,
  U32_MAX,
  UNICODE,
} from '../support.js';
import { enforcementValueTests } from './enforcement-values.js';

/**
 * A violation row `id` at `file`:`line`: the shared {@link violationRow} at column 4 to line + 2 column
 * 18, a warning of pattern `sql/raw-query` and rule `rule-1` with a unicode message, a quick fix, CWE 89
 * and OWASP A03:2021, new and not suppressed (`extra` overrides).
 */
export function violation(
  id: string,
  file: string,
  line: number,
  extra: Partial<ViolationRow> = {},
): ViolationRow {
  return violationRow({
    id,
    file,
    line,
    column: 4,
    endLine: line + 2,
    endColumn: 18,
    severity: 'warning',
    patternId: 'sql/raw-query',
    ruleId: 'rule-1',
    message: `Use the shared helper — ${UNICODE}`,
    quickFixStrategy: 'wrap_in_helper',
    quickFixDescription: 'Wrap the call in safeQuery()',
    cweId: 89,
    owaspCategory: 'A03:2021',
    isNew: true,
    ...extra,
  });
}

/** A violation whose every nullable column is null. */
export function bareViolation(id: string, file: string, line: number): ViolationRow {
  return violation(id, file, line, {
    column: null,
    endLine: null,
    endColumn: null,
    quickFixStrategy: null,
    quickFixDescription: null,
    cweId: null,
    owaspCategory: null,
    suppressed: true,
    isNew: false,
  });
}

function gate(gateId: string, passed: boolean, extra: Partial<GateResultRow> = {}): GateResultRow {
  return {
    gateId,
    status: passed ? 'passed' : 'failed',
    passed,
    score: passed ? 97.5 : 42.25,
    summary: `${gateId}: ${UNICODE}`,
    violationCount: U32_MAX,
    warningCount: 3,
    executionTimeMs: 15,
    details: passed ? null : JSON.stringify({ checked: 10 }),
    error: passed ? null : 'timeout',
    runAt: 0,
    ...extra,
  };
}

function snapshot(healthScore: number, categoryScores: string | null): AuditSnapshotRow {
  return {
    healthScore,
    avgConfidence: 0.75,
    approvalRatio: 0.5,
    complianceRate: 0.875,
    crossValidationRate: 0.25,
    duplicateFreeRate: 1,
    patternCount: U32_MAX,
    categoryScores,
    createdAt: 0,
  };
}

/**
 * A feedback row, `action` on `violationId` of `patternId`: the shared {@link feedbackRow} by
 * `detector-a`, with a unicode reason on a dismissal, an author on all but a fix, createdAt 0.
 */
export function feedback(
  violationId: string,
  patternId: string,
  action: string,
  dismissalReason: string | null = null,
  detectorId = 'detector-a',
): FeedbackRow {
  return feedbackRow({
    violationId,
    patternId,
    detectorId,
    action,
    dismissalReason,
    reason: action === 'dismiss' ? `not relevant — ${UNICODE}` : null,
    author: action === 'fix' ? null : 'dev@example.com',
    createdAt: 0,
  });
}

function policy(policyName: string, overallPassed: boolean, details: string | null): PolicyResultRow {
  return {
    id: 0,
    policyName,
    aggregationMode: 'all_must_pass',
    overallPassed,
    overallScore: 88.5,
    gateCount: BIG,
    gatesPassed: 3,
    gatesFailed: 1,
    details,
    runAt: 0,
  };
}

/** A critical degradation alert (store-assigned id and stamp left 0). */
export function alert(alertType: string, message: string): DegradationAlertRow {
  return {
    id: 0,
    alertType,
    severity: 'critical',
    message,
    currentValue: 0.6,
    previousValue: 0.8,
    delta: -0.2,
    createdAt: 0,
  };
}

/** Registers the enforcement tests: violations, gates, audit, health, feedback, policy, degradation. */
export function enforcementGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('exposes every IDriftEnforcement method', async (s) => {
    expectMethods(api, s, DRIFT_ENFORCEMENT_METHODS);
  });

  test('answers the empty state of every read', async (s) => {
    expect(await s.queryViolationsByFile('a.ts')).toEqual([]);
    expect(await s.queryAllViolations()).toEqual([]);
    expect(await s.queryGateResults()).toEqual([]);
    expect(await s.queryAuditSnapshots(10)).toEqual([]);
    expect(await s.queryHealthTrends('health', 10)).toEqual([]);
    expect(await s.queryFeedbackByDetector('d')).toEqual([]);
    expect(await s.queryFeedbackByPattern('p')).toEqual([]);
    expect(await s.queryFeedbackAdjustments('p')).toEqual([]);
    expect(await s.getViolationPatternId('v-1')).toBeNull();
    expect(await s.queryFeedbackStats()).toEqual({
      totalCount: 0,
      fixCount: 0,
      dismissCount: 0,
      suppressCount: 0,
      escalateCount: 0,
    });
    expect(await s.countNeedsReview()).toBe(0);
    expect(await s.queryRecentPolicyResults(10)).toEqual([]);
    expect(await s.queryRecentDegradationAlerts(10)).toEqual([]);
    expect(await s.queryDegradationAlertsByType('confidence_drop')).toEqual([]);
  });

  test('violations: every field kept, by file in line order, all by file and line, replaced by id', async (s) => {
    const rows = [
      violation('v-3', 'b.ts', 7),
      bareViolation('v-1', 'b.ts', 2),
      violation(`v-${UNICODE}`, 'a.ts', U32_MAX - 2, {
        column: U32_MAX - 2,
        endLine: U32_MAX - 1,
        endColumn: U32_MAX,
        severity: 'error',
      }),
      violation('v-2', 'a.ts', 1, { isNew: false }),
    ];
    for (const row of rows) await s.insertViolation(row);
    expectSame(api, await s.queryViolationsByFile('b.ts'), [rows[1], rows[0]]);
    expectSame(api, await s.queryAllViolations(), [rows[3], rows[2], rows[1], rows[0]]);
    expect(await s.queryViolationsByFile('c.ts')).toEqual([]);

    const replaced = { ...rows[0]!, line: 1, message: 'moved', suppressed: true };
    await s.insertViolation(replaced);
    expectSame(api, await s.queryViolationsByFile('b.ts'), [replaced, rows[1]]);
    expect(await s.queryAllViolations()).toHaveLength(4);
    expect(await s.getViolationPatternId('v-2')).toBe('sql/raw-query');
    expect(await s.getViolationPatternId('v-404')).toBeNull();
  });

  // queries/enforcement.rs query_violations_by_file (ORDER BY line) and query_all_violations (ORDER BY
  // file, line) have no tie-break: SQLite reads idx_violations_file and sorts, keeping ties in
  // insertion order; a violation replaced by id is inserted anew, so it moves behind its ties.
  test('violations that tie on file and line come in insertion order, a replaced one last', async (s) => {
    for (const id of ['v3', 'v1', 'v2']) await s.insertViolation(violation(id, 'b.ts', 2));
    await s.insertViolation(violation('v0', 'b.ts', 1));
    await s.insertViolation(violation('a9', 'a.ts', 2));
    expect((await s.queryViolationsByFile('b.ts')).map((r) => r.id)).toEqual(['v0', 'v3', 'v1', 'v2']);
    expect((await s.queryAllViolations()).map((r) => r.id)).toEqual(['a9', 'v0', 'v3', 'v1', 'v2']);
    await s.insertViolation(violation('v3', 'b.ts', 2, { message: 'again' }));
    expect((await s.queryViolationsByFile('b.ts')).map((r) => r.id)).toEqual(['v0', 'v1', 'v2', 'v3']);
  });

  // Values the reference cannot read back into its row types are refused before anything is written:
  // ViolationRow.line is u32 (drift-core traits/storage/drift_enforcement.rs, and
  // drift-storage queries/enforcement.rs reads it as u32), text must be well-formed Unicode.
  test('refuses a u32 field outside its range and text with a lone surrogate, writing nothing', async (s) => {
    for (const [bad, field] of [
      [violation('v-neg', 'a.ts', -1), 'v.line'],
      [violation('v-big', 'a.ts', U32_MAX + 1), 'v.line'],
      [violation('v-col', 'a.ts', 1, { column: -1 }), 'v.column'],
      [violation('v-cwe', 'a.ts', 1, { cweId: U32_MAX + 1 }), 'v.cweId'],
      [violation('v-text', 'a.ts', 1, { message: `cut ${'😀'.slice(0, 1)}` }), 'v.message'],
    ] as const) {
      const error = await expectStorageError(api, s.insertViolation(bad), 'INVALID_INPUT');
      expect((error as { field?: string }).field).toBe(field);
    }
    const gateError = await expectStorageError(
      api,
      s.insertGateResult(gate('g', true, { violationCount: U32_MAX + 1 })),
      'INVALID_INPUT',
    );
    expect((gateError as { field?: string }).field).toBe('g.violationCount');
    expect(await s.queryAllViolations()).toEqual([]);
    expect(await s.queryGateResults()).toEqual([]);
    await s.insertViolation(violation('v-max', 'a.ts', U32_MAX - 2, { column: U32_MAX, cweId: U32_MAX }));
    expect((await s.queryAllViolations()).map((r) => [r.line, r.column, r.cweId])).toEqual([
      [U32_MAX - 2, U32_MAX, U32_MAX],
    ]);
  });

  test('gate results: every field kept, runAt stamped by the store, one row per gate by gate id', async (s) => {
    const before = nowSeconds();
    const rows = [
      gate('security-baseline', false),
      gate(`compliance-${UNICODE}`, true),
      gate('regression', true),
    ];
    for (const row of rows) await s.insertGateResult({ ...row, runAt: 5 });
    const stored = await s.queryGateResults();
    expect(stored.map((r) => r.gateId)).toEqual([`compliance-${UNICODE}`, 'regression', 'security-baseline']);
    expectSame(
      api,
      omitAll(stored, 'runAt'),
      omitAll(
        sortBy(rows, (r) => r.gateId),
        'runAt',
      ),
    );
    for (const row of stored) expectStamp(api, row.runAt, before, nowSeconds(), 'runAt');
  });

  test('audit snapshots: every field kept, createdAt stamped by the store, limit honoured', async (s) => {
    const before = nowSeconds();
    await s.insertAuditSnapshot(snapshot(81.5, JSON.stringify({ naming: 0.9, note: UNICODE })));
    await s.insertAuditSnapshot(snapshot(79.25, null));
    const stored = await s.queryAuditSnapshots(10);
    expectSame(
      api,
      sortBy(omitAll(stored, 'createdAt'), (r) => r.healthScore),
      [
        omit(snapshot(79.25, null), 'createdAt'),
        omit(snapshot(81.5, JSON.stringify({ naming: 0.9, note: UNICODE })), 'createdAt'),
      ],
    );
    for (const row of stored) expectStamp(api, row.createdAt, before, nowSeconds(), 'snapshot createdAt');
    expect(await s.queryAuditSnapshots(1)).toHaveLength(1);
  });

  test('health trends: stamped now, filtered by metric, limit honoured', async (s) => {
    const before = nowSeconds();
    await s.insertHealthTrend('health', 81.5);
    await s.insertHealthTrend('health', 82.75);
    await s.insertHealthTrend(`metric-${UNICODE}`, -3.5);
    const health = await s.queryHealthTrends('health', 10);
    expect(sortBy(health, (r) => r.metricValue).map((r) => [r.metricName, r.metricValue])).toEqual([
      ['health', 81.5],
      ['health', 82.75],
    ]);
    for (const row of health) expectStamp(api, row.recordedAt, before, nowSeconds(), 'recordedAt');
    expect(await s.queryHealthTrends('health', 1)).toHaveLength(1);
    expect((await s.queryHealthTrends(`metric-${UNICODE}`, 10)).map((r) => r.metricValue)).toEqual([-3.5]);
    expect(await s.queryHealthTrends('other', 10)).toEqual([]);
  });

  test('feedback: every field kept, createdAt stamped, filtered by detector and by pattern', async (s) => {
    const before = nowSeconds();
    const rows = [
      feedback('v-1', 'p-1', 'fix', null, 'detector-a'),
      feedback('v-2', 'p-1', 'dismiss', 'false_positive', 'detector-b'),
      feedback('v-3', 'p-2', 'escalate', null, 'detector-a'),
    ];
    for (const row of rows) await s.insertFeedback({ ...row, createdAt: 3 });
    const byDetector = await s.queryFeedbackByDetector('detector-a');
    expectSame(
      api,
      sortBy(omitAll(byDetector, 'createdAt'), (r) => r.violationId),
      omitAll([rows[0]!, rows[2]!], 'createdAt'),
    );
    for (const row of byDetector) expectStamp(api, row.createdAt, before, nowSeconds(), 'feedback createdAt');
    expectSame(
      api,
      sortBy(omitAll(await s.queryFeedbackByPattern('p-1'), 'createdAt'), (r) => r.violationId),
      omitAll([rows[0]!, rows[1]!], 'createdAt'),
    );
    expect(await s.queryFeedbackByPattern('p-3')).toEqual([]);
    expect(await s.queryFeedbackByDetector('detector-z')).toEqual([]);
  });

  test('queryFeedbackAdjustments maps each feedback row of a pattern to its (alpha, beta) delta', async (s) => {
    const actions: Array<[string, string | null]> = [
      ['fix', null],
      ['dismiss', 'false_positive'],
      ['dismiss', 'not_applicable'],
      ['dismiss', 'wont_fix'],
      ['dismiss', 'duplicate'],
      ['dismiss', null],
      ['suppress', null],
      ['escalate', null],
    ];
    let i = 0;
    for (const [action, reason] of actions)
      await s.insertFeedback(feedback(`v-${i++}`, 'p-1', action, reason));
    await s.insertFeedback(feedback('v-x', 'p-2', 'fix'));
    const deltas = (await s.queryFeedbackAdjustments('p-1')).map(([a, b]) => [a, b]);
    const expected = [
      [1, 0],
      [0, 0.5],
      [0, 0.25],
      [0, 0],
      [0, 0],
      [0, 0.25],
      [0, 0.1],
      [0.5, 0],
    ];
    const key = (pair: number[]) => [pair[0]!, pair[1]!];
    expect(sortBy(deltas, key)).toEqual(sortBy(expected, key));
    expect(await s.queryFeedbackAdjustments('p-3')).toEqual([]);
  });

  test('queryFeedbackStats counts feedback by action', async (s) => {
    const actions = ['fix', 'fix', 'dismiss', 'suppress', 'escalate', 'escalate', 'escalate', 'other'];
    let i = 0;
    for (const action of actions) await s.insertFeedback(feedback(`v-${i++}`, 'p-1', action));
    expect(await s.queryFeedbackStats()).toEqual({
      totalCount: 8,
      fixCount: 2,
      dismissCount: 1,
      suppressCount: 1,
      escalateCount: 3,
    });
  });

  test('countNeedsReview counts unsuppressed violations without fix or dismiss feedback', async (s) => {
    await s.insertViolation(violation('v-1', 'a.ts', 1)); // fixed
    await s.insertViolation(violation('v-2', 'a.ts', 2)); // dismissed
    await s.insertViolation(violation('v-3', 'a.ts', 3)); // escalated: still needs review
    await s.insertViolation(violation('v-4', 'a.ts', 4)); // no feedback: needs review
    await s.insertViolation(violation('v-5', 'a.ts', 5, { suppressed: true })); // suppressed
    expect(await s.countNeedsReview()).toBe(4);
    await s.insertFeedback(feedback('v-1', 'sql/raw-query', 'fix'));
    await s.insertFeedback(feedback('v-2', 'sql/raw-query', 'dismiss', 'wont_fix'));
    await s.insertFeedback(feedback('v-3', 'sql/raw-query', 'escalate'));
    expect(await s.countNeedsReview()).toBe(2);
  });

  test('policy results: store-assigned id and runAt, every field kept, limit honoured', async (s) => {
    const before = nowSeconds();
    const rows = [
      policy('strict', false, JSON.stringify({ failed: ['security'] })),
      policy(`policy-${UNICODE}`, true, null),
    ];
    for (const row of rows) await s.insertPolicyResult({ ...row, id: 77, runAt: 1 });
    const stored = await s.queryRecentPolicyResults(10);
    expectSame(
      api,
      sortBy(omitAll(stored, 'id', 'runAt'), (r) => r.policyName),
      sortBy(omitAll(rows, 'id', 'runAt'), (r) => r.policyName),
    );
    expectDistinctRowIds(
      api,
      stored.map((r) => r.id),
    );
    for (const row of stored) expectStamp(api, row.runAt, before, nowSeconds(), 'policy runAt');
    expect(await s.queryRecentPolicyResults(1)).toHaveLength(1);
  });

  test('degradation alerts: store-assigned id and createdAt, limit honoured, filter by type', async (s) => {
    const before = nowSeconds();
    const rows = [
      alert('confidence_drop', 'a'),
      alert('compliance_drop', `b ${UNICODE}`),
      alert('confidence_drop', 'c'),
    ];
    for (const row of rows) await s.insertDegradationAlert({ ...row, id: 5, createdAt: 1 });
    const stored = await s.queryRecentDegradationAlerts(10);
    expectSame(
      api,
      sortBy(omitAll(stored, 'id', 'createdAt'), (r) => r.message),
      omitAll(rows, 'id', 'createdAt'),
    );
    expectDistinctRowIds(
      api,
      stored.map((r) => r.id),
    );
    for (const row of stored) expectStamp(api, row.createdAt, before, nowSeconds(), 'alert createdAt');
    expect(await s.queryRecentDegradationAlerts(2)).toHaveLength(2);
    expect(
      sortBy(await s.queryDegradationAlertsByType('confidence_drop'), (r) => r.message).map((r) => r.message),
    ).toEqual(['a', 'c']);
    expect(await s.queryDegradationAlertsByType('other')).toEqual([]);
  });

  test('newest-first reads: rows written a clock tick later come first; gates answer their latest run', async (s) => {
    await s.insertGateResult(gate('b-gate', true));
    await s.insertGateResult(gate('a-gate', false));
    await s.insertAuditSnapshot(snapshot(1, null));
    await s.insertHealthTrend('health', 1);
    await s.insertFeedback(feedback('v-old', 'p-1', 'fix', null, 'd-1'));
    await s.insertPolicyResult(policy('old', false, null));
    await s.insertDegradationAlert(alert('confidence_drop', 'old'));
    await nextClockSecond(); // rows written from here on get a later stamp
    await s.insertGateResult(gate('a-gate', true, { summary: 'second run' }));
    await s.insertAuditSnapshot(snapshot(2, null));
    await s.insertHealthTrend('health', 2);
    await s.insertFeedback(feedback('v-new', 'p-1', 'escalate', null, 'd-1'));
    await s.insertPolicyResult(policy('new', true, null));
    await s.insertDegradationAlert(alert('confidence_drop', 'new'));

    expect((await s.queryGateResults()).map((r) => [r.gateId, r.passed])).toEqual([
      ['a-gate', true],
      ['b-gate', true],
    ]);
    expect((await s.queryGateResults())[0]!.summary).toBe('second run');
    expect((await s.queryAuditSnapshots(10)).map((r) => r.healthScore)).toEqual([2, 1]);
    expect((await s.queryAuditSnapshots(1)).map((r) => r.healthScore)).toEqual([2]);
    expect((await s.queryHealthTrends('health', 10)).map((r) => r.metricValue)).toEqual([2, 1]);
    expect((await s.queryHealthTrends('health', 1)).map((r) => r.metricValue)).toEqual([2]);
    expect((await s.queryFeedbackByDetector('d-1')).map((r) => r.violationId)).toEqual(['v-new', 'v-old']);
    expect((await s.queryFeedbackByPattern('p-1')).map((r) => r.violationId)).toEqual(['v-new', 'v-old']);
    expect(await s.queryFeedbackAdjustments('p-1')).toEqual([
      [0.5, 0],
      [1, 0],
    ]);
    expect((await s.queryRecentPolicyResults(10)).map((r) => r.policyName)).toEqual(['new', 'old']);
    expect((await s.queryRecentPolicyResults(1)).map((r) => r.policyName)).toEqual(['new']);
    expect((await s.queryRecentDegradationAlerts(10)).map((r) => r.message)).toEqual(['new', 'old']);
    expect((await s.queryRecentDegradationAlerts(1)).map((r) => r.message)).toEqual(['new']);
    expect((await s.queryDegradationAlertsByType('confidence_drop')).map((r) => r.message)).toEqual([
      'new',
      'old',
    ]);
  });

  enforcementValueTests(ctx);
}
