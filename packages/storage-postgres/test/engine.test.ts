// DriftPostgresEngine against a real server: what the conformance suite does not reach (migration at
// open, integer ranges, errors naming the method, per-command batch failures, close).
import { randomBytes } from 'node:crypto';
import { batchCommand, isStorageError, StorageErrorCode } from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkInsertText } from '../src/batch.js';
import { DriftPostgresPool } from '../src/connection.js';
import { POSTGRES_DIALECT } from '../src/dialect.js';
import { DriftPostgresEngine, type DriftPostgresEngineOptions } from '../src/engine.js';
import { freshDatabase, type TestDatabase, uuid, withClient } from './helpers/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const open = (extra: Partial<DriftPostgresEngineOptions> = {}) =>
  DriftPostgresEngine.open({ pool: db.engine, tenantId: uuid(), projectId: uuid(), ...extra });

async function failure(promise: Promise<unknown>): Promise<Error & { code?: string; operation?: string }> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(isStorageError(outcome), `a StorageError, got ${String(outcome)}`).toBe(true);
  return outcome as Error & { code: string };
}

describe('DriftPostgresEngine', () => {
  it('migrates an empty database at open when given the owner (migrateAs), then serves it', async () => {
    const fresh = await freshDatabase({ migrated: false });
    try {
      const engine = await DriftPostgresEngine.open({
        pool: fresh.engine,
        migrateAs: fresh.owner,
        tenantId: uuid(),
        projectId: uuid(),
      });
      try {
        expect(await engine.countFiles()).toBe(0);
        await engine.sendBatch(batchCommand('UpsertFileMetadata', [sampleRow('UpsertFileMetadata', 0)]));
        expect((await engine.flushSync()).fileMetadataRows).toBe(1);
        expect(await engine.countFiles()).toBe(1);
      } finally {
        await engine.close();
      }
      const versions = await withClient(
        fresh.admin,
        async (c) => (await c.query('select version from drift_migrations order by 1')).rows,
      );
      expect(versions).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    } finally {
      await fresh.drop();
    }
  });

  it('without migrateAs refuses an unmigrated database (NOT_FOUND)', async () => {
    const fresh = await freshDatabase({ migrated: false });
    try {
      const error = await failure(open({ pool: fresh.engine }));
      expect(error.code).toBe(StorageErrorCode.NOT_FOUND);
    } finally {
      await fresh.drop();
    }
  });

  it('answers counts (bigint in PostgreSQL) and integers past 2^31 as numbers, blobs as Uint8Array', async () => {
    const engine = await open();
    try {
      const row = { ...sampleRow('UpsertFileMetadata', 1), fileSize: 2 ** 52, mtimeSecs: -(2 ** 40) };
      await engine.sendBatch(batchCommand('UpsertFileMetadata', [row]));
      await engine.flushSync();
      const count = await engine.countFiles();
      expect(count).toBe(1);
      expect(typeof count).toBe('number');
      const read = await engine.getFileMetadata(row.path);
      expect(read?.fileSize).toBe(2 ** 52);
      expect(read?.mtimeSecs).toBe(-(2 ** 40));
      expect(Object.getPrototypeOf(read?.contentHash)).toBe(Uint8Array.prototype);
    } finally {
      await engine.close();
    }
  });

  it('refuses to read a bigint beyond ±(2^53 - 1) with OUT_OF_RANGE naming the method', async () => {
    const tenantId = uuid();
    const projectId = uuid();
    const pool = await DriftPostgresPool.open({ pool: db.engine, tenantId, projectId });
    await pool.transaction('seed', (tx) =>
      tx.query(
        "insert into file_metadata (path, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) values ('big', 9007199254740993, '\\x00', 1, 1, 1)",
      ),
    );
    await pool.close();
    const engine = await open({ tenantId, projectId });
    try {
      const error = await failure(engine.getFileMetadata('big'));
      expect(error.code).toBe(StorageErrorCode.OUT_OF_RANGE);
      expect(error.operation).toBe('getFileMetadata');
      expect(error.message).toMatch(/9007199254740993/);
    } finally {
      await engine.close();
    }
  });

  it('checks arguments before touching the store (INVALID_INPUT naming the method)', async () => {
    const engine = await open();
    try {
      const error = await failure(engine.getFileMetadata(42 as never));
      expect(error.code).toBe(StorageErrorCode.INVALID_INPUT);
      expect(error.message).toMatch(/getFileMetadata/);
    } finally {
      await engine.close();
    }
  });

  it('every DriftStorageBackend method has a definition, shared or the engine own', async () => {
    expect(DriftPostgresEngine.unsupportedMethods()).toEqual([]);
    const engine = await open();
    try {
      expect(await engine.path()).toBeNull();
      await engine.checkpoint();
    } finally {
      await engine.close();
    }
  });

  it('runRetention runs the shared retention driver in one transaction and reports the tables that lost rows', async () => {
    // The orphan tier (storage-traits queries/modules/retention.ts, after the reference's retention):
    // detections of a file no longer in file_metadata go; a tracked file's stay.
    const engine = await open();
    try {
      const file = sampleRow('UpsertFileMetadata', 0);
      await engine.sendBatch(batchCommand('UpsertFileMetadata', [file]));
      await engine.flushSync();
      const tracked = file.path;
      expect(await engine.countFiles()).toBe(1);
      const kept = { ...sampleRow('InsertDetections', 0), file: tracked };
      const orphan = { ...sampleRow('InsertDetections', 1), file: 'gone/orphan.ts' };
      await engine.insertDetections([kept, orphan]);
      const report = await engine.runRetention({ shortDays: 30, mediumDays: 90, longDays: 365 });
      expect(report.totalDeleted).toBe(1);
      expect(report.perTable).toEqual([{ table: 'detections (orphan)', deleted: 1 }]);
      expect((await engine.getDetectionsByFile(tracked)).length).toBe(1);
      expect(await engine.getDetectionsByFile('gone/orphan.ts')).toEqual([]);
      const bad = await failure(engine.runRetention({ shortDays: -1, mediumDays: 90, longDays: 365 }));
      expect(bad.code).toBe(StorageErrorCode.INVALID_INPUT);
      expect(await engine.countDetections()).toBe(1);
    } finally {
      await engine.close();
    }
  });

  it('two projects of one tenant see nothing of each other through the engine', async () => {
    const tenantId = uuid();
    const a = await open({ tenantId });
    const b = await open({ tenantId });
    try {
      const row = sampleRow('UpsertFileMetadata', 2);
      await a.sendBatch(batchCommand('UpsertFileMetadata', [row]));
      await a.flushSync();
      await a.insertParseCache(new Uint8Array([1, 2]), 'ts', '{}', 1);
      expect(await b.countFiles()).toBe(0);
      expect(await b.getFileMetadata(row.path)).toBeNull();
      expect(await b.getParseCacheByHash(new Uint8Array([1, 2]))).toBeNull();
      // b's writes of the same keys land in b only, and a's rows stay as they were.
      await b.insertParseCache(new Uint8Array([1, 2]), 'py', '{"b":1}', 2);
      await b.sendBatch(batchCommand('DeleteFileMetadata', [row.path]));
      await b.flushSync();
      expect((await a.getParseCacheByHash(new Uint8Array([1, 2])))?.language).toBe('ts');
      expect(await a.countFiles()).toBe(1);
      expect((await b.getParseCacheByHash(new Uint8Array([1, 2])))?.language).toBe('py');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a batch command that fails is rolled back alone and reported with its row; the others commit', async () => {
    const engine = await open();
    try {
      const ok = [sampleRow('UpsertFileMetadata', 3), sampleRow('UpsertFileMetadata', 4)];
      // PostgreSQL text cannot hold U+0000 (SQLite's can): the server refuses the second row.
      const bad = [
        sampleRow('UpsertFileMetadata', 5),
        { ...sampleRow('UpsertFileMetadata', 6), path: 'a\u0000b' },
      ];
      await engine.sendBatch(batchCommand('UpsertFileMetadata', [ok[0]!]));
      await engine.sendBatch(batchCommand('UpsertFileMetadata', bad));
      await engine.sendBatch(batchCommand('UpsertFileMetadata', [ok[1]!]));
      const error = await failure(engine.flushSync());
      expect(error.code).toBe(StorageErrorCode.INVALID_INPUT);
      expect(error.message).toMatch(/UpsertFileMetadata \(command 1, row 1 of 2\)/);
      expect(error.message).toMatch(/rolled back on its own/);
      expect(await engine.countFiles()).toBe(2);
      expect(await engine.getFileMetadata(bad[0]!.path)).toBeNull();
      const stats = await engine.stats();
      expect(stats.fileMetadataRows).toBe(2);
      expect(stats.failedCommands).toBe(1);
      // Reported once: the next flush has nothing to report.
      expect((await engine.flushSync()).failedCommands).toBe(1);
    } finally {
      await engine.close();
    }
  });

  it('flush() commits without being awaited, after the queue reaches its batch size or its timeout', async () => {
    const engine = await open({ batch: { batchSize: 2, flushTimeoutMs: 60_000 } });
    try {
      await engine.sendBatch(batchCommand('UpsertFileMetadata', [sampleRow('UpsertFileMetadata', 7)]));
      await engine.flush();
      for (;;) {
        if ((await engine.countFiles()) === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Two rows reach the batch size: committed without any flush.
      await engine.sendBatch(
        batchCommand('UpsertFileMetadata', [
          sampleRow('UpsertFileMetadata', 8),
          sampleRow('UpsertFileMetadata', 9),
        ]),
      );
      for (;;) {
        if ((await engine.countFiles()) === 3) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await engine.close();
    }
  });

  it('close() commits what is queued and ends every connection (pg_stat_activity); later calls fail with CLOSED', async () => {
    const name = `drift-engine-${randomBytes(4).toString('hex')}`;
    const tenantId = uuid();
    const projectId = uuid();
    const engine = await open({
      tenantId,
      projectId,
      pool: { ...db.engine, application_name: name, idleTimeoutMillis: 0 },
    });
    await Promise.all([engine.countFiles(), engine.countParseCache(), engine.loadAllFileMetadata()]);
    await engine.sendBatch(batchCommand('UpsertFileMetadata', [sampleRow('UpsertFileMetadata', 10)]));
    const connections = () =>
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
    expect(await connections()).toBeGreaterThan(0);
    await engine.close();
    while ((await connections()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await connections()).toBe(0);
    const error = await failure(engine.countFiles());
    expect(error.code).toBe(StorageErrorCode.CLOSED);
    expect(error.message).toMatch(/countFiles/);
    expect((await failure(engine.sendRaw('DeleteFileMetadata', new Uint8Array()))).code).toBe(
      StorageErrorCode.CLOSED,
    );
    await engine.close(); // idempotent
    const again = await open({ tenantId, projectId });
    try {
      expect(await again.countFiles()).toBe(1);
    } finally {
      await again.close();
    }
  });
});

describe('bulk inserts', () => {
  it('a one-row INSERT becomes a multi-row one with renumbered placeholders', () => {
    const s = POSTGRES_DIALECT.db
      .insertInto('scan_history')
      .values({ started_at: 1, root_path: 'a' })
      .onConflict((oc) => oc.doNothing());
    const compiled = POSTGRES_DIALECT.compile(s);
    const statement = { sql: compiled.sql, binds: [{ arg: 0 }, { arg: 1 }], direct: true };
    expect(bulkInsertText(statement, 3)).toBe(
      'insert into "scan_history" ("started_at", "root_path") values ($1, $2), ($3, $4), ($5, $6) on conflict do nothing',
    );
    expect(bulkInsertText({ ...statement, before: [statement] }, 3)).toBeUndefined();
    expect(bulkInsertText({ ...statement, sql: 'delete from "x" where "a" = $1' }, 3)).toBeUndefined();
  });
});
