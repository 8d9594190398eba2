import { describe, expectTypeOf, it } from 'vitest';
import {
  BATCH_ROW_SCHEMAS,
  type ConstraintRow,
  type DetectionRow,
  type DriftStorage,
  type EnvVariableRow,
  type IDriftAdvanced,
  type IDriftAnalysis,
  type IDriftBatchWriter,
  type IDriftEnforcement,
  type IDriftFiles,
  type IDriftReader,
  type IDriftServing,
  type IDriftStructural,
  type InsertRowSchema,
  type IWorkspaceStorage,
  type METHOD_ARGUMENT_SPECS,
  type MethodArgumentChecker,
  type MethodArgumentSpecs,
  methodArgumentChecker,
  type OutlierRow,
  type SecretRow,
  type StoreAssignedField,
} from '../src/index.js';
import {
  DRIFT_ADVANCED_ARGUMENTS,
  DRIFT_ANALYSIS_ARGUMENTS,
  DRIFT_BATCH_WRITER_ARGUMENTS,
  DRIFT_ENFORCEMENT_ARGUMENTS,
  DRIFT_FILES_ARGUMENTS,
  DRIFT_READER_ARGUMENTS,
  DRIFT_SERVING_ARGUMENTS,
  DRIFT_STRUCTURAL_ARGUMENTS,
  WORKSPACE_STORAGE_ARGUMENTS,
} from '../src/method-argument-specs.js';

/** A small interface standing in for the storage interfaces. */
interface Store {
  get(path: string): number;
  page(tier: string, afterId: string | null, limit: number): void;
  put(row: OutlierRow): void;
  putAll(rows: readonly DetectionRow[]): number;
  count(ids: readonly string[], hash: Uint8Array, flag: boolean): number;
}

const OUTLIER = BATCH_ROW_SCHEMAS.InsertOutliers;
const DETECTION = BATCH_ROW_SCHEMAS.InsertDetections;

describe('method argument tables', () => {
  it('every table is checked against its interface', () => {
    expectTypeOf(DRIFT_FILES_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftFiles>>();
    expectTypeOf(DRIFT_ANALYSIS_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftAnalysis>>();
    expectTypeOf(DRIFT_STRUCTURAL_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftStructural>>();
    expectTypeOf(DRIFT_ENFORCEMENT_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftEnforcement>>();
    expectTypeOf(DRIFT_ADVANCED_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftAdvanced>>();
    expectTypeOf(DRIFT_BATCH_WRITER_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftBatchWriter>>();
    expectTypeOf(DRIFT_READER_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftReader>>();
    expectTypeOf(DRIFT_SERVING_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IDriftServing>>();
    expectTypeOf(WORKSPACE_STORAGE_ARGUMENTS).toEqualTypeOf<MethodArgumentSpecs<IWorkspaceStorage>>();
    expectTypeOf<keyof typeof METHOD_ARGUMENT_SPECS>().toEqualTypeOf<
      keyof DriftStorage | keyof IDriftServing | keyof IWorkspaceStorage
    >();
    expectTypeOf(methodArgumentChecker).returns.toEqualTypeOf<MethodArgumentChecker>();
    expectTypeOf<MethodArgumentChecker>().toEqualTypeOf<(args: readonly unknown[]) => void>();
  });

  it('a well-formed table compiles', () => {
    const ok: MethodArgumentSpecs<Store> = {
      get: [['path', 'string']],
      page: [
        ['tier', 'string'],
        ['afterId', 'string?'],
        ['limit', 'uint'],
      ],
      put: [['row', 'row', OUTLIER]],
      putAll: [['rows', 'rows', DETECTION]],
      count: [
        ['ids', 'string[]'],
        ['hash', 'bytes'],
        ['flag', 'bool'],
      ],
    };
    expectTypeOf(ok.get).toEqualTypeOf<readonly [path: readonly [name: string, kind: 'string']]>();
  });

  it('a missing method, a wrong argument count or a misfit kind does not compile', () => {
    // @ts-expect-error 'count' is missing
    const missing: MethodArgumentSpecs<Store> = {
      get: [['path', 'string']],
      page: [
        ['tier', 'string'],
        ['afterId', 'string?'],
        ['limit', 'uint'],
      ],
      put: [['row', 'row', OUTLIER]],
      putAll: [['rows', 'rows', DETECTION]],
    };
    const wrong: MethodArgumentSpecs<Pick<Store, 'get' | 'page'>> = {
      // @ts-expect-error one argument too many
      get: [
        ['path', 'string'],
        ['extra', 'int'],
      ],
      // @ts-expect-error one argument too few
      page: [
        ['tier', 'string'],
        ['afterId', 'string?'],
      ],
    };
    const misfit: MethodArgumentSpecs<Pick<Store, 'get' | 'page'>> = {
      // @ts-expect-error a number kind for a string parameter
      get: [['path', 'int']],
      page: [
        ['tier', 'string'],
        // @ts-expect-error a nullable parameter needs 'string?'
        ['afterId', 'string'],
        ['limit', 'uint'],
      ],
    };
    expectTypeOf([missing, wrong, misfit]).toBeArray();
  });

  it('a row schema must name every field the store reads, with a fitting kind', () => {
    const rows: MethodArgumentSpecs<Pick<Store, 'put' | 'putAll'>> = {
      // @ts-expect-error the detection schema does not fit an outlier row
      put: [['row', 'row', DETECTION]],
      // @ts-expect-error a single row where the parameter is an array
      putAll: [['rows', 'row', DETECTION]],
    };
    const fields: MethodArgumentSpecs<Pick<Store, 'put'>> = {
      put: [
        [
          'row',
          'row',
          // @ts-expect-error 'method' is missing
          {
            patternId: 'string',
            file: 'string',
            line: 'int',
            deviationScore: 'real',
            significance: 'string',
          },
        ],
      ],
    };
    const kinds: MethodArgumentSpecs<Pick<Store, 'put'>> = {
      put: [
        [
          'row',
          'row',
          {
            patternId: 'string',
            file: 'string',
            // @ts-expect-error a line is a number
            line: 'string',
            deviationScore: 'real',
            significance: 'string',
            method: 'string',
          },
        ],
      ],
    };
    expectTypeOf([rows, fields, kinds]).toBeArray();
  });

  it('store-assigned fields are numeric ids and the stamps; string ids are required', () => {
    expectTypeOf<StoreAssignedField<DetectionRow>>().toEqualTypeOf<'id' | 'createdAt'>();
    expectTypeOf<StoreAssignedField<SecretRow>>().toEqualTypeOf<'id'>();
    expectTypeOf<StoreAssignedField<EnvVariableRow>>().toEqualTypeOf<'id' | 'createdAt'>();
    expectTypeOf<StoreAssignedField<ConstraintRow>>().toBeNever();
    expectTypeOf<keyof InsertRowSchema<ConstraintRow>>().toEqualTypeOf<keyof ConstraintRow>();
  });
});
