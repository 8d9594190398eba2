import { I32_MAX, I32_MIN, StorageError, U32_MAX } from '@drift/storage-traits';

// What the engine checks in every row it reads, before answering it.
//
// An INTEGER column can hold any 64-bit integer, and a file written by another program may hold one
// past ±(2^53 − 1), which better-sqlite3 would hand over as the nearest JavaScript number: a
// different value. The reference reads such a column as an i64 (exactly), and our row types are
// JavaScript numbers, so the read fails with OUT_OF_RANGE instead of answering a rounded number.
//
// Some columns the reference reads into narrower Rust types than the column can hold (its row types
// in drift-storage/src/queries/*.rs): a violation's line as u32, a gate's run time as u64, ... There a
// stored value outside the type makes the reference's query fail (rusqlite's "integral value out of
// range"); ours fails the same way, with OUT_OF_RANGE, instead of answering a row the reference
// could not. The cloud export reads every column as i64 and checks exactness only.

/** The integer domain a column is read as. */
type ReadDomain = 'i64' | 'u64' | 'u32' | 'i32';

/** Columns read as a narrower type than i64 by the reference's row types, by table. */
const NARROW_COLUMNS: Readonly<Record<string, Readonly<Record<string, ReadDomain>>>> = {
  // queries/enforcement.rs ViolationRow, GateResultRow, AuditSnapshotRow, HealthTrendRow, FeedbackRow
  violations: { line: 'u32', column_num: 'u32', end_line: 'u32', end_column: 'u32', cwe_id: 'u32' },
  gate_results: { violation_count: 'u32', warning_count: 'u32', execution_time_ms: 'u64', run_at: 'u64' },
  audit_snapshots: { pattern_count: 'u32', created_at: 'u64' },
  health_trends: { recorded_at: 'u64' },
  feedback: { created_at: 'u64' },
  // queries/structural.rs CouplingMetricsRow, SecretRow, WrapperRow, DnaMutationRow, CryptoFindingRow,
  // OwaspFindingRow
  coupling_metrics: { ce: 'u32', ca: 'u32' },
  secrets: { line: 'u32' },
  wrappers: { line: 'u32', usage_count: 'u32' },
  dna_mutations: { line: 'u32' },
  crypto_findings: { line: 'u32', cwe_id: 'u32' },
  owasp_findings: { line: 'u32' },
  // queries/graph.rs TaintFlowRow, ErrorGapRow, ImpactScoreRow
  taint_flows: { source_line: 'u32', sink_line: 'u32', cwe_id: 'u32' },
  error_gaps: { cwe_id: 'u32' },
  impact_scores: { blast_radius: 'u32' },
  // queries/advanced.rs SimulationRow
  simulations: { approach_count: 'i32' },
};

const LIMITS: Readonly<Record<ReadDomain, readonly [number, number]>> = {
  i64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  u64: [0, Number.MAX_SAFE_INTEGER],
  u32: [0, U32_MAX],
  i32: [I32_MIN, I32_MAX],
};

/** One integer column of a statement's result and the range its values must fall in. */
interface ReadCheck {
  /** The result field (the column's alias). */
  readonly field: string;
  /** `table.column` it comes from, for the message. */
  readonly source: string;
  /** The domain it is read as. */
  readonly domain: ReadDomain;
  /**
   * Smallest value the domain allows (e.g. 0 for an unsigned column); a smaller stored value fails the read
   * with `OUT_OF_RANGE`.
   */
  readonly min: number;
  /**
   * Largest value the domain allows (at most 2^53 − 1); a larger stored value fails the read with
   * `OUT_OF_RANGE`.
   */
  readonly max: number;
}

/** The shape of better-sqlite3's `Statement.columns()` entries that the checks use. */
interface ColumnInfo {
  readonly name: string;
  readonly column: string | null;
  readonly table: string | null;
  readonly type: string | null;
}

/**
 * The checks of a statement's result columns, as parallel arrays (so that checking a row walks them
 * without loading a record per column).
 */
export interface ReadChecks {
  /** The result fields checked, in column order. */
  readonly fields: readonly string[];
  /** The position of each checked field among the result columns. */
  readonly columns: readonly number[];
  /** Smallest accepted value of each field. */
  readonly min: readonly number[];
  /** Largest accepted value of each field. */
  readonly max: readonly number[];
  /** Each field's check, for the message. */
  readonly checks: readonly ReadCheck[];
}

/**
 * The checks of a statement's result columns: every column declared INTEGER, with its table's
 * narrower domain unless `exactOnly` (a statement the reference reads as i64 throughout); null when
 * no column needs one.
 */
export function readChecks(columns: readonly ColumnInfo[], exactOnly: boolean): ReadChecks | null {
  const checks: ReadCheck[] = [];
  const positions: number[] = [];
  for (const [position, info] of columns.entries()) {
    if (info.type === null || !/INT/i.test(info.type)) continue;
    positions.push(position);
    const narrow =
      exactOnly || info.table === null || info.column === null
        ? undefined
        : NARROW_COLUMNS[info.table]?.[info.column];
    const domain = narrow ?? 'i64';
    const [min, max] = LIMITS[domain];
    checks.push({ field: info.name, source: `${info.table}.${info.column}`, domain, min, max });
  }
  if (checks.length === 0) return null;
  return {
    fields: checks.map((c) => c.field),
    columns: positions,
    min: checks.map((c) => c.min),
    max: checks.map((c) => c.max),
    checks,
  };
}

/** Throws OUT_OF_RANGE when an integer column of `row` is outside its check's range. */
export function checkReadValues(checks: ReadChecks, row: Readonly<Record<string, unknown>>): void {
  const { fields, min, max } = checks;
  for (let i = 0; i < fields.length; i++) {
    const value = row[fields[i]!];
    if (typeof value === 'number' && (value < min[i]! || value > max[i]!))
      outOfRange(checks.checks[i]!, value);
  }
}

/** {@link checkReadValues} for a row as the array of its column values (better-sqlite3's raw mode). */
export function checkReadArray(checks: ReadChecks, values: readonly unknown[]): void {
  const { columns, min, max } = checks;
  for (let i = 0; i < columns.length; i++) {
    const value = values[columns[i]!];
    if (typeof value === 'number' && (value < min[i]! || value > max[i]!))
      outOfRange(checks.checks[i]!, value);
  }
}

function outOfRange(check: ReadCheck, value: number): never {
  const message =
    Math.abs(value) > Number.MAX_SAFE_INTEGER
      ? `${check.source} holds an integer beyond ±(2^53 − 1) (read as ${value}), which a JavaScript number cannot carry exactly; refusing to answer a rounded value`
      : `${check.source} holds ${value}, outside the ${check.domain} range the reference reads it as (${check.min} to ${check.max})`;
  throw new StorageError('OUT_OF_RANGE', message);
}
