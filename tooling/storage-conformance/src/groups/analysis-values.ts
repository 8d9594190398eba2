// The analysis engine tests of the SQLite engine, moved here so that every engine runs them: every
// field of every row kind round-trips (integers past 2^31, nulls, unicode), filters and orders,
// replacement, counts, store-assigned ids counted from 1 and stamps, and the scan history.
import type { CallEdgeRow, DetectionRow } from '@drift/storage-traits';
import {
  boundary,
  callEdge,
  confidence,
  convention,
  detection,
  outlier,
} from '@drift/storage-traits/testing';
import type { GroupContext } from '../support.js';

/** An integer well past 2^31. */
const BIG = 2 ** 40;
const now = () => Math.floor(Date.now() / 1000);

const byId = <T extends { id: number }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => a.id - b.id);
const edgeKey = (e: CallEdgeRow) => `${e.callerId}>${e.calleeId}@${e.callSiteLine}`;
const byEdgeKey = (rows: readonly CallEdgeRow[]) =>
  [...rows].sort((a, b) => edgeKey(a).localeCompare(edgeKey(b)));

/** Registers the value-by-value analysis tests (part of the `analysis` group). */
export function analysisValueTests(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('answers empty tables with empty lists, nulls and zero counts', async (e) => {
    expect(await e.getFunctionsByFile('src/a.ts')).toEqual([]);
    expect(await e.getFunctionByQualifiedName('A.b')).toBeNull();
    expect(await e.deleteFunctionsByFile('src/a.ts')).toBe(0);
    expect(await e.countFunctions()).toBe(0);
    expect(await e.countEntryPoints()).toBe(0);
    expect(await e.insertDetections([])).toBe(0);
    expect(await e.getDetectionsByFile('src/a.ts')).toEqual([]);
    expect(await e.getDetectionsByCategory('security')).toEqual([]);
    expect(await e.queryAllDetections(10)).toEqual([]);
    expect(await e.deleteDetectionsByFile('src/a.ts')).toBe(0);
    expect(await e.countDetections()).toBe(0);
    expect(await e.getDetectionsByMethod('ast')).toEqual([]);
    expect(await e.getDetectionsByPatternPrefix('')).toEqual([]);
    expect(await e.getDetectionsByCwe(89)).toEqual([]);
    expect(await e.getFrameworkDetectionSummary()).toEqual([]);
    expect(await e.queryConfidenceByTier('Established', null, 10)).toEqual([]);
    expect(await e.queryConfidenceByTier('Established', 'a', 10)).toEqual([]);
    expect(await e.queryAllConfidence()).toEqual([]);
    expect(await e.queryOutliersByPattern('p')).toEqual([]);
    expect(await e.queryConventionsByCategory('naming')).toEqual([]);
    expect(await e.queryAllConventions()).toEqual([]);
    expect(await e.insertBoundaries([])).toBe(0);
    expect(await e.getBoundariesByFile('x')).toEqual([]);
    expect(await e.getBoundariesByFramework('prisma')).toEqual([]);
    expect(await e.getSensitiveBoundaries()).toEqual([]);
    expect(await e.deleteBoundariesByFile('x')).toBe(0);
    expect(await e.countBoundaries()).toBe(0);
    expect(await e.insertCallEdges([])).toBe(0);
    expect(await e.getEdgesByCaller(1)).toEqual([]);
    expect(await e.getEdgesByCallee(1)).toEqual([]);
    expect(await e.deleteEdgesByFile('src/a.ts')).toBe(0);
    expect(await e.countCallEdges()).toBe(0);
    expect(await e.countResolvedEdges()).toBe(0);
    expect(await e.queryRecentScans(10)).toEqual([]);
    expect(await e.countScans()).toBe(0);
  });

  test('detections: round-trips every field and assigns id and createdAt itself', async (e) => {
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
    expect(await e.insertDetections([full, sparse])).toBe(2);
    const t1 = now();
    const rows = await e.getDetectionsByFile('pkg/ütil/модуль_🚀.ts');
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
    expect(await e.countDetections()).toBe(2);
  });

  test('detections: lists a file in line order and nothing of other files', async (e) => {
    await e.insertDetections([
      detection({ file: 'a.ts', line: 30, confidence: 0.9 }),
      detection({ file: 'b.ts', line: 5 }),
      detection({ file: 'a.ts', line: 10, confidence: 0.1 }),
      detection({ file: 'a.ts', line: 20, confidence: 0.5 }),
      detection({ file: 'A.ts', line: 1 }),
    ]);
    expect((await e.getDetectionsByFile('a.ts')).map((d) => d.line)).toEqual([10, 20, 30]);
    expect((await e.getDetectionsByFile('b.ts')).map((d) => d.line)).toEqual([5]);
    expect(await e.getDetectionsByFile('c.ts')).toEqual([]);
  });

  test('detections: filters by category, method, pattern prefix and CWE, highest confidence first', async (e) => {
    await e.insertDetections([
      detection({ patternId: 'spring/a', category: 'security', confidence: 0.3, detectionMethod: 'ast' }),
      detection({ patternId: 'spring/b', category: 'security', confidence: 0.9, detectionMethod: 'regex' }),
      detection({ patternId: 'springboot/c', category: 'api', confidence: 0.6, detectionMethod: 'ast' }),
      detection({ patternId: 'x/spring/d', category: 'security', confidence: 0.7, detectionMethod: 'ast' }),
      detection({ patternId: 'Spring/E', category: 'Security', confidence: 0.5, detectionMethod: 'AST' }),
    ]);
    expect((await e.getDetectionsByCategory('security')).map((d) => d.patternId)).toEqual([
      'spring/b',
      'x/spring/d',
      'spring/a',
    ]);
    expect((await e.getDetectionsByCategory('api')).map((d) => d.patternId)).toEqual(['springboot/c']);
    expect((await e.getDetectionsByMethod('ast')).map((d) => d.patternId)).toEqual([
      'x/spring/d',
      'springboot/c',
      'spring/a',
    ]);
    expect((await e.getDetectionsByMethod('regex')).map((d) => d.patternId)).toEqual(['spring/b']);
    expect(await e.getDetectionsByMethod('framework')).toEqual([]);
    // The reference matches with `LIKE 'prefix%'`: anchored at the start, ASCII case-insensitive.
    expect((await e.getDetectionsByPatternPrefix('spring/')).map((d) => d.patternId)).toEqual([
      'spring/b',
      'Spring/E',
      'spring/a',
    ]);
    expect((await e.getDetectionsByPatternPrefix('spring')).map((d) => d.patternId)).toEqual([
      'spring/b',
      'springboot/c',
      'Spring/E',
      'spring/a',
    ]);
    expect(await e.getDetectionsByPatternPrefix('spring/a')).toHaveLength(1);
    expect(await e.getDetectionsByPatternPrefix('pring')).toEqual([]);
    expect(await e.getDetectionsByPatternPrefix('')).toHaveLength(5);
  });

  test('detections: matches a CWE id anywhere in the comma-separated list (as a substring, like the reference)', async (e) => {
    await e.insertDetections([
      detection({ line: 1, cweIds: '89', confidence: 0.2 }),
      detection({ line: 2, cweIds: '79,89', confidence: 0.8 }),
      detection({ line: 3, cweIds: '89,564', confidence: 0.5 }),
      detection({ line: 4, cweIds: '79', confidence: 0.9 }),
      detection({ line: 5, cweIds: null, confidence: 1 }),
      detection({ line: 6, cweIds: '789', confidence: 0.4 }),
    ]);
    expect((await e.getDetectionsByCwe(89)).map((d) => d.line)).toEqual([2, 3, 6, 1]);
    expect((await e.getDetectionsByCwe(79)).map((d) => d.line)).toEqual([4, 2]);
    expect((await e.getDetectionsByCwe(78)).map((d) => d.line)).toEqual([6]);
    expect((await e.getDetectionsByCwe(564)).map((d) => d.line)).toEqual([3]);
    expect(await e.getDetectionsByCwe(22)).toEqual([]);
  });

  test('detections: returns the top `limit` detections by confidence', async (e) => {
    const confidences = [0.4, 0.95, 0.1, 0.7, 0.55];
    await e.insertDetections(confidences.map((c, i) => detection({ line: i, confidence: c })));
    expect((await e.queryAllDetections(3)).map((d) => d.confidence)).toEqual([0.95, 0.7, 0.55]);
    expect((await e.queryAllDetections(100)).map((d) => d.confidence)).toEqual([0.95, 0.7, 0.55, 0.4, 0.1]);
    expect(await e.queryAllDetections(1)).toHaveLength(1);
    expect(await e.queryAllDetections(0)).toEqual([]);
  });

  test('detections: deletes a file and returns the count; counts the rest', async (e) => {
    await e.insertDetections([
      detection({ file: 'a.ts', line: 1 }),
      detection({ file: 'a.ts', line: 2 }),
      detection({ file: 'b.ts', line: 3 }),
    ]);
    expect(await e.countDetections()).toBe(3);
    expect(await e.deleteDetectionsByFile('a.ts')).toBe(2);
    expect(await e.deleteDetectionsByFile('a.ts')).toBe(0);
    expect(await e.countDetections()).toBe(1);
    expect(await e.getDetectionsByFile('b.ts')).toHaveLength(1);
  });

  test('detections: summarizes count and mean confidence per detection method', async (e) => {
    await e.insertDetections([
      detection({ detectionMethod: 'ast', confidence: 0.5 }),
      detection({ detectionMethod: 'ast', confidence: 1 }),
      detection({ detectionMethod: 'ast', confidence: 0.75 }),
      detection({ detectionMethod: 'framework', confidence: 0.25 }),
      detection({ detectionMethod: 'regex', confidence: 0.4 }),
      detection({ detectionMethod: 'regex', confidence: 0.6 }),
    ]);
    const summary = (await e.getFrameworkDetectionSummary()).sort((a, b) =>
      a.detectionMethod.localeCompare(b.detectionMethod),
    );
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

  test('pattern confidence: round-trips every field, keeping the given lastUpdated (as the reference does)', async (e) => {
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
    await e.upsertConfidence(row);
    expect(await e.queryAllConfidence()).toEqual([row]);
  });

  test('pattern confidence: replaces every column of an existing pattern on upsert', async (e) => {
    await e.upsertConfidence(confidence({ patternId: 'p', tier: 'Uncertain', lastUpdated: 1000 }));
    await e.upsertConfidence(confidence({ patternId: 'other', posteriorMean: 0.1 }));
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
    await e.upsertConfidence(next);
    const all = await e.queryAllConfidence();
    expect(all).toHaveLength(2);
    expect(all[0]).toEqual(next);
    expect(await e.queryConfidenceByTier('Uncertain', null, 10)).toEqual([]);
    expect(await e.queryConfidenceByTier('Emerging', null, 10)).toEqual([next]);
  });

  test('pattern confidence: pages a tier by pattern id with a keyset cursor', async (e) => {
    const ids = ['e/07', 'e/02', 'e/10', 'e/01', 'e/05'];
    for (const [i, id] of ids.entries()) {
      await e.upsertConfidence(confidence({ patternId: id, tier: 'Established', posteriorMean: i / 10 }));
    }
    await e.upsertConfidence(confidence({ patternId: 'e/03', tier: 'Emerging' }));
    await e.upsertConfidence(confidence({ patternId: 'e/00', tier: 'established' }));
    const page1 = await e.queryConfidenceByTier('Established', null, 2);
    expect(page1.map((r) => r.patternId)).toEqual(['e/01', 'e/02']);
    const page2 = await e.queryConfidenceByTier('Established', page1[1]!.patternId, 2);
    expect(page2.map((r) => r.patternId)).toEqual(['e/05', 'e/07']);
    const page3 = await e.queryConfidenceByTier('Established', page2[1]!.patternId, 2);
    expect(page3.map((r) => r.patternId)).toEqual(['e/10']);
    expect(await e.queryConfidenceByTier('Established', 'e/10', 2)).toEqual([]);
    expect((await e.queryConfidenceByTier('Established', 'e/03', 10)).map((r) => r.patternId)).toEqual([
      'e/05',
      'e/07',
      'e/10',
    ]);
    expect(await e.queryConfidenceByTier('Established', null, 0)).toEqual([]);
    expect((await e.queryConfidenceByTier('Emerging', null, 10)).map((r) => r.patternId)).toEqual(['e/03']);
  });

  test('pattern confidence: lists every pattern by posterior mean, highest first', async (e) => {
    for (const [id, mean] of [
      ['a', 0.3],
      ['b', 0.9],
      ['c', 0.1],
      ['d', 0.6],
    ] as const) {
      await e.upsertConfidence(confidence({ patternId: id, posteriorMean: mean }));
    }
    expect((await e.queryAllConfidence()).map((r) => r.patternId)).toEqual(['b', 'd', 'a', 'c']);
  });

  test('outliers: round-trips every field and assigns id and createdAt itself', async (e) => {
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
    await e.insertOutlier(row);
    const t1 = now();
    const [got, ...rest] = await e.queryOutliersByPattern('naming/camel-ü');
    expect(rest).toEqual([]);
    expect(got).toEqual({ ...row, id: got!.id, createdAt: got!.createdAt });
    expect(got!.id).toBe(1);
    expect(got!.createdAt).toBeGreaterThanOrEqual(t0);
    expect(got!.createdAt).toBeLessThanOrEqual(t1);
  });

  test('outliers: lists a pattern by deviation, largest first', async (e) => {
    await e.insertOutlier(outlier({ patternId: 'p', line: 1, deviationScore: 1.5 }));
    await e.insertOutlier(outlier({ patternId: 'q', line: 2, deviationScore: 9 }));
    await e.insertOutlier(outlier({ patternId: 'p', line: 3, deviationScore: 4.5 }));
    await e.insertOutlier(outlier({ patternId: 'p', line: 4, deviationScore: 2.5 }));
    expect((await e.queryOutliersByPattern('p')).map((o) => o.line)).toEqual([3, 4, 1]);
    expect((await e.queryOutliersByPattern('q')).map((o) => o.line)).toEqual([2]);
    expect(await e.queryOutliersByPattern('P')).toEqual([]);
  });

  test('conventions: round-trips every field, nulls and large integers included; the store assigns the id', async (e) => {
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
    await e.insertConvention(withExpiry);
    await e.insertConvention(noExpiry);
    const all = await e.queryAllConventions();
    expect(all).toEqual([
      { ...withExpiry, id: 1 },
      { ...noExpiry, id: 2 },
    ]);
  });

  test('conventions: orders by dominance, highest first, and filters by category', async (e) => {
    await e.insertConvention(convention({ patternId: 'a', category: 'naming', dominanceRatio: 0.6 }));
    await e.insertConvention(convention({ patternId: 'b', category: 'errors', dominanceRatio: 0.95 }));
    await e.insertConvention(convention({ patternId: 'c', category: 'naming', dominanceRatio: 0.8 }));
    await e.insertConvention(convention({ patternId: 'd', category: 'naming', dominanceRatio: 0.7 }));
    expect((await e.queryConventionsByCategory('naming')).map((c) => c.patternId)).toEqual(['c', 'd', 'a']);
    expect((await e.queryConventionsByCategory('errors')).map((c) => c.patternId)).toEqual(['b']);
    expect(await e.queryConventionsByCategory('structure')).toEqual([]);
    expect((await e.queryAllConventions()).map((c) => c.patternId)).toEqual(['b', 'c', 'd', 'a']);
  });

  test('boundaries: round-trips every field and assigns id and createdAt itself', async (e) => {
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
    expect(await e.insertBoundaries([full, sparse])).toBe(2);
    const t1 = now();
    const rows = byId(await e.getBoundariesByFile('models/ユーザー.py'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ ...full, id: 1, createdAt: rows[0]!.createdAt });
    expect(rows[1]).toEqual({ ...sparse, id: 2, createdAt: rows[1]!.createdAt });
    for (const r of rows) {
      expect(r.createdAt).toBeGreaterThanOrEqual(t0);
      expect(r.createdAt).toBeLessThanOrEqual(t1);
    }
  });

  test('boundaries: filters by file and framework; lists sensitive ones by confidence', async (e) => {
    expect(
      await e.insertBoundaries([
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
    expect(byId(await e.getBoundariesByFile('a.prisma')).map((b) => b.modelName)).toEqual(['A', 'B']);
    expect(byId(await e.getBoundariesByFile('c.go')).map((b) => b.modelName)).toEqual(['D', 'E']);
    expect(byId(await e.getBoundariesByFramework('prisma')).map((b) => b.modelName)).toEqual(['A', 'B', 'E']);
    expect(await e.getBoundariesByFramework('Prisma')).toEqual([]);
    expect((await e.getSensitiveBoundaries()).map((b) => b.modelName)).toEqual(['C', 'D', 'A', 'E']);
  });

  test('boundaries: deletes a file and returns the count; counts the rest', async (e) => {
    await e.insertBoundaries([
      boundary({ file: 'a' }),
      boundary({ file: 'a' }),
      boundary({ file: 'b' }),
      boundary({ file: 'a' }),
    ]);
    expect(await e.countBoundaries()).toBe(4);
    expect(await e.deleteBoundariesByFile('a')).toBe(3);
    expect(await e.deleteBoundariesByFile('a')).toBe(0);
    expect(await e.countBoundaries()).toBe(1);
    expect(await e.getBoundariesByFile('b')).toHaveLength(1);
  });

  test('call edges: round-trips every field, ids past 2^31 included', async (e) => {
    const a = callEdge({
      callerId: BIG,
      calleeId: BIG + 1,
      resolution: 'same_file',
      confidence: 0.625,
      callSiteLine: BIG + 2,
    });
    expect(await e.insertCallEdges([a])).toBe(1);
    expect(await e.getEdgesByCaller(BIG)).toEqual([a]);
    expect(await e.getEdgesByCallee(BIG + 1)).toEqual([a]);
    expect(await e.getEdgesByCaller(BIG + 1)).toEqual([]);
  });

  test('call edges: replaces an edge with the same caller, callee and line, counting every row given', async (e) => {
    expect(
      await e.insertCallEdges([
        callEdge({ callerId: 1, calleeId: 2, callSiteLine: 10, resolution: 'fuzzy', confidence: 0.3 }),
        callEdge({ callerId: 1, calleeId: 2, callSiteLine: 11, resolution: 'import', confidence: 0.9 }),
        callEdge({ callerId: 1, calleeId: 2, callSiteLine: 10, resolution: 'method', confidence: 0.8 }),
      ]),
    ).toBe(3);
    expect(await e.countCallEdges()).toBe(2);
    expect(
      await e.insertCallEdges([
        callEdge({ callerId: 1, calleeId: 2, callSiteLine: 11, resolution: 'di', confidence: 0.7 }),
      ]),
    ).toBe(1);
    expect(byEdgeKey(await e.getEdgesByCaller(1))).toEqual([
      callEdge({ callerId: 1, calleeId: 2, callSiteLine: 10, resolution: 'method', confidence: 0.8 }),
      callEdge({ callerId: 1, calleeId: 2, callSiteLine: 11, resolution: 'di', confidence: 0.7 }),
    ]);
  });

  test('call edges: filters by caller and by callee', async (e) => {
    await e.insertCallEdges([
      callEdge({ callerId: 1, calleeId: 2 }),
      callEdge({ callerId: 1, calleeId: 3 }),
      callEdge({ callerId: 2, calleeId: 3 }),
      callEdge({ callerId: 3, calleeId: 1 }),
    ]);
    expect(byEdgeKey(await e.getEdgesByCaller(1)).map(edgeKey)).toEqual(['1>2@10', '1>3@10']);
    expect(byEdgeKey(await e.getEdgesByCallee(3)).map(edgeKey)).toEqual(['1>3@10', '2>3@10']);
    expect((await e.getEdgesByCallee(1)).map(edgeKey)).toEqual(['3>1@10']);
    expect(await e.getEdgesByCaller(4)).toEqual([]);
  });

  test('call edges: counts edges, and resolved ones as those neither fuzzy nor unresolved', async (e) => {
    const resolutions = ['import', 'fuzzy', 'same_file', 'unresolved', 'method', 'Fuzzy', 'fuzzy'];
    await e.insertCallEdges(resolutions.map((resolution, i) => callEdge({ callSiteLine: i, resolution })));
    expect(await e.countCallEdges()).toBe(7);
    expect(await e.countResolvedEdges()).toBe(4);
  });

  test('scan history: records a running scan, then its completion', async (e) => {
    const id = await e.insertScanStart(BIG, '/home/dév/项目');
    expect(id).toBe(1);
    expect(await e.queryRecentScans(10)).toEqual([
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
    await e.updateScanComplete(id, BIG + 60, 1200, 10, 20, 3, 1167, BIG + 5, 'completed', null);
    expect(await e.queryRecentScans(10)).toEqual([
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

  test('scan history: records a failure message and touches only the scan named', async (e) => {
    const first = await e.insertScanStart(100, '/a');
    const second = await e.insertScanStart(200, '/b');
    expect(second).toBe(first + 1);
    await e.updateScanComplete(
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
    await e.updateScanComplete(999, 1, 1, 1, 1, 1, 1, 1, 'completed', null);
    const scans = await e.queryRecentScans(10);
    expect(scans).toHaveLength(2);
    const [b, a] = scans;
    expect(b).toMatchObject({ id: second, status: 'failed', error: 'parser crashed: “ünexpected” token' });
    expect(b).toMatchObject({ completedAt: 260, totalFiles: 5, durationMs: 60_000 });
    expect(a).toMatchObject({ id: first, status: 'running', completedAt: null, error: null });
    expect(await e.countScans()).toBe(2);
  });

  test('scan history: lists the most recent scans first, up to the limit', async (e) => {
    const ids: number[] = [];
    for (const t of [300, 100, 400, 200]) ids.push(await e.insertScanStart(t, `/r${t}`));
    expect(ids).toEqual([1, 2, 3, 4]);
    expect((await e.queryRecentScans(10)).map((s) => s.startedAt)).toEqual([400, 300, 200, 100]);
    expect((await e.queryRecentScans(2)).map((s) => s.rootPath)).toEqual(['/r400', '/r300']);
    expect(await e.queryRecentScans(0)).toEqual([]);
    expect(await e.countScans()).toBe(4);
  });
}
