import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentHash,
  type ScanProjectHooks,
  scanProjectDetailed,
  type WalkEnvironment,
  type WalkOptions,
  walkTree,
} from '../src/scanner/index.js';
import { useWalkThread, walkThreadRunning, walkTreeInThread } from '../src/scanner/walk-thread.js';
import { createScanFixture, type ScanFixture } from './helpers/scan-tree.js';

// The walk on the second thread is `walkTree` itself: same files, same order, same metadata, same
// skips; an aborted signal stops it as it stops `walkTree`.

let base: string;
let root: string;
let env: WalkEnvironment;

function write(path: string, text = 'x\n'): void {
  const abs = join(root, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'drift-walk-thread-'));
  root = join(base, 'project');
  env = { cwd: base, home: join(base, 'home'), xdgConfigHome: null };
  mkdirSync(join(root, '.git'), { recursive: true });
  write('.gitignore', '*.log\n/out/\n');
  write('.driftignore', 'secret/\n');
  write('src/a.ts');
  write('src/b.ts', 'y'.repeat(5000));
  write('src/deep/er/c.py');
  write('src/x.log');
  write('src/keep/.gitignore', '!keep.log\n');
  write('src/keep/keep.log');
  write('out/o.js');
  write('secret/s.txt');
  write('node_modules/m/index.js');
  write('big.bin', 'z'.repeat(3000));
  write('ünïcode/ß.ts');
  write('Zeta.md');
  symlinkSync(join(root, 'src'), join(root, 'link'));
  // A modification time with nanoseconds, as the stored rows keep them.
  utimesSync(join(root, 'src', 'a.ts'), 1_700_000_000.123456, 1_700_000_000.123456);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const options = (extra: Partial<WalkOptions> = {}): WalkOptions => ({
  maxFileSize: 2_000n,
  followSymlinks: false,
  include: [],
  extraIgnore: [],
  environment: env,
  ...extra,
});

describe('walkTreeInThread', () => {
  it('gives the result of walkTree, and walks on the second thread', async () => {
    for (const extra of [{}, { followSymlinks: true }, { include: ['*.ts'] }, { extraIgnore: ['deep'] }]) {
      const here = await walkTree(root, options(extra));
      const there = await walkTreeInThread(root, options(extra));
      expect(there).toEqual(here);
    }
    expect(walkThreadRunning()).toBe(true);
    const result = await walkTreeInThread(root, options());
    expect(result.files.map((f) => f.path.slice(root.length + 1))).toEqual([
      '.driftignore',
      '.gitignore',
      'Zeta.md',
      'src/a.ts',
      'src/deep/er/c.py',
      'src/keep/.gitignore',
      'src/keep/keep.log',
      'ünïcode/ß.ts',
    ]);
    expect(result.skips).toEqual({ ignored: 5, tooLarge: 2 });
    const a = result.files.find((f) => f.path.endsWith('a.ts'));
    expect(a?.mtimeSecs).toBe(1_700_000_000);
    expect(a?.mtimeNanos).toBe((await walkTree(root, options())).files[3]?.mtimeNanos);
  });

  it('a root that cannot be read and a root that is a file come back as from walkTree', async () => {
    for (const at of [join(base, 'missing'), join(root, 'Zeta.md')]) {
      expect(await walkTreeInThread(at, options())).toEqual(await walkTree(at, options()));
    }
  });

  it('an aborted signal stops the walk on the thread, as it stops walkTree', async () => {
    await walkTreeInThread(root, options()); // the thread is up
    const controller = new AbortController();
    controller.abort();
    const stopped = await walkTreeInThread(root, options({ signal: controller.signal }));
    expect(walkThreadRunning()).toBe(true);
    expect(stopped).toEqual(await walkTree(root, options({ signal: controller.signal })));
    expect(stopped.aborted).toBe(true);
    expect(stopped.files).toEqual([]);
  });

  it('a walk of many folders, handed out in parts as it goes, gives the result of walkTree', async () => {
    // Over 256 files in many folders: the thread sends them in parts, and the calling thread reads
    // the metadata of some of them (the size limit and the skip counts applied there as well).
    const many = mkdtempSync(join(tmpdir(), 'drift-walk-thread-many-'));
    try {
      mkdirSync(join(many, '.git'));
      writeFileSync(join(many, '.gitignore'), '*.tmp\n');
      for (let d = 0; d < 40; d += 1) {
        for (let i = 0; i < 25; i += 1) {
          const dir = join(many, `d${d % 7}`, `e${d}`);
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, `f${i}.ts`), i % 9 === 0 ? 'z'.repeat(2500) : `${d}:${i}\n`);
          if (i % 10 === 0) writeFileSync(join(dir, `g${i}.tmp`), 'ignored\n');
        }
      }
      const here = await walkTree(many, options());
      expect(here.files.length).toBe(40 * 22 + 1); // and the .gitignore
      expect(here.skips).toEqual({ ignored: 121, tooLarge: 120 }); // and .git
      for (let round = 0; round < 3; round += 1)
        expect(await walkTreeInThread(many, options())).toEqual(here);
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });

  it('walks on the calling thread when the thread is switched off', async () => {
    useWalkThread(false);
    try {
      expect(await walkTreeInThread(root, options())).toEqual(await walkTree(root, options()));
    } finally {
      useWalkThread(true);
    }
  });
});

describe('a scan that reads many files reads them on both threads (the walk thread from the last one down)', () => {
  const FILES = 700; // over the 256 a scan needs before it hands files to the thread
  const T0 = 1_700_000_000;
  let fixtures: ScanFixture[] = [];
  const fixture = (): ScanFixture => {
    const f = createScanFixture();
    fixtures.push(f);
    for (let i = 0; i < FILES; i += 1)
      f.write(`src/m${String(i).padStart(4, '0')}.ts`, `export const v = ${i};\n`.repeat(1 + (i % 7)), T0);
    return f;
  };
  const hooksFor = (f: ScanFixture, more: ScanProjectHooks = {}): ScanProjectHooks => ({
    environment: { cwd: f.dir, home: join(f.dir, 'home'), xdgConfigHome: null },
    ...more,
  });
  const rows = (f: ScanFixture) =>
    f.engine
      .loadAllFileMetadata()
      .map((r) => ({ path: r.path.slice(f.root.length), hash: [...r.contentHash], size: r.fileSize }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  afterAll(() => {
    for (const f of fixtures) f.dispose();
    fixtures = [];
  });

  it('stores what a scan that reads every file itself stores', async () => {
    const a = fixture();
    const b = fixture();
    const there = await scanProjectDetailed(a.root, { maxFileSize: 1000 }, a.engine, hooksFor(a));
    expect(walkThreadRunning()).toBe(true);
    useWalkThread(false);
    let here: Awaited<ReturnType<typeof scanProjectDetailed>>;
    try {
      here = await scanProjectDetailed(b.root, { maxFileSize: 1000 }, b.engine, hooksFor(b));
    } finally {
      useWalkThread(true);
    }
    expect(there.summary).toEqual({ ...here.summary, durationMs: there.summary.durationMs });
    expect(there.summary.filesAdded).toBe(FILES);
    expect(rows(a)).toEqual(rows(b));
    for (const row of a.engine.loadAllFileMetadata())
      expect([...row.contentHash], row.path).toEqual([...contentHash(readFileSync(row.path))]);
  });

  it('files changed in the first progress update are read as changed; a cancel keeps the files before it', async () => {
    const f = fixture();
    const controller = new AbortController();
    const summary = await scanProjectDetailed(
      f.root,
      { maxFileSize: 1000 },
      f.engine,
      hooksFor(f, {
        signal: controller.signal,
        onProgress: (u) => {
          if (u.processed === 0) f.write('src/m0650.ts', 'changed before any file is read\n', T0);
          if (u.processed === 600) controller.abort();
        },
      }),
    );
    expect(summary.summary).toMatchObject({ filesTotal: 600, filesAdded: 600, status: 'partial' });
    const stored = f.engine.loadAllFileMetadata();
    expect(stored).toHaveLength(600);
    expect(stored.map((r) => r.path).sort()).toEqual(
      Array.from({ length: 600 }, (_, i) => join(f.root, 'src', `m${String(i).padStart(4, '0')}.ts`)),
    );
    // A full scan afterwards reads the changed file as it is now.
    await scanProjectDetailed(f.root, { maxFileSize: 1000 }, f.engine, hooksFor(f));
    const changed = f.engine.getFileMetadata(join(f.root, 'src', 'm0650.ts'));
    expect([...(changed?.contentHash ?? [])]).toEqual([
      ...contentHash(Buffer.from('changed before any file is read\n')),
    ]);
  });
});
