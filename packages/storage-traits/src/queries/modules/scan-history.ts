import { sql } from 'kysely';
import type { IDriftAnalysis } from '../../index.js';
import { scanHistory } from '../../schema/index.js';
import { selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, get, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// scan_history: an append-only log of scans, one row started as `running` and completed in place.

const SCAN_FIELDS = selectList(scanHistory);

// `running` is a literal, not a bound value: the batch sink's runner binds only its arguments.
/** Starts a scan from (started_at, root_path) (also the batch sink's `InsertScanHistory`). */
export const SCAN_START_INSERT = sharedStatement((d, startedAt: number, rootPath: string) =>
  d.db
    .insertInto('scan_history')
    .values({ started_at: startedAt, root_path: rootPath, status: sql.lit('running') }),
);
// The same insert answering the new row's id (the trait method returns it).
const SCAN_START_RETURNING = sharedStatement((d, startedAt: number, rootPath: string) =>
  d.db
    .insertInto('scan_history')
    .values({ started_at: startedAt, root_path: rootPath, status: sql.lit('running') })
    .returning('id'),
);
const COMPLETE = sharedStatement(
  (
    d,
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
    d.db
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
const RECENT = sharedStatement((d, limit: number) =>
  // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
  d.db.selectFrom('scan_history').select(SCAN_FIELDS).orderBy('started_at', 'desc').limit(limit),
);
const COUNT = sharedStatement((d) =>
  d.db.selectFrom('scan_history').select((eb) => eb.fn.countAll<number>().as('n')),
);

/** The {@link IDriftAnalysis} methods on `scan_history` that only read, by method name. */
export const scanHistoryReads = defineReads<IDriftAnalysis>()({
  queryRecentScans: every(RECENT),
  countScans: scalar(COUNT, 'n'),
});

/** The {@link IDriftAnalysis} methods on `scan_history` that write, by method name. */
export const scanHistoryWrites = defineWrites<IDriftAnalysis>()({
  insertScanStart: function* (startedAt, rootPath) {
    return (yield* get(SCAN_START_RETURNING, [startedAt, rootPath]))!.id;
  },
  updateScanComplete: effect(COMPLETE),
});
