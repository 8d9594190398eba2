import { optionalArgument } from '@drift/storage-traits';
import type { DriftNapi } from '../contract/interface.js';
import type {
  ConfidenceResult,
  ConventionResult,
  OutlierResult,
  PatternsResult,
} from '../contract/patterns.js';
import type { BindingContext } from './context.js';
import { jsonObject, optionalU32Arg } from './native.js';

// The four pattern functions return what the reference's `bindings/patterns.rs` builds as JSON: snake_case
// keys in byte order, `has_more` / `next_cursor` next to the list. The contract's TypeScript types
// (camelCase, other fields) do not describe that output; the values here follow the native module.

/** Page size when no limit is given (the reference's `unwrap_or(100)`). */
const PATTERN_DEFAULT_LIMIT = 100;

/** Status of a pattern that has no `pattern_status` row (the reference's default). */
const DEFAULT_PATTERN_STATUS = 'discovered';

/** One entry of `driftPatterns().patterns`: a detection with its pattern's lifecycle status. */
interface NativePatternEntry {
  category: string;
  confidence: number;
  detection_method: string;
  file: string;
  line: number;
  pattern_id: string;
  status: string;
}

/** One entry of `driftConfidence().scores` with the native module's snake_case keys, before renaming. */
interface NativeConfidenceScore {
  alpha: number;
  beta: number;
  credible_interval: [number, number];
  momentum: string;
  pattern_id: string;
  posterior_mean: number;
  tier: string;
}

/** One entry of `driftOutliers().outliers` with the native module's snake_case keys, before renaming. */
interface NativeOutlierEntry {
  deviation_score: number;
  file: string;
  id: number;
  line: number;
  method: string;
  pattern_id: string;
  significance: string;
}

/**
 * One entry of `driftConventions().conventions` with the native module's snake_case keys, before renaming.
 */
interface NativeConventionEntry {
  category: string;
  dominance_ratio: number;
  id: number;
  pattern_id: string;
  promotion_status: string;
  scope: string;
}

/** A result page as the native module returns it. */
type NativePage<K extends string, T> = { has_more: boolean; next_cursor: string | null } & Record<K, T[]>;

/** A list that the reference never pages: everything in one page, `has_more` false. */
function onePage<K extends string, T>(key: K, items: T[]): NativePage<K, T> {
  return jsonObject<NativePage<K, T>>({ [key]: items, has_more: false, next_cursor: null });
}

/** The pattern query functions (`bindings/patterns.rs` of the reference). */
export function patternBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftPatterns' | 'driftConfidence' | 'driftOutliers' | 'driftConventions'> {
  return {
    // Detections, not grouped: by category (every detection of it, the limit unused) or the `limit`
    // most confident ones. `afterId` is accepted and unused; the page never has more.
    driftPatterns(category?: string, afterId?: string, limit?: number): PatternsResult {
      const op = 'driftPatterns';
      const cat = optionalArgument(op, 'category', 'string', category);
      optionalArgument(op, 'afterId', 'text', afterId);
      const lim = optionalU32Arg(op, 'limit', limit) ?? PATTERN_DEFAULT_LIMIT;
      const storage = ctx.storage(op);
      const detections =
        cat === undefined ? storage.queryAllDetections(lim) : storage.getDetectionsByCategory(cat);
      let statuses: Map<string, string>;
      try {
        statuses = new Map(storage.queryPatternStatuses(null).map((s) => [s.patternId, s.status]));
      } catch {
        // The reference enriches with statuses when it can read them (`unwrap_or_default`).
        statuses = new Map();
      }
      const patterns = detections.map((d) =>
        jsonObject<NativePatternEntry>({
          file: d.file,
          line: d.line,
          pattern_id: d.patternId,
          category: d.category,
          confidence: d.confidence,
          detection_method: d.detectionMethod,
          status: statuses.get(d.patternId) ?? DEFAULT_PATTERN_STATUS,
        }),
      );
      return onePage('patterns', patterns) as unknown as PatternsResult;
    },

    // With a tier: a keyset page by pattern id (`afterId`), `has_more` and `next_cursor` as there.
    // Without: every score, most confident first, cut at `limit`, and never `has_more`.
    driftConfidence(tier?: string, afterId?: string, limit?: number): ConfidenceResult {
      const op = 'driftConfidence';
      const t = optionalArgument(op, 'tier', 'string', tier);
      // The page key reaches the storage only with a tier.
      const after = optionalArgument(op, 'afterId', t === undefined ? 'text' : 'string', afterId);
      const lim = optionalU32Arg(op, 'limit', limit) ?? PATTERN_DEFAULT_LIMIT;
      const storage = ctx.storage(op);
      const rows =
        t === undefined
          ? storage.queryAllConfidence()
          : storage.queryConfidenceByTier(t, after ?? null, lim + 1);
      const hasMore = t !== undefined && rows.length > lim;
      const scores = rows.slice(0, lim).map((s) =>
        jsonObject<NativeConfidenceScore>({
          pattern_id: s.patternId,
          posterior_mean: s.posteriorMean,
          credible_interval: [s.credibleIntervalLow, s.credibleIntervalHigh],
          tier: s.tier,
          momentum: s.momentum,
          alpha: s.alpha,
          beta: s.beta,
        }),
      );
      // The cursor is the last row of the page (`scores.get(lim - 1)`); a page of 0 has none.
      const nextCursor = hasMore && lim > 0 ? (rows[lim - 1]?.patternId ?? null) : null;
      return jsonObject<ConfidenceResult>({ scores, has_more: hasMore, next_cursor: nextCursor });
    },

    // Outliers of one pattern (none without a pattern id), most deviating first; `afterId` and
    // `limit` are accepted and unused.
    driftOutliers(patternId?: string, afterId?: number, limit?: number): OutlierResult {
      const op = 'driftOutliers';
      const pid = optionalArgument(op, 'patternId', 'string', patternId);
      optionalU32Arg(op, 'afterId', afterId);
      optionalU32Arg(op, 'limit', limit);
      const storage = ctx.storage(op);
      const rows = pid === undefined ? [] : storage.queryOutliersByPattern(pid);
      const outliers = rows.map((o) =>
        jsonObject<NativeOutlierEntry>({
          id: o.id,
          pattern_id: o.patternId,
          file: o.file,
          line: o.line,
          deviation_score: o.deviationScore,
          significance: o.significance,
          method: o.method,
        }),
      );
      return onePage('outliers', outliers) as unknown as OutlierResult;
    },

    // Conventions, all or of one category, most dominant first; `afterId` and `limit` unused.
    driftConventions(category?: string, afterId?: number, limit?: number): ConventionResult {
      const op = 'driftConventions';
      const cat = optionalArgument(op, 'category', 'string', category);
      optionalU32Arg(op, 'afterId', afterId);
      optionalU32Arg(op, 'limit', limit);
      const storage = ctx.storage(op);
      const rows =
        cat === undefined ? storage.queryAllConventions() : storage.queryConventionsByCategory(cat);
      const conventions = rows.map((c) =>
        jsonObject<NativeConventionEntry>({
          id: c.id,
          pattern_id: c.patternId,
          category: c.category,
          scope: c.scope,
          dominance_ratio: c.dominanceRatio,
          promotion_status: c.promotionStatus,
        }),
      );
      return onePage('conventions', conventions) as unknown as ConventionResult;
    },
  };
}
