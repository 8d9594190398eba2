import type { Async, DriftStorageBackend, IDriftReader } from '@drift/storage-traits';
import type { Blocking, BlockingStorage } from '@drift/storage-traits/sync';
import { describe, expectTypeOf, it } from 'vitest';

describe('Blocking<T>', () => {
  it('undoes Async<T>: the blocking view of an async backend is a DriftStorageBackend', () => {
    expectTypeOf<Blocking<Async<DriftStorageBackend>>>().toExtend<DriftStorageBackend>();
    expectTypeOf<BlockingStorage>().toExtend<DriftStorageBackend>();
    expectTypeOf<Blocking<Async<IDriftReader>>['patternConfidence']>().toEqualTypeOf<
      (patternId: string) => number | null
    >();
  });

  it('keeps only methods, and their return values unwrapped', () => {
    type Mixed = { run(x: number): Promise<string>; label: string };
    expectTypeOf<Blocking<Mixed>>().toEqualTypeOf<{ run: (x: number) => string }>();
    expectTypeOf<BlockingStorage['close']>().toEqualTypeOf<() => void>();
    expectTypeOf<BlockingStorage['exited']>().toEqualTypeOf<Promise<number>>();
  });
});
