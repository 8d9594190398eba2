import { isStorageError, type StorageError } from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { MIGRATIONS } from '../src/migrations/index.js';
import { fileDigest, tempDbPath } from './helpers/temp.js';

function errorOf(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError');
}

function populated(): string {
  const path = tempDbPath();
  const engine = DriftStorageEngine.open(path);
  engine.insertDetections([sampleRow('InsertDetections', 0)]);
  engine.upsertConfidence({
    ...sampleRow('InsertPatternConfidence', 0),
    patternId: 'auth_check',
    posteriorMean: 0.85,
    lastUpdated: 1,
  });
  engine.checkpoint();
  engine.close();
  return path;
}

describe('read-only engines', () => {
  it('read everything and change nothing on disk', () => {
    const path = populated();
    const before = fileDigest(path);
    const engine = DriftStorageEngine.open(path, { readOnly: true });
    expect(engine.patternConfidence('auth_check')).toBe(0.85);
    expect(engine.countDetections()).toBe(1);
    engine.close();
    expect(fileDigest(path)).toBe(before);
  });

  it('refuse every write with READ_ONLY, leaving the rows as they were', () => {
    const path = populated();
    const engine = DriftStorageEngine.open(path, { readOnly: true });
    const writes: Array<() => unknown> = [
      () => engine.insertDetections([sampleRow('InsertDetections', 1)]),
      () => engine.updateFunctionCount('src/a.ts', 3),
      () => engine.insertHealthTrend('health_score', 0.5),
      () => engine.clearReachabilityCache(),
      () => engine.insertSimulation('refactor', 'split', 2, null, 1, 2, 3),
    ];
    for (const write of writes) expect(errorOf(write).code).toBe('READ_ONLY');
    expect(engine.countDetections()).toBe(1);
    engine.close();
  });

  it('refuse a missing file, a batch writer, in-memory use, and a schema they cannot migrate', () => {
    expect(errorOf(() => DriftStorageEngine.open(tempDbPath(), { readOnly: true })).code).toBe('NOT_FOUND');
    const path = populated();
    const writer = { batchWriter: () => ({}) as never, readOnly: true };
    expect(errorOf(() => DriftStorageEngine.open(path, writer)).field).toBe('batchWriter');
    expect(errorOf(() => DriftStorageEngine.openInMemory({ readOnly: true })).field).toBe('readOnly');

    const old = tempDbPath();
    const db = new BetterSqlite3(old);
    for (const m of MIGRATIONS.slice(0, 5)) for (const ddl of m.statements) db.exec(ddl.compile().sql);
    db.pragma('user_version = 5');
    db.close();
    const before = fileDigest(old);
    const error = errorOf(() => DriftStorageEngine.open(old, { readOnly: true }));
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.message).toMatch(/schema version 5; a read-only engine cannot migrate it to 9/);
    expect(fileDigest(old)).toBe(before);
  });
});
