import type { EnvVariableInsertRow, EnvVariableRow, IDriftStructural } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, rowDecoder, statement } from '../statements.js';
import { bit } from './bind.js';

// env_variables: each read of an environment variable; id and created_at come from the store.

const ENV_FIELDS = [
  'id',
  'name',
  'file',
  'line',
  'access_method as accessMethod',
  'has_default as hasDefault',
  'defined_in_env as definedInEnv',
  'framework_prefix as frameworkPrefix',
  'created_at as createdAt',
] as const;

const decodeEnv = rowDecoder<EnvVariableRow>({ bool: ['hasDefault', 'definedInEnv'] });

/** Inserts an environment-variable read (also the batch sink's `InsertEnvVariables`). */
export const ENV_VARIABLE_INSERT = statement(
  qb.insertInto('env_variables').values({
    name: arg(0),
    file: arg(1),
    line: arg(2),
    access_method: arg(3),
    has_default: arg(4),
    defined_in_env: arg(5),
    framework_prefix: arg(6),
  }),
);
const ENV_BY_NAME = statement(
  qb
    .selectFrom('env_variables')
    .select(ENV_FIELDS)
    .where('name', '=', arg(0))
    .orderBy('file', 'asc')
    .orderBy('line', 'asc'),
);
const ENV_BY_FILE = statement(
  qb.selectFrom('env_variables').select(ENV_FIELDS).where('file', '=', arg(0)).orderBy('line', 'asc'),
);
const ENV_MISSING = statement(
  qb
    .selectFrom('env_variables')
    .select(ENV_FIELDS)
    .where('defined_in_env', '=', 0)
    .where('has_default', '=', 0)
    .orderBy('name', 'asc')
    .orderBy('file', 'asc'),
);
const ENV_DELETE_BY_FILE = statement(qb.deleteFrom('env_variables').where('file', '=', arg(0)));
const ENV_COUNT = statement(qb.selectFrom('env_variables').select((eb) => eb.fn.countAll<number>().as('n')));

/** The arguments of {@link ENV_VARIABLE_INSERT} for a row. */
export function envVariableArgs(row: EnvVariableInsertRow): unknown[] {
  return [
    row.name,
    row.file,
    row.line,
    row.accessMethod,
    bit(row.hasDefault),
    bit(row.definedInEnv),
    row.frameworkPrefix,
  ];
}

/** Environment-variable reads of {@link IDriftStructural}. */
export const envVariableReads = defineReads<IDriftStructural>()({
  queryEnvVariablesByName: (r, name) => r.all(ENV_BY_NAME, [name]).map(decodeEnv),
  queryEnvVariablesByFile: (r, file) => r.all(ENV_BY_FILE, [file]).map(decodeEnv),
  queryMissingEnvVariables: (r) => r.all(ENV_MISSING).map(decodeEnv),
  countEnvVariables: (r) => r.get(ENV_COUNT)!.n,
});

/** Environment-variable writes of {@link IDriftStructural}. */
export const envVariableWrites = defineWrites<IDriftStructural>()({
  insertEnvVariable: (w, row) => {
    w.run(ENV_VARIABLE_INSERT, envVariableArgs(row));
  },
  insertEnvVariablesBatch: (w, rows) => {
    w.transaction(() => {
      for (const row of rows) w.run(ENV_VARIABLE_INSERT, envVariableArgs(row));
    });
  },
  deleteEnvVariablesByFile: (w, file) => w.run(ENV_DELETE_BY_FILE, [file]).changes,
});
