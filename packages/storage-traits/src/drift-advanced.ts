import { keyList } from './key-list.js';

/** A `simulations` row: an effort estimate for a task. */
export interface SimulationRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /**
   * Kind of task simulated (e.g. `refactor`), as the caller gives it; `getSimulations` does not filter on it.
   */
  readonly taskCategory: string;
  /** The caller's free-text account of the task, stored as given. */
  readonly taskDescription: string;
  /** Approaches the simulation compared, as the caller reports it. */
  readonly approachCount: number;
  /** Name of the approach the simulation recommends; null when none stood out. */
  readonly recommendedApproach: string | null;
  /**
   * Optimistic estimate: the 10th percentile of the simulated effort, in hours (the reference's Monte Carlo
   * unit).
   */
  readonly p10Effort: number;
  /** The median (50th percentile) of the simulated effort, in hours. */
  readonly p50Effort: number;
  /** Pessimistic estimate: the 90th percentile of the simulated effort, in hours. */
  readonly p90Effort: number;
  /** When it was simulated, seconds since the epoch. */
  readonly createdAt: number;
}

/** A `migration_corrections` row: a human correction to a migrated module section. */
export interface CorrectionRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /** `migration_modules.id` of the corrected module (a foreign key: the module must exist). */
  readonly moduleId: number;
  /** Name of the corrected section of the module's specification, as the caller gives it. */
  readonly section: string;
  /** The section's text as generated, before the correction. */
  readonly originalText: string;
  /** The section's text as the human corrected it. */
  readonly correctedText: string;
  /** The human's reason for the correction; null when none was given. */
  readonly reason: string | null;
  /** When the correction was recorded, seconds since the epoch (the database's default). */
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
  /** Returns the correction whose `id` is `correctionId`, or null when there is none. */
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
