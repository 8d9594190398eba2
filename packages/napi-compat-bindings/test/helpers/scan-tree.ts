import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createBatchWriter } from '@drift/batch-writer';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import type { BatchCommand } from '@drift/storage-traits';

/** A temp directory holding a project tree and a drift.db beside it. */
export interface ScanFixture {
  readonly dir: string;
  readonly root: string;
  readonly engine: DriftStorageEngine;
  write(path: string, content: string | Uint8Array, mtimeSecs?: number): void;
  link(path: string, target: string): void;
  remove(path: string): void;
  setMtime(path: string, secs: number): void;
  reopen(): DriftStorageEngine;
  dispose(): void;
}

export function createScanFixture(): ScanFixture {
  const dir = mkdtempSync(join(tmpdir(), 'drift-scan-'));
  const root = join(dir, 'project');
  mkdirSync(root);
  const dbPath = join(dir, 'drift.db');
  let engine = DriftStorageEngine.open(dbPath, { batchWriter: createBatchWriter });
  const fixture: ScanFixture = {
    dir,
    root,
    get engine() {
      return engine;
    },
    write(path, content, mtimeSecs) {
      const abs = join(root, path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      if (mtimeSecs !== undefined) utimesSync(abs, mtimeSecs, mtimeSecs);
    },
    link(path, target) {
      const abs = join(root, path);
      mkdirSync(dirname(abs), { recursive: true });
      symlinkSync(target, abs);
    },
    remove(path) {
      rmSync(join(root, path), { recursive: true, force: true });
    },
    setMtime(path, secs) {
      utimesSync(join(root, path), secs, secs);
    },
    reopen() {
      engine.close();
      engine = DriftStorageEngine.open(dbPath, { batchWriter: createBatchWriter });
      return engine;
    },
    dispose() {
      try {
        engine.close();
      } catch {
        // already closed
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

/** Wraps an engine so a test can see which batch commands a scan sent (the engine still runs them). */
export function recordingStorage(engine: DriftStorageEngine): {
  storage: DriftStorageEngine;
  commands: BatchCommand[];
} {
  const commands: BatchCommand[] = [];
  const storage = new Proxy(engine, {
    get(target, key) {
      if (key === 'sendBatch') {
        return (command: BatchCommand) => {
          commands.push(command);
          target.sendBatch(command);
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { storage, commands };
}
