import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type BatchApplyResult,
  type BatchCommand,
  type BatchSink,
  type BatchWriter,
  type BatchWriterFactory,
  type DriftStorage,
  type DriftStorageBackend,
  decodeBatchCommand,
  emptyWriteStats,
  type IDriftServing,
  methodArgumentChecker,
  notSupported,
  StorageError,
  type WriteStats,
} from '@drift/storage-traits';
import { inspectSqliteFile, type SqliteFileState, sqliteStorageError } from '@drift/storage-traits/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { applyBatch } from './queries/batch-sink.js';
import { DRIFT_READS, DRIFT_WRITES } from './queries/index.js';
import { type DriftViews, viewReads } from './queries/views.js';
import { checkReadValues, type ReadCheck, readChecks } from './read-domains.js';
import type { ReadExecutor, RunResult, Statement, WriteExecutor } from './statements.js';

/** How a {@link DriftStorageEngine} is opened. */
export interface DriftStorageEngineOptions {
  /** Read-only connections in the pool, 1..8 (default 4). */
  readonly readers?: number;
  /** Milliseconds a connection waits for a lock before failing with `BUSY` (default 5000). */
  readonly busyTimeoutMs?: number;
  /**
   * Creates the batch writer behind `sendBatch` and the `IDriftBatchWriter` methods, given the engine's
   * SQLite sink (for example `createBatchWriter` from `@drift/batch-writer`). Without one, those
   * methods fail with `NOT_SUPPORTED`.
   */
  readonly batchWriter?: BatchWriterFactory;
  /**
   * Opens an existing database for reading only (a process that may only read drift.db, such as a
   * grounding bridge): every connection is read-only and `query_only`, nothing is migrated, and every
   * write method fails with `READ_ONLY`. The database must exist and be at the
   * current schema version.
   */
  readonly readOnly?: boolean;
}

/** Which connection a statement ran on; counted for routing tests and diagnostics. */
export interface ConnectionUsage {
  /** Statements run on read-only connections. */
  readonly reader: number;
  /** Statements run on the writer connection. */
  readonly writer: number;
  /** Statements run on the batch sink's connection. */
  readonly batch: number;
}

type Role = keyof ConnectionUsage;

const MAX_READERS = 8;

/** Folders of live in-memory engines, removed on close (or at exit if a process forgets to close). */
const memoryFolders = new Set<string>();
let exitHookInstalled = false;

/**
 * A private folder for an in-memory engine's database: on the RAM-backed /dev/shm where there is one,
 * else in the temp folder. better-sqlite3 is built without SQLite's shared cache, so several
 * connections cannot share a `:memory:` database; a throw-away file they all open gives the engine
 * its separate writer, readers and batch connection with read-your-writes on every path.
 */
function memoryFolder(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'drift-memory-'));
  memoryFolders.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const folder of memoryFolders) rmSync(folder, { recursive: true, force: true });
    });
  }
  return dir;
}

/** The executors behind each engine's routing, for this package's routing tests only. */
const ROUTING = new WeakMap<object, { reader: ReadExecutor; writer: WriteExecutor }>();

/**
 * Test hook of this package (not exported from its entry point, so not part of the public API): the
 * executors an engine routes reads and writes to.
 */
export function routingOf(engine: DriftStorageEngine): { reader: ReadExecutor; writer: WriteExecutor } {
  const routing = ROUTING.get(engine);
  if (!routing) throw new StorageError('INVALID_INPUT', 'not a DriftStorageEngine');
  return routing;
}

/** A prepared statement and the checks of the integer columns it reads (null for a write). */
interface Prepared {
  readonly statement: BetterSqlite3.Statement;
  readonly checks: readonly ReadCheck[] | null;
}

/** One better-sqlite3 connection with its prepared-statement cache. */
class Connection {
  readonly #cache = new Map<Statement, Prepared>();
  readonly #usage: Record<Role, number>;

  constructor(
    readonly db: BetterSqlite3.Database,
    readonly role: Role,
    usage: Record<Role, number>,
  ) {
    this.#usage = usage;
  }

  #prepared(s: Statement): Prepared {
    let prepared = this.#cache.get(s);
    if (prepared === undefined) {
      const statement = this.db.prepare(s.sql);
      const checks = statement.reader ? readChecks(statement.columns(), s.exactIntegersOnly === true) : null;
      prepared = { statement, checks: checks !== null && checks.length > 0 ? checks : null };
      this.#cache.set(s, prepared);
    }
    this.#usage[this.role]++;
    return prepared;
  }

  prepare(s: Statement): BetterSqlite3.Statement {
    return this.#prepared(s).statement;
  }

  /** The first row of a read, its integer columns checked. */
  get(s: Statement, args: readonly unknown[]): unknown {
    const { statement, checks } = this.#prepared(s);
    const row = statement.get(...args);
    if (checks !== null && row !== undefined) checkReadValues(checks, row as Record<string, unknown>);
    return row;
  }

  /** Every row of a read, their integer columns checked. */
  all(s: Statement, args: readonly unknown[]): unknown[] {
    const { statement, checks } = this.#prepared(s);
    const rows = statement.all(...args);
    if (checks !== null) for (const row of rows) checkReadValues(checks, row as Record<string, unknown>);
    return rows;
  }

  /** Counts `n` more statements run (for runners that bypass {@link Connection.prepare}). */
  count(n: number): void {
    this.#usage[this.role] += n;
  }

  close(): void {
    this.#cache.clear();
    if (this.db.open) this.db.close();
  }
}

/** Converts call arguments into SQLite bind values (booleans become 0/1). */
function bindValues(s: Statement, args: readonly unknown[]): unknown[] {
  if (s.direct) {
    let out: unknown[] | undefined;
    for (let i = 0; i < args.length; i++) {
      if (typeof args[i] === 'boolean') {
        out ??= [...args];
        out[i] = args[i] ? 1 : 0;
      }
    }
    return out ?? (args as unknown[]);
  }
  return s.binds.map((b) => {
    const v = 'arg' in b ? args[b.arg] : b.value;
    return typeof v === 'boolean' ? (v ? 1 : 0) : v;
  });
}

function executor(pick: () => Connection): ReadExecutor {
  return {
    get: <R>(s: Statement<R>, args: readonly unknown[] = []) =>
      pick().get(s, bindValues(s, args)) as R | undefined,
    all: <R>(s: Statement<R>, args: readonly unknown[] = []) => pick().all(s, bindValues(s, args)) as R[],
  };
}

function writeExecutor(conn: Connection): WriteExecutor {
  const reads = executor(() => conn);
  return {
    ...reads,
    run: (s: Statement, args: readonly unknown[] = []): RunResult => {
      const info = conn.prepare(s).run(...bindValues(s, args));
      return { changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
    },
    exec: (s: Statement): void => {
      if (s.binds.length > 0)
        throw new StorageError('INVALID_INPUT', 'exec runs statements without parameters');
      conn.db.exec(s.sql);
      conn.count(1);
    },
    transaction: <T>(fn: () => T): T => conn.db.transaction(fn).immediate(),
    runner: (s: Statement) => {
      const prepared = conn.prepare(s);
      return (args: readonly unknown[]) => {
        prepared.run(...(args as unknown[]));
        conn.count(1);
      };
    },
  };
}

/**
 * Refuses, without writing to it, a file that is not a SQLite database or is shorter than its own
 * header says. A missing or empty file is fine: SQLite creates the database.
 */
function checkDatabaseFile(path: string): void {
  let state: SqliteFileState;
  try {
    state = inspectSqliteFile(path);
  } catch (error) {
    throw sqliteStorageError(error, 'open', path); // unreadable: a folder, no permission, ...
  }
  if (state.kind === 'invalid') {
    throw new StorageError(
      'CORRUPT',
      `${path} ${state.reason}; refusing to open it (the file was not modified)`,
      { path },
    );
  }
}

/** Pragmas of every connection that may write (the reference's set). */
function applyWritePragmas(db: BetterSqlite3.Database, busyTimeoutMs: number): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -64000');
  db.pragma('mmap_size = 268435456');
  db.pragma(`busy_timeout = ${busyTimeoutMs | 0}`);
  db.pragma('temp_store = MEMORY');
}

/** Pragmas of a read-only pool connection. */
function applyReadPragmas(db: BetterSqlite3.Database, busyTimeoutMs: number): void {
  db.pragma('query_only = ON');
  db.pragma('cache_size = -64000');
  db.pragma('mmap_size = 268435456');
  db.pragma(`busy_timeout = ${busyTimeoutMs | 0}`);
  db.pragma('temp_store = MEMORY');
}

/** Names of the tables in a database that are not SQLite's own. */
function userTables(db: BetterSqlite3.Database): string[] {
  return (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
}

/**
 * Tables a drift.db may hold before its drift schema is installed: the drift schema's first table and
 * the workspace tables that workspace initialization creates in the same file (reference:
 * drift-core/src/workspace/migration.rs).
 */
const DRIFT_OWN_TABLES: ReadonlySet<string> = new Set([
  'file_metadata',
  'workspace_config',
  'project_registry',
  'backup_registry',
  'migration_history',
  'workspace_context',
  'workspace_packages',
  'workspace_events',
]);

/**
 * Refuses, before anything is written, a database this build must not touch: one of a newer schema
 * (`SCHEMA_TOO_NEW`), or a SQLite file of another application, with tables but no drift schema
 * version (`CORRUPT`).
 */
function checkSchema(db: BetterSqlite3.Database, path: string | null): void {
  const where = path ?? 'the database';
  const details = path === null ? {} : { path };
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new StorageError(
      'SCHEMA_TOO_NEW',
      `${where} has schema version ${version}, newer than ${SCHEMA_VERSION} which this build supports; upgrade @drift/storage-sqlite (the database was not modified)`,
      details,
    );
  }
  if (version === 0) {
    const foreign = userTables(db).filter((t) => !DRIFT_OWN_TABLES.has(t));
    if (foreign.length > 0) {
      throw new StorageError(
        'CORRUPT',
        `${where} is a SQLite database but not a drift database (it has tables ${foreign.slice(0, 5).join(', ')} and no drift schema version); refusing to modify it`,
        details,
      );
    }
  }
}

/** A read-only engine cannot migrate: it refuses a database below the current schema version. */
function checkCurrentSchema(db: BetterSqlite3.Database, path: string | null): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== SCHEMA_VERSION) {
    throw new StorageError(
      'NOT_SUPPORTED',
      `${path ?? 'the database'} is at schema version ${version}; a read-only engine cannot migrate it to ${SCHEMA_VERSION} (open it once read-write first)`,
      path === null ? {} : { path },
    );
  }
}

/** Applies each missing migration in its own transaction, together with the new `user_version`. */
function migrate(db: BetterSqlite3.Database, path: string | null): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= version) continue;
    try {
      db.transaction(() => {
        for (const ddl of migration.statements) db.exec(ddl.compile().sql);
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } catch (cause) {
      throw new StorageError(
        'MIGRATION_FAILED',
        `migration to schema version ${migration.version} failed and was rolled back: ${(cause as Error).message}`,
        { cause, ...(path === null ? {} : { path }) },
      );
    }
  }
}

/** Sets incremental auto-vacuum, as the reference does: free on an empty database, a VACUUM otherwise. */
function ensureIncrementalVacuum(db: BetterSqlite3.Database): void {
  if ((db.pragma('auto_vacuum', { simple: true }) as number) === 2) return;
  db.pragma('auto_vacuum = INCREMENTAL');
  if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) db.exec('VACUUM');
}

/**
 * The trait methods the engine gets from its query modules at class definition time; this merges their
 * types into the class, so that `DriftStorageEngine` is statically a `DriftStorageBackend`.
 */
export interface DriftStorageEngine extends EngineQueryMethods, DriftViews {}

/** The storage and serving methods the query modules install (the batch methods are the class's own). */
type EngineQueryMethods = Omit<DriftStorage, keyof BatchMethods> & IDriftServing;

interface BatchMethods {
  sendRaw: DriftStorage['sendRaw'];
  flush: DriftStorage['flush'];
  flushSync: DriftStorage['flushSync'];
  stats: DriftStorage['stats'];
  shutdown: DriftStorage['shutdown'];
}

/**
 * The SQLite implementation of every drift storage interface. It owns the only connections to its
 * database: one writer, a pool of read-only readers (opened read-only with `query_only`), and one
 * connection for the batch sink. Reads run on readers, writes on the writer; no method hands out a
 * connection. In-memory engines share one private in-memory database across all their connections,
 * so every path reads its own writes.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class DriftStorageEngine implements DriftStorageBackend {
  readonly #path: string | null;
  readonly #memoryFolder: string | null;
  readonly #writer: Connection;
  readonly #readers: Connection[];
  readonly #batchConn: Connection;
  readonly #usage: Record<Role, number> = { reader: 0, writer: 0, batch: 0 };
  readonly #readExec: ReadExecutor;
  readonly #writeExec: WriteExecutor;
  readonly #batchExec: WriteExecutor;
  readonly #batch: BatchWriter | null;
  #next = 0;
  #closed = false;

  private constructor(
    path: string | null,
    location: string,
    memoryFolderPath: string | null,
    options: DriftStorageEngineOptions,
  ) {
    const busy = options.busyTimeoutMs ?? 5000;
    const readerCount = Math.min(Math.max(Math.trunc(options.readers ?? 4), 1), MAX_READERS);
    this.#path = path;
    this.#memoryFolder = memoryFolderPath;
    const opened: BetterSqlite3.Database[] = [];
    const open = (readonly: boolean) => {
      const db = new BetterSqlite3(location, readonly ? { readonly: true, fileMustExist: true } : {});
      opened.push(db);
      return db;
    };
    try {
      const readOnly = options.readOnly === true;
      const writerDb = open(readOnly);
      checkSchema(writerDb, path);
      if (readOnly) {
        checkCurrentSchema(writerDb, path);
        applyReadPragmas(writerDb, busy);
      } else {
        ensureIncrementalVacuum(writerDb);
        applyWritePragmas(writerDb, busy);
        migrate(writerDb, path);
      }
      this.#writer = new Connection(writerDb, 'writer', this.#usage);
      this.#writeExec = writeExecutor(this.#writer);
      this.#readers = Array.from({ length: readerCount }, () => {
        const db = open(true);
        applyReadPragmas(db, busy);
        return new Connection(db, 'reader', this.#usage);
      });
      const batchDb = open(readOnly);
      if (readOnly) applyReadPragmas(batchDb, busy);
      else applyWritePragmas(batchDb, busy);
      this.#batchConn = new Connection(batchDb, 'batch', this.#usage);
    } catch (error) {
      for (const db of opened.reverse()) if (db.open) db.close();
      this.#removeMemoryFolder();
      throw sqliteStorageError(error, 'open', path ?? undefined);
    }
    this.#readExec = executor(() => {
      if (this.#closed) throw closedError();
      const conn = this.#readers[this.#next]!;
      this.#next = (this.#next + 1) % this.#readers.length;
      return conn;
    });
    this.#batchExec = writeExecutor(this.#batchConn);
    ROUTING.set(this, { reader: this.#readExec, writer: this.#writeExec });
    const sink: BatchSink = { applyBatch: (commands) => this.#applyBatch(commands) };
    this.#batch = options.batchWriter ? options.batchWriter(sink) : null;
  }

  /**
   * Opens (creating if needed) the drift database at `path`: checks the file, migrates it to the
   * current schema and opens the connections. Opening never deletes a row: retention runs only when
   * asked for ({@link IDriftServing.runRetention}, which `driftGC` calls), as in the reference. Refuses a file that is not a
   * SQLite database or is truncated (`CORRUPT`), a SQLite file of another application (`CORRUPT`),
   * and a database of a newer schema (`SCHEMA_TOO_NEW`), in every case without modifying it.
   */
  static open(path: string, options: DriftStorageEngineOptions = {}): DriftStorageEngine {
    if (typeof path !== 'string' || path.length === 0) {
      throw new StorageError('INVALID_INPUT', 'DriftStorageEngine.open needs a database file path', {
        field: 'path',
      });
    }
    const absolute = resolve(path);
    if (options.readOnly === true) {
      if (!existsSync(absolute)) {
        throw new StorageError(
          'NOT_FOUND',
          `${absolute} does not exist; a read-only engine opens an existing drift.db`,
          {
            path: absolute,
          },
        );
      }
      if (options.batchWriter) {
        throw new StorageError('INVALID_INPUT', 'a read-only engine cannot take a batch writer', {
          field: 'batchWriter',
        });
      }
    }
    checkDatabaseFile(absolute);
    return new DriftStorageEngine(absolute, absolute, null, options);
  }

  /**
   * Opens a private, throw-away database (for tests and one-off analyses): it lives in RAM-backed
   * /dev/shm where available, is shared by this engine's connections only, and is deleted on close.
   */
  static openInMemory(options: DriftStorageEngineOptions = {}): DriftStorageEngine {
    if (options.readOnly === true) {
      throw new StorageError('INVALID_INPUT', 'an in-memory engine cannot be read-only (it starts empty)', {
        field: 'readOnly',
      });
    }
    const folder = memoryFolder();
    return new DriftStorageEngine(null, join(folder, 'drift.db'), folder, options);
  }

  /** Path of the database file, or null for an in-memory engine. */
  path(): string | null {
    return this.#path;
  }

  /** How many statements ran on each kind of connection since the engine was opened. */
  connectionUsage(): ConnectionUsage {
    return { ...this.#usage };
  }

  /** Checkpoints the write-ahead log into the database file (TRUNCATE mode). */
  checkpoint(): void {
    this.#assertOpen('checkpoint');
    try {
      this.#writer.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      throw sqliteStorageError(error, 'checkpoint', this.#path ?? undefined);
    }
  }

  /**
   * Queues a typed batch command through the configured batch writer, which takes a checked snapshot
   * of it: what was accepted is what is committed, whatever the caller does to its objects afterwards.
   */
  sendBatch(command: BatchCommand): void {
    this.#assertOpen('sendBatch');
    this.#requireBatch('sendBatch').send(command, 'sendBatch');
  }

  /**
   * Decodes a command encoded with `encodeBatchCommand` into a fresh command (nothing refers to
   * `payload` afterwards) and queues it.
   */
  sendRaw(commandName: string, payload: Uint8Array): void {
    this.#assertOpen('sendRaw');
    const writer = this.#requireBatch('sendRaw');
    writer.send(decodeBatchCommand(commandName, payload, 'sendRaw'), 'sendRaw');
  }

  /** Asks the batch writer to commit what is queued soon, without waiting. */
  flush(): void {
    this.#assertOpen('flush');
    this.#requireBatch('flush').requestFlush();
  }

  /** Commits everything queued, then returns the batch counters. */
  flushSync(): WriteStats {
    this.#assertOpen('flushSync');
    return this.#requireBatch('flushSync').flushSync();
  }

  /** Current batch counters (all zero without a batch writer). */
  stats(): WriteStats {
    return this.#batch ? this.#batch.stats() : emptyWriteStats();
  }

  /** Commits everything queued and stops the batch writer; the engine stays open for other calls. */
  shutdown(): WriteStats {
    this.#assertOpen('shutdown');
    return this.#requireBatch('shutdown').shutdown();
  }

  /**
   * Commits what the batch writer holds and closes every connection. Idempotent; every other call
   * afterwards fails with `CLOSED`. Like the reference, it does not run `PRAGMA optimize` (whose
   * statistics would change the query plans, and with them the order of rows that tie).
   */
  close(): void {
    if (this.#closed) return;
    let failure: unknown;
    try {
      this.#batch?.shutdown();
    } catch (error) {
      failure = error;
    }
    this.#closed = true;
    for (const conn of [...this.#readers, this.#batchConn, this.#writer]) conn.close();
    this.#removeMemoryFolder();
    if (failure !== undefined) throw sqliteStorageError(failure, 'close', this.#path ?? undefined);
  }

  /** Whether {@link DriftStorageEngine.close} has been called. */
  isClosed(): boolean {
    return this.#closed;
  }

  #removeMemoryFolder(): void {
    if (this.#memoryFolder === null) return;
    rmSync(this.#memoryFolder, { recursive: true, force: true });
    memoryFolders.delete(this.#memoryFolder);
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw closedError(operation);
  }

  #requireBatch(operation: string): BatchWriter {
    if (this.#batch === null) {
      throw notSupported(
        operation,
        'this engine has no batch writer; pass options.batchWriter (e.g. createBatchWriter from @drift/batch-writer)',
      );
    }
    return this.#batch;
  }

  #applyBatch(commands: readonly BatchCommand[]): BatchApplyResult {
    if (this.#closed) throw closedError('applyBatch');
    try {
      return applyBatch(this.#batchExec, commands);
    } catch (error) {
      throw sqliteStorageError(error, 'applyBatch', this.#path ?? undefined);
    }
  }

  static {
    const install = (
      name: string,
      run: (engine: DriftStorageEngine, args: unknown[]) => unknown,
      checkArguments: (args: readonly unknown[]) => void = methodArgumentChecker(name),
    ) => {
      Object.defineProperty(DriftStorageEngine.prototype, name, {
        configurable: true,
        writable: true,
        value: function (this: DriftStorageEngine, ...args: unknown[]) {
          if (this.#closed) throw closedError(name);
          checkArguments(args);
          try {
            return run(this, args);
          } catch (error) {
            throw sqliteStorageError(error, name, this.#path ?? undefined);
          }
        },
      });
    };
    for (const [name, fn] of Object.entries(DRIFT_READS)) {
      const impl = fn as (x: ReadExecutor, ...a: unknown[]) => unknown;
      install(name, (engine, args) => impl(engine.#readExec, ...args));
    }
    for (const [name, fn] of Object.entries(DRIFT_WRITES)) {
      const impl = fn as (x: WriteExecutor, ...a: unknown[]) => unknown;
      install(name, (engine, args) => impl(engine.#writeExec, ...args));
    }
    // The materialized views and paging are engine-specific reads (not part of the seam); each view
    // checks its own arguments.
    for (const [name, fn] of Object.entries(viewReads)) {
      const impl = fn as (x: ReadExecutor, ...a: unknown[]) => unknown;
      install(name, (engine, args) => impl(engine.#readExec, ...args), checkViewArguments(name));
    }
  }
}

function closedError(operation = 'this call'): StorageError {
  return new StorageError('CLOSED', `${operation} failed: the storage engine is closed`, { operation });
}

/** Argument checks of the engine-specific view methods (the seam's methods use the traits' checker). */
function checkViewArguments(name: string): (args: readonly unknown[]) => void {
  const arity: Record<string, number> = {
    statusView: 0,
    securityView: 0,
    healthTrend: 1,
    queryViolationsPage: 2,
  };
  const expected = arity[name] ?? 0;
  return (args) => {
    if (args.length !== expected) {
      throw new StorageError('INVALID_INPUT', `${name} takes ${expected} argument(s), got ${args.length}`, {
        operation: name,
      });
    }
    if (name === 'queryViolationsPage' && args[0] !== null && typeof args[0] !== 'string') {
      throw new StorageError('INVALID_INPUT', `${name}: cursor must be a string or null`, {
        operation: name,
        field: 'cursor',
      });
    }
  };
}
