// Interrupting the demo: an aborted run cancels its scan through driftCancelScan, keeps what was
// committed, closes the workspace cleanly, and a later run picks up from there.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { DemoInterrupted, runDemo } from '../src/demo.js';
import { silentSink } from '../src/progress.js';

const APP_DIR = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository of `count` small TypeScript modules, and a workspace folder beside it. */
function generated(count: number): { repository: string; workspace: string } {
  const dir = mkdtempSync(join(tmpdir(), 'drift-demo-interrupt-'));
  dirs.push(dir);
  const repository = join(dir, 'repo');
  mkdirSync(join(repository, 'src'), { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(
      join(repository, 'src', `m${String(i).padStart(4, '0')}.ts`),
      `export function f${i}(x: number): number {\n  return x + ${i};\n}\n`,
    );
  }
  return { repository, workspace: join(dir, 'workspace') };
}

/** What the workspace's drift.db holds, read through an engine of its own (read-only). */
function stored(workspace: string) {
  const engine = DriftStorageEngine.open(join(workspace, '.drift', 'drift.db'), { readOnly: true });
  try {
    return {
      files: engine.countFiles(),
      scans: engine.queryRecentScans(10).map((s) => s.status),
      functions: engine.countFunctions(),
    };
  } finally {
    engine.close();
  }
}

describe('interrupting the demo', () => {
  it('an abort during the scan cancels it: the files scanned so far stay, nothing after the scan runs', async () => {
    const { repository, workspace } = generated(250);
    const interrupt = new AbortController();
    const statuses: string[] = [];
    const run = runDemo({
      repository,
      workspace,
      signal: interrupt.signal,
      sink: {
        ...silentSink,
        status: (message) => statuses.push(message),
        // Progress comes every 100 files: abort at the first report after the start.
        progress: ({ processed }) => {
          if (processed === 100) interrupt.abort();
        },
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoInterrupted);
    expect((error as Error).message).toBe(
      'interrupted: the scan stopped after 100 files (100 added), which stay committed; the workspace was closed cleanly',
    );
    expect(statuses.some((s) => s.startsWith('Analyzing'))).toBe(false);
    expect(stored(workspace)).toEqual({ files: 100, scans: ['partial'], functions: 0 });

    // The next run scans the rest and finds the first hundred unchanged.
    const result = await runDemo({ repository, workspace });
    expect(result.scan).toMatchObject({
      status: 'complete',
      filesTotal: 250,
      filesAdded: 150,
      filesUnchanged: 100,
    });
    expect(stored(workspace)).toMatchObject({ files: 250, functions: 250 });
  });

  it('an abort between two steps stops before the next one', async () => {
    const { repository, workspace } = generated(3);
    const interrupt = new AbortController();
    const error = await runDemo({
      repository,
      workspace,
      signal: interrupt.signal,
      sink: {
        ...silentSink,
        status: (message) => {
          if (message === 'Reading the report') interrupt.abort();
        },
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoInterrupted);
    expect((error as Error).message).toBe('interrupted before grounding; the workspace was closed cleanly');
    // The analysis that had started finished and was stored; the scan before it completed.
    expect(stored(workspace)).toEqual({ files: 3, scans: ['completed'], functions: 3 });
  });

  it('Ctrl-C on the command line exits 130 with one line, leaving a consistent workspace', async () => {
    const { repository, workspace } = generated(2000);
    const child = spawn(
      process.execPath,
      ['--conditions=@drift/source', '--import', 'tsx', 'src/cli.ts', repository, '--workspace', workspace],
      { cwd: APP_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const first = !stderr.includes('Scanning');
      stderr += chunk;
      if (first && stderr.includes('Scanning')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(130);
    const last = stderr.trimEnd().split('\n').at(-1);
    // Where the signal lands depends on the machine's speed: in the scan (usual) or just after it.
    expect(last).toMatch(
      /^demo: interrupted(: the scan stopped after \d+ files \(\d+ added\), which stay committed| before the analysis); the workspace was closed cleanly$/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    const after = stored(workspace);
    expect(after.scans).toHaveLength(1);
    expect(['partial', 'completed']).toContain(after.scans[0]);
    const scanned = /stopped after (\d+) files/.exec(last ?? '');
    expect(after.files).toBe(scanned ? Number(scanned[1]) : 2000);
  });
  /** Starts the CLI on `repository`; `onLine` sees stderr as it grows (and may send signals). */
  const startCli = (repository: string, workspace: string, onStderr: (stderr: string) => void) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@drift/source', '--import', 'tsx', 'src/cli.ts', repository, '--workspace', workspace],
      { cwd: APP_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      onStderr(stderr);
    });
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
      (resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })),
    );
    return { child, closed };
  };

  it('SIGTERM during the scan: a message, the scan cancelled (no running row), exit code 143', async () => {
    const { repository, workspace } = generated(2000);
    let sent = false;
    const { child, closed } = startCli(repository, workspace, (stderr) => {
      // After the first progress line: the scan is under way.
      if (!sent && /scanning: \d+\/\d+ files/.test(stderr)) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    const { code, stderr } = await closed;
    expect(code).toBe(143);
    expect(stderr).toContain('demo: SIGTERM received: stopping cleanly (a second one stops at once)\n');
    const last = stderr.trimEnd().split('\n').at(-1);
    expect(last).toMatch(
      /^demo: terminated(: the scan stopped after \d+ files \(\d+ added\), which stay committed| before the analysis); the workspace was closed cleanly$/,
    );
    expect(stderr).not.toMatch(/^\s+at /m);
    const after = stored(workspace);
    expect(after.scans).toHaveLength(1);
    expect(after.scans).not.toContain('running');
    expect(['partial', 'completed']).toContain(after.scans[0]);
  });

  it('Ctrl-C during the analysis stops it between two files; a second Ctrl-C finds no handler left', async () => {
    const { repository, workspace } = generated(2000);
    let first = false;
    let second = false;
    const { child, closed } = startCli(repository, workspace, (stderr) => {
      if (!first && stderr.includes('Analyzing\n')) {
        first = true;
        child.kill('SIGINT');
      }
      // The first was handled (its handlers removed): the second one gets the default action.
      if (first && !second && stderr.includes('SIGINT received')) {
        second = true;
        child.kill('SIGINT');
      }
    });
    const { code, signal, stderr } = await closed;
    expect(stderr).toContain('demo: SIGINT received: stopping cleanly (a second one stops at once)\n');
    // Either the second signal killed the process at once, or the first had already stopped the
    // analysis: never does the analysis run to its end (the old behaviour: "before the report").
    if (signal === null) {
      expect(code).toBe(130);
      expect(stderr.trimEnd().split('\n').at(-1)).toBe(
        'demo: interrupted during the analysis; the workspace was closed cleanly (the next run analyses again)',
      );
    } else {
      expect(signal).toBe('SIGINT');
    }
    expect(stderr).not.toContain('Reading the report');
    expect(stored(workspace).scans).toEqual(['completed']);
  });
});
