import type { IDriftAnalysis } from '../../index.js';
import { functions } from '../../schema/index.js';
import { decoderOf, insertStatement, selectList } from '../database.js';
import { changes, defineReads, defineWrites, every, first, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// functions: one row per declared function, keyed by (file, name, line).

const FUNCTION_FIELDS = selectList(functions);
const decodeFunction = decoderOf(functions);

/**
 * Replaces a function by (file, name, line), as the reference's batch writer does (the batch sink's
 * `InsertFunctions`; no trait method inserts functions). The replaced row gets a new id; call edges and
 * data-access rows naming the old id are left as they are (the reference's analysis writes the edges
 * again after the functions, and deleteEdgesByFile / deleteDataAccessByFunction clear them for a caller
 * that rewrites one file).
 */
export const FUNCTION_REPLACE = insertStatement(functions, {
  mode: 'replace',
  fields: [
    'file',
    'name',
    'qualifiedName',
    'language',
    'line',
    'endLine',
    'parameterCount',
    'returnType',
    'isExported',
    'isAsync',
    'bodyHash',
    'signatureHash',
  ],
});

// dialect: ties on `line` (two functions of a file on one line) come back in SQLite's scan order
// (rowid); PostgreSQL: add `id` as a second ORDER BY key.
const BY_FILE = sharedStatement((d, file: string) =>
  d.db.selectFrom('functions').select(FUNCTION_FIELDS).where('file', '=', file).orderBy('line'),
);
const BY_QUALIFIED_NAME = sharedStatement((d, qualifiedName: string) =>
  d.db.selectFrom('functions').select(FUNCTION_FIELDS).where('qualified_name', '=', qualifiedName),
);
const DELETE_BY_FILE = sharedStatement((d, file: string) =>
  d.db.deleteFrom('functions').where('file', '=', file),
);
const COUNT_FUNCTIONS = sharedStatement((d) =>
  d.db.selectFrom('functions').select((eb) => eb.fn.countAll<number>().as('n')),
);
// An entry point is a function that no call edge targets.
const COUNT_ENTRY_POINTS = sharedStatement((d) =>
  d.db
    .selectFrom('functions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'not in', (eb) => eb.selectFrom('call_edges').select('callee_id').distinct()),
);

/** The {@link IDriftAnalysis} methods on `functions` that only read, by method name. */
export const functionsReads = defineReads<IDriftAnalysis>()({
  getFunctionsByFile: every(BY_FILE, decodeFunction),
  getFunctionByQualifiedName: first(BY_QUALIFIED_NAME, decodeFunction),
  countFunctions: scalar(COUNT_FUNCTIONS, 'n'),
  countEntryPoints: scalar(COUNT_ENTRY_POINTS, 'n'),
});

/** The {@link IDriftAnalysis} methods on `functions` that write, by method name. */
export const functionsWrites = defineWrites<IDriftAnalysis>()({
  deleteFunctionsByFile: changes(DELETE_BY_FILE),
});
