import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isStorageError } from '@drift/storage-traits';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  closeStaleScans,
  contentHash,
  detectLanguage,
  type ScanProgressUpdate,
  type ScanProjectHooks,
  scanProject,
  scanProjectDetailed,
} from '../src/scanner/index.js';
import { createScanFixture, recordingStorage, type ScanFixture } from './helpers/scan-tree.js';

// Expected values come from the reference: the scan (drift-analysis `scanner/scanner.rs`
// `Scanner::scan`, `scanner/incremental.rs` `classify_file` / `compute_diff`, `scanner/walker.rs`
// `walk_directory`), its summary (drift-napi `conversions/types.rs` `ScanSummary::from`) and how the
// bindings persist it (drift-napi `bindings/scanner.rs` `persist_scan_diff`).

const T0 = 1_700_000_000;

/** The tree most tests start from. */
function writeBaseTree(f: ScanFixture): void {
  f.write('src/a.ts', 'export const a = 1;\n', T0);
  f.write('src/b.js', 'module.exports = 2;\n', T0);
  f.write('lib/c.py', 'print(3)\n', T0);
  f.write('README.md', '# readme\n', T0);
  f.write('.hidden/h.go', 'package h\n', T0);
  f.write('node_modules/m/index.js', 'default ignore\n', T0);
  f.write('src/node_modules/deep.js', 'default ignore at any depth\n', T0);
  f.write('src/dist', 'a file named like a default ignore\n', T0);
  f.write('image.png', new Uint8Array([0x89, 0x50, 0x00, 0x01, 0x02]), T0);
  f.write('big.ts', 'x'.repeat(2000), T0);
  f.link('link.ts', 'src/a.ts');
}

/** What a scan with `maxFileSize: 1000` keeps of the base tree (paths below the root). */
const SCANNED = ['.hidden/h.go', 'README.md', 'image.png', 'lib/c.py', 'src/a.ts', 'src/b.js'];

/** Hooks that keep the machine's global git excludes out of the test. */
const hooksFor = (f: ScanFixture, more: ScanProjectHooks = {}): ScanProjectHooks => ({
  environment: { cwd: f.dir, home: join(f.dir, 'home'), xdgConfigHome: null },
  ...more,
});

/** Tracked paths below the root. */
const tracked = (f: ScanFixture): string[] =>
  f.engine
    .loadAllFileMetadata()
    .map((r) => relative(f.root, r.path))
    .sort();

const latestScan = (f: ScanFixture) => f.engine.queryRecentScans(100).reduce((a, b) => (b.id > a.id ? b : a));

describe('detectLanguage (language_detect.rs Language::from_extension / name)', () => {
  it('maps extensions case-sensitively to the display names stored in file_metadata', () => {
    expect(detectLanguage('a/b.tsx')).toBe('TypeScript');
    expect(detectLanguage('x.cjs')).toBe('JavaScript');
    expect(detectLanguage('x.cs')).toBe('C#');
    expect(detectLanguage('x.php')).toBe('PHP');
    expect(detectLanguage('x.hh')).toBe('C++');
    expect(detectLanguage('x.gemspec')).toBe('Ruby');
    expect(detectLanguage('x.TS')).toBeNull();
    expect(detectLanguage('.gitignore')).toBeNull();
    expect(detectLanguage('dir.ts/Makefile')).toBeNull();
  });
});

describe('scanProject', () => {
  let f: ScanFixture;
  beforeEach(() => {
    f = createScanFixture();
    writeBaseTree(f);
  });
  afterEach(() => f.dispose());

  it('adds the tree: defaults ignored at any depth, hidden and binary files kept, links and big files left out', async () => {
    const { summary } = await scanProjectDetailed(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    expect(summary).toEqual({
      filesTotal: 6,
      filesAdded: 6,
      filesModified: 0,
      filesRemoved: 0,
      filesUnchanged: 0,
      errorsCount: 0,
      durationMs: summary.durationMs,
      status: 'complete',
      // ScanSummary::from keys languages with `format!("{lang:?}")`: the enum variant names.
      languages: { TypeScript: 1, JavaScript: 1, Python: 1, Go: 1 },
    });
    expect(tracked(f)).toEqual(SCANNED);

    // persist_scan_diff: path = the walker's path (the root joined with the relative path), language
    // = Display name, file_size from the metadata, content_hash = xxh3 as 8 little-endian bytes.
    const rows = new Map(f.engine.loadAllFileMetadata().map((r) => [r.path, r]));
    const a = rows.get(join(f.root, 'src/a.ts'));
    const bytes = readFileSync(join(f.root, 'src/a.ts'));
    expect(a).toMatchObject({ language: 'TypeScript', fileSize: bytes.length, mtimeSecs: T0, mtimeNanos: 0 });
    expect([...(a?.contentHash ?? [])]).toEqual([...contentHash(bytes)]);
    // A binary file is hashed and tracked like any other (skip_binary is never read); no language.
    const png = rows.get(join(f.root, 'image.png'));
    expect(png?.language).toBeNull();
    expect([...(png?.contentHash ?? [])]).toEqual([...contentHash(readFileSync(join(f.root, 'image.png')))]);

    // One scan_history row, inserted and completed in one go after the scan: started_at =
    // completed_at, the root as given, total = added + modified + removed + unchanged.
    const history = latestScan(f);
    expect(history).toMatchObject({
      rootPath: f.root,
      status: 'completed',
      totalFiles: 6,
      addedFiles: 6,
      modifiedFiles: 0,
      removedFiles: 0,
      unchangedFiles: 0,
      durationMs: summary.durationMs,
      error: null,
    });
    expect(history.completedAt).toBe(history.startedAt);
  });

  it('uses the 1 MiB default size limit, keeping a file of exactly the limit (skipped only when larger)', async () => {
    f.write('limit.ts', 'y'.repeat(1_048_576), T0);
    f.write('huge.ts', 'y'.repeat(1_048_577), T0);
    await scanProject(f.root, {}, f.engine, hooksFor(f));
    expect(tracked(f)).toContain('big.ts');
    expect(tracked(f)).toContain('limit.ts');
    expect(tracked(f)).not.toContain('huge.ts');
  });

  it('a rescan rewrites every row (unchanged ones too), which resets the counter caches', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    f.engine.updateFunctionCount(join(f.root, 'src/a.ts'), 3);
    f.engine.updateFileError(join(f.root, 'src/a.ts'), 2, 'unexpected token');
    const { storage, commands } = recordingStorage(f.engine);
    const summary = await scanProject(f.root, { maxFileSize: 1000 }, storage, hooksFor(f));
    expect(summary).toMatchObject({
      filesTotal: 6,
      filesUnchanged: 6,
      filesAdded: 0,
      filesRemoved: 0,
      status: 'complete',
    });
    // persist_scan_diff sends one UpsertFileMetadata with diff.entries (every classified file) and
    // no DeleteFileMetadata when nothing was removed; the batch writer's INSERT OR REPLACE
    // (drift-storage batch/writer.rs upsert_file_metadata) resets function_count, error_count, error.
    expect(commands.map((c) => c.type)).toEqual(['UpsertFileMetadata']);
    expect(commands[0]?.rows.map((r) => relative(f.root, (r as { path: string }).path)).sort()).toEqual(
      SCANNED,
    );
    const a = f.engine.getFileMetadata(join(f.root, 'src/a.ts'));
    expect([a?.functionCount, a?.errorCount, a?.error]).toEqual([0, 0, null]);
    expect(f.engine.countScans()).toBe(2);
    expect(latestScan(f)).toMatchObject({ unchangedFiles: 6, totalFiles: 6 });
  });

  it('classifies by modification time first, then by content hash', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    f.write('src/a.ts', 'export const b = 1;\n', T0 + 10); // new mtime, new content: modified
    f.setMtime('README.md', T0 + 20); // new mtime, same bytes: unchanged
    f.write('lib/c.py', 'print(333333)\n', T0); // same mtime, new size and content: unchanged (level 1)
    f.remove('src/b.js');
    f.write('src/new.rs', 'fn main() {}\n', T0);
    const summary = await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    expect(summary).toMatchObject({
      filesTotal: 6,
      filesAdded: 1,
      filesModified: 1,
      filesRemoved: 1,
      filesUnchanged: 4,
      languages: { TypeScript: 1, Python: 1, Go: 1, Rust: 1 },
    });
    expect(tracked(f)).toEqual([
      '.hidden/h.go',
      'README.md',
      'image.png',
      'lib/c.py',
      'src/a.ts',
      'src/new.rs',
    ]);
    // The unchanged-by-mtime row keeps the cached hash but records the size found now.
    const c = f.engine.getFileMetadata(join(f.root, 'lib/c.py'));
    expect(c?.fileSize).toBe('print(333333)\n'.length);
    expect([...(c?.contentHash ?? [])]).toEqual([...contentHash(Buffer.from('print(3)\n'))]);
    expect(f.engine.getFileMetadata(join(f.root, 'README.md'))?.mtimeSecs).toBe(T0 + 20);
    expect(latestScan(f)).toMatchObject({
      totalFiles: 7,
      addedFiles: 1,
      modifiedFiles: 1,
      removedFiles: 1,
      unchangedFiles: 4,
    });
    // force_full_scan skips level 1: the same-mtime edit is now found.
    const forced = await scanProject(f.root, { maxFileSize: 1000, forceFull: true }, f.engine, hooksFor(f));
    expect(forced).toMatchObject({ filesModified: 1, filesUnchanged: 5 });
  });

  it('stores paths as the root was given: a relative root, a trailing slash', async () => {
    const rel = relative(process.cwd(), f.root);
    await scanProject(rel, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    const paths = f.engine.loadAllFileMetadata().map((r) => r.path);
    expect(paths).toContain(`${rel}/src/a.ts`);
    expect(latestScan(f).rootPath).toBe(rel);
    // The same files under another spelling of the root are other rows: all new, the old ones removed.
    const again = await scanProject(`${f.root}/`, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    expect(again).toMatchObject({ filesAdded: 6, filesRemoved: 6 });
    expect(f.engine.loadAllFileMetadata().map((r) => r.path)).toContain(`${f.root}/src/a.ts`);
    expect(latestScan(f).rootPath).toBe(`${f.root}/`);
  });

  it('a root that is a file is scanned as that one file (the walker visits a file root directly)', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    const file = join(f.root, 'big.ts'); // over the limit, but the root entry is never filtered
    const summary = await scanProject(file, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    expect(summary).toMatchObject({
      filesTotal: 1,
      filesAdded: 1,
      filesRemoved: 6,
      languages: { TypeScript: 1 },
    });
    expect(f.engine.loadAllFileMetadata().map((r) => r.path)).toEqual([file]);
  });

  it('a root that cannot be read removes nothing and records a completed scan of nothing (a Deviations row)', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    for (const missing of [join(f.dir, 'typo'), '']) {
      const result = await scanProjectDetailed(missing, { maxFileSize: 1000 }, f.engine, hooksFor(f));
      // The reference resolves with status "complete" (walk errors are skipped) but counts and
      // deletes every tracked file as removed; here nothing is removed.
      expect(result.rootReadable).toBe(false);
      expect(result.summary).toMatchObject({
        filesTotal: 0,
        filesRemoved: 0,
        status: 'complete',
        languages: {},
      });
      expect(tracked(f)).toEqual(SCANNED);
      expect(latestScan(f)).toMatchObject({
        rootPath: missing,
        status: 'completed',
        totalFiles: 0,
        removedFiles: 0,
      });
    }
  });

  it('a file that cannot be read is dropped: not counted, not an error, and removed when it was tracked', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    f.setMtime('lib/c.py', T0 + 1); // must be read again
    // Delete it after the walk found it, before it is read: classify_file's read fails, the file
    // is logged and dropped (no entry, no error), and compute_diff lists the cached path as removed.
    const summary = await scanProject(
      f.root,
      { maxFileSize: 1000 },
      f.engine,
      hooksFor(f, {
        onProgress: (u) => {
          if (u.processed === 0) f.remove('lib/c.py');
        },
      }),
    );
    expect(summary).toMatchObject({ filesTotal: 5, filesRemoved: 1, errorsCount: 0, status: 'complete' });
    expect(tracked(f)).not.toContain('lib/c.py');
  });

  it('reports progress at the reference points: 0 after discovery, then before files 0, 100, 200, ...', async () => {
    for (let i = 0; i < 244; i += 1)
      f.write(`many/f${String(i).padStart(3, '0')}.ts`, `export const v = ${i};\n`, T0);
    const updates: ScanProgressUpdate[] = [];
    await scanProject(
      f.root,
      { maxFileSize: 1000 },
      f.engine,
      hooksFor(f, { onProgress: (u) => updates.push(u) }),
    );
    // Scanner::scan: on_scan_progress(0, total) once the walk is done, then in the file loop
    // `count = processed.fetch_add(1)` (the files before this one) when count % 100 == 0.
    expect(updates).toEqual([
      { processed: 0, total: 250, phase: 'scanning' },
      { processed: 0, total: 250, phase: 'scanning' },
      { processed: 100, total: 250, phase: 'scanning' },
      { processed: 200, total: 250, phase: 'scanning' },
    ]);
  });

  it('an empty tree reports one update and removes what was tracked', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    const updates: ScanProgressUpdate[] = [];
    const summary = await scanProject(
      f.root,
      { maxFileSize: 1000, extraIgnore: ['*'] },
      f.engine,
      hooksFor(f, { onProgress: (u) => updates.push(u) }),
    );
    expect(updates).toEqual([{ processed: 0, total: 0, phase: 'scanning' }]);
    expect(summary).toMatchObject({ filesTotal: 0, filesRemoved: 6, status: 'complete' });
    expect(tracked(f)).toEqual([]);
  });

  it('cancelling keeps the files scanned so far, deletes nothing, and reports partial (a Deviations row)', async () => {
    for (let i = 0; i < 244; i += 1)
      f.write(`many/f${String(i).padStart(3, '0')}.ts`, `export const v = ${i};\n`, T0);
    await scanProject(f.root, { maxFileSize: 1000, extraIgnore: ['many/'] }, f.engine, hooksFor(f));
    f.remove('README.md');
    const controller = new AbortController();
    const summary = await scanProject(
      f.root,
      { maxFileSize: 1000 },
      f.engine,
      hooksFor(f, {
        signal: controller.signal,
        onProgress: (u) => {
          if (u.processed === 100) controller.abort();
        },
      }),
    );
    // The abort lands before file 101 starts: 100 files classified, README.md's row not deleted.
    expect(summary).toMatchObject({ status: 'partial', filesTotal: 100, filesRemoved: 0 });
    const rows = f.reopen().loadAllFileMetadata();
    expect(rows.map((r) => relative(f.root, r.path))).toContain('README.md');
    for (const row of rows.filter((r) => r.path.includes('/many/'))) {
      expect([...row.contentHash]).toEqual([...contentHash(readFileSync(row.path))]);
    }
    expect(latestScan(f)).toMatchObject({ status: 'partial', totalFiles: 100, removedFiles: 0 });

    const resumed = await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    expect(resumed).toMatchObject({ status: 'complete', filesTotal: 249, filesRemoved: 1 });
  });

  it('hashes each file whole as it is when read: files of every size, one that grew after the walk', async () => {
    // The scan reads into one buffer it reuses and grows: small, large and growing files hash whole.
    const sizes = { 'tiny.txt': 1, 'empty.txt': 0, 'mid.bin': 70_000, 'large.bin': 300_000, 'after.txt': 5 };
    for (const [name, size] of Object.entries(sizes)) {
      f.write(
        `sized/${name}`,
        Uint8Array.from({ length: size }, (_, i) => (i * 31 + size) % 251),
        T0,
      );
    }
    f.write('sized/grows.txt', 'small at walk time\n', T0);
    const grown = 'y'.repeat(200_000);
    await scanProject(
      f.root,
      { maxFileSize: 1_000_000 },
      f.engine,
      hooksFor(f, {
        // Called once the walk is done, before any file is read.
        onProgress: (u) => {
          if (u.processed === 0) f.write('sized/grows.txt', grown, T0);
        },
      }),
    );
    const rows = f.engine.loadAllFileMetadata().filter((r) => r.path.includes('/sized/'));
    expect(rows.map((r) => relative(f.root, r.path)).sort()).toEqual(
      [...Object.keys(sizes), 'grows.txt'].map((n) => `sized/${n}`).sort(),
    );
    for (const row of rows) {
      expect([...row.contentHash], row.path).toEqual([...contentHash(readFileSync(row.path))]);
    }
    const grows = rows.find((r) => r.path.endsWith('grows.txt'));
    expect([...(grows?.contentHash ?? [])]).toEqual([...contentHash(Buffer.from(grown))]);
  });

  it('an already-aborted signal scans nothing and deletes nothing', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    f.remove('src');
    const updates: ScanProgressUpdate[] = [];
    const summary = await scanProject(
      f.root,
      { maxFileSize: 1000 },
      f.engine,
      hooksFor(f, { signal: AbortSignal.abort(), onProgress: (u) => updates.push(u) }),
    );
    expect(summary).toMatchObject({ status: 'partial', filesTotal: 0, filesRemoved: 0 });
    expect(updates).toEqual([]);
    expect(tracked(f)).toEqual(SCANNED);
  });

  it('closes scan_history rows left running before it scans (issue 13; a Deviations row)', async () => {
    // A row as a process killed mid-scan leaves it (insert_scan_start writes status 'running').
    const stale = f.engine.insertScanStart(T0, f.root);
    expect(closeStaleScans(f.engine, T0 + 5)).toBe(1);
    expect(f.engine.queryRecentScans(10).find((s) => s.id === stale)).toMatchObject({
      status: 'partial',
      completedAt: T0 + 5,
      error: expect.stringContaining('did not finish'),
    });
    const another = f.engine.insertScanStart(T0 + 6, f.root);
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    const statuses = new Map(f.engine.queryRecentScans(10).map((s) => [s.id, s.status]));
    expect(statuses.get(another)).toBe('partial');
    expect([...statuses.values()].filter((s) => s === 'running')).toEqual([]);
  });

  it('a storage failure is passed on, and no scan is recorded as completed', async () => {
    const { storage } = recordingStorage(f.engine);
    const failing = new Proxy(storage, {
      get(target, key) {
        if (key === 'sendBatch') {
          return () => {
            throw new Error('disk on fire');
          };
        }
        return Reflect.get(target, key) as unknown;
      },
    });
    const err = await scanProject(f.root, {}, failing, hooksFor(f)).catch((e: unknown) => e);
    expect(isStorageError(err)).toBe(true);
    expect((err as Error).message).toContain('disk on fire');
    expect(f.engine.countScans()).toBe(0);
    expect(f.engine.countFiles()).toBe(0);
  });
});
