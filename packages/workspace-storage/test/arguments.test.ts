// Argument and option checks speak the seam's vocabulary: `<operation>: <field> must be <expected>,
// got <describeValue(value)>` (an article, the value's kind, a capped quote), as INVALID_INPUT naming
// the operation and the field; the empty string is a string.
import { describe, expect, it } from 'vitest';
import { SqliteWorkspaceStorage } from '../src/index.js';
import { initialized, tempDir } from './helpers.js';

/** The error `run` throws (the test fails when it throws nothing). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('argument checks', () => {
  it('open: the root and each option, by what the value is', () => {
    expect(thrown(() => SqliteWorkspaceStorage.open(5 as never))).toMatchObject({
      code: 'INVALID_INPUT',
      operation: 'SqliteWorkspaceStorage.open',
      field: 'root',
      message: 'SqliteWorkspaceStorage.open: root must be a string, got the number 5',
    });
    expect(thrown(() => SqliteWorkspaceStorage.open(tempDir(), { busyTimeoutMs: -1 }))).toMatchObject({
      code: 'INVALID_INPUT',
      operation: 'open',
      field: 'options.busyTimeoutMs',
      message:
        'SqliteWorkspaceStorage.open: options.busyTimeoutMs must be a non-negative integer, got the number -1',
    });
    expect(thrown(() => SqliteWorkspaceStorage.open(tempDir(), { backup: null as never }))).toMatchObject({
      field: 'options.backup',
      message: 'SqliteWorkspaceStorage.open: options.backup must be an object, got null',
    });
  });

  it('workspace operations: types, enumerations, records, functions', () => {
    const storage = initialized();
    expect(thrown(() => storage.resolveProject(null as never))).toMatchObject({
      code: 'INVALID_INPUT',
      operation: 'resolveProject',
      field: 'identifier',
      message: 'resolveProject: identifier must be a string, got null',
    });
    expect(thrown(() => storage.acquireLock('exclusive' as never))).toMatchObject({
      field: 'mode',
      message: `acquireLock: mode must be 'read' or 'write', got the string "exclusive"`,
    });
    expect(thrown(() => storage.createBackup('nightly' as never))).toMatchObject({
      field: 'reason',
      message:
        'createBackup: reason must be one of version_upgrade, schema_migration, user_requested, pre_destructive, scheduled, auto_save, ci_export, got the string "nightly"',
    });
    expect(thrown(() => storage.garbageCollect({ retentionDays: 1.5 }))).toMatchObject({
      operation: 'garbageCollect',
      field: 'options.retentionDays',
      message: 'garbageCollect: options.retentionDays must be a non-negative integer, got the number 1.5',
    });
    expect(thrown(() => storage.garbageCollect({ dryRun: 'yes' as never }))).toMatchObject({
      field: 'options.dryRun',
      message: 'garbageCollect: options.dryRun must be a boolean, got the string "yes"',
    });
    expect(
      thrown(() =>
        storage.recordMigration({
          fromVersion: undefined as never,
          toVersion: 1,
          durationMs: 0,
          success: true,
          errorMessage: null,
        }),
      ),
    ).toMatchObject({
      field: 'record.fromVersion',
      message: 'recordMigration: record.fromVersion must be a non-negative integer, got undefined',
    });
    expect(thrown(() => storage.registerPackages({} as never))).toMatchObject({
      field: 'packages',
      message: 'registerPackages: packages must be an array, got an object',
    });
    expect(thrown(() => storage.registerPackages([{ name: 'a', path: 7 }] as never))).toMatchObject({
      field: 'packages[0].path',
      message: 'registerPackages: packages[0].path must be a string, got the number 7',
    });
    expect(thrown(() => storage.performDestructiveOperation('purge', 'DELETE', 5 as never))).toMatchObject({
      operation: 'purge',
      field: 'operation',
      message: 'performDestructiveOperation: operation must be a function, got the number 5',
    });
  });

  it('a huge value is described by its length, never echoed whole', () => {
    const huge = 'x'.repeat(100_000);
    const error = thrown(() => initialized().acquireLock(huge as never)) as Error;
    expect(error.message).toMatch(
      /^acquireLock: mode must be 'read' or 'write', got a string of 100000 characters \(/,
    );
    expect(error.message.length).toBeLessThan(400);
  });

  it('the empty string is a string: it reaches the operation, which decides', () => {
    const storage = initialized();
    expect(thrown(() => storage.resolveProject(''))).toMatchObject({ code: 'NOT_FOUND' });
    expect(storage.initialize('').isNew).toBe(false);
  });
});
