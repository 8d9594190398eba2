// The lock budget: how an engine operation that meets SQLITE_BUSY is retried within `busyTimeoutMs`.

import { describeValue, isStorageError, StorageError } from '@drift/storage-traits';
import { sqliteResultCode } from '@drift/storage-traits/sqlite';
import type BetterSqlite3 from 'better-sqlite3';

/** True for a driver error (or a StorageError wrapping one) saying another connection holds a lock. */
export function isBusy(error: unknown): boolean {
  if (isStorageError(error)) return error.code === 'BUSY' && isBusy(error.cause);
  return sqliteResultCode(error)?.startsWith('SQLITE_BUSY') === true;
}

/** How long one checkpoint attempt waits for readers (holding the write lock) before it is retried. */
export const CHECKPOINT_WAIT_MS = 100;

/** Pauses between retries of a busy operation, growing to the last value. */
const BUSY_PAUSES_MS = [1, 2, 5, 10, 20, 50];
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms` milliseconds (the engine's API is synchronous). */
function pause(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Runs `attempt` until it does not fail with `SQLITE_BUSY`, or `budgetMs` have passed since the first
 * try; then fails with `BUSY` saying how long it waited. `attempt` gets the milliseconds left, to cap
 * its connections' own busy wait, and how many attempts came before it. Each attempt must be atomic
 * (one statement or one transaction), so that a retry repeats nothing that was committed.
 */
export function retryBusy<T>(
  operation: string,
  budgetMs: number,
  path: string | null,
  attempt: (leftMs: number, tries: number) => T,
): T {
  const started = performance.now();
  try {
    return attempt(Math.max(1, Math.ceil(budgetMs - (performance.now() - started))), 0);
  } catch (error) {
    return retryAfterBusy(operation, budgetMs, path, started, error, attempt);
  }
}

/**
 * The retry loop of {@link retryBusy}, entered once a first attempt begun at `started` threw `error`:
 * anything but `SQLITE_BUSY` is thrown as it is; a busy failure is retried after a growing pause until
 * an attempt succeeds or `budgetMs` have passed since `started`, and then fails with `BUSY`.
 */
export function retryAfterBusy<T>(
  operation: string,
  budgetMs: number,
  path: string | null,
  started: number,
  error: unknown,
  attempt: (leftMs: number, tries: number) => T,
): T {
  let failure = error;
  for (let tries = 1; ; tries++) {
    if (!isBusy(failure)) throw failure;
    const waited = performance.now() - started;
    if (waited >= budgetMs) {
      throw new StorageError(
        'BUSY',
        `${operation} failed: the database stayed locked by another connection for ${Math.round(waited)} ms (${tries} ${tries === 1 ? 'attempt' : 'attempts'}; the busyTimeoutMs budget is ${budgetMs} ms); retry later or raise busyTimeoutMs`,
        { cause: failure, operation, ...(path === null ? {} : { path }) },
      );
    }
    pause(Math.min(BUSY_PAUSES_MS[Math.min(tries - 1, BUSY_PAUSES_MS.length - 1)]!, budgetMs - waited));
    try {
      return attempt(Math.max(1, Math.ceil(budgetMs - (performance.now() - started))), tries);
    } catch (next) {
      failure = next;
    }
  }
}

/** Sets a connection's own busy wait (SQLite's busy handler) to `ms`. */
export function setBusyWait(db: BetterSqlite3.Database, ms: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(ms))}`);
}

/** The lock budget of an engine's operations, from `busyTimeoutMs` (default 5000 ms). */
export function busyBudget(ms: number | undefined): number {
  if (ms === undefined) return 5000;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new StorageError(
      'INVALID_INPUT',
      `DriftStorageEngine.open: busyTimeoutMs must be a finite number of milliseconds, 0 or more (got ${describeValue(ms)})`,
      { field: 'busyTimeoutMs' },
    );
  }
  return Math.trunc(ms);
}
