// The connection settings of drift.db, in one place. The reference opens the same file from two
// components with two sets, and so do we, each package applying the set of the component it mirrors:
// the storage engine (drift-storage, connection/pragmas.rs: a 64 MB page cache) and the workspace
// (drift-core, workspace/migration.rs `initialize_workspace_db`: an 8 MB cache, for its short
// connections). Both map 256 MB. `journal_mode`, `busy_timeout` and `auto_vacuum` are not listed: each
// package sets them when its open protocol allows (WAL and auto-vacuum only once the file is known to
// be drift.db; the busy wait from its lock budget).

/** `PRAGMA` settings (without the keyword) applied in order to a new connection. */
export type PragmaList = readonly string[];

/** The storage engine's writer and batch connections (drift-storage `apply_pragmas`). */
export const DRIFT_STORAGE_WRITE_PRAGMAS: PragmaList = Object.freeze([
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'cache_size = -64000',
  'mmap_size = 268435456',
  'temp_store = MEMORY',
]);

/**
 * The pragmas of the engine's read-only connections (drift-storage `apply_read_pragmas`): `query_only`, a 64
 * MB cache, 256 MB mmap.
 */
export const DRIFT_STORAGE_READ_PRAGMAS: PragmaList = Object.freeze([
  'query_only = ON',
  'cache_size = -64000',
  'mmap_size = 268435456',
  'temp_store = MEMORY',
]);

/** The workspace's connections to drift.db (drift-core `initialize_workspace_db`), after WAL is on. */
export const DRIFT_WORKSPACE_PRAGMAS: PragmaList = Object.freeze([
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'cache_size = -8000',
  'mmap_size = 268435456',
  'temp_store = MEMORY',
]);
