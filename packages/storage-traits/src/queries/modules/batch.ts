import type { BatchCommandRows, BatchCommandType } from '../../index.js';
import { fileMetadata, patternConfidence } from '../../schema/index.js';
import { insertStatement } from '../database.js';
import { type SharedStatement, sharedStatement } from '../statement.js';
import { PARSE_CACHE_REPLACE } from './files.js';
import {
  ERROR_GAP_INSERT,
  IMPACT_SCORE_REPLACE,
  REACHABILITY_REPLACE,
  TAINT_FLOW_INSERT,
  TEST_QUALITY_REPLACE,
} from './graph.js';
import { CONVENTION_INSERT, OUTLIER_INSERT } from './patterns.js';
import { SCAN_START_INSERT } from './scan-history.js';

// The batch commands as statements: for each command, the statement that writes one of its rows and
// the arguments of a row. An engine's batch sink runs them (SQLite: a prepared loop in a savepoint per
// command; PostgreSQL: the same rows, possibly as one bulk statement).

/** How one command's rows are written: its statement and the arguments of one row, in placeholder order. */
export interface BatchCommandWriter<R> {
  readonly statement: SharedStatement;
  readonly args: (row: R) => readonly unknown[];
}

/** The writer of every batch command, by command type. */
export type BatchWriters = { readonly [T in BatchCommandType]: BatchCommandWriter<BatchCommandRows[T]> };

/** A command writer whose row mapper the compiler checks against the statement's arguments. */
export function batchWriter<R, A extends readonly unknown[]>(
  statement: SharedStatement<unknown, A>,
  args: (row: R) => A,
): BatchCommandWriter<R> {
  return { statement, args };
}

// ─── Statements of the batch alone ───────────────────────────────────────────────────────────────

// No trait method writes file metadata: the scanner's facts arrive only through the batch.
const REPLACE_FILE_METADATA = insertStatement(fileMetadata, {
  mode: 'replace',
  fields: [
    'path',
    'language',
    'fileSize',
    'contentHash',
    'mtimeSecs',
    'mtimeNanos',
    'lastScannedAt',
    'scanDurationUs',
  ],
});

const DELETE_FILE_METADATA = sharedStatement((d, path: string) =>
  d.db.deleteFrom('file_metadata').where('path', '=', path),
);

// Unlike the trait's upsert (ON CONFLICT DO UPDATE with the caller's `last_updated`), the batch
// command replaces the row and leaves `last_updated` to its DEFAULT, as the reference does.
const REPLACE_PATTERN_CONFIDENCE = insertStatement(patternConfidence, {
  mode: 'replace',
  fields: [
    'patternId',
    'alpha',
    'beta',
    'posteriorMean',
    'credibleIntervalLow',
    'credibleIntervalHigh',
    'tier',
    'momentum',
  ],
});

/**
 * The command writers. Being completed as the query modules move onto the shared layer: a command
 * missing here is still written by the SQLite engine's own map (storage-sqlite `batch-sink.ts`).
 */
export const BATCH_WRITERS: Partial<BatchWriters> = {
  UpsertFileMetadata: REPLACE_FILE_METADATA,
  InsertParseCache: PARSE_CACHE_REPLACE,
  DeleteFileMetadata: batchWriter(DELETE_FILE_METADATA, (path: string) => [path] as const),
  InsertPatternConfidence: REPLACE_PATTERN_CONFIDENCE,

  // Group A (conv-a): entries below this line.

  // Group B (conv-b): entries below this line.
  InsertOutliers: OUTLIER_INSERT,
  InsertConventions: CONVENTION_INSERT,
  InsertReachabilityCache: REACHABILITY_REPLACE,
  InsertTaintFlows: TAINT_FLOW_INSERT,
  InsertErrorGaps: ERROR_GAP_INSERT,
  InsertImpactScores: IMPACT_SCORE_REPLACE,
  InsertTestQuality: TEST_QUALITY_REPLACE,
  InsertScanHistory: batchWriter(SCAN_START_INSERT, (r) => [r.startedAt, r.rootPath] as const),

  // Group C (conv-c): entries below this line.
};
