// Read-path benchmark: DriftStorageEngine against raw better-sqlite3 prepared statements on the same
// database file, in the same process, interleaved in rounds so machine noise hits both sides alike.
// Prints operations per second and the ratio (engine time / raw time; 1.00 means equal).
//
//   pnpm --filter @drift/storage-sqlite bench            (BENCH_SCALE=0.1 for a quick run)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleBytes } from '@drift/storage-traits/testing';
import BetterSqlite3 from 'better-sqlite3';
import { DriftStorageEngine } from '../src/index.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const FILES = Math.max(100, Math.round(5_000 * SCALE));
const DETECTIONS_PER_FILE = 20;
const ROUNDS = 7;
const OPS = Math.max(2_000, Math.round(50_000 * SCALE));

const dir = mkdtempSync(join(tmpdir(), 'drift-bench-'));
const path = join(dir, 'drift.db');

// Create the schema through the engine, then fill it quickly through a raw connection.
DriftStorageEngine.open(path).close();
const raw = new BetterSqlite3(path);
raw.pragma('journal_mode = WAL');
raw.transaction(() => {
  const file = raw.prepare(
    'INSERT INTO file_metadata (path, language, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const detection = raw.prepare(
    'INSERT INTO detections (file, line, column_num, pattern_id, category, confidence, detection_method) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (let f = 0; f < FILES; f++) {
    const p = `src/module_${f}.ts`;
    file.run(p, 'typescript', 1000 + f, sampleBytes(f), 1_763_000_000, 0, 1_763_000_100);
    for (let d = 0; d < DETECTIONS_PER_FILE; d++) {
      detection.run(
        p,
        d * 3 + 1,
        4,
        `pattern/${d % 7}`,
        'security',
        0.5 + (d % 5) / 10,
        ['ast', 'regex', 'framework'][d % 3],
      );
    }
  }
})();
raw.close();

const engine = DriftStorageEngine.open(path);
// The baseline connection gets the same pragmas as the engine's readers, so the ratio measures the
// engine's own layer (statement cache, argument checks, routing, row decoding), not settings.
const baseline = new BetterSqlite3(path, { readonly: true });
for (const pragma of [
  'query_only = ON',
  'cache_size = -64000',
  'mmap_size = 268435456',
  'temp_store = MEMORY',
]) {
  baseline.pragma(pragma);
}

const rawPoint = baseline.prepare(
  'SELECT path, language, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at, scan_duration_us, pattern_count, function_count, error_count, error FROM file_metadata WHERE path = ?',
);
const rawList = baseline.prepare(
  'SELECT id, file, line, column_num, pattern_id, category, confidence, detection_method, cwe_ids, owasp, matched_text, created_at FROM detections WHERE file = ? ORDER BY line',
);
const rawSummary = baseline.prepare(
  'SELECT detection_method, COUNT(*) AS count, AVG(confidence) AS avg_confidence FROM detections GROUP BY detection_method',
);

const paths = Array.from({ length: FILES }, (_, i) => `src/module_${i}.ts`);
let sink = 0;

interface Case {
  readonly name: string;
  readonly ops: number;
  readonly engine: (i: number) => void;
  readonly raw: (i: number) => void;
}

const cases: Case[] = [
  {
    name: 'point read: getFileMetadata',
    ops: OPS,
    engine: (i) => {
      sink += engine.getFileMetadata(paths[i % FILES]!)?.fileSize ?? 0;
    },
    raw: (i) => {
      sink += (rawPoint.get(paths[i % FILES]!) as { file_size: number } | undefined)?.file_size ?? 0;
    },
  },
  {
    name: 'list read: getDetectionsByFile (20 rows)',
    ops: Math.round(OPS / 5),
    engine: (i) => {
      sink += engine.getDetectionsByFile(paths[i % FILES]!).length;
    },
    raw: (i) => {
      sink += rawList.all(paths[i % FILES]!).length;
    },
  },
  {
    name: 'aggregate: getFrameworkDetectionSummary',
    ops: Math.max(20, Math.round(OPS / 500)),
    engine: () => {
      sink += engine.getFrameworkDetectionSummary().length;
    },
    raw: () => {
      sink += rawSummary.all().length;
    },
  },
];

function time(fn: (i: number) => void, ops: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < ops; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(
  `drift.db with ${FILES} files and ${FILES * DETECTIONS_PER_FILE} detections; ${ROUNDS} rounds, median`,
);
console.log('case'.padEnd(44), 'engine ops/s'.padStart(14), 'raw ops/s'.padStart(14), 'ratio'.padStart(8));
for (const c of cases) {
  time(c.engine, Math.min(c.ops, 1000)); // warm up statement caches and the JIT
  time(c.raw, Math.min(c.ops, 1000));
  const e: number[] = [];
  const r: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    e.push(time(c.engine, c.ops));
    r.push(time(c.raw, c.ops));
  }
  const te = median(e);
  const tr = median(r);
  console.log(
    c.name.padEnd(44),
    Math.round(c.ops / te)
      .toLocaleString('en-US')
      .padStart(14),
    Math.round(c.ops / tr)
      .toLocaleString('en-US')
      .padStart(14),
    `${(te / tr).toFixed(2)}x`.padStart(8),
  );
}

engine.close();
baseline.close();
rmSync(dir, { recursive: true, force: true });
if (sink < 0) console.log(sink); // keeps the work observable
