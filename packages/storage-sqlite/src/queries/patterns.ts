import type { ConventionInsertRow, IDriftAnalysis, OutlierDetectionRow } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, statement } from '../statements.js';

// pattern_confidence (keyed by pattern id), outliers and conventions (autoincrement ids).

const CONFIDENCE_FIELDS = [
  'pattern_id as patternId',
  'alpha',
  'beta',
  'posterior_mean as posteriorMean',
  'credible_interval_low as credibleIntervalLow',
  'credible_interval_high as credibleIntervalHigh',
  'tier',
  'momentum',
  'last_updated as lastUpdated',
] as const;

// The reference writes the caller's `last_updated` on insert and on conflict alike (its batch command
// does not: see UPSERT_PATTERN_CONFIDENCE in batch-sink.ts).
const CONFIDENCE_UPSERT = statement(
  qb
    .insertInto('pattern_confidence')
    .values({
      pattern_id: arg(0),
      alpha: arg(1),
      beta: arg(2),
      posterior_mean: arg(3),
      credible_interval_low: arg(4),
      credible_interval_high: arg(5),
      tier: arg(6),
      momentum: arg(7),
      last_updated: arg(8),
    })
    .onConflict((oc) =>
      oc.column('pattern_id').doUpdateSet((eb) => ({
        alpha: eb.ref('excluded.alpha'),
        beta: eb.ref('excluded.beta'),
        posterior_mean: eb.ref('excluded.posterior_mean'),
        credible_interval_low: eb.ref('excluded.credible_interval_low'),
        credible_interval_high: eb.ref('excluded.credible_interval_high'),
        tier: eb.ref('excluded.tier'),
        momentum: eb.ref('excluded.momentum'),
        last_updated: eb.ref('excluded.last_updated'),
      })),
    ),
);
const CONFIDENCE_TIER_FIRST_PAGE = statement(
  qb
    .selectFrom('pattern_confidence')
    .select(CONFIDENCE_FIELDS)
    .where('tier', '=', arg(0))
    .orderBy('pattern_id', 'asc')
    .limit(arg(1)),
);
const CONFIDENCE_TIER_NEXT_PAGE = statement(
  qb
    .selectFrom('pattern_confidence')
    .select(CONFIDENCE_FIELDS)
    .where('tier', '=', arg(0))
    .where('pattern_id', '>', arg(1))
    .orderBy('pattern_id', 'asc')
    .limit(arg(2)),
);
const CONFIDENCE_ALL = statement(
  qb.selectFrom('pattern_confidence').select(CONFIDENCE_FIELDS).orderBy('posterior_mean', 'desc'),
);

const OUTLIER_FIELDS = [
  'id',
  'pattern_id as patternId',
  'file',
  'line',
  'deviation_score as deviationScore',
  'significance',
  'method',
  'created_at as createdAt',
] as const;

/** Inserts an outlier (also the batch sink's `InsertOutliers`). */
export const OUTLIER_INSERT = statement(
  qb.insertInto('outliers').values({
    pattern_id: arg(0),
    file: arg(1),
    line: arg(2),
    deviation_score: arg(3),
    significance: arg(4),
    method: arg(5),
  }),
);
/** The arguments of {@link OUTLIER_INSERT} for a row. */
export function outlierArgs(row: OutlierDetectionRow): unknown[] {
  return [row.patternId, row.file, row.line, row.deviationScore, row.significance, row.method];
}
const OUTLIERS_BY_PATTERN = statement(
  qb
    .selectFrom('outliers')
    .select(OUTLIER_FIELDS)
    .where('pattern_id', '=', arg(0))
    .orderBy('deviation_score', 'desc'),
);

const CONVENTION_FIELDS = [
  'id',
  'pattern_id as patternId',
  'category',
  'scope',
  'dominance_ratio as dominanceRatio',
  'promotion_status as promotionStatus',
  'discovered_at as discoveredAt',
  'last_seen as lastSeen',
  'expires_at as expiresAt',
] as const;

/** Inserts a convention (also the batch sink's `InsertConventions`). */
export const CONVENTION_INSERT = statement(
  qb.insertInto('conventions').values({
    pattern_id: arg(0),
    category: arg(1),
    scope: arg(2),
    dominance_ratio: arg(3),
    promotion_status: arg(4),
    discovered_at: arg(5),
    last_seen: arg(6),
    expires_at: arg(7),
  }),
);
/** The arguments of {@link CONVENTION_INSERT} for a row. */
export function conventionArgs(row: ConventionInsertRow): unknown[] {
  return [
    row.patternId,
    row.category,
    row.scope,
    row.dominanceRatio,
    row.promotionStatus,
    row.discoveredAt,
    row.lastSeen,
    row.expiresAt,
  ];
}
const CONVENTIONS_BY_CATEGORY = statement(
  qb
    .selectFrom('conventions')
    .select(CONVENTION_FIELDS)
    .where('category', '=', arg(0))
    .orderBy('dominance_ratio', 'desc'),
);
const CONVENTIONS_ALL = statement(
  qb.selectFrom('conventions').select(CONVENTION_FIELDS).orderBy('dominance_ratio', 'desc'),
);

/** {@link IDriftAnalysis} pattern reads: confidence, outliers, conventions. */
export const patternsReads = defineReads<IDriftAnalysis>()({
  queryConfidenceByTier: (r, tier, afterId, limit) =>
    afterId === null
      ? r.all(CONFIDENCE_TIER_FIRST_PAGE, [tier, limit])
      : r.all(CONFIDENCE_TIER_NEXT_PAGE, [tier, afterId, limit]),
  queryAllConfidence: (r) => r.all(CONFIDENCE_ALL),
  queryOutliersByPattern: (r, patternId) => r.all(OUTLIERS_BY_PATTERN, [patternId]),
  queryConventionsByCategory: (r, category) => r.all(CONVENTIONS_BY_CATEGORY, [category]),
  queryAllConventions: (r) => r.all(CONVENTIONS_ALL),
});

/** {@link IDriftAnalysis} pattern writes: confidence, outliers, conventions. */
export const patternsWrites = defineWrites<IDriftAnalysis>()({
  upsertConfidence: (w, row) => {
    w.run(CONFIDENCE_UPSERT, [
      row.patternId,
      row.alpha,
      row.beta,
      row.posteriorMean,
      row.credibleIntervalLow,
      row.credibleIntervalHigh,
      row.tier,
      row.momentum,
      row.lastUpdated,
    ]);
  },
  insertOutlier: (w, row) => {
    w.run(OUTLIER_INSERT, outlierArgs(row));
  },
  insertConvention: (w, row) => {
    w.run(CONVENTION_INSERT, conventionArgs(row));
  },
});
