import type { GroundingEvidence } from './collector.js';
import { DEFAULT_GROUNDING_CONFIG, type GroundingConfig, type VerdictThresholds } from './config.js';
import type { EvidenceType, EvidenceWeights } from './evidence-types.js';

/**
 * The outcome of grounding a memory: a verdict from its score (`Validated`, `Partial`, `Weak`,
 * `Invalidated`), or why there is none (`NotGroundable`, `InsufficientData`, `Error`).
 */
export type GroundingVerdict =
  | 'Validated'
  | 'Partial'
  | 'Weak'
  | 'Invalidated'
  | 'NotGroundable'
  | 'InsufficientData'
  | 'Error';

/** How a memory's confidence should change (`FlagForReview` and `Set` exist in the reference but are never produced). */
export type AdjustmentMode = 'NoChange' | 'Boost' | 'Penalize' | 'FlagForReview' | 'Set';

/** A confidence change to apply to a memory. Plain data; applying it is the caller's business. */
export interface ConfidenceAdjustment {
  /** `Boost` for a validated memory, `Penalize` for a partial, weak or invalidated one, else `NoChange`. */
  readonly mode: AdjustmentMode;
  /** The change to add to the confidence, or null for none. */
  readonly delta: number | null;
  /** The confidence after the change, kept within [0, 1] as the reference's store does. */
  readonly newConfidence: number;
  /** The verdict in words for people (e.g. `memory validated by drift scan data`); not meant to be parsed. */
  readonly reason: string;
}

/** True for evidence that can count in a score: a finite support and a positive weight. */
export function isScorable(evidence: GroundingEvidence, weights: EvidenceWeights): boolean {
  const weight = weights[evidence.type];
  return Number.isFinite(evidence.supportScore) && Number.isFinite(weight) && weight > 0;
}

/**
 * The weighted mean of the evidence's support, 0..1, each type weighted by `weights`. Several pieces of
 * one type (a memory linked to several patterns) are averaged first, so a type counts with its weight
 * however many entities were linked; with one piece per type this is the reference's weighted mean.
 * 0 when no evidence can count (as the reference).
 */
export function computeGroundingScore(
  evidence: readonly GroundingEvidence[],
  weights: EvidenceWeights = DEFAULT_GROUNDING_CONFIG.weights,
): number {
  const perType = new Map<EvidenceType, { sum: number; count: number }>();
  for (const e of evidence) {
    if (!isScorable(e, weights)) continue;
    const acc = perType.get(e.type) ?? { sum: 0, count: 0 };
    acc.sum += e.supportScore;
    acc.count += 1;
    perType.set(e.type, acc);
  }
  let weighted = 0;
  let total = 0;
  for (const [type, { sum, count }] of perType) {
    weighted += (sum / count) * weights[type];
    total += weights[type];
  }
  if (total <= 0) return 0;
  return Math.min(Math.max(weighted / total, 0), 1);
}

/** The verdict of a score: `Validated` at 0.7 or more, `Partial` at 0.4, `Weak` at 0.2, else `Invalidated`. */
export function scoreToVerdict(
  score: number,
  thresholds: VerdictThresholds = DEFAULT_GROUNDING_CONFIG.thresholds,
): GroundingVerdict {
  if (score >= thresholds.validated) return 'Validated';
  if (score >= thresholds.partial) return 'Partial';
  if (score >= thresholds.weak) return 'Weak';
  return 'Invalidated';
}

const clamp01 = (x: number): number => Math.min(Math.max(x, 0), 1);

/**
 * The reference's confidence rule: validated memories gain `boostDelta` (never past 1), partial and
 * weak ones lose `partialPenalty` / `weakPenalty`, invalidated ones drop by `contradictionDrop` but
 * not below `invalidatedFloor` (so one already under the floor is raised to it, as in the reference);
 * the other verdicts leave it unchanged.
 */
export function confidenceAdjustment(
  verdict: GroundingVerdict,
  currentConfidence: number,
  config: GroundingConfig = DEFAULT_GROUNDING_CONFIG,
): ConfidenceAdjustment {
  const change = (mode: AdjustmentMode, delta: number, reason: string): ConfidenceAdjustment => ({
    mode,
    delta,
    newConfidence: clamp01(currentConfidence + delta),
    reason,
  });
  switch (verdict) {
    case 'Validated':
      return change(
        'Boost',
        Math.min(config.boostDelta, 1 - currentConfidence),
        'memory validated by drift scan data',
      );
    case 'Partial':
      return change('Penalize', -config.partialPenalty, 'memory only partially supported by drift data');
    case 'Weak':
      return change('Penalize', -config.weakPenalty, 'memory weakly supported by drift data');
    case 'Invalidated': {
      const target = Math.max(currentConfidence - config.contradictionDrop, config.invalidatedFloor);
      return change(
        'Penalize',
        target - currentConfidence,
        `memory contradicted by drift data (confidence floor ${config.invalidatedFloor})`,
      );
    }
    case 'NotGroundable':
      return unchanged(currentConfidence, 'memory type is not groundable');
    case 'InsufficientData':
      return unchanged(currentConfidence, 'not enough drift data to ground the memory');
    default:
      return unchanged(currentConfidence, `no adjustment: ${verdict}`);
  }
}

function unchanged(currentConfidence: number, reason: string): ConfidenceAdjustment {
  return { mode: 'NoChange', delta: null, newConfidence: currentConfidence, reason };
}

/**
 * Whether grounding should record a contradiction: the memory is `Invalidated`, or its score fell by
 * more than `contradictionDrop` since the previous grounding.
 */
export function shouldGenerateContradiction(
  verdict: GroundingVerdict,
  scoreDelta: number | null,
  config: GroundingConfig = DEFAULT_GROUNDING_CONFIG,
): boolean {
  return verdict === 'Invalidated' || (scoreDelta !== null && scoreDelta < -config.contradictionDrop);
}
