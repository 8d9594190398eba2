import { keyList } from './key-list.js';

/** A `simulations` row: an effort estimate for a task. */
export interface SimulationRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /** Task category (e.g. `refactor`). */
  readonly taskCategory: string;
  /** What the task is. */
  readonly taskDescription: string;
  /** How many approaches were simulated. */
  readonly approachCount: number;
  /** The recommended approach, when one stood out. */
  readonly recommendedApproach: string | null;
  /** 10th percentile effort. */
  readonly p10Effort: number;
  /** Median effort. */
  readonly p50Effort: number;
  /** 90th percentile effort. */
  readonly p90Effort: number;
  /** When it was simulated, seconds since the epoch. */
  readonly createdAt: number;
}

/** A `migration_corrections` row: a human correction to a migrated module section. */
export interface CorrectionRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /** Migration module corrected. */
  readonly moduleId: number;
  /** Section of the module. */
  readonly section: string;
  /** Text before the correction. */
  readonly originalText: string;
  /** Text after the correction. */
  readonly correctedText: string;
  /** Why it was corrected. */
  readonly reason: string | null;
  /** When, seconds since the epoch. */
  readonly createdAt: number;
}

/** Advanced storage: simulations, decisions, context cache and migration projects. */
export interface IDriftAdvanced {
  /** Records a simulation; returns its new row id. */
  insertSimulation(
    taskCategory: string,
    taskDescription: string,
    approachCount: number,
    recommendedApproach: string | null,
    p10Effort: number,
    p50Effort: number,
    p90Effort: number,
  ): number;
  /** Returns the `limit` most recent simulations, newest first. */
  getSimulations(limit: number): SimulationRow[];
  /** Records an architectural decision mined from history; returns its new row id. */
  insertDecision(
    category: string,
    description: string,
    commitSha: string | null,
    confidence: number,
    relatedPatterns: string | null,
    author: string | null,
    filesChanged: string | null,
  ): number;
  /** Records a generated context for a session; returns its new row id. */
  insertContextCache(
    sessionId: string,
    intent: string,
    depth: string,
    tokenCount: number,
    contentHash: string,
  ): number;
  /** Creates a migration project; returns its new row id. */
  createMigrationProject(
    name: string,
    sourceLanguage: string,
    targetLanguage: string,
    sourceFramework: string | null,
    targetFramework: string | null,
  ): number;
  /** Adds a module to a migration project; returns its new row id. */
  createMigrationModule(projectId: number, moduleName: string): number;
  /** Sets the status of a migration module and stamps its update time. */
  updateModuleStatus(moduleId: number, status: string): void;
  /** Records a correction to a migration module; returns its new row id. */
  insertMigrationCorrection(
    moduleId: number,
    section: string,
    originalText: string,
    correctedText: string,
    reason: string | null,
  ): number;
  /** Returns a migration correction, or null. */
  getMigrationCorrection(correctionId: number): CorrectionRow | null;
}

/** Every method name of {@link IDriftAdvanced}, checked at compile time to be exactly its keys. */
export const DRIFT_ADVANCED_METHODS = keyList<IDriftAdvanced>()([
  'insertSimulation',
  'getSimulations',
  'insertDecision',
  'insertContextCache',
  'createMigrationProject',
  'createMigrationModule',
  'updateModuleStatus',
  'insertMigrationCorrection',
  'getMigrationCorrection',
] as const);
