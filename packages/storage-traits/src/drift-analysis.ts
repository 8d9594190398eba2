import type {
  BoundaryInsertRow,
  ConventionInsertRow,
  DetectionInsertRow,
  OutlierInsertRow,
} from './batch-commands.js';
import { keyList } from './key-list.js';

/** A `functions` row: one function or method found by the parser, keyed by a store-assigned `id`. */
export interface FunctionRow {
  /** Row id assigned by the database. */
  readonly id: number;
  /** File the function is declared in. */
  readonly file: string;
  /** Name as declared (`method` for `Class.method`; the full name is `qualifiedName`). */
  readonly name: string;
  /** Qualified name (e.g. `Class.method`), when known. */
  readonly qualifiedName: string | null;
  /** Language of `file` as the scanner names it (e.g. `typescript`). */
  readonly language: string;
  /** Line of the declaration's start, 1-based. */
  readonly line: number;
  /** Line of the declaration's end, 1-based. */
  readonly endLine: number;
  readonly parameterCount: number;
  /**
   * Return type as written in the source (text, e.g. `Promise<void>`); null when undeclared or not extracted.
   */
  readonly returnType: string | null;
  /** Whether the function is exported from its module. */
  readonly isExported: boolean;
  readonly isAsync: boolean;
  /**
   * Hash of the body: 8 bytes (the reference's analysis writes a 64-bit hash little-endian); null when not
   * computed.
   */
  readonly bodyHash: Uint8Array | null;
  /** Hash of the signature, 8 bytes like `bodyHash`; null when not computed. */
  readonly signatureHash: Uint8Array | null;
}

/** A `detections` row: one match of a detector; append-only, `id` and `createdAt` from the store. */
export interface DetectionRow {
  /** Row id assigned by the database (ignored on insert). */
  readonly id: number;
  readonly file: string;
  /** Line of the match, 1-based. */
  readonly line: number;
  /** Column of the match (`column_num`; NOT NULL, unlike a violation's column). */
  readonly columnNum: number;
  /** Id of the pattern matched; a pattern's confidence, outliers and violations share it. */
  readonly patternId: string;
  /** Detector category (e.g. `security`); `getDetectionsByCategory` matches it exactly. */
  readonly category: string;
  /** How sure the detector is, 0..1; the reads that rank detections sort by it, highest first. */
  readonly confidence: number;
  /** How it was detected (e.g. `ast`, `regex`, `framework`). */
  readonly detectionMethod: string;
  /**
   * CWE numbers joined with commas (e.g. `79,89`), as the reference's analysis writes them; null when none.
   */
  readonly cweIds: string | null;
  /** OWASP Top 10 category (text, e.g. `A03:2021`); null when the detector gives none. */
  readonly owasp: string | null;
  /** The source text that matched; null when the detector keeps none. */
  readonly matchedText: string | null;
  /** When the row was written, seconds since the epoch (ignored on insert). */
  readonly createdAt: number;
}

/**
 * One detection method's group of {@link IDriftAnalysis.getFrameworkDetectionSummary}: its count and mean
 * confidence.
 */
export interface DetectionSummaryRow {
  readonly detectionMethod: string;
  /** Detections with this method (an integer count, never 0: empty groups are not listed). */
  readonly count: number;
  /** Mean `confidence` of the group's detections (SQL `AVG`). */
  readonly avgConfidence: number;
}

/** A `pattern_confidence` row, keyed by `patternId`: a Beta(alpha, beta) posterior and what it implies. */
export interface PatternConfidenceRow {
  /** Id of the pattern scored; one row per pattern. */
  readonly patternId: string;
  /**
   * Alpha of the Beta posterior: evidence for the pattern (`queryFeedbackAdjustments` maps a `fix` to +1).
   */
  readonly alpha: number;
  /** Beta of the Beta posterior: evidence against it (a dismissal as a false positive maps to +0.5). */
  readonly beta: number;
  /** alpha / (alpha + beta) as the writer computed it, 0..1; the store does not recompute it. */
  readonly posteriorMean: number;
  /** Lower bound of the posterior's 95% credible interval, 0..1. */
  readonly credibleIntervalLow: number;
  /** Upper bound of the posterior's 95% credible interval, 0..1. */
  readonly credibleIntervalHigh: number;
  /**
   * Tier name the analyzer derives from `posteriorMean` (`Established` >= 0.85, `Emerging` >= 0.7,
   * `Tentative` >= 0.5, else `Uncertain`); `queryConfidenceByTier` matches it exactly.
   */
  readonly tier: string;
  /** Direction of the pattern's adoption: `Rising`, `Falling` or `Stable`, as the analyzer names it. */
  readonly momentum: string;
  /** When the confidence was last updated, seconds since the epoch (stored as given). */
  readonly lastUpdated: number;
}

/** An `outliers` row: a location that deviates from a pattern; append-only, `id` from the store. */
export interface OutlierRow {
  /** Row id from the store (`AUTOINCREMENT`); ignored on insert. */
  readonly id: number;
  /** The pattern the outlier deviates from. */
  readonly patternId: string;
  readonly file: string;
  readonly line: number;
  /** Size of the deviation by `method`'s own measure (REAL; larger is further). */
  readonly deviationScore: number;
  /** Significance tier name as the writer gives it (the reference's tiers run from `Critical` down). */
  readonly significance: string;
  /**
   * Name of the statistical method that flagged it (the reference's `ZScore`, `Grubbs`, `Iqr`, `Mad`, ...).
   */
  readonly method: string;
  /** When the row was written, seconds since the epoch (ignored on insert). */
  readonly createdAt: number;
}

/**
 * A `conventions` row: a pattern promoted (or proposed) as a convention; append-only, `id` from the store.
 */
export interface ConventionRow {
  /** Row id from the store (`AUTOINCREMENT`); ignored on insert. */
  readonly id: number;
  readonly patternId: string;
  readonly category: string;
  /** Where the convention holds (e.g. project-wide or one folder), as the analyzer names it. */
  readonly scope: string;
  /** Share of occurrences following the pattern. */
  readonly dominanceRatio: number;
  /** Where it is in promotion: `discovered` (the column default) until promoted (e.g. `approved`). */
  readonly promotionStatus: string;
  /** When it was first discovered, seconds since the epoch. */
  readonly discoveredAt: number;
  /** When it was last seen, seconds since the epoch. */
  readonly lastSeen: number;
  /** When the convention lapses, seconds since the epoch; null when it never does. */
  readonly expiresAt: number | null;
}

/** A `boundaries` row: a data model or field crossing a framework boundary. */
export interface BoundaryRow {
  /** Row id from the store (`AUTOINCREMENT`); ignored on insert. */
  readonly id: number;
  /** Path of the file declaring the model; `getBoundariesByFile` and `deleteBoundariesByFile` match it. */
  readonly file: string;
  /** ORM or framework the model belongs to (e.g. `prisma`); `getBoundariesByFramework` matches it exactly. */
  readonly framework: string;
  readonly modelName: string;
  /** Database table the model maps to; null when the detector could not tell. */
  readonly tableName: string | null;
  /** Field of the model the row is about; null for a model-level boundary. */
  readonly fieldName: string | null;
  /** Sensitivity label (e.g. `pii`), when the field is sensitive. */
  readonly sensitivity: string | null;
  /** How sure the detector is, 0..1; `getSensitiveBoundaries` sorts by it, highest first. */
  readonly confidence: number;
  /** When the row was written, seconds since the epoch (ignored on insert). */
  readonly createdAt: number;
}

/** A `call_edges` row, keyed by caller, callee and call-site line (a repeat replaces the edge). */
export interface CallEdgeRow {
  /** `functions.id` of the calling function (not a foreign key: the function may be gone). */
  readonly callerId: number;
  /** `functions.id` of the called function (not a foreign key). */
  readonly calleeId: number;
  /** How the call was resolved (e.g. `import`, `same_file`, `fuzzy`). */
  readonly resolution: string;
  /** How sure the resolver is of the callee, 0..1. */
  readonly confidence: number;
  readonly callSiteLine: number;
}

/** A `scan_history` row: one scan, opened by `insertScanStart`, closed by `updateScanComplete`. */
export interface ScanHistoryRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /** When the scan started, seconds since the epoch. */
  readonly startedAt: number;
  /** When the scan completed, seconds since the epoch; null while it is `running`. */
  readonly completedAt: number | null;
  /** Folder the scan started from, as the caller gave it. */
  readonly rootPath: string;
  /** Files the scan counted; null until `updateScanComplete`. */
  readonly totalFiles: number | null;
  /** Files added since the previous scan. */
  readonly addedFiles: number | null;
  /** Files modified since the previous scan. */
  readonly modifiedFiles: number | null;
  /** Files removed since the previous scan. */
  readonly removedFiles: number | null;
  /** Files unchanged since the previous scan. */
  readonly unchangedFiles: number | null;
  /** Wall-clock length of the scan in milliseconds; null until `updateScanComplete`. */
  readonly durationMs: number | null;
  /**
   * `running` (the column default, set by `insertScanStart`) until `updateScanComplete` writes the outcome.
   */
  readonly status: string;
  /** Failure message, if the scan failed. */
  readonly error: string | null;
}

/** Analysis storage: functions, detections, patterns, boundaries, call edges and scan history. */
export interface IDriftAnalysis {
  /** Returns the functions of a file, in line order. */
  getFunctionsByFile(file: string): FunctionRow[];
  /**
   * Returns a function whose `qualifiedName` equals the argument exactly, or null; names are not unique, so
   * with several one of them.
   */
  getFunctionByQualifiedName(qualifiedName: string): FunctionRow | null;
  /**
   * Deletes the functions of `file`; returns how many. Their call edges and data accesses stay (see
   * `deleteEdgesByFile`).
   */
  deleteFunctionsByFile(file: string): number;
  /** Rows of `functions`, test files included. */
  countFunctions(): number;
  /** Counts entry points: functions with no incoming call edge. */
  countEntryPoints(): number;

  /**
   * Inserts detections, each as a new row (the store assigns `id` and `createdAt`; a read row may be
   * passed as it is, its `id` and `createdAt` are ignored); returns the count.
   */
  insertDetections(detections: readonly DetectionInsertRow[]): number;
  /** Returns the detections of a file, in line order. */
  getDetectionsByFile(file: string): DetectionRow[];
  /** Returns the detections of a category, highest confidence first. */
  getDetectionsByCategory(category: string): DetectionRow[];
  /** Returns up to `limit` detections, highest confidence first. */
  queryAllDetections(limit: number): DetectionRow[];
  /** Deletes every detection whose `file` equals `file`; returns how many. */
  deleteDetectionsByFile(file: string): number;
  /** Rows of `detections`, every pattern and file. */
  countDetections(): number;
  /** Returns the detections found by a detection method, highest confidence first. */
  getDetectionsByMethod(method: string): DetectionRow[];
  /** Returns the detections whose pattern id starts with `prefix` (SQL LIKE, so ASCII case-insensitive), highest confidence first. */
  getDetectionsByPatternPrefix(prefix: string): DetectionRow[];
  /** Returns the detections whose CWE list text contains `cweId` (a substring match, as the reference), highest confidence first. */
  getDetectionsByCwe(cweId: number): DetectionRow[];
  /** Returns detection counts and mean confidence grouped by detection method. */
  getFrameworkDetectionSummary(): DetectionSummaryRow[];

  /** Inserts or replaces a pattern's confidence, every field as given. */
  upsertConfidence(row: PatternConfidenceRow): void;
  /** Returns one keyset page of a tier's patterns, ordered by pattern id, after `afterId` when given. */
  queryConfidenceByTier(tier: string, afterId: string | null, limit: number): PatternConfidenceRow[];
  /** Returns every pattern confidence row, highest posterior mean first. */
  queryAllConfidence(): PatternConfidenceRow[];
  /** Inserts an outlier as a new row (the store assigns `id` and `createdAt`). */
  insertOutlier(row: OutlierInsertRow): void;
  /** Returns the outliers of a pattern, largest deviation first. */
  queryOutliersByPattern(patternId: string): OutlierRow[];
  /** Inserts a convention as a new row (the store assigns `id`). */
  insertConvention(row: ConventionInsertRow): void;
  /** Returns the conventions of a category, most dominant first. */
  queryConventionsByCategory(category: string): ConventionRow[];
  /** Returns every convention, most dominant first. */
  queryAllConventions(): ConventionRow[];

  /** Inserts boundaries, each as a new row (the store assigns `id` and `createdAt`); returns the count. */
  insertBoundaries(boundaries: readonly BoundaryInsertRow[]): number;
  /** Returns the boundaries whose `file` equals `file` exactly, in no promised order. */
  getBoundariesByFile(file: string): BoundaryRow[];
  /** Returns the boundaries whose framework equals `framework` exactly, in no promised order. */
  getBoundariesByFramework(framework: string): BoundaryRow[];
  /** Returns the boundaries that carry a sensitivity label, highest confidence first. */
  getSensitiveBoundaries(): BoundaryRow[];
  /** Deletes every boundary whose `file` equals `file`; returns how many. */
  deleteBoundariesByFile(file: string): number;
  /** Rows of `boundaries`: model-level and field-level together. */
  countBoundaries(): number;

  /** Inserts call edges, replacing an edge with the same caller, callee and line; returns the count. */
  insertCallEdges(edges: readonly CallEdgeRow[]): number;
  /** Returns the edges whose caller is `callerId`. */
  getEdgesByCaller(callerId: number): CallEdgeRow[];
  /** Returns the edges whose callee is `calleeId`. */
  getEdgesByCallee(calleeId: number): CallEdgeRow[];
  /** Deletes every edge touching a function of `file`; returns how many were deleted. */
  deleteEdgesByFile(file: string): number;
  /** Rows of `call_edges`, whatever their resolution. */
  countCallEdges(): number;
  /** Counts call edges whose resolution is neither `fuzzy` nor `unresolved`. */
  countResolvedEdges(): number;

  /** Records the start of a scan (status `running`); returns the new row id. */
  insertScanStart(startedAt: number, rootPath: string): number;
  /** Records the outcome of a scan started with {@link IDriftAnalysis.insertScanStart}. */
  updateScanComplete(
    id: number,
    completedAt: number,
    totalFiles: number,
    addedFiles: number,
    modifiedFiles: number,
    removedFiles: number,
    unchangedFiles: number,
    durationMs: number,
    status: string,
    error: string | null,
  ): void;
  /** Returns the `limit` most recent scans, newest first. */
  queryRecentScans(limit: number): ScanHistoryRow[];
  /** Rows of `scan_history`: scans started, finished or not. */
  countScans(): number;
}

/** Every method name of {@link IDriftAnalysis}, checked at compile time to be exactly its keys. */
export const DRIFT_ANALYSIS_METHODS = keyList<IDriftAnalysis>()([
  'getFunctionsByFile',
  'getFunctionByQualifiedName',
  'deleteFunctionsByFile',
  'countFunctions',
  'countEntryPoints',
  'insertDetections',
  'getDetectionsByFile',
  'getDetectionsByCategory',
  'queryAllDetections',
  'deleteDetectionsByFile',
  'countDetections',
  'getDetectionsByMethod',
  'getDetectionsByPatternPrefix',
  'getDetectionsByCwe',
  'getFrameworkDetectionSummary',
  'upsertConfidence',
  'queryConfidenceByTier',
  'queryAllConfidence',
  'insertOutlier',
  'queryOutliersByPattern',
  'insertConvention',
  'queryConventionsByCategory',
  'queryAllConventions',
  'insertBoundaries',
  'getBoundariesByFile',
  'getBoundariesByFramework',
  'getSensitiveBoundaries',
  'deleteBoundariesByFile',
  'countBoundaries',
  'insertCallEdges',
  'getEdgesByCaller',
  'getEdgesByCallee',
  'deleteEdgesByFile',
  'countCallEdges',
  'countResolvedEdges',
  'insertScanStart',
  'updateScanComplete',
  'queryRecentScans',
  'countScans',
] as const);
