// CT0-B-11..13: SqliteWorkspaceStorage through IWorkspaceStorage, on real files in temp folders.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type IWorkspaceStorage, isStorageError, WORKSPACE_STORAGE_METHODS } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { SqliteWorkspaceStorage } from '../src/index.js';
import { fillDriftData, initialized, tempDir, withDb, workspace, writeFiles } from './helpers.js';

describe('CT0-B-11: open on a temp dir -> initialize() -> status() says initialized', () => {
  it('reports not initialized before and initialized after, with the database path and drift schema 9', () => {
    const root = tempDir();
    const storage: IWorkspaceStorage = workspace(root);
    expect(storage.status()).toEqual({
      initialized: false,
      dbPath: join(root, '.drift', 'drift.db'),
      schemaVersion: 0,
      fileCount: 0,
      dbSizeBytes: 0,
      walSizeBytes: 0,
    });
    storage.initialize('');
    const status = storage.status();
    expect(status.initialized).toBe(true);
    expect(status.dbPath).toBe(join(root, '.drift', 'drift.db'));
    expect(status.schemaVersion).toBe(9);
    expect(status.fileCount).toBe(0);
    expect(status.dbSizeBytes).toBe(statSync(join(root, '.drift', 'drift.db')).size);
  });

  it('without a drift schema installer the workspace tables stand alone at schema version 0', () => {
    const storage = SqliteWorkspaceStorage.open(tempDir());
    storage.initialize('');
    expect(storage.status()).toMatchObject({ initialized: true, schemaVersion: 0, fileCount: 0 });
    expect(storage.schemaVersion()).toBe(0);
    expect(storage.projectInfo()).toMatchObject({
      totalFiles: 0,
      totalFunctions: 0,
      totalPatterns: 0,
      lastScanAt: null,
    });
  });

  it('implements every method of IWorkspaceStorage', () => {
    const storage = workspace();
    for (const method of WORKSPACE_STORAGE_METHODS) expect(typeof storage[method]).toBe('function');
  });
});

describe('CT0-B-12: initialize -> insert data -> backup(dest) -> integrity check on the backup -> clean', () => {
  it('the backup holds the data and passes the integrity check of a storage opened on it', () => {
    const storage = initialized();
    const { dbPath, root } = storage.paths();
    fillDriftData(dbPath, { files: [['src/a.ts', 'typescript']], functions: 3, detections: 2 });

    const destination = join(root, 'backup.db');
    const result = storage.backup(destination);
    expect(result.destination).toBe(destination);
    expect(result.sizeBytes).toBe(statSync(destination).size);
    expect(result.sizeBytes).toBeGreaterThan(0);

    const restoredRoot = tempDir();
    const copy = SqliteWorkspaceStorage.open(restoredRoot);
    copy.import(destination);
    expect(copy.integrityCheck()).toEqual({ ok: true, issues: [] });
    expect(copy.workspaceContext()).toMatchObject({ fileCount: 1, functionCount: 3, detectionCount: 2 });
    const journal = withDb(destination, (db) => db.pragma('journal_mode', { simple: true }), true);
    expect(journal).toBe('delete'); // one self-contained file
    expect(withDb(destination, (db) => db.pragma('integrity_check', { simple: true }), true)).toBe('ok');
  });
});

describe('CT0-B-13: the reference workspace-engine behaviours', () => {
  it('schemaVersion() is drift’s schema version', () => {
    expect(initialized().schemaVersion()).toBe(9);
  });

  it('projectInfo() on a fresh workspace: empty counts, the project name and root', () => {
    const storage = initialized();
    const { root } = storage.paths();
    expect(storage.projectInfo()).toEqual({
      rootPath: root,
      name: root.split('/').pop(),
      languageBreakdown: [],
      totalFiles: 0,
      totalFunctions: 0,
      totalPatterns: 0,
      lastScanAt: null,
    });
  });

  it('projectInfo() and workspaceContext() count drift data, files per language most first', () => {
    const storage = initialized();
    fillDriftData(storage.paths().dbPath, {
      files: [
        ['a.ts', 'typescript'],
        ['b.ts', 'typescript'],
        ['c.py', 'python'],
        ['README', null],
      ],
      functions: 4,
      patterns: 2,
      boundaries: 3,
      detections: 5,
      scans: [1_700_000_000, 1_700_000_500],
    });
    expect(storage.projectInfo()).toMatchObject({
      languageBreakdown: [
        ['typescript', 2],
        ['python', 1],
      ],
      totalFiles: 4,
      totalFunctions: 4,
      totalPatterns: 2,
      lastScanAt: 1_700_000_500,
    });
    expect(storage.workspaceContext()).toMatchObject({
      fileCount: 4,
      functionCount: 4,
      patternCount: 2,
      boundaryCount: 3,
      detectionCount: 5,
    });
  });

  it('detected languages without tracked files are listed with 0 files', () => {
    const root = tempDir();
    const storage = workspace(root);
    writeFiles(root, { 'tsconfig.json': '{}', 'go.mod': 'module x\n' });
    storage.initialize(root);
    fillDriftData(storage.paths().dbPath, { files: [['main.go', 'go']] });
    expect(storage.projectInfo().languageBreakdown).toEqual([
      ['go', 1],
      ['typescript', 0],
    ]);
    expect(storage.workspaceContext().languages).toEqual(['typescript', 'go']);
  });

  it('gc() on a fresh workspace checkpoints the WAL and removes nothing', () => {
    expect(initialized().gc()).toEqual({
      orphanFilesRemoved: 0,
      staleCacheEntriesRemoved: 0,
      walCheckpointed: true,
      freedBytes: 0,
    });
  });

  it('export() then import() into a new workspace: the data arrives and the workspace works', () => {
    const storage = initialized();
    fillDriftData(storage.paths().dbPath, { functions: 7 });
    const exported = join(tempDir(), 'export.db');
    storage.export(exported);
    expect(existsSync(exported)).toBe(true);

    const other = workspace();
    other.import(exported);
    expect(other.status()).toMatchObject({ initialized: true, schemaVersion: 9 });
    expect(other.workspaceContext().functionCount).toBe(7);
  });

  it('integrityCheck() on a missing database reports not ok with an issue', () => {
    const result = workspace().integrityCheck();
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatch(/drift\.db does not exist/);
  });

  it('methods that need a database fail with NOT_FOUND before initialize()', () => {
    const storage = workspace();
    const calls: Array<[string, () => unknown]> = [
      ['projectInfo', () => storage.projectInfo()],
      ['workspaceContext', () => storage.workspaceContext()],
      ['gc', () => storage.gc()],
      ['schemaVersion', () => storage.schemaVersion()],
    ];
    for (const [operation, call] of calls) {
      expect(call).toThrowError(
        expect.objectContaining({ code: 'NOT_FOUND', workspaceCode: 'NOT_INITIALIZED', operation }),
      );
    }
    expect(() => storage.backup(join(tempDir(), 'b.db'))).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('arguments of the wrong type are INVALID_INPUT naming the argument', () => {
    const storage = initialized();
    try {
      storage.backup(42 as unknown as string);
      expect.unreachable();
    } catch (error) {
      expect(isStorageError(error, 'INVALID_INPUT')).toBe(true);
      expect((error as { field?: string }).field).toBe('destination');
    }
  });

  it('initialize(path) accepts its own root and refuses another folder', () => {
    const root = tempDir();
    const storage = workspace(root);
    storage.initialize(root);
    expect(storage.status().initialized).toBe(true);
    expect(() => storage.initialize(tempDir())).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'path' }),
    );
  });

  it('every call after close() fails with CLOSED', () => {
    const storage = initialized();
    storage.close();
    storage.close();
    expect(() => storage.status()).toThrowError(expect.objectContaining({ code: 'CLOSED' }));
  });
});
