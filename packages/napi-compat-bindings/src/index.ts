export {
  ANALYSIS_STEPS,
  type AnalysisContext,
  type AnalysisFile,
  type AnalysisStepName,
  type ConstraintVerificationInput,
  type ContractEndpoint,
  type ContractFieldSpec,
  type ContractMismatchOutput,
  type ContractSourceFile,
  type CrossFileOutput,
  type DegradationOutput,
  type DetectedFile,
  type DetectOutput,
  type DriftAnalyzer,
  type EnforcementOutput,
  type ExtractedContracts,
  type GraphOutput,
  isTestOrFixtureFile,
  type MaybePromise,
  type PatternsOutput,
  type StructuralOutput,
} from './analyzer.js';
export type { AnalysisRunResult, AnalysisStepReport } from './bindings/analysis.js';
export { MAX_QUOTED_LENGTH } from './bindings/args.js';
export { CLOUD_DEFAULT_LIMIT } from './bindings/cloud.js';
export {
  ALREADY_INITIALIZED_MESSAGE,
  MAX_MESSAGE_LENGTH,
  NapiErrorCode,
  napiCodeOf,
  RUNTIME_NOT_INITIALIZED_MESSAGE,
} from './bindings/errors.js';
export { REPORT_FORMATS, type ReportFormat, renderReport, reportLevel } from './bindings/reporters.js';
export {
  isGlobPattern,
  isRustRegex,
  PACK_CATEGORIES,
  PACK_LANGUAGES,
  validatePack,
} from './bindings/validate-pack.js';
export { type LayeredConfig, loadLayeredConfig, userConfigPath } from './config.js';
export * from './contract/index.js';
export {
  ADVANCED_NOT_SUPPORTED_REASON,
  ASYNC_FUNCTIONS,
  BRIDGE_NOT_SUPPORTED_REASON,
  type CreateDriftNapiOptions,
  closeDriftNapi,
  createDriftNapi,
} from './create-drift-napi.js';
export {
  DRIFT_CONFIG_ENV_VARS,
  DRIFT_CONFIG_SECTIONS,
  type DriftConfig,
  type DriftConfigSection,
  type DriftConfigSource,
  DriftRuntime,
  type DriftRuntimeOptions,
  defaultDbPath,
  notInitializedError,
  parseDriftConfig,
  runtimeClosedError,
  type StorageFactory,
} from './runtime.js';

// Scanner
export {
  contentHash,
  DEFAULT_IGNORES,
  DEFAULT_MAX_FILE_SIZE,
  detectLanguage,
  type ScanProgressUpdate,
  type ScanProjectHooks,
  type ScanProjectOptions,
  type ScanProjectResult,
  type ScanProjectStats,
  type ScanProjectSummary,
  type ScanStorage,
  scanProject,
  scanProjectDetailed,
} from './scanner/index.js';
