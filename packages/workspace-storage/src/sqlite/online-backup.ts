// An online backup run synchronously: better-sqlite3 runs SQLite's backup API asynchronously, so a
// worker thread (online-backup-worker.js) runs it while the calling thread waits on a shared signal,
// which keeps `backup()` synchronous like the rest of the interface.
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { StorageError } from '@drift/storage-traits';

/** The worker's module file, beside this one (in src/ and in dist/ alike). */
const WORKER_URL = new URL('./online-backup-worker.js', import.meta.url);

/** Absolute path of the better-sqlite3 entry this module uses, for the backup worker. */
let driverPath: string | null = null;
const resolveDriver = () => {
  driverPath ??= createRequire(import.meta.url).resolve('better-sqlite3');
  return driverPath;
};

/** Runs the online backup of `source` into the new file `destination` on a worker, waiting for it. */
export function onlineBackup(source: string, destination: string, timeoutMs: number): void {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_URL, {
    workerData: { signal, port: port2, driver: resolveDriver(), source, destination, timeoutMs },
    transferList: [port2],
  });
  worker.unref();
  try {
    // A worker that has not started within a minute never will (its thread could not be created).
    if (Atomics.wait(signal, 1, 0, 60_000) === 'timed-out' && Atomics.load(signal, 1) === 0) {
      throw new StorageError('SQLITE_ERROR', 'backup: the backup worker thread did not start', {
        operation: 'backup',
      });
    }
    while (Atomics.load(signal, 0) === 0) Atomics.wait(signal, 0, 0, 1000);
    const reply = receiveMessageOnPort(port1)?.message as
      | { ok: boolean; message?: string; code?: string }
      | undefined;
    if (reply === undefined || !reply.ok) {
      const error = new Error(reply?.message ?? 'the backup worker ended without an answer');
      throw Object.assign(error, reply?.code === undefined ? {} : { code: reply.code });
    }
  } finally {
    port1.close();
    void worker.terminate();
  }
}
