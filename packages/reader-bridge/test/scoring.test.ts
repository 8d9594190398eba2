import { describe, expect, it } from 'vitest';
import {
  classifyGroundability,
  computeGroundingScore,
  confidenceAdjustment,
  contradictionFor,
  DEFAULT_EVIDENCE_WEIGHTS,
  DEFAULT_GROUNDING_CONFIG,
  EVIDENCE_TYPES,
  type EvidenceType,
  type GroundingEvidence,
  MEMORY_TYPES,
  memoryTypesWith,
  parseMemoryType,
  resolveGroundingConfig,
  scoreToVerdict,
  shouldGenerateContradiction,
} from '../src/index.js';

function evidence(type: EvidenceType, supportScore: number, subject = 's'): GroundingEvidence {
  return {
    type,
    subject,
    description: '',
    driftValue: supportScore,
    memoryClaim: null,
    supportScore,
    weight: DEFAULT_EVIDENCE_WEIGHTS[type],
  };
}

describe('evidence types and weights', () => {
  it('has the 12 types with the reference weights, summing to 1', () => {
    expect(EVIDENCE_TYPES).toHaveLength(12);
    expect(DEFAULT_EVIDENCE_WEIGHTS).toEqual({
      PatternConfidence: 0.18,
      PatternOccurrence: 0.13,
      FalsePositiveRate: 0.09,
      ConstraintVerification: 0.09,
      CouplingMetric: 0.07,
      DnaHealth: 0.07,
      TestCoverage: 0.09,
      ErrorHandlingGaps: 0.06,
      DecisionEvidence: 0.07,
      BoundaryData: 0.05,
      TaintAnalysis: 0.05,
      CallGraphCoverage: 0.05,
    });
    const sum = Object.values(DEFAULT_EVIDENCE_WEIGHTS).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
  });
});

describe('computeGroundingScore', () => {
  it('is the weighted mean of support', () => {
    const items = [evidence('PatternConfidence', 0.9), evidence('BoundaryData', 0.1)];
    // (.18 * .9 + .05 * .1) / (.18 + .05)
    expect(computeGroundingScore(items)).toBeCloseTo(0.167 / 0.23, 12);
  });

  it('follows overridden weights (the reference: a dominant BoundaryData pulls the score down)', () => {
    const items = [evidence('PatternConfidence', 0.9), evidence('BoundaryData', 0.1)];
    const weights = resolveGroundingConfig({
      weights: { PatternConfidence: 0.05, BoundaryData: 0.95 },
    }).weights;
    expect(computeGroundingScore(items, weights)).toBeCloseTo((0.05 * 0.9 + 0.95 * 0.1) / 1, 12);
    expect(computeGroundingScore(items, weights)).toBeLessThan(computeGroundingScore(items));
  });

  it('averages several pieces of one type before weighting', () => {
    const items = [
      evidence('PatternConfidence', 1, 'a'),
      evidence('PatternConfidence', 0, 'b'),
      evidence('ConstraintVerification', 1),
    ];
    // (.18 * .5 + .09 * 1) / (.18 + .09)
    expect(computeGroundingScore(items)).toBeCloseTo(0.18 / 0.27, 12);
  });

  it('is 0 without evidence that can count, and skips non-finite support', () => {
    expect(computeGroundingScore([])).toBe(0);
    const weights = resolveGroundingConfig({ weights: { TaintAnalysis: 0 } }).weights;
    expect(computeGroundingScore([evidence('TaintAnalysis', 1)], weights)).toBe(0);
    expect(computeGroundingScore([evidence('DnaHealth', Number.NaN), evidence('TestCoverage', 0.5)])).toBe(
      0.5,
    );
  });
});

describe('scoreToVerdict', () => {
  it('uses the thresholds 0.7, 0.4 and 0.2, inclusive', () => {
    expect(scoreToVerdict(1)).toBe('Validated');
    expect(scoreToVerdict(0.7)).toBe('Validated');
    expect(scoreToVerdict(0.6999)).toBe('Partial');
    expect(scoreToVerdict(0.4)).toBe('Partial');
    expect(scoreToVerdict(0.3999)).toBe('Weak');
    expect(scoreToVerdict(0.2)).toBe('Weak');
    expect(scoreToVerdict(0.1999)).toBe('Invalidated');
    expect(scoreToVerdict(0)).toBe('Invalidated');
  });

  it('follows configured thresholds', () => {
    const { thresholds } = resolveGroundingConfig({ thresholds: { validated: 0.9 } });
    expect(scoreToVerdict(0.8, thresholds)).toBe('Partial');
    expect(scoreToVerdict(0.9, thresholds)).toBe('Validated');
  });
});

describe('confidenceAdjustment', () => {
  it('boosts a validated memory by 0.05, never past 1', () => {
    expect(confidenceAdjustment('Validated', 0.5)).toMatchObject({
      mode: 'Boost',
      delta: 0.05,
      newConfidence: 0.55,
    });
    const nearlyOne = confidenceAdjustment('Validated', 0.98);
    expect(nearlyOne.delta).toBeCloseTo(0.02, 12);
    expect(nearlyOne.newConfidence).toBeCloseTo(1, 12);
  });

  it('penalizes partial by 0.05 and weak by 0.15, the result kept within [0, 1]', () => {
    expect(confidenceAdjustment('Partial', 0.5)).toMatchObject({
      mode: 'Penalize',
      delta: -0.05,
      newConfidence: 0.45,
    });
    expect(confidenceAdjustment('Weak', 0.5)).toMatchObject({
      mode: 'Penalize',
      delta: -0.15,
      newConfidence: 0.35,
    });
    expect(confidenceAdjustment('Weak', 0.1)).toMatchObject({ delta: -0.15, newConfidence: 0 });
  });

  it('drops an invalidated memory by 0.3 down to the 0.1 floor (raising one below the floor, as the reference)', () => {
    const drop = confidenceAdjustment('Invalidated', 0.9);
    expect(drop.delta).toBeCloseTo(-0.3, 12);
    expect(drop.newConfidence).toBeCloseTo(0.6, 12);
    const floored = confidenceAdjustment('Invalidated', 0.25);
    expect(floored.delta).toBeCloseTo(-0.15, 12);
    expect(floored.newConfidence).toBeCloseTo(0.1, 12);
    const below = confidenceAdjustment('Invalidated', 0.05);
    expect(below.mode).toBe('Penalize');
    expect(below.delta).toBeCloseTo(0.05, 12);
    expect(below.newConfidence).toBeCloseTo(0.1, 12);
  });

  it('leaves the other verdicts unchanged', () => {
    for (const verdict of ['NotGroundable', 'InsufficientData', 'Error'] as const) {
      expect(confidenceAdjustment(verdict, 0.42)).toMatchObject({
        mode: 'NoChange',
        delta: null,
        newConfidence: 0.42,
      });
    }
  });

  it('uses configured deltas', () => {
    const config = resolveGroundingConfig({ boostDelta: 0.2, invalidatedFloor: 0.3, contradictionDrop: 0.5 });
    expect(confidenceAdjustment('Validated', 0.5, config).delta).toBeCloseTo(0.2, 12);
    expect(confidenceAdjustment('Invalidated', 0.7, config).newConfidence).toBeCloseTo(0.3, 12);
  });
});

describe('contradictions', () => {
  it('are generated for invalidated memories and for a score fall larger than 0.3', () => {
    expect(shouldGenerateContradiction('Invalidated', null)).toBe(true);
    expect(shouldGenerateContradiction('Validated', -0.31)).toBe(true);
    expect(shouldGenerateContradiction('Partial', -0.3)).toBe(false);
    expect(shouldGenerateContradiction('Weak', null)).toBe(false);
    expect(shouldGenerateContradiction('Weak', 0.5)).toBe(false);
  });

  it('are recorded as a Feedback memory superseding the contradicted one', () => {
    const memory = contradictionFor({
      memoryId: 'm1',
      verdict: 'Partial',
      groundingScore: 0.45,
      scoreDelta: -0.4,
      evidence: [evidence('PatternConfidence', 0.45, 'p1')],
      generatesContradiction: true,
    });
    expect(memory).toEqual({
      memoryType: 'Feedback',
      category: 'grounding_contradiction',
      source: 'drift_bridge',
      feedback:
        "Drift data contradicts memory 'm1': verdict Contradicted, score 0.450, change since last grounding -0.400. " +
        'Evidence: PatternConfidence(p1) = 0.45, support 0.45.',
      summary: 'Grounding contradiction for m1 (score 0.45)',
      confidence: 0.9,
      importance: 'High',
      tags: ['drift_bridge', 'grounding_contradiction', 'contradicts:m1'],
      supersedes: 'm1',
    });
    expect(
      contradictionFor({
        memoryId: 'm1',
        verdict: 'Validated',
        groundingScore: 0.9,
        scoreDelta: null,
        evidence: [],
        generatesContradiction: false,
      }),
    ).toBeNull();
  });
});

describe('groundability', () => {
  it('classifies 6 memory types as fully, 7 as partially and 10 as not groundable', () => {
    expect(MEMORY_TYPES).toHaveLength(23);
    expect(memoryTypesWith('Full')).toEqual([
      'Core',
      'Semantic',
      'PatternRationale',
      'ConstraintOverride',
      'DecisionContext',
      'CodeSmell',
    ]);
    expect(memoryTypesWith('Partial').sort()).toEqual(
      ['Decision', 'Entity', 'Environment', 'Feedback', 'Incident', 'Insight', 'Tribal'].sort(),
    );
    expect(memoryTypesWith('NotGroundable')).toHaveLength(10);
    expect(classifyGroundability('Skill')).toBe('NotGroundable');
    expect(classifyGroundability('Incident')).toBe('Partial');
  });

  it('parses the spellings the reference accepts', () => {
    expect(parseMemoryType('PatternRationale')).toBe('PatternRationale');
    expect(parseMemoryType('pattern_rationale')).toBe('PatternRationale');
    expect(parseMemoryType('codesmell')).toBe('CodeSmell');
    expect(parseMemoryType('AGENT_SPAWN')).toBe('AgentSpawn');
    expect(parseMemoryType('unknown')).toBeNull();
  });
});

describe('resolveGroundingConfig', () => {
  it('defaults to the reference settings', () => {
    expect(resolveGroundingConfig()).toEqual(DEFAULT_GROUNDING_CONFIG);
    expect(DEFAULT_GROUNDING_CONFIG).toMatchObject({
      thresholds: { validated: 0.7, partial: 0.4, weak: 0.2 },
      boostDelta: 0.05,
      partialPenalty: 0.05,
      weakPenalty: 0.15,
      invalidatedFloor: 0.1,
      contradictionDrop: 0.3,
      maxMemoriesPerLoop: 500,
      errorGapSaturation: 100,
    });
  });

  it('rejects bad settings with INVALID_INPUT naming the field', () => {
    const cases: [unknown, string][] = [
      [{ weights: { PatternConfidence: 1.5 } }, 'weights.PatternConfidence'],
      [{ weights: { PatternConfidence: -0.1 } }, 'weights.PatternConfidence'],
      [{ weights: { PatternConfidence: Number.NaN } }, 'weights.PatternConfidence'],
      [{ weights: { Security: 0.1 } }, 'weights.Security'],
      [{ weights: 'heavy' }, 'weights'],
      [{ weights: Object.fromEntries(EVIDENCE_TYPES.map((t) => [t, 0])) }, 'weights'],
      [{ thresholds: { validated: 0.3 } }, 'thresholds'],
      [{ thresholds: { strong: 0.9 } }, 'thresholds.strong'],
      [{ boostDelta: 2 }, 'boostDelta'],
      [{ invalidatedFloor: Number.NaN }, 'invalidatedFloor'],
      [{ maxMemoriesPerLoop: 0 }, 'maxMemoriesPerLoop'],
      [{ concurrency: 1.5 }, 'concurrency'],
      [{ taintFlowSaturation: -1 }, 'taintFlowSaturation'],
      [{ retries: 3 }, 'retries'],
      [null, 'config'],
    ];
    for (const [options, field] of cases) {
      expect(() => resolveGroundingConfig(options as never), field).toThrow(
        expect.objectContaining({ name: 'StorageError', code: 'INVALID_INPUT', field }),
      );
    }
  });
});
