import type { Compilable, Kysely, RawBuilder } from 'kysely';
import { StorageError } from '../errors.js';
import type { Database } from './database.js';

// Statements written once for every engine: a builder over a dialect's compile-only Kysely, compiled
// the first time an engine asks for it in its own SQL, and kept.

/** The SQL text and parameter values one dialect compiled a query into. */
export interface CompiledSql {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /**
   * Statements the engine runs first, with the same arguments and in the same transaction: how a
   * dialect without SQLite's `INSERT OR REPLACE` expresses it (delete the rows the new one collides
   * with, then insert).
   */
  readonly before?: readonly CompiledSql[];
}

/**
 * One SQL dialect, as an engine supplies it to the shared statements: a Kysely instance that only
 * builds queries (no connection; Kysely's `DummyDriver` setup) typed with the drift tables, and how a
 * built query becomes that engine's SQL. `name` identifies the dialect in messages and in
 * {@link SharedSql}.
 */
export interface QueryDialect {
  readonly name: string;
  readonly db: Kysely<Database>;
  compile(query: Compilable<unknown>): CompiledSql;
  /** The time of the statement in whole seconds since the epoch (SQLite's `unixepoch()`). */
  now(): RawBuilder<number>;
  /**
   * A row's insertion-order cursor (SQLite's `rowid`): increases with every row inserted or replaced
   * and is never reused for a later row, so a reader paging by it sees each row once.
   */
  rowid(): RawBuilder<number>;
}

const ARG = Symbol('drift.statement.arg');

interface ArgRef {
  readonly [ARG]: number;
}

function isArgRef(value: unknown): value is ArgRef {
  return typeof value === 'object' && value !== null && ARG in value;
}

/**
 * A placeholder for the `index`-th argument, for statements generated from a table declaration (see
 * `insertStatement`); hand-written statements take theirs as the parameters of their builder.
 */
export function placeholderArg(index: number): unknown {
  return Object.freeze({ [ARG]: index });
}

/** How one bind parameter of a statement gets its value: from an argument, or a constant. */
export type Bind = { readonly arg: number } | { readonly value: unknown };

/**
 * A statement compiled for one dialect: its SQL and where each bind comes from. `R` is the row type it
 * returns, `A` the tuple of arguments it is run with.
 */
export interface Statement<R = unknown, A extends readonly unknown[] = readonly unknown[]> {
  /** The SQL text, compiled once. */
  readonly sql: string;
  /** One entry per bind parameter, in SQL order: the index of the argument it takes, or a constant. */
  readonly binds: readonly Bind[];
  /** True when binds are exactly arguments 0..n-1 of n arguments, so arguments can be bound as they are. */
  readonly direct: boolean;
  /**
   * True for a read whose integer columns the reference takes as i64 throughout (the cloud export):
   * an engine applies only its exactness check, not the narrower domains of the reference's row types.
   */
  readonly exactIntegersOnly?: true;
  /** Statements run first with the same arguments (see {@link CompiledSql.before}). */
  readonly before?: readonly Statement<unknown, A>[];
  /** Phantom field carrying the row type. */
  readonly row?: R;
  /** Phantom field carrying the argument tuple. */
  readonly args?: A;
}

/** Turns one dialect's compiled query into a {@link Statement} of `arity` arguments. */
function toStatement<R, A extends readonly unknown[]>(
  compiled: CompiledSql,
  arity: number,
  exactIntegersOnly: boolean,
): Statement<R, A> {
  const binds: Bind[] = compiled.parameters.map((p) => (isArgRef(p) ? { arg: p[ARG] } : { value: p }));
  const direct = binds.length === arity && binds.every((b, i) => 'arg' in b && b.arg === i);
  const before = compiled.before?.map((b) => toStatement<unknown, A>(b, arity, false));
  return Object.freeze({
    sql: compiled.sql,
    binds,
    direct,
    ...(exactIntegersOnly ? { exactIntegersOnly: true as const } : {}),
    ...(before !== undefined && before.length > 0 ? { before } : {}),
  });
}

/**
 * A statement written once for every dialect: `for(dialect)` compiles it for that dialect the first
 * time and answers the same {@link Statement} object after (engines may cache by identity).
 */
export class SharedStatement<R = unknown, A extends readonly unknown[] = readonly unknown[]> {
  readonly #compile: (dialect: QueryDialect) => CompiledSql;
  readonly #arity: number;
  readonly #exactIntegersOnly: boolean;
  // One dialect per engine process is the common case: a slot before the map.
  #lastDialect: QueryDialect | undefined;
  #last: Statement<R, A> | undefined;
  readonly #byDialect = new Map<QueryDialect, Statement<R, A>>();
  /** Phantom field carrying the row type. */
  declare readonly row?: R;
  /** Phantom field carrying the argument tuple. */
  declare readonly args?: A;

  /** Prefer {@link sharedStatement}, {@link sharedList} and {@link sharedSql}, which type the arguments. */
  constructor(compile: (dialect: QueryDialect) => CompiledSql, arity: number, exactIntegersOnly = false) {
    this.#compile = compile;
    this.#arity = arity;
    this.#exactIntegersOnly = exactIntegersOnly;
  }

  /** This statement in `dialect`'s SQL (compiled on the first call, the same object after). */
  for(dialect: QueryDialect): Statement<R, A> {
    if (dialect === this.#lastDialect) return this.#last!;
    let s = this.#byDialect.get(dialect);
    if (s === undefined) {
      s = toStatement<R, A>(this.#compile(dialect), this.#arity, this.#exactIntegersOnly);
      this.#byDialect.set(dialect, s);
    }
    this.#lastDialect = dialect;
    this.#last = s;
    return s;
  }

  /** The same statement, read with only the exactness check on its integer columns (the cloud export). */
  exactIntegers(): SharedStatement<R, A> {
    return new SharedStatement<R, A>(this.#compile, this.#arity, true);
  }
}

/**
 * A statement over every dialect from a builder: `build(dialect, ...placeholders)` is called once per
 * dialect with a placeholder for each argument (so it must only hand them to Kysely, never inspect
 * them), and its parameter types are what Kysely checks against the columns they meet.
 * `sharedStatement((d, file: string) => d.db.selectFrom('functions').selectAll().where('file', '=', file))`.
 */
export function sharedStatement<R, const A extends readonly unknown[]>(
  build: (dialect: QueryDialect, ...args: A) => Compilable<R>,
): SharedStatement<R, A>;
export function sharedStatement<R>(
  build: (dialect: QueryDialect, ...args: never[]) => Compilable<R>,
): SharedStatement<R> {
  const arity = Math.max(0, build.length - 1);
  const args = Array.from({ length: arity }, (_, i) => placeholderArg(i)) as never[];
  return new SharedStatement((d) => d.compile(build(d, ...args)), arity);
}

/**
 * A statement over a list of `length` values of one type, for an `IN (...)` list: the builder gets the
 * list as `length` placeholders; run it with an array of exactly that many values.
 */
export function sharedList<T, R>(
  length: number,
  build: (dialect: QueryDialect, items: readonly T[]) => Compilable<R>,
): SharedStatement<R, readonly T[]> {
  const items = Array.from({ length }, (_, i) => placeholderArg(i)) as unknown as readonly T[];
  return new SharedStatement((d) => d.compile(build(d, items)), length);
}

/**
 * A statement whose query is built from a value known only when it runs (the length of an `IN` list,
 * an optional filter): each distinct key is built once and kept.
 */
export function sharedFamily<K, R, A extends readonly unknown[]>(
  build: (key: K) => SharedStatement<R, A>,
): (key: K) => SharedStatement<R, A> {
  const cache = new Map<K, SharedStatement<R, A>>();
  return (key) => {
    let s = cache.get(key);
    if (s === undefined) {
      s = build(key);
      cache.set(key, s);
    }
    return s;
  };
}

/**
 * A statement of raw SQL text per dialect name, without parameters, for what Kysely does not model;
 * a dialect it has no text for refuses it with `NOT_SUPPORTED`.
 */
export function sharedSql<R = unknown>(
  byDialect: Readonly<Record<string, string>>,
): SharedStatement<R, readonly []> {
  return new SharedStatement((d) => {
    const sql = byDialect[d.name];
    if (sql === undefined) throw new StorageError('NOT_SUPPORTED', `no ${d.name} text for this statement`);
    return { sql, parameters: [] };
  }, 0);
}

/**
 * A statement from an already built query whose argument placeholders came from {@link placeholderArg},
 * for generated statements (the inserts of a table declaration): `A` is the caller's to state.
 */
export function generatedStatement<R, A extends readonly unknown[]>(
  build: (dialect: QueryDialect) => Compilable<R>,
  arity: number,
): SharedStatement<R, A> {
  return new SharedStatement((d) => d.compile(build(d)), arity);
}
