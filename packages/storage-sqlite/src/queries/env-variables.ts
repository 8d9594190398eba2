import type { IDriftStructural } from '@drift/storage-traits';
import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import { envVariables } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// env_variables: each read of an environment variable; id and created_at come from the store.

const ENV_FIELDS = selectList(envVariables);

const decodeEnv = decoderOf(envVariables);

/** Inserts an environment-variable read (also the batch sink's `InsertEnvVariables`). */
export const ENV_VARIABLE_INSERT = insertStatement(envVariables, {
  mode: 'insert',
  fields: ['name', 'file', 'line', 'accessMethod', 'hasDefault', 'definedInEnv', 'frameworkPrefix'],
});
const ENV_BY_NAME = statement((name: string) =>
  qb
    .selectFrom('env_variables')
    .select(ENV_FIELDS)
    .where('name', '=', name)
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const ENV_BY_FILE = statement((file: string) =>
  qb.selectFrom('env_variables').select(ENV_FIELDS).where('file', '=', file).orderBy('line', 'asc'),
);
const ENV_MISSING = statement(() =>
  qb
    .selectFrom('env_variables')
    .select(ENV_FIELDS)
    .where('defined_in_env', '=', 0)
    .where('has_default', '=', 0)
    .orderBy('name', 'asc')
    .orderBy('file', 'asc'),
);
const ENV_DELETE_BY_FILE = statement((file: string) =>
  qb.deleteFrom('env_variables').where('file', '=', file),
);
const ENV_COUNT = statement(() =>
  qb.selectFrom('env_variables').select((eb) => eb.fn.countAll<number>().as('n')),
);

/**
 * The {@link IDriftStructural} methods on `env_variables` that only read, by method name; the engine runs
 * each on a read-only connection after checking its arguments.
 */
export const envVariableReads = defineReads<IDriftStructural>()({
  queryEnvVariablesByName: (r, name) => r.all(ENV_BY_NAME, [name]).map(decodeEnv),
  queryEnvVariablesByFile: (r, file) => r.all(ENV_BY_FILE, [file]).map(decodeEnv),
  queryMissingEnvVariables: (r) => r.all(ENV_MISSING).map(decodeEnv),
  countEnvVariables: (r) => r.get(ENV_COUNT)!.n,
});

/**
 * The {@link IDriftStructural} methods on `env_variables` that write, by method name; the engine runs each on
 * its one writer connection after checking its arguments.
 */
export const envVariableWrites = defineWrites<IDriftStructural>()({
  insertEnvVariable: (w, row) => {
    w.run(ENV_VARIABLE_INSERT.statement, ENV_VARIABLE_INSERT.args(row));
  },
  insertEnvVariablesBatch: (w, rows) => {
    w.transaction(() => {
      for (const row of rows) w.run(ENV_VARIABLE_INSERT.statement, ENV_VARIABLE_INSERT.args(row));
    });
  },
  deleteEnvVariablesByFile: (w, file) => w.run(ENV_DELETE_BY_FILE, [file]).changes,
});
