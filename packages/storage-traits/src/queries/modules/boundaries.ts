import type { IDriftAnalysis } from '../../index.js';
import { boundaries } from '../../schema/index.js';
import { insertStatement, selectList } from '../database.js';
import { changes, defineReads, defineWrites, each, every, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// boundaries: data models and fields crossing a framework boundary; `id` and `created_at` are
// filled by the database.

const BOUNDARY_FIELDS = selectList(boundaries);

/** Inserts a boundary (also the batch sink's `InsertBoundaries`). */
export const BOUNDARY_INSERT = insertStatement(boundaries, { mode: 'insert' });
// The reference gives the by-file and by-framework lists no ORDER BY.
// dialect: SQLite answers them in its scan order (rowid, or the index on the filtered column, then
// rowid); PostgreSQL's order is unspecified: add `ORDER BY id`.
const BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('boundaries').select(BOUNDARY_FIELDS).where('file', '=', file),
);
const BY_FRAMEWORK = sharedStatement((d, framework: string) =>
  d.db.selectFrom('boundaries').select(BOUNDARY_FIELDS).where('framework', '=', framework),
);
// Ties on confidence, stated: the reference's SQLite reads the partial index idx_boundaries_sensitivity
// (entries (sensitivity, rowid)) and sorts by confidence keeping that order.
const SENSITIVE = sharedStatement((d) =>
  d.db
    .selectFrom('boundaries')
    .select(BOUNDARY_FIELDS)
    .where('sensitivity', 'is not', null)
    .orderBy('confidence', 'desc')
    .orderBy('sensitivity')
    .orderBy(d.rowid()),
);
const DELETE_BY_FILE = sharedStatement((d, file: string) =>
  d.db.deleteFrom('boundaries').where('file', '=', file),
);
const COUNT = sharedStatement((d) =>
  d.db.selectFrom('boundaries').select((eb) => eb.fn.countAll<number>().as('n')),
);

/** The {@link IDriftAnalysis} methods on `boundaries` that only read, by method name. */
export const boundariesReads = defineReads<IDriftAnalysis>()({
  getBoundariesByFile: every(BY_FILE),
  getBoundariesByFramework: every(BY_FRAMEWORK),
  getSensitiveBoundaries: every(SENSITIVE),
  countBoundaries: scalar(COUNT, 'n'),
});

/** The {@link IDriftAnalysis} methods on `boundaries` that write, by method name. */
export const boundariesWrites = defineWrites<IDriftAnalysis>()({
  insertBoundaries: function* (rows) {
    yield* each(BOUNDARY_INSERT.statement, rows, BOUNDARY_INSERT.args);
    return rows.length;
  },
  deleteBoundariesByFile: changes(DELETE_BY_FILE),
});
