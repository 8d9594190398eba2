import type { IDriftStructural } from '@drift/storage-traits';
import { insertStatement, selectList } from '@drift/storage-traits/queries';
import { couplingMetrics } from '@drift/storage-traits/schema';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// coupling_metrics: Martin's metrics, one row per module.

const METRICS_FIELDS = selectList(couplingMetrics, [
  'module',
  'ce',
  'ca',
  'instability',
  'abstractness',
  'distance',
  'zone',
]);

const METRICS_BY_MODULE = statement((module: string) =>
  qb.selectFrom('coupling_metrics').select(METRICS_FIELDS).where('module', '=', module),
);
const METRICS_ALL = statement(() =>
  qb.selectFrom('coupling_metrics').select(METRICS_FIELDS).orderBy('distance', 'desc'),
);
const METRICS_BY_ZONE = statement((zone: string) =>
  qb.selectFrom('coupling_metrics').select(METRICS_FIELDS).where('zone', '=', zone),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_coupling_metrics, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts a module's coupling metrics (also the batch sink's `InsertCouplingMetrics`). */
export const COUPLING_METRICS_REPLACE = insertStatement(couplingMetrics, { mode: 'replace' });

// coupling_cycles: import cycles, append-only.

/** Inserts a cycle from its members and break suggestions (also the batch sink's `InsertCouplingCycles`). */
export const COUPLING_CYCLE_INSERT = statement((members: string, breakSuggestions: string) =>
  qb.insertInto('coupling_cycles').values({ members: members, break_suggestions: breakSuggestions }),
);
const CYCLES_NEWEST_FIRST = statement(() =>
  qb
    .selectFrom('coupling_cycles')
    .select(['id', 'members', 'break_suggestions as breakSuggestions', 'created_at as createdAt'])
    .orderBy('created_at', 'desc'),
);

/**
 * The {@link IDriftStructural} methods on `coupling_metrics` and `coupling_cycles` that only read, by method
 * name; the engine runs each on a read-only connection after checking its arguments.
 */
export const couplingReads = defineReads<IDriftStructural>()({
  getCouplingMetrics: (r, module) => r.get(METRICS_BY_MODULE, [module]) ?? null,
  getAllCouplingMetrics: (r) => r.all(METRICS_ALL),
  getCouplingMetricsByZone: (r, zone) => r.all(METRICS_BY_ZONE, [zone]),
  queryCouplingCycles: (r) => r.all(CYCLES_NEWEST_FIRST),
});

/**
 * The {@link IDriftStructural} methods on `coupling_metrics` and `coupling_cycles` that write, by method
 * name; the engine runs each on its one writer connection after checking its arguments.
 */
export const couplingWrites = defineWrites<IDriftStructural>()({
  upsertCouplingMetrics: (w, row) => {
    w.run(COUPLING_METRICS_REPLACE.statement, COUPLING_METRICS_REPLACE.args(row));
  },
  insertCouplingCycle: (w, members, breakSuggestions) => {
    w.run(COUPLING_CYCLE_INSERT, [members, breakSuggestions]);
  },
});
