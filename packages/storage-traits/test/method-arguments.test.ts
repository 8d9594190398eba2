import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  type ArgumentSpec,
  type ConventionRow,
  checkMethodArguments,
  DRIFT_ADVANCED_METHODS,
  DRIFT_ANALYSIS_METHODS,
  DRIFT_BATCH_WRITER_METHODS,
  DRIFT_ENFORCEMENT_METHODS,
  DRIFT_FILES_METHODS,
  DRIFT_READER_METHODS,
  DRIFT_SERVING_METHODS,
  DRIFT_STRUCTURAL_METHODS,
  type DriftStorage,
  type FieldKind,
  type IDriftServing,
  type IWorkspaceStorage,
  isStorageError,
  METHOD_ARGUMENT_SPECS,
  methodArgumentChecker,
  type OutlierRow,
  type StorageError,
  type ViolationInsertRow,
  type ViolationRow,
  WORKSPACE_STORAGE_METHODS,
} from '../src/index.js';
import { sampleBytes, sampleRow } from '../src/testing/index.js';

type AllStorage = DriftStorage & IDriftServing & IWorkspaceStorage;
type MethodName = keyof AllStorage;

/** Each interface's method list, with the file that declares it. */
const INTERFACES = [
  ['IDriftFiles', 'drift-files.ts', DRIFT_FILES_METHODS],
  ['IDriftAnalysis', 'drift-analysis.ts', DRIFT_ANALYSIS_METHODS],
  ['IDriftStructural', 'drift-structural.ts', DRIFT_STRUCTURAL_METHODS],
  ['IDriftEnforcement', 'drift-enforcement.ts', DRIFT_ENFORCEMENT_METHODS],
  ['IDriftAdvanced', 'drift-advanced.ts', DRIFT_ADVANCED_METHODS],
  ['IDriftBatchWriter', 'drift-batch.ts', DRIFT_BATCH_WRITER_METHODS],
  ['IDriftReader', 'drift-reader.ts', DRIFT_READER_METHODS],
  ['IDriftServing', 'drift-serving.ts', DRIFT_SERVING_METHODS],
  ['IWorkspaceStorage', 'workspace.ts', WORKSPACE_STORAGE_METHODS],
] as const;

const ALL_METHODS: readonly MethodName[] = INTERFACES.flatMap(([, , list]) => list);
const specsOf = (method: MethodName): readonly ArgumentSpec[] => METHOD_ARGUMENT_SPECS[method];
const rowMethods = ALL_METHODS.filter((m) => specsOf(m).some((spec) => spec.length === 3));

/** Catches the StorageError thrown by `fn`, failing the test when it does not throw one. */
function storageErrorOf(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (error) {
    if (isStorageError(error)) return error;
    throw error;
  }
  throw new Error('expected a StorageError, nothing was thrown');
}

/** The INVALID_INPUT error of a call, checked to name the method. */
function rejection(method: string, args: readonly unknown[]): StorageError {
  const error = storageErrorOf(() => checkMethodArguments(method, args));
  expect(error.code).toBe('INVALID_INPUT');
  expect(error.operation).toBe(method);
  expect(error.message.startsWith(`${method}: `)).toBe(true);
  return error;
}

// ─── Well-formed arguments ──────────────────────────────────────────────────────────────────────

/** A value of each field kind; nullable kinds alternate between null and a value with `i`. */
function fieldValue(kind: FieldKind, i: number): unknown {
  const nullable = kind.endsWith('?');
  if (nullable && i % 2 === 1) return null;
  switch (kind) {
    case 'string':
    case 'string?':
      return `value ${i}`;
    case 'int':
    case 'int?':
      return 40 + i;
    case 'uint':
    case 'u32':
    case 'u32?':
      return 7 + i;
    case 'i32':
      return -3 + i;
    case 'real':
    case 'real?':
      return 0.25 + i;
    case 'bool':
      return i % 2 === 0;
    case 'bytes':
    case 'bytes?':
      return sampleBytes(i);
  }
}

/** A row with exactly the schema's fields (no store-assigned ones). */
const rowFromSchema = (schema: Readonly<Record<string, FieldKind>>, i: number) =>
  Object.fromEntries(Object.entries(schema).map(([field, kind]) => [field, fieldValue(kind, i)]));

/** A well-formed argument for a spec; `i` varies nullable values. */
function validArgument(spec: ArgumentSpec, i: number): unknown {
  if (spec.length === 3) {
    return spec[1] === 'row'
      ? rowFromSchema(spec[2], i)
      : [rowFromSchema(spec[2], 0), rowFromSchema(spec[2], 1)];
  }
  switch (spec[1]) {
    case 'string':
      return 'src/auth/login.ts';
    case 'string?':
      return i % 2 === 0 ? null : 'a note';
    case 'int':
      return -7;
    case 'uint':
      return 25;
    case 'u32':
      return 89;
    case 'i32':
      return -2;
    case 'real':
      return 0.75;
    case 'bool':
      return true;
    case 'bytes':
      return sampleBytes(7);
    case 'string[]':
      return ['auth/jwt-verify', 'sql/raw-query'];
  }
}

const validCall = (method: MethodName, i = 0) => specsOf(method).map((spec) => validArgument(spec, i));

const BASE_TIME = 1_763_000_000;

/** The trait row of a batch violation row (the trait names the column `column`). */
const traitViolation = ({ columnNum, ...rest }: ViolationInsertRow): ViolationRow => ({
  ...rest,
  column: columnNum,
});

/**
 * Calls of every row-taking method with full trait rows (store-assigned fields included), typed by
 * the interface so that the data are real rows; built from the sample rows where they fit.
 */
/** A read row, checked as `T`: what a caller holding rows it read back passes to an insert. */
const readRow = <T>(row: T): T => row;

const TRAIT_ROW_CALLS: { readonly [M in MethodName]?: Parameters<AllStorage[M]> } = {
  insertDetections: [
    [0, 1].map((i) => ({ ...sampleRow('InsertDetections', i), id: 0, createdAt: BASE_TIME + i })),
  ],
  upsertConfidence: [{ ...sampleRow('InsertPatternConfidence', 0), lastUpdated: BASE_TIME }],
  insertOutlier: [readRow<OutlierRow>({ ...sampleRow('InsertOutliers', 1), id: 0, createdAt: 0 })],
  insertConvention: [readRow<ConventionRow>({ ...sampleRow('InsertConventions', 1), id: 0 })],
  insertBoundaries: [[0, 1].map((i) => ({ ...sampleRow('InsertBoundaries', i), id: 0, createdAt: 0 }))],
  insertCallEdges: [[sampleRow('InsertCallEdges', 0), sampleRow('InsertCallEdges', 1)]],

  runRetention: [{ shortDays: 30, mediumDays: 90, longDays: 365 }],
  upsertPatternStatus: [
    {
      patternId: 'p-1',
      status: 'approved',
      approvedBy: 'user',
      approvedAt: BASE_TIME,
      confidenceAtApproval: 0.93,
      reason: null,
      updatedAt: BASE_TIME,
    },
  ],

  upsertCouplingMetrics: [sampleRow('InsertCouplingMetrics', 2)],
  upsertConstraint: [
    {
      id: 'no-db-in-ui',
      description: 'UI code must not import the database layer',
      invariantType: 'must_not_import',
      target: 'src/ui',
      scope: null,
      source: 'user',
      enabled: true,
    },
  ],
  upsertContract: [sampleRow('InsertContracts', 0)],
  insertContractMismatch: [{ ...sampleRow('InsertContractMismatches', 0), id: 0, createdAt: 0 }],
  insertSecret: [{ ...sampleRow('InsertSecrets', 0), id: null }],
  insertWrapper: [{ ...sampleRow('InsertWrappers', 1), id: null }],
  upsertDnaGene: [sampleRow('InsertDnaGenes', 1)],
  upsertDnaMutation: [{ ...sampleRow('InsertDnaMutations', 0), resolved: true, resolvedAt: BASE_TIME + 60 }],
  insertCryptoFinding: [{ ...sampleRow('InsertCryptoFindings', 0), id: null }],
  upsertOwaspFinding: [sampleRow('InsertOwaspFindings', 1)],
  insertDecompositionDecision: [{ ...sampleRow('InsertDecompositionDecisions', 0), id: null }],
  insertConstant: [{ ...sampleRow('InsertConstants', 0), id: 0, createdAt: 0 }],
  insertConstantsBatch: [[0, 1].map((i) => ({ ...sampleRow('InsertConstants', i), id: 0, createdAt: 0 }))],
  insertEnvVariable: [{ ...sampleRow('InsertEnvVariables', 1), id: null, createdAt: null }],
  insertEnvVariablesBatch: [
    [0, 1].map((i) => ({ ...sampleRow('InsertEnvVariables', i), id: null, createdAt: null })),
  ],
  insertDataAccess: [{ ...sampleRow('InsertDataAccess', 0), id: null }],
  insertDataAccessBatch: [[0, 1].map((i) => ({ ...sampleRow('InsertDataAccess', i), id: 5 + i }))],
  upsertReachability: [sampleRow('InsertReachabilityCache', 0)],
  insertTaintFlow: [{ ...sampleRow('InsertTaintFlows', 1), id: null }],
  insertErrorGap: [{ ...sampleRow('InsertErrorGaps', 0), id: null }],
  upsertImpactScore: [sampleRow('InsertImpactScores', 1)],
  insertTestCoverage: [
    { testFunctionId: 'fn:test_login', sourceFunctionId: 'fn:login', coverageType: 'direct' },
  ],
  upsertTestQuality: [sampleRow('InsertTestQuality', 0)],

  insertViolation: [traitViolation(sampleRow('InsertViolations', 0))],
  insertGateResult: [{ ...sampleRow('InsertGateResults', 0), runAt: 0 }],
  insertAuditSnapshot: [
    {
      healthScore: 81.5,
      avgConfidence: 0.74,
      approvalRatio: 0.5,
      complianceRate: 0.92,
      crossValidationRate: 0.3,
      duplicateFreeRate: 1,
      patternCount: 120,
      categoryScores: JSON.stringify({ security: 77 }),
      createdAt: 0,
    },
  ],
  insertFeedback: [
    {
      violationId: 'v-1',
      patternId: 'sql/raw-query',
      detectorId: 'security/sql',
      action: 'dismiss',
      dismissalReason: 'false_positive',
      reason: null,
      author: 'dev@example.com',
      createdAt: 0,
    },
  ],
  insertPolicyResult: [
    {
      id: 0,
      policyName: 'default',
      aggregationMode: 'all_must_pass',
      overallPassed: false,
      overallScore: 64.2,
      gateCount: 6,
      gatesPassed: 4,
      gatesFailed: 2,
      details: null,
      runAt: 0,
    },
  ],
  insertDegradationAlert: [{ ...sampleRow('InsertDegradationAlerts', 0), id: 0, createdAt: 0 }],
};

// ─── Malformed arguments ────────────────────────────────────────────────────────────────────────

/** A value of the wrong type (or out of domain) for each argument kind. */
const WRONG_ARGUMENT: Readonly<Record<ArgumentSpec[1], unknown>> = {
  string: 42,
  'string?': undefined,
  int: 1.5,
  uint: -1,
  u32: 2 ** 32,
  i32: 2 ** 31,
  real: '0.75',
  bool: 'true',
  bytes: 'deadbeef',
  'string[]': 'auth/jwt-verify',
  row: null,
  rows: { file: 'src/a.ts' },
};

/** A value of the wrong type for each row field kind (`undefined` is tested as a missing field). */
const WRONG_FIELD: Readonly<Record<FieldKind, unknown>> = {
  string: 7,
  'string?': 7,
  int: 2.5,
  'int?': '3',
  uint: -1,
  u32: -1,
  'u32?': 2 ** 32,
  i32: -(2 ** 31) - 1,
  real: '0.5',
  'real?': true,
  bool: 0,
  bytes: 'abc',
  'bytes?': [1, 2],
};

// ─── Tests ──────────────────────────────────────────────────────────────────────────────────────

describe('method argument specs', () => {
  // ALL_METHODS is built from the method-name lists, each exactly its interface's keys at compile time.
  it('cover exactly the methods of the eight interfaces and IDriftServing', () => {
    expect(Object.keys(METHOD_ARGUMENT_SPECS).sort()).toEqual([...ALL_METHODS].sort());
  });

  it.each(INTERFACES)('name the arguments of %s as its declaration does', (name, file, methods) => {
    const source = ts.createSourceFile(
      file,
      readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8'),
      ts.ScriptTarget.ES2022,
    );
    const declaration = source.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
    );
    expect(declaration).toBeDefined();
    const declared = new Map<string, string[]>();
    for (const member of declaration!.members) {
      if (ts.isMethodSignature(member)) {
        declared.set(
          member.name.getText(source),
          member.parameters.map((p) => p.name.getText(source)),
        );
      }
    }
    expect([...declared.keys()].sort()).toEqual([...methods].sort());
    for (const method of methods) {
      expect(
        specsOf(method).map((spec) => spec[0]),
        method,
      ).toEqual(declared.get(method));
    }
  });

  it('have a trait-row call for every method that takes rows', () => {
    expect(rowMethods.length).toBeGreaterThan(30);
    expect(rowMethods.filter((m) => TRAIT_ROW_CALLS[m] === undefined)).toEqual([]);
  });
});

describe.each(INTERFACES)('%s arguments', (_, __, methods) => {
  it.each([...methods])('%s accepts well-formed calls', (method) => {
    const check = methodArgumentChecker(method);
    expect(() => check(validCall(method, 0))).not.toThrow();
    expect(() => check(validCall(method, 1))).not.toThrow();
    const withTraitRows = TRAIT_ROW_CALLS[method];
    if (withTraitRows !== undefined) expect(() => check(withTraitRows)).not.toThrow();
  });

  it.each([...methods])('%s rejects a malformed argument or a wrong arity', (method) => {
    const specs = specsOf(method);
    const valid = validCall(method);
    specs.forEach((spec, i) => {
      const args = valid.with(i, WRONG_ARGUMENT[spec[1]]);
      expect(rejection(method, args).field).toBe(spec[0]);
    });
    expect(rejection(method, [...valid, 'extra']).field).toBeUndefined();
    if (specs.length > 0) expect(rejection(method, valid.slice(0, -1)).field).toBe(specs.at(-1)![0]);
  });
});

describe('row arguments', () => {
  it.each(rowMethods)('%s rejects a missing or wrongly typed field, naming it', (method) => {
    const specs = specsOf(method);
    const valid = validCall(method);
    specs.forEach((spec, i) => {
      if (spec.length !== 3) return;
      for (const [field, kind] of Object.entries(spec[2])) {
        const path = spec[1] === 'row' ? `${spec[0]}.${field}` : `${spec[0]}[1].${field}`;
        const good = rowFromSchema(spec[2], 0);
        const { [field]: _, ...missing } = good;
        const wrong = { ...good, [field]: WRONG_FIELD[kind] };
        for (const [bad, problem] of [
          [missing, 'is missing'],
          [{ ...good, [field]: undefined }, 'is missing'],
          [wrong, 'must be'],
        ] as const) {
          const arg = spec[1] === 'row' ? bad : [good, bad];
          const error = rejection(method, valid.with(i, arg));
          expect(error.field).toBe(path);
          expect(error.message).toContain(`${path} ${problem}`);
        }
      }
    });
  });

  it('accept rows with only the fields the store reads (no id or timestamps)', () => {
    expect(() =>
      checkMethodArguments('insertDetections', [
        [sampleRow('InsertDetections', 0), sampleRow('InsertDetections', 1)],
      ]),
    ).not.toThrow();
    expect(() => checkMethodArguments('insertGateResult', [sampleRow('InsertGateResults', 0)])).not.toThrow();
    // ...but the trait's pattern-confidence upsert binds the caller's last_updated (queries/patterns.rs
    // upsert_confidence): it is required there (this test expected it optional before).
    expect(rejection('upsertConfidence', [sampleRow('InsertPatternConfidence', 1)]).field).toBe(
      'row.lastUpdated',
    );
    expect(() =>
      checkMethodArguments('upsertConfidence', [
        { ...sampleRow('InsertPatternConfidence', 1), lastUpdated: -5 },
      ]),
    ).not.toThrow();
  });

  it('accept extra properties beyond the schema', () => {
    const row = { ...sampleRow('InsertOutliers', 0), id: 3, createdAt: 9, note: 'kept by the caller' };
    expect(() => checkMethodArguments('insertOutlier', [row])).not.toThrow();
  });

  it('require the caller-chosen string ids and the resolution state of a DNA mutation', () => {
    const { id: _, ...noId } = TRAIT_ROW_CALLS.upsertConstraint![0];
    expect(rejection('upsertConstraint', [noId]).field).toBe('row.id');
    const mutation = sampleRow('InsertDnaMutations', 0);
    expect(rejection('upsertDnaMutation', [mutation]).field).toBe('row.resolved');
  });

  it('check the trait field names, not the batch ones (violation column)', () => {
    const batchShaped = sampleRow('InsertViolations', 0);
    const error = rejection('insertViolation', [batchShaped]);
    expect(error.field).toBe('v.column');
    // drift-core/src/traits/storage/drift_enforcement.rs: ViolationRow.column is Option<u32>.
    expect(error.message).toBe(
      'insertViolation: v.column is missing (must be an integer from 0 to 4294967295 or null)',
    );
  });

  it('reject fractional integer fields and NaN in real fields, accept any other number', () => {
    const row = (patch: object) => [{ ...sampleRow('InsertDetections', 0), ...patch }];
    expect(rejection('insertDetections', [row({ line: 40.5 })]).message).toBe(
      'insertDetections: detections[0].line must be a safe integer, got the number 40.5',
    );
    for (const confidence of [Number.POSITIVE_INFINITY, -0, 1e300, -2.5]) {
      expect(() => checkMethodArguments('insertDetections', [row({ confidence })])).not.toThrow();
    }
    expect(rejection('insertDetections', [row({ confidence: '0.9' })]).field).toBe(
      'detections[0].confidence',
    );
    expect(rejection('insertDetections', [row({ confidence: Number.NaN })]).message).toBe(
      'insertDetections: detections[0].confidence must be a number (not NaN, which SQLite cannot store), got the number NaN',
    );
    const quality = { ...sampleRow('InsertTestQuality', 0), mockRatio: Number.NaN };
    expect(rejection('upsertTestQuality', [quality]).field).toBe('row.mockRatio');
    expect(() => checkMethodArguments('upsertTestQuality', [{ ...quality, mockRatio: null }])).not.toThrow();
  });

  it('reject a non-array where rows are expected, and a non-object row', () => {
    const one = sampleRow('InsertBoundaries', 0);
    const notArray = rejection('insertBoundaries', [one]);
    expect(notArray.field).toBe('boundaries');
    expect(notArray.message).toBe('insertBoundaries: boundaries must be an array of objects, got an object');
    for (const bad of [null, 'row', [one], sampleBytes(1), 3]) {
      expect(rejection('insertBoundaries', [[one, bad]]).field).toBe('boundaries[1]');
      expect(rejection('upsertCouplingMetrics', [bad]).field).toBe('row');
    }
    expect(rejection('upsertCouplingMetrics', [null]).message).toBe(
      'upsertCouplingMetrics: row must be an object, got null',
    );
    expect(() => checkMethodArguments('insertBoundaries', [[]])).not.toThrow();
  });

  it('reject a bad row after good ones, naming its index', () => {
    const rows = [0, 1, 2, 3].map((i) => sampleRow('InsertConstants', i));
    const bad = { ...rows[3]!, isUsed: 'yes' };
    const error = rejection('insertConstantsBatch', [[...rows.slice(0, 3), bad]]);
    expect(error.field).toBe('rows[3].isUsed');
    expect(error.message).toBe(
      'insertConstantsBatch: rows[3].isUsed must be a boolean, got the string "yes"',
    );
  });
});

describe('scalar arguments', () => {
  it('name the method, argument and the wrong type', () => {
    const error = rejection('getFileMetadata', [42]);
    expect(error.field).toBe('path');
    expect(error.message).toBe('getFileMetadata: path must be a string, got the number 42');
    for (const path of [null, undefined, ['src/a.ts'], { path: 'src/a.ts' }, sampleBytes(2), true]) {
      expect(rejection('getFileMetadata', [path]).field).toBe('path');
    }
    expect(rejection('getFileMetadata', [null]).message).toBe(
      'getFileMetadata: path must be a string, got null',
    );
    expect(rejection('getFileMetadata', [[]]).message).toBe(
      'getFileMetadata: path must be a string, got an empty array',
    );
  });

  it('reject negative, fractional, NaN, infinite, unsafe and non-number limits', () => {
    for (const method of ['queryAllDetections', 'queryRecentScans', 'getSimulations'] as const) {
      for (const limit of [-1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '10', 10n, null]) {
        expect(rejection(method, [limit]).field).toBe('limit');
      }
      for (const limit of [0, 1, 500, 2 ** 53 - 1])
        expect(() => checkMethodArguments(method, [limit])).not.toThrow();
    }
    expect(rejection('queryAllDetections', [-1]).message).toBe(
      'queryAllDetections: limit must be a non-negative safe integer, got the number -1',
    );
    expect(rejection('queryAllDetections', [Number.NaN]).message).toBe(
      'queryAllDetections: limit must be a non-negative safe integer, got the number NaN',
    );
    expect(rejection('queryHealthTrends', ['health', 0.5]).field).toBe('limit');
    expect(rejection('queryConfidenceByTier', ['Established', null, -5]).field).toBe('limit');
  });

  it('give each integer the domain of its Rust type: u32 CWE ids, i64 counts, ids and timestamps', () => {
    // drift-core/src/traits/storage/drift_analysis.rs: get_detections_by_cwe(cwe_id: u32);
    // drift_structural.rs: get_taint_flows_by_cwe(cwe_id: u32).
    expect(rejection('getDetectionsByCwe', [-89]).field).toBe('cweId');
    expect(rejection('getTaintFlowsByCwe', [89.5]).field).toBe('cweId');
    expect(rejection('getDetectionsByCwe', [2 ** 32]).message).toBe(
      'getDetectionsByCwe: cweId must be an integer from 0 to 4294967295, got the number 4294967296',
    );
    expect(() => checkMethodArguments('getDetectionsByCwe', [2 ** 32 - 1])).not.toThrow();
    // drift_files.rs: update_function_count(count: i64), update_file_error(error_count: i64);
    // drift_analysis.rs: update_scan_complete(total_files: i64, ...): negative counts are accepted.
    expect(() => checkMethodArguments('updateFunctionCount', ['src/a.ts', -1])).not.toThrow();
    expect(() => checkMethodArguments('updateFileError', ['src/a.ts', -2, null])).not.toThrow();
    expect(() =>
      checkMethodArguments('updateScanComplete', [1, 2, -1, 0, 0, 0, 0, 5, 'complete', null]),
    ).not.toThrow();
    expect(() => checkMethodArguments('getEdgesByCaller', [-3])).not.toThrow();
    expect(() => checkMethodArguments('insertScanStart', [-1, '/repo'])).not.toThrow();
    expect(rejection('getEdgesByCaller', [3.5]).field).toBe('callerId');
  });

  it('give i32 counts and u32 limits their ranges (drift_advanced.rs, drift_enforcement.rs)', () => {
    // insert_simulation(approach_count: i32), insert_context_cache(token_count: i32)
    const simulation = (count: number) => ['refactor', 'split', count, null, 1, 2, 3];
    expect(() => checkMethodArguments('insertSimulation', simulation(-1))).not.toThrow();
    expect(() => checkMethodArguments('insertSimulation', simulation(2 ** 31 - 1))).not.toThrow();
    expect(rejection('insertSimulation', simulation(2 ** 31)).message).toBe(
      'insertSimulation: approachCount must be an integer from -2147483648 to 2147483647, got the number 2147483648',
    );
    expect(rejection('insertContextCache', ['s', 'i', 'd', -(2 ** 31) - 1, 'h']).field).toBe('tokenCount');
    // query_audit_snapshots(limit: u32), query_health_trends(metric_name, limit: u32)
    expect(rejection('queryAuditSnapshots', [2 ** 32]).field).toBe('limit');
    expect(rejection('queryHealthTrends', ['health', 2 ** 32]).field).toBe('limit');
    // drift-napi bindings/cloud.rs: drift_cloud_read_rows(limit: Option<u32>)
    expect(rejection('readTableRows', ['violations', 0, 2 ** 32]).field).toBe('limit');
    // retention.rs: RetentionPolicy { short_days: u32, ... }
    expect(rejection('runRetention', [{ shortDays: 2 ** 32, mediumDays: 90, longDays: 365 }]).field).toBe(
      'policy.shortDays',
    );
  });

  it('refuse row integers the reference could not read back as its u32 row fields', () => {
    // drift-storage/src/queries/enforcement.rs ViolationRow: line u32, column Option<u32>,
    // cwe_id Option<u32>; GateResultRow: violation_count u32, execution_time_ms u64.
    const violation = { ...sampleRow('InsertViolations', 0), column: 3 };
    for (const [field, value] of [
      ['line', -1],
      ['line', 2 ** 32],
      ['column', -1],
      ['endLine', 2 ** 32],
      ['cweId', -89],
    ] as const) {
      expect(rejection('insertViolation', [{ ...violation, [field]: value }]).field).toBe(`v.${field}`);
    }
    expect(() =>
      checkMethodArguments('insertViolation', [{ ...violation, line: 2 ** 32 - 1, column: null }]),
    ).not.toThrow();
    const gate = sampleRow('InsertGateResults', 0);
    expect(rejection('insertGateResult', [{ ...gate, violationCount: 2 ** 32 }]).field).toBe(
      'g.violationCount',
    );
    expect(rejection('insertGateResult', [{ ...gate, executionTimeMs: -1 }]).field).toBe('g.executionTimeMs');
    expect(() =>
      checkMethodArguments('insertGateResult', [{ ...gate, executionTimeMs: 2 ** 40 }]),
    ).not.toThrow();
    // queries/graph.rs TaintFlowRow: source_line u32, cwe_id Option<u32>; ImpactScoreRow: blast_radius u32
    const flow = sampleRow('InsertTaintFlows', 0);
    expect(rejection('insertTaintFlow', [{ ...flow, sinkLine: -5 }]).field).toBe('row.sinkLine');
    expect(rejection('insertTaintFlow', [{ ...flow, cweId: 2 ** 32 }]).field).toBe('row.cweId');
    const impact = sampleRow('InsertImpactScores', 0);
    expect(rejection('upsertImpactScore', [{ ...impact, blastRadius: -1 }]).field).toBe('row.blastRadius');
    // queries/structural.rs CouplingMetricsRow: ce u32, ca u32
    const metrics = sampleRow('InsertCouplingMetrics', 0);
    expect(rejection('upsertCouplingMetrics', [{ ...metrics, ca: 2 ** 32 }]).field).toBe('row.ca');
    // i64 in both the insert and the read row (queries/detections.rs DetectionRecord.line): any safe integer
    const detection = { ...sampleRow('InsertDetections', 0), line: -(2 ** 40) };
    expect(() => checkMethodArguments('insertDetections', [[detection]])).not.toThrow();
  });

  it('require null, not undefined, for a nullable string', () => {
    const error = rejection('queryConfidenceByTier', ['Established', undefined, 10]);
    expect(error.field).toBe('afterId');
    expect(error.message).toBe('queryConfidenceByTier: afterId must be a string or null, got undefined');
    expect(() => checkMethodArguments('queryConfidenceByTier', ['Established', null, 10])).not.toThrow();
    expect(() =>
      checkMethodArguments('queryConfidenceByTier', ['Established', 'pattern/0003', 10]),
    ).not.toThrow();
    expect(rejection('updateFileError', ['src/a.ts', 1, undefined]).field).toBe('errorMsg');
  });

  it('accept any number but NaN for real arguments, and no numeric string', () => {
    for (const value of [0, -2.5, Number.NEGATIVE_INFINITY, Number.MAX_VALUE]) {
      expect(() => checkMethodArguments('insertHealthTrend', ['health', value])).not.toThrow();
    }
    expect(rejection('insertHealthTrend', ['health', '0.5']).message).toBe(
      'insertHealthTrend: metricValue must be a number (not NaN, which SQLite cannot store), got the string "0.5"',
    );
    expect(rejection('insertHealthTrend', ['health', Number.NaN]).field).toBe('metricValue');
    expect(rejection('insertDecision', ['arch', 'split', null, Number.NaN, null, null, null]).field).toBe(
      'confidence',
    );
  });

  it('accept a Uint8Array (and a Buffer) for bytes, nothing else', () => {
    expect(() => checkMethodArguments('getParseCacheByHash', [Buffer.from('abc')])).not.toThrow();
    expect(() => checkMethodArguments('sendRaw', ['InsertDetections', new Uint8Array(0)])).not.toThrow();
    for (const bad of ['abc', [1, 2, 3], new Uint16Array(2), new ArrayBuffer(4), null]) {
      expect(rejection('invalidateParseCache', [bad]).field).toBe('contentHash');
    }
  });

  it('check every element of a string array', () => {
    expect(() => checkMethodArguments('countMatchingPatterns', [[]])).not.toThrow();
    const error = rejection('countMatchingPatterns', [['auth/jwt', 3, 'x']]);
    expect(error.field).toBe('patternIds[1]');
    expect(error.message).toBe('countMatchingPatterns: patternIds[1] must be a string, got the number 3');
    expect(rejection('countMatchingPatterns', ['auth/jwt']).message).toBe(
      'countMatchingPatterns: patternIds must be an array of strings, got the string "auth/jwt"',
    );
  });

  it('refuse strings that are not well-formed Unicode, naming the argument and the position', () => {
    const cut = '😀'.slice(0, 1); // what .slice() leaves of an emoji cut in the middle
    const error = rejection('getFileMetadata', [`src/${cut}.ts`]);
    expect(error.field).toBe('path');
    expect(error.message).toBe(
      'getFileMetadata: path must be well-formed Unicode text, got a string with a lone surrogate (U+D83D) at index 4',
    );
    expect(rejection('queryConfidenceByTier', ['Established', '\udc00x', 10]).field).toBe('afterId');
    expect(rejection('countMatchingPatterns', [['ok', `x${cut}`]]).field).toBe('patternIds[1]');
    const detection = { ...sampleRow('InsertDetections', 0), matchedText: `a${cut}` };
    expect(rejection('insertDetections', [[detection]]).field).toBe('detections[0].matchedText');
    expect(() => checkMethodArguments('getFileMetadata', ['src/😀/ütil/日本.ts'])).not.toThrow();
  });

  it('check booleans strictly', () => {
    expect(rejection('insertConstraintVerification', ['c1', 1, '[]']).field).toBe('passed');
    expect(() => checkMethodArguments('insertConstraintVerification', ['c1', false, '[]'])).not.toThrow();
  });
});

describe('arity', () => {
  it('names the first missing argument of a short call', () => {
    const error = rejection('getFileMetadata', []);
    expect(error.field).toBe('path');
    expect(error.message).toBe('getFileMetadata: path is missing (expected 1 argument, got 0)');
    expect(rejection('updateFileError', ['src/a.ts', 1]).field).toBe('errorMsg');
    expect(rejection('updateScanComplete', [1, 2]).message).toBe(
      'updateScanComplete: totalFiles is missing (expected 10 arguments, got 2)',
    );
  });

  it('rejects extra arguments, even undefined ones', () => {
    expect(rejection('countFiles', [undefined]).message).toBe('countFiles: expected 0 arguments, got 1');
    expect(rejection('getReachability', ['fn:1', 'forward', 'x']).message).toBe(
      'getReachability: expected 2 arguments (sourceNode, direction), got 3',
    );
    expect(rejection('getFileMetadata', ['src/a.ts', undefined]).field).toBeUndefined();
  });
});

describe('methodArgumentChecker', () => {
  it('returns one precompiled checker per method', () => {
    expect(methodArgumentChecker('getFileMetadata')).toBe(methodArgumentChecker('getFileMetadata'));
    expect(methodArgumentChecker('countFiles')([])).toBeUndefined();
  });

  it('throws a plain Error at lookup for a method with no spec', () => {
    for (const name of ['dropAllTables', 'toString', 'constructor', '__proto__', 'sendBatch', 'close', '']) {
      let thrown: unknown;
      try {
        methodArgumentChecker(name);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(isStorageError(thrown)).toBe(false);
      expect((thrown as Error).message).toContain(JSON.stringify(name));
    }
    expect(() => checkMethodArguments('dropAllTables', [])).toThrow(/no argument spec/);
  });

  it('does not modify the arguments it checks', () => {
    const rows = [sampleRow('InsertCallEdges', 0)];
    const args = Object.freeze([Object.freeze(rows)]);
    expect(() => checkMethodArguments('insertCallEdges', args)).not.toThrow();
  });
});
