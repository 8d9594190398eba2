/**
 * Types of the nine structural functions: coupling, constraints, contracts, constants, wrappers,
 * DNA, OWASP, crypto and module decomposition.
 */

// Coupling

/** Robert Martin's package metrics for one module. */
export interface JsCouplingMetrics {
  module: string;
  /** Efferent coupling: modules this one depends on. */
  ce: number;
  /** Afferent coupling: modules depending on this one. */
  ca: number;
  instability: number;
  abstractness: number;
  /** |A + I − 1| from the stored metrics, 0..1: 0 is on the main sequence. */
  distance: number;
  zone: string;
}

/**
 * One stored coupling cycle: its members (a stored value that is not a list of strings reads as []) and how
 * many break suggestions it has.
 */
export interface JsCycleInfo {
  members: string[];
  breakSuggestionCount: number;
}

/**
 * What `driftCouplingAnalysis` answers: the stored metrics (largest distance first) and cycles (newest
 * first).
 */
export interface JsCouplingResult {
  metrics: JsCouplingMetrics[];
  cycles: JsCycleInfo[];
  moduleCount: number;
}

// Constraints

/** One place where a declared constraint does not hold. */
export interface JsConstraintViolation {
  constraintId: string;
  file: string;
  line: number | null;
  message: string;
}

/** What `driftConstraintVerification` answers; `passing + failing` counts verifications, not constraints. */
export interface JsConstraintResult {
  totalConstraints: number;
  passing: number;
  failing: number;
  violations: JsConstraintViolation[];
}

// Contracts

/** One API endpoint found in the code. */
export interface JsEndpoint {
  method: string;
  path: string;
  file: string;
  line: number;
  framework: string;
}

/** A disagreement between a backend endpoint and a frontend call. */
export interface JsContractMismatch {
  backendEndpoint: string;
  frontendCall: string;
  mismatchType: string;
  severity: string;
  message: string;
}

/**
 * What `driftContractTracking` answers: endpoints (field lists empty unless the analyzer extracts contracts)
 * and mismatches.
 */
export interface JsContractResult {
  endpoints: JsEndpoint[];
  mismatches: JsContractMismatch[];
  paradigmCount: number;
  frameworkCount: number;
}

// Constants and secrets

/** A secret (key, token, password) found in source. */
export interface JsSecret {
  patternName: string;
  file: string;
  line: number;
  severity: string;
  confidence: number;
}

/** A stored constant with `isNamed` false; `value` is its `name` column, which holds the literal. */
export interface JsMagicNumber {
  value: string;
  file: string;
  line: number;
  suggestedName: string | null;
}

/**
 * What `driftConstantsAnalysis` answers: counts, secrets of severity `critical`, magic numbers, and variables
 * read with neither a default nor a `.env` entry.
 */
export interface JsConstantsResult {
  constantCount: number;
  secrets: JsSecret[];
  magicNumbers: JsMagicNumber[];
  missingEnvVars: string[];
  deadConstantCount: number;
}

// Wrappers

/** A function that wraps a framework primitive. */
export interface JsWrapper {
  name: string;
  file: string;
  line: number;
  category: string;
  framework: string;
  confidence: number;
  isMultiPrimitive: boolean;
  usageCount: number;
}

/**
 * `consistency` and `overall` are the mean confidence of the stored wrappers (0 without any); `coverage` and
 * `abstractionDepth` are always 0.
 */
export interface JsWrapperHealth {
  consistency: number;
  coverage: number;
  abstractionDepth: number;
  overall: number;
}

/** What `driftWrapperDetection` answers; in `health`, `coverage` and `abstractionDepth` are always 0. */
export interface JsWrapperResult {
  wrappers: JsWrapper[];
  health: JsWrapperHealth;
  frameworkCount: number;
  categoryCount: number;
}

// DNA

/** One trait of the codebase's style ("gene") and its prevailing variant. */
export interface JsGene {
  id: string;
  name: string;
  dominantAllele: string | null;
  alleleCount: number;
  confidence: number;
  consistency: number;
}

/** A place that departs from the prevailing variant of a gene. */
export interface JsMutation {
  id: string;
  file: string;
  line: number;
  gene: string;
  expected: string;
  actual: string;
  impact: string;
}

/**
 * Means over the stored genes and unresolved mutations (`overall` averages the other three); `coverage` is
 * always 0.
 */
export interface JsDnaHealthScore {
  overall: number;
  consistency: number;
  confidence: number;
  mutationScore: number;
  coverage: number;
}

/**
 * What `driftDnaAnalysis` answers: every gene, the unresolved mutations, and `geneticDiversity` (the gene
 * count).
 */
export interface JsDnaResult {
  genes: JsGene[];
  mutations: JsMutation[];
  health: JsDnaHealthScore;
  geneticDiversity: number;
}

// OWASP / CWE

/** One security finding mapped to CWE and OWASP. */
export interface JsSecurityFinding {
  id: string;
  detector: string;
  file: string;
  line: number;
  description: string;
  severity: number;
  cweIds: number[];
  owaspCategories: string[];
  confidence: number;
  remediation: string | null;
}

/**
 * `postureScore` 0..100 (100 less 20/10/3/1 per critical/high/medium/low finding), OWASP coverage of the 10
 * categories, CWE Top 25 coverage, band counts.
 */
export interface JsComplianceReport {
  postureScore: number;
  owaspCoverage: number;
  cweTop25Coverage: number;
  criticalCount: number;
  highCount: number;
  mediumCount: number;
  lowCount: number;
}

/**
 * What `driftOwaspAnalysis` answers: findings from stored violations, taint flows and security detections,
 * with posture.
 */
export interface JsOwaspResult {
  findings: JsSecurityFinding[];
  compliance: JsComplianceReport;
}

// Cryptography

/** One stored `crypto_findings` row, without its id, code and OWASP category. */
export interface JsCryptoFinding {
  file: string;
  line: number;
  category: string;
  description: string;
  confidence: number;
  cweId: number;
  remediation: string;
  language: string;
}

/**
 * `overall` is 100 less 25/10/3 per critical/high/medium finding, at least 0 (100 without findings); bands go
 * by confidence.
 */
export interface JsCryptoHealthScore {
  overall: number;
  criticalCount: number;
  highCount: number;
  mediumCount: number;
}

/** What `driftCryptoAnalysis` answers: every stored finding and a health score 0..100. */
export interface JsCryptoResult {
  findings: JsCryptoFinding[];
  health: JsCryptoHealthScore;
}

// Decomposition

/**
 * One stored coupling-metrics row recast as a module: interfaces = Ca, internal functions = Ce, cohesion = 1
 * − distance, coupling = instability.
 */
export interface JsLogicalModule {
  name: string;
  fileCount: number;
  publicInterfaceCount: number;
  internalFunctionCount: number;
  cohesion: number;
  coupling: number;
  estimatedComplexity: number;
  appliedPriorCount: number;
}

/**
 * What `driftDecomposition` answers: one module per stored coupling-metrics row, with mean cohesion and
 * coupling.
 */
export interface JsDecompositionResult {
  modules: JsLogicalModule[];
  moduleCount: number;
  totalFiles: number;
  avgCohesion: number;
  avgCoupling: number;
}
