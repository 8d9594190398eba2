import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyWritePragmas, connect } from '../src/sqlite/connection.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("the workspace's connection settings", () => {
  // drift-core workspace/migration.rs `initialize_workspace_db`: WAL, synchronous NORMAL (1),
  // foreign_keys ON, cache_size -8000, mmap_size 268435456, temp_store MEMORY (2).
  it("are the reference workspace's set", () => {
    const folder = mkdtempSync(join(tmpdir(), 'drift-pragmas-'));
    folders.push(folder);
    const db = connect(join(folder, 'drift.db'), 'create', 5000);
    try {
      applyWritePragmas(db);
      const value = (name: string) => db.pragma(name, { simple: true });
      expect([
        value('journal_mode'),
        value('synchronous'),
        value('foreign_keys'),
        value('cache_size'),
        value('mmap_size'),
        value('temp_store'),
      ]).toEqual(['wal', 1, 1, -8000, 268435456, 2]);
    } finally {
      db.close();
    }
  });
});
