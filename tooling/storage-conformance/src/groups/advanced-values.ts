// The advanced engine tests of the SQLite engine that need no second connection, moved here so that
// every engine runs them: empty reads, new row ids counted from 1, i32 limits refused with the field
// named, a correction read back in full, and NOT_FOUND for a module or correction of an unknown parent.
import { isStorageError, type StorageError } from '@drift/storage-traits';
import { type GroupContext, nowSeconds } from '../support.js';

/**
 * The largest i32: approach and token counts are i32 in the reference (drift-core
 * traits/storage/drift_advanced.rs insert_simulation, insert_context_cache).
 */
const LARGE = 2 ** 31 - 1;

/** The StorageError `work` rejects with; fails the test when it resolves or rejects with something else. */
async function storageErrorOf(work: Promise<unknown>): Promise<StorageError> {
  try {
    await work;
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError, the call succeeded');
}

/** Registers the value-by-value advanced tests (part of the `advanced` group). */
export function advancedValueTests(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('answers reads of an empty database with empty values', async (e) => {
    expect(await e.getSimulations(10)).toEqual([]);
    expect(await e.getMigrationCorrection(1)).toBeNull();
  });

  test('records decisions and context caches, returning their new row ids', async (e) => {
    expect(
      await e.insertDecision('architecture', 'use an event bus', 'abc123', 0.9, '["p1"]', 'Zoë', '["a.ts"]'),
    ).toBe(1);
    expect(await e.insertDecision('naming', 'snake_case — 命名', null, 0.25, null, null, null)).toBe(2);
    expect(await e.decisionEvidence('1')).toBe(0.9);
    expect(await e.decisionEvidence('2')).toBe(0.25);
    expect(await e.insertContextCache('session-1', 'fix_bug', 'deep', 4096, 'hash-1')).toBe(1);
    expect(await e.insertContextCache('session-1', 'explain', 'shallow', LARGE, 'hash-2')).toBe(2);
    expect(await e.insertContextCache('session-1', 'explain', 'shallow', -1, 'hash-3')).toBe(3); // i32: negative too
    expect((await storageErrorOf(e.insertContextCache('s', 'i', 'd', LARGE + 1, 'h'))).field).toBe(
      'tokenCount',
    );
    expect((await storageErrorOf(e.insertSimulation('c', 'd', -(2 ** 31) - 1, null, 1, 2, 3))).field).toBe(
      'approachCount',
    );
  });

  test('creates projects, modules and corrections, and reads a correction back in full', async (e) => {
    const project = await e.createMigrationProject('Port to Rust ✓', 'typescript', 'rust', 'express', null);
    expect(project).toBe(1);
    const moduleA = await e.createMigrationModule(project, 'auth');
    const moduleB = await e.createMigrationModule(project, 'billing');
    expect([moduleA, moduleB]).toEqual([1, 2]);
    const before = nowSeconds();
    const id = await e.insertMigrationCorrection(
      moduleB,
      'handlers',
      'fn a() {}',
      'fn a() -> Résultat {}',
      'type — 型',
    );
    const bare = await e.insertMigrationCorrection(moduleA, 's', 'o', 'c', null);
    const after = nowSeconds();
    expect([id, bare]).toEqual([1, 2]);
    const row = (await e.getMigrationCorrection(id))!;
    const { createdAt, ...rest } = row;
    expect(rest).toStrictEqual({
      id: 1,
      moduleId: moduleB,
      section: 'handlers',
      originalText: 'fn a() {}',
      correctedText: 'fn a() -> Résultat {}',
      reason: 'type — 型',
    });
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(after);
    expect((await e.getMigrationCorrection(bare))!.reason).toBeNull();
    expect((await e.getMigrationCorrection(bare))!.moduleId).toBe(moduleA);
    expect(await e.getMigrationCorrection(3)).toBeNull();
  });

  test('refuses a module of an unknown project and a correction of an unknown module with NOT_FOUND', async (e) => {
    const moduleError = await storageErrorOf(e.createMigrationModule(42, 'orphan'));
    expect(moduleError.code).toBe('NOT_FOUND');
    const project = await e.createMigrationProject('p', 'python', 'go', null, null);
    const module = await e.createMigrationModule(project, 'm');
    const correctionError = await storageErrorOf(
      e.insertMigrationCorrection(module + 1, 's', 'o', 'c', null),
    );
    expect(correctionError.code).toBe('NOT_FOUND');
    // Nothing was written by the failed calls: the next ids continue from the successful rows.
    expect(await e.insertMigrationCorrection(module, 's', 'o', 'c', null)).toBe(1);
    expect(await e.createMigrationModule(project, 'n')).toBe(2);
  });
}
