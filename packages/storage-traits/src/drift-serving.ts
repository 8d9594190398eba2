import type { ViolationRow } from './drift-enforcement.js';
import type {
  ContractRow,
  CryptoFindingRow,
  ErrorGapRow,
  ImpactScoreRow,
  TaintFlowRow,
  TestQualityRow,
  WrapperRow,
} from './drift-structural.js';
import { keyList } from './key-list.js';

// The eight reference traits describe what analysis writes and what the grounding bridge reads. The
// DriftNapi functions need a few more things from storage: retention on demand (driftGC), the pattern
// lifecycle of the v009 `pattern_status` table (driftApprovePattern, driftPatternStatus, driftAudit),
// whole-table listings (driftTaintAnalysis, driftWrapperDetection, ...) and the cursor-based row
// export of the cloud sync. In the reference these are engine-level queries that the bindings call on a
// raw connection; here they are a ninth interface, so that every backend (SQLite today, PostgreSQL
// next) serves them and no binding ever touches a connection.

/** Days kept per retention tier (driftGC's arguments; the reference's defaults are 30, 90 and 365). */
export interface RetentionPolicy {
  /** Short-lived findings: detections, outliers, violations, ... */
  readonly shortDays: number;
  /**
   * Age in whole days past which rows of the medium tier go: scan history, audits, trends, feedback,
   * verifications and the like.
   */
  readonly mediumDays: number;
  /**
   * Age in whole days past which rows of the long tier go: parse and context caches, simulations, decisions,
   * migration projects.
   */
  readonly longDays: number;
}

/** The reference's retention tiers: 30, 90 and 365 days. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = Object.freeze({
  shortDays: 30,
  mediumDays: 90,
  longDays: 365,
});

/** Rows one retention run removed from one table. */
export interface RetentionTableCount {
  /** Table name; `<table> (orphan)` for rows of files no longer tracked. */
  readonly table: string;
  /** Rows deleted from `table`; at least 1 (tables that lost none are not listed). */
  readonly deleted: number;
}

/** What one retention run removed, in total and per table. */
export interface RetentionResult {
  /** Rows removed from every table together (the sum of `perTable`). */
  readonly totalDeleted: number;
  /** Rows removed per table, only tables that lost rows, in the order they were cleaned. */
  readonly perTable: readonly RetentionTableCount[];
  /** Wall time of the run in milliseconds. */
  readonly durationMs: number;
}

/** The lifecycle states of a pattern in `pattern_status`. */
export const PATTERN_STATUSES = ['discovered', 'approved', 'ignored'] as const;

/**
 * A lifecycle state `driftApprovePattern` accepts: `discovered`, `approved` or `ignored` (the column itself
 * takes any text).
 */
export type PatternStatus = (typeof PATTERN_STATUSES)[number];

/** A `pattern_status` row: where a pattern is in its discovered → approved / ignored lifecycle. */
export interface PatternStatusRow {
  /** Pattern id; the primary key. */
  readonly patternId: string;
  /** Lifecycle state, one of {@link PATTERN_STATUSES} when written through the bindings; read as stored. */
  readonly status: string;
  /** Who approved it: `user`, `auto`, or null. */
  readonly approvedBy: string | null;
  /** When it was approved (Unix seconds), or null. */
  readonly approvedAt: number | null;
  /** The pattern's confidence when it was approved, or null. */
  readonly confidenceAtApproval: number | null;
  /** Why the status was set, or null. */
  readonly reason: string | null;
  /** When the row last changed (Unix seconds). */
  readonly updatedAt: number;
}

/** How many `pattern_status` rows hold one status. */
export interface PatternStatusCount {
  readonly status: string;
  /** At least 1: a status no pattern has is left out. */
  readonly count: number;
}

/**
 * One pattern as the audit sees it: its confidence joined with its detection and outlier counts, its
 * lifecycle status and whether unsuppressed error-level violations exist for it.
 */
export interface PatternAuditRow {
  /** Id of a pattern with a `pattern_confidence` row (a pattern without one is not audited). */
  readonly patternId: string;
  /** The pattern's most frequent detection category, or `unknown`. */
  readonly category: string;
  /** The pattern's `posteriorMean` from `pattern_confidence`, 0..1. */
  readonly confidence: number;
  /** Rows of `detections` with this pattern id; 0 when none. */
  readonly locationCount: number;
  /** Rows of `outliers` with this pattern id; 0 when none. */
  readonly outlierCount: number;
  /** Lifecycle status; `discovered` when the pattern has no status row. */
  readonly status: string;
  /** Whether unsuppressed `critical` or `error` violations exist for the pattern. */
  readonly hasErrorIssues: boolean;
}

/**
 * The tables that analysis rebuilds from the whole project on every run, and that
 * {@link IDriftServing.clearFindings} may therefore empty. Listed children before parents.
 */
export const ANALYSIS_FINDING_TABLES = Object.freeze([
  'call_edges',
  'data_access',
  'functions',
  'detections',
  'boundaries',
  'pattern_confidence',
  'outliers',
  'conventions',
  'coupling_metrics',
  'coupling_cycles',
  'wrappers',
  'crypto_findings',
  'dna_genes',
  'dna_mutations',
  'secrets',
  'constants',
  'env_variables',
  'owasp_findings',
  'decomposition_decisions',
  'contract_mismatches',
  'contracts',
  'taint_flows',
  'error_gaps',
  'impact_scores',
  'test_coverage',
  'test_quality',
  'reachability_cache',
  'violations',
] as const);

/**
 * A table name from {@link ANALYSIS_FINDING_TABLES}: one that {@link IDriftServing.clearFindings} may empty.
 */
export type AnalysisFindingTable = (typeof ANALYSIS_FINDING_TABLES)[number];

/** A value of an exported row: SQLite's storage classes as JSON (blobs as lowercase hex). */
export type ExportedValue = string | number | null;

/** One row read by {@link IDriftServing.readTableRows}: its columns plus `_rowid`, the cursor. */
export type ExportedRow = Readonly<Record<string, ExportedValue>>;

/**
 * What the DriftNapi functions need from storage beyond the eight reference traits. Part of
 * {@link DriftStorageBackend}; a backend implements it next to the others.
 */
export interface IDriftServing {
  /**
   * Deletes expired rows by the three tiers of `policy` (rows of files no longer tracked first), then
   * returns free pages to the file system where the backend can (SQLite: `incremental_vacuum`).
   * Atomic: on failure nothing is deleted.
   */
  runRetention(policy: RetentionPolicy): RetentionResult;

  /**
   * Inserts or updates a pattern's status. An automatic decision (`approvedBy` = `auto`) never
   * overrides one a person made: when the stored row was approved by someone other than `auto`, only
   * `updatedAt` changes.
   */
  upsertPatternStatus(row: PatternStatusRow): void;
  /** Returns a pattern's status row, or null when the pattern has none. */
  getPatternStatus(patternId: string): PatternStatusRow | null;
  /**
   * Returns the status rows, all or those in `status`, most recently updated first (rows updated in
   * the same second as the reference's plan leaves them: newest first unfiltered, in the order
   * written when filtered).
   */
  queryPatternStatuses(status: string | null): PatternStatusRow[];
  /** Returns how many patterns are in each status that has any, by status name. */
  countPatternsByStatus(): PatternStatusCount[];
  /** Returns every pattern with a confidence row, joined for the audit, highest confidence first. */
  queryPatternsForAudit(): PatternAuditRow[];
  /** Deletes degradation alerts older than 24 hours; returns how many. */
  clearRecoveredAlerts(): number;

  /**
   * Empties the given finding tables, atomically, so that an analysis run replaces what the previous
   * run stored instead of appending to it. Only the tables of {@link ANALYSIS_FINDING_TABLES} are
   * accepted (anything else fails with `INVALID_INPUT` and nothing is deleted); history
   * (`gate_results`, `degradation_alerts`, `audit_snapshots`, `health_trends`, `feedback`,
   * `pattern_status`, `scan_history`, ...) and `file_metadata` can never be cleared this way. Returns
   * the rows removed per table, in the order given (tables that were already empty included).
   */
  clearFindings(tables: readonly string[]): RetentionTableCount[];

  /** Returns a violation by id, or null. */
  getViolation(id: string): ViolationRow | null;
  /**
   * Returns up to `limit` taint flows (only unsanitized ones when asked), highest confidence first;
   * flows of equal confidence in the order they were written (the reference's plan).
   */
  queryTaintFlows(limit: number, unsanitizedOnly: boolean): TaintFlowRow[];
  /**
   * Returns up to `limit` error-handling gaps, by severity (descending, as text); gaps of equal
   * severity newest first (the reference scans its severity index backwards).
   */
  queryErrorGaps(limit: number): ErrorGapRow[];
  /** Returns up to `limit` impact scores, highest risk first (equal risks in the order written). */
  queryImpactScores(limit: number): ImpactScoreRow[];
  /** Returns every test-quality row, in the order written (a replaced row counts as written anew). */
  queryAllTestQuality(): TestQualityRow[];
  /** Returns every wrapper, in the order written (by id). */
  queryAllWrappers(): WrapperRow[];
  /** Returns every crypto finding, in the order written (by id). */
  queryAllCryptoFindings(): CryptoFindingRow[];
  /** Returns every API contract, by id. */
  queryAllContracts(): ContractRow[];
  /** Returns the distinct frameworks of the stored boundaries, sorted. */
  queryBoundaryFrameworks(): string[];

  /**
   * Returns up to `limit` rows of a drift table whose row cursor is greater than `afterCursor`, in
   * cursor order, each with all its columns plus `_rowid` (the cursor). A table name with a character
   * other than a letter, a digit or `_` fails with `INVALID_INPUT`, a name that is no table fails in
   * the backend, as in the reference. A row rewritten by a replacing upsert gets a new cursor, so a
   * delta read hands it out again. The cloud sync reads every table through this.
   */
  readTableRows(table: string, afterCursor: number, limit: number): ExportedRow[];
  /** The highest row id handed out by any table with an autoincrement key (0 when none was). */
  maxRowCursor(): number;
}

/** Every method name of {@link IDriftServing}, checked at compile time to be exactly its keys. */
export const DRIFT_SERVING_METHODS = keyList<IDriftServing>()([
  'runRetention',
  'upsertPatternStatus',
  'getPatternStatus',
  'queryPatternStatuses',
  'countPatternsByStatus',
  'queryPatternsForAudit',
  'clearRecoveredAlerts',
  'clearFindings',
  'getViolation',
  'queryTaintFlows',
  'queryErrorGaps',
  'queryImpactScores',
  'queryAllTestQuality',
  'queryAllWrappers',
  'queryAllCryptoFindings',
  'queryAllContracts',
  'queryBoundaryFrameworks',
  'readTableRows',
  'maxRowCursor',
] as const);
