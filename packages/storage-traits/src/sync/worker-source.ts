/**
 * The program of the worker thread behind `openBlockingStorage`, as CommonJS source for
 * `new Worker(source, { eval: true })`. It is text, not a module of this package, so that it runs
 * the same from the published JavaScript and from the TypeScript source (where a worker thread of
 * Node 20 cannot load a `.ts` file), and it needs nothing but Node's built-ins: the engine module is
 * the only thing it imports.
 *
 * What it does, in order: imports the `preload` modules, imports the engine module, calls its
 * factory with the options and answers the open; then answers one call at a time. Every answer is
 * posted on the port first and then announced by incrementing slot 0 of the shared signal (and
 * notifying it), so a caller that sees the counter move finds the answer with
 * `receiveMessageOnPort`. When the thread ends for any reason its `exit` handler posts an exit
 * notice (with the uncaught error that ended it, if any), stores the exit code + 1 in slot 1 and
 * announces it the same way, so a waiting caller never waits for a dead thread.
 *
 * Errors travel as plain descriptions: a `StorageError` (recognised by its registered brand, so any
 * copy of the package counts) with its code, message, details and a cloneable cause; anything else
 * with its name, message, stack and Node error code.
 */
export const BLOCKING_WORKER_SOURCE = `'use strict';
const { workerData } = require('node:worker_threads');
const { port, shared, specifier, exportName, options, preload, keepAfterClose } = workerData;
const signal = new Int32Array(shared);
const BRAND = Symbol.for('@drift/storage-traits/StorageError');
let engine = null;
let uncaught = null;

function announce() {
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function cloneable(value) {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function text(value) {
  try {
    return String(value);
  } catch {
    return '(a value that cannot be shown)';
  }
}

function describeError(error) {
  if (error !== null && typeof error === 'object' && error[BRAND] === true && typeof error.code === 'string') {
    const described = { kind: 'storage', code: error.code, message: text(error.message) };
    for (const key of ['operation', 'command', 'field', 'path']) {
      if (typeof error[key] === 'string') described[key] = error[key];
    }
    const cause = error.cause;
    if (cause !== undefined) {
      if (cloneable(cause)) described.cause = cause;
      else described.cause = { kind: 'other', name: text(cause && cause.name), message: text(cause && cause.message !== undefined ? cause.message : cause) };
    }
    return described;
  }
  if (error instanceof Error) {
    return {
      kind: 'other',
      name: text(error.name),
      message: text(error.message),
      stack: typeof error.stack === 'string' ? error.stack : undefined,
      errorCode: typeof error.code === 'string' ? error.code : undefined,
    };
  }
  return { kind: 'other', name: typeof error, message: text(error) };
}

function reply(answer) {
  try {
    port.postMessage(answer);
  } catch (error) {
    port.postMessage({ id: answer.id, ok: false, error: { kind: 'unsendable', message: text(error && error.message) } });
  }
  announce();
}

process.on('uncaughtExceptionMonitor', (error) => {
  uncaught = describeError(error);
});
process.on('exit', (code) => {
  try {
    port.postMessage({ id: -1, exitCode: code, error: uncaught });
  } catch {}
  Atomics.store(signal, 1, code + 1);
  announce();
});

async function open() {
  try {
    for (const module of preload) await import(module);
  } catch (error) {
    return reply({ id: 0, ok: false, stage: 'preload', error: describeError(error) });
  }
  let loaded;
  try {
    loaded = await import(specifier);
  } catch (error) {
    return reply({ id: 0, ok: false, stage: 'import', error: describeError(error) });
  }
  const factory = loaded[exportName];
  if (typeof factory !== 'function') {
    return reply({ id: 0, ok: false, stage: 'export', found: factory === null ? 'null' : typeof factory });
  }
  try {
    const opened = await factory(options);
    if (opened === null || (typeof opened !== 'object' && typeof opened !== 'function')) {
      return reply({ id: 0, ok: false, stage: 'engine', found: opened === null ? 'null' : typeof opened });
    }
    engine = opened;
  } catch (error) {
    return reply({ id: 0, ok: false, stage: 'factory', error: describeError(error) });
  }
  reply({ id: 0, ok: true });
}

async function close(id) {
  let failure = null;
  try {
    if (typeof engine.close === 'function') await engine.close();
  } catch (error) {
    failure = describeError(error);
  }
  const after = {};
  for (const name of keepAfterClose) {
    if (typeof engine[name] !== 'function') continue;
    try {
      const value = await engine[name]();
      if (cloneable(value)) after[name] = value;
    } catch {}
  }
  reply(failure === null ? { id, ok: true, after } : { id, ok: false, error: failure, after });
  port.close();
  process.exit(0);
}

port.on('message', async (request) => {
  const { id, method, args } = request;
  if (method === null) return close(id);
  try {
    const fn = engine[method];
    if (typeof fn !== 'function') return reply({ id, ok: false, error: { kind: 'missing' } });
    const value = await fn.apply(engine, args);
    reply({ id, ok: true, value });
  } catch (error) {
    reply({ id, ok: false, error: describeError(error) });
  }
});

open();
`;
