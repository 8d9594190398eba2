import {
  argumentError,
  describeValue,
  type IDriftReader,
  type MaybeAsync,
  type StorageErrorCode,
} from '@drift/storage-traits';
import { classifyGroundability, type Groundability, type MemoryType } from './classification.js';
import {
  type CollectedEvidence,
  collectChecked,
  type GroundingEvidence,
  type UnavailableEvidence,
} from './collector.js';
import { checkGroundingConfig, type GroundingConfig, type GroundingOptions } from './config.js';
import { type ContradictionMemory, contradictionFor } from './contradiction.js';
import { type CheckedMemory, checkMemory, type MemoryForGrounding } from './memory.js';
import type { AsyncReadOnlyDriftReader } from './read-only-reader.js';
import { asyncReadOnlyReader, type ReadSession, readSession } from './reads.js';
import {
  type ConfidenceAdjustment,
  computeGroundingScore,
  confidenceAdjustment,
  type GroundingVerdict,
  scoreToVerdict,
  shouldGenerateContradiction,
} from './scorer.js';
import { readerFailure } from './util.js';

/** The outcome of grounding one memory. Plain data (it survives `JSON.stringify`). */
export interface GroundingResult {
  /** {@link MemoryForGrounding.id} of the memory this result is for. */
  readonly memoryId: string;
  /** Its {@link MemoryForGrounding.memoryType}, as given. */
  readonly memoryType: MemoryType;
  /** `classifyGroundability` of `memoryType`; a `NotGroundable` type gets that verdict without any read. */
  readonly groundability: Groundability;
  readonly verdict: GroundingVerdict;
  /** The weighted score, 0..1 (0 when there is no verdict from a score, as the reference). */
  readonly groundingScore: number;
  /** The previous score given with the memory, or null. */
  readonly previousScore: number | null;
  /** Score minus previous score when both exist; negative means the memory is drifting. */
  readonly scoreDelta: number | null;
  /** The confidence change the verdict calls for. */
  readonly confidenceAdjustment: ConfidenceAdjustment;
  /**
   * Each piece of evidence that could be read for the memory (empty for verdicts `NotGroundable` and
   * `InsufficientData`).
   */
  readonly evidence: readonly GroundingEvidence[];
  /** The evidence that could not be read, with reasons. */
  readonly unavailable: readonly UnavailableEvidence[];
  /**
   * True when the verdict is `Invalidated` or the score fell by more than `contradictionDrop` (default 0.3)
   * since `previousScore`.
   */
  readonly generatesContradiction: boolean;
  /** The contradiction memory to record when one is warranted, else null. */
  readonly contradiction: ContradictionMemory | null;
  /** For verdict `Error` only: what went wrong. */
  readonly error: { readonly code: StorageErrorCode; readonly reason: string } | null;
  /** Time spent on this memory, in milliseconds. */
  readonly durationMs: number;
}

/** What started a batch (the reference's six triggers); recorded in the snapshot. */
export type TriggerType =
  | 'PostScanIncremental'
  | 'PostScanFull'
  | 'Scheduled'
  | 'OnDemand'
  | 'MemoryCreation'
  | 'MemoryUpdate';

const TRIGGER_TYPES: ReadonlySet<string> = new Set([
  'PostScanIncremental',
  'PostScanFull',
  'Scheduled',
  'OnDemand',
  'MemoryCreation',
  'MemoryUpdate',
]);

/** Counts over one batch, as the reference's grounding snapshot. */
export interface GroundingSnapshot {
  /** Memories grounded (deferred ones excluded). */
  readonly totalChecked: number;
  /** Results with verdict `Validated`. */
  readonly validated: number;
  /** Results with verdict `Partial`. */
  readonly partial: number;
  /** Results with verdict `Weak`. */
  readonly weak: number;
  /** Results with verdict `Invalidated`. */
  readonly invalidated: number;
  /** Results with verdict `NotGroundable` (a type with nothing in drift.db to check). */
  readonly notGroundable: number;
  /** Results with verdict `InsufficientData`: a groundable memory none of whose evidence could be read. */
  readonly insufficientData: number;
  /** Mean score over the memories that got a verdict from a score; 0 when none did. */
  readonly avgGroundingScore: number;
  /** Results with `generatesContradiction` true. */
  readonly contradictionsGenerated: number;
  /** Time spent on the batch, in milliseconds. */
  readonly durationMs: number;
  /** Non-fatal errors: failed or unusable reads, plus memories with verdict `Error`. */
  readonly errorCount: number;
  /** The `trigger` given to `groundMemories`, or null when none was. */
  readonly triggerType: TriggerType | null;
}

/** The outcome of a batch. Plain data. */
export interface GroundingBatchResult {
  /** One result per grounded memory, in input order. */
  readonly results: readonly GroundingResult[];
  /** Ids of the memories past `maxMemoriesPerLoop`, not grounded: pass them to the next batch. */
  readonly deferred: readonly string[];
  /** Verdict counts, mean score and error count over `results` (the deferred memories are not counted). */
  readonly snapshot: GroundingSnapshot;
  /** Completion time of the latest completed scan the evidence comes from (epoch seconds as text), or null. */
  readonly latestScanTimestamp: string | null;
  /** Why the latest scan time could not be read, or null. */
  readonly latestScanUnavailable: { readonly code: StorageErrorCode; readonly reason: string } | null;
}

/** Settings of a batch: grounding settings plus the trigger to record. */
export type GroundMemoriesOptions = GroundingOptions & {
  /**
   * Recorded as the snapshot's `triggerType`; omitted, that is null. It does not change how memories are
   * grounded.
   */
  readonly trigger?: TriggerType;
};

const now = (): number => performance.now();

function noVerdict(
  memory: CheckedMemory,
  groundability: Groundability,
  verdict: 'NotGroundable' | 'InsufficientData' | 'Error',
  collected: CollectedEvidence,
  started: number,
  config: GroundingConfig,
  error: GroundingResult['error'] = null,
): GroundingResult {
  return {
    memoryId: memory.id,
    memoryType: memory.memoryType,
    groundability,
    verdict,
    groundingScore: 0,
    previousScore: memory.previousScore,
    scoreDelta: null,
    confidenceAdjustment: confidenceAdjustment(verdict, memory.confidence, config),
    evidence: collected.evidence,
    unavailable: collected.unavailable,
    generatesContradiction: false,
    contradiction: null,
    error,
    durationMs: now() - started,
  };
}

const NOTHING: CollectedEvidence = Object.freeze({ evidence: [], unavailable: [] });

async function groundChecked(
  memory: CheckedMemory,
  read: ReadSession,
  config: GroundingConfig,
): Promise<GroundingResult> {
  const started = now();
  const groundability = classifyGroundability(memory.memoryType);
  if (groundability === 'NotGroundable') {
    return noVerdict(memory, groundability, 'NotGroundable', NOTHING, started, config);
  }
  const collected = await collectChecked(memory, read, config);
  if (collected.evidence.length === 0) {
    return noVerdict(memory, groundability, 'InsufficientData', collected, started, config);
  }
  const groundingScore = computeGroundingScore(collected.evidence, config.weights);
  const verdict = scoreToVerdict(groundingScore, config.thresholds);
  const scoreDelta = memory.previousScore === null ? null : groundingScore - memory.previousScore;
  const generatesContradiction = shouldGenerateContradiction(verdict, scoreDelta, config);
  const partial = {
    memoryId: memory.id,
    verdict,
    groundingScore,
    scoreDelta,
    evidence: collected.evidence,
    generatesContradiction,
  };
  return {
    ...partial,
    memoryType: memory.memoryType,
    groundability,
    previousScore: memory.previousScore,
    confidenceAdjustment: confidenceAdjustment(verdict, memory.confidence, config),
    unavailable: collected.unavailable,
    contradiction: contradictionFor(partial),
    error: null,
    durationMs: now() - started,
  };
}

function splitOptions(options: GroundMemoriesOptions): {
  config: GroundingConfig;
  trigger: TriggerType | null;
} {
  if (typeof options !== 'object' || options === null) {
    throw argumentError('groundMemories', 'options', 'an object', options);
  }
  const { trigger, ...rest } = options;
  if (trigger !== undefined && !TRIGGER_TYPES.has(trigger)) {
    throw argumentError('groundMemories', 'trigger', `one of ${[...TRIGGER_TYPES].join(', ')}`, trigger);
  }
  return { config: checkGroundingConfig('groundMemories', rest), trigger: trigger ?? null };
}

/**
 * Grounds one memory against drift.db: classifies its type, collects its evidence through the
 * read-only view of `reader`, scores it, and derives the verdict, the confidence adjustment and any
 * contradiction. Reads that fail are listed in `unavailable` and do not stop the grounding. Throws
 * only `INVALID_INPUT`, for a malformed memory, reader or config, before reading anything.
 */
export async function groundMemory(
  reader: MaybeAsync<IDriftReader>,
  memory: MemoryForGrounding,
  options: GroundingOptions = {},
): Promise<GroundingResult> {
  const config = checkGroundingConfig('groundMemory', options);
  const checked = checkMemory('groundMemory', 'memory', memory);
  const view = asyncReadOnlyReader(reader);
  try {
    return await groundChecked(checked, readSession(view, config.concurrency), config);
  } catch (error) {
    throw readerFailure('groundMemory', error);
  }
}

async function groundBatch(
  view: AsyncReadOnlyDriftReader,
  memories: readonly MemoryForGrounding[],
  config: GroundingConfig,
  trigger: TriggerType | null,
): Promise<GroundingBatchResult> {
  const started = now();
  if (!Array.isArray(memories)) {
    throw argumentError('groundMemories', 'memories', 'an array', memories);
  }
  const checked = memories.map((m, i) => checkMemory('groundMemories', `memories[${i}]`, m));
  const toGround = checked.slice(0, config.maxMemoriesPerLoop);
  const deferred = checked.slice(config.maxMemoriesPerLoop).map((m) => m.id);

  const read = readSession(view, config.concurrency);
  const latestScan = read('latestScanTimestamp');
  const results: GroundingResult[] = new Array(toGround.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < toGround.length) {
      const index = next++;
      const memory = toGround[index]!;
      const memoryStarted = now();
      try {
        results[index] = await groundChecked(memory, read, config);
      } catch (error) {
        const failure = readerFailure('groundMemories', error);
        results[index] = noVerdict(
          memory,
          classifyGroundability(memory.memoryType),
          'Error',
          NOTHING,
          memoryStarted,
          config,
          { code: failure.code, reason: failure.message },
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency, toGround.length) }, worker));

  const scan = await latestScan;
  let latestScanTimestamp: string | null = null;
  let latestScanUnavailable: GroundingBatchResult['latestScanUnavailable'] = null;
  if (!scan.ok) latestScanUnavailable = { code: scan.error.code, reason: scan.error.message };
  else if (scan.value === null || typeof scan.value === 'string') latestScanTimestamp = scan.value;
  else {
    latestScanUnavailable = {
      code: 'CORRUPT',
      reason: `latestScanTimestamp answered ${describeValue(scan.value)}, expected a string or null`,
    };
  }
  const snapshot = summarize(results, trigger, now() - started, latestScanUnavailable === null ? 0 : 1);
  return { results, deferred, snapshot, latestScanTimestamp, latestScanUnavailable };
}

function summarize(
  results: readonly GroundingResult[],
  trigger: TriggerType | null,
  durationMs: number,
  extraErrors: number,
): GroundingSnapshot {
  const count = (verdict: GroundingVerdict): number => results.filter((r) => r.verdict === verdict).length;
  const scored = results.filter((r) => ['Validated', 'Partial', 'Weak', 'Invalidated'].includes(r.verdict));
  const errorCount =
    extraErrors + results.reduce((n, r) => n + r.unavailable.length + (r.verdict === 'Error' ? 1 : 0), 0);
  return {
    totalChecked: results.length,
    validated: count('Validated'),
    partial: count('Partial'),
    weak: count('Weak'),
    invalidated: count('Invalidated'),
    notGroundable: count('NotGroundable'),
    insufficientData: count('InsufficientData'),
    avgGroundingScore:
      scored.length === 0 ? 0 : scored.reduce((sum, r) => sum + r.groundingScore, 0) / scored.length,
    contradictionsGenerated: results.filter((r) => r.generatesContradiction).length,
    durationMs,
    errorCount,
    triggerType: trigger,
  };
}

/**
 * Grounds many memories against an (asynchronous) reader: at most `concurrency` reader calls in
 * flight, each distinct read made once per batch (memories linked to the same pattern share it),
 * results in input order. A failing reader method makes evidence unavailable for the memories that
 * needed it and never aborts the batch; memories past `maxMemoriesPerLoop` are returned as `deferred`.
 * Throws only `INVALID_INPUT`, for a malformed memory (naming `memories[i]`), reader or config,
 * before reading anything.
 */
export async function groundMemories(
  reader: MaybeAsync<IDriftReader>,
  memories: readonly MemoryForGrounding[],
  options: GroundMemoriesOptions = {},
): Promise<GroundingBatchResult> {
  const { config, trigger } = splitOptions(options);
  return groundBatch(asyncReadOnlyReader(reader), memories, config, trigger);
}

/** A grounding bridge bound to one reader and one config. */
export interface GroundingBridge {
  /** The read-only view the bridge reads through: all it can reach of drift.db. */
  readonly reader: AsyncReadOnlyDriftReader;
  /** The options given to {@link createGroundingBridge}, checked and with defaults filled in. */
  readonly config: GroundingConfig;
  /** {@link groundMemory} with this bridge's reader and settings. */
  groundMemory(memory: MemoryForGrounding): Promise<GroundingResult>;
  /** {@link groundMemories} with this bridge's reader and settings. */
  groundMemories(
    memories: readonly MemoryForGrounding[],
    options?: { readonly trigger?: TriggerType },
  ): Promise<GroundingBatchResult>;
}

/**
 * Creates a grounding bridge over `reader`, keeping only its read-only view, with settings checked
 * once (`INVALID_INPUT` for bad weights or thresholds).
 */
export function createGroundingBridge(
  reader: MaybeAsync<IDriftReader>,
  options: GroundingOptions = {},
): GroundingBridge {
  const config = checkGroundingConfig('createGroundingBridge', options);
  const view = asyncReadOnlyReader(reader);
  return Object.freeze({
    reader: view,
    config,
    groundMemory: (memory: MemoryForGrounding) => groundMemory(view, memory, config),
    groundMemories: (
      memories: readonly MemoryForGrounding[],
      batch: { readonly trigger?: TriggerType } = {},
    ) =>
      groundMemories(view, memories, {
        ...config,
        ...(batch.trigger === undefined ? {} : { trigger: batch.trigger }),
      }),
  });
}
