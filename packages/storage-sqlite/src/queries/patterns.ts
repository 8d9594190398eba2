import type { IDriftAnalysis } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { conventions, outliers, patternConfidence } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// pattern_confidence (keyed by pattern id), outliers and conventions (autoincrement ids).

const CONFIDENCE_FIELDS = selectList(patternConfidence);

// The reference writes the caller's `last_updated` on insert and on conflict alike (its batch command
// does not: see UPSERT_PATTERN_CONFIDENCE in batch-sink.ts).
const CONFIDENCE_UPSERT = statement(
  (
    patternId: string,
    alpha: number,
    beta: number,
    posteriorMean: number,
    credibleIntervalLow: number,
    credibleIntervalHigh: number,
    tier: string,
    momentum: string,
    lastUpdated: number,
  ) =>
    qb
      .insertInto('pattern_confidence')
      .values({
        pattern_id: patternId,
        alpha: alpha,
        beta: beta,
        posterior_mean: posteriorMean,
        credible_interval_low: credibleIntervalLow,
        credible_interval_high: credibleIntervalHigh,
        tier: tier,
        momentum: momentum,
        last_updated: lastUpdated,
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
const CONFIDENCE_TIER_FIRST_PAGE = statement((tier: string, limit: number) =>
  qb
    .selectFrom('pattern_confidence')
    .select(CONFIDENCE_FIELDS)
    .where('tier', '=', tier)
    .orderBy('pattern_id', 'asc')
    .limit(limit),
);
const CONFIDENCE_TIER_NEXT_PAGE = statement((tier: string, patternId: string, limit: number) =>
  qb
    .selectFrom('pattern_confidence')
    .select(CONFIDENCE_FIELDS)
    .where('tier', '=', tier)
    .where('pattern_id', '>', patternId)
    .orderBy('pattern_id', 'asc')
    .limit(limit),
);
const CONFIDENCE_ALL = statement(() =>
  qb.selectFrom('pattern_confidence').select(CONFIDENCE_FIELDS).orderBy('posterior_mean', 'desc'),
);

const OUTLIER_FIELDS = selectList(outliers);

/** Inserts an outlier (also the batch sink's `InsertOutliers`). */
export const OUTLIER_INSERT = insertStatement(outliers, { mode: 'insert' });
const OUTLIERS_BY_PATTERN = statement((patternId: string) =>
  qb
    .selectFrom('outliers')
    .select(OUTLIER_FIELDS)
    .where('pattern_id', '=', patternId)
    .orderBy('deviation_score', 'desc'),
);

const CONVENTION_FIELDS = selectList(conventions);

/** Inserts a convention (also the batch sink's `InsertConventions`). */
export const CONVENTION_INSERT = insertStatement(conventions, {
  mode: 'insert',
  fields: [
    'patternId',
    'category',
    'scope',
    'dominanceRatio',
    'promotionStatus',
    'discoveredAt',
    'lastSeen',
    'expiresAt',
  ],
});
const CONVENTIONS_BY_CATEGORY = statement((category: string) =>
  qb
    .selectFrom('conventions')
    .select(CONVENTION_FIELDS)
    .where('category', '=', category)
    .orderBy('dominance_ratio', 'desc'),
);
const CONVENTIONS_ALL = statement(() =>
  qb.selectFrom('conventions').select(CONVENTION_FIELDS).orderBy('dominance_ratio', 'desc'),
);

/**
 * The {@link IDriftAnalysis} methods on `pattern_confidence`, `outliers` and `conventions` that only read, by
 * method name; the engine runs each on a read-only connection after checking its arguments.
 */
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

/**
 * The {@link IDriftAnalysis} methods on `pattern_confidence`, `outliers` and `conventions` that write, by
 * method name; the engine runs each on its one writer connection after checking its arguments.
 */
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
    w.run(OUTLIER_INSERT.statement, OUTLIER_INSERT.args(row));
  },
  insertConvention: (w, row) => {
    w.run(CONVENTION_INSERT.statement, CONVENTION_INSERT.args(row));
  },
});
