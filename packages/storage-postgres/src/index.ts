// `@drift/storage-postgres`: the drift schema on PostgreSQL, isolated by tenant and project with
// row-level security, its versioned migrations, and the connection layer the engine runs on.

export {
  DriftPostgresPool,
  type DriftPostgresPoolOptions,
  type PostgresIsolationLevel,
  type PostgresTransaction,
} from './connection.js';
export { POSTGRES_DIALECT } from './dialect.js';
export { DriftPostgresEngine, type DriftPostgresEngineOptions } from './engine.js';
export { isConnectionLost, isRetryable, postgresStorageError, sqlState } from './errors.js';
export {
  MIGRATIONS_TABLE,
  type MigrateOptions,
  type MigrationOutcome,
  migrateDriftSchema,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA_VERSION,
  type PostgresMigration,
} from './migrations.js';
export {
  createTableStatement,
  isolationStatements,
  POSTGRES_TABLES,
  POSTGRES_TYPE,
  PROJECT_SETTING,
  postgresColumnName,
  RENAMED_COLUMNS,
  ROW_CURSOR_COLUMN,
  rowCursorStatement,
  SCOPE_COLUMNS,
  SEQUENCES_TABLE,
  scopedSequenceStatements,
  TENANT_SETTING,
} from './schema.js';
