import type { DataAccessInsertRow, IDriftStructural } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, statement } from '../statements.js';

// data_access: functions reading or writing tables. The table has no id column (its key is
// function_id, table_name, operation, line), so rows come back with `id` null; a duplicate is ignored.

/** Inserts a data access, ignoring a duplicate (also the batch sink's `InsertDataAccess`). */
export const DATA_ACCESS_INSERT = statement(
  qb
    .insertInto('data_access')
    .values({
      function_id: arg(0),
      table_name: arg(1),
      operation: arg(2),
      framework: arg(3),
      line: arg(4),
      confidence: arg(5),
    })
    .onConflict((oc) => oc.doNothing()),
);
const accessSelect = qb
  .selectFrom('data_access')
  .select((eb) => [
    eb.lit(null).as('id'),
    'function_id as functionId',
    'table_name as tableName',
    'operation',
    'framework',
    'line',
    'confidence',
  ]);
const ACCESS_BY_FUNCTION = statement(accessSelect.where('function_id', '=', arg(0)).orderBy('line', 'asc'));
const ACCESS_BY_TABLE = statement(
  accessSelect.where('table_name', '=', arg(0)).orderBy('function_id', 'asc'),
);
const ACCESS_DELETE_BY_FUNCTION = statement(qb.deleteFrom('data_access').where('function_id', '=', arg(0)));
const ACCESS_COUNT = statement(qb.selectFrom('data_access').select((eb) => eb.fn.countAll<number>().as('n')));

/** The arguments of {@link DATA_ACCESS_INSERT} for a row. */
export function dataAccessArgs(row: DataAccessInsertRow): unknown[] {
  return [row.functionId, row.tableName, row.operation, row.framework, row.line, row.confidence];
}

/** Data-access reads of {@link IDriftStructural}. */
export const dataAccessReads = defineReads<IDriftStructural>()({
  queryDataAccessByFunction: (r, functionId) => r.all(ACCESS_BY_FUNCTION, [functionId]),
  queryDataAccessByTable: (r, tableName) => r.all(ACCESS_BY_TABLE, [tableName]),
  countDataAccess: (r) => r.get(ACCESS_COUNT)!.n,
});

/** Data-access writes of {@link IDriftStructural}. */
export const dataAccessWrites = defineWrites<IDriftStructural>()({
  insertDataAccess: (w, row) => {
    w.run(DATA_ACCESS_INSERT, dataAccessArgs(row));
  },
  insertDataAccessBatch: (w, rows) => {
    w.transaction(() => {
      for (const row of rows) w.run(DATA_ACCESS_INSERT, dataAccessArgs(row));
    });
  },
  deleteDataAccessByFunction: (w, functionId) => w.run(ACCESS_DELETE_BY_FUNCTION, [functionId]).changes,
});
