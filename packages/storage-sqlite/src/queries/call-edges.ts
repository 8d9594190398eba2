import type { IDriftAnalysis } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { callEdges } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// call_edges: keyed by (caller_id, callee_id, call_site_line); no column has a default.

const EDGE_FIELDS = selectList(callEdges);

// The reference writes edges with INSERT OR REPLACE (queries/call_edges.rs insert_call_edges, and
// batch/writer.rs): an edge with the same key is replaced by a new row.
/** Replaces or inserts a call edge (also the batch sink's `InsertCallEdges`). */
export const CALL_EDGE_REPLACE = insertStatement(callEdges, { mode: 'replace' });
const BY_CALLER = statement((callerId: number) =>
  qb.selectFrom('call_edges').select(EDGE_FIELDS).where('caller_id', '=', callerId),
);
const BY_CALLEE = statement((calleeId: number) =>
  qb.selectFrom('call_edges').select(EDGE_FIELDS).where('callee_id', '=', calleeId),
);
// Argument 0 (the file) is bound twice: once for each side of the edge.
const DELETE_BY_FILE = statement((file: string) =>
  qb
    .deleteFrom('call_edges')
    .where((eb) =>
      eb.or([
        eb('caller_id', 'in', eb.selectFrom('functions').select('id').where('file', '=', file)),
        eb('callee_id', 'in', eb.selectFrom('functions').select('id').where('file', '=', file)),
      ]),
    ),
);
const COUNT = statement(() => qb.selectFrom('call_edges').select((eb) => eb.fn.countAll<number>().as('n')));
const COUNT_RESOLVED = statement(() =>
  qb
    .selectFrom('call_edges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resolution', '!=', 'fuzzy')
    .where('resolution', '!=', 'unresolved'),
);

/**
 * The {@link IDriftAnalysis} methods on `call_edges` that only read, by method name; the engine runs each on
 * a read-only connection after checking its arguments.
 */
export const callEdgesReads = defineReads<IDriftAnalysis>()({
  getEdgesByCaller: (r, callerId) => r.all(BY_CALLER, [callerId]),
  getEdgesByCallee: (r, calleeId) => r.all(BY_CALLEE, [calleeId]),
  countCallEdges: (r) => r.get(COUNT)!.n,
  countResolvedEdges: (r) => r.get(COUNT_RESOLVED)!.n,
});

/**
 * The {@link IDriftAnalysis} methods on `call_edges` that write, by method name; the engine runs each on its
 * one writer connection after checking its arguments.
 */
export const callEdgesWrites = defineWrites<IDriftAnalysis>()({
  insertCallEdges: (w, edges) =>
    w.transaction(() => {
      for (const e of edges) w.run(CALL_EDGE_REPLACE.statement, CALL_EDGE_REPLACE.args(e));
      return edges.length;
    }),
  deleteEdgesByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
