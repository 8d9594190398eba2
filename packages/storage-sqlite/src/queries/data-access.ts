import type { IDriftStructural } from '@drift/storage-traits';
import { insertStatement } from '@drift/storage-traits/queries';
import { dataAccess } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// data_access: functions reading or writing tables. The table has no id column (its key is
// function_id, table_name, operation, line), so rows come back with `id` null; a duplicate is ignored.

/** Inserts a data access, ignoring a duplicate (also the batch sink's `InsertDataAccess`). */
export const DATA_ACCESS_INSERT = insertStatement(dataAccess, {
  mode: 'doNothing',
  fields: ['functionId', 'tableName', 'operation', 'framework', 'line', 'confidence'],
});
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
const ACCESS_BY_FUNCTION = statement((functionId: number) =>
  accessSelect.where('function_id', '=', functionId).orderBy('line', 'asc'),
);
const ACCESS_BY_TABLE = statement((tableName: string) =>
  accessSelect.where('table_name', '=', tableName).orderBy('function_id', 'asc'),
);
const ACCESS_DELETE_BY_FUNCTION = statement((functionId: number) =>
  qb.deleteFrom('data_access').where('function_id', '=', functionId),
);
const ACCESS_COUNT = statement(() =>
  qb.selectFrom('data_access').select((eb) => eb.fn.countAll<number>().as('n')),
);

/**
 * The {@link IDriftStructural} methods on `data_access` that only read, by method name; the engine runs each
 * on a read-only connection after checking its arguments.
 */
export const dataAccessReads = defineReads<IDriftStructural>()({
  queryDataAccessByFunction: (r, functionId) => r.all(ACCESS_BY_FUNCTION, [functionId]),
  queryDataAccessByTable: (r, tableName) => r.all(ACCESS_BY_TABLE, [tableName]),
  countDataAccess: (r) => r.get(ACCESS_COUNT)!.n,
});

/**
 * The {@link IDriftStructural} methods on `data_access` that write, by method name; the engine runs each on
 * its one writer connection after checking its arguments.
 */
export const dataAccessWrites = defineWrites<IDriftStructural>()({
  insertDataAccess: (w, row) => {
    w.run(DATA_ACCESS_INSERT.statement, DATA_ACCESS_INSERT.args(row));
  },
  insertDataAccessBatch: (w, rows) => {
    w.transaction(() => {
      for (const row of rows) w.run(DATA_ACCESS_INSERT.statement, DATA_ACCESS_INSERT.args(row));
    });
  },
  deleteDataAccessByFunction: (w, functionId) => w.run(ACCESS_DELETE_BY_FUNCTION, [functionId]).changes,
});
