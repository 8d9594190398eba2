import { keyList } from './key-list.js';

/**
 * Counters kept by a batch writer: rows committed per kind of command, plus deleted files, completed
 * flushes and commands that failed (and were reported rather than silently dropped).
 */
export interface WriteStats {
  /** Rows of committed `UpsertFileMetadata` commands; a row that replaced a stored one counts too. */
  readonly fileMetadataRows: number;
  /** Rows of committed `InsertParseCache` commands; a row that replaced a stored one counts too. */
  readonly parseCacheRows: number;
  /** Rows of committed `InsertFunctions` commands; a row that replaced a stored one counts too. */
  readonly functionRows: number;
  /** Paths of committed `DeleteFileMetadata` commands, counted whether or not the path was stored. */
  readonly deletedFiles: number;
  /** Rows of committed `InsertCallEdges` commands; a row that replaced a stored one counts too. */
  readonly callEdgeRows: number;
  /** Rows appended by committed `InsertDetections` commands. */
  readonly detectionRows: number;
  /** Rows appended by committed `InsertBoundaries` commands. */
  readonly boundaryRows: number;
  /** Rows of committed `InsertPatternConfidence` commands; a row that replaced a stored one counts too. */
  readonly patternConfidenceRows: number;
  /** Rows appended by committed `InsertOutliers` commands. */
  readonly outlierRows: number;
  /** Rows appended by committed `InsertConventions` commands. */
  readonly conventionRows: number;
  /** Rows appended by committed `InsertScanHistory` commands. */
  readonly scanHistoryRows: number;
  /** Rows of committed `InsertDataAccess` commands, ignored duplicates included. */
  readonly dataAccessRows: number;
  /** Rows of committed `InsertReachabilityCache` commands; a row that replaced a stored one counts too. */
  readonly reachabilityRows: number;
  /** Rows appended by committed `InsertTaintFlows` commands. */
  readonly taintFlowRows: number;
  /** Rows appended by committed `InsertErrorGaps` commands. */
  readonly errorGapRows: number;
  /** Rows of committed `InsertImpactScores` commands; a row that replaced a stored one counts too. */
  readonly impactScoreRows: number;
  /** Rows of committed `InsertTestQuality` commands; a row that replaced a stored one counts too. */
  readonly testQualityRows: number;
  /** Rows of committed `InsertCouplingMetrics` commands; a row that replaced a stored one counts too. */
  readonly couplingMetricRows: number;
  /** Rows appended by committed `InsertCouplingCycles` commands. */
  readonly couplingCycleRows: number;
  /** Rows of committed `InsertViolations` commands; a row that replaced a stored one counts too. */
  readonly violationRows: number;
  /** Rows appended by committed `InsertGateResults` commands. */
  readonly gateResultRows: number;
  /** Rows appended by committed `InsertDegradationAlerts` commands. */
  readonly degradationAlertRows: number;
  /** Rows appended by committed `InsertWrappers` commands. */
  readonly wrapperRows: number;
  /** Rows appended by committed `InsertCryptoFindings` commands. */
  readonly cryptoFindingRows: number;
  /** Rows of committed `InsertDnaGenes` commands; a row that replaced a stored one counts too. */
  readonly dnaGeneRows: number;
  /** Rows of committed `InsertDnaMutations` commands; a row that replaced a stored one counts too. */
  readonly dnaMutationRows: number;
  /** Rows appended by committed `InsertSecrets` commands. */
  readonly secretRows: number;
  /** Rows appended by committed `InsertConstants` commands. */
  readonly constantRows: number;
  /** Rows appended by committed `InsertEnvVariables` commands. */
  readonly envVariableRows: number;
  /** Rows of committed `InsertOwaspFindings` commands; a row that replaced a stored one counts too. */
  readonly owaspFindingRows: number;
  /** Rows appended by committed `InsertDecompositionDecisions` commands. */
  readonly decompositionDecisionRows: number;
  /** Rows of committed `InsertContracts` commands; a row that replaced a stored one counts too. */
  readonly contractRows: number;
  /** Rows appended by committed `InsertContractMismatches` commands. */
  readonly contractMismatchRows: number;
  /** Batches committed, one transaction each; an empty batch is not counted. */
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
