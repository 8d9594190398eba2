import type {
  Async,
  DriftStorage,
  DriftStorageBackend,
  IDriftAdvanced,
  IDriftAnalysis,
  IDriftBatchWriter,
  IDriftEnforcement,
  IDriftFiles,
  IDriftReader,
  IDriftServing,
  IDriftStructural,
} from '@drift/storage-traits';
import { describe, expectTypeOf, it } from 'vitest';
import { DriftStorageEngine, type DriftViews } from '../src/index.js';

// CT0-B-16: the engine implements all seven drift interfaces (checked by the compiler).
function assertAll(
  _: IDriftFiles &
    IDriftAnalysis &
    IDriftStructural &
    IDriftEnforcement &
    IDriftAdvanced &
    IDriftBatchWriter &
    IDriftReader,
): void {}

describe('DriftStorageEngine types', () => {
  it('is assignable to every drift interface and to DriftStorageBackend', () => {
    const engine = DriftStorageEngine.openInMemory();
    assertAll(engine);
    expectTypeOf(engine).toExtend<DriftStorage>();
    expectTypeOf(engine).toExtend<DriftStorageBackend>();
    expectTypeOf(engine).toExtend<IDriftServing>();
    expectTypeOf<ReturnType<DriftStorageEngine['readTableRows']>>().toEqualTypeOf<
      ReturnType<IDriftServing['readTableRows']>
    >();
    expectTypeOf<ReturnType<DriftStorageEngine['getFileMetadata']>>().toEqualTypeOf<
      ReturnType<IDriftFiles['getFileMetadata']>
    >();
  });

  it('types each query member as its interface method, from the query it runs', () => {
    expectTypeOf<DriftStorageEngine['getFunctionsByFile']>().toEqualTypeOf<
      IDriftAnalysis['getFunctionsByFile']
    >();
    expectTypeOf<DriftStorageEngine['insertDetections']>().toEqualTypeOf<
      IDriftAnalysis['insertDetections']
    >();
    expectTypeOf<DriftStorageEngine['queryViolationsPage']>().toEqualTypeOf<
      DriftViews['queryViolationsPage']
    >();
  });

  it('has no public way to reach a connection', () => {
    // @ts-expect-error there is no connection accessor
    DriftStorageEngine.openInMemory().withReader;
    // @ts-expect-error nor a writer accessor
    DriftStorageEngine.openInMemory().withWriter;
  });

  it('adapts to the async view used by network-ready code', () => {
    expectTypeOf<Async<DriftStorage>['countFiles']>().returns.toEqualTypeOf<Promise<number>>();
  });
});
