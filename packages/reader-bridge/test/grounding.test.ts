import { StorageError } from '@drift/storage-traits';
import { describe, expect, it } from 'vitest';
import {
  collectEvidence,
  DEFAULT_EVIDENCE_WEIGHTS,
  EVIDENCE_TYPES,
  type EvidenceType,
  type GroundingEvidence,
  groundMemories,
  groundMemory,
  type MemoryForGrounding,
} from '../src/index.js';
import {
  AUTH_MODULE,
  BACKENDS,
  BOUNDARY,
  DECISION,
  EXPECTED,
  FULL_MEMORY,
  JWT,
  LAYERS,
  LOGIN_FILE,
  NAMING,
  RAW_SQL,
  VERIFY_TOKEN_FN,
} from './helpers/scenario.js';

function byType(evidence: readonly GroundingEvidence[]): Map<EvidenceType, GroundingEvidence> {
  return new Map(evidence.map((e) => [e.type, e]));
}

/** Drift value and support of every evidence type for FULL_MEMORY, worked out by hand from EXPECTED. */
const FULL_EXPECTED: Record<EvidenceType, { subject: string; driftValue: number; support: number }> = {
  PatternConfidence: { subject: JWT, driftValue: 0.85, support: 0.85 },
  PatternOccurrence: { subject: JWT, driftValue: 0.6, support: 0.6 },
  FalsePositiveRate: { subject: JWT, driftValue: 0.25, support: 0.75 },
  ConstraintVerification: { subject: RAW_SQL, driftValue: 1, support: 1 },
  CouplingMetric: { subject: AUTH_MODULE, driftValue: 0.75, support: 0.75 },
  DnaHealth: { subject: 'drift', driftValue: 0.65, support: 0.65 },
  TestCoverage: { subject: VERIFY_TOKEN_FN, driftValue: 0.8, support: 0.8 },
  // 2 gaps, saturating at 100: 1 - 2/100
  ErrorHandlingGaps: { subject: LOGIN_FILE, driftValue: 2, support: 0.98 },
  DecisionEvidence: { subject: DECISION, driftValue: 0.9, support: 0.9 },
  BoundaryData: { subject: BOUNDARY, driftValue: 0.7, support: 0.7 },
  // 3 unsanitized flows, saturating at 10: 1 - 3/10
  TaintAnalysis: { subject: LOGIN_FILE, driftValue: 3, support: 0.7 },
  CallGraphCoverage: { subject: VERIFY_TOKEN_FN, driftValue: 0.5, support: 0.5 },
};

// Weighted mean with the default weights (which sum to 1):
// .18*.85 + .13*.6 + .09*.75 + .09*1 + .07*.75 + .07*.65 + .09*.8 + .06*.98 + .07*.9 + .05*.7 + .05*.7 + .05*.5
const FULL_SCORE =
  0.153 + 0.078 + 0.0675 + 0.09 + 0.0525 + 0.0455 + 0.072 + 0.0588 + 0.063 + 0.035 + 0.035 + 0.025;

describe.each(BACKENDS)('grounding against %s', (_name, backend) => {
  it('each of the 12 evidence types carries the value the stored rows imply', async () => {
    const { evidence, unavailable } = await collectEvidence(backend.populated(), FULL_MEMORY);
    expect(unavailable).toEqual([]);
    expect(evidence.map((e) => e.type)).toEqual([...EVIDENCE_TYPES]);
    const found = byType(evidence);
    for (const type of EVIDENCE_TYPES) {
      const e = found.get(type)!;
      const want = FULL_EXPECTED[type];
      expect(e.subject, type).toBe(want.subject);
      expect(e.driftValue, type).toBeCloseTo(want.driftValue, 12);
      expect(e.supportScore, type).toBeCloseTo(want.support, 12);
      expect(e.weight, type).toBe(DEFAULT_EVIDENCE_WEIGHTS[type]);
      expect(e.memoryClaim, type).toBe(type === 'PatternConfidence' ? 0.6 : null);
      expect(e.description.length, type).toBeGreaterThan(0);
    }
  });

  it('grounds the fully linked memory as validated, boosting its confidence by 0.05', async () => {
    const result = await groundMemory(backend.populated(), FULL_MEMORY);
    expect(FULL_SCORE).toBeCloseTo(0.7753, 12);
    expect(result.groundingScore).toBeCloseTo(FULL_SCORE, 12);
    expect(result.verdict).toBe('Validated');
    expect(result.groundability).toBe('Full');
    expect(result.confidenceAdjustment.mode).toBe('Boost');
    expect(result.confidenceAdjustment.delta).toBeCloseTo(0.05, 12);
    expect(result.confidenceAdjustment.newConfidence).toBeCloseTo(0.65, 12);
    expect(result.generatesContradiction).toBe(false);
    expect(result.contradiction).toBeNull();
    expect(result.error).toBeNull();
    expect(result.evidence).toHaveLength(12);
    // plain data: survives a JSON round trip unchanged
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('a memory whose score fell by more than 0.3 is weak, penalized and contradicted', async () => {
    const memory: MemoryForGrounding = {
      id: 'm-naming',
      memoryType: 'Tribal',
      confidence: 0.5,
      previousScore: 0.8,
      links: { patterns: [NAMING], constraints: [LAYERS] },
    };
    const result = await groundMemory(backend.populated(), memory);
    // naming: confidence 0.4, occurrence 2/5, no feedback; layered-imports failed its latest check
    // (.18*.4 + .13*.4 + .09*0) / (.18 + .13 + .09) = .124 / .4
    expect(result.evidence.map((e) => [e.type, e.supportScore])).toEqual([
      ['PatternConfidence', 0.4],
      ['PatternOccurrence', 0.4],
      ['ConstraintVerification', 0],
    ]);
    expect(result.groundingScore).toBeCloseTo(0.31, 12);
    expect(result.verdict).toBe('Weak');
    expect(result.groundability).toBe('Partial');
    expect(result.scoreDelta).toBeCloseTo(0.31 - 0.8, 12);
    expect(result.confidenceAdjustment).toMatchObject({ mode: 'Penalize' });
    expect(result.confidenceAdjustment.delta).toBeCloseTo(-0.15, 12);
    expect(result.confidenceAdjustment.newConfidence).toBeCloseTo(0.35, 12);
    expect(result.generatesContradiction).toBe(true);
    expect(result.contradiction).toMatchObject({
      memoryType: 'Feedback',
      category: 'grounding_contradiction',
      supersedes: 'm-naming',
      tags: ['drift_bridge', 'grounding_contradiction', 'contradicts:m-naming'],
    });
    expect(result.contradiction!.feedback).toContain('verdict Weak');
  });

  it('a memory only contradicted by drift data is invalidated: confidence drops by 0.3', async () => {
    const memory: MemoryForGrounding = {
      id: 'm-layers',
      memoryType: 'ConstraintOverride',
      confidence: 0.5,
      links: { constraints: [LAYERS] },
    };
    const result = await groundMemory(backend.populated(), memory);
    expect(result.groundingScore).toBe(0);
    expect(result.verdict).toBe('Invalidated');
    expect(result.confidenceAdjustment.delta).toBeCloseTo(-0.3, 12);
    expect(result.confidenceAdjustment.newConfidence).toBeCloseTo(0.2, 12);
    expect(result.generatesContradiction).toBe(true);
    expect(result.contradiction!.feedback).toContain('verdict Invalidated');
  });

  it('a type that is not groundable reads nothing; unknown entities give insufficient data', async () => {
    const reader = backend.failing(
      ['patternConfidence', 'patternOccurrenceRate', 'falsePositiveRate'],
      new Error('must not be called'),
    );
    const episodic = await groundMemory(reader, { ...FULL_MEMORY, id: 'm-episode', memoryType: 'Episodic' });
    expect(episodic.verdict).toBe('NotGroundable');
    expect(episodic.evidence).toEqual([]);
    expect(episodic.unavailable).toEqual([]);
    expect(episodic.confidenceAdjustment).toEqual({
      mode: 'NoChange',
      delta: null,
      newConfidence: 0.6,
      reason: 'memory type is not groundable',
    });

    const unknown = await groundMemory(backend.populated(), {
      id: 'm-unknown',
      memoryType: 'Core',
      confidence: 0.7,
      links: { patterns: ['no/such-pattern'], constraints: ['no-such-constraint'], files: ['nowhere.ts'] },
    });
    expect(unknown.verdict).toBe('InsufficientData');
    expect(unknown.evidence).toEqual([]);
    expect(unknown.unavailable).toEqual([]);
    expect(unknown.confidenceAdjustment.mode).toBe('NoChange');
  });

  it('an empty database gives no evidence and no errors', async () => {
    const reader = backend.empty();
    const collected = await collectEvidence(reader, FULL_MEMORY);
    expect(collected).toEqual({ evidence: [], unavailable: [] });
    const batch = await groundMemories(reader, [FULL_MEMORY, { ...FULL_MEMORY, id: 'm-2' }]);
    expect(batch.results.map((r) => r.verdict)).toEqual(['InsufficientData', 'InsufficientData']);
    expect(batch.snapshot).toMatchObject({ totalChecked: 2, insufficientData: 2, errorCount: 0 });
    expect(batch.latestScanTimestamp).toBeNull();
    expect(batch.latestScanUnavailable).toBeNull();
  });

  it('a reader that throws on some methods gives partial evidence, each gap recorded with its reason', async () => {
    const reader = backend.failing(
      ['patternOccurrenceRate', 'dnaHealth', 'taintFlowRisk'],
      new StorageError('BUSY', 'database is locked'),
    );
    const result = await groundMemory(reader, FULL_MEMORY);
    expect(result.evidence.map((e) => e.type)).toEqual(
      EVIDENCE_TYPES.filter((t) => !['PatternOccurrence', 'DnaHealth', 'TaintAnalysis'].includes(t)),
    );
    expect(result.unavailable).toEqual([
      {
        type: 'PatternOccurrence',
        subject: JWT,
        method: 'patternOccurrenceRate',
        code: 'BUSY',
        reason: 'database is locked',
      },
      {
        type: 'DnaHealth',
        subject: 'drift',
        method: 'dnaHealth',
        code: 'BUSY',
        reason: 'database is locked',
      },
      {
        type: 'TaintAnalysis',
        subject: LOGIN_FILE,
        method: 'taintFlowRisk',
        code: 'BUSY',
        reason: 'database is locked',
      },
    ]);
    // the score is the weighted mean of what could be read (weights .88 in all)
    const readable = 0.153 + 0.0675 + 0.09 + 0.0525 + 0.072 + 0.0588 + 0.063 + 0.035 + 0.025; // without .13, .07, .05
    expect(result.groundingScore).toBeCloseTo(readable / (1 - 0.13 - 0.07 - 0.05), 12);
    expect(result.verdict).toBe('Validated');
  });

  it('a reader failing with a foreign error is reported as a StorageError naming the method', async () => {
    const reader = backend.failing(['constraintVerified'], new TypeError('socket hang up'));
    const { evidence, unavailable } = await collectEvidence(reader, FULL_MEMORY);
    expect(evidence).toHaveLength(11);
    expect(unavailable).toEqual([
      {
        type: 'ConstraintVerification',
        subject: RAW_SQL,
        method: 'constraintVerified',
        code: 'SQLITE_ERROR',
        reason: 'reader method constraintVerified failed: socket hang up',
      },
    ]);
  });

  it('a batch keeps going when every read fails, and counts the failures', async () => {
    const reader = backend.failing(
      [
        'patternConfidence',
        'patternOccurrenceRate',
        'falsePositiveRate',
        'constraintVerified',
        'latestScanTimestamp',
      ],
      new StorageError('CLOSED', 'engine closed'),
    );
    const batch = await groundMemories(reader, [
      { id: 'a', memoryType: 'Core', confidence: 0.5, links: { patterns: [JWT] } },
      { id: 'b', memoryType: 'Decision', confidence: 0.5, links: { patterns: [JWT], decisions: [DECISION] } },
      { id: 'c', memoryType: 'Insight', confidence: 0.5, links: { constraints: [RAW_SQL] } },
    ]);
    expect(batch.results.map((r) => [r.memoryId, r.verdict])).toEqual([
      ['a', 'InsufficientData'],
      ['b', 'Validated'],
      ['c', 'InsufficientData'],
    ]);
    expect(batch.results[1]!.evidence.map((e) => e.type)).toEqual(['DecisionEvidence']);
    expect(batch.results[0]!.unavailable.map((u) => u.method)).toEqual([
      'patternConfidence',
      'patternOccurrenceRate',
      'falsePositiveRate',
    ]);
    expect(batch.latestScanTimestamp).toBeNull();
    expect(batch.latestScanUnavailable).toEqual({ code: 'CLOSED', reason: 'engine closed' });
    // 3 + 3 + 1 failed evidence reads, plus the scan time
    expect(batch.snapshot.errorCount).toBe(8);
  });

  it('grounds a batch in input order, with counts, the scan time, and the excess deferred', async () => {
    const memories: MemoryForGrounding[] = [
      FULL_MEMORY,
      {
        id: 'm-weak',
        memoryType: 'Tribal',
        confidence: 0.5,
        links: { patterns: [NAMING], constraints: [LAYERS] },
      },
      { id: 'm-bad', memoryType: 'ConstraintOverride', confidence: 0.5, links: { constraints: [LAYERS] } },
      { id: 'm-goal', memoryType: 'Goal', confidence: 0.5, links: { patterns: [JWT] } },
      { id: 'm-none', memoryType: 'Semantic', confidence: 0.5, links: { patterns: ['nothing'] } },
      { id: 'm-later', memoryType: 'Semantic', confidence: 0.5, links: { patterns: [JWT] } },
    ];
    const batch = await groundMemories(backend.populated(), memories, {
      maxMemoriesPerLoop: 5,
      trigger: 'PostScanFull',
    });
    expect(batch.results.map((r) => [r.memoryId, r.verdict])).toEqual([
      ['m-full', 'Validated'],
      ['m-weak', 'Weak'],
      ['m-bad', 'Invalidated'],
      ['m-goal', 'NotGroundable'],
      ['m-none', 'InsufficientData'],
    ]);
    expect(batch.deferred).toEqual(['m-later']);
    expect(batch.latestScanTimestamp).toBe(EXPECTED.latestScan);
    expect(batch.latestScanUnavailable).toBeNull();
    const { durationMs, avgGroundingScore, ...counts } = batch.snapshot;
    expect(counts).toEqual({
      totalChecked: 5,
      validated: 1,
      partial: 0,
      weak: 1,
      invalidated: 1,
      notGroundable: 1,
      insufficientData: 1,
      contradictionsGenerated: 1,
      errorCount: 0,
      triggerType: 'PostScanFull',
    });
    expect(avgGroundingScore).toBeCloseTo((FULL_SCORE + 0.31 + 0) / 3, 12);
    expect(durationMs).toBeGreaterThanOrEqual(0);
  });

  it('several entities of one kind each give evidence; the type counts once in the score', async () => {
    const result = await groundMemory(backend.populated(), {
      id: 'm-two-patterns',
      memoryType: 'PatternRationale',
      confidence: 0.5,
      links: { patterns: [JWT, NAMING, JWT] },
    });
    expect(result.evidence.map((e) => [e.type, e.subject])).toEqual([
      ['PatternConfidence', JWT],
      ['PatternConfidence', NAMING],
      ['PatternOccurrence', JWT],
      ['PatternOccurrence', NAMING],
      ['FalsePositiveRate', JWT],
    ]);
    // per type: confidence (.85 + .4) / 2, occurrence (.6 + .4) / 2, false positives .75
    const score = (0.18 * 0.625 + 0.13 * 0.5 + 0.09 * 0.75) / (0.18 + 0.13 + 0.09);
    expect(result.groundingScore).toBeCloseTo(score, 12);
  });

  it('modules stand in for functions and files for test coverage and error gaps', async () => {
    const { evidence } = await collectEvidence(backend.populated(), {
      id: 'm-module',
      memoryType: 'CodeSmell',
      confidence: 0.5,
      links: { modules: [AUTH_MODULE] },
    });
    expect(evidence.map((e) => [e.type, e.subject, e.driftValue])).toEqual([
      ['CouplingMetric', AUTH_MODULE, EXPECTED.authInstability],
      // no test_quality row is keyed by a module path
      ['ErrorHandlingGaps', AUTH_MODULE, EXPECTED.authGaps],
    ]);
  });

  it('configured weights change the score and weight-0 types are not read', async () => {
    const reader = backend.failing(['dnaHealth'], new Error('must not be called'));
    const result = await groundMemory(reader, FULL_MEMORY, {
      weights: { PatternConfidence: 0.05, BoundaryData: 0.95, DnaHealth: 0 },
    });
    expect(result.unavailable).toEqual([]);
    expect(result.evidence.map((e) => e.type)).not.toContain('DnaHealth');
    expect(result.evidence.find((e) => e.type === 'BoundaryData')!.weight).toBe(0.95);
    const weighted = FULL_SCORE - 0.153 - 0.0455 - 0.035 + 0.05 * 0.85 + 0.95 * 0.7;
    const total = 1 - 0.18 - 0.07 - 0.05 + 0.05 + 0.95;
    expect(result.groundingScore).toBeCloseTo(weighted / total, 12);
  });
});
