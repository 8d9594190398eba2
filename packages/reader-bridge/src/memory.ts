import { argumentError, invalidInput } from '@drift/storage-traits';
import { MEMORY_TYPES, type MemoryType } from './classification.js';
import { quoteInput } from './util.js';

/** The drift entities a memory talks about; each list is read as evidence, entity by entity. */
export interface MemoryLinks {
  /** Pattern ids: confidence, occurrence rate and false-positive rate. */
  readonly patterns?: readonly string[];
  /** Constraint ids: whether the latest verification passed. */
  readonly constraints?: readonly string[];
  /** Module paths: coupling; also test coverage and error gaps when no function or file is linked. */
  readonly modules?: readonly string[];
  /** Function ids: test quality (its key) and, for integer ids, call-graph coverage. */
  readonly functions?: readonly string[];
  /** File paths: error-handling gaps (as a prefix) and unsanitized taint flows (as the source file). */
  readonly files?: readonly string[];
  /** Decision ids (integers as text): the mined decision's confidence. */
  readonly decisions?: readonly string[];
  /** Boundary ids (integers as text): the detected boundary's confidence. */
  readonly boundaries?: readonly string[];
  /** The project, when the memory is about one: DNA health (a whole-database figure) is read only then. */
  readonly project?: string;
}

/** The link lists of {@link MemoryLinks}, in the order evidence is reported. */
export const LINK_KINDS = [
  'patterns',
  'constraints',
  'modules',
  'functions',
  'files',
  'decisions',
  'boundaries',
] as const;

/** One of the list-valued {@link LINK_KINDS}. */
export type LinkKind = (typeof LINK_KINDS)[number];

/** A memory to ground: plain data, as a bridge process has it from its memory store. */
export interface MemoryForGrounding {
  /** The memory's id (non-empty). */
  readonly id: string;
  /** Its type, which decides whether it is grounded at all. */
  readonly memoryType: MemoryType;
  /** Its current confidence, in [0, 1]. */
  readonly confidence: number;
  /** The drift entities it is linked to. */
  readonly links?: MemoryLinks;
  /** The score of its previous grounding, in [0, 1], for trend and contradiction detection. */
  readonly previousScore?: number | null;
}

/** A memory after checking: every list present, deduplicated, in first-seen order. */
export interface CheckedMemory {
  /** As given (checked non-empty). */
  readonly id: string;
  readonly memoryType: MemoryType;
  /** As given, in [0, 1]. */
  readonly confidence: number;
  /** Its links, every list present. */
  readonly links: Readonly<Record<LinkKind, readonly string[]>> & { readonly project: string | null };
  /** As given; null also when it was left out. */
  readonly previousScore: number | null;
}

const MEMORY_TYPE_SET: ReadonlySet<string> = new Set(MEMORY_TYPES);
const MEMORY_KEYS: ReadonlySet<string> = new Set([
  'id',
  'memoryType',
  'confidence',
  'links',
  'previousScore',
]);
const LINK_KEYS: ReadonlySet<string> = new Set([...LINK_KINDS, 'project']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(operation: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw argumentError(operation, field, 'a non-empty string', value);
  }
  return value;
}

function unitNumber(operation: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw argumentError(operation, field, 'a number in [0, 1]', value);
  }
  return value;
}

/**
 * Checks a memory given by a caller and normalises its links. Throws `INVALID_INPUT` naming the field
 * (prefixed with `path`, e.g. `memories[3]`) for anything malformed; nothing is read before that.
 * @internal
 */
export function checkMemory(operation: string, path: string, value: unknown): CheckedMemory {
  if (!isRecord(value)) throw argumentError(operation, path, 'a memory object', value);
  for (const key of Object.keys(value)) {
    if (!MEMORY_KEYS.has(key)) {
      throw invalidInput(`${operation}: ${path}.${quoteInput(key)} is not a field of a memory to ground`, {
        operation,
        field: `${path}.${quoteInput(key)}`,
      });
    }
  }
  const id = nonEmptyString(operation, `${path}.id`, value.id);
  const memoryType = value.memoryType;
  if (typeof memoryType !== 'string' || !MEMORY_TYPE_SET.has(memoryType)) {
    throw argumentError(
      operation,
      `${path}.memoryType`,
      'a Cortex memory type (e.g. PatternRationale; see MEMORY_TYPES)',
      memoryType,
    );
  }
  const confidence = unitNumber(operation, `${path}.confidence`, value.confidence);
  const previousScore =
    value.previousScore === undefined || value.previousScore === null
      ? null
      : unitNumber(operation, `${path}.previousScore`, value.previousScore);

  const rawLinks = value.links ?? {};
  if (!isRecord(rawLinks)) throw argumentError(operation, `${path}.links`, 'an object', rawLinks);
  for (const key of Object.keys(rawLinks)) {
    if (!LINK_KEYS.has(key)) {
      throw invalidInput(
        `${operation}: ${path}.links.${quoteInput(key)} is not a link kind (${[...LINK_KINDS, 'project'].join(', ')})`,
        { operation, field: `${path}.links.${quoteInput(key)}` },
      );
    }
  }
  const links: Record<string, unknown> = {};
  for (const kind of LINK_KINDS) {
    const list = rawLinks[kind];
    const field = `${path}.links.${kind}`;
    if (list === undefined) {
      links[kind] = [];
      continue;
    }
    if (!Array.isArray(list)) {
      throw argumentError(operation, field, 'an array of strings', list);
    }
    const seen = new Set<string>();
    for (const [i, item] of list.entries()) seen.add(nonEmptyString(operation, `${field}[${i}]`, item));
    links[kind] = Object.freeze([...seen]);
  }
  links.project =
    rawLinks.project === undefined
      ? null
      : nonEmptyString(operation, `${path}.links.project`, rawLinks.project);
  return {
    id,
    memoryType: memoryType as MemoryType,
    confidence,
    links: Object.freeze(links) as CheckedMemory['links'],
    previousScore,
  };
}

const TAG_PREFIXES: ReadonlyArray<readonly [string, LinkKind | 'project']> = [
  ['pattern:', 'patterns'],
  ['constraint:', 'constraints'],
  ['module:', 'modules'],
  ['function:', 'functions'],
  ['file:', 'files'],
  ['decision:', 'decisions'],
  ['boundary:', 'boundaries'],
  ['project:', 'project'],
];

/**
 * Builds {@link MemoryLinks} from a Cortex memory's tags (`pattern:p1`, `module:src/auth`,
 * `constraint:c1`, `function:`, `file:`, `decision:`, `boundary:`, `project:`) and its linked
 * patterns, which come first. Unlike the reference, which keeps one entity per kind, every tagged
 * entity is kept; for `project` the last tag wins. Other tags are ignored.
 */
export function linksFromTags(tags: readonly string[], linkedPatterns: readonly string[] = []): MemoryLinks {
  const lists: Record<LinkKind, string[]> = {
    patterns: linkedPatterns.filter((p) => p.length > 0),
    constraints: [],
    modules: [],
    functions: [],
    files: [],
    decisions: [],
    boundaries: [],
  };
  let project: string | undefined;
  for (const tag of tags) {
    for (const [prefix, kind] of TAG_PREFIXES) {
      if (!tag.startsWith(prefix)) continue;
      const value = tag.slice(prefix.length);
      if (value.length === 0) break;
      if (kind === 'project') project = value;
      else if (!lists[kind].includes(value)) lists[kind].push(value);
      break;
    }
  }
  const links: { -readonly [K in keyof MemoryLinks]: MemoryLinks[K] } = {};
  for (const kind of LINK_KINDS) if (lists[kind].length > 0) links[kind] = lists[kind];
  if (project !== undefined) links.project = project;
  return links;
}
