import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { tempDbPath } from './helpers/temp.js';

interface Outcome {
  acknowledged: number[];
  errors: string[];
  reads: number;
}

const WORKERS = 20;
const WRITERS = 8;
const OPERATIONS = 150;

function run(path: string, id: number, role: 'reader' | 'writer', start: Int32Array): Promise<Outcome> {
  const worker = new Worker(new URL('./workers/bootstrap.mjs', import.meta.url), {
    workerData: {
      entry: new URL('./engine-worker.ts', import.meta.url).href.replace('/test/', '/test/workers/'),
      path,
      id,
      role,
      operations: OPERATIONS,
      start,
    },
    execArgv: ['--conditions=@drift/source'],
  });
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker ${id} exited with ${code}`)));
  });
}

describe('CT0-B-14: concurrent workers on one database file', () => {
  it('20 workers reading and writing through their own engines: no BUSY reaches a caller, no acknowledged write is lost', async () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close(); // create and migrate once, as an application would
    const start = new Int32Array(new SharedArrayBuffer(8));
    const outcomes = Array.from({ length: WORKERS }, (_, id) =>
      run(path, id, id < WRITERS ? 'writer' : 'reader', start),
    );
    // Release every worker at once, after all have opened their engine (a barrier).
    const failed = Promise.race(outcomes).then(() => undefined);
    const ready = (async () => {
      while (Atomics.load(start, 1) < WORKERS) await new Promise((r) => setTimeout(r, 10));
    })();
    await Promise.race([ready, failed]);
    Atomics.store(start, 0, 1);
    Atomics.notify(start, 0);
    const results = await Promise.all(outcomes);

    expect(results.flatMap((r) => r.errors)).toEqual([]);
    const acknowledged = results.flatMap((r) => r.acknowledged);
    expect(acknowledged).toHaveLength(WRITERS * OPERATIONS);
    expect(results.slice(WRITERS).reduce((n, r) => n + r.reads, 0)).toBe(
      (WORKERS - WRITERS) * OPERATIONS * 3,
    );

    const engine = DriftStorageEngine.open(path);
    expect(engine.countParseCache()).toBe(WRITERS * OPERATIONS);
    for (const key of acknowledged.filter((_, i) => i % 37 === 0)) {
      const row = engine.getParseCacheByHash(new Uint8Array(new Uint32Array([key]).buffer));
      expect(row?.parseResultJson).toBe(`{"worker":${Math.floor(key / 100_000)},"op":${key % 100_000}}`);
    }
    engine.close();
  }); // no timeout of its own: the shared hang guard (tooling/config/vitest.mjs) applies
});
