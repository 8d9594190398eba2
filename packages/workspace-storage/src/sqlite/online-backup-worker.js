// @ts-check
// The worker thread of an online backup (started by online-backup.ts, which waits for it): it opens
// the source read-only with the driver the package uses and runs SQLite's backup API, asking for every
// remaining page in each step, so that the copy is one read transaction: a consistent snapshot that
// concurrent writers cannot restart. Plain JavaScript, so that it runs as it is from src/ and from
// dist/ (the build copies it).
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';

/** @type {{ signal: Int32Array, port: import('node:worker_threads').MessagePort, driver: string, source: string, destination: string, timeoutMs: number }} */
const { signal, port, driver, source, destination, timeoutMs } = workerData;

// Started: the waiting thread stops its start-up guard.
Atomics.store(signal, 1, 1);
Atomics.notify(signal, 1);

/** Posts the outcome, then wakes the waiting thread. @param {{ ok: boolean, message?: string, code?: string }} result */
function finish(result) {
  port.postMessage(result);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/** The outcome of a failure: its message and driver code. @param {unknown} error */
function failure(error) {
  const { message, code } = /** @type {{ message?: unknown, code?: unknown }} */ (error ?? {});
  return { ok: false, message: String(message), ...(typeof code === 'string' ? { code } : {}) };
}

try {
  const Database = createRequire(import.meta.url)(driver);
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: timeoutMs });
  /** Closes the source, then reports. @param {{ ok: boolean, message?: string, code?: string }} result */
  const settle = (result) => {
    try {
      db.close();
    } finally {
      finish(result);
    }
  };
  db.backup(destination, { progress: () => 0x7fffffff }).then(
    () => settle({ ok: true }),
    (/** @type {unknown} */ error) => settle(failure(error)),
  );
} catch (error) {
  finish(failure(error));
}
