// A small asynchronous engine for the tests of `@drift/storage-traits/sync`, loaded by the blocking
// storage's worker thread. Plain JavaScript on purpose: a worker thread of Node 20 loads no
// TypeScript, and the package's source is TypeScript. Its StorageError is a stand-in with the
// package's registered brand, as a second copy of @drift/storage-traits would make.

const BRAND = Symbol.for('@drift/storage-traits/StorageError');

/** An error that `isStorageError` recognises, like one from another copy of the package. */
class FakeStorageError extends Error {
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StorageError';
    this.code = code;
    this.operation = details.operation;
    this.command = details.command;
    this.field = details.field;
    this.path = details.path;
    this[BRAND] = true;
  }
}

const EMPTY_STATS = { fileMetadataRows: 0, flushes: 0, failedCommands: 0 };

/** Opens the fake engine; `options.fail` makes the open fail in one of several ways. */
export async function openFakeEngine(options = {}) {
  await Promise.resolve();
  if (options.fail === 'storage') {
    throw new FakeStorageError('BUSY', 'openFakeEngine: the database is locked by another process', {
      operation: 'open',
      path: options.path,
    });
  }
  if (options.fail === 'plain') throw new RangeError('openFakeEngine: bad options');
  if (options.fail === 'exit') process.exit(7);
  if (options.fail === 'null') return null;
  const files = new Map();
  let closed = false;
  let calls = 0;
  let stats = { ...EMPTY_STATS };
  const open = (operation) => {
    if (closed)
      throw new FakeStorageError('CLOSED', `${operation} failed: the storage engine is closed`, {
        operation,
      });
  };
  return {
    async echo(value) {
      open('echo');
      calls += 1;
      return value;
    },
    async echoAll(...values) {
      open('echoAll');
      return values;
    },
    async countFiles() {
      open('countFiles');
      calls += 1;
      return files.size;
    },
    async preloadMark() {
      return globalThis.preloadMark ?? null;
    },
    async calls() {
      return calls;
    },
    async getFileMetadata(path) {
      open('getFileMetadata');
      if (typeof path !== 'string') {
        throw new FakeStorageError(
          'INVALID_INPUT',
          `getFileMetadata: path must be a string, got ${typeof path}`,
          {
            operation: 'getFileMetadata',
            field: 'path',
          },
        );
      }
      return files.get(path) ?? null;
    },
    sendBatch(command) {
      open('sendBatch');
      for (const row of command.rows) files.set(row.path, { ...row });
      stats = { ...stats, fileMetadataRows: stats.fileMetadataRows + command.rows.length };
    },
    async flushSync() {
      open('flushSync');
      stats = { ...stats, flushes: stats.flushes + 1 };
      return stats;
    },
    stats() {
      return stats;
    },
    path() {
      return options.path ?? null;
    },
    async checkpoint() {
      open('checkpoint');
    },
    throwSync(code, message) {
      throw new FakeStorageError(code, message, {
        operation: 'throwSync',
        field: 'x',
        cause: new Error('the cause'),
      });
    },
    async throwAsync(code, message) {
      await new Promise((resolve) => setImmediate(resolve));
      throw new FakeStorageError(code, message, { operation: 'throwAsync', command: 'InsertDetections' });
    },
    async throwPlain() {
      throw new TypeError('something is not a function');
    },
    throwUncloneableCause() {
      throw new FakeStorageError('NOT_FOUND', 'no such row', { cause: { callback() {} } });
    },
    async throwUnknownCode() {
      throw new FakeStorageError('SOMETHING_NEW', 'a code from a newer copy');
    },
    async answerFunction() {
      return () => 1;
    },
    async crashLater() {
      setImmediate(() => {
        throw new Error('the engine crashed');
      });
      return new Promise(() => {});
    },
    async rejectUnhandled() {
      Promise.reject(new Error('nobody handles this'));
      return new Promise(() => {});
    },
    exitNow(code) {
      process.exit(code);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (options.failClose)
        throw new FakeStorageError('DISK_FULL', 'close: the last batch could not be written');
    },
  };
}

/** Preloaded before the engine module in one test: leaves a mark the engine can report. */
export const notAFactory = 42;
