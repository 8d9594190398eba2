import type { CallEdgeRow, IDriftAnalysis } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, statement } from '../statements.js';

// call_edges: keyed by (caller_id, callee_id, call_site_line); no column has a default.

const EDGE_FIELDS = [
  'caller_id as callerId',
  'callee_id as calleeId',
  'resolution',
  'confidence',
  'call_site_line as callSiteLine',
] as const;

// The reference writes edges with INSERT OR REPLACE (queries/call_edges.rs insert_call_edges, and
// batch/writer.rs): an edge with the same key is replaced by a new row.
/** Replaces or inserts a call edge (also the batch sink's `InsertCallEdges`). */
export const CALL_EDGE_REPLACE = statement(
  replaceInto('call_edges').values({
    caller_id: arg(0),
    callee_id: arg(1),
    resolution: arg(2),
    confidence: arg(3),
    call_site_line: arg(4),
  }),
);
/** The arguments of {@link CALL_EDGE_REPLACE} for a row. */
export function callEdgeArgs(e: CallEdgeRow): unknown[] {
  return [e.callerId, e.calleeId, e.resolution, e.confidence, e.callSiteLine];
}
const BY_CALLER = statement(qb.selectFrom('call_edges').select(EDGE_FIELDS).where('caller_id', '=', arg(0)));
const BY_CALLEE = statement(qb.selectFrom('call_edges').select(EDGE_FIELDS).where('callee_id', '=', arg(0)));
// Argument 0 (the file) is bound twice: once for each side of the edge.
const DELETE_BY_FILE = statement(
  qb
    .deleteFrom('call_edges')
    .where((eb) =>
      eb.or([
        eb('caller_id', 'in', eb.selectFrom('functions').select('id').where('file', '=', arg(0))),
        eb('callee_id', 'in', eb.selectFrom('functions').select('id').where('file', '=', arg(0))),
      ]),
    ),
);
const COUNT = statement(qb.selectFrom('call_edges').select((eb) => eb.fn.countAll<number>().as('n')));
const COUNT_RESOLVED = statement(
  qb
    .selectFrom('call_edges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resolution', '!=', 'fuzzy')
    .where('resolution', '!=', 'unresolved'),
);

/** {@link IDriftAnalysis} call edge reads. */
export const callEdgesReads = defineReads<IDriftAnalysis>()({
  getEdgesByCaller: (r, callerId) => r.all(BY_CALLER, [callerId]),
  getEdgesByCallee: (r, calleeId) => r.all(BY_CALLEE, [calleeId]),
  countCallEdges: (r) => r.get(COUNT)!.n,
  countResolvedEdges: (r) => r.get(COUNT_RESOLVED)!.n,
});

/** {@link IDriftAnalysis} call edge writes. */
export const callEdgesWrites = defineWrites<IDriftAnalysis>()({
  insertCallEdges: (w, edges) =>
    w.transaction(() => {
      for (const e of edges) w.run(CALL_EDGE_REPLACE, callEdgeArgs(e));
      return edges.length;
    }),
  deleteEdgesByFile: (w, file) => w.run(DELETE_BY_FILE, [file]).changes,
});
