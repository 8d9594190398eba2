import type { GroundingEvidence } from './collector.js';
import type { GroundingVerdict } from './scorer.js';

/**
 * The Feedback memory that records a contradiction, as plain data for the caller's memory store to
 * insert (it assigns the id and timestamps). It supersedes the contradicted memory.
 */
export interface ContradictionMemory {
  /** Always `Feedback`. */
  readonly memoryType: 'Feedback';
  /** Always `grounding_contradiction`. */
  readonly category: 'grounding_contradiction';
  /** Always `drift_bridge`. */
  readonly source: 'drift_bridge';
  /** The feedback text: verdict, score, delta and every piece of evidence. */
  readonly feedback: string;
  /** `Grounding contradiction for <memory id> (score <score to 2 decimals>)`. */
  readonly summary: string;
  /** Confidence of the contradiction itself (the reference's 0.9). */
  readonly confidence: number;
  /** Importance (the reference's `High`). */
  readonly importance: 'High';
  /** `drift_bridge`, `grounding_contradiction`, `contradicts:<memory id>`. */
  readonly tags: readonly string[];
  /** The id of the contradicted memory. */
  readonly supersedes: string;
}

/** What {@link contradictionFor} needs from a grounding result. */
export interface ContradictionInput {
  /** The grounded memory's id: what the contradiction supersedes. */
  readonly memoryId: string;
  readonly verdict: GroundingVerdict;
  /** The weighted grounding score, 0..1. */
  readonly groundingScore: number;
  /** Its score change since the previous grounding, or null. */
  readonly scoreDelta: number | null;
  /** The evidence the result carries, each piece written into the contradiction's `feedback` text. */
  readonly evidence: readonly GroundingEvidence[];
  /** The result's flag (`shouldGenerateContradiction`); when false, `contradictionFor` answers null. */
  readonly generatesContradiction: boolean;
}

/** The contradiction memory a grounding result calls for, or null when it calls for none. */
export function contradictionFor(result: ContradictionInput): ContradictionMemory | null {
  if (!result.generatesContradiction) return null;
  const label =
    result.verdict === 'Invalidated' || result.verdict === 'Weak' ? result.verdict : 'Contradicted';
  const delta = result.scoreDelta === null ? 'none' : result.scoreDelta.toFixed(3);
  const pieces = result.evidence.map(
    (e) => `${e.type}(${e.subject}) = ${e.driftValue.toFixed(2)}, support ${e.supportScore.toFixed(2)}`,
  );
  return {
    memoryType: 'Feedback',
    category: 'grounding_contradiction',
    source: 'drift_bridge',
    feedback:
      `Drift data contradicts memory '${result.memoryId}': verdict ${label}, score ${result.groundingScore.toFixed(3)}, ` +
      `change since last grounding ${delta}. Evidence: ${pieces.length > 0 ? pieces.join('; ') : 'none'}.`,
    summary: `Grounding contradiction for ${result.memoryId} (score ${result.groundingScore.toFixed(2)})`,
    confidence: 0.9,
    importance: 'High',
    tags: ['drift_bridge', 'grounding_contradiction', `contradicts:${result.memoryId}`],
    supersedes: result.memoryId,
  };
}
