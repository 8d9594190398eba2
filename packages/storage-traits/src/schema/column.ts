// The column vocabulary of a table declaration. A column knows its logical type, whether it may be
// NULL, and what the database puts in it when an insert leaves it out; the table it belongs to gives it
// its field (the object key) and its column name (snake_case of the field unless overridden).

/**
 * The value kinds a column can hold, independent of any SQL dialect. `boolean` is stored as INTEGER
 * 0/1 by SQLite (BOOLEAN in PostgreSQL); `blob` is read back as `Uint8Array`.
 */
export type LogicalType = 'integer' | 'real' | 'text' | 'blob' | 'boolean';

/** The TypeScript value a logical type reads as in a trait row. */
export type ValueOf<K extends LogicalType> = K extends 'integer' | 'real'
  ? number
  : K extends 'text'
    ? string
    : K extends 'boolean'
      ? boolean
      : Uint8Array;

/** The constant a column of type `K` may default to (blobs have none in drift.db). */
export type DefaultOf<K extends LogicalType> = K extends 'text'
  ? string
  : K extends 'boolean'
    ? boolean
    : K extends 'blob'
      ? never
      : number;

/**
 * What the database writes into a column an insert leaves out: a constant, the current time in unix
 * seconds (`unixepoch()` in SQLite), or the next id of an auto-incrementing integer primary key.
 */
export type ColumnDefault =
  | { readonly kind: 'value'; readonly value: number | string | boolean }
  | { readonly kind: 'now' }
  | { readonly kind: 'autoIncrement' };

/**
 * One column of a table declaration. The type parameters carry, for the derived row types: the logical
 * type `K`, whether NULL is allowed (`N`), whether the database fills the column when an insert omits it
 * (`D`), and an explicit column name (`C`, `undefined` for snake_case of the field).
 */
export class Column<
  K extends LogicalType = LogicalType,
  N extends boolean = boolean,
  D extends boolean = boolean,
  C extends string | undefined = string | undefined,
> {
  /** The dialect-neutral value kind; `boolean` is 0/1 in SQLite, `blob` reads back as `Uint8Array`. */
  readonly type: K;
  /** True when the column accepts NULL. */
  readonly isNullable: N;
  /** What the database writes when an insert leaves the column out; undefined when it must be given. */
  readonly defaultValue: ColumnDefault | undefined;
  /** The column's name where it is not snake_case of the field (the reference's DDL decides). */
  readonly columnName: C;
  /**
   * Type only, never set: whether the database fills the column (`D`). Without a member that uses `D`,
   * a column that has a default would match a type that asks for one without (TypeScript compares
   * classes by their members), and the default insert's row type would require every field.
   */
  declare readonly filledByDatabase?: D;

  /** Use the factories ({@link integer}, {@link text}, ...); the constructor is the builders' own. */
  constructor(type: K, isNullable: N, defaultValue: ColumnDefault | undefined, columnName: C) {
    this.type = type;
    this.isNullable = isNullable;
    this.defaultValue = defaultValue;
    this.columnName = columnName;
  }

  /** The same column, accepting NULL (a column is NOT NULL unless this is called). */
  nullable(): Column<K, true, D, C> {
    return new Column(this.type, true, this.defaultValue, this.columnName);
  }

  /** The same column with a constant DEFAULT; an insert may leave it out. */
  defaulted(value: DefaultOf<K>): Column<K, N, true, C> {
    return new Column(this.type, this.isNullable, { kind: 'value', value }, this.columnName);
  }

  /** The same column with DEFAULT the current time in unix seconds; an insert may leave it out. */
  defaultNow(this: Column<'integer', N, D, C>): Column<'integer', N, true, C> {
    return new Column('integer', this.isNullable, { kind: 'now' }, this.columnName);
  }

  /**
   * The same column as the table's auto-incrementing integer primary key: the database assigns it, so an
   * insert leaves it out. The table's `primaryKey` must name this field alone.
   */
  autoIncrement(this: Column<'integer', N, D, C>): Column<'integer', N, true, C> {
    return new Column('integer', this.isNullable, { kind: 'autoIncrement' }, this.columnName);
  }

  /** The same column stored under `name` instead of snake_case of its field. */
  named<S extends string>(name: S): Column<K, N, D, S> {
    return new Column(this.type, this.isNullable, this.defaultValue, name);
  }
}

/** A NOT NULL INTEGER column (a 64-bit integer; TypeScript reads it as a number). */
export const integer = (): Column<'integer', false, false, undefined> =>
  new Column('integer', false, undefined, undefined);

/** A NOT NULL REAL column (a double). */
export const real = (): Column<'real', false, false, undefined> =>
  new Column('real', false, undefined, undefined);

/**
 * A TEXT column that refuses NULL and has no default: an insert must give it (see `nullable`, `defaulted`).
 */
export const text = (): Column<'text', false, false, undefined> =>
  new Column('text', false, undefined, undefined);

/** A NOT NULL BLOB column, read as `Uint8Array`. */
export const blob = (): Column<'blob', false, false, undefined> =>
  new Column('blob', false, undefined, undefined);

/** A NOT NULL boolean column (INTEGER 0/1 in SQLite), read as `boolean`. */
export const boolean = (): Column<'boolean', false, false, undefined> =>
  new Column('boolean', false, undefined, undefined);
