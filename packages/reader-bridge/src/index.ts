export {
  classifyGroundability,
  type Groundability,
  MEMORY_TYPES,
  type MemoryType,
  memoryTypesWith,
  parseMemoryType,
} from './classification.js';
export {
  type CollectedEvidence,
  collectEvidence,
  type GroundingEvidence,
  type UnavailableEvidence,
} from './collector.js';
export {
  DEFAULT_GROUNDING_CONFIG,
  type GroundingConfig,
  type GroundingOptions,
  resolveGroundingConfig,
  type VerdictThresholds,
} from './config.js';
export { type ContradictionInput, type ContradictionMemory, contradictionFor } from './contradiction.js';
export {
  DEFAULT_EVIDENCE_WEIGHTS,
  EVIDENCE_READER_METHOD,
  EVIDENCE_TYPES,
  type EvidenceType,
  type EvidenceWeights,
  isEvidenceType,
} from './evidence-types.js';
export {
  createGroundingBridge,
  type GroundingBatchResult,
  type GroundingBridge,
  type GroundingResult,
  type GroundingSnapshot,
  type GroundMemoriesOptions,
  groundMemories,
  groundMemory,
  type TriggerType,
} from './ground.js';
export {
  LINK_KINDS,
  type LinkKind,
  linksFromTags,
  type MemoryForGrounding,
  type MemoryLinks,
} from './memory.js';
export {
  type AsyncReadOnlyDriftReader,
  type DriftReaderMethod,
  isReadOnlyReader,
  type ReadOnlyDriftReader,
  readOnlyReader,
} from './read-only-reader.js';
export { asyncReadOnlyReader } from './reads.js';
export {
  type AdjustmentMode,
  type ConfidenceAdjustment,
  computeGroundingScore,
  confidenceAdjustment,
  type GroundingVerdict,
  isScorable,
  scoreToVerdict,
  shouldGenerateContradiction,
} from './scorer.js';
