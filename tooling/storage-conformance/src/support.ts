import {
  type Async,
  type BatchCommand,
  type DriftStorage,
  encodeBatchCommand,
  type IDriftServing,
  isStorageError,
  type StorageErrorCode,
  type WriteStats,
} from '@drift/storage-traits';
import type { describe, expect, it } from 'vitest';

/** The three Vitest functions the suite registers its tests with (pass vitest's own). */
export interface ConformanceApi {
  /** Vitest's `describe`. */
  readonly describe: typeof describe;
  /** Vitest's `it` (or `test`). */
  readonly it: typeof it;
  /** Vitest's `expect`. */
  readonly expect: typeof expect;
}

/**
 * One fresh, empty store under test. `storage` must include a working batch writer: `sendRaw` queues,
 * `flushSync` commits. `close` releases everything the factory created (files, connections).
 */
export interface ConformanceSubject {
  /** The store, seen through its asynchronous view (wrap a synchronous engine with `toAsync`). */
  readonly storage: Async<DriftStorage>;
  /**
   * The same store's {@link IDriftServing} methods (part of `DriftStorageBackend`), for the `serving`
   * group; wrap a synchronous engine with `toAsync(engine, DRIFT_SERVING_METHODS)`. Optional: without
   * it every test of the `serving` group is reported as skipped, with the reason.
   */
  readonly serving?: Async<IDriftServing>;
  /** Closes the store and removes whatever the factory created for it. */
  close(): Promise<void>;
}

/** Creates a fresh, empty {@link ConformanceSubject}; called once per test. */
export type ConformanceFactory = () => Promise<ConformanceSubject>;

/** The capability groups of the suite, in the order they are registered. */
export const CONFORMANCE_GROUPS = [
  'files',
  'analysis',
  'structural',
  'enforcement',
  'advanced',
  'batch',
  'reader',
  'serving',
  'pagination',
  'concurrency',
] as const;

/** One of {@link CONFORMANCE_GROUPS}: also a key of {@link ConformanceOptions}, to skip that group. */
export type ConformanceGroup = (typeof CONFORMANCE_GROUPS)[number];

/**
 * Whether a group runs. Skipping needs a written reason; it is shown in the skipped suite's title so
 * that a report never hides why a capability was not checked.
 */
export type GroupSwitch =
  | { readonly skip: true; readonly reason: string }
  | { readonly skip: false; readonly reason?: string };

/** Options of {@link driftStorageConformance}: one switch per group, plus the suite's title. */
export type ConformanceOptions = {
  /** Title of the outer `describe` (default `DriftStorage conformance`). */
  readonly name?: string;
} & { readonly [G in ConformanceGroup]?: GroupSwitch };

/** A test body: receives the fresh store; the subject is closed after it, pass or fail. */
export type ConformanceBody = (storage: Async<DriftStorage>) => Promise<void>;

/** A test body of the `serving` group: the fresh store's serving view, and the store itself to seed it. */
export type ServingBody = (serving: Async<IDriftServing>, storage: Async<DriftStorage>) => Promise<void>;

/** Why a `serving` test is skipped when the factory's subject has no `serving` member. */
const NO_SERVING_REASON =
  'the factory returned no `serving` (Async<IDriftServing>); add it to the subject, or skip the group with serving: { skip: true, reason }';

/** What every group file is given. */
export interface GroupContext {
  /** The Vitest functions. */
  readonly api: ConformanceApi;
  /** Registers a test that runs `body` against a fresh subject (created and closed around it). */
  readonly test: (name: string, body: ConformanceBody, timeoutMs?: number) => void;
  /**
   * Registers a test of the `serving` group: like {@link GroupContext.test}, but `body` also gets the
   * subject's `serving` view; a subject without one makes the test skipped (with the reason), never passed.
   */
  readonly testServing: (name: string, body: ServingBody, timeoutMs?: number) => void;
}

/** Builds the {@link GroupContext} of a factory. */
export function groupContext(api: ConformanceApi, factory: ConformanceFactory): GroupContext {
  return {
    api,
    test(name, body, timeoutMs) {
      api.it(
        name,
        async () => {
          const subject = await factory();
          try {
            await body(subject.storage);
          } finally {
            await subject.close();
          }
        },
        timeoutMs,
      );
    },
    testServing(name, body, timeoutMs) {
      api.it(
        name,
        async (context) => {
          const subject = await factory();
          try {
            if (subject.serving === undefined) context.skip(NO_SERVING_REASON);
            else await body(subject.serving, subject.storage);
          } finally {
            await subject.close();
          }
        },
        timeoutMs,
      );
    },
  };
}

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────

/** An integer well past 2^31 (and exactly representable): every i64 column must keep it. */
export const BIG = 2 ** 40;

/**
 * The largest value of the fields the reference types `u32` (lines, columns, CWE ids, counts; read
 * back as u32 by its row types): those must keep it, and refuse anything larger (2^40 included).
 */
export const U32_MAX = 2 ** 32 - 1;

/** The largest value of the fields the reference types `i32` (a simulation's approach count, a context's token count). */
export const I32_MAX = 2 ** 31 - 1;

/** Text mixing accents, CJK, right-to-left, an astral-plane emoji and a combining mark. */
export const UNICODE = 'naïve café — 日本語のテキスト — שלום — 🚀📦 — e\u0301';

/** Slack, in seconds, allowed between the test's clock and the store's when checking a stamp. */
const STAMP_SLACK_SECONDS = 120;

/** The current time in whole seconds since the epoch. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Resolves after `ms` milliseconds (a poll interval: nothing waits on it for an outcome). */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Resolves once the clock is in a later whole second than when called. Stores stamp rows in whole
 * seconds, so a row written after this sorts after every row written before it. This waits for the
 * clock to tick (an event), checking it at each expected tick, not for a guessed duration: it never
 * returns early, whatever the machine's load, and takes half a second on average. The store's clock
 * is taken to be this machine's, as it is for SQLite (`unixepoch()` reads the same system clock).
 */
export async function nextClockSecond(): Promise<void> {
  const current = nowSeconds();
  while (nowSeconds() <= current) await sleep(1001 - (Date.now() % 1000));
}

/** Deterministic bytes: 0x00 and 0xff included, so a lossy text conversion is caught. */
export function blob(seed: number, length = 16): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (seed * 31 + i * 97) & 0xff;
  if (length > 0) out[0] = 0x00;
  if (length > 1) out[length - 1] = 0xff;
  return out;
}

// ─── Comparison ─────────────────────────────────────────────────────────────────────────────────

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * Makes a value comparable with `toEqual`: every `Uint8Array` (a `Buffer` included) becomes
 * `{ bytes: '<hex>' }`, so blobs compare by value whatever subclass a backend returns, while a blob
 * returned as anything else (an array, a string) still fails the comparison.
 */
function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return { bytes: hex(value) };
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = normalize(inner);
    return out;
  }
  return value;
}

/** Asserts that `actual` equals `expected` field by field, blobs compared by value. */
export function expectSame(api: ConformanceApi, actual: unknown, expected: unknown, message?: string): void {
  api.expect(normalize(actual), message).toEqual(normalize(expected));
}

/** A copy of `row` without `keys` (for comparing rows whose store-assigned fields are checked apart). */
export function omit<T extends object, K extends keyof T>(row: T, ...keys: K[]): Omit<T, K> {
  const out = { ...row } as Record<PropertyKey, unknown>;
  for (const key of keys) delete out[key];
  return out as Omit<T, K>;
}

/** Copies of `rows` without `keys`. */
export function omitAll<T extends object, K extends keyof T>(rows: readonly T[], ...keys: K[]): Omit<T, K>[] {
  return rows.map((row) => omit(row, ...keys));
}

type SortKey = string | number | boolean | null;

function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * A copy of `rows` sorted by the keys `by` returns (for results whose order the interface leaves
 * open). Strings compare by UTF-16 code unit, which is enough for the ASCII keys the suite sorts on.
 */
export function sortBy<T>(rows: readonly T[], by: (row: T) => SortKey | readonly SortKey[]): T[] {
  return [...rows].sort((x, y) => {
    const kx = by(x);
    const ky = by(y);
    const ax = Array.isArray(kx) ? kx : [kx];
    const ay = Array.isArray(ky) ? ky : [ky];
    for (let i = 0; i < Math.max(ax.length, ay.length); i++) {
      const c = compareKeys((ax[i] ?? null) as SortKey, (ay[i] ?? null) as SortKey);
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** Asserts a row id assigned by the store: a positive safe integer. */
export function expectRowId(api: ConformanceApi, id: unknown, message?: string): void {
  api.expect(Number.isSafeInteger(id), message ?? `row id ${String(id)} is a safe integer`).toBe(true);
  api.expect(id as number, message).toBeGreaterThan(0);
}

/** Asserts that every id is a store-assigned row id and that no two are equal. */
export function expectDistinctRowIds(api: ConformanceApi, ids: readonly unknown[]): void {
  for (const id of ids) expectRowId(api, id);
  api.expect(new Set(ids).size, 'row ids are distinct').toBe(ids.length);
}

/**
 * Asserts a timestamp the store stamped between `from` and `to` (seconds, from {@link nowSeconds}),
 * with some slack for a backend whose clock is not the test's.
 */
export function expectStamp(
  api: ConformanceApi,
  value: unknown,
  from: number,
  to: number,
  what = 'stamp',
): void {
  api.expect(Number.isSafeInteger(value), `${what} ${String(value)} is an integer of seconds`).toBe(true);
  api
    .expect(value as number, `${what} is not before the write`)
    .toBeGreaterThanOrEqual(from - STAMP_SLACK_SECONDS);
  api.expect(value as number, `${what} is not after the read`).toBeLessThanOrEqual(to + STAMP_SLACK_SECONDS);
}

/** Asserts that `promise` rejects with a `StorageError`, of `code` when given; returns the error. */
export async function expectStorageError(
  api: ConformanceApi,
  promise: Promise<unknown>,
  code?: StorageErrorCode,
): Promise<unknown> {
  const outcome = await promise.then(
    (value) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  api.expect(outcome.rejected, `expected a rejection${code ? ` with ${code}` : ''}`).toBe(true);
  if (!outcome.rejected) return undefined;
  const error = outcome.error;
  const described = isStorageError(error) ? `${error.code}: ${error.message}` : String(error);
  api.expect(isStorageError(error), `rejected with a StorageError, got ${described}`).toBe(true);
  if (code !== undefined)
    api.expect(isStorageError(error, code), `expected ${code}, got ${described}`).toBe(true);
  return error;
}

/** Asserts that `storage` has a function for each of `names` (one interface's method list). */
export function expectMethods(api: ConformanceApi, storage: object, names: readonly string[]): void {
  const missing = names.filter((name) => typeof (storage as Record<string, unknown>)[name] !== 'function');
  api.expect(missing, 'methods the storage does not expose').toEqual([]);
}

// ─── Batch ──────────────────────────────────────────────────────────────────────────────────────

/** Queues `commands` through the type-erased `sendRaw`, in order, without committing them. */
export async function sendRaw(storage: Async<DriftStorage>, ...commands: BatchCommand[]): Promise<void> {
  for (const command of commands) await storage.sendRaw(command.type, encodeBatchCommand(command));
}

/** Queues `commands` through `sendRaw`, then commits them with `flushSync`; returns its counters. */
export async function sendAndFlush(
  storage: Async<DriftStorage>,
  ...commands: BatchCommand[]
): Promise<WriteStats> {
  await sendRaw(storage, ...commands);
  return storage.flushSync();
}

/**
 * Hang guard of {@link eventually}: the longest it polls. What it waits for normally happens on the
 * next turn of the event loop (well under 10 ms here); a minute of polling is a hang, not slowness.
 */
export const EVENTUALLY_HANG_GUARD_MS = 60_000;

/**
 * Polls `probe` until it answers true, or until the hang guard `timeoutMs` passes; answers whether it
 * became true. Callers assert the answer with a message saying that the limit is a hang guard.
 */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs = EVENTUALLY_HANG_GUARD_MS,
  everyMs = 25,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}
