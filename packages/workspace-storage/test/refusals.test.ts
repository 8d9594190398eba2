// What the workspace refuses, and that a refusal changes nothing: a drift.db of another application
// (whatever its user_version), a newer drift.db, a zero-byte or damaged one, special files (FIFOs,
// folders, sockets) wherever the package opens a file, and a restore of a database in use.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { basename, join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteWorkspaceStorage } from '../src/index.js';
import { createDb, digest, fillDriftData, initialized, tempDir, withDb, workspace } from './helpers.js';

/** Every file under `dir` (recursively) with its digest, or its kind when it is not a regular file. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path, `${name}/`);
      else out[name] = entry.isFile() ? digest(path) : 'special';
    }
  };
  walk(dir, '');
  return out;
}

/** The drift folder, the backups and drift.toml of a workspace, file by file. */
function snapshot(storage: SqliteWorkspaceStorage) {
  const { driftPath, backupDir, tomlPath } = storage.paths();
  return { drift: tree(driftPath), backups: tree(backupDir), toml: digest(tomlPath) };
}

/** Replaces drift.db (and its sidecars) with the file `make` writes at its path. */
function replaceDb(storage: SqliteWorkspaceStorage, make: (path: string) => void): void {
  const { dbPath } = storage.paths();
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`])
    rmSync(file, { force: true });
  make(dbPath);
}

/** An application's database (in place of whatever is at `path`) with a table and a row, at `userVersion`. */
const foreign = (userVersion: number) => (path: string) => {
  rmSync(path, { force: true });
  createDb(
    path,
    `CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5);
     PRAGMA user_version = ${userVersion};`,
  );
};

/** The bad drift.db files every write refuses, and the code each is refused with. */
const BAD_FILES: ReadonlyArray<{
  readonly kind: string;
  readonly code: string;
  /** Turns the healthy drift.db at `path` into the bad file. */
  readonly make: (path: string) => void;
  /** True when a replacement (import, restore, reset, delete) is refused too (it repairs the others). */
  readonly refusedByReplace: boolean;
}> = [
  { kind: 'foreign, user_version 5', code: 'CORRUPT', make: foreign(5), refusedByReplace: true },
  { kind: 'foreign, user_version -1', code: 'CORRUPT', make: foreign(-1), refusedByReplace: true },
  { kind: 'foreign, user_version 0', code: 'CORRUPT', make: foreign(0), refusedByReplace: true },
  {
    kind: 'drift.db of a newer schema',
    code: 'SCHEMA_TOO_NEW',
    make: (path) => withDb(path, (db) => db.pragma('user_version = 12')),
    refusedByReplace: true,
  },
  { kind: 'zero bytes', code: 'CORRUPT', make: (path) => writeFileSync(path, ''), refusedByReplace: false },
  {
    kind: 'invalid header',
    code: 'CORRUPT',
    make: (path) => writeFileSync(path, 'not a database at all, '.repeat(400)),
    refusedByReplace: false,
  },
  {
    kind: 'truncated',
    code: 'CORRUPT',
    make: (path) => truncateSync(path, Math.floor(statSync(path).size / 2)),
    refusedByReplace: false,
  },
  {
    kind: 'damaged schema page (quick_check fails)',
    code: 'CORRUPT',
    make: (path) => {
      const bytes = readFileSync(path);
      bytes.fill(0xff, 100, 4096);
      writeFileSync(path, bytes);
    },
    refusedByReplace: false,
  },
];

/** Each bad drift.db is made from a healthy one: a workspace with data, a backup and an export to import. */
function badWorkspace(make: (path: string) => void) {
  const storage = initialized();
  const { dbPath, root } = storage.paths();
  fillDriftData(dbPath, { files: [['a.ts', 'typescript']], detections: 2000 });
  const backup = storage.createBackup('user_requested');
  const exported = join(tempDir(), 'export.db');
  storage.export(exported);
  replaceDb(storage, (path) => {
    // Rebuild the healthy file at `path`, then spoil it: the spoilers start from real drift bytes.
    writeFileSync(path, readFileSync(join(backup.backupPath, 'drift.db')));
    make(path);
  });
  return { storage, root, backupId: backup.id, exported };
}

/** Every operation that writes to drift.db (or replaces it), by name. */
const WRITES: ReadonlyArray<{
  readonly name: string;
  readonly replace?: boolean;
  readonly run: (
    s: SqliteWorkspaceStorage,
    ctx: { root: string; backupId: string; exported: string },
  ) => unknown;
}> = [
  { name: 'initialize', run: (s) => s.initialize('') },
  { name: 'initialize with options', run: (s) => s.initialize('', {}) },
  { name: 'initialize force', run: (s) => s.initialize('', { force: true }) },
  { name: 'gc', run: (s) => s.gc() },
  { name: 'garbageCollect', run: (s) => s.garbageCollect() },
  { name: 'refreshContext', run: (s) => s.refreshContext() },
  { name: 'switchProject', run: (s, { root }) => s.switchProject(basename(root)) },
  { name: 'registerPackages', run: (s) => s.registerPackages([]) },
  { name: 'createBackup', run: (s) => s.createBackup('user_requested') },
  { name: 'enforceRetention', run: (s) => s.enforceRetention() },
  { name: 'deleteBackup', run: (s, { backupId }) => s.deleteBackup(backupId, 'DELETE') },
  {
    name: 'recordMigration',
    run: (s) =>
      s.recordMigration({ fromVersion: 9, toVersion: 10, durationMs: 1, success: true, errorMessage: null }),
  },
  {
    name: 'performDestructiveOperation',
    run: (s) => s.performDestructiveOperation('purge', 'DELETE', () => 1),
  },
  { name: 'restore', replace: true, run: (s, { backupId }) => s.restore(backupId) },
  { name: 'import', replace: true, run: (s, { exported }) => s.import(exported) },
  { name: 'resetWorkspace', replace: true, run: (s) => s.resetWorkspace('DELETE') },
  { name: 'deleteWorkspace', replace: true, run: (s) => s.deleteWorkspace('DELETE') },
];

describe('a drift.db this build must not write is refused, byte-identical', () => {
  for (const bad of BAD_FILES) {
    for (const op of WRITES) {
      if (op.replace === true && !bad.refusedByReplace) continue;
      // A zero-byte drift.db holds nothing: initialize makes a new workspace there.
      if (bad.kind === 'zero bytes' && /^initialize/.test(op.name)) continue;
      it(`${op.name} × ${bad.kind}: ${bad.code}`, () => {
        const { storage, ...ctx } = badWorkspace(bad.make);
        const before = snapshot(storage);
        expect(() => op.run(storage, ctx)).toThrowError(expect.objectContaining({ code: bad.code }));
        expect(snapshot(storage)).toEqual(before);
      });
    }
  }

  it('reads refuse a foreign or empty drift.db, report it from integrityCheck, and still read a newer one', () => {
    for (const bad of [BAD_FILES[0]!, BAD_FILES[4]!]) {
      const { storage } = badWorkspace(bad.make);
      const before = digest(storage.paths().dbPath);
      for (const read of [() => storage.status(), () => storage.schemaVersion(), () => storage.context()]) {
        expect(read).toThrowError(expect.objectContaining({ code: 'CORRUPT' }));
      }
      expect(storage.integrityCheck().ok).toBe(bad.kind.startsWith('foreign'));
      expect(digest(storage.paths().dbPath)).toBe(before);
    }
    const { storage } = badWorkspace(BAD_FILES[3]!.make);
    expect(storage.schemaVersion()).toBe(12);
    expect(storage.status()).toMatchObject({ initialized: true, schemaVersion: 12 });
  });

  it('a replacement still repairs a damaged drift.db (restore over a truncated file)', () => {
    const { storage, backupId } = badWorkspace(BAD_FILES[6]!.make);
    storage.restore(backupId);
    expect(storage.integrityCheck()).toEqual({ ok: true, issues: [] });
  });
});

describe('initialize refuses what is not its drift.db', () => {
  for (const version of [5, -1, 0, 9]) {
    it(`a SQLite database of another application (user_version ${version}): CORRUPT with the engine's verdict, nothing created`, () => {
      const root = tempDir();
      const storage = workspace(root);
      const { driftPath, dbPath } = storage.paths();
      mkdirSync(driftPath);
      foreign(version)(dbPath);
      const before = digest(dbPath);
      for (const run of [() => storage.initialize(''), () => storage.initialize('', { force: true })]) {
        expect(run).toThrowError(
          expect.objectContaining({
            code: 'CORRUPT',
            message: expect.stringMatching(
              /^initialize: .*drift\.db is a SQLite database but not a drift database \(.*\); refusing to modify it$/,
            ),
          }),
        );
      }
      expect(digest(dbPath)).toBe(before);
      expect(readdirSync(driftPath)).toEqual(['drift.db']);
      expect(existsSync(join(root, '.drift-backups'))).toBe(false);
      expect(existsSync(join(root, 'drift.toml'))).toBe(false);
    });
  }

  it('without a schema installer too (the workspace itself refuses, not only the engine)', () => {
    const root = tempDir();
    const storage = SqliteWorkspaceStorage.open(root);
    const { driftPath, dbPath } = storage.paths();
    mkdirSync(driftPath);
    foreign(5)(dbPath);
    const before = digest(dbPath);
    expect(() => storage.initialize('')).toThrowError(expect.objectContaining({ code: 'CORRUPT' }));
    expect(digest(dbPath)).toBe(before);
    expect(readdirSync(driftPath)).toEqual(['drift.db']);
  });

  it('a drift.db of a newer schema: SCHEMA_TOO_NEW, no migration_history row, same bytes, no new file', () => {
    const storage = initialized();
    const { dbPath, driftPath } = storage.paths();
    withDb(dbPath, (db) => db.pragma('user_version = 12'));
    const history = withDb(dbPath, (db) => db.prepare('SELECT * FROM migration_history').all());
    const before = snapshot(storage);
    for (const s of [storage, SqliteWorkspaceStorage.open(storage.paths().root)]) {
      expect(() => s.initialize('')).toThrowError(expect.objectContaining({ code: 'SCHEMA_TOO_NEW' }));
    }
    expect(snapshot(storage)).toEqual(before);
    expect(withDb(dbPath, (db) => db.prepare('SELECT * FROM migration_history').all())).toEqual(history);
    expect(readdirSync(driftPath).sort()).toEqual(Object.keys(before.drift).sort());
  });

  it('a failing installer leaves user_version and the bytes as they were (MIGRATION_FAILED)', () => {
    const root = tempDir();
    workspace(root, { installDriftSchema: (path) => DriftStorageEngine.open(path).close() }).initialize('');
    const dbPath = join(root, '.drift', 'drift.db');
    withDb(dbPath, (db) => db.pragma('user_version = 8'));
    const before = digest(dbPath);
    const storage = SqliteWorkspaceStorage.open(root, {
      installDriftSchema: () => {
        throw new Error('no space left for the new index');
      },
    });
    expect(() => storage.initialize('')).toThrowError(expect.objectContaining({ code: 'MIGRATION_FAILED' }));
    expect(digest(dbPath)).toBe(before);
    expect(withDb(dbPath, (db) => db.pragma('user_version', { simple: true }))).toBe(8);
  });
});

// ─── Special files ─────────────────────────────────────────────────────────────────────────────

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((done) => server.close(() => done()));
});

/** Makes a special file of `kind` at `path`. */
async function special(kind: 'FIFO' | 'folder' | 'socket', path: string): Promise<void> {
  if (kind === 'FIFO') execFileSync('mkfifo', [path]);
  else if (kind === 'folder') mkdirSync(path);
  else {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((done) => server.listen(path, () => done()));
  }
}

/** Every method of the storage that opens drift.db, with arguments that would otherwise succeed. */
const DB_METHODS: ReadonlyArray<readonly [string, (s: SqliteWorkspaceStorage, dir: string) => unknown]> = [
  ['initialize', (s) => s.initialize('')],
  ['initialize force', (s) => s.initialize('', { force: true })],
  ['status', (s) => s.status()],
  ['projectInfo', (s) => s.projectInfo()],
  ['workspaceContext', (s) => s.workspaceContext()],
  ['gc', (s) => s.gc()],
  ['backup', (s, dir) => s.backup(join(dir, 'copy.db'))],
  ['export', (s, dir) => s.export(join(dir, 'export.db'))],
  ['integrityCheck', (s) => s.integrityCheck()],
  ['schemaVersion', (s) => s.schemaVersion()],
  ['workspaceStatus', (s) => s.workspaceStatus()],
  ['diskUsage', (s) => s.diskUsage()],
  ['refreshContext', (s) => s.refreshContext()],
  ['context', (s) => s.context()],
  ['agentContext', (s) => s.agentContext()],
  ['resolveProject', (s) => s.resolveProject('x')],
  ['switchProject', (s) => s.switchProject('x')],
  ['listProjects', (s) => s.listProjects()],
  ['activeProject', (s) => s.activeProject()],
  ['registerPackages', (s) => s.registerPackages([])],
  ['listPackages', (s) => s.listPackages()],
  ['garbageCollect', (s) => s.garbageCollect()],
  ['createBackup', (s) => s.createBackup()],
  ['listBackups', (s) => s.listBackups()],
  ['enforceRetention', (s) => s.enforceRetention()],
  ['deleteBackup', (s) => s.deleteBackup('backup-1', 'DELETE')],
  [
    'recordMigration',
    (s) =>
      s.recordMigration({ fromVersion: 1, toVersion: 2, durationMs: 0, success: true, errorMessage: null }),
  ],
  ['migrationHistory', (s) => s.migrationHistory()],
  ['performDestructiveOperation', (s) => s.performDestructiveOperation('x', 'DELETE', () => 1)],
  ['resetWorkspace', (s) => s.resetWorkspace('DELETE')],
  ['deleteWorkspace', (s) => s.deleteWorkspace('DELETE')],
];

describe('no operation blocks on a special file', () => {
  for (const kind of ['FIFO', 'folder', 'socket'] as const) {
    it(`drift.db is a ${kind}: every method that opens it refuses with INVALID_INPUT`, async () => {
      const storage = initialized();
      const { dbPath } = storage.paths();
      const backupId = storage.createBackup().id;
      rmSync(dbPath);
      await special(kind, dbPath);
      const dir = tempDir();
      const methods = [
        ...DB_METHODS,
        ['restore', (s: SqliteWorkspaceStorage) => s.restore(backupId)] as const,
      ];
      for (const [name, run] of methods) {
        expect(() => run(storage, dir), name).toThrowError(
          expect.objectContaining({
            code: 'INVALID_INPUT',
            message: expect.stringContaining('not a regular file'),
          }),
        );
      }
      // What only reports does so without opening it.
      expect(storage.verifyWorkspace().driftDb.status).toBe('quickCheckFailed');
      expect(storage.isInitialized()).toBe(true);
      expect(storage.lockStatus()).toBe('unlocked');
      expect(storage.detectLayout().kind).toBe('singleProject');
    });
  }

  it('cortex.db, a backup, its manifest, the lock file, the owner note, drift.toml and an import source', () => {
    const storage = initialized();
    const { cortexDbPath, lockPath, tomlPath, driftPath } = storage.paths();
    const dir = tempDir();
    const backup = storage.createBackup();

    execFileSync('mkfifo', [cortexDbPath]);
    expect(() => storage.createBackup()).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', path: cortexDbPath }),
    );
    expect(storage.verifyWorkspace().cortexDb.status).toBe('quickCheckFailed');
    rmSync(cortexDbPath);

    const backupDb = join(backup.backupPath, 'drift.db');
    rmSync(backupDb);
    execFileSync('mkfifo', [backupDb]);
    expect(() => storage.restore(backup.id)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(storage.verifyWorkspace().backups.corruptedBackups).toEqual([backup.id]);
    const manifest = join(backup.backupPath, 'manifest.json');
    rmSync(manifest);
    execFileSync('mkfifo', [manifest]);
    expect(storage.verifyWorkspace().backups.totalBackups).toBe(1);

    const source = join(dir, 'source.db');
    execFileSync('mkfifo', [source]);
    expect(() => storage.import(source)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));

    rmSync(tomlPath);
    execFileSync('mkfifo', [tomlPath]);
    expect(storage.verifyWorkspace().config.status).toBe('parseError');
    expect(() => storage.autoRecover()).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    rmSync(tomlPath);

    execFileSync('mkfifo', [`${lockPath}.owner`]);
    storage.acquireLock('write').release(); // the note is skipped, the lock works
    rmSync(`${lockPath}.owner`, { force: true });

    rmSync(lockPath);
    execFileSync('mkfifo', [lockPath]);
    expect(() => storage.lockStatus()).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', path: lockPath }),
    );
    expect(() => storage.acquireLock('read')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => storage.createBackup()).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => storage.workspaceStatus()).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(existsSync(driftPath)).toBe(true);
  });

  it('a project manifest that is a FIFO is skipped by detection, refused by detectLayout', () => {
    const root = tempDir();
    execFileSync('mkfifo', [join(root, 'package.json')]);
    const storage = workspace(root);
    expect(storage.initialize('').isNew).toBe(true);
    expect(storage.detectLayout().kind).toBe('singleProject');
  });
});

// ─── Restore refused while the database is in use ──────────────────────────────────────────────

describe('a refused restore writes nothing', () => {
  it('BUSY while drift.db is open elsewhere: no safety backup, retention removes nothing, registry unchanged', () => {
    const storage = initialized();
    const { dbPath, backupDir } = storage.paths();
    // The operational tier at its limit (5): one more pre_destructive backup would push the oldest out.
    const ids = Array.from({ length: 5 }, () => storage.createBackup('schema_migration').id);
    const registry = storage.listBackups();
    const folders = tree(backupDir);
    const engine = DriftStorageEngine.open(dbPath);
    try {
      expect(() => storage.restore(ids[0]!)).toThrowError(
        expect.objectContaining({ code: 'BUSY', workspaceCode: 'DATABASE_IN_USE' }),
      );
    } finally {
      engine.close();
    }
    expect(tree(backupDir)).toEqual(folders);
    expect(storage.listBackups()).toEqual(registry);
    storage.restore(ids[0]!); // once free, it runs
    expect(storage.listBackups().some((b) => b.reason === 'pre_destructive')).toBe(true);
  });

  it('BUSY while cortex.db is open elsewhere, before anything is written', () => {
    const storage = initialized();
    const { cortexDbPath, backupDir } = storage.paths();
    createDb(cortexDbPath, 'PRAGMA journal_mode = WAL; CREATE TABLE memories (id INTEGER PRIMARY KEY)');
    const ids = Array.from({ length: 5 }, () => storage.createBackup('schema_migration').id);
    const folders = tree(backupDir);
    const registry = storage.listBackups();
    const holder = new BetterSqlite3(cortexDbPath);
    try {
      holder.exec('INSERT INTO memories DEFAULT VALUES');
      expect(() => storage.restore(ids[0]!)).toThrowError(
        expect.objectContaining({ code: 'BUSY', workspaceCode: 'DATABASE_IN_USE' }),
      );
    } finally {
      holder.close();
    }
    expect(tree(backupDir)).toEqual(folders);
    expect(storage.listBackups()).toEqual(registry);
  });
});

describe('what a kill during restore or import leaves is recovered', () => {
  it('autoRecover removes the hidden copies of a dead process, keeps those of live ones, and finishes the swap', () => {
    const storage = initialized();
    const { driftPath, dbPath } = storage.paths();
    const backup = storage.createBackup();
    const dead = spawnSync('true').pid;
    expect(dead).toBeTypeOf('number');
    const leftovers = [
      join(driftPath, `.drift.db.restore-${dead}-abc-1.tmp`),
      join(driftPath, `.drift.db.restore-${dead}-abc-1.tmp-journal`),
      join(driftPath, `.cortex.db.restore-${dead}-abc-2.tmp`),
      join(backup.backupPath, `.drift.db.partial-${dead}-abc-3.tmp`),
    ];
    for (const file of leftovers) writeFileSync(file, 'half a copy');
    const live = join(driftPath, `.drift.db.import-${process.ppid}-abc-4.tmp`);
    writeFileSync(live, 'another process is still writing this');
    writeFileSync(`${dbPath}.previous`, readFileSync(dbPath));
    const result = storage.autoRecover();
    expect(result.actionsTaken).toEqual([
      'Removed drift.db.previous left by an interrupted import or restore (the new drift.db was in place)',
      'Removed 4 temporary files left by an interrupted operation',
    ]);
    for (const file of leftovers) expect(existsSync(file)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(storage.verifyWorkspace().overall).toEqual({ status: 'healthy' });
  });
});
