import {
  type Async,
  DRIFT_READER_METHODS,
  type IDriftReader,
  type MaybeAsync,
  type StorageError,
} from '@drift/storage-traits';
import { type AsyncReadOnlyDriftReader, type DriftReaderMethod, readOnlyReader } from './read-only-reader.js';
import { readerFailure } from './util.js';

/** Views made by {@link asyncReadOnlyReader}, which need no second wrapper. */
const ASYNC_VIEWS = new WeakSet<object>();

/**
 * The asynchronous read-only view of any reader, synchronous or not: what the grounding code is
 * written against, so it runs unchanged on a network backend. A synchronous answer or throw becomes a
 * settled promise.
 */
export function asyncReadOnlyReader(source: MaybeAsync<IDriftReader>): AsyncReadOnlyDriftReader {
  if (ASYNC_VIEWS.has(source)) return source as AsyncReadOnlyDriftReader;
  const view = readOnlyReader(source) as unknown as Record<
    DriftReaderMethod,
    (...args: unknown[]) => unknown
  >;
  const wrapped = Object.create(null) as Record<string, unknown>;
  for (const method of DRIFT_READER_METHODS) {
    const call = view[method];
    const asyncCall = async (...args: unknown[]): Promise<unknown> => call(...args);
    Object.defineProperty(asyncCall, 'name', { value: method });
    wrapped[method] = Object.freeze(asyncCall);
  }
  const asyncView = readOnlyReader(Object.freeze(wrapped) as unknown as Async<IDriftReader>);
  ASYNC_VIEWS.add(asyncView);
  return asyncView;
}

/** At most `limit` tasks at a time; the others wait in order. */
class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.#free = limit;
  }

  /** Runs `task` once a slot is free and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free += 1;
    }
  }
}

/** The answer of one reader call: its value, or the `StorageError` it failed with. */
type ReadOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: StorageError };

/** Issues reader calls: each distinct (method, argument) once per session, at most `limit` in flight. */
export type ReadSession = (method: DriftReaderMethod, argument?: string) => Promise<ReadOutcome>;

/**
 * A read session over an asynchronous reader: calls are bounded by a semaphore and memoised, so a
 * batch that links many memories to the same pattern reads it once, and every memory of the batch sees
 * the same answer. A failed call is remembered too (it is reported, not retried, within the session).
 */
export function readSession(reader: AsyncReadOnlyDriftReader, limit: number): ReadSession {
  const semaphore = new Semaphore(limit);
  const memo = new Map<string, Promise<ReadOutcome>>();
  const methods = reader as unknown as Record<DriftReaderMethod, (...args: unknown[]) => Promise<unknown>>;
  return (method, argument) => {
    const key = argument === undefined ? method : `${method}\u0000${argument}`;
    let pending = memo.get(key);
    if (pending === undefined) {
      pending = semaphore.run(async (): Promise<ReadOutcome> => {
        try {
          const value = await (argument === undefined ? methods[method]() : methods[method](argument));
          return { ok: true, value };
        } catch (error) {
          return { ok: false, error: readerFailure(method, error) };
        }
      });
      memo.set(key, pending);
    }
    return pending;
  };
}
