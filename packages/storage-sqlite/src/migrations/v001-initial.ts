import { sql } from 'kysely';
import { qb } from '../statements.js';
import { autoId, index, type Migration, notNull, notNullDefault, strictTable } from './ddl.js';

/** v001: file metadata, parse cache, functions and scan history. */
export const v001: Migration = {
  version: 1,
  statements: [
    strictTable('file_metadata', (t) =>
      t
        .addColumn('path', 'text', (c) => c.primaryKey())
        .addColumn('language', 'text')
        .addColumn('file_size', 'integer', notNull)
        .addColumn('content_hash', 'blob', notNull)
        .addColumn('mtime_secs', 'integer', notNull)
        .addColumn('mtime_nanos', 'integer', notNull)
        .addColumn('last_scanned_at', 'integer', notNull)
        .addColumn('scan_duration_us', 'integer')
        .addColumn('pattern_count', 'integer', (c) => c.defaultTo(0))
        .addColumn('function_count', 'integer', (c) => c.defaultTo(0))
        .addColumn('error_count', 'integer', (c) => c.defaultTo(0))
        .addColumn('error', 'text'),
    ),
    index('idx_file_metadata_language', 'file_metadata', ['language']),
    qb.schema
      .createIndex('idx_file_metadata_errors')
      .ifNotExists()
      .on('file_metadata')
      .column('path')
      .where(sql.ref('error'), 'is not', null),
    index('idx_file_metadata_scanned', 'file_metadata', ['last_scanned_at']),
    strictTable('parse_cache', (t) =>
      t
        .addColumn('content_hash', 'blob', (c) => c.primaryKey())
        .addColumn('language', 'text', notNull)
        .addColumn('parse_result_json', 'text', notNull)
        .addColumn('created_at', 'integer', notNull),
    ),
    strictTable('functions', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('file', 'text', notNull)
        .addColumn('name', 'text', notNull)
        .addColumn('qualified_name', 'text')
        .addColumn('language', 'text', notNull)
        .addColumn('line', 'integer', notNull)
        .addColumn('end_line', 'integer', notNull)
        .addColumn('parameter_count', 'integer', notNullDefault(0))
        .addColumn('return_type', 'text')
        .addColumn('is_exported', 'integer', notNullDefault(0))
        .addColumn('is_async', 'integer', notNullDefault(0))
        .addColumn('body_hash', 'blob')
        .addColumn('signature_hash', 'blob')
        .addUniqueConstraint('functions_file_name_line', ['file', 'name', 'line']),
    ),
    index('idx_functions_file', 'functions', ['file']),
    index('idx_functions_name', 'functions', ['name']),
    qb.schema
      .createIndex('idx_functions_qualified')
      .ifNotExists()
      .on('functions')
      .column('qualified_name')
      .where('qualified_name', 'is not', null),
    strictTable('scan_history', (t) =>
      t
        .addColumn('id', 'integer', autoId)
        .addColumn('started_at', 'integer', notNull)
        .addColumn('completed_at', 'integer')
        .addColumn('root_path', 'text', notNull)
        .addColumn('total_files', 'integer')
        .addColumn('added_files', 'integer')
        .addColumn('modified_files', 'integer')
        .addColumn('removed_files', 'integer')
        .addColumn('unchanged_files', 'integer')
        .addColumn('duration_ms', 'integer')
        .addColumn('status', 'text', notNullDefault('running'))
        .addColumn('error', 'text'),
    ),
    index('idx_scan_history_time', 'scan_history', ['started_at desc']),
  ],
};
