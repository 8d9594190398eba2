/** Types of the analysis functions (`driftAnalyze`, `driftCallGraph`, `driftBoundaries`, `driftValidatePack`). */

/** One analysed file of `driftAnalyze`'s result: its language, pattern matches and analysis time in µs. */
export interface JsAnalysisResult {
  file: string;
  language: string;
  matches: JsPatternMatch[];
  /** Time spent on this file, in microseconds. */
  analysisTimeUs: number;
}

/** One place where a pattern was found. */
export interface JsPatternMatch {
  file: string;
  line: number;
  column: number;
  patternId: string;
  confidence: number;
  category: string;
  detectionMethod: string;
  matchedText: string;
  cweIds: number[];
  owasp: string | null;
}

/** Whether a pattern pack (TOML) is well formed, and what it declares. */
export interface JsValidatePackResult {
  valid: boolean;
  name: string | null;
  version: string | null;
  languageCount: number;
  patternCount: number;
  /** Why the pack is invalid, or null. */
  error: string | null;
}

/** Summary of the call graph that was built. */
export interface JsCallGraphResult {
  totalFunctions: number;
  totalEdges: number;
  entryPoints: number;
  /** Share of calls resolved to a known function, from 0 to 1. */
  resolutionRate: number;
  buildDurationMs: number;
}

/** Data models and sensitive fields found at data-access boundaries. */
export interface JsBoundaryResult {
  models: JsModelResult[];
  sensitiveFields: JsSensitiveField[];
  frameworksDetected: string[];
}

/** One data model (ORM entity, schema, ...). */
export interface JsModelResult {
  name: string;
  tableName: string | null;
  file: string;
  framework: string;
  fieldCount: number;
  confidence: number;
}

/** One model field judged sensitive (credentials, personal data, ...). */
export interface JsSensitiveField {
  modelName: string;
  fieldName: string;
  file: string;
  sensitivity: string;
  confidence: number;
}
