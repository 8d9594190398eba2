import type { Kysely } from 'kysely';
import type { DriftTable } from '../../schema/index.js';
import type { InsertStatement } from '../database.js';
import { generatedStatement, placeholderArg, type SharedStatement } from '../statement.js';

// The inserts whose trait method answers the new row's id: the same columns as an insert of the
// table's declaration, with `RETURNING id` (SQLite 3.35+, PostgreSQL), so no engine needs its
// driver's last-insert-rowid.

/** A Kysely over tables of unknown columns, to build one insert for any declared table. */
type AnyTables = Kysely<Record<string, Record<string, unknown>>>;

/**
 * `insert` with `RETURNING id`: the same table, fields and placeholder order (run it with
 * `insert.args(row)`), answering one row `{ id }`. Only for a plain insert (no OR REPLACE/IGNORE:
 * the row ignored would answer no id).
 */
export function insertReturningId<Row>(
  table: DriftTable,
  insert: InsertStatement<Row>,
): SharedStatement<{ readonly id: number }, ReturnType<InsertStatement<Row>['args']>> {
  const values = Object.fromEntries(
    insert.fields.map((field, i) => {
      const column = table.byField[field];
      if (column === undefined) throw new TypeError(`${table.name} has no field ${field}`);
      return [column.column, placeholderArg(i)];
    }),
  );
  return generatedStatement(
    (d) => (d.db as unknown as AnyTables).insertInto(table.name).values(values).returning('id') as never,
    insert.fields.length,
  );
}
