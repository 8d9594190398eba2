import type { IDriftStructural } from '../../index.js';
import { envVariables } from '../../schema/index.js';
import { decoderOf, insertStatement, selectList } from '../database.js';
import { changes, defineReads, defineWrites, each, effect, every, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// env_variables: each read of an environment variable; id and created_at come from the store.

const ENV_FIELDS = selectList(envVariables);

const decodeEnv = decoderOf(envVariables);

/** Inserts an environment-variable read (also the batch sink's `InsertEnvVariables`). */
export const ENV_VARIABLE_INSERT = insertStatement(envVariables, {
  mode: 'insert',
  fields: ['name', 'file', 'line', 'accessMethod', 'hasDefault', 'definedInEnv', 'frameworkPrefix'],
});
// dialect: ties on the ORDER BY keys come back in SQLite's scan order (rowid); PostgreSQL: add `id`
// as a last key.
const ENV_BY_NAME = sharedStatement((d, name: string) =>
  d.db
    .selectFrom('env_variables')
    .select(ENV_FIELDS)
    .where('name', '=', name)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const ENV_BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('env_variables').select(ENV_FIELDS).where('file', '=', file).orderBy('line', 'asc'),
);
// dialect: `= 0` compares boolean columns with the integer SQLite stores; PostgreSQL: `= false`.
const ENV_MISSING = sharedStatement((d) =>
  d.db
    .selectFrom('env_variables')
    .select(ENV_FIELDS)
    .where('defined_in_env', '=', 0)
    .where('has_default', '=', 0)
    .orderBy('name', 'asc')
    .orderBy('file', 'asc'),
);
const ENV_DELETE_BY_FILE = sharedStatement((d, file: string) =>
  d.db.deleteFrom('env_variables').where('file', '=', file),
);
const ENV_COUNT = sharedStatement((d) =>
  d.db.selectFrom('env_variables').select((eb) => eb.fn.countAll<number>().as('n')),
);

/** The {@link IDriftStructural} methods on `env_variables` that only read, by method name. */
export const envVariableReads = defineReads<IDriftStructural>()({
  queryEnvVariablesByName: every(ENV_BY_NAME, decodeEnv),
  queryEnvVariablesByFile: every(ENV_BY_FILE, decodeEnv),
  queryMissingEnvVariables: every(ENV_MISSING, decodeEnv),
  countEnvVariables: scalar(ENV_COUNT, 'n'),
});

/** The {@link IDriftStructural} methods on `env_variables` that write, by method name. */
export const envVariableWrites = defineWrites<IDriftStructural>()({
  insertEnvVariable: effect(ENV_VARIABLE_INSERT.statement, ENV_VARIABLE_INSERT.args),
  insertEnvVariablesBatch: function* (rows) {
    yield* each(ENV_VARIABLE_INSERT.statement, rows, ENV_VARIABLE_INSERT.args);
  },
  deleteEnvVariablesByFile: changes(ENV_DELETE_BY_FILE),
});
