import { describe, expectTypeOf, it } from 'vitest';
import {
  type DRIFT_ADVANCED_METHODS,
  type DRIFT_ANALYSIS_METHODS,
  type DRIFT_BATCH_WRITER_METHODS,
  type DRIFT_ENFORCEMENT_METHODS,
  type DRIFT_FILES_METHODS,
  type DRIFT_READER_METHODS,
  type DRIFT_STORAGE_METHODS,
  type DRIFT_STRUCTURAL_METHODS,
  type DriftStorage,
  type IDriftAdvanced,
  type IDriftAnalysis,
  type IDriftBatchWriter,
  type IDriftEnforcement,
  type IDriftFiles,
  type IDriftReader,
  type IDriftStructural,
  type IWorkspaceStorage,
  keyList,
  type WORKSPACE_STORAGE_METHODS,
  type WRITE_STATS_KEYS,
  type WriteStats,
} from '../src/index.js';

describe('method-name lists equal the interface keys', () => {
  it('for every interface', () => {
    expectTypeOf<(typeof DRIFT_FILES_METHODS)[number]>().toEqualTypeOf<keyof IDriftFiles>();
    expectTypeOf<(typeof DRIFT_ANALYSIS_METHODS)[number]>().toEqualTypeOf<keyof IDriftAnalysis>();
    expectTypeOf<(typeof DRIFT_STRUCTURAL_METHODS)[number]>().toEqualTypeOf<keyof IDriftStructural>();
    expectTypeOf<(typeof DRIFT_ENFORCEMENT_METHODS)[number]>().toEqualTypeOf<keyof IDriftEnforcement>();
    expectTypeOf<(typeof DRIFT_ADVANCED_METHODS)[number]>().toEqualTypeOf<keyof IDriftAdvanced>();
    expectTypeOf<(typeof DRIFT_BATCH_WRITER_METHODS)[number]>().toEqualTypeOf<keyof IDriftBatchWriter>();
    expectTypeOf<(typeof DRIFT_READER_METHODS)[number]>().toEqualTypeOf<keyof IDriftReader>();
    expectTypeOf<(typeof WORKSPACE_STORAGE_METHODS)[number]>().toEqualTypeOf<keyof IWorkspaceStorage>();
    expectTypeOf<(typeof DRIFT_STORAGE_METHODS)[number]>().toEqualTypeOf<keyof DriftStorage>();
    expectTypeOf<(typeof WRITE_STATS_KEYS)[number]>().toEqualTypeOf<keyof WriteStats>();
  });

  it('a list missing a method or naming an extra one does not compile', () => {
    interface Two {
      a(): void;
      b(): void;
    }
    keyList<Two>()(['a', 'b'] as const);
    // @ts-expect-error 'b' is missing
    keyList<Two>()(['a'] as const);
    // @ts-expect-error 'c' is not a key of Two
    keyList<Two>()(['a', 'b', 'c'] as const);
  });
});
