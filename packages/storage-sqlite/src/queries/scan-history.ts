import type { IDriftAnalysis } from '@drift/storage-traits';
import { selectList } from '@drift/storage-traits/queries';
import { scanHistory } from '@drift/storage-traits/schema';
import { sql } from 'kysely';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// scan_history: an append-only log of scans, one row started as `running` and completed in place.

const SCAN_FIELDS = selectList(scanHistory);

// `running` is a literal, not a bound value: the batch sink's runner binds only its arguments.
/** Starts a scan from (started_at, root_path) (also the batch sink's `InsertScanHistory`). */
export const SCAN_START_INSERT = statement((startedAt: number, rootPath: string) =>
  qb
    .insertInto('scan_history')
    .values({ started_at: startedAt, root_path: rootPath, status: sql.lit('running') }),
);
const COMPLETE = statement(
  (
    id: number,
    completedAt: number | null,
    totalFiles: number | null,
    addedFiles: number | null,
    modifiedFiles: number | null,
    removedFiles: number | null,
    unchangedFiles: number | null,
    durationMs: number | null,
    status: string,
    error: string | null,
  ) =>
    qb
      .updateTable('scan_history')
      .set({
        completed_at: completedAt,
        total_files: totalFiles,
        added_files: addedFiles,
        modified_files: modifiedFiles,
        removed_files: removedFiles,
        unchanged_files: unchangedFiles,
        duration_ms: durationMs,
        status: status,
        error: error,
      })
      .where('id', '=', id),
);
const RECENT = statement((limit: number) =>
  qb.selectFrom('scan_history').select(SCAN_FIELDS).orderBy('started_at', 'desc').limit(limit),
);
const COUNT = statement(() => qb.selectFrom('scan_history').select((eb) => eb.fn.countAll<number>().as('n')));

/**
 * The {@link IDriftAnalysis} methods on `scan_history` that only read, by method name; the engine runs each
 * on a read-only connection after checking its arguments.
 */
export const scanHistoryReads = defineReads<IDriftAnalysis>()({
  queryRecentScans: (r, limit) => r.all(RECENT, [limit]),
  countScans: (r) => r.get(COUNT)!.n,
});

/**
 * The {@link IDriftAnalysis} methods on `scan_history` that write, by method name; the engine runs each on
 * its one writer connection after checking its arguments.
 */
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
