import { keyList } from './key-list.js';

/**
 * Read-only access to drift.db for the grounding bridge: one method per kind of evidence. Every method
 * answers null (or 0 for counts) when there is no data; none writes.
 */
export interface IDriftReader {
  /** Posterior mean confidence of a pattern. */
  patternConfidence(patternId: string): number | null;
  /** Files with a detection of the pattern over files with any detection; null when it has none. */
  patternOccurrenceRate(patternId: string): number | null;
  /** Dismissals over all feedback on the pattern; null when it has no feedback. */
  falsePositiveRate(patternId: string): number | null;
  /**
   * Whether the most recent verification of a constraint passed; null when never verified. Of two
   * verifications in the same second, the first one written counts, as in the reference.
   */
  constraintVerified(constraintId: string): boolean | null;
  /** Instability of a module (as the reference engine answers; its trait comment says distance). */
  couplingMetric(module: string): number | null;
  /** Mean of confidence x consistency over all DNA genes; null when there are none. */
  dnaHealth(): number | null;
  /** Overall test quality score of a function. */
  testCoverage(functionId: string): number | null;
  /** Error-handling gaps in files whose path starts with `filePrefix`; null when there are none. */
  errorHandlingGaps(filePrefix: string): number | null;
  /** Confidence of the decision with this (integer) id. */
  decisionEvidence(decisionId: string): number | null;
  /** Confidence of the boundary with this (integer) id. */
  boundaryData(boundaryId: string): number | null;
  /** Unsanitized taint flows whose source is in `file`; null when there are none. */
  taintFlowRisk(file: string): number | null;
  /** Distinct callees of a function (integer id) over all functions; null when there are no functions. */
  callGraphCoverage(functionId: string): number | null;
  /** How many of the given pattern ids have a confidence row. */
  countMatchingPatterns(patternIds: readonly string[]): number;
  /** Completion time of the latest completed scan, epoch seconds as a decimal string (as the reference). */
  latestScanTimestamp(): string | null;
}

/** Every method name of {@link IDriftReader}, checked at compile time to be exactly its keys. */
export const DRIFT_READER_METHODS = keyList<IDriftReader>()([
  'patternConfidence',
  'patternOccurrenceRate',
  'falsePositiveRate',
  'constraintVerified',
  'couplingMetric',
  'dnaHealth',
  'testCoverage',
  'errorHandlingGaps',
  'decisionEvidence',
  'boundaryData',
  'taintFlowRisk',
  'callGraphCoverage',
  'countMatchingPatterns',
  'latestScanTimestamp',
] as const);
