import { StorageError } from '@drift/storage-traits';
import pg from 'pg';
import { isConnectionLost, isRetryable, postgresStorageError } from './errors.js';
import { MIGRATIONS_TABLE, POSTGRES_SCHEMA_VERSION } from './migrations.js';
import { POSTGRES_TABLES, PROJECT_SETTING, TENANT_SETTING } from './schema.js';

// The connection layer of the PostgreSQL engine: one pg.Pool, bound to one tenant and project. Every
// unit of work is a transaction that first sets the two scope settings for itself only
// (`set_config(..., true)`), so that row-level security admits exactly that tenant's and project's rows,
// and that is attempted again, a bounded number of times, when the server aborts it for a serialization
// failure or a deadlock.

/** The isolation levels a pool's transactions may run at. */
export type PostgresIsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/** Options of {@link DriftPostgresPool.open}. */
export interface DriftPostgresPoolOptions {
  /** A `postgres://` URL; or give `pool`. The role it names must be the engine's role (see `open`). */
  readonly connectionString?: string;
  /** pg.Pool settings (host, port, user, max, ...), merged over `connectionString`. */
  readonly pool?: pg.PoolConfig;
  /** The tenant every transaction acts for, a UUID. */
  readonly tenantId: string;
  /** The project every transaction acts for, within the tenant, a UUID. */
  readonly projectId: string;
  /** How many times a transaction is attempted in all when it fails with 40001 or 40P01; default 5. */
  readonly maxAttempts?: number;
  /** The isolation level of every transaction; default `read committed`. */
  readonly isolationLevel?: PostgresIsolationLevel;
}

/** The one thing a transaction's work can do: run a statement with bound parameters and get its rows. */
export interface PostgresTransaction {
  /** Runs `text` with `values` bound to `$1`, `$2`, ... and resolves with the rows it returned. */
  query<R extends object = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Runs `text` like {@link PostgresTransaction.query}, and also answers how many rows it changed (or returned). */
  execute<R extends object = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ readonly rows: R[]; readonly rowCount: number }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISOLATION_LEVELS: readonly PostgresIsolationLevel[] = [
  'read committed',
  'repeatable read',
  'serializable',
];
const DEFAULT_ATTEMPTS = 5;
const MAX_BACKOFF_MS = 50;

function describe(value: unknown): string {
  if (value === undefined) return 'an undefined';
  if (value === null) return 'a null';
  if (typeof value === 'string')
    return value.length > 60 ? `a string of ${value.length} characters` : `'${value}'`;
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function checkUuid(value: unknown, field: 'tenantId' | 'projectId'): string {
  if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase();
  throw new StorageError(
    'INVALID_INPUT',
    `DriftPostgresPool.open: options.${field} must be a UUID such as '00000000-0000-4000-8000-000000000001'; got ${describe(value)}`,
    { operation: 'DriftPostgresPool.open', field },
  );
}

/**
 * A pool of connections to one drift database, every transaction bound to one tenant and project.
 * Open it with {@link DriftPostgresPool.open}; {@link DriftPostgresPool.close} ends every connection.
 */
export class DriftPostgresPool {
  /** The tenant every transaction acts for (lower-case UUID). */
  readonly tenantId: string;
  /** The project every transaction acts for (lower-case UUID). */
  readonly projectId: string;
  readonly #pool: pg.Pool;
  readonly #maxAttempts: number;
  readonly #begin: string;
  #closed = false;
  #active = 0;
  #idle: (() => void) | undefined;
  #closing: Promise<void> | undefined;

  private constructor(
    pool: pg.Pool,
    tenantId: string,
    projectId: string,
    maxAttempts: number,
    begin: string,
  ) {
    this.#pool = pool;
    this.tenantId = tenantId;
    this.projectId = projectId;
    this.#maxAttempts = maxAttempts;
    this.#begin = begin;
  }

  /**
   * Opens a pool as the engine's role and checks that row-level security holds it: the role must not be
   * a superuser, have BYPASSRLS, or own (or be a member of the owner of) a drift table, since each of
   * those could read or write every tenant's rows (`INVALID_INPUT`). The database must be migrated to
   * this build's schema version by `migrateDriftSchema` (`NOT_FOUND` when it is not, `SCHEMA_TOO_NEW`
   * when a newer build migrated it). A server that cannot be reached is `UNAVAILABLE`.
   */
  static async open(options: DriftPostgresPoolOptions): Promise<DriftPostgresPool> {
    const operation = 'DriftPostgresPool.open';
    if (typeof options !== 'object' || options === null) {
      throw new StorageError(
        'INVALID_INPUT',
        `${operation} needs an options object; got ${describe(options)}`,
        {
          operation,
        },
      );
    }
    const tenantId = checkUuid(options.tenantId, 'tenantId');
    const projectId = checkUuid(options.projectId, 'projectId');
    const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new StorageError(
        'INVALID_INPUT',
        `${operation}: options.maxAttempts must be a whole number of at least 1; got ${describe(maxAttempts)}${
          typeof maxAttempts === 'number' ? ` (${maxAttempts})` : ''
        }`,
        { operation, field: 'maxAttempts' },
      );
    }
    const isolation = options.isolationLevel ?? 'read committed';
    if (!ISOLATION_LEVELS.includes(isolation)) {
      throw new StorageError(
        'INVALID_INPUT',
        `${operation}: options.isolationLevel must be one of ${ISOLATION_LEVELS.map((l) => `'${l}'`).join(', ')}; got ${describe(isolation)}`,
        { operation, field: 'isolationLevel' },
      );
    }
    const pool = new pg.Pool({
      application_name: 'drift-storage-postgres',
      ...(options.connectionString === undefined ? {} : { connectionString: options.connectionString }),
      ...options.pool,
    });
    // An idle connection that the server ends is dropped by the pool; without a listener the 'error'
    // event would end the process.
    pool.on('error', () => undefined);
    const opened = new DriftPostgresPool(
      pool,
      tenantId,
      projectId,
      maxAttempts,
      `begin isolation level ${isolation}`,
    );
    try {
      await opened.#checkDatabase(operation);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw postgresStorageError(error, operation);
    }
    return opened;
  }

  async #checkDatabase(operation: string): Promise<void> {
    const client = await this.#pool.connect();
    try {
      const role = await client.query<{ name: string; superuser: boolean; bypassrls: boolean }>(
        'select rolname as name, rolsuper as superuser, rolbypassrls as bypassrls from pg_roles where rolname = current_user',
      );
      const { name, superuser, bypassrls } = role.rows[0]!;
      const owned = await client.query<{ table: string; owner: string }>(
        `select c.relname as "table", pg_get_userbyid(c.relowner) as owner from pg_class c
         where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace
           and c.relname = any($1) and pg_has_role(current_user, c.relowner, 'MEMBER')
         order by c.relname limit 1`,
        [POSTGRES_TABLES.map((t) => t.name)],
      );
      const why = superuser
        ? 'is a superuser'
        : bypassrls
          ? 'has BYPASSRLS'
          : owned.rows.length > 0
            ? `owns (or is a member of ${owned.rows[0]!.owner}, the owner of) table ${owned.rows[0]!.table}`
            : undefined;
      if (why !== undefined) {
        throw new StorageError(
          'INVALID_INPUT',
          `${operation}: the role ${name} ${why}, so row-level security would not keep tenants apart; connect as a role with LOGIN, NOSUPERUSER and NOBYPASSRLS that does not own the tables (the engineRole given to migrateDriftSchema)`,
          { operation },
        );
      }
      const exists = await client.query<{ found: boolean }>('select to_regclass($1) is not null as found', [
        MIGRATIONS_TABLE,
      ]);
      const version = exists.rows[0]!.found
        ? ((
            await client.query<{ version: number | null }>(
              `select max(version) as version from ${MIGRATIONS_TABLE}`,
            )
          ).rows[0]?.version ?? 0)
        : 0;
      if (version > POSTGRES_SCHEMA_VERSION) {
        throw new StorageError(
          'SCHEMA_TOO_NEW',
          `${operation}: the database is at drift schema version ${version}, newer than this build's ${POSTGRES_SCHEMA_VERSION}; nothing was changed. Use a newer @drift/storage-postgres.`,
          { operation },
        );
      }
      if (version < POSTGRES_SCHEMA_VERSION) {
        throw new StorageError(
          'NOT_FOUND',
          `${operation}: the database is at drift schema version ${version}, this build needs ${POSTGRES_SCHEMA_VERSION}; run migrateDriftSchema as the tables' owner first`,
          { operation },
        );
      }
    } finally {
      client.release();
    }
  }

  /** True once {@link DriftPostgresPool.close} was called. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Runs `work` in one transaction bound to this pool's tenant and project, and commits it. When the
   * server aborts it with a serialization failure (40001) or a deadlock (40P01), the whole transaction
   * is rolled back and `work` runs again on a fresh transaction, up to `maxAttempts` in all (then
   * `BUSY`); `work` must therefore have no effect outside its transaction. Any other failure rolls the
   * transaction back and is thrown as a StorageError naming `operation`. A server that goes away before
   * COMMIT was sent leaves nothing of the transaction (`UNAVAILABLE`); one that goes away during COMMIT
   * leaves its outcome unknown, and the `UNAVAILABLE` error says so.
   */
  async transaction<T>(operation: string, work: (tx: PostgresTransaction) => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new StorageError(
        'CLOSED',
        `${operation} was called after the PostgreSQL pool was closed; open a new one`,
        {
          operation,
        },
      );
    }
    this.#active++;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.#attempt(operation, work);
        } catch (error) {
          if (!isRetryable(error)) throw postgresStorageError(error, operation);
          if (attempt >= this.#maxAttempts) {
            const mapped = postgresStorageError(error, operation);
            throw new StorageError(
              mapped.code,
              `${mapped.message}; gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}`,
              { operation, cause: error },
            );
          }
          await new Promise((resolve) =>
            setTimeout(resolve, Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt)),
          );
        }
      }
    } finally {
      this.#active--;
      if (this.#active === 0) this.#idle?.();
    }
  }

  async #attempt<T>(operation: string, work: (tx: PostgresTransaction) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    let lost: Error | undefined;
    const onError = (error: Error) => {
      lost = error;
    };
    client.on('error', onError);
    let committing = false;
    try {
      await client.query(this.#begin);
      await client.query('select set_config($1, $2, true), set_config($3, $4, true)', [
        TENANT_SETTING,
        this.tenantId,
        PROJECT_SETTING,
        this.projectId,
      ]);
      const result = await work({
        query: async <R extends object>(text: string, values?: readonly unknown[]) =>
          (await client.query<R>(text, values as unknown[] | undefined)).rows,
        execute: async <R extends object>(text: string, values?: readonly unknown[]) => {
          const result = await client.query<R>(text, values as unknown[] | undefined);
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
      });
      committing = true;
      await client.query('commit');
      return result;
    } catch (error) {
      if (isConnectionLost(error)) {
        lost ??= error instanceof Error ? error : new Error(String(error));
        if (committing) {
          throw new StorageError(
            'UNAVAILABLE',
            `${operation}: the database server went away during COMMIT, so whether the transaction committed is unknown; check before writing it again (${postgresStorageError(error, operation).message})`,
            { operation, cause: error },
          );
        }
      } else {
        await client.query('rollback').catch((rollbackError: unknown) => {
          lost ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
      }
      throw error;
    } finally {
      client.off('error', onError);
      // A connection that failed is destroyed instead of going back to the pool.
      client.release(lost);
    }
  }

  /**
   * Waits for the transactions under way, then ends every connection of the pool. Transactions asked
   * for afterwards fail with `CLOSED`. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#closed = true;
    const drained =
      this.#active === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            this.#idle = resolve;
          });
    this.#closing = drained.then(() => this.#pool.end());
    return this.#closing;
  }
}
