import {
  autoId,
  index,
  type Migration,
  NOW,
  notNull,
  notNullDefault,
  stampedNow,
  strictTable,
} from './ddl.js';

/** v003: pattern confidence, outliers and conventions. */
export const v003: Migration = {
  version: 3,
  statements: [
    strictTable('pattern_confidence', (t) =>
      t
        .addColumn('pattern_id', 'text', (c) => c.primaryKey())
        .addColumn('alpha', 'real', notNull)
        .addColumn('beta', 'real', notNull)
        .addColumn('posterior_mean', 'real', notNull)
        .addColumn('credible_interval_low', 'real', notNull)
        .addColumn('credible_interval_high', 'real', notNull)
        .addColumn('tier', 'text', notNull)
        .addColumn('momentum', 'text', notNullDefault('Stable'))
        .addColumn('last_updated', 'integer', stampedNow),
    ),
    strictTable('outliers', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('pattern_id', 'text', notNull)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('deviation_score', 'real', notNull)
        .addColumn('significance', 'text', notNull)
        .addColumn('method', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_outliers_pattern', 'outliers', ['pattern_id']),
    index('idx_outliers_file', 'outliers', ['file']),
    strictTable('conventions', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('pattern_id', 'text', notNull)
        .addColumn('category', 'text', notNull)
        .addColumn('scope', 'text', notNull)
        .addColumn('dominance_ratio', 'real', notNull)
        .addColumn('promotion_status', 'text', notNullDefault('discovered'))
        .addColumn('discovered_at', 'integer', (c) => c.notNull().defaultTo(NOW))
        .addColumn('last_seen', 'integer', stampedNow)
        .addColumn('expires_at', 'integer'),
    ),
    index('idx_conventions_pattern', 'conventions', ['pattern_id']),
    index('idx_conventions_category', 'conventions', ['category']),
    index('idx_conventions_status', 'conventions', ['promotion_status']),
  ],
};
