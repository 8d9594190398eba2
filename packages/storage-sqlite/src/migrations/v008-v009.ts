import { qb } from '../statements.js';
import { index, type Migration, notNullDefault, stampedNow, strictTable } from './ddl.js';

/** v008: `audit_snapshots.scan_root`, for scope-aware degradation comparison. */
export const v008: Migration = {
  version: 8,
  statements: [
    qb.schema.alterTable('audit_snapshots').addColumn('scan_root', 'text', (c) => c.defaultTo('')),
  ],
};

/** v009: `pattern_status`, the discovered -> approved -> ignored lifecycle of a pattern. */
export const v009: Migration = {
  version: 9,
  statements: [
    strictTable('pattern_status', (t) =>
      t
        .addColumn('pattern_id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', notNullDefault('discovered'))
        .addColumn('approved_by', 'text')
        .addColumn('approved_at', 'integer')
        .addColumn('confidence_at_approval', 'real')
        .addColumn('reason', 'text')
        .addColumn('updated_at', 'integer', stampedNow),
    ),
    index('idx_pattern_status_status', 'pattern_status', ['status']),
    index('idx_pattern_status_updated', 'pattern_status', ['updated_at']),
  ],
};
