// Telling a drift.db from any other SQLite database by what it contains, before anything writes to it.
// Both SQLite packages refuse a database that is not drift's with the same verdict.

/**
 * The tables each drift schema version adds, in order: entry `v - 1` lists what migration `v` creates
 * (the reference's drift-storage migrations v001..v009; v008 only adds a column). A database at version
 * `v` has every table of the entries up to `v`. The SQLite engine's tests check this list against its
 * migrations.
 */
export const DRIFT_SCHEMA_TABLES: readonly (readonly string[])[] = [
  ['file_metadata', 'parse_cache', 'functions', 'scan_history'],
  ['call_edges', 'data_access', 'detections', 'boundaries'],
  ['pattern_confidence', 'outliers', 'conventions'],
  ['reachability_cache', 'taint_flows', 'error_gaps', 'impact_scores', 'test_coverage', 'test_quality'],
  [
    'coupling_metrics',
    'coupling_cycles',
    'constraints',
    'constraint_verifications',
    'contracts',
    'contract_mismatches',
    'constants',
    'secrets',
    'env_variables',
    'wrappers',
    'dna_genes',
    'dna_mutations',
    'crypto_findings',
    'owasp_findings',
    'decomposition_decisions',
  ],
  [
    'violations',
    'gate_results',
    'audit_snapshots',
    'health_trends',
    'feedback',
    'policy_results',
    'degradation_alerts',
  ],
  [
    'simulations',
    'decisions',
    'context_cache',
    'migration_projects',
    'migration_modules',
    'migration_corrections',
  ],
  [],
  ['pattern_status'],
];

/**
 * The tables workspace initialization keeps in drift.db beside drift's schema (the reference's
 * drift-core workspace migration), in creation order.
 */
export const DRIFT_WORKSPACE_TABLES = [
  'workspace_config',
  'project_registry',
  'backup_registry',
  'migration_history',
  'workspace_context',
  'workspace_packages',
  'workspace_events',
] as const;

/** What {@link identifyDriftDatabase} concluded about a SQLite database. */
export type DriftDatabaseIdentity =
  /** No drift schema yet: no tables, or only the workspace tables (and `file_metadata`); safe to install it. */
  | { readonly kind: 'new' }
  /** A drift.db at schema `version` (1 up to the newest version this build knows). */
  | { readonly kind: 'drift'; readonly version: number }
  /** A drift.db of a newer schema: every table this build knows is there, and `version` is past them. */
  | { readonly kind: 'newer'; readonly version: number }
  /** Not a drift database; `reason` completes "<file> is a SQLite database but not a drift database ...". */
  | { readonly kind: 'foreign'; readonly reason: string };

const WORKSPACE = new Set<string>(DRIFT_WORKSPACE_TABLES);
/** How many table names a verdict lists before it says how many more there are. */
const NAMED = 5;

function listed(names: readonly string[]): string {
  const shown = names.slice(0, NAMED).join(', ');
  return names.length > NAMED ? `${shown} and ${names.length - NAMED} more` : shown;
}

/**
 * Identifies a database by its `PRAGMA user_version` and the names of its tables (SQLite's own
 * `sqlite_*` tables left out), whatever the version claims: version 0 with nothing but the workspace's
 * tables (and `file_metadata`) is new; version `v` from 1 to the newest known is drift's when every
 * table of versions 1..v is there (a user's extra tables are tolerated); a version past the newest is
 * a newer drift.db when every known table is there. Anything else (a negative version, a version whose
 * tables are missing, version 0 with other tables) is foreign.
 */
export function identifyDriftDatabase(userVersion: number, tables: readonly string[]): DriftDatabaseIdentity {
  const present = new Set(tables);
  const newest = DRIFT_SCHEMA_TABLES.length;
  if (!Number.isInteger(userVersion) || userVersion < 0) {
    return { kind: 'foreign', reason: `(its user_version is ${userVersion}, which drift never sets)` };
  }
  if (userVersion === 0) {
    const others = tables.filter((t) => !WORKSPACE.has(t) && t !== 'file_metadata');
    if (others.length === 0) return { kind: 'new' };
    return { kind: 'foreign', reason: `(it has tables ${listed(others)} and no drift schema version)` };
  }
  const expected = DRIFT_SCHEMA_TABLES.slice(0, Math.min(userVersion, newest)).flat();
  const missing = expected.filter((t) => !present.has(t));
  if (missing.length > 0) {
    return {
      kind: 'foreign',
      reason: `(its user_version is ${userVersion} but it lacks drift's tables ${listed(missing)})`,
    };
  }
  return userVersion > newest
    ? { kind: 'newer', version: userVersion }
    : { kind: 'drift', version: userVersion };
}
