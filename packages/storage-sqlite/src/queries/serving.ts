import {
  ANALYSIS_FINDING_TABLES,
  type AnalysisFindingTable,
  type ExportedRow,
  type ExportedValue,
  type IDriftServing,
  PATTERN_STATUSES,
  type PatternAuditRow,
  type PatternStatusRow,
  type RetentionPolicy,
  StorageError,
} from '@drift/storage-traits';
import {
  decodeImpact,
  decodeTaint,
  GAP_FIELDS,
  IMPACT_FIELDS,
  QUALITY_FIELDS,
  rowDecoder,
  selectList,
  TAINT_FIELDS,
} from '@drift/storage-traits/queries';
import { patternStatus } from '@drift/storage-traits/schema';
import { type Expression, type SqlBool, sql } from 'kysely';
import {
  defineReads,
  defineWrites,
  qb,
  rawStatement,
  type Statement,
  statement,
  statementFamily,
} from '../statements.js';
import { CONTRACT_FIELDS } from './contracts.js';
import { decodeViolation, VIOLATION_FIELDS } from './enforcement.js';
import { applyRetention } from './retention.js';
import { CRYPTO_FIELDS } from './security.js';
import { decodeWrapper, WRAPPER_FIELDS } from './wrappers.js';

// What the DriftNapi functions need beyond the eight reference traits (IDriftServing): retention on
// demand, the pattern lifecycle of `pattern_status`, whole-table listings and the cloud sync's
// cursor-based row export. The SQL follows the reference's engine-level queries
// (drift-storage/src/queries/enforcement.rs and the drift-napi bindings), with their ORDER BY and
// nothing more: rows that tie come in the order SQLite's plan gives them on the reference's indexes,
// as there (insertion order after a sort, descending rowid on a reverse index scan).

const SECONDS_PER_DAY = 86_400;

/** Seconds since the epoch, now (the clock retention and alert expiry are measured against). */
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// ─── Retention on demand ────────────────────────────────────────────────────────────────────────

// Returns the free pages to the file system. A no-op unless the database is in incremental
// auto-vacuum mode, which the engine sets when it opens a database read-write.
const INCREMENTAL_VACUUM = rawStatement('PRAGMA incremental_vacuum');

// ─── pattern_status ─────────────────────────────────────────────────────────────────────────────

const PATTERN_STATUS_FIELDS = selectList(patternStatus);

/**
 * Upserts a pattern's status. When the new row is an automatic decision (`approved_by = 'auto'`) and
 * the stored one was made by someone else, the stored decision is kept and only `updated_at` changes:
 * an automatic approval never overrides a person's.
 */
const PATTERN_STATUS_UPSERT = statement(
  (
    patternId: string,
    status: string,
    approvedBy: string | null,
    approvedAt: number | null,
    confidenceAtApproval: number | null,
    reason: string | null,
    updatedAt: number,
  ) =>
    qb
      .insertInto('pattern_status')
      .values({
        pattern_id: patternId,
        status: status,
        approved_by: approvedBy,
        approved_at: approvedAt,
        confidence_at_approval: confidenceAtApproval,
        reason: reason,
        updated_at: updatedAt,
      })
      .onConflict((oc) =>
        oc.column('pattern_id').doUpdateSet((eb) => {
          const keepDecision: Expression<SqlBool> = eb.and([
            eb('excluded.approved_by', '=', 'auto'),
            eb('pattern_status.approved_by', 'is not', null),
            eb('pattern_status.approved_by', '!=', 'auto'),
          ]);
          const kept = <
            C extends 'status' | 'approved_by' | 'approved_at' | 'confidence_at_approval' | 'reason',
          >(
            column: C,
          ) =>
            eb
              .case()
              .when(keepDecision)
              .then(eb.ref(`pattern_status.${column}`))
              .else(eb.ref(`excluded.${column}`))
              .end();
          return {
            status: kept('status'),
            approved_by: kept('approved_by'),
            approved_at: kept('approved_at'),
            confidence_at_approval: kept('confidence_at_approval'),
            reason: kept('reason'),
            updated_at: eb.ref('excluded.updated_at'),
          };
        }),
      ),
);
const PATTERN_STATUS_GET = statement((patternId: string) =>
  qb.selectFrom('pattern_status').select(PATTERN_STATUS_FIELDS).where('pattern_id', '=', patternId),
);
const PATTERN_STATUSES_ALL = statement(() =>
  qb.selectFrom('pattern_status').select(PATTERN_STATUS_FIELDS).orderBy('updated_at', 'desc'),
);
const PATTERN_STATUSES_IN = statement((status: string) =>
  qb
    .selectFrom('pattern_status')
    .select(PATTERN_STATUS_FIELDS)
    .where('status', '=', status)
    .orderBy('updated_at', 'desc'),
);
const PATTERN_STATUS_COUNTS = statement(() =>
  qb
    .selectFrom('pattern_status')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status'),
);

// The audit join of the reference's query_patterns_for_audit: every pattern with a confidence row,
// its most frequent detection category (categories that tie are left to SQLite's window sort, as
// there), its detection and outlier counts, its status (`discovered` without a row) and whether
// unsuppressed critical or error violations exist for it.
const PATTERNS_FOR_AUDIT = statement(() =>
  qb
    .selectFrom('pattern_confidence as pc')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('detections')
          .select((sb) => [
            'pattern_id',
            'category',
            sb.fn
              .agg<number>('row_number')
              .over((ob) => ob.partitionBy('pattern_id').orderBy(sb.fn.countAll(), 'desc'))
              .as('rn'),
          ])
          .groupBy(['pattern_id', 'category'])
          .as('d_cat'),
      (join) => join.onRef('d_cat.pattern_id', '=', 'pc.pattern_id').on('d_cat.rn', '=', 1),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('detections')
          .select((sb) => ['pattern_id', sb.fn.countAll<number>().as('loc_count')])
          .groupBy('pattern_id')
          .as('d_cnt'),
      (join) => join.onRef('d_cnt.pattern_id', '=', 'pc.pattern_id'),
    )
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('outliers')
          .select((sb) => ['pattern_id', sb.fn.countAll<number>().as('outlier_count')])
          .groupBy('pattern_id')
          .as('o_cnt'),
      (join) => join.onRef('o_cnt.pattern_id', '=', 'pc.pattern_id'),
    )
    .leftJoin('pattern_status as ps', 'ps.pattern_id', 'pc.pattern_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('violations')
          .select((sb) => ['pattern_id', sb.fn.countAll<number>().as('error_count')])
          .where('severity', 'in', ['critical', 'error'])
          .where('suppressed', '=', 0)
          .groupBy('pattern_id')
          .as('v_err'),
      (join) => join.onRef('v_err.pattern_id', '=', 'pc.pattern_id'),
    )
    .select((eb) => [
      'pc.pattern_id as patternId',
      eb.fn.coalesce('d_cat.category', sql.lit('unknown')).as('category'),
      'pc.posterior_mean as confidence',
      eb.fn.coalesce('d_cnt.loc_count', sql.lit(0)).as('locationCount'),
      eb.fn.coalesce('o_cnt.outlier_count', sql.lit(0)).as('outlierCount'),
      eb.fn.coalesce('ps.status', sql.lit('discovered')).as('status'),
      eb(eb.fn.coalesce('v_err.error_count', sql.lit(0)), '>', 0).as('hasErrorIssues'),
    ])
    .orderBy('pc.posterior_mean', 'desc'),
);
// Hand-written, not `decoderOf`: the audit row is computed (joins, COALESCEs and a comparison), not a
// table's columns, so no declaration names its boolean; `hasErrorIssues` comes back as SQLite's 0/1.
const decodeAudit = rowDecoder<PatternAuditRow>({ bool: ['hasErrorIssues'] });

// ─── degradation_alerts ─────────────────────────────────────────────────────────────────────────

/** Seconds an alert lives before {@link IDriftServing.clearRecoveredAlerts} removes it (24 hours). */
const ALERT_TTL_SECONDS = SECONDS_PER_DAY;
const ALERTS_OLDER_THAN = statement((createdAt: number) =>
  qb.deleteFrom('degradation_alerts').where('created_at', '<', createdAt),
);

// ─── Finding tables rebuilt by every analysis run ───────────────────────────────────────────────

const FINDING_TABLES: ReadonlySet<string> = new Set(ANALYSIS_FINDING_TABLES);

// Compile-time check that every finding table is a table of the schema (statementFamily below is keyed
// by it, so a table the schema lacks would not compile).
const CLEAR_TABLE = statementFamily((table: AnalysisFindingTable) => statement(() => qb.deleteFrom(table)));

/** Refuses, before anything is deleted, any table that is not an analysis finding table. */
function checkFindingTables(tables: readonly string[]): asserts tables is readonly AnalysisFindingTable[] {
  const refused = tables.filter((t) => !FINDING_TABLES.has(t));
  if (refused.length === 0) return;
  throw new StorageError(
    'INVALID_INPUT',
    `clearFindings: ${refused.map((t) => JSON.stringify(t)).join(', ')} ${refused.length === 1 ? 'is not a finding table' : 'are not finding tables'}; only ${ANALYSIS_FINDING_TABLES.join(', ')} can be cleared (nothing was deleted)`,
    { operation: 'clearFindings', field: 'tables' },
  );
}

// ─── Listings ───────────────────────────────────────────────────────────────────────────────────

const VIOLATION_BY_ID = statement((id: string) =>
  qb.selectFrom('violations').select(VIOLATION_FIELDS).where('id', '=', id),
);
// drift-napi bindings/graph.rs drift_taint_analysis and bindings/structural.rs (unsanitized flows).
const TAINT_FLOWS = statement((limit: number) =>
  qb.selectFrom('taint_flows').select(TAINT_FIELDS).orderBy('confidence', 'desc').limit(limit),
);
const UNSANITIZED_TAINT_FLOWS = statement((limit: number) =>
  qb
    .selectFrom('taint_flows')
    .select(TAINT_FIELDS)
    .where('is_sanitized', '=', 0)
    .orderBy('confidence', 'desc')
    .limit(limit),
);
// bindings/graph.rs drift_error_handling: severity (text) descending, on its index, scanned backwards.
const ERROR_GAPS = statement((limit: number) =>
  qb.selectFrom('error_gaps').select(GAP_FIELDS).orderBy('severity', 'desc').limit(limit),
);
// bindings/graph.rs drift_impact_analysis.
const IMPACT_SCORES = statement((limit: number) =>
  qb.selectFrom('impact_scores').select(IMPACT_FIELDS).orderBy('risk_score', 'desc').limit(limit),
);
// The whole-table listings of the bindings have no ORDER BY (bindings/graph.rs drift_test_topology,
// bindings/structural.rs drift_wrapper_detection and drift_crypto_analysis, bindings/analysis.rs
// drift_boundaries' SELECT DISTINCT framework): a table scan in rowid order, the framework index.
const ALL_TEST_QUALITY = statement(() => qb.selectFrom('test_quality').select(QUALITY_FIELDS));
const ALL_WRAPPERS = statement(() => qb.selectFrom('wrappers').select(WRAPPER_FIELDS));
const ALL_CRYPTO_FINDINGS = statement(() => qb.selectFrom('crypto_findings').select(CRYPTO_FIELDS));
// No reference query reads the contracts back (its driftContractTracking parses the project again):
// by id.
const ALL_CONTRACTS = statement(() => qb.selectFrom('contracts').select(CONTRACT_FIELDS).orderBy('id'));
const BOUNDARY_FRAMEWORKS = statement(() => qb.selectFrom('boundaries').select('framework').distinct());

// ─── Cloud-sync export ──────────────────────────────────────────────────────────────────────────

/**
 * What the reference accepts as a table name (drift-napi bindings/cloud.rs drift_cloud_read_rows):
 * characters that are alphanumeric to Rust (`char::is_alphanumeric`: Unicode Alphabetic or Numeric)
 * or `_`. Any other character refuses the call before SQL is built; a name that passes but is no
 * table fails when SQLite prepares the statement, as there.
 */
const TABLE_NAME = /^[\p{Alphabetic}\p{N}_]*$/u;

/** The arguments of a table's export statement: the rowid to read after and the most rows to read. */
type TableRowsArgs = readonly [afterRowid: number, limit: number];

/** The export statement of one table, compiled on first use (quoted identifier; cursor and limit bound). */
function tableRowsStatement(table: string): Statement<Record<string, unknown>, TableRowsArgs> {
  const compiled = statement((afterRowid: number, limit: number) =>
    qb
      .selectFrom(sql.table(table).as(table))
      .selectAll()
      .select(sql<number>`rowid`.as('_rowid'))
      .where(sql<number>`rowid`, '>', afterRowid)
      .orderBy(sql`rowid`)
      .limit(limit),
  ) as Statement<Record<string, unknown>, TableRowsArgs>;
  // The reference reads every column of the export as i64: only exactness is checked.
  return { ...compiled, exactIntegersOnly: true };
}

/** Export statements of the tables read so far (only names that prepared, so the map stays bounded). */
const TABLE_ROWS = new Map<string, Statement<Record<string, unknown>, TableRowsArgs>>();

/** SQLite's own tables the cursor reads: `sqlite_sequence` (autoincrement high-water marks) and the schema. */
const sqliteTables = qb.withTables<{
  sqlite_sequence: { name: string; seq: number };
  sqlite_master: { type: string; name: string };
}>();
const HAS_SEQUENCE = statement(() =>
  sqliteTables
    .selectFrom('sqlite_master')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'table')
    .where('name', '=', 'sqlite_sequence'),
);
const MAX_SEQUENCE = statement(() =>
  sqliteTables
    .selectFrom('sqlite_sequence')
    .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), sql.lit(0)).as('cursor')),
);

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A column value as exported: numbers and text as they are, blobs as lowercase hex, null as null. */
function exportValue(value: unknown): ExportedValue {
  if (value === null || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) {
    let out = '';
    for (const byte of value) out += HEX[byte];
    return out;
  }
  throw new StorageError('SQLITE_ERROR', `readTableRows: unexpected column value of type ${typeof value}`, {
    operation: 'readTableRows',
  });
}

function exportRow(row: Record<string, unknown>): ExportedRow {
  for (const key of Object.keys(row)) row[key] = exportValue(row[key]);
  return row as ExportedRow;
}

function checkTableName(table: string): void {
  if (TABLE_NAME.test(table)) return;
  throw new StorageError(
    'INVALID_INPUT',
    `readTableRows: invalid table name ${JSON.stringify(table)}; a table name has letters, digits and underscores only`,
    { operation: 'readTableRows', field: 'table' },
  );
}

/** Refuses a retention policy whose day counts are not non-negative integers, naming the field. */
function checkPolicy(policy: RetentionPolicy): void {
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

function checkStatus(status: string): void {
  if ((PATTERN_STATUSES as readonly string[]).includes(status)) return;
  throw new StorageError(
    'INVALID_INPUT',
    `upsertPatternStatus: row.status must be one of ${PATTERN_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
    { operation: 'upsertPatternStatus', field: 'row.status' },
  );
}

/**
 * The {@link IDriftServing} methods that only read, by method name; the engine runs each on a read-only
 * connection after checking its arguments.
 */
export const servingReads = defineReads<IDriftServing>()({
  getPatternStatus: (r, patternId) =>
    (r.get(PATTERN_STATUS_GET, [patternId]) as PatternStatusRow | undefined) ?? null,
  queryPatternStatuses: (r, status) =>
    status === null ? r.all(PATTERN_STATUSES_ALL) : r.all(PATTERN_STATUSES_IN, [status]),
  countPatternsByStatus: (r) => r.all(PATTERN_STATUS_COUNTS),
  queryPatternsForAudit: (r) => r.all(PATTERNS_FOR_AUDIT).map(decodeAudit),
  getViolation: (r, id) => {
    const row = r.get(VIOLATION_BY_ID, [id]);
    return row === undefined ? null : decodeViolation(row);
  },
  queryTaintFlows: (r, limit, unsanitizedOnly) =>
    r.all(unsanitizedOnly ? UNSANITIZED_TAINT_FLOWS : TAINT_FLOWS, [limit]).map(decodeTaint),
  queryErrorGaps: (r, limit) => r.all(ERROR_GAPS, [limit]),
  queryImpactScores: (r, limit) => r.all(IMPACT_SCORES, [limit]).map(decodeImpact),
  queryAllTestQuality: (r) => r.all(ALL_TEST_QUALITY),
  queryAllWrappers: (r) => r.all(ALL_WRAPPERS).map(decodeWrapper),
  queryAllCryptoFindings: (r) => r.all(ALL_CRYPTO_FINDINGS),
  queryAllContracts: (r) => r.all(ALL_CONTRACTS),
  queryBoundaryFrameworks: (r) => r.all(BOUNDARY_FRAMEWORKS).map((row) => row.framework),
  readTableRows: (r, table, afterCursor, limit) => {
    checkTableName(table);
    const known = TABLE_ROWS.get(table);
    const s = known ?? tableRowsStatement(table);
    const rows = r.all(s, [afterCursor, limit]); // fails (SQLITE_ERROR) for a name that is no table
    if (known === undefined) TABLE_ROWS.set(table, s);
    return rows.map(exportRow);
  },
  maxRowCursor: (r) => {
    if (r.get(HAS_SEQUENCE)!.n === 0) return 0;
    const { cursor } = r.get(MAX_SEQUENCE)!;
    if (!Number.isSafeInteger(cursor)) {
      throw new StorageError(
        'OUT_OF_RANGE',
        `maxRowCursor: sqlite_sequence holds an id beyond ±(2^53 − 1) (read as ${cursor}), which a JavaScript number cannot carry exactly`,
        { operation: 'maxRowCursor' },
      );
    }
    return cursor;
  },
});

/**
 * The {@link IDriftServing} methods that write, by method name; the engine runs each on its one writer
 * connection after checking its arguments.
 */
export const servingWrites = defineWrites<IDriftServing>()({
  runRetention: (w, policy) => {
    checkPolicy(policy);
    const started = performance.now();
    // One transaction (applyRetention's): on failure nothing is deleted.
    const report = applyRetention(w, policy, nowSeconds());
    // After the deletions are committed, outside their transaction, on the writer.
    w.exec(INCREMENTAL_VACUUM);
    return {
      totalDeleted: report.totalDeleted,
      perTable: Object.entries(report.perTable).map(([table, deleted]) => ({ table, deleted })),
      durationMs: Math.round(performance.now() - started),
    };
  },
  upsertPatternStatus: (w, row) => {
    checkStatus(row.status);
    w.run(PATTERN_STATUS_UPSERT, [
      row.patternId,
      row.status,
      row.approvedBy,
      row.approvedAt,
      row.confidenceAtApproval,
      row.reason,
      row.updatedAt,
    ]);
  },
  clearRecoveredAlerts: (w) => w.run(ALERTS_OLDER_THAN, [nowSeconds() - ALERT_TTL_SECONDS]).changes,
  clearFindings: (w, tables) => {
    checkFindingTables(tables);
    // One transaction: a failure part-way deletes nothing. Counts follow the order given.
    return w.transaction(() =>
      tables.map((table) => ({ table, deleted: w.run(CLEAR_TABLE(table)).changes })),
    );
  },
});
