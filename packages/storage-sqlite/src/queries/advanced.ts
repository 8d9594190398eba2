import type { IDriftAdvanced } from '@drift/storage-traits';
import { sql } from 'kysely';
import { defineReads, defineWrites, qb, statement } from '../statements.js';

// simulations: effort estimates for tasks.

const SIMULATION_INSERT = statement(
  (
    taskCategory: string,
    taskDescription: string,
    approachCount: number,
    recommendedApproach: string | null,
    p10Effort: number,
    p50Effort: number,
    p90Effort: number,
  ) =>
    qb.insertInto('simulations').values({
      task_category: taskCategory,
      task_description: taskDescription,
      approach_count: approachCount,
      recommended_approach: recommendedApproach,
      p10_effort: p10Effort,
      p50_effort: p50Effort,
      p90_effort: p90Effort,
    }),
);
const RECENT_SIMULATIONS = statement((limit: number) =>
  qb
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
    .orderBy('created_at', 'desc')
    .limit(limit),
);

// decisions and context_cache: append-only records.

const DECISION_INSERT = statement(
  (
    category: string,
    description: string,
    commitSha: string | null,
    confidence: number,
    relatedPatterns: string | null,
    author: string | null,
    filesChanged: string | null,
  ) =>
    qb.insertInto('decisions').values({
      category: category,
      description: description,
      commit_sha: commitSha,
      confidence: confidence,
      related_patterns: relatedPatterns,
      author: author,
      files_changed: filesChanged,
    }),
);
const CONTEXT_INSERT = statement(
  (sessionId: string, intent: string, depth: string, tokenCount: number, contentHash: string) =>
    qb.insertInto('context_cache').values({
      session_id: sessionId,
      intent: intent,
      depth: depth,
      token_count: tokenCount,
      content_hash: contentHash,
    }),
);

// migration_projects -> migration_modules -> migration_corrections (foreign keys enforced).

const PROJECT_INSERT = statement(
  (
    name: string,
    sourceLanguage: string,
    targetLanguage: string,
    sourceFramework: string | null,
    targetFramework: string | null,
  ) =>
    qb.insertInto('migration_projects').values({
      name: name,
      source_language: sourceLanguage,
      target_language: targetLanguage,
      source_framework: sourceFramework,
      target_framework: targetFramework,
    }),
);
const MODULE_INSERT = statement((projectId: number, moduleName: string) =>
  qb.insertInto('migration_modules').values({ project_id: projectId, module_name: moduleName }),
);
const MODULE_SET_STATUS = statement((id: number, status: string) =>
  qb
    .updateTable('migration_modules')
    .set({ status: status, updated_at: sql<number>`unixepoch()` })
    .where('id', '=', id),
);
const CORRECTION_INSERT = statement(
  (moduleId: number, section: string, originalText: string, correctedText: string, reason: string | null) =>
    qb.insertInto('migration_corrections').values({
      module_id: moduleId,
      section: section,
      original_text: originalText,
      corrected_text: correctedText,
      reason: reason,
    }),
);
const CORRECTION_BY_ID = statement((id: number) =>
  qb
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

/**
 * The {@link IDriftAdvanced} methods that only read, by method name; the engine runs each on a read-only
 * connection after checking its arguments.
 */
export const advancedReads = defineReads<IDriftAdvanced>()({
  getSimulations: (r, limit) => r.all(RECENT_SIMULATIONS, [limit]),
  getMigrationCorrection: (r, correctionId) => r.get(CORRECTION_BY_ID, [correctionId]) ?? null,
});

/**
 * The {@link IDriftAdvanced} methods that write, by method name; the engine runs each on its one writer
 * connection after checking its arguments.
 */
export const advancedWrites = defineWrites<IDriftAdvanced>()({
  insertSimulation: (w, taskCategory, taskDescription, approachCount, recommended, p10, p50, p90) =>
    w.run(SIMULATION_INSERT, [taskCategory, taskDescription, approachCount, recommended, p10, p50, p90])
      .lastInsertRowid,
  insertDecision: (w, category, description, commitSha, confidence, relatedPatterns, author, filesChanged) =>
    w.run(DECISION_INSERT, [
      category,
      description,
      commitSha,
      confidence,
      relatedPatterns,
      author,
      filesChanged,
    ]).lastInsertRowid,
  insertContextCache: (w, sessionId, intent, depth, tokenCount, contentHash) =>
    w.run(CONTEXT_INSERT, [sessionId, intent, depth, tokenCount, contentHash]).lastInsertRowid,
  createMigrationProject: (w, name, sourceLanguage, targetLanguage, sourceFramework, targetFramework) =>
    w.run(PROJECT_INSERT, [name, sourceLanguage, targetLanguage, sourceFramework, targetFramework])
      .lastInsertRowid,
  createMigrationModule: (w, projectId, moduleName) =>
    w.run(MODULE_INSERT, [projectId, moduleName]).lastInsertRowid,
  updateModuleStatus: (w, moduleId, status) => {
    w.run(MODULE_SET_STATUS, [moduleId, status]);
  },
  insertMigrationCorrection: (w, moduleId, section, originalText, correctedText, reason) =>
    w.run(CORRECTION_INSERT, [moduleId, section, originalText, correctedText, reason]).lastInsertRowid,
});
