import {
  type ColumnDefault,
  DRIFT_TABLES,
  type DriftTable,
  type LogicalType,
  type ResolvedColumn,
} from '@drift/storage-traits/schema';
import {
  type ColumnDataType,
  type Compilable,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type RawBuilder,
  sql,
} from 'kysely';

// The drift schema in PostgreSQL, derived from the table declarations of `@drift/storage-traits/schema`:
// every drift.db table with the same name and columns in PostgreSQL types, plus the two scope columns
// `tenant_id` and `project_id` in front of them. Every key, UNIQUE constraint and foreign key begins with
// the scope columns, so two projects may hold the same drift keys and no row can refer to another
// project's row. Row-level security keyed by two per-transaction settings decides which rows a
// connection sees and may write (see `isolationStatements`).

/** The PostgreSQL type of each logical type of a declared column. */
export const POSTGRES_TYPE: Readonly<
  Record<LogicalType, 'bigint' | 'double precision' | 'text' | 'bytea' | 'boolean'>
> = {
  integer: 'bigint',
  real: 'double precision',
  text: 'text',
  blob: 'bytea',
  boolean: 'boolean',
};

/**
 * The per-transaction setting naming the tenant a transaction acts for (`set_config(name, value, true)`);
 * the name is the reference's cloud schema's.
 */
export const TENANT_SETTING = 'app.tenant_id';

/** The per-transaction setting naming the project a transaction acts for, within its tenant. */
export const PROJECT_SETTING = 'app.project_id';

/** The scope columns every drift table carries in PostgreSQL, first, in this order (both `uuid NOT NULL`). */
export const SCOPE_COLUMNS = ['tenant_id', 'project_id'] as const;

/**
 * Drift columns stored under another name in PostgreSQL because their drift name is a scope column's:
 * `migration_modules.project_id` (the migration project a module belongs to) is `migration_project_id`,
 * as in the reference's cloud schema. By table name, then drift column name.
 */
export const RENAMED_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  migration_modules: { project_id: 'migration_project_id' },
};

/** The name of drift column `column` of table `table` in PostgreSQL. */
export function postgresColumnName(table: string, column: string): string {
  return RENAMED_COLUMNS[table]?.[column] ?? column;
}

/**
 * `setting` as the transaction set it, as a uuid; NULL when the transaction did not set it (a setting
 * set by an earlier transaction reads back as the empty string, which must not be cast).
 */
function currentSetting(setting: string): RawBuilder<unknown> {
  return sql`(nullif(current_setting(${sql.lit(setting)}, true), '')::uuid)`;
}

/** The time in unix seconds (`unixepoch()` in SQLite): whole seconds at the start of the statement. */
const NOW_SECONDS = sql`(floor(extract(epoch from statement_timestamp()))::bigint)`;

/**
 * Text compares byte by byte, as SQLite's default BINARY collation does: `COLLATE "C"` on a UTF-8
 * database orders by code point (what memcmp of UTF-8 gives) whatever the database's own collation, so
 * ORDER BY, ranges and keyset pagination over text agree with drift.db.
 */
const TEXT_BINARY = sql`text collate "C"`;

/** A Kysely that only compiles PostgreSQL (DDL here; it never connects). */
const pgBuilder = new Kysely<never>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function defaultExpression(d: ColumnDefault): RawBuilder<unknown> | undefined {
  if (d.kind === 'autoIncrement') return undefined;
  if (d.kind === 'now') return NOW_SECONDS;
  return sql.lit(d.value);
}

/** Scope columns first, then the drift columns, each with its PostgreSQL name. */
function keyColumns(table: DriftTable, fields: readonly string[]): string[] {
  return [...SCOPE_COLUMNS, ...fields.map((f) => postgresColumnName(table.name, table.byField[f]!.column))];
}

/** `CREATE TABLE` of one declared table, scope columns, keys and foreign keys included. */
export function createTableStatement(table: DriftTable): Compilable {
  let create = pgBuilder.schema
    .createTable(table.name)
    .addColumn('tenant_id', 'uuid', (c) => c.notNull().defaultTo(currentSetting(TENANT_SETTING)))
    .addColumn('project_id', 'uuid', (c) => c.notNull().defaultTo(currentSetting(PROJECT_SETTING)));
  for (const column of table.columnList as readonly ResolvedColumn[]) {
    create = create.addColumn(
      postgresColumnName(table.name, column.column),
      column.type === 'text' ? TEXT_BINARY : (POSTGRES_TYPE[column.type] as ColumnDataType),
      (c) => {
        let built = column.nullable ? c : c.notNull();
        if (column.default?.kind === 'autoIncrement') built = built.generatedByDefaultAsIdentity();
        const expression = column.default === undefined ? undefined : defaultExpression(column.default);
        return expression === undefined ? built : built.defaultTo(expression);
      },
    );
  }
  create = create.addPrimaryKeyConstraint(`${table.name}_pkey`, keyColumns(table, table.primaryKey) as never);
  table.unique.forEach((fields, i) => {
    create = create.addUniqueConstraint(`${table.name}_unique_${i + 1}`, keyColumns(table, fields) as never);
  });
  table.references.forEach((fk, i) => {
    create = create.addForeignKeyConstraint(
      `${table.name}_fkey_${i + 1}`,
      keyColumns(table, fk.fields) as never,
      fk.table,
      [...SCOPE_COLUMNS, ...fk.columns.map((c) => postgresColumnName(fk.table, c))] as never,
    );
  });
  return create;
}

/**
 * The row-level security of one table: enabled and forced (the owner is held to it too), and one policy
 * for every command that admits exactly the rows of the tenant and project the transaction's settings
 * name, both for the rows a statement reads or changes (USING) and for the rows it writes (WITH CHECK).
 * Without the settings no row qualifies.
 */
export function isolationStatements(table: string): Compilable[] {
  const t = sql.table(table);
  const scope = sql`tenant_id = ${currentSetting(TENANT_SETTING)} and project_id = ${currentSetting(PROJECT_SETTING)}`;
  return [
    sql`alter table ${t} enable row level security`,
    sql`alter table ${t} force row level security`,
    sql`create policy ${sql.id(`${table}_isolation`)} on ${t} for all using (${scope}) with check (${scope})`,
  ].map((raw) => ({ compile: () => raw.compile(pgBuilder) }));
}

/** Every declared drift table, in creation order (the SQLite migrations' order). */
export const POSTGRES_TABLES: readonly DriftTable[] = DRIFT_TABLES;

/** The insertion-order column every drift table carries last (schema version 2), SQLite's `rowid`. */
export const ROW_CURSOR_COLUMN = 'drift_row';

/** `ALTER TABLE` adding {@link ROW_CURSOR_COLUMN} to `table`, numbering the rows it holds. */
export function rowCursorStatement(table: string): Compilable {
  return pgBuilder.schema
    .alterTable(table)
    .addColumn(ROW_CURSOR_COLUMN, 'bigint', (c) => c.notNull().generatedAlwaysAsIdentity());
}

/**
 * The table of per-scope id counters (schema version 3): one row per tenant, project and table holding
 * the highest id handed out or given there, what `sqlite_sequence` is to a drift.db.
 */
export const SEQUENCES_TABLE = 'drift_sequences';

/** The tables whose id the database fills (an auto-increment id in the declaration), with that column. */
function autoIncrementTables(): { table: string; column: string }[] {
  return POSTGRES_TABLES.flatMap((t) => {
    const id = (t.columnList as readonly ResolvedColumn[]).find((c) => c.default?.kind === 'autoIncrement');
    if (id === undefined) return [];
    if (id.column !== 'id') throw new Error(`${t.name}: an auto-increment column must be named id`);
    return [{ table: t.name, column: id.column }];
  });
}

/**
 * Ids counted per tenant and project, as each drift.db counts its own: the ids of a fresh project start
 * at 1 and follow each other, whatever other scopes write. A BEFORE INSERT trigger on every table with
 * an auto-increment id gives a row without one the next value of its scope's counter in
 * {@link SEQUENCES_TABLE} and raises the counter to an id given explicitly, so a later generated id
 * never meets it (SQLite's AUTOINCREMENT). The counter row is locked until the transaction ends, as
 * drift.db's single writer serializes inserts. The identity of version 1 is dropped from those columns.
 */
export function scopedSequenceStatements(): Compilable[] {
  const raws: RawBuilder<unknown>[] = [
    sql`create table ${sql.table(SEQUENCES_TABLE)} (
      tenant_id uuid not null default ${currentSetting(TENANT_SETTING)},
      project_id uuid not null default ${currentSetting(PROJECT_SETTING)},
      table_name text collate "C" not null,
      seq bigint not null,
      primary key (tenant_id, project_id, table_name))`,
    sql.raw(`create function drift_assign_id() returns trigger language plpgsql as $body$
begin
  if new.id is null then
    insert into ${SEQUENCES_TABLE} as s (table_name, seq) values (tg_table_name, 1)
      on conflict (tenant_id, project_id, table_name) do update set seq = s.seq + 1
      returning s.seq into new.id;
  else
    insert into ${SEQUENCES_TABLE} as s (table_name, seq) values (tg_table_name, new.id)
      on conflict (tenant_id, project_id, table_name) do update set seq = greatest(s.seq, excluded.seq);
  end if;
  return new;
end
$body$`),
  ];
  for (const { table, column } of autoIncrementTables()) {
    raws.push(
      sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop identity`,
      sql`create trigger ${sql.id(`${table}_assign_id`)} before insert on ${sql.table(table)} for each row execute function drift_assign_id()`,
    );
  }
  return [
    ...raws.map((raw) => ({ compile: () => raw.compile(pgBuilder) })),
    ...isolationStatements(SEQUENCES_TABLE),
  ];
}

/**
 * Makes every foreign key of the drift tables `DEFERRABLE INITIALLY DEFERRED` (checked when the
 * transaction commits), so a row replaced by a delete and an insert in one transaction keeps the rows
 * that refer to it, as in SQLite (see migration version 3).
 */
export function deferredForeignKeyStatements(): Compilable[] {
  return POSTGRES_TABLES.flatMap((table) =>
    table.references.map((_, i) => {
      const raw = sql`alter table ${sql.table(table.name)} alter constraint ${sql.id(`${table.name}_fkey_${i + 1}`)} deferrable initially deferred`;
      return { compile: () => raw.compile(pgBuilder) };
    }),
  );
}
