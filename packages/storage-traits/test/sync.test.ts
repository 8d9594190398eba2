import {
  checkMethodArguments,
  DRIFT_STORAGE_BACKEND_METHODS,
  type DriftStorageBackend,
  isStorageError,
  type StorageError,
  type WriteStats,
} from '@drift/storage-traits';
import { type BlockingStorage, openBlockingStorage } from '@drift/storage-traits/sync';
import { afterEach, describe, expect, it } from 'vitest';

const ENGINE = new URL('./workers/async-engine.mjs', import.meta.url);

/** The fake engine's own methods, synchronous as the bridge offers them. */
interface FakeEngine {
  echo<T>(value: T): T;
  echoAll(...values: unknown[]): unknown[];
  countFiles(): number;
  calls(): number;
  preloadMark(): string | null;
  getFileMetadata(path: unknown): unknown;
  sendBatch(command: unknown): void;
  flushSync(): Partial<WriteStats>;
  stats(): Partial<WriteStats>;
  path(): string | null;
  throwSync(code: string, message: string): never;
  throwAsync(code: string, message: string): never;
  throwPlain(): never;
  throwUncloneableCause(): never;
  throwUnknownCode(): never;
  answerFunction(): unknown;
  crashLater(): never;
  rejectUnhandled(): never;
  exitNow(code: number): never;
  missingMethod(): never;
}

const FAKE_METHODS = [
  'echo',
  'echoAll',
  'countFiles',
  'calls',
  'preloadMark',
  'getFileMetadata',
  'sendBatch',
  'flushSync',
  'stats',
  'path',
  'throwSync',
  'throwAsync',
  'throwPlain',
  'throwUncloneableCause',
  'throwUnknownCode',
  'answerFunction',
  'crashLater',
  'rejectUnhandled',
  'exitNow',
  'missingMethod',
] as const satisfies readonly (keyof FakeEngine)[];

const opened: { close(): void }[] = [];

function openFake(options: Record<string, unknown> = {}): BlockingStorage<FakeEngine> {
  const storage = openBlockingStorage<FakeEngine>({
    module: ENGINE,
    exportName: 'openFakeEngine',
    options,
    methods: FAKE_METHODS,
  });
  opened.push(storage);
  return storage;
}

/** What `fn` threw, which must be a StorageError. */
function thrown(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw new Error(`expected a StorageError, got ${String(error)}`);
  }
  throw new Error('expected the call to throw');
}

afterEach(() => {
  for (const storage of opened.splice(0)) {
    try {
      storage.close();
    } catch {
      // A test's own close failure was asserted by the test.
    }
  }
});

describe('openBlockingStorage: values', () => {
  it('returns every kind of value structurally equal, Uint8Array, null and bigint included', () => {
    const storage = openFake();
    const values: unknown[] = [
      null,
      0,
      -0,
      1.5,
      Number.MAX_SAFE_INTEGER,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      2n ** 70n,
      '',
      'text with é and 😀',
      true,
      false,
      new Uint8Array([0, 1, 254, 255]),
      new Uint8Array(0),
      [1, null, 'a', [2, [3]]],
      { id: 1, blob: new Uint8Array([9]), nested: { none: null, list: [] } },
      [],
      {},
    ];
    for (const value of values) {
      const answer = storage.echo(value);
      expect(answer).toStrictEqual(value);
      if (value instanceof Uint8Array) expect(answer).toBeInstanceOf(Uint8Array);
    }
    expect(Object.is(storage.echo(-0), -0)).toBe(true);
    expect(storage.echo(undefined)).toBeUndefined();
    expect(storage.echoAll(1, undefined, null)).toStrictEqual([1, undefined, null]);
  });

  it('a Uint8Array that is a view keeps its bytes only', () => {
    const storage = openFake();
    const view = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3);
    const answer = storage.echo(view) as Uint8Array;
    expect([...answer]).toEqual([2, 3]);
    expect(answer.byteLength).toBe(2);
  });

  it('many calls in a row answer in order, each its own', () => {
    const storage = openFake();
    for (let i = 0; i < 2000; i += 1) expect(storage.echo(i)).toBe(i);
    expect(storage.calls()).toBe(2000);
  });

  it('the DriftStorageBackend view offers every backend method and runs what the engine has', () => {
    const storage = openBlockingStorage({
      module: ENGINE,
      exportName: 'openFakeEngine',
      options: { path: '/x.db' },
    });
    opened.push(storage);
    const backend: DriftStorageBackend = storage;
    for (const method of DRIFT_STORAGE_BACKEND_METHODS) expect(typeof backend[method]).toBe('function');
    const row = { path: 'src/a.ts', hash: new Uint8Array([1, 2]), size: 10 };
    backend.sendBatch({ type: 'UpsertFileMetadata', rows: [row] } as never);
    expect(backend.countFiles()).toBe(1);
    expect(backend.getFileMetadata('src/a.ts')).toStrictEqual(row);
    expect(backend.getFileMetadata('src/none.ts')).toBeNull();
    expect(backend.flushSync()).toStrictEqual({ fileMetadataRows: 1, flushes: 1, failedCommands: 0 });
    expect(backend.stats()).toStrictEqual({ fileMetadataRows: 1, flushes: 1, failedCommands: 0 });
    expect(backend.path()).toBe('/x.db');
    backend.checkpoint();
    // A method the engine does not have is NOT_SUPPORTED, which DriftRuntime treats as "nothing to do".
    const missing = thrown(() => backend.queryAllViolations());
    expect(missing.code).toBe('NOT_SUPPORTED');
    expect(missing.message).toMatch(/^operation 'queryAllViolations' is not supported: /);
  });
});

describe('openBlockingStorage: errors', () => {
  it('a StorageError thrown synchronously in the worker arrives with its code, message, details and cause', () => {
    const storage = openFake();
    const error = thrown(() => storage.throwSync('READ_ONLY', 'throwSync: the connection is read-only'));
    expect(error.code).toBe('READ_ONLY');
    expect(error.message).toBe('throwSync: the connection is read-only');
    expect(error.name).toBe('StorageError');
    expect(error.operation).toBe('throwSync');
    expect(error.field).toBe('x');
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe('the cause');
  });

  it('a StorageError of a rejected promise arrives the same way', () => {
    const storage = openFake();
    const error = thrown(() => storage.throwAsync('BUSY', 'throwAsync: try again later'));
    expect([error.code, error.message, error.operation, error.command]).toEqual([
      'BUSY',
      'throwAsync: try again later',
      'throwAsync',
      'InsertDetections',
    ]);
    expect(error.cause).toBeUndefined();
  });

  it("an engine's argument check error arrives unchanged", () => {
    const storage = openFake();
    const error = thrown(() => storage.getFileMetadata(42));
    expect([error.code, error.message, error.field]).toEqual([
      'INVALID_INPUT',
      'getFileMetadata: path must be a string, got number',
      'path',
    ]);
  });

  it('a cause that cannot be copied arrives as an Error with what it said', () => {
    const storage = openFake();
    const error = thrown(() => storage.throwUncloneableCause());
    expect([error.code, error.message]).toEqual(['NOT_FOUND', 'no such row']);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('any other error is SQLITE_ERROR naming the method and the error, kept as the cause', () => {
    const storage = openFake();
    const error = thrown(() => storage.throwPlain());
    expect(error.code).toBe('SQLITE_ERROR');
    expect(error.message).toBe(
      'throwPlain: the storage engine failed with TypeError: something is not a function',
    );
    expect((error.cause as Error).name).toBe('TypeError');
    const unknown = thrown(() => storage.throwUnknownCode());
    expect(unknown.code).toBe('SQLITE_ERROR');
    expect(unknown.message).toBe(
      'throwUnknownCode: the storage engine failed with a StorageError with the unknown code "SOMETHING_NEW": a code from a newer copy',
    );
  });

  it('an answer that cannot be copied back is SQLITE_ERROR, and the storage stays usable', () => {
    const storage = openFake();
    const error = thrown(() => storage.answerFunction());
    expect(error.code).toBe('SQLITE_ERROR');
    expect(error.message).toMatch(
      /^answerFunction: the engine's answer cannot be copied to the calling thread /,
    );
    expect(storage.echo('still here')).toBe('still here');
  });

  it('arguments that cannot be copied are INVALID_INPUT as the seam words them; nothing reaches the engine', () => {
    const storage = openBlockingStorage({ module: ENGINE, exportName: 'openFakeEngine' });
    opened.push(storage);
    const fn = () => 'x';
    const error = thrown(() => storage.getFileMetadata(fn as never));
    const expected = thrown(() => checkMethodArguments('getFileMetadata', [fn]));
    expect([error.code, error.message, error.field]).toEqual([
      expected.code,
      expected.message,
      expected.field,
    ]);
    const symbol = thrown(() => storage.getFileMetadata(Symbol('s') as never));
    expect(symbol.code).toBe('INVALID_INPUT');
    expect(symbol.message).toBe('getFileMetadata: path must be a string, got a symbol');
    const batch = thrown(() =>
      storage.sendBatch({ type: 'UpsertFileMetadata', rows: [{ path: fn }] } as never),
    );
    expect(batch.code).toBe('INVALID_INPUT');
    expect(batch.message).toMatch(/^sendBatch: UpsertFileMetadata rows\[0\]\.path must be /);
    expect(storage.countFiles()).toBe(0);
  });

  it('a method outside the seam with an argument that cannot be copied names the argument', () => {
    const storage = openFake();
    const error = thrown(() => storage.echoAll(1, { callback: () => 1 }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.field).toBe('arguments[1]');
    expect(error.message).toMatch(/^echoAll: arguments\[1\] must be plain data \(.*\), got an object$/);
    expect(storage.calls()).toBe(0);
  });

  it('a call made while the arguments of another are copied (a getter) is refused: no re-entrancy', () => {
    const storage = openFake();
    let inner: unknown = null;
    const argument = {
      get value() {
        try {
          storage.countFiles();
        } catch (error) {
          inner = error;
        }
        return 1;
      },
    };
    expect(storage.echo(argument)).toStrictEqual({ value: 1 });
    expect(isStorageError(inner, 'INVALID_INPUT')).toBe(true);
    expect((inner as StorageError).message).toMatch(
      /^countFiles: called while echo on the same blocking storage is still running /,
    );
    expect(storage.countFiles()).toBe(0);
  });
});

describe('openBlockingStorage: open', () => {
  it('throws the factory StorageError as thrown', () => {
    const error = thrown(() =>
      openBlockingStorage({
        module: ENGINE,
        exportName: 'openFakeEngine',
        options: { fail: 'storage', path: '/p' },
      }),
    );
    expect([error.code, error.message, error.operation, error.path]).toEqual([
      'BUSY',
      'openFakeEngine: the database is locked by another process',
      'open',
      '/p',
    ]);
  });

  it('wraps any other failure of the factory, names a missing export and refuses a missing engine', () => {
    const plain = thrown(() =>
      openBlockingStorage({ module: ENGINE, exportName: 'openFakeEngine', options: { fail: 'plain' } }),
    );
    expect(plain.code).toBe('SQLITE_ERROR');
    expect(plain.message).toMatch(
      /^openBlockingStorage: the engine factory of ".*async-engine\.mjs" failed with RangeError: openFakeEngine: bad options$/,
    );
    const noExport = thrown(() => openBlockingStorage({ module: ENGINE, exportName: 'nope' }));
    expect([noExport.code, noExport.field]).toEqual(['INVALID_INPUT', 'exportName']);
    expect(noExport.message).toMatch(/exportName must name a function exported by ".*", got no such export$/);
    const notFunction = thrown(() => openBlockingStorage({ module: ENGINE, exportName: 'notAFactory' }));
    expect(notFunction.message).toMatch(/got an export of type number$/);
    const nothing = thrown(() =>
      openBlockingStorage({ module: ENGINE, exportName: 'openFakeEngine', options: { fail: 'null' } }),
    );
    expect(nothing.message).toMatch(
      /must return \(or resolve to\) the engine object, got a value of type null$/,
    );
  });

  it('a module that does not exist is NOT_FOUND', () => {
    const error = thrown(() =>
      openBlockingStorage({ module: new URL('./workers/none.mjs', import.meta.url) }),
    );
    expect([error.code, error.field]).toEqual(['NOT_FOUND', 'module']);
    expect(error.message).toMatch(/^openBlockingStorage: the worker could not load ".*none\.mjs" \(Error: /);
  });

  it('options that cannot be copied are INVALID_INPUT', () => {
    const error = thrown(() => openBlockingStorage({ module: ENGINE, options: { onRow: () => 1 } }));
    expect([error.code, error.field]).toEqual(['INVALID_INPUT', 'options']);
    expect(error.message).toMatch(/^openBlockingStorage: options must be plain data /);
  });

  it('imports the preload modules first', () => {
    const storage = openBlockingStorage<FakeEngine>({
      module: ENGINE,
      exportName: 'openFakeEngine',
      methods: FAKE_METHODS,
      preload: [new URL('./workers/preload-mark.mjs', import.meta.url)],
    });
    opened.push(storage);
    expect(storage.preloadMark()).toBe('preloaded');
    expect(openFake().preloadMark()).toBeNull();
  });

  it('a preloaded loader lets the worker run a TypeScript engine that throws the real StorageError', () => {
    const storage = openBlockingStorage<{ answer(): number; refuse(): never }>({
      module: new URL('./workers/ts-engine.ts', import.meta.url),
      exportName: 'openTsEngine',
      options: { answer: 42 },
      methods: ['answer', 'refuse'],
      preload: [new URL('./workers/register-tsx.mjs', import.meta.url)],
    });
    opened.push(storage);
    expect(storage.answer()).toBe(42);
    const error = thrown(() => storage.refuse());
    expect([error.code, error.message, error.operation]).toEqual([
      'READ_ONLY',
      'refuse: this engine only reads',
      'refuse',
    ]);
    expect(error.cause).toBeInstanceOf(RangeError);
    expect((error.cause as Error).message).toBe('the inner reason');
  });

  it('a worker that exits while opening is UNAVAILABLE', () => {
    const error = thrown(() =>
      openBlockingStorage({ module: ENGINE, exportName: 'openFakeEngine', options: { fail: 'exit' } }),
    );
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(
      /^openBlockingStorage: the storage worker of ".*" stopped \(exit code 7\); the engine was not opened/,
    );
  });
});

describe('openBlockingStorage: a worker that dies', () => {
  it('an uncaught error during a call: the call and every later one fail with UNAVAILABLE', async () => {
    const storage = openFake();
    const error = thrown(() => storage.crashLater());
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(
      /^crashLater: the storage worker of ".*" stopped \(exit code 1, after an uncaught Error: the engine crashed\); whether this call took effect is unknown, and the engine is gone: close this storage and open a new one$/,
    );
    expect((error.cause as Error).message).toBe('the engine crashed');
    const later = thrown(() => storage.countFiles());
    expect(later.code).toBe('UNAVAILABLE');
    expect(later.message).toMatch(
      /^countFiles: the storage worker of ".*" stopped \(exit code 1, after an uncaught Error: the engine crashed\); this call was not performed, /,
    );
    expect(await storage.exited).toBe(1);
    storage.close();
    expect(storage.isClosed()).toBe(true);
    expect(thrown(() => storage.countFiles()).code).toBe('CLOSED');
  });

  it('an unhandled rejection in the worker is UNAVAILABLE too', () => {
    const storage = openFake();
    const error = thrown(() => storage.rejectUnhandled());
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/after an uncaught Error: nobody handles this\)/);
  });

  it('process.exit in the worker during a call is UNAVAILABLE with the exit code', async () => {
    const storage = openFake();
    const error = thrown(() => storage.exitNow(3));
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/stopped \(exit code 3\); whether this call took effect is unknown/);
    expect(await storage.exited).toBe(3);
  });
});

describe('openBlockingStorage: close', () => {
  it('closes the engine, ends the worker, and later calls fail with CLOSED as the engines say it', async () => {
    const storage = openFake({ path: '/db' });
    storage.sendBatch({ type: 'UpsertFileMetadata', rows: [{ path: 'a' }] });
    expect(storage.isClosed()).toBe(false);
    storage.close();
    expect(storage.isClosed()).toBe(true);
    expect(await storage.exited).toBe(0);
    const error = thrown(() => storage.countFiles());
    expect([error.code, error.message, error.operation]).toEqual([
      'CLOSED',
      'countFiles failed: the storage engine is closed',
      'countFiles',
    ]);
    // As on the SQLite engine, the counters and the path still answer after close.
    expect(storage.stats()).toStrictEqual({ fileMetadataRows: 1, flushes: 0, failedCommands: 0 });
    expect(storage.path()).toBe('/db');
    storage.close();
  });

  it("throws what the engine's close threw, and counts as closed anyway", async () => {
    const storage = openFake({ failClose: true });
    const error = thrown(() => storage.close());
    expect([error.code, error.message]).toEqual(['DISK_FULL', 'close: the last batch could not be written']);
    expect(storage.isClosed()).toBe(true);
    expect(await storage.exited).toBe(0);
    expect(thrown(() => storage.echo(1)).code).toBe('CLOSED');
  });
});
