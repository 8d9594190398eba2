import type { ColumnType } from 'kysely';
import type {
  Column,
  ColumnNameOf,
  DriftTable,
  FieldOf,
  FieldValueOf,
  LogicalType,
  RowOf,
  Table,
} from '../schema/index.js';
import { generatedStatement, placeholderArg, type SharedStatement } from './statement.js';

// The typed shape of the drift tables for Kysely, derived from the table declarations of
// `@drift/storage-traits/schema`: one entry per table, keyed by column name. The types are what the
// query builder checks; values as SQLite stores them (booleans INTEGER 0/1), which every dialect's
// decoders accept beside their own (a PostgreSQL boolean). A column the database fills (an
// auto-increment id, a DEFAULT) may be left out of an insert.

/** A value as SQLite stores a column of logical type `K`. */
type StoredValue<K extends LogicalType> = K extends 'integer' | 'real' | 'boolean'
  ? number
  : K extends 'text'
    ? string
    : Uint8Array;

/**
 * A column as Kysely sees it: selected as stored; inserted and updated as stored, or as a boolean for a
 * boolean column (the executor binds booleans as 0/1); optional in an insert when the database fills it.
 */
type StoredColumn<C> =
  C extends Column<infer K, infer N, infer D, string | undefined>
    ? ColumnType<
        StoredValue<K> | (N extends true ? null : never),
        | StoredValue<K>
        | (K extends 'boolean' ? boolean : never)
        | (N extends true ? null : never)
        | (D extends true ? undefined : never),
        StoredValue<K> | (K extends 'boolean' ? boolean : never) | (N extends true ? null : never)
      >
    : never;

/** The stored shape of a declared table: its columns by column name. */
type StoredTable<T extends Table> = {
  [F in keyof T['columns'] & string as ColumnNameOf<F, T['columns'][F]>]: StoredColumn<T['columns'][F]>;
};

/** Every table of drift.db at schema version 9, for Kysely, keyed by table name. */
export type Database = { [T in DriftTable as T['name']]: StoredTable<T> };

/** The Kysely selection of field `F` of `T`: `column as field`, or `field` where the two are one name. */
type SelectionOf<T extends Table, F extends string> =
  F extends FieldOf<T>
    ? ColumnNameOf<F, T['columns'][F]> extends F
      ? F
      : `${ColumnNameOf<F, T['columns'][F]>} as ${F}`
    : never;

function resolved<T extends DriftTable>(table: T, fields: readonly string[] | undefined) {
  if (fields === undefined) return table.columnList;
  return fields.map((f) => {
    const c = table.byField[f];
    if (c === undefined) throw new TypeError(`${table.name} has no field ${f}`);
    return c;
  });
}

/**
 * The select list of `fields` of `table` (every field, in column order, when omitted), each column
 * aliased to its field, so a row comes back with the trait's camelCase keys; decode it with
 * {@link decoderOf}.
 */
export function selectList<T extends DriftTable, const F extends FieldOf<T> = FieldOf<T>>(
  table: T,
  fields?: readonly F[],
): readonly SelectionOf<T, F>[] {
  return resolved(table, fields).map((c) =>
    c.column === c.field ? c.field : `${c.column} as ${c.field}`,
  ) as SelectionOf<T, F>[];
}

/**
 * The decoder of rows selected with {@link selectList} of the same fields: boolean columns (0/1) become
 * booleans and blobs plain `Uint8Array`s, in place; other values are already what the trait reads.
 */
export function decoderOf<T extends DriftTable, const F extends FieldOf<T> = FieldOf<T>>(
  table: T,
  fields?: readonly F[],
): (row: unknown) => Pick<RowOf<T>, F> {
  const columns = resolved(table, fields);
  return rowDecoder<Pick<RowOf<T>, F>>({
    bool: columns.filter((c) => c.type === 'boolean').map((c) => c.field) as never[],
    bytes: columns.filter((c) => c.type === 'blob').map((c) => c.field) as never[],
  });
}

declare const BOUND: unique symbol;

/** The positional bind values of one row of an insert, as only that insert's `args` makes them. */
type InsertArgs<Row> = readonly unknown[] & { readonly [BOUND]: Row };

/** The row an insert of `fields` of `T` takes: each listed field, required. */
export type InsertRowOf<T extends Table, F extends string> = {
  readonly [K in F & FieldOf<T>]: FieldValueOf<T['columns'][K]>;
};

/** An INSERT of one row and the mapper that turns a row into its binds, both from one field list. */
export interface InsertStatement<Row> {
  /** The compiled statement; run it with `args(row)`. */
  readonly statement: SharedStatement<unknown, InsertArgs<Row>>;
  /** The binds of `row`, in the statement's placeholder order; booleans as 0/1 (runners bind as is). */
  readonly args: (row: Row) => InsertArgs<Row>;
  /** The fields written, in placeholder order. */
  readonly fields: readonly string[];
}

/**
 * How an insert treats a row that collides with an existing one: fail (`insert`), delete the old row
 * (`replace`, `INSERT OR REPLACE`), skip it on any constraint (`ignore`, `INSERT OR IGNORE`), or skip it
 * on a key or UNIQUE conflict only (`doNothing`, `ON CONFLICT DO NOTHING`).
 */
export type InsertMode = 'insert' | 'replace' | 'ignore' | 'doNothing';

/**
 * An `INSERT` (`mode` `insert`, the default), `INSERT OR REPLACE` (`replace`, see {@link replaceInto})
 * or `INSERT OR IGNORE` (`ignore`) of `fields` of `table`, with a generated mapper from a row to the
 * binds. Without `fields`, every field the database does not fill (no DEFAULT, not auto-incremented)
 * is written; a field listed is required even if the database could fill it.
 */
export function insertStatement<T extends DriftTable, const F extends FieldOf<T> = NotFilledOf<T>>(
  table: T,
  options: { readonly mode?: InsertMode; readonly fields?: readonly F[] } = {},
): InsertStatement<InsertRowOf<T, F>> {
  const columns =
    options.fields === undefined
      ? table.columnList.filter((c) => c.default === undefined)
      : resolved(table, options.fields);
  if (columns.length === 0) throw new TypeError(`an insert into ${table.name} needs at least one field`);
  const values = Object.fromEntries(columns.map((c, i) => [c.column, placeholderArg(i)])) as never;
  const compiled = generatedStatement<unknown, InsertArgs<InsertRowOf<T, F>>>((d) => {
    const base = d.db.insertInto(table.name);
    const into =
      options.mode === 'replace' ? base.orReplace() : options.mode === 'ignore' ? base.orIgnore() : base;
    const inserted = into.values(values);
    return options.mode === 'doNothing' ? inserted.onConflict((oc) => oc.doNothing()) : inserted;
  }, columns.length);
  const body = columns
    .map((c) => {
      const v = `row[${JSON.stringify(c.field)}]`;
      if (c.type !== 'boolean') return v;
      return c.nullable ? `(${v} === null ? null : ${v} ? 1 : 0)` : `(${v} ? 1 : 0)`;
    })
    .join(', ');
  // One generated function per insert, so a batch's hot loop reads each field directly.
  const args = new Function('row', `return [${body}];`) as (
    row: InsertRowOf<T, F>,
  ) => InsertArgs<InsertRowOf<T, F>>;
  return Object.freeze({
    statement: compiled,
    args,
    fields: Object.freeze(columns.map((c) => c.field)),
  });
}

/** The fields of `T` the database does not fill (the default field list of {@link insertStatement}). */
type NotFilledOf<T extends Table> = {
  [F in FieldOf<T>]: T['columns'][F] extends Column<LogicalType, boolean, false, string | undefined>
    ? F
    : never;
}[FieldOf<T>];

/** Blobs of at most this many bytes are read back as a copy, longer ones as a view (see {@link toBytes}). */
const COPIED_BLOB_BYTES = 4096;

/**
 * Converts a BLOB read back (a Buffer) into a plain `Uint8Array` of the same bytes. The drivers (better-sqlite3,
 * pg) copy every blob into a Buffer of its own (offset 0, its memory exactly as long). A short blob is
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
 * A decoder that turns a row as an engine returns it into the trait row type: the columns listed in
 * `bool` become booleans (SQLite's INTEGER 0/1, or a dialect's own boolean, kept), the BLOB columns
 * listed in `bytes` plain `Uint8Array`s. Fields are already camelCase (statements select
 * `column as field`). The row object is converted in place.
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
    for (const f of bools) r[f] = r[f] === null ? null : r[f] !== 0 && r[f] !== false;
    for (const f of bytes) r[f] = toBytes(r[f] as Uint8Array | null);
    return row as T;
  };
}
