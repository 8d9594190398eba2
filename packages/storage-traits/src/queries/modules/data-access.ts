import type { IDriftStructural } from '../../index.js';
import { dataAccess } from '../../schema/index.js';
import { insertStatement } from '../database.js';
import { changes, defineReads, defineWrites, each, effect, every, scalar } from '../methods.js';
import { type QueryDialect, sharedStatement } from '../statement.js';

// data_access: functions reading or writing tables. The table has no id column (its key is
// function_id, table_name, operation, line), so rows come back with `id` null; a duplicate is ignored.

/** Inserts a data access, ignoring a duplicate (also the batch sink's `InsertDataAccess`). */
export const DATA_ACCESS_INSERT = insertStatement(dataAccess, {
  mode: 'doNothing',
  fields: ['functionId', 'tableName', 'operation', 'framework', 'line', 'confidence'],
});
const accessSelect = (d: QueryDialect) =>
  d.db
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
// dialect: ties (one function's accesses on one line; one table's accesses by one function) come back
// in SQLite's scan order (the key's index); PostgreSQL: complete the ORDER BY with the key's columns.
const ACCESS_BY_FUNCTION = sharedStatement((d, functionId: number) =>
  accessSelect(d).where('function_id', '=', functionId).orderBy('line', 'asc'),
);
const ACCESS_BY_TABLE = sharedStatement((d, tableName: string) =>
  accessSelect(d).where('table_name', '=', tableName).orderBy('function_id', 'asc'),
);
const ACCESS_DELETE_BY_FUNCTION = sharedStatement((d, functionId: number) =>
  d.db.deleteFrom('data_access').where('function_id', '=', functionId),
);
const ACCESS_COUNT = sharedStatement((d) =>
  d.db.selectFrom('data_access').select((eb) => eb.fn.countAll<number>().as('n')),
);

/** The {@link IDriftStructural} methods on `data_access` that only read, by method name. */
export const dataAccessReads = defineReads<IDriftStructural>()({
  queryDataAccessByFunction: every(ACCESS_BY_FUNCTION),
  queryDataAccessByTable: every(ACCESS_BY_TABLE),
  countDataAccess: scalar(ACCESS_COUNT, 'n'),
});

/** The {@link IDriftStructural} methods on `data_access` that write, by method name. */
export const dataAccessWrites = defineWrites<IDriftStructural>()({
  insertDataAccess: effect(DATA_ACCESS_INSERT.statement, DATA_ACCESS_INSERT.args),
  insertDataAccessBatch: function* (rows) {
    yield* each(DATA_ACCESS_INSERT.statement, rows, DATA_ACCESS_INSERT.args);
  },
  deleteDataAccessByFunction: changes(ACCESS_DELETE_BY_FUNCTION),
});
