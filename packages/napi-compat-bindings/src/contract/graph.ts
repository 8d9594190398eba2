/**
 * Types of the graph functions (`driftReachability`, `driftTaintAnalysis`, `driftErrorHandling`,
 * `driftImpactAnalysis`, `driftTestTopology`).
 */

/** How far a function reaches through the call graph. */
export interface JsReachabilityResult {
  source: string;
  reachableCount: number;
  sensitivity: string;
  maxDepth: number;
  /** Name of the traversal engine; always `petgraph` here, as the reference's default. */
  engine: string;
}

/** One flow of untrusted data from a source to a sink. */
export interface JsTaintFlow {
  sourceFile: string;
  sourceLine: number;
  sourceType: string;
  sinkFile: string;
  sinkLine: number;
  sinkType: string;
  cweId: number | null;
  isSanitized: boolean;
  confidence: number;
  pathLength: number;
}

/** What `driftTaintAnalysis` answers: up to 1,000 stored taint flows (the reference's limit). */
export interface JsTaintResult {
  flows: JsTaintFlow[];
  vulnerabilityCount: number;
  sourceCount: number;
  sinkCount: number;
}

/** One place where errors are not handled properly. */
export interface JsErrorGap {
  file: string;
  functionName: string;
  line: number;
  gapType: string;
  severity: string;
  cweId: number | null;
  remediation: string | null;
}

/** What `driftErrorHandling` answers: up to 1,000 stored error gaps (the reference's limit). */
export interface JsErrorHandlingResult {
  gaps: JsErrorGap[];
  handlerCount: number;
  unhandledCount: number;
}

/** How much of the code a change to one function can affect. */
export interface JsBlastRadius {
  functionId: string;
  callerCount: number;
  riskScore: number;
  maxDepth: number;
}

/**
 * A function the stored impact scores mark as dead code, with the analyzer's reason ('' when none) and
 * exclusion category when stored.
 */
export interface JsDeadCode {
  functionId: string;
  reason: string;
  /** Why it is nevertheless kept (entry point, export, ...), or null. */
  exclusion: string | null;
}

/** What `driftImpactAnalysis` answers: up to 1,000 stored impact scores (the reference's limit). */
export interface JsImpactResult {
  blastRadii: JsBlastRadius[];
  deadCode: JsDeadCode[];
}

/** Quality scores of a test suite, each from 0 to 1. */
export interface JsTestQuality {
  coverageBreadth: number;
  coverageDepth: number;
  assertionDensity: number;
  mockRatio: number;
  isolation: number;
  freshness: number;
  stability: number;
  overall: number;
  smellCount: number;
}

/**
 * What `driftTestTopology` answers: means over the stored `test_quality` rows (the analyzer's defaults
 * without any).
 */
export interface JsTestTopologyResult {
  quality: JsTestQuality;
  testCount: number;
  sourceCount: number;
  coveragePercent: number;
  minimumTestSetSize: number;
}
