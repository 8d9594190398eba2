/**
 * Result types of the 21 bridge functions (the Cortex–Drift bridge). Unlike the rest of the contract,
 * these objects keep snake_case keys: the bridge hands back JSON values built on the Rust side, and the
 * contract describes them as they arrive.
 */

/** Whether the bridge is available and how it is licensed. */
export interface BridgeStatusResult {
  available: boolean;
  license_tier: string;
  grounding_enabled: boolean;
  version: string;
}

/** Health of the bridge and of each of its subsystems. */
export interface BridgeHealthResult {
  status: string;
  ready: boolean;
  subsystem_checks: BridgeSubsystemCheck[];
  degradation_reasons: string[];
}

/** Health of one bridge subsystem. */
export interface BridgeSubsystemCheck {
  name: string;
  healthy: boolean;
  detail: string;
}

/** How well one memory is supported by evidence in drift.db. */
export interface BridgeGroundingResult {
  memory_id: string;
  grounding_score: number;
  classification: string;
  evidence: unknown[];
}

/** Totals of one grounding run over many memories. */
export interface BridgeGroundingSnapshot {
  total_checked: number;
  validated: number;
  partial: number;
  weak: number;
  invalidated: number;
  not_groundable: number;
  insufficient_data: number;
  avg_grounding_score: number;
  contradictions_generated: number;
  duration_ms: number;
  error_count: number;
  trigger_type: string | null;
}

/** One past grounding of a memory. */
export interface BridgeGroundingHistoryEntry {
  grounding_score: number;
  classification: string;
  timestamp: number;
}

/** The grounding history of one memory. */
export interface BridgeGroundingHistoryResult {
  memory_id: string;
  history: BridgeGroundingHistoryEntry[];
}

/** A link from a memory to a Drift entity (pattern, constraint, ...). */
export interface BridgeEntityLink {
  entity_type: string;
  entity_id: string;
  entity_name: string;
  confidence: number;
  link_type: string;
}

/** How one Drift event becomes a memory. */
export interface BridgeEventMapping {
  event_type: string;
  memory_type: string | null;
  initial_confidence: number;
  importance: string;
  triggers_grounding: boolean;
  description: string;
}

/** Every event mapping the bridge knows. */
export interface BridgeEventMappingsResult {
  mappings: BridgeEventMapping[];
  count: number;
}

/** Whether memories of one type can be grounded. */
export interface BridgeGroundabilityResult {
  memory_type: string;
  groundability: string;
  error?: string;
}

/** One retrieval intent the bridge understands. */
export interface BridgeIntentEntry {
  name: string;
  description: string;
  relevant_sources: string[];
  default_depth: number;
}

/** Every intent the bridge understands. */
export interface BridgeIntentsResult {
  intents: BridgeIntentEntry[];
  count: number;
}

/** Whether the current license tier allows a feature. */
export interface BridgeLicenseResult {
  feature: string;
  tier: string;
  allowed: boolean;
}

/** Weights learned from specification feedback. */
export interface BridgeAdaptiveWeightsResult {
  weights: Record<string, number>;
  failure_distribution: Record<string, number>;
  sample_size: number;
  last_updated: string;
}

/** Acknowledgement of a recorded specification correction. */
export interface BridgeSpecCorrectionResult {
  memory_id: string;
  status: string;
}

/** Acknowledgement of a recorded contract verification. */
export interface BridgeContractVerifiedResult {
  memory_id: string;
  passed: boolean;
}

/** Acknowledgement of a recorded decomposition adjustment. */
export interface BridgeDecompositionAdjustedResult {
  memory_id: string;
  adjustment_type: string;
}

/** Why a specification says what it says. */
export interface BridgeExplainSpecResult {
  memory_id: string;
  explanation: string;
}

/** What would change if a memory had never existed. */
export interface BridgeCounterfactualResult {
  affected_count: number;
  affected_ids: string[];
  max_depth: number;
  summary: string;
}

/** What a change to a memory would affect downstream. */
export interface BridgeInterventionResult {
  impacted_count: number;
  impacted_ids: string[];
  max_depth: number;
  summary: string;
}

/** The causal story around one memory, also rendered as Markdown. */
export interface BridgeUnifiedNarrativeResult {
  memory_id: string;
  sections: unknown[];
  upstream: unknown[];
  downstream: unknown[];
  markdown: string;
}

/** Outcome of pruning weak causal edges. */
export interface BridgePruneCausalResult {
  edges_removed: number;
  threshold: number;
}
