import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createBatchWriter } from '@drift/batch-writer';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import type { DriftStorageBackend } from '@drift/storage-traits';
import { afterEach } from 'vitest';
import { createDriftNapi, type DriftAnalyzer, type DriftNapi } from '../../src/index.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A temporary folder removed after the test. */
export function tempFolder(prefix = 'drift-napi-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (path → text) under `root`. */
export function writeTree(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** A DriftNapi over real SQLite engines with the batch writer; the engines it opened are listed. */
export function napiFixture(analyzer?: DriftAnalyzer): {
  napi: DriftNapi;
  engines: DriftStorageBackend[];
  /** The engine of the current runtime. */
  engine(): DriftStorageBackend;
} {
  const engines: DriftStorageEngine[] = [];
  const napi = createDriftNapi({
    storageFactory: (path) => {
      const engine = DriftStorageEngine.open(path, { batchWriter: createBatchWriter });
      engines.push(engine);
      return engine;
    },
    ...(analyzer === undefined ? {} : { analyzer }),
  });
  cleanups.push(() => {
    for (const engine of engines) if (!engine.isClosed()) engine.close();
  });
  return { napi, engines, engine: () => engines.at(-1)! };
}

/** The small project the binding tests scan: three languages and one test file. */
export const PROJECT_FILES: Readonly<Record<string, string>> = {
  'src/app.ts':
    'export function main(): void {\n  helper();\n}\nfunction helper(): number {\n  return 1;\n}\n',
  'src/util.py': 'def util():\n    return 2\n',
  'lib/db.go': 'package db\n\nfunc Open() {}\n',
  'tests/app.test.ts': "import { main } from '../src/app';\nmain();\n",
};

/** A project folder with {@link PROJECT_FILES}, and a drift.db path beside it. */
export function projectFixture(): { root: string; dbPath: string } {
  const base = tempFolder();
  const root = join(base, 'project');
  writeTree(root, PROJECT_FILES);
  return { root, dbPath: join(base, 'drift', 'drift.db') };
}

/** Runs `fn` and returns the error it throws or the rejection of the promise it returns. */
export async function failureOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure, the call succeeded');
}
