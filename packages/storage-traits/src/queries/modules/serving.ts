import { type Expression, type SqlBool, sql } from 'kysely';
import {
  ANALYSIS_FINDING_TABLES,
  type AnalysisFindingTable,
  type ExportedRow,
  type ExportedValue,
  type IDriftServing,
  PATTERN_STATUSES,
  type PatternAuditRow,
  StorageError,
} from '../../index.js';
import { patternStatus } from '../../schema/index.js';
import { rowDecoder, selectList } from '../database.js';
import { all, changes, defineReads, defineWrites, every, first, get, run } from '../methods.js';
import { type SharedStatement, sharedFamily, sharedSql, sharedStatement } from '../statement.js';
import { CONTRACT_FIELDS } from './contracts.js';
import { decodeViolation, VIOLATION_FIELDS } from './enforcement.js';
import {
  decodeImpact,
  decodeTaint,
  GAP_FIELDS,
  IMPACT_FIELDS,
  QUALITY_FIELDS,
  TAINT_FIELDS,
} from './graph.js';
import { runRetentionSteps } from './retention.js';
import { CRYPTO_FIELDS } from './security.js';
import { decodeWrapper, WRAPPER_FIELDS } from './wrappers.js';

// What the DriftNapi functions need beyond the eight reference traits (IDriftServing): the pattern
// lifecycle of `pattern_status`, whole-table listings and the cloud sync's
// cursor-based row export (retention on demand, which runs SQLite's incremental vacuum, stays in the
// SQLite engine). The SQL follows the reference's engine-level queries
// (drift-storage/src/queries/enforcement.rs and the drift-napi bindings), with their ORDER BY and
// nothing more: rows that tie come in the order SQLite's plan gives them on the reference's indexes,
// as there (insertion order after a sort, descending rowid on a reverse index scan).

const SECONDS_PER_DAY = 86_400;

/** Seconds since the epoch, now (the clock alert expiry is measured against). */
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// dialect: ORDER BY without tie-breakers, ties in SQLite's plan order (see above); another dialect
// gives ties no order unless it adds the rowid order (`d.rowid()`).

// ─── pattern_status ─────────────────────────────────────────────────────────────────────────────

const PATTERN_STATUS_FIELDS = selectList(patternStatus);

/**
 * Upserts a pattern's status. When the new row is an automatic decision (`approved_by = 'auto'`) and
 * the stored one was made by someone else, the stored decision is kept and only `updated_at` changes:
 * an automatic approval never overrides a person's.
 */
const PATTERN_STATUS_UPSERT = sharedStatement(
  (
    d,
    patternId: string,
    status: string,
    approvedBy: string | null,
    approvedAt: number | null,
    confidenceAtApproval: number | null,
    reason: string | null,
    updatedAt: number,
  ) =>
    d.db
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
const PATTERN_STATUS_GET = sharedStatement((d, patternId: string) =>
  d.db.selectFrom('pattern_status').select(PATTERN_STATUS_FIELDS).where('pattern_id', '=', patternId),
);
const PATTERN_STATUSES_ALL = sharedStatement((d) =>
  d.db.selectFrom('pattern_status').select(PATTERN_STATUS_FIELDS).orderBy('updated_at', 'desc'),
);
const PATTERN_STATUSES_IN = sharedStatement((d, status: string) =>
  d.db
    .selectFrom('pattern_status')
    .select(PATTERN_STATUS_FIELDS)
    .where('status', '=', status)
    .orderBy('updated_at', 'desc'),
);
const PATTERN_STATUS_COUNTS = sharedStatement((d) =>
  d.db
    .selectFrom('pattern_status')
    .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
    .groupBy('status'),
);

// The audit join of the reference's query_patterns_for_audit: every pattern with a confidence row,
// its most frequent detection category (categories that tie are left to SQLite's window sort, as
// there), its detection and outlier counts, its status (`discovered` without a row) and whether
// unsuppressed critical or error violations exist for it.
// dialect: the category tie is left to SQLite's window sort (the order its GROUP BY yields groups).
const PATTERNS_FOR_AUDIT = sharedStatement((d) =>
  d.db
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
const ALERTS_OLDER_THAN = sharedStatement((d, createdAt: number) =>
  d.db.deleteFrom('degradation_alerts').where('created_at', '<', createdAt),
);

// ─── Finding tables rebuilt by every analysis run ───────────────────────────────────────────────

const FINDING_TABLES: ReadonlySet<string> = new Set(ANALYSIS_FINDING_TABLES);

// Compile-time check that every finding table is a table of the schema (sharedFamily below is keyed
// by it, so a table the schema lacks would not compile).
const CLEAR_TABLE = sharedFamily((table: AnalysisFindingTable) =>
  sharedStatement((d) => d.db.deleteFrom(table)),
);

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

const VIOLATION_BY_ID = sharedStatement((d, id: string) =>
  d.db.selectFrom('violations').select(VIOLATION_FIELDS).where('id', '=', id),
);
// drift-napi bindings/graph.rs drift_taint_analysis and bindings/structural.rs (unsanitized flows).
const TAINT_FLOWS = sharedStatement((d, limit: number) =>
  d.db.selectFrom('taint_flows').select(TAINT_FIELDS).orderBy('confidence', 'desc').limit(limit),
);
const UNSANITIZED_TAINT_FLOWS = sharedStatement((d, limit: number) =>
  d.db
    .selectFrom('taint_flows')
    .select(TAINT_FIELDS)
    .where('is_sanitized', '=', 0)
    .orderBy('confidence', 'desc')
    .limit(limit),
);
// bindings/graph.rs drift_error_handling: severity (text) descending, on its index, scanned backwards.
// dialect: text order by SQLite's BINARY collation (another dialect needs a byte-order collation).
const ERROR_GAPS = sharedStatement((d, limit: number) =>
  d.db.selectFrom('error_gaps').select(GAP_FIELDS).orderBy('severity', 'desc').limit(limit),
);
// bindings/graph.rs drift_impact_analysis.
const IMPACT_SCORES = sharedStatement((d, limit: number) =>
  d.db.selectFrom('impact_scores').select(IMPACT_FIELDS).orderBy('risk_score', 'desc').limit(limit),
);
// The whole-table listings of the bindings have no ORDER BY (bindings/graph.rs drift_test_topology,
// bindings/structural.rs drift_wrapper_detection and drift_crypto_analysis, bindings/analysis.rs
// drift_boundaries' SELECT DISTINCT framework): a table scan in rowid order, the framework index.
// dialect: no ORDER BY, so the order is SQLite's table scan (rowid) or the framework index.
const ALL_TEST_QUALITY = sharedStatement((d) => d.db.selectFrom('test_quality').select(QUALITY_FIELDS));
const ALL_WRAPPERS = sharedStatement((d) => d.db.selectFrom('wrappers').select(WRAPPER_FIELDS));
const ALL_CRYPTO_FINDINGS = sharedStatement((d) => d.db.selectFrom('crypto_findings').select(CRYPTO_FIELDS));
// No reference query reads the contracts back (its driftContractTracking parses the project again):
// by id.
const ALL_CONTRACTS = sharedStatement((d) =>
  d.db.selectFrom('contracts').select(CONTRACT_FIELDS).orderBy('id'),
);
const BOUNDARY_FRAMEWORKS = sharedStatement((d) =>
  d.db.selectFrom('boundaries').select('framework').distinct(),
);

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

/** The export statement of one table (quoted identifier; cursor and limit bound). */
function tableRowsStatement(table: string): SharedStatement<Record<string, unknown>, TableRowsArgs> {
  const s = sharedStatement((d, afterRowid: number, limit: number) =>
    d.db
      .selectFrom(sql.table(table).as(table))
      .selectAll()
      .select(d.rowid().as('_rowid'))
      .where(d.rowid(), '>', afterRowid)
      .orderBy(d.rowid())
      .limit(limit),
  ) as SharedStatement<Record<string, unknown>, TableRowsArgs>;
  // The reference reads every column of the export as i64: only exactness is checked.
  return s.exactIntegers();
}

/** Export statements of the tables read so far (only names that ran, so the map stays bounded). */
const TABLE_ROWS = new Map<string, SharedStatement<Record<string, unknown>, TableRowsArgs>>();

// dialect: SQLite's own tables (`sqlite_master`, and `sqlite_sequence`, its AUTOINCREMENT high-water
// marks); another dialect states its own text for these two or refuses maxRowCursor (NOT_SUPPORTED).
const HAS_SEQUENCE = sharedSql<{ n: number }>({
  sqlite: `select count(*) as "n" from "sqlite_master" where "type" = 'table' and "name" = 'sqlite_sequence'`,
});
const MAX_SEQUENCE = sharedSql<{ cursor: number }>({
  sqlite: 'select coalesce(max("seq"), 0) as "cursor" from "sqlite_sequence"',
});

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

function checkStatus(status: string): void {
  if ((PATTERN_STATUSES as readonly string[]).includes(status)) return;
  throw new StorageError(
    'INVALID_INPUT',
    `upsertPatternStatus: row.status must be one of ${PATTERN_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
    { operation: 'upsertPatternStatus', field: 'row.status' },
  );
}

/** The {@link IDriftServing} methods that only read, by method name. */
export const servingReads = defineReads<IDriftServing>()({
  getPatternStatus: first(PATTERN_STATUS_GET),
  *queryPatternStatuses(status) {
    return status === null ? yield* all(PATTERN_STATUSES_ALL) : yield* all(PATTERN_STATUSES_IN, [status]);
  },
  countPatternsByStatus: every(PATTERN_STATUS_COUNTS),
  queryPatternsForAudit: every(PATTERNS_FOR_AUDIT, decodeAudit),
  getViolation: first(VIOLATION_BY_ID, decodeViolation),
  *queryTaintFlows(limit, unsanitizedOnly) {
    return (yield* all(unsanitizedOnly ? UNSANITIZED_TAINT_FLOWS : TAINT_FLOWS, [limit])).map(decodeTaint);
  },
  queryErrorGaps: every(ERROR_GAPS),
  queryImpactScores: every(IMPACT_SCORES, decodeImpact),
  queryAllTestQuality: every(ALL_TEST_QUALITY),
  queryAllWrappers: every(ALL_WRAPPERS, decodeWrapper),
  queryAllCryptoFindings: every(ALL_CRYPTO_FINDINGS),
  queryAllContracts: every(ALL_CONTRACTS),
  queryBoundaryFrameworks: every(BOUNDARY_FRAMEWORKS, (row) => row.framework),
  *readTableRows(table, afterCursor, limit) {
    checkTableName(table);
    const known = TABLE_ROWS.get(table);
    const s = known ?? tableRowsStatement(table);
    const rows = yield* all(s, [afterCursor, limit]); // fails (SQLITE_ERROR) for a name that is no table
    if (known === undefined) TABLE_ROWS.set(table, s);
    return rows.map(exportRow);
  },
  *maxRowCursor() {
    if ((yield* get(HAS_SEQUENCE))!.n === 0) return 0;
    const { cursor } = (yield* get(MAX_SEQUENCE))!;
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
 * The {@link IDriftServing} methods that write, by method name, but `runRetention` (an engine's own:
 * SQLite's also returns the freed pages to the file system).
 */
export const servingWrites = defineWrites<IDriftServing>()({
  // Retention on demand; the SQLite engine runs it and then its incremental vacuum.
  runRetention: runRetentionSteps,
  *upsertPatternStatus(row) {
    checkStatus(row.status);
    yield* run(PATTERN_STATUS_UPSERT, [
      row.patternId,
      row.status,
      row.approvedBy,
      row.approvedAt,
      row.confidenceAtApproval,
      row.reason,
      row.updatedAt,
    ]);
  },
  clearRecoveredAlerts: changes(ALERTS_OLDER_THAN, () => [nowSeconds() - ALERT_TTL_SECONDS] as const),
  *clearFindings(tables) {
    checkFindingTables(tables);
    // One transaction (the method's): a failure part-way deletes nothing. Counts follow the order given.
    const counts: { table: string; deleted: number }[] = [];
    for (const table of tables) counts.push({ table, deleted: yield* run(CLEAR_TABLE(table)) });
    return counts;
  },
});
