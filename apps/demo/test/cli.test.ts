import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '../src/demo.js';
import { type CliRun, runCli, temporaryFolders } from './helpers/cli.js';

const tempDir = temporaryFolders('drift-demo-test-');

// The generated repository: what it contains is what the report must say.
const FILES: Record<string, string> = {
  'src/index.ts': [
    "import { start } from './core/engine.js';",
    "import { shout } from './util/strings.js';",
    '',
    'export const API_URL = process.env.DEMO_API_URL;',
    '',
    'export async function main(): Promise<void> {',
    '  start(shout(String(API_URL)));',
    '}',
    '',
    'export function version(): string {',
    "  return '1.0.0';",
    '}',
    '',
  ].join('\n'),
  'src/core/engine.ts': [
    "import { version } from '../index.js';",
    '',
    'export interface Engine {',
    '  run(): void;',
    '}',
    '',
    'export function start(label: string): Engine {',
    '  console.log(label, version());',
    '  return { run: () => undefined };',
    '}',
    '',
  ].join('\n'),
  'src/util/strings.js': ['export function shout(text) {', '  return text.toUpperCase();', '}', ''].join(
    '\n',
  ),
  'test/engine.test.ts': [
    "import { start } from '../src/core/engine.js';",
    'export function smoke() {',
    "  start('x').run();",
    '}',
  ].join('\n'), // no final newline: 4 lines
  'README.md': '# fixture\n',
};

describe('pnpm demo on a generated repository', () => {
  let repository: string;
  let workspace: string;
  let first: CliRun;
  let second: CliRun;
  let firstResult: DemoResult;
  let secondResult: DemoResult;

  beforeAll(async () => {
    const dir = tempDir();
    repository = join(dir, 'repo');
    workspace = join(dir, 'workspace');
    for (const [path, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(repository, path)), { recursive: true });
      writeFileSync(join(repository, path), content);
    }
    first = await runCli([repository, '--json', '--workspace', workspace]);
    second = await runCli([repository, '--json', '--workspace', workspace]);
    if (first.code !== 0) throw new Error(`first run failed (${first.code}): ${first.stderr}`);
    if (second.code !== 0) throw new Error(`second run failed (${second.code}): ${second.stderr}`);
    firstResult = JSON.parse(first.stdout) as DemoResult;
    secondResult = JSON.parse(second.stdout) as DemoResult;
  });

  it('prints one JSON document and reports progress as plain lines on stderr', () => {
    expect(firstResult.repository).toBe(repository);
    expect(firstResult.workspace).toBe(workspace);
    expect(firstResult.temporaryWorkspace).toBe(false);
    // The reference reports progress once the walk is done and before files 0, 100, ...: 0/5 twice.
    expect(first.stderr).toContain('scanning: 0/5 files');
    expect(first.stderr).not.toContain('\r');
  });

  it('scans every file of the repository', () => {
    expect(firstResult.scan).toMatchObject({
      filesTotal: 5,
      filesAdded: 5,
      filesModified: 0,
      filesRemoved: 0,
      filesUnchanged: 0,
      errorsCount: 0,
      status: 'complete',
      languages: { TypeScript: 3, JavaScript: 1 },
    });
  });

  it('reports files and lines by language, and the functions', () => {
    const report = firstResult.report;
    expect(report.files).toEqual({
      total: 5,
      byLanguage: [
        { language: 'TypeScript', files: 3, lines: 12 + 10 + 4 },
        { language: 'JavaScript', files: 1, lines: 3 },
      ],
      // README.md: the heading's 5 files are the 4 listed and this one.
      other: { files: 1, byExtension: [{ extension: '.md', files: 1 }] },
    });
    // main, version, start, shout, smoke (the arrow inside start's object literal is not a declaration)
    expect(report.functions).toMatchObject({
      total: 5,
      exported: 5,
      async: 1,
      callEdges: 4,
      resolutionRate: 1,
    });
    expect(report.functions.mostCalled.map((f) => `${f.calls} ${f.name} ${f.file}:${f.line}`)).toEqual([
      '2 start src/core/engine.ts:7',
      '1 version src/index.ts:10',
      '1 shout src/util/strings.js:1',
    ]);
  });

  it('reports the import cycle between src and src/core (test files left out)', () => {
    const coupling = firstResult.report.coupling;
    expect(coupling.moduleCount).toBe(3);
    expect(coupling.modules.map((m) => `${m.module} ce=${m.ce} ca=${m.ca} I=${m.instability}`)).toEqual([
      'src ce=2 ca=1 I=0.6666666666666666',
      'src/core ce=1 ca=1 I=0.5',
      'src/util ce=0 ca=1 I=0',
    ]);
    expect(coupling.modules.find((m) => m.module === 'src/core')?.abstractness).toBe(0.5);
    expect(coupling.cycles).toEqual([
      {
        members: ['src', 'src/core'],
        breakSuggestions: [
          { from: 'src', to: 'src/core', impact: 1 },
          { from: 'src/core', to: 'src', impact: 1 },
        ],
      },
    ]);
  });

  it('reports the environment variable, detections, gates and grounding', () => {
    const report = firstResult.report;
    expect(report.environment).toEqual({
      variables: [
        {
          name: 'DEMO_API_URL',
          reads: 1,
          files: ['src/index.ts'],
          alwaysDefaulted: false,
          definedInEnv: false,
        },
      ],
      missing: ['DEMO_API_URL'],
    });
    expect(report.detections.byCategory).toEqual([{ category: 'logging', detections: 1, patterns: 1 }]);
    expect(report.violations).toEqual([]);
    expect(report.gates.map((g) => `${g.gateId} ${g.status} ${g.score}`)).toEqual([
      'pattern-compliance failed 66.67',
      'security-boundaries passed 100',
    ]);
    expect(report.degradationAlerts).toEqual([]);
    // Verdicts that follow from the data: console.log is in every file with a detection (support 1,
    // weight 0.13) and its confidence is Beta(1 + 0.9, 1 + 0.1)'s mean 0.633 (weight 0.18): 0.787;
    // src is the most unstable coupled module (I = 2/3), src/util the most stable one (I = 0), so
    // calling it unstable is contradicted.
    expect(
      firstResult.grounding.map(
        (g) => `${g.memoryId} ${g.about.join(', ')} ${g.verdict} ${g.score.toFixed(3)}`,
      ),
    ).toEqual([
      'demo-pattern-rationale pattern logging/console-log Validated 0.787',
      'demo-unstable-module module src Partial 0.667',
      'demo-stable-module-called-unstable module src/util Invalidated 0.000',
    ]);
    for (const g of firstResult.grounding) expect(g.evidence.length).toBeGreaterThan(0);
    expect(firstResult.grounding[2]!.explanation).toBe(
      'Invalidated: module src/util: instability 0.00 (support 0.00, weight 0.07); weighted mean 0.000 (Validated from 0.7, Partial from 0.4, Weak from 0.2, else Invalidated)',
    );
  });

  it('backs up, exports, checks and collects the workspace', () => {
    const { maintenance } = firstResult;
    expect(existsSync(maintenance.backup.path)).toBe(true);
    expect(maintenance.backup.verified).toBe(true);
    expect(existsSync(maintenance.export.path)).toBe(true);
    expect(maintenance.integrity).toEqual({ ok: true, issues: [] });
    expect(maintenance.gc.totalDeleted).toBe(0);
  });

  it('a second run on the same workspace finds every file unchanged and reports the same', () => {
    expect(secondResult.scan).toMatchObject({
      filesTotal: 5,
      filesAdded: 0,
      filesModified: 0,
      filesRemoved: 0,
      filesUnchanged: 5,
      languages: firstResult.scan.languages,
    });
    expect(secondResult.report).toEqual(firstResult.report);
    expect(secondResult.grounding).toEqual(firstResult.grounding);
    expect(second.stderr).toContain('0 added, 0 modified, 0 removed, 5 unchanged');
  });
});

describe('pnpm demo on bad paths', () => {
  const expectOneLineFailure = (run: CliRun, message: RegExp): void => {
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    const lines = run.stderr.split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  };

  it('refuses a missing path, a file, and a workspace below a regular file with one line each', async () => {
    const dir = tempDir();
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'not a folder\n');
    mkdirSync(join(dir, 'repo'));
    const [missing, notAFolder, badWorkspace, badOption] = await Promise.all([
      runCli([join(dir, 'nope'), '--json']),
      runCli([file]),
      runCli([join(dir, 'repo'), '--workspace', join(file, 'workspace')]),
      runCli(['--frobnicate']),
    ]);
    expectOneLineFailure(missing, /^demo: repository path .*nope does not exist$/);
    expectOneLineFailure(notAFolder, /^demo: repository path .*file\.txt is a file, not a folder$/);
    expectOneLineFailure(
      badWorkspace,
      /^demo: cannot use workspace folder .*file\.txt\/workspace: it or one of its parent folders is a file$/,
    );
    expectOneLineFailure(badOption, /^demo: unknown option --frobnicate/);
    expect(badOption.code).toBe(2);
  });
});
