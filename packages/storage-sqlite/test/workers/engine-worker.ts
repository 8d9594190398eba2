// A worker thread of the concurrency test: opens its own engine on the shared database file, waits
// for the common start signal, then reads or writes through the engine and reports what it did.
import { parentPort, workerData } from 'node:worker_threads';
import { isStorageError } from '@drift/storage-traits';
import { DriftStorageEngine } from '../../src/engine.js';

interface Job {
  readonly path: string;
  readonly id: number;
  readonly role: 'reader' | 'writer';
  readonly operations: number;
  readonly start: Int32Array;
}

const job = workerData as Job;
const engine = DriftStorageEngine.open(job.path);
Atomics.add(job.start, 1, 1);
Atomics.wait(job.start, 0, 0);

const acknowledged: number[] = [];
const errors: string[] = [];
let reads = 0;
for (let i = 0; i < job.operations; i++) {
  try {
    if (job.role === 'writer') {
      const key = job.id * 100_000 + i;
      engine.insertParseCache(
        new Uint8Array(new Uint32Array([key]).buffer),
        'typescript',
        `{"worker":${job.id},"op":${i}}`,
        Math.floor(Date.now() / 1000),
      );
      acknowledged.push(key);
    } else {
      engine.countParseCache();
      engine.getParseCacheByHash(new Uint8Array(new Uint32Array([i]).buffer));
      engine.loadAllFileMetadata();
      reads += 3;
    }
  } catch (error) {
    errors.push(isStorageError(error) ? `${error.code}: ${error.message}` : String(error));
  }
}
engine.close();
parentPort?.postMessage({ acknowledged, errors, reads });
