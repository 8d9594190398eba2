import type { DriftStorageEngine } from '@drift/storage-sqlite';
import type { Async, IDriftReader } from '@drift/storage-traits';
import type { DriftReaderStub } from '@drift/storage-traits/testing';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AsyncReadOnlyDriftReader,
  asyncReadOnlyReader,
  createGroundingBridge,
  type ReadOnlyDriftReader,
  readOnlyReader,
} from '../src/index.js';

declare const engine: DriftStorageEngine;
declare const stub: DriftReaderStub;
declare const remote: Async<IDriftReader>;

describe('the read-only view, by type', () => {
  it('has exactly the reader methods', () => {
    expectTypeOf<keyof ReadOnlyDriftReader>().toEqualTypeOf<keyof IDriftReader>();
    expectTypeOf<keyof AsyncReadOnlyDriftReader>().toEqualTypeOf<keyof IDriftReader>();
    expectTypeOf(readOnlyReader(engine)).toEqualTypeOf<ReadOnlyDriftReader>();
    expectTypeOf(readOnlyReader(stub)).toEqualTypeOf<ReadOnlyDriftReader>();
    expectTypeOf(readOnlyReader(remote)).toEqualTypeOf<AsyncReadOnlyDriftReader>();
    expectTypeOf(asyncReadOnlyReader(engine)).toEqualTypeOf<AsyncReadOnlyDriftReader>();
    expectTypeOf(readOnlyReader(engine).patternConfidence).returns.toEqualTypeOf<number | null>();
    expectTypeOf(readOnlyReader(remote).patternConfidence).returns.toEqualTypeOf<Promise<number | null>>();
  });

  it('does not compile a write', () => {
    const view = readOnlyReader(engine);
    // @ts-expect-error insertDetections is a write of the engine, not part of the read-only view
    view.insertDetections([]);
    // @ts-expect-error sendBatch is not part of the read-only view
    view.sendBatch({ type: 'InsertDetections', rows: [] });
    // @ts-expect-error close is not part of the read-only view
    view.close();
    // @ts-expect-error the view's methods cannot be replaced
    view.patternConfidence = () => 1;
    const asyncView = asyncReadOnlyReader(engine);
    // @ts-expect-error upsertConfidence is not part of the asynchronous view either
    void asyncView.upsertConfidence;
    const bridge = createGroundingBridge(engine);
    // @ts-expect-error the bridge keeps only the read-only view
    bridge.reader.insertFeedback;
    expectTypeOf(view).not.toHaveProperty('insertDetections');
    expectTypeOf(bridge.reader).not.toHaveProperty('insertFeedback');
  });
});
