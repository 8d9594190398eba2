export * from './contract/index.js';
export {
  ADVANCED_NOT_SUPPORTED_REASON,
  BRIDGE_NOT_SUPPORTED_REASON,
  type CreateDriftNapiOptions,
  createDriftNapi,
  type DriftAnalyzer,
  GC_NOT_SUPPORTED_REASON,
  NOT_IMPLEMENTED_FUNCTIONS,
  NOT_IMPLEMENTED_REASON,
} from './create-drift-napi.js';
export {
  DRIFT_CONFIG_SECTIONS,
  type DriftConfig,
  type DriftConfigSection,
  type DriftConfigSource,
  DriftRuntime,
  type DriftRuntimeOptions,
  defaultDbPath,
  notInitializedError,
  parseDriftConfig,
  RuntimeStateName,
  type StorageFactory,
  shutDownError,
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
