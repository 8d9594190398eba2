import type { IDriftAnalysis } from '@drift/storage-traits';
import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import { functions } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

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

const BY_FILE = statement((file: string) =>
  qb.selectFrom('functions').select(FUNCTION_FIELDS).where('file', '=', file).orderBy('line'),
);
const BY_QUALIFIED_NAME = statement((qualifiedName: string) =>
  qb.selectFrom('functions').select(FUNCTION_FIELDS).where('qualified_name', '=', qualifiedName),
);
const DELETE_BY_FILE = statement((file: string) => qb.deleteFrom('functions').where('file', '=', file));
const COUNT_FUNCTIONS = statement(() =>
  qb.selectFrom('functions').select((eb) => eb.fn.countAll<number>().as('n')),
);
// An entry point is a function that no call edge targets.
const COUNT_ENTRY_POINTS = statement(() =>
  qb
    .selectFrom('functions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'not in', (eb) => eb.selectFrom('call_edges').select('callee_id').distinct()),
);

/**
 * The {@link IDriftAnalysis} methods on `functions` that only read, by method name; the engine runs each on a
 * read-only connection after checking its arguments.
 */
export const functionsReads = defineReads<IDriftAnalysis>()({
  getFunctionsByFile: (r, file) => r.all(BY_FILE, [file]).map(decodeFunction),
  getFunctionByQualifiedName: (r, qualifiedName) => {
    const row = r.get(BY_QUALIFIED_NAME, [qualifiedName]);
    return row === undefined ? null : decodeFunction(row);
  },
  countFunctions: (r) => r.get(COUNT_FUNCTIONS)!.n,
  countEntryPoints: (r) => r.get(COUNT_ENTRY_POINTS)!.n,
});

/**
 * The {@link IDriftAnalysis} methods on `functions` that write, by method name; the engine runs each on its
 * one writer connection after checking its arguments.
 */
export const functionsWrites = defineWrites<IDriftAnalysis>()({
  deleteFunctionsByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
