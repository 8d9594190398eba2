// The workspace lock across real processes: a second process gets BUSY at once for initialize,
// import, restore and reset, and a lock left by a killed process is recovered (reference T10-WS-05).
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteWorkspaceStorage } from '../src/index.js';
import { digest, exited, initialized, nextMessage, spawnWorker, tempDir, workspace } from './helpers.js';

const busy = expect.objectContaining({ code: 'BUSY', workspaceCode: 'WORKSPACE_LOCKED' });

describe('the workspace lock between processes', () => {
  it('while another process holds the write lock, initialize/import/restore/reset/backup get BUSY and nothing changes', async () => {
    const storage = initialized();
    const { root, dbPath } = storage.paths();
    const backup = storage.createBackup();
    const exported = join(tempDir(), 'e.db');
    storage.export(exported);
    const before = digest(dbPath);

    const holder = spawnWorker('lock-holder.ts', [root, 'write']);
    expect(await nextMessage(holder)).toMatchObject({ locked: true });
    expect(storage.lockStatus()).toBe('writeLocked');
    expect(() => storage.initialize('')).toThrowError(busy);
    expect(() => storage.import(exported)).toThrowError(busy);
    expect(() => storage.restore(backup.id)).toThrowError(busy);
    expect(() => storage.resetWorkspace('DELETE')).toThrowError(busy);
    expect(() => storage.backup(join(tempDir(), 'b.db'))).toThrowError(busy);
    expect(() => storage.import(exported)).toThrowError(
      /locked by another operation \(process \d+ has held it for 'lock-holder'/,
    );
    expect(digest(dbPath)).toBe(before);
    expect(existsSync(dbPath)).toBe(true);

    holder.send('release');
    expect(await nextMessage(holder)).toEqual({ released: true });
    await exited(holder);
    expect(storage.lockStatus()).toBe('unlocked');
    storage.import(exported);
    storage.restore(backup.id);
    storage.initialize('');
  });

  it('a read lock of another process blocks writers but not other readers', async () => {
    const storage = initialized();
    const holder = spawnWorker('lock-holder.ts', [storage.paths().root, 'read']);
    expect(await nextMessage(holder)).toMatchObject({ locked: true });
    const destination = join(tempDir(), 'b.db');
    expect(storage.backup(destination).sizeBytes).toBeGreaterThan(0);
    expect(() => storage.resetWorkspace('DELETE')).toThrowError(busy);
    holder.send('release');
    await nextMessage(holder);
    await exited(holder);
  });

  it('a lock left by a killed process is released by the operating system', async () => {
    const storage = initialized();
    const holder = spawnWorker('lock-holder.ts', [storage.paths().root, 'write']);
    expect(await nextMessage(holder)).toMatchObject({ locked: true });
    expect(() => storage.initialize('')).toThrowError(busy);
    holder.kill('SIGKILL');
    await exited(holder);
    expect(storage.lockStatus()).toBe('unlocked');
    storage.initialize('');
    storage.resetWorkspace('DELETE');
    expect(storage.status().initialized).toBe(false);
  });

  it('a second process cannot take the lock this process holds', async () => {
    const storage = initialized();
    const guard = storage.acquireLock('write', 'migration');
    const contender = spawnWorker('lock-holder.ts', [storage.paths().root, 'read']);
    expect(await nextMessage(contender)).toEqual({ error: 'BUSY' });
    await exited(contender);
    guard.release();
  });
});

describe('the workspace lock inside one process', () => {
  it('two storages on one workspace exclude each other; holds of one storage nest', () => {
    const root = tempDir();
    const first = workspace(root);
    const second = workspace(root);
    first.initialize('');
    const guard = first.acquireLock('write');
    expect(() => second.initialize('')).toThrowError(busy);
    first.createBackup(); // runs inside the outer hold
    expect(first.lockStatus()).toBe('writeLocked');
    guard.release();
    guard.release();
    second.initialize('');
    expect(second.lockStatus()).toBe('unlocked');
  });

  it('a read hold cannot be upgraded by an operation that needs the write lock', () => {
    const storage = initialized();
    const guard = storage.acquireLock('read');
    expect(() => storage.resetWorkspace('DELETE')).toThrowError(busy);
    guard.release();
  });

  it('lives in .drift/workspace.lock; sequential holds come and go; no drift folder is NOT_INITIALIZED', () => {
    const storage = initialized();
    expect(existsSync(join(storage.paths().driftPath, 'workspace.lock'))).toBe(true);
    for (let i = 0; i < 10; i++) storage.acquireLock('read').release();
    expect(storage.lockStatus()).toBe('unlocked');
    const missing = workspace(join(tempDir(), 'does_not_exist'));
    expect(() => missing.acquireLock('write')).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', workspaceCode: 'NOT_INITIALIZED' }),
    );
    expect(missing.lockStatus()).toBe('unlocked');
  });

  it('close() releases the locks of a storage', () => {
    const root = tempDir();
    mkdirSync(join(root, '.drift'));
    const first = SqliteWorkspaceStorage.open(root);
    first.acquireLock('write');
    first.close();
    SqliteWorkspaceStorage.open(root).initialize('');
  });
});
