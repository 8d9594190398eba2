import { argumentError, invalidInput } from '@drift/storage-traits';
import { DEFAULT_EVIDENCE_WEIGHTS, type EvidenceWeights, isEvidenceType } from './evidence-types.js';
import { quoteInput } from './util.js';

/** Scores at or above which each verdict is given; anything below `weak` is `Invalidated`. */
export interface VerdictThresholds {
  /** Lowest score that is `Validated` (reference: 0.7). */
  readonly validated: number;
  /** Lowest score that is `Partial` (reference: 0.4). */
  readonly partial: number;
  /** Lowest score that is `Weak` (reference: 0.2). */
  readonly weak: number;
}

/** The fully resolved grounding settings; every field has the reference's default. */
export interface GroundingConfig {
  /** Weight of each evidence type in the score. */
  readonly weights: EvidenceWeights;
  /**
   * Score thresholds of the verdicts `Validated`, `Partial` and `Weak` (defaults 0.7, 0.4, 0.2); below the
   * last, `Invalidated`.
   */
  readonly thresholds: VerdictThresholds;
  /** Confidence added to a validated memory (never past 1). */
  readonly boostDelta: number;
  /** Confidence taken from a partially supported memory. */
  readonly partialPenalty: number;
  /** Confidence taken from a weakly supported memory. */
  readonly weakPenalty: number;
  /** Confidence an invalidated memory is brought down to at least (the drop stops here). */
  readonly invalidatedFloor: number;
  /** Confidence taken from an invalidated memory; a score fall larger than this is a contradiction. */
  readonly contradictionDrop: number;
  /** Memories grounded per batch at most; the rest are returned as deferred, not dropped. */
  readonly maxMemoriesPerLoop: number;
  /** Reader calls in flight at most during a batch. */
  readonly concurrency: number;
  /** Error-handling gaps at which that evidence's support reaches 0 (reference: 100). */
  readonly errorGapSaturation: number;
  /** Unsanitized taint flows at which that evidence's support reaches 0 (this package's choice: 10). */
  readonly taintFlowSaturation: number;
}

/** What a caller may override: any subset, weights per evidence type. */
export type GroundingOptions = {
  readonly [K in keyof GroundingConfig]?: K extends 'weights' | 'thresholds'
    ? Partial<GroundingConfig[K]>
    : GroundingConfig[K];
};

/** The reference's grounding settings, plus this package's concurrency and taint saturation. */
export const DEFAULT_GROUNDING_CONFIG: GroundingConfig = Object.freeze({
  weights: DEFAULT_EVIDENCE_WEIGHTS,
  thresholds: Object.freeze({ validated: 0.7, partial: 0.4, weak: 0.2 }),
  boostDelta: 0.05,
  partialPenalty: 0.05,
  weakPenalty: 0.15,
  invalidatedFloor: 0.1,
  contradictionDrop: 0.3,
  maxMemoriesPerLoop: 500,
  concurrency: 8,
  errorGapSaturation: 100,
  taintFlowSaturation: 10,
});

const FRACTIONS = [
  'boostDelta',
  'partialPenalty',
  'weakPenalty',
  'invalidatedFloor',
  'contradictionDrop',
] as const;
const COUNTS = ['maxMemoriesPerLoop', 'concurrency', 'errorGapSaturation', 'taintFlowSaturation'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_GROUNDING_CONFIG));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fraction(operation: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw argumentError(operation, field, 'a number in [0, 1]', value);
  }
  return value;
}

function positiveInteger(operation: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw argumentError(operation, field, 'a positive integer', value);
  }
  return value;
}

function resolveWeights(operation: string, overrides: unknown): EvidenceWeights {
  if (overrides === undefined) return DEFAULT_EVIDENCE_WEIGHTS;
  if (!isRecord(overrides)) throw argumentError(operation, 'weights', 'an object', overrides);
  const weights: Record<string, number> = { ...DEFAULT_EVIDENCE_WEIGHTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!isEvidenceType(key)) {
      throw invalidInput(
        `${operation}: weights.${quoteInput(key)} is not an evidence type (expected one of ${Object.keys(DEFAULT_EVIDENCE_WEIGHTS).join(', ')})`,
        { operation, field: `weights.${quoteInput(key)}` },
      );
    }
    if (value === undefined) continue;
    weights[key] = fraction(operation, `weights.${key}`, value);
  }
  if (!Object.values(weights).some((w) => w > 0)) {
    throw invalidInput(`${operation}: at least one evidence weight must be above 0`, {
      operation,
      field: 'weights',
    });
  }
  return Object.freeze(weights) as EvidenceWeights;
}

function resolveThresholds(operation: string, overrides: unknown): VerdictThresholds {
  if (overrides === undefined) return DEFAULT_GROUNDING_CONFIG.thresholds;
  if (!isRecord(overrides)) throw argumentError(operation, 'thresholds', 'an object', overrides);
  const merged: Record<string, unknown> = { ...DEFAULT_GROUNDING_CONFIG.thresholds };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_GROUNDING_CONFIG.thresholds)) {
      throw invalidInput(
        `${operation}: thresholds.${quoteInput(key)} is unknown (validated, partial, weak)`,
        { operation, field: `thresholds.${quoteInput(key)}` },
      );
    }
    if (value !== undefined) merged[key] = value;
  }
  const validated = fraction(operation, 'thresholds.validated', merged.validated);
  const partial = fraction(operation, 'thresholds.partial', merged.partial);
  const weak = fraction(operation, 'thresholds.weak', merged.weak);
  if (!(validated > partial && partial > weak)) {
    throw invalidInput(
      `${operation}: thresholds must decrease strictly (validated > partial > weak), got ${validated}, ${partial}, ${weak}`,
      { operation, field: 'thresholds' },
    );
  }
  return Object.freeze({ validated, partial, weak });
}

/**
 * Merges overrides onto {@link DEFAULT_GROUNDING_CONFIG} and checks them: fractions (weights, deltas,
 * penalties, floor, drop, thresholds) in [0, 1], at least one positive weight, strictly decreasing
 * thresholds, positive integer counts. A bad value throws `INVALID_INPUT` naming the field; nothing is
 * clamped silently.
 */
export function resolveGroundingConfig(options: GroundingOptions = {}): GroundingConfig {
  return checkGroundingConfig('resolveGroundingConfig', options);
}

/**
 * {@link resolveGroundingConfig} for a function that takes the settings as an argument: its failures
 * name `operation` (`groundMemory: boostDelta must be a number in [0, 1], got the number 2`).
 * @internal
 */
export function checkGroundingConfig(operation: string, options: unknown): GroundingConfig {
  if (!isRecord(options))
    throw argumentError(operation, 'config', 'an object of grounding settings', options);
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) {
      throw invalidInput(`${operation}: unknown grounding setting '${quoteInput(key)}'`, {
        operation,
        field: quoteInput(key),
      });
    }
  }
  const given = options as Record<string, unknown>;
  const resolved: Record<string, unknown> = {
    weights: resolveWeights(operation, given.weights),
    thresholds: resolveThresholds(operation, given.thresholds),
  };
  for (const key of FRACTIONS) {
    resolved[key] =
      given[key] === undefined ? DEFAULT_GROUNDING_CONFIG[key] : fraction(operation, key, given[key]);
  }
  for (const key of COUNTS) {
    resolved[key] =
      given[key] === undefined ? DEFAULT_GROUNDING_CONFIG[key] : positiveInteger(operation, key, given[key]);
  }
  return Object.freeze(resolved) as unknown as GroundingConfig;
}
