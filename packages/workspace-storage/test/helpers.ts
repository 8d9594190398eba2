// Shared test helpers: temporary project folders (removed after each test), a workspace storage with
// drift's real schema installed through @drift/storage-sqlite, raw data fixtures, file digests, and
// child processes that run the package from source.
import { type ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach } from 'vitest';
import { SqliteWorkspaceStorage, type SqliteWorkspaceStorageOptions } from '../src/index.js';

const created: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the current test. */
export function tempDir(prefix = 'drift-ws-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Installs drift's schema (v9) the way an application does (opening deletes no row). */
export const installDriftSchema = (path: string): void => DriftStorageEngine.open(path).close();

/** A storage on `root` (a new temp folder by default) with drift's schema installer. */
export function workspace(
  root: string = tempDir(),
  options: SqliteWorkspaceStorageOptions = {},
): SqliteWorkspaceStorage {
  return SqliteWorkspaceStorage.open(root, { installDriftSchema, ...options });
}

/** An initialized workspace in a new temp folder. */
export function initialized(options: SqliteWorkspaceStorageOptions = {}): SqliteWorkspaceStorage {
  const ws = workspace(tempDir(), options);
  ws.initialize('');
  return ws;
}

/** Runs `fn` on a raw connection to a database file (tests may use SQL; the package may not). */
export function withDb<T>(path: string, fn: (db: BetterSqlite3.Database) => T, readonly = false): T {
  const db = new BetterSqlite3(
    path,
    readonly ? { readonly: true, fileMustExist: true } : { fileMustExist: true },
  );
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Creates a database file and runs `sql` in it. */
export function createDb(path: string, sql: string): void {
  const db = new BetterSqlite3(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** What {@link fillDriftData} inserts. */
export interface DriftData {
  readonly files?: ReadonlyArray<readonly [path: string, language: string | null]>;
  readonly functions?: number;
  readonly patterns?: number;
  readonly boundaries?: number;
  readonly detections?: number;
  readonly scans?: readonly number[];
}

/** Inserts analysis rows into drift's tables of `dbPath`. */
export function fillDriftData(dbPath: string, data: DriftData): void {
  withDb(dbPath, (db) =>
    db.transaction(() => {
      const file = db.prepare(
        'INSERT INTO file_metadata (path, language, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) VALUES (?, ?, 10, ?, 1, 0, 1)',
      );
      for (const [path, language] of data.files ?? []) file.run(path, language, Buffer.from(path));
      const fn = db.prepare(
        "INSERT INTO functions (file, name, language, line, end_line) VALUES ('a.ts', ?, 'typescript', ?, ?)",
      );
      for (let i = 0; i < (data.functions ?? 0); i++) fn.run(`f${i}`, i + 1, i + 2);
      const pattern = db.prepare(
        "INSERT INTO pattern_confidence (pattern_id, alpha, beta, posterior_mean, credible_interval_low, credible_interval_high, tier) VALUES (?, 1, 1, 0.5, 0.1, 0.9, 'Emerging')",
      );
      for (let i = 0; i < (data.patterns ?? 0); i++) pattern.run(`p${i}`);
      const boundary = db.prepare(
        "INSERT INTO boundaries (file, framework, model_name, confidence) VALUES ('m.ts', 'prisma', ?, 0.9)",
      );
      for (let i = 0; i < (data.boundaries ?? 0); i++) boundary.run(`Model${i}`);
      const detection = db.prepare(
        "INSERT INTO detections (file, line, column_num, pattern_id, category, confidence, detection_method) VALUES ('a.ts', ?, 1, 'p', 'security', 0.9, 'ast')",
      );
      for (let i = 0; i < (data.detections ?? 0); i++) detection.run(i + 1);
      const scan = db.prepare(
        "INSERT INTO scan_history (started_at, root_path, status) VALUES (?, '/r', 'completed')",
      );
      for (const startedAt of data.scans ?? []) scan.run(startedAt);
    })(),
  );
}

/** SHA-256 of a file's bytes, or `absent` when it does not exist. */
export function digest(path: string): string {
  return existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'absent';
}

/** A child process running a TypeScript worker of test/workers/ from source, with an IPC channel. */
export function spawnWorker(name: string, args: readonly string[]): ChildProcess {
  const child = fork(join(import.meta.dirname, 'workers', name), [...args], {
    execArgv: ['--conditions=@drift/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return child;
}

/** The next IPC message of `child` (rejects when it exits first). */
export function nextMessage<T = unknown>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`worker exited with ${code} before answering`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Resolves when `child` has exited. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Writes files (relative path -> text) under `root`, creating folders as needed. */
export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}
