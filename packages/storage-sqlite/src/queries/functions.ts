import type { FunctionRow, IDriftAnalysis } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, rowDecoder, statement } from '../statements.js';

// functions: one row per declared function, keyed by (file, name, line).

const FUNCTION_FIELDS = [
  'id',
  'file',
  'name',
  'qualified_name as qualifiedName',
  'language',
  'line',
  'end_line as endLine',
  'parameter_count as parameterCount',
  'return_type as returnType',
  'is_exported as isExported',
  'is_async as isAsync',
  'body_hash as bodyHash',
  'signature_hash as signatureHash',
] as const;

const decodeFunction = rowDecoder<FunctionRow>({
  bool: ['isExported', 'isAsync'],
  bytes: ['bodyHash', 'signatureHash'],
});

const BY_FILE = statement(
  qb.selectFrom('functions').select(FUNCTION_FIELDS).where('file', '=', arg(0)).orderBy('line'),
);
const BY_QUALIFIED_NAME = statement(
  qb.selectFrom('functions').select(FUNCTION_FIELDS).where('qualified_name', '=', arg(0)),
);
const DELETE_BY_FILE = statement(qb.deleteFrom('functions').where('file', '=', arg(0)));
const COUNT_FUNCTIONS = statement(
  qb.selectFrom('functions').select((eb) => eb.fn.countAll<number>().as('n')),
);
// An entry point is a function that no call edge targets.
const COUNT_ENTRY_POINTS = statement(
  qb
    .selectFrom('functions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'not in', (eb) => eb.selectFrom('call_edges').select('callee_id').distinct()),
);

/** {@link IDriftAnalysis} function reads. */
export const functionsReads = defineReads<IDriftAnalysis>()({
  getFunctionsByFile: (r, file) => r.all(BY_FILE, [file]).map(decodeFunction),
  getFunctionByQualifiedName: (r, qualifiedName) => {
    const row = r.get(BY_QUALIFIED_NAME, [qualifiedName]);
    return row === undefined ? null : decodeFunction(row);
  },
  countFunctions: (r) => r.get(COUNT_FUNCTIONS)!.n,
  countEntryPoints: (r) => r.get(COUNT_ENTRY_POINTS)!.n,
});

/** {@link IDriftAnalysis} function writes. */
export const functionsWrites = defineWrites<IDriftAnalysis>()({
  deleteFunctionsByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
