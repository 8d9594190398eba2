import type { IDriftStructural } from '@drift/storage-traits';
import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import { constants } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// constants: named constants and magic numbers (`is_named` 0); id and created_at come from the store.

const CONSTANT_FIELDS = selectList(constants);

const decodeConstant = decoderOf(constants);

/** Inserts a constant (also the batch sink's `InsertConstants`). */
export const CONSTANT_INSERT = insertStatement(constants, {
  mode: 'insert',
  fields: ['name', 'value', 'file', 'line', 'isUsed', 'language', 'isNamed'],
});
const CONSTANTS_BY_FILE = statement((file: string) =>
  qb.selectFrom('constants').select(CONSTANT_FIELDS).where('file', '=', file).orderBy('line', 'asc'),
);
const CONSTANTS_UNUSED = statement(() =>
  qb
    .selectFrom('constants')
    .select(CONSTANT_FIELDS)
    .where('is_used', '=', 0)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const MAGIC_NUMBERS = statement(() =>
  qb
    .selectFrom('constants')
    .select(CONSTANT_FIELDS)
    .where('is_named', '=', 0)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const CONSTANTS_DELETE_BY_FILE = statement((file: string) =>
  qb.deleteFrom('constants').where('file', '=', file),
);
const CONSTANTS_COUNT = statement(() =>
  qb.selectFrom('constants').select((eb) => eb.fn.countAll<number>().as('n')),
);

/**
 * The {@link IDriftStructural} methods on `constants` that only read, by method name; the engine runs each on
 * a read-only connection after checking its arguments.
 */
export const constantReads = defineReads<IDriftStructural>()({
  queryConstantsByFile: (r, file) => r.all(CONSTANTS_BY_FILE, [file]).map(decodeConstant),
  queryUnusedConstants: (r) => r.all(CONSTANTS_UNUSED).map(decodeConstant),
  queryMagicNumbers: (r) => r.all(MAGIC_NUMBERS).map(decodeConstant),
  countConstants: (r) => r.get(CONSTANTS_COUNT)!.n,
});

/**
 * The {@link IDriftStructural} methods on `constants` that write, by method name; the engine runs each on its
 * one writer connection after checking its arguments.
 */
export const constantWrites = defineWrites<IDriftStructural>()({
  insertConstant: (w, row) => {
    w.run(CONSTANT_INSERT.statement, CONSTANT_INSERT.args(row));
  },
  insertConstantsBatch: (w, rows) => {
    w.transaction(() => {
      for (const row of rows) w.run(CONSTANT_INSERT.statement, CONSTANT_INSERT.args(row));
    });
  },
  deleteConstantsByFile: (w, file) => w.run(CONSTANTS_DELETE_BY_FILE, [file]).changes,
});
