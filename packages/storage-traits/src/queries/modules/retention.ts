import { type IDriftServing, type RetentionPolicy, StorageError } from '../../index.js';
import type { Database } from '../database.js';
import { run, type Step } from '../methods.js';
import { type SharedStatement, sharedStatement } from '../statement.js';

/** What one retention run removed. */
export interface RetentionReport {
  /** Rows removed in all tables. */
  readonly totalDeleted: number;
  /**
   * Rows removed per table, only for tables that lost rows: `<table> (orphan)` for rows of files no
   * longer in `file_metadata`, `<table>` for rows older than their tier's cutoff.
   */
  readonly perTable: Readonly<Record<string, number>>;
}

// Retention as the reference defines it. First the "current" tier: rows of per-file tables whose file
// is no longer tracked in file_metadata. Then three time tiers, each deleting rows whose timestamp
// column is before `now - days * 86400`. Tables written by upsert (pattern_confidence, impact_scores,
// ...) bound themselves and are not touched.

type TableName = keyof Database & string;
/** A table with the column to test, checked against the schema. */
type TableColumn = { readonly [T in TableName]: readonly [T, keyof Database[T] & string] }[TableName];

const SECONDS_PER_DAY = 86_400;

/** Per-file tables cleaned of rows whose file is no longer tracked (the column holds the file path). */
const ORPHAN_TABLES: readonly TableColumn[] = [
  ['detections', 'file'],
  ['functions', 'file'],
  ['boundaries', 'file'],
  ['constants', 'file'],
  ['secrets', 'file'],
  ['env_variables', 'file'],
  ['wrappers', 'file'],
  ['crypto_findings', 'file'],
  ['owasp_findings', 'file'],
];

/** Short tier: findings of recent scans. */
const SHORT_TABLES: readonly TableColumn[] = [
  ['detections', 'created_at'],
  ['outliers', 'created_at'],
  ['violations', 'created_at'],
  ['gate_results', 'run_at'],
  ['error_gaps', 'created_at'],
  ['taint_flows', 'created_at'],
  ['crypto_findings', 'created_at'],
  ['owasp_findings', 'created_at'],
  ['secrets', 'created_at'],
  ['degradation_alerts', 'created_at'],
  ['policy_results', 'run_at'],
];

/** Medium tier: trends, feedback and verification history. */
const MEDIUM_TABLES: readonly TableColumn[] = [
  ['scan_history', 'started_at'],
  ['audit_snapshots', 'created_at'],
  ['health_trends', 'recorded_at'],
  ['feedback', 'created_at'],
  ['constraint_verifications', 'verified_at'],
  ['contract_mismatches', 'created_at'],
  ['dna_mutations', 'detected_at'],
  ['coupling_cycles', 'created_at'],
  ['decomposition_decisions', 'created_at'],
];

/** Long tier: caches and decision history (children before the parents they reference). */
const LONG_TABLES: readonly TableColumn[] = [
  ['parse_cache', 'created_at'],
  ['context_cache', 'created_at'],
  ['simulations', 'created_at'],
  ['decisions', 'created_at'],
  ['migration_corrections', 'created_at'],
  ['migration_modules', 'created_at'],
  ['migration_projects', 'created_at'],
];

/** One compiled cleanup step and the report key it counts under. */
interface DeleteStep {
  readonly key: string;
  readonly statement: SharedStatement;
}

function orphanStep([table, column]: TableColumn): DeleteStep {
  return {
    key: `${table} (orphan)`,
    statement: sharedStatement((d) =>
      d.db
        .deleteFrom(table)
        .where(d.db.dynamic.ref(column), 'not in', d.db.selectFrom('file_metadata').select('path')),
    ),
  };
}

function olderThanStep([table, column]: TableColumn): DeleteStep {
  return {
    key: table,
    statement: sharedStatement((d, cutoff: number) =>
      d.db.deleteFrom(table).where(d.db.dynamic.ref(column), '<', cutoff),
    ),
  };
}

const OLD_MODULES_WITHOUT_CORRECTIONS = sharedStatement((d, createdAt: number) =>
  d.db
    .deleteFrom('migration_modules')
    .where('created_at', '<', createdAt)
    .where('id', 'not in', d.db.selectFrom('migration_corrections').select('module_id')),
);
const OLD_PROJECTS_WITHOUT_MODULES = sharedStatement((d, createdAt: number) =>
  d.db
    .deleteFrom('migration_projects')
    .where('created_at', '<', createdAt)
    .where('id', 'not in', d.db.selectFrom('migration_modules').select('project_id')),
);

function longStep(tc: TableColumn): DeleteStep {
  if (tc[0] === 'migration_modules') return { key: tc[0], statement: OLD_MODULES_WITHOUT_CORRECTIONS };
  if (tc[0] === 'migration_projects') return { key: tc[0], statement: OLD_PROJECTS_WITHOUT_MODULES };
  return olderThanStep(tc);
}

const ORPHAN_STEPS = ORPHAN_TABLES.map(orphanStep);
const SHORT_STEPS = SHORT_TABLES.map(olderThanStep);
const MEDIUM_STEPS = MEDIUM_TABLES.map(olderThanStep);
const LONG_STEPS = LONG_TABLES.map(longStep);

function checkDays(policy: RetentionPolicy, field: keyof RetentionPolicy): number {
  const days: unknown = typeof policy === 'object' && policy !== null ? policy[field] : undefined;
  if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < 0) {
    throw new StorageError(
      'INVALID_INPUT',
      `retention policy ${field} must be a non-negative integer number of days, got ${String(days)}`,
      { operation: 'applyRetention', field },
    );
  }
  return days;
}

/**
 * The retention driver: deletes the rows of files no longer tracked, then every row older than its
 * tier's cutoff (`now` minus the policy's days, in seconds), and reports what it removed. Run it in one
 * transaction (the caller's): on failure nothing is deleted.
 */
export function* retentionSteps(policy: RetentionPolicy, now: number): Step<RetentionReport> {
  const shortDays = checkDays(policy, 'shortDays');
  const mediumDays = checkDays(policy, 'mediumDays');
  const longDays = checkDays(policy, 'longDays');
  if (!Number.isSafeInteger(now)) {
    throw new StorageError('INVALID_INPUT', `retention needs 'now' as whole seconds, got ${String(now)}`, {
      operation: 'applyRetention',
      field: 'now',
    });
  }
  const perTable: Record<string, number> = {};
  let totalDeleted = 0;
  const tiers: readonly [readonly DeleteStep[], readonly unknown[]][] = [
    [ORPHAN_STEPS, []],
    [SHORT_STEPS, [now - shortDays * SECONDS_PER_DAY]],
    [MEDIUM_STEPS, [now - mediumDays * SECONDS_PER_DAY]],
    [LONG_STEPS, [now - longDays * SECONDS_PER_DAY]],
  ];
  for (const [steps, args] of tiers) {
    for (const step of steps) {
      const changed = yield* run(step.statement, args as never);
      if (changed > 0) {
        perTable[step.key] = (perTable[step.key] ?? 0) + changed;
        totalDeleted += changed;
      }
    }
  }
  return { totalDeleted, perTable };
}

/** Refuses a retention policy whose day counts are not non-negative integers, naming the field. */
export function checkRetentionPolicy(policy: RetentionPolicy): void {
  for (const field of ['shortDays', 'mediumDays', 'longDays'] as const) {
    const days = policy[field];
    if (Number.isSafeInteger(days) && days >= 0) continue;
    throw new StorageError(
      'INVALID_INPUT',
      `runRetention: policy.${field} must be a non-negative whole number of days, got ${String(days)}`,
      { operation: 'runRetention', field: `policy.${field}` },
    );
  }
}

/**
 * `runRetention` of {@link IDriftServing}: the policy checked, the retention driver run against the
 * clock now, the report with only the tables that lost rows. An engine may add its own work after it
 * (the SQLite engine's incremental vacuum) and its own measure of `durationMs`.
 */
export function* runRetentionSteps(policy: RetentionPolicy): Step<ReturnType<IDriftServing['runRetention']>> {
  checkRetentionPolicy(policy);
  const started = performance.now();
  const report = yield* retentionSteps(policy, Math.floor(Date.now() / 1000));
  return {
    totalDeleted: report.totalDeleted,
    perTable: Object.entries(report.perTable).map(([table, deleted]) => ({ table, deleted })),
    durationMs: Math.round(performance.now() - started),
  };
}
