import type { DriftTable, LogicalType } from '@drift/storage-traits/schema';
import { postgresColumnName } from '../../src/schema.js';

// A row for every drift table built from its declaration: every column that must be given (identity
// ids included, given as 1), so that foreign keys line up (`constraints.id` is 'v' and so is
// `constraint_verifications.constraint_id`; every integer is 1).

const SAMPLE: Readonly<Record<LogicalType, unknown>> = {
  integer: 1,
  real: 0.5,
  text: 'v',
  blob: Buffer.from([1, 2, 3]),
  boolean: true,
};

/** The columns (PostgreSQL names) and values of a sample row of `table`. */
function sampleRow(table: DriftTable): { columns: string[]; values: unknown[] } {
  const given = table.columnList.filter(
    (c) => !c.nullable && (c.default === undefined || c.default.kind === 'autoIncrement'),
  );
  return {
    columns: given.map((c) => postgresColumnName(table.name, c.column)),
    values: given.map((c) => SAMPLE[c.type]),
  };
}

/** `insert into <table> (<columns>) values ($1, ...)` for {@link sampleRow}, plus `extra` columns first. */
export function sampleInsert(
  table: DriftTable,
  extra: Readonly<Record<string, unknown>> = {},
): { text: string; values: unknown[] } {
  const row = sampleRow(table);
  const columns = [...Object.keys(extra), ...row.columns];
  const values = [...Object.values(extra), ...row.values];
  return {
    text: `insert into "${table.name}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${values.map((_, i) => `$${i + 1}`).join(', ')})`,
    values,
  };
}

/** A column of `table` that is not part of any key or foreign key: what an update may change. */
export function updatableColumn(table: DriftTable): string | undefined {
  const keyed = new Set([
    ...table.primaryKey,
    ...table.unique.flat(),
    ...table.references.flatMap((r) => r.fields),
  ]);
  const c = table.columnList.find((c) => !keyed.has(c.field) && c.default?.kind !== 'autoIncrement');
  return c === undefined ? undefined : postgresColumnName(table.name, c.column);
}
