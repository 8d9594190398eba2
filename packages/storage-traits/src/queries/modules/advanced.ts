import type { IDriftAdvanced } from '../../index.js';
import { defineReads, defineWrites, effect, every, first, get } from '../methods.js';
import { sharedStatement } from '../statement.js';

// simulations: effort estimates for tasks.

const SIMULATION_INSERT = sharedStatement(
  (
    d,
    taskCategory: string,
    taskDescription: string,
    approachCount: number,
    recommendedApproach: string | null,
    p10Effort: number,
    p50Effort: number,
    p90Effort: number,
  ) =>
    d.db
      .insertInto('simulations')
      .values({
        task_category: taskCategory,
        task_description: taskDescription,
        approach_count: approachCount,
        recommended_approach: recommendedApproach,
        p10_effort: p10Effort,
        p50_effort: p50Effort,
        p90_effort: p90Effort,
      })
      .returning('id'),
);
const RECENT_SIMULATIONS = sharedStatement((d, limit: number) =>
  d.db
    .selectFrom('simulations')
    .select([
      'id',
      'task_category as taskCategory',
      'task_description as taskDescription',
      'approach_count as approachCount',
      'recommended_approach as recommendedApproach',
      'p10_effort as p10Effort',
      'p50_effort as p50Effort',
      'p90_effort as p90Effort',
      'created_at as createdAt',
    ])
    // dialect: ties of this ORDER BY come in SQLite's index/rowid scan order; PostgreSQL needs an explicit tiebreak (id).
    .orderBy('created_at', 'desc')
    .limit(limit),
);

// decisions and context_cache: append-only records.

const DECISION_INSERT = sharedStatement(
  (
    d,
    category: string,
    description: string,
    commitSha: string | null,
    confidence: number,
    relatedPatterns: string | null,
    author: string | null,
    filesChanged: string | null,
  ) =>
    d.db
      .insertInto('decisions')
      .values({
        category: category,
        description: description,
        commit_sha: commitSha,
        confidence: confidence,
        related_patterns: relatedPatterns,
        author: author,
        files_changed: filesChanged,
      })
      .returning('id'),
);
const CONTEXT_INSERT = sharedStatement(
  (d, sessionId: string, intent: string, depth: string, tokenCount: number, contentHash: string) =>
    d.db
      .insertInto('context_cache')
      .values({
        session_id: sessionId,
        intent: intent,
        depth: depth,
        token_count: tokenCount,
        content_hash: contentHash,
      })
      .returning('id'),
);

// migration_projects -> migration_modules -> migration_corrections (foreign keys enforced).

const PROJECT_INSERT = sharedStatement(
  (
    d,
    name: string,
    sourceLanguage: string,
    targetLanguage: string,
    sourceFramework: string | null,
    targetFramework: string | null,
  ) =>
    d.db
      .insertInto('migration_projects')
      .values({
        name: name,
        source_language: sourceLanguage,
        target_language: targetLanguage,
        source_framework: sourceFramework,
        target_framework: targetFramework,
      })
      .returning('id'),
);
const MODULE_INSERT = sharedStatement((d, projectId: number, moduleName: string) =>
  d.db
    .insertInto('migration_modules')
    .values({ project_id: projectId, module_name: moduleName })
    .returning('id'),
);
const MODULE_SET_STATUS = sharedStatement((d, id: number, status: string) =>
  d.db.updateTable('migration_modules').set({ status: status, updated_at: d.now() }).where('id', '=', id),
);
const CORRECTION_INSERT = sharedStatement(
  (
    d,
    moduleId: number,
    section: string,
    originalText: string,
    correctedText: string,
    reason: string | null,
  ) =>
    d.db
      .insertInto('migration_corrections')
      .values({
        module_id: moduleId,
        section: section,
        original_text: originalText,
        corrected_text: correctedText,
        reason: reason,
      })
      .returning('id'),
);
const CORRECTION_BY_ID = sharedStatement((d, id: number) =>
  d.db
    .selectFrom('migration_corrections')
    .select([
      'id',
      'module_id as moduleId',
      'section',
      'original_text as originalText',
      'corrected_text as correctedText',
      'reason',
      'created_at as createdAt',
    ])
    .where('id', '=', id),
);

/** The {@link IDriftAdvanced} methods that only read, by method name. */
export const advancedReads = defineReads<IDriftAdvanced>()({
  getSimulations: every(RECENT_SIMULATIONS),
  getMigrationCorrection: first(CORRECTION_BY_ID),
});

// Each insert answers the new row's id from its RETURNING clause.
/** The {@link IDriftAdvanced} methods that write, by method name. */
export const advancedWrites = defineWrites<IDriftAdvanced>()({
  insertSimulation: function* (taskCategory, taskDescription, approachCount, recommended, p10, p50, p90) {
    const args = [taskCategory, taskDescription, approachCount, recommended, p10, p50, p90] as const;
    return (yield* get(SIMULATION_INSERT, args))!.id;
  },
  insertDecision: function* (
    category,
    description,
    commitSha,
    confidence,
    relatedPatterns,
    author,
    filesChanged,
  ) {
    const args = [
      category,
      description,
      commitSha,
      confidence,
      relatedPatterns,
      author,
      filesChanged,
    ] as const;
    return (yield* get(DECISION_INSERT, args))!.id;
  },
  insertContextCache: function* (sessionId, intent, depth, tokenCount, contentHash) {
    return (yield* get(CONTEXT_INSERT, [sessionId, intent, depth, tokenCount, contentHash]))!.id;
  },
  createMigrationProject: function* (name, sourceLanguage, targetLanguage, sourceFramework, targetFramework) {
    const args = [name, sourceLanguage, targetLanguage, sourceFramework, targetFramework] as const;
    return (yield* get(PROJECT_INSERT, args))!.id;
  },
  createMigrationModule: function* (projectId, moduleName) {
    return (yield* get(MODULE_INSERT, [projectId, moduleName]))!.id;
  },
  updateModuleStatus: effect(MODULE_SET_STATUS),
  insertMigrationCorrection: function* (moduleId, section, originalText, correctedText, reason) {
    return (yield* get(CORRECTION_INSERT, [moduleId, section, originalText, correctedText, reason]))!.id;
  },
});
