// The shared storage conformance suite, run on the SQLite engine with this package's writer behind
// its batch methods: once as is (every command through `sendRaw`), and once with `sendRaw` re-routed
// through the typed `sendBatch`, so all 33 commands are written both ways and read back through the
// engine's trait methods with every field compared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ConformanceSubject, driftStorageConformance } from '@drift/storage-conformance';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { DRIFT_STORAGE_METHODS, type DriftStorage, decodeBatchCommand, toAsync } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { createBatchWriter } from '../src/index.js';

function fileSubject(viaSendBatch: boolean): ConformanceSubject {
  const dir = mkdtempSync(join(tmpdir(), 'drift-writer-conformance-'));
  const engine = DriftStorageEngine.open(join(dir, 'drift.db'), { batchWriter: createBatchWriter });
  const storage = toAsync<DriftStorage>(engine, DRIFT_STORAGE_METHODS);
  return {
    storage: viaSendBatch
      ? {
          ...storage,
          sendRaw: async (name: string, payload: Uint8Array) =>
            engine.sendBatch(decodeBatchCommand(name, payload)),
        }
      : storage,
    async close() {
      try {
        engine.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

driftStorageConformance({ describe, it, expect }, async () => fileSubject(false), {
  name: 'DriftStorageEngine + createBatchWriter (sendRaw)',
});

const writerOnly = 'the write paths under test are the batch commands; the other groups ran above';
driftStorageConformance({ describe, it, expect }, async () => fileSubject(true), {
  name: 'DriftStorageEngine + createBatchWriter (sendBatch)',
  files: { skip: true, reason: writerOnly },
  analysis: { skip: true, reason: writerOnly },
  structural: { skip: true, reason: writerOnly },
  enforcement: { skip: true, reason: writerOnly },
  advanced: { skip: true, reason: writerOnly },
  reader: { skip: true, reason: writerOnly },
  pagination: { skip: true, reason: writerOnly },
});
