import type { IDriftAnalysis } from '../../index.js';
import { callEdges } from '../../schema/index.js';
import { insertStatement, selectList } from '../database.js';
import { changes, defineReads, defineWrites, each, every, scalar } from '../methods.js';
import { sharedStatement } from '../statement.js';

// call_edges: keyed by (caller_id, callee_id, call_site_line); no column has a default.

const EDGE_FIELDS = selectList(callEdges);

// The reference writes edges with INSERT OR REPLACE (queries/call_edges.rs insert_call_edges, and
// batch/writer.rs): an edge with the same key is replaced by a new row.
/** Replaces or inserts a call edge (also the batch sink's `InsertCallEdges`). */
export const CALL_EDGE_REPLACE = insertStatement(callEdges, { mode: 'replace' });
// dialect: no ORDER BY (as the reference): SQLite answers in its scan order (the key's index);
// PostgreSQL's order is unspecified: add `ORDER BY callee_id, call_site_line` (by caller) and
// `ORDER BY caller_id, call_site_line` (by callee) if the order matters to a caller.
const BY_CALLER = sharedStatement((d, callerId: number) =>
  d.db.selectFrom('call_edges').select(EDGE_FIELDS).where('caller_id', '=', callerId),
);
const BY_CALLEE = sharedStatement((d, calleeId: number) =>
  d.db.selectFrom('call_edges').select(EDGE_FIELDS).where('callee_id', '=', calleeId),
);
// Argument 0 (the file) is bound twice: once for each side of the edge.
const DELETE_BY_FILE = sharedStatement((d, file: string) =>
  d.db
    .deleteFrom('call_edges')
    .where((eb) =>
      eb.or([
        eb('caller_id', 'in', eb.selectFrom('functions').select('id').where('file', '=', file)),
        eb('callee_id', 'in', eb.selectFrom('functions').select('id').where('file', '=', file)),
      ]),
    ),
);
const COUNT = sharedStatement((d) =>
  d.db.selectFrom('call_edges').select((eb) => eb.fn.countAll<number>().as('n')),
);
const COUNT_RESOLVED = sharedStatement((d) =>
  d.db
    .selectFrom('call_edges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resolution', '!=', 'fuzzy')
    .where('resolution', '!=', 'unresolved'),
);

/** The {@link IDriftAnalysis} methods on `call_edges` that only read, by method name. */
export const callEdgesReads = defineReads<IDriftAnalysis>()({
  getEdgesByCaller: every(BY_CALLER),
  getEdgesByCallee: every(BY_CALLEE),
  countCallEdges: scalar(COUNT, 'n'),
  countResolvedEdges: scalar(COUNT_RESOLVED, 'n'),
});

/** The {@link IDriftAnalysis} methods on `call_edges` that write, by method name. */
export const callEdgesWrites = defineWrites<IDriftAnalysis>()({
  insertCallEdges: function* (edges) {
    yield* each(CALL_EDGE_REPLACE.statement, edges, CALL_EDGE_REPLACE.args);
    return edges.length;
  },
  deleteEdgesByFile: changes(DELETE_BY_FILE),
});
