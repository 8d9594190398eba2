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
    expect(engine().getFileMetadata(join(root, 'src/app.ts'))!.functionCount).toBe(2);
    napi.driftShutdown();
  });

  it('replaces what the previous run stored instead of appending', async () => {
    const { napi, engine } = await analyzedProject();
    const before = counts(engine());
    await napi.driftAnalyze();
    const after = counts(engine());
    // queryGateResults reads the latest result of each gate, so the history rows do not show here.
    expect(after).toEqual(before);
    expect(after.functions).toBe(8);
    expect(after.edges).toBe(7);
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
    for (const bad of [-1, 1.5, '3', Number.NaN]) {
      await expectCode(() => napi.driftAnalyze(bad as number), 'INVALID_INPUT', /maxPhase/);
    }
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
    // Steps before the failing one re-ran and replaced their rows with identical ones.
    expect(counts(engine())).toEqual(before);
    napi.driftShutdown();
  });
});

describe('pagination', () => {
  it('driftPatterns pages by pattern id with hasMore and nextCursor', async () => {
    const { napi } = await analyzedProject();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = napi.driftPatterns(undefined, cursor, 1);
      seen.push(...result.patterns.map((p) => p.id));
      if (!result.hasMore) {
        expect(result.nextCursor).toBeNull();
        break;
      }
      cursor = result.nextCursor!;
    }
    expect(seen).toEqual([...FIXTURE_PATTERNS].sort());
    expect(napi.driftPatterns(undefined, undefined, 10)).toMatchObject({ hasMore: false, nextCursor: null });
    napi.driftShutdown();
  });

  it('driftConfidence and driftConventions page the same way', async () => {
    const { napi } = await analyzedProject();
    const first = napi.driftConfidence(undefined, undefined, 3);
    expect(first.scores).toHaveLength(3);
    expect(first.hasMore).toBe(true);
    const second = napi.driftConfidence(undefined, first.nextCursor!, 3);
    expect(second.scores.map((s) => s.patternId)).toEqual([[...FIXTURE_PATTERNS].sort()[3]]);
    expect(second.hasMore).toBe(false);
    const conventions = napi.driftConventions(undefined, undefined, 2);
    expect(conventions.conventions).toHaveLength(2);
    const rest = napi.driftConventions(undefined, Number(conventions.nextCursor), 2);
    expect(rest.conventions.map((c) => c.name)).toEqual(['convention/2']);
    napi.driftShutdown();
  });
});

describe('bad input gets a clear StorageError and changes nothing', () => {
  it('wrong argument types, negative or huge limits', async () => {
    const { napi, root } = await analyzedProject();
    await expectCode(() => napi.driftPatterns(42 as never), 'INVALID_INPUT', /driftPatterns: category/);
    for (const limit of [-1, 0, 1.5, 2 ** 32, Number.POSITIVE_INFINITY]) {
      await expectCode(
        () => napi.driftPatterns(undefined, undefined, limit),
        'INVALID_INPUT',
        /limit must be/,
      );
      await expectCode(() => napi.driftConventions(undefined, undefined, limit), 'INVALID_INPUT', /limit/);
    }
    await expectCode(() => napi.driftOutliers('p', -5), 'INVALID_INPUT', /afterId/);
    await expectCode(
      () => napi.driftCouplingAnalysis(undefined as never),
      'INVALID_INPUT',
      /root must be a string/,
    );
    await expectCode(() => napi.driftReachability('', 'forward'), 'INVALID_INPUT', /functionKey/);
    await expectCode(
      () => napi.driftCloudReadRows('violations', 'drift', -1),
      'INVALID_INPUT',
      /afterCursor/,
    );
    await expectCode(() => napi.driftCloudReadRows('violations', 'drift', 0, 1e9), 'INVALID_INPUT', /limit/);
    await expectCode(() => napi.driftDismissViolation(null as never), 'INVALID_INPUT', /input/);
    await expectCode(() => napi.driftValidatePack(7 as never), 'INVALID_INPUT', /tomlContent/);
    expect(napi.driftCouplingAnalysis(root).moduleCount).toBe(3);
    napi.driftShutdown();
  });

  it('unknown ids and unknown status strings', async () => {
    const { napi, engine } = await analyzedProject();
    const before = counts(engine());
    // Unknown violation ids and any dismiss action are accepted as in the reference (feedback.test.ts).
    await expectCode(
      () => napi.driftApprovePattern('p', 'maybe', null),
      'INVALID_INPUT',
      /^\[INVALID_ARGUMENT\] Invalid status 'maybe'\. Must be one of: approved, ignored, discovered$/,
    );
    // enforcement.rs drift_pattern_status: any filter, an unknown one matches nothing.
    expect(napi.driftPatternStatus('bogus').patterns).toEqual([]);
    await expectCode(() => napi.driftReport('pdf'), 'INVALID_INPUT', /sarif, json, html, junit/);
    await expectCode(() => napi.driftReachability('fn:0', 'sideways'), 'INVALID_INPUT', /forward, backward/);
    // drift-napi bindings/cloud.rs reads any table whose name is alphanumeric or '_' (sqlite_master
    // included); only other characters are refused.
    expect(napi.driftCloudReadRows('sqlite_master', 'drift').length).toBeGreaterThan(0);
    await expectCode(
      () => napi.driftCloudReadRows('violations; DROP TABLE violations', 'drift'),
      'INVALID_INPUT',
    );
    await expectCode(() => napi.driftCloudReadRows('violations', 'other'), 'INVALID_INPUT', /drift, bridge/);
    await expectCode(() => napi.driftCloudMaxCursor('bridge'), 'NOT_SUPPORTED', /Cortex bridge/);
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
