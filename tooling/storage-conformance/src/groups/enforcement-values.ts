// The enforcement engine tests of the SQLite engine that need no second connection, moved here so
// that every engine runs them: every violation field (nulls, unicode, the largest u32 values, both
// booleans), orders, replacement in full, and the feedback counts.
import type { ViolationRow } from '@drift/storage-traits';
import { feedback, violation } from '@drift/storage-traits/testing';
import type { GroupContext } from '../support.js';

/** The largest u32, the type of a violation's line and columns and of several counts in the reference. */
const U32_MAX = 2 ** 32 - 1;

const FULL_VIOLATION: ViolationRow = {
  id: 'v-ü-1',
  file: 'src/ünï/кот.ts',
  line: U32_MAX - 3,
  column: 7,
  endLine: U32_MAX,
  endColumn: U32_MAX,
  severity: 'warning',
  patternId: 'auth_check',
  ruleId: 'no-eval',
  message: 'Violation: use the shared helper — ユーザー 🚀',
  quickFixStrategy: 'wrap',
  quickFixDescription: 'Wrap in try/catch ✓',
  cweId: 79,
  owaspCategory: 'A03:2021',
  suppressed: true,
  isNew: true,
};

/** Registers the value-by-value enforcement tests (part of the `enforcement` group). */
export function enforcementValueTests(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('answers every read of an empty database with an empty value', async (e) => {
    expect(await e.queryViolationsByFile('src/a.ts')).toEqual([]);
    expect(await e.queryAllViolations()).toEqual([]);
    expect(await e.queryGateResults()).toEqual([]);
    expect(await e.queryAuditSnapshots(10)).toEqual([]);
    expect(await e.queryHealthTrends('health_score', 10)).toEqual([]);
    expect(await e.queryFeedbackByDetector('d1')).toEqual([]);
    expect(await e.queryFeedbackByPattern('p1')).toEqual([]);
    expect(await e.queryFeedbackAdjustments('p1')).toEqual([]);
    expect(await e.getViolationPatternId('v1')).toBeNull();
    expect(await e.queryFeedbackStats()).toStrictEqual({
      totalCount: 0,
      fixCount: 0,
      dismissCount: 0,
      suppressCount: 0,
      escalateCount: 0,
    });
    expect(await e.countNeedsReview()).toBe(0);
    expect(await e.queryRecentPolicyResults(10)).toEqual([]);
    expect(await e.queryRecentDegradationAlerts(10)).toEqual([]);
    expect(await e.queryDegradationAlertsByType('confidence_drop')).toEqual([]);
  });

  // Line, column and CWE id are u32 in the reference's ViolationRow (queries/enforcement.rs): the
  // largest values it holds are used (2^40 used to be, which the reference cannot read back).
  test('round-trips every violation field: nulls, unicode, the largest u32 values and both booleans', async (e) => {
    const bare = violation({ id: 'v-bare', file: FULL_VIOLATION.file, line: 3 });
    const mixed = violation({
      id: 'v-mixed',
      file: FULL_VIOLATION.file,
      line: 5,
      suppressed: false,
      isNew: true,
    });
    await e.insertViolation(FULL_VIOLATION);
    await e.insertViolation(bare);
    await e.insertViolation(mixed);
    expect(await e.queryViolationsByFile(FULL_VIOLATION.file)).toStrictEqual([bare, mixed, FULL_VIOLATION]);
    expect(await e.getViolationPatternId('v-ü-1')).toBe('auth_check');
    expect(await e.getViolationPatternId('v-bare')).toBe('p1');
    expect(await e.getViolationPatternId('nope')).toBeNull();
  });

  test('orders violations by line within a file and by file then line overall', async (e) => {
    await e.insertViolation(violation({ id: 'a30', file: 'b.ts', line: 30 }));
    await e.insertViolation(violation({ id: 'a10', file: 'b.ts', line: 10 }));
    await e.insertViolation(violation({ id: 'c1', file: 'c.ts', line: 1 }));
    await e.insertViolation(violation({ id: 'a20', file: 'b.ts', line: 20 }));
    await e.insertViolation(violation({ id: 'x99', file: 'a.ts', line: 99 }));
    expect((await e.queryViolationsByFile('b.ts')).map((v) => v.id)).toEqual(['a10', 'a20', 'a30']);
    expect((await e.queryViolationsByFile('c.ts')).map((v) => v.id)).toEqual(['c1']);
    expect(await e.queryViolationsByFile('none.ts')).toEqual([]);
    expect((await e.queryAllViolations()).map((v) => v.id)).toEqual(['x99', 'a10', 'a20', 'a30', 'c1']);
  });

  test('replaces a violation with the same id in full, nulls included', async (e) => {
    await e.insertViolation(FULL_VIOLATION);
    const replacement = violation({ id: FULL_VIOLATION.id, file: 'other.ts', line: 2, patternId: 'p9' });
    await e.insertViolation(replacement);
    expect(await e.queryAllViolations()).toStrictEqual([replacement]);
    expect(await e.queryViolationsByFile(FULL_VIOLATION.file)).toEqual([]);
    expect(await e.getViolationPatternId(FULL_VIOLATION.id)).toBe('p9');
  });

  test('counts feedback by action, unknown actions in the total only', async (e) => {
    const actions = ['fix', 'fix', 'fix', 'dismiss', 'dismiss', 'suppress', 'escalate', 'snooze', 'Fix'];
    for (const [i, action] of actions.entries()) {
      await e.insertFeedback(feedback({ violationId: `v${i}`, action }));
    }
    expect(await e.queryFeedbackStats()).toStrictEqual({
      totalCount: 9,
      fixCount: 3,
      dismissCount: 2,
      suppressCount: 1,
      escalateCount: 1,
    });
  });

  test('counts unsuppressed violations without fix or dismiss feedback as needing review', async (e) => {
    await e.insertViolation(violation({ id: 'plain' }));
    await e.insertViolation(violation({ id: 'suppressed', suppressed: true }));
    await e.insertViolation(violation({ id: 'fixed' }));
    await e.insertViolation(violation({ id: 'dismissed' }));
    await e.insertViolation(violation({ id: 'escalated' }));
    await e.insertViolation(violation({ id: 'suppress-feedback' }));
    await e.insertViolation(violation({ id: 'suppressed-and-fixed', suppressed: true }));
    await e.insertFeedback(feedback({ violationId: 'fixed', action: 'fix' }));
    await e.insertFeedback(
      feedback({ violationId: 'dismissed', action: 'dismiss', dismissalReason: 'wont_fix' }),
    );
    await e.insertFeedback(feedback({ violationId: 'escalated', action: 'escalate' }));
    await e.insertFeedback(feedback({ violationId: 'suppress-feedback', action: 'suppress' }));
    await e.insertFeedback(feedback({ violationId: 'suppressed-and-fixed', action: 'fix' }));
    await e.insertFeedback(feedback({ violationId: 'unknown-violation', action: 'fix' }));
    // plain, escalated, suppress-feedback
    expect(await e.countNeedsReview()).toBe(3);
    await e.insertFeedback(feedback({ violationId: 'escalated', action: 'dismiss' }));
    expect(await e.countNeedsReview()).toBe(2);
  });
}
