import type { IDriftStructural } from '../../index.js';
import { constants } from '../../schema/index.js';
import { decoderOf, insertStatement, selectList } from '../database.js';
import { changes, defineReads, defineWrites, each, effect, every, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// constants: named constants and magic numbers (`is_named` 0); id and created_at come from the store.

const CONSTANT_FIELDS = selectList(constants);

const decodeConstant = decoderOf(constants);

/** Inserts a constant (also the batch sink's `InsertConstants`). */
export const CONSTANT_INSERT = insertStatement(constants, {
  mode: 'insert',
  fields: ['name', 'value', 'file', 'line', 'isUsed', 'language', 'isNamed'],
});
// dialect: ties on (file, line) come back in SQLite's scan order (rowid); PostgreSQL: add `id` as a
// last key.
const CONSTANTS_BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('constants').select(CONSTANT_FIELDS).where('file', '=', file).orderBy('line', 'asc'),
);
// dialect: `is_used = 0` and `is_named = 0` compare a boolean column with the integer SQLite stores;
// PostgreSQL (a boolean column): `= false`.
const CONSTANTS_UNUSED = sharedStatement((d) =>
  d.db
    .selectFrom('constants')
    .select(CONSTANT_FIELDS)
    .where('is_used', '=', 0)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const MAGIC_NUMBERS = sharedStatement((d) =>
  d.db
    .selectFrom('constants')
    .select(CONSTANT_FIELDS)
    .where('is_named', '=', 0)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const CONSTANTS_DELETE_BY_FILE = sharedStatement((d, file: string) =>
  d.db.deleteFrom('constants').where('file', '=', file),
);
const CONSTANTS_COUNT = sharedStatement((d) =>
  d.db.selectFrom('constants').select((eb) => eb.fn.countAll<number>().as('n')),
);

/** The {@link IDriftStructural} methods on `constants` that only read, by method name. */
export const constantReads = defineReads<IDriftStructural>()({
  queryConstantsByFile: every(CONSTANTS_BY_FILE, decodeConstant),
  queryUnusedConstants: every(CONSTANTS_UNUSED, decodeConstant),
  queryMagicNumbers: every(MAGIC_NUMBERS, decodeConstant),
  countConstants: scalar(CONSTANTS_COUNT, 'n'),
});

/** The {@link IDriftStructural} methods on `constants` that write, by method name. */
export const constantWrites = defineWrites<IDriftStructural>()({
  insertConstant: effect(CONSTANT_INSERT.statement, CONSTANT_INSERT.args),
  insertConstantsBatch: function* (rows) {
    yield* each(CONSTANT_INSERT.statement, rows, CONSTANT_INSERT.args);
  },
  deleteConstantsByFile: changes(CONSTANTS_DELETE_BY_FILE),
});
