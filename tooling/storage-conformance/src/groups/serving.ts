import {
  type Async,
  batchCommand,
  DEFAULT_RETENTION_POLICY,
  DRIFT_SERVING_METHODS,
  type DriftStorage,
  type ExportedRow,
  type IDriftServing,
  type PatternStatusRow,
} from '@drift/storage-traits';
import { fileMetadata } from '@drift/storage-traits/testing';
import {
  BIG,
  blob,
  expectMethods,
  expectSame,
  expectStamp,
  expectStorageError,
  type GroupContext,
  nowSeconds,
  omit,
  sendAndFlush,
  U32_MAX,
  UNICODE,
} from '../support.js';
import { boundary, confidence, detection, outlier } from './analysis.js';
import { alert, bareViolation, violation } from './enforcement.js';
import { storedFileMetadata } from './files.js';
import { contract, crypto, errorGap, impact, taintFlow, testQuality, wrapper } from './structural.js';

/** A pattern status row; `approvedBy` null means nobody decided yet. */
function patternStatus(
  patternId: string,
  status: string,
  approvedBy: string | null,
  updatedAt: number,
  extra: Partial<PatternStatusRow> = {},
): PatternStatusRow {
  return {
    patternId,
    status,
    approvedBy,
    approvedAt: approvedBy === null ? null : updatedAt - 5,
    confidenceAtApproval: approvedBy === null ? null : 0.875,
    reason: approvedBy === null ? null : `decided by ${approvedBy} — ${UNICODE}`,
    updatedAt,
    ...extra,
  };
}

/** Reads every row of `table` through `readTableRows`, `pageSize` at a time; answers the pages. */
async function readAllPages(
  serving: Async<IDriftServing>,
  table: string,
  pageSize: number,
  afterCursor = 0,
): Promise<ExportedRow[][]> {
  const pages: ExportedRow[][] = [];
  let cursor = afterCursor;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await serving.readTableRows(table, cursor, pageSize);
    if (page.length === 0) return pages;
    pages.push(page);
    cursor = page[page.length - 1]!._rowid as number;
  }
  throw new Error(`readTableRows(${table}) never ran out of rows`);
}

const KEPT_FILE = 'src/kept.ts';
const GONE_FILE = 'src/gone.ts';

/** The file_metadata row of `KEPT_FILE`. */
const KEPT_METADATA = fileMetadata({
  path: KEPT_FILE,
  contentHash: blob(1, 8),
  mtimeSecs: 1,
  lastScannedAt: 1,
});

/** Tracks `KEPT_FILE` in file_metadata (so only rows of `GONE_FILE` are orphans). */
async function trackKeptFile(s: Async<DriftStorage>): Promise<void> {
  await sendAndFlush(s, batchCommand('UpsertFileMetadata', [KEPT_METADATA]));
}

/**
 * The `serving` group: every {@link IDriftServing} method through the subject's `serving` view, with
 * data seeded through the store's own methods. Backdated rows (alerts older than a day, findings past
 * a retention tier) cannot be written through the seam; backends test those cases themselves.
 */
export function servingGroup(ctx: GroupContext): void {
  const { api, testServing } = ctx;
  const { expect } = api;

  testServing('exposes every IDriftServing method', async (serving) => {
    expectMethods(api, serving, DRIFT_SERVING_METHODS);
  });

  testServing(
    'answers the empty state of every read, and a retention run that removes nothing',
    async (v) => {
      expect(await v.getPatternStatus('p')).toBeNull();
      expect(await v.queryPatternStatuses(null)).toEqual([]);
      expect(await v.queryPatternStatuses('approved')).toEqual([]);
      expect(await v.countPatternsByStatus()).toEqual([]);
      expect(await v.queryPatternsForAudit()).toEqual([]);
      expect(await v.getViolation('v-1')).toBeNull();
      expect(await v.queryTaintFlows(10, false)).toEqual([]);
      expect(await v.queryTaintFlows(10, true)).toEqual([]);
      expect(await v.queryErrorGaps(10)).toEqual([]);
      expect(await v.queryImpactScores(10)).toEqual([]);
      expect(await v.queryAllTestQuality()).toEqual([]);
      expect(await v.queryAllWrappers()).toEqual([]);
      expect(await v.queryAllCryptoFindings()).toEqual([]);
      expect(await v.queryAllContracts()).toEqual([]);
      expect(await v.queryBoundaryFrameworks()).toEqual([]);
      expect(await v.readTableRows('violations', 0, 10)).toEqual([]);
      expect(await v.maxRowCursor()).toBe(0);
      expect(await v.clearRecoveredAlerts()).toBe(0);
      const result = await v.runRetention(DEFAULT_RETENTION_POLICY);
      expect(omit(result, 'durationMs')).toEqual({ totalDeleted: 0, perTable: [] });
      expect(Number.isFinite(result.durationMs) && result.durationMs >= 0).toBe(true);
    },
  );

  testServing(
    'pattern status: upsert and read back; an automatic decision never overrides a person',
    async (v) => {
      const user = patternStatus('p-user', 'approved', 'user', 100);
      await v.upsertPatternStatus(user);
      expect(await v.getPatternStatus('p-user')).toEqual(user);

      // auto over a person's decision: everything kept but updatedAt
      await v.upsertPatternStatus(patternStatus('p-user', 'ignored', 'auto', 200, { reason: 'auto rule' }));
      expect(await v.getPatternStatus('p-user')).toEqual({ ...user, updatedAt: 200 });

      // a person over a person: replaced
      const lead = patternStatus('p-user', 'ignored', 'lead', 300);
      await v.upsertPatternStatus(lead);
      expect(await v.getPatternStatus('p-user')).toEqual(lead);

      // auto over auto, and auto over a row nobody decided: replaced
      const auto1 = patternStatus('p-auto', 'approved', 'auto', 100);
      const auto2 = patternStatus('p-auto', 'ignored', 'auto', 150, { confidenceAtApproval: 0.25 });
      await v.upsertPatternStatus(auto1);
      await v.upsertPatternStatus(auto2);
      expect(await v.getPatternStatus('p-auto')).toEqual(auto2);
      await v.upsertPatternStatus(patternStatus('p-new', 'discovered', null, 100));
      const autoNew = patternStatus('p-new', 'approved', 'auto', 120);
      await v.upsertPatternStatus(autoNew);
      expect(await v.getPatternStatus('p-new')).toEqual(autoNew);

      // a person over auto: replaced
      const userOverAuto = patternStatus('p-auto', 'discovered', 'user', 400, { reason: null });
      await v.upsertPatternStatus(userOverAuto);
      expect(await v.getPatternStatus('p-auto')).toEqual(userOverAuto);

      // a status outside discovered/approved/ignored is refused and changes nothing
      const refused = await expectStorageError(
        api,
        v.upsertPatternStatus(patternStatus('p-user', 'rejected', 'user', 999)),
        'INVALID_INPUT',
      );
      expect(String((refused as Error).message)).toMatch(/discovered.*approved.*ignored/);
      await expectStorageError(
        api,
        v.upsertPatternStatus(patternStatus('p-other', 'APPROVED', 'user', 999)),
        'INVALID_INPUT',
      );
      expect(await v.getPatternStatus('p-user')).toEqual(lead);
      expect(await v.getPatternStatus('p-other')).toBeNull();
      expect(await v.getPatternStatus('p-missing')).toBeNull();
    },
  );

  testServing(
    'pattern statuses: newest first (ties as the reference leaves them), filtered by status; counts by status',
    async (v) => {
      const rows = [
        patternStatus('p-b', 'approved', 'user', 300),
        patternStatus('p-a', 'approved', 'auto', 300),
        patternStatus('p-c', 'ignored', 'user', 500),
        patternStatus('p-d', 'discovered', null, 100),
        patternStatus('p-e', 'approved', 'user', BIG),
      ];
      for (const row of rows) await v.upsertPatternStatus(row);
      const [b, a, c, d, e] = rows;
      // queries/enforcement.rs query_all_pattern_statuses: ORDER BY updated_at DESC, no tie-break.
      // Unfiltered, SQLite scans idx_pattern_status_updated backwards: the tie at 300 comes newest
      // insert first (a, b). Filtered by status it searches idx_pattern_status_status and sorts:
      // insertion order (b, a). (This test expected pattern-id order for both before.)
      expect(await v.queryPatternStatuses(null)).toEqual([e, c, a, b, d]);
      expect(await v.queryPatternStatuses('approved')).toEqual([e, b, a]);
      expect(await v.queryPatternStatuses('ignored')).toEqual([c]);
      expect(await v.queryPatternStatuses('unknown')).toEqual([]);
      expect(await v.countPatternsByStatus()).toEqual([
        { status: 'approved', count: 3 },
        { status: 'discovered', count: 1 },
        { status: 'ignored', count: 1 },
      ]);
    },
  );

  testServing(
    'audit: confidence joined with category, detection and outlier counts, status and error issues',
    async (v, s) => {
      await s.upsertConfidence(confidence('p-a', 'Established', 0.9));
      await s.upsertConfidence(confidence('p-b', 'Emerging', 0.5));
      await s.upsertConfidence(confidence('p-c', 'Emerging', 0.5));
      await s.upsertConfidence(confidence('p-d', 'Tentative', 0.125));
      await s.insertDetections([
        detection(1, { patternId: 'p-a', category: 'security' }),
        detection(2, { patternId: 'p-a', category: 'style' }),
        detection(3, { patternId: 'p-a', category: 'security' }),
        detection(4, { patternId: 'p-a', category: 'security' }),
        detection(5, { patternId: 'p-c', category: 'naming' }),
        detection(6, { patternId: 'p-c', category: 'errors' }),
        detection(7, { patternId: 'p-c', category: 'errors' }),
        detection(8, { patternId: 'p-orphan', category: 'security' }),
      ]);
      await s.insertOutlier(outlier('p-a', 2.5));
      await s.insertOutlier(outlier('p-a', 3.5));
      await s.insertOutlier(outlier('p-b', 1.5));
      await v.upsertPatternStatus(patternStatus('p-a', 'approved', 'user', 100));
      await v.upsertPatternStatus(patternStatus('p-d', 'ignored', 'user', 100));
      await s.insertViolation(
        violation('v-1', 'a.ts', 1, { patternId: 'p-a', severity: 'error', suppressed: true }),
      );
      await s.insertViolation(violation('v-2', 'a.ts', 2, { patternId: 'p-a', severity: 'warning' }));
      await s.insertViolation(violation('v-3', 'a.ts', 3, { patternId: 'p-b', severity: 'critical' }));
      await s.insertViolation(violation('v-4', 'a.ts', 4, { patternId: 'p-c', severity: 'error' }));
      await s.insertViolation(violation('v-5', 'a.ts', 5, { patternId: 'p-d', severity: 'info' }));
      await s.insertViolation(
        violation('v-6', 'a.ts', 6, { patternId: 'p-d', severity: 'critical', suppressed: true }),
      );

      expect(await v.queryPatternsForAudit()).toEqual([
        {
          patternId: 'p-a',
          category: 'security',
          confidence: 0.9,
          locationCount: 4,
          outlierCount: 2,
          status: 'approved',
          hasErrorIssues: false,
        },
        {
          patternId: 'p-b',
          category: 'unknown',
          confidence: 0.5,
          locationCount: 0,
          outlierCount: 1,
          status: 'discovered',
          hasErrorIssues: true,
        },
        {
          patternId: 'p-c',
          category: 'errors',
          confidence: 0.5,
          locationCount: 3,
          outlierCount: 0,
          status: 'discovered',
          hasErrorIssues: true,
        },
        {
          patternId: 'p-d',
          category: 'unknown',
          confidence: 0.125,
          locationCount: 0,
          outlierCount: 0,
          status: 'ignored',
          hasErrorIssues: false,
        },
      ]);
    },
  );

  testServing('clearRecoveredAlerts keeps alerts younger than 24 hours', async (v, s) => {
    await s.insertDegradationAlert(alert('confidence_drop', 'fresh'));
    await s.insertDegradationAlert(alert('gate_failure', 'also fresh'));
    expect(await v.clearRecoveredAlerts()).toBe(0);
    expect((await s.queryRecentDegradationAlerts(10)).map((a) => a.message).sort()).toEqual([
      'also fresh',
      'fresh',
    ]);
  });

  testServing(
    'clearFindings empties the given finding tables only, counting per table in the order given',
    async (v, s) => {
      await trackKeptFile(s);
      await s.insertViolation(violation('v-1', 'a.ts', 1));
      await s.insertViolation(violation('v-2', 'a.ts', 2));
      await s.insertDetections([detection(1), detection(2), detection(3)]);
      const flow = await s.insertTaintFlow(taintFlow('a.ts', 'b.ts', false, 89));
      await s.insertDegradationAlert(alert('confidence_drop', 'history'));
      const status = patternStatus('p-1', 'approved', 'user', 100);
      await v.upsertPatternStatus(status);

      expect(await v.clearFindings(['violations', 'detections', 'error_gaps'])).toEqual([
        { table: 'violations', deleted: 2 },
        { table: 'detections', deleted: 3 },
        { table: 'error_gaps', deleted: 0 },
      ]);
      expect(await s.queryAllViolations()).toEqual([]);
      expect(await s.countDetections()).toBe(0);
      expect((await v.queryTaintFlows(10, false)).map((f) => f.id)).toEqual([flow]);
      expect(await v.getPatternStatus('p-1')).toEqual(status);
      expect(await s.queryRecentDegradationAlerts(10)).toHaveLength(1);
      expect(await s.countFiles()).toBe(1);
      expect(await v.clearFindings([])).toEqual([]);

      // History, file metadata and unknown names are refused, and nothing of the call is deleted.
      await s.insertViolation(violation('v-3', 'a.ts', 3));
      for (const tables of [
        ['violations', 'pattern_status'],
        ['taint_flows', 'file_metadata'],
        ['violations', 'degradation_alerts'],
        ['violations; DROP TABLE taint_flows'],
        ['sqlite_master'],
      ]) {
        const error = await expectStorageError(api, v.clearFindings(tables), 'INVALID_INPUT');
        expect(String((error as Error).message), tables.join()).toMatch(/not (a )?finding table/);
      }
      expect((await s.queryAllViolations()).map((r) => r.id)).toEqual(['v-3']);
      expect((await v.queryTaintFlows(10, false)).map((f) => f.id)).toEqual([flow]);
      expect(await v.getPatternStatus('p-1')).toEqual(status);
      expect(await s.countFiles()).toBe(1);
    },
  );

  testServing('getViolation answers a violation by id with every field, or null', async (v, s) => {
    const full = violation(`v-${UNICODE}`, 'a.ts', U32_MAX - 2, { column: U32_MAX, severity: 'error' });
    const bare = bareViolation('v-bare', 'b.ts', 3);
    await s.insertViolation(full);
    await s.insertViolation(bare);
    expectSame(api, await v.getViolation(full.id), full);
    expectSame(api, await v.getViolation('v-bare'), bare);
    expect(await v.getViolation('v-404')).toBeNull();
    expect(await v.getViolation('')).toBeNull();
  });

  testServing(
    'taint flows: highest confidence first (ties in insertion order), limited, unsanitized only when asked',
    async (v, s) => {
      const rows = [
        { ...taintFlow('a.ts', 'db.ts', false, 89), confidence: 0.5 },
        { ...taintFlow('b.ts', 'db.ts', true, 89), confidence: 0.95 },
        { ...taintFlow('c.ts', 'db.ts', false, null), confidence: 0.95 },
        { ...taintFlow('d.ts', 'db.ts', true, 79), confidence: 0.25 },
        { ...taintFlow('e.ts', 'db.ts', false, 79), confidence: 0.75 },
      ];
      const ids: number[] = [];
      for (const row of rows) ids.push(await s.insertTaintFlow(row));
      const stored = rows.map((row, i) => ({ ...row, id: ids[i]! }));
      const [a, b, c, d, e] = stored;
      // drift-napi bindings/graph.rs drift_taint_analysis: ORDER BY confidence DESC LIMIT, no index
      // on confidence: a table scan and a sort, which keeps the 0.95 tie in insertion order.
      expectSame(api, await v.queryTaintFlows(10, false), [b, c, e, a, d]);
      expectSame(api, await v.queryTaintFlows(3, false), [b, c, e]);
      expectSame(api, await v.queryTaintFlows(10, true), [c, e, a]);
      expectSame(api, await v.queryTaintFlows(1, true), [c]);
      expect(await v.queryTaintFlows(0, false)).toEqual([]);
    },
  );

  testServing(
    'error gaps by severity (descending, as text); impact scores highest risk first; ties as the reference leaves them',
    async (v, s) => {
      const gaps = [
        { ...errorGap('a.ts', 'fn-a', 'Error'), severity: 'high' },
        { ...errorGap('b.ts', 'fn-b', null), severity: 'critical' },
        { ...errorGap('c.ts', 'fn-c', 'TypeError'), severity: 'medium' },
        { ...errorGap('d.ts', 'fn-d', null), severity: 'low' },
        { ...errorGap('e.ts', 'fn-e', 'Error'), severity: 'medium' },
      ];
      const gapIds: number[] = [];
      for (const gap of gaps) gapIds.push(await s.insertErrorGap(gap));
      const storedGaps = gaps.map((gap, i) => ({ ...gap, id: gapIds[i]! }));
      const [high, critical, medium1, low, medium2] = storedGaps;
      // bindings/graph.rs drift_error_handling: ORDER BY severity DESC LIMIT, no tie-break; SQLite
      // scans idx_error_gaps_severity backwards, so the two 'medium' gaps come newest first (this
      // test expected id order before).
      expectSame(api, await v.queryErrorGaps(10), [medium2, medium1, low, high, critical]);
      expectSame(api, await v.queryErrorGaps(2), [medium2, medium1]);
      expect(await v.queryErrorGaps(0)).toEqual([]);

      const scores = [
        { ...impact('fn-b', false), riskScore: 0.5 },
        { ...impact('fn-a', true), riskScore: 0.5 },
        { ...impact('fn-c', false), riskScore: 0.875 },
        { ...impact('fn-d', true), riskScore: 0.125 },
      ];
      for (const score of scores) await s.upsertImpactScore(score);
      const [fb, fa, fc, fd] = scores;
      // bindings/graph.rs drift_impact_analysis: ORDER BY risk_score DESC LIMIT, no index on it: a
      // scan and a sort, ties in insertion order (fb before fa; function-id order was expected before).
      expectSame(api, await v.queryImpactScores(10), [fc, fb, fa, fd]);
      expectSame(api, await v.queryImpactScores(2), [fc, fb]);
      const raised = { ...scores[3]!, riskScore: 0.99 };
      await s.upsertImpactScore(raised);
      expectSame(api, await v.queryImpactScores(1), [raised]);
    },
  );

  testServing(
    'whole-table listings: test quality, wrappers and crypto findings in insertion order, contracts by id, distinct frameworks',
    async (v, s) => {
      const qualities = [
        testQuality('fn-c', 0.5, false),
        testQuality('fn-a', 0.75, true),
        testQuality('fn-b', 0.25, false),
      ];
      for (const q of qualities) await s.upsertTestQuality(q);
      // bindings/graph.rs drift_test_topology: SELECT ... FROM test_quality with no ORDER BY, a table
      // scan in insertion (rowid) order (function-id order was expected before).
      expectSame(api, await v.queryAllTestQuality(), qualities);

      const wrappers = [
        wrapper(0, 'a.ts', 'state'),
        wrapper(1, 'b.ts', 'effect'),
        wrapper(2, 'a.ts', 'fetch'),
      ];
      const wrapperIds: number[] = [];
      for (const w of wrappers) wrapperIds.push(await s.insertWrapper(w));
      expect([...wrapperIds].sort((x, y) => x - y)).toEqual(wrapperIds);
      expectSame(
        api,
        await v.queryAllWrappers(),
        wrappers.map((w, i) => ({ ...w, id: wrapperIds[i] })),
      );

      const findings = [crypto(0, 'a.ts', 'weak_hash'), crypto(1, 'b.ts', 'weak_cipher')];
      const findingIds: number[] = [];
      for (const f of findings) findingIds.push(await s.insertCryptoFinding(f));
      expectSame(
        api,
        await v.queryAllCryptoFindings(),
        findings.map((f, i) => ({ ...f, id: findingIds[i] })),
      );

      const contracts = [contract('c-2', 'rest'), contract('c-10', 'graphql'), contract('c-1', 'rest')];
      for (const c of contracts) await s.upsertContract(c);
      expectSame(api, await v.queryAllContracts(), [contracts[2], contracts[1], contracts[0]]);

      await s.insertBoundaries([
        boundary(0, { framework: 'sqlalchemy' }),
        boundary(1, { framework: 'prisma' }),
        boundary(2, { framework: 'sqlalchemy' }),
        boundary(3, { framework: 'django' }),
      ]);
      expect(await v.queryBoundaryFrameworks()).toEqual(['django', 'prisma', 'sqlalchemy']);
    },
  );

  testServing(
    'readTableRows pages a table by cursor; later rows come after the last cursor',
    async (v, s) => {
      const ids = ['v-a', 'v-b', 'v-c', 'v-d', 'v-e'];
      for (const [i, id] of ids.entries()) await s.insertViolation(violation(id, 'a.ts', i + 1));
      const pages = await readAllPages(v, 'violations', 2);
      expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
      const rows = pages.flat();
      expect(rows.map((r) => r.id)).toEqual(ids);
      const cursors = rows.map((r) => r._rowid as number);
      for (const cursor of cursors) expect(Number.isSafeInteger(cursor) && cursor > 0).toBe(true);
      for (let i = 1; i < cursors.length; i++) expect(cursors[i]!).toBeGreaterThan(cursors[i - 1]!);
      const last = cursors[cursors.length - 1]!;
      expect(await v.readTableRows('violations', last, 10)).toEqual([]);
      expect(await v.readTableRows('violations', 0, 0)).toEqual([]);
      expect((await v.readTableRows('violations', cursors[1]!, 10)).map((r) => r.id)).toEqual([
        'v-c',
        'v-d',
        'v-e',
      ]);

      // delta sync: only rows written after the last cursor seen
      await s.insertViolation(violation('v-f', 'b.ts', 1));
      await s.insertViolation(violation('v-g', 'b.ts', 2));
      expect((await v.readTableRows('violations', last, 10)).map((r) => r.id)).toEqual(['v-f', 'v-g']);
    },
  );

  testServing(
    'readTableRows exports every column: integers and reals as numbers, text, null, blobs as lowercase hex',
    async (v, s) => {
      const full = violation(`v-${UNICODE}`, 'a.ts', U32_MAX - 2, { column: U32_MAX, severity: 'error' });
      const bare = bareViolation('v-bare', 'b.ts', 3);
      const from = nowSeconds();
      await s.insertViolation(full);
      await s.insertViolation(bare);
      const [first, second] = await v.readTableRows('violations', 0, 10);
      expect(omit(first!, '_rowid', 'created_at')).toEqual({
        id: full.id,
        file: 'a.ts',
        line: U32_MAX - 2,
        column_num: U32_MAX,
        end_line: full.endLine,
        end_column: 18,
        severity: 'error',
        pattern_id: 'sql/raw-query',
        rule_id: 'rule-1',
        message: full.message,
        quick_fix_strategy: 'wrap_in_helper',
        quick_fix_description: 'Wrap the call in safeQuery()',
        cwe_id: 89,
        owasp_category: 'A03:2021',
        suppressed: 0,
        is_new: 1,
      });
      expectStamp(api, first!.created_at, from, nowSeconds(), 'violations.created_at');
      expect(second).toMatchObject({
        id: 'v-bare',
        column_num: null,
        end_line: null,
        cwe_id: null,
        suppressed: 1,
        is_new: 0,
      });

      const hash = blob(9, 12);
      await s.insertParseCache(hash, 'python', JSON.stringify({ fns: 2 }), BIG);
      const [cached] = await v.readTableRows('parse_cache', 0, 10);
      const hex = Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
      expect(hex).toMatch(/^00[0-9a-f]{20}ff$/);
      expect(omit(cached!, '_rowid')).toEqual({
        content_hash: hex,
        language: 'python',
        parse_result_json: '{"fns":2}',
        created_at: BIG,
      });

      await s.upsertConfidence(confidence('p-real', 'Established', 0.875));
      const [conf] = await v.readTableRows('pattern_confidence', 0, 10);
      expect(conf).toMatchObject({ pattern_id: 'p-real', posterior_mean: 0.875, alpha: 10.5, beta: 2.25 });
    },
  );

  // drift-napi bindings/cloud.rs drift_cloud_read_rows refuses a table name with a character that is
  // neither alphanumeric nor '_' before any SQL runs, and fails on a name that is no table. (This
  // test expected INVALID_INPUT for every table outside the drift schema before; the reference has
  // no such allow-list.)
  testServing(
    'readTableRows refuses invalid table names with INVALID_INPUT and fails on unknown tables',
    async (v, s) => {
      await s.insertViolation(violation('v-1', 'a.ts', 1));
      for (const table of [
        'violations; DROP TABLE violations',
        'violations--',
        ' violations',
        'main.violations',
      ]) {
        const error = await expectStorageError(api, v.readTableRows(table, 0, 10), 'INVALID_INPUT');
        expect(String((error as Error).message), table).toMatch(/invalid table name/);
        expect((error as { field?: string }).field, table).toBe('table');
      }
      for (const table of ['no_such_table', '']) await expectStorageError(api, v.readTableRows(table, 0, 10));
      expect((await v.readTableRows('violations', 0, 10)).map((r) => r.id)).toEqual(['v-1']);
    },
  );

  // The cloud cursor re-exports a row that INSERT OR REPLACE changed (queries/enforcement.rs
  // insert_violation, queries/structural.rs upsert_coupling_metrics, ...: a replaced row is inserted
  // anew, with a cursor past every row the table had).
  testServing(
    'readTableRows hands a replaced row out again after the cursor that had passed it',
    async (v, s) => {
      for (const id of ['v-1', 'v-2', 'v-3']) await s.insertViolation(violation(id, 'a.ts', 1));
      const first = await v.readTableRows('violations', 0, 10);
      const cursor = first.at(-1)!._rowid as number;
      expect(await v.readTableRows('violations', cursor, 10)).toEqual([]);
      for (const id of ['v-3', 'v-1'])
        await s.insertViolation(violation(id, 'a.ts', 2, { message: `changed ${id}` }));
      const delta = await v.readTableRows('violations', cursor, 10);
      expect(delta.map((r) => [r.id, r.line, r.message])).toEqual([
        ['v-3', 2, 'changed v-3'],
        ['v-1', 2, 'changed v-1'],
      ]);
      expect((await s.queryAllViolations()).map((r) => r.id).sort()).toEqual(['v-1', 'v-2', 'v-3']);

      await s.upsertCouplingMetrics({
        module: 'm',
        ce: 1,
        ca: 1,
        instability: 0.5,
        abstractness: 0,
        distance: 0.5,
        zone: 'z',
      });
      const [metric] = await v.readTableRows('coupling_metrics', 0, 10);
      await s.upsertCouplingMetrics({
        module: 'm',
        ce: 2,
        ca: 1,
        instability: 0.5,
        abstractness: 0,
        distance: 0.5,
        zone: 'z',
      });
      expect(
        (await v.readTableRows('coupling_metrics', metric!._rowid as number, 10)).map((r) => r.ce),
      ).toEqual([2]);
      // The trait's pattern-confidence upsert is ON CONFLICT DO UPDATE in the reference
      // (queries/patterns.rs upsert_confidence): the row keeps its cursor.
      await s.upsertConfidence(confidence('p', 'Established', 0.5));
      const [pattern] = await v.readTableRows('pattern_confidence', 0, 10);
      await s.upsertConfidence(confidence('p', 'Established', 0.75));
      expect(await v.readTableRows('pattern_confidence', pattern!._rowid as number, 10)).toEqual([]);
      expect((await v.readTableRows('pattern_confidence', 0, 10)).map((r) => r.posterior_mean)).toEqual([
        0.75,
      ]);
    },
  );

  testServing(
    'maxRowCursor is the highest autoincrement id handed out, growing with inserts',
    async (v, s) => {
      expect(await v.maxRowCursor()).toBe(0);
      const first = await s.insertWrapper(wrapper(1, 'a.ts', 'state'));
      const second = await s.insertWrapper(wrapper(2, 'a.ts', 'state'));
      expect(await v.maxRowCursor()).toBe(Math.max(first, second));
      const flows: number[] = [];
      for (let i = 0; i < 4; i++) flows.push(await s.insertTaintFlow(taintFlow('a.ts', 'b.ts', false, null)));
      const highest = Math.max(first, second, ...flows);
      expect(await v.maxRowCursor()).toBe(highest);
      expect(highest).toBeGreaterThanOrEqual(4);
      await s.insertViolation(violation('v-1', 'a.ts', 1)); // no autoincrement key: the cursor stays
      expect(await v.maxRowCursor()).toBe(highest);
    },
  );

  testServing(
    'runRetention removes the rows of files no longer tracked and reports them per table',
    async (v, s) => {
      await trackKeptFile(s);
      await s.insertDetections([
        detection(1, { file: GONE_FILE }),
        detection(2, { file: KEPT_FILE }),
        detection(3, { file: GONE_FILE }),
      ]);
      await s.insertBoundaries([boundary(1, { file: GONE_FILE }), boundary(2, { file: KEPT_FILE })]);
      await s.insertWrapper(wrapper(1, GONE_FILE, 'state'));
      await s.insertCryptoFinding(crypto(1, GONE_FILE, 'weak_hash'));
      const keptCrypto = await s.insertCryptoFinding(crypto(2, KEPT_FILE, 'weak_hash'));

      // a refused policy deletes nothing
      await expectStorageError(
        api,
        v.runRetention({ ...DEFAULT_RETENTION_POLICY, mediumDays: -1 }),
        'INVALID_INPUT',
      );
      await expectStorageError(
        api,
        v.runRetention({ ...DEFAULT_RETENTION_POLICY, shortDays: 1.5 }),
        'INVALID_INPUT',
      );
      expect(await s.getDetectionsByFile(GONE_FILE)).toHaveLength(2);

      const result = await v.runRetention(DEFAULT_RETENTION_POLICY);
      expect(omit(result, 'durationMs')).toEqual({
        totalDeleted: 5,
        perTable: [
          { table: 'detections (orphan)', deleted: 2 },
          { table: 'boundaries (orphan)', deleted: 1 },
          { table: 'wrappers (orphan)', deleted: 1 },
          { table: 'crypto_findings (orphan)', deleted: 1 },
        ],
      });
      expect(await s.getDetectionsByFile(GONE_FILE)).toEqual([]);
      expect(await s.getDetectionsByFile(KEPT_FILE)).toHaveLength(1);
      expect(await s.getBoundariesByFile(KEPT_FILE)).toHaveLength(1);
      expect(await v.queryAllWrappers()).toEqual([]);
      expect((await v.queryAllCryptoFindings()).map((f) => f.id)).toEqual([keptCrypto]);
      expectSame(api, await s.getFileMetadata(KEPT_FILE), storedFileMetadata(KEPT_METADATA));

      expect(omit(await v.runRetention(DEFAULT_RETENTION_POLICY), 'durationMs')).toEqual({
        totalDeleted: 0,
        perTable: [],
      });
    },
  );

  testServing('refuses malformed arguments with INVALID_INPUT before touching the store', async (v) => {
    await v.upsertPatternStatus(patternStatus('p-1', 'approved', 'user', 100));
    await expectStorageError(api, v.queryTaintFlows(-1, false), 'INVALID_INPUT');
    await expectStorageError(api, v.queryErrorGaps(Number.NaN), 'INVALID_INPUT');
    await expectStorageError(api, v.queryImpactScores(1.5), 'INVALID_INPUT');
    await expectStorageError(api, v.queryTaintFlows(5, 'yes' as unknown as boolean), 'INVALID_INPUT');
    await expectStorageError(api, v.readTableRows('violations', 0, -1), 'INVALID_INPUT');
    await expectStorageError(api, v.readTableRows(42 as unknown as string, 0, 1), 'INVALID_INPUT');
    await expectStorageError(api, v.getPatternStatus(null as unknown as string), 'INVALID_INPUT');
    await expectStorageError(
      api,
      v.upsertPatternStatus({ ...patternStatus('p-1', 'ignored', 'user', 200), updatedAt: Number.NaN }),
      'INVALID_INPUT',
    );
    expect(await v.getPatternStatus('p-1')).toEqual(patternStatus('p-1', 'approved', 'user', 100));
  });
}
