import {
  type Async,
  argumentError,
  DRIFT_READER_METHODS,
  type IDriftReader,
  invalidInput,
  type MaybeAsync,
  methodArgumentChecker,
} from '@drift/storage-traits';
import { readerFailure } from './util.js';

/**
 * A synchronous read-only view of drift.db: the 14 {@link IDriftReader} methods and nothing else. The
 * type has no write method, so `view.insertDetections(...)` does not compile.
 */
export type ReadOnlyDriftReader = Readonly<IDriftReader>;

/** The asynchronous read-only view, for a network backend or an engine passed through `toAsync`. */
export type AsyncReadOnlyDriftReader = Async<IDriftReader>;

/** One of the 14 reader method names. */
export type DriftReaderMethod = keyof IDriftReader;

/** Views created by {@link readOnlyReader}; lets a view be passed again without a second wrapper. */
const VIEWS = new WeakSet<object>();

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Returns the read-only view of an {@link IDriftReader} (the SQLite engine, a cloud engine, the test
 * double) or of its {@link Async} form: exactly the 14 reader methods, and nothing else.
 *
 * The view is a frozen object without a prototype whose only own properties are 14 frozen functions;
 * each closes over the source, which no property, prototype or function of the view exposes, so
 * writes neither compile nor can be reached at run time. Arguments are checked (`INVALID_INPUT`)
 * before the source sees them; answers are passed through as the source gives them (a value for a
 * synchronous source, a promise for an asynchronous one); a failure that is not a `StorageError`
 * is wrapped in one. Passing a view returns it unchanged.
 */
export function readOnlyReader(source: AsyncReadOnlyDriftReader): AsyncReadOnlyDriftReader;
export function readOnlyReader(source: ReadOnlyDriftReader): ReadOnlyDriftReader;
export function readOnlyReader(
  source: MaybeAsync<IDriftReader>,
): ReadOnlyDriftReader | AsyncReadOnlyDriftReader;
export function readOnlyReader(
  source: MaybeAsync<IDriftReader>,
): ReadOnlyDriftReader | AsyncReadOnlyDriftReader {
  if ((typeof source !== 'object' && typeof source !== 'function') || source === null) {
    throw argumentError('readOnlyReader', 'source', 'an IDriftReader', source);
  }
  if (VIEWS.has(source)) return source;
  const view = Object.create(null) as Record<string, unknown>;
  for (const method of DRIFT_READER_METHODS) {
    const target: unknown = (source as unknown as Record<string, unknown>)[method];
    if (typeof target !== 'function') {
      throw invalidInput(
        `readOnlyReader: the source has no method '${method}'; an IDriftReader needs all 14 reader methods`,
        { operation: 'readOnlyReader', field: method },
      );
    }
    const checkArguments = methodArgumentChecker(method); // the seam's own checks, as engines run them
    const call = (...args: unknown[]): unknown => {
      checkArguments(args);
      // A copied string list: the source never sees (or keeps) the caller's array.
      const checked = method === 'countMatchingPatterns' ? [[...(args[0] as string[])]] : args;
      let answer: unknown;
      try {
        answer = Reflect.apply(target, source, checked);
      } catch (error) {
        throw readerFailure(method, error);
      }
      if (!isThenable(answer)) return answer;
      return Promise.resolve(answer).catch((error: unknown) => {
        throw readerFailure(method, error);
      });
    };
    Object.defineProperty(call, 'name', { value: method });
    view[method] = Object.freeze(call);
  }
  Object.freeze(view);
  VIEWS.add(view);
  return view as unknown as ReadOnlyDriftReader | AsyncReadOnlyDriftReader;
}

/** True for a view made by {@link readOnlyReader} (in this copy of the package). */
export function isReadOnlyReader(value: unknown): value is ReadOnlyDriftReader | AsyncReadOnlyDriftReader {
  return typeof value === 'object' && value !== null && VIEWS.has(value);
}
