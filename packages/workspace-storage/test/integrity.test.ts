// Integrity verification and recovery (reference T10-WS-08c, -08d, -08g and hardening cases).
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { digest, fillDriftData, initialized, tempDir, withDb, workspace } from './helpers.js';

/** Overwrites a stretch of pages of a database file with garbage. */
function damage(path: string): void {
  const bytes = readFileSync(path);
  bytes.fill(0x42, 4096 * 4, 4096 * 10);
  writeFileSync(path, bytes);
}

describe('verifyWorkspace', () => {
  it('a fresh workspace is healthy (quick and thorough)', () => {
    const storage = initialized();
    for (const thorough of [false, true]) {
      expect(storage.verifyWorkspace(thorough)).toEqual({
        driftDb: { status: 'ok' },
        cortexDb: { status: 'missing' },
        config: { status: 'ok' },
        backups: {
          totalBackups: 0,
          verifiedBackups: 0,
          corruptedBackups: [],
          orphanedEntries: 0,
          orphanedFiles: 0,
        },
        interruptedReplacement: false,
        overall: { status: 'healthy' },
      });
    }
  });

  it('a drift folder with nothing in it: database and config missing', () => {
    const root = tempDir();
    mkdirSync(join(root, '.drift'));
    const report = workspace(root).verifyWorkspace();
    expect(report.driftDb).toEqual({ status: 'missing' });
    expect(report.config).toEqual({ status: 'missing' });
    expect(report.overall.status).toBe('corrupted');
  });

  it('a missing drift.db with a valid drift.toml', () => {
    const root = tempDir();
    mkdirSync(join(root, '.drift'));
    writeFileSync(join(root, 'drift.toml'), '[workspace]\nname = "test"\n');
    const report = workspace(root).verifyWorkspace();
    expect(report.driftDb).toEqual({ status: 'missing' });
    expect(report.config).toEqual({ status: 'ok' });
  });

  it('counts backups, damaged ones, and registry rows and folders that do not match', () => {
    const storage = initialized();
    const kept = storage.createBackup();
    const damaged = storage.createBackup();
    damage(join(damaged.backupPath, 'drift.db'));
    const stray = join(storage.paths().backupDir, 'backup-stray');
    mkdirSync(stray);
    withDb(storage.paths().dbPath, (db) =>
      db
        .prepare(
          "INSERT INTO backup_registry (id, reason, drift_db_size, schema_version, drift_version, backup_path) VALUES ('gone', 'user_requested', 1, 9, 'x', '/nowhere')",
        )
        .run(),
    );
    const report = storage.verifyWorkspace(true);
    expect(report.backups).toEqual({
      totalBackups: 3,
      verifiedBackups: 1,
      corruptedBackups: expect.arrayContaining([damaged.id, 'backup-stray']),
      orphanedEntries: 1,
      orphanedFiles: 1,
    });
    expect(report.overall).toEqual({ status: 'degraded', issues: ['2 corrupted backups'] });
    expect(report.backups.corruptedBackups).not.toContain(kept.id);
  });

  it('a schema newer than supported is a version mismatch', () => {
    // Initialized by a build that supports 9; verified by one that supports 8.
    const root = initialized().paths().root;
    const storage = workspace(root, { supportedSchemaVersion: 8 });
    expect(storage.verifyWorkspace().driftDb).toEqual({ status: 'versionMismatch', current: 9, expected: 8 });
  });

  it('integrityCheck() reports a damaged drift.db instead of throwing', () => {
    const storage = initialized();
    fillDriftData(storage.paths().dbPath, { detections: 3000 });
    damage(storage.paths().dbPath);
    const result = storage.integrityCheck();
    expect(result.ok).toBe(false);
    expect(result.issues.length).toBeGreaterThan(0);
  });
});

describe('autoRecover', () => {
  it('rewrites a drift.toml that does not parse, keeping the broken one', () => {
    const storage = initialized();
    const { tomlPath } = storage.paths();
    writeFileSync(tomlPath, 'this is { not valid toml');
    const report = storage.verifyWorkspace();
    expect(report.config.status).toBe('parseError');
    expect(report.overall.status).toBe('degraded');
    const recovery = storage.autoRecover(report);
    expect(recovery.success).toBe(true);
    expect(recovery.actionsTaken).toHaveLength(1);
    expect(readFileSync(`${tomlPath}.broken`, 'utf8')).toBe('this is { not valid toml');
    expect(parse(readFileSync(tomlPath, 'utf8'))).toHaveProperty('scan');
    expect(storage.verifyWorkspace().config).toEqual({ status: 'ok' });
  });

  it('replaces a damaged drift.db by the newest sound backup, keeping the damaged file aside', () => {
    const storage = initialized();
    const { dbPath, driftPath } = storage.paths();
    fillDriftData(dbPath, { detections: 3000, functions: 4 });
    storage.createBackup();
    damage(dbPath);
    const report = storage.verifyWorkspace(true);
    expect(report.driftDb.status).toBe('fullCheckFailed');
    expect(report.overall.status).toBe('corrupted');
    const recovery = storage.autoRecover(report);
    expect(recovery.actionsTaken[0]).toMatch(/^Restored drift\.db from backup backup-/);
    expect(storage.integrityCheck()).toEqual({ ok: true, issues: [] });
    expect(storage.workspaceContext().functionCount).toBe(4);
    expect(storage.listBackups()).toHaveLength(1);
    expect(readdirSync(driftPath).some((n) => n.startsWith('drift.db.damaged-'))).toBe(true);
  });

  it('without a sound backup a damaged drift.db is NO_VERIFIED_BACKUP and stays as it is', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    fillDriftData(dbPath, { detections: 3000 });
    damage(dbPath);
    const before = digest(dbPath);
    expect(() => storage.autoRecover(storage.verifyWorkspace(true))).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', workspaceCode: 'NO_VERIFIED_BACKUP' }),
    );
    expect(digest(dbPath)).toBe(before);
  });

  it('puts drift.db back from drift.db.previous after an interrupted replacement', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    const before = digest(dbPath);
    renameSync(dbPath, `${dbPath}.previous`);
    const report = storage.verifyWorkspace();
    expect(report.interruptedReplacement).toBe(true);
    expect(storage.autoRecover(report).actionsTaken).toEqual([
      'Put drift.db back from drift.db.previous after an interrupted import or restore',
    ]);
    expect(digest(dbPath)).toBe(before);
    expect(existsSync(`${dbPath}.previous`)).toBe(false);
  });

  it('removes a leftover drift.db.previous when the new drift.db is in place', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    linkSync(dbPath, `${dbPath}.previous`);
    expect(storage.autoRecover().actionsTaken).toHaveLength(1);
    expect(existsSync(`${dbPath}.previous`)).toBe(false);
    expect(storage.autoRecover()).toEqual({ success: false, actionsTaken: [] });
  });
});
