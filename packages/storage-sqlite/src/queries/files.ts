import type { FileMetadataRow, IDriftFiles, ParseCacheRow } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, rowDecoder, statement } from '../statements.js';

// file_metadata: the scanner's record of every tracked file.

const FILE_METADATA_FIELDS = [
  'path',
  'language',
  'file_size as fileSize',
  'content_hash as contentHash',
  'mtime_secs as mtimeSecs',
  'mtime_nanos as mtimeNanos',
  'last_scanned_at as lastScannedAt',
  'scan_duration_us as scanDurationUs',
  'pattern_count as patternCount',
  'function_count as functionCount',
  'error_count as errorCount',
  'error',
] as const;

const decodeFileMetadata = rowDecoder<FileMetadataRow>({ bytes: ['contentHash'] });

const LOAD_ALL = statement(qb.selectFrom('file_metadata').select(FILE_METADATA_FIELDS));
const BY_PATH = statement(
  qb.selectFrom('file_metadata').select(FILE_METADATA_FIELDS).where('path', '=', arg(0)),
);
const COUNT_FILES = statement(
  qb.selectFrom('file_metadata').select((eb) => eb.fn.countAll<number>().as('n')),
);
const SET_FUNCTION_COUNT = statement(
  qb
    .updateTable('file_metadata')
    .set({ function_count: arg(1) })
    .where('path', '=', arg(0)),
);
const SET_ERROR = statement(
  qb
    .updateTable('file_metadata')
    .set({ error_count: arg(1), error: arg(2) })
    .where('path', '=', arg(0)),
);

// parse_cache: parse results keyed by content hash.

const PARSE_CACHE_FIELDS = [
  'content_hash as contentHash',
  'language',
  'parse_result_json as parseResultJson',
  'created_at as createdAt',
] as const;

const decodeParseCache = rowDecoder<ParseCacheRow>({ bytes: ['contentHash'] });

const CACHE_BY_HASH = statement(
  qb.selectFrom('parse_cache').select(PARSE_CACHE_FIELDS).where('content_hash', '=', arg(0)),
);
/**
 * Replaces or inserts a parse cache entry from its four columns, as the reference's INSERT OR REPLACE
 * (queries/parse_cache.rs insert; also the batch sink's `InsertParseCache`).
 */
export const PARSE_CACHE_REPLACE = statement(
  replaceInto('parse_cache').values({
    content_hash: arg(0),
    language: arg(1),
    parse_result_json: arg(2),
    created_at: arg(3),
  }),
);
const CACHE_DELETE = statement(qb.deleteFrom('parse_cache').where('content_hash', '=', arg(0)));
const COUNT_CACHE = statement(qb.selectFrom('parse_cache').select((eb) => eb.fn.countAll<number>().as('n')));

/** {@link IDriftFiles} reads. */
export const filesReads = defineReads<IDriftFiles>()({
  loadAllFileMetadata: (r) => r.all(LOAD_ALL).map(decodeFileMetadata),
  getFileMetadata: (r, path) => {
    const row = r.get(BY_PATH, [path]);
    return row === undefined ? null : decodeFileMetadata(row);
  },
  countFiles: (r) => r.get(COUNT_FILES)!.n,
  getParseCacheByHash: (r, contentHash) => {
    const row = r.get(CACHE_BY_HASH, [contentHash]);
    return row === undefined ? null : decodeParseCache(row);
  },
  countParseCache: (r) => r.get(COUNT_CACHE)!.n,
});

/** {@link IDriftFiles} writes. */
export const filesWrites = defineWrites<IDriftFiles>()({
  updateFunctionCount: (w, path, count) => {
    w.run(SET_FUNCTION_COUNT, [path, count]);
  },
  updateFileError: (w, path, errorCount, errorMsg) => {
    w.run(SET_ERROR, [path, errorCount, errorMsg]);
  },
  insertParseCache: (w, contentHash, language, parseResultJson, createdAt) => {
    w.run(PARSE_CACHE_REPLACE, [contentHash, language, parseResultJson, createdAt]);
  },
  invalidateParseCache: (w, contentHash) => {
    w.run(CACHE_DELETE, [contentHash]);
  },
});
