import type { DriftStorageBackend } from '@drift/storage-traits';
import { argumentError, optionalArgument, requireArgument } from '@drift/storage-traits';
import type { JsFeedbackInput, JsFeedbackResult } from '../contract/enforcement.js';
import type { DriftNapi } from '../contract/interface.js';
import { unixNow } from './args.js';
import type { BindingContext } from './context.js';

/**
 * The feedback functions, as the reference's feedback.rs: each records one `feedback` row. Any violation
 * id is accepted (an empty one too); the pattern and detector ids are looked up in `violations` and are
 * empty strings when the id names no violation. `driftDismissViolation` ignores `action` (it must be a
 * string) and stores its optional reason, empty or not, as both the dismissal reason and the reason;
 * `driftSuppressViolation` does the same with its required reason; `driftFixViolation` stores neither.
 */
export function feedbackBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftDismissViolation' | 'driftFixViolation' | 'driftSuppressViolation'> {
  function record(
    storage: DriftStorageBackend,
    violationId: string,
    action: 'dismiss' | 'fix' | 'suppress',
    reason: string | null,
  ): void {
    const violation = lookUp(storage, violationId);
    storage.insertFeedback({
      violationId,
      patternId: violation?.patternId ?? '',
      detectorId: violation?.ruleId ?? '',
      action,
      dismissalReason: reason,
      reason,
      author: null,
      createdAt: unixNow(),
    });
  }

  return {
    driftDismissViolation(input: JsFeedbackInput): JsFeedbackResult {
      const op = 'driftDismissViolation';
      if (typeof input !== 'object' || input === null) {
        throw argumentError(op, 'input', 'an object { violationId, action, reason? }', input);
      }
      const id = requireArgument(op, 'input.violationId', 'string', input.violationId);
      requireArgument(op, 'input.action', 'text', input.action);
      const reason = optionalArgument(op, 'input.reason', 'string', input.reason) ?? null;
      record(ctx.storage(op), id, 'dismiss', reason);
      return { success: true, message: `Violation ${id} dismissed` };
    },

    driftFixViolation(violationId: string): JsFeedbackResult {
      const op = 'driftFixViolation';
      const id = requireArgument(op, 'violationId', 'string', violationId);
      record(ctx.storage(op), id, 'fix', null);
      return { success: true, message: `Violation ${id} marked as fixed` };
    },

    driftSuppressViolation(violationId: string, reason: string): JsFeedbackResult {
      const op = 'driftSuppressViolation';
      const id = requireArgument(op, 'violationId', 'string', violationId);
      const why = requireArgument(op, 'reason', 'string', reason);
      record(ctx.storage(op), id, 'suppress', why);
      return { success: true, message: `Violation ${id} suppressed: ${why}` };
    },
  };
}

/** The violation, or null when it does not exist or cannot be read (the reference then uses empty ids). */
function lookUp(storage: DriftStorageBackend, violationId: string) {
  try {
    return storage.getViolation(violationId);
  } catch {
    return null;
  }
}
