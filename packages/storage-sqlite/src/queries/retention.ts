import { type RetentionPolicy, StorageError } from '@drift/storage-traits';
import type { Database } from '@drift/storage-traits/queries';
import { qb, type Statement, statement, type WriteExecutor } from '../statements.js';

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
interface Step {
  readonly key: string;
  readonly statement: Statement;
}

function orphanStep([table, column]: TableColumn): Step {
  return {
    key: `${table} (orphan)`,
    statement: statement(() =>
      qb
        .deleteFrom(table)
        .where(qb.dynamic.ref(column), 'not in', qb.selectFrom('file_metadata').select('path')),
    ),
  };
}

function olderThanStep([table, column]: TableColumn): Step {
  return {
    key: table,
    statement: statement((cutoff: number) => qb.deleteFrom(table).where(qb.dynamic.ref(column), '<', cutoff)),
  };
}

// The two parents among the long-tier tables are referenced by foreign keys (migration_corrections ->
// migration_modules -> migration_projects, enforced with foreign_keys = ON). The reference deletes them
// by age alone, which fails the whole run, and with it opening the engine, when an old parent still
// has a younger child. Here an old parent waits until its children have expired.
const OLD_MODULES_WITHOUT_CORRECTIONS = statement((createdAt: number) =>
  qb
    .deleteFrom('migration_modules')
    .where('created_at', '<', createdAt)
    .where('id', 'not in', qb.selectFrom('migration_corrections').select('module_id')),
);
const OLD_PROJECTS_WITHOUT_MODULES = statement((createdAt: number) =>
  qb
    .deleteFrom('migration_projects')
    .where('created_at', '<', createdAt)
    .where('id', 'not in', qb.selectFrom('migration_modules').select('project_id')),
);

function longStep(tc: TableColumn): Step {
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
 * Applies retention as of `now` (seconds since the epoch) in one transaction: orphan cleanup of
 * per-file tables, then the short, medium and long tiers. Throws `INVALID_INPUT` for a policy whose
 * day counts are not non-negative integers.
 */
export function applyRetention(w: WriteExecutor, policy: RetentionPolicy, now: number): RetentionReport {
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
  const run = (steps: readonly Step[], args: readonly unknown[]) => {
    for (const step of steps) {
      const { changes } = w.run(step.statement, args);
      if (changes > 0) {
        perTable[step.key] = (perTable[step.key] ?? 0) + changes;
        totalDeleted += changes;
      }
    }
  };
  w.transaction(() => {
    run(ORPHAN_STEPS, []);
    run(SHORT_STEPS, [now - shortDays * SECONDS_PER_DAY]);
    run(MEDIUM_STEPS, [now - mediumDays * SECONDS_PER_DAY]);
    run(LONG_STEPS, [now - longDays * SECONDS_PER_DAY]);
  });
  return { totalDeleted, perTable };
}
