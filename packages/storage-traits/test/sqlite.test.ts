// @drift/storage-traits/sqlite: the driver-error mapping and the file-header check both SQLite packages use.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StorageError } from '../src/index.js';
import {
  DRIFT_SCHEMA_TABLES,
  DRIFT_WORKSPACE_TABLES,
  identifyDriftDatabase,
  inspectSqliteFile,
  isSqliteBusy,
  sqliteResultCode,
  sqliteStorageError,
} from '../src/sqlite/index.js';

const driverError = (code: string, message = 'driver says no') => Object.assign(new Error(message), { code });

describe('sqliteStorageError', () => {
  it.each([
    ['SQLITE_BUSY', 'BUSY'],
    ['SQLITE_BUSY_SNAPSHOT', 'BUSY'],
    ['SQLITE_LOCKED', 'BUSY'],
    ['SQLITE_CORRUPT', 'CORRUPT'],
    ['SQLITE_CORRUPT_INDEX', 'CORRUPT'],
    ['SQLITE_NOTADB', 'CORRUPT'],
    ['SQLITE_FULL', 'DISK_FULL'],
    ['SQLITE_CANTOPEN', 'NOT_FOUND'],
    ['SQLITE_READONLY', 'READ_ONLY'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'NOT_FOUND'],
    ['SQLITE_CONSTRAINT_UNIQUE', 'INVALID_INPUT'],
    ['SQLITE_MISMATCH', 'INVALID_INPUT'],
    ['SQLITE_IOERR', 'SQLITE_ERROR'],
    ['ENOENT', 'NOT_FOUND'],
    ['ENOSPC', 'DISK_FULL'],
    ['EDQUOT', 'DISK_FULL'],
    ['EISDIR', 'INVALID_INPUT'],
    ['EBUSY', 'BUSY'],
    ['EACCES', 'SQLITE_ERROR'],
  ])('%s is %s', (driverCode, storageCode) => {
    const cause = driverError(driverCode);
    const error = sqliteStorageError(cause, 'backup', '/tmp/x.db');
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code: storageCode, operation: 'backup', path: '/tmp/x.db', cause });
    expect(error.message.startsWith('backup failed: driver says no')).toBe(true);
  });

  it('says what to do about a known result code', () => {
    expect(sqliteStorageError(driverError('SQLITE_BUSY', 'database is locked'), 'gc').message).toBe(
      'gc failed: database is locked (another connection holds the database; retry later)',
    );
    expect(sqliteStorageError(driverError('SQLITE_CONSTRAINT_FOREIGNKEY'), 'insert').message).toBe(
      'insert failed: driver says no (it refers to a row that does not exist)',
    );
  });

  it('a value the driver cannot bind is INVALID_INPUT; anything else SQLITE_ERROR; a StorageError passes through', () => {
    expect(sqliteStorageError(new TypeError('cannot bind a Symbol'), 'run').code).toBe('INVALID_INPUT');
    expect(sqliteStorageError(new RangeError('too big'), 'run').code).toBe('INVALID_INPUT');
    expect(sqliteStorageError('a string', 'run')).toMatchObject({
      code: 'SQLITE_ERROR',
      message: 'run failed: a string',
    });
    const original = new StorageError('CLOSED', 'closed');
    expect(sqliteStorageError(original, 'run')).toBe(original);
    expect(sqliteStorageError(new Error('x'), 'run').path).toBeUndefined();
  });

  it('reads result codes and busy errors by their code property only', () => {
    expect(sqliteResultCode(driverError('SQLITE_BUSY'))).toBe('SQLITE_BUSY');
    expect(sqliteResultCode(driverError('ENOENT'))).toBeUndefined();
    expect(sqliteResultCode(null)).toBeUndefined();
    expect(sqliteResultCode({ code: 7 })).toBeUndefined();
    expect([driverError('SQLITE_BUSY'), driverError('SQLITE_LOCKED_SHAREDCACHE')].map(isSqliteBusy)).toEqual([
      true,
      true,
    ]);
    expect([driverError('SQLITE_FULL'), driverError('EBUSY'), undefined].map(isSqliteBusy)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('inspectSqliteFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drift-traits-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const file = (bytes: Uint8Array | string): string => {
    const path = join(dir, `f${n++}.db`);
    writeFileSync(path, bytes);
    return path;
  };

  /** A database file image: a valid header for `pages` pages of `pageSize` bytes, `size` bytes long. */
  function image(options: { pageSize?: number; pages?: number; size?: number; countValid?: boolean } = {}) {
    const pageSize = options.pageSize ?? 4096;
    const pages = options.pages ?? 2;
    const bytes = Buffer.alloc(options.size ?? pages * Math.max(pageSize, 512));
    bytes.write('SQLite format 3\u0000', 0, 'latin1');
    bytes.writeUInt16BE(pageSize === 65536 ? 1 : pageSize, 16);
    bytes.writeUInt32BE(9, 24); // file change counter
    bytes.writeUInt32BE(pages, 28);
    bytes.writeUInt32BE(options.countValid === false ? 8 : 9, 92); // version-valid-for
    return bytes;
  }

  const invalid = (reason: string) => ({ kind: 'invalid', reason });

  it('tells a database from a missing and an empty file', () => {
    expect(inspectSqliteFile(join(dir, 'nope.db'))).toEqual({ kind: 'missing' });
    expect(inspectSqliteFile(file(''))).toEqual({ kind: 'empty' });
    expect(inspectSqliteFile(file(image()))).toEqual({ kind: 'database' });
    expect(inspectSqliteFile(file(image({ pageSize: 65536, pages: 1 })))).toEqual({ kind: 'database' });
  });

  it('refuses foreign, short, oddly paged and truncated files, saying why', () => {
    expect(inspectSqliteFile(file('{"not": "sqlite"}'.repeat(10)))).toEqual(
      invalid('is not a SQLite database'),
    );
    expect(inspectSqliteFile(file(image().subarray(0, 60)))).toEqual(invalid('is not a SQLite database'));
    expect(inspectSqliteFile(file(image({ pageSize: 1000 })))).toEqual(
      invalid('has an invalid page size in its header'),
    );
    expect(inspectSqliteFile(file(image({ pageSize: 256 })))).toEqual(
      invalid('has an invalid page size in its header'),
    );
    expect(inspectSqliteFile(file(image({ pages: 3, size: 4096 })))).toEqual(
      invalid('is truncated (4096 bytes, its header says 12288)'),
    );
  });

  it('does not trust a page count whose valid-for number is stale', () => {
    expect(inspectSqliteFile(file(image({ pages: 3, size: 4096, countValid: false })))).toEqual({
      kind: 'database',
    });
  });

  it('reports a folder and a FIFO as not-a-file without opening them as databases', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(inspectSqliteFile(folder)).toEqual({ kind: 'not-a-file', what: 'a directory' });
    const fifo = join(dir, 'a-fifo');
    execFileSync('mkfifo', [fifo]);
    // Opening a FIFO for reading blocks until a writer comes: this returning at all is the test.
    expect(inspectSqliteFile(fifo)).toEqual({ kind: 'not-a-file', what: 'a FIFO' });
  });

  it('throws file-system errors other than a missing file as they are', () => {
    const locked = file(image());
    chmodSync(locked, 0);
    if (process.getuid?.() === 0) return; // root reads it anyway: nothing to prove here
    expect(() => inspectSqliteFile(locked)).toThrow(expect.objectContaining({ code: 'EACCES' }));
  });

  it('accepts a short file while its journal holds content (a write or checkpoint under way)', () => {
    const wal = image({ pages: 3, size: 4096 });
    wal[18] = 2;
    wal[19] = 2;
    const path = file(wal);
    expect(inspectSqliteFile(path)).toEqual(invalid('is truncated (4096 bytes, its header says 12288)'));
    writeFileSync(`${path}-wal`, Buffer.alloc(32 + 24 + 4096));
    expect(inspectSqliteFile(path)).toEqual({ kind: 'database' });
    const legacy = file(image({ pages: 3, size: 4096 }));
    writeFileSync(`${legacy}-journal`, Buffer.alloc(512));
    expect(inspectSqliteFile(legacy)).toEqual({ kind: 'database' });
  });
});

describe('identifyDriftDatabase', () => {
  const upTo = (version: number) => DRIFT_SCHEMA_TABLES.slice(0, version).flat();

  it('calls version 0 with no tables, or only the workspace tables and file_metadata, new', () => {
    expect(identifyDriftDatabase(0, [])).toEqual({ kind: 'new' });
    expect(identifyDriftDatabase(0, [...DRIFT_WORKSPACE_TABLES, 'file_metadata'])).toEqual({ kind: 'new' });
  });

  it('calls a version with all of its tables drift, extra tables tolerated', () => {
    expect(identifyDriftDatabase(9, upTo(9))).toEqual({ kind: 'drift', version: 9 });
    expect(identifyDriftDatabase(5, [...upTo(5), ...DRIFT_WORKSPACE_TABLES, 'my_notes'])).toEqual({
      kind: 'drift',
      version: 5,
    });
    expect(identifyDriftDatabase(12, [...upTo(9), 'future_table'])).toEqual({ kind: 'newer', version: 12 });
  });

  it('calls anything else foreign, whatever its user_version, saying why', () => {
    expect(identifyDriftDatabase(0, ['invoices', 'customers'])).toEqual({
      kind: 'foreign',
      reason: '(it has tables invoices, customers and no drift schema version)',
    });
    expect(identifyDriftDatabase(5, ['invoices'])).toEqual({
      kind: 'foreign',
      reason:
        "(its user_version is 5 but it lacks drift's tables file_metadata, parse_cache, functions, scan_history, call_edges and 27 more)",
    });
    expect(identifyDriftDatabase(-1, upTo(9))).toEqual({
      kind: 'foreign',
      reason: '(its user_version is -1, which drift never sets)',
    });
    expect(identifyDriftDatabase(10, ['invoices']).kind).toBe('foreign');
    expect(identifyDriftDatabase(3, upTo(2)).kind).toBe('foreign');
    expect(identifyDriftDatabase(1, []).kind).toBe('foreign');
  });
});
