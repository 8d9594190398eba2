import type { CouplingMetricsRow, IDriftStructural } from '@drift/storage-traits';
import { arg, defineReads, defineWrites, qb, replaceInto, statement } from '../statements.js';

// coupling_metrics: Martin's metrics, one row per module.

const METRICS_FIELDS = ['module', 'ce', 'ca', 'instability', 'abstractness', 'distance', 'zone'] as const;

const METRICS_BY_MODULE = statement(
  qb.selectFrom('coupling_metrics').select(METRICS_FIELDS).where('module', '=', arg(0)),
);
const METRICS_ALL = statement(
  qb.selectFrom('coupling_metrics').select(METRICS_FIELDS).orderBy('distance', 'desc'),
);
const METRICS_BY_ZONE = statement(
  qb.selectFrom('coupling_metrics').select(METRICS_FIELDS).where('zone', '=', arg(0)),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_coupling_metrics, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts a module's coupling metrics (also the batch sink's `InsertCouplingMetrics`). */
export const COUPLING_METRICS_REPLACE = statement(
  replaceInto('coupling_metrics').values({
    module: arg(0),
    ce: arg(1),
    ca: arg(2),
    instability: arg(3),
    abstractness: arg(4),
    distance: arg(5),
    zone: arg(6),
  }),
);

/** The arguments of {@link COUPLING_METRICS_REPLACE} for a row. */
export function couplingMetricsArgs(row: CouplingMetricsRow): unknown[] {
  return [row.module, row.ce, row.ca, row.instability, row.abstractness, row.distance, row.zone];
}

// coupling_cycles: import cycles, append-only.

/** Inserts a cycle from its members and break suggestions (also the batch sink's `InsertCouplingCycles`). */
export const COUPLING_CYCLE_INSERT = statement(
  qb.insertInto('coupling_cycles').values({ members: arg(0), break_suggestions: arg(1) }),
);
const CYCLES_NEWEST_FIRST = statement(
  qb
    .selectFrom('coupling_cycles')
    .select(['id', 'members', 'break_suggestions as breakSuggestions', 'created_at as createdAt'])
    .orderBy('created_at', 'desc'),
);

/** Coupling reads of {@link IDriftStructural}. */
export const couplingReads = defineReads<IDriftStructural>()({
  getCouplingMetrics: (r, module) => r.get(METRICS_BY_MODULE, [module]) ?? null,
  getAllCouplingMetrics: (r) => r.all(METRICS_ALL),
  getCouplingMetricsByZone: (r, zone) => r.all(METRICS_BY_ZONE, [zone]),
  queryCouplingCycles: (r) => r.all(CYCLES_NEWEST_FIRST),
});

/** Coupling writes of {@link IDriftStructural}. */
export const couplingWrites = defineWrites<IDriftStructural>()({
  upsertCouplingMetrics: (w, row) => {
    w.run(COUPLING_METRICS_REPLACE, couplingMetricsArgs(row));
  },
  insertCouplingCycle: (w, members, breakSuggestions) => {
    w.run(COUPLING_CYCLE_INSERT, [members, breakSuggestions]);
  },
});
