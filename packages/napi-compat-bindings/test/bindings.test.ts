import { join } from 'node:path';
import { isStorageError, type StorageErrorCode } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import type { AnalysisRunResult, DriftAnalyzer } from '../src/index.js';
import { FIXTURE_PATTERNS, fixtureAnalyzer } from './helpers/fixture-analyzer.js';
import { failureOf, napiFixture, projectFixture, tempFolder } from './helpers/napi-fixture.js';

async function expectCode(fn: () => unknown, code: StorageErrorCode, message?: RegExp): Promise<void> {
  const error = await failureOf(fn);
  expect(isStorageError(error), String(error)).toBe(true);
  expect((error as { code: string }).code, String(error)).toBe(code);
  if (message !== undefined) expect((error as Error).message).toMatch(message);
}

/** An initialized, scanned and analyzed fixture project. */
async function analyzedProject(analyzer: DriftAnalyzer = fixtureAnalyzer()) {
  const { root, dbPath } = projectFixture();
  const fixture = napiFixture(analyzer);
  fixture.napi.driftInitialize(dbPath, root);
  await fixture.napi.driftScan(root);
  await fixture.napi.driftAnalyze();
  return { ...fixture, root, dbPath };
}

/** Row counts of the tables analysis writes, read through the engine. */
function counts(engine: ReturnType<ReturnType<typeof napiFixture>['engine']>) {
  return {
    files: engine.countFiles(),
    functions: engine.countFunctions(),
    detections: engine.countDetections(),
    edges: engine.countCallEdges(),
    violations: engine.queryAllViolations().length,
    gates: engine.queryGateResults().length,
    constants: engine.countConstants(),
    cycles: engine.queryCouplingCycles().length,
    feedback: engine.queryFeedbackStats(),
  };
}

describe('driftAnalyze', () => {
  it('runs the eight steps in the reference order and says which ran', async () => {
    const analyzer = fixtureAnalyzer();
    const { napi, engine, root } = await analyzedProject(analyzer);
    const result = (await napi.driftAnalyze()) as AnalysisRunResult;
    expect(result.steps.map((s) => [s.step, s.name, s.ran])).toEqual([
      [1, 'read-files', true],
      [2, 'detect', true],
      [3, 'cross-file', true],
      [4, 'patterns', true],
      [5, 'structural', true],
      [6, 'graph', true],
      [7, 'enforcement', true],
      [8, 'degradation', true],
    ]);
    expect(result.steps[1]!.rows).toBe(4 * 2 + 4);
    // Tracked paths are the scan root joined with the relative path (see scan-bindings.test.ts).
    expect(result.map((r) => r.file)).toEqual(
      ['lib/db.go', 'src/app.ts', 'src/util.py', 'tests/app.test.ts'].map((p) => join(root, p)),
    );
    expect(result[1]!.matches[0]).toMatchObject({
      file: join(root, 'src/app.ts'),
      patternId: FIXTURE_PATTERNS[1],
    });
    // The reference's driftAnalyze (drift-napi/src/bindings/analysis.rs) never updates
    // file_metadata.function_count: it stays what the scan wrote (0 for a new file).
    expect(engine().getFileMetadata(join(root, 'src/app.ts'))!.functionCount).toBe(0);
    napi.driftShutdown();
  });

  it('appends to what the previous run stored, as the reference', async () => {
    // drift-napi/src/bindings/analysis.rs never clears findings before a run; the batch writer
    // (drift-storage/src/batch/writer.rs) appends detections, constants and coupling cycles (plain
    // INSERT) and replaces functions and violations (INSERT OR REPLACE on their keys).
    const { napi, engine } = await analyzedProject();
    const before = counts(engine());
    await napi.driftAnalyze();
    const after = counts(engine());
    expect(after.detections).toBe(2 * before.detections);
    expect(after.constants).toBe(2 * before.constants);
    expect(after.cycles).toBe(2 * before.cycles);
    expect(after.functions).toBe(before.functions);
    expect(after.violations).toBe(before.violations);
    expect(after.files).toBe(before.files);
    napi.driftShutdown();
  });

  it('with no analyzer records nothing and reports every analysis step as skipped', async () => {
    const { root, dbPath } = projectFixture();
    const { napi, engine } = napiFixture();
    napi.driftInitialize(dbPath, root);
    await napi.driftScan(root);
    const result = (await napi.driftAnalyze()) as AnalysisRunResult;
    expect([...result]).toEqual([]);
    expect(result.steps.filter((s) => s.ran).map((s) => s.name)).toEqual(['read-files']);
    expect(result.steps.slice(1).every((s) => s.skipped === 'no analyzer')).toBe(true);
    expect(engine().countFunctions()).toBe(0);
    expect(engine().countDetections()).toBe(0);
    napi.driftShutdown();
  });

  it('stops after maxPhase (clamped to 1..5) and refuses a maxPhase that is not a whole number', async () => {
    const analyzer = fixtureAnalyzer();
    const { root, dbPath } = projectFixture();
    const { napi, engine } = napiFixture(analyzer);
    napi.driftInitialize(dbPath, root);
    await napi.driftScan(root);
    const phase1 = (await napi.driftAnalyze(1)) as AnalysisRunResult;
    expect(analyzer.calls).toEqual(['detect']);
    expect(phase1.steps.filter((s) => s.skipped === 'maxPhase').map((s) => s.step)).toEqual([
      3, 4, 5, 6, 7, 8,
    ]);
    expect(engine().countFunctions()).toBe(8);
    expect(engine().countCallEdges()).toBe(0);
    await napi.driftAnalyze(0);
    expect(analyzer.calls).toEqual(['detect', 'detect']);
    await napi.driftAnalyze(99);
    expect(analyzer.calls).toHaveLength(9);
    // maxPhase is an Option<u32> (analysis.rs): Node-API converts any number (1.5 -> 1, -1 -> 2^32-1,
    // NaN -> 0) before the clamp to 1..5; only a value that is not a number fails.
    await napi.driftAnalyze(1.5);
    expect(analyzer.calls.slice(9)).toEqual(['detect']);
    await napi.driftAnalyze(-1);
    expect(analyzer.calls).toHaveLength(17);
    await expectCode(() => napi.driftAnalyze('3' as never), 'INVALID_INPUT', /maxPhase/);
    napi.driftShutdown();
  });

  it('a failing or malformed analyzer step changes nothing that was stored', async () => {
    const good = fixtureAnalyzer();
    let mode: 'good' | 'throw' | 'bad-row' | 'not-object' = 'good';
    const analyzer: DriftAnalyzer = {
      ...good,
      structural(ctx) {
        if (mode === 'throw') throw new Error('analyzer exploded');
        if (mode === 'not-object') return 42 as never;
        const output = good.structural!(ctx) as object;
        return mode === 'bad-row' ? { ...output, constants: [{ name: 'X', value: 1 }] as never } : output;
      },
    };
    const { napi, engine } = await analyzedProject(analyzer);
    const before = counts(engine());
    mode = 'throw';
    await expect(napi.driftAnalyze()).rejects.toThrow('analyzer exploded');
    mode = 'bad-row';
    await expectCode(() => napi.driftAnalyze(), 'INVALID_INPUT', /InsertConstants/);
    mode = 'not-object';
    await expectCode(() => napi.driftAnalyze(), 'INVALID_INPUT', /step 'structural'/);
    // Nothing of the failing step was written: its tables keep the first run's rows. (The steps
    // before it ran again and appended, as the reference's would.)
    const after = counts(engine());
    expect(after.constants).toBe(before.constants);
    expect(after.cycles).toBe(before.cycles);
    expect(after.detections).toBe(4 * before.detections);
    napi.driftShutdown();
  });
});

describe('pagination', () => {
  it('driftPatterns lists detections and never pages, as the reference', async () => {
    // drift-napi/src/bindings/patterns.rs drift_patterns: without a category the `limit` most
    // confident detections, `_after_id` unused, has_more false and next_cursor null.
    const { napi, engine } = await analyzedProject();
    const all = napi.driftPatterns() as unknown as Record<string, unknown> & { patterns: unknown[] };
    expect(all.has_more).toBe(false);
    expect(all.next_cursor).toBeNull();
    expect(all.patterns).toHaveLength(engine().countDetections());
    const one = napi.driftPatterns(undefined, 'anything', 1) as unknown as {
      patterns: unknown[];
      has_more: boolean;
    };
    expect(one.patterns).toHaveLength(1);
    expect(one.has_more).toBe(false);
    napi.driftShutdown();
  });

  it('driftConfidence pages only with a tier; driftConventions never pages', async () => {
    // patterns.rs drift_confidence: has_more = tier.is_some() && rows > limit.
    const { napi } = await analyzedProject();
    const first = napi.driftConfidence(undefined, undefined, 3) as unknown as {
      scores: unknown[];
      has_more: boolean;
      next_cursor: unknown;
    };
    expect(first.scores).toHaveLength(3);
    expect(first.has_more).toBe(false);
    expect(first.next_cursor).toBeNull();
    const conventions = napi.driftConventions(undefined, undefined, 2) as unknown as {
      conventions: unknown[];
      has_more: boolean;
    };
    expect(conventions.conventions).toHaveLength(3);
    expect(conventions.has_more).toBe(false);
    napi.driftShutdown();
  });
});

describe('bad input gets a clear StorageError and changes nothing', () => {
  it('wrong argument types, negative or huge limits', async () => {
    const { napi, root } = await analyzedProject();
    await expectCode(() => napi.driftPatterns(42 as never), 'INVALID_INPUT', /driftPatterns: category/);
    // Limits are Option<u32> (patterns.rs): any number converts, only a non-number fails.
    await expectCode(() => napi.driftPatterns(undefined, undefined, '5' as never), 'INVALID_INPUT', /limit/);
    await expectCode(
      () => napi.driftConventions(undefined, undefined, true as never),
      'INVALID_INPUT',
      /limit/,
    );
    await expectCode(() => napi.driftOutliers('p', 'x' as never), 'INVALID_INPUT', /afterId/);
    await expectCode(
      () => napi.driftCouplingAnalysis(undefined as never),
      'INVALID_INPUT',
      /root must be a string/,
    );
    await expectCode(() => napi.driftReachability(7 as never, 'forward'), 'INVALID_INPUT', /functionKey/);
    await expectCode(
      () => napi.driftCloudReadRows('violations', 'drift', 'x' as never),
      'INVALID_INPUT',
      /afterCursor/,
    );
    await expectCode(() => napi.driftDismissViolation(null as never), 'INVALID_INPUT', /input/);
    await expectCode(() => napi.driftValidatePack(7 as never), 'INVALID_INPUT', /tomlContent/);
    expect(napi.driftCouplingAnalysis(root).moduleCount).toBe(3);
    napi.driftShutdown();
  });

  it('unknown ids and unknown status strings', async () => {
    const { napi, engine } = await analyzedProject();
    const before = counts(engine());
    // Unknown violation ids and any dismiss action are accepted as in the reference (feedback.test.ts).
    // enforcement.rs drift_approve_pattern / drift_report, cloud.rs: the reference's messages.
    await expectCode(
      () => napi.driftApprovePattern('p', 'maybe', null),
      'INVALID_INPUT',
      /^\[INVALID_ARGUMENT\] Invalid status 'maybe'\. Must be one of: approved, ignored, discovered$/,
    );
    // enforcement.rs drift_pattern_status: any filter, an unknown one matches nothing.
    expect(napi.driftPatternStatus('bogus').patterns).toEqual([]);
    await expectCode(
      () => napi.driftReport('pdf'),
      'INVALID_INPUT',
      /^\[INVALID_ARGUMENT\] Unknown report format: 'pdf'\. Supported: sarif, json, html, junit, sonarqube, console, github, gitlab$/,
    );
    // drift-napi bindings/cloud.rs reads any table whose name is alphanumeric or '_' (sqlite_master
    // included); only other characters are refused.
    expect(napi.driftCloudReadRows('sqlite_master', 'drift').length).toBeGreaterThan(0);
    await expectCode(
      () => napi.driftCloudReadRows('violations; DROP TABLE violations', 'drift'),
      'INVALID_INPUT',
      /^\[INVALID_FILTER\] Invalid table name: violations; DROP TABLE violations$/,
    );
    await expectCode(
      () => napi.driftCloudReadRows('violations', 'other'),
      'INVALID_INPUT',
      /^\[INVALID_FILTER\] Unknown db 'other'\. Expected: drift, bridge$/,
    );
    await expectCode(
      () => napi.driftCloudMaxCursor('bridge'),
      'NOT_SUPPORTED',
      /^\[STORAGE_ERROR\] Bridge not initialized$/,
    );
    // Accepted as the reference accepts them: an unknown filter lists nothing; an unknown direction
    // is a cache miss (graph.rs drift_reachability returns the defaults).
    expect(napi.driftPatternStatus('bogus')).toEqual({
      patterns: [],
      total: 0,
      counts: { discovered: 0, approved: 0, ignored: 0 },
    });
    expect(napi.driftReachability('fn:0', 'sideways')).toEqual({
      source: 'fn:0',
      reachableCount: 0,
      sensitivity: 'low',
      maxDepth: 0,
      engine: 'petgraph',
    });
    expect(counts(engine())).toEqual(before);
    expect(napi.driftPatternStatus(null).total).toBe(0);
    napi.driftShutdown();
  });

  it('malformed TOML and JSON-like payloads', async () => {
    const { napi } = napiFixture();
    await expectCode(
      () => napi.driftInitialize(join(tempFolder(), 'drift.db'), undefined, '[scan\nx = ='),
      'INVALID_INPUT',
      /^\[CONFIG_ERROR\] Config parse error in <string>: TOML parse error at line 1/,
    );
    expect(napi.driftIsInitialized()).toBe(false);
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    expect(napi.driftValidatePack('[framework\n')).toMatchObject({ valid: false, name: null });
    // types.rs PatternDef: `match` has no serde default, so it is required.
    expect(
      napi.driftValidatePack(
        '[framework]\nname = "x"\nlanguages = ["ts"]\n[[patterns]]\nid = "a"\ncategory = "c"\n',
      ),
    ).toMatchObject({
      valid: false,
      error: 'Invalid pattern: TOML parse error: missing field `match` for key `patterns[0]`',
    });
    // loader.rs compile_pattern: an unknown category skips the pattern, the pack stays valid.
    expect(
      napi.driftValidatePack(
        '[framework]\nname = "x"\nlanguages = ["ts"]\n[[patterns]]\nid = "a"\ncategory = "c"\n[patterns.match]\ncontent_patterns = ["("]\n',
      ),
    ).toMatchObject({ valid: true, patternCount: 0, languageCount: 1, error: null });
    napi.driftShutdown();
  });

  it('every binding that needs the runtime fails before initialize; after shutdown they work', async () => {
    const { napi } = napiFixture();
    await expectCode(() => napi.driftViolations('.'), 'INVALID_INPUT', /^\[RUNTIME_NOT_INITIALIZED\]/);
    await expectCode(() => napi.driftScan('.'), 'INVALID_INPUT', /^\[RUNTIME_NOT_INITIALIZED\]/);
    expect(napi.driftCancelScan()).toBeUndefined();
    napi.driftInitialize(join(tempFolder(), 'drift.db'));
    napi.driftShutdown();
    expect(await napi.driftAnalyze()).toEqual([]);
    expect(napi.driftPatterns().patterns).toEqual([]);
    expect(napi.driftCancelScan()).toBeUndefined();
  });
});
