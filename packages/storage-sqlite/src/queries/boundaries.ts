import type { IDriftAnalysis } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { boundaries } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// boundaries: data models and fields crossing a framework boundary; `id` and `created_at` are
// filled by the database.

const BOUNDARY_FIELDS = selectList(boundaries);

/** Inserts a boundary (also the batch sink's `InsertBoundaries`). */
export const BOUNDARY_INSERT = insertStatement(boundaries, { mode: 'insert' });
// The reference gives the by-file and by-framework lists no ORDER BY.
const BY_FILE = statement((file: string) =>
  qb.selectFrom('boundaries').select(BOUNDARY_FIELDS).where('file', '=', file),
);
const BY_FRAMEWORK = statement((framework: string) =>
  qb.selectFrom('boundaries').select(BOUNDARY_FIELDS).where('framework', '=', framework),
);
const SENSITIVE = statement(() =>
  qb
    .selectFrom('boundaries')
    .select(BOUNDARY_FIELDS)
    .where('sensitivity', 'is not', null)
    .orderBy('confidence', 'desc'),
);
const DELETE_BY_FILE = statement((file: string) => qb.deleteFrom('boundaries').where('file', '=', file));
const COUNT = statement(() => qb.selectFrom('boundaries').select((eb) => eb.fn.countAll<number>().as('n')));

/**
 * The {@link IDriftAnalysis} methods on `boundaries` that only read, by method name; the engine runs each on
 * a read-only connection after checking its arguments.
 */
export const boundariesReads = defineReads<IDriftAnalysis>()({
  getBoundariesByFile: (r, file) => r.all(BY_FILE, [file]),
  getBoundariesByFramework: (r, framework) => r.all(BY_FRAMEWORK, [framework]),
  getSensitiveBoundaries: (r) => r.all(SENSITIVE),
  countBoundaries: (r) => r.get(COUNT)!.n,
});

/**
 * The {@link IDriftAnalysis} methods on `boundaries` that write, by method name; the engine runs each on its
 * one writer connection after checking its arguments.
 */
export const boundariesWrites = defineWrites<IDriftAnalysis>()({
  insertBoundaries: (w, boundaries) =>
    w.transaction(() => {
      for (const b of boundaries) w.run(BOUNDARY_INSERT.statement, BOUNDARY_INSERT.args(b));
      return boundaries.length;
    }),
  deleteBoundariesByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
