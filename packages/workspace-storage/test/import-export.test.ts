// Export (VACUUM INTO) and import (verify first, then replace atomically): refused imports leave the
// workspace byte-for-byte as it was (reference T10-WS-08f and hardening cases, rewritten for ours).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { SqliteWorkspaceStorage } from '../src/index.js';
import { createDb, digest, fillDriftData, initialized, tempDir, withDb, workspace } from './helpers.js';

/** Digests of everything in the drift folder, to prove nothing changed. */
function snapshotOf(storage: SqliteWorkspaceStorage): Record<string, string> {
  const { driftPath, backupDir } = storage.paths();
  const files: Record<string, string> = {};
  for (const name of readdirSync(driftPath)) files[name] = digest(join(driftPath, name));
  files['<backups>'] = existsSync(backupDir) ? readdirSync(backupDir).sort().join(',') : '';
  return files;
}

describe('export', () => {
  it('writes a compacted, verified single-file copy and returns its manifest', () => {
    const storage = initialized({ driftVersion: '3.1.4' });
    fillDriftData(storage.paths().dbPath, { functions: 3 });
    const destination = join(tempDir(), 'export.db');
    const manifest = storage.export(destination);
    expect(manifest).toMatchObject({ schemaVersion: 9, driftVersion: '3.1.4', path: destination });
    expect(manifest.sizeBytes).toBe(readFileSync(destination).length);
    const facts = withDb(
      destination,
      (db) => ({
        check: db.pragma('integrity_check', { simple: true }),
        journal: db.pragma('journal_mode', { simple: true }),
        functions: (db.prepare('SELECT COUNT(*) AS n FROM functions').get() as { n: number }).n,
      }),
      true,
    );
    expect(facts).toEqual({ check: 'ok', journal: 'delete', functions: 3 });
  });

  it('binds the path: characters that look like SQL are just part of a file name', () => {
    const storage = initialized();
    const folder = tempDir();
    for (const name of ['export;DROP TABLE workspace_config.db', 'export--comment.db', "it's.db"]) {
      storage.export(join(folder, name));
      expect(existsSync(join(folder, name))).toBe(true);
    }
    expect(storage.status().initialized).toBe(true);
    expect(storage.projectInfo().name).not.toBe('');
  });

  it('refuses the live database and a missing folder, leaving nothing behind', () => {
    const storage = initialized();
    const { dbPath, root } = storage.paths();
    expect(() => storage.export(dbPath)).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', path: dbPath }),
    );
    const missing = join(root, 'nope', 'x.db');
    expect(() => storage.export(missing)).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', path: missing }),
    );
    expect(existsSync(join(root, 'nope'))).toBe(false);
  });
});

describe('import', () => {
  it('replaces drift.db with the source, keeps this workspace’s backup registry, logs an event', () => {
    const source = initialized();
    fillDriftData(source.paths().dbPath, { functions: 5, files: [['x.rs', 'rust']] });
    const exported = join(tempDir(), 'export.db');
    source.export(exported);

    const target = initialized();
    const backup = target.createBackup();
    target.import(exported);
    expect(target.workspaceContext()).toMatchObject({ functionCount: 5, fileCount: 1 });
    expect(target.listBackups().map((b) => b.id)).toEqual([backup.id]);
    const events = withDb(target.paths().dbPath, (db) =>
      db.prepare("SELECT details FROM workspace_events WHERE event_type = 'workspace_import'").all(),
    ) as { details: string }[];
    expect(events.map((e) => JSON.parse(e.details))).toEqual([{ source: exported }]);
    expect(
      readdirSync(target.paths().driftPath).filter((n) => n.includes('.tmp') || n.endsWith('.previous')),
    ).toEqual([]);
  });

  it('into a folder that was never initialized', () => {
    const source = initialized();
    const exported = join(tempDir(), 'e.db');
    source.export(exported);
    const target = workspace();
    target.import(exported);
    expect(target.status()).toMatchObject({ initialized: true, schemaVersion: 9 });
  });

  it('brings an older drift schema up to date through the installer, recording the migration', () => {
    const source = initialized();
    const v8 = join(tempDir(), 'v8.db');
    source.export(v8);
    withDb(v8, (db) => db.exec('DROP TABLE pattern_status; PRAGMA user_version = 8;'));
    const target = initialized();
    target.import(v8);
    expect(target.schemaVersion()).toBe(9);
    expect(target.migrationHistory().at(-1)).toMatchObject({ fromVersion: 8, toVersion: 9, success: true });
    const tables = withDb(target.paths().dbPath, (db) =>
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'pattern_status'").all(),
    );
    expect(tables).toHaveLength(1);
  });

  it('a workspace-only database (no drift schema, version 0) imports into a storage without installer', () => {
    const bare = SqliteWorkspaceStorage.open(tempDir());
    bare.initialize('');
    const exported = join(tempDir(), 'bare.db');
    bare.export(exported);
    const target = SqliteWorkspaceStorage.open(tempDir());
    target.import(exported);
    expect(target.status()).toMatchObject({ initialized: true, schemaVersion: 0 });
  });

  describe('refused sources leave the workspace exactly as it was', () => {
    const refusals: Array<[string, (dir: string) => string, Record<string, unknown>]> = [
      [
        'a file that is not SQLite',
        (dir) => {
          const path = join(dir, 'notes.db');
          writeFileSync(path, 'this is not a database, just text '.repeat(20));
          return path;
        },
        { code: 'CORRUPT', workspaceCode: 'IMPORT_CORRUPTED' },
      ],
      [
        'a corrupt SQLite file (damaged pages)',
        (dir) => {
          const source = initialized();
          fillDriftData(source.paths().dbPath, { detections: 3000 });
          const path = join(dir, 'damaged.db');
          source.export(path);
          const bytes = readFileSync(path);
          bytes.fill(0x7f, 4096 * 3, 4096 * 12);
          writeFileSync(path, bytes);
          return path;
        },
        { code: 'CORRUPT', workspaceCode: 'IMPORT_CORRUPTED' },
      ],
      [
        'a truncated SQLite file',
        (dir) => {
          const source = initialized();
          const path = join(dir, 'short.db');
          source.export(path);
          writeFileSync(path, readFileSync(path).subarray(0, 8192));
          return path;
        },
        { code: 'CORRUPT', workspaceCode: 'IMPORT_CORRUPTED' },
      ],
      [
        'a SQLite database of another application',
        (dir) => {
          const path = join(dir, 'other-app.db');
          createDb(
            path,
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users VALUES (1, 'a@b');",
          );
          return path;
        },
        { code: 'CORRUPT', workspaceCode: 'IMPORT_CORRUPTED' },
      ],
      [
        'an empty SQLite database',
        (dir) => {
          const path = join(dir, 'empty.db');
          createDb(path, 'PRAGMA user_version = 0; CREATE TABLE t (x); DROP TABLE t;');
          return path;
        },
        { code: 'CORRUPT', workspaceCode: 'IMPORT_CORRUPTED' },
      ],
      [
        'a drift database of a newer schema',
        (dir) => {
          const source = initialized();
          const path = join(dir, 'future.db');
          source.export(path);
          withDb(path, (db) => db.pragma('user_version = 10'));
          return path;
        },
        { code: 'SCHEMA_TOO_NEW', workspaceCode: 'SCHEMA_TOO_NEW' },
      ],
    ];

    for (const [what, make, expected] of refusals) {
      it(what, () => {
        const target = initialized();
        fillDriftData(target.paths().dbPath, { functions: 2 });
        target.createBackup();
        const source = make(tempDir());
        const sourceBefore = digest(source);
        const before = snapshotOf(target);
        let caught: unknown;
        try {
          target.import(source);
        } catch (error) {
          caught = error;
        }
        expect(caught).toMatchObject({ ...expected, path: source, operation: 'import' });
        expect((caught as Error).message).toContain(source);
        expect(snapshotOf(target)).toEqual(before);
        expect(digest(source)).toBe(sourceBefore);
        expect(target.workspaceContext().functionCount).toBe(2);
      });
    }

    it('a missing source is NOT_FOUND naming it; a folder or the live database is INVALID_INPUT', () => {
      const target = initialized();
      const before = snapshotOf(target);
      const missing = join(tempDir(), 'missing.db');
      expect(() => target.import(missing)).toThrowError(
        expect.objectContaining({ code: 'NOT_FOUND', path: missing, field: 'source' }),
      );
      const folder = tempDir();
      expect(() => target.import(folder)).toThrowError(
        expect.objectContaining({ code: 'INVALID_INPUT', path: folder }),
      );
      const live = target.paths().dbPath;
      expect(() => target.import(live)).toThrowError(
        expect.objectContaining({ code: 'INVALID_INPUT', path: live }),
      );
      expect(snapshotOf(target)).toEqual(before);
    });
  });

  it('is refused with BUSY while an engine has drift.db open, and the workspace is untouched', () => {
    const source = initialized();
    const exported = join(tempDir(), 'e.db');
    source.export(exported);
    const target = initialized();
    const engine = DriftStorageEngine.open(target.paths().dbPath);
    try {
      const before = digest(target.paths().dbPath);
      expect(() => target.import(exported)).toThrowError(
        expect.objectContaining({ code: 'BUSY', workspaceCode: 'DATABASE_IN_USE' }),
      );
      expect(digest(target.paths().dbPath)).toBe(before);
      expect(engine.countFiles()).toBe(0);
    } finally {
      engine.close();
    }
    target.import(exported);
    expect(target.status().initialized).toBe(true);
  });
});
