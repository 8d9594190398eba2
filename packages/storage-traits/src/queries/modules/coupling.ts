import type { IDriftStructural } from '../../index.js';
import { couplingMetrics } from '../../schema/index.js';
import { insertStatement, selectList } from '../database.js';
import { defineReads, defineWrites, effect, every, first } from '../methods.js';
import { sharedStatement } from '../statement.js';

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

const METRICS_BY_MODULE = sharedStatement((d, module: string) =>
  d.db.selectFrom('coupling_metrics').select(METRICS_FIELDS).where('module', '=', module),
);
// dialect: ties on distance (and the by-zone list, which has no ORDER BY, as the reference) come back
// in SQLite's scan order (rowid, or the zone index then rowid); PostgreSQL: add `module` as a last key.
const METRICS_ALL = sharedStatement((d) =>
  d.db.selectFrom('coupling_metrics').select(METRICS_FIELDS).orderBy('distance', 'desc'),
);
const METRICS_BY_ZONE = sharedStatement((d, zone: string) =>
  d.db.selectFrom('coupling_metrics').select(METRICS_FIELDS).where('zone', '=', zone),
);
// INSERT OR REPLACE in the reference (queries/structural.rs upsert_coupling_metrics, batch/writer.rs):
// `updated_at` starts over at its DEFAULT.
/** Replaces or inserts a module's coupling metrics (also the batch sink's `InsertCouplingMetrics`). */
export const COUPLING_METRICS_REPLACE = insertStatement(couplingMetrics, { mode: 'replace' });

// coupling_cycles: import cycles, append-only.

/** Inserts a cycle from its members and break suggestions (also the batch sink's `InsertCouplingCycles`). */
export const COUPLING_CYCLE_INSERT = sharedStatement((d, members: string, breakSuggestions: string) =>
  d.db.insertInto('coupling_cycles').values({ members: members, break_suggestions: breakSuggestions }),
);
// dialect: cycles created in the same second come back in SQLite's scan order (rowid, oldest first);
// PostgreSQL: add `id` as a second key (ascending, to keep SQLite's answer).
const CYCLES_NEWEST_FIRST = sharedStatement((d) =>
  d.db
    .selectFrom('coupling_cycles')
    .select(['id', 'members', 'break_suggestions as breakSuggestions', 'created_at as createdAt'])
    .orderBy('created_at', 'desc'),
);

/** The {@link IDriftStructural} methods on `coupling_metrics` and `coupling_cycles` that only read, by method name. */
export const couplingReads = defineReads<IDriftStructural>()({
  getCouplingMetrics: first(METRICS_BY_MODULE),
  getAllCouplingMetrics: every(METRICS_ALL),
  getCouplingMetricsByZone: every(METRICS_BY_ZONE),
  queryCouplingCycles: every(CYCLES_NEWEST_FIRST),
});

/** The {@link IDriftStructural} methods on `coupling_metrics` and `coupling_cycles` that write, by method name. */
export const couplingWrites = defineWrites<IDriftStructural>()({
  upsertCouplingMetrics: effect(COUPLING_METRICS_REPLACE.statement, COUPLING_METRICS_REPLACE.args),
  insertCouplingCycle: effect(COUPLING_CYCLE_INSERT),
});
