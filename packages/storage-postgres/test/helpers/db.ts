import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateDriftSchema } from '../../src/migrations.js';

// One database per test (or group): created on the run's server, owned by the owner role, optionally
// migrated; dropped by `drop()`.

/** A test database and how each role reaches it. */
export interface TestDatabase {
  /** The database's name. */
  readonly name: string;
  /** The server's administrator, connected to this database. */
  readonly admin: pg.ClientConfig;
  /** The tables' owner. */
  readonly owner: pg.ClientConfig;
  /** The engine's role. */
  readonly engine: pg.ClientConfig;
  /** The engine role's name. */
  readonly engineRole: string;
  /** Drops the database (ending any connection left to it). */
  drop(): Promise<void>;
}

/** Runs `work` on a new connection made with `config`, and ends it. */
export async function withClient<T>(
  config: pg.ClientConfig,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new empty database, migrated to the current schema unless `migrated` is false; `linguistic` gives
 * it ICU's English collation as its default (instead of the server's, which may be byte order).
 */
export async function freshDatabase(
  options: { migrated?: boolean; linguistic?: boolean } = {},
): Promise<TestDatabase> {
  const server = inject('postgres');
  const name = `drift_test_${randomBytes(6).toString('hex')}`;
  const collation = options.linguistic
    ? " template template0 encoding 'UTF8' locale_provider icu icu_locale 'en-US' locale 'C.UTF-8'"
    : '';
  await withClient(server.admin, (c) =>
    c.query(`create database ${name} owner ${server.owner.user}${collation}`),
  );
  const tcp = { host: server.host, port: server.port, database: name };
  const db: TestDatabase = {
    name,
    admin: { ...server.admin, ...adminTarget(server.admin, name) },
    owner: { ...tcp, ...server.owner },
    engine: { ...tcp, ...server.engine },
    engineRole: server.engine.user,
    drop: () =>
      withClient(server.admin, (c) => c.query(`drop database if exists ${name} with (force)`)).then(
        () => undefined,
      ),
  };
  if (options.migrated !== false) {
    await withClient(db.owner, (c) => migrateDriftSchema(c, { engineRole: db.engineRole }));
  }
  return db;
}

/** The administrator's settings pointed at database `name` (a URL gets its path replaced). */
function adminTarget(admin: pg.ClientConfig, name: string): pg.ClientConfig {
  if (admin.connectionString === undefined) return { database: name };
  const url = new URL(admin.connectionString);
  url.pathname = `/${name}`;
  return { connectionString: url.toString() };
}

/** A fresh random UUID (a tenant or a project). */
export const uuid = (): string => randomUUID();
