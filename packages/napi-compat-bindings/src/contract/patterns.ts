/**
 * Types of the pattern query functions (`driftPatterns`, `driftConfidence`, `driftOutliers`,
 * `driftConventions`). Each result is one page of a keyset-paginated list: `nextCursor` is passed back
 * as `afterId` to read the following page.
 */

/** A page of detected patterns. */
export interface PatternsResult {
  patterns: PatternEntry[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** One detected pattern. */
export interface PatternEntry {
  id: string;
  name: string;
  category: string;
  confidence: number;
  occurrenceCount: number;
}

/** A page of pattern confidence scores. */
export interface ConfidenceResult {
  scores: ConfidenceScore[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** Confidence of one pattern and the tier it falls in. */
export interface ConfidenceScore {
  patternId: string;
  confidence: number;
  tier: string;
  sampleCount: number;
}

/** A page of outliers (places that deviate from an established pattern). */
export interface OutlierResult {
  outliers: OutlierEntry[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** One outlier. */
export interface OutlierEntry {
  file: string;
  line: number;
  patternId: string;
  deviation: number;
  severity: string;
}

/** A page of learned conventions. */
export interface ConventionResult {
  conventions: ConventionEntry[];
  hasMore: boolean;
  nextCursor: string | null;
}

/** One convention and how closely the code follows it. */
export interface ConventionEntry {
  name: string;
  category: string;
  adherenceRate: number;
  exampleCount: number;
}
