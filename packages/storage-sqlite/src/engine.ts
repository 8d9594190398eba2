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
  describeValue,
  emptyWriteStats,
  type IDriftServing,
  isStorageError,
  methodArgumentChecker,
  notSupported,
  StorageError,
  type WriteStats,
} from '@drift/storage-traits';
import {
  identifyDriftDatabase,
  inspectSqliteFile,
  type SqliteFileState,
  sqliteResultCode,
  sqliteStorageError,
} from '@drift/storage-traits/sqlite';
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
  /**
   * The lock budget, in milliseconds, of every engine operation (default 5000): an open, a read, a
   * write, a batch commit or a checkpoint that meets a lock held by another connection (`SQLITE_BUSY`,
   * including the kinds SQLite's own busy handler does not wait on) is retried until it succeeds or
   * this much time has passed since the operation started; only then does it fail with `BUSY`, saying
   * how long it waited. A statement's own wait is capped by what is left of the budget.
   */
  readonly busyTimeoutMs?: number;
  /**
   * Read-only engines only: run `PRAGMA quick_check` at open and refuse a damaged database with
   * `CORRUPT` (default true). It reads every page, so it costs time in proportion to the file's size
   * (see the README for figures); pass false to skip it where opening fast matters more.
   */
  readonly quickCheck?: boolean;
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
  if (state.kind === 'not-a-file') {
    throw new StorageError(
      'INVALID_INPUT',
      `${path} is ${state.what}, not a database file; refusing to open it`,
      { path },
    );
  }
  if (state.kind === 'invalid') {
    throw new StorageError(
      'CORRUPT',
      `${path} ${state.reason}; refusing to open it (the file was not modified)`,
      { path },
    );
  }
}

/** Pragmas of every connection that may write (the reference's set, WAL apart: see {@link finishFileFormat}). */
function applyWritePragmas(db: BetterSqlite3.Database): void {
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -64000');
  db.pragma('mmap_size = 268435456');
  db.pragma('temp_store = MEMORY');
}

/** Pragmas of a read-only pool connection. */
function applyReadPragmas(db: BetterSqlite3.Database): void {
  db.pragma('query_only = ON');
  db.pragma('cache_size = -64000');
  db.pragma('mmap_size = 268435456');
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

/** How many objects (tables, indexes, views, triggers) the schema holds, SQLite's own included. */
function schemaObjects(db: BetterSqlite3.Database): number {
  return (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as { n: number }).n;
}

/**
 * Refuses, before anything is written, a database this build must not touch: a drift.db of a newer
 * schema (`SCHEMA_TOO_NEW`), or a SQLite database that is not drift's whatever its `user_version`
 * (`CORRUPT`), as {@link identifyDriftDatabase} tells them apart. Returns the schema version.
 */
function checkSchema(db: BetterSqlite3.Database, path: string | null): number {
  const where = path ?? 'the database';
  const details = path === null ? {} : { path };
  const version = db.pragma('user_version', { simple: true }) as number;
  const identity = identifyDriftDatabase(version, userTables(db));
  if (identity.kind === 'newer') {
    throw new StorageError(
      'SCHEMA_TOO_NEW',
      `${where} has schema version ${version}, newer than ${SCHEMA_VERSION} which this build supports; upgrade @drift/storage-sqlite (the database was not modified)`,
      details,
    );
  }
  if (identity.kind === 'foreign') {
    throw new StorageError(
      'CORRUPT',
      `${where} is a SQLite database but not a drift database ${identity.reason}; refusing to modify it`,
      details,
    );
  }
  return version;
}

/** A read-only engine cannot migrate: it refuses a database below the current schema version. */
function checkCurrentSchema(version: number, path: string | null): void {
  if (version !== SCHEMA_VERSION) {
    throw new StorageError(
      'NOT_SUPPORTED',
      `${path ?? 'the database'} is at schema version ${version}; a read-only engine cannot migrate it to ${SCHEMA_VERSION} (open it once read-write first)`,
      path === null ? {} : { path },
    );
  }
}

/** How many of `quick_check`'s findings a refusal quotes, and how many characters of each. */
const QUICK_CHECK_FINDINGS = 3;
const QUICK_CHECK_FINDING_CHARS = 200;

/** Refuses with `CORRUPT` a database whose pages `PRAGMA quick_check` finds damaged. */
function checkPages(db: BetterSqlite3.Database, path: string | null): void {
  const findings = (db.pragma(`quick_check(${QUICK_CHECK_FINDINGS + 1})`) as { quick_check: string }[]).map(
    (row) => row.quick_check,
  );
  if (findings.length === 1 && findings[0] === 'ok') return;
  const shown = findings.slice(0, QUICK_CHECK_FINDINGS).map((finding) => {
    const f = finding.replace(/\s*\n\s*/g, ' / ');
    return f.length > QUICK_CHECK_FINDING_CHARS
      ? `${f.slice(0, QUICK_CHECK_FINDING_CHARS)}... (${f.length} characters)`
      : f;
  });
  const more = findings.length > QUICK_CHECK_FINDINGS ? '; and more' : '';
  throw new StorageError(
    'CORRUPT',
    `${path ?? 'the database'} is damaged: PRAGMA quick_check found ${shown.join('; ')}${more}; restore it from a backup (the file was not modified)`,
    path === null ? {} : { path },
  );
}

/**
 * Applies every missing migration and the new `user_version` in ONE immediate transaction, after
 * checking the schema again under the write lock (another process may have migrated it meanwhile): a
 * failure rolls everything back and the database stays at the version it had. Returns the version
 * the database had.
 */
function migrate(db: BetterSqlite3.Database, path: string | null): number {
  let from = 0;
  let target = 0;
  const run = db.transaction(() => {
    from = checkSchema(db, path);
    for (const migration of MIGRATIONS) {
      if (migration.version <= from) continue;
      target = migration.version;
      for (const ddl of migration.statements) db.exec(ddl.compile().sql);
    }
    if (from < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  try {
    run.immediate();
  } catch (cause) {
    if (isStorageError(cause) || isBusy(cause)) throw cause;
    throw new StorageError(
      'MIGRATION_FAILED',
      `migration to schema version ${target} failed: ${(cause as Error).message}; every migration of this open was rolled back and the database is still at schema version ${from}, unmodified`,
      { cause, ...(path === null ? {} : { path }) },
    );
  }
  return from;
}

/**
 * The file-format settings the reference applies (incremental auto-vacuum, WAL), made once the
 * schema is current: on a database that had none of drift's schema they cost nothing, on an older
 * drift.db they rewrite it (a `VACUUM`), which is done only after its migrations committed, so a
 * refused or failed open never reaches this point.
 */
function finishFileFormat(db: BetterSqlite3.Database): void {
  if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) {
    db.pragma('auto_vacuum = INCREMENTAL');
    if ((db.pragma('auto_vacuum', { simple: true }) as number) !== 2) db.exec('VACUUM');
  }
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
}

/** True for a driver error (or a StorageError wrapping one) saying another connection holds a lock. */
function isBusy(error: unknown): boolean {
  if (isStorageError(error)) return error.code === 'BUSY' && isBusy(error.cause);
  return sqliteResultCode(error)?.startsWith('SQLITE_BUSY') === true;
}

/** How long one checkpoint attempt waits for readers (holding the write lock) before it is retried. */
const CHECKPOINT_WAIT_MS = 100;

/** Pauses between retries of a busy operation, growing to the last value. */
const BUSY_PAUSES_MS = [1, 2, 5, 10, 20, 50];
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds (the engine's API is synchronous). */
function pause(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Runs `attempt` until it does not fail with `SQLITE_BUSY`, or `budgetMs` have passed since the first
 * try; then fails with `BUSY` saying how long it waited. `attempt` gets the milliseconds left, to cap
 * its connections' own busy wait. Each attempt must be atomic (one statement or one transaction), so
 * that a retry repeats nothing that was committed.
 */
function retryBusy<T>(
  operation: string,
  budgetMs: number,
  path: string | null,
  attempt: (leftMs: number, tries: number) => T,
): T {
  const started = performance.now();
  for (let tries = 0; ; tries++) {
    try {
      return attempt(Math.max(1, Math.ceil(budgetMs - (performance.now() - started))), tries);
    } catch (error) {
      if (!isBusy(error)) throw error;
      const waited = performance.now() - started;
      if (waited >= budgetMs) {
        throw new StorageError(
          'BUSY',
          `${operation} failed: the database stayed locked by another connection for ${Math.round(waited)} ms (${tries + 1} ${tries === 0 ? 'attempt' : 'attempts'}; the busyTimeoutMs budget is ${budgetMs} ms); retry later or raise busyTimeoutMs`,
          { cause: error, operation, ...(path === null ? {} : { path }) },
        );
      }
      pause(Math.min(BUSY_PAUSES_MS[Math.min(tries, BUSY_PAUSES_MS.length - 1)]!, budgetMs - waited));
    }
  }
}

/** Sets a connection's own busy wait (SQLite's busy handler) to `ms`. */
function setBusyWait(db: BetterSqlite3.Database, ms: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(ms))}`);
}

/** The connections of an engine, as {@link openConnections} opens them. */
interface OpenedConnections {
  readonly writer: BetterSqlite3.Database;
  readonly readers: BetterSqlite3.Database[];
  readonly batch: BetterSqlite3.Database;
}

/**
 * One attempt at opening an engine's connections: every check first, reading only; then, read-write,
 * the migrations in one transaction and the file-format settings. On any failure every connection
 * opened is closed again.
 */
function openConnections(
  location: string,
  path: string | null,
  options: DriftStorageEngineOptions,
  readerCount: number,
  budgetMs: number,
  leftMs: number,
): OpenedConnections {
  const readOnly = options.readOnly === true;
  const opened: BetterSqlite3.Database[] = [];
  const open = (readonly: boolean) => {
    const db = new BetterSqlite3(location, readonly ? { readonly: true, fileMustExist: true } : {});
    opened.push(db);
    setBusyWait(db, leftMs);
    return db;
  };
  try {
    const writer = open(readOnly);
    const version = checkSchema(writer, path);
    if (readOnly) {
      checkCurrentSchema(version, path);
      if (options.quickCheck !== false) checkPages(writer, path);
      applyReadPragmas(writer);
    } else {
      // A database with nothing in it takes incremental auto-vacuum for free before its first table.
      if (version === 0 && schemaObjects(writer) === 0) writer.pragma('auto_vacuum = INCREMENTAL');
      if (version < SCHEMA_VERSION) migrate(writer, path);
      finishFileFormat(writer);
      applyWritePragmas(writer);
    }
    const readers = Array.from({ length: readerCount }, () => {
      const db = open(true);
      applyReadPragmas(db);
      return db;
    });
    const batch = open(readOnly);
    if (readOnly) applyReadPragmas(batch);
    else applyWritePragmas(batch);
    for (const db of opened) setBusyWait(db, budgetMs);
    return { writer, readers, batch };
  } catch (error) {
    for (const db of opened.reverse()) if (db.open) db.close();
    throw error;
  }
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
  readonly #budgetMs: number;
  #next = 0;
  #closed = false;

  private constructor(
    path: string | null,
    location: string,
    memoryFolderPath: string | null,
    options: DriftStorageEngineOptions,
  ) {
    const budget = busyBudget(options.busyTimeoutMs);
    const readerCount = Math.min(Math.max(Math.trunc(options.readers ?? 4), 1), MAX_READERS);
    this.#path = path;
    this.#memoryFolder = memoryFolderPath;
    this.#budgetMs = budget;
    let connections: OpenedConnections;
    try {
      connections = retryBusy('DriftStorageEngine.open', budget, path, (left) =>
        openConnections(location, path, options, readerCount, budget, left),
      );
    } catch (error) {
      this.#removeMemoryFolder();
      throw sqliteStorageError(error, 'open', path ?? undefined);
    }
    this.#writer = new Connection(connections.writer, 'writer', this.#usage);
    this.#writeExec = writeExecutor(this.#writer);
    this.#readers = connections.readers.map((db) => new Connection(db, 'reader', this.#usage));
    this.#batchConn = new Connection(connections.batch, 'batch', this.#usage);
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
   * a database of a newer schema (`SCHEMA_TOO_NEW`), a folder, FIFO, socket or device
   * (`INVALID_INPUT`, without blocking), and read-only a file `PRAGMA quick_check` finds damaged
   * (`CORRUPT`), in every case without modifying it; a failed migration rolls back every migration
   * of the open (`MIGRATION_FAILED`), leaving the file as it was.
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
      this.#retry('checkpoint', () => {
        // A TRUNCATE checkpoint holds the write lock while it waits for readers to leave the log:
        // each attempt waits briefly, and the retries between them let other writers in.
        setBusyWait(this.#writer.db, CHECKPOINT_WAIT_MS);
        try {
          const [result] = this.#writer.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
          // A checkpoint that could not finish (a reader still uses the log) says so in its row.
          if (result?.busy === 1) {
            throw Object.assign(new Error('the checkpoint could not finish'), { code: 'SQLITE_BUSY' });
          }
        } finally {
          setBusyWait(this.#writer.db, this.#budgetMs);
        }
      });
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

  /** {@link retryBusy} with this engine's budget and path. */
  #retry<T>(operation: string, attempt: () => T): T {
    let capped = false;
    try {
      return retryBusy(operation, this.#budgetMs, this.#path, (left, tries) => {
        // A retry's own busy wait is capped by what is left of the budget, so the whole operation
        // never waits much longer than the budget.
        if (tries > 0) {
          this.#setBusyWait(left);
          capped = true;
        }
        return attempt();
      });
    } finally {
      if (capped) this.#setBusyWait(this.#budgetMs);
    }
  }

  #setBusyWait(ms: number): void {
    for (const conn of [this.#writer, this.#batchConn, ...this.#readers]) {
      if (conn.db.open) setBusyWait(conn.db, ms);
    }
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
      return this.#retry('applyBatch', () => applyBatch(this.#batchExec, commands));
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
    // A read is retried whole; a write runs in one immediate transaction (the write lock taken at
    // BEGIN, so no deferred transaction fails to upgrade) and is retried whole: a busy attempt
    // committed nothing.
    for (const [name, fn] of Object.entries(DRIFT_READS)) {
      const impl = fn as (x: ReadExecutor, ...a: unknown[]) => unknown;
      install(name, (engine, args) => engine.#retry(name, () => impl(engine.#readExec, ...args)));
    }
    for (const [name, fn] of Object.entries(DRIFT_WRITES)) {
      const impl = fn as (x: WriteExecutor, ...a: unknown[]) => unknown;
      install(name, (engine, args) =>
        engine.#retry(name, () => engine.#writeExec.transaction(() => impl(engine.#writeExec, ...args))),
      );
    }
    // The materialized views and paging are engine-specific reads (not part of the seam); each view
    // checks its own arguments.
    for (const [name, fn] of Object.entries(viewReads)) {
      const impl = fn as (x: ReadExecutor, ...a: unknown[]) => unknown;
      install(
        name,
        (engine, args) => engine.#retry(name, () => impl(engine.#readExec, ...args)),
        checkViewArguments(name),
      );
    }
  }
}

/** The lock budget of an engine's operations, from `busyTimeoutMs` (default 5000 ms). */
function busyBudget(ms: number | undefined): number {
  if (ms === undefined) return 5000;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new StorageError(
      'INVALID_INPUT',
      `DriftStorageEngine.open: busyTimeoutMs must be a finite number of milliseconds, 0 or more (got ${describeValue(ms)})`,
      { field: 'busyTimeoutMs' },
    );
  }
  return Math.trunc(ms);
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
