import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WalkEnvironment, type WalkOptions, walkTree } from '../src/scanner/index.js';
import { useWalkThread, walkThreadRunning, walkTreeInThread } from '../src/scanner/walk-thread.js';

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

  it('walks on the calling thread when the thread is switched off', async () => {
    useWalkThread(false);
    try {
      expect(await walkTreeInThread(root, options())).toEqual(await walkTree(root, options()));
    } finally {
      useWalkThread(true);
    }
  });
});
