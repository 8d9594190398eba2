import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBatchWriter } from '@drift/batch-writer';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { isStorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import { closeDriftNapi } from '../src/index.js';
import { contentHash, STALE_SCAN_ERROR } from '../src/scanner/index.js';
import { failureOf, napiFixture, tempFolder, writeTree } from './helpers/napi-fixture.js';

// driftScan, driftScanWithProgress and driftCancelScan against the reference: drift-napi
// `bindings/scanner.rs` (ScanTask / ScanWithProgressTask, build_scan_config, persist_scan_diff,
// NapiProgressHandler, drift_cancel_scan), `conversions/types.rs` (ScanOptions, ScanSummary::from,
// ProgressUpdate), drift-core `config/scan_config.rs` and `config/drift_config.rs`
// (DriftConfig::from_toml / load / merge / validate).

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/scan-child.ts', import.meta.url));

/** A project folder with `files`, and a drift.db path beside it. */
function project(files: Readonly<Record<string, string>>): { root: string; dbPath: string } {
  const base = tempFolder('drift-scan-napi-');
  const root = join(base, 'project');
  writeTree(root, files);
  return { root, dbPath: join(base, 'drift.db') };
}

/** `count` small TypeScript files under src/. */
const manyFiles = (count: number): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `src/f${String(i).padStart(4, '0')}.ts`,
      `export const v${i} = ${i};\n`,
    ]),
  );

const tracked = (engine: { loadAllFileMetadata(): Array<{ path: string }> }, root: string): string[] =>
  engine
    .loadAllFileMetadata()
    .map((r) => (r.path.startsWith(`${root}/`) ? r.path.slice(root.length + 1) : r.path))
    .sort();

describe('driftScan results', () => {
  it("status 'complete', languages keyed by the enum's variant names, paths joined to the root", async () => {
    const { root, dbPath } = project({
      'a.cs': 'class A {}\n',
      'b.php': '<?php\n',
      'c.cpp': 'int main() {}\n',
      'c.hpp': '#pragma once\n',
      'd.c': 'int d;\n',
      'e.ts': 'export {};\n',
      'notes.txt': 'no language\n',
    });
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const summary = await napi.driftScan(root);
    // ScanSummary::from: status "complete" when diff.errors is empty (always: errors stays empty),
    // languages keyed `format!("{lang:?}")`; errors_count 0.
    expect(summary).toMatchObject({ filesTotal: 7, filesAdded: 7, errorsCount: 0, status: 'complete' });
    expect(summary.languages).toEqual({ CSharp: 1, Php: 1, Cpp: 2, C: 1, TypeScript: 1 });
    // persist_scan_diff stores `l.to_string()` (the Display name) and the walker's path.
    const languages = Object.fromEntries(
      engine()
        .loadAllFileMetadata()
        .map((r) => [r.path, r.language]),
    );
    expect(languages).toEqual({
      [join(root, 'a.cs')]: 'C#',
      [join(root, 'b.php')]: 'PHP',
      [join(root, 'c.cpp')]: 'C++',
      [join(root, 'c.hpp')]: 'C++',
      [join(root, 'd.c')]: 'C',
      [join(root, 'e.ts')]: 'TypeScript',
      [join(root, 'notes.txt')]: null,
    });
    expect(engine().queryRecentScans(1)[0]).toMatchObject({
      status: 'completed',
      rootPath: root,
      totalFiles: 7,
    });
    napi.driftShutdown();
  });

  it('a drift.db the reference scanned is not all new: rows keyed by the root-joined path match', async () => {
    const { root, dbPath } = project({ 'src/a.ts': 'export const a = 1;\n', 'lib/b.py': 'b = 2\n' });
    // The rows the reference's persist_scan_diff writes for this tree (path = root.join(rel),
    // content_hash = xxh3 little-endian, mtime from the file's metadata), written here directly.
    const engine = DriftStorageEngine.open(dbPath, { batchWriter: createBatchWriter });
    engine.sendBatch({
      type: 'UpsertFileMetadata',
      rows: ['src/a.ts', 'lib/b.py'].map((rel) => {
        const st = statSync(join(root, rel), { bigint: true });
        return {
          path: `${root}/${rel}`,
          language: rel.endsWith('.ts') ? 'TypeScript' : 'Python',
          fileSize: Number(st.size),
          contentHash: contentHash(readFileSync(join(root, rel))),
          mtimeSecs: Number(st.mtimeNs / 1_000_000_000n),
          mtimeNanos: Number(st.mtimeNs % 1_000_000_000n),
          lastScannedAt: 1_700_000_000,
          scanDurationUs: 12,
        };
      }),
    });
    engine.flushSync();
    engine.close();
    const { napi } = napiFixture();
    napi.driftInitialize(dbPath, root);
    expect(await napi.driftScan(root)).toMatchObject({ filesAdded: 0, filesRemoved: 0, filesUnchanged: 2 });
    napi.driftShutdown();
  });

  it('two scans may run at once (the reference has no lock); both are recorded', async () => {
    const { root, dbPath } = project(manyFiles(50));
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const [first, second] = await Promise.all([napi.driftScan(root), napi.driftScan(root)]);
    expect(first.filesTotal).toBe(50);
    expect(second.filesTotal).toBe(50);
    expect(
      engine()
        .queryRecentScans(10)
        .map((s) => s.status),
    ).toEqual(['completed', 'completed']);
    expect(engine().countFiles()).toBe(50);
    napi.driftShutdown();
  });

  it('a root that does not exist resolves like the reference but removes nothing (a Deviations row)', async () => {
    const { root, dbPath } = project({ 'a.ts': 'export {};\n', 'b.ts': 'export {};\n' });
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    await napi.driftScan(root);
    for (const typo of [`${root}-typo`, '']) {
      const summary = await napi.driftScan(typo);
      expect(summary).toMatchObject({ status: 'complete', filesTotal: 0, filesRemoved: 0 });
      expect(tracked(engine(), root)).toEqual(['a.ts', 'b.ts']);
    }
    napi.driftShutdown();
  });
});

describe('ScanOptions as the native addon converts them', () => {
  const files = { 'empty.ts': '', 'one.ts': 'x', 'big.ts': 'x'.repeat(2_000_000) };

  it('maxFileSize is an i64 cast to u64: truncated, NaN and infinities 0, negative means no limit', async () => {
    const { root, dbPath } = project(files);
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const scanWith = async (maxFileSize: number) => {
      await napi.driftScan(root, { maxFileSize });
      return tracked(engine(), root);
    };
    expect(await scanWith(-1)).toEqual(['big.ts', 'empty.ts', 'one.ts']);
    expect(await scanWith(1.9)).toEqual(['empty.ts', 'one.ts']);
    expect(await scanWith(Number.NaN)).toEqual(['empty.ts']);
    expect(await scanWith(Number.POSITIVE_INFINITY)).toEqual(['empty.ts']);
    expect(await scanWith(-0.5)).toEqual(['empty.ts']);
    expect(await scanWith(2_000_000)).toEqual(['big.ts', 'empty.ts', 'one.ts']);
    napi.driftShutdown();
  });

  it('unknown fields (changedFiles among them) are ignored; null means unset; wrong types fail', async () => {
    const { root, dbPath } = project(files);
    const { napi } = napiFixture();
    napi.driftInitialize(dbPath, root);
    // The reference's ScanOptions has no changedFiles: a CI run passing it scans the whole tree.
    expect((await napi.driftScan(root, { changedFiles: ['one.ts'] })).filesTotal).toBe(2);
    expect(
      (await napi.driftScan(root, { changedFiles: 'x' as never, forceFull: null as never })).filesTotal,
    ).toBe(2);
    expect((await napi.driftScan(root, [] as never)).filesTotal).toBe(2);
    for (const bad of [
      'fast',
      { forceFull: 'yes' },
      { maxFileSize: '5' },
      { include: 'src' },
      { extraIgnore: [1] },
      { followSymlinks: 1 },
    ]) {
      const error = await failureOf(() => napi.driftScan(root, bad as never));
      expect(isStorageError(error, 'INVALID_INPUT'), String(error)).toBe(true);
    }
    expect(isStorageError(await failureOf(() => napi.driftScan(42 as never)), 'INVALID_INPUT')).toBe(true);
    napi.driftShutdown();
  });
});

describe('the [scan] section (build_scan_config)', () => {
  const files = {
    'src/a.ts': 'export const a = 1;\n',
    'src/a.gen.ts': 'generated\n',
    'src/big.ts': 'x'.repeat(200),
    'lib/b.ts': 'export const b = 2;\n',
    'docs/d.md': '# d\n',
  };

  it('configToml settings apply, and the call options go on top: lists appended, the rest replaced', async () => {
    const { root, dbPath } = project(files);
    mkdirSync(join(root, 'ext'));
    writeFileSync(join(root, 'ext', 'e.ts'), 'export const e = 5;\n');
    symlinkSync(join(root, 'ext'), join(root, 'src', 'linked'));
    const { napi, engine } = napiFixture();
    napi.driftInitialize(
      dbPath,
      root,
      '[scan]\nmax_file_size = 100\ninclude = ["src/**"]\nextra_ignore = ["**/*.gen.ts"]\nfollow_symlinks = true\nunknown_key = 1\n',
    );
    await napi.driftScan(root);
    expect(tracked(engine(), root)).toEqual(['src/a.ts', 'src/linked/e.ts']);
    await napi.driftScan(root, { include: ['lib/**'], maxFileSize: 1000, followSymlinks: false });
    expect(tracked(engine(), root)).toEqual(['lib/b.ts', 'src/a.ts', 'src/big.ts']);
    napi.driftShutdown();
  });

  it('force_full_scan makes every scan hash every file; forceFull: false on the call turns it off', async () => {
    const { root, dbPath } = project(files);
    const file = join(root, 'lib/b.ts');
    const T = 1_700_000_000;
    utimesSync(file, T, T);
    const { napi } = napiFixture();
    napi.driftInitialize(dbPath, root, '[scan]\nforce_full_scan = true\n');
    await napi.driftScan(root);
    // Same mtime, same size, new content: only a full scan sees it.
    writeFileSync(file, 'export const b = 3;\n');
    utimesSync(file, T, T);
    expect((await napi.driftScan(root, { forceFull: false })).filesModified).toBe(0);
    writeFileSync(file, 'export const b = 4;\n');
    utimesSync(file, T, T);
    expect((await napi.driftScan(root)).filesModified).toBe(1);
    napi.driftShutdown();
  });

  it("from the project's drift.toml, include is dropped (DriftConfig::merge copies every scan key but it)", async () => {
    const { root, dbPath } = project({
      ...files,
      'drift.toml': '[scan]\nmax_file_size = 100\ninclude = ["src/**"]\nextra_ignore = ["docs/"]\n',
    });
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    await napi.driftScan(root);
    expect(tracked(engine(), root)).toEqual(['drift.toml', 'lib/b.ts', 'src/a.gen.ts', 'src/a.ts']);
    napi.driftShutdown();
  });

  it('max_file_size = 0 in drift.toml fails validate: all defaults apply; passed as TOML text it is used', async () => {
    const { root, dbPath } = project({
      ...files,
      'empty.ts': '',
      'drift.toml': '[scan]\nmax_file_size = 0\nextra_ignore = ["docs/"]\n',
    });
    const fromFile = napiFixture();
    fromFile.napi.driftInitialize(dbPath, root);
    await fromFile.napi.driftScan(root);
    expect(tracked(fromFile.engine(), root)).toContain('docs/d.md');
    fromFile.napi.driftShutdown();
    // DriftConfig::from_toml does not validate: a 0-byte limit keeps only empty files.
    const fromText = napiFixture();
    fromText.napi.driftInitialize(dbPath, root, '[scan]\nmax_file_size = 0\n');
    await fromText.napi.driftScan(root);
    expect(tracked(fromText.engine(), root)).toEqual(['empty.ts']);
    fromText.napi.driftShutdown();
  });

  it('a [scan] value of the wrong type fails driftInitialize with TOML text, and drops a drift.toml', async () => {
    for (const toml of [
      '[scan]\nmax_file_size = 1.5\n',
      '[scan]\nmax_file_size = -1\n',
      '[scan]\ninclude = "src/**"\n',
      '[scan]\nextra_ignore = [1]\n',
      '[scan]\nfollow_symlinks = "yes"\n',
      '[scan]\nthreads = true\n',
    ]) {
      const { napi } = napiFixture();
      const error = await failureOf(() =>
        napi.driftInitialize(join(tempFolder(), 'drift.db'), undefined, toml),
      );
      expect(isStorageError(error, 'INVALID_INPUT'), `${toml}: ${String(error)}`).toBe(true);
      expect(napi.driftIsInitialized()).toBe(false);
    }
    const { root, dbPath } = project({
      ...files,
      'drift.toml': '[scan]\nmax_file_size = "big"\nextra_ignore = ["docs/"]\n',
    });
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    await napi.driftScan(root);
    expect(tracked(engine(), root)).toContain('docs/d.md');
    napi.driftShutdown();
  });
});

describe('driftScanWithProgress and driftCancelScan', () => {
  it('calls back error-first (null, update) at the reference points, later on the event loop', async () => {
    const { root, dbPath } = project(manyFiles(250));
    const { napi } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const calls: unknown[][] = [];
    const pending = napi.driftScanWithProgress(root, undefined, ((...args: unknown[]) => {
      calls.push(args);
    }) as never);
    expect(calls).toEqual([]);
    await pending;
    // ThreadsafeFunction<ProgressUpdate, ()> is CalleeHandled (napi-rs 3 default): call_js_cb passes
    // null first. The update has no currentFile key (Option::None fields are not set on the object).
    const update = (processed: number) => [null, { processed, total: 250, phase: 'scanning' }];
    expect(calls).toEqual([update(0), update(0), update(100), update(200)]);
    expect(Object.keys(calls[0]?.[1] as object)).toEqual(['processed', 'total', 'phase']);
    const error = await failureOf(() => napi.driftScanWithProgress(root, undefined, 'cb' as never));
    expect(isStorageError(error, 'INVALID_INPUT')).toBe(true);
    napi.driftShutdown();
  });

  it('driftCancelScan returns normally before initialize, with no scan, and after shutdown', () => {
    const { napi } = napiFixture();
    expect(napi.driftCancelScan()).toBeUndefined();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    expect(napi.driftCancelScan()).toBeUndefined();
    napi.driftShutdown();
    expect(napi.driftCancelScan()).toBeUndefined();
  });

  it('stops a running scan: what was scanned stays, nothing is removed, status partial (a Deviations row)', async () => {
    const { root, dbPath } = project(manyFiles(250));
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const cancelled = await napi.driftScanWithProgress(root, undefined, ((
      _: null,
      update: { processed: number },
    ) => {
      if (update.processed === 100) napi.driftCancelScan();
    }) as never);
    expect(cancelled).toMatchObject({ status: 'partial', filesTotal: 100, filesAdded: 100, filesRemoved: 0 });
    expect(engine().countFiles()).toBe(100);
    expect(engine().queryRecentScans(1)[0]).toMatchObject({ status: 'partial', addedFiles: 100 });
    const done = await napi.driftScan(root);
    expect(done).toMatchObject({ status: 'complete', filesAdded: 150, filesUnchanged: 100 });
    napi.driftShutdown();
  });
});

describe('scan_history is never left running (issue 13)', () => {
  const noneRunning = (dbPath: string): { statuses: string[]; files: number } => {
    const engine = DriftStorageEngine.open(dbPath, { batchWriter: createBatchWriter });
    try {
      const statuses = engine.queryRecentScans(100).map((s) => s.status);
      expect(statuses).not.toContain('running');
      for (const row of engine.loadAllFileMetadata()) {
        expect([...row.contentHash]).toEqual([...contentHash(readFileSync(row.path))]);
      }
      return { statuses, files: engine.countFiles() };
    } finally {
      engine.close();
    }
  };

  it('a driftShutdown during a scan leaves no running row and consistent file rows', async () => {
    const { root, dbPath } = project(manyFiles(300));
    const { napi } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const outcome = await napi
      .driftScanWithProgress(root, undefined, ((_: null, update: { processed: number }) => {
        if (update.processed === 100) napi.driftShutdown();
      }) as never)
      .then(
        (summary) => ({ summary, error: null }),
        (error: unknown) => ({ summary: null, error }),
      );
    if (outcome.error !== null) expect(isStorageError(outcome.error)).toBe(true);
    const after = noneRunning(dbPath);
    // Either the scan completed and was recorded, or it stopped and recorded nothing.
    if (outcome.summary !== null) expect(after.statuses).toEqual(['completed']);
    else expect(after).toEqual({ statuses: [], files: 0 });
  });

  it('a SIGTERM during a scan leaves no running row; the next scan runs normally', async () => {
    const { root, dbPath } = project(manyFiles(300));
    const child = spawn(
      process.execPath,
      ['--conditions=@drift/source', '--import', 'tsx', CHILD, dbPath, root],
      {
        cwd: PACKAGE_DIR,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('scanning')) child.kill('SIGTERM');
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('close', (c, s) => resolve([c, s])),
    );
    expect([code, signal], stderr).toEqual([null, 'SIGTERM']);
    expect(noneRunning(dbPath)).toEqual({ statuses: [], files: 0 });

    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    expect(await napi.driftScan(root)).toMatchObject({ status: 'complete', filesAdded: 300 });
    expect(
      engine()
        .queryRecentScans(10)
        .map((s) => s.status),
    ).toEqual(['completed']);
    napi.driftShutdown();
  }, 120_000);

  /** Runs the child scan fixture with `args` and sends it `signal` once it reports "scanning". */
  const killedChild = async (
    args: readonly string[],
    signal: NodeJS.Signals,
  ): Promise<[number | null, NodeJS.Signals | null, string]> => {
    const child = spawn(process.execPath, ['--conditions=@drift/source', '--import', 'tsx', CHILD, ...args], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('scanning')) child.kill(signal);
    });
    return new Promise((resolve) => child.once('close', (c, s) => resolve([c, s, stderr])));
  };

  it('closeDriftNapi during a scan records it as cancelled (partial) before the storage closes', async () => {
    const { root, dbPath } = project(manyFiles(300));
    const { napi } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const summary = await napi.driftScanWithProgress(root, undefined, ((
      _: null,
      update: { processed: number },
    ) => {
      if (update.processed === 100) closeDriftNapi(napi);
    }) as never);
    expect(summary).toMatchObject({ status: 'partial', filesTotal: 100, filesAdded: 100, filesRemoved: 0 });
    expect(napi.driftIsInitialized()).toBe(false);
    const engine = DriftStorageEngine.open(dbPath, { batchWriter: createBatchWriter });
    try {
      const rows = engine.queryRecentScans(10);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        status: 'partial',
        rootPath: root,
        totalFiles: 100,
        addedFiles: 100,
        removedFiles: 0,
        error: null,
      });
      expect(rows[0]?.completedAt).not.toBeNull();
      expect(engine.countFiles()).toBe(100);
    } finally {
      engine.close();
    }
    expect(noneRunning(dbPath).files).toBe(100);
  });

  it('closeDriftNapi while the scan walks the tree records a partial scan of no files and removes nothing', async () => {
    const { root, dbPath } = project(manyFiles(120));
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    expect(await napi.driftScan(root)).toMatchObject({ status: 'complete', filesAdded: 120 });
    const pending = napi.driftScan(root);
    // driftScan starts on a later microtask; wait until the scan has registered, then close under it.
    await Promise.resolve();
    await Promise.resolve();
    closeDriftNapi(napi);
    expect(await pending).toMatchObject({ status: 'partial', filesTotal: 0, filesRemoved: 0 });
    const reopened = DriftStorageEngine.open(dbPath, { batchWriter: createBatchWriter });
    try {
      const byId = reopened.queryRecentScans(10).sort((a, b) => a.id - b.id);
      expect(byId.map((s) => s.status)).toEqual(['completed', 'partial']);
      expect(reopened.countFiles()).toBe(120);
    } finally {
      reopened.close();
    }
    expect((engine() as DriftStorageEngine).isClosed()).toBe(true);
  });

  it('driftShutdown during a scan lets it finish: the runtime stays open, the row is completed', async () => {
    const { root, dbPath } = project(manyFiles(300));
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    const summary = await napi.driftScanWithProgress(root, undefined, ((
      _: null,
      update: { processed: number },
    ) => {
      if (update.processed === 100) napi.driftShutdown();
    }) as never);
    expect(summary).toMatchObject({ status: 'complete', filesAdded: 300 });
    expect(
      engine()
        .queryRecentScans(10)
        .map((s) => s.status),
    ).toEqual(['completed']);
    napi.driftShutdown();
  });

  it('a SIGKILL after the first progress update leaves no row of its own; the next scan runs normally', async () => {
    const { root, dbPath } = project(manyFiles(300));
    const [code, signal, stderr] = await killedChild([dbPath, root, '0'], 'SIGKILL');
    expect([code, signal], stderr).toEqual([null, 'SIGKILL']);
    expect(noneRunning(dbPath)).toEqual({ statuses: [], files: 0 });
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    expect(await napi.driftScan(root)).toMatchObject({ status: 'complete', filesAdded: 300 });
    expect(
      engine()
        .queryRecentScans(10)
        .map((s) => s.status),
    ).toEqual(['completed']);
    napi.driftShutdown();
  }, 120_000);

  it('a running row a SIGKILLed process left is closed by the next scan (partial, completed_at, error)', async () => {
    const { root, dbPath } = project(manyFiles(300));
    const [code, signal, stderr] = await killedChild([dbPath, root, '0', 'leave-running'], 'SIGKILL');
    expect([code, signal], stderr).toEqual([null, 'SIGKILL']);
    const before = DriftStorageEngine.open(dbPath, { batchWriter: createBatchWriter });
    let staleId: number;
    let startedAt: number;
    try {
      const rows = before.queryRecentScans(10);
      expect(rows.map((s) => s.status)).toEqual(['running']);
      expect(rows[0]).toMatchObject({ rootPath: root, completedAt: null });
      staleId = rows[0]?.id as number;
      startedAt = rows[0]?.startedAt as number;
    } finally {
      before.close();
    }
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    expect(await napi.driftScan(root)).toMatchObject({ status: 'complete', filesAdded: 300 });
    const rows = engine()
      .queryRecentScans(10)
      .sort((a, b) => a.id - b.id);
    expect(rows.map((s) => [s.id === staleId, s.status])).toEqual([
      [true, 'partial'],
      [false, 'completed'],
    ]);
    const stale = rows.find((s) => s.id === staleId);
    expect(stale).toMatchObject({
      startedAt,
      rootPath: root,
      status: 'partial',
      error: STALE_SCAN_ERROR,
      totalFiles: 0,
      addedFiles: 0,
    });
    expect(stale?.completedAt).toBeGreaterThanOrEqual(startedAt);
    napi.driftShutdown();
  }, 120_000);
});
