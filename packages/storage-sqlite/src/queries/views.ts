import {
  decodeCursor,
  encodeCursor,
  invalidInput,
  type MethodArgumentSpecs,
  type PaginatedResult,
  type ViolationRow,
} from '@drift/storage-traits';
import { decodeViolation, VIOLATION_FIELDS } from '@drift/storage-traits/queries';
import { defineReads, qb, statement } from '../statements.js';

/** The project's health at a glance: the reference's materialized status view. */
export interface StatusView {
  /** Health score of the latest audit snapshot (0 when there is none). */
  readonly healthScore: number;
  /** Mean pattern confidence of the latest audit snapshot (0 when there is none). */
  readonly avgConfidence: number;
  /** Pattern count of the latest audit snapshot (0 when there is none). */
  readonly patternCount: number;
  /** Rows of `violations` with `suppressed` 0, every severity and pattern. */
  readonly violationCount: number;
  /** Passed gate results stamped with the latest gate run time. */
  readonly gatePassCount: number;
  /** Failed gate results stamped with the latest gate run time. */
  readonly gateFailCount: number;
  /** When the latest audit snapshot was taken, epoch seconds (0 when there is none). */
  readonly lastUpdated: number;
}

/** The security posture: the reference's materialized security view (unsuppressed violations with a CWE). */
export interface SecurityView {
  /** Security violations of severity `error`. */
  readonly criticalCount: number;
  /** Security violations of severity `warning`. */
  readonly highCount: number;
  /** Unsuppressed violations that carry a CWE id, whatever their severity. */
  readonly totalSecurityViolations: number;
}

/** One sample of a health metric trend. */
export interface TrendPoint {
  /** `metric_value` of one `health_trends` row (any metric name: the view does not filter on it). */
  readonly value: number;
  /** When it was recorded, epoch seconds. */
  readonly timestamp: number;
}

/** Read-only aggregate views over the enforcement tables, and paging through violations. */
export interface DriftViews {
  /** The status view, computed now from the latest audit snapshot, violations and gate results. */
  statusView(): StatusView;
  /** The security view, computed now from violations. */
  securityView(): SecurityView;
  /** The `health_score` samples of the last `days` days, oldest first (the reference's trend view). */
  healthTrend(days: number): TrendPoint[];
  /** One page of violations in id order; pass the previous page's `nextCursor` (null for the first page). */
  queryViolationsPage(cursor: string | null, limit: number): PaginatedResult<ViolationRow>;
}

/**
 * The arguments of each {@link DriftViews} method in the seam's spec format: the engine checks a call
 * against them with the seam's checker (`argumentCheckerFor`), as it checks every storage method, and
 * the compiler checks them against the interface. What a kind does not say (a `limit` of at least 1)
 * the view checks itself.
 */
export const VIEW_ARGUMENTS: MethodArgumentSpecs<DriftViews> = {
  statusView: [],
  securityView: [],
  healthTrend: [['days', 'uint']],
  queryViolationsPage: [
    ['cursor', 'string?'],
    ['limit', 'uint'],
  ],
};

// The status view in one statement so its parts agree. The latest snapshot is picked as the
// reference's refresh_status picks it (materialized/status.rs: ORDER BY created_at DESC LIMIT 1, a
// backward scan of idx_audit_snapshots_created, so the later insert on a tie), the same way in each
// subquery, so all four fields come from one row.
const latestSnapshot = <C extends 'health_score' | 'avg_confidence' | 'pattern_count' | 'created_at'>(
  column: C,
) => qb.selectFrom('audit_snapshots').select(column).orderBy('created_at', 'desc').limit(1);

// Gate results of the single latest run time across all gates, as the reference counts them.
const latestGateRun = (passed: 0 | 1) =>
  qb
    .selectFrom('gate_results')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('passed', '=', passed)
    .where('run_at', '=', (eb) => eb.selectFrom('gate_results').select((sb) => sb.fn.max('run_at').as('m')));

const STATUS = statement(() =>
  qb.selectNoFrom((eb) => [
    latestSnapshot('health_score').as('healthScore'),
    latestSnapshot('avg_confidence').as('avgConfidence'),
    latestSnapshot('pattern_count').as('patternCount'),
    latestSnapshot('created_at').as('lastUpdated'),
    eb
      .selectFrom('violations')
      .select((sb) => sb.fn.countAll<number>().as('n'))
      .where('suppressed', '=', 0)
      .as('violationCount'),
    latestGateRun(1).as('gatePassCount'),
    latestGateRun(0).as('gateFailCount'),
  ]),
);

const SECURITY = statement(() =>
  qb
    .selectFrom('violations')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('severity', '=', 'error').as('criticalCount'),
      eb.fn.countAll<number>().filterWhere('severity', '=', 'warning').as('highCount'),
      eb.fn.countAll<number>().as('totalSecurityViolations'),
    ])
    .where('cwe_id', 'is not', null)
    .where('suppressed', '=', 0),
);

// Health-score samples recorded since a cutoff, in time order (the reference's trend view,
// materialized/trends.rs query_health_trend: ORDER BY recorded_at ASC, ties in rowid order).
const TREND = statement((recordedAt: number) =>
  qb
    .selectFrom('health_trends')
    .select(['metric_value as value', 'recorded_at as timestamp'])
    .where('metric_name', '=', 'health_score')
    .where('recorded_at', '>=', recordedAt)
    .orderBy('recorded_at'),
);

// Keyset pages over the primary key: stable under concurrent inserts (no OFFSET).
const COUNT_VIOLATIONS = statement(() =>
  qb.selectFrom('violations').select((eb) => eb.fn.countAll<number>().as('n')),
);
const FIRST_PAGE = statement((limit: number) =>
  qb.selectFrom('violations').select(VIOLATION_FIELDS).orderBy('id').limit(limit),
);
const PAGE_AFTER = statement((id: string, limit: number) =>
  qb.selectFrom('violations').select(VIOLATION_FIELDS).where('id', '>', id).orderBy('id').limit(limit),
);

/**
 * The {@link DriftViews} methods that only read, by method name; the engine runs each on a read-only
 * connection after checking its arguments.
 */
export const viewReads = defineReads<DriftViews>()({
  statusView: (r) => {
    const s = r.get(STATUS)!;
    return {
      healthScore: s.healthScore ?? 0,
      avgConfidence: s.avgConfidence ?? 0,
      patternCount: s.patternCount ?? 0,
      violationCount: s.violationCount ?? 0,
      gatePassCount: s.gatePassCount ?? 0,
      gateFailCount: s.gateFailCount ?? 0,
      lastUpdated: s.lastUpdated ?? 0,
    };
  },
  securityView: (r) => r.get(SECURITY)!,
  healthTrend: (r, days) => {
    if (!Number.isSafeInteger(days) || days < 0) {
      throw invalidInput(`healthTrend needs a non-negative whole number of days, got ${String(days)}`, {
        field: 'days',
      });
    }
    return r.all(TREND, [Math.floor(Date.now() / 1000) - days * 86_400]);
  },
  queryViolationsPage: (r, cursor, limit) => {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw invalidInput(`queryViolationsPage needs a positive integer limit, got ${String(limit)}`, {
        field: 'limit',
      });
    }
    const after = cursor === null ? null : decodeCursor(cursor, 'queryViolationsPage').lastId;
    const rows = after === null ? r.all(FIRST_PAGE, [limit + 1]) : r.all(PAGE_AFTER, [after, limit + 1]);
    const hasMore = rows.length > limit;
    const items = (hasMore ? rows.slice(0, limit) : rows).map(decodeViolation);
    const last = items.at(-1);
    return {
      items,
      total: r.get(COUNT_VIOLATIONS)!.n,
      hasMore,
      nextCursor: hasMore && last ? encodeCursor({ lastSortValue: last.id, lastId: last.id }) : null,
    };
  },
});
