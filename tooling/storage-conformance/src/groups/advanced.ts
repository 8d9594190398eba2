import { DRIFT_ADVANCED_METHODS } from '@drift/storage-traits';
import {
  expectDistinctRowIds,
  expectMethods,
  expectRowId,
  expectSame,
  expectStamp,
  type GroupContext,
  I32_MAX,
  nextClockSecond,
  nowSeconds,
  omitAll,
  sortBy,
  UNICODE,
} from '../support.js';
import { advancedValueTests } from './advanced-values.js';

/** Registers the advanced-tables tests: simulations, decisions, context cache, migration projects. */
export function advancedGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('exposes every IDriftAdvanced method', async (s) => {
    expectMethods(api, s, DRIFT_ADVANCED_METHODS);
  });

  test('answers the empty state of every read', async (s) => {
    expect(await s.getSimulations(10)).toEqual([]);
    expect(await s.getMigrationCorrection(1)).toBeNull();
  });

  test('simulations: insert answers the row id; every field kept; createdAt stamped; limit honoured', async (s) => {
    const before = nowSeconds();
    const a = await s.insertSimulation(
      'refactor',
      `split the ${UNICODE} module`,
      I32_MAX,
      'incremental',
      1.5,
      3.25,
      8,
    );
    const b = await s.insertSimulation('migration', 'move to ESM', 2, null, 0, 0.5, 1e6);
    expectDistinctRowIds(api, [a, b]);
    const stored = await s.getSimulations(10);
    expectSame(
      api,
      sortBy(omitAll(stored, 'createdAt'), (r) => r.id),
      sortBy(
        [
          {
            id: a,
            taskCategory: 'refactor',
            taskDescription: `split the ${UNICODE} module`,
            approachCount: I32_MAX,
            recommendedApproach: 'incremental',
            p10Effort: 1.5,
            p50Effort: 3.25,
            p90Effort: 8,
          },
          {
            id: b,
            taskCategory: 'migration',
            taskDescription: 'move to ESM',
            approachCount: 2,
            recommendedApproach: null,
            p10Effort: 0,
            p50Effort: 0.5,
            p90Effort: 1e6,
          },
        ],
        (r) => r.id,
      ),
    );
    for (const row of stored) expectStamp(api, row.createdAt, before, nowSeconds(), 'simulation createdAt');
    expect(await s.getSimulations(1)).toHaveLength(1);
  });

  test('getSimulations answers the newest first', async (s) => {
    const old = await s.insertSimulation('refactor', 'old', 1, null, 1, 2, 3);
    await nextClockSecond(); // rows written from here on get a later stamp
    const recent = await s.insertSimulation('refactor', 'new', 1, null, 1, 2, 3);
    expect((await s.getSimulations(10)).map((r) => r.id)).toEqual([recent, old]);
    expect((await s.getSimulations(1)).map((r) => r.id)).toEqual([recent]);
  });

  test('decisions and context cache entries get distinct row ids', async (s) => {
    const d1 = await s.insertDecision(
      'architecture',
      `adopt ${UNICODE}`,
      'abc123',
      0.9,
      '["p-1"]',
      'dev',
      '["a.ts"]',
    );
    const d2 = await s.insertDecision('tooling', 'switch linter', null, 0.5, null, null, null);
    expectDistinctRowIds(api, [d1, d2]);
    const c1 = await s.insertContextCache('session-1', 'fix_bug', 'deep', I32_MAX, 'hash-1');
    const c2 = await s.insertContextCache('session-1', 'understand', 'shallow', 0, UNICODE);
    expectDistinctRowIds(api, [c1, c2]);
  });

  test('migration projects, modules and corrections: ids answered, corrections read back whole', async (s) => {
    const project = await s.createMigrationProject('py2ts', 'python', 'typescript', 'django', null);
    const bare = await s.createMigrationProject(`p-${UNICODE}`, 'java', 'kotlin', null, null);
    expectDistinctRowIds(api, [project, bare]);
    const moduleA = await s.createMigrationModule(project, 'auth');
    const moduleB = await s.createMigrationModule(project, `billing ${UNICODE}`);
    expectDistinctRowIds(api, [moduleA, moduleB]);
    await s.updateModuleStatus(moduleA, 'in_progress');
    await s.updateModuleStatus(moduleA, 'done');

    const before = nowSeconds();
    const withReason = await s.insertMigrationCorrection(
      moduleA,
      'imports',
      'import x',
      `import { x } — ${UNICODE}`,
      'ESM',
    );
    const noReason = await s.insertMigrationCorrection(moduleB, 'types', 'int', 'number', null);
    expectDistinctRowIds(api, [withReason, noReason]);

    const a = await s.getMigrationCorrection(withReason);
    expect(a).not.toBeNull();
    expectSame(
      api,
      { ...a!, createdAt: 0 },
      {
        id: withReason,
        moduleId: moduleA,
        section: 'imports',
        originalText: 'import x',
        correctedText: `import { x } — ${UNICODE}`,
        reason: 'ESM',
        createdAt: 0,
      },
    );
    expectStamp(api, a!.createdAt, before, nowSeconds(), 'correction createdAt');
    const b = await s.getMigrationCorrection(noReason);
    expectRowId(api, b?.id);
    expect(b?.moduleId).toBe(moduleB);
    expect(b?.reason).toBeNull();
    expect(await s.getMigrationCorrection(Math.max(withReason, noReason) + 1000)).toBeNull();
  });

  advancedValueTests(ctx);
}
