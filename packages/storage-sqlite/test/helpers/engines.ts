import { isStorageError, type StorageError } from '@drift/storage-traits';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach } from 'vitest';
import { Connection, writeExecutor } from '../../src/connection.js';
import { DriftStorageEngine, type DriftStorageEngineOptions, routingOf } from '../../src/engine.js';
import { rawStatement, type WriteExecutor } from '../../src/statements.js';
import { tempDbPath } from './temp.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0).reverse()) handle.close();
});

/** Closes `handle` (an engine or a raw connection) after the current test. */
export function track<T extends { close(): void }>(handle: T): T {
  opened.push(handle);
  return handle;
}

/** Both kinds of engine, closed after each test: `it.each`/`describe.each` over them. */
export const ENGINES: readonly (readonly [string, () => DriftStorageEngine])[] = [
  ['in-memory', () => track(DriftStorageEngine.openInMemory())],
  ['file', () => track(DriftStorageEngine.open(tempDbPath()))],
];

/** A file engine plus a second raw connection to the same file, to inspect rows and set store-assigned stamps. */
export function fileEngineWithRaw(): { engine: DriftStorageEngine; raw: BetterSqlite3.Database } {
  const path = tempDbPath();
  const engine = track(DriftStorageEngine.open(path));
  const raw = track(new BetterSqlite3(path));
  raw.pragma('busy_timeout = 5000');
  return { engine, raw };
}

/** The StorageError `fn` throws; fails the test when it throws nothing or something else. */
export function storageErrorOf(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError, nothing was thrown');
}

/** Seconds since the epoch, now. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * A {@link WriteExecutor} over a raw connection (the engine's own executor on a connection of the
 * test's), to run query-module statements directly.
 */
export function rawWriteExecutor(db: BetterSqlite3.Database): WriteExecutor {
  return writeExecutor(new Connection(db));
}

/**
 * Sets a store-assigned stamp column of every row of `table` (or of the row with rowid `rowid`) to
 * `value`, through the engine's own writer (so in-memory engines too): tests of tie order pin the
 * stamps instead of relying on rows landing in the same second.
 */
export function setStamp(
  engine: DriftStorageEngine,
  table: string,
  column: string,
  value: number,
  rowid?: number,
): void {
  if (!/^[a-z_]+$/.test(table) || !/^[a-z_]+$/.test(column) || !Number.isSafeInteger(value)) {
    throw new Error('setStamp: plain table and column names and an integer value only');
  }
  const where = rowid === undefined ? '' : ` WHERE rowid = ${Math.trunc(rowid)}`;
  routingOf(engine).writer.run(rawStatement(`UPDATE ${table} SET ${column} = ${value}${where}`));
}

/** The StorageError `DriftStorageEngine.open(path, options)` fails with; throws when it opens. */
export function openError(path: string, options: DriftStorageEngineOptions = {}): StorageError {
  try {
    DriftStorageEngine.open(path, options).close();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected DriftStorageEngine.open to fail');
}
