import {
  describeValue,
  type IDriftReader,
  type MaybeAsync,
  type StorageErrorCode,
} from '@drift/storage-traits';
import { checkGroundingConfig, type GroundingConfig, type GroundingOptions } from './config.js';
import { EVIDENCE_READER_METHOD, EVIDENCE_TYPES, type EvidenceType } from './evidence-types.js';
import { type CheckedMemory, checkMemory, type MemoryForGrounding } from './memory.js';
import type { DriftReaderMethod } from './read-only-reader.js';
import { asyncReadOnlyReader, type ReadSession, readSession } from './reads.js';

/** One piece of evidence drift.db gave about a memory. Plain data. */
export interface GroundingEvidence {
  /** What kind of evidence it is. */
  readonly type: EvidenceType;
  /** The linked entity it was read for (pattern id, file, ...; the project for `DnaHealth`). */
  readonly subject: string;
  /**
   * A phrase naming the subject and what drift.db says (e.g. `pattern p: confidence 0.82`), for people; not
   * meant to be parsed.
   */
  readonly description: string;
  /** The value drift.db answered (a rate, a score, a count; 1 or 0 for a constraint). */
  readonly driftValue: number;
  /** What the memory claims to compare with: its confidence, for `PatternConfidence` only. */
  readonly memoryClaim: number | null;
  /** How strongly it supports the memory, 0..1. */
  readonly supportScore: number;
  /** The weight of its type in the score. */
  readonly weight: number;
}

/** A piece of evidence that could not be read: which, through which method, and why. Plain data. */
export interface UnavailableEvidence {
  /** The kind of evidence that is missing. */
  readonly type: EvidenceType;
  /** The linked entity it was to be read for. */
  readonly subject: string;
  /** The reader method that failed. */
  readonly method: DriftReaderMethod;
  /** The failure's stable code (`CORRUPT` when the reader answered a value of the wrong kind). */
  readonly code: StorageErrorCode;
  /** The failure's message; for a malformed answer it names the method, the value and what was expected. */
  readonly reason: string;
}

/** What {@link collectEvidence} found: the evidence, and the pieces that could not be read. */
export interface CollectedEvidence {
  /** Evidence in {@link EVIDENCE_TYPES} order, then in link order. */
  readonly evidence: readonly GroundingEvidence[];
  /** Failed reads, in the same order. */
  readonly unavailable: readonly UnavailableEvidence[];
}

/** One planned read: an evidence type for one subject. */
interface PlannedRead {
  readonly type: EvidenceType;
  readonly subject: string;
  /** Undefined for `DnaHealth`, which takes no argument. */
  readonly argument: string | undefined;
}

const INTEGER_ID = /^[+-]?[0-9]+$/;

/** Which entity each evidence type is read for, per the reference's collector (extended to every link). */
function subjectsOf(type: EvidenceType, memory: CheckedMemory): readonly string[] {
  const { links } = memory;
  switch (type) {
    case 'PatternConfidence':
    case 'PatternOccurrence':
    case 'FalsePositiveRate':
      return links.patterns;
    case 'ConstraintVerification':
      return links.constraints;
    case 'CouplingMetric':
      return links.modules;
    case 'DnaHealth':
      return links.project === null ? [] : [links.project];
    case 'TestCoverage':
      return links.functions.length > 0 ? links.functions : links.modules;
    case 'ErrorHandlingGaps':
      return links.files.length > 0 ? links.files : links.modules;
    case 'DecisionEvidence':
      return links.decisions;
    case 'BoundaryData':
      return links.boundaries;
    case 'TaintAnalysis':
      return links.files;
    case 'CallGraphCoverage':
      // The call graph is keyed by the functions table's integer id; a textual function key (as
      // test_quality uses) would be read as id 0 and answer a meaningless 0.
      return links.functions.filter((id) => INTEGER_ID.test(id));
  }
}

/** The reads a memory needs, in report order; types weighted 0 cannot change the score and are not read. */
function planReads(memory: CheckedMemory, config: GroundingConfig): PlannedRead[] {
  const reads: PlannedRead[] = [];
  for (const type of EVIDENCE_TYPES) {
    if (config.weights[type] === 0) continue;
    for (const subject of subjectsOf(type, memory)) {
      reads.push({ type, subject, argument: type === 'DnaHealth' ? undefined : subject });
    }
  }
  return reads;
}

const clamp01 = (x: number): number => Math.min(Math.max(x, 0), 1);
const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The evidence an answer makes, or why the answer is unusable. */
type Interpretation =
  | { readonly kind: 'none' }
  | { readonly kind: 'evidence'; readonly evidence: GroundingEvidence }
  | { readonly kind: 'malformed'; readonly reason: string };

function interpret(
  read: PlannedRead,
  value: unknown,
  memory: CheckedMemory,
  config: GroundingConfig,
): Interpretation {
  if (value === null || value === undefined) return { kind: 'none' };
  const { type, subject } = read;
  const method = EVIDENCE_READER_METHOD[type];
  const make = (description: string, driftValue: number, supportScore: number): Interpretation => ({
    kind: 'evidence',
    evidence: {
      type,
      subject,
      description,
      driftValue,
      memoryClaim: type === 'PatternConfidence' ? memory.confidence : null,
      supportScore: clamp01(supportScore),
      weight: config.weights[type],
    },
  });

  if (type === 'ConstraintVerification') {
    if (typeof value !== 'boolean') {
      return {
        kind: 'malformed',
        reason: `${method} answered ${describeValue(value)}, expected a boolean or null`,
      };
    }
    return make(
      `constraint ${subject}: latest verification ${value ? 'passed' : 'failed'}`,
      value ? 1 : 0,
      value ? 1 : 0,
    );
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return {
      kind: 'malformed',
      reason: `${method} answered ${describeValue(value)}, expected a finite number or null`,
    };
  }
  if ((type === 'ErrorHandlingGaps' || type === 'TaintAnalysis') && value < 0) {
    return { kind: 'malformed', reason: `${method} answered ${value}, expected a count` };
  }
  switch (type) {
    case 'PatternConfidence':
      return make(`pattern ${subject}: confidence ${value.toFixed(2)}`, value, value);
    case 'PatternOccurrence':
      return make(`pattern ${subject}: found in ${percent(value)} of files with detections`, value, value);
    case 'FalsePositiveRate':
      return make(`pattern ${subject}: ${percent(value)} of feedback dismissed it`, value, 1 - value);
    case 'CouplingMetric':
      return make(`module ${subject}: instability ${value.toFixed(2)}`, value, value);
    case 'DnaHealth':
      return make(`DNA health ${value.toFixed(2)}`, value, value);
    case 'TestCoverage':
      return make(`${subject}: test quality ${percent(value)}`, value, value);
    case 'ErrorHandlingGaps':
      return make(
        `${subject}: ${value} error-handling gap(s)`,
        value,
        1 - Math.min(value / config.errorGapSaturation, 1),
      );
    case 'DecisionEvidence':
      return make(`decision ${subject}: confidence ${value.toFixed(2)}`, value, value);
    case 'BoundaryData':
      return make(`boundary ${subject}: confidence ${value.toFixed(2)}`, value, value);
    case 'TaintAnalysis':
      return make(
        `${subject}: ${value} unsanitized taint flow(s) from this file`,
        value,
        1 - Math.min(value / config.taintFlowSaturation, 1),
      );
    case 'CallGraphCoverage':
      return make(`function ${subject}: calls ${percent(value)} of all functions`, value, value);
  }
}

/** Collects a checked memory's evidence through a read session. @internal */
export async function collectChecked(
  memory: CheckedMemory,
  read: ReadSession,
  config: GroundingConfig,
): Promise<CollectedEvidence> {
  const planned = planReads(memory, config);
  const outcomes = await Promise.all(planned.map((p) => read(EVIDENCE_READER_METHOD[p.type], p.argument)));
  const evidence: GroundingEvidence[] = [];
  const unavailable: UnavailableEvidence[] = [];
  planned.forEach((p, i) => {
    const outcome = outcomes[i]!;
    const method = EVIDENCE_READER_METHOD[p.type];
    if (!outcome.ok) {
      unavailable.push({
        type: p.type,
        subject: p.subject,
        method,
        code: outcome.error.code,
        reason: outcome.error.message,
      });
      return;
    }
    const result = interpret(p, outcome.value, memory, config);
    if (result.kind === 'evidence') evidence.push(result.evidence);
    else if (result.kind === 'malformed') {
      unavailable.push({ type: p.type, subject: p.subject, method, code: 'CORRUPT', reason: result.reason });
    }
  });
  return { evidence, unavailable };
}

/**
 * Reads a memory's evidence from drift.db: for each linked entity, the evidence types it supports
 * (see the README table). A reader method that fails, or answers a value of the wrong kind, makes
 * that piece unavailable (recorded with its reason); it never fails the collection. Throws only
 * `INVALID_INPUT`, for a malformed memory or config, before reading anything.
 */
export async function collectEvidence(
  reader: MaybeAsync<IDriftReader>,
  memory: MemoryForGrounding,
  options: GroundingOptions = {},
): Promise<CollectedEvidence> {
  const config = checkGroundingConfig('collectEvidence', options);
  const checked = checkMemory('collectEvidence', 'memory', memory);
  return collectChecked(checked, readSession(asyncReadOnlyReader(reader), config.concurrency), config);
}
