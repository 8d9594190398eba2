import { qb } from '../statements.js';
import { autoId, index, type Migration, notNull, notNullDefault, stampedNow, strictTable } from './ddl.js';

/** v002: call edges, data access, detections and boundaries. */
export const v002: Migration = {
  version: 2,
  statements: [
    strictTable('call_edges', (t) =>
      t
        .addColumn('caller_id', 'integer', notNull)
        .addColumn('callee_id', 'integer', notNull)
        .addColumn('resolution', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('call_site_line', 'integer', notNull)
        .addPrimaryKeyConstraint('call_edges_pk', ['caller_id', 'callee_id', 'call_site_line']),
    ),
    index('idx_call_edges_caller', 'call_edges', ['caller_id']),
    index('idx_call_edges_callee', 'call_edges', ['callee_id']),
    index('idx_call_edges_resolution', 'call_edges', ['resolution']),
    strictTable('data_access', (t) =>
      t
        .addColumn('function_id', 'integer', notNull)
        .addColumn('table_name', 'text', notNull)
        .addColumn('operation', 'text', notNull)
        .addColumn('framework', 'text')
        .addColumn('line', 'integer', notNull)
        .addColumn('confidence', 'real', notNullDefault(0.8))
        .addPrimaryKeyConstraint('data_access_pk', ['function_id', 'table_name', 'operation', 'line']),
    ),
    index('idx_data_access_function', 'data_access', ['function_id']),
    index('idx_data_access_table', 'data_access', ['table_name']),
    strictTable('detections', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('column_num', 'integer', notNull)
        .addColumn('pattern_id', 'text', notNull)
        .addColumn('category', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('detection_method', 'text', notNull)
        .addColumn('cwe_ids', 'text')
        .addColumn('owasp', 'text')
        .addColumn('matched_text', 'text')
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_detections_file', 'detections', ['file']),
    index('idx_detections_category', 'detections', ['category']),
    index('idx_detections_pattern', 'detections', ['pattern_id']),
    index('idx_detections_confidence', 'detections', ['confidence']),
    strictTable('boundaries', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('file', 'text', notNull)
        .addColumn('framework', 'text', notNull)
        .addColumn('model_name', 'text', notNull)
        .addColumn('table_name', 'text')
        .addColumn('field_name', 'text')
        .addColumn('sensitivity', 'text')
        .addColumn('confidence', 'real', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_boundaries_file', 'boundaries', ['file']),
    index('idx_boundaries_framework', 'boundaries', ['framework']),
    qb.schema
      .createIndex('idx_boundaries_sensitivity')
      .ifNotExists()
      .on('boundaries')
      .column('sensitivity')
      .where('sensitivity', 'is not', null),
  ],
};
