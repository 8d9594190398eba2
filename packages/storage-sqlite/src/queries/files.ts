import type { FileMetadataRow, IDriftFiles, ParseCacheRow } from '@drift/storage-traits';
import { fileMetadata, parseCache } from '@drift/storage-traits/schema';
import { insertStatement, selectList } from '../schema.js';
import { defineReads, defineWrites, qb, rowDecoder, statement } from '../statements.js';

// file_metadata: the scanner's record of every tracked file.

const FILE_METADATA_FIELDS = selectList(fileMetadata);

const decodeFileMetadata = rowDecoder<FileMetadataRow>({ bytes: ['contentHash'] });

const LOAD_ALL = statement(() => qb.selectFrom('file_metadata').select(FILE_METADATA_FIELDS));
const BY_PATH = statement((path: string) =>
  qb.selectFrom('file_metadata').select(FILE_METADATA_FIELDS).where('path', '=', path),
);
const COUNT_FILES = statement(() =>
  qb.selectFrom('file_metadata').select((eb) => eb.fn.countAll<number>().as('n')),
);
const SET_FUNCTION_COUNT = statement((path: string, functionCount: number | null) =>
  qb.updateTable('file_metadata').set({ function_count: functionCount }).where('path', '=', path),
);
const SET_ERROR = statement((path: string, errorCount: number | null, error: string | null) =>
  qb.updateTable('file_metadata').set({ error_count: errorCount, error: error }).where('path', '=', path),
);

// parse_cache: parse results keyed by content hash.

const PARSE_CACHE_FIELDS = selectList(parseCache);

const decodeParseCache = rowDecoder<ParseCacheRow>({ bytes: ['contentHash'] });

const CACHE_BY_HASH = statement((contentHash: Uint8Array) =>
  qb.selectFrom('parse_cache').select(PARSE_CACHE_FIELDS).where('content_hash', '=', contentHash),
);
/**
 * Replaces or inserts a parse cache entry from its four columns, as the reference's INSERT OR REPLACE
 * (queries/parse_cache.rs insert; also the batch sink's `InsertParseCache`).
 */
export const PARSE_CACHE_REPLACE = insertStatement(parseCache, {
  mode: 'replace',
  fields: ['contentHash', 'language', 'parseResultJson', 'createdAt'],
});
const CACHE_DELETE = statement((contentHash: Uint8Array) =>
  qb.deleteFrom('parse_cache').where('content_hash', '=', contentHash),
);
const COUNT_CACHE = statement(() =>
  qb.selectFrom('parse_cache').select((eb) => eb.fn.countAll<number>().as('n')),
);

/**
 * The {@link IDriftFiles} methods that only read, by method name; the engine runs each on a read-only
 * connection after checking its arguments.
 */
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

/**
 * The {@link IDriftFiles} methods that write, by method name; the engine runs each on its one writer
 * connection after checking its arguments.
 */
export const filesWrites = defineWrites<IDriftFiles>()({
  updateFunctionCount: (w, path, count) => {
    w.run(SET_FUNCTION_COUNT, [path, count]);
  },
  updateFileError: (w, path, errorCount, errorMsg) => {
    w.run(SET_ERROR, [path, errorCount, errorMsg]);
  },
  insertParseCache: (w, contentHash, language, parseResultJson, createdAt) => {
    w.run(
      PARSE_CACHE_REPLACE.statement,
      PARSE_CACHE_REPLACE.args({ contentHash, language, parseResultJson, createdAt }),
    );
  },
  invalidateParseCache: (w, contentHash) => {
    w.run(CACHE_DELETE, [contentHash]);
  },
});
