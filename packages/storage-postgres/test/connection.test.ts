import { randomBytes } from 'node:crypto';
import { isStorageError, StorageError, StorageErrorCode } from '@drift/storage-traits';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriftPostgresPool, type DriftPostgresPoolOptions } from '../src/connection.js';
import { MIGRATIONS_TABLE } from '../src/migrations.js';
import { freshDatabase, type TestDatabase, uuid, withClient } from './helpers/db.js';

// The connection layer: transactions bound to one tenant and project, retries on serialization
// failures and deadlocks, errors as StorageErrors, a server that goes away, and close().

let db: TestDatabase;
const scope = { tenantId: uuid(), projectId: uuid() };
const opened: DriftPostgresPool[] = [];

/** A pool on the test database as the engine role, closed after the file. */
async function openPool(options: Partial<DriftPostgresPoolOptions> = {}): Promise<DriftPostgresPool> {
  const pool = await DriftPostgresPool.open({
    ...scope,
    ...options,
    pool: { ...db.engine, ...options.pool },
  });
  opened.push(pool);
  return pool;
}

beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await db?.drop();
});

const insertHistory = (startedAt: number) =>
  [
    'insert into scan_history (started_at, root_path) values ($1, $2) returning id',
    [startedAt, '/r'],
  ] as const;

/** scan_history rows with `started_at` = `startedAt`, counted by the administrator (every scope). */
const historyRows = (startedAt: number) =>
  withClient(
    db.admin,
    async (c) =>
      (
        await c.query<{ n: number }>('select count(*)::int as n from scan_history where started_at = $1', [
          startedAt,
        ])
      ).rows[0]!.n,
  );

/** Rejects with what `promise` threw, or fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; operation?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; operation?: string };
  }
  throw new Error('expected a failure, got a result');
}

describe('transactions', () => {
  it('commit the work, with the scope settings set for the transaction only', async () => {
    const pool = await openPool({ pool: { max: 1 } });
    const seen = await pool.transaction('write', async (tx) => {
      await tx.query(...insertHistory(101));
      return tx.query("select current_setting('app.tenant_id') as t, current_setting('app.project_id') as p");
    });
    expect(seen).toEqual([{ t: scope.tenantId, p: scope.projectId }]);
    expect(await historyRows(101)).toBe(1);
    // The one connection of the pool, outside any transaction of ours: the settings are gone.
    const after = await pool.transaction('peek', async (tx) => {
      await tx.query('commit');
      const rows = await tx.query("select current_setting('app.tenant_id', true) as t");
      await tx.query('begin');
      return rows;
    });
    expect(after).toEqual([{ t: '' }]);
  });

  it('roll back everything when the work throws: a StorageError passes as it is, anything else becomes one naming the operation', async () => {
    const pool = await openPool();
    const thrown = new Error('stop');
    const error = await failure(
      pool.transaction('write', async (tx) => {
        await tx.query(...insertHistory(102));
        throw thrown;
      }),
    );
    expect(isStorageError(error)).toBe(true);
    expect(error.message).toBe('write failed: stop');
    expect(error.cause).toBe(thrown);
    expect(await historyRows(102)).toBe(0);
    const own = new StorageError('NOT_FOUND', 'no such scan');
    expect(
      await failure(
        pool.transaction('write', async (tx) => {
          await tx.query(...insertHistory(102));
          throw own;
        }),
      ),
    ).toBe(own);
    expect(await historyRows(102)).toBe(0);
  });

  it('retry a serialization failure (40001) on a fresh transaction, keeping nothing of the failed attempts', async () => {
    const pool = await openPool();
    let attempts = 0;
    const id = await pool.transaction('retried', async (tx) => {
      attempts++;
      const [row] = await tx.query<{ id: string }>(...insertHistory(103));
      if (attempts < 3)
        await tx.query("do $$ begin raise exception 'conflict' using errcode = '40001'; end $$");
      return row!.id;
    });
    expect(attempts).toBe(3);
    expect(typeof id).toBe('string');
    expect(await historyRows(103)).toBe(1);
  });

  it('give up after maxAttempts with BUSY, saying how many attempts were made', async () => {
    const pool = await openPool({ maxAttempts: 3 });
    let attempts = 0;
    const error = await failure(
      pool.transaction('alwaysConflicting', async (tx) => {
        attempts++;
        await tx.query(...insertHistory(104));
        await tx.query("do $$ begin raise exception 'conflict' using errcode = '40001'; end $$");
      }),
    );
    expect(attempts).toBe(3);
    expect(error).toMatchObject({ code: StorageErrorCode.BUSY, operation: 'alwaysConflicting' });
    expect(error.message).toBe(
      'alwaysConflicting failed: conflict (concurrent transactions kept conflicting; retry later); gave up after 3 attempts',
    );
    expect(await historyRows(104)).toBe(0);
  });

  it('retry the victim of a real deadlock (40P01): both transactions commit', async () => {
    const pool = await openPool();
    // Two rows each transaction locks, in opposite orders.
    const [a, b] = await pool.transaction('seed', async (tx) => [
      (await tx.query<{ id: string }>(...insertHistory(105)))[0]!.id,
      (await tx.query<{ id: string }>(...insertHistory(105)))[0]!.id,
    ]);
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothHoldTheirFirstRow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const attempts = { first: 0, second: 0 };
    const lockBoth = (name: 'first' | 'second', one: string, other: string) =>
      pool.transaction(name, async (tx) => {
        attempts[name]++;
        await tx.query('update scan_history set status = $2 where id = $1', [one, name]);
        if (attempts[name] === 1) {
          arrived++;
          if (arrived === 2) release();
          await bothHoldTheirFirstRow;
        }
        await tx.query('update scan_history set status = $2 where id = $1', [other, name]);
      });
    await Promise.all([lockBoth('first', a!, b!), lockBoth('second', b!, a!)]);
    // The server broke the deadlock by aborting one of the two; that one ran again and committed.
    expect(attempts.first + attempts.second).toBe(3);
    const winner = attempts.first === 2 ? 'first' : 'second';
    const statuses = await withClient(db.admin, async (c) =>
      (await c.query<{ status: string }>('select status from scan_history where started_at = 105')).rows.map(
        (r) => r.status,
      ),
    );
    expect(statuses).toEqual([winner, winner]);
  });
});

describe('errors become StorageErrors with stable codes', () => {
  it('a duplicate key, a missing NOT NULL value and a malformed value are INVALID_INPUT; a missing parent is NOT_FOUND', async () => {
    const pool = await openPool();
    await pool.transaction('seed', (tx) =>
      tx.query(
        "insert into file_metadata (path, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) values ('a', 1, '\\x00', 1, 1, 1)",
      ),
    );
    const duplicate = await failure(
      pool.transaction('upsertFileMetadata', (tx) =>
        tx.query(
          "insert into file_metadata (path, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) values ('a', 1, '\\x00', 1, 1, 1)",
        ),
      ),
    );
    expect(duplicate).toMatchObject({
      code: StorageErrorCode.INVALID_INPUT,
      operation: 'upsertFileMetadata',
    });
    expect(duplicate.message).toBe(
      'upsertFileMetadata failed: duplicate key value violates unique constraint "file_metadata_pkey" (it violates a table constraint)',
    );
    const missing = await failure(
      pool.transaction('insertScan', (tx) => tx.query('insert into scan_history (started_at) values (1)')),
    );
    expect(missing).toMatchObject({ code: StorageErrorCode.INVALID_INPUT });
    expect(missing.message).toBe(
      'insertScan failed: null value in column "root_path" of relation "scan_history" violates not-null constraint (it violates a table constraint)',
    );
    const malformed = await failure(pool.transaction('insertScan', (tx) => tx.query("select 'x'::bigint")));
    expect(malformed).toMatchObject({ code: StorageErrorCode.INVALID_INPUT });
    expect(malformed.message).toBe(
      'insertScan failed: invalid input syntax for type bigint: "x" (a value does not fit its column)',
    );
    const orphan = await failure(
      pool.transaction('insertVerification', (tx) =>
        tx.query(
          "insert into constraint_verifications (constraint_id, passed, violations) values ('none', true, '[]')",
        ),
      ),
    );
    expect(orphan).toMatchObject({ code: StorageErrorCode.NOT_FOUND });
    expect(orphan.message).toMatch(
      /^insertVerification failed: insert or update on table "constraint_verifications" violates foreign key constraint "constraint_verifications_fkey_1" \(it refers to a row that does not exist\)$/,
    );
  });

  it('a long driver message is cut, saying how long it was', async () => {
    const pool = await openPool();
    const long = 'y'.repeat(5000);
    const error = await failure(pool.transaction('parse', (tx) => tx.query('select $1::bigint', [long])));
    expect(error.message.length).toBeLessThan(500);
    expect(error.message).toMatch(
      /^parse failed: invalid input syntax for type bigint: "y+\.\.\. \(\d+ characters\) \(a value does not fit its column\)$/,
    );
  });
});

describe('a server that goes away', () => {
  it('mid-transaction: UNAVAILABLE, nothing of the transaction stays, and the pool carries on with a new connection', async () => {
    const pool = await openPool({ pool: { max: 1 } });
    const error = await failure(
      pool.transaction('importBatch', async (tx) => {
        await tx.query(...insertHistory(201));
        const [{ pid }] = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')) as [
          { pid: number },
        ];
        await withClient(db.admin, (c) => c.query('select pg_terminate_backend($1, 60000)', [pid]));
        await tx.query(...insertHistory(201));
      }),
    );
    expect(error).toMatchObject({ code: StorageErrorCode.UNAVAILABLE, operation: 'importBatch' });
    expect(error.message).toMatch(/^importBatch failed: .+ \(.*retry when it is back\)$/);
    expect(await historyRows(201)).toBe(0);
    await pool.transaction('after', (tx) => tx.query(...insertHistory(202)));
    expect(await historyRows(202)).toBe(1);
  });

  it('during COMMIT: UNAVAILABLE, saying the outcome is unknown', async () => {
    // A deferred constraint trigger runs inside COMMIT; this one ends its own connection there.
    await withClient(db.owner, async (c) => {
      await c.query(
        "create function end_own_connection() returns trigger language plpgsql as $$ begin if new.root_path = '/end' then perform pg_terminate_backend(pg_backend_pid()); end if; return null; end $$",
      );
      await c.query(
        'create constraint trigger end_on_commit after insert on scan_history deferrable initially deferred for each row execute function end_own_connection()',
      );
    });
    try {
      const pool = await openPool();
      const error = await failure(
        pool.transaction('commitBatch', (tx) =>
          tx.query("insert into scan_history (started_at, root_path) values (203, '/end')"),
        ),
      );
      expect(error).toMatchObject({ code: StorageErrorCode.UNAVAILABLE, operation: 'commitBatch' });
      expect(error.message).toMatch(
        /^commitBatch: the database server went away during COMMIT, so whether the transaction committed is unknown; check before writing it again \(/,
      );
    } finally {
      await withClient(db.owner, (c) =>
        c.query('drop trigger end_on_commit on scan_history; drop function end_own_connection()'),
      );
    }
  });

  it('a server that cannot be reached: open fails with UNAVAILABLE', async () => {
    const error = await failure(
      DriftPostgresPool.open({
        ...scope,
        pool: { ...db.engine, port: await unusedPort(), connectionTimeoutMillis: 60_000 },
      }),
    );
    expect(error).toMatchObject({ code: StorageErrorCode.UNAVAILABLE, operation: 'DriftPostgresPool.open' });
    expect(error.message).toMatch(
      /^DriftPostgresPool\.open failed: .*ECONNREFUSED.* \(the database server cannot be reached or went away; retry when it is back\)$/,
    );
  });
});

describe('open', () => {
  it('refuses ids that are not UUIDs and a bad attempt count, naming the option', async () => {
    const bad = await failure(DriftPostgresPool.open({ ...scope, tenantId: 'acme', pool: db.engine }));
    expect(bad).toMatchObject({ code: StorageErrorCode.INVALID_INPUT, field: 'tenantId' });
    expect(bad.message).toBe(
      "DriftPostgresPool.open: options.tenantId must be a UUID such as '00000000-0000-4000-8000-000000000001'; got 'acme'",
    );
    const missing = await failure(
      DriftPostgresPool.open({ ...scope, projectId: undefined as never, pool: db.engine }),
    );
    expect(missing.message).toBe(
      "DriftPostgresPool.open: options.projectId must be a UUID such as '00000000-0000-4000-8000-000000000001'; got an undefined",
    );
    const attempts = await failure(DriftPostgresPool.open({ ...scope, maxAttempts: 0, pool: db.engine }));
    expect(attempts.message).toBe(
      'DriftPostgresPool.open: options.maxAttempts must be a whole number of at least 1; got a number (0)',
    );
  });

  it('refuses a database that is not migrated (NOT_FOUND) or migrated by a newer build (SCHEMA_TOO_NEW)', async () => {
    const empty = await freshDatabase({ migrated: false });
    try {
      const error = await failure(DriftPostgresPool.open({ ...scope, pool: empty.engine }));
      expect(error).toMatchObject({ code: StorageErrorCode.NOT_FOUND });
      expect(error.message).toBe(
        "DriftPostgresPool.open: the database is at drift schema version 0, this build needs 3; run migrateDriftSchema as the tables' owner first",
      );
    } finally {
      await empty.drop();
    }
    const newer = await freshDatabase();
    try {
      await withClient(newer.owner, (c) =>
        c.query(`insert into ${MIGRATIONS_TABLE} (version, description) values (4, 'future')`),
      );
      const error = await failure(DriftPostgresPool.open({ ...scope, pool: newer.engine }));
      expect(error).toMatchObject({ code: StorageErrorCode.SCHEMA_TOO_NEW });
    } finally {
      await newer.drop();
    }
  });
});

describe('close', () => {
  /** The engine's connections to the test database with this application name. */
  const connections = (name: string) =>
    withClient(
      db.admin,
      async (c) =>
        (
          await c.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where application_name = $1',
            [name],
          )
        ).rows[0]!.n,
    );

  /**
   * Waits until the server lists no connection named `name`: a backend leaves pg_stat_activity as it
   * exits, a moment after the client saw its socket close. Never done, the test's hang guard fails it.
   */
  const allGone = async (name: string): Promise<number> => {
    for (;;) {
      const n = await connections(name);
      if (n === 0) return n;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('ends every connection of the pool (pg_stat_activity), and later transactions fail with CLOSED', async () => {
    const name = `drift-close-${randomBytes(4).toString('hex')}`;
    // No idle timeout: the four connections stay open until close() however slow the machine is.
    const pool = await openPool({ pool: { application_name: name, max: 4, idleTimeoutMillis: 0 } });
    // Four transactions at once, each holding its connection until all four have one.
    let holding = 0;
    let release: () => void = () => undefined;
    const allHold = new Promise<void>((resolve) => {
      release = resolve;
    });
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        pool.transaction('hold', async (tx) => {
          await tx.query('select 1');
          if (++holding === 4) release();
          await allHold;
        }),
      ),
    );
    expect(await connections(name)).toBe(4);
    await pool.close();
    expect(await allGone(name)).toBe(0);
    const error = await failure(pool.transaction('getFileMetadata', (tx) => tx.query('select 1')));
    expect(error).toMatchObject({ code: StorageErrorCode.CLOSED, operation: 'getFileMetadata' });
    expect(error.message).toBe(
      'getFileMetadata was called after the PostgreSQL pool was closed; open a new one',
    );
    expect(pool.isClosed).toBe(true);
    expect(pool.close()).toBe(pool.close());
  });

  it('waits for a transaction under way to commit before ending the connections', async () => {
    const name = `drift-close-${randomBytes(4).toString('hex')}`;
    const pool = await openPool({ pool: { application_name: name } });
    let resume: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let started: () => void = () => undefined;
    const isStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const running = pool.transaction('longBatch', async (tx) => {
      await tx.query(...insertHistory(301));
      started();
      await resumed;
      await tx.query(...insertHistory(301));
    });
    await isStarted;
    let closed = false;
    const closing = pool.close().then(() => {
      closed = true;
    });
    await withClient(db.admin, (c) => c.query('select 1'));
    expect(closed).toBe(false);
    resume();
    await running;
    await closing;
    expect(await historyRows(301)).toBe(2);
    expect(await allGone(name)).toBe(0);
  });
});

/** A loopback port nothing listens on. */
async function unusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
