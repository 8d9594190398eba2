import type { RetentionPolicy } from '@drift/storage-traits';
import { driveSync, type RetentionReport, retentionSteps } from '@drift/storage-traits/queries';
import type { WriteExecutor } from '../statements.js';

// The retention driver (`@drift/storage-traits/queries` retentionSteps: the reference's tiers and
// tables) run on this engine's writer in one transaction.

/**
 * Runs the retention driver against `now` (seconds) in one transaction on `w`: on failure nothing is
 * deleted. Answers what it removed, per table.
 */
export function applyRetention(w: WriteExecutor, policy: RetentionPolicy, now: number): RetentionReport {
  return w.transaction(() => driveSync(retentionSteps(policy, now), w.steps));
}
