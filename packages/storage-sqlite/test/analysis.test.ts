import {
  type BoundaryRow,
  type CallEdgeRow,
  type ConventionRow,
  type DetectionRow,
  DRIFT_ANALYSIS_METHODS,
  type FunctionRow,
  type OutlierRow,
  type PatternConfidenceRow,
} from '@drift/storage-traits';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { analysisReads, analysisWrites } from '../src/queries/analysis.js';
import { tempDbPath } from './helpers/temp.js';

const BIG = 2 ** 40; // an integer well past 2^31
const now = () => Math.floor(Date.now() / 1000);

// ── row builders ───────────────────────────────────────────────────────────────

function detection(over: Partial<DetectionRow> = {}): DetectionRow {
  return {
    id: 0,
    file: 'src/app.ts',
    line: 1,
    columnNum: 0,
    patternId: 'api/route',
    category: 'api',
    confidence: 0.5,
    detectionMethod: 'ast',
    cweIds: null,
    owasp: null,
    matchedText: null,
    createdAt: 0,
    ...over,
  };
}

function confidence(over: Partial<PatternConfidenceRow> = {}): PatternConfidenceRow {
  return {
    patternId: 'p/0',
    alpha: 2,
    beta: 1,
    posteriorMean: 0.5,
    credibleIntervalLow: 0.2,
    credibleIntervalHigh: 0.8,
    tier: 'Established',
    momentum: 'Stable',
    lastUpdated: 1_700_000_000,
    ...over,
  };
}

function outlier(over: Partial<OutlierRow> = {}): OutlierRow {
  return {
    id: 0,
    patternId: 'naming/camel',
    file: 'src/a.ts',
    line: 1,
    deviationScore: 1,
    significance: 'high',
    method: 'z_score',
    createdAt: 0,
    ...over,
  };
}

function convention(over: Partial<ConventionRow> = {}): ConventionRow {
  return {
    id: 0,
    patternId: 'conv/0',
    category: 'naming',
    scope: 'project',
    dominanceRatio: 0.5,
    promotionStatus: 'discovered',
    discoveredAt: 1_700_000_000,
    lastSeen: 1_700_000_100,
    expiresAt: null,
    ...over,
  };
}

function boundary(over: Partial<BoundaryRow> = {}): BoundaryRow {
  return {
    id: 0,
    file: 'prisma/schema.prisma',
    framework: 'prisma',
    modelName: 'User',
    tableName: null,
    fieldName: null,
    sensitivity: null,
    confidence: 0.5,
    createdAt: 0,
    ...over,
  };
}

function edge(over: Partial<CallEdgeRow> = {}): CallEdgeRow {
  return { callerId: 1, calleeId: 2, resolution: 'import', confidence: 0.9, callSiteLine: 10, ...over };
}

const byId = <T extends { id: number }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.id - b.id);
const edgeKey = (e: CallEdgeRow) => `${e.callerId}>${e.calleeId}@${e.callSiteLine}`;
const byEdgeKey = (rows: readonly CallEdgeRow[]) =>
  [...rows].sort((a, b) => edgeKey(a).localeCompare(edgeKey(b)));

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

const KINDS = [
  { kind: 'in-memory', make: () => track(DriftStorageEngine.openInMemory()) },
  { kind: 'file', make: () => track(DriftStorageEngine.open(tempDbPath())) },
] as const;

type FunctionSeed = Omit<FunctionRow, 'id'>;

function fn(over: Partial<FunctionSeed> = {}): FunctionSeed {
  return {
    file: 'src/a.ts',
    name: 'f',
    qualifiedName: null,
    language: 'typescript',
    line: 1,
    endLine: 2,
    parameterCount: 0,
    returnType: null,
    isExported: false,
    isAsync: false,
    bodyHash: null,
    signatureHash: null,
    ...over,
  };
}

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

describe.each(KINDS)('IDriftAnalysis on a $kind engine', ({ make }) => {
  it('answers empty tables with empty lists, nulls and zero counts', () => {
    const e = make();
    expect(e.getFunctionsByFile('src/a.ts')).toEqual([]);
    expect(e.getFunctionByQualifiedName('A.b')).toBeNull();
    expect(e.deleteFunctionsByFile('src/a.ts')).toBe(0);
    expect(e.countFunctions()).toBe(0);
    expect(e.countEntryPoints()).toBe(0);
    expect(e.insertDetections([])).toBe(0);
    expect(e.getDetectionsByFile('src/a.ts')).toEqual([]);
    expect(e.getDetectionsByCategory('security')).toEqual([]);
    expect(e.queryAllDetections(10)).toEqual([]);
    expect(e.deleteDetectionsByFile('src/a.ts')).toBe(0);
    expect(e.countDetections()).toBe(0);
    expect(e.getDetectionsByMethod('ast')).toEqual([]);
    expect(e.getDetectionsByPatternPrefix('')).toEqual([]);
    expect(e.getDetectionsByCwe(89)).toEqual([]);
    expect(e.getFrameworkDetectionSummary()).toEqual([]);
    expect(e.queryConfidenceByTier('Established', null, 10)).toEqual([]);
    expect(e.queryConfidenceByTier('Established', 'a', 10)).toEqual([]);
    expect(e.queryAllConfidence()).toEqual([]);
    expect(e.queryOutliersByPattern('p')).toEqual([]);
    expect(e.queryConventionsByCategory('naming')).toEqual([]);
    expect(e.queryAllConventions()).toEqual([]);
    expect(e.insertBoundaries([])).toBe(0);
    expect(e.getBoundariesByFile('x')).toEqual([]);
    expect(e.getBoundariesByFramework('prisma')).toEqual([]);
    expect(e.getSensitiveBoundaries()).toEqual([]);
    expect(e.deleteBoundariesByFile('x')).toBe(0);
    expect(e.countBoundaries()).toBe(0);
    expect(e.insertCallEdges([])).toBe(0);
    expect(e.getEdgesByCaller(1)).toEqual([]);
    expect(e.getEdgesByCallee(1)).toEqual([]);
    expect(e.deleteEdgesByFile('src/a.ts')).toBe(0);
    expect(e.countCallEdges()).toBe(0);
    expect(e.countResolvedEdges()).toBe(0);
    expect(e.queryRecentScans(10)).toEqual([]);
    expect(e.countScans()).toBe(0);
  });

  describe('detections', () => {
    it('round-trips every field and assigns id and createdAt itself', () => {
      const e = make();
      const t0 = now();
      const full = detection({
        id: 424242,
        file: 'pkg/ütil/модуль_🚀.ts',
        line: BIG,
        columnNum: BIG + 7,
        patternId: 'sql/raw-query',
        category: 'security',
        confidence: 0.875,
        detectionMethod: 'regex',
        cweIds: '89,564',
        owasp: 'A03:2021',
        matchedText: 'db.query("SELECT * FROM users WHERE name = \'Zoë\' ✓")',
        createdAt: 5,
      });
      const sparse = detection({ id: 424242, file: 'pkg/ütil/модуль_🚀.ts', line: 3, createdAt: 5 });
      expect(e.insertDetections([full, sparse])).toBe(2);
      const t1 = now();
      const rows = e.getDetectionsByFile('pkg/ütil/модуль_🚀.ts');
      expect(rows).toHaveLength(2);
      const [first, second] = rows as [DetectionRow, DetectionRow];
      expect(first).toEqual({ ...sparse, id: first.id, createdAt: first.createdAt });
      expect(second).toEqual({ ...full, id: second.id, createdAt: second.createdAt });
      expect(first.cweIds).toBeNull();
      expect(first.owasp).toBeNull();
      expect(first.matchedText).toBeNull();
      expect(new Set([first.id, second.id]).size).toBe(2);
      expect(first.id).not.toBe(424242);
      expect(second.id).not.toBe(424242);
      for (const r of rows) {
        expect(r.createdAt).toBeGreaterThanOrEqual(t0);
        expect(r.createdAt).toBeLessThanOrEqual(t1);
      }
      expect(e.countDetections()).toBe(2);
    });

    it('lists a file in line order and nothing of other files', () => {
      const e = make();
      e.insertDetections([
        detection({ file: 'a.ts', line: 30, confidence: 0.9 }),
        detection({ file: 'b.ts', line: 5 }),
        detection({ file: 'a.ts', line: 10, confidence: 0.1 }),
        detection({ file: 'a.ts', line: 20, confidence: 0.5 }),
        detection({ file: 'A.ts', line: 1 }),
      ]);
      expect(e.getDetectionsByFile('a.ts').map((d) => d.line)).toEqual([10, 20, 30]);
      expect(e.getDetectionsByFile('b.ts').map((d) => d.line)).toEqual([5]);
      expect(e.getDetectionsByFile('c.ts')).toEqual([]);
    });

    it('filters by category, method, pattern prefix and CWE, highest confidence first', () => {
      const e = make();
      e.insertDetections([
        detection({ patternId: 'spring/a', category: 'security', confidence: 0.3, detectionMethod: 'ast' }),
        detection({ patternId: 'spring/b', category: 'security', confidence: 0.9, detectionMethod: 'regex' }),
        detection({ patternId: 'springboot/c', category: 'api', confidence: 0.6, detectionMethod: 'ast' }),
        detection({ patternId: 'x/spring/d', category: 'security', confidence: 0.7, detectionMethod: 'ast' }),
        detection({ patternId: 'Spring/E', category: 'Security', confidence: 0.5, detectionMethod: 'AST' }),
      ]);
      expect(e.getDetectionsByCategory('security').map((d) => d.patternId)).toEqual([
        'spring/b',
        'x/spring/d',
        'spring/a',
      ]);
      expect(e.getDetectionsByCategory('api').map((d) => d.patternId)).toEqual(['springboot/c']);
      expect(e.getDetectionsByMethod('ast').map((d) => d.patternId)).toEqual([
        'x/spring/d',
        'springboot/c',
        'spring/a',
      ]);
      expect(e.getDetectionsByMethod('regex').map((d) => d.patternId)).toEqual(['spring/b']);
      expect(e.getDetectionsByMethod('framework')).toEqual([]);
      // The reference matches with `LIKE 'prefix%'`: anchored at the start, ASCII case-insensitive.
      expect(e.getDetectionsByPatternPrefix('spring/').map((d) => d.patternId)).toEqual([
        'spring/b',
        'Spring/E',
        'spring/a',
      ]);
      expect(e.getDetectionsByPatternPrefix('spring').map((d) => d.patternId)).toEqual([
        'spring/b',
        'springboot/c',
        'Spring/E',
        'spring/a',
      ]);
      expect(e.getDetectionsByPatternPrefix('spring/a')).toHaveLength(1);
      expect(e.getDetectionsByPatternPrefix('pring')).toEqual([]);
      expect(e.getDetectionsByPatternPrefix('')).toHaveLength(5);
    });

    it('matches a CWE id anywhere in the comma-separated list (as a substring, like the reference)', () => {
      const e = make();
      e.insertDetections([
        detection({ line: 1, cweIds: '89', confidence: 0.2 }),
        detection({ line: 2, cweIds: '79,89', confidence: 0.8 }),
        detection({ line: 3, cweIds: '89,564', confidence: 0.5 }),
        detection({ line: 4, cweIds: '79', confidence: 0.9 }),
        detection({ line: 5, cweIds: null, confidence: 1 }),
        detection({ line: 6, cweIds: '789', confidence: 0.4 }),
      ]);
      expect(e.getDetectionsByCwe(89).map((d) => d.line)).toEqual([2, 3, 6, 1]);
      expect(e.getDetectionsByCwe(79).map((d) => d.line)).toEqual([4, 2]);
      expect(e.getDetectionsByCwe(78).map((d) => d.line)).toEqual([6]);
      expect(e.getDetectionsByCwe(564).map((d) => d.line)).toEqual([3]);
      expect(e.getDetectionsByCwe(22)).toEqual([]);
    });

    it('returns the top `limit` detections by confidence', () => {
      const e = make();
      const confidences = [0.4, 0.95, 0.1, 0.7, 0.55];
      e.insertDetections(confidences.map((c, i) => detection({ line: i, confidence: c })));
      expect(e.queryAllDetections(3).map((d) => d.confidence)).toEqual([0.95, 0.7, 0.55]);
      expect(e.queryAllDetections(100).map((d) => d.confidence)).toEqual([0.95, 0.7, 0.55, 0.4, 0.1]);
      expect(e.queryAllDetections(1)).toHaveLength(1);
      expect(e.queryAllDetections(0)).toEqual([]);
    });

    it('deletes a file and returns the count; counts the rest', () => {
      const e = make();
      e.insertDetections([
        detection({ file: 'a.ts', line: 1 }),
        detection({ file: 'a.ts', line: 2 }),
        detection({ file: 'b.ts', line: 3 }),
      ]);
      expect(e.countDetections()).toBe(3);
      expect(e.deleteDetectionsByFile('a.ts')).toBe(2);
      expect(e.deleteDetectionsByFile('a.ts')).toBe(0);
      expect(e.countDetections()).toBe(1);
      expect(e.getDetectionsByFile('b.ts')).toHaveLength(1);
    });

    it('summarizes count and mean confidence per detection method', () => {
      const e = make();
      e.insertDetections([
        detection({ detectionMethod: 'ast', confidence: 0.5 }),
        detection({ detectionMethod: 'ast', confidence: 1 }),
        detection({ detectionMethod: 'ast', confidence: 0.75 }),
        detection({ detectionMethod: 'framework', confidence: 0.25 }),
        detection({ detectionMethod: 'regex', confidence: 0.4 }),
        detection({ detectionMethod: 'regex', confidence: 0.6 }),
      ]);
      const summary = e
        .getFrameworkDetectionSummary()
        .sort((a, b) => a.detectionMethod.localeCompare(b.detectionMethod));
      expect(summary).toHaveLength(3);
      expect(summary.map((s) => [s.detectionMethod, s.count])).toEqual([
        ['ast', 3],
        ['framework', 1],
        ['regex', 2],
      ]);
      expect(summary[0]!.avgConfidence).toBeCloseTo(0.75, 12);
      expect(summary[1]!.avgConfidence).toBeCloseTo(0.25, 12);
      expect(summary[2]!.avgConfidence).toBeCloseTo(0.5, 12);
    });
  });

  describe('pattern confidence', () => {
    it('round-trips every field, keeping the given lastUpdated (as the reference does)', () => {
      const e = make();
      const row = confidence({
        patternId: 'naming/ünïcode-✓',
        alpha: 51.25,
        beta: 50,
        posteriorMean: 0.505,
        credibleIntervalLow: 0.41,
        credibleIntervalHigh: 0.6,
        tier: 'Tentative',
        momentum: 'Rising',
        lastUpdated: BIG,
      });
      e.upsertConfidence(row);
      expect(e.queryAllConfidence()).toEqual([row]);
    });

    it('replaces every column of an existing pattern on upsert', () => {
      const e = make();
      e.upsertConfidence(confidence({ patternId: 'p', tier: 'Uncertain', lastUpdated: 1000 }));
      e.upsertConfidence(confidence({ patternId: 'other', posteriorMean: 0.1 }));
      const next = confidence({
        patternId: 'p',
        alpha: 80,
        beta: 20,
        posteriorMean: 0.8,
        credibleIntervalLow: 0.71,
        credibleIntervalHigh: 0.87,
        tier: 'Emerging',
        momentum: 'Falling',
        lastUpdated: 2000,
      });
      e.upsertConfidence(next);
      const all = e.queryAllConfidence();
      expect(all).toHaveLength(2);
      expect(all[0]).toEqual(next);
      expect(e.queryConfidenceByTier('Uncertain', null, 10)).toEqual([]);
      expect(e.queryConfidenceByTier('Emerging', null, 10)).toEqual([next]);
    });

    it('pages a tier by pattern id with a keyset cursor', () => {
      const e = make();
      const ids = ['e/07', 'e/02', 'e/10', 'e/01', 'e/05'];
      for (const [i, id] of ids.entries()) {
        e.upsertConfidence(confidence({ patternId: id, tier: 'Established', posteriorMean: i / 10 }));
      }
      e.upsertConfidence(confidence({ patternId: 'e/03', tier: 'Emerging' }));
      e.upsertConfidence(confidence({ patternId: 'e/00', tier: 'established' }));
      const page1 = e.queryConfidenceByTier('Established', null, 2);
      expect(page1.map((r) => r.patternId)).toEqual(['e/01', 'e/02']);
      const page2 = e.queryConfidenceByTier('Established', page1[1]!.patternId, 2);
      expect(page2.map((r) => r.patternId)).toEqual(['e/05', 'e/07']);
      const page3 = e.queryConfidenceByTier('Established', page2[1]!.patternId, 2);
      expect(page3.map((r) => r.patternId)).toEqual(['e/10']);
      expect(e.queryConfidenceByTier('Established', 'e/10', 2)).toEqual([]);
      expect(e.queryConfidenceByTier('Established', 'e/03', 10).map((r) => r.patternId)).toEqual([
        'e/05',
        'e/07',
        'e/10',
      ]);
      expect(e.queryConfidenceByTier('Established', null, 0)).toEqual([]);
      expect(e.queryConfidenceByTier('Emerging', null, 10).map((r) => r.patternId)).toEqual(['e/03']);
    });

    it('lists every pattern by posterior mean, highest first', () => {
      const e = make();
      for (const [id, mean] of [
        ['a', 0.3],
        ['b', 0.9],
        ['c', 0.1],
        ['d', 0.6],
      ] as const) {
        e.upsertConfidence(confidence({ patternId: id, posteriorMean: mean }));
      }
      expect(e.queryAllConfidence().map((r) => r.patternId)).toEqual(['b', 'd', 'a', 'c']);
    });
  });

  describe('outliers', () => {
    it('round-trips every field and assigns id and createdAt itself', () => {
      const e = make();
      const t0 = now();
      const row = outlier({
        id: 77,
        patternId: 'naming/camel-ü',
        file: 'src/ñ/文件.py',
        line: BIG,
        deviationScore: 3.25,
        significance: 'high',
        method: 'grubbs',
        createdAt: 3,
      });
      e.insertOutlier(row);
      const t1 = now();
      const [got, ...rest] = e.queryOutliersByPattern('naming/camel-ü');
      expect(rest).toEqual([]);
      expect(got).toEqual({ ...row, id: got!.id, createdAt: got!.createdAt });
      expect(got!.id).toBe(1);
      expect(got!.createdAt).toBeGreaterThanOrEqual(t0);
      expect(got!.createdAt).toBeLessThanOrEqual(t1);
    });

    it('lists a pattern by deviation, largest first', () => {
      const e = make();
      e.insertOutlier(outlier({ patternId: 'p', line: 1, deviationScore: 1.5 }));
      e.insertOutlier(outlier({ patternId: 'q', line: 2, deviationScore: 9 }));
      e.insertOutlier(outlier({ patternId: 'p', line: 3, deviationScore: 4.5 }));
      e.insertOutlier(outlier({ patternId: 'p', line: 4, deviationScore: 2.5 }));
      expect(e.queryOutliersByPattern('p').map((o) => o.line)).toEqual([3, 4, 1]);
      expect(e.queryOutliersByPattern('q').map((o) => o.line)).toEqual([2]);
      expect(e.queryOutliersByPattern('P')).toEqual([]);
    });
  });

  describe('conventions', () => {
    it('round-trips every field, nulls and large integers included; the store assigns the id', () => {
      const e = make();
      const withExpiry = convention({
        id: 99,
        patternId: 'conv/ünï',
        category: 'naming',
        scope: 'directory:src/ü',
        dominanceRatio: 0.875,
        promotionStatus: 'approved',
        discoveredAt: BIG,
        lastSeen: BIG + 1,
        expiresAt: BIG + 2,
      });
      const noExpiry = convention({ id: 99, patternId: 'conv/2', dominanceRatio: 0.5, expiresAt: null });
      e.insertConvention(withExpiry);
      e.insertConvention(noExpiry);
      const all = e.queryAllConventions();
      expect(all).toEqual([
        { ...withExpiry, id: 1 },
        { ...noExpiry, id: 2 },
      ]);
    });

    it('orders by dominance, highest first, and filters by category', () => {
      const e = make();
      e.insertConvention(convention({ patternId: 'a', category: 'naming', dominanceRatio: 0.6 }));
      e.insertConvention(convention({ patternId: 'b', category: 'errors', dominanceRatio: 0.95 }));
      e.insertConvention(convention({ patternId: 'c', category: 'naming', dominanceRatio: 0.8 }));
      e.insertConvention(convention({ patternId: 'd', category: 'naming', dominanceRatio: 0.7 }));
      expect(e.queryConventionsByCategory('naming').map((c) => c.patternId)).toEqual(['c', 'd', 'a']);
      expect(e.queryConventionsByCategory('errors').map((c) => c.patternId)).toEqual(['b']);
      expect(e.queryConventionsByCategory('structure')).toEqual([]);
      expect(e.queryAllConventions().map((c) => c.patternId)).toEqual(['b', 'c', 'd', 'a']);
    });
  });

  describe('boundaries', () => {
    it('round-trips every field and assigns id and createdAt itself', () => {
      const e = make();
      const t0 = now();
      const full = boundary({
        id: 55,
        file: 'models/ユーザー.py',
        framework: 'sqlalchemy',
        modelName: 'Üser',
        tableName: 'users',
        fieldName: 'email',
        sensitivity: 'pii',
        confidence: 0.875,
        createdAt: 9,
      });
      const sparse = boundary({
        id: 55,
        file: 'models/ユーザー.py',
        framework: 'sqlalchemy',
        modelName: 'Order',
      });
      expect(e.insertBoundaries([full, sparse])).toBe(2);
      const t1 = now();
      const rows = byId(e.getBoundariesByFile('models/ユーザー.py'));
      expect(rows).toHaveLength(2);
      expect(rows[0]).toEqual({ ...full, id: 1, createdAt: rows[0]!.createdAt });
      expect(rows[1]).toEqual({ ...sparse, id: 2, createdAt: rows[1]!.createdAt });
      for (const r of rows) {
        expect(r.createdAt).toBeGreaterThanOrEqual(t0);
        expect(r.createdAt).toBeLessThanOrEqual(t1);
      }
    });

    it('filters by file and framework; lists sensitive ones by confidence', () => {
      const e = make();
      expect(
        e.insertBoundaries([
          boundary({
            file: 'a.prisma',
            framework: 'prisma',
            modelName: 'A',
            sensitivity: 'pii',
            confidence: 0.6,
          }),
          boundary({ file: 'a.prisma', framework: 'prisma', modelName: 'B', confidence: 0.99 }),
          boundary({
            file: 'b.py',
            framework: 'django',
            modelName: 'C',
            sensitivity: 'secret',
            confidence: 0.9,
          }),
          boundary({ file: 'c.go', framework: 'gorm', modelName: 'D', sensitivity: '', confidence: 0.7 }),
          boundary({
            file: 'c.go',
            framework: 'prisma',
            modelName: 'E',
            sensitivity: 'pii',
            confidence: 0.3,
          }),
        ]),
      ).toBe(5);
      expect(byId(e.getBoundariesByFile('a.prisma')).map((b) => b.modelName)).toEqual(['A', 'B']);
      expect(byId(e.getBoundariesByFile('c.go')).map((b) => b.modelName)).toEqual(['D', 'E']);
      expect(byId(e.getBoundariesByFramework('prisma')).map((b) => b.modelName)).toEqual(['A', 'B', 'E']);
      expect(e.getBoundariesByFramework('Prisma')).toEqual([]);
      expect(e.getSensitiveBoundaries().map((b) => b.modelName)).toEqual(['C', 'D', 'A', 'E']);
    });

    it('deletes a file and returns the count; counts the rest', () => {
      const e = make();
      e.insertBoundaries([
        boundary({ file: 'a' }),
        boundary({ file: 'a' }),
        boundary({ file: 'b' }),
        boundary({ file: 'a' }),
      ]);
      expect(e.countBoundaries()).toBe(4);
      expect(e.deleteBoundariesByFile('a')).toBe(3);
      expect(e.deleteBoundariesByFile('a')).toBe(0);
      expect(e.countBoundaries()).toBe(1);
      expect(e.getBoundariesByFile('b')).toHaveLength(1);
    });
  });

  describe('call edges', () => {
    it('round-trips every field, ids past 2^31 included', () => {
      const e = make();
      const a = edge({
        callerId: BIG,
        calleeId: BIG + 1,
        resolution: 'same_file',
        confidence: 0.625,
        callSiteLine: BIG + 2,
      });
      expect(e.insertCallEdges([a])).toBe(1);
      expect(e.getEdgesByCaller(BIG)).toEqual([a]);
      expect(e.getEdgesByCallee(BIG + 1)).toEqual([a]);
      expect(e.getEdgesByCaller(BIG + 1)).toEqual([]);
    });

    it('replaces an edge with the same caller, callee and line, counting every row given', () => {
      const e = make();
      expect(
        e.insertCallEdges([
          edge({ callerId: 1, calleeId: 2, callSiteLine: 10, resolution: 'fuzzy', confidence: 0.3 }),
          edge({ callerId: 1, calleeId: 2, callSiteLine: 11, resolution: 'import', confidence: 0.9 }),
          edge({ callerId: 1, calleeId: 2, callSiteLine: 10, resolution: 'method', confidence: 0.8 }),
        ]),
      ).toBe(3);
      expect(e.countCallEdges()).toBe(2);
      expect(
        e.insertCallEdges([
          edge({ callerId: 1, calleeId: 2, callSiteLine: 11, resolution: 'di', confidence: 0.7 }),
        ]),
      ).toBe(1);
      expect(byEdgeKey(e.getEdgesByCaller(1))).toEqual([
        edge({ callerId: 1, calleeId: 2, callSiteLine: 10, resolution: 'method', confidence: 0.8 }),
        edge({ callerId: 1, calleeId: 2, callSiteLine: 11, resolution: 'di', confidence: 0.7 }),
      ]);
    });

    it('filters by caller and by callee', () => {
      const e = make();
      e.insertCallEdges([
        edge({ callerId: 1, calleeId: 2 }),
        edge({ callerId: 1, calleeId: 3 }),
        edge({ callerId: 2, calleeId: 3 }),
        edge({ callerId: 3, calleeId: 1 }),
      ]);
      expect(byEdgeKey(e.getEdgesByCaller(1)).map(edgeKey)).toEqual(['1>2@10', '1>3@10']);
      expect(byEdgeKey(e.getEdgesByCallee(3)).map(edgeKey)).toEqual(['1>3@10', '2>3@10']);
      expect(e.getEdgesByCallee(1).map(edgeKey)).toEqual(['3>1@10']);
      expect(e.getEdgesByCaller(4)).toEqual([]);
    });

    it('counts edges, and resolved ones as those neither fuzzy nor unresolved', () => {
      const e = make();
      const resolutions = ['import', 'fuzzy', 'same_file', 'unresolved', 'method', 'Fuzzy', 'fuzzy'];
      e.insertCallEdges(resolutions.map((resolution, i) => edge({ callSiteLine: i, resolution })));
      expect(e.countCallEdges()).toBe(7);
      expect(e.countResolvedEdges()).toBe(4);
    });
  });

  describe('scan history', () => {
    it('records a running scan, then its completion', () => {
      const e = make();
      const id = e.insertScanStart(BIG, '/home/dév/项目');
      expect(id).toBe(1);
      expect(e.queryRecentScans(10)).toEqual([
        {
          id,
          startedAt: BIG,
          completedAt: null,
          rootPath: '/home/dév/项目',
          totalFiles: null,
          addedFiles: null,
          modifiedFiles: null,
          removedFiles: null,
          unchangedFiles: null,
          durationMs: null,
          status: 'running',
          error: null,
        },
      ]);
      e.updateScanComplete(id, BIG + 60, 1200, 10, 20, 3, 1167, BIG + 5, 'completed', null);
      expect(e.queryRecentScans(10)).toEqual([
        {
          id,
          startedAt: BIG,
          completedAt: BIG + 60,
          rootPath: '/home/dév/项目',
          totalFiles: 1200,
          addedFiles: 10,
          modifiedFiles: 20,
          removedFiles: 3,
          unchangedFiles: 1167,
          durationMs: BIG + 5,
          status: 'completed',
          error: null,
        },
      ]);
    });

    it('records a failure message and touches only the scan named', () => {
      const e = make();
      const first = e.insertScanStart(100, '/a');
      const second = e.insertScanStart(200, '/b');
      expect(second).toBe(first + 1);
      e.updateScanComplete(
        second,
        260,
        5,
        1,
        2,
        0,
        2,
        60_000,
        'failed',
        'parser crashed: “ünexpected” token',
      );
      e.updateScanComplete(999, 1, 1, 1, 1, 1, 1, 1, 'completed', null);
      const scans = e.queryRecentScans(10);
      expect(scans).toHaveLength(2);
      const [b, a] = scans;
      expect(b).toMatchObject({ id: second, status: 'failed', error: 'parser crashed: “ünexpected” token' });
      expect(b).toMatchObject({ completedAt: 260, totalFiles: 5, durationMs: 60_000 });
      expect(a).toMatchObject({ id: first, status: 'running', completedAt: null, error: null });
      expect(e.countScans()).toBe(2);
    });

    it('lists the most recent scans first, up to the limit', () => {
      const e = make();
      const ids = [300, 100, 400, 200].map((t) => e.insertScanStart(t, `/r${t}`));
      expect(ids).toEqual([1, 2, 3, 4]);
      expect(e.queryRecentScans(10).map((s) => s.startedAt)).toEqual([400, 300, 200, 100]);
      expect(e.queryRecentScans(2).map((s) => s.rootPath)).toEqual(['/r400', '/r300']);
      expect(e.queryRecentScans(0)).toEqual([]);
      expect(e.countScans()).toBe(4);
    });
  });
});

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
      fn({
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
      fn({ file: 'src/ü/模块.ts', name: 'plain', line: 5, endLine: 9 }),
      fn({
        file: 'src/other.ts',
        name: 'elsewhere',
        line: 1,
        isAsync: true,
        language: 'python',
        returnType: 'None',
      }),
      fn({ file: 'src/ü/模块.ts', name: 'mid', line: 20, endLine: 30, isExported: true }),
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
      fn({ name: 'run', qualifiedName: 'Svc.run', line: 1, bodyHash: new Uint8Array([7, 8]) }),
      fn({ name: 'runner', qualifiedName: 'Svc.runner', line: 2 }),
      fn({ name: 'anon', qualifiedName: null, line: 3 }),
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
      fn({ file: 'a.ts', name: 'x', line: 1 }),
      fn({ file: 'a.ts', name: 'y', line: 2 }),
      fn({ file: 'b.ts', name: 'z', line: 1 }),
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
      fn({ name: 'main', line: 1 }),
      fn({ name: 'helper', line: 2 }),
      fn({ name: 'util', line: 3 }),
      fn({ name: 'cli', line: 4 }),
    ]) as [number, number, number, number];
    expect(e.countEntryPoints()).toBe(4);
    e.insertCallEdges([
      edge({ callerId: f1, calleeId: f2, callSiteLine: 1 }),
      edge({ callerId: f1, calleeId: f3, callSiteLine: 2 }),
      edge({ callerId: f4, calleeId: f3, callSiteLine: 3 }),
      edge({ callerId: f3, calleeId: 9999, callSiteLine: 4 }),
    ]);
    expect(e.countEntryPoints()).toBe(2); // main and cli
    e.insertCallEdges([edge({ callerId: f2, calleeId: f1, callSiteLine: 5 })]);
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
      e.insertCallEdges([edge({ callSiteLine: 1 }), edge({ callSiteLine: 666 }), edge({ callSiteLine: 3 })]),
    ).toThrow(/refused by test trigger/);
    expect(e.countCallEdges()).toBe(0);
    expect(e.insertDetections([detection({ line: 1 }), detection({ line: 2 })])).toBe(2);
    expect(e.insertBoundaries([boundary()])).toBe(1);
    expect(e.insertCallEdges([edge({ callSiteLine: 1 })])).toBe(1);
  });

  it('deletes every edge touching a function of the file, on either side', () => {
    const { path, e } = setup();
    const [a1, a2, b1, b2] = seedFunctions(path, [
      fn({ file: 'a.ts', name: 'a1', line: 1 }),
      fn({ file: 'a.ts', name: 'a2', line: 2 }),
      fn({ file: 'b.ts', name: 'b1', line: 1 }),
      fn({ file: 'b.ts', name: 'b2', line: 2 }),
    ]) as [number, number, number, number];
    e.insertCallEdges([
      edge({ callerId: a1, calleeId: a2 }), // both sides in a.ts
      edge({ callerId: a1, calleeId: b1 }), // caller in a.ts
      edge({ callerId: b2, calleeId: a2 }), // callee in a.ts
      edge({ callerId: b1, calleeId: b2 }), // neither
      edge({ callerId: 500, calleeId: 501 }), // unknown functions
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
    first.insertCallEdges([edge({ callerId: 5, calleeId: 6 })]);
    const scan = first.insertScanStart(1000, '/repo');
    first.updateScanComplete(scan, 1010, 1, 1, 0, 0, 0, 10_000, 'completed', null);
    first.close();

    const e = track(DriftStorageEngine.open(path));
    expect(e.getDetectionsByCwe(22)).toMatchObject([{ file: 'a.ts', line: 7, matchedText: 'ü' }]);
    expect(e.queryAllConfidence()).toEqual([confidence({ patternId: 'p', lastUpdated: 1234 })]);
    expect(e.queryOutliersByPattern('p')).toMatchObject([{ deviationScore: 2 }]);
    expect(e.queryAllConventions()).toMatchObject([{ patternId: 'p', expiresAt: BIG }]);
    expect(e.getSensitiveBoundaries()).toMatchObject([{ file: 'a.ts', sensitivity: 'pii' }]);
    expect(e.getEdgesByCallee(6)).toEqual([edge({ callerId: 5, calleeId: 6 })]);
    expect(e.queryRecentScans(1)).toMatchObject([{ id: scan, status: 'completed', completedAt: 1010 }]);
  });
});
