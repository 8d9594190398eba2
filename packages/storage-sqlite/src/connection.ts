// The engine's connections: one better-sqlite3 handle with its prepared statements (`Connection`),
// the rows it answers (built from raw column values where that is the same row), and the executors the
// queries run on: the readers in turn (`ReaderPool`), and the writer or batch connection
// (`writeExecutor`).

import { StorageError } from '@drift/storage-traits';
import type { SyncStepRunner } from '@drift/storage-traits/queries';
import type BetterSqlite3 from 'better-sqlite3';
import { checkReadArray, checkReadValues, type ReadChecks, readChecks } from './read-domains.js';
import {
  type AnyStatement,
  type ReadExecutor,
  type RunResult,
  type Statement,
  sqliteStatement,
  type WriteExecutor,
} from './statements.js';

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
export class Connection {
  readonly #cache = new Map<Statement, Prepared>();
  /** Statements run on this connection (summed by role in `DriftStorageEngine.connectionUsage`). */
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
export class ReaderPool implements ReadExecutor {
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

  get<R>(shared: AnyStatement<R>, args: readonly unknown[] = NO_ARGS): R | undefined {
    const s = sqliteStatement(shared);
    return this.#pick().get(s, bindValues(s, args)) as R | undefined;
  }

  all<R>(shared: AnyStatement<R>, args: readonly unknown[] = NO_ARGS): R[] {
    const s = sqliteStatement(shared);
    return this.#pick().all(s, bindValues(s, args)) as R[];
  }

  readonly steps: SyncStepRunner = {
    get: (s, args) => this.get(s, args),
    all: (s, args) => this.all(s, args),
    run: () => {
      throw new TypeError('a read-only executor cannot run a write');
    },
    each: () => {
      throw new TypeError('a read-only executor cannot run a write');
    },
  };
}

/**
 * The executor of a connection that may write (the writer, the batch connection): reads, writes,
 * transactions and runners, all on `conn`.
 */
export function writeExecutor(conn: Connection): WriteExecutor {
  const get = <R>(shared: AnyStatement<R>, args: readonly unknown[] = NO_ARGS): R | undefined => {
    const s = sqliteStatement(shared);
    return conn.get(s, bindValues(s, args)) as R | undefined;
  };
  const all = <R>(shared: AnyStatement<R>, args: readonly unknown[] = NO_ARGS): R[] => {
    const s = sqliteStatement(shared);
    return conn.all(s, bindValues(s, args)) as R[];
  };
  const run = (shared: AnyStatement, args: readonly unknown[] = NO_ARGS): RunResult => {
    const s = sqliteStatement(shared);
    const info = conn.prepare(s).run(...bindValues(s, args));
    return { changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
  };
  const runner = (shared: AnyStatement) => {
    const prepared = conn.prepare(sqliteStatement(shared));
    return (args: readonly unknown[]) => {
      prepared.run(...(args as unknown[]));
      conn.count(1);
    };
  };
  return {
    get,
    all,
    run,
    exec: (shared: AnyStatement): void => {
      const s = sqliteStatement(shared);
      if (s.binds.length > 0)
        throw new StorageError('INVALID_INPUT', 'exec runs statements without parameters');
      conn.db.exec(s.sql);
      conn.count(1);
    },
    transaction: <T>(fn: () => T): T => conn.db.transaction(fn).immediate(),
    runner,
    steps: {
      get,
      all,
      run: (s, args) => run(s, args).changes,
      each: (s, rows, argsOf) => {
        const runOne = runner(s);
        for (const row of rows) runOne(argsOf(row as never));
      },
    },
  };
}

/** The `CLOSED` failure of a call (named `operation`) made after the engine was closed. */
export function closedError(operation = 'this call'): StorageError {
  return new StorageError('CLOSED', `${operation} failed: the storage engine is closed`, { operation });
}
