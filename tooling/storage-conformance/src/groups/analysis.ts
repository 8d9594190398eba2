import {
  type Async,
  type BoundaryRow,
  batchCommand,
  type CallEdgeRow,
  type ConventionRow,
  type DetectionRow,
  DRIFT_ANALYSIS_METHODS,
  type DriftStorage,
  type FunctionInsertRow,
  type FunctionRow,
  type OutlierRow,
  type PatternConfidenceRow,
} from '@drift/storage-traits';
import {
  boundary as boundaryRow,
  callEdge,
  confidence as confidenceRow,
  convention as conventionRow,
  detection as detectionRow,
  functionRow,
  outlier as outlierRow,
} from '@drift/storage-traits/testing';
import {
  BIG,
  blob,
  expectDistinctRowIds,
  expectMethods,
  expectRowId,
  expectSame,
  expectStamp,
  type GroupContext,
  nowSeconds,
  omit,
  omitAll,
  sendAndFlush,
  sortBy,
  UNICODE,
} from '../support.js';
import { analysisValueTests } from './analysis-values.js';

/**
 * A function row `name` of `file` at `line`: the shared {@link functionRow} with a qualified name,
 * an end five lines on, two parameters, a return type, exported, and both hashes seeded from `line`
 * (`extra` overrides).
 */
export function fn(
  file: string,
  name: string,
  line: number,
  extra: Partial<FunctionInsertRow> = {},
): FunctionInsertRow {
  return {
    ...functionRow({
      file,
      name,
      qualifiedName: `${file}::${name}`,
      line,
      endLine: line + 5,
      parameterCount: 2,
      returnType: 'Promise<void>',
      isExported: true,
    }),
    bodyHash: blob(line, 8),
    signatureHash: blob(line + 1000, 8),
    ...extra,
  };
}

/** Writes functions through `InsertFunctions` and answers them as stored, with their ids. */
export async function insertFunctions(
  s: Async<DriftStorage>,
  rows: readonly FunctionInsertRow[],
): Promise<FunctionRow[]> {
  await sendAndFlush(s, batchCommand('InsertFunctions', rows));
  const out: FunctionRow[] = [];
  for (const file of new Set(rows.map((r) => r.file))) out.push(...(await s.getFunctionsByFile(file)));
  return out;
}

/** The stored function `name` among `rows`. */
export function byName(rows: readonly FunctionRow[], name: string): FunctionRow {
  const row = rows.find((r) => r.name === name);
  if (row === undefined) throw new Error(`function ${name} was not stored`);
  return row;
}

/**
 * Detection row `i` of a varied set: the shared {@link detectionRow} in `src/file{i % 3}.ts` at line
 * 10 + i, column i % 7, pattern `auth/check-{i}` of category `security`, confidence 0.5 + i / 100
 * (`extra` overrides).
 */
export function detection(i: number, extra: Partial<DetectionRow> = {}): DetectionRow {
  return detectionRow({
    file: `src/file${i % 3}.ts`,
    line: 10 + i,
    columnNum: i % 7,
    patternId: `auth/check-${i}`,
    category: 'security',
    confidence: 0.5 + i / 100,
    ...extra,
  });
}

/**
 * A pattern-confidence row for `patternId` in `tier` with the given posterior mean: the shared
 * {@link confidenceRow} with alpha 10.5, beta 2.25, an interval 0.1 either side (capped at 1), momentum
 * `Rising`, updated now.
 */
export function confidence(patternId: string, tier: string, posteriorMean: number): PatternConfidenceRow {
  return confidenceRow({
    patternId,
    alpha: 10.5,
    beta: 2.25,
    posteriorMean,
    credibleIntervalLow: posteriorMean - 0.1,
    credibleIntervalHigh: Math.min(posteriorMean + 0.1, 1),
    tier,
    momentum: 'Rising',
    lastUpdated: nowSeconds(),
  });
}

/** An outlier of `patternId`: the shared {@link outlierRow} in a unicode file on line 2^40 (`extra` overrides). */
export function outlier(
  patternId: string,
  deviationScore: number,
  extra: Partial<OutlierRow> = {},
): OutlierRow {
  return outlierRow({ patternId, file: `src/${UNICODE}.ts`, line: BIG, deviationScore, ...extra });
}

/** An approved convention: the shared {@link conventionRow}, discovered at 2^40 and last seen 10 s later. */
function convention(
  patternId: string,
  category: string,
  dominanceRatio: number,
  expiresAt: number | null,
): ConventionRow {
  return conventionRow({
    patternId,
    category,
    dominanceRatio,
    promotionStatus: 'approved',
    discoveredAt: BIG,
    lastSeen: BIG + 10,
    expiresAt,
  });
}

/**
 * Boundary row `i` of a varied set: the shared {@link boundaryRow} in `models/{i % 2}.py` (Prisma on
 * even i, SQLAlchemy on odd), model `Model{i}`, table `table_{i}`, no field or sensitivity when i % 3
 * is 0 (else `field{i}`, `pii`), confidence 0.5 + i / 20 (`extra` overrides).
 */
export function boundary(i: number, extra: Partial<BoundaryRow> = {}): BoundaryRow {
  return boundaryRow({
    file: `models/${i % 2}.py`,
    framework: i % 2 === 0 ? 'prisma' : 'sqlalchemy',
    modelName: `Model${i}`,
    tableName: `table_${i}`,
    fieldName: i % 3 === 0 ? null : `field${i}`,
    sensitivity: i % 3 === 0 ? null : 'pii',
    confidence: 0.5 + i / 20,
    ...extra,
  });
}

/** A call edge from `callerId` to `calleeId` at `line`: the shared {@link callEdge} with confidence 0.75. */
export function edge(callerId: number, calleeId: number, line: number, resolution = 'import'): CallEdgeRow {
  return callEdge({ callerId, calleeId, resolution, confidence: 0.75, callSiteLine: line });
}

/** Registers the analysis tests: functions, detections, patterns, boundaries, call edges, scan history. */
export function analysisGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('exposes every IDriftAnalysis method', async (s) => {
    expectMethods(api, s, DRIFT_ANALYSIS_METHODS);
  });

  test('answers the empty state of every read', async (s) => {
    expect(await s.getFunctionsByFile('src/a.ts')).toEqual([]);
    expect(await s.getFunctionByQualifiedName('A.b')).toBeNull();
    expect(await s.countFunctions()).toBe(0);
    expect(await s.countEntryPoints()).toBe(0);
    expect(await s.getDetectionsByFile('src/a.ts')).toEqual([]);
    expect(await s.getDetectionsByCategory('security')).toEqual([]);
    expect(await s.queryAllDetections(100)).toEqual([]);
    expect(await s.countDetections()).toBe(0);
    expect(await s.getDetectionsByMethod('ast')).toEqual([]);
    expect(await s.getDetectionsByPatternPrefix('auth')).toEqual([]);
    expect(await s.getDetectionsByCwe(89)).toEqual([]);
    expect(await s.getFrameworkDetectionSummary()).toEqual([]);
    expect(await s.queryConfidenceByTier('Established', null, 10)).toEqual([]);
    expect(await s.queryConfidenceByTier('Established', 'a', 10)).toEqual([]);
    expect(await s.queryAllConfidence()).toEqual([]);
    expect(await s.queryOutliersByPattern('p')).toEqual([]);
    expect(await s.queryConventionsByCategory('naming')).toEqual([]);
    expect(await s.queryAllConventions()).toEqual([]);
    expect(await s.getBoundariesByFile('models/a.py')).toEqual([]);
    expect(await s.getBoundariesByFramework('prisma')).toEqual([]);
    expect(await s.getSensitiveBoundaries()).toEqual([]);
    expect(await s.countBoundaries()).toBe(0);
    expect(await s.getEdgesByCaller(1)).toEqual([]);
    expect(await s.getEdgesByCallee(1)).toEqual([]);
    expect(await s.countCallEdges()).toBe(0);
    expect(await s.countResolvedEdges()).toBe(0);
    expect(await s.queryRecentScans(10)).toEqual([]);
    expect(await s.countScans()).toBe(0);
  });

  test('deletes on an empty store remove nothing and answer 0', async (s) => {
    expect(await s.deleteFunctionsByFile('src/a.ts')).toBe(0);
    expect(await s.deleteDetectionsByFile('src/a.ts')).toBe(0);
    expect(await s.deleteBoundariesByFile('src/a.ts')).toBe(0);
    expect(await s.deleteEdgesByFile('src/a.ts')).toBe(0);
  });

  // ── functions ──

  test('functions written by InsertFunctions read back whole, in line order, with store ids', async (s) => {
    const file = `src/${UNICODE}/service.ts`;
    const rows = [
      fn(file, 'late', BIG, { endLine: BIG + 40, isAsync: true, parameterCount: 0 }),
      fn(file, 'early', 3, { qualifiedName: null, returnType: null, isExported: false }),
      fn(file, 'middle', 200, { bodyHash: blob(1, 32), signatureHash: new Uint8Array([0, 255, 0]) }),
      fn('src/other.ts', 'elsewhere', 1),
    ];
    await sendAndFlush(s, batchCommand('InsertFunctions', rows));
    const stored = await s.getFunctionsByFile(file);
    expect(stored.map((r) => r.name)).toEqual(['early', 'middle', 'late']);
    expectSame(api, omitAll(stored, 'id'), [rows[1], rows[2], rows[0]]);
    const other = await s.getFunctionsByFile('src/other.ts');
    expectDistinctRowIds(
      api,
      [...stored, ...other].map((r) => r.id),
    );
    expect(await s.countFunctions()).toBe(4);

    const byQualified = await s.getFunctionByQualifiedName(`${file}::late`);
    expectSame(api, byQualified, stored[2]);
    expect(await s.getFunctionByQualifiedName('missing::fn')).toBeNull();
  });

  test('deleteFunctionsByFile removes one file and answers how many', async (s) => {
    await insertFunctions(s, [fn('a.ts', 'x', 1), fn('a.ts', 'y', 2), fn('b.ts', 'z', 1)]);
    expect(await s.deleteFunctionsByFile('a.ts')).toBe(2);
    expect(await s.getFunctionsByFile('a.ts')).toEqual([]);
    expect(await s.getFunctionsByFile('b.ts')).toHaveLength(1);
    expect(await s.countFunctions()).toBe(1);
    expect(await s.deleteFunctionsByFile('a.ts')).toBe(0);
  });

  test('countEntryPoints counts functions without an incoming call edge', async (s) => {
    const stored = await insertFunctions(s, [
      fn('a.ts', 'main', 1),
      fn('a.ts', 'helper', 10),
      fn('b.ts', 'util', 1),
    ]);
    const main = byName(stored, 'main').id;
    const helper = byName(stored, 'helper').id;
    expect(await s.countEntryPoints()).toBe(3);
    await s.insertCallEdges([edge(main, helper, 4)]);
    expect(await s.countEntryPoints()).toBe(2);
    await s.insertCallEdges([edge(helper, helper, 12, 'same_file')]); // recursion: still not an entry point
    expect(await s.countEntryPoints()).toBe(2);
  });

  // ── detections ──

  test('CT0-B-02: detections written through insertDetections read back from getDetectionsByFile field for field, in line order, with a store-assigned createdAt', async (s) => {
    const before = nowSeconds();
    const rows = [
      detection(1, {
        file: 'src/lib.rs',
        line: 30,
        cweIds: '89,564',
        owasp: 'A03:2021',
        matchedText: UNICODE,
      }),
      detection(2, { file: 'src/lib.rs', line: 10, confidence: 0.9 }),
      detection(3, { file: 'src/lib.rs', line: BIG, columnNum: BIG }),
      detection(4, { file: 'src/other.rs' }),
    ];
    expect(await s.insertDetections(rows)).toBe(4);
    const stored = await s.getDetectionsByFile('src/lib.rs');
    const after = nowSeconds();
    expect(stored.map((r) => r.line)).toEqual([10, 30, BIG]);
    expectSame(
      api,
      omitAll(stored, 'id', 'createdAt'),
      omitAll([rows[1]!, rows[0]!, rows[2]!], 'id', 'createdAt'),
    );
    for (const row of stored) expectStamp(api, row.createdAt, before, after, 'detection createdAt');
    expect(await s.countDetections()).toBe(4);
  });

  test('insertDetections ignores the given id and createdAt', async (s) => {
    const before = nowSeconds();
    const given = detection(1, { id: 424242, createdAt: 7 });
    expect(await s.insertDetections([given, { ...given, line: 11 }])).toBe(2);
    const stored = await s.getDetectionsByFile(given.file);
    expect(stored).toHaveLength(2);
    expectDistinctRowIds(
      api,
      stored.map((r) => r.id),
    );
    for (const row of stored) expectStamp(api, row.createdAt, before, nowSeconds(), 'createdAt');
  });

  test('detection queries filter as documented and order by confidence, highest first', async (s) => {
    const rows = [
      detection(0, {
        category: 'security',
        confidence: 0.61,
        detectionMethod: 'ast',
        patternId: 'auth/jwt',
        cweIds: '89,564',
      }),
      detection(1, {
        category: 'security',
        confidence: 0.93,
        detectionMethod: 'regex',
        patternId: 'sql/raw',
        cweIds: '79',
      }),
      detection(2, {
        category: 'errors',
        confidence: 0.72,
        detectionMethod: 'ast',
        patternId: 'auth/session',
        cweIds: null,
      }),
      detection(3, {
        category: 'security',
        confidence: 0.85,
        detectionMethod: 'framework',
        patternId: 'api/route',
        cweIds: '564',
      }),
      detection(4, {
        category: 'api',
        confidence: 0.55,
        detectionMethod: 'ast',
        patternId: 'authz/role',
        cweIds: '22',
      }),
    ];
    await s.insertDetections(rows);
    const patterns = (list: readonly DetectionRow[]) => list.map((r) => r.patternId);

    expect(patterns(await s.getDetectionsByCategory('security'))).toEqual([
      'sql/raw',
      'api/route',
      'auth/jwt',
    ]);
    expect(patterns(await s.getDetectionsByCategory('missing'))).toEqual([]);
    expect(patterns(await s.queryAllDetections(3))).toEqual(['sql/raw', 'api/route', 'auth/session']);
    expect(await s.queryAllDetections(100)).toHaveLength(5);
    expect(patterns(await s.getDetectionsByMethod('ast'))).toEqual([
      'auth/session',
      'auth/jwt',
      'authz/role',
    ]);
    expect(patterns(await s.getDetectionsByMethod('llm'))).toEqual([]);
    expect(patterns(await s.getDetectionsByPatternPrefix('auth/'))).toEqual(['auth/session', 'auth/jwt']);
    expect(patterns(await s.getDetectionsByPatternPrefix('auth'))).toEqual([
      'auth/session',
      'auth/jwt',
      'authz/role',
    ]);
    expect(patterns(await s.getDetectionsByPatternPrefix('zzz'))).toEqual([]);
    expect(patterns(await s.getDetectionsByCwe(564))).toEqual(['api/route', 'auth/jwt']);
    expect(patterns(await s.getDetectionsByCwe(79))).toEqual(['sql/raw']);
    expect(patterns(await s.getDetectionsByCwe(1))).toEqual([]);
    const full = await s.getDetectionsByCategory('errors');
    expectSame(api, omitAll(full, 'id', 'createdAt'), omitAll([rows[2]!], 'id', 'createdAt'));
  });

  // Rows that tie on the order key come as the reference's SQL leaves them: it has no tie-break, and
  // the order is SQLite's plan on the reference's indexes (drift-storage/src/migrations). Run on its
  // schema: a search of an index followed by a sort keeps ties in insertion order; the queries that
  // scan idx_detections_confidence backwards (queries/detections.rs query_all_detections,
  // get_detections_by_method, _by_pattern_prefix, _by_cwe) answer ties newest first.
  test('detections that tie on line or confidence come in the order the reference answers them', async (s) => {
    const same = { file: 'src/tie.ts', line: 3, confidence: 0.5, category: 'security', cweIds: '89' };
    await s.insertDetections([
      detection(1, { ...same, patternId: 'p/one', detectionMethod: 'ast' }),
      detection(2, { ...same, patternId: 'p/two', detectionMethod: 'ast' }),
      detection(3, { ...same, patternId: 'p/three', detectionMethod: 'regex' }),
      detection(4, { ...same, patternId: 'p/top', line: 1, confidence: 0.9, detectionMethod: 'ast' }),
    ]);
    const patterns = (list: readonly DetectionRow[]) => list.map((r) => r.patternId);
    // get_detections_by_file: ORDER BY line (idx_detections_file, then a sort)
    expect(patterns(await s.getDetectionsByFile('src/tie.ts'))).toEqual([
      'p/top',
      'p/one',
      'p/two',
      'p/three',
    ]);
    // get_detections_by_category: ORDER BY confidence DESC (idx_detections_category, then a sort)
    expect(patterns(await s.getDetectionsByCategory('security'))).toEqual([
      'p/top',
      'p/one',
      'p/two',
      'p/three',
    ]);
    // backward scans of idx_detections_confidence
    expect(patterns(await s.queryAllDetections(10))).toEqual(['p/top', 'p/three', 'p/two', 'p/one']);
    expect(patterns(await s.queryAllDetections(2))).toEqual(['p/top', 'p/three']);
    expect(patterns(await s.getDetectionsByMethod('ast'))).toEqual(['p/top', 'p/two', 'p/one']);
    expect(patterns(await s.getDetectionsByPatternPrefix('p/'))).toEqual([
      'p/top',
      'p/three',
      'p/two',
      'p/one',
    ]);
    expect(patterns(await s.getDetectionsByCwe(89))).toEqual(['p/top', 'p/three', 'p/two', 'p/one']);
  });

  test('functions, outliers, conventions, confidences and sensitive boundaries that tie keep the reference order', async (s) => {
    // queries/functions.rs get_functions_by_file: ORDER BY line (idx_functions_file, then a sort)
    await insertFunctions(s, [
      fn('f.ts', 'zeta', 5),
      fn('f.ts', 'alpha', 5),
      fn('f.ts', 'mid', 5),
      fn('f.ts', 'first', 1),
    ]);
    expect((await s.getFunctionsByFile('f.ts')).map((r) => r.name)).toEqual([
      'first',
      'zeta',
      'alpha',
      'mid',
    ]);
    // queries/patterns.rs: outliers ORDER BY deviation_score DESC, conventions ORDER BY
    // dominance_ratio DESC, confidences ORDER BY posterior_mean DESC; a sort keeps insertion order
    for (const file of ['f.ts', 'e.ts', 'd.ts']) await s.insertOutlier(outlier('p', 2, { file }));
    expect((await s.queryOutliersByPattern('p')).map((r) => r.file)).toEqual(['f.ts', 'e.ts', 'd.ts']);
    await s.insertConvention(convention('c/3', 'naming', 0.5, null));
    await s.insertConvention(convention('c/1', 'naming', 0.5, null));
    await s.insertConvention(convention('c/2', 'other', 0.5, null));
    expect((await s.queryConventionsByCategory('naming')).map((r) => r.patternId)).toEqual(['c/3', 'c/1']);
    expect((await s.queryAllConventions()).map((r) => r.patternId)).toEqual(['c/3', 'c/1', 'c/2']);
    for (const [id, mean] of [
      ['z', 0.5],
      ['a', 0.5],
      ['m', 0.5],
      ['b', 0.9],
    ] as const) {
      await s.upsertConfidence(confidence(id, 'Emerging', mean));
    }
    expect((await s.queryAllConfidence()).map((r) => r.patternId)).toEqual(['b', 'z', 'a', 'm']);
    // queries/boundaries.rs get_sensitive_boundaries: ORDER BY confidence DESC; SQLite reads the
    // partial index idx_boundaries_sensitivity, so equal confidences come in sensitivity order
    await s.insertBoundaries([
      boundary(1, { sensitivity: 'z', confidence: 0.5 }),
      boundary(2, { sensitivity: 'a', confidence: 0.5 }),
      boundary(4, { sensitivity: 'm', confidence: 0.5 }),
      boundary(3, { sensitivity: null, confidence: 0.5 }),
    ]);
    expect((await s.getSensitiveBoundaries()).map((r) => r.modelName)).toEqual([
      'Model2',
      'Model4',
      'Model1',
    ]);
  });

  test('getFrameworkDetectionSummary groups counts and mean confidence by detection method', async (s) => {
    await s.insertDetections([
      detection(0, { detectionMethod: 'ast', confidence: 0.5 }),
      detection(1, { detectionMethod: 'ast', confidence: 0.7 }),
      detection(2, { detectionMethod: 'ast', confidence: 0.9 }),
      detection(3, { detectionMethod: 'framework', confidence: 0.25 }),
    ]);
    const summary = sortBy(await s.getFrameworkDetectionSummary(), (r) => r.detectionMethod);
    expect(summary.map((r) => [r.detectionMethod, r.count])).toEqual([
      ['ast', 3],
      ['framework', 1],
    ]);
    expect(summary[0]!.avgConfidence).toBeCloseTo(0.7, 10);
    expect(summary[1]!.avgConfidence).toBeCloseTo(0.25, 10);
  });

  test('deleteDetectionsByFile removes one file and answers how many', async (s) => {
    await s.insertDetections([detection(0), detection(3), detection(1)]); // files 0, 0, 1
    expect(await s.deleteDetectionsByFile('src/file0.ts')).toBe(2);
    expect(await s.getDetectionsByFile('src/file0.ts')).toEqual([]);
    expect(await s.getDetectionsByFile('src/file1.ts')).toHaveLength(1);
    expect(await s.countDetections()).toBe(1);
  });

  // ── pattern confidence, outliers, conventions ──

  test('upsertConfidence round-trips every field and replaces by pattern id', async (s) => {
    const before = nowSeconds();
    const row = {
      ...confidence(`unicode/${UNICODE}`, 'Established', 0.8125),
      alpha: BIG,
      momentum: 'Stable',
    };
    await s.upsertConfidence(row);
    let all = await s.queryAllConfidence();
    expect(all).toHaveLength(1);
    expectSame(api, omit(all[0]!, 'lastUpdated'), omit(row, 'lastUpdated'));
    expectStamp(api, all[0]!.lastUpdated, before, nowSeconds(), 'lastUpdated');

    const replaced = { ...row, posteriorMean: 0.25, tier: 'Emerging', momentum: 'Falling', beta: 0.5 };
    await s.upsertConfidence(replaced);
    all = await s.queryAllConfidence();
    expect(all).toHaveLength(1);
    expectSame(api, omit(all[0]!, 'lastUpdated'), omit(replaced, 'lastUpdated'));
  });

  test('queryAllConfidence orders by posterior mean, highest first', async (s) => {
    for (const [id, mean] of [
      ['b', 0.4],
      ['a', 0.9],
      ['c', 0.65],
    ] as const) {
      await s.upsertConfidence(confidence(id, 'Established', mean));
    }
    expect((await s.queryAllConfidence()).map((r) => r.patternId)).toEqual(['a', 'c', 'b']);
  });

  test('queryConfidenceByTier filters a tier, orders by pattern id, starts after afterId, honours limit', async (s) => {
    const ids = ['p-05', 'p-01', 'p-04', 'p-02', 'p-03'];
    for (const id of ids) await s.upsertConfidence(confidence(id, 'Established', 0.5));
    await s.upsertConfidence(confidence('p-00', 'Emerging', 0.99));
    await s.upsertConfidence(confidence('p-025', 'Tentative', 0.1));
    const page = async (after: string | null, limit: number) =>
      (await s.queryConfidenceByTier('Established', after, limit)).map((r) => r.patternId);
    expect(await page(null, 10)).toEqual(['p-01', 'p-02', 'p-03', 'p-04', 'p-05']);
    expect(await page(null, 2)).toEqual(['p-01', 'p-02']);
    expect(await page('p-02', 2)).toEqual(['p-03', 'p-04']);
    expect(await page('p-025', 10)).toEqual(['p-03', 'p-04', 'p-05']); // afterId need not exist
    expect(await page('p-05', 10)).toEqual([]);
    expect((await s.queryConfidenceByTier('Emerging', null, 10)).map((r) => r.patternId)).toEqual(['p-00']);
    const full = await s.queryConfidenceByTier('Established', 'p-03', 1);
    expectSame(
      api,
      omit(full[0]!, 'lastUpdated'),
      omit(confidence('p-04', 'Established', 0.5), 'lastUpdated'),
    );
  });

  test('outliers: store-assigned id and createdAt, filtered by pattern, largest deviation first', async (s) => {
    const before = nowSeconds();
    const rows = [
      outlier('naming/camel', 2.5),
      outlier('naming/camel', 9.75, { significance: UNICODE, method: 'grubbs' }),
      outlier('naming/camel', 4, { file: 'a.ts', line: 1 }),
      outlier('naming/snake', 100),
    ];
    for (const row of rows) await s.insertOutlier(row);
    const stored = await s.queryOutliersByPattern('naming/camel');
    expectSame(
      api,
      omitAll(stored, 'id', 'createdAt'),
      omitAll([rows[1]!, rows[2]!, rows[0]!], 'id', 'createdAt'),
    );
    expectDistinctRowIds(
      api,
      stored.map((r) => r.id),
    );
    for (const row of stored) expectStamp(api, row.createdAt, before, nowSeconds(), 'outlier createdAt');
    expect(await s.queryOutliersByPattern('naming/kebab')).toEqual([]);
  });

  test('conventions: round-trip, filter by category, most dominant first', async (s) => {
    const rows = [
      convention('c/1', 'naming', 0.7, null),
      convention('c/2', 'naming', 0.95, BIG),
      convention('c/3', 'structure', 0.8, 5),
      convention(`c/${UNICODE}`, 'naming', 0.75, null),
    ];
    for (const row of rows) await s.insertConvention(row);
    const naming = await s.queryConventionsByCategory('naming');
    expectSame(api, omitAll(naming, 'id'), omitAll([rows[1]!, rows[3]!, rows[0]!], 'id'));
    const all = await s.queryAllConventions();
    expect(all.map((r) => r.patternId)).toEqual(['c/2', 'c/3', `c/${UNICODE}`, 'c/1']);
    expectDistinctRowIds(
      api,
      all.map((r) => r.id),
    );
    expect(await s.queryConventionsByCategory('errors')).toEqual([]);
  });

  // ── boundaries ──

  test('boundaries: insertBoundaries answers the count; reads filter by file and framework', async (s) => {
    const before = nowSeconds();
    const rows = [0, 1, 2, 3, 4].map((i) => boundary(i));
    rows.push(boundary(5, { modelName: UNICODE, tableName: null, confidence: 0.123 }));
    expect(await s.insertBoundaries(rows)).toBe(6);
    const byFile = sortBy(await s.getBoundariesByFile('models/0.py'), (r) => r.modelName);
    expectSame(
      api,
      omitAll(byFile, 'id', 'createdAt'),
      omitAll(
        sortBy(
          rows.filter((r) => r.file === 'models/0.py'),
          (r) => r.modelName,
        ),
        'id',
        'createdAt',
      ),
    );
    for (const row of byFile) expectStamp(api, row.createdAt, before, nowSeconds(), 'boundary createdAt');
    const prisma = await s.getBoundariesByFramework('prisma');
    expect(sortBy(prisma, (r) => r.modelName).map((r) => r.modelName)).toEqual([
      'Model0',
      'Model2',
      'Model4',
    ]);
    expectDistinctRowIds(
      api,
      [...byFile, ...(await s.getBoundariesByFile('models/1.py'))].map((r) => r.id),
    );
    expect(await s.countBoundaries()).toBe(6);
    expect(await s.getBoundariesByFramework('django')).toEqual([]);
  });

  test('getSensitiveBoundaries answers only labelled boundaries, highest confidence first', async (s) => {
    await s.insertBoundaries([0, 1, 2, 3, 4, 5].map((i) => boundary(i)));
    // sensitivity is null for i % 3 === 0 (0 and 3); confidence grows with i
    expect((await s.getSensitiveBoundaries()).map((r) => r.modelName)).toEqual([
      'Model5',
      'Model4',
      'Model2',
      'Model1',
    ]);
  });

  test('deleteBoundariesByFile removes one file and answers how many', async (s) => {
    await s.insertBoundaries([0, 1, 2].map((i) => boundary(i)));
    expect(await s.deleteBoundariesByFile('models/0.py')).toBe(2);
    expect(await s.getBoundariesByFile('models/0.py')).toEqual([]);
    expect(await s.countBoundaries()).toBe(1);
  });

  // ── call edges ──

  test('call edges: round-trip, filter by caller and callee, replace on caller+callee+line', async (s) => {
    const rows = [
      edge(1, 2, 10),
      edge(1, 3, 11, 'fuzzy'),
      edge(2, 3, BIG, 'unresolved'),
      edge(BIG, 1, 5, 'same_file'),
    ];
    expect(await s.insertCallEdges(rows)).toBe(4);
    const key = (r: CallEdgeRow) => [r.callerId, r.calleeId, r.callSiteLine];
    expectSame(api, sortBy(await s.getEdgesByCaller(1), key), [rows[0], rows[1]]);
    expectSame(api, sortBy(await s.getEdgesByCallee(3), key), [rows[1], rows[2]]);
    expectSame(api, await s.getEdgesByCaller(BIG), [rows[3]]);
    expect(await s.getEdgesByCaller(99)).toEqual([]);
    expect(await s.countCallEdges()).toBe(4);
    expect(await s.countResolvedEdges()).toBe(2);

    const replaced = { ...rows[0]!, resolution: 'method', confidence: 0.5 };
    expect(await s.insertCallEdges([replaced])).toBe(1);
    expect(await s.countCallEdges()).toBe(4);
    expectSame(api, sortBy(await s.getEdgesByCaller(1), key), [replaced, rows[1]]);
  });

  test('deleteEdgesByFile removes every edge touching a function of the file', async (s) => {
    const stored = await insertFunctions(s, [
      fn('x.ts', 'a', 1),
      fn('x.ts', 'b', 2),
      fn('y.ts', 'c', 1),
      fn('y.ts', 'd', 2),
    ]);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => byName(stored, n).id) as [
      number,
      number,
      number,
      number,
    ];
    await s.insertCallEdges([edge(a, c, 1), edge(c, b, 2), edge(c, d, 3), edge(d, c, 4)]);
    expect(await s.deleteEdgesByFile('x.ts')).toBe(2);
    expect(await s.countCallEdges()).toBe(2);
    expect(await s.getEdgesByCaller(a)).toEqual([]);
    expect(await s.getEdgesByCallee(b)).toEqual([]);
    expect((await s.getEdgesByCaller(c)).map((r) => r.calleeId)).toEqual([d]);
  });

  // ── scan history ──

  test('scan history: insertScanStart records a running scan, updateScanComplete its outcome', async (s) => {
    const id = await s.insertScanStart(BIG, `/home/${UNICODE}/repo`);
    expectRowId(api, id);
    expectSame(api, await s.queryRecentScans(10), [
      {
        id,
        startedAt: BIG,
        completedAt: null,
        rootPath: `/home/${UNICODE}/repo`,
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
    await s.updateScanComplete(id, BIG + 60, BIG, 1, 2, 3, 4, 60_000, 'completed', null);
    expectSame(api, await s.queryRecentScans(10), [
      {
        id,
        startedAt: BIG,
        completedAt: BIG + 60,
        rootPath: `/home/${UNICODE}/repo`,
        totalFiles: BIG,
        addedFiles: 1,
        modifiedFiles: 2,
        removedFiles: 3,
        unchangedFiles: 4,
        durationMs: 60_000,
        status: 'completed',
        error: null,
      },
    ]);
    const failed = await s.insertScanStart(5, '/tmp');
    await s.updateScanComplete(failed, 6, 0, 0, 0, 0, 0, 1, 'failed', UNICODE);
    const recent = await s.queryRecentScans(10);
    expect(recent[1]!.status).toBe('failed');
    expect(recent[1]!.error).toBe(UNICODE);
    expect(await s.countScans()).toBe(2);
  });

  test('queryRecentScans answers the most recent starts first and honours limit', async (s) => {
    const ids: Record<number, number> = {};
    for (const startedAt of [100, 300, 200, 50])
      ids[startedAt] = await s.insertScanStart(startedAt, `/r${startedAt}`);
    expectDistinctRowIds(api, Object.values(ids));
    expect((await s.queryRecentScans(10)).map((r) => r.startedAt)).toEqual([300, 200, 100, 50]);
    expect((await s.queryRecentScans(2)).map((r) => r.id)).toEqual([ids[300], ids[200]]);
    expect(await s.countScans()).toBe(4);
  });

  analysisValueTests(ctx);
}
