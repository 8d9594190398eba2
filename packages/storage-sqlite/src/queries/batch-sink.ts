import {
  BATCH_COMMAND_STATS_KEY,
  type BatchApplyResult,
  type BatchCommand,
  type BatchCommandFailure,
  type BatchCommandRows,
  type BatchCommandType,
  type MutableWriteStats,
  StorageError,
} from '@drift/storage-traits';
import { sql } from 'kysely';
import { toStorageError } from '../errors.js';
import { arg, qb, type Statement, statement, type WriteExecutor } from '../statements.js';

// The write path of the batch writer: one compiled statement per command and a function that turns a
// row into its positional arguments. Statements are compiled once, here; rows are only bound.
//
// Write semantics follow the reference batch writer. Where it uses INSERT OR REPLACE, the statement is
// an upsert on the table's key that takes every provided column from `excluded` and puts the columns
// the reference leaves out back to their DEFAULT, which is what a replaced row would hold. One
// difference remains: a replaced row keeps its rowid (for `functions`, its `id`), where REPLACE would
// have deleted it and allocated a new one.

/** `unixepoch()`: the DEFAULT of every timestamp column the reference leaves to the database. */
const NOW = sql<number>`unixepoch()`;

/** How one command is written: its statement and the arguments of one row, in placeholder order. */
interface CommandWriter<R> {
  readonly statement: Statement;
  readonly args: (row: R) => readonly unknown[];
}

type CommandWriters = { readonly [T in BatchCommandType]: CommandWriter<BatchCommandRows[T]> };

const bit = (b: boolean): number => (b ? 1 : 0);

// ─── Files and functions ─────────────────────────────────────────────────────────────────────────

const UPSERT_FILE_METADATA = statement(
  qb
    .insertInto('file_metadata')
    .values({
      path: arg(0),
      language: arg(1),
      file_size: arg(2),
      content_hash: arg(3),
      mtime_secs: arg(4),
      mtime_nanos: arg(5),
      last_scanned_at: arg(6),
      scan_duration_us: arg(7),
    })
    .onConflict((oc) =>
      oc.column('path').doUpdateSet((eb) => ({
        language: eb.ref('excluded.language'),
        file_size: eb.ref('excluded.file_size'),
        content_hash: eb.ref('excluded.content_hash'),
        mtime_secs: eb.ref('excluded.mtime_secs'),
        mtime_nanos: eb.ref('excluded.mtime_nanos'),
        last_scanned_at: eb.ref('excluded.last_scanned_at'),
        scan_duration_us: eb.ref('excluded.scan_duration_us'),
        pattern_count: sql.lit(0),
        function_count: sql.lit(0),
        error_count: sql.lit(0),
        error: sql.lit(null),
      })),
    ),
);

const UPSERT_PARSE_CACHE = statement(
  qb
    .insertInto('parse_cache')
    .values({ content_hash: arg(0), language: arg(1), parse_result_json: arg(2), created_at: arg(3) })
    .onConflict((oc) =>
      oc.column('content_hash').doUpdateSet((eb) => ({
        language: eb.ref('excluded.language'),
        parse_result_json: eb.ref('excluded.parse_result_json'),
        created_at: eb.ref('excluded.created_at'),
      })),
    ),
);

const UPSERT_FUNCTION = statement(
  qb
    .insertInto('functions')
    .values({
      file: arg(0),
      name: arg(1),
      qualified_name: arg(2),
      language: arg(3),
      line: arg(4),
      end_line: arg(5),
      parameter_count: arg(6),
      return_type: arg(7),
      is_exported: arg(8),
      is_async: arg(9),
      body_hash: arg(10),
      signature_hash: arg(11),
    })
    .onConflict((oc) =>
      oc.columns(['file', 'name', 'line']).doUpdateSet((eb) => ({
        qualified_name: eb.ref('excluded.qualified_name'),
        language: eb.ref('excluded.language'),
        end_line: eb.ref('excluded.end_line'),
        parameter_count: eb.ref('excluded.parameter_count'),
        return_type: eb.ref('excluded.return_type'),
        is_exported: eb.ref('excluded.is_exported'),
        is_async: eb.ref('excluded.is_async'),
        body_hash: eb.ref('excluded.body_hash'),
        signature_hash: eb.ref('excluded.signature_hash'),
      })),
    ),
);

const DELETE_FILE_METADATA = statement(qb.deleteFrom('file_metadata').where('path', '=', arg(0)));

// ─── Analysis ────────────────────────────────────────────────────────────────────────────────────

const UPSERT_CALL_EDGE = statement(
  qb
    .insertInto('call_edges')
    .values({
      caller_id: arg(0),
      callee_id: arg(1),
      resolution: arg(2),
      confidence: arg(3),
      call_site_line: arg(4),
    })
    .onConflict((oc) =>
      oc.columns(['caller_id', 'callee_id', 'call_site_line']).doUpdateSet((eb) => ({
        resolution: eb.ref('excluded.resolution'),
        confidence: eb.ref('excluded.confidence'),
      })),
    ),
);

const INSERT_DETECTION = statement(
  qb.insertInto('detections').values({
    file: arg(0),
    line: arg(1),
    column_num: arg(2),
    pattern_id: arg(3),
    category: arg(4),
    confidence: arg(5),
    detection_method: arg(6),
    cwe_ids: arg(7),
    owasp: arg(8),
    matched_text: arg(9),
  }),
);

const INSERT_BOUNDARY = statement(
  qb.insertInto('boundaries').values({
    file: arg(0),
    framework: arg(1),
    model_name: arg(2),
    table_name: arg(3),
    field_name: arg(4),
    sensitivity: arg(5),
    confidence: arg(6),
  }),
);

const UPSERT_PATTERN_CONFIDENCE = statement(
  qb
    .insertInto('pattern_confidence')
    .values({
      pattern_id: arg(0),
      alpha: arg(1),
      beta: arg(2),
      posterior_mean: arg(3),
      credible_interval_low: arg(4),
      credible_interval_high: arg(5),
      tier: arg(6),
      momentum: arg(7),
    })
    .onConflict((oc) =>
      oc.column('pattern_id').doUpdateSet((eb) => ({
        alpha: eb.ref('excluded.alpha'),
        beta: eb.ref('excluded.beta'),
        posterior_mean: eb.ref('excluded.posterior_mean'),
        credible_interval_low: eb.ref('excluded.credible_interval_low'),
        credible_interval_high: eb.ref('excluded.credible_interval_high'),
        tier: eb.ref('excluded.tier'),
        momentum: eb.ref('excluded.momentum'),
        last_updated: NOW,
      })),
    ),
);

const INSERT_OUTLIER = statement(
  qb.insertInto('outliers').values({
    pattern_id: arg(0),
    file: arg(1),
    line: arg(2),
    deviation_score: arg(3),
    significance: arg(4),
    method: arg(5),
  }),
);

const INSERT_CONVENTION = statement(
  qb.insertInto('conventions').values({
    pattern_id: arg(0),
    category: arg(1),
    scope: arg(2),
    dominance_ratio: arg(3),
    promotion_status: arg(4),
    discovered_at: arg(5),
    last_seen: arg(6),
    expires_at: arg(7),
  }),
);

const INSERT_SCAN_START = statement(
  qb.insertInto('scan_history').values({ started_at: arg(0), root_path: arg(1), status: sql.lit('running') }),
);

const INSERT_DATA_ACCESS = statement(
  qb
    .insertInto('data_access')
    .values({
      function_id: arg(0),
      table_name: arg(1),
      operation: arg(2),
      framework: arg(3),
      line: arg(4),
      confidence: arg(5),
    })
    .onConflict((oc) => oc.doNothing()),
);

// ─── Graph ───────────────────────────────────────────────────────────────────────────────────────

const UPSERT_REACHABILITY = statement(
  qb
    .insertInto('reachability_cache')
    .values({ source_node: arg(0), direction: arg(1), reachable_set: arg(2), sensitivity: arg(3) })
    .onConflict((oc) =>
      oc.columns(['source_node', 'direction']).doUpdateSet((eb) => ({
        reachable_set: eb.ref('excluded.reachable_set'),
        sensitivity: eb.ref('excluded.sensitivity'),
        computed_at: NOW,
      })),
    ),
);

const INSERT_TAINT_FLOW = statement(
  qb.insertInto('taint_flows').values({
    source_file: arg(0),
    source_line: arg(1),
    source_type: arg(2),
    sink_file: arg(3),
    sink_line: arg(4),
    sink_type: arg(5),
    cwe_id: arg(6),
    is_sanitized: arg(7),
    path: arg(8),
    confidence: arg(9),
  }),
);

const INSERT_ERROR_GAP = statement(
  qb.insertInto('error_gaps').values({
    file: arg(0),
    function_id: arg(1),
    gap_type: arg(2),
    error_type: arg(3),
    propagation_chain: arg(4),
    framework: arg(5),
    cwe_id: arg(6),
    severity: arg(7),
  }),
);

const UPSERT_IMPACT_SCORE = statement(
  qb
    .insertInto('impact_scores')
    .values({
      function_id: arg(0),
      blast_radius: arg(1),
      risk_score: arg(2),
      is_dead_code: arg(3),
      dead_code_reason: arg(4),
      exclusion_category: arg(5),
    })
    .onConflict((oc) =>
      oc.column('function_id').doUpdateSet((eb) => ({
        blast_radius: eb.ref('excluded.blast_radius'),
        risk_score: eb.ref('excluded.risk_score'),
        is_dead_code: eb.ref('excluded.is_dead_code'),
        dead_code_reason: eb.ref('excluded.dead_code_reason'),
        exclusion_category: eb.ref('excluded.exclusion_category'),
        updated_at: NOW,
      })),
    ),
);

const UPSERT_TEST_QUALITY = statement(
  qb
    .insertInto('test_quality')
    .values({
      function_id: arg(0),
      coverage_breadth: arg(1),
      coverage_depth: arg(2),
      assertion_density: arg(3),
      mock_ratio: arg(4),
      isolation: arg(5),
      freshness: arg(6),
      stability: arg(7),
      overall_score: arg(8),
      smells: arg(9),
    })
    .onConflict((oc) =>
      oc.column('function_id').doUpdateSet((eb) => ({
        coverage_breadth: eb.ref('excluded.coverage_breadth'),
        coverage_depth: eb.ref('excluded.coverage_depth'),
        assertion_density: eb.ref('excluded.assertion_density'),
        mock_ratio: eb.ref('excluded.mock_ratio'),
        isolation: eb.ref('excluded.isolation'),
        freshness: eb.ref('excluded.freshness'),
        stability: eb.ref('excluded.stability'),
        overall_score: eb.ref('excluded.overall_score'),
        smells: eb.ref('excluded.smells'),
        updated_at: NOW,
      })),
    ),
);

// ─── Structural ──────────────────────────────────────────────────────────────────────────────────

const UPSERT_COUPLING_METRICS = statement(
  qb
    .insertInto('coupling_metrics')
    .values({
      module: arg(0),
      ce: arg(1),
      ca: arg(2),
      instability: arg(3),
      abstractness: arg(4),
      distance: arg(5),
      zone: arg(6),
    })
    .onConflict((oc) =>
      oc.column('module').doUpdateSet((eb) => ({
        ce: eb.ref('excluded.ce'),
        ca: eb.ref('excluded.ca'),
        instability: eb.ref('excluded.instability'),
        abstractness: eb.ref('excluded.abstractness'),
        distance: eb.ref('excluded.distance'),
        zone: eb.ref('excluded.zone'),
        updated_at: NOW,
      })),
    ),
);

const INSERT_COUPLING_CYCLE = statement(
  qb.insertInto('coupling_cycles').values({ members: arg(0), break_suggestions: arg(1) }),
);

const INSERT_WRAPPER = statement(
  qb.insertInto('wrappers').values({
    name: arg(0),
    file: arg(1),
    line: arg(2),
    category: arg(3),
    wrapped_primitives: arg(4),
    framework: arg(5),
    confidence: arg(6),
    is_multi_primitive: arg(7),
    is_exported: arg(8),
    usage_count: arg(9),
  }),
);

const INSERT_CRYPTO_FINDING = statement(
  qb.insertInto('crypto_findings').values({
    file: arg(0),
    line: arg(1),
    category: arg(2),
    description: arg(3),
    code: arg(4),
    confidence: arg(5),
    cwe_id: arg(6),
    owasp: arg(7),
    remediation: arg(8),
    language: arg(9),
  }),
);

const UPSERT_DNA_GENE = statement(
  qb
    .insertInto('dna_genes')
    .values({
      gene_id: arg(0),
      name: arg(1),
      description: arg(2),
      dominant_allele: arg(3),
      alleles: arg(4),
      confidence: arg(5),
      consistency: arg(6),
      exemplars: arg(7),
    })
    .onConflict((oc) =>
      oc.column('gene_id').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        description: eb.ref('excluded.description'),
        dominant_allele: eb.ref('excluded.dominant_allele'),
        alleles: eb.ref('excluded.alleles'),
        confidence: eb.ref('excluded.confidence'),
        consistency: eb.ref('excluded.consistency'),
        exemplars: eb.ref('excluded.exemplars'),
        updated_at: NOW,
      })),
    ),
);

// The reference writes a mutation as new and unresolved, also over an existing one.
const UPSERT_DNA_MUTATION = statement(
  qb
    .insertInto('dna_mutations')
    .values({
      id: arg(0),
      file: arg(1),
      line: arg(2),
      gene_id: arg(3),
      expected: arg(4),
      actual: arg(5),
      impact: arg(6),
      code: arg(7),
      suggestion: arg(8),
      detected_at: arg(9),
      resolved: sql.lit(0),
      resolved_at: sql.lit(null),
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        file: eb.ref('excluded.file'),
        line: eb.ref('excluded.line'),
        gene_id: eb.ref('excluded.gene_id'),
        expected: eb.ref('excluded.expected'),
        actual: eb.ref('excluded.actual'),
        impact: eb.ref('excluded.impact'),
        code: eb.ref('excluded.code'),
        suggestion: eb.ref('excluded.suggestion'),
        detected_at: eb.ref('excluded.detected_at'),
        resolved: eb.ref('excluded.resolved'),
        resolved_at: eb.ref('excluded.resolved_at'),
      })),
    ),
);

const INSERT_SECRET = statement(
  qb.insertInto('secrets').values({
    pattern_name: arg(0),
    redacted_value: arg(1),
    file: arg(2),
    line: arg(3),
    severity: arg(4),
    entropy: arg(5),
    confidence: arg(6),
    cwe_ids: arg(7),
  }),
);

const INSERT_CONSTANT = statement(
  qb.insertInto('constants').values({
    name: arg(0),
    value: arg(1),
    file: arg(2),
    line: arg(3),
    is_used: arg(4),
    language: arg(5),
    is_named: arg(6),
  }),
);

const INSERT_ENV_VARIABLE = statement(
  qb.insertInto('env_variables').values({
    name: arg(0),
    file: arg(1),
    line: arg(2),
    access_method: arg(3),
    has_default: arg(4),
    defined_in_env: arg(5),
    framework_prefix: arg(6),
  }),
);

const UPSERT_OWASP_FINDING = statement(
  qb
    .insertInto('owasp_findings')
    .values({
      id: arg(0),
      detector: arg(1),
      file: arg(2),
      line: arg(3),
      description: arg(4),
      severity: arg(5),
      cwes: arg(6),
      owasp_categories: arg(7),
      confidence: arg(8),
      remediation: arg(9),
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        detector: eb.ref('excluded.detector'),
        file: eb.ref('excluded.file'),
        line: eb.ref('excluded.line'),
        description: eb.ref('excluded.description'),
        severity: eb.ref('excluded.severity'),
        cwes: eb.ref('excluded.cwes'),
        owasp_categories: eb.ref('excluded.owasp_categories'),
        confidence: eb.ref('excluded.confidence'),
        remediation: eb.ref('excluded.remediation'),
        created_at: NOW,
      })),
    ),
);

const INSERT_DECOMPOSITION_DECISION = statement(
  qb.insertInto('decomposition_decisions').values({
    dna_profile_hash: arg(0),
    adjustment: arg(1),
    confidence: arg(2),
    dna_similarity: arg(3),
    narrative: arg(4),
    source_dna_hash: arg(5),
    applied_weight: arg(6),
  }),
);

const UPSERT_CONTRACT = statement(
  qb
    .insertInto('contracts')
    .values({
      id: arg(0),
      paradigm: arg(1),
      source_file: arg(2),
      framework: arg(3),
      confidence: arg(4),
      endpoints: arg(5),
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        paradigm: eb.ref('excluded.paradigm'),
        source_file: eb.ref('excluded.source_file'),
        framework: eb.ref('excluded.framework'),
        confidence: eb.ref('excluded.confidence'),
        endpoints: eb.ref('excluded.endpoints'),
        created_at: NOW,
        updated_at: NOW,
      })),
    ),
);

const INSERT_CONTRACT_MISMATCH = statement(
  qb.insertInto('contract_mismatches').values({
    backend_endpoint: arg(0),
    frontend_call: arg(1),
    mismatch_type: arg(2),
    severity: arg(3),
    message: arg(4),
  }),
);

// ─── Enforcement ─────────────────────────────────────────────────────────────────────────────────

const UPSERT_VIOLATION = statement(
  qb
    .insertInto('violations')
    .values({
      id: arg(0),
      file: arg(1),
      line: arg(2),
      column_num: arg(3),
      end_line: arg(4),
      end_column: arg(5),
      severity: arg(6),
      pattern_id: arg(7),
      rule_id: arg(8),
      message: arg(9),
      quick_fix_strategy: arg(10),
      quick_fix_description: arg(11),
      cwe_id: arg(12),
      owasp_category: arg(13),
      suppressed: arg(14),
      is_new: arg(15),
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        file: eb.ref('excluded.file'),
        line: eb.ref('excluded.line'),
        column_num: eb.ref('excluded.column_num'),
        end_line: eb.ref('excluded.end_line'),
        end_column: eb.ref('excluded.end_column'),
        severity: eb.ref('excluded.severity'),
        pattern_id: eb.ref('excluded.pattern_id'),
        rule_id: eb.ref('excluded.rule_id'),
        message: eb.ref('excluded.message'),
        quick_fix_strategy: eb.ref('excluded.quick_fix_strategy'),
        quick_fix_description: eb.ref('excluded.quick_fix_description'),
        cwe_id: eb.ref('excluded.cwe_id'),
        owasp_category: eb.ref('excluded.owasp_category'),
        suppressed: eb.ref('excluded.suppressed'),
        is_new: eb.ref('excluded.is_new'),
        created_at: NOW,
      })),
    ),
);

const INSERT_GATE_RESULT = statement(
  qb.insertInto('gate_results').values({
    gate_id: arg(0),
    status: arg(1),
    passed: arg(2),
    score: arg(3),
    summary: arg(4),
    violation_count: arg(5),
    warning_count: arg(6),
    execution_time_ms: arg(7),
    details: arg(8),
    error: arg(9),
  }),
);

const INSERT_DEGRADATION_ALERT = statement(
  qb.insertInto('degradation_alerts').values({
    alert_type: arg(0),
    severity: arg(1),
    message: arg(2),
    current_value: arg(3),
    previous_value: arg(4),
    delta: arg(5),
  }),
);

// ─── Command table ───────────────────────────────────────────────────────────────────────────────

const WRITERS: CommandWriters = {
  UpsertFileMetadata: {
    statement: UPSERT_FILE_METADATA,
    args: (r) => [
      r.path,
      r.language,
      r.fileSize,
      r.contentHash,
      r.mtimeSecs,
      r.mtimeNanos,
      r.lastScannedAt,
      r.scanDurationUs,
    ],
  },
  InsertParseCache: {
    statement: UPSERT_PARSE_CACHE,
    args: (r) => [r.contentHash, r.language, r.parseResultJson, r.createdAt],
  },
  InsertFunctions: {
    statement: UPSERT_FUNCTION,
    args: (r) => [
      r.file,
      r.name,
      r.qualifiedName,
      r.language,
      r.line,
      r.endLine,
      r.parameterCount,
      r.returnType,
      bit(r.isExported),
      bit(r.isAsync),
      r.bodyHash,
      r.signatureHash,
    ],
  },
  DeleteFileMetadata: { statement: DELETE_FILE_METADATA, args: (path) => [path] },
  InsertCallEdges: {
    statement: UPSERT_CALL_EDGE,
    args: (r) => [r.callerId, r.calleeId, r.resolution, r.confidence, r.callSiteLine],
  },
  InsertDetections: {
    statement: INSERT_DETECTION,
    args: (r) => [
      r.file,
      r.line,
      r.columnNum,
      r.patternId,
      r.category,
      r.confidence,
      r.detectionMethod,
      r.cweIds,
      r.owasp,
      r.matchedText,
    ],
  },
  InsertBoundaries: {
    statement: INSERT_BOUNDARY,
    args: (r) => [r.file, r.framework, r.modelName, r.tableName, r.fieldName, r.sensitivity, r.confidence],
  },
  InsertPatternConfidence: {
    statement: UPSERT_PATTERN_CONFIDENCE,
    args: (r) => [
      r.patternId,
      r.alpha,
      r.beta,
      r.posteriorMean,
      r.credibleIntervalLow,
      r.credibleIntervalHigh,
      r.tier,
      r.momentum,
    ],
  },
  InsertOutliers: {
    statement: INSERT_OUTLIER,
    args: (r) => [r.patternId, r.file, r.line, r.deviationScore, r.significance, r.method],
  },
  InsertConventions: {
    statement: INSERT_CONVENTION,
    args: (r) => [
      r.patternId,
      r.category,
      r.scope,
      r.dominanceRatio,
      r.promotionStatus,
      r.discoveredAt,
      r.lastSeen,
      r.expiresAt,
    ],
  },
  InsertScanHistory: { statement: INSERT_SCAN_START, args: (r) => [r.startedAt, r.rootPath] },
  InsertDataAccess: {
    statement: INSERT_DATA_ACCESS,
    args: (r) => [r.functionId, r.tableName, r.operation, r.framework, r.line, r.confidence],
  },
  InsertReachabilityCache: {
    statement: UPSERT_REACHABILITY,
    args: (r) => [r.sourceNode, r.direction, r.reachableSet, r.sensitivity],
  },
  InsertTaintFlows: {
    statement: INSERT_TAINT_FLOW,
    args: (r) => [
      r.sourceFile,
      r.sourceLine,
      r.sourceType,
      r.sinkFile,
      r.sinkLine,
      r.sinkType,
      r.cweId,
      bit(r.isSanitized),
      r.path,
      r.confidence,
    ],
  },
  InsertErrorGaps: {
    statement: INSERT_ERROR_GAP,
    args: (r) => [
      r.file,
      r.functionId,
      r.gapType,
      r.errorType,
      r.propagationChain,
      r.framework,
      r.cweId,
      r.severity,
    ],
  },
  InsertImpactScores: {
    statement: UPSERT_IMPACT_SCORE,
    args: (r) => [
      r.functionId,
      r.blastRadius,
      r.riskScore,
      bit(r.isDeadCode),
      r.deadCodeReason,
      r.exclusionCategory,
    ],
  },
  InsertTestQuality: {
    statement: UPSERT_TEST_QUALITY,
    args: (r) => [
      r.functionId,
      r.coverageBreadth,
      r.coverageDepth,
      r.assertionDensity,
      r.mockRatio,
      r.isolation,
      r.freshness,
      r.stability,
      r.overallScore,
      r.smells,
    ],
  },
  InsertCouplingMetrics: {
    statement: UPSERT_COUPLING_METRICS,
    args: (r) => [r.module, r.ce, r.ca, r.instability, r.abstractness, r.distance, r.zone],
  },
  InsertCouplingCycles: { statement: INSERT_COUPLING_CYCLE, args: (r) => [r.members, r.breakSuggestions] },
  InsertViolations: {
    statement: UPSERT_VIOLATION,
    args: (r) => [
      r.id,
      r.file,
      r.line,
      r.columnNum,
      r.endLine,
      r.endColumn,
      r.severity,
      r.patternId,
      r.ruleId,
      r.message,
      r.quickFixStrategy,
      r.quickFixDescription,
      r.cweId,
      r.owaspCategory,
      bit(r.suppressed),
      bit(r.isNew),
    ],
  },
  InsertGateResults: {
    statement: INSERT_GATE_RESULT,
    args: (r) => [
      r.gateId,
      r.status,
      bit(r.passed),
      r.score,
      r.summary,
      r.violationCount,
      r.warningCount,
      r.executionTimeMs,
      r.details,
      r.error,
    ],
  },
  InsertDegradationAlerts: {
    statement: INSERT_DEGRADATION_ALERT,
    args: (r) => [r.alertType, r.severity, r.message, r.currentValue, r.previousValue, r.delta],
  },
  InsertWrappers: {
    statement: INSERT_WRAPPER,
    args: (r) => [
      r.name,
      r.file,
      r.line,
      r.category,
      r.wrappedPrimitives,
      r.framework,
      r.confidence,
      bit(r.isMultiPrimitive),
      bit(r.isExported),
      r.usageCount,
    ],
  },
  InsertCryptoFindings: {
    statement: INSERT_CRYPTO_FINDING,
    args: (r) => [
      r.file,
      r.line,
      r.category,
      r.description,
      r.code,
      r.confidence,
      r.cweId,
      r.owasp,
      r.remediation,
      r.language,
    ],
  },
  InsertDnaGenes: {
    statement: UPSERT_DNA_GENE,
    args: (r) => [
      r.geneId,
      r.name,
      r.description,
      r.dominantAllele,
      r.alleles,
      r.confidence,
      r.consistency,
      r.exemplars,
    ],
  },
  InsertDnaMutations: {
    statement: UPSERT_DNA_MUTATION,
    args: (r) => [
      r.id,
      r.file,
      r.line,
      r.geneId,
      r.expected,
      r.actual,
      r.impact,
      r.code,
      r.suggestion,
      r.detectedAt,
    ],
  },
  InsertSecrets: {
    statement: INSERT_SECRET,
    args: (r) => [
      r.patternName,
      r.redactedValue,
      r.file,
      r.line,
      r.severity,
      r.entropy,
      r.confidence,
      r.cweIds,
    ],
  },
  InsertConstants: {
    statement: INSERT_CONSTANT,
    args: (r) => [r.name, r.value, r.file, r.line, bit(r.isUsed), r.language, bit(r.isNamed)],
  },
  InsertEnvVariables: {
    statement: INSERT_ENV_VARIABLE,
    args: (r) => [
      r.name,
      r.file,
      r.line,
      r.accessMethod,
      bit(r.hasDefault),
      bit(r.definedInEnv),
      r.frameworkPrefix,
    ],
  },
  InsertOwaspFindings: {
    statement: UPSERT_OWASP_FINDING,
    args: (r) => [
      r.id,
      r.detector,
      r.file,
      r.line,
      r.description,
      r.severity,
      r.cwes,
      r.owaspCategories,
      r.confidence,
      r.remediation,
    ],
  },
  InsertDecompositionDecisions: {
    statement: INSERT_DECOMPOSITION_DECISION,
    args: (r) => [
      r.dnaProfileHash,
      r.adjustment,
      r.confidence,
      r.dnaSimilarity,
      r.narrative,
      r.sourceDnaHash,
      r.appliedWeight,
    ],
  },
  InsertContracts: {
    statement: UPSERT_CONTRACT,
    args: (r) => [r.id, r.paradigm, r.sourceFile, r.framework, r.confidence, r.endpoints],
  },
  InsertContractMismatches: {
    statement: INSERT_CONTRACT_MISMATCH,
    args: (r) => [r.backendEndpoint, r.frontendCall, r.mismatchType, r.severity, r.message],
  },
};

/** Where a command is in its batch, updated while it runs so that a failure can say which row broke it. */
interface Progress {
  row: number;
}

/** Writes every row of one command; `progress.row` tracks the row being written. */
function writeCommand<T extends BatchCommandType>(
  w: WriteExecutor,
  type: T,
  rows: readonly BatchCommandRows[T][],
  progress: Progress,
): void {
  const writer: CommandWriter<BatchCommandRows[T]> = WRITERS[type];
  const run = w.runner(writer.statement);
  const { args } = writer;
  for (let i = 0; i < rows.length; i++) {
    progress.row = i;
    run(args(rows[i]!));
  }
}

/** The error recorded for a failed command: the driver error's code, naming the command, its position and row. */
function commandError(error: unknown, command: BatchCommand, index: number, row: number): StorageError {
  const total = Array.isArray(command.rows) ? command.rows.length : 0;
  const where =
    total > 1
      ? `batch command ${command.type} (command ${index}, row ${row} of ${total})`
      : `batch command ${command.type} (command ${index})`;
  const converted = toStorageError(error, where);
  return new StorageError(converted.code, `${converted.message}; the command was rolled back on its own`, {
    cause: error,
    operation: 'applyBatch',
    command: command.type,
  });
}

/**
 * Applies a batch of commands in one transaction, isolating each command in a savepoint: a failing
 * command is rolled back alone and reported, the others commit. Throws only when the batch as a whole
 * could not be committed (then nothing of it was).
 */
export function applyBatch(w: WriteExecutor, commands: readonly BatchCommand[]): BatchApplyResult {
  if (commands.length === 0) return { stats: {}, failures: [] };
  const stats: Partial<MutableWriteStats> = {};
  const failures: BatchCommandFailure[] = [];
  const progress: Progress = { row: 0 };
  w.transaction(() => {
    for (let index = 0; index < commands.length; index++) {
      const command = commands[index]!;
      progress.row = 0;
      try {
        w.transaction(() => writeCommand(w, command.type, command.rows, progress));
      } catch (error) {
        failures.push({
          index,
          command: command.type,
          error: commandError(error, command, index, progress.row),
        });
        continue;
      }
      const key = BATCH_COMMAND_STATS_KEY[command.type];
      stats[key] = (stats[key] ?? 0) + command.rows.length;
    }
  });
  stats.flushes = 1;
  return { stats, failures };
}
