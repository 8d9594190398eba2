// Registered backups, retention, restore and deletion (reference T10-WS-04 and hardening cases), and a
// backup taken while another process keeps writing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BACKUP_REASONS,
  type BackupReason,
  DEFAULT_BACKUP_CONFIG,
  parseBackupReason,
  parseBackupTier,
  tierOfReason,
} from '../src/index.js';
import {
  createDb,
  digest,
  exited,
  fillDriftData,
  initialized,
  nextMessage,
  spawnWorker,
  withDb,
} from './helpers.js';

/** Sets a workspace_config value directly. */
function setConfig(dbPath: string, key: string, value: string): void {
  withDb(dbPath, (db) =>
    db.prepare('INSERT OR REPLACE INTO workspace_config (key, value) VALUES (?, ?)').run(key, value),
  );
}

/** Reads a workspace_config value directly. */
function getConfig(dbPath: string, key: string): unknown {
  return withDb(
    dbPath,
    (db) => db.prepare('SELECT value FROM workspace_config WHERE key = ?').get(key),
    true,
  );
}

describe('reasons and tiers', () => {
  it('every reason round-trips; unknown text reads as user_requested / operational', () => {
    for (const reason of BACKUP_REASONS) expect(parseBackupReason(reason)).toBe(reason);
    expect(parseBackupReason('whatever')).toBe('user_requested');
    expect(parseBackupTier('daily')).toBe('daily');
    expect(parseBackupTier('weekly')).toBe('weekly');
    expect(parseBackupTier('unknown')).toBe('operational');
  });

  it('safety copies are operational, scheduled ones daily, requested ones weekly', () => {
    const tiers = Object.fromEntries(BACKUP_REASONS.map((r) => [r, tierOfReason(r)]));
    expect(tiers).toEqual({
      version_upgrade: 'operational',
      schema_migration: 'operational',
      pre_destructive: 'operational',
      scheduled: 'daily',
      auto_save: 'daily',
      user_requested: 'weekly',
      ci_export: 'weekly',
    });
  });
});

describe('registered backups', () => {
  it('createBackup writes a verified copy and a manifest, registers it, and listBackups returns it', () => {
    const storage = initialized({ driftVersion: '0.1.0' });
    fillDriftData(storage.paths().dbPath, { functions: 2 });
    const manifest = storage.createBackup('user_requested');
    expect(manifest).toMatchObject({
      reason: 'user_requested',
      tier: 'weekly',
      schemaVersion: 9,
      driftVersion: '0.1.0',
      integrityVerified: true,
      cortexDbSize: null,
    });
    expect(manifest.id).toBe(`backup-${manifest.createdAt}-user_requested`);
    expect(manifest.backupPath).toBe(join(storage.paths().backupDir, manifest.id));
    expect(manifest.driftDbSize).toBe(readFileSync(join(manifest.backupPath, 'drift.db')).length);
    expect(JSON.parse(readFileSync(join(manifest.backupPath, 'manifest.json'), 'utf8'))).toEqual(manifest);
    expect(
      withDb(
        join(manifest.backupPath, 'drift.db'),
        (db) => db.prepare('SELECT COUNT(*) AS n FROM functions').get(),
        true,
      ),
    ).toEqual({ n: 2 });
    expect(storage.listBackups()).toEqual([manifest]);
  });

  it('backs up cortex.db beside drift.db when the workspace has one', () => {
    const storage = initialized();
    createDb(storage.paths().cortexDbPath, 'CREATE TABLE memories (id INTEGER PRIMARY KEY)');
    const manifest = storage.createBackup();
    expect(existsSync(join(manifest.backupPath, 'cortex.db'))).toBe(true);
    expect(manifest.cortexDbSize).toBeGreaterThan(0);
  });

  it('rapid backups get unique ids and list newest first', () => {
    const storage = initialized();
    const ids = [storage.createBackup().id, storage.createBackup().id, storage.createBackup().id];
    expect(new Set(ids).size).toBe(3);
    expect(storage.listBackups().map((b) => b.id)).toEqual([...ids].reverse());
  });

  it('retention keeps the newest backups of each tier', () => {
    const storage = initialized({ backup: { maxOperational: 2, maxDaily: 1, maxWeekly: 1 } });
    const made = (reason: BackupReason, n: number) =>
      Array.from({ length: n }, () => storage.createBackup(reason).id);
    const operational = made('pre_destructive', 4);
    const daily = made('scheduled', 2);
    const weekly = made('user_requested', 1);
    expect(storage.listBackups().map((b) => b.id)).toEqual([
      weekly[0],
      daily[1],
      operational[3],
      operational[2],
    ]);
    expect(readdirSync(storage.paths().backupDir).sort()).toEqual(
      [weekly[0], daily[1], operational[3], operational[2]].sort(),
    );
  });

  it('retention removes the oldest backups while all of them exceed the size limit', () => {
    const storage = initialized();
    const first = storage.createBackup();
    const size = first.driftDbSize;
    const limited = initialized({ backup: { ...DEFAULT_BACKUP_CONFIG, maxTotalSizeMb: 1 } });
    const ids = Array.from(
      { length: Math.ceil((1024 * 1024) / size) + 2 },
      () => limited.createBackup('auto_save').id,
    );
    const kept = limited.listBackups().map((b) => b.id);
    expect(kept.length).toBeLessThan(ids.length);
    expect(kept).toEqual(ids.slice(ids.length - kept.length).reverse());
    expect(kept.length * size).toBeLessThanOrEqual(1024 * 1024 + 2 * 4096);
  });

  it('deleting a backup needs the DELETE token; then folder and row are gone', () => {
    const storage = initialized();
    const manifest = storage.createBackup();
    expect(() => storage.deleteBackup(manifest.id, 'WRONG')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', workspaceCode: 'CONFIRMATION_REQUIRED' }),
    );
    expect(existsSync(manifest.backupPath)).toBe(true);
    storage.deleteBackup(manifest.id, 'DELETE');
    expect(storage.listBackups()).toEqual([]);
    expect(existsSync(manifest.backupPath)).toBe(false);
    expect(() => storage.deleteBackup(manifest.id, 'DELETE')).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', workspaceCode: 'BACKUP_NOT_FOUND' }),
    );
    expect(() => storage.deleteBackup('../../etc', 'DELETE')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('restore', () => {
  it('brings back the data of the backup, after a safety backup, keeping the registry', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    setConfig(dbPath, 'test_key', 'before_backup');
    const manifest = storage.createBackup();
    setConfig(dbPath, 'test_key', 'after_backup');
    storage.restore(manifest.id);
    expect(getConfig(dbPath, 'test_key')).toEqual({ value: 'before_backup' });
    const backups = storage.listBackups();
    expect(backups.map((b) => b.reason).sort()).toEqual(['pre_destructive', 'user_requested']);
    const safety = backups.find((b) => b.reason === 'pre_destructive')!;
    expect(
      withDb(
        join(safety.backupPath, 'drift.db'),
        (db) => db.prepare("SELECT value FROM workspace_config WHERE key = 'test_key'").get(),
        true,
      ),
    ).toEqual({ value: 'after_backup' });
    expect(storage.integrityCheck()).toEqual({ ok: true, issues: [] });
  });

  it('restores cortex.db together with drift.db', () => {
    const storage = initialized();
    const { cortexDbPath } = storage.paths();
    createDb(cortexDbPath, "CREATE TABLE memories (text TEXT); INSERT INTO memories VALUES ('kept');");
    const manifest = storage.createBackup();
    withDb(cortexDbPath, (db) => db.exec("UPDATE memories SET text = 'changed'"));
    storage.restore(manifest.id);
    expect(withDb(cortexDbPath, (db) => db.prepare('SELECT text FROM memories').all(), true)).toEqual([
      { text: 'kept' },
    ]);
  });

  it('an unknown backup is BACKUP_NOT_FOUND', () => {
    expect(() => initialized().restore('nonexistent-backup-id')).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', workspaceCode: 'BACKUP_NOT_FOUND' }),
    );
  });

  it('a damaged backup is refused and the workspace is untouched', () => {
    const storage = initialized();
    const manifest = storage.createBackup();
    const copy = join(manifest.backupPath, 'drift.db');
    const bytes = readFileSync(copy);
    bytes.fill(0x5a, 4096 * 2, 4096 * 6);
    writeFileSync(copy, bytes);
    const before = digest(storage.paths().dbPath);
    expect(() => storage.restore(manifest.id)).toThrowError(
      expect.objectContaining({ code: 'CORRUPT', workspaceCode: 'BACKUP_CORRUPTED' }),
    );
    expect(digest(storage.paths().dbPath)).toBe(before);
    expect(storage.listBackups()).toHaveLength(1);
  });
});

describe('backup(destination) paths', () => {
  it('refuses the live database, a missing parent folder and an existing file, naming path and rule', () => {
    const storage = initialized();
    const { dbPath, root } = storage.paths();
    const before = digest(dbPath);
    const cases: Array<[string, RegExp]> = [
      [dbPath, /would overwrite the live database/],
      [`${dbPath}-wal`, /would overwrite the live database/],
      [join(root, '.drift', '..', '.drift', 'drift.db'), /would overwrite the live database/],
      [join(root, 'missing', 'b.db'), /has no parent folder/],
      [join(root, 'drift.toml'), /already exists/],
      [root, /is an existing folder/],
      ['', /must not be empty/],
    ];
    for (const [destination, rule] of cases) {
      try {
        storage.backup(destination);
        expect.unreachable(destination);
      } catch (error) {
        expect(error).toMatchObject({ code: 'INVALID_INPUT', field: 'destination', path: destination });
        expect((error as Error).message).toMatch(rule);
        if (destination !== '') expect((error as Error).message).toContain(JSON.stringify(destination));
      }
    }
    expect(digest(dbPath)).toBe(before);
    expect(readdirSync(root).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('backup while another process writes', () => {
  it('is a consistent snapshot: it passes the integrity check and holds whole transactions only', async () => {
    const storage = initialized();
    const { dbPath, root } = storage.paths();
    withDb(dbPath, (db) => {
      db.exec(
        'CREATE TABLE pair_a (seq INTEGER PRIMARY KEY, payload TEXT); CREATE TABLE pair_b (seq INTEGER PRIMARY KEY, payload TEXT)',
      );
      fillDriftData(dbPath, { detections: 20_000 }); // a database large enough for the copy to take a while
    });
    const writer = spawnWorker('writer.ts', [dbPath]);
    expect(await nextMessage(writer)).toEqual({ writing: true });
    writer.send('count');
    const { count: before } = await nextMessage<{ count: number }>(writer);

    const destination = join(root, 'hot.db');
    storage.backup(destination);

    writer.send('stop');
    const { count: after } = await nextMessage<{ count: number }>(writer);
    await exited(writer);
    expect(after).toBeGreaterThan(before);
    const copy = withDb(
      destination,
      (db) => ({
        check: db.pragma('integrity_check', { simple: true }),
        a: db.prepare('SELECT COUNT(*) AS n, MAX(seq) AS max FROM pair_a').get() as {
          n: number;
          max: number;
        },
        b: db.prepare('SELECT COUNT(*) AS n, MAX(seq) AS max FROM pair_b').get() as {
          n: number;
          max: number;
        },
        detections: (db.prepare('SELECT COUNT(*) AS n FROM detections').get() as { n: number }).n,
      }),
      true,
    );
    expect(copy.check).toBe('ok');
    expect(copy.a).toEqual(copy.b); // every transaction is in the copy whole, or not at all
    expect(copy.a.n).toBe(copy.a.max); // a prefix of the committed sequence, with no gap
    expect(copy.a.n).toBeGreaterThanOrEqual(before);
    expect(copy.a.n).toBeLessThanOrEqual(after);
    expect(copy.detections).toBe(20_000);
  });
});
