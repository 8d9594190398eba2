export { DEFAULT_MAX_FILE_SIZE } from './config.js';
export { GitignoreRules, readIgnoreFile, readIgnoreLines, toByteString } from './glob.js';
export { contentHash } from './hash.js';
export { detectLanguage } from './language.js';
export {
  closeStaleScans,
  type ScanProgressUpdate,
  type ScanProjectHooks,
  type ScanProjectOptions,
  type ScanProjectResult,
  type ScanProjectStats,
  type ScanProjectSummary,
  type ScanStorage,
  STALE_SCAN_ERROR,
  scanProject,
  scanProjectDetailed,
} from './scan.js';
export { DEFAULT_IGNORES, type WalkEnvironment, type WalkOptions, walkTree } from './walk.js';
