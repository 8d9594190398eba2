// Workspace initialization (reference T10-WS-01, -02, -11 and the hardening cases), on real folders.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DRIFT_WORKSPACE_TABLES } from '@drift/storage-traits/sqlite';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { isInitialized, SqliteWorkspaceStorage } from '../src/index.js';
import { digest, tempDir, withDb, workspace, writeFiles } from './helpers.js';

describe('workspace initialization', () => {
  it('creates the drift folder, drift.db, the backup folder and drift.toml, and says it is new', () => {
    const root = tempDir();
    const info = workspace(root).initialize(root);
    expect(info).toEqual({
      rootPath: root,
      driftPath: join(root, '.drift'),
      schemaVersion: 9,
      isNew: true,
      languages: [],
      frameworks: [],
    });
    for (const path of ['.drift', '.drift/drift.db', '.drift-backups', 'drift.toml']) {
      expect(existsSync(join(root, path))).toBe(true);
    }
  });

  it('creates every workspace table next to drift’s own tables, in WAL mode with incremental auto-vacuum', () => {
    const storage = workspace();
    storage.initialize('');
    const { tables, journal, autoVacuum } = withDb(
      storage.paths().dbPath,
      (db) => ({
        tables: (
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
        ).map((r) => r.name),
        journal: db.pragma('journal_mode', { simple: true }),
        autoVacuum: db.pragma('auto_vacuum', { simple: true }),
      }),
      true,
    );
    for (const table of [...DRIFT_WORKSPACE_TABLES, 'file_metadata', 'functions', 'detections']) {
      expect(tables).toContain(table);
    }
    expect(journal).toBe('wal');
    expect(autoVacuum).toBe(2);
  });

  it('is idempotent: the second run is not new, keeps data and reports the recorded detection', () => {
    const root = tempDir();
    writeFiles(root, { 'tsconfig.json': '{}' });
    const storage = workspace(root);
    expect(storage.initialize('').isNew).toBe(true);
    withDb(storage.paths().dbPath, (db) =>
      db.prepare("INSERT INTO workspace_config (key, value) VALUES ('kept', 'yes')").run(),
    );
    const again = storage.initialize('');
    expect(again).toMatchObject({ isNew: false, languages: ['typescript'], schemaVersion: 9 });
    expect(
      withDb(storage.paths().dbPath, (db) =>
        db.prepare("SELECT value FROM workspace_config WHERE key = 'kept'").get(),
      ),
    ).toEqual({ value: 'yes' });
    expect(storage.listProjects()).toHaveLength(1);
  });

  it('records the configuration: name, root, versions, detected languages and frameworks', () => {
    const root = tempDir();
    writeFiles(root, {
      'package.json': JSON.stringify({ dependencies: { react: '^18', express: '^4' } }),
      'requirements.txt': 'Django>=4\n',
    });
    const storage = workspace(root, { driftVersion: '2.0.0-test' });
    storage.initialize('');
    const config = withDb(
      storage.paths().dbPath,
      (db) =>
        Object.fromEntries(
          (
            db.prepare('SELECT key, value FROM workspace_config').all() as { key: string; value: string }[]
          ).map((r) => [r.key, r.value]),
        ),
      true,
    );
    expect(config).toEqual({
      project_name: basename(root),
      root_path: root,
      drift_version: '2.0.0-test',
      schema_version: '9',
      detected_languages: '["javascript","python"]',
      detected_frameworks: '["React","Express","Django"]',
    });
  });

  it('registers the project as the active one and logs a workspace_init event', () => {
    const root = tempDir();
    const storage = workspace(root);
    storage.initialize('');
    const projects = storage.listProjects();
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatchObject({
      name: basename(root),
      rootPath: root,
      driftPath: join(root, '.drift'),
      isActive: true,
      healthStatus: 'unknown',
    });
    expect(projects[0]!.id).toMatch(/^proj-[0-9a-f]{16}$/);
    const events = withDb(storage.paths().dbPath, (db) =>
      db.prepare("SELECT details FROM workspace_events WHERE event_type = 'workspace_init'").all(),
    ) as { details: string }[];
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toEqual({
      project_name: basename(root),
      languages: [],
      frameworks: [],
    });
  });

  it('writes drift.toml from the chosen template, and never overwrites an existing one', () => {
    const root = tempDir();
    workspace(root, { template: 'strict' }).initialize('');
    const toml = readFileSync(join(root, 'drift.toml'), 'utf8');
    expect(toml).toContain('strict template');
    expect(parse(toml)).toMatchObject({
      quality_gates: { fail_on_violation: true, default_policy: 'strict' },
    });

    const kept = tempDir();
    writeFiles(kept, { 'drift.toml': '[workspace]\nname = "mine"\n' });
    workspace(kept).initialize('');
    expect(readFileSync(join(kept, 'drift.toml'), 'utf8')).toBe('[workspace]\nname = "mine"\n');
  });

  it('registers the packages of a monorepo', () => {
    const root = tempDir();
    writeFiles(root, {
      'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n",
      'packages/web/package.json': '{}',
      'packages/web/tsconfig.json': '{}',
      'packages/api/package.json': '{}',
    });
    const storage = workspace(root);
    storage.initialize('');
    expect(storage.listPackages()).toEqual([
      { name: 'api', path: 'packages/api', language: 'javascript', framework: null, dependencies: [] },
      { name: 'web', path: 'packages/web', language: 'typescript', framework: null, dependencies: [] },
    ]);
    expect(storage.workspaceStatus().workspaceLayout).toEqual({ kind: 'monorepo', packageCount: 2 });
  });

  it('isInitialized() follows drift.db', () => {
    const root = tempDir();
    expect(isInitialized(root)).toBe(false);
    const storage = workspace(root);
    expect(storage.isInitialized()).toBe(false);
    storage.initialize('');
    expect(isInitialized(root)).toBe(true);
    expect(storage.isInitialized()).toBe(true);
  });

  it('handles Unicode and spaces in the project path', () => {
    for (const name of ['项目-проект-プロジェクト', 'my project (v2)']) {
      const root = join(tempDir(), name);
      mkdirSync(root);
      const storage = workspace(root);
      expect(storage.initialize('').isNew).toBe(true);
      expect(storage.projectInfo().name).toBe(name);
      expect(parse(readFileSync(join(root, 'drift.toml'), 'utf8'))).toMatchObject({ workspace: { name } });
      expect(storage.listProjects()).toHaveLength(1);
    }
  });

  it('a custom drift folder name is used throughout', () => {
    const root = tempDir();
    const storage = workspace(root, { driftDir: '.drift-custom' });
    storage.initialize('');
    expect(existsSync(join(root, '.drift-custom', 'drift.db'))).toBe(true);
    expect(storage.status().dbPath).toBe(join(root, '.drift-custom', 'drift.db'));
  });

  it('refuses a project root that does not exist, naming it, and creates nothing', () => {
    const root = join(tempDir(), 'missing');
    expect(() => workspace(root).initialize('')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', path: root }),
    );
    expect(existsSync(root)).toBe(false);
  });

  it('records the drift schema installation in the migration history', () => {
    const storage = workspace();
    storage.initialize('');
    expect(storage.migrationHistory()).toEqual([
      expect.objectContaining({ fromVersion: 0, toVersion: 9, success: true, errorMessage: null }),
    ]);
    storage.recordMigration({
      fromVersion: 9,
      toVersion: 10,
      durationMs: 42,
      success: false,
      errorMessage: 'test error',
    });
    expect(storage.migrationHistory()[1]).toMatchObject({
      fromVersion: 9,
      toVersion: 10,
      success: false,
      errorMessage: 'test error',
    });
  });

  it('an installer failure is MIGRATION_FAILED and changes nothing: no history row, same bytes, same version', () => {
    const root = tempDir();
    const storage = workspace(root);
    storage.initialize('');
    const dbPath = storage.paths().dbPath;
    const history = storage.migrationHistory();
    const before = digest(dbPath);
    const failing = SqliteWorkspaceStorage.open(root, {
      installDriftSchema: () => {
        throw new Error('disk on fire');
      },
    });
    expect(() => failing.initialize('')).toThrowError(
      expect.objectContaining({ code: 'MIGRATION_FAILED', message: expect.stringContaining('disk on fire') }),
    );
    expect(digest(dbPath)).toBe(before);
    expect(failing.migrationHistory()).toEqual(history);
    expect(failing.schemaVersion()).toBe(9);
  });

  it('rejects invalid options with INVALID_INPUT naming the option', () => {
    const root = tempDir();
    expect(() => SqliteWorkspaceStorage.open(root, { driftDir: '../elsewhere' })).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.driftDir' }),
    );
    expect(() => SqliteWorkspaceStorage.open(root, { backup: { maxDaily: -1 } })).toThrowError(
      expect.objectContaining({ field: 'options.backup.maxDaily' }),
    );
    expect(() => SqliteWorkspaceStorage.open('')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
