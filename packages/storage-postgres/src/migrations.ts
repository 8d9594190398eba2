import { StorageError } from '@drift/storage-traits';
import type { Compilable } from 'kysely';
import type pg from 'pg';
import { postgresStorageError } from './errors.js';
import {
  createTableStatement,
  deferredForeignKeyStatements,
  isolationStatements,
  POSTGRES_TABLES,
  rowCursorStatement,
  SEQUENCES_TABLE,
  scopedSequenceStatements,
} from './schema.js';

// Versioned migrations of the drift schema in PostgreSQL. `drift_migrations` records one row per
// applied version; `migrateDriftSchema` applies the missing ones in one transaction, serialized
// against other migrators by an advisory lock, and refuses a database a newer build has migrated.

/** One schema version: the statements that take the database from `version - 1` to `version`. */
export interface PostgresMigration {
  /** The version recorded in `drift_migrations` once applied. */
  readonly version: number;
  /** What the version brings, recorded next to it. */
  readonly description: string;
  /** The statements, run in order inside the migration's transaction. */
  readonly statements: readonly Compilable[];
}

/** The table recording the applied schema versions (not tenant data: every role may read it). */
export const MIGRATIONS_TABLE = 'drift_migrations';

/**
 * Version 1: every drift.db table of drift schema version 9 (the declarations of
 * `@drift/storage-traits/schema`), each with its row-level security. A later change of the declarations
 * comes as a new version, never as an edit of this one: `test/schema.test.ts` pins its SQL.
 */
const v001: PostgresMigration = {
  version: 1,
  description: 'drift schema v9 with tenant and project isolation',
  statements: POSTGRES_TABLES.flatMap((t) => [createTableStatement(t), ...isolationStatements(t.name)]),
};

/**
 * Version 2: the insertion-order cursor `drift_row` (`bigint generated always as identity`) on every
 * drift table, what SQLite's `rowid` is to the shared queries (`QueryDialect.rowid()`): it grows with
 * every row inserted, a replaced row (deleted and inserted) takes a new value, and no value is reused.
 */
const v002: PostgresMigration = {
  version: 2,
  description: 'drift_row insertion-order cursor on every table',
  statements: POSTGRES_TABLES.map((t) => rowCursorStatement(t.name)),
};

/**
 * Version 3: ids counted per tenant and project (`scopedSequenceStatements`), so a project's ids start at
 * 1 and follow each other as in its own drift.db; and every foreign key checked at commit
 * (`deferredForeignKeyStatements`): SQLite checks one at the end of the statement, and its
 * `INSERT OR REPLACE` of a referenced row (a constraint with verifications) is one statement where
 * PostgreSQL runs a delete and an insert.
 */
const v003: PostgresMigration = {
  version: 3,
  description: 'ids counted per tenant and project; foreign keys checked at commit',
  statements: [...scopedSequenceStatements(), ...deferredForeignKeyStatements()],
};

/** Every migration, in order. */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [v001, v002, v003];

/** The schema version this build creates and understands. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.length;

/** Key of the transaction-scoped advisory lock that serializes migrators of one database. */
const MIGRATION_LOCK_KEY = 0x64726966; // "drif"

/** What {@link migrateDriftSchema} did. */
export interface MigrationOutcome {
  /** The schema version found (0 for a database without drift tables). */
  readonly from: number;
  /** The schema version now recorded. */
  readonly to: number;
}

/** Options of {@link migrateDriftSchema}. */
export interface MigrateOptions {
  /**
   * The role the engine connects as: granted SELECT, INSERT, UPDATE and DELETE on every drift table and
   * SELECT on `drift_migrations`. It must not own the tables, be a superuser or have BYPASSRLS, or
   * row-level security would not hold it (`DriftPostgresPool.open` refuses such a role).
   */
  readonly engineRole: string;
}

const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Brings the drift schema of the database `client` is connected to up to
 * {@link POSTGRES_SCHEMA_VERSION}, as the role that is to own the tables (never the engine's role).
 * Idempotent: a database already at this version is left as it is. All of it runs in one transaction:
 * a failure leaves the database as it was (`MIGRATION_FAILED`). A database recorded at a newer version
 * is refused untouched (`SCHEMA_TOO_NEW`). `client` must not be inside a transaction.
 */
export async function migrateDriftSchema(
  client: pg.ClientBase,
  options: MigrateOptions,
): Promise<MigrationOutcome> {
  const operation = 'migrateDriftSchema';
  if (typeof options?.engineRole !== 'string' || options.engineRole.length === 0) {
    throw new StorageError(
      'INVALID_INPUT',
      `${operation} needs options.engineRole, the name of the role the engine connects as; got ${
        options?.engineRole === undefined ? 'nothing' : `a ${typeof options.engineRole}`
      }`,
      { operation, field: 'engineRole' },
    );
  }
  const engine = quoteIdentifier(options.engineRole);
  let from = 0;
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      `create table if not exists ${MIGRATIONS_TABLE} (version integer primary key, description text not null, applied_at timestamptz not null default now())`,
    );
    const found = await client.query<{ version: number | null }>(
      `select max(version) as version from ${MIGRATIONS_TABLE}`,
    );
    from = found.rows[0]?.version ?? 0;
    if (from > POSTGRES_SCHEMA_VERSION) {
      throw new StorageError(
        'SCHEMA_TOO_NEW',
        `${operation}: the database is at drift schema version ${from}, newer than this build's ${POSTGRES_SCHEMA_VERSION}; nothing was changed. Use a newer @drift/storage-postgres.`,
        { operation },
      );
    }
    for (const migration of POSTGRES_MIGRATIONS.slice(from)) {
      for (const statement of migration.statements) await client.query(statement.compile().sql);
      await client.query(`insert into ${MIGRATIONS_TABLE} (version, description) values ($1, $2)`, [
        migration.version,
        migration.description,
      ]);
    }
    // Grants are repeated on every run: a second engine role, or one re-created, gets its rights too.
    const tables = [...POSTGRES_TABLES.map((t) => t.name), SEQUENCES_TABLE].map(quoteIdentifier).join(', ');
    await client.query(`grant select, insert, update, delete on ${tables} to ${engine}`);
    await client.query(`grant select on ${MIGRATIONS_TABLE} to ${engine}`);
    await client.query('commit');
    return { from, to: POSTGRES_SCHEMA_VERSION };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    if (error instanceof StorageError && error.code === 'SCHEMA_TOO_NEW') throw error;
    const mapped = postgresStorageError(error, operation);
    if (mapped.code === 'UNAVAILABLE' || mapped.code === 'BUSY') throw mapped;
    throw new StorageError(
      'MIGRATION_FAILED',
      `${operation}: migrating from version ${from} to ${POSTGRES_SCHEMA_VERSION} failed and was rolled back, nothing was changed: ${mapped.message}`,
      { operation, cause: error },
    );
  }
}
