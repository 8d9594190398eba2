import type { BoundaryInsertRow, IDriftAnalysis } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, statement } from '../statements.js';

// boundaries: data models and fields crossing a framework boundary; `id` and `created_at` are
// filled by the database.

const BOUNDARY_FIELDS = [
  'id',
  'file',
  'framework',
  'model_name as modelName',
  'table_name as tableName',
  'field_name as fieldName',
  'sensitivity',
  'confidence',
  'created_at as createdAt',
] as const;

/** Inserts a boundary (also the batch sink's `InsertBoundaries`). */
export const BOUNDARY_INSERT = statement(
  qb.insertInto('boundaries').values({
    file: arg(0),
    framework: arg(1),
    model_name: arg(2),
    table_name: arg(3),
    field_name: arg(4),
    sensitivity: arg(5),
    confidence: arg(6),
  }),
);
/** The arguments of {@link BOUNDARY_INSERT} for a row. */
export function boundaryArgs(b: BoundaryInsertRow): unknown[] {
  return [b.file, b.framework, b.modelName, b.tableName, b.fieldName, b.sensitivity, b.confidence];
}
// The reference gives the by-file and by-framework lists no ORDER BY.
const BY_FILE = statement(qb.selectFrom('boundaries').select(BOUNDARY_FIELDS).where('file', '=', arg(0)));
const BY_FRAMEWORK = statement(
  qb.selectFrom('boundaries').select(BOUNDARY_FIELDS).where('framework', '=', arg(0)),
);
const SENSITIVE = statement(
  qb
    .selectFrom('boundaries')
    .select(BOUNDARY_FIELDS)
    .where('sensitivity', 'is not', null)
    .orderBy('confidence', 'desc'),
);
const DELETE_BY_FILE = statement(qb.deleteFrom('boundaries').where('file', '=', arg(0)));
const COUNT = statement(qb.selectFrom('boundaries').select((eb) => eb.fn.countAll<number>().as('n')));

/** {@link IDriftAnalysis} boundary reads. */
export const boundariesReads = defineReads<IDriftAnalysis>()({
  getBoundariesByFile: (r, file) => r.all(BY_FILE, [file]),
  getBoundariesByFramework: (r, framework) => r.all(BY_FRAMEWORK, [framework]),
  getSensitiveBoundaries: (r) => r.all(SENSITIVE),
  countBoundaries: (r) => r.get(COUNT)!.n,
});

/** {@link IDriftAnalysis} boundary writes. */
export const boundariesWrites = defineWrites<IDriftAnalysis>()({
  insertBoundaries: (w, boundaries) =>
    w.transaction(() => {
      for (const b of boundaries) w.run(BOUNDARY_INSERT, boundaryArgs(b));
      return boundaries.length;
    }),
  deleteBoundariesByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
