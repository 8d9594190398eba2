export {
  buildScanConfig,
  DEFAULT_MAX_FILE_SIZE,
  type EffectiveScanConfig,
  EMPTY_SCAN_CONFIG,
  napiFileSizeLimit,
  type ScanCallOptions,
  type ScanConfig,
  scanConfigOf,
} from './config.js';
export {
  GitignoreRules,
  type RuleMatch,
  type RuleOptions,
  readIgnoreFile,
  readIgnoreLines,
  toByteString,
} from './glob.js';
export { contentHash, hashContent, hashFromBytes, hashToBytes } from './hash.js';
export {
  detectLanguage,
  languageOf,
  SCANNER_LANGUAGE_TABLE,
  SCANNER_LANGUAGES,
  type ScannerLanguage,
} from './language.js';
export {
  closeStaleScans,
  PROGRESS_INTERVAL,
  SCAN_STATUS_COMPLETED,
  SCAN_STATUS_PARTIAL,
  type ScanProgressUpdate,
  type ScanProjectHooks,
  type ScanProjectOptions,
  type ScanProjectResult,
  type ScanProjectStats,
  type ScanProjectSummary,
  type ScanStorage,
  STALE_SCAN_ERROR,
  SUMMARY_STATUS_COMPLETE,
  SUMMARY_STATUS_PARTIAL,
  scanProject,
  scanProjectDetailed,
} from './scan.js';
export {
  DEFAULT_IGNORES,
  type DiscoveredFile,
  IGNORE_FILE_NAMES,
  processWalkEnvironment,
  type WalkEnvironment,
  type WalkOptions,
  type WalkResult,
  type WalkSkips,
  walkTree,
} from './walk.js';
