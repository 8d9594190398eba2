import { autoId, index, type Migration, notNull, notNullDefault, stampedNow, strictTable } from './ddl.js';

/** v006: enforcement (violations, gate results, audit snapshots, health trends, feedback, policies, degradation alerts). */
export const v006: Migration = {
  version: 6,
  statements: [
    strictTable('violations', (t) =>
      t
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('file', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('column_num', 'integer')
        .addColumn('end_line', 'integer')
        .addColumn('end_column', 'integer')
        .addColumn('severity', 'text', notNull)
        .addColumn('pattern_id', 'text', notNull)
        .addColumn('rule_id', 'text', notNull)
        .addColumn('message', 'text', notNull)
        .addColumn('quick_fix_strategy', 'text')
        .addColumn('quick_fix_description', 'text')
        .addColumn('cwe_id', 'integer')
        .addColumn('owasp_category', 'text')
        .addColumn('suppressed', 'integer', notNullDefault(0))
        .addColumn('is_new', 'integer', notNullDefault(0))
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_violations_file', 'violations', ['file']),
    index('idx_violations_severity', 'violations', ['severity']),
    index('idx_violations_pattern', 'violations', ['pattern_id']),
    index('idx_violations_rule', 'violations', ['rule_id']),
    index('idx_violations_cwe', 'violations', ['cwe_id']),
    strictTable('gate_results', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('gate_id', 'text', notNull)
        .addColumn('status', 'text', notNull)
        .addColumn('passed', 'integer', notNull)
        .addColumn('score', 'real', notNull)
        .addColumn('summary', 'text', notNull)
        .addColumn('violation_count', 'integer', notNullDefault(0))
        .addColumn('warning_count', 'integer', notNullDefault(0))
        .addColumn('execution_time_ms', 'integer', notNullDefault(0))
        .addColumn('details', 'text')
        .addColumn('error', 'text')
        .addColumn('run_at', 'integer', stampedNow),
    ),
    index('idx_gate_results_gate', 'gate_results', ['gate_id']),
    index('idx_gate_results_run', 'gate_results', ['run_at']),
    strictTable('audit_snapshots', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('health_score', 'real', notNull)
        .addColumn('avg_confidence', 'real', notNull)
        .addColumn('approval_ratio', 'real', notNull)
        .addColumn('compliance_rate', 'real', notNull)
        .addColumn('cross_validation_rate', 'real', notNull)
        .addColumn('duplicate_free_rate', 'real', notNull)
        .addColumn('pattern_count', 'integer', notNullDefault(0))
        .addColumn('category_scores', 'text')
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_audit_snapshots_created', 'audit_snapshots', ['created_at']),
    strictTable('health_trends', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('metric_name', 'text', notNull)
        .addColumn('metric_value', 'real', notNull)
        .addColumn('recorded_at', 'integer', stampedNow),
    ),
    index('idx_health_trends_metric', 'health_trends', ['metric_name']),
    index('idx_health_trends_recorded', 'health_trends', ['recorded_at']),
    strictTable('feedback', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('violation_id', 'text', notNull)
        .addColumn('pattern_id', 'text', notNull)
        .addColumn('detector_id', 'text', notNull)
        .addColumn('action', 'text', notNull)
        .addColumn('dismissal_reason', 'text')
        .addColumn('reason', 'text')
        .addColumn('author', 'text')
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_feedback_violation', 'feedback', ['violation_id']),
    index('idx_feedback_detector', 'feedback', ['detector_id']),
    index('idx_feedback_pattern', 'feedback', ['pattern_id']),
    index('idx_feedback_action', 'feedback', ['action']),
    strictTable('policy_results', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('policy_name', 'text', notNull)
        .addColumn('aggregation_mode', 'text', notNull)
        .addColumn('overall_passed', 'integer', notNull)
        .addColumn('overall_score', 'real', notNull)
        .addColumn('gate_count', 'integer', notNull)
        .addColumn('gates_passed', 'integer', notNull)
        .addColumn('gates_failed', 'integer', notNull)
        .addColumn('details', 'text')
        .addColumn('run_at', 'integer', stampedNow),
    ),
    strictTable('degradation_alerts', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('alert_type', 'text', notNull)
        .addColumn('severity', 'text', notNull)
        .addColumn('message', 'text', notNull)
        .addColumn('current_value', 'real', notNull)
        .addColumn('previous_value', 'real', notNull)
        .addColumn('delta', 'real', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
  ],
};
