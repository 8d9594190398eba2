export { BINARY_SNIFF_BYTES, contentHash, looksBinary } from './hash.js';
export { detectLanguage, SCANNER_LANGUAGES } from './language.js';
export {
  DEFAULT_MAX_FILE_SIZE,
  DEFAULT_PROGRESS_INTERVAL,
  SCAN_WRITE_CHUNK,
  type ScanProgressUpdate,
  type ScanProjectHooks,
  type ScanProjectOptions,
  type ScanProjectResult,
  type ScanProjectStats,
  type ScanProjectSummary,
  type ScanStorage,
  scanProject,
  scanProjectDetailed,
} from './scan.js';
export { DEFAULT_IGNORES, type DiscoveredFile, IGNORE_FILE_NAMES, walkTree } from './walk.js';
