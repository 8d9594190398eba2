import BetterSqlite3 from 'better-sqlite3';
// Write-path benchmark: rows sent through `engine.sendBatch` (the in-process batch writer) and committed
// with `flushSync()`, against raw better-sqlite3 (one prepared statement, one transaction) writing the
// same row objects into the same schema with the same pragmas. Engine and raw runs alternate over a
// few rounds, each run on a fresh database file; medians are printed. A second raw reference commits
// the same rows in one transaction per 500-row command, as the writer does, so that the gap splits into
// what the transaction size costs and what the writer and engine layers cost. A last section measures
// what a worker-thread writer would add: structured cloning of the commands (what postMessage does).
//
//   pnpm bench            (BENCH_SCALE=0.05 pnpm bench for a quick run; BENCH_ROUNDS=9 for more rounds; 5 by default)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hrtime } from 'node:process';
import { MessageChannel } from 'node:worker_threads';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import type { BatchCommand, DetectionInsertRow, FileMetadataInsertRow } from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import { createBatchWriter } from '../src/index.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
if (!(SCALE > 0)) throw new Error(`BENCH_SCALE must be a positive number, got ${process.env.BENCH_SCALE}`);
const COMMAND_ROWS = 500;
const COMMANDS = Math.max(2, Math.round((200_000 * SCALE) / COMMAND_ROWS));
const ROWS = COMMANDS * COMMAND_ROWS;
const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 5)));
/** The writer's queue holds 1024 commands by default; past this many, commit before sending more. */
const SEND_CHUNK = 1000;

const dir = mkdtempSync(join(tmpdir(), 'drift-writer-bench-'));
let fileCounter = 0;

/** A fresh database file with the drift schema (created by opening and closing an engine). */
function freshDatabase(): string {
  const path = join(dir, `db-${fileCounter++}.db`);
  DriftStorageEngine.open(path).close();
  return path;
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

const seconds = (start: bigint) => Number(hrtime.bigint() - start) / 1e9;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ─── Rows, built once, shared by both sides ─────────────────────────────────────────────────────

function commandsOf<T extends FileMetadataInsertRow | DetectionInsertRow>(
  type: 'UpsertFileMetadata' | 'InsertDetections',
  build: (i: number) => T,
): BatchCommand[] {
  return Array.from(
    { length: COMMANDS },
    (_, c) =>
      ({
        type,
        rows: Array.from({ length: COMMAND_ROWS }, (_, k) => build(c * COMMAND_ROWS + k)),
      }) as BatchCommand,
  );
}

interface Case {
  readonly name: string;
  readonly table: 'file_metadata' | 'detections';
  readonly commands: readonly BatchCommand[];
  /** The raw side's statement (the same SQL as the engine's batch statement). */
  readonly sql: string;
  /** Binds one row on the raw side. */
  readonly run: (statement: BetterSqlite3.Statement, row: never) => void;
}

const cases: Case[] = [
  {
    name: 'UpsertFileMetadata',
    table: 'file_metadata',
    commands: commandsOf('UpsertFileMetadata', (i) => sampleRow('UpsertFileMetadata', i)),
    sql: `INSERT INTO file_metadata (path, language, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at, scan_duration_us)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (path) DO UPDATE SET language = excluded.language, file_size = excluded.file_size,
            content_hash = excluded.content_hash, mtime_secs = excluded.mtime_secs, mtime_nanos = excluded.mtime_nanos,
            last_scanned_at = excluded.last_scanned_at, scan_duration_us = excluded.scan_duration_us,
            pattern_count = 0, function_count = 0, error_count = 0, error = NULL`,
    run: (s, r: FileMetadataInsertRow) => {
      s.run(
        r.path,
        r.language,
        r.fileSize,
        r.contentHash,
        r.mtimeSecs,
        r.mtimeNanos,
        r.lastScannedAt,
        r.scanDurationUs,
      );
    },
  },
  {
    name: 'InsertDetections',
    table: 'detections',
    commands: commandsOf('InsertDetections', (i) => sampleRow('InsertDetections', i)),
    sql: `INSERT INTO detections (file, line, column_num, pattern_id, category, confidence, detection_method, cwe_ids, owasp, matched_text)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    run: (s, r: DetectionInsertRow) => {
      s.run(
        r.file,
        r.line,
        r.columnNum,
        r.patternId,
        r.category,
        r.confidence,
        r.detectionMethod,
        r.cweIds,
        r.owasp,
        r.matchedText,
      );
    },
  },
];

// ─── One run of each side ────────────────────────────────────────────────────────────────────────

interface EngineRun {
  /** From the first `sendBatch` to the return of the last `flushSync`. */
  readonly total: number;
  /** Time spent inside `sendBatch` calls only. */
  readonly send: number;
}

function runEngine(c: Case, commands: readonly BatchCommand[]): EngineRun {
  const path = freshDatabase();
  const engine = DriftStorageEngine.open(path, { batchWriter: createBatchWriter });
  let send = 0n;
  const start = hrtime.bigint();
  for (let i = 0; i < commands.length; i++) {
    const t0 = hrtime.bigint();
    engine.sendBatch(commands[i]!);
    send += hrtime.bigint() - t0;
    if ((i + 1) % SEND_CHUNK === 0) engine.flushSync();
  }
  const stats = engine.flushSync();
  const total = seconds(start);
  const rows = commands.length * COMMAND_ROWS;
  const committed = c.table === 'file_metadata' ? stats.fileMetadataRows : stats.detectionRows;
  const stored = c.table === 'file_metadata' ? engine.countFiles() : engine.countDetections();
  if (committed !== rows || stored !== rows || stats.failedCommands !== 0) {
    throw new Error(`engine ${c.name}: ${committed} rows committed, ${stored} stored, expected ${rows}`);
  }
  engine.close();
  removeDatabase(path);
  return { total, send: Number(send) / 1e9 };
}

/** Raw better-sqlite3: one transaction for every row, or (`perCommand`) one per 500-row command. */
function runRaw(c: Case, commands: readonly BatchCommand[], perCommand = false): number {
  const path = freshDatabase();
  const db = new BetterSqlite3(path);
  // The engine's write pragmas, so that the ratio measures the writer and engine layers, not settings.
  for (const pragma of [
    'journal_mode = WAL',
    'synchronous = NORMAL',
    'foreign_keys = ON',
    'cache_size = -64000',
    'mmap_size = 268435456',
    'busy_timeout = 5000',
    'temp_store = MEMORY',
  ]) {
    db.pragma(pragma);
  }
  const start = hrtime.bigint();
  const statement = db.prepare(c.sql);
  const run = c.run as (s: BetterSqlite3.Statement, row: unknown) => void;
  const write = db.transaction((list: readonly BatchCommand[]) => {
    for (const command of list) for (const row of command.rows) run(statement, row);
  });
  if (perCommand) for (const command of commands) write.immediate([command]);
  else write(commands);
  const total = seconds(start);
  const stored = (db.prepare(`SELECT COUNT(*) AS n FROM ${c.table}`).get() as { n: number }).n;
  if (stored !== commands.length * COMMAND_ROWS) throw new Error(`raw ${c.name}: ${stored} rows stored`);
  db.close();
  removeDatabase(path);
  return total;
}

// ─── Write path ─────────────────────────────────────────────────────────────────────────────────

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const overall = hrtime.bigint();

console.log(
  `batch writer vs raw better-sqlite3: ${fmt(ROWS)} rows per case, ${COMMANDS} commands of ${COMMAND_ROWS} rows; ` +
    `${ROUNDS} rounds alternating engine and raw, each run on a fresh database file; medians (BENCH_SCALE=${SCALE})`,
);
console.log(
  'case'.padEnd(20),
  'engine rows/s'.padStart(14),
  'raw rows/s'.padStart(12),
  'engine/raw'.padStart(11),
  'range'.padStart(10),
  'raw/500 rows/s'.padStart(15),
  'engine/raw500'.padStart(14),
  'sendBatch ms/10k rows'.padStart(22),
);

const commitSeconds = new Map<string, number>();
const sendSeconds = new Map<string, number>();
for (const c of cases) {
  // Warm-up: the JIT, the statement caches and the page cache of the temp folder.
  const warm = c.commands.slice(0, Math.min(10, COMMANDS));
  runEngine(c, warm);
  runRaw(c, warm);
  runRaw(c, warm, true);
  const engineRuns: EngineRun[] = [];
  const rawRuns: number[] = [];
  const raw500Runs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first, so that drift in machine load hits both alike.
    if (round % 2 === 0) {
      engineRuns.push(runEngine(c, c.commands));
      rawRuns.push(runRaw(c, c.commands));
      raw500Runs.push(runRaw(c, c.commands, true));
    } else {
      raw500Runs.push(runRaw(c, c.commands, true));
      rawRuns.push(runRaw(c, c.commands));
      engineRuns.push(runEngine(c, c.commands));
    }
  }
  const engineTime = median(engineRuns.map((r) => r.total));
  const rawTime = median(rawRuns);
  const raw500Time = median(raw500Runs);
  const paired = engineRuns.map((r, i) => rawRuns[i]! / r.total);
  const sendPer10k = (median(engineRuns.map((r) => r.send)) / ROWS) * 10_000 * 1000;
  commitSeconds.set(c.name, engineTime);
  sendSeconds.set(c.name, median(engineRuns.map((r) => r.send)));
  console.log(
    c.name.padEnd(20),
    fmt(ROWS / engineTime).padStart(14),
    fmt(ROWS / rawTime).padStart(12),
    `${(rawTime / engineTime).toFixed(2)}${rawTime / engineTime >= 0.85 ? '' : ' <.85'}`.padStart(11),
    `${Math.min(...paired).toFixed(2)}-${Math.max(...paired).toFixed(2)}`.padStart(10),
    fmt(ROWS / raw500Time).padStart(15),
    (raw500Time / engineTime).toFixed(2).padStart(14),
    sendPer10k.toFixed(3).padStart(22),
  );
}
console.log(
  'engine/raw: raw time / engine time, i.e. the throughput ratio (goal >= 0.85), with the range of the',
);
console.log(
  'per-round ratios; raw/500: raw with one transaction per 500-row command, like the writer; sendBatch',
);
console.log(
  "ms/10k rows: the caller's own time inside sendBatch (validation, queueing); the commit runs in flushSync.",
);

// ─── Transport: what a worker-thread writer would add ────────────────────────────────────────────

const detections = cases.find((c) => c.name === 'InsertDetections')!.commands;
let sink = 0;

function timeClone(commands: readonly BatchCommand[]): number {
  const start = hrtime.bigint();
  for (const command of commands) sink += structuredClone(command).rows.length;
  return seconds(start);
}

/** The caller's side of postMessage alone: serializing into a port nobody reads yet. */
function timePostMessage(commands: readonly BatchCommand[]): number {
  const { port1, port2 } = new MessageChannel();
  const start = hrtime.bigint();
  for (const command of commands) port1.postMessage(command);
  const t = seconds(start);
  port1.close();
  port2.close();
  return t;
}

timeClone(detections.slice(0, Math.min(10, COMMANDS)));
timePostMessage(detections.slice(0, Math.min(10, COMMANDS)));
const clones: number[] = [];
const posts: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  clones.push(timeClone(detections));
  posts.push(timePostMessage(detections));
}
const cloneTime = median(clones);
const postTime = median(posts);
const commitTime = commitSeconds.get('InsertDetections')!;
const per10k = (t: number) => `${((t / ROWS) * 10_000 * 1000).toFixed(2)} ms/10k rows`;
console.log();
console.log(
  `transport for a worker-thread writer: the same ${fmt(ROWS)} detection rows in ${COMMANDS} commands; medians of ${ROUNDS}`,
);
const line = (label: string, t: number) =>
  console.log(label.padEnd(62), `${(t * 1000).toFixed(1)} ms`.padStart(11), per10k(t).padStart(22));
line('structuredClone of every command (serialize + deserialize)', cloneTime);
line('postMessage on a MessageChannel, caller side (serialize only)', postTime);
line('in-process commit (sendBatch + flushSync, median above)', commitTime);
line('in-process sendBatch calls only (median above)', sendSeconds.get('InsertDetections')!);
console.log(`structuredClone / in-process commit: ${(cloneTime / commitTime).toFixed(2)}`);
console.log(`postMessage caller side / in-process commit: ${(postTime / commitTime).toFixed(2)}`);

rmSync(dir, { recursive: true, force: true });
console.log(`\n(total ${seconds(overall).toFixed(1)} s)`);
if (sink < 0) console.log(sink); // keeps the cloned work observable
