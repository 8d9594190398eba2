// Cost of the read-only open's `PRAGMA quick_check`: builds a large drift.db through the engine's own
// writes (detections and parse-cache rows), then times read-only opens with the check and without it,
// interleaved so machine noise hits both alike. Prints the file size, the median of each and the ratio.
//
//   pnpm --filter @drift/storage-sqlite exec node --conditions=@drift/source --import tsx bench/open-check.bench.ts
//   (BENCH_MB=300 sets the size to build, in MB; BENCH_DB=<path> reuses a file built before)

import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectionRow } from '@drift/storage-traits';
import { DriftStorageEngine } from '../src/index.js';

const TARGET_MB = Number(process.env.BENCH_MB ?? 300);
const ROUNDS = 5;
const given = process.env.BENCH_DB;
const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'drift-bench-')) : null;
const path = given ?? join(dir!, 'drift.db');

if (!existsSync(path) || statSync(path).size < TARGET_MB * 1_000_000 * 0.9) {
  const engine = DriftStorageEngine.open(path);
  let n = 0;
  const built = performance.now();
  while (
    statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0) <
    TARGET_MB * 1_000_000
  ) {
    const rows: DetectionRow[] = [];
    for (let i = 0; i < 2_000; i++, n++) {
      rows.push({
        id: 0,
        file: `src/module_${n % 5_000}.ts`,
        line: n,
        columnNum: n % 80,
        patternId: `pattern-${n % 97}`,
        category: 'security',
        confidence: 0.5,
        detectionMethod: 'ast',
        cweIds: '79',
        owasp: 'A03',
        matchedText: `matched text ${n} `.repeat(6),
        createdAt: 1_763_000_000,
      });
    }
    engine.insertDetections(rows);
    engine.insertParseCache(new Uint8Array(new Uint32Array([n]).buffer), 'ts', 'x'.repeat(8_000), n);
    if (n % 100_000 === 0) engine.checkpoint();
  }
  engine.checkpoint();
  engine.close();
  console.log(`built ${n} detections in ${((performance.now() - built) / 1000).toFixed(1)} s`);
}

function openMs(quickCheck: boolean): number {
  const started = performance.now();
  DriftStorageEngine.open(path, { readOnly: true, quickCheck }).close();
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const checked: number[] = [];
const unchecked: number[] = [];
openMs(true); // warm the page cache once, so both sides read from memory
for (let r = 0; r < ROUNDS; r++) {
  checked.push(openMs(true));
  unchecked.push(openMs(false));
}
const size = statSync(path).size / 1_000_000;
console.log(
  `drift.db ${size.toFixed(0)} MB: read-only open with quick_check ${median(checked).toFixed(0)} ms, without ${median(unchecked).toFixed(1)} ms (ratio ${(median(checked) / median(unchecked)).toFixed(0)}x); ${(median(checked) / size).toFixed(1)} ms per MB`,
);
if (dir !== null) rmSync(dir, { recursive: true, force: true });
