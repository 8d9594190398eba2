/**
 * Types of the advanced functions (`driftSimulate`, `driftDecisions`, `driftContext`,
 * `driftGenerateSpec`). Those functions resolve to JSON text; these interfaces describe the value that
 * text holds once parsed.
 */

/**
 * `JSON.parse` of the text `driftSimulate` resolves to in the reference (this build rejects with
 * `NOT_SUPPORTED`).
 */
export interface SimulationResult {
  strategies: SimulationStrategy[];
  taskCategory: string;
  taskDescription: string;
}

/** One way of carrying out the simulated task. */
export interface SimulationStrategy {
  name: string;
  description: string;
  confidence: number;
  estimatedEffort: string;
  risks: string[];
  steps: string[];
}

/**
 * `JSON.parse` of the text `driftDecisions` resolves to in the reference (this build rejects with
 * `NOT_SUPPORTED`).
 */
export interface DecisionResult {
  decisions: DecisionEntry[];
}

/** One architectural decision recovered from repository history. */
export interface DecisionEntry {
  id: string;
  description: string;
  date: string;
  author: string;
  files: string[];
  confidence: number;
}

/**
 * `JSON.parse` of the text `driftContext` resolves to in the reference (this build rejects with
 * `NOT_SUPPORTED`).
 */
export interface ContextResult {
  sections: ContextSection[];
  tokenCount: number;
  intent: string;
  depth: string;
}

/** One titled block of generated context. */
export interface ContextSection {
  name: string;
  content: string;
}

/**
 * `JSON.parse` of the text `driftGenerateSpec` resolves to in the reference (this build rejects with
 * `NOT_SUPPORTED`).
 */
export interface SpecResult {
  moduleName: string;
  sections: SpecSection[];
  totalTokenCount: number;
  hasAllSections: boolean;
}

/** One section of a generated specification. */
export interface SpecSection {
  section: string;
  content: string;
}
