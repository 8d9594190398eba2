import { isStorageError, type StorageError } from '@drift/storage-traits';
import { DriftReaderStub } from '@drift/storage-traits/testing';
import { describe, expect, it } from 'vitest';
import {
  createGroundingBridge,
  groundMemories,
  groundMemory,
  linksFromTags,
  type MemoryForGrounding,
} from '../src/index.js';
import { EXPECTED, FULL_MEMORY, JWT, LOGIN_FILE, scenarioStub, withLatency } from './helpers/scenario.js';

function memories(count: number, links: MemoryForGrounding['links']): MemoryForGrounding[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m-${i}`,
    memoryType: 'Core' as const,
    confidence: 0.5,
    ...(links === undefined ? {} : { links }),
  }));
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  try {
    await promise;
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('batch grounding against an asynchronous reader', () => {
  it('keeps at most `concurrency` reader calls in flight, and uses them', async () => {
    const stub = new DriftReaderStub();
    for (let i = 0; i < 40; i++) stub.setPatternConfidence(`p${i}`, i / 40);
    const remote = withLatency(stub, 2);
    const batch = Array.from({ length: 40 }, (_, i) => ({
      id: `m-${i}`,
      memoryType: 'Core' as const,
      confidence: 0.5,
      links: { patterns: [`p${i}`] },
    }));
    const result = await groundMemories(remote.reader, batch, { concurrency: 3 });
    expect(remote.maxInFlight()).toBe(3);
    expect(result.results.map((r) => r.memoryId)).toEqual(batch.map((m) => m.id));
    expect(result.results.map((r) => r.evidence[0]?.driftValue)).toEqual(batch.map((_, i) => i / 40));
    // 40 memories x 3 pattern reads + the scan time
    expect([...remote.calls.values()].reduce((a, b) => a + b, 0)).toBe(121);

    const serial = withLatency(stub, 1);
    await groundMemories(serial.reader, batch.slice(0, 5), { concurrency: 1 });
    expect(serial.maxInFlight()).toBe(1);
  });

  it('reads each distinct entity once per batch', async () => {
    const remote = withLatency(scenarioStub());
    const result = await groundMemories(
      remote.reader,
      memories(25, { patterns: [JWT], files: [LOGIN_FILE] }),
    );
    expect(result.results).toHaveLength(25);
    for (const r of result.results) {
      expect(r.evidence.map((e) => e.type)).toEqual([
        'PatternConfidence',
        'PatternOccurrence',
        'FalsePositiveRate',
        'ErrorHandlingGaps',
        'TaintAnalysis',
      ]);
    }
    expect(Object.fromEntries(remote.calls)).toEqual({
      [`patternConfidence("${JWT}")`]: 1,
      [`patternOccurrenceRate("${JWT}")`]: 1,
      [`falsePositiveRate("${JWT}")`]: 1,
      [`errorHandlingGaps("${LOGIN_FILE}")`]: 1,
      [`taintFlowRisk("${LOGIN_FILE}")`]: 1,
      'latestScanTimestamp()': 1,
    });
  });

  it('defers what exceeds maxMemoriesPerLoop (500 by default) instead of dropping it', async () => {
    const result = await groundMemories(new DriftReaderStub(), memories(503, {}));
    expect(result.results).toHaveLength(500);
    expect(result.deferred).toEqual(['m-500', 'm-501', 'm-502']);
    expect(result.snapshot.totalChecked).toBe(500);
  });

  it('records a reader answer of the wrong kind as unavailable (CORRUPT), not as evidence', async () => {
    const stub = scenarioStub();
    const liar = {
      ...Object.fromEntries(
        (
          [
            'patternOccurrenceRate',
            'falsePositiveRate',
            'constraintVerified',
            'couplingMetric',
            'dnaHealth',
            'testCoverage',
            'errorHandlingGaps',
            'decisionEvidence',
            'boundaryData',
            'callGraphCoverage',
            'countMatchingPatterns',
          ] as const
        ).map((m) => [m, (...a: unknown[]) => Reflect.apply(stub[m], stub, a)]),
      ),
      patternConfidence: async () => '0.85',
      taintFlowRisk: async () => Number.POSITIVE_INFINITY,
      latestScanTimestamp: async () => 1_700_000_123,
    };
    const batch = await groundMemories(liar as never, [FULL_MEMORY]);
    const [result] = batch.results;
    expect(result!.unavailable).toEqual([
      {
        type: 'PatternConfidence',
        subject: JWT,
        method: 'patternConfidence',
        code: 'CORRUPT',
        reason: 'patternConfidence answered the string "0.85", expected a finite number or null',
      },
      {
        type: 'TaintAnalysis',
        subject: LOGIN_FILE,
        method: 'taintFlowRisk',
        code: 'CORRUPT',
        reason: 'taintFlowRisk answered the number Infinity, expected a finite number or null',
      },
    ]);
    expect(result!.evidence).toHaveLength(10);
    expect(batch.latestScanUnavailable).toMatchObject({ code: 'CORRUPT' });
  });

  it('refuses a malformed memory with INVALID_INPUT before reading anything', async () => {
    const remote = withLatency(scenarioStub());
    const cases: [unknown, string][] = [
      [{ ...FULL_MEMORY, id: '' }, 'memories[1].id'],
      [{ ...FULL_MEMORY, memoryType: 'Hunch' }, 'memories[1].memoryType'],
      [{ ...FULL_MEMORY, confidence: 1.2 }, 'memories[1].confidence'],
      [{ ...FULL_MEMORY, previousScore: Number.NaN }, 'memories[1].previousScore'],
      [{ ...FULL_MEMORY, links: { patterns: 'auth' } }, 'memories[1].links.patterns'],
      [{ ...FULL_MEMORY, links: { files: ['a.ts', ''] } }, 'memories[1].links.files[1]'],
      [{ ...FULL_MEMORY, links: { tags: [] } }, 'memories[1].links.tags'],
      [{ ...FULL_MEMORY, links: { project: 7 } }, 'memories[1].links.project'],
      [{ ...FULL_MEMORY, extra: true }, 'memories[1].extra'],
      ['m-1', 'memories[1]'],
    ];
    for (const [bad, field] of cases) {
      const error = await rejection(groundMemories(remote.reader, [FULL_MEMORY, bad as MemoryForGrounding]));
      expect(error.code, field).toBe('INVALID_INPUT');
      expect(error.field, field).toBe(field);
    }
    expect(remote.calls.size).toBe(0);
    expect(await rejection(groundMemories(remote.reader, 'all' as never))).toMatchObject({
      field: 'memories',
    });
    expect(await rejection(groundMemories(remote.reader, [], { trigger: 'Hourly' as never }))).toMatchObject({
      field: 'trigger',
    });
    expect(await rejection(groundMemory(remote.reader, { ...FULL_MEMORY, confidence: -1 }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'memory.confidence',
    });
    expect(await rejection(groundMemory({} as never, FULL_MEMORY))).toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('createGroundingBridge', () => {
  it('binds a reader and checked settings, and keeps only the read-only view', async () => {
    const bridge = createGroundingBridge(scenarioStub(), { weights: { TaintAnalysis: 0 }, concurrency: 2 });
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Reflect.ownKeys(bridge.reader)).toHaveLength(14);
    expect(bridge.config.weights.TaintAnalysis).toBe(0);
    const single = await bridge.groundMemory(FULL_MEMORY);
    expect(single.evidence.map((e) => e.type)).not.toContain('TaintAnalysis');
    const batch = await bridge.groundMemories([FULL_MEMORY], { trigger: 'OnDemand' });
    expect(batch.snapshot.triggerType).toBe('OnDemand');
    expect(batch.results[0]!.groundingScore).toBe(single.groundingScore);
    expect(batch.latestScanTimestamp).toBe(EXPECTED.latestScan);
    expect(() => createGroundingBridge(scenarioStub(), { weights: { DnaHealth: 2 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'weights.DnaHealth' }),
    );
  });
});

describe('linksFromTags', () => {
  it('reads every tagged entity, linked patterns first', () => {
    expect(
      linksFromTags(
        [
          'pattern:p2',
          'module:src/auth',
          'constraint:c1',
          'constraint:c2',
          'function:17',
          'file:src/a.ts',
          'decision:3',
          'boundary:4',
          'project:old',
          'project:drift',
          'pattern:p1',
          'pattern:',
          'topic:security',
        ],
        ['p1'],
      ),
    ).toEqual({
      patterns: ['p1', 'p2'],
      constraints: ['c1', 'c2'],
      modules: ['src/auth'],
      functions: ['17'],
      files: ['src/a.ts'],
      decisions: ['3'],
      boundaries: ['4'],
      project: 'drift',
    });
    expect(linksFromTags([])).toEqual({});
  });
});
