// Scanner benchmark: a full scan and an unchanged rescan through DriftNapi over the SQLite engine with
// the batch writer (as the demo composes them), against the native tools on the same tree:
// `rg --files` (the walk) and `rg --files | xargs xxhsum -H3` (walk and XXH3-64 of every file), with
// the flags that give ripgrep the walker's file set. Rounds are interleaved so that machine noise hits
// every side alike; it prints the medians, the two ratios and the peak RSS of a process that runs one
// full scan. It also times a full scan and a rescan with the walk thread switched off (every read,
// hash and walk on the scanning thread), to show what that thread saves.
//
//   pnpm --filter @drift/napi-compat-bindings bench
//   BENCH_SCALE=0.05 (files: 10,000 x scale), BENCH_ROUNDS=5, BENCH_TREE=<folder> (scan that tree
//   instead of generating one; it is never modified)

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBatchWriter } from '@drift/batch-writer';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { createDriftNapi, DEFAULT_IGNORES, DEFAULT_MAX_FILE_SIZE } from '../src/index.js';
import { hashContent } from '../src/scanner/hash.js';
import { useWalkThread, walkThreadRunning } from '../src/scanner/walk-thread.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 5)));
const FILES = Math.max(50, Math.round(10_000 * SCALE));
const GIVEN_TREE = process.env.BENCH_TREE;

// ─── The RSS child: one full scan in a fresh process, then its peak RSS on stdout ───────────────────

/** Opens a DriftNapi on a new database in `dir` for `root`, as the demo composes it. */
function openNapi(dir: string, root: string) {
  const napi = createDriftNapi({
    storageFactory: (path) => DriftStorageEngine.open(path, { batchWriter: createBatchWriter }),
  });
  napi.driftInitialize(join(dir, 'drift.db'), root);
  return napi;
}

if (process.argv[2] === 'rss-child') {
  const [, , , root, dir, mode] = process.argv as [string, string, string, string, string, string];
  const napi = openNapi(dir, root);
  if (mode === 'scan') await napi.driftScan(root);
  napi.driftShutdown();
  process.stdout.write(String(process.resourceUsage().maxRSS));
  process.exit(0);
}

// ─── The tree ────────────────────────────────────────────────────────────────────────────────────────

/** mulberry32: a small deterministic generator (the tree is the same on every run). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Tree {
  readonly root: string;
  /** The folder to delete afterwards, or null for a given tree. */
  readonly owned: string | null;
  readonly describe: string;
}

/**
 * About `FILES` files under a `.git` marker (so `.gitignore` files apply): folders 1 to 7 deep, most
 * files small (0.1-8 KB), some 8-64 KB, a few 100 KB-1 MB, a few over the 1 MiB limit; `.gitignore`
 * files at the root and in some folders (`*.log`, `*.tmp`, `out/`, `generated/`, a `!` re-include), and
 * ignored folders (`node_modules`, `dist`, `out`, `generated`) holding about a tenth more files.
 */
function generateTree(): Tree {
  const owned = mkdtempSync(join(tmpdir(), 'drift-scan-bench-'));
  const root = join(owned, 'project');
  const next = random(16);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const pool = Buffer.alloc(1_700_000);
  for (let i = 0; i < pool.length; i++) pool[i] = 32 + Math.floor(next() * 95);
  let written = 0;
  let bytes = 0;
  const write = (path: string, size: number): void => {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    const offset = Math.floor(next() * (pool.length - size));
    const header = Buffer.from(`// ${path}\n`);
    writeFileSync(
      abs,
      Buffer.concat([header, pool.subarray(offset, offset + Math.max(0, size - header.length))]),
    );
    written += 1;
    bytes += size;
  };
  const sizeOf = (): number => {
    const r = next();
    if (r < 0.002) return 1_100_000 + Math.floor(next() * 500_000); // over the limit
    if (r < 0.008) return 100_000 + Math.floor(next() * 900_000);
    if (r < 0.13) return 8_000 + Math.floor(next() * 56_000);
    return 100 + Math.floor(next() * 7_900);
  };
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(join(root, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(root, '.gitignore'), '*.log\n*.tmp\n/out/\ngenerated/\n.cache/\n');
  const names = [
    'src',
    'lib',
    'core',
    'utils',
    'api',
    'models',
    'views',
    'tests',
    'docs',
    'cli',
    'net',
    'db',
  ];
  const extensions = [
    '.ts',
    '.ts',
    '.ts',
    '.js',
    '.tsx',
    '.py',
    '.go',
    '.rs',
    '.java',
    '.md',
    '.json',
    '.css',
  ];
  const folders: string[] = [''];
  let kept = 0;
  while (kept < FILES) {
    const r = next();
    if (r < 0.12 || folders.length < 8) {
      // a new folder below an existing one, at most 7 deep
      const parent = pick(folders);
      if (parent.split('/').length < 7) {
        const folder = `${parent === '' ? '' : `${parent}/`}${pick(names)}${Math.floor(next() * 40)}`;
        folders.push(folder);
      }
      continue;
    }
    const folder = pick(folders);
    const at = folder === '' ? '' : `${folder}/`;
    const u = next();
    if (u < 0.01) {
      write(`${at}debug${Math.floor(next() * 1e6)}.log`, 200 + Math.floor(next() * 4_000)); // ignored
    } else if (u < 0.02) {
      const ignored = pick(['node_modules/pkg', 'dist', 'generated', 'node_modules/@scope/lib/src']);
      for (let i = 0; i < 10; i++)
        write(`${at}${ignored}/f${Math.floor(next() * 1e6)}.js`, 100 + Math.floor(next() * 6_000));
    } else {
      write(`${at}file${Math.floor(next() * 1e7)}${pick(extensions)}`, sizeOf());
      kept += 1;
    }
  }
  for (let i = 0; i < FILES / 50; i++) write(`out/build${i}.js`, 1_000 + Math.floor(next() * 9_000)); // /out/
  // Folder-level rules: a re-include below the root's `*.log`, and a local ignore.
  for (const folder of folders.filter((_, i) => i % 9 === 4)) {
    mkdirSync(join(root, folder), { recursive: true });
    writeFileSync(join(root, folder, '.gitignore'), '!keep.log\nscratch/\n# local rules\n*.bak\n');
    write(`${folder === '' ? '' : `${folder}/`}keep.log`, 500);
    write(`${folder === '' ? '' : `${folder}/`}scratch/notes.txt`, 500);
  }
  return {
    root,
    owned,
    describe: `generated tree: ${written} files written, ${(bytes / 1e6).toFixed(0)} MB, ${folders.length} folders`,
  };
}

// ─── Timing ──────────────────────────────────────────────────────────────────────────────────────────

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const has = (tool: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;

/** ripgrep's flags that give the walker's file set: hidden files, the default ignores, the size limit. */
const RG_ARGS = [
  '--files',
  '--hidden',
  '--no-require-git',
  `--max-filesize=${DEFAULT_MAX_FILE_SIZE}`,
  ...DEFAULT_IGNORES.flatMap((name) => ['-g', `!${name}`]),
];
const quote = (arg: string): string => `'${arg.replaceAll("'", "'\\''")}'`;

/** Wall time of a shell pipeline run in `cwd`, in ms (its output discarded). */
function timeShell(command: string, cwd: string): number {
  const started = performance.now();
  const run = spawnSync('sh', ['-c', `${command} > /dev/null`], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr.toString().slice(0, 500)}`);
  return ms;
}

const tree =
  GIVEN_TREE === undefined
    ? generateTree()
    : { root: GIVEN_TREE, owned: null, describe: `tree ${GIVEN_TREE}` };
try {
  const hashCheck = hashContent(Buffer.from('hi\n')).toString(16);
  if (hashCheck !== 'b34d1a3ab2bece70')
    throw new Error(`XXH3-64 of "hi\\n" is ${hashCheck}, not b34d1a3ab2bece70`);
  const rg = has('rg');
  const xxhsum = has('xxhsum');
  const rgFiles = `rg ${RG_ARGS.map(quote).join(' ')}`;
  const rgHash = `${rgFiles} -0 | xargs -0 xxhsum -H3`;
  let rgCount: number | null = null;
  if (rg) {
    rgCount =
      execFileSync('rg', RG_ARGS, { cwd: tree.root, maxBuffer: 1 << 28 })
        .toString()
        .split('\n').length - 1;
  }

  const full: number[] = [];
  const rescan: number[] = [];
  const rescanOneThread: number[] = [];
  const fullOneThread: number[] = [];
  const walk: number[] = [];
  const walkHash: number[] = [];
  let scanned = 0;
  for (let round = -1; round < ROUNDS; round++) {
    // round -1 warms the page cache and the JIT; it is not counted
    const dir = mkdtempSync(join(tmpdir(), 'drift-scan-bench-db-'));
    try {
      const napi = openNapi(dir, tree.root);
      let started = performance.now();
      const first = await napi.driftScan(tree.root);
      const fullMs = performance.now() - started;
      started = performance.now();
      const second = await napi.driftScan(tree.root);
      const rescanMs = performance.now() - started;
      // The same rescan with the walk on the scanning thread: what the walk thread saves.
      useWalkThread(false);
      started = performance.now();
      await napi.driftScan(tree.root);
      const oneThreadMs = performance.now() - started;
      useWalkThread(true);
      napi.driftShutdown();
      // A full scan with everything on the scanning thread, into a second new database.
      const single = openNapi(mkdtempSync(join(dir, 'single-')), tree.root);
      useWalkThread(false);
      started = performance.now();
      await single.driftScan(tree.root);
      const fullOneThreadMs = performance.now() - started;
      useWalkThread(true);
      single.driftShutdown();
      if (first.filesAdded !== first.filesTotal || second.filesUnchanged !== second.filesTotal)
        throw new Error(`unexpected scan results: ${JSON.stringify({ first, second })}`);
      scanned = first.filesTotal;
      if (round >= 0) {
        full.push(fullMs);
        rescan.push(rescanMs);
        rescanOneThread.push(oneThreadMs);
        fullOneThread.push(fullOneThreadMs);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (rg) {
      const walkMs = timeShell(rgFiles, tree.root);
      const walkHashMs = xxhsum ? timeShell(rgHash, tree.root) : Number.NaN;
      if (round >= 0) {
        walk.push(walkMs);
        walkHash.push(walkHashMs);
      }
    }
  }

  const rssDir = mkdtempSync(join(tmpdir(), 'drift-scan-bench-db-'));
  const child = (mode: string): number => {
    const args = [
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      'rss-child',
      tree.root,
      join(rssDir, mode),
      mode,
    ];
    mkdirSync(join(rssDir, mode));
    return Number(execFileSync(process.execPath, args).toString()) / 1024;
  };
  let rssScan: number;
  let rssIdle: number;
  try {
    rssScan = child('scan');
    rssIdle = child('idle');
  } finally {
    rmSync(rssDir, { recursive: true, force: true });
  }

  const ms = (x: number): string => `${x.toFixed(0).padStart(7)} ms`;
  console.log(
    `scan bench: ${tree.describe}; ${scanned} files scanned; ${ROUNDS} rounds (medians); load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`  our full scan            ${ms(median(full))}`);
  console.log(`  our unchanged rescan     ${ms(median(rescan))}`);
  console.log(
    `  (one thread only: full ${ms(median(fullOneThread)).trim()}, rescan ${ms(median(rescanOneThread)).trim()}; walk thread used: ${walkThreadRunning()})`,
  );
  if (!rg) {
    console.log('  baseline skipped: rg not installed');
  } else {
    if (rgCount !== scanned) console.log(`  note: rg lists ${rgCount} files, the scan found ${scanned}`);
    console.log(`  rg --files               ${ms(median(walk))}`);
    if (xxhsum) console.log(`  rg --files | xxhsum -H3  ${ms(median(walkHash))}`);
    else console.log('  baseline skipped: xxhsum not installed');
    if (xxhsum)
      console.log(`  full scan / (rg | xxhsum)     ${(median(full) / median(walkHash)).toFixed(2)}`);
    console.log(`  rescan / rg --files           ${(median(rescan) / median(walk)).toFixed(2)}`);
  }
  console.log(
    `  peak RSS of a process running one full scan: ${rssScan.toFixed(0)} MB (loading the modules only: ${rssIdle.toFixed(0)} MB)`,
  );
} finally {
  if (tree.owned !== null) rmSync(tree.owned, { recursive: true, force: true });
}
