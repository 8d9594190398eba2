import type { IDriftReader } from '@drift/storage-traits';

/**
 * The 12 kinds of evidence drift.db holds about a memory's claims, named as the reference serialises
 * them (so results and weight overrides written by the Rust bridge read the same).
 */
export const EVIDENCE_TYPES = [
  'PatternConfidence',
  'PatternOccurrence',
  'FalsePositiveRate',
  'ConstraintVerification',
  'CouplingMetric',
  'DnaHealth',
  'TestCoverage',
  'ErrorHandlingGaps',
  'DecisionEvidence',
  'BoundaryData',
  'TaintAnalysis',
  'CallGraphCoverage',
] as const;

/** One of the 12 {@link EVIDENCE_TYPES}. */
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

/** A weight per evidence type; the weighted score divides by the weights present, so they need not sum to 1. */
export type EvidenceWeights = Readonly<Record<EvidenceType, number>>;

/** The reference's default weights (they sum to 1): pattern evidence counts most, taint and call graph least. */
export const DEFAULT_EVIDENCE_WEIGHTS: EvidenceWeights = Object.freeze({
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

/** The reader method each evidence type is read with. */
export const EVIDENCE_READER_METHOD: Readonly<Record<EvidenceType, keyof IDriftReader>> = Object.freeze({
  PatternConfidence: 'patternConfidence',
  PatternOccurrence: 'patternOccurrenceRate',
  FalsePositiveRate: 'falsePositiveRate',
  ConstraintVerification: 'constraintVerified',
  CouplingMetric: 'couplingMetric',
  DnaHealth: 'dnaHealth',
  TestCoverage: 'testCoverage',
  ErrorHandlingGaps: 'errorHandlingGaps',
  DecisionEvidence: 'decisionEvidence',
  BoundaryData: 'boundaryData',
  TaintAnalysis: 'taintFlowRisk',
  CallGraphCoverage: 'callGraphCoverage',
});

const EVIDENCE_TYPE_SET: ReadonlySet<string> = new Set(EVIDENCE_TYPES);

/** True when `value` names one of the 12 evidence types. */
export function isEvidenceType(value: unknown): value is EvidenceType {
  return typeof value === 'string' && EVIDENCE_TYPE_SET.has(value);
}
