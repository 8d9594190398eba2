import type { IDriftAnalysis } from '@drift/storage-traits';
import { sql } from 'kysely';
import { arg, defineReads, defineWrites, qb, statement } from '../statements.js';

// scan_history: an append-only log of scans, one row started as `running` and completed in place.

const SCAN_FIELDS = [
  'id',
  'started_at as startedAt',
  'completed_at as completedAt',
  'root_path as rootPath',
  'total_files as totalFiles',
  'added_files as addedFiles',
  'modified_files as modifiedFiles',
  'removed_files as removedFiles',
  'unchanged_files as unchangedFiles',
  'duration_ms as durationMs',
  'status',
  'error',
] as const;

// `running` is a literal, not a bound value: the batch sink's runner binds only its arguments.
/** Starts a scan from (started_at, root_path) (also the batch sink's `InsertScanHistory`). */
export const SCAN_START_INSERT = statement(
  qb.insertInto('scan_history').values({ started_at: arg(0), root_path: arg(1), status: sql.lit('running') }),
);
const COMPLETE = statement(
  qb
    .updateTable('scan_history')
    .set({
      completed_at: arg(1),
      total_files: arg(2),
      added_files: arg(3),
      modified_files: arg(4),
      removed_files: arg(5),
      unchanged_files: arg(6),
      duration_ms: arg(7),
      status: arg(8),
      error: arg(9),
    })
    .where('id', '=', arg(0)),
);
const RECENT = statement(
  qb.selectFrom('scan_history').select(SCAN_FIELDS).orderBy('started_at', 'desc').limit(arg(0)),
);
const COUNT = statement(qb.selectFrom('scan_history').select((eb) => eb.fn.countAll<number>().as('n')));

/** {@link IDriftAnalysis} scan history reads. */
export const scanHistoryReads = defineReads<IDriftAnalysis>()({
  queryRecentScans: (r, limit) => r.all(RECENT, [limit]),
  countScans: (r) => r.get(COUNT)!.n,
});

/** {@link IDriftAnalysis} scan history writes. */
export const scanHistoryWrites = defineWrites<IDriftAnalysis>()({
  insertScanStart: (w, startedAt, rootPath) =>
    w.run(SCAN_START_INSERT, [startedAt, rootPath]).lastInsertRowid,
  updateScanComplete: (
    w,
    id,
    completedAt,
    totalFiles,
    addedFiles,
    modifiedFiles,
    removedFiles,
    unchangedFiles,
    durationMs,
    status,
    error,
  ) => {
    w.run(COMPLETE, [
      id,
      completedAt,
      totalFiles,
      addedFiles,
      modifiedFiles,
      removedFiles,
      unchangedFiles,
      durationMs,
      status,
      error,
    ]);
  },
});
