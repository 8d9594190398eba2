import { blob, boolean, integer, text } from './column.js';
import { table } from './table.js';

// drift.db tables: files, parse cache, functions and scan history (v001).

/**
 * `file_metadata`, created by migration v001; read as `FileMetadataRow`: what the scanner knows about one
 * tracked file.
 */
export const fileMetadata = table(
  'file_metadata',
  {
    path: text(),
    language: text().nullable(),
    fileSize: integer(),
    contentHash: blob(),
    mtimeSecs: integer(),
    mtimeNanos: integer(),
    lastScannedAt: integer(),
    scanDurationUs: integer().nullable(),
    patternCount: integer().nullable().defaulted(0),
    functionCount: integer().nullable().defaulted(0),
    errorCount: integer().nullable().defaulted(0),
    error: text().nullable(),
  },
  { primaryKey: ['path'] },
);

/**
 * `parse_cache`, created by migration v001; read as `ParseCacheRow`: a parse result cached by content hash.
 */
export const parseCache = table(
  'parse_cache',
  {
    contentHash: blob(),
    language: text(),
    parseResultJson: text(),
    createdAt: integer(),
  },
  { primaryKey: ['contentHash'] },
);

/**
 * `functions`, created by migration v001; read as `FunctionRow`: one function or method found by the parser,
 * keyed by a store-assigned `id`.
 */
export const functions = table(
  'functions',
  {
    id: integer().autoIncrement(),
    file: text(),
    name: text(),
    qualifiedName: text().nullable(),
    language: text(),
    line: integer(),
    endLine: integer(),
    parameterCount: integer().defaulted(0),
    returnType: text().nullable(),
    isExported: boolean().defaulted(false),
    isAsync: boolean().defaulted(false),
    bodyHash: blob().nullable(),
    signatureHash: blob().nullable(),
  },
  { primaryKey: ['id'], unique: [['file', 'name', 'line']] },
);

/**
 * `scan_history`, created by migration v001; read as `ScanHistoryRow`: one scan, opened by `insertScanStart`,
 * closed by `updateScanComplete`.
 */
export const scanHistory = table(
  'scan_history',
  {
    id: integer().autoIncrement(),
    startedAt: integer(),
    completedAt: integer().nullable(),
    rootPath: text(),
    totalFiles: integer().nullable(),
    addedFiles: integer().nullable(),
    modifiedFiles: integer().nullable(),
    removedFiles: integer().nullable(),
    unchangedFiles: integer().nullable(),
    durationMs: integer().nullable(),
    status: text().defaulted('running'),
    error: text().nullable(),
  },
  { primaryKey: ['id'] },
);
