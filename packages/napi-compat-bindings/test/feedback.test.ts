import { join } from 'node:path';
import { isStorageError, type ViolationInsertRow } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { type JsFeedbackInput, RUNTIME_NOT_INITIALIZED_MESSAGE } from '../src/index.js';
import { failureOf, napiFixture, tempFolder } from './helpers/napi-fixture.js';

/** A runtime over a temp drift.db holding one violation, `v-1` (pattern `pat-1`, rule `rule-1`). */
function withViolation() {
  const fixture = napiFixture();
  fixture.napi.driftInitialize(join(tempFolder(), 'drift.db'));
  const violation: ViolationInsertRow = {
    id: 'v-1',
    file: 'src/a.ts',
    line: 3,
    columnNum: null,
    endLine: null,
    endColumn: null,
    severity: 'error',
    patternId: 'pat-1',
    ruleId: 'rule-1',
    message: 'bad',
    quickFixStrategy: null,
    quickFixDescription: null,
    cweId: null,
    owaspCategory: null,
    suppressed: false,
    isNew: true,
  };
  const engine = fixture.engine();
  engine.sendBatch({ type: 'InsertViolations', rows: [violation] });
  engine.flushSync();
  return { ...fixture, engine };
}

/** The stored feedback rows of a pattern id, without their timestamps. */
function feedbackOf(engine: ReturnType<typeof withViolation>['engine'], patternId: string) {
  return engine.queryFeedbackByPattern(patternId).map(({ createdAt: _createdAt, ...row }) => row);
}

describe('feedback (drift-napi/src/bindings/feedback.rs)', () => {
  it('a known violation: its pattern and rule are recorded with the action', () => {
    const { napi, engine } = withViolation();
    expect(napi.driftFixViolation('v-1')).toEqual({
      success: true,
      message: 'Violation v-1 marked as fixed',
    });
    expect(napi.driftSuppressViolation('v-1', 'generated code')).toEqual({
      success: true,
      message: 'Violation v-1 suppressed: generated code',
    });
    expect(
      napi.driftDismissViolation({ violationId: 'v-1', action: 'dismiss', reason: 'false_positive' }),
    ).toEqual({
      success: true,
      message: 'Violation v-1 dismissed',
    });
    // drift_fix_violation: no reasons; drift_suppress_violation and drift_dismiss_violation: the reason
    // as both dismissal_reason and reason.
    expect(feedbackOf(engine, 'pat-1')).toEqual(
      expect.arrayContaining([
        {
          violationId: 'v-1',
          patternId: 'pat-1',
          detectorId: 'rule-1',
          action: 'fix',
          dismissalReason: null,
          reason: null,
          author: null,
        },
        {
          violationId: 'v-1',
          patternId: 'pat-1',
          detectorId: 'rule-1',
          action: 'suppress',
          dismissalReason: 'generated code',
          reason: 'generated code',
          author: null,
        },
        {
          violationId: 'v-1',
          patternId: 'pat-1',
          detectorId: 'rule-1',
          action: 'dismiss',
          dismissalReason: 'false_positive',
          reason: 'false_positive',
          author: null,
        },
      ]),
    );
    expect(feedbackOf(engine, 'pat-1')).toHaveLength(3);
  });

  it('an unknown violation id is accepted and recorded with empty pattern and detector ids', () => {
    const { napi, engine } = withViolation();
    // resolve_pattern_id / resolve_detector_id: unwrap_or_default() when the violation is not found.
    expect(napi.driftFixViolation('v-404')).toEqual({
      success: true,
      message: 'Violation v-404 marked as fixed',
    });
    expect(napi.driftSuppressViolation('', '')).toEqual({
      success: true,
      message: 'Violation  suppressed: ',
    });
    expect(feedbackOf(engine, '')).toEqual(
      expect.arrayContaining([
        {
          violationId: 'v-404',
          patternId: '',
          detectorId: '',
          action: 'fix',
          dismissalReason: null,
          reason: null,
          author: null,
        },
        {
          violationId: '',
          patternId: '',
          detectorId: '',
          action: 'suppress',
          dismissalReason: '',
          reason: '',
          author: null,
        },
      ]),
    );
    expect(engine.queryFeedbackStats()).toMatchObject({ totalCount: 2, fixCount: 1, suppressCount: 1 });
  });

  it('driftDismissViolation records `dismiss` whatever `action` says; an empty or absent reason is kept as given', () => {
    const { napi, engine } = withViolation();
    // drift_dismiss_violation: action: "dismiss".to_string(); dismissal_reason and reason: input.reason.
    napi.driftDismissViolation({ violationId: 'v-1', action: 'shrug', reason: '' });
    napi.driftDismissViolation({ violationId: 'v-1', action: '' });
    napi.driftDismissViolation({
      violationId: 'v-1',
      action: 'fix',
      reason: null,
    } as unknown as JsFeedbackInput);
    const rows = feedbackOf(engine, 'pat-1');
    expect(rows.map((r) => r.action)).toEqual(['dismiss', 'dismiss', 'dismiss']);
    expect(rows.map((r) => r.reason).sort()).toEqual(['', null, null]);
    expect(rows.map((r) => r.dismissalReason).sort()).toEqual(['', null, null]);
  });

  it('argument types are checked first (napi conversion), then the runtime', async () => {
    const { napi } = napiFixture();
    // Before driftInitialize, good arguments meet runtime::get() ...
    const early = await failureOf(() => napi.driftFixViolation('v-1'));
    expect((early as Error).message).toBe(RUNTIME_NOT_INITIALIZED_MESSAGE);
    // ... and bad ones fail their conversion first.
    for (const call of [
      () => napi.driftFixViolation(1 as never),
      () => napi.driftSuppressViolation('v', null as never),
      () => napi.driftDismissViolation('v-1' as never),
      () => napi.driftDismissViolation({ violationId: 'v-1' } as never),
      () => napi.driftDismissViolation({ violationId: 5, action: 'dismiss' } as never),
      () => napi.driftDismissViolation({ violationId: 'v', action: 'dismiss', reason: 3 } as never),
    ]) {
      const error = await failureOf(call);
      expect(isStorageError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as Error).message).toMatch(
        /^\[INVALID_ARGUMENT\] drift(Fix|Suppress|Dismiss)Violation: /,
      );
    }
  });
});

describe('pattern status (drift-napi/src/bindings/enforcement.rs)', () => {
  it('driftApprovePattern takes any pattern id and keeps an empty reason', () => {
    const { napi, engine } = withViolation();
    // drift_approve_pattern: reason Option<String> stored as given; message appends ": {r}" for Some.
    expect(napi.driftApprovePattern('unknown-pattern', 'approved', '')).toEqual({
      success: true,
      patternId: 'unknown-pattern',
      previousStatus: 'discovered',
      newStatus: 'approved',
      message: 'Pattern unknown-pattern status updated: ',
    });
    const row = engine.getPatternStatus('unknown-pattern');
    expect(row).toMatchObject({
      status: 'approved',
      approvedBy: 'user',
      reason: '',
      confidenceAtApproval: null,
    });
    expect(napi.driftApprovePattern('unknown-pattern', 'ignored', null)).toEqual({
      success: true,
      patternId: 'unknown-pattern',
      previousStatus: 'approved',
      newStatus: 'ignored',
      message: 'Pattern unknown-pattern status updated',
    });
    expect(engine.getPatternStatus('unknown-pattern')).toMatchObject({
      status: 'ignored',
      approvedBy: null,
      approvedAt: null,
      reason: null,
    });
    expect(napi.driftApprovePattern('', 'discovered', 'x').patternId).toBe('');
  });

  it('driftApprovePattern checks the runtime before the status, as the reference', async () => {
    const { napi } = napiFixture();
    const error = await failureOf(() => napi.driftApprovePattern('p', 'maybe', null));
    expect((error as Error).message).toBe(RUNTIME_NOT_INITIALIZED_MESSAGE);
  });

  it('driftPatternStatus takes any filter: an unknown one matches no row, the counts still cover all', () => {
    const { napi } = withViolation();
    napi.driftApprovePattern('a', 'approved', null);
    napi.driftApprovePattern('b', 'ignored', null);
    // query_all_pattern_statuses: WHERE status = ?1 for any Some(filter).
    for (const filter of ['bogus', '', 'APPROVED']) {
      expect(napi.driftPatternStatus(filter)).toEqual({
        patterns: [],
        total: 0,
        counts: { discovered: 0, approved: 1, ignored: 1 },
      });
    }
    expect(napi.driftPatternStatus('approved').patterns.map((p) => p.patternId)).toEqual(['a']);
    expect(napi.driftPatternStatus(undefined as unknown as null).total).toBe(2);
  });
});
