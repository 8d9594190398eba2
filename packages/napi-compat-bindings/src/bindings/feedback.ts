import { StorageError, StorageErrorCode } from '@drift/storage-traits';
import type { JsFeedbackInput, JsFeedbackResult } from '../contract/enforcement.js';
import type { DriftNapi } from '../contract/interface.js';
import { badArgument, oneOf, optionalString, requireString, unixNow } from './args.js';
import type { BindingContext } from './context.js';

/** Feedback actions `driftDismissViolation` accepts in its input (it always records `dismiss`). */
export const FEEDBACK_ACTIONS = ['dismiss', 'fix', 'suppress', 'escalate'] as const;

/**
 * The feedback functions: each records one `feedback` row for a violation. Unlike the reference, which
 * records feedback for any id (with empty pattern and detector ids), an id that names no stored
 * violation fails with `NOT_FOUND`, so that a typo does not silently create orphan feedback.
 */
export function feedbackBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftDismissViolation' | 'driftFixViolation' | 'driftSuppressViolation'> {
  function record(
    op: string,
    violationId: string,
    action: 'dismiss' | 'fix' | 'suppress',
    reason: string | null,
  ): void {
    const storage = ctx.storage(op);
    const violation = storage.getViolation(violationId);
    if (violation === null) {
      throw notFound(op, violationId);
    }
    storage.insertFeedback({
      violationId,
      patternId: violation.patternId,
      detectorId: violation.ruleId,
      action,
      dismissalReason: action === 'fix' ? null : reason,
      reason,
      author: null,
      createdAt: unixNow(),
    });
  }

  return {
    driftDismissViolation(input: JsFeedbackInput): JsFeedbackResult {
      const op = 'driftDismissViolation';
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw badArgument(op, 'input', 'an object { violationId, action, reason? }', input);
      }
      const id = requireString(input.violationId, 'input.violationId', op);
      oneOf(input.action, FEEDBACK_ACTIONS, 'input.action', op);
      const reason = optionalString(input.reason, 'input.reason', op) ?? null;
      record(op, id, 'dismiss', reason);
      return { success: true, message: `Violation ${id} dismissed` };
    },

    driftFixViolation(violationId: string): JsFeedbackResult {
      const op = 'driftFixViolation';
      const id = requireString(violationId, 'violationId', op);
      record(op, id, 'fix', null);
      return { success: true, message: `Violation ${id} marked as fixed` };
    },

    driftSuppressViolation(violationId: string, reason: string): JsFeedbackResult {
      const op = 'driftSuppressViolation';
      const id = requireString(violationId, 'violationId', op);
      const why = requireString(reason, 'reason', op);
      record(op, id, 'suppress', why);
      return { success: true, message: `Violation ${id} suppressed: ${why}` };
    },
  };
}

function notFound(operation: string, violationId: string): StorageError {
  return new StorageError(StorageErrorCode.NOT_FOUND, `${operation}: no violation with id '${violationId}'`, {
    operation,
    field: 'violationId',
  });
}
