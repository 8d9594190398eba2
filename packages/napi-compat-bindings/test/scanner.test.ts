import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStorageError } from '@drift/storage-traits';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  contentHash,
  detectLanguage,
  type ScanProgressUpdate,
  scanProject,
  scanProjectDetailed,
} from '../src/scanner/index.js';
import { createScanFixture, recordingStorage, type ScanFixture } from './helpers/scan-tree.js';

const T0 = 1_700_000_000;

/** The tree every test starts from; SCANNED lists what a default scan keeps. */
function writeBaseTree(f: ScanFixture): void {
  f.write('src/a.ts', 'export const a = 1;\n', T0);
  f.write('src/b.js', 'module.exports = 2;\n', T0);
  f.write('lib/c.py', 'print(3)\n', T0);
  f.write('README.md', '# readme\n', T0);
  f.write('.gitignore', '*.log\nsecret/\n', T0);
  f.write('.driftignore', 'generated/\n', T0);
  f.write('app.log', 'ignored by .gitignore\n', T0);
  f.write('secret/x.ts', 'ignored dir\n', T0);
  f.write('generated/g.ts', 'ignored by .driftignore\n', T0);
  f.write('nested/.gitignore', 'local.ts\n!keep.log\n', T0);
  f.write('nested/local.ts', 'ignored by nested rule\n', T0);
  f.write('nested/keep.log', 're-included by nested negation\n', T0);
  f.write('nested/n.go', 'package n\n', T0);
  f.write('node_modules/m/index.js', 'default ignore\n', T0);
  f.write('image.png', new Uint8Array([0x89, 0x50, 0x00, 0x01, 0x02]), T0);
  f.write('big.ts', 'x'.repeat(2000), T0);
  f.link('link.ts', 'src/a.ts');
}

const SCANNED = [
  '.driftignore',
  '.gitignore',
  'README.md',
  'lib/c.py',
  'nested/.gitignore',
  'nested/keep.log',
  'nested/n.go',
  'src/a.ts',
  'src/b.js',
];

const paths = (f: ScanFixture): string[] =>
  f.engine
    .loadAllFileMetadata()
    .map((r) => r.path)
    .sort();

/** The newest scan_history row (scans in the same second tie on started_at, so pick the highest id). */
const latestScan = (f: ScanFixture) => f.engine.queryRecentScans(100).reduce((a, b) => (b.id > a.id ? b : a));

describe('detectLanguage', () => {
  it('maps extensions to the reference display names', () => {
    expect(detectLanguage('a/b.tsx')).toBe('TypeScript');
    expect(detectLanguage('x.cjs')).toBe('JavaScript');
    expect(detectLanguage('x.cs')).toBe('C#');
    expect(detectLanguage('x.gemspec')).toBe('Ruby');
    expect(detectLanguage('x.kts')).toBe('Kotlin');
    expect(detectLanguage('.gitignore')).toBeNull();
    expect(detectLanguage('Makefile')).toBeNull();
  });
});

describe('scanProject', () => {
  let f: ScanFixture;
  beforeEach(() => {
    f = createScanFixture();
    writeBaseTree(f);
  });
  afterEach(() => f.dispose());

  it('adds the tree, honouring ignore files, defaults, binary, size and symlink rules', async () => {
    const { summary, stats } = await scanProjectDetailed(f.root, { maxFileSize: 1000 }, f.engine);
    expect(summary).toMatchObject({
      filesTotal: 9,
      filesAdded: 9,
      filesModified: 0,
      filesRemoved: 0,
      filesUnchanged: 0,
      errorsCount: 0,
      status: 'completed',
      languages: { TypeScript: 1, JavaScript: 1, Python: 1, Go: 1 },
    });
    expect(stats.filesSkippedBinary).toBe(1);
    expect(stats.filesSkippedLarge).toBe(1);
    expect(stats.filesSkippedSymlinks).toBe(1);
    expect(paths(f)).toEqual(SCANNED);

    const row = f.engine.loadAllFileMetadata().find((r) => r.path === 'src/a.ts');
    const bytes = readFileSync(join(f.root, 'src/a.ts'));
    expect(row).toMatchObject({
      language: 'TypeScript',
      fileSize: bytes.length,
      mtimeSecs: T0,
      mtimeNanos: 0,
    });
    expect([...(row?.contentHash ?? [])]).toEqual([...contentHash(bytes)]);

    const history = latestScan(f);
    expect(history).toMatchObject({
      id: stats.scanId,
      status: 'completed',
      totalFiles: 9,
      addedFiles: 9,
      modifiedFiles: 0,
      removedFiles: 0,
      unchangedFiles: 0,
      error: null,
    });
  });

  it('uses the 1 MiB default size limit', async () => {
    f.write('huge.ts', 'y'.repeat(1_048_577), T0);
    const summary = await scanProject(f.root, {}, f.engine);
    // big.ts (2000 bytes) is now within the limit; huge.ts is not.
    expect(summary.filesAdded).toBe(10);
    expect(paths(f)).toContain('big.ts');
    expect(paths(f)).not.toContain('huge.ts');
  });

  it('a rescan of an unchanged tree finds everything unchanged and writes no file rows', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    const { storage, commands } = recordingStorage(f.engine);
    const summary = await scanProject(f.root, { maxFileSize: 1000 }, storage);
    expect(summary).toMatchObject({
      filesTotal: 9,
      filesAdded: 0,
      filesModified: 0,
      filesRemoved: 0,
      filesUnchanged: 9,
      status: 'completed',
    });
    expect(commands).toEqual([]);
    expect(f.engine.countScans()).toBe(2);
    expect(latestScan(f)).toMatchObject({ unchangedFiles: 9, totalFiles: 9 });
  });

  it('classifies modified (same size and new size), removed, added and touched files', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    f.write('src/a.ts', 'export const b = 1;\n', T0 + 10); // same size, new content
    f.write('src/b.js', 'module.exports = 22222;\n', T0 + 10); // new size
    f.remove('lib/c.py');
    f.write('src/new.rs', 'fn main() {}\n', T0);
    f.setMtime('README.md', T0 + 20); // touched: same bytes
    const { storage, commands } = recordingStorage(f.engine);
    const { summary, stats } = await scanProjectDetailed(f.root, { maxFileSize: 1000 }, storage);
    expect(summary).toMatchObject({
      filesTotal: 9,
      filesAdded: 1,
      filesModified: 2,
      filesRemoved: 1,
      filesUnchanged: 6,
      status: 'completed',
      languages: { TypeScript: 1, JavaScript: 1, Go: 1, Rust: 1 },
    });
    expect(stats.filesTouched).toBe(1);
    const upserted = commands
      .filter((c) => c.type === 'UpsertFileMetadata')
      .flatMap((c) => c.rows.map((r) => (r as { path: string }).path))
      .sort();
    expect(upserted).toEqual(['README.md', 'src/a.ts', 'src/b.js', 'src/new.rs']);
    expect(commands.filter((c) => c.type === 'DeleteFileMetadata')).toEqual([
      { type: 'DeleteFileMetadata', rows: ['lib/c.py'] },
    ]);
    const expected = SCANNED.filter((p) => p !== 'lib/c.py')
      .concat('src/new.rs')
      .sort();
    expect(paths(f)).toEqual(expected);
    const readme = f.engine.loadAllFileMetadata().find((r) => r.path === 'README.md');
    expect(readme?.mtimeSecs).toBe(T0 + 20);
    expect(latestScan(f)).toMatchObject({
      totalFiles: 10,
      addedFiles: 1,
      modifiedFiles: 2,
      removedFiles: 1,
      unchangedFiles: 6,
    });

    // The next scan sees all of that as settled.
    const again = await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    expect(again).toMatchObject({ filesUnchanged: 9, filesAdded: 0, filesModified: 0 });
  });

  it("keeps a touched file's counter caches (its content is what they describe); an edit resets them", async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    f.engine.updateFunctionCount('src/a.ts', 3);
    f.engine.updateFileError('src/a.ts', 2, 'unexpected token');
    f.engine.updateFunctionCount('src/b.js', 5);
    f.setMtime('src/a.ts', T0 + 30); // touched
    f.write('src/b.js', 'module.exports = 7;\n', T0 + 30); // edited, same size
    const { stats } = await scanProjectDetailed(f.root, { maxFileSize: 1000 }, f.engine);
    expect(stats.filesTouched).toBe(1);
    const row = (path: string) => {
      const r = f.engine.getFileMetadata(path)!;
      return [r.mtimeSecs, r.functionCount, r.errorCount, r.error];
    };
    expect(row('src/a.ts')).toEqual([T0 + 30, 3, 2, 'unexpected token']);
    expect(row('src/b.js')).toEqual([T0 + 30, 0, 0, null]);
  });

  it('detects a same-size, same-mtime edit only under forceFull', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    f.write('src/a.ts', 'export const z = 9;\n', T0);
    expect((await scanProject(f.root, { maxFileSize: 1000 }, f.engine)).filesModified).toBe(0);
    const forced = await scanProject(f.root, { maxFileSize: 1000, forceFull: true }, f.engine);
    expect(forced).toMatchObject({ filesModified: 1, filesUnchanged: 8 });
  });

  it('removes files that become ignored, binary or too large', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    f.write('.driftignore', 'generated/\nlib/\n', T0 + 5);
    f.write('src/b.js', new Uint8Array([1, 0, 2]), T0 + 5);
    f.write('nested/n.go', 'z'.repeat(1001), T0 + 5);
    const summary = await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    expect(summary).toMatchObject({ filesRemoved: 3, filesModified: 1, filesTotal: 6 });
    expect(paths(f)).toEqual([
      '.driftignore',
      '.gitignore',
      'README.md',
      'nested/.gitignore',
      'nested/keep.log',
      'src/a.ts',
    ]);
  });

  it('follows symlinks when asked, and survives a directory cycle', async () => {
    f.link('loop/up', '..');
    const summary = await scanProject(f.root, { maxFileSize: 1000, followSymlinks: true }, f.engine);
    expect(summary.filesAdded).toBe(10);
    expect(paths(f)).toContain('link.ts');
    expect(paths(f).some((p) => p.startsWith('loop/'))).toBe(false);
  });

  it('honours extraIgnore, include and changedFiles', async () => {
    const extra = await scanProject(
      f.root,
      { maxFileSize: 1000, extraIgnore: ['**/*.md', 'nested/'] },
      f.engine,
    );
    expect(extra.filesAdded).toBe(5);
    expect(paths(f)).toEqual(['.driftignore', '.gitignore', 'lib/c.py', 'src/a.ts', 'src/b.js']);

    const included = await scanProject(f.root, { maxFileSize: 1000, include: ['src/**'] }, f.engine);
    expect(included).toMatchObject({ filesTotal: 2, filesUnchanged: 2, filesRemoved: 3 });
    expect(paths(f)).toEqual(['src/a.ts', 'src/b.js']);

    f.write('src/a.ts', 'changed!\n', T0 + 30);
    f.write('lib/c.py', 'print(4)\n', T0 + 30);
    const changed = await scanProject(
      f.root,
      { maxFileSize: 1000, changedFiles: ['src/a.ts', join(f.root, 'lib/c.py'), 'gone.ts'] },
      f.engine,
    );
    expect(changed).toMatchObject({ filesTotal: 2, filesModified: 1, filesAdded: 1, filesRemoved: 0 });
    expect(paths(f)).toEqual(['lib/c.py', 'src/a.ts', 'src/b.js']);
  });

  it('reports progress from 0 to total', async () => {
    const updates: ScanProgressUpdate[] = [];
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, {
      onProgress: (u) => updates.push(u),
      progressInterval: 4,
    });
    // total counts discovered files, including the binary one that is then skipped.
    expect(updates.map((u) => u.processed)).toEqual([0, 4, 8, 10]);
    expect(updates.every((u) => u.total === 10 && u.phase === 'scanning')).toBe(true);
    expect(updates[0]?.currentFile).toBeNull();

    const defaults: ScanProgressUpdate[] = [];
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine, { onProgress: (u) => defaults.push(u) });
    expect(defaults.map((u) => u.processed)).toEqual([0, 10]);
  });

  it('cancels mid-scan leaving complete rows and a cancelled history row', async () => {
    for (let i = 0; i < 40; i += 1)
      f.write(`many/f${String(i).padStart(2, '0')}.ts`, `export const v${i} = ${i};\n`, T0);
    const controller = new AbortController();
    const summary = await scanProject(f.root, { maxFileSize: 1000 }, f.engine, {
      signal: controller.signal,
      progressInterval: 1,
      onProgress: (u) => {
        if (u.processed === 21) controller.abort(); // 20 text files + image.png
      },
    });
    expect(summary).toMatchObject({ status: 'cancelled', filesAdded: 20, filesRemoved: 0, filesTotal: 20 });
    const rows = f.reopen().loadAllFileMetadata();
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      const bytes = readFileSync(join(f.root, row.path));
      expect(row.fileSize).toBe(bytes.length);
      expect([...row.contentHash]).toEqual([...contentHash(bytes)]);
    }
    expect(latestScan(f)).toMatchObject({ status: 'cancelled', addedFiles: 20, removedFiles: 0 });

    const resumed = await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    expect(resumed).toMatchObject({
      status: 'completed',
      filesAdded: 29,
      filesUnchanged: 20,
      filesTotal: 49,
    });
  });

  it('an already-aborted signal scans nothing and deletes nothing', async () => {
    await scanProject(f.root, { maxFileSize: 1000 }, f.engine);
    f.remove('src');
    const summary = await scanProject(f.root, { maxFileSize: 1000 }, f.engine, {
      signal: AbortSignal.abort(),
    });
    expect(summary).toMatchObject({ status: 'cancelled', filesTotal: 0, filesRemoved: 0 });
    expect(paths(f)).toEqual(SCANNED);
  });

  it('rejects a root that is not a directory with INVALID_INPUT and records nothing', async () => {
    const err = await scanProject(join(f.root, 'missing'), {}, f.engine).catch((e: unknown) => e);
    expect(isStorageError(err, 'INVALID_INPUT')).toBe(true);
    expect(f.engine.countScans()).toBe(0);
  });

  it('records a failed scan when storage fails', async () => {
    const { storage } = recordingStorage(f.engine);
    const failing = Object.assign(Object.create(storage) as typeof storage, {
      sendBatch: () => {
        throw new Error('disk on fire');
      },
      flushSync: () => f.engine.flushSync(),
      loadAllFileMetadata: () => f.engine.loadAllFileMetadata(),
      insertScanStart: (a: number, b: string) => f.engine.insertScanStart(a, b),
      updateScanComplete: (...args: Parameters<typeof f.engine.updateScanComplete>) =>
        f.engine.updateScanComplete(...args),
    });
    const err = await scanProject(f.root, {}, failing).catch((e: unknown) => e);
    expect(isStorageError(err)).toBe(true);
    expect(latestScan(f)).toMatchObject({ status: 'failed', error: 'disk on fire' });
  });
});
