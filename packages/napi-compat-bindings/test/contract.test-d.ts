import { keyList } from '@drift/storage-traits';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type BridgeStatusResult,
  type ConfidenceResult,
  type CreateDriftNapiOptions,
  createDriftNapi,
  DRIFT_NAPI_FUNCTIONS,
  type DriftNapi,
  type DriftNapiFunctionName,
  type GcResult,
  type JsAnalysisResult,
  type JsApprovePatternResult,
  type JsFeedbackInput,
  type ProgressCallback,
  type ScanOptions,
  type ScanSummary,
  type StorageFactory,
} from '../src/index.js';

describe('DriftNapi contract types', () => {
  it('the name list is exactly the keys of DriftNapi', () => {
    expectTypeOf<(typeof DRIFT_NAPI_FUNCTIONS)[number]>().toEqualTypeOf<keyof DriftNapi>();
    expectTypeOf<DriftNapiFunctionName>().toEqualTypeOf<keyof DriftNapi>();
  });

  it('a list missing a function does not compile', () => {
    const [, ...withoutFirst] = DRIFT_NAPI_FUNCTIONS;
    // @ts-expect-error driftInitialize is missing
    keyList<DriftNapi>()(withoutFirst);
    // @ts-expect-error not a DriftNapi function
    keyList<DriftNapi>()([...DRIFT_NAPI_FUNCTIONS, 'driftNope'] as const);
  });

  it('createDriftNapi returns a DriftNapi from a storage factory', () => {
    expectTypeOf(createDriftNapi).parameter(0).toEqualTypeOf<CreateDriftNapiOptions>();
    expectTypeOf(createDriftNapi).returns.toEqualTypeOf<DriftNapi>();
    expectTypeOf<CreateDriftNapiOptions['storageFactory']>().toEqualTypeOf<StorageFactory>();
  });

  it('lifecycle signatures', () => {
    expectTypeOf<DriftNapi['driftInitialize']>().toEqualTypeOf<
      (dbPath?: string, projectRoot?: string, configToml?: string, cortexDbPath?: string) => void
    >();
    expectTypeOf<DriftNapi['driftShutdown']>().toEqualTypeOf<() => void>();
    expectTypeOf<DriftNapi['driftIsInitialized']>().toEqualTypeOf<() => boolean>();
    expectTypeOf<DriftNapi['driftGC']>().toEqualTypeOf<
      (shortDays?: number, mediumDays?: number, longDays?: number) => GcResult
    >();
    expectTypeOf<GcResult>().toEqualTypeOf<{
      totalDeleted: number;
      durationMs: number;
      perTable: { table: string; deleted: number }[];
    }>();
  });

  it('sync and async functions keep the contract split', () => {
    expectTypeOf<DriftNapi['driftScan']>().toEqualTypeOf<
      (root: string, options?: ScanOptions) => Promise<ScanSummary>
    >();
    expectTypeOf<DriftNapi['driftScanWithProgress']>().toEqualTypeOf<
      (root: string, options: ScanOptions | undefined, onProgress: ProgressCallback) => Promise<ScanSummary>
    >();
    expectTypeOf<DriftNapi['driftAnalyze']>().returns.toEqualTypeOf<Promise<JsAnalysisResult[]>>();
    expectTypeOf<DriftNapi['driftSimulate']>().returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf<DriftNapi['driftConfidence']>().returns.toEqualTypeOf<ConfidenceResult>();
    expectTypeOf<DriftNapi['driftBridgeStatus']>().toEqualTypeOf<() => BridgeStatusResult>();
    expectTypeOf<DriftNapi['driftCloudReadRows']>().toEqualTypeOf<
      (table: string, db: string, afterCursor?: number, limit?: number) => unknown[]
    >();
  });

  it('null appears only where the contract spells it', () => {
    expectTypeOf<DriftNapi['driftApprovePattern']>().toEqualTypeOf<
      (patternId: string, status: string, reason: string | null) => JsApprovePatternResult
    >();
    expectTypeOf<DriftNapi['driftPatternStatus']>().parameter(0).toEqualTypeOf<string | null>();
    expectTypeOf<JsFeedbackInput>().toEqualTypeOf<{ violationId: string; action: string; reason?: string }>();
  });
});
