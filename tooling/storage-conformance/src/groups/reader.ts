import { DRIFT_READER_METHODS } from '@drift/storage-traits';
import {
  type ConformanceApi,
  expectMethods,
  expectRowId,
  type GroupContext,
  nextClockSecond,
  UNICODE,
} from '../support.js';
import { boundary, byName, confidence, detection, edge, fn, insertFunctions } from './analysis.js';
import { feedback } from './enforcement.js';
import { constraintRow, couplingMetrics, dnaGene, errorGap, taintFlow, testQuality } from './structural.js';

function expectClose(api: ConformanceApi, actual: number | null, expected: number, what: string): void {
  api.expect(actual, what).not.toBeNull();
  api.expect(actual as number, what).toBeCloseTo(expected, 9);
}

/** Registers the `IDriftReader` tests: each of the 14 evidence reads against rows written first. */
export function readerGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('exposes every IDriftReader method', async (s) => {
    expectMethods(api, s, DRIFT_READER_METHODS);
  });

  test('CT0-B-07: every IDriftReader method answers null (or 0) on an empty store, without error', async (s) => {
    expect(await s.patternConfidence('nonexistent')).toBeNull();
    expect(await s.patternOccurrenceRate('nonexistent')).toBeNull();
    expect(await s.falsePositiveRate('nonexistent')).toBeNull();
    expect(await s.constraintVerified('nonexistent')).toBeNull();
    expect(await s.couplingMetric('nonexistent')).toBeNull();
    expect(await s.dnaHealth()).toBeNull();
    expect(await s.testCoverage('nonexistent')).toBeNull();
    expect(await s.errorHandlingGaps('nonexistent')).toBeNull();
    expect(await s.decisionEvidence('nonexistent')).toBeNull();
    expect(await s.boundaryData('nonexistent')).toBeNull();
    expect(await s.taintFlowRisk('nonexistent')).toBeNull();
    expect(await s.callGraphCoverage('nonexistent')).toBeNull();
    expect(await s.countMatchingPatterns([])).toBe(0);
    expect(await s.latestScanTimestamp()).toBeNull();
    // numeric ids and non-empty lists too
    expect(await s.decisionEvidence('1')).toBeNull();
    expect(await s.boundaryData('1')).toBeNull();
    expect(await s.callGraphCoverage('1')).toBeNull();
    expect(await s.countMatchingPatterns(['a', 'b'])).toBe(0);
    // an empty prefix and an id that does not parse
    expect(await s.errorHandlingGaps('')).toBeNull();
    expect(await s.decisionEvidence('not a number')).toBeNull();
  });

  test('CT0-B-06: patternConfidence answers the posterior mean of a stored pattern', async (s) => {
    await s.upsertConfidence({ ...confidence('auth_check', 'established', 0.85), alpha: 10, beta: 2 });
    expectClose(api, await s.patternConfidence('auth_check'), 0.85, 'patternConfidence(auth_check)');
    expect(await s.patternConfidence('other')).toBeNull();
    await s.upsertConfidence(confidence('naming', 'established', 0.4));
    expectClose(api, await s.patternConfidence('naming'), 0.4, 'patternConfidence(naming)');
    expect(await s.patternConfidence('AUTH_CHECK'), 'pattern ids compare case-sensitively').toBeNull();
    await s.upsertConfidence(confidence('auth_check', 'established', 0.5));
    expectClose(api, await s.patternConfidence('auth_check'), 0.5, 'after replacement');
  });

  test('patternOccurrenceRate: files with the pattern over files with any detection', async (s) => {
    await s.insertDetections([
      detection(0, { file: 'a.ts', patternId: 'p' }),
      detection(1, { file: 'a.ts', patternId: 'p' }),
      detection(2, { file: 'b.ts', patternId: 'p' }),
      detection(3, { file: 'c.ts', patternId: 'q' }),
    ]);
    expectClose(api, await s.patternOccurrenceRate('p'), 2 / 3, 'rate of p');
    expectClose(api, await s.patternOccurrenceRate('q'), 1 / 3, 'rate of q');
    expect(await s.patternOccurrenceRate('r')).toBeNull();
  });

  test('falsePositiveRate: dismissals over all feedback on the pattern', async (s) => {
    await s.insertFeedback(feedback('v-1', 'p', 'dismiss', 'false_positive'));
    await s.insertFeedback(feedback('v-2', 'p', 'fix'));
    await s.insertFeedback(feedback('v-3', 'p', 'dismiss'));
    await s.insertFeedback(feedback('v-4', 'p', 'suppress'));
    await s.insertFeedback(feedback('v-5', 'q', 'fix'));
    expectClose(api, await s.falsePositiveRate('p'), 0.5, 'rate of p');
    expectClose(api, await s.falsePositiveRate('q'), 0, 'rate of q');
    expect(await s.falsePositiveRate('r')).toBeNull();
  });

  test('constraintVerified answers whether the verification of a constraint passed', async (s) => {
    await s.upsertConstraint(constraintRow('c-pass', true));
    await s.upsertConstraint(constraintRow('c-fail', true));
    await s.upsertConstraint(constraintRow('c-never', true));
    await s.insertConstraintVerification('c-pass', true, '[]');
    await s.insertConstraintVerification('c-fail', false, '["x"]');
    expect(await s.constraintVerified('c-pass')).toBe(true);
    expect(await s.constraintVerified('c-fail')).toBe(false);
    expect(await s.constraintVerified('c-never')).toBeNull();
  });

  test('constraintVerified answers the most recent verification', async (s) => {
    await s.upsertConstraint(constraintRow('c-1', true));
    await s.upsertConstraint(constraintRow('c-2', true));
    await s.insertConstraintVerification('c-1', false, '["x"]');
    await s.insertConstraintVerification('c-2', true, '[]');
    await nextClockSecond(); // rows written from here on get a later stamp
    await s.insertConstraintVerification('c-1', true, '[]');
    await s.insertConstraintVerification('c-2', false, '["y"]');
    expect(await s.constraintVerified('c-1')).toBe(true);
    expect(await s.constraintVerified('c-2')).toBe(false);
  });

  test('couplingMetric answers the instability of a module', async (s) => {
    await s.upsertCouplingMetrics({
      ...couplingMetrics(`src/${UNICODE}`, 0.9, 'zone_of_pain'),
      instability: 0.375,
    });
    expectClose(api, await s.couplingMetric(`src/${UNICODE}`), 0.375, 'instability');
    expect(await s.couplingMetric('src/other')).toBeNull();
  });

  test('dnaHealth answers the mean of confidence x consistency over all genes', async (s) => {
    await s.upsertDnaGene(dnaGene('g-1', 0.9, 0.8, 'a'));
    await s.upsertDnaGene(dnaGene('g-2', 0.5, 0.6, null));
    expectClose(api, await s.dnaHealth(), (0.72 + 0.3) / 2, 'dnaHealth');
  });

  test('testCoverage answers the overall test quality score of a function', async (s) => {
    await s.upsertTestQuality(testQuality('fn:1', 0.625, false));
    await s.upsertTestQuality(testQuality('fn:2', 0, true));
    expectClose(api, await s.testCoverage('fn:1'), 0.625, 'fn:1');
    expectClose(api, await s.testCoverage('fn:2'), 0, 'fn:2 (a zero score is not null)');
    expect(await s.testCoverage('fn:3')).toBeNull();
  });

  test('errorHandlingGaps counts the gaps of files under a path prefix', async (s) => {
    await s.insertErrorGap(errorGap('src/api/a.ts', 'fn:1', null));
    await s.insertErrorGap(errorGap('src/api/b.ts', 'fn:2', 'TypeError'));
    await s.insertErrorGap(errorGap('src/api/b.ts', 'fn:3', null));
    await s.insertErrorGap(errorGap('lib/c.ts', 'fn:4', null));
    expect(await s.errorHandlingGaps('src/api/')).toBe(3);
    expect(await s.errorHandlingGaps('src/api/b.ts')).toBe(2);
    expect(await s.errorHandlingGaps('lib/')).toBe(1);
    expect(await s.errorHandlingGaps('test/')).toBeNull();
  });

  test('decisionEvidence answers the confidence of a decision by its integer id', async (s) => {
    const id = await s.insertDecision('architecture', 'adopt ESM', null, 0.625, null, null, null);
    expectRowId(api, id);
    expectClose(api, await s.decisionEvidence(String(id)), 0.625, 'decisionEvidence');
    expect(await s.decisionEvidence(String(id + 1000))).toBeNull();
    expect(await s.decisionEvidence('not-a-number')).toBeNull();
  });

  test('boundaryData answers the confidence of a boundary by its integer id', async (s) => {
    await s.insertBoundaries([boundary(0, { confidence: 0.8125 }), boundary(2, { confidence: 0.5 })]);
    const stored = await s.getBoundariesByFile('models/0.py');
    const target = stored.find((r) => r.modelName === 'Model0')!;
    expectClose(api, await s.boundaryData(String(target.id)), 0.8125, 'boundaryData');
    expect(await s.boundaryData(String(Math.max(...stored.map((r) => r.id)) + 1000))).toBeNull();
  });

  test('taintFlowRisk counts unsanitized flows whose source is the file', async (s) => {
    await s.insertTaintFlow(taintFlow('a.ts', 'db.ts', false, 89));
    await s.insertTaintFlow(taintFlow('a.ts', 'db.ts', false, null));
    await s.insertTaintFlow(taintFlow('a.ts', 'db.ts', true, 89)); // sanitized
    await s.insertTaintFlow(taintFlow('b.ts', 'a.ts', false, 79)); // a.ts is only the sink
    expect(await s.taintFlowRisk('a.ts')).toBe(2);
    expect(await s.taintFlowRisk('b.ts')).toBe(1);
    expect(await s.taintFlowRisk('db.ts')).toBeNull();
  });

  test('callGraphCoverage answers distinct callees of a function over all functions', async (s) => {
    const stored = await insertFunctions(s, [
      fn('a.ts', 'f1', 1),
      fn('a.ts', 'f2', 2),
      fn('b.ts', 'f3', 1),
      fn('b.ts', 'f4', 2),
    ]);
    const [f1, f2, f3, f4] = ['f1', 'f2', 'f3', 'f4'].map((n) => byName(stored, n).id) as [
      number,
      number,
      number,
      number,
    ];
    await s.insertCallEdges([edge(f1, f2, 10), edge(f1, f3, 11), edge(f1, f3, 12), edge(f2, f4, 3)]);
    expectClose(api, await s.callGraphCoverage(String(f1)), 2 / 4, 'f1');
    expectClose(api, await s.callGraphCoverage(String(f2)), 1 / 4, 'f2');
    expectClose(api, await s.callGraphCoverage(String(f4)), 0, 'f4 has no callees but functions exist');
  });

  test('countMatchingPatterns counts the given ids that have a confidence row', async (s) => {
    await s.upsertConfidence(confidence('a', 'Established', 0.9));
    await s.upsertConfidence(confidence('b', 'Emerging', 0.4));
    await s.upsertConfidence(confidence(UNICODE, 'Emerging', 0.4));
    expect(await s.countMatchingPatterns(['a', 'b', 'zzz'])).toBe(2);
    expect(await s.countMatchingPatterns([UNICODE])).toBe(1);
    expect(await s.countMatchingPatterns(['zzz'])).toBe(0);
    expect(await s.countMatchingPatterns([])).toBe(0);
  });

  test('reader methods write nothing', async (s) => {
    await s.upsertConfidence(confidence('p', 'Established', 0.5));
    await s.insertDetections([detection(0, { patternId: 'p' })]);
    await s.insertFeedback(feedback('v-1', 'p', 'dismiss'));
    const snapshot = async () => ({
      confidence: await s.queryAllConfidence(),
      detections: await s.queryAllDetections(100),
      feedback: await s.queryFeedbackStats(),
      scans: await s.countScans(),
      functions: await s.countFunctions(),
      files: await s.countFiles(),
    });
    const before = await snapshot();
    await s.patternConfidence('p');
    await s.patternOccurrenceRate('p');
    await s.falsePositiveRate('p');
    await s.constraintVerified('c');
    await s.couplingMetric('m');
    await s.dnaHealth();
    await s.testCoverage('fn:1');
    await s.errorHandlingGaps('src/');
    await s.decisionEvidence('1');
    await s.boundaryData('1');
    await s.taintFlowRisk('a.ts');
    await s.callGraphCoverage('1');
    await s.countMatchingPatterns(['p', 'q']);
    await s.latestScanTimestamp();
    expect(await snapshot()).toEqual(before);
  });

  test('latestScanTimestamp answers the completion time of the latest completed scan, as a string', async (s) => {
    const running = await s.insertScanStart(100, '/repo');
    expect(await s.latestScanTimestamp()).toBeNull();
    const first = await s.insertScanStart(200, '/repo');
    await s.updateScanComplete(first, 1_700_000_000, 10, 10, 0, 0, 0, 5, 'completed', null);
    expect(await s.latestScanTimestamp()).toBe('1700000000');
    const second = await s.insertScanStart(300, '/repo');
    await s.updateScanComplete(second, 2 ** 40, 10, 0, 1, 0, 9, 5, 'completed', null);
    const failed = await s.insertScanStart(400, '/repo');
    await s.updateScanComplete(failed, 2 ** 40 + 99, 0, 0, 0, 0, 0, 1, 'failed', 'boom');
    expect(await s.latestScanTimestamp()).toBe(String(2 ** 40));
    expectRowId(api, running);
  });
}
