import { autoId, index, type Migration, notNull, notNullDefault, stampedNow, strictTable } from './ddl.js';

/** v004: graph intelligence (reachability, taint, error gaps, impact, test coverage and quality). */
export const v004: Migration = {
  version: 4,
  statements: [
    strictTable('reachability_cache', (t) =>
      t
        .addColumn('source_node', 'text', notNull)
        .addColumn('direction', 'text', notNull)
        .addColumn('reachable_set', 'text', notNull)
        .addColumn('sensitivity', 'text', notNull)
        .addColumn('computed_at', 'integer', stampedNow)
        .addPrimaryKeyConstraint('reachability_cache_pk', ['source_node', 'direction']),
    ),
    strictTable('taint_flows', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('source_file', 'text', notNull)
        .addColumn('source_line', 'integer', notNull)
        .addColumn('source_type', 'text', notNull)
        .addColumn('sink_file', 'text', notNull)
        .addColumn('sink_line', 'integer', notNull)
        .addColumn('sink_type', 'text', notNull)
        .addColumn('cwe_id', 'integer')
        .addColumn('is_sanitized', 'integer', notNullDefault(0))
        .addColumn('path', 'text', notNull)
        .addColumn('confidence', 'real', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_taint_flows_source', 'taint_flows', ['source_file']),
    index('idx_taint_flows_sink', 'taint_flows', ['sink_file']),
    index('idx_taint_flows_cwe', 'taint_flows', ['cwe_id']),
    strictTable('error_gaps', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('file', 'text', notNull)
        .addColumn('function_id', 'text', notNull)
        .addColumn('gap_type', 'text', notNull)
        .addColumn('error_type', 'text')
        .addColumn('propagation_chain', 'text')
        .addColumn('framework', 'text')
        .addColumn('cwe_id', 'integer')
        .addColumn('severity', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_error_gaps_file', 'error_gaps', ['file']),
    index('idx_error_gaps_type', 'error_gaps', ['gap_type']),
    index('idx_error_gaps_severity', 'error_gaps', ['severity']),
    strictTable('impact_scores', (t) =>
      t
        .addColumn('function_id', 'text', (c) => c.primaryKey())
        .addColumn('blast_radius', 'integer', notNull)
        .addColumn('risk_score', 'real', notNull)
        .addColumn('is_dead_code', 'integer', notNullDefault(0))
        .addColumn('dead_code_reason', 'text')
        .addColumn('exclusion_category', 'text')
        .addColumn('updated_at', 'integer', stampedNow),
    ),
    strictTable('test_coverage', (t) =>
      t
        .addColumn('test_function_id', 'text', notNull)
        .addColumn('source_function_id', 'text', notNull)
        .addColumn('coverage_type', 'text', notNull)
        .addPrimaryKeyConstraint('test_coverage_pk', ['test_function_id', 'source_function_id']),
    ),
    index('idx_test_coverage_source', 'test_coverage', ['source_function_id']),
    strictTable('test_quality', (t) =>
      t
        .addColumn('function_id', 'text', (c) => c.primaryKey())
        .addColumn('coverage_breadth', 'real')
        .addColumn('coverage_depth', 'real')
        .addColumn('assertion_density', 'real')
        .addColumn('mock_ratio', 'real')
        .addColumn('isolation', 'real')
        .addColumn('freshness', 'real')
        .addColumn('stability', 'real')
        .addColumn('overall_score', 'real', notNull)
        .addColumn('smells', 'text')
        .addColumn('updated_at', 'integer', stampedNow),
    ),
  ],
};
