import BetterSqlite3 from 'better-sqlite3';
// Kill-and-reopen: a child process writes through a file engine and its batch writer and reports each
// step it committed; the test kills it with SIGKILL after N reports, reopens the database and checks
// that it is intact, that every reported step is there in full, that no command is there in part,
// and that the database takes new writes. See fixtures/crash-child.ts for what the child does.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createBatchWriter } from '../src/index.js';
import {
  BULK_ROWS,
  bulkFilePath,
  DETECTIONS_PER_FILE,
  FILES_PER_STEP,
  hasBulk,
  type StepReport,
  stepCommands,
  stepFilePath,
  totalsAfter,
} from './fixtures/crash-child.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
/**
 * Hang guard: the child is killed (and the run fails) when it reports nothing for this long. It limits
 * silence, not the run: a child that keeps reporting steps is never stopped, however slow the machine.
 * Here the child starts in about 2 s (7 s under a load average of 70) and reports a step every few
 * tens of milliseconds, so two minutes of silence can only be a hang.
 */
const SILENCE_GUARD_MS = 120_000;

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'drift-crash-'));
  dirs.push(dir);
  return join(dir, 'drift.db');
}

interface ChildRun {
  /** Every report line the child wrote before it died, in order. */
  readonly reports: StepReport[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** Output after the last newline (a line the child did not finish); expected to be empty. */
  readonly partial: string;
}

/**
 * Runs the child on `path` and SIGKILLs it `delayMs` after it has reported `killAfter` committed steps
 * (a delay only moves the kill to another point of the child's loop; nothing waits on it to assert).
 */
function runChildAndKill(path: string, killAfter: number, delayMs: number): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--conditions=@drift/source', '--import', 'tsx', CHILD, path], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const reports: StepReport[] = [];
  let buffer = '';
  let stderr = '';
  let killed = false;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  let onSilence: () => void = () => {};
  let guard = setTimeout(() => onSilence(), SILENCE_GUARD_MS);
  child.stdout.on('data', (chunk: string) => {
    clearTimeout(guard);
    guard = setTimeout(() => onSilence(), SILENCE_GUARD_MS);
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      reports.push(JSON.parse(buffer.slice(0, nl)) as StepReport);
      buffer = buffer.slice(nl + 1);
    }
    if (!killed && reports.length >= killAfter) {
      killed = true;
      if (delayMs === 0) child.kill('SIGKILL');
      else setTimeout(() => child.kill('SIGKILL'), delayMs);
    }
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    onSilence = () => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `hang guard: the child reported nothing for ${SILENCE_GUARD_MS / 1000} s (${reports.length} of ${killAfter} steps reported so far); a child that keeps reporting is never stopped, however slow\n${stderr}`,
        ),
      );
    };
    child.once('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    // 'close' comes after both pipes ended: every line written before the kill has been read.
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ reports, code, signal, stderr, partial: buffer });
    });
  });
}

/** `PRAGMA integrity_check` and per-file row counts, through a connection of its own. */
function inspectRaw(path: string): {
  integrity: unknown;
  files: Set<string>;
  detectionsByFile: Map<string, number>;
} {
  const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = raw.pragma('integrity_check', { simple: true });
    const files = new Set(
      (raw.prepare('SELECT path FROM file_metadata').all() as { path: string }[]).map((r) => r.path),
    );
    const detectionsByFile = new Map(
      (
        raw.prepare('SELECT file, COUNT(*) AS n FROM detections GROUP BY file').all() as {
          file: string;
          n: number;
        }[]
      ).map((r) => [r.file, r.n]),
    );
    return { integrity, files, detectionsByFile };
  } finally {
    raw.close();
  }
}

/** The step a path of the child belongs to. */
function stepOf(path: string): number {
  const match = /^crash\/(?:step_(\d+)\/file_\d+|bulk_(\d+))\.ts$/.exec(path);
  if (match === null) throw new Error(`unexpected path in the database: ${path}`);
  return Number(match[1] ?? match[2]);
}

function checkReopened(path: string, run: ChildRun, killAfter: number): void {
  // The child died of our SIGKILL, not on its own, and reported consecutive steps.
  expect(run.stderr).toBe('');
  expect(run.signal).toBe('SIGKILL');
  expect(run.partial).toBe('');
  expect(run.reports.length).toBeGreaterThanOrEqual(killAfter);
  const last = run.reports.at(-1)!;
  run.reports.forEach((report, i) => {
    expect(report).toEqual({ step: i + 1, ...totalsAfter(i + 1) });
  });

  const engine = DriftStorageEngine.open(path, { batchWriter: createBatchWriter });
  try {
    const { integrity, files, detectionsByFile } = inspectRaw(path);
    expect(integrity).toBe('ok');

    // Counts: at least what was reported; at most one more step (its commands were the only ones
    // sent after the last report line was written).
    const upper = totalsAfter(last.step + 1);
    expect(engine.countFiles()).toBe(files.size);
    expect(engine.countFiles()).toBeGreaterThanOrEqual(last.files);
    expect(engine.countFiles()).toBeLessThanOrEqual(upper.files);
    const detectionCount = engine.countDetections();
    expect(detectionCount).toBe([...detectionsByFile.values()].reduce((a, b) => a + b, 0));
    expect(detectionCount).toBeGreaterThanOrEqual(last.detections);
    expect(detectionCount).toBeLessThanOrEqual(upper.detections);

    // Every reported step is there in full, read back through the engine.
    const missing: string[] = [];
    for (let step = 1; step <= last.step; step++) {
      for (let j = 0; j < FILES_PER_STEP; j++) {
        const file = stepFilePath(step, j);
        if (engine.getFileMetadata(file)?.fileSize !== step * FILES_PER_STEP + j)
          missing.push(`${file} metadata`);
        const lines = engine
          .getDetectionsByFile(file)
          .map((d) => d.line)
          .sort((a, b) => a - b);
        if (lines.join() !== Array.from({ length: DETECTIONS_PER_FILE }, (_, d) => d + 1).join()) {
          missing.push(`${file} detections: lines [${lines.join()}]`);
        }
      }
      if (hasBulk(step) && detectionsByFile.get(bulkFilePath(step)) !== BULK_ROWS) {
        missing.push(`${bulkFilePath(step)}: ${detectionsByFile.get(bulkFilePath(step)) ?? 0} rows`);
      }
    }
    expect(missing).toEqual([]);

    // No command is there in part, including the unreported step's (each command is all or nothing),
    // and nothing is there from a step that was never sent.
    for (const file of files) expect(stepOf(file)).toBeLessThanOrEqual(last.step + 1);
    for (const [file, n] of detectionsByFile) {
      expect(stepOf(file)).toBeLessThanOrEqual(last.step + 1);
      expect([file, n]).toEqual([file, file.includes('/bulk_') ? BULK_ROWS : DETECTIONS_PER_FILE]);
    }
    const next = last.step + 1;
    const nextFiles = Array.from({ length: FILES_PER_STEP }, (_, j) => stepFilePath(next, j));
    expect([0, FILES_PER_STEP]).toContain(nextFiles.filter((f) => files.has(f)).length);
    expect([0, FILES_PER_STEP]).toContain(nextFiles.filter((f) => detectionsByFile.has(f)).length);

    // The database is usable: a new step goes in through the batch writer and reads back.
    const fresh = 1_000_000 + killAfter;
    for (const command of stepCommands(fresh)) engine.sendBatch(command);
    const stats = engine.flushSync();
    expect(stats.fileMetadataRows).toBe(FILES_PER_STEP);
    expect(stats.detectionRows).toBe(FILES_PER_STEP * DETECTIONS_PER_FILE);
    expect(stats.failedCommands).toBe(0);
    expect(engine.countFiles()).toBe(files.size + FILES_PER_STEP);
    expect(engine.getFileMetadata(stepFilePath(fresh, 0))?.fileSize).toBe(fresh * FILES_PER_STEP);
    expect(engine.getDetectionsByFile(stepFilePath(fresh, FILES_PER_STEP - 1))).toHaveLength(
      DETECTIONS_PER_FILE,
    );
  } finally {
    engine.close();
  }
  expect(inspectRaw(path).integrity).toBe('ok');
}

describe('kill -9 while writing through the batch writer, then reopen', () => {
  // [reported steps before the kill, extra milliseconds before it]
  it.each([
    [1, 0],
    [40, 0],
    [150, 7],
    [400, 30],
  ])(
    'killed after %i reported step(s) + %i ms: the database is intact, holds every reported step in full and no partial command',
    async (killAfter, delayMs) => {
      const path = tempDbPath();
      const run = await runChildAndKill(path, killAfter, delayMs);
      checkReopened(path, run, killAfter);
    },
  );
});
