import type { DetectionRow, PatternConfidenceRow } from '@drift/storage-traits';
import type { DriftNapi } from '../contract/interface.js';
import type {
  ConfidenceResult,
  ConfidenceScore,
  ConventionResult,
  OutlierResult,
  PatternEntry,
  PatternsResult,
} from '../contract/patterns.js';
import { keysetPage, optionalIdCursor, optionalString, pageLimit } from './args.js';
import type { BindingContext } from './context.js';

/**
 * Upper bound of detections read to build the pattern list (the reference reads at most `limit`
 * detections when no category is given; we read them all up to this bound so that counts are exact).
 */
export const PATTERN_SCAN_LIMIT = 1_000_000;

/** Groups detections into patterns, by pattern id. */
function patternEntries(
  detections: readonly DetectionRow[],
  posterior: ReadonlyMap<string, number>,
): PatternEntry[] {
  const groups = new Map<string, { categories: Map<string, number>; confidence: number; count: number }>();
  for (const d of detections) {
    let group = groups.get(d.patternId);
    if (group === undefined) {
      group = { categories: new Map(), confidence: 0, count: 0 };
      groups.set(d.patternId, group);
    }
    group.count += 1;
    group.confidence += d.confidence;
    group.categories.set(d.category, (group.categories.get(d.category) ?? 0) + 1);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, g]) => ({
      id,
      name: id,
      // The most frequent category (ties: the first in name order).
      category: [...g.categories.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0],
      confidence: posterior.get(id) ?? g.confidence / g.count,
      occurrenceCount: g.count,
    }));
}

/** A stored confidence row as the contract's score. */
function confidenceScore(r: PatternConfidenceRow): ConfidenceScore {
  return {
    patternId: r.patternId,
    confidence: r.posteriorMean,
    tier: r.tier,
    // Observations behind the Beta(alpha, beta) posterior, net of the Beta(1, 1) prior.
    sampleCount: Math.max(0, Math.round(r.alpha + r.beta - 2)),
  };
}

/** The pattern query functions: keyset pages with `hasMore` and `nextCursor` (pass it back as `afterId`). */
export function patternBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftPatterns' | 'driftConfidence' | 'driftOutliers' | 'driftConventions'> {
  return {
    driftPatterns(category?: string, afterId?: string, limit?: number): PatternsResult {
      const op = 'driftPatterns';
      const cat = optionalString(category, 'category', op);
      const after = optionalString(afterId, 'afterId', op);
      const lim = pageLimit(limit, op);
      const storage = ctx.storage(op);
      const detections =
        cat === undefined
          ? storage.queryAllDetections(PATTERN_SCAN_LIMIT)
          : storage.getDetectionsByCategory(cat);
      const posterior = new Map(storage.queryAllConfidence().map((c) => [c.patternId, c.posteriorMean]));
      const page = keysetPage(patternEntries(detections, posterior), (p) => p.id, after, lim);
      return { patterns: page.items, hasMore: page.hasMore, nextCursor: page.nextCursor };
    },

    driftConfidence(tier?: string, afterId?: string, limit?: number): ConfidenceResult {
      const op = 'driftConfidence';
      const t = optionalString(tier, 'tier', op);
      const after = optionalString(afterId, 'afterId', op);
      const lim = pageLimit(limit, op);
      const storage = ctx.storage(op);
      if (t === undefined) {
        const sorted = storage.queryAllConfidence().sort((a, b) => (a.patternId < b.patternId ? -1 : 1));
        const page = keysetPage(sorted, (r) => r.patternId, after, lim);
        return {
          scores: page.items.map(confidenceScore),
          hasMore: page.hasMore,
          nextCursor: page.nextCursor,
        };
      }
      const rows = storage.queryConfidenceByTier(t, after ?? null, lim + 1);
      const hasMore = rows.length > lim;
      const items = rows.slice(0, lim);
      return {
        scores: items.map(confidenceScore),
        hasMore,
        nextCursor: hasMore ? (items.at(-1)?.patternId ?? null) : null,
      };
    },

    driftOutliers(patternId?: string, afterId?: number, limit?: number): OutlierResult {
      const op = 'driftOutliers';
      const pid = optionalString(patternId, 'patternId', op);
      const after = optionalIdCursor(afterId, 'afterId', op);
      const lim = pageLimit(limit, op);
      const storage = ctx.storage(op);
      // As the reference: outliers are listed per pattern; without a pattern id the page is empty.
      const rows = pid === undefined ? [] : storage.queryOutliersByPattern(pid).sort((a, b) => a.id - b.id);
      const page = keysetPage(rows, (r) => r.id, after, lim);
      return {
        outliers: page.items.map((o) => ({
          file: o.file,
          line: o.line,
          patternId: o.patternId,
          deviation: o.deviationScore,
          severity: o.significance,
        })),
        hasMore: page.hasMore,
        nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },

    driftConventions(category?: string, afterId?: number, limit?: number): ConventionResult {
      const op = 'driftConventions';
      const cat = optionalString(category, 'category', op);
      const after = optionalIdCursor(afterId, 'afterId', op);
      const lim = pageLimit(limit, op);
      const storage = ctx.storage(op);
      const rows = (
        cat === undefined ? storage.queryAllConventions() : storage.queryConventionsByCategory(cat)
      ).sort((a, b) => a.id - b.id);
      const page = keysetPage(rows, (r) => r.id, after, lim);
      return {
        conventions: page.items.map((c) => ({
          name: c.patternId,
          category: c.category,
          adherenceRate: c.dominanceRatio,
          // The stored convention keeps its dominance ratio, not its examples; the count is not known.
          exampleCount: 0,
        })),
        hasMore: page.hasMore,
        nextCursor: page.nextCursor === null ? null : String(page.nextCursor),
      };
    },
  };
}
