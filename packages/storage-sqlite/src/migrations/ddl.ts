import { type ColumnDefinitionBuilder, type Compilable, type CreateTableBuilder, sql } from 'kysely';
import { qb } from '../statements.js';

/** One schema version: the DDL that takes a database from `version - 1` to `version`. */
export interface Migration {
  /** The `PRAGMA user_version` after this migration. */
  readonly version: number;
  /** DDL statements, run in order inside one transaction. */
  readonly statements: readonly Compilable[];
}

/** `DEFAULT (unixepoch())`: the store's timestamp default (seconds). */
export const NOW = sql`(unixepoch())`;

/** Column modifiers used by every table definition. */
export const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
/** A timestamp column the database stamps: `NOT NULL DEFAULT (unixepoch())`, seconds since the epoch. */
export const stampedNow = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(NOW);
/** `INTEGER PRIMARY KEY AUTOINCREMENT`: ids only increase, a deleted row's id is never reused. */
export const autoId = (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement();
/** `NOT NULL DEFAULT <value>`, for a column an insert may leave out (e.g. a flag defaulting to 0). */
export const notNullDefault = (value: string | number) => (c: ColumnDefinitionBuilder) =>
  c.notNull().defaultTo(value);

/** `CREATE TABLE IF NOT EXISTS <name> (...) STRICT`, as every drift table is declared. */
export function strictTable(
  name: string,
  define: (t: CreateTableBuilder<string, never>) => CreateTableBuilder<string, never>,
): Compilable {
  return define(qb.schema.createTable(name).ifNotExists()).modifyEnd(sql` strict`);
}

/** `CREATE INDEX IF NOT EXISTS <name> ON <table>(<columns>)`. */
export function index(name: string, table: string, columns: readonly string[]): Compilable {
  return qb.schema
    .createIndex(name)
    .ifNotExists()
    .on(table)
    .columns([...columns]);
}
