import { keyList } from './key-list.js';

/** A `file_metadata` row: what the scanner knows about one tracked file. */
export interface FileMetadataRow {
  /** Path relative to the project root; the primary key. */
  readonly path: string;
  /** Language detected from the extension, or null when unknown. */
  readonly language: string | null;
  /** Size in bytes when the scanner last read the file. */
  readonly fileSize: number;
  /** Content hash bytes (xxh3 in the reference). */
  readonly contentHash: Uint8Array;
  /** Modification time, whole seconds since the epoch. */
  readonly mtimeSecs: number;
  /** Nanosecond part of the modification time. */
  readonly mtimeNanos: number;
  /** When the file was last scanned, seconds since the epoch. */
  readonly lastScannedAt: number;
  /** How long scanning the file took, in microseconds, when measured. */
  readonly scanDurationUs: number | null;
  /** Counter cache: patterns detected in the file. */
  readonly patternCount: number;
  /** Counter cache: functions in the file. */
  readonly functionCount: number;
  /** Counter cache: parse errors in the file. */
  readonly errorCount: number;
  /** The last parse error message, if any. */
  readonly error: string | null;
}

/** A `parse_cache` row, keyed by `contentHash`: a source with the same bytes reuses the cached parse. */
export interface ParseCacheRow {
  /** Content hash bytes of the parsed source; the primary key. */
  readonly contentHash: Uint8Array;
  /** Language the source was parsed as. */
  readonly language: string;
  /** The parse result as JSON text, stored and returned as given (the store never parses it). */
  readonly parseResultJson: string;
  /** When the entry was cached, seconds since the epoch. */
  readonly createdAt: number;
}

/** File metadata and parse cache storage (tables `file_metadata`, `parse_cache`). */
export interface IDriftFiles {
  /** Loads every file metadata row, for incremental scan comparison. */
  loadAllFileMetadata(): FileMetadataRow[];
  /** Returns the metadata of one path, or null when the path is not tracked. */
  getFileMetadata(path: string): FileMetadataRow | null;
  /** Sets the function-count counter cache of a file. */
  updateFunctionCount(path: string, count: number): void;
  /** Sets the error counter and last error message of a file. */
  updateFileError(path: string, errorCount: number, errorMsg: string | null): void;
  /** Rows of `file_metadata` (the tracked files). */
  countFiles(): number;
  /** Returns the cached parse result for a content hash, or null. */
  getParseCacheByHash(contentHash: Uint8Array): ParseCacheRow | null;
  /** Inserts or replaces the parse cache entry of a content hash. */
  insertParseCache(
    contentHash: Uint8Array,
    language: string,
    parseResultJson: string,
    createdAt: number,
  ): void;
  /** Removes the parse cache entry of a content hash (no error when absent). */
  invalidateParseCache(contentHash: Uint8Array): void;
  /** Rows of `parse_cache`: one per content hash. */
  countParseCache(): number;
}

/** Every method name of {@link IDriftFiles}, checked at compile time to be exactly its keys. */
export const DRIFT_FILES_METHODS = keyList<IDriftFiles>()([
  'loadAllFileMetadata',
  'getFileMetadata',
  'updateFunctionCount',
  'updateFileError',
  'countFiles',
  'getParseCacheByHash',
  'insertParseCache',
  'invalidateParseCache',
  'countParseCache',
] as const);
