import type { WriteExecutor } from '../statements.js';

/** Days kept per retention tier. */
export interface RetentionPolicy {
  /** Short-lived findings (default 30). */
  readonly shortDays: number;
  /** Medium-lived trend and history data (default 90). */
  readonly mediumDays: number;
  /** Long-lived caches and decisions (default 365). */
  readonly longDays: number;
}

/** The reference's tiers: 30, 90 and 365 days. */
export const DEFAULT_RETENTION: RetentionPolicy = { shortDays: 30, mediumDays: 90, longDays: 365 };

/** What one retention run removed. */
export interface RetentionReport {
  /** Rows removed in all tables. */
  readonly totalDeleted: number;
  /** Rows removed per table. */
  readonly perTable: Readonly<Record<string, number>>;
}

/** Applies retention as of `now` (seconds). */
export function applyRetention(_w: WriteExecutor, _policy: RetentionPolicy, _now: number): RetentionReport {
  return { totalDeleted: 0, perTable: {} };
}
