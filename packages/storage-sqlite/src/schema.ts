import type { Generated } from 'kysely';

// The typed shape of drift.db at schema version 9: one interface per table, columns as SQLite stores
// them (booleans are INTEGER 0/1, blobs come back as Buffer). `Generated` marks columns the database
// fills (autoincrement ids and `DEFAULT (unixepoch())` timestamps) so inserts may omit them.

type Int = number;
type Real = number;
type Bool01 = number;
type Blob = Uint8Array;

/** `file_metadata` (v001). */
export interface FileMetadataTable {
  path: string;
  language: string | null;
  file_size: Int;
  content_hash: Blob;
  mtime_secs: Int;
  mtime_nanos: Int;
  last_scanned_at: Int;
  scan_duration_us: Int | null;
  pattern_count: Generated<Int | null>;
  function_count: Generated<Int | null>;
  error_count: Generated<Int | null>;
  error: string | null;
}

/** `parse_cache` (v001). */
export interface ParseCacheTable {
  content_hash: Blob;
  language: string;
  parse_result_json: string;
  created_at: Int;
}

/** `functions` (v001). */
export interface FunctionsTable {
  id: Generated<Int>;
  file: string;
  name: string;
  qualified_name: string | null;
  language: string;
  line: Int;
  end_line: Int;
  parameter_count: Generated<Int>;
  return_type: string | null;
  is_exported: Generated<Bool01>;
  is_async: Generated<Bool01>;
  body_hash: Blob | null;
  signature_hash: Blob | null;
}

/** `scan_history` (v001). */
export interface ScanHistoryTable {
  id: Generated<Int>;
  started_at: Int;
  completed_at: Int | null;
  root_path: string;
  total_files: Int | null;
  added_files: Int | null;
  modified_files: Int | null;
  removed_files: Int | null;
  unchanged_files: Int | null;
  duration_ms: Int | null;
  status: Generated<string>;
  error: string | null;
}

/** `call_edges` (v002). */
export interface CallEdgesTable {
  caller_id: Int;
  callee_id: Int;
  resolution: string;
  confidence: Real;
  call_site_line: Int;
}

/** `data_access` (v002). */
export interface DataAccessTable {
  function_id: Int;
  table_name: string;
  operation: string;
  framework: string | null;
  line: Int;
  confidence: Generated<Real>;
}

/** `detections` (v002). */
export interface DetectionsTable {
  id: Generated<Int>;
  file: string;
  line: Int;
  column_num: Int;
  pattern_id: string;
  category: string;
  confidence: Real;
  detection_method: string;
  cwe_ids: string | null;
  owasp: string | null;
  matched_text: string | null;
  created_at: Generated<Int>;
}

/** `boundaries` (v002). */
export interface BoundariesTable {
  id: Generated<Int>;
  file: string;
  framework: string;
  model_name: string;
  table_name: string | null;
  field_name: string | null;
  sensitivity: string | null;
  confidence: Real;
  created_at: Generated<Int>;
}

/** `pattern_confidence` (v003). */
export interface PatternConfidenceTable {
  pattern_id: string;
  alpha: Real;
  beta: Real;
  posterior_mean: Real;
  credible_interval_low: Real;
  credible_interval_high: Real;
  tier: string;
  momentum: Generated<string>;
  last_updated: Generated<Int>;
}

/** `outliers` (v003). */
export interface OutliersTable {
  id: Generated<Int>;
  pattern_id: string;
  file: string;
  line: Int;
  deviation_score: Real;
  significance: string;
  method: string;
  created_at: Generated<Int>;
}

/** `conventions` (v003). */
export interface ConventionsTable {
  id: Generated<Int>;
  pattern_id: string;
  category: string;
  scope: string;
  dominance_ratio: Real;
  promotion_status: Generated<string>;
  discovered_at: Generated<Int>;
  last_seen: Generated<Int>;
  expires_at: Int | null;
}

/** `reachability_cache` (v004). */
export interface ReachabilityCacheTable {
  source_node: string;
  direction: string;
  reachable_set: string;
  sensitivity: string;
  computed_at: Generated<Int>;
}

/** `taint_flows` (v004). */
export interface TaintFlowsTable {
  id: Generated<Int>;
  source_file: string;
  source_line: Int;
  source_type: string;
  sink_file: string;
  sink_line: Int;
  sink_type: string;
  cwe_id: Int | null;
  is_sanitized: Generated<Bool01>;
  path: string;
  confidence: Real;
  created_at: Generated<Int>;
}

/** `error_gaps` (v004). */
export interface ErrorGapsTable {
  id: Generated<Int>;
  file: string;
  function_id: string;
  gap_type: string;
  error_type: string | null;
  propagation_chain: string | null;
  framework: string | null;
  cwe_id: Int | null;
  severity: string;
  created_at: Generated<Int>;
}

/** `impact_scores` (v004). */
export interface ImpactScoresTable {
  function_id: string;
  blast_radius: Int;
  risk_score: Real;
  is_dead_code: Generated<Bool01>;
  dead_code_reason: string | null;
  exclusion_category: string | null;
  updated_at: Generated<Int>;
}

/** `test_coverage` (v004). */
export interface TestCoverageTable {
  test_function_id: string;
  source_function_id: string;
  coverage_type: string;
}

/** `test_quality` (v004). */
export interface TestQualityTable {
  function_id: string;
  coverage_breadth: Real | null;
  coverage_depth: Real | null;
  assertion_density: Real | null;
  mock_ratio: Real | null;
  isolation: Real | null;
  freshness: Real | null;
  stability: Real | null;
  overall_score: Real;
  smells: string | null;
  updated_at: Generated<Int>;
}

/** `coupling_metrics` (v005). */
export interface CouplingMetricsTable {
  module: string;
  ce: Int;
  ca: Int;
  instability: Real;
  abstractness: Real;
  distance: Real;
  zone: string;
  updated_at: Generated<Int>;
}

/** `coupling_cycles` (v005). */
export interface CouplingCyclesTable {
  id: Generated<Int>;
  members: string;
  break_suggestions: string;
  created_at: Generated<Int>;
}

/** `constraints` (v005). */
export interface ConstraintsTable {
  id: string;
  description: string;
  invariant_type: string;
  target: string;
  scope: string | null;
  source: string;
  enabled: Generated<Bool01>;
  created_at: Generated<Int>;
  updated_at: Generated<Int>;
}

/** `constraint_verifications` (v005). */
export interface ConstraintVerificationsTable {
  id: Generated<Int>;
  constraint_id: string;
  passed: Bool01;
  violations: string;
  verified_at: Generated<Int>;
}

/** `contracts` (v005). */
export interface ContractsTable {
  id: string;
  paradigm: string;
  source_file: string;
  framework: string;
  confidence: Real;
  endpoints: string;
  created_at: Generated<Int>;
  updated_at: Generated<Int>;
}

/** `contract_mismatches` (v005). */
export interface ContractMismatchesTable {
  id: Generated<Int>;
  backend_endpoint: string;
  frontend_call: string;
  mismatch_type: string;
  severity: string;
  message: string;
  created_at: Generated<Int>;
}

/** `constants` (v005). */
export interface ConstantsTable {
  id: Generated<Int>;
  name: string;
  value: string;
  file: string;
  line: Int;
  is_used: Generated<Bool01>;
  language: string;
  is_named: Generated<Bool01>;
  created_at: Generated<Int>;
}

/** `secrets` (v005). */
export interface SecretsTable {
  id: Generated<Int>;
  pattern_name: string;
  redacted_value: string;
  file: string;
  line: Int;
  severity: string;
  entropy: Real;
  confidence: Real;
  cwe_ids: string;
  created_at: Generated<Int>;
}

/** `env_variables` (v005). */
export interface EnvVariablesTable {
  id: Generated<Int>;
  name: string;
  file: string;
  line: Int;
  access_method: string;
  has_default: Generated<Bool01>;
  defined_in_env: Generated<Bool01>;
  framework_prefix: string | null;
  created_at: Generated<Int>;
}

/** `wrappers` (v005). */
export interface WrappersTable {
  id: Generated<Int>;
  name: string;
  file: string;
  line: Int;
  category: string;
  wrapped_primitives: string;
  framework: string;
  confidence: Real;
  is_multi_primitive: Generated<Bool01>;
  is_exported: Generated<Bool01>;
  usage_count: Generated<Int>;
  created_at: Generated<Int>;
}

/** `dna_genes` (v005). */
export interface DnaGenesTable {
  gene_id: string;
  name: string;
  description: string;
  dominant_allele: string | null;
  alleles: string;
  confidence: Real;
  consistency: Real;
  exemplars: string;
  updated_at: Generated<Int>;
}

/** `dna_mutations` (v005). */
export interface DnaMutationsTable {
  id: string;
  file: string;
  line: Int;
  gene_id: string;
  expected: string;
  actual: string;
  impact: string;
  code: string;
  suggestion: string;
  detected_at: Int;
  resolved: Generated<Bool01>;
  resolved_at: Int | null;
}

/** `crypto_findings` (v005). */
export interface CryptoFindingsTable {
  id: Generated<Int>;
  file: string;
  line: Int;
  category: string;
  description: string;
  code: string;
  confidence: Real;
  cwe_id: Int;
  owasp: string;
  remediation: string;
  language: string;
  created_at: Generated<Int>;
}

/** `owasp_findings` (v005). */
export interface OwaspFindingsTable {
  id: string;
  detector: string;
  file: string;
  line: Int;
  description: string;
  severity: Real;
  cwes: string;
  owasp_categories: string;
  confidence: Real;
  remediation: string | null;
  created_at: Generated<Int>;
}

/** `decomposition_decisions` (v005). */
export interface DecompositionDecisionsTable {
  id: Generated<Int>;
  dna_profile_hash: string;
  adjustment: string;
  confidence: Real;
  dna_similarity: Real;
  narrative: string;
  source_dna_hash: string;
  applied_weight: Real;
  created_at: Generated<Int>;
}

/** `violations` (v006). */
export interface ViolationsTable {
  id: string;
  file: string;
  line: Int;
  column_num: Int | null;
  end_line: Int | null;
  end_column: Int | null;
  severity: string;
  pattern_id: string;
  rule_id: string;
  message: string;
  quick_fix_strategy: string | null;
  quick_fix_description: string | null;
  cwe_id: Int | null;
  owasp_category: string | null;
  suppressed: Generated<Bool01>;
  is_new: Generated<Bool01>;
  created_at: Generated<Int>;
}

/** `gate_results` (v006). */
export interface GateResultsTable {
  id: Generated<Int>;
  gate_id: string;
  status: string;
  passed: Bool01;
  score: Real;
  summary: string;
  violation_count: Generated<Int>;
  warning_count: Generated<Int>;
  execution_time_ms: Generated<Int>;
  details: string | null;
  error: string | null;
  run_at: Generated<Int>;
}

/** `audit_snapshots` (v006, `scan_root` added by v008). */
export interface AuditSnapshotsTable {
  id: Generated<Int>;
  health_score: Real;
  avg_confidence: Real;
  approval_ratio: Real;
  compliance_rate: Real;
  cross_validation_rate: Real;
  duplicate_free_rate: Real;
  pattern_count: Generated<Int>;
  category_scores: string | null;
  created_at: Generated<Int>;
  scan_root: Generated<string | null>;
}

/** `health_trends` (v006). */
export interface HealthTrendsTable {
  id: Generated<Int>;
  metric_name: string;
  metric_value: Real;
  recorded_at: Generated<Int>;
}

/** `feedback` (v006). */
export interface FeedbackTable {
  id: Generated<Int>;
  violation_id: string;
  pattern_id: string;
  detector_id: string;
  action: string;
  dismissal_reason: string | null;
  reason: string | null;
  author: string | null;
  created_at: Generated<Int>;
}

/** `policy_results` (v006). */
export interface PolicyResultsTable {
  id: Generated<Int>;
  policy_name: string;
  aggregation_mode: string;
  overall_passed: Bool01;
  overall_score: Real;
  gate_count: Int;
  gates_passed: Int;
  gates_failed: Int;
  details: string | null;
  run_at: Generated<Int>;
}

/** `degradation_alerts` (v006). */
export interface DegradationAlertsTable {
  id: Generated<Int>;
  alert_type: string;
  severity: string;
  message: string;
  current_value: Real;
  previous_value: Real;
  delta: Real;
  created_at: Generated<Int>;
}

/** `simulations` (v007). */
export interface SimulationsTable {
  id: Generated<Int>;
  task_category: string;
  task_description: string;
  approach_count: Int;
  recommended_approach: string | null;
  p10_effort: Real;
  p50_effort: Real;
  p90_effort: Real;
  created_at: Generated<Int>;
}

/** `decisions` (v007). */
export interface DecisionsTable {
  id: Generated<Int>;
  category: string;
  description: string;
  commit_sha: string | null;
  confidence: Real;
  related_patterns: string | null;
  author: string | null;
  files_changed: string | null;
  created_at: Generated<Int>;
}

/** `context_cache` (v007). */
export interface ContextCacheTable {
  id: Generated<Int>;
  session_id: string;
  intent: string;
  depth: string;
  token_count: Int;
  content_hash: string;
  created_at: Generated<Int>;
}

/** `migration_projects` (v007). */
export interface MigrationProjectsTable {
  id: Generated<Int>;
  name: string;
  source_language: string;
  target_language: string;
  source_framework: string | null;
  target_framework: string | null;
  status: Generated<string>;
  created_at: Generated<Int>;
}

/** `migration_modules` (v007). */
export interface MigrationModulesTable {
  id: Generated<Int>;
  project_id: Int;
  module_name: string;
  status: Generated<string>;
  spec_content: string | null;
  created_at: Generated<Int>;
  updated_at: Generated<Int>;
}

/** `migration_corrections` (v007). */
export interface MigrationCorrectionsTable {
  id: Generated<Int>;
  module_id: Int;
  section: string;
  original_text: string;
  corrected_text: string;
  reason: string | null;
  created_at: Generated<Int>;
}

/** `pattern_status` (v009). */
export interface PatternStatusTable {
  pattern_id: string;
  status: Generated<string>;
  approved_by: string | null;
  approved_at: Int | null;
  confidence_at_approval: Real | null;
  reason: string | null;
  updated_at: Generated<Int>;
}

/** Every table of drift.db at schema version 9, for Kysely. */
export interface Database {
  file_metadata: FileMetadataTable;
  parse_cache: ParseCacheTable;
  functions: FunctionsTable;
  scan_history: ScanHistoryTable;
  call_edges: CallEdgesTable;
  data_access: DataAccessTable;
  detections: DetectionsTable;
  boundaries: BoundariesTable;
  pattern_confidence: PatternConfidenceTable;
  outliers: OutliersTable;
  conventions: ConventionsTable;
  reachability_cache: ReachabilityCacheTable;
  taint_flows: TaintFlowsTable;
  error_gaps: ErrorGapsTable;
  impact_scores: ImpactScoresTable;
  test_coverage: TestCoverageTable;
  test_quality: TestQualityTable;
  coupling_metrics: CouplingMetricsTable;
  coupling_cycles: CouplingCyclesTable;
  constraints: ConstraintsTable;
  constraint_verifications: ConstraintVerificationsTable;
  contracts: ContractsTable;
  contract_mismatches: ContractMismatchesTable;
  constants: ConstantsTable;
  secrets: SecretsTable;
  env_variables: EnvVariablesTable;
  wrappers: WrappersTable;
  dna_genes: DnaGenesTable;
  dna_mutations: DnaMutationsTable;
  crypto_findings: CryptoFindingsTable;
  owasp_findings: OwaspFindingsTable;
  decomposition_decisions: DecompositionDecisionsTable;
  violations: ViolationsTable;
  gate_results: GateResultsTable;
  audit_snapshots: AuditSnapshotsTable;
  health_trends: HealthTrendsTable;
  feedback: FeedbackTable;
  policy_results: PolicyResultsTable;
  degradation_alerts: DegradationAlertsTable;
  simulations: SimulationsTable;
  decisions: DecisionsTable;
  context_cache: ContextCacheTable;
  migration_projects: MigrationProjectsTable;
  migration_modules: MigrationModulesTable;
  migration_corrections: MigrationCorrectionsTable;
  pattern_status: PatternStatusTable;
}
