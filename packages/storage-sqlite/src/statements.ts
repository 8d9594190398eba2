import {
  type Compilable,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Database } from './schema.js';

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

/**
 * `INSERT OR REPLACE INTO table`, where the reference writes with `INSERT OR REPLACE`: SQLite deletes
 * every row the new one collides with (on the key or any other unique constraint) and inserts it
 * anew, so the replaced row gets a new rowid (and an AUTOINCREMENT table a new id), every column the
 * statement leaves out takes its DEFAULT, and the cloud export's rowid cursor sees the row again.
 * A DELETE followed by an INSERT is not the same: the new rowid is allocated after the delete, so the
 * table's last row would get its old rowid back and a cursor already past it would never re-export
 * it. A backend without rowids (PostgreSQL) expresses this as delete and insert with a fresh cursor
 * value from a sequence, which is never reused.
 */
export function replaceInto<T extends keyof Database & string>(table: T) {
  return qb.insertInto(table).orReplace();
}

const ARG = Symbol('drift.statement.arg');

interface ArgRef {
  readonly [ARG]: number;
}

/**
 * A placeholder for the `index`-th argument, for statements generated from a table declaration (whose
 * argument type is derived from the declaration, see `insertStatement`); hand-written queries take
 * their placeholders as the parameters of a {@link statement} builder instead.
 */
export function placeholderArg(index: number): unknown {
  return placeholder(index);
}

/** Compiles `query` into a statement of `arity` arguments typed `A` by the caller (generated statements). */
export function generatedStatement<R, A extends readonly unknown[]>(
  query: Compilable<R>,
  arity: number,
): Statement<R, A> {
  return compileStatement(query, arity);
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
  get<R>(s: Statement<R, readonly []>): R | undefined;
  /** The first row, or undefined; `args` are the statement's arguments, checked against its builder. */
  get<R, A extends readonly unknown[]>(s: Statement<R, A>, args: NoInfer<A>): R | undefined;
  /** All rows of a statement without arguments. */
  all<R>(s: Statement<R, readonly []>): R[];
  /** All rows; `args` are the statement's arguments, checked against its builder. */
  all<R, A extends readonly unknown[]>(s: Statement<R, A>, args: NoInfer<A>): R[];
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
  run(s: Statement<unknown, readonly []>): RunResult;
  /** Runs a write statement; `args` are its arguments, checked against its builder. */
  run<A extends readonly unknown[]>(s: Statement<unknown, A>, args: NoInfer<A>): RunResult;
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
  runner<A extends readonly unknown[]>(s: Statement<unknown, A>): (args: A) => void;
}

/** Blobs of at most this many bytes are read back as a copy, longer ones as a view (see {@link toBytes}). */
const COPIED_BLOB_BYTES = 4096;

/**
 * Converts a BLOB read back (a Buffer) into a plain `Uint8Array` of the same bytes. better-sqlite3
 * copies every blob into a Buffer of its own (offset 0, its memory exactly as long). A short blob is
 * copied once more into a fresh `Uint8Array` (offset 0, its memory exactly as long), which costs less
 * than reaching the Buffer's `buffer` and can never show bytes beyond the blob's; a longer one becomes
 * a view of the Buffer's bytes, so that a large blob is not held twice.
 */
function toBytes(value: Uint8Array): Uint8Array;
function toBytes(value: Uint8Array | null): Uint8Array | null;
function toBytes(value: Uint8Array | null): Uint8Array | null {
  if (value === null || Object.getPrototypeOf(value) === Uint8Array.prototype) return value;
  if (value.byteLength <= COPIED_BLOB_BYTES) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

/**
 * A decoder that turns a row as SQLite returns it into the trait row type: INTEGER 0/1 columns listed
 * in `bool` become booleans, BLOB columns listed in `bytes` become `Uint8Array`. Fields are already
 * camelCase (statements select `column as field`). The row object is converted in place.
 */
export function rowDecoder<T>(spec: {
  bool?: readonly (keyof T)[];
  bytes?: readonly (keyof T)[];
}): (row: unknown) => T {
  const bools = (spec.bool ?? []) as readonly string[];
  const bytes = (spec.bytes ?? []) as readonly string[];
  if (bools.length === 0 && bytes.length === 0) return (row) => row as T;
  if (bools.length === 0 && bytes.length === 1) {
    // The common shape (one blob, such as a content hash), without the loops.
    const field = bytes[0]!;
    return (row) => {
      const r = row as Record<string, unknown>;
      r[field] = toBytes(r[field] as Uint8Array | null);
      return row as T;
    };
  }
  return (row) => {
    const r = row as Record<string, unknown>;
    for (const f of bools) r[f] = r[f] === null ? null : r[f] !== 0;
    for (const f of bytes) r[f] = toBytes(r[f] as Uint8Array | null);
    return row as T;
  };
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
