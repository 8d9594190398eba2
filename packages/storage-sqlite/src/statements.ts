import type { Database, QueryDialect, QueryMethod, SyncStepRunner } from '@drift/storage-traits/queries';
import { SharedStatement, syncMethod } from '@drift/storage-traits/queries';
import {
  type Compilable,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';

/**
 * A Kysely instance that only builds and compiles queries; it has no connection (Kysely's documented
 * "DummyDriver" setup). Query modules use it to write typed queries; `engine.ts` executes the compiled
 * SQL synchronously through cached better-sqlite3 statements.
 */
export const qb = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** The SQLite dialect of the shared statements (`@drift/storage-traits/queries`): {@link qb}'s SQL as it compiles. */
export const SQLITE_DIALECT: QueryDialect = Object.freeze({
  name: 'sqlite',
  db: qb,
  compile: (query: Compilable<unknown>) => query.compile(),
  now: () => sql<number>`unixepoch()`,
  rowid: () => sql<number>`rowid`,
});

/** A statement of this engine's own, or a shared one (compiled for {@link SQLITE_DIALECT} when first run). */
export type AnyStatement<R = unknown, A extends readonly unknown[] = readonly unknown[]> =
  | Statement<R, A>
  | SharedStatement<R, A>;

/** `s` as SQLite runs it: a shared statement in the SQLite dialect (compiled once), an own one as it is. */
export function sqliteStatement<R, A extends readonly unknown[]>(s: AnyStatement<R, A>): Statement<R, A> {
  return s instanceof SharedStatement ? s.for(SQLITE_DIALECT) : s;
}

const ARG = Symbol('drift.statement.arg');

interface ArgRef {
  readonly [ARG]: number;
}

function placeholder(index: number): ArgRef {
  return Object.freeze({ [ARG]: index });
}

/** How one bind parameter of a statement gets its value: from an argument, or a constant. */
type Bind = { readonly arg: number } | { readonly value: unknown };

/**
 * A compiled statement: SQL plus where each bind comes from. `R` is the row type it returns, `A` the
 * tuple of arguments it is run with (the parameters of the builder it was compiled from).
 */
export interface Statement<R = unknown, A extends readonly unknown[] = readonly unknown[]> {
  /** The SQL text, compiled once. */
  readonly sql: string;
  /**
   * One entry per `?` placeholder, in SQL order: the index of the argument it takes, or a constant compiled
   * in.
   */
  readonly binds: readonly Bind[];
  /** True when binds are exactly arguments 0..n-1 of n arguments, so arguments can be bound as they are. */
  readonly direct: boolean;
  /**
   * True for a read whose integer columns the reference takes as i64 throughout (the cloud export):
   * only the exactness check applies, not the narrower domains of the reference's row types.
   */
  readonly exactIntegersOnly?: true;
  /** Phantom field carrying the row type. */
  readonly row?: R;
  /** Phantom field carrying the argument tuple. */
  readonly args?: A;
}

function isArgRef(value: unknown): value is ArgRef {
  return typeof value === 'object' && value !== null && ARG in value;
}

function compileStatement<R, A extends readonly unknown[]>(
  query: Compilable<R>,
  arity: number,
): Statement<R, A> {
  const compiled = query.compile();
  const binds: Bind[] = compiled.parameters.map((p) => (isArgRef(p) ? { arg: p[ARG] } : { value: p }));
  const direct = binds.length === arity && binds.every((b, i) => 'arg' in b && b.arg === i);
  return { sql: compiled.sql, binds, direct };
}

/**
 * Compiles a query once into a reusable {@link Statement}. The builder's parameters are the statement's
 * arguments: it is called once with a placeholder for each (so it must only pass them to Kysely, never
 * inspect them), and its parameter types are what Kysely checks against the columns they are compared
 * with or written to. `statement((file: string) => qb.selectFrom('functions').selectAll().where('file',
 * '=', file))` is run as `get(s, [file])`.
 */
export function statement<R, const A extends readonly unknown[]>(
  build: (...args: A) => Compilable<R>,
): Statement<R, A>;
export function statement<R>(build: (...args: never[]) => Compilable<R>): Statement<R> {
  const arity = build.length;
  const args = Array.from({ length: arity }, (_, i) => placeholder(i)) as never[];
  return compileStatement(build(...args), arity);
}

/**
 * A statement over a list of `length` values of one type, for an `IN (...)` list: the builder gets the
 * list as `length` placeholders and the statement is run with an array of exactly that many values.
 */
export function listStatement<T, R>(
  length: number,
  build: (items: readonly T[]) => Compilable<R>,
): Statement<R, readonly T[]> {
  const items = Array.from({ length }, (_, i) => placeholder(i)) as unknown as readonly T[];
  return compileStatement(build(items), length);
}

/** A statement built from raw SQL text, for the few pragmas and DDL that Kysely does not model. */
export function rawStatement<R = unknown>(sql: string): Statement<R, readonly []> {
  return { sql, binds: [], direct: true };
}

/**
 * A per-key memo of statements whose shape depends on the input (an `IN (...)` list of a given
 * length); each distinct key is compiled once. The statements keep their argument types.
 */
export function statementFamily<K, R, A extends readonly unknown[]>(
  build: (key: K) => Statement<R, A>,
): (key: K) => Statement<R, A> {
  const cache = new Map<K, Statement<R, A>>();
  return (key) => {
    let s = cache.get(key);
    if (!s) {
      s = build(key);
      cache.set(key, s);
    }
    return s;
  };
}

/** Something that runs statements on a read-only connection. */
export interface ReadExecutor {
  /** The first row of a statement without arguments, or undefined. */
  get<R>(s: AnyStatement<R, readonly []>): R | undefined;
  /** The first row, or undefined; `args` are the statement's arguments, checked against its builder. */
  get<R, A extends readonly unknown[]>(s: AnyStatement<R, A>, args: NoInfer<A>): R | undefined;
  /** All rows of a statement without arguments. */
  all<R>(s: AnyStatement<R, readonly []>): R[];
  /** All rows; `args` are the statement's arguments, checked against its builder. */
  all<R, A extends readonly unknown[]>(s: AnyStatement<R, A>, args: NoInfer<A>): R[];
  /**
   * The same executor as the shared query methods' runner (`syncMethod`); on a read-only executor
   * `run` and `each` refuse.
   */
  readonly steps: SyncStepRunner;
}

/** The outcome of a write statement. */
export interface RunResult {
  /** Rows inserted, updated or deleted. */
  readonly changes: number;
  /**
   * better-sqlite3's `lastInsertRowid` as a number: the newest rowid this connection inserted (a
   * statement that inserts nothing leaves the previous value).
   */
  readonly lastInsertRowid: number;
}

/** Something that runs statements on the writer connection. */
export interface WriteExecutor extends ReadExecutor {
  /** Runs a write statement without arguments. */
  run(s: AnyStatement<unknown, readonly []>): RunResult;
  /** Runs a write statement; `args` are its arguments, checked against its builder. */
  run<A extends readonly unknown[]>(s: AnyStatement<unknown, A>, args: NoInfer<A>): RunResult;
  /**
   * Runs a statement without bind parameters to completion, discarding whatever rows it yields: for
   * pragmas that step more than once, such as `incremental_vacuum` (one row per page it frees).
   */
  exec(s: Statement<unknown, readonly []>): void;
  /** Runs `fn` inside one immediate transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  /**
   * Prepares `s` once and returns a function that runs it with positional arguments bound as they are
   * (numbers, strings, null, bytes: no boolean conversion), for loops over many rows.
   */
  runner<A extends readonly unknown[]>(s: AnyStatement<unknown, A>): (args: A) => void;
}

/** The methods of `T` implemented as functions of an executor `X`, for a query module. */
export type ImplOf<T, X, K extends keyof T> = {
  readonly [P in K]: T[P] extends (...args: infer A) => infer R ? (x: X, ...args: A) => R : never;
};

/**
 * Declares the read methods a query module implements for interface `T`; the engine runs them on a
 * read-only connection. Typed so each function matches the interface method it implements.
 */
export function defineReads<T>() {
  return <K extends keyof T>(impl: ImplOf<T, ReadExecutor, K>) => impl;
}

/** Declares the write methods a query module implements for interface `T`; the engine runs them on the writer. */
export function defineWrites<T>() {
  return <K extends keyof T>(impl: ImplOf<T, WriteExecutor, K>) => impl;
}

/**
 * A map of shared query methods (`@drift/storage-traits/queries`) as this engine's queries: each a
 * function of an executor and the method's arguments, run on the executor's `steps`.
 */
export function sqliteMethods<M extends Readonly<Record<string, QueryMethod<never, unknown>>>>(
  methods: M,
): {
  readonly [K in keyof M]: M[K] extends QueryMethod<infer A, infer R>
    ? (x: ReadExecutor, ...args: A) => R
    : never;
} {
  const out: Record<string, (x: ReadExecutor, ...args: never[]) => unknown> = {};
  for (const [name, method] of Object.entries(methods)) {
    const run = syncMethod(method as QueryMethod<never[], unknown>);
    out[name] = (x, ...args) => run(x.steps, ...args);
  }
  return out as never;
}
