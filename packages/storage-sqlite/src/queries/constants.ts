import type { ConstantInsertRow, ConstantRow, IDriftStructural } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, rowDecoder, statement } from '../statements.js';
import { bit } from './bind.js';

// constants: named constants and magic numbers (`is_named` 0); id and created_at come from the store.

const CONSTANT_FIELDS = [
  'id',
  'name',
  'value',
  'file',
  'line',
  'is_used as isUsed',
  'language',
  'is_named as isNamed',
  'created_at as createdAt',
] as const;

const decodeConstant = rowDecoder<ConstantRow>({ bool: ['isUsed', 'isNamed'] });

/** Inserts a constant (also the batch sink's `InsertConstants`). */
export const CONSTANT_INSERT = statement(
  qb.insertInto('constants').values({
    name: arg(0),
    value: arg(1),
    file: arg(2),
    line: arg(3),
    is_used: arg(4),
    language: arg(5),
    is_named: arg(6),
  }),
);
const CONSTANTS_BY_FILE = statement(
  qb.selectFrom('constants').select(CONSTANT_FIELDS).where('file', '=', arg(0)).orderBy('line', 'asc'),
);
const CONSTANTS_UNUSED = statement(
  qb
    .selectFrom('constants')
    .select(CONSTANT_FIELDS)
    .where('is_used', '=', 0)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const MAGIC_NUMBERS = statement(
  qb
    .selectFrom('constants')
    .select(CONSTANT_FIELDS)
    .where('is_named', '=', 0)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const CONSTANTS_DELETE_BY_FILE = statement(qb.deleteFrom('constants').where('file', '=', arg(0)));
const CONSTANTS_COUNT = statement(
  qb.selectFrom('constants').select((eb) => eb.fn.countAll<number>().as('n')),
);

/** The arguments of {@link CONSTANT_INSERT} for a row. */
export function constantArgs(row: ConstantInsertRow): unknown[] {
  return [row.name, row.value, row.file, row.line, bit(row.isUsed), row.language, bit(row.isNamed)];
}

/** Constant reads of {@link IDriftStructural}. */
export const constantReads = defineReads<IDriftStructural>()({
  queryConstantsByFile: (r, file) => r.all(CONSTANTS_BY_FILE, [file]).map(decodeConstant),
  queryUnusedConstants: (r) => r.all(CONSTANTS_UNUSED).map(decodeConstant),
  queryMagicNumbers: (r) => r.all(MAGIC_NUMBERS).map(decodeConstant),
  countConstants: (r) => r.get(CONSTANTS_COUNT)!.n,
});

/** Constant writes of {@link IDriftStructural}. */
export const constantWrites = defineWrites<IDriftStructural>()({
  insertConstant: (w, row) => {
    w.run(CONSTANT_INSERT, constantArgs(row));
  },
  insertConstantsBatch: (w, rows) => {
    w.transaction(() => {
      for (const row of rows) w.run(CONSTANT_INSERT, constantArgs(row));
    });
  },
  deleteConstantsByFile: (w, file) => w.run(CONSTANTS_DELETE_BY_FILE, [file]).changes,
});
