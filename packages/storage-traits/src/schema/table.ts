import type { Column, ColumnDefault, LogicalType, ValueOf } from './column.js';

/** The columns of a table declaration, by field (camelCase). */
export type ColumnMap = Readonly<Record<string, Column>>;

/** `camelCase` to `snake_case` at the type level (digits stay where they are: `p10Effort` is `p10_effort`). */
export type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

/** `camelCase` to `snake_case`, as {@link SnakeCase} does for types. */
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The column name of field `F` declared as `C`: its override, or snake_case of the field. */
export type ColumnNameOf<F extends string, C> =
  C extends Column<LogicalType, boolean, boolean, infer S> ? (S extends string ? S : SnakeCase<F>) : never;

/** One column of a declared table with its field and name resolved. */
export interface ResolvedColumn {
  /** The camelCase field of the row types. */
  readonly field: string;
  /** The column's name in the database. */
  readonly column: string;
  /** The column's {@link LogicalType}, as declared. */
  readonly type: LogicalType;
  /** True when NULL is allowed. */
  readonly nullable: boolean;
  /** What the database writes when an insert leaves the column out; undefined when it must be given. */
  readonly default: ColumnDefault | undefined;
  /** True when the column is (part of) the primary key. */
  readonly primaryKey: boolean;
}

/**
 * A FOREIGN KEY of a table: its own `fields` refer to the `columns` (column names, in the same order)
 * of the key or a UNIQUE constraint of `table`.
 */
export interface ForeignKey<F extends string = string> {
  /** The referring fields of this table, in order. */
  readonly fields: readonly F[];
  /** The referred table's name. */
  readonly table: string;
  /** The referred columns' names, one for each of `fields`. */
  readonly columns: readonly string[];
}

/** Keys and constraints of a table beyond its columns, by field. */
export interface TableOptions<F extends string> {
  /** The primary key's fields, in key order. */
  readonly primaryKey: readonly F[];
  /** Each UNIQUE constraint besides the primary key, as its fields in order. */
  readonly unique?: readonly (readonly F[])[];
  /** Each FOREIGN KEY (enforced: drift.db opens with `foreign_keys = ON`). */
  readonly references?: readonly ForeignKey<F>[];
}

/** A declared table: its name, its columns by field, and its keys. */
export interface Table<Name extends string = string, C extends ColumnMap = ColumnMap> {
  /** The table's name in the database. */
  readonly name: Name;
  /** The column declarations, by field. */
  readonly columns: C;
  /** Every column resolved, in declaration order (the order of the reference's DDL). */
  readonly columnList: readonly ResolvedColumn[];
  /** The primary key's fields, in key order. */
  readonly primaryKey: readonly string[];
  /** The UNIQUE constraints besides the primary key, as fields. */
  readonly unique: readonly (readonly string[])[];
  /** The FOREIGN KEYs, by field. */
  readonly references: readonly ForeignKey[];
  /** The resolved column of each field, by field. */
  readonly byField: Readonly<Record<string, ResolvedColumn>>;
}

/**
 * Declares a table once: the row types ({@link RowOf}, {@link InsertOf}), an engine's stored shape,
 * select lists and inserts are all derived from it. Field order is the column order of the DDL.
 */
export function table<const Name extends string, const C extends ColumnMap>(
  name: Name,
  columns: C,
  options: TableOptions<keyof C & string>,
): Table<Name, C> {
  const key = new Set<string>(options.primaryKey);
  const columnList = Object.entries(columns).map(
    ([field, c]): ResolvedColumn =>
      Object.freeze({
        field,
        column: c.columnName ?? snakeCase(field),
        type: c.type,
        nullable: c.isNullable,
        default: c.defaultValue,
        primaryKey: key.has(field),
      }),
  );
  for (const field of key) {
    if (!(field in columns)) throw new TypeError(`table ${name}: primary key field ${field} is not a column`);
  }
  for (const fk of options.references ?? []) {
    for (const field of fk.fields) {
      if (!(field in columns))
        throw new TypeError(`table ${name}: foreign key field ${field} is not a column`);
    }
    if (fk.columns.length !== fk.fields.length)
      throw new TypeError(
        `table ${name}: a foreign key to ${fk.table} names ${fk.columns.length} columns for ${fk.fields.length} fields`,
      );
  }
  const byField: Record<string, ResolvedColumn> = Object.fromEntries(columnList.map((c) => [c.field, c]));
  return Object.freeze({
    name,
    columns,
    columnList: Object.freeze(columnList),
    primaryKey: Object.freeze([...options.primaryKey]),
    unique: Object.freeze((options.unique ?? []).map((u) => Object.freeze([...u]))),
    references: Object.freeze(
      (options.references ?? []).map((fk) =>
        Object.freeze({
          fields: Object.freeze([...fk.fields]),
          table: fk.table,
          columns: Object.freeze([...fk.columns]),
        }),
      ),
    ),
    byField: Object.freeze(byField),
  });
}

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The value a column reads as: its logical type's value, or null where NULL is allowed. */
export type FieldValueOf<C> =
  C extends Column<infer K, infer N, boolean, string | undefined>
    ? ValueOf<K> | (N extends true ? null : never)
    : never;

/** The fields whose column the database fills when an insert leaves it out (DEFAULT, auto-increment). */
export type FilledFieldsOf<T extends Table> = {
  [F in keyof T['columns']]: T['columns'][F] extends Column<LogicalType, boolean, true, string | undefined>
    ? F
    : never;
}[keyof T['columns']] &
  string;

/** A row of `T` as a trait reads it: every field, booleans as `boolean`, blobs as `Uint8Array`. */
export type RowOf<T extends Table> = Simplify<{
  readonly [F in keyof T['columns']]: FieldValueOf<T['columns'][F]>;
}>;

/** What an insert into `T` takes: every field, those the database fills optional. */
export type InsertOf<T extends Table> = Simplify<
  {
    readonly [F in Exclude<keyof T['columns'], FilledFieldsOf<T>>]: FieldValueOf<T['columns'][F]>;
  } & {
    readonly [F in FilledFieldsOf<T>]?: FieldValueOf<T['columns'][F]>;
  }
>;

/**
 * The camelCase field names of `T` (the keys of its column map), as strings; never the snake_case column
 * names.
 */
export type FieldOf<T extends Table> = keyof T['columns'] & string;
