import { join } from 'node:path';
import type { BatchCommandRows, BatchCommandType } from '@drift/storage-traits';
import { isStorageError } from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import { describe, expect, it } from 'vitest';
import { parseCweList, parseRustU32, rustTrim } from '../src/bindings/native.js';
import { type DriftAnalyzer, isTestOrFixtureFile } from '../src/index.js';
import { failureOf, napiFixture, projectFixture } from './helpers/napi-fixture.js';

// Expected values below are read off the reference's Rust bindings (`drift v2/crates/drift/drift-napi/
// src/bindings/*.rs`), its queries (`drift-storage/src/queries/*.rs`) and napi-rs's object conversion
// (`#[napi(object)]`: required fields in declaration order, then the `Option` fields that are `Some`;
// a `None` has no key), as each test says.

/** An initialized runtime over an empty project, and a way to store rows through the batch writer. */
function seeded(analyzer?: DriftAnalyzer) {
  const { root, dbPath } = projectFixture();
  const fixture = napiFixture(analyzer);
  fixture.napi.driftInitialize(dbPath, root);
  const send = <T extends BatchCommandType>(type: T, rows: BatchCommandRows[T][]): void => {
    fixture.engine().sendBatch({ type, rows } as never);
    fixture.engine().flushSync();
  };
  return { ...fixture, root, send };
}

const keys = (value: unknown): string[] => Object.keys(value as object);

async function errorOf(fn: () => unknown): Promise<{ code: string; message: string }> {
  const error = await failureOf(fn);
  expect(isStorageError(error), String(error)).toBe(true);
  return error as { code: string; message: string };
}

describe('driftPatterns (patterns.rs drift_patterns)', () => {
  it('an empty database: no patterns, has_more false, next_cursor null, keys in byte order', () => {
    const { napi } = seeded();
    const result = napi.driftPatterns();
    expect(keys(result)).toEqual(['has_more', 'next_cursor', 'patterns']);
    expect(result).toEqual({ has_more: false, next_cursor: null, patterns: [] });
    napi.driftShutdown();
  });

  it('one entry per detection, most confident first, cut at limit (default 100), status from pattern_status', () => {
    const { napi, send, engine } = seeded();
    send('InsertDetections', [
      sampleRow('InsertDetections', 0, {
        patternId: 'p/low',
        category: 'security',
        confidence: 0.5,
        file: 'a.ts',
        line: 1,
      }),
      sampleRow('InsertDetections', 0, {
        patternId: 'p/high',
        category: 'security',
        confidence: 0.9,
        file: 'b.ts',
        line: 2,
      }),
      sampleRow('InsertDetections', 0, {
        patternId: 'p/mid',
        category: 'api',
        confidence: 0.7,
        file: 'c.ts',
        line: 3,
      }),
    ]);
    engine().upsertPatternStatus({
      patternId: 'p/mid',
      status: 'approved',
      approvedBy: 'user',
      approvedAt: 1,
      confidenceAtApproval: 0.7,
      reason: null,
      updatedAt: 1,
    });
    const all = napi.driftPatterns() as unknown as { patterns: Array<Record<string, unknown>> };
    expect(all.patterns.map((p) => p.pattern_id)).toEqual(['p/high', 'p/mid', 'p/low']);
    expect(keys(all.patterns[0])).toEqual([
      'category',
      'confidence',
      'detection_method',
      'file',
      'line',
      'pattern_id',
      'status',
    ]);
    expect(all.patterns[1]).toEqual({
      category: 'api',
      confidence: 0.7,
      detection_method: sampleRow('InsertDetections', 0).detectionMethod,
      file: 'c.ts',
      line: 3,
      pattern_id: 'p/mid',
      status: 'approved',
    });
    expect(all.patterns[0]!.status).toBe('discovered');
    // query_all_detections(conn, limit): LIMIT limit; afterId is `_after_id`, never read.
    const two = napi.driftPatterns(undefined, 'p/high', 2) as unknown as typeof all & { has_more: boolean };
    expect(two.patterns.map((p) => p.pattern_id)).toEqual(['p/high', 'p/mid']);
    expect(two.has_more).toBe(false);
    expect((napi.driftPatterns(undefined, undefined, 0) as unknown as typeof all).patterns).toEqual([]);
    // With a category: get_detections_by_category, every row of it (the limit is not applied).
    const security = napi.driftPatterns('security', undefined, 1) as unknown as typeof all;
    expect(security.patterns.map((p) => p.pattern_id)).toEqual(['p/high', 'p/low']);
    expect((napi.driftPatterns('') as unknown as typeof all).patterns).toEqual([]);
    napi.driftShutdown();
  });
});

describe('driftConfidence (patterns.rs drift_confidence)', () => {
  function withScores() {
    const fixture = seeded();
    const score = (patternId: string, tier: string, posteriorMean: number) => ({
      ...sampleRow('InsertPatternConfidence', 0),
      patternId,
      tier,
      posteriorMean,
      alpha: 2,
      beta: 1,
      credibleIntervalLow: 0.25,
      credibleIntervalHigh: 0.75,
      momentum: 'Rising',
    });
    fixture.send('InsertPatternConfidence', [
      score('c', 'Established', 0.6),
      score('a', 'Established', 0.9),
      score('d', 'Tentative', 0.95),
      score('b', 'Established', 0.7),
    ]);
    return fixture;
  }

  type Page = { scores: Array<Record<string, unknown>>; has_more: boolean; next_cursor: string | null };

  it('without a tier: every score by posterior_mean descending, cut at limit, never has_more', () => {
    const { napi } = withScores();
    const all = napi.driftConfidence() as unknown as Page;
    expect(keys(all)).toEqual(['has_more', 'next_cursor', 'scores']);
    expect(all.scores.map((s) => s.pattern_id)).toEqual(['d', 'a', 'b', 'c']);
    expect(all.scores[1]).toEqual({
      alpha: 2,
      beta: 1,
      credible_interval: [0.25, 0.75],
      momentum: 'Rising',
      pattern_id: 'a',
      posterior_mean: 0.9,
      tier: 'Established',
    });
    expect(keys(all.scores[1])).toEqual([
      'alpha',
      'beta',
      'credible_interval',
      'momentum',
      'pattern_id',
      'posterior_mean',
      'tier',
    ]);
    const two = napi.driftConfidence(undefined, 'zzz', 2) as unknown as Page;
    expect(two.scores.map((s) => s.pattern_id)).toEqual(['d', 'a']);
    expect(two.has_more).toBe(false);
    expect(two.next_cursor).toBeNull();
    napi.driftShutdown();
  });

  it('with a tier: a keyset page by pattern id, has_more and next_cursor from limit + 1 rows', () => {
    const { napi } = withScores();
    const first = napi.driftConfidence('Established', undefined, 2) as unknown as Page;
    expect(first.scores.map((s) => s.pattern_id)).toEqual(['a', 'b']);
    expect(first.has_more).toBe(true);
    expect(first.next_cursor).toBe('b');
    const second = napi.driftConfidence('Established', first.next_cursor!, 2) as unknown as Page;
    expect(second.scores.map((s) => s.pattern_id)).toEqual(['c']);
    expect(second.has_more).toBe(false);
    expect(second.next_cursor).toBeNull();
    // limit 0: LIMIT 1 reads one row, so has_more is true, and `scores.get(lim - 1)` finds none.
    expect(napi.driftConfidence('Established', undefined, 0)).toEqual({
      has_more: true,
      next_cursor: null,
      scores: [],
    });
    expect(napi.driftConfidence('Nope')).toEqual({ has_more: false, next_cursor: null, scores: [] });
    napi.driftShutdown();
  });
});

describe('driftOutliers and driftConventions (patterns.rs)', () => {
  it('outliers of one pattern, most deviating first, everything in one page; none without a pattern id', () => {
    const { napi, send } = seeded();
    send(
      'InsertOutliers',
      [0, 1, 2].map((i) => sampleRow('InsertOutliers', i)),
    );
    expect(napi.driftOutliers()).toEqual({ has_more: false, next_cursor: null, outliers: [] });
    const page = napi.driftOutliers('naming/camel-case', 1, 1) as unknown as {
      outliers: Array<Record<string, unknown>>;
      has_more: boolean;
    };
    expect(page.outliers.map((o) => o.deviation_score)).toEqual([2.7, 2.6, 2.5]);
    expect(page.has_more).toBe(false);
    expect(keys(page.outliers[0])).toEqual([
      'deviation_score',
      'file',
      'id',
      'line',
      'method',
      'pattern_id',
      'significance',
    ]);
    expect(page.outliers[2]).toMatchObject({ id: 1, line: 7, method: 'z_score', significance: 'high' });
    napi.driftShutdown();
  });

  it('conventions by dominance_ratio descending, limit and afterId unused', () => {
    const { napi, send } = seeded();
    send(
      'InsertConventions',
      [0, 1, 2].map((i) => sampleRow('InsertConventions', i)),
    );
    const all = napi.driftConventions(undefined, 2, 1) as unknown as {
      conventions: Array<Record<string, unknown>>;
    };
    expect(keys(all)).toEqual(['conventions', 'has_more', 'next_cursor']);
    expect(all.conventions.map((c) => c.pattern_id)).toEqual([
      'convention/2',
      'convention/1',
      'convention/0',
    ]);
    expect(all.conventions[2]).toEqual({
      category: 'naming',
      dominance_ratio: 0.7,
      id: 1,
      pattern_id: 'convention/0',
      promotion_status: 'discovered',
      scope: 'project',
    });
    expect(
      (napi.driftConventions('structure') as unknown as typeof all).conventions.map((c) => c.pattern_id),
    ).toEqual(['convention/1']);
    napi.driftShutdown();
  });
});

describe('CWE lists and the test-file rule', () => {
  it("parses as split(',') + trim() + parse::<u32>() (structural.rs drift_owasp_analysis)", () => {
    // Rust's u32 parser takes an optional '+', ASCII digits only, at most 2^32-1.
    expect(parseRustU32('89')).toBe(89);
    expect(parseRustU32('+22')).toBe(22);
    expect(parseRustU32('007')).toBe(7);
    expect(parseRustU32('4294967295')).toBe(4294967295);
    for (const bad of ['89abc', '-1', '', '+', '4294967296', '1.0', '٣', ' 1'])
      expect(parseRustU32(bad)).toBeNull();
    // str::trim removes Unicode White_Space: NEL (U+0085) yes, BOM (U+FEFF) no.
    expect(rustTrim('\u0085 7\t')).toBe('7');
    expect(rustTrim('\uFEFF7')).toBe('\uFEFF7');
    expect(parseCweList('89, 79,89abc,+22,-1, 4294967296,007,\uFEFF5,\u00856')).toEqual([89, 79, 22, 7, 6]);
    expect(parseCweList(null)).toEqual([]);
  });

  it('driftOwaspAnalysis and driftAnalyze drop the parts that do not parse', async () => {
    const cweIds = '89abc, 79 ,+22';
    const analyzer: DriftAnalyzer = {
      detect: (ctx) => ({
        files: [
          {
            file: ctx.files[0]!.path,
            language: 'TypeScript',
            detections: [
              sampleRow('InsertDetections', 0, {
                file: ctx.files[0]!.path,
                category: 'security',
                cweIds,
                owasp: null,
              }),
            ],
          },
        ],
      }),
    };
    const { napi, root } = seeded(analyzer);
    await napi.driftScan(root);
    const [result] = await napi.driftAnalyze(1);
    expect(result!.matches[0]!.cweIds).toEqual([79, 22]);
    // JsPatternMatch.owasp is an Option: no key when there is none.
    expect('owasp' in result!.matches[0]!).toBe(false);
    const finding = napi.driftOwaspAnalysis(root).findings.find((f) => f.id.startsWith('det-'));
    expect(finding!.cweIds).toEqual([79, 22]);
    expect('remediation' in finding!).toBe(false);
    napi.driftShutdown();
  });

  it('is_test_or_fixture_file (analysis.rs): suffixes and file names ignore case, folders do not', () => {
    expect(isTestOrFixtureFile('tests/app.ts')).toBe(true);
    expect(isTestOrFixtureFile('Tests/app.ts')).toBe(false);
    expect(isTestOrFixtureFile('src/Fixtures/data.go')).toBe(false);
    expect(isTestOrFixtureFile('src/__tests__/x.js')).toBe(true);
    expect(isTestOrFixtureFile('src\\__mocks__\\x.js')).toBe(true);
    expect(isTestOrFixtureFile('src/App.TEST.tsx')).toBe(true);
    expect(isTestOrFixtureFile('pkg/db_TEST.go')).toBe(true);
    expect(isTestOrFixtureFile('VITEST.config.ts')).toBe(true);
    expect(isTestOrFixtureFile('py/ConfTest.py')).toBe(true);
    expect(isTestOrFixtureFile('src/testing/app.ts')).toBe(false);
  });
});

describe('driftAnalyze orchestration (analysis.rs drift_analyze)', () => {
  it('with no tracked file returns [] and calls no analyzer step', async () => {
    const calls: string[] = [];
    const { napi } = seeded({
      detect: () => {
        calls.push('detect');
        return { files: [] };
      },
    });
    expect(await napi.driftAnalyze()).toEqual([]);
    expect(calls).toEqual([]);
    napi.driftShutdown();
  });

  it('skips pattern intelligence without detections, leaves function_count, appends detections', async () => {
    const calls: string[] = [];
    let withDetections = false;
    const analyzer: DriftAnalyzer = {
      detect: (ctx) => {
        calls.push('detect');
        return {
          files: ctx.files.map((f, i) => ({
            file: f.path,
            language: 'TypeScript',
            functions: [{ ...sampleRow('InsertFunctions', i), file: f.path }],
            detections: withDetections ? [sampleRow('InsertDetections', i, { file: f.path })] : [],
          })),
        };
      },
      patterns: () => {
        calls.push('patterns');
        return {};
      },
    };
    const { napi, root, engine } = seeded(analyzer);
    await napi.driftScan(root);
    const countBefore = engine().getFileMetadata(join(root, 'src/app.ts'))!.functionCount;
    await napi.driftAnalyze();
    expect(calls).toEqual(['detect']);
    expect(engine().getFileMetadata(join(root, 'src/app.ts'))!.functionCount).toBe(countBefore);
    withDetections = true;
    await napi.driftAnalyze();
    await napi.driftAnalyze();
    expect(calls).toEqual(['detect', 'detect', 'patterns', 'detect', 'patterns']);
    expect(engine().countDetections()).toBe(2 * 4);
    napi.driftShutdown();
  });
});

describe('#[napi(object)] results: a None has no key, present options come last', () => {
  it('driftViolations and driftGates (enforcement.rs JsViolation, JsGateResult)', () => {
    const { napi, send, root } = seeded();
    send('InsertViolations', [sampleRow('InsertViolations', 0), sampleRow('InsertViolations', 1)]);
    send('InsertGateResults', [sampleRow('InsertGateResults', 0), sampleRow('InsertGateResults', 1)]);
    const violations = napi.driftViolations(root);
    const full = violations.find((v) => v.id === 'v-0')!;
    expect(keys(full)).toEqual([
      'id',
      'file',
      'line',
      'severity',
      'patternId',
      'ruleId',
      'message',
      'suppressed',
      'isNew',
      'column',
      'endLine',
      'endColumn',
      'quickFixStrategy',
      'quickFixDescription',
      'cweId',
      'owaspCategory',
    ]);
    expect(keys(violations.find((v) => v.id === 'v-1'))).toEqual([
      'id',
      'file',
      'line',
      'severity',
      'patternId',
      'ruleId',
      'message',
      'suppressed',
      'isNew',
    ]);
    const gates = napi.driftGates(root);
    const withDetails = gates.find((g) => g.gateId === 'pattern-compliance')!;
    expect(keys(withDetails)).toEqual([
      'gateId',
      'status',
      'passed',
      'score',
      'summary',
      'violationCount',
      'warningCount',
      'executionTimeMs',
      'details',
    ]);
    expect(keys(gates.find((g) => g.gateId === 'security-baseline'))).toEqual([
      'gateId',
      'status',
      'passed',
      'score',
      'summary',
      'violationCount',
      'warningCount',
      'executionTimeMs',
      'error',
    ]);
    expect(keys(napi.driftCheck(root))).toEqual(['overallPassed', 'totalViolations', 'gates', 'sarif']);
    napi.driftShutdown();
  });

  it('boundaries, taint, error gaps, dead code, constraints, magic numbers, genes, pattern statuses', () => {
    const { napi, send, engine, root } = seeded();
    send(
      'InsertBoundaries',
      [0, 1].map((i) => sampleRow('InsertBoundaries', i)),
    );
    send(
      'InsertTaintFlows',
      [0, 1].map((i) => sampleRow('InsertTaintFlows', i)),
    );
    send(
      'InsertDnaGenes',
      [0, 1].map((i) => sampleRow('InsertDnaGenes', i)),
    );
    send('InsertReachabilityCache', [
      { sourceNode: 'fn:a', direction: 'forward', reachableSet: '["x", 1]', sensitivity: 'high' },
      { sourceNode: 'fn:b', direction: 'forward', reachableSet: '["x","y"]', sensitivity: 'high' },
    ]);
    engine().upsertConstraint({
      id: 'c1',
      description: 'd',
      invariantType: 'must_exist',
      target: 't',
      scope: null,
      source: 'manual',
      enabled: true,
    });
    engine().insertConstraintVerification('c1', false, '["bad"]');
    return napi.driftBoundaries().then((boundaries) => {
      const models = boundaries.models;
      const withTable = models.find((m) => m.name === 'User0')!;
      expect(keys(withTable)).toEqual(['name', 'file', 'framework', 'fieldCount', 'confidence', 'tableName']);
      const flows = napi.driftTaintAnalysis(root).flows;
      expect(flows.some((f) => !('cweId' in f))).toBe(true);
      // The reference reads `path` as Vec<String>: the sample path (an array of objects) counts 0.
      expect(flows.every((f) => f.pathLength === 0)).toBe(true);
      const genes = napi.driftDnaAnalysis(root).genes;
      expect(genes.some((g) => !('dominantAllele' in g))).toBe(true);
      expect(keys(genes.find((g) => 'dominantAllele' in g))).toEqual([
        'id',
        'name',
        'alleleCount',
        'confidence',
        'consistency',
        'dominantAllele',
      ]);
      expect(napi.driftConstraintVerification(root).violations).toEqual([
        { constraintId: 'c1', file: '', message: '["bad"]' },
      ]);
      // graph.rs drift_reachability: `Vec<String>` or nothing.
      expect(napi.driftReachability('fn:a', 'forward').reachableCount).toBe(0);
      expect(napi.driftReachability('fn:b', 'forward').reachableCount).toBe(2);
      napi.driftApprovePattern('p', 'ignored', '');
      expect(napi.driftPatternStatus(null).patterns).toEqual([
        { patternId: 'p', status: 'ignored', reason: '' },
      ]);
      napi.driftShutdown();
    });
  });

  it('driftApprovePattern keeps an empty reason (enforcement.rs: "status updated: ")', async () => {
    const { napi } = seeded();
    expect(napi.driftApprovePattern('p', 'approved', '').message).toBe('Pattern p status updated: ');
    expect(napi.driftApprovePattern('', 'discovered', null)).toEqual({
      success: true,
      patternId: '',
      previousStatus: 'discovered',
      newStatus: 'discovered',
      message: 'Pattern  status updated',
    });
    napi.driftShutdown();
    // The runtime is checked before the status (runtime::get() comes first): before driftInitialize
    // the failure is the runtime's, not the status's.
    const error = await errorOf(() => napiFixture().napi.driftApprovePattern('p', 'maybe', null));
    expect(error.message).not.toMatch(/Invalid status/);
  });
});

describe('driftCloudReadRows / driftCloudMaxCursor (cloud.rs)', () => {
  it('rows with keys in byte order, _rowid included, NULL as null; limit and cursor', () => {
    const { napi, send } = seeded();
    send(
      'InsertViolations',
      [0, 1, 2].map((i) => sampleRow('InsertViolations', i)),
    );
    const rows = napi.driftCloudReadRows('violations', 'drift') as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    const names = keys(rows[0]);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('_rowid');
    expect(rows[1]!.column_num).toBeNull();
    const after = napi.driftCloudReadRows('violations', 'drift', rows[0]!._rowid as number, 1);
    expect((after as Array<Record<string, unknown>>).map((r) => r.id)).toEqual(['v-1']);
    expect(napi.driftCloudReadRows('violations', 'drift', 0, 0)).toEqual([]);
    // after_cursor is an Option<i64>: the fraction is cut off.
    expect(napi.driftCloudReadRows('violations', 'drift', 1.9)).toHaveLength(2);
    napi.driftShutdown();
  });

  it('BLOBs as lowercase hex', () => {
    const { napi, send } = seeded();
    send('InsertFunctions', [
      { ...sampleRow('InsertFunctions', 0), bodyHash: Uint8Array.from([0, 171, 15]) },
    ]);
    const [row] = napi.driftCloudReadRows('functions', 'drift') as Array<Record<string, unknown>>;
    expect(row!.body_hash).toBe('00ab0f');
    napi.driftShutdown();
  });

  it("the reference's errors, in its order: runtime, table name, db, then the query", async () => {
    const { napi } = seeded();
    const badName = await errorOf(() => napi.driftCloudReadRows('a-b', 'nope'));
    expect(badName.message).toBe('[INVALID_FILTER] Invalid table name: a-b');
    const badDb = await errorOf(() => napi.driftCloudReadRows('violations', 'nope'));
    expect(badDb.message).toBe("[INVALID_FILTER] Unknown db 'nope'. Expected: drift, bridge");
    expect((await errorOf(() => napi.driftCloudReadRows('violations', 'bridge'))).message).toBe(
      '[STORAGE_ERROR] Bridge not initialized',
    );
    // is_alphanumeric is Unicode: the name passes the check and the query fails.
    expect((await errorOf(() => napi.driftCloudReadRows('tâble', 'drift'))).message).toBe(
      '[STORAGE_ERROR] SQLite error: Failed to prepare query for tâble: no such table: tâble',
    );
    expect((await errorOf(() => napi.driftCloudMaxCursor('x'))).message).toBe(
      "[INVALID_FILTER] Unknown db 'x'. Expected: drift, bridge",
    );
    expect(napi.driftCloudMaxCursor('drift')).toBe(0);
    napi.driftShutdown();
  });
});

describe('driftContractTracking (structural.rs drift_contract_tracking)', () => {
  it('walks root as the reference, skips test files, asks the analyzer, needs no runtime', async () => {
    const { root } = projectFixture();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const write = (path: string, text: string | Uint8Array) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write('api/server.ts', 'app.get("/users")');
    write('api/Tests/client.ts', 'fetch("/users")'); // folder names are case-sensitive: not a test folder
    write('api/server.test.ts', 'x'); // a test file
    write('node_modules/pkg/index.js', 'x'); // a skipped folder
    write('dist/out.js', 'x'); // a skipped folder
    write('api/notes.md', 'x'); // not a source extension
    write('api/binary.ts', Uint8Array.from([0xff, 0xfe, 0x00])); // not UTF-8: read_to_string fails
    const seen: string[] = [];
    const endpoint = (file: string, method: string) => ({
      method,
      path: '/users',
      file,
      line: 1,
      requestFields: [{ name: 'id', fieldType: 'string', required: true, nullable: false }],
      responseFields: [],
    });
    const analyzer: DriftAnalyzer = {
      extractContracts: ({ path }) => {
        seen.push(path);
        if (path.endsWith('server.ts')) return [{ framework: 'express', endpoints: [endpoint(path, 'GET')] }];
        if (path.endsWith('client.ts'))
          return [{ framework: 'frontend', endpoints: [endpoint(path, 'GET')] }];
        return [{ framework: 'trpc', endpoints: [] }];
      },
      matchContracts: (backend, frontend) =>
        backend.length === 0
          ? []
          : [
              {
                backendEndpoint: `${backend.length}`,
                frontendCall: `${frontend.length}`,
                mismatchType: 'FieldMissing',
                severity: 'High',
                message: 'm',
              },
            ],
    };
    const { napi } = napiFixture(analyzer);
    // Not initialized: the reference's function does not call runtime::get().
    const result = napi.driftContractTracking(root);
    // The project fixture's own files are walked too (src/app.ts, src/util.py, lib/db.go; tests/ is a test folder).
    expect([...seen].sort()).toEqual(
      ['api/Tests/client.ts', 'api/server.ts', 'lib/db.go', 'src/app.ts', 'src/util.py'].map(
        (p) => `${root}/${p}`,
      ),
    );
    expect(result.endpoints.map((e) => `${e.framework} ${e.file}`).sort()).toEqual([
      `express ${root}/api/server.ts`,
      `frontend ${root}/api/Tests/client.ts`,
    ]);
    expect(keys(result.endpoints[0])).toEqual([
      'method',
      'path',
      'file',
      'line',
      'framework',
      'requestFields',
      'responseFields',
    ]);
    expect((result.endpoints[0] as unknown as { requestFields: unknown[] }).requestFields).toEqual([
      { name: 'id', fieldType: 'string', required: true, nullable: false },
    ]);
    // trpc has no endpoints but still counts as a framework (frameworks.insert before the loop).
    expect(result.frameworkCount).toBe(3);
    expect(result.paradigmCount).toBe(3); // rest, frontend, rpc
    expect(result.mismatches).toEqual([
      {
        backendEndpoint: '1',
        frontendCall: '1',
        mismatchType: 'FieldMissing',
        severity: 'High',
        message: 'm',
      },
    ]);
    // A root that is not a folder: nothing, and no error.
    expect(napi.driftContractTracking(join(root, 'missing'))).toEqual({
      endpoints: [],
      mismatches: [],
      paradigmCount: 0,
      frameworkCount: 0,
    });
  });
});
