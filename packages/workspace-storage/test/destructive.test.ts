// Destructive operations refuse without the explicit confirmation and back up first (reference
// T10-WS-08a, -08b).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { CONFIRMATION_TOKEN } from '../src/index.js';
import { digest, fillDriftData, initialized, withDb } from './helpers.js';

const refusal = expect.objectContaining({
  code: 'INVALID_INPUT',
  workspaceCode: 'CONFIRMATION_REQUIRED',
  field: 'confirmation',
});

describe('destructive operations', () => {
  it('refuse without the exact DELETE token, changing nothing', () => {
    expect(CONFIRMATION_TOKEN).toBe('DELETE');
    const storage = initialized();
    const { dbPath, driftPath, backupDir } = storage.paths();
    const backup = storage.createBackup();
    const before = [digest(dbPath), readdirSync(driftPath).sort().join(), readdirSync(backupDir).join()];
    for (const token of ['WRONG', 'delete', '', ' DELETE', undefined as unknown as string]) {
      expect(() => storage.resetWorkspace(token)).toThrowError(refusal);
      expect(() => storage.deleteWorkspace(token)).toThrowError(refusal);
      expect(() => storage.deleteBackup(backup.id, token)).toThrowError(refusal);
      expect(() => storage.performDestructiveOperation('purge', token, () => 1)).toThrowError(refusal);
    }
    expect([digest(dbPath), readdirSync(driftPath).sort().join(), readdirSync(backupDir).join()]).toEqual(
      before,
    );
    expect(storage.listBackups()).toHaveLength(1);
  });

  it('reset removes drift.db and the cache after a backup, keeping backups and drift.toml', () => {
    const storage = initialized();
    const { dbPath, cachePath, tomlPath, backupDir } = storage.paths();
    fillDriftData(dbPath, { functions: 3 });
    mkdirSync(cachePath);
    writeFileSync(join(cachePath, 'x'), 'y');
    storage.resetWorkspace('DELETE');
    expect(existsSync(dbPath)).toBe(false);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    expect(existsSync(cachePath)).toBe(false);
    expect(existsSync(tomlPath)).toBe(true);
    const [folder] = readdirSync(backupDir);
    expect(folder).toMatch(/-pre_destructive$/);
    expect(
      withDb(
        join(backupDir, folder!, 'drift.db'),
        (db) => db.prepare('SELECT COUNT(*) AS n FROM functions').get(),
        true,
      ),
    ).toEqual({ n: 3 });
    expect(storage.status().initialized).toBe(false);

    storage.initialize('');
    expect(storage.listBackups().map((b) => b.id)).toEqual([folder]); // re-registered from its manifest
  });

  it('delete removes the drift folder after a final backup', () => {
    const storage = initialized();
    const { driftPath, backupDir, tomlPath } = storage.paths();
    storage.deleteWorkspace('DELETE');
    expect(existsSync(driftPath)).toBe(false);
    expect(readdirSync(backupDir)).toHaveLength(1);
    expect(existsSync(tomlPath)).toBe(true);
    expect(storage.status().initialized).toBe(false);
  });

  it('reset is refused with BUSY while an engine has drift.db open', () => {
    const storage = initialized();
    const engine = DriftStorageEngine.open(storage.paths().dbPath);
    try {
      expect(() => storage.resetWorkspace('DELETE')).toThrowError(
        expect.objectContaining({ code: 'BUSY', workspaceCode: 'DATABASE_IN_USE' }),
      );
      expect(existsSync(storage.paths().dbPath)).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('performDestructiveOperation backs up, runs the operation and logs start and completion', () => {
    const storage = initialized();
    const result = storage.performDestructiveOperation('purge-cache', 'DELETE', () => 'done');
    expect(result).toBe('done');
    const [backup] = storage.listBackups();
    expect(backup?.reason).toBe('pre_destructive');
    const events = withDb(storage.paths().dbPath, (db) =>
      db
        .prepare(
          "SELECT event_type, details FROM workspace_events WHERE event_type LIKE 'destructive%' ORDER BY id",
        )
        .all(),
    ) as { event_type: string; details: string }[];
    expect(events.map((e) => [e.event_type, JSON.parse(e.details)])).toEqual([
      ['destructive_op_start', { operation: 'purge-cache', backup_id: backup!.id }],
      ['destructive_op_complete', { operation: 'purge-cache' }],
    ]);
  });

  it('a failing destructive operation surfaces as a StorageError and logs no completion', () => {
    const storage = initialized();
    expect(() =>
      storage.performDestructiveOperation('explode', 'DELETE', () => {
        throw new Error('boom');
      }),
    ).toThrowError(expect.objectContaining({ code: 'SQLITE_ERROR', operation: 'explode' }));
    const done = withDb(storage.paths().dbPath, (db) =>
      db
        .prepare("SELECT COUNT(*) AS n FROM workspace_events WHERE event_type = 'destructive_op_complete'")
        .get(),
    );
    expect(done).toEqual({ n: 0 });
  });
});
