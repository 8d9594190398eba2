import { keyList } from '@drift/storage-traits';
import type {
  JsAnalysisResult,
  JsBoundaryResult,
  JsCallGraphResult,
  JsValidatePackResult,
} from './analysis.js';
import type {
  BridgeAdaptiveWeightsResult,
  BridgeContractVerifiedResult,
  BridgeCounterfactualResult,
  BridgeDecompositionAdjustedResult,
  BridgeEntityLink,
  BridgeEventMappingsResult,
  BridgeExplainSpecResult,
  BridgeGroundabilityResult,
  BridgeGroundingHistoryResult,
  BridgeGroundingResult,
  BridgeGroundingSnapshot,
  BridgeHealthResult,
  BridgeIntentsResult,
  BridgeInterventionResult,
  BridgeLicenseResult,
  BridgePruneCausalResult,
  BridgeSpecCorrectionResult,
  BridgeStatusResult,
  BridgeUnifiedNarrativeResult,
} from './bridge.js';
import type {
  GcResult,
  JsApprovePatternResult,
  JsAuditResult,
  JsCheckResult,
  JsFeedbackInput,
  JsFeedbackResult,
  JsGateResult,
  JsPatternStatusResult,
  JsViolation,
} from './enforcement.js';
import type {
  JsErrorHandlingResult,
  JsImpactResult,
  JsReachabilityResult,
  JsTaintResult,
  JsTestTopologyResult,
} from './graph.js';
import type { ProgressCallback } from './lifecycle.js';
import type { ConfidenceResult, ConventionResult, OutlierResult, PatternsResult } from './patterns.js';
import type { ScanOptions, ScanSummary } from './scanner.js';
import type {
  JsConstantsResult,
  JsConstraintResult,
  JsContractResult,
  JsCouplingResult,
  JsCryptoResult,
  JsDecompositionResult,
  JsDnaResult,
  JsOwaspResult,
  JsWrapperResult,
} from './structural.js';

/**
 * The complete Drift function surface: the 66 functions the native Drift module exports to
 * JavaScript, with the same names, parameters, results and synchronous/asynchronous split. Optional
 * parameters stand for the native side's optional arguments; `null` is accepted only where the
 * native contract spells it (`driftApprovePattern`'s reason, `driftPatternStatus`'s filter).
 */
export interface DriftNapi {
  // Lifecycle (4)

  /**
   * Opens drift.db (creating it and its folder when missing), reads the configuration and makes the
   * runtime available to every other function. Fails when the runtime is already initialized.
   */
  driftInitialize(dbPath?: string, projectRoot?: string, configToml?: string, cortexDbPath?: string): void;
  /** Flushes pending writes, checkpoints the write-ahead log and releases the runtime. */
  driftShutdown(): void;
  /** Whether `driftInitialize` has succeeded and `driftShutdown` has not been called since. */
  driftIsInitialized(): boolean;
  /** Applies the three-tier retention policy (default 30/90/365 days) and reports what it removed. */
  driftGC(shortDays?: number, mediumDays?: number, longDays?: number): GcResult;

  // Scanner (3)

  /** Scans a project tree and stores what it finds; resolves to a summary. */
  driftScan(root: string, options?: ScanOptions): Promise<ScanSummary>;
  /** Like `driftScan`, reporting progress through `onProgress`. */
  driftScanWithProgress(
    root: string,
    options: ScanOptions | undefined,
    onProgress: ProgressCallback,
  ): Promise<ScanSummary>;
  /** Asks a running scan to stop. */
  driftCancelScan(): void;

  // Analysis (4)

  /** Runs the analysis pipeline over scanned files, up to `maxPhase`. */
  driftAnalyze(maxPhase?: number): Promise<JsAnalysisResult[]>;
  /**
   * Counts the stored call graph: functions, edges, entry points (functions no edge calls) and the share of
   * resolved edges; builds nothing.
   */
  driftCallGraph(): Promise<JsCallGraphResult>;
  /** Detects data models and sensitive fields. */
  driftBoundaries(): Promise<JsBoundaryResult>;
  /** Checks a pattern pack given as TOML text. */
  driftValidatePack(tomlContent: string): JsValidatePackResult;

  // Patterns (4)

  /** One page of detected patterns, optionally of one category. */
  driftPatterns(category?: string, afterId?: string, limit?: number): PatternsResult;
  /** One page of confidence scores, optionally of one tier. */
  driftConfidence(tier?: string, afterId?: string, limit?: number): ConfidenceResult;
  /** One page of outliers, optionally of one pattern. */
  driftOutliers(patternId?: string, afterId?: number, limit?: number): OutlierResult;
  /** One page of conventions, optionally of one category. */
  driftConventions(category?: string, afterId?: number, limit?: number): ConventionResult;

  // Graph (5)

  /** How far `functionKey` reaches, following callers or callees (`direction`). */
  driftReachability(functionKey: string, direction: string): JsReachabilityResult;
  /** Taint flows of the project at `root`. */
  driftTaintAnalysis(root: string): JsTaintResult;
  /** Error-handling gaps of the project at `root`. */
  driftErrorHandling(root: string): JsErrorHandlingResult;
  /** Blast radii and dead code of the project at `root`. */
  driftImpactAnalysis(root: string): JsImpactResult;
  /** Test topology and quality of the project at `root`. */
  driftTestTopology(root: string): JsTestTopologyResult;

  // Structural (9)

  /**
   * The stored coupling metrics (largest distance first) and cycles (newest first); `root` must be a string,
   * nothing is recomputed.
   */
  driftCouplingAnalysis(root: string): JsCouplingResult;
  /**
   * The stored verifications of the enabled constraints, as pass/fail totals and the failures; `root` must be
   * a string, nothing is re-run.
   */
  driftConstraintVerification(root: string): JsConstraintResult;
  /**
   * Endpoints and mismatches: extracted from the files under `root` when the analyzer can extract contracts,
   * else read from storage.
   */
  driftContractTracking(root: string): JsContractResult;
  /** Constants, secrets, magic numbers and missing environment variables. */
  driftConstantsAnalysis(root: string): JsConstantsResult;
  /**
   * Every stored wrapper, with consistency as their mean confidence; `root` must be a string, nothing is
   * re-scanned.
   */
  driftWrapperDetection(root: string): JsWrapperResult;
  /** Codebase DNA: prevailing style traits and departures from them. */
  driftDnaAnalysis(root: string): JsDnaResult;
  /** Security findings mapped to OWASP and CWE. */
  driftOwaspAnalysis(root: string): JsOwaspResult;
  /**
   * Every stored crypto finding, banded by confidence (>= 0.9 critical, >= 0.7 high), with a 0..100 health.
   */
  driftCryptoAnalysis(root: string): JsCryptoResult;
  /** One module per stored coupling-metrics row, with mean cohesion and coupling; nothing is recomputed. */
  driftDecomposition(root: string): JsDecompositionResult;

  // Enforcement (7)

  /**
   * The stored gate results and violations as a pass/fail verdict with a SARIF report; gates are not re-run.
   */
  driftCheck(root: string): JsCheckResult;
  /**
   * Audits the stored patterns: auto-approves those that qualify (writing `pattern_status`), scores health
   * 0..100.
   */
  driftAudit(root: string): JsAuditResult;
  /** Every stored violation, by file and line; `root` must be a string, nothing is re-checked. */
  driftViolations(root: string): JsViolation[];
  /** The newest stored run of each gate, by gate id. */
  driftGates(root: string): JsGateResult[];
  /** Renders a report in the named format (e.g. SARIF, JSON). */
  driftReport(format: string): string;
  /**
   * Writes a pattern's `pattern_status` (`approved`, `ignored` or `discovered`, else `INVALID_INPUT`);
   * approving records `user` and the confidence.
   */
  driftApprovePattern(patternId: string, status: string, reason: string | null): JsApprovePatternResult;
  /** Patterns and their review status, optionally only those in one status. */
  driftPatternStatus(statusFilter: string | null): JsPatternStatusResult;

  // Feedback (3)

  /** Records that a violation was dismissed. */
  driftDismissViolation(input: JsFeedbackInput): JsFeedbackResult;
  /**
   * Appends a `fix` feedback row; any id is taken, and pattern and detector are empty when it names no
   * violation.
   */
  driftFixViolation(violationId: string): JsFeedbackResult;
  /** Records that a violation is suppressed, and why. */
  driftSuppressViolation(violationId: string, reason: string): JsFeedbackResult;

  // Advanced (4); each resolves to JSON text

  /** Simulates a task and recommends strategies (parsed shape: `SimulationResult`). */
  driftSimulate(taskCategory: string, taskDescription: string, contextJson: string): Promise<string>;
  /** Recovers architectural decisions from a repository's history (parsed shape: `DecisionResult`). */
  driftDecisions(repoPath: string): Promise<string>;
  /** Builds context for an intent at a depth (parsed shape: `ContextResult`). */
  driftContext(intent: string, depth: string, dataJson: string): Promise<string>;
  /** Generates a module specification (parsed shape: `SpecResult`). */
  driftGenerateSpec(moduleJson: string, migrationPathJson?: string): Promise<string>;

  // Bridge (21)

  /** Availability and license of the bridge. */
  driftBridgeStatus(): BridgeStatusResult;
  /** Grounds one memory against drift.db evidence; this build throws `[INIT_ERROR]` (`NOT_SUPPORTED`). */
  driftBridgeGroundMemory(memoryId: string, memoryType: string): BridgeGroundingResult;
  /**
   * Grounds every groundable memory and returns the totals; this build has no bridge and throws
   * `[INIT_ERROR]` (`NOT_SUPPORTED`).
   */
  driftBridgeGroundAll(): BridgeGroundingSnapshot;
  /** Past groundings of one memory, up to `limit`; this build throws `[INIT_ERROR]` (`NOT_SUPPORTED`). */
  driftBridgeGroundingHistory(memoryId: string, limit?: number): BridgeGroundingHistoryResult;
  /** Links a pattern to a memory. */
  driftBridgeTranslateLink(patternId: string, patternName: string, confidence: number): BridgeEntityLink;
  /** The entity link a constraint becomes in a memory; this build throws `[INIT_ERROR]` (`NOT_SUPPORTED`). */
  driftBridgeTranslateConstraintLink(constraintId: string, constraintName: string): BridgeEntityLink;
  /** How each Drift event type becomes a memory; this build throws `[INIT_ERROR]` (`NOT_SUPPORTED`). */
  driftBridgeEventMappings(): BridgeEventMappingsResult;
  /** Whether memories of a type can be grounded. */
  driftBridgeGroundability(memoryType: string): BridgeGroundabilityResult;
  /** Whether the license allows a feature. */
  driftBridgeLicenseCheck(feature: string): BridgeLicenseResult;
  /** Retrieval intents the bridge understands; this build throws `[INIT_ERROR]` (`NOT_SUPPORTED`). */
  driftBridgeIntents(): BridgeIntentsResult;
  /** Learns weights from specification feedback (JSON). */
  driftBridgeAdaptiveWeights(feedbackJson: string): BridgeAdaptiveWeightsResult;
  /**
   * Records a specification correction given as JSON text; this build throws `[INIT_ERROR]`
   * (`NOT_SUPPORTED`).
   */
  driftBridgeSpecCorrection(correctionJson: string): BridgeSpecCorrectionResult;
  /** Records the outcome of a contract verification. */
  driftBridgeContractVerified(
    moduleId: string,
    passed: boolean,
    section: string,
    mismatchType?: string,
    severity?: number,
  ): BridgeContractVerifiedResult;
  /** Records an adjustment of a module decomposition. */
  driftBridgeDecompositionAdjusted(
    moduleId: string,
    adjustmentType: string,
    dnaHash: string,
  ): BridgeDecompositionAdjustedResult;
  /**
   * A text account of why a specification memory says what it does; this build throws `[INIT_ERROR]`
   * (`NOT_SUPPORTED`).
   */
  driftBridgeExplainSpec(memoryId: string): BridgeExplainSpecResult;
  /** What would change without a memory. */
  driftBridgeCounterfactual(memoryId: string): BridgeCounterfactualResult;
  /** What a change to a memory would affect. */
  driftBridgeIntervention(memoryId: string): BridgeInterventionResult;
  /** Readiness and per-subsystem checks of the bridge; this build throws `[INIT_ERROR]` (`NOT_SUPPORTED`). */
  driftBridgeHealth(): BridgeHealthResult;
  /** The causal narrative around a memory. */
  driftBridgeUnifiedNarrative(memoryId: string): BridgeUnifiedNarrativeResult;
  /** Removes causal edges weaker than `threshold`. */
  driftBridgePruneCausal(threshold?: number): BridgePruneCausalResult;
  /** Grounds the memories produced by the latest analysis. */
  driftBridgeGroundAfterAnalyze(): BridgeGroundingSnapshot;

  // Cloud (2)

  /** Rows of a table of `db` ('drift', 'bridge' or 'cortex') after a sync cursor. */
  driftCloudReadRows(table: string, db: string, afterCursor?: number, limit?: number): unknown[];
  /** The highest sync cursor of `db`. */
  driftCloudMaxCursor(db: string): number;
}

/** The name of any {@link DriftNapi} function (e.g. `'driftScan'`): the keys of the contract, every group. */
export type DriftNapiFunctionName = keyof DriftNapi;

/** The lifecycle group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const LIFECYCLE_FUNCTIONS = [
  'driftInitialize',
  'driftShutdown',
  'driftIsInitialized',
  'driftGC',
] as const satisfies readonly DriftNapiFunctionName[];

/** The scanner group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const SCANNER_FUNCTIONS = [
  'driftScan',
  'driftScanWithProgress',
  'driftCancelScan',
] as const satisfies readonly DriftNapiFunctionName[];

/** The analysis group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const ANALYSIS_FUNCTIONS = [
  'driftAnalyze',
  'driftCallGraph',
  'driftBoundaries',
  'driftValidatePack',
] as const satisfies readonly DriftNapiFunctionName[];

/** The pattern query group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const PATTERNS_FUNCTIONS = [
  'driftPatterns',
  'driftConfidence',
  'driftOutliers',
  'driftConventions',
] as const satisfies readonly DriftNapiFunctionName[];

/** The graph group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const GRAPH_FUNCTIONS = [
  'driftReachability',
  'driftTaintAnalysis',
  'driftErrorHandling',
  'driftImpactAnalysis',
  'driftTestTopology',
] as const satisfies readonly DriftNapiFunctionName[];

/** The structural group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const STRUCTURAL_FUNCTIONS = [
  'driftCouplingAnalysis',
  'driftConstraintVerification',
  'driftContractTracking',
  'driftConstantsAnalysis',
  'driftWrapperDetection',
  'driftDnaAnalysis',
  'driftOwaspAnalysis',
  'driftCryptoAnalysis',
  'driftDecomposition',
] as const satisfies readonly DriftNapiFunctionName[];

/** The enforcement group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const ENFORCEMENT_FUNCTIONS = [
  'driftCheck',
  'driftAudit',
  'driftViolations',
  'driftGates',
  'driftReport',
  'driftApprovePattern',
  'driftPatternStatus',
] as const satisfies readonly DriftNapiFunctionName[];

/** The feedback group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const FEEDBACK_FUNCTIONS = [
  'driftDismissViolation',
  'driftFixViolation',
  'driftSuppressViolation',
] as const satisfies readonly DriftNapiFunctionName[];

/** The advanced group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const ADVANCED_FUNCTIONS = [
  'driftSimulate',
  'driftDecisions',
  'driftContext',
  'driftGenerateSpec',
] as const satisfies readonly DriftNapiFunctionName[];

/** The bridge group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const BRIDGE_FUNCTIONS = [
  'driftBridgeStatus',
  'driftBridgeGroundMemory',
  'driftBridgeGroundAll',
  'driftBridgeGroundingHistory',
  'driftBridgeTranslateLink',
  'driftBridgeTranslateConstraintLink',
  'driftBridgeEventMappings',
  'driftBridgeGroundability',
  'driftBridgeLicenseCheck',
  'driftBridgeIntents',
  'driftBridgeAdaptiveWeights',
  'driftBridgeSpecCorrection',
  'driftBridgeContractVerified',
  'driftBridgeDecompositionAdjusted',
  'driftBridgeExplainSpec',
  'driftBridgeCounterfactual',
  'driftBridgeIntervention',
  'driftBridgeHealth',
  'driftBridgeUnifiedNarrative',
  'driftBridgePruneCausal',
  'driftBridgeGroundAfterAnalyze',
] as const satisfies readonly DriftNapiFunctionName[];

/** The cloud-sync group of {@link DRIFT_NAPI_FUNCTIONS}: function names, in the contract's order. */
export const CLOUD_FUNCTIONS = [
  'driftCloudReadRows',
  'driftCloudMaxCursor',
] as const satisfies readonly DriftNapiFunctionName[];

/**
 * All 66 function names of {@link DriftNapi}, in the contract's order, frozen. Checked at compile time
 * to name every function of the interface and nothing else.
 */
export const DRIFT_NAPI_FUNCTIONS = keyList<DriftNapi>()([
  ...LIFECYCLE_FUNCTIONS,
  ...SCANNER_FUNCTIONS,
  ...ANALYSIS_FUNCTIONS,
  ...PATTERNS_FUNCTIONS,
  ...GRAPH_FUNCTIONS,
  ...STRUCTURAL_FUNCTIONS,
  ...ENFORCEMENT_FUNCTIONS,
  ...FEEDBACK_FUNCTIONS,
  ...ADVANCED_FUNCTIONS,
  ...BRIDGE_FUNCTIONS,
  ...CLOUD_FUNCTIONS,
] as const);

/** How many functions the contract has. */
export const DRIFT_NAPI_FUNCTION_COUNT = 66;
