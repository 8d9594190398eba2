import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStorageError, type StorageError } from '@drift/storage-traits';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { MIGRATIONS } from '../src/migrations/index.js';
import { openError } from './helpers/engines.js';
import { fileDigest, tempDbPath, tempDir } from './helpers/temp.js';

function pragma(path: string, name: string): unknown {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

/** The names of the files of a folder, sorted. */
function filesOf(dir: string): string[] {
  return execFileSync('ls', ['-A', dir], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

/**
 * A schema-5 drift.db as an older build (or the reference, before its pragmas) left it: rollback
 * journal, no auto-vacuum, one row. `poison` names an object created beside it.
 */
function databaseAtVersion5(path: string, poison?: string): void {
  const db = new BetterSqlite3(path);
  for (const m of MIGRATIONS.slice(0, 5)) for (const ddl of m.statements) db.exec(ddl.compile().sql);
  if (poison !== undefined) db.exec(poison);
  db.pragma('user_version = 5');
  db.prepare(
    'INSERT INTO file_metadata (path, language, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run('src/kept.ts', 'typescript', 10, Buffer.from([9, 8, 7]), 1_700_000_000, 5, 1_700_000_100);
  db.close();
}

describe('a refused or failed open leaves the file byte-identical', () => {
  it('a migration that fails part-way (v9 here, after v6..v8 would succeed) rolls back every migration: MIGRATION_FAILED, user_version 5, same bytes, no journal left', () => {
    const dir = tempDir();
    const path = join(dir, 'drift.db');
    // A view holding the name of a v9 index: CREATE INDEX fails on it.
    databaseAtVersion5(path, 'CREATE VIEW idx_pattern_status_status AS SELECT 1 AS one');
    const before = fileDigest(path);
    const error = openError(path);
    expect(fileDigest(path)).toBe(before);
    expect(pragma(path, 'user_version')).toBe(5);
    expect(error.code).toBe('MIGRATION_FAILED');
    expect(error.message).toMatch(/schema version 9/);
    expect(error.message).toMatch(/still at schema version 5/);
    expect(pragma(path, 'journal_mode')).toBe('delete');
    expect(pragma(path, 'auto_vacuum')).toBe(0);
    expect(filesOf(dir)).toEqual(['drift.db']);
  });

  it('a schema-5 database without the poison migrates in one go and only then becomes WAL with incremental auto-vacuum', () => {
    const path = tempDbPath();
    databaseAtVersion5(path);
    const engine = DriftStorageEngine.open(path);
    expect(engine.loadAllFileMetadata().map((f) => f.path)).toEqual(['src/kept.ts']);
    engine.close();
    expect(pragma(path, 'user_version')).toBe(MIGRATIONS.length);
    expect(pragma(path, 'journal_mode')).toBe('wal');
    expect(pragma(path, 'auto_vacuum')).toBe(2);
  });

  it('SCHEMA_TOO_NEW and a foreign database are refused without a byte or a journal file changing, in WAL and rollback mode', () => {
    for (const wal of [true, false]) {
      const dir = tempDir();
      const newer = join(dir, 'newer.db');
      DriftStorageEngine.open(newer).close();
      const raw = new BetterSqlite3(newer);
      raw.pragma('user_version = 10');
      if (!wal) raw.pragma('journal_mode = DELETE');
      raw.close();
      const foreign = join(dir, 'app.db');
      const app = new BetterSqlite3(foreign);
      if (wal) app.pragma('journal_mode = WAL');
      app.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1);');
      app.close();
      const files = filesOf(dir);
      const digests = [fileDigest(newer), fileDigest(foreign)];
      for (const readOnly of [false, true]) {
        expect(openError(newer, { readOnly }).code).toBe('SCHEMA_TOO_NEW');
        expect(openError(foreign, { readOnly }).code).toBe('CORRUPT');
      }
      expect([fileDigest(newer), fileDigest(foreign)]).toEqual(digests);
      if (!wal) expect(filesOf(dir)).toEqual(files);
    }
  });
});

/** Overwrites `length` bytes in the middle of the b-tree page that holds the root of `table`. */
function damageTablePage(path: string, table: string): void {
  const db = new BetterSqlite3(path, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // A leaf page of the table: the last page of its b-tree (dbstat is not compiled in everywhere, so
  // take the root page, which for a small table is its only leaf).
  const { rootpage } = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as {
    rootpage: number;
  };
  db.close();
  const bytes = new Uint8Array(readFileSync(path));
  const start = (rootpage - 1) * pageSize;
  // Keep the page header's first bytes (page type), garble the cell pointer array and cells.
  for (let i = 8; i < pageSize - 8; i++) bytes[start + i] = (i * 131) & 0xff;
  writeFileSync(path, bytes);
}

describe('a read-only engine refuses a damaged file', () => {
  function damaged(): string {
    const path = tempDbPath();
    const engine = DriftStorageEngine.open(path);
    for (let i = 0; i < 40; i++) engine.insertParseCache(new Uint8Array([i]), 'ts', `{"n":${i}}`, i);
    engine.checkpoint();
    engine.close();
    damageTablePage(path, 'parse_cache');
    return path;
  }

  it('quick_check at read-only open: CORRUPT saying what it found; the file is left as it was', () => {
    const path = damaged();
    const before = fileDigest(path);
    const error = openError(path, { readOnly: true });
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/quick_check/);
    expect(error.message.length).toBeLessThan(1500);
    expect(fileDigest(path)).toBe(before);
  });

  it('quickCheck: false skips the check (the damage then shows on the first read of the table)', () => {
    const path = damaged();
    const engine = DriftStorageEngine.open(path, { readOnly: true, quickCheck: false });
    expect(() => engine.getParseCacheByHash(new Uint8Array([3]))).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
    engine.close();
  });

  it('a read-write open does not run the check: it opens, leaves the file as it was, and the first read of the damaged table fails with CORRUPT', () => {
    const path = damaged();
    const before = fileDigest(path);
    const engine = DriftStorageEngine.open(path);
    expect(() => engine.getParseCacheByHash(new Uint8Array([3]))).toThrow(
      expect.objectContaining({ code: 'CORRUPT' }),
    );
    engine.close();
    expect(fileDigest(path)).toBe(before);
  });

  it('a healthy file opens read-only with the check on', () => {
    const path = tempDbPath();
    const writer = DriftStorageEngine.open(path);
    writer.insertParseCache(new Uint8Array([1]), 'ts', '{}', 1);
    writer.close();
    const engine = DriftStorageEngine.open(path, { readOnly: true });
    expect(engine.countParseCache()).toBe(1);
    engine.close();
  });
});

describe('special files are refused at once', () => {
  it('a FIFO is INVALID_INPUT for a read-write and a read-only engine, and nothing blocks on it', () => {
    const dir = tempDir();
    const fifo = join(dir, 'drift.db');
    execFileSync('mkfifo', [fifo]);
    for (const readOnly of [false, true]) {
      const error = openError(fifo, { readOnly });
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain('a FIFO');
    }
    // Nobody opened it for writing or reading: a non-blocking open for writing finds no reader.
    expect(() => closeSync(openSync(fifo, 'w+'))).not.toThrow();
  });

  it('a folder is INVALID_INPUT', () => {
    const dir = tempDir();
    const folder = join(dir, 'drift.db');
    mkdirSync(folder);
    for (const readOnly of [false, true]) {
      const error = openError(folder, { readOnly });
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain('a directory');
    }
    expect(existsSync(join(folder, '..', 'drift.db-wal'))).toBe(false);
  });
});

describe('BUSY reaches a caller only past the busyTimeoutMs budget, saying how long it waited', () => {
  it('a write waits out a lock held past the budget, then fails with BUSY naming the wait; a lock released within the budget is waited for', () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close();
    const holder = new BetterSqlite3(path);
    holder.exec('BEGIN IMMEDIATE');
    const engine = DriftStorageEngine.open(path, { busyTimeoutMs: 300 }); // opening needs no lock
    const started = performance.now();
    let error: StorageError | undefined;
    try {
      engine.insertParseCache(new Uint8Array([1]), 'ts', '{}', 1);
    } catch (e) {
      if (isStorageError(e)) error = e;
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(error?.code).toBe('BUSY');
    expect(error?.message).toMatch(
      /^insertParseCache failed: the database stayed locked by another connection for \d+ ms/,
    );
    expect(error?.message).toContain('busyTimeoutMs budget is 300 ms');
    expect(engine.countParseCache()).toBe(0); // reads go on under the write lock (WAL)
    holder.exec('ROLLBACK');
    engine.insertParseCache(new Uint8Array([1]), 'ts', '{}', 1);
    expect(engine.countParseCache()).toBe(1);
    engine.close();
    holder.close();
  });

  it('an open that must migrate waits for the write lock and fails with BUSY past the budget, the file unchanged', () => {
    const path = tempDbPath();
    databaseAtVersion5(path);
    const holder = new BetterSqlite3(path);
    holder.exec('BEGIN IMMEDIATE');
    const before = fileDigest(path);
    const error = (() => {
      try {
        DriftStorageEngine.open(path, { busyTimeoutMs: 200 }).close();
      } catch (e) {
        if (isStorageError(e)) return e;
      }
      return undefined;
    })();
    expect(error?.code).toBe('BUSY');
    expect(error?.message).toMatch(/^DriftStorageEngine\.open failed: the database stayed locked/);
    holder.exec('ROLLBACK');
    holder.close();
    expect(fileDigest(path)).toBe(before);
    DriftStorageEngine.open(path).close();
    expect(pragma(path, 'user_version')).toBe(MIGRATIONS.length);
  });

  it('rejects a busyTimeoutMs that is not a finite number of 0 or more', () => {
    for (const busyTimeoutMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
      expect(openError(tempDbPath(), { busyTimeoutMs } as never).code).toBe('INVALID_INPUT');
    }
    // The value is described with the seam's words (no "a object" for null or an object).
    expect(openError(tempDbPath(), { busyTimeoutMs: null } as never).message).toBe(
      'DriftStorageEngine.open: busyTimeoutMs must be a finite number of milliseconds, 0 or more (got null)',
    );
    expect(openError(tempDbPath(), { busyTimeoutMs: {} } as never).message).toContain('(got an object)');
    expect(openError(tempDbPath(), { busyTimeoutMs: -1 }).message).toContain('(got the number -1)');
  });
});
