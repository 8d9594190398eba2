import type {
  BoundaryInsertRow,
  CallEdgeRow,
  ConstantInsertRow,
  ConstraintRow,
  ContractInsertRow,
  ContractMismatchInsertRow,
  ConventionInsertRow,
  CouplingCycleInsertRow,
  CouplingMetricInsertRow,
  CryptoFindingInsertRow,
  DataAccessInsertRow,
  DecompositionDecisionInsertRow,
  DegradationAlertInsertRow,
  DetectionInsertRow,
  DnaGeneInsertRow,
  DnaMutationInsertRow,
  EnvVariableInsertRow,
  ErrorGapInsertRow,
  FunctionInsertRow,
  FunctionRow,
  GateResultInsertRow,
  GateResultRow,
  ImpactScoreInsertRow,
  OutlierInsertRow,
  OwaspFindingInsertRow,
  PatternConfidenceInsertRow,
  ReachabilityCacheRow,
  SecretInsertRow,
  TaintFlowInsertRow,
  TestCoverageRow,
  TestQualityInsertRow,
  ViolationInsertRow,
  WrapperInsertRow,
  WrapperRow,
} from '@drift/storage-traits';

// driftAnalyze keeps the reference's eight steps and their order. The computation of each step is
// supplied by an injected DriftAnalyzer (this project stores and serves what analysis produces; it
// does not reimplement Drift's analyzers). The bindings read what a step needs, call the analyzer,
// and persist what it returns through the storage traits. A step whose analyzer method is missing
// records nothing.

/** A value or a promise of it: analyzer steps may be synchronous or asynchronous. */
export type MaybePromise<T> = T | Promise<T>;

/** The eight steps of `driftAnalyze`, in the reference's order, with the phase each belongs to. */
export const ANALYSIS_STEPS = Object.freeze([
  { step: 1, name: 'read-files', phase: 1, method: null },
  { step: 2, name: 'detect', phase: 1, method: 'detect' },
  { step: 3, name: 'cross-file', phase: 2, method: 'crossFile' },
  { step: 4, name: 'patterns', phase: 3, method: 'patterns' },
  { step: 5, name: 'structural', phase: 3, method: 'structural' },
  { step: 6, name: 'graph', phase: 4, method: 'graph' },
  { step: 7, name: 'enforcement', phase: 5, method: 'enforcement' },
  { step: 8, name: 'degradation', phase: 5, method: 'degradation' },
] as const);

/** A step's `name` (`'detect'`, `'cross-file'`, ...), as reported in `driftAnalyze`'s per-step results. */
export type AnalysisStepName = (typeof ANALYSIS_STEPS)[number]['name'];

/** A tracked file handed to the analyzer (from `file_metadata`, written by the scanner). */
export interface AnalysisFile {
  /** Path as stored: relative to the project root, with `/` separators. */
  readonly path: string;
  /** The project root joined with {@link path}: where {@link AnalysisContext.readSource} reads it. */
  readonly absolutePath: string;
  /** Language detected by the scanner, or null. */
  readonly language: string | null;
  /** Size in bytes when scanned. */
  readonly fileSize: number;
  /** Whether the reference counts it as a test, benchmark or fixture file (see `isTestOrFixtureFile`). */
  readonly isTest: boolean;
}

/**
 * What every step sees. Fields filled by earlier steps of the same run are empty until then: `functions`
 * after step 2 (as stored, with their ids, for resolving call edges), `detections` after step 2.
 */
export interface AnalysisContext {
  /** The runtime's project root (else the current directory), absolute; file paths are relative to it. */
  readonly projectRoot: string;
  /** Every tracked file, in `file_metadata`'s row order (the reference reads them without ORDER BY). */
  readonly files: readonly AnalysisFile[];
  /** The text of a tracked file (read once, then cached for the rest of the run). */
  readonly readSource: (path: string) => string;
  /** The functions stored by step 2, with their database ids. */
  readonly functions: readonly FunctionRow[];
  /** The detections step 2 produced. */
  readonly detections: readonly DetectionInsertRow[];
  /** The wrappers stored so far (after step 5), by id. */
  readonly wrappers: readonly WrapperRow[];
  /** Gate results stored before this run's step 7 (step 8 compares against them). */
  readonly previousGateResults: readonly GateResultRow[];
  /** Gate results step 7 produced in this run. */
  readonly gateResults: readonly GateResultInsertRow[];
  /** Aborts with the run (never aborted by this build; present for analyzers that check it). */
  readonly signal: AbortSignal;
}

/** Step 2's result for one file. */
export interface DetectedFile {
  /** The file's stored path (must be one of the context's files). */
  readonly file: string;
  /** Language reported in the `JsAnalysisResult`. */
  readonly language: string;
  /** Functions declared in the file. */
  readonly functions?: readonly FunctionInsertRow[];
  /** Pattern matches in the file. */
  readonly detections?: readonly DetectionInsertRow[];
  /** Analysis time in microseconds (measured by the bindings when omitted). */
  readonly analysisTimeUs?: number;
}

/**
 * What the analyzer's `detect` returns (step 2, phase 1): per tracked file, its functions and detections;
 * every `file` must be tracked (else `INVALID_INPUT`).
 */
export interface DetectOutput {
  readonly files: readonly DetectedFile[];
}

/**
 * What the analyzer's `crossFile` returns (step 3, phase 2): rows written as batch commands and committed
 * before step 4; an omitted list writes nothing.
 */
export interface CrossFileOutput {
  /** Data boundaries (ORM models and their sensitive fields). */
  readonly boundaries?: readonly BoundaryInsertRow[];
  /** Call edges between stored functions (ids from the context's `functions`). */
  readonly callEdges?: readonly CallEdgeRow[];
}

/**
 * What the analyzer's `patterns` returns (step 4, phase 3; skipped when step 2 found no detections): rows
 * written as batch commands.
 */
export interface PatternsOutput {
  readonly confidence?: readonly PatternConfidenceInsertRow[];
  readonly outliers?: readonly OutlierInsertRow[];
  readonly conventions?: readonly ConventionInsertRow[];
}

/** A constraint verification (constraint id, whether it passed, violations as JSON text). */
export interface ConstraintVerificationInput {
  readonly constraintId: string;
  readonly passed: boolean;
  readonly violations: string;
}

/**
 * What the analyzer's `structural` returns (step 5, phase 3): rows written and committed before step 6; an
 * omitted list writes nothing.
 */
export interface StructuralOutput {
  readonly couplingMetrics?: readonly CouplingMetricInsertRow[];
  readonly couplingCycles?: readonly CouplingCycleInsertRow[];
  readonly wrappers?: readonly WrapperInsertRow[];
  readonly cryptoFindings?: readonly CryptoFindingInsertRow[];
  readonly dnaGenes?: readonly DnaGeneInsertRow[];
  readonly dnaMutations?: readonly DnaMutationInsertRow[];
  readonly secrets?: readonly SecretInsertRow[];
  readonly constants?: readonly ConstantInsertRow[];
  /** Constraints are upserted (they are definitions, not findings: a run never clears them). */
  readonly constraints?: readonly ConstraintRow[];
  readonly constraintVerifications?: readonly ConstraintVerificationInput[];
  readonly envVariables?: readonly EnvVariableInsertRow[];
  readonly dataAccess?: readonly DataAccessInsertRow[];
  readonly owaspFindings?: readonly OwaspFindingInsertRow[];
  readonly decompositionDecisions?: readonly DecompositionDecisionInsertRow[];
  readonly contracts?: readonly ContractInsertRow[];
  readonly contractMismatches?: readonly ContractMismatchInsertRow[];
}

/**
 * What the analyzer's `graph` returns (step 6, phase 4): rows written and committed before step 7; an omitted
 * list writes nothing.
 */
export interface GraphOutput {
  readonly taintFlows?: readonly TaintFlowInsertRow[];
  readonly errorGaps?: readonly ErrorGapInsertRow[];
  readonly impactScores?: readonly ImpactScoreInsertRow[];
  readonly testCoverage?: readonly TestCoverageRow[];
  readonly testQuality?: readonly TestQualityInsertRow[];
  readonly reachability?: readonly ReachabilityCacheRow[];
}

/**
 * What the analyzer's `enforcement` returns (step 7, phase 5); its `gateResults` become the context's
 * `gateResults` for step 8.
 */
export interface EnforcementOutput {
  readonly violations?: readonly ViolationInsertRow[];
  readonly gateResults?: readonly GateResultInsertRow[];
}

/**
 * What the analyzer's `degradation` returns (step 8, phase 5, the last): alerts written as
 * `InsertDegradationAlerts`.
 */
export interface DegradationOutput {
  readonly alerts?: readonly DegradationAlertInsertRow[];
}

/** A source file `driftContractTracking` hands to the analyzer (found by walking the `root` it was given). */
export interface ContractSourceFile {
  /** The path as the walk produced it: the root joined with the folders and the file name. */
  readonly path: string;
  /** The file's text (files that are not valid UTF-8 are skipped, as in the reference). */
  readonly content: string;
}

/** A field of an endpoint's request or response, as the reference's `FieldSpec`. */
export interface ContractFieldSpec {
  readonly name: string;
  readonly fieldType: string;
  readonly required: boolean;
  readonly nullable: boolean;
}

/** An endpoint found in a file, as the reference's `Endpoint`. */
export interface ContractEndpoint {
  readonly method: string;
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly requestFields: readonly ContractFieldSpec[];
  readonly responseFields: readonly ContractFieldSpec[];
}

/** The endpoints one extractor (named by its framework: `express`, `frontend`, `trpc`, ...) found in a file. */
export interface ExtractedContracts {
  readonly framework: string;
  readonly endpoints: readonly ContractEndpoint[];
}

/** A disagreement between a backend endpoint and a frontend call, as the reference's `ContractMismatch`. */
export interface ContractMismatchOutput {
  readonly backendEndpoint: string;
  readonly frontendCall: string;
  /** The mismatch type's name (`FieldMissing`, ...). */
  readonly mismatchType: string;
  /** The severity's name (`High`, ...). */
  readonly severity: string;
  readonly message: string;
}

/**
 * The analysis engine behind `driftAnalyze`: one optional method per step (step 1, reading the tracked
 * files, is done by the bindings). Each returns rows; the bindings validate and persist them, replacing
 * what the previous run stored in that step's tables. A missing method means the step records nothing
 * and is reported as skipped.
 */
export interface DriftAnalyzer {
  /** A name for messages and step reports. */
  readonly name?: string;
  /** Step 2: parse every file, return its functions and detections. */
  detect?(context: AnalysisContext): MaybePromise<DetectOutput>;
  /** Step 3: boundaries and the call graph. */
  crossFile?(context: AnalysisContext): MaybePromise<CrossFileOutput>;
  /** Step 4: confidence, outliers and conventions. */
  patterns?(context: AnalysisContext): MaybePromise<PatternsOutput>;
  /** Step 5: coupling, wrappers, crypto, DNA, secrets, constants, constraints, env, data access, ... */
  structural?(context: AnalysisContext): MaybePromise<StructuralOutput>;
  /** Step 6: taint, error handling, impact, test topology, reachability. */
  graph?(context: AnalysisContext): MaybePromise<GraphOutput>;
  /** Step 7: violations and quality gate results. */
  enforcement?(context: AnalysisContext): MaybePromise<EnforcementOutput>;
  /** Step 8: degradation alerts from the previous and the current gate results. */
  degradation?(context: AnalysisContext): MaybePromise<DegradationOutput>;
  /**
   * `driftContractTracking`: the endpoints each extractor finds in one source file (the reference's
   * `ExtractorRegistry::extract_all_with_context`). With this method the function re-parses the
   * project as the reference does; without it, it reads the contracts analysis stored.
   */
  extractContracts?(file: ContractSourceFile): readonly ExtractedContracts[];
  /** `driftContractTracking`: mismatches between backend endpoints and frontend calls (`match_contracts`). */
  matchContracts?(
    backend: readonly ContractEndpoint[],
    frontend: readonly ContractEndpoint[],
  ): readonly ContractMismatchOutput[];
}

/**
 * The reference's test, benchmark and fixture file rule (`is_test_or_fixture_file` in
 * `drift-napi/src/bindings/analysis.rs`): such files are kept out of the production-only analyses. `\`
 * counts as `/`. The suffix and file-name checks ignore case; the folder names are matched exactly
 * (`tests/` is a test folder, `Tests/` is not), as there.
 */
export function isTestOrFixtureFile(path: string): boolean {
  const normalized = path.replaceAll('\\', '/');
  const lower = normalized.toLowerCase();
  if (TEST_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return true;
  const fileName = lower.slice(lower.lastIndexOf('/') + 1);
  if (TEST_CONFIG_PREFIXES.some((prefix) => fileName.startsWith(prefix)) || fileName === 'conftest.py') {
    return true;
  }
  return normalized.split('/').some((segment) => TEST_SEGMENTS.has(segment));
}

const TEST_SUFFIXES = [
  ...['rs', 'ts', 'js', 'py', 'go', 'java', 'rb', 'kt', 'cs', 'php'].map((ext) => `_test.${ext}`),
  ...['test', 'spec'].flatMap((kind) => ['ts', 'js', 'tsx', 'jsx'].map((ext) => `.${kind}.${ext}`)),
];

const TEST_CONFIG_PREFIXES = [
  'vitest',
  'jest.config',
  'karma.conf',
  'cypress.config',
  'playwright.config',
  'pytest.ini',
  'setup.test',
  'setuptest',
];

const TEST_SEGMENTS: ReadonlySet<string> = new Set([
  'tests',
  'test',
  'benches',
  'benchmarks',
  'test-fixtures',
  '__tests__',
  '__mocks__',
  'fixtures',
  'testdata',
  'e2e',
  'cypress',
  'playwright',
]);
