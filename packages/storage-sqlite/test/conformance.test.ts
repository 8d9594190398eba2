// Runs the shared drift storage conformance suite (@drift/storage-conformance) against
// DriftStorageEngine twice: on a database file in a fresh temporary folder, and in memory, with the
// engine's IDriftServing methods for the `serving` group. Every test gets its own engine, closed (and
// its folder removed) after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConformanceSubject, driftStorageConformance } from '@drift/storage-conformance';
import {
  DRIFT_SERVING_METHODS,
  DRIFT_STORAGE_METHODS,
  type DriftStorage,
  type IDriftServing,
  toAsync,
} from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { testBatchWriter } from './helpers/test-batch-writer.js';

function subject(engine: DriftStorageEngine, cleanup: () => void = () => {}): ConformanceSubject {
  return {
    storage: toAsync<DriftStorage>(engine, DRIFT_STORAGE_METHODS),
    serving: toAsync<IDriftServing>(engine, DRIFT_SERVING_METHODS),
    async close() {
      try {
        engine.close();
      } finally {
        cleanup();
      }
    },
  };
}

driftStorageConformance(
  { describe, it, expect },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-conformance-'));
    const remove = () => rmSync(dir, { recursive: true, force: true });
    try {
      return subject(
        DriftStorageEngine.open(join(dir, 'drift.db'), { batchWriter: testBatchWriter }),
        remove,
      );
    } catch (error) {
      remove();
      throw error;
    }
  },
  { name: 'DriftStorageEngine conformance (temporary file)' },
);

driftStorageConformance(
  { describe, it, expect },
  async () => subject(DriftStorageEngine.openInMemory({ batchWriter: testBatchWriter })),
  { name: 'DriftStorageEngine conformance (in memory)' },
);
