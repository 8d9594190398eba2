import type { DetectionInsertRow, PatternConfidenceInsertRow } from '@drift/storage-traits';

/** The reference's tiers by posterior mean: 0.85, 0.70 and 0.50. */
export function confidenceTier(posteriorMean: number): string {
  if (posteriorMean >= 0.85) return 'Established';
  if (posteriorMean >= 0.7) return 'Emerging';
  if (posteriorMean >= 0.5) return 'Tentative';
  return 'Uncertain';
}

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * The confidence of each pattern as a Beta posterior: a uniform Beta(1, 1) prior, and each detection
 * counted as one observation that is real with the detector's confidence (alpha += confidence,
 * beta += 1 - confidence). The credible interval is the 95% normal approximation of the posterior,
 * kept within [0, 1]. Patterns in id order.
 */
export function patternConfidence(detections: readonly DetectionInsertRow[]): PatternConfidenceInsertRow[] {
  const sums = new Map<string, { alpha: number; beta: number }>();
  for (const detection of detections) {
    const entry = sums.get(detection.patternId) ?? { alpha: 1, beta: 1 };
    entry.alpha += detection.confidence;
    entry.beta += 1 - detection.confidence;
    sums.set(detection.patternId, entry);
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([patternId, { alpha, beta }]) => {
      const n = alpha + beta;
      const mean = alpha / n;
      const sd = Math.sqrt((alpha * beta) / (n * n * (n + 1)));
      return {
        patternId,
        alpha: round(alpha),
        beta: round(beta),
        posteriorMean: round(mean),
        credibleIntervalLow: round(Math.max(0, mean - 1.96 * sd)),
        credibleIntervalHigh: round(Math.min(1, mean + 1.96 * sd)),
        tier: confidenceTier(mean),
        momentum: 'Stable',
      };
    });
}
