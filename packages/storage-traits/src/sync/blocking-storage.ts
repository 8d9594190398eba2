import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { validateBatchCommand } from '../batch-codec.js';
import { isStorageError, notSupported, StorageError, StorageErrorCode } from '../errors.js';
import { describeValue, quoteText } from '../field-kinds.js';
import { checkMethodArguments } from '../method-arguments.js';
import { DRIFT_STORAGE_BACKEND_METHODS, type DriftStorageBackend } from '../storage.js';
import { BLOCKING_WORKER_SOURCE } from './worker-source.js';

/**
 * The synchronous view of an asynchronous interface: every method returns what the promise of the
 * {@link Async} method resolves to. `Blocking<Async<T>>` of a synchronous interface `T` is `T`'s
 * methods again, which is how a {@link BlockingStorage} of `Async<DriftStorageBackend>` is a
 * `DriftStorageBackend`.
 */
export type Blocking<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Awaited<R>
    : never;
};

/**
 * What {@link openBlockingStorage} needs: where the asynchronous engine's factory is and what to give
 * it. `T` is the synchronous interface the result offers (default {@link DriftStorageBackend}).
 */
export interface OpenBlockingStorageOptions<T extends object = DriftStorageBackend> {
  /**
   * The module that exports the engine's factory, loaded in the worker thread: a `URL`, a URL string
   * (`file:`, `data:`), an absolute or `./`-relative path (relative to the current directory), or a
   * bare package specifier, which the worker resolves from the current directory as `node -e` does.
   * To resolve a package from your own module, pass `import.meta.resolve('@drift/storage-postgres')`.
   */
  readonly module: string | URL;
  /**
   * The export of `module` to call: `(options) => engine` or `(options) => Promise<engine>`, where
   * the engine's methods return promises (an `Async<DriftStorageBackend>`) or values. Default
   * `'default'`.
   */
  readonly exportName?: string;
  /** Given to the factory; must be structured-cloneable (copied to the worker). Default `undefined`. */
  readonly options?: unknown;
  /**
   * The method names the result offers, each a call into the worker. Default
   * `DRIFT_STORAGE_BACKEND_METHODS` (every method of {@link DriftStorageBackend}). `close` is always
   * offered, whether listed or not.
   */
  readonly methods?: readonly (keyof T & string)[];
  /**
   * Modules the worker imports, in order, before `module` (same forms as `module`), e.g. one that
   * registers a TypeScript loader so that a `.ts` engine module can load. Default none.
   */
  readonly preload?: readonly (string | URL)[];
}

/** What a {@link BlockingStorage} adds to the interface it bridges. */
export interface BlockingStorageControls {
  /**
   * Closes the engine in the worker (its `close()`, awaited), then ends the worker. Idempotent. Every
   * later call fails with `CLOSED`, as an engine's calls after close do, except `stats` and `path`,
   * which answer what the engine answered right after its close (as the SQLite engine still answers
   * them). Throws what the engine's `close` threw; the storage counts as closed anyway.
   */
  close(): void;
  /** Whether {@link BlockingStorageControls.close} has run. */
  isClosed(): boolean;
  /** The worker thread's id (`worker.threadId`). */
  readonly threadId: number;
  /** Resolves with the worker's exit code once its thread has ended (after close, or a crash). */
  readonly exited: Promise<number>;
}

/** A synchronous storage running in a worker thread: the methods of `T`, plus the controls. */
export type BlockingStorage<T extends object = DriftStorageBackend> = Blocking<T> & BlockingStorageControls;

/**
 * How long one `Atomics.wait` lasts before the caller looks again whether the worker is still alive.
 * The worker wakes the caller itself for every answer and when it exits, so this is only a second
 * line of defence; it costs nothing while answers come.
 */
const WAIT_SLICE_MS = 1000;

/** Methods answered from what the engine said right after its close. */
const KEEP_AFTER_CLOSE = ['stats', 'path'] as const;

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(StorageErrorCode));

/** The description of an error the worker sends (see worker-source.ts). */
interface ErrorDescription {
  readonly kind: 'storage' | 'other' | 'missing' | 'unsendable';
  readonly code?: string;
  readonly message?: string;
  readonly name?: string;
  readonly stack?: string;
  readonly errorCode?: string;
  readonly operation?: string;
  readonly command?: string;
  readonly field?: string;
  readonly path?: string;
  readonly cause?: unknown;
}

interface Answer {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: ErrorDescription | null;
  readonly stage?: 'preload' | 'import' | 'export' | 'engine' | 'factory';
  readonly found?: string;
  readonly exitCode?: number;
  readonly after?: Record<string, unknown>;
}

/** A URL string for the worker's `import()`: paths become `file:` URLs, bare specifiers stay. */
function moduleSpecifier(module: string | URL, field: string): string {
  if (module instanceof URL) return module.href;
  if (typeof module !== 'string' || module.length === 0) {
    throw new StorageError(
      StorageErrorCode.INVALID_INPUT,
      `openBlockingStorage: ${field} must be a URL, a path or a package specifier, got ${describeValue(module)}`,
      { operation: 'openBlockingStorage', field },
    );
  }
  if (isAbsolute(module) || module.startsWith('./') || module.startsWith('../')) {
    return pathToFileURL(resolve(module)).href;
  }
  return module;
}

function cappedText(value: string | undefined): string {
  return quoteText(value ?? '').slice(1, -1);
}

/** An Error standing for a non-storage error of the worker, with its name, message and stack. */
function foreignError(description: ErrorDescription): Error {
  const error = new Error(description.message ?? '');
  error.name = description.name ?? 'Error';
  if (description.stack !== undefined) error.stack = description.stack;
  if (description.errorCode !== undefined) (error as Error & { code?: string }).code = description.errorCode;
  return error;
}

function causeOf(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && (value as ErrorDescription).kind === 'other') {
    return foreignError(value as ErrorDescription);
  }
  return value;
}

/**
 * The caller's error for an error the engine threw in the worker: a `StorageError` comes back with
 * its code, message and details (and its cause when that could be copied); anything else is wrapped
 * as `SQLITE_ERROR` (the code of an engine failure no other code covers), keeping it as the cause.
 */
function rebuildError(description: ErrorDescription, operation: string): StorageError {
  if (description.kind === 'storage' && description.code !== undefined && KNOWN_CODES.has(description.code)) {
    return new StorageError(description.code as StorageErrorCode, description.message ?? '', {
      ...(description.operation === undefined ? {} : { operation: description.operation }),
      ...(description.command === undefined ? {} : { command: description.command }),
      ...(description.field === undefined ? {} : { field: description.field }),
      ...(description.path === undefined ? {} : { path: description.path }),
      ...(description.cause === undefined ? {} : { cause: causeOf(description.cause) }),
    });
  }
  if (description.kind === 'missing') {
    return notSupported(operation, 'the engine behind this blocking storage has no such method');
  }
  if (description.kind === 'unsendable') {
    return new StorageError(
      StorageErrorCode.SQLITE_ERROR,
      `${operation}: the engine's answer cannot be copied to the calling thread (${cappedText(description.message)}); the engine must answer with plain data`,
      { operation },
    );
  }
  const what =
    description.kind === 'storage'
      ? `a StorageError with the unknown code ${quoteText(description.code ?? '')}: ${cappedText(description.message)}`
      : `${description.name ?? 'Error'}: ${cappedText(description.message)}`;
  return new StorageError(
    StorageErrorCode.SQLITE_ERROR,
    `${operation}: the storage engine failed with ${what}`,
    {
      operation,
      cause: foreignError(description),
    },
  );
}

/**
 * The `INVALID_INPUT` error for arguments the worker cannot be given (a function, a symbol, ...): the
 * error the seam's argument checks give for them when they refuse them (they do for a storage method's
 * arguments and a batch command), otherwise one in their form naming the first argument that cannot be
 * copied.
 */
function uncopyableArguments(operation: string, args: readonly unknown[], cause: unknown): StorageError {
  const checks = [
    () => checkMethodArguments(operation, args),
    () => (operation === 'sendBatch' ? validateBatchCommand(args[0], operation) : undefined),
  ];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      // A method outside the seam's specs throws a plain Error here: then the next check says.
      if (isStorageError(error, StorageErrorCode.INVALID_INPUT)) return error;
    }
  }
  let index = args.findIndex((arg) => {
    try {
      structuredClone(arg);
      return false;
    } catch {
      return true;
    }
  });
  if (index < 0) index = 0;
  const field = `arguments[${index}]`;
  return new StorageError(
    StorageErrorCode.INVALID_INPUT,
    `${operation}: ${field} must be plain data (what structured clone copies: no function, symbol or class instance with private state), got ${describeValue(args[index])}`,
    { operation, field, cause },
  );
}

function closedError(operation: string): StorageError {
  return new StorageError(StorageErrorCode.CLOSED, `${operation} failed: the storage engine is closed`, {
    operation,
  });
}

/** One worker, its port and its signal: the synchronous request/answer loop. */
class BlockingChannel {
  readonly worker: Worker;
  readonly exited: Promise<number>;
  readonly #port: MessagePort;
  readonly #signal: Int32Array;
  readonly #label: string;
  #nextId = 0;
  #busy: string | null = null;
  #closed = false;
  /** Why the worker is gone (its exit notice), or null while it runs. */
  #death: { exitCode: number; error: ErrorDescription | null } | null = null;
  #afterClose: Record<string, unknown> = {};

  constructor(specifier: string, exportName: string, options: unknown, preload: readonly string[]) {
    const shared = new SharedArrayBuffer(8);
    this.#signal = new Int32Array(shared);
    this.#label = quoteText(specifier);
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    let worker: Worker;
    try {
      worker = new Worker(BLOCKING_WORKER_SOURCE, {
        eval: true,
        workerData: {
          port: port2,
          shared,
          specifier,
          exportName,
          options,
          preload,
          keepAfterClose: KEEP_AFTER_CLOSE,
        },
        transferList: [port2],
      });
    } catch (error) {
      port1.close();
      if (error instanceof Error && error.name === 'DataCloneError') {
        throw new StorageError(
          StorageErrorCode.INVALID_INPUT,
          `openBlockingStorage: options must be plain data (what structured clone copies), got ${describeValue(options)} that cannot be copied (${cappedText(error.message)})`,
          { operation: 'openBlockingStorage', field: 'options', cause: error },
        );
      }
      throw error;
    }
    this.worker = worker;
    // The worker never keeps the process alive: its owner closes it. An error that ends it is
    // reported to the waiting caller through the exit notice, so the event is only observed here.
    worker.unref();
    worker.on('error', () => {});
    this.exited = new Promise((resolveExit) => worker.once('exit', resolveExit));
  }

  /** Waits for the open's answer; throws the factory's error, or `UNAVAILABLE` when the worker died. */
  open(): void {
    const answer = this.#wait(0, 'openBlockingStorage');
    if (answer.ok) return;
    this.#closed = true;
    void this.worker.terminate();
    throw this.#openError(answer);
  }

  #openError(answer: Answer): StorageError {
    const operation = 'openBlockingStorage';
    const error = answer.error ?? undefined;
    switch (answer.stage) {
      case 'export':
        return new StorageError(
          StorageErrorCode.INVALID_INPUT,
          `${operation}: exportName must name a function exported by ${this.#label}, got ${answer.found === 'undefined' ? 'no such export' : `an export of type ${answer.found}`}`,
          { operation, field: 'exportName' },
        );
      case 'engine':
        return new StorageError(
          StorageErrorCode.INVALID_INPUT,
          `${operation}: the factory of ${this.#label} must return (or resolve to) the engine object, got ${answer.found === 'undefined' ? 'undefined' : `a value of type ${answer.found}`}`,
          { operation, field: 'module' },
        );
      case 'preload':
      case 'import': {
        const field = answer.stage === 'import' ? 'module' : 'preload';
        const missing = error?.errorCode === 'ERR_MODULE_NOT_FOUND';
        return new StorageError(
          missing ? StorageErrorCode.NOT_FOUND : StorageErrorCode.SQLITE_ERROR,
          `${operation}: the worker could not load ${field === 'module' ? this.#label : 'a preload module'} (${error?.name ?? 'Error'}: ${cappedText(error?.message)}); check the ${field} option`,
          { operation, field, cause: error === undefined ? undefined : foreignError(error) },
        );
      }
      default:
        if (error !== undefined && error.kind === 'storage') return rebuildError(error, operation);
        return new StorageError(
          StorageErrorCode.SQLITE_ERROR,
          `${operation}: the engine factory of ${this.#label} failed with ${error?.name ?? 'Error'}: ${cappedText(error?.message)}`,
          { operation, cause: error === undefined ? undefined : foreignError(error) },
        );
    }
  }

  isClosed(): boolean {
    return this.#closed;
  }

  /** Runs `method(...args)` in the worker and returns its value or throws its error. */
  call(method: string, args: readonly unknown[]): unknown {
    if (this.#closed) {
      if (Object.hasOwn(this.#afterClose, method) && args.length === 0) return this.#afterClose[method];
      throw closedError(method);
    }
    if (this.#death !== null || this.#exitCode() !== null) throw this.#unavailable(method, 'refused');
    this.#enter(method);
    try {
      const id = ++this.#nextId;
      try {
        this.#port.postMessage({ id, method, args });
      } catch (error) {
        throw uncopyableArguments(method, args, error);
      }
      const answer = this.#wait(id, method);
      if (answer.ok) return answer.value;
      throw rebuildError(answer.error ?? { kind: 'other' }, method);
    } finally {
      this.#busy = null;
    }
  }

  /** Closes the engine and ends the worker (see {@link BlockingStorageControls.close}). */
  close(): void {
    if (this.#closed) return;
    if (this.#death !== null || this.#exitCode() !== null) {
      this.#closed = true;
      return;
    }
    this.#enter('close');
    this.#closed = true;
    try {
      const id = ++this.#nextId;
      this.#port.postMessage({ id, method: null, args: [] });
      let answer: Answer;
      try {
        answer = this.#wait(id, 'close');
      } catch (error) {
        void this.worker.terminate();
        throw error;
      }
      this.#afterClose = answer.after ?? {};
      if (!answer.ok) throw rebuildError(answer.error ?? { kind: 'other' }, 'close');
    } finally {
      this.#busy = null;
    }
  }

  #enter(method: string): void {
    if (this.#busy === null) {
      this.#busy = method;
      return;
    }
    // The caller's thread is blocked while a call runs, so the only way in is code the call itself
    // runs on this thread: a getter of its arguments, read while they are copied.
    throw new StorageError(
      StorageErrorCode.INVALID_INPUT,
      `${method}: called while ${this.#busy} on the same blocking storage is still running (from code its arguments run while they are copied, such as a getter); make the calls one after the other`,
      { operation: method },
    );
  }

  /** The worker's exit code once its exit handler ran, else null. */
  #exitCode(): number | null {
    const stored = Atomics.load(this.#signal, 1);
    return stored === 0 ? null : stored - 1;
  }

  #wait(id: number, operation: string): Answer {
    for (;;) {
      const seen = Atomics.load(this.#signal, 0);
      const received = receiveMessageOnPort(this.#port);
      if (received !== undefined) {
        const answer = received.message as Answer;
        if (answer.id === id) return answer;
        if (answer.id === -1) {
          this.#death = { exitCode: answer.exitCode ?? 1, error: answer.error ?? null };
        }
        continue;
      }
      if (this.#death !== null || this.#exitCode() !== null)
        throw this.#unavailable(operation, id === 0 ? 'open' : 'lost');
      Atomics.wait(this.#signal, 0, seen, WAIT_SLICE_MS);
    }
  }

  /**
   * The `UNAVAILABLE` error of a dead worker. `outcome`: the open never finished (`open`), the call
   * was in the worker when it died (`lost`: its effect is unknown), or it was not sent (`refused`).
   */
  #unavailable(operation: string, outcome: 'open' | 'lost' | 'refused'): StorageError {
    const exitCode = this.#death?.exitCode ?? this.#exitCode() ?? 1;
    const reason = this.#death?.error;
    const why =
      reason === null || reason === undefined
        ? `exit code ${exitCode}`
        : `exit code ${exitCode}, after an uncaught ${reason.kind === 'storage' ? `StorageError (${reason.code})` : (reason.name ?? 'error')}: ${cappedText(reason.message)}`;
    const what = {
      open: 'the engine was not opened',
      lost: 'whether this call took effect is unknown',
      refused: 'this call was not performed',
    }[outcome];
    return new StorageError(
      StorageErrorCode.UNAVAILABLE,
      `${operation}: the storage worker of ${this.#label} stopped (${why}); ${what}, and the engine is gone: close this storage and open a new one`,
      {
        operation,
        ...(reason === null || reason === undefined
          ? {}
          : { cause: reason.kind === 'storage' ? rebuildError(reason, operation) : foreignError(reason) }),
      },
    );
  }
}

/**
 * Opens an asynchronous engine in a worker thread and returns a synchronous view of it, for code whose
 * contract is synchronous (`createDriftNapi`'s `storageFactory(path)` returns a `DriftStorageBackend`)
 * running on an engine whose methods return promises (an `Async<DriftStorageBackend>` such as a
 * network engine's).
 *
 * The worker imports `module`, calls its export `exportName` with `options` and waits for the engine.
 * This function blocks until then and throws the factory's error (a `StorageError` as thrown).
 * Afterwards each method posts the call through a `MessagePort`, blocks the calling thread on
 * `Atomics.wait` and takes the answer with `receiveMessageOnPort`: the arguments and the value are
 * copied by structured clone (a `Uint8Array` stays a `Uint8Array`, a Node `Buffer` arrives as a
 * `Uint8Array`, `null`, `bigint` and nested objects and arrays stay what they are). A `StorageError`
 * thrown by the engine, synchronously or by a rejected promise, is thrown with the same code, message
 * and details; any other error becomes `SQLITE_ERROR` with it as the cause; a method the engine
 * lacks is `NOT_SUPPORTED`. Arguments that cannot be copied are `INVALID_INPUT`, as the seam's
 * checks word them. When the worker dies (an uncaught error, `process.exit`), the waiting call and
 * every later one fail with `UNAVAILABLE`; the caller never waits for a dead thread.
 *
 * One call runs at a time and the calling thread does nothing else meanwhile: no timer, I/O callback
 * or promise of the caller runs until the answer is in, and the engine cannot call back into the
 * caller (only data crosses). A call from code that runs while arguments are copied (a getter) is
 * refused with `INVALID_INPUT`. The worker does not keep the process alive: close the storage before
 * the process ends, or what the engine had not committed is lost, as with any engine not closed.
 */
export function openBlockingStorage<T extends object = DriftStorageBackend>(
  options: OpenBlockingStorageOptions<T>,
): BlockingStorage<T> {
  if (typeof options !== 'object' || options === null) {
    throw new StorageError(
      StorageErrorCode.INVALID_INPUT,
      `openBlockingStorage: options must be an object with a module, got ${describeValue(options)}`,
      { operation: 'openBlockingStorage', field: 'options' },
    );
  }
  const specifier = moduleSpecifier(options.module, 'module');
  const exportName = options.exportName ?? 'default';
  if (typeof exportName !== 'string' || exportName.length === 0) {
    throw new StorageError(
      StorageErrorCode.INVALID_INPUT,
      `openBlockingStorage: exportName must be a non-empty string when given, got ${describeValue(exportName)}`,
      { operation: 'openBlockingStorage', field: 'exportName' },
    );
  }
  const preload = (options.preload ?? []).map((module, index) =>
    moduleSpecifier(module, `preload[${index}]`),
  );
  const methods: readonly string[] = options.methods ?? DRIFT_STORAGE_BACKEND_METHODS;
  const channel = new BlockingChannel(specifier, exportName, options.options, preload);
  channel.open();
  const storage: Record<string, unknown> = {};
  for (const method of methods) {
    if (method === 'close' || method === 'isClosed') continue;
    storage[method] = (...args: unknown[]) => channel.call(method, args);
  }
  storage.close = () => channel.close();
  storage.isClosed = () => channel.isClosed();
  Object.defineProperty(storage, 'threadId', { value: channel.worker.threadId, enumerable: true });
  Object.defineProperty(storage, 'exited', { value: channel.exited, enumerable: true });
  return Object.freeze(storage) as unknown as BlockingStorage<T>;
}
