import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { describe, expect, it } from 'vitest';
import type { DemoResult } from '../src/demo.js';
import { type CliRun, runCli, temporaryFolders } from './helpers/cli.js';

const tempDir = temporaryFolders('drift-demo-ws-');

function writeRepository(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** The paths file_metadata holds, below `root`. */
function storedPaths(dbPath: string, root: string): string[] {
  const engine = DriftStorageEngine.open(dbPath, { readOnly: true });
  try {
    return engine
      .loadAllFileMetadata()
      .map((row) => row.path.slice(root.length + 1))
      .sort();
  } finally {
    engine.close();
  }
}

function scanStatuses(dbPath: string): string[] {
  const engine = DriftStorageEngine.open(dbPath, { readOnly: true });
  try {
    return engine.queryRecentScans(100).map((s) => s.status);
  } finally {
    engine.close();
  }
}

const parse = (run: CliRun): DemoResult => {
  if (run.code !== 0) throw new Error(`the run failed (${run.code}): ${run.stderr}`);
  return JSON.parse(run.stdout) as DemoResult;
};

const SMALL: Record<string, string> = {
  'src/a.ts': "import { b } from '../lib/b.js';\nexport function a() {\n  return b();\n}\n",
  'lib/b.ts': 'export function b() {\n  return 1;\n}\n',
  'docs/guide.md': '# guide\n',
  'package.json': '{}\n',
};

describe('the workspace', () => {
  it('inside the scanned repository, its own files are never scanned, however many runs', async () => {
    const repository = join(tempDir(), 'app');
    writeRepository(repository, SMALL);
    const first = parse(await runCli([repository, '--json', '--workspace', repository]));
    const second = parse(await runCli([repository, '--json', '--workspace', repository]));
    const third = parse(await runCli([repository, '--json', '--workspace', repository]));
    // .drift/ (database, lock, export), .drift-backups/ (one more backup per run) and drift.toml exist...
    expect(existsSync(join(repository, '.drift', 'workspace.lock'))).toBe(true);
    expect(existsSync(join(repository, 'drift.toml'))).toBe(true);
    expect(existsSync(first.maintenance.backup.path)).toBe(true);
    // ...and none is tracked: every run counts the same four files.
    for (const result of [first, second, third]) expect(result.scan.filesTotal).toBe(4);
    expect(second.scan).toMatchObject({ filesAdded: 0, filesRemoved: 0, filesUnchanged: 4 });
    expect(third.scan).toMatchObject({ filesAdded: 0, filesRemoved: 0, filesUnchanged: 4 });
    expect(first.scanDetails.workspaceIgnores).toEqual(['/.drift/', '/.drift-backups/', '/drift.toml']);
    expect(storedPaths(join(repository, '.drift', 'drift.db'), repository)).toEqual([
      'docs/guide.md',
      'lib/b.ts',
      'package.json',
      'src/a.ts',
    ]);
  });

  it('in a folder of the scanned repository, only that folder’s workspace files are left out', async () => {
    const repository = join(tempDir(), 'app');
    writeRepository(repository, { ...SMALL, 'tools/drift/keep.ts': 'export const keep = 1;\n' });
    const workspace = join(repository, 'tools', 'drift');
    parse(await runCli([repository, '--json', '--workspace', workspace]));
    const second = parse(await runCli([repository, '--json', '--workspace', workspace]));
    expect(second.scanDetails.workspaceIgnores).toEqual([
      '/tools/drift/.drift/',
      '/tools/drift/.drift-backups/',
      '/tools/drift/drift.toml',
    ]);
    expect(second.scan).toMatchObject({ filesTotal: 5, filesUnchanged: 5 });
    expect(storedPaths(join(workspace, '.drift', 'drift.db'), repository)).toContain('tools/drift/keep.ts');
  });

  it('two runs at the same time on one fresh workspace: one is refused with one line, or both are right', async () => {
    for (let trial = 0; trial < 3; trial += 1) {
      const dir = tempDir();
      const repository = join(dir, 'repo');
      writeRepository(repository, SMALL);
      const workspace = join(dir, 'workspace');
      const runs = await Promise.all([
        runCli([repository, '--json', '--workspace', workspace]),
        runCli([repository, '--json', '--workspace', workspace]),
      ]);
      let succeeded = 0;
      for (const run of runs) {
        if (run.code === 0) {
          succeeded += 1;
          const result = JSON.parse(run.stdout) as DemoResult;
          expect(result.report.functions).toMatchObject({ total: 2, callEdges: 1 });
          expect(result.report.coupling.moduleCount).toBe(2);
        } else {
          expect(run.code).toBe(1);
          expect(run.stdout).toBe('');
          const lines = run.stderr.split('\n').filter((line) => line.startsWith('demo:'));
          expect(lines).toEqual([
            `demo: the workspace ${workspace} is in use by another run (its lock is held); wait for that run to end, or pass another --workspace`,
          ]);
        }
      }
      expect(succeeded).toBeGreaterThanOrEqual(1);
      // Whatever the interleaving, the workspace holds one consistent analysis.
      expect(scanStatuses(join(workspace, '.drift', 'drift.db')).every((s) => s === 'completed')).toBe(true);
    }
  });

  it.skipIf(!existsSync('/proc/self'))(
    'a workspace path that cannot hold a workspace (/proc) gets one line and exit code 1',
    async () => {
      const repository = join(tempDir(), 'repo');
      writeRepository(repository, SMALL);
      const [proc, procSelf] = await Promise.all([
        runCli([repository, '--workspace', '/proc/drift-demo-x/ws']),
        runCli([repository, '--workspace', '/proc/self']),
      ]);
      for (const [run, path, reason] of [
        [proc, '/proc/drift-demo-x/ws', 'folders cannot be created there'],
        [procSelf, '/proc/self', 'permission denied'],
      ] as const) {
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(`demo: cannot use workspace folder ${path}: ${reason}\n`);
      }
    },
  );

  it('a temporary workspace is removed at exit unless --keep, and the report says where it was', async () => {
    const repository = join(tempDir(), 'repo');
    writeRepository(repository, SMALL);
    const [removedText, removedJson, keptJson] = await Promise.all([
      runCli([repository]),
      runCli([repository, '--json']),
      runCli([repository, '--json', '--keep']),
    ]);
    const removed = parse(removedJson);
    expect(removed).toMatchObject({ temporaryWorkspace: true, workspaceRemoved: true });
    expect(existsSync(removed.workspace)).toBe(false);
    const kept = parse(keptJson);
    tempDir.removeLater(kept.workspace);
    expect(kept).toMatchObject({ temporaryWorkspace: true, workspaceRemoved: false });
    expect(existsSync(join(kept.workspace, '.drift', 'drift.db'))).toBe(true);
    expect(removedText.code).toBe(0);
    const where = /^Workspace (\S+) \(a new temporary folder, removed at exit; --keep keeps it\)$/m.exec(
      removedText.stdout,
    );
    expect(where).not.toBeNull();
    expect(existsSync(where![1]!)).toBe(false);
  });
});

describe('what the report says', () => {
  const FILES: Record<string, string> = {
    // A cycle between src and src/core, a folder nothing imports or is imported by (tools), a
    // secret, an empty catch in src and one in src2 (a folder whose name starts like src).
    'src/index.ts': [
      "import { start } from './core/engine.js';",
      "const apiKey = 'q8Zr4Lp2Xv9Tn3Bw';",
      'export function main(): string {',
      '  try {',
      '    return start(apiKey.length);',
      '  } catch {}',
      "  return '';",
      '}',
      '',
    ].join('\n'),
    'src/core/engine.ts': [
      "import { main } from '../index.js';",
      "import { helper } from '../../src2/helper.js';",
      'export function start(n: number): string {',
      '  return String(n) + main.name + helper();',
      '}',
      '',
    ].join('\n'),
    'src2/helper.ts':
      'export function helper(): string {\n  try {\n    return "x";\n  } catch {}\n  return "";\n}\n',
    'tools/alone.ts': 'export function alone(): number {\n  return 3;\n}\n',
    'README.md': '# fixture\n',
    'notes.txt': 'plain text\n',
    LICENSE: 'MIT\n',
    'big.ts': `export const big = '${'x'.repeat(1_100_000)}';\n`,
    'node_modules/dep/index.js': 'module.exports = 1;\n',
    '.gitignore': 'generated/\n',
    'generated/out.js': 'export const out = 1;\n',
  };

  const writeFixture = (repository: string): void => {
    writeRepository(repository, FILES);
    mkdirSync(join(repository, '.git')); // a git repository, so that .gitignore applies
  };

  it('counts every tracked file, says what was skipped and why, and lists every secret', async () => {
    const dir = tempDir();
    const repository = join(dir, 'repo');
    writeFixture(repository);
    const workspace = join(dir, 'workspace');
    const [json, text] = await Promise.all([
      runCli([repository, '--json', '--workspace', workspace]),
      runCli([repository, '--workspace', join(dir, 'workspace-text')]),
    ]);
    const result = parse(json);
    // Tracked: the 4 TypeScript files, README.md, notes.txt, LICENSE, .gitignore.
    expect(result.scan.filesTotal).toBe(8);
    expect(result.scanDetails).toMatchObject({
      discovered: 8,
      unreadable: 0,
      // .git, node_modules (default ignores) and generated/ (.gitignore): one each.
      skipped: { ignored: 3, tooLarge: 1 },
      maxFileSize: 1_048_576,
      workspaceIgnores: [],
    });
    const files = result.report.files;
    expect(files.byLanguage.map((l) => `${l.language} ${l.files}`)).toEqual(['TypeScript 4']);
    expect(files.other).toEqual({
      files: 4,
      byExtension: [
        // LICENSE, and .gitignore (a dot file has no extension, as node:path's extname says).
        { extension: '(none)', files: 2 },
        { extension: '.md', files: 1 },
        { extension: '.txt', files: 1 },
      ],
    });
    expect(files.byLanguage.reduce((sum, l) => sum + l.files, 0) + files.other.files).toBe(files.total);
    // The secret is stored with severity high: driftConstantsAnalysis (critical only) has none.
    expect(result.report.constants.secrets).toEqual([{ file: 'src/index.ts', line: 2, severity: 'high' }]);
    expect(result.report.constants.secretsBySeverity).toEqual([{ severity: 'high', count: 1 }]);

    expect(text.code).toBe(0);
    const out = text.stdout;
    expect(out).toContain('Files by language (8 tracked files)');
    expect(out).toMatch(/^ {2}TypeScript {11}4 files {2}22 lines$/m);
    expect(out).toMatch(/^ {2}other \(no language\) {2}4 files$/m);
    expect(out).toContain('the 4 other files are in no language the scanner knows: (none) 2, .md 1, .txt 1');
    expect(out).toContain(
      '8 files found (the progress total); left out: 3 files or folders by ignore rules (.gitignore, .driftignore, the default ignores such as node_modules and .git), 1 file over the 1.0 MiB size limit',
    );
    expect(out).toContain('1 hard-coded secret (1 high)');
    expect(out).toContain('high secret at src/index.ts:2');
  });

  it('leads the coupling section with cycles and the most coupled modules, and says what it left out', async () => {
    const dir = tempDir();
    const repository = join(dir, 'repo');
    writeFixture(repository);
    const text = await runCli([repository, '--workspace', join(dir, 'workspace')]);
    expect(text.code).toBe(0);
    const section = text.stdout.slice(
      text.stdout.indexOf('Module coupling'),
      text.stdout.indexOf('Environment'),
    );
    expect(section.trimEnd().split('\n')).toEqual([
      'Module coupling (4 modules; a module is a folder)',
      '  1 import cycle:',
      '    src <-> src/core',
      '      easiest break: src -> src/core (impact 1.00)',
      '  most coupled (Ce + Ca):',
      '    module    Ce  Ca     I     A     D  zone',
      '    src/core   2   1  0.67  0.00  0.33  main_sequence',
      '    src        1   1  0.50  0.00  0.50  main_sequence',
      '    src2       0   1  0.00  0.00  1.00  zone_of_pain',
      '  left out: 1 isolated module (no import to or from another folder): tools',
    ]);
  });

  it('grounds memories about folders by their path with a final slash: src is not src2', async () => {
    const dir = tempDir();
    const repository = join(dir, 'repo');
    writeFixture(repository);
    const result = parse(await runCli([repository, '--json', '--workspace', join(dir, 'workspace')]));
    const unstable = result.grounding.find((g) => g.memoryId === 'demo-unstable-module')!;
    const stable = result.grounding.find((g) => g.memoryId === 'demo-stable-module-called-unstable')!;
    // src/core is the most unstable coupled folder (2/3): it has no empty catch of its own.
    expect(unstable.about).toEqual(['module src/core']);
    expect(unstable.evidence.map((e) => `${e.type} ${e.subject} ${e.driftValue}`)).toEqual([
      'CouplingMetric src/core 0.6666666666666666',
    ]);
    // src2 is the most stable (0): one empty catch in src2/, not the one in src/.
    expect(stable.about).toEqual(['module src2']);
    expect(stable.evidence.map((e) => `${e.type} ${e.subject} ${e.driftValue}`)).toEqual([
      'CouplingMetric src2 0',
      'ErrorHandlingGaps src2/ 1',
    ]);
    // Its instability contradicts the claim; its single gap in 100 supports the rest: Partial.
    expect(stable.verdict).toBe('Partial');
    expect(stable.explanation).toBe(
      'Partial: module src2: instability 0.00 (support 0.00, weight 0.07); ./src2/: 1 error-handling gap(s) (support 0.99, weight 0.06); weighted mean 0.457 (Validated from 0.7, Partial from 0.4, Weak from 0.2, else Invalidated)',
    );
  });
});
