import type { IDriftAnalysis } from '../../index.js';
import { conventions, outliers, patternConfidence } from '../../schema/index.js';
import { insertStatement, selectList } from '../database.js';
import { all, defineReads, defineWrites, effect, every } from '../methods.js';
import { sharedStatement } from '../statement.js';

// pattern_confidence (keyed by pattern id), outliers and conventions (autoincrement ids).

const CONFIDENCE_FIELDS = selectList(patternConfidence);

// The reference writes the caller's `last_updated` on insert and on conflict alike (its batch command
// does not: see REPLACE_PATTERN_CONFIDENCE in batch.ts).
const CONFIDENCE_UPSERT = sharedStatement(
  (
    d,
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
    d.db
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
const CONFIDENCE_TIER_FIRST_PAGE = sharedStatement((d, tier: string, limit: number) =>
  d.db
    .selectFrom('pattern_confidence')
    .select(CONFIDENCE_FIELDS)
    .where('tier', '=', tier)
    .orderBy('pattern_id', 'asc')
    .limit(limit),
);
const CONFIDENCE_TIER_NEXT_PAGE = sharedStatement((d, tier: string, patternId: string, limit: number) =>
  d.db
    .selectFrom('pattern_confidence')
    .select(CONFIDENCE_FIELDS)
    .where('tier', '=', tier)
    .where('pattern_id', '>', patternId)
    .orderBy('pattern_id', 'asc')
    .limit(limit),
);
const CONFIDENCE_ALL = sharedStatement((d) =>
  // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
  d.db.selectFrom('pattern_confidence').select(CONFIDENCE_FIELDS).orderBy('posterior_mean', 'desc'),
);

const OUTLIER_FIELDS = selectList(outliers);

/** Inserts an outlier (also the batch sink's `InsertOutliers`). */
export const OUTLIER_INSERT = insertStatement(outliers, { mode: 'insert' });
const OUTLIERS_BY_PATTERN = sharedStatement((d, patternId: string) =>
  d.db
    .selectFrom('outliers')
    .select(OUTLIER_FIELDS)
    .where('pattern_id', '=', patternId)
    // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
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
const CONVENTIONS_BY_CATEGORY = sharedStatement((d, category: string) =>
  d.db
    .selectFrom('conventions')
    .select(CONVENTION_FIELDS)
    .where('category', '=', category)
    // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
    .orderBy('dominance_ratio', 'desc'),
);
const CONVENTIONS_ALL = sharedStatement((d) =>
  // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
  d.db.selectFrom('conventions').select(CONVENTION_FIELDS).orderBy('dominance_ratio', 'desc'),
);

/** The {@link IDriftAnalysis} methods on `pattern_confidence`, `outliers` and `conventions` that only read. */
export const patternsReads = defineReads<IDriftAnalysis>()({
  queryConfidenceByTier: function* (tier, afterId, limit) {
    return afterId === null
      ? yield* all(CONFIDENCE_TIER_FIRST_PAGE, [tier, limit])
      : yield* all(CONFIDENCE_TIER_NEXT_PAGE, [tier, afterId, limit]);
  },
  queryAllConfidence: every(CONFIDENCE_ALL),
  queryOutliersByPattern: every(OUTLIERS_BY_PATTERN),
  queryConventionsByCategory: every(CONVENTIONS_BY_CATEGORY),
  queryAllConventions: every(CONVENTIONS_ALL),
});

/** The {@link IDriftAnalysis} methods on `pattern_confidence`, `outliers` and `conventions` that write. */
export const patternsWrites = defineWrites<IDriftAnalysis>()({
  upsertConfidence: effect(
    CONFIDENCE_UPSERT,
    (row) =>
      [
        row.patternId,
        row.alpha,
        row.beta,
        row.posteriorMean,
        row.credibleIntervalLow,
        row.credibleIntervalHigh,
        row.tier,
        row.momentum,
        row.lastUpdated,
      ] as const,
  ),
  insertOutlier: effect(OUTLIER_INSERT.statement, OUTLIER_INSERT.args),
  insertConvention: effect(CONVENTION_INSERT.statement, CONVENTION_INSERT.args),
});
