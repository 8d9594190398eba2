// The DDL of the workspace tables this package adds to drift.db (their names are
// DRIFT_WORKSPACE_TABLES of @drift/storage-traits/sqlite, the one list both SQLite packages use).

/**
 * The workspace tables in drift.db, the same tables, columns, constraints and indexes as the reference
 * workspace schema, so that a drift.db written by either side opens in the other. Timestamps are
 * SQLite's UTC `datetime('now')` text, as there.
 */
export const WORKSPACE_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS workspace_config (
     key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE TABLE IF NOT EXISTS project_registry (
     id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, root_path TEXT NOT NULL UNIQUE, drift_path TEXT NOT NULL,
     created_at TEXT NOT NULL DEFAULT (datetime('now')), last_accessed_at TEXT NOT NULL DEFAULT (datetime('now')),
     health_status TEXT NOT NULL DEFAULT 'unknown', is_active INTEGER NOT NULL DEFAULT 0
   ) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS idx_project_active ON project_registry(is_active) WHERE is_active = 1`,
  `CREATE TABLE IF NOT EXISTS backup_registry (
     id TEXT PRIMARY KEY, reason TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime('now')),
     drift_db_size INTEGER NOT NULL, cortex_db_size INTEGER, schema_version INTEGER NOT NULL,
     drift_version TEXT NOT NULL, backup_path TEXT NOT NULL, integrity_verified INTEGER NOT NULL DEFAULT 0,
     expires_at TEXT, tier TEXT NOT NULL DEFAULT 'operational'
   ) STRICT`,
  `CREATE INDEX IF NOT EXISTS idx_backup_created ON backup_registry(created_at)`,
  `CREATE INDEX IF NOT EXISTS idx_backup_tier ON backup_registry(tier)`,
  `CREATE TABLE IF NOT EXISTS migration_history (
     id INTEGER PRIMARY KEY AUTOINCREMENT, from_version INTEGER NOT NULL, to_version INTEGER NOT NULL,
     applied_at TEXT NOT NULL DEFAULT (datetime('now')), duration_ms INTEGER NOT NULL,
     success INTEGER NOT NULL, error_message TEXT
   ) STRICT`,
  `CREATE TABLE IF NOT EXISTS workspace_context (
     key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE TABLE IF NOT EXISTS workspace_packages (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL, language TEXT, framework TEXT,
     dependencies TEXT, created_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE UNIQUE INDEX IF NOT EXISTS idx_package_path ON workspace_packages(path)`,
  `CREATE TABLE IF NOT EXISTS workspace_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT, event_type TEXT NOT NULL, details TEXT,
     created_at TEXT NOT NULL DEFAULT (datetime('now'))
   ) STRICT`,
  `CREATE INDEX IF NOT EXISTS idx_events_type ON workspace_events(event_type)`,
  `CREATE INDEX IF NOT EXISTS idx_events_created ON workspace_events(created_at)`,
];
