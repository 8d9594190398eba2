import type { FileMetadataRow, IDriftFiles, ParseCacheRow } from '../../index.js';
import { fileMetadata, parseCache } from '../../schema/index.js';
import { insertStatement, rowDecoder, selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, first, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// file_metadata: the scanner's record of every tracked file.

const FILE_METADATA_FIELDS = selectList(fileMetadata);

const decodeFileMetadata = rowDecoder<FileMetadataRow>({ bytes: ['contentHash'] });

const LOAD_ALL = sharedStatement((d) => d.db.selectFrom('file_metadata').select(FILE_METADATA_FIELDS));
const BY_PATH = sharedStatement((d, path: string) =>
  d.db.selectFrom('file_metadata').select(FILE_METADATA_FIELDS).where('path', '=', path),
);
const COUNT_FILES = sharedStatement((d) =>
  d.db.selectFrom('file_metadata').select((eb) => eb.fn.countAll<number>().as('n')),
);
const SET_FUNCTION_COUNT = sharedStatement((d, path: string, functionCount: number | null) =>
  d.db.updateTable('file_metadata').set({ function_count: functionCount }).where('path', '=', path),
);
const SET_ERROR = sharedStatement((d, path: string, errorCount: number | null, error: string | null) =>
  d.db.updateTable('file_metadata').set({ error_count: errorCount, error: error }).where('path', '=', path),
);

// parse_cache: parse results keyed by content hash.

const PARSE_CACHE_FIELDS = selectList(parseCache);

const decodeParseCache = rowDecoder<ParseCacheRow>({ bytes: ['contentHash'] });

const CACHE_BY_HASH = sharedStatement((d, contentHash: Uint8Array) =>
  d.db.selectFrom('parse_cache').select(PARSE_CACHE_FIELDS).where('content_hash', '=', contentHash),
);
/**
 * Replaces or inserts a parse cache entry from its four columns, as the reference's INSERT OR REPLACE
 * (queries/parse_cache.rs insert; also the batch sink's `InsertParseCache`).
 */
export const PARSE_CACHE_REPLACE = insertStatement(parseCache, {
  mode: 'replace',
  fields: ['contentHash', 'language', 'parseResultJson', 'createdAt'],
});
const CACHE_DELETE = sharedStatement((d, contentHash: Uint8Array) =>
  d.db.deleteFrom('parse_cache').where('content_hash', '=', contentHash),
);
const COUNT_CACHE = sharedStatement((d) =>
  d.db.selectFrom('parse_cache').select((eb) => eb.fn.countAll<number>().as('n')),
);

/** The {@link IDriftFiles} methods that only read, by method name. */
export const filesReads = defineReads<IDriftFiles>()({
  loadAllFileMetadata: every(LOAD_ALL, decodeFileMetadata),
  getFileMetadata: first(BY_PATH, decodeFileMetadata),
  countFiles: scalar(COUNT_FILES, 'n'),
  getParseCacheByHash: first(CACHE_BY_HASH, decodeParseCache),
  countParseCache: scalar(COUNT_CACHE, 'n'),
});

/** The {@link IDriftFiles} methods that write, by method name. */
export const filesWrites = defineWrites<IDriftFiles>()({
  updateFunctionCount: effect(SET_FUNCTION_COUNT),
  updateFileError: effect(SET_ERROR),
  insertParseCache: effect(
    PARSE_CACHE_REPLACE.statement,
    (contentHash, language, parseResultJson, createdAt) =>
      PARSE_CACHE_REPLACE.args({ contentHash, language, parseResultJson, createdAt }),
  ),
  invalidateParseCache: effect(CACHE_DELETE),
});
