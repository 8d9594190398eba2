/** The 23 memory types of Cortex, named as the reference serialises them. */
export const MEMORY_TYPES = [
  'Core',
  'Tribal',
  'Procedural',
  'Semantic',
  'Episodic',
  'Decision',
  'Insight',
  'Reference',
  'Preference',
  'PatternRationale',
  'ConstraintOverride',
  'DecisionContext',
  'CodeSmell',
  'AgentSpawn',
  'Entity',
  'Goal',
  'Feedback',
  'Workflow',
  'Conversation',
  'Incident',
  'Meeting',
  'Skill',
  'Environment',
] as const;

/** One of the 23 {@link MEMORY_TYPES}. */
export type MemoryType = (typeof MEMORY_TYPES)[number];

/**
 * How far a memory type's claims can be checked against drift.db: all of them (`Full`), some
 * (`Partial`), or none (`NotGroundable`, such memories are never read for).
 */
export type Groundability = 'Full' | 'Partial' | 'NotGroundable';

const GROUNDABILITY: Readonly<Record<MemoryType, Groundability>> = Object.freeze({
  PatternRationale: 'Full',
  ConstraintOverride: 'Full',
  DecisionContext: 'Full',
  CodeSmell: 'Full',
  Core: 'Full',
  Semantic: 'Full',
  Tribal: 'Partial',
  Decision: 'Partial',
  Insight: 'Partial',
  Entity: 'Partial',
  Feedback: 'Partial',
  Incident: 'Partial',
  Environment: 'Partial',
  Procedural: 'NotGroundable',
  Episodic: 'NotGroundable',
  Reference: 'NotGroundable',
  Preference: 'NotGroundable',
  AgentSpawn: 'NotGroundable',
  Goal: 'NotGroundable',
  Workflow: 'NotGroundable',
  Conversation: 'NotGroundable',
  Meeting: 'NotGroundable',
  Skill: 'NotGroundable',
});

/** How groundable a memory type is (the reference's table: 6 fully, 7 partially, 10 not at all). */
export function classifyGroundability(memoryType: MemoryType): Groundability {
  return GROUNDABILITY[memoryType];
}

/** The memory types with the given groundability, in {@link MEMORY_TYPES} order. */
export function memoryTypesWith(groundability: Groundability): MemoryType[] {
  return MEMORY_TYPES.filter((type) => GROUNDABILITY[type] === groundability);
}

const BY_FOLDED_NAME: ReadonlyMap<string, MemoryType> = new Map(
  MEMORY_TYPES.map((type) => [type.toLowerCase(), type]),
);

/**
 * The memory type a name denotes, accepting the serialised form (`PatternRationale`) and the snake or
 * lower-case spellings the reference's bindings accept (`pattern_rationale`, `patternrationale`);
 * null for an unknown name.
 */
export function parseMemoryType(name: string): MemoryType | null {
  return BY_FOLDED_NAME.get(name.replaceAll('_', '').toLowerCase()) ?? null;
}
