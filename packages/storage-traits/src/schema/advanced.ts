import { integer, real, text } from './column.js';
import { table } from './table.js';

// drift.db tables: simulations, decisions, context cache and migrations (v007).

/** `simulations`, created by migration v007; read as `SimulationRow`: an effort estimate for a task. */
export const simulations = table(
  'simulations',
  {
    id: integer().autoIncrement(),
    taskCategory: text(),
    taskDescription: text(),
    approachCount: integer(),
    recommendedApproach: text().nullable(),
    p10Effort: real(),
    p50Effort: real(),
    p90Effort: real(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `decisions`, created by migration v007; an architectural decision mined from history, written by
 * `insertDecision`.
 */
export const decisions = table(
  'decisions',
  {
    id: integer().autoIncrement(),
    category: text(),
    description: text(),
    commitSha: text().nullable(),
    confidence: real(),
    relatedPatterns: text().nullable(),
    author: text().nullable(),
    filesChanged: text().nullable(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `context_cache`, created by migration v007; a generated context recorded for a session by
 * `insertContextCache`.
 */
export const contextCache = table(
  'context_cache',
  {
    id: integer().autoIncrement(),
    sessionId: text(),
    intent: text(),
    depth: text(),
    tokenCount: integer(),
    contentHash: text(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/**
 * `migration_projects`, created by migration v007; a language/framework migration project, from
 * `createMigrationProject`.
 */
export const migrationProjects = table(
  'migration_projects',
  {
    id: integer().autoIncrement(),
    name: text(),
    sourceLanguage: text(),
    targetLanguage: text(),
    sourceFramework: text().nullable(),
    targetFramework: text().nullable(),
    status: text().defaulted('active'),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `migration_modules`, created by migration v007; one module of a migration project and its status. */
export const migrationModules = table(
  'migration_modules',
  {
    id: integer().autoIncrement(),
    projectId: integer(),
    moduleName: text(),
    status: text().defaulted('pending'),
    specContent: text().nullable(),
    createdAt: integer().defaultNow(),
    updatedAt: integer().defaultNow(),
  },
  {
    primaryKey: ['id'],
    references: [{ fields: ['projectId'], table: 'migration_projects', columns: ['id'] }],
  },
);

/**
 * `migration_corrections`, created by migration v007; read as `CorrectionRow`: a human correction to a
 * migrated module section.
 */
export const migrationCorrections = table(
  'migration_corrections',
  {
    id: integer().autoIncrement(),
    moduleId: integer(),
    section: text(),
    originalText: text(),
    correctedText: text(),
    reason: text().nullable(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'], references: [{ fields: ['moduleId'], table: 'migration_modules', columns: ['id'] }] },
);
