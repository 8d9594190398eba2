import type { IDriftAdvanced } from '@drift/storage-traits';
import { sql } from 'kysely';
import { arg, defineReads, defineWrites, qb, statement } from '../statements.js';

// simulations: effort estimates for tasks.

const SIMULATION_INSERT = statement(
  qb.insertInto('simulations').values({
    task_category: arg(0),
    task_description: arg(1),
    approach_count: arg(2),
    recommended_approach: arg(3),
    p10_effort: arg(4),
    p50_effort: arg(5),
    p90_effort: arg(6),
  }),
);
const RECENT_SIMULATIONS = statement(
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
    .limit(arg(0)),
);

// decisions and context_cache: append-only records.

const DECISION_INSERT = statement(
  qb.insertInto('decisions').values({
    category: arg(0),
    description: arg(1),
    commit_sha: arg(2),
    confidence: arg(3),
    related_patterns: arg(4),
    author: arg(5),
    files_changed: arg(6),
  }),
);
const CONTEXT_INSERT = statement(
  qb.insertInto('context_cache').values({
    session_id: arg(0),
    intent: arg(1),
    depth: arg(2),
    token_count: arg(3),
    content_hash: arg(4),
  }),
);

// migration_projects -> migration_modules -> migration_corrections (foreign keys enforced).

const PROJECT_INSERT = statement(
  qb.insertInto('migration_projects').values({
    name: arg(0),
    source_language: arg(1),
    target_language: arg(2),
    source_framework: arg(3),
    target_framework: arg(4),
  }),
);
const MODULE_INSERT = statement(
  qb.insertInto('migration_modules').values({ project_id: arg(0), module_name: arg(1) }),
);
const MODULE_SET_STATUS = statement(
  qb
    .updateTable('migration_modules')
    .set({ status: arg(1), updated_at: sql<number>`unixepoch()` })
    .where('id', '=', arg(0)),
);
const CORRECTION_INSERT = statement(
  qb.insertInto('migration_corrections').values({
    module_id: arg(0),
    section: arg(1),
    original_text: arg(2),
    corrected_text: arg(3),
    reason: arg(4),
  }),
);
const CORRECTION_BY_ID = statement(
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
    .where('id', '=', arg(0)),
);

/** {@link IDriftAdvanced} reads. */
export const advancedReads = defineReads<IDriftAdvanced>()({
  getSimulations: (r, limit) => r.all(RECENT_SIMULATIONS, [limit]),
  getMigrationCorrection: (r, correctionId) => r.get(CORRECTION_BY_ID, [correctionId]) ?? null,
});

/** {@link IDriftAdvanced} writes. */
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
