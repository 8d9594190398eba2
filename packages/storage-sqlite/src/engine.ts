import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  argumentCheckerFor,
  type BatchApplyResult,
  type BatchCommand,
  type BatchSink,
  type BatchWriter,
  type BatchWriterFactory,
  type DriftStorageBackend,
  decodeBatchCommand,
  describeValue,
  emptyWriteStats,
  isStorageError,
  type MethodArgumentChecker,
  methodArgumentChecker,
  notSupported,
  StorageError,
  type WriteStats,
} from '@drift/storage-traits';
import {
  DRIFT_STORAGE_READ_PRAGMAS,
  DRIFT_STORAGE_WRITE_PRAGMAS,
  identifyDriftDatabase,
  inspectSqliteFile,
  type SqliteFileState,
  sqliteResultCode,
  sqliteStorageError,
} from '@drift/storage-traits/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { advancedReads, advancedWrites } from './queries/advanced.js';
import { applyBatch } from './queries/batch-sink.js';
import { boundariesReads, boundariesWrites } from './queries/boundaries.js';
import { callEdgesReads, callEdgesWrites } from './queries/call-edges.js';
import { constantReads, constantWrites } from './queries/constants.js';
import { constraintReads, constraintWrites } from './queries/constraints.js';
import { contractReads, contractWrites } from './queries/contracts.js';
import { couplingReads, couplingWrites } from './queries/coupling.js';
import { dataAccessReads, dataAccessWrites } from './queries/data-access.js';
import { detectionsReads, detectionsWrites } from './queries/detections.js';
import { dnaReads, dnaWrites } from './queries/dna.js';
import { enforcementReads, enforcementWrites } from './queries/enforcement.js';
import { envVariableReads, envVariableWrites } from './queries/env-variables.js';
import { filesReads, filesWrites } from './queries/files.js';
import { functionsReads, functionsWrites } from './queries/functions.js';
import { graphReads, graphWrites } from './queries/graph.js';
import { patternsReads, patternsWrites } from './queries/patterns.js';
import { readerReads } from './queries/reader.js';
import { scanHistoryReads, scanHistoryWrites } from './queries/scan-history.js';
import { securityReads, securityWrites } from './queries/security.js';
import { servingReads, servingWrites } from './queries/serving.js';
import { type DriftViews, VIEW_ARGUMENTS, viewReads } from './queries/views.js';
import { wrapperReads, wrapperWrites } from './queries/wrappers.js';
import { checkReadArray, checkReadValues, type ReadChecks, readChecks } from './read-domains.js';
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

/**
 * Test hook of this package, as {@link routingOf}: how each query method of the engines opened so far
 * runs, by name (`read` on a reader, `write` in a transaction on the writer).
 */
export function queryMethodRoles(): ReadonlyMap<string, 'read' | 'write'> {
  return ROLES;
}

/**
 * A prepared statement, the checks of the integer columns it reads (null when none needs one), and,
 * for a read whose rows the engine builds itself, their field names (null: the driver builds them).
 */
interface Prepared {
  readonly statement: BetterSqlite3.Statement;
  readonly checks: ReadChecks | null;
  readonly fields: readonly string[] | null;
}

/**
 * The field names of a read's rows when the engine can build them itself from the values of each row
 * (the statement in better-sqlite3's raw mode): distinct names that a plain object takes as its own
 * properties by assignment (none is a property of `Object.prototype`, such as `__proto__`). Such a
 * row is the same plain object as the driver's: the same own properties, in the same order, with the
 * same values; building it in JavaScript costs less than the driver's objects, whose properties it
 * stores as a dictionary. Null for any other statement, whose rows the driver builds.
 */
function builtRowFields(statement: BetterSqlite3.Statement): readonly string[] | null {
  if (!statement.reader) return null;
  const fields = statement.columns().map((c) => c.name);
  const distinct = new Set(fields).size === fields.length;
  return distinct && !fields.some((f) => f in Object.prototype) ? fields : null;
}

/** A row built from the values better-sqlite3's raw mode returns, one property per field in order. */
function buildRow(fields: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) row[fields[i]!] = values[i];
  return row;
}

/** One better-sqlite3 connection with its prepared-statement cache. */
class Connection {
  readonly #cache = new Map<Statement, Prepared>();
  /** Statements run on this connection (summed by role in {@link DriftStorageEngine.connectionUsage}). */
  statements = 0;

  constructor(readonly db: BetterSqlite3.Database) {}

  #prepared(s: Statement): Prepared {
    const prepared = this.#cache.get(s) ?? this.#prepare(s);
    this.statements++;
    return prepared;
  }

  #prepare(s: Statement): Prepared {
    const statement = this.db.prepare(s.sql);
    const checks = statement.reader ? readChecks(statement.columns(), s.exactIntegersOnly === true) : null;
    const fields = builtRowFields(statement);
    if (fields !== null) statement.raw(true);
    const prepared = { statement, checks, fields };
    this.#cache.set(s, prepared);
    return prepared;
  }

  prepare(s: Statement): BetterSqlite3.Statement {
    return this.#prepared(s).statement;
  }

  /** The first row of a read, its integer columns checked. */
  get(s: Statement, args: readonly unknown[]): unknown {
    const prepared = this.#prepared(s);
    // One bound value (the common point read) is passed as it is, without spreading the array.
    const row = args.length === 1 ? prepared.statement.get(args[0]) : prepared.statement.get(...args);
    if (row === undefined) return row;
    const { checks, fields } = prepared;
    if (fields === null) {
      if (checks !== null) checkReadValues(checks, row as Record<string, unknown>);
      return row;
    }
    if (checks !== null) checkReadArray(checks, row as readonly unknown[]);
    return buildRow(fields, row as readonly unknown[]);
  }

  /** Every row of a read, their integer columns checked. */
  all(s: Statement, args: readonly unknown[]): unknown[] {
    const prepared = this.#prepared(s);
    const rows = args.length === 1 ? prepared.statement.all(args[0]) : prepared.statement.all(...args);
    const { checks, fields } = prepared;
    if (fields === null) {
      if (checks !== null) for (const row of rows) checkReadValues(checks, row as Record<string, unknown>);
      return rows;
    }
    for (let i = 0; i < rows.length; i++) {
      const values = rows[i] as readonly unknown[];
      if (checks !== null) checkReadArray(checks, values);
      rows[i] = buildRow(fields, values);
    }
    return rows;
  }

  /** Counts `n` more statements run (for runners that bypass {@link Connection.prepare}). */
  count(n: number): void {
    this.statements += n;
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

/** The arguments of a statement run without any. */
const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * The engine's read executor: runs each statement on the next of its read-only connections, in turn;
 * after {@link ReaderPool.close} it refuses with `CLOSED`.
 */
class ReaderPool implements ReadExecutor {
  readonly #readers: readonly Connection[];
  #next = 0;
  #closed = false;

  constructor(readers: readonly Connection[]) {
    this.#readers = readers;
  }

  /** Refuses every later statement with `CLOSED` (the engine closes its connections next). */
  close(): void {
    this.#closed = true;
  }

  #pick(): Connection {
    if (this.#closed) throw closedError();
    const conn = this.#readers[this.#next]!;
    if (++this.#next === this.#readers.length) this.#next = 0;
    return conn;
  }

  get<R>(s: Statement<R>, args: readonly unknown[] = NO_ARGS): R | undefined {
    return this.#pick().get(s, bindValues(s, args)) as R | undefined;
  }

  all<R>(s: Statement<R>, args: readonly unknown[] = NO_ARGS): R[] {
    return this.#pick().all(s, bindValues(s, args)) as R[];
  }
}

function writeExecutor(conn: Connection): WriteExecutor {
  return {
    get: <R>(s: Statement<R>, args: readonly unknown[] = NO_ARGS) =>
      conn.get(s, bindValues(s, args)) as R | undefined,
    all: <R>(s: Statement<R>, args: readonly unknown[] = NO_ARGS) => conn.all(s, bindValues(s, args)) as R[],
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

/** `DRIFT_STORAGE_WRITE_PRAGMAS` on a connection that may write (WAL apart: see {@link finishFileFormat}). */
function applyWritePragmas(db: BetterSqlite3.Database): void {
  for (const pragma of DRIFT_STORAGE_WRITE_PRAGMAS) db.pragma(pragma);
}

/** `DRIFT_STORAGE_READ_PRAGMAS` on a read-only pool connection. */
function applyReadPragmas(db: BetterSqlite3.Database): void {
  for (const pragma of DRIFT_STORAGE_READ_PRAGMAS) db.pragma(pragma);
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
 * its connections' own busy wait, and how many attempts came before it. Each attempt must be atomic
 * (one statement or one transaction), so that a retry repeats nothing that was committed.
 */
function retryBusy<T>(
  operation: string,
  budgetMs: number,
  path: string | null,
  attempt: (leftMs: number, tries: number) => T,
): T {
  const started = performance.now();
  try {
    return attempt(Math.max(1, Math.ceil(budgetMs - (performance.now() - started))), 0);
  } catch (error) {
    return retryAfterBusy(operation, budgetMs, path, started, error, attempt);
  }
}

/**
 * The retry loop of {@link retryBusy}, entered once a first attempt begun at `started` threw `error`:
 * anything but `SQLITE_BUSY` is thrown as it is; a busy failure is retried after a growing pause until
 * an attempt succeeds or `budgetMs` have passed since `started`, and then fails with `BUSY`.
 */
function retryAfterBusy<T>(
  operation: string,
  budgetMs: number,
  path: string | null,
  started: number,
  error: unknown,
  attempt: (leftMs: number, tries: number) => T,
): T {
  let failure = error;
  for (let tries = 1; ; tries++) {
    if (!isBusy(failure)) throw failure;
    const waited = performance.now() - started;
    if (waited >= budgetMs) {
      throw new StorageError(
        'BUSY',
        `${operation} failed: the database stayed locked by another connection for ${Math.round(waited)} ms (${tries} ${tries === 1 ? 'attempt' : 'attempts'}; the busyTimeoutMs budget is ${budgetMs} ms); retry later or raise busyTimeoutMs`,
        { cause: failure, operation, ...(path === null ? {} : { path }) },
      );
    }
    pause(Math.min(BUSY_PAUSES_MS[Math.min(tries - 1, BUSY_PAUSES_MS.length - 1)]!, budgetMs - waited));
    try {
      return attempt(Math.max(1, Math.ceil(budgetMs - (performance.now() - started))), tries);
    } catch (next) {
      failure = next;
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

/** A query function of a query module: an executor first, then the arguments of its method. */
type Query<X, A extends unknown[], R> = (executor: X, ...args: A) => R;

/** How an engine method runs its query: on a reader, or in a transaction on the writer. */
type MethodRole = 'read' | 'write';

/** Role of every query method, by name, as the engines built so far named them (for routing tests). */
const ROLES = new Map<string, MethodRole>();

/**
 * The SQLite implementation of every drift storage interface. It owns the only connections to its
 * database: one writer, a pool of read-only readers (opened read-only with `query_only`), and one
 * connection for the batch sink. Reads run on readers, writes on the writer; no method hands out a
 * connection. In-memory engines share one private in-memory database across all their connections,
 * so every path reads its own writes.
 */
export class DriftStorageEngine implements DriftStorageBackend, DriftViews {
  readonly #path: string | null;
  readonly #memoryFolder: string | null;
  readonly #writer: Connection;
  readonly #readers: Connection[];
  readonly #batchConn: Connection;
  readonly #readExec: ReaderPool;
  readonly #writeExec: WriteExecutor;
  readonly #batchExec: WriteExecutor;
  readonly #batch: BatchWriter | null;
  readonly #budgetMs: number;
  #closed = false;
  /** Each query member's naming hook, until the constructor has named it after its key. */
  readonly #unnamed = new Map<unknown, (name: string) => void>();

  // The query methods, one member per method: each names the query function it runs (Go to Definition
  // on the query lands in its module) and is typed by it, and `implements` above makes the compiler
  // check that together they are every method of the interfaces. A member is named after its key.
  // IDriftFiles
  readonly loadAllFileMetadata = this.#read(filesReads.loadAllFileMetadata);
  readonly getFileMetadata = this.#read(filesReads.getFileMetadata);
  readonly updateFunctionCount = this.#write(filesWrites.updateFunctionCount);
  readonly updateFileError = this.#write(filesWrites.updateFileError);
  readonly countFiles = this.#read(filesReads.countFiles);
  readonly getParseCacheByHash = this.#read(filesReads.getParseCacheByHash);
  readonly insertParseCache = this.#write(filesWrites.insertParseCache);
  readonly invalidateParseCache = this.#write(filesWrites.invalidateParseCache);
  readonly countParseCache = this.#read(filesReads.countParseCache);
  // IDriftAnalysis
  readonly getFunctionsByFile = this.#read(functionsReads.getFunctionsByFile);
  readonly getFunctionByQualifiedName = this.#read(functionsReads.getFunctionByQualifiedName);
  readonly deleteFunctionsByFile = this.#write(functionsWrites.deleteFunctionsByFile);
  readonly countFunctions = this.#read(functionsReads.countFunctions);
  readonly countEntryPoints = this.#read(functionsReads.countEntryPoints);
  readonly insertDetections = this.#write(detectionsWrites.insertDetections);
  readonly getDetectionsByFile = this.#read(detectionsReads.getDetectionsByFile);
  readonly getDetectionsByCategory = this.#read(detectionsReads.getDetectionsByCategory);
  readonly queryAllDetections = this.#read(detectionsReads.queryAllDetections);
  readonly deleteDetectionsByFile = this.#write(detectionsWrites.deleteDetectionsByFile);
  readonly countDetections = this.#read(detectionsReads.countDetections);
  readonly getDetectionsByMethod = this.#read(detectionsReads.getDetectionsByMethod);
  readonly getDetectionsByPatternPrefix = this.#read(detectionsReads.getDetectionsByPatternPrefix);
  readonly getDetectionsByCwe = this.#read(detectionsReads.getDetectionsByCwe);
  readonly getFrameworkDetectionSummary = this.#read(detectionsReads.getFrameworkDetectionSummary);
  readonly upsertConfidence = this.#write(patternsWrites.upsertConfidence);
  readonly queryConfidenceByTier = this.#read(patternsReads.queryConfidenceByTier);
  readonly queryAllConfidence = this.#read(patternsReads.queryAllConfidence);
  readonly insertOutlier = this.#write(patternsWrites.insertOutlier);
  readonly queryOutliersByPattern = this.#read(patternsReads.queryOutliersByPattern);
  readonly insertConvention = this.#write(patternsWrites.insertConvention);
  readonly queryConventionsByCategory = this.#read(patternsReads.queryConventionsByCategory);
  readonly queryAllConventions = this.#read(patternsReads.queryAllConventions);
  readonly insertBoundaries = this.#write(boundariesWrites.insertBoundaries);
  readonly getBoundariesByFile = this.#read(boundariesReads.getBoundariesByFile);
  readonly getBoundariesByFramework = this.#read(boundariesReads.getBoundariesByFramework);
  readonly getSensitiveBoundaries = this.#read(boundariesReads.getSensitiveBoundaries);
  readonly deleteBoundariesByFile = this.#write(boundariesWrites.deleteBoundariesByFile);
  readonly countBoundaries = this.#read(boundariesReads.countBoundaries);
  readonly insertCallEdges = this.#write(callEdgesWrites.insertCallEdges);
  readonly getEdgesByCaller = this.#read(callEdgesReads.getEdgesByCaller);
  readonly getEdgesByCallee = this.#read(callEdgesReads.getEdgesByCallee);
  readonly deleteEdgesByFile = this.#write(callEdgesWrites.deleteEdgesByFile);
  readonly countCallEdges = this.#read(callEdgesReads.countCallEdges);
  readonly countResolvedEdges = this.#read(callEdgesReads.countResolvedEdges);
  readonly insertScanStart = this.#write(scanHistoryWrites.insertScanStart);
  readonly updateScanComplete = this.#write(scanHistoryWrites.updateScanComplete);
  readonly queryRecentScans = this.#read(scanHistoryReads.queryRecentScans);
  readonly countScans = this.#read(scanHistoryReads.countScans);
  // IDriftStructural
  readonly upsertCouplingMetrics = this.#write(couplingWrites.upsertCouplingMetrics);
  readonly getCouplingMetrics = this.#read(couplingReads.getCouplingMetrics);
  readonly getAllCouplingMetrics = this.#read(couplingReads.getAllCouplingMetrics);
  readonly getCouplingMetricsByZone = this.#read(couplingReads.getCouplingMetricsByZone);
  readonly insertCouplingCycle = this.#write(couplingWrites.insertCouplingCycle);
  readonly queryCouplingCycles = this.#read(couplingReads.queryCouplingCycles);
  readonly upsertConstraint = this.#write(constraintWrites.upsertConstraint);
  readonly getConstraint = this.#read(constraintReads.getConstraint);
  readonly getEnabledConstraints = this.#read(constraintReads.getEnabledConstraints);
  readonly insertConstraintVerification = this.#write(constraintWrites.insertConstraintVerification);
  readonly queryConstraintVerifications = this.#read(constraintReads.queryConstraintVerifications);
  readonly upsertContract = this.#write(contractWrites.upsertContract);
  readonly getContract = this.#read(contractReads.getContract);
  readonly getContractsByParadigm = this.#read(contractReads.getContractsByParadigm);
  readonly insertContractMismatch = this.#write(contractWrites.insertContractMismatch);
  readonly queryContractMismatches = this.#read(contractReads.queryContractMismatches);
  readonly queryContractMismatchesByType = this.#read(contractReads.queryContractMismatchesByType);
  readonly insertSecret = this.#write(securityWrites.insertSecret);
  readonly getSecretsByFile = this.#read(securityReads.getSecretsByFile);
  readonly getSecretsBySeverity = this.#read(securityReads.getSecretsBySeverity);
  readonly insertWrapper = this.#write(wrapperWrites.insertWrapper);
  readonly getWrappersByFile = this.#read(wrapperReads.getWrappersByFile);
  readonly getWrappersByCategory = this.#read(wrapperReads.getWrappersByCategory);
  readonly upsertDnaGene = this.#write(dnaWrites.upsertDnaGene);
  readonly getDnaGene = this.#read(dnaReads.getDnaGene);
  readonly getAllDnaGenes = this.#read(dnaReads.getAllDnaGenes);
  readonly upsertDnaMutation = this.#write(dnaWrites.upsertDnaMutation);
  readonly getDnaMutationsByGene = this.#read(dnaReads.getDnaMutationsByGene);
  readonly getUnresolvedMutations = this.#read(dnaReads.getUnresolvedMutations);
  readonly insertCryptoFinding = this.#write(securityWrites.insertCryptoFinding);
  readonly getCryptoFindingsByFile = this.#read(securityReads.getCryptoFindingsByFile);
  readonly getCryptoFindingsByCategory = this.#read(securityReads.getCryptoFindingsByCategory);
  readonly upsertOwaspFinding = this.#write(securityWrites.upsertOwaspFinding);
  readonly getOwaspFindingsByFile = this.#read(securityReads.getOwaspFindingsByFile);
  readonly getOwaspFindingsByDetector = this.#read(securityReads.getOwaspFindingsByDetector);
  readonly insertDecompositionDecision = this.#write(dnaWrites.insertDecompositionDecision);
  readonly getDecompositionDecisions = this.#read(dnaReads.getDecompositionDecisions);
  readonly insertConstant = this.#write(constantWrites.insertConstant);
  readonly insertConstantsBatch = this.#write(constantWrites.insertConstantsBatch);
  readonly queryConstantsByFile = this.#read(constantReads.queryConstantsByFile);
  readonly queryUnusedConstants = this.#read(constantReads.queryUnusedConstants);
  readonly queryMagicNumbers = this.#read(constantReads.queryMagicNumbers);
  readonly deleteConstantsByFile = this.#write(constantWrites.deleteConstantsByFile);
  readonly countConstants = this.#read(constantReads.countConstants);
  readonly insertEnvVariable = this.#write(envVariableWrites.insertEnvVariable);
  readonly insertEnvVariablesBatch = this.#write(envVariableWrites.insertEnvVariablesBatch);
  readonly queryEnvVariablesByName = this.#read(envVariableReads.queryEnvVariablesByName);
  readonly queryEnvVariablesByFile = this.#read(envVariableReads.queryEnvVariablesByFile);
  readonly queryMissingEnvVariables = this.#read(envVariableReads.queryMissingEnvVariables);
  readonly deleteEnvVariablesByFile = this.#write(envVariableWrites.deleteEnvVariablesByFile);
  readonly countEnvVariables = this.#read(envVariableReads.countEnvVariables);
  readonly insertDataAccess = this.#write(dataAccessWrites.insertDataAccess);
  readonly insertDataAccessBatch = this.#write(dataAccessWrites.insertDataAccessBatch);
  readonly queryDataAccessByFunction = this.#read(dataAccessReads.queryDataAccessByFunction);
  readonly queryDataAccessByTable = this.#read(dataAccessReads.queryDataAccessByTable);
  readonly deleteDataAccessByFunction = this.#write(dataAccessWrites.deleteDataAccessByFunction);
  readonly countDataAccess = this.#read(dataAccessReads.countDataAccess);
  readonly upsertReachability = this.#write(graphWrites.upsertReachability);
  readonly getReachability = this.#read(graphReads.getReachability);
  readonly clearReachabilityCache = this.#write(graphWrites.clearReachabilityCache);
  readonly insertTaintFlow = this.#write(graphWrites.insertTaintFlow);
  readonly getTaintFlowsByFile = this.#read(graphReads.getTaintFlowsByFile);
  readonly getTaintFlowsByCwe = this.#read(graphReads.getTaintFlowsByCwe);
  readonly insertErrorGap = this.#write(graphWrites.insertErrorGap);
  readonly getErrorGapsByFile = this.#read(graphReads.getErrorGapsByFile);
  readonly upsertImpactScore = this.#write(graphWrites.upsertImpactScore);
  readonly getImpactScore = this.#read(graphReads.getImpactScore);
  readonly insertTestCoverage = this.#write(graphWrites.insertTestCoverage);
  readonly getTestCoverageForSource = this.#read(graphReads.getTestCoverageForSource);
  readonly upsertTestQuality = this.#write(graphWrites.upsertTestQuality);
  readonly getTestQuality = this.#read(graphReads.getTestQuality);
  // IDriftEnforcement
  readonly insertViolation = this.#write(enforcementWrites.insertViolation);
  readonly queryViolationsByFile = this.#read(enforcementReads.queryViolationsByFile);
  readonly queryAllViolations = this.#read(enforcementReads.queryAllViolations);
  readonly insertGateResult = this.#write(enforcementWrites.insertGateResult);
  readonly queryGateResults = this.#read(enforcementReads.queryGateResults);
  readonly insertAuditSnapshot = this.#write(enforcementWrites.insertAuditSnapshot);
  readonly queryAuditSnapshots = this.#read(enforcementReads.queryAuditSnapshots);
  readonly insertHealthTrend = this.#write(enforcementWrites.insertHealthTrend);
  readonly queryHealthTrends = this.#read(enforcementReads.queryHealthTrends);
  readonly insertFeedback = this.#write(enforcementWrites.insertFeedback);
  readonly queryFeedbackByDetector = this.#read(enforcementReads.queryFeedbackByDetector);
  readonly queryFeedbackByPattern = this.#read(enforcementReads.queryFeedbackByPattern);
  readonly queryFeedbackAdjustments = this.#read(enforcementReads.queryFeedbackAdjustments);
  readonly getViolationPatternId = this.#read(enforcementReads.getViolationPatternId);
  readonly queryFeedbackStats = this.#read(enforcementReads.queryFeedbackStats);
  readonly countNeedsReview = this.#read(enforcementReads.countNeedsReview);
  readonly insertPolicyResult = this.#write(enforcementWrites.insertPolicyResult);
  readonly queryRecentPolicyResults = this.#read(enforcementReads.queryRecentPolicyResults);
  readonly insertDegradationAlert = this.#write(enforcementWrites.insertDegradationAlert);
  readonly queryRecentDegradationAlerts = this.#read(enforcementReads.queryRecentDegradationAlerts);
  readonly queryDegradationAlertsByType = this.#read(enforcementReads.queryDegradationAlertsByType);
  // IDriftAdvanced
  readonly insertSimulation = this.#write(advancedWrites.insertSimulation);
  readonly getSimulations = this.#read(advancedReads.getSimulations);
  readonly insertDecision = this.#write(advancedWrites.insertDecision);
  readonly insertContextCache = this.#write(advancedWrites.insertContextCache);
  readonly createMigrationProject = this.#write(advancedWrites.createMigrationProject);
  readonly createMigrationModule = this.#write(advancedWrites.createMigrationModule);
  readonly updateModuleStatus = this.#write(advancedWrites.updateModuleStatus);
  readonly insertMigrationCorrection = this.#write(advancedWrites.insertMigrationCorrection);
  readonly getMigrationCorrection = this.#read(advancedReads.getMigrationCorrection);
  // IDriftReader
  readonly patternConfidence = this.#read(readerReads.patternConfidence);
  readonly patternOccurrenceRate = this.#read(readerReads.patternOccurrenceRate);
  readonly falsePositiveRate = this.#read(readerReads.falsePositiveRate);
  readonly constraintVerified = this.#read(readerReads.constraintVerified);
  readonly couplingMetric = this.#read(readerReads.couplingMetric);
  readonly dnaHealth = this.#read(readerReads.dnaHealth);
  readonly testCoverage = this.#read(readerReads.testCoverage);
  readonly errorHandlingGaps = this.#read(readerReads.errorHandlingGaps);
  readonly decisionEvidence = this.#read(readerReads.decisionEvidence);
  readonly boundaryData = this.#read(readerReads.boundaryData);
  readonly taintFlowRisk = this.#read(readerReads.taintFlowRisk);
  readonly callGraphCoverage = this.#read(readerReads.callGraphCoverage);
  readonly countMatchingPatterns = this.#read(readerReads.countMatchingPatterns);
  readonly latestScanTimestamp = this.#read(readerReads.latestScanTimestamp);
  // IDriftServing
  readonly runRetention = this.#write(servingWrites.runRetention);
  readonly upsertPatternStatus = this.#write(servingWrites.upsertPatternStatus);
  readonly getPatternStatus = this.#read(servingReads.getPatternStatus);
  readonly queryPatternStatuses = this.#read(servingReads.queryPatternStatuses);
  readonly countPatternsByStatus = this.#read(servingReads.countPatternsByStatus);
  readonly queryPatternsForAudit = this.#read(servingReads.queryPatternsForAudit);
  readonly clearRecoveredAlerts = this.#write(servingWrites.clearRecoveredAlerts);
  readonly clearFindings = this.#write(servingWrites.clearFindings);
  readonly getViolation = this.#read(servingReads.getViolation);
  readonly queryTaintFlows = this.#read(servingReads.queryTaintFlows);
  readonly queryErrorGaps = this.#read(servingReads.queryErrorGaps);
  readonly queryImpactScores = this.#read(servingReads.queryImpactScores);
  readonly queryAllTestQuality = this.#read(servingReads.queryAllTestQuality);
  readonly queryAllWrappers = this.#read(servingReads.queryAllWrappers);
  readonly queryAllCryptoFindings = this.#read(servingReads.queryAllCryptoFindings);
  readonly queryAllContracts = this.#read(servingReads.queryAllContracts);
  readonly queryBoundaryFrameworks = this.#read(servingReads.queryBoundaryFrameworks);
  readonly readTableRows = this.#read(servingReads.readTableRows);
  readonly maxRowCursor = this.#read(servingReads.maxRowCursor);
  // DriftViews (this engine's own reads)
  readonly statusView = this.#view(viewReads.statusView);
  readonly securityView = this.#view(viewReads.securityView);
  readonly healthTrend = this.#view(viewReads.healthTrend);
  readonly queryViolationsPage = this.#view(viewReads.queryViolationsPage);

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
    this.#writer = new Connection(connections.writer);
    this.#writeExec = writeExecutor(this.#writer);
    this.#readers = connections.readers.map((db) => new Connection(db));
    this.#batchConn = new Connection(connections.batch);
    this.#readExec = new ReaderPool(this.#readers);
    this.#batchExec = writeExecutor(this.#batchConn);
    ROUTING.set(this, { reader: this.#readExec, writer: this.#writeExec });
    const sink: BatchSink = { applyBatch: (commands) => this.#applyBatch(commands) };
    this.#batch = options.batchWriter ? options.batchWriter(sink) : null;
    for (const [key, method] of Object.entries(this)) this.#unnamed.get(method)?.(key);
    if (this.#unnamed.size > 0) throw new Error('DriftStorageEngine: a query member is not a property');
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
    let reader = 0;
    for (const conn of this.#readers) reader += conn.statements;
    return { reader, writer: this.#writer.statements, batch: this.#batchConn.statements };
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
    this.#readExec.close();
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

  /**
   * A query method that runs `query` on a reader. The read runs once; only a `SQLITE_BUSY` failure
   * enters the retry loop, which runs it again (a read is atomic) within the lock budget.
   */
  #read<A extends unknown[], R>(query: Query<ReadExecutor, A, R>): (...args: A) => R {
    return this.#member('read', query, methodArgumentChecker);
  }

  /** A {@link DriftViews} method: a read whose arguments are checked against {@link VIEW_ARGUMENTS}. */
  #view<A extends unknown[], R>(query: Query<ReadExecutor, A, R>): (...args: A) => R {
    return this.#member('read', query, (name) =>
      argumentCheckerFor(name, VIEW_ARGUMENTS[name as keyof DriftViews]),
    );
  }

  /**
   * A query method that runs `query` on the writer in one immediate transaction (the write lock taken
   * at BEGIN, so no deferred transaction fails to upgrade). A busy attempt committed nothing, so the
   * retry loop runs the whole transaction again.
   */
  #write<A extends unknown[], R>(query: Query<WriteExecutor, A, R>): (...args: A) => R {
    return this.#member('write', query, methodArgumentChecker);
  }

  /**
   * The function behind one query member: refuses a call after close (`CLOSED`), checks the arguments
   * against the method's specs, runs the query on its connection and answers a driver failure as a
   * `StorageError` naming the method. The member's name (for the checker and the messages) is its key,
   * set by the constructor through {@link DriftStorageEngine.#unnamed}; its checker is looked up then,
   * once. The call allocates nothing beyond its arguments unless it fails.
   */
  #member<X, A extends unknown[], R>(
    role: MethodRole,
    query: Query<X, A, R>,
    checkerOf: (name: string) => MethodArgumentChecker,
  ): (...args: A) => R {
    let name = '';
    let check: MethodArgumentChecker = () => {};
    const method =
      role === 'read'
        ? (...args: A): R => {
            if (this.#closed) throw closedError(name);
            check(args);
            const started = performance.now();
            try {
              return (query as Query<ReadExecutor, A, R>)(this.#readExec, ...args);
            } catch (error) {
              return this.#afterFailure(name, started, error, () =>
                (query as Query<ReadExecutor, A, R>)(this.#readExec, ...args),
              );
            }
          }
        : (...args: A): R => {
            if (this.#closed) throw closedError(name);
            check(args);
            const started = performance.now();
            const writer = this.#writeExec;
            const attempt = () =>
              writer.transaction(() => (query as Query<WriteExecutor, A, R>)(writer, ...args));
            try {
              return attempt();
            } catch (error) {
              return this.#afterFailure(name, started, error, attempt);
            }
          };
    this.#unnamed.set(method, (key) => {
      name = key;
      check = checkerOf(key);
      ROLES.set(key, role);
      this.#unnamed.delete(method);
    });
    return method;
  }

  /**
   * What a query method does when its first attempt, begun at `started`, threw `error`: a `SQLITE_BUSY`
   * failure is retried within the budget left ({@link retryAfterBusy}, each retry's own busy wait
   * capped by it); anything else, and a spent budget, is thrown as a `StorageError` naming `name`.
   */
  #afterFailure<T>(name: string, started: number, error: unknown, attempt: () => T): T {
    if (!isBusy(error)) throw sqliteStorageError(error, name, this.#path ?? undefined);
    let capped = false;
    try {
      return retryAfterBusy(name, this.#budgetMs, this.#path, started, error, (left) => {
        this.#setBusyWait(left);
        capped = true;
        return attempt();
      });
    } catch (failure) {
      throw sqliteStorageError(failure, name, this.#path ?? undefined);
    } finally {
      if (capped) this.#setBusyWait(this.#budgetMs);
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
