import { autoId, index, type Migration, notNull, notNullDefault, stampedNow, strictTable } from './ddl.js';

/** v007: advanced systems (simulations, decisions, context cache, migration projects, modules, corrections). */
export const v007: Migration = {
  version: 7,
  statements: [
    strictTable('simulations', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('task_category', 'text', notNull)
        .addColumn('task_description', 'text', notNull)
        .addColumn('approach_count', 'integer', notNull)
        .addColumn('recommended_approach', 'text')
        .addColumn('p10_effort', 'real', notNull)
        .addColumn('p50_effort', 'real', notNull)
        .addColumn('p90_effort', 'real', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_simulations_category', 'simulations', ['task_category']),
    index('idx_simulations_created', 'simulations', ['created_at']),
    strictTable('decisions', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('category', 'text', notNull)
        .addColumn('description', 'text', notNull)
        .addColumn('commit_sha', 'text')
        .addColumn('confidence', 'real', notNull)
        .addColumn('related_patterns', 'text')
        .addColumn('author', 'text')
        .addColumn('files_changed', 'text')
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_decisions_category', 'decisions', ['category']),
    index('idx_decisions_commit', 'decisions', ['commit_sha']),
    index('idx_decisions_created', 'decisions', ['created_at']),
    strictTable('context_cache', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('session_id', 'text', notNull)
        .addColumn('intent', 'text', notNull)
        .addColumn('depth', 'text', notNull)
        .addColumn('token_count', 'integer', notNull)
        .addColumn('content_hash', 'text', notNull)
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_context_cache_session', 'context_cache', ['session_id']),
    index('idx_context_cache_intent', 'context_cache', ['intent']),
    strictTable('migration_projects', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('name', 'text', notNull)
        .addColumn('source_language', 'text', notNull)
        .addColumn('target_language', 'text', notNull)
        .addColumn('source_framework', 'text')
        .addColumn('target_framework', 'text')
        .addColumn('status', 'text', notNullDefault('active'))
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_migration_projects_status', 'migration_projects', ['status']),
    strictTable('migration_modules', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('project_id', 'integer', (c) => c.notNull().references('migration_projects.id'))
        .addColumn('module_name', 'text', notNull)
        .addColumn('status', 'text', notNullDefault('pending'))
        .addColumn('spec_content', 'text')
        .addColumn('created_at', 'integer', stampedNow)
        .addColumn('updated_at', 'integer', stampedNow),
    ),
    index('idx_migration_modules_project', 'migration_modules', ['project_id']),
    index('idx_migration_modules_status', 'migration_modules', ['status']),
    strictTable('migration_corrections', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('module_id', 'integer', (c) => c.notNull().references('migration_modules.id'))
        .addColumn('section', 'text', notNull)
        .addColumn('original_text', 'text', notNull)
        .addColumn('corrected_text', 'text', notNull)
        .addColumn('reason', 'text')
        .addColumn('created_at', 'integer', stampedNow),
    ),
    index('idx_migration_corrections_module', 'migration_corrections', ['module_id']),
  ],
};
