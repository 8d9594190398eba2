// Binds the compiler checks: a statement's arguments are the typed parameters of its builder, and an
// insert's binds come only from its own mapper. Each `@ts-expect-error` below is a mistake that must
// not compile (tsc fails on an unused one, so each line proves its error). Checked by `tsc --noEmit`.
import type { DetectionInsertRow } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { detections, functions } from '@drift/storage-traits/schema';
import { sampleRow } from '@drift/storage-traits/testing';
import {
  listStatement,
  qb,
  type ReadExecutor,
  type Statement,
  statement,
  statementFamily,
  type WriteExecutor,
} from '../src/statements.js';

declare const r: ReadExecutor;
declare const w: WriteExecutor;

const BY_FILE_AND_LINE = statement((file: string, line: number) =>
  qb.selectFrom('functions').select(selectList(functions)).where('file', '=', file).where('line', '=', line),
);
const COUNT = statement(() => qb.selectFrom('functions').select((eb) => eb.fn.countAll<number>().as('n')));

export const ok: unknown[] = [
  r.all(BY_FILE_AND_LINE, ['a.ts', 3]),
  r.get(COUNT)?.n,
  w.run(
    statement((file: string) => qb.deleteFrom('functions').where('file', '=', file)),
    ['a.ts'],
  ),
];

// The argument tuple is the builder's parameter list.
export const tuple: Statement<unknown, readonly [file: string, line: number]> = BY_FILE_AND_LINE;

// @ts-expect-error two arguments swapped
r.all(BY_FILE_AND_LINE, [3, 'a.ts']);
// @ts-expect-error an argument missing
r.all(BY_FILE_AND_LINE, ['a.ts']);
// @ts-expect-error an argument too many
r.all(BY_FILE_AND_LINE, ['a.ts', 3, 4]);
// @ts-expect-error no arguments for a statement that has some
r.all(BY_FILE_AND_LINE);
// @ts-expect-error arguments for a statement that has none
r.get(COUNT, ['a.ts']);

// @ts-expect-error a string parameter compared with an INTEGER column
statement((line: string) => qb.selectFrom('functions').selectAll().where('line', '=', line));

statement((file: string, line: number) =>
  // @ts-expect-error two parameters written to each other's column
  qb.updateTable('functions').set({ file: line, line: file }),
);

// An IN list keeps the element type.
const IN_FILES = statementFamily((n: number) =>
  listStatement(n, (files: readonly string[]) =>
    qb.selectFrom('functions').selectAll().where('file', 'in', files),
  ),
);
r.all(IN_FILES(2), ['a.ts', 'b.ts']);
// @ts-expect-error a number in a list of strings
r.all(IN_FILES(2), ['a.ts', 2]);

// An insert's statement runs only with the binds its own mapper made, from a row of the right shape.
const INSERT = insertStatement(functions, { fields: ['file', 'name', 'line'] });
w.run(INSERT.statement, INSERT.args({ file: 'a.ts', name: 'f', line: 1 }));
// @ts-expect-error positional values made by hand
w.run(INSERT.statement, ['a.ts', 'f', 1]);
// @ts-expect-error a field of the wrong type
INSERT.args({ file: 'a.ts', name: 'f', line: '1' });
// @ts-expect-error a listed field missing
INSERT.args({ file: 'a.ts', name: 'f' });
// @ts-expect-error a field that is not a column of the table
insertStatement(functions, { fields: ['file', 'nme'] });

// Without a field list, the row is every field the database does not fill: a detection's insert takes
// the batch's insert row (no id, no createdAt) and still needs every other field.
const DEFAULT_INSERT = insertStatement(detections);
const insertRow: DetectionInsertRow = sampleRow('InsertDetections', 0);
DEFAULT_INSERT.args(insertRow);
const { matchedText: _matchedText, ...withoutText } = insertRow;
// @ts-expect-error a field the database does not fill, missing
DEFAULT_INSERT.args(withoutText);
