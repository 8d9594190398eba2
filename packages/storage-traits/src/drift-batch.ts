import { keyList } from './key-list.js';

/**
 * Counters kept by a batch writer: rows committed per kind of command, plus deleted files, completed
 * flushes and commands that failed (and were reported rather than silently dropped).
 */
export interface WriteStats {
  /** Rows committed by `UpsertFileMetadata`. */
  readonly fileMetadataRows: number;
  /** Rows committed by `InsertParseCache`. */
  readonly parseCacheRows: number;
  /** Rows committed by `InsertFunctions`. */
  readonly functionRows: number;
  /** Paths removed by `DeleteFileMetadata`. */
  readonly deletedFiles: number;
  /** Rows committed by `InsertCallEdges`. */
  readonly callEdgeRows: number;
  /** Rows committed by `InsertDetections`. */
  readonly detectionRows: number;
  /** Rows committed by `InsertBoundaries`. */
  readonly boundaryRows: number;
  /** Rows committed by `InsertPatternConfidence`. */
  readonly patternConfidenceRows: number;
  /** Rows committed by `InsertOutliers`. */
  readonly outlierRows: number;
  /** Rows committed by `InsertConventions`. */
  readonly conventionRows: number;
  /** Rows committed by `InsertScanHistory`. */
  readonly scanHistoryRows: number;
  /** Rows committed by `InsertDataAccess`. */
  readonly dataAccessRows: number;
  /** Rows committed by `InsertReachabilityCache`. */
  readonly reachabilityRows: number;
  /** Rows committed by `InsertTaintFlows`. */
  readonly taintFlowRows: number;
  /** Rows committed by `InsertErrorGaps`. */
  readonly errorGapRows: number;
  /** Rows committed by `InsertImpactScores`. */
  readonly impactScoreRows: number;
  /** Rows committed by `InsertTestQuality`. */
  readonly testQualityRows: number;
  /** Rows committed by `InsertCouplingMetrics`. */
  readonly couplingMetricRows: number;
  /** Rows committed by `InsertCouplingCycles`. */
  readonly couplingCycleRows: number;
  /** Rows committed by `InsertViolations`. */
  readonly violationRows: number;
  /** Rows committed by `InsertGateResults`. */
  readonly gateResultRows: number;
  /** Rows committed by `InsertDegradationAlerts`. */
  readonly degradationAlertRows: number;
  /** Rows committed by `InsertWrappers`. */
  readonly wrapperRows: number;
  /** Rows committed by `InsertCryptoFindings`. */
  readonly cryptoFindingRows: number;
  /** Rows committed by `InsertDnaGenes`. */
  readonly dnaGeneRows: number;
  /** Rows committed by `InsertDnaMutations`. */
  readonly dnaMutationRows: number;
  /** Rows committed by `InsertSecrets`. */
  readonly secretRows: number;
  /** Rows committed by `InsertConstants`. */
  readonly constantRows: number;
  /** Rows committed by `InsertEnvVariables`. */
  readonly envVariableRows: number;
  /** Rows committed by `InsertOwaspFindings`. */
  readonly owaspFindingRows: number;
  /** Rows committed by `InsertDecompositionDecisions`. */
  readonly decompositionDecisionRows: number;
  /** Rows committed by `InsertContracts`. */
  readonly contractRows: number;
  /** Rows committed by `InsertContractMismatches`. */
  readonly contractMismatchRows: number;
  /** Batches committed (transactions). */
  readonly flushes: number;
  /** Commands that failed and were rolled back on their own (their batch's other commands committed). */
  readonly failedCommands: number;
}

/** The counter names of {@link WriteStats}, in declaration order. */
export const WRITE_STATS_KEYS = keyList<WriteStats>()([
  'fileMetadataRows',
  'parseCacheRows',
  'functionRows',
  'deletedFiles',
  'callEdgeRows',
  'detectionRows',
  'boundaryRows',
  'patternConfidenceRows',
  'outlierRows',
  'conventionRows',
  'scanHistoryRows',
  'dataAccessRows',
  'reachabilityRows',
  'taintFlowRows',
  'errorGapRows',
  'impactScoreRows',
  'testQualityRows',
  'couplingMetricRows',
  'couplingCycleRows',
  'violationRows',
  'gateResultRows',
  'degradationAlertRows',
  'wrapperRows',
  'cryptoFindingRows',
  'dnaGeneRows',
  'dnaMutationRows',
  'secretRows',
  'constantRows',
  'envVariableRows',
  'owaspFindingRows',
  'decompositionDecisionRows',
  'contractRows',
  'contractMismatchRows',
  'flushes',
  'failedCommands',
] as const);

/** A mutable copy of {@link WriteStats}, for code that accumulates counters. */
export type MutableWriteStats = { -readonly [K in keyof WriteStats]: number };

/** A fresh set of counters, all zero. */
export function emptyWriteStats(): MutableWriteStats {
  const stats = {} as MutableWriteStats;
  for (const key of WRITE_STATS_KEYS) stats[key] = 0;
  return stats;
}

/** Adds every counter of `delta` into `target` (in place) and returns `target`. */
export function addWriteStats(target: MutableWriteStats, delta: Partial<WriteStats>): MutableWriteStats {
  for (const key of WRITE_STATS_KEYS) target[key] += delta[key] ?? 0;
  return target;
}

/**
 * The batch-write seam: commands are sent type-erased (a command name and an encoded payload, see
 * `encodeBatchCommand`) so that a network backend can forward them without knowing SQLite.
 */
export interface IDriftBatchWriter {
  /** Queues one encoded command; throws `INVALID_INPUT` for an unknown name or malformed payload. */
  sendRaw(commandName: string, payload: Uint8Array): void;
  /** Asks the writer to commit what is queued soon, without waiting for it. */
  flush(): void;
  /** Commits everything queued before the call, then returns the counters. */
  flushSync(): WriteStats;
  /** Returns the current counters (cheap; never waits for the writer). */
  stats(): WriteStats;
  /** Commits everything queued, stops the writer, and returns the final counters. */
  shutdown(): WriteStats;
}

/** Every method name of {@link IDriftBatchWriter}, checked at compile time to be exactly its keys. */
export const DRIFT_BATCH_WRITER_METHODS = keyList<IDriftBatchWriter>()([
  'sendRaw',
  'flush',
  'flushSync',
  'stats',
  'shutdown',
] as const);
