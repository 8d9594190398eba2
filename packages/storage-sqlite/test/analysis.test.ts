import { DRIFT_ANALYSIS_METHODS, type FunctionRow } from '@drift/storage-traits';
import {
  boundary,
  callEdge,
  confidence,
  convention,
  detection,
  functionRow,
  outlier,
} from '@drift/storage-traits/testing';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { analysisReads, analysisWrites } from '../src/queries/analysis.js';
import { tempDbPath } from './helpers/temp.js';

const BIG = 2 ** 40; // an integer well past 2^31

// ── helpers ───────────────────────────────────────────────────────────────────

/** Asserts a BLOB came back as a plain Uint8Array holding `expected`. */
function expectBytes(actual: Uint8Array | null, expected: readonly number[]): void {
  expect(actual).not.toBeNull();
  expect(Object.getPrototypeOf(actual)).toBe(Uint8Array.prototype);
  expect(Array.from(actual!)).toEqual(expected);
}

// ── engines ────────────────────────────────────────────────────────────────────

const open: DriftStorageEngine[] = [];
afterEach(() => {
  for (const engine of open.splice(0)) engine.close();
});
function track(engine: DriftStorageEngine): DriftStorageEngine {
  open.push(engine);
  return engine;
}

type FunctionSeed = Omit<FunctionRow, 'id'>;

/**
 * Writes functions through a second connection to a file-backed engine's database (no trait method
 * inserts functions); returns their ids in order.
 */
function seedFunctions(path: string, rows: readonly FunctionSeed[]): number[] {
  const db = new BetterSqlite3(path);
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(
      `INSERT INTO functions (file, name, qualified_name, language, line, end_line, parameter_count,
        return_type, is_exported, is_async, body_hash, signature_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const blob = (b: Uint8Array | null) => (b === null ? null : Buffer.from(b));
    return db.transaction(() =>
      rows.map((f) =>
        Number(
          insert.run(
            f.file,
            f.name,
            f.qualifiedName,
            f.language,
            f.line,
            f.endLine,
            f.parameterCount,
            f.returnType,
            f.isExported ? 1 : 0,
            f.isAsync ? 1 : 0,
            blob(f.bodyHash),
            blob(f.signatureHash),
          ).lastInsertRowid,
        ),
      ),
    )();
  } finally {
    db.close();
  }
}

// ── module shape ───────────────────────────────────────────────────────────────

describe('analysis query module', () => {
  it('implements every IDriftAnalysis method exactly once, reads and writes apart', () => {
    const reads = Object.keys(analysisReads);
    const writes = Object.keys(analysisWrites);
    expect([...reads, ...writes].sort()).toEqual([...DRIFT_ANALYSIS_METHODS].sort());
    expect(reads.filter((m) => writes.includes(m))).toEqual([]);
    for (const m of writes) expect(m).toMatch(/^(insert|upsert|update|delete)/);
    for (const m of reads) expect(m).toMatch(/^(get|query|count)/);
  });

  it('runs reads on a reader connection and writes on the writer', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    const before = engine.connectionUsage();
    engine.countDetections();
    engine.queryRecentScans(5);
    const mid = engine.connectionUsage();
    expect(mid.reader - before.reader).toBe(2);
    expect(mid.writer).toBe(before.writer);
    engine.insertScanStart(1, '/r');
    engine.deleteDetectionsByFile('x');
    const after = engine.connectionUsage();
    expect(after.writer - mid.writer).toBe(2);
    expect(after.reader).toBe(mid.reader);
  });
});

// ── every engine kind ──────────────────────────────────────────────────────────
// What IDriftAnalysis promises on any engine (every row kind's values, filters, orders, replacement,
// counts, ids, stamps, scan history) is checked by the conformance suite's `analysis` group
// (conformance.test.ts, on a file and an in-memory engine); this file keeps the engine's own tests:
// connection routing, and rows seeded or inspected through a second connection to the file.

// ── functions and what depends on them (file engines: seeded through a second connection) ──

describe('functions and file-scoped edges on a file engine', () => {
  function setup() {
    const path = tempDbPath();
    const e = track(DriftStorageEngine.open(path));
    return { path, e };
  }

  it('round-trips every field, booleans and blobs included, in line order', () => {
    const { path, e } = setup();
    const rows = [
      functionRow({
        file: 'src/ü/模块.ts',
        name: 'handle✓',
        qualifiedName: 'Sërvice.handle✓',
        line: BIG,
        endLine: BIG + 40,
        parameterCount: 3,
        returnType: 'Promise<void>',
        isExported: true,
        isAsync: true,
        bodyHash: new Uint8Array([0, 1, 254, 255]),
        signatureHash: new Uint8Array([]),
      }),
      functionRow({ file: 'src/ü/模块.ts', name: 'plain', line: 5, endLine: 9 }),
      functionRow({
        file: 'src/other.ts',
        name: 'elsewhere',
        line: 1,
        isAsync: true,
        language: 'python',
        returnType: 'None',
      }),
      functionRow({ file: 'src/ü/模块.ts', name: 'mid', line: 20, endLine: 30, isExported: true }),
    ];
    const ids = seedFunctions(path, rows);
    const got = e.getFunctionsByFile('src/ü/模块.ts');
    expect(got.map((f) => f.name)).toEqual(['plain', 'mid', 'handle✓']);
    const [plain, mid, full] = got as [FunctionRow, FunctionRow, FunctionRow];
    expect(full).toEqual({
      ...rows[0],
      id: ids[0],
      bodyHash: full.bodyHash,
      signatureHash: full.signatureHash,
    });
    expectBytes(full.bodyHash, [0, 1, 254, 255]);
    expectBytes(full.signatureHash, []);
    expect(full.isExported).toBe(true);
    expect(full.isAsync).toBe(true);
    expect(plain).toEqual({ ...rows[1], id: ids[1] });
    expect(plain.isExported).toBe(false);
    expect(plain.isAsync).toBe(false);
    expect(plain.bodyHash).toBeNull();
    expect(mid).toEqual({ ...rows[3], id: ids[3] });
    expect(mid.isExported).toBe(true);
    expect(mid.isAsync).toBe(false);
    const other = e.getFunctionsByFile('src/other.ts');
    expect(other).toEqual([{ ...rows[2], id: ids[2] }]);
    expect(other[0]!.isAsync).toBe(true);
    expect(other[0]!.isExported).toBe(false);
    expect(e.getFunctionsByFile('src/missing.ts')).toEqual([]);
  });

  it('finds a function by exact qualified name only', () => {
    const { path, e } = setup();
    const ids = seedFunctions(path, [
      functionRow({ name: 'run', qualifiedName: 'Svc.run', line: 1, bodyHash: new Uint8Array([7, 8]) }),
      functionRow({ name: 'runner', qualifiedName: 'Svc.runner', line: 2 }),
      functionRow({ name: 'anon', qualifiedName: null, line: 3 }),
    ]);
    const found = e.getFunctionByQualifiedName('Svc.run');
    expect(found).toMatchObject({ id: ids[0], name: 'run', qualifiedName: 'Svc.run', line: 1 });
    expectBytes(found!.bodyHash, [7, 8]);
    expect(e.getFunctionByQualifiedName('Svc.runner')?.id).toBe(ids[1]);
    expect(e.getFunctionByQualifiedName('svc.run')).toBeNull();
    expect(e.getFunctionByQualifiedName('Svc.ru')).toBeNull();
    expect(e.getFunctionByQualifiedName('Svc.r%')).toBeNull();
    expect(e.getFunctionByQualifiedName('')).toBeNull();
  });

  it('deletes the functions of a file and counts what is left', () => {
    const { path, e } = setup();
    seedFunctions(path, [
      functionRow({ file: 'a.ts', name: 'x', line: 1 }),
      functionRow({ file: 'a.ts', name: 'y', line: 2 }),
      functionRow({ file: 'b.ts', name: 'z', line: 1 }),
    ]);
    expect(e.countFunctions()).toBe(3);
    expect(e.deleteFunctionsByFile('a.ts')).toBe(2);
    expect(e.deleteFunctionsByFile('a.ts')).toBe(0);
    expect(e.countFunctions()).toBe(1);
    expect(e.getFunctionsByFile('a.ts')).toEqual([]);
    expect(e.getFunctionsByFile('b.ts')).toHaveLength(1);
  });

  it('counts entry points as functions no edge calls', () => {
    const { path, e } = setup();
    const [f1, f2, f3, f4] = seedFunctions(path, [
      functionRow({ name: 'main', line: 1 }),
      functionRow({ name: 'helper', line: 2 }),
      functionRow({ name: 'util', line: 3 }),
      functionRow({ name: 'cli', line: 4 }),
    ]) as [number, number, number, number];
    expect(e.countEntryPoints()).toBe(4);
    e.insertCallEdges([
      callEdge({ callerId: f1, calleeId: f2, callSiteLine: 1 }),
      callEdge({ callerId: f1, calleeId: f3, callSiteLine: 2 }),
      callEdge({ callerId: f4, calleeId: f3, callSiteLine: 3 }),
      callEdge({ callerId: f3, calleeId: 9999, callSiteLine: 4 }),
    ]);
    expect(e.countEntryPoints()).toBe(2); // main and cli
    e.insertCallEdges([callEdge({ callerId: f2, calleeId: f1, callSiteLine: 5 })]);
    expect(e.countEntryPoints()).toBe(1); // cli
  });

  it('inserts detection, boundary and edge batches atomically: a failing row leaves nothing behind', () => {
    const { path, e } = setup();
    // A trigger makes the SQL insert of one marked row fail (the rows themselves are valid input).
    const side = new BetterSqlite3(path);
    try {
      for (const [table, column] of [
        ['detections', 'line'],
        ['boundaries', 'confidence'],
        ['call_edges', 'call_site_line'],
      ] as const) {
        side.exec(
          `CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} WHEN NEW.${column} = 666
           BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`,
        );
      }
    } finally {
      side.close();
    }
    expect(() =>
      e.insertDetections([detection({ line: 1 }), detection({ line: 2 }), detection({ line: 666 })]),
    ).toThrow(/refused by test trigger/);
    expect(e.countDetections()).toBe(0);
    expect(() => e.insertBoundaries([boundary(), boundary({ confidence: 666 })])).toThrow(
      /refused by test trigger/,
    );
    expect(e.countBoundaries()).toBe(0);
    expect(() =>
      e.insertCallEdges([
        callEdge({ callSiteLine: 1 }),
        callEdge({ callSiteLine: 666 }),
        callEdge({ callSiteLine: 3 }),
      ]),
    ).toThrow(/refused by test trigger/);
    expect(e.countCallEdges()).toBe(0);
    expect(e.insertDetections([detection({ line: 1 }), detection({ line: 2 })])).toBe(2);
    expect(e.insertBoundaries([boundary()])).toBe(1);
    expect(e.insertCallEdges([callEdge({ callSiteLine: 1 })])).toBe(1);
  });

  it('deletes every edge touching a function of the file, on either side', () => {
    const { path, e } = setup();
    const [a1, a2, b1, b2] = seedFunctions(path, [
      functionRow({ file: 'a.ts', name: 'a1', line: 1 }),
      functionRow({ file: 'a.ts', name: 'a2', line: 2 }),
      functionRow({ file: 'b.ts', name: 'b1', line: 1 }),
      functionRow({ file: 'b.ts', name: 'b2', line: 2 }),
    ]) as [number, number, number, number];
    e.insertCallEdges([
      callEdge({ callerId: a1, calleeId: a2 }), // both sides in a.ts
      callEdge({ callerId: a1, calleeId: b1 }), // caller in a.ts
      callEdge({ callerId: b2, calleeId: a2 }), // callee in a.ts
      callEdge({ callerId: b1, calleeId: b2 }), // neither
      callEdge({ callerId: 500, calleeId: 501 }), // unknown functions
    ]);
    expect(e.deleteEdgesByFile('a.ts')).toBe(3);
    expect(e.deleteEdgesByFile('a.ts')).toBe(0);
    expect(e.deleteEdgesByFile('missing.ts')).toBe(0);
    expect(e.countCallEdges()).toBe(2);
    expect(e.getEdgesByCaller(b1).map((x) => x.calleeId)).toEqual([b2]);
    expect(e.getEdgesByCaller(500)).toHaveLength(1);
  });
});

describe('persistence of a file engine', () => {
  it('reads back every kind of analysis row after close and reopen', () => {
    const path = tempDbPath();
    const first = DriftStorageEngine.open(path);
    first.insertDetections([detection({ file: 'a.ts', line: 7, cweIds: '22', matchedText: 'ü' })]);
    first.upsertConfidence(confidence({ patternId: 'p', lastUpdated: 1234 }));
    first.insertOutlier(outlier({ patternId: 'p', deviationScore: 2 }));
    first.insertConvention(convention({ patternId: 'p', expiresAt: BIG }));
    first.insertBoundaries([boundary({ file: 'a.ts', sensitivity: 'pii' })]);
    first.insertCallEdges([callEdge({ callerId: 5, calleeId: 6 })]);
    const scan = first.insertScanStart(1000, '/repo');
    first.updateScanComplete(scan, 1010, 1, 1, 0, 0, 0, 10_000, 'completed', null);
    first.close();

    const e = track(DriftStorageEngine.open(path));
    expect(e.getDetectionsByCwe(22)).toMatchObject([{ file: 'a.ts', line: 7, matchedText: 'ü' }]);
    expect(e.queryAllConfidence()).toEqual([confidence({ patternId: 'p', lastUpdated: 1234 })]);
    expect(e.queryOutliersByPattern('p')).toMatchObject([{ deviationScore: 2 }]);
    expect(e.queryAllConventions()).toMatchObject([{ patternId: 'p', expiresAt: BIG }]);
    expect(e.getSensitiveBoundaries()).toMatchObject([{ file: 'a.ts', sensitivity: 'pii' }]);
    expect(e.getEdgesByCallee(6)).toEqual([callEdge({ callerId: 5, calleeId: 6 })]);
    expect(e.queryRecentScans(1)).toMatchObject([{ id: scan, status: 'completed', completedAt: 1010 }]);
  });
});
