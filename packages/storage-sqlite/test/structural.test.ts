import {
  type ConstantRow,
  type ConstraintRow,
  type ContractMismatchRow,
  type ContractRow,
  type CouplingMetricsRow,
  type CryptoFindingRow,
  type DataAccessRow,
  type DecompositionDecisionRow,
  type DnaGeneRow,
  type DnaMutationRow,
  DRIFT_STRUCTURAL_METHODS,
  type EnvVariableRow,
  type ErrorGapRow,
  type IDriftStructural,
  type ImpactScoreRow,
  isStorageError,
  type OwaspFindingRow,
  type ReachabilityCacheRow,
  type SecretRow,
  type StorageErrorCode,
  type TaintFlowRow,
  type TestQualityRow,
  type WrapperRow,
} from '@drift/storage-traits';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { type StructuralCoverage, structuralReads, structuralWrites } from '../src/queries/structural.js';
import { tempDbPath } from './helpers/temp.js';

// Values chosen to break lossy storage: integers past 2^31 (and past 2^32), unicode outside the BMP,
// combining marks, empty strings, and fractional reals.
const BIG = 2 ** 31 + 7;
const HUGE = 2 ** 40 + 3;
/** The largest u32: the reference reads lines, counts and CWE ids of these rows as u32 (queries/*.rs). */
const U32_MAX = 2 ** 32 - 1;
const UNI = 'modülé/数据/🚀/e\u0301';

function nowSecs(): number {
  return Math.floor(Date.now() / 1000);
}

/** Runs `fn`, expecting it to throw a StorageError with `code`; returns the error. */
function expectStorageError(fn: () => unknown, code: StorageErrorCode): Error {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected the call to throw').toBeDefined();
  expect(isStorageError(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe(code);
  return caught as Error;
}

/** Sorts a copy of rows by a string key, for queries the reference leaves unordered. */
function by<T>(rows: readonly T[], key: (row: T) => string | number): T[] {
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

// ── sample rows ──

const metrics = (
  module: string,
  distance: number,
  over: Partial<CouplingMetricsRow> = {},
): CouplingMetricsRow => ({
  module,
  ce: BIG,
  ca: 3,
  instability: 0.625,
  abstractness: 0.125,
  distance,
  zone: 'main_sequence',
  ...over,
});

const constraint = (id: string, over: Partial<ConstraintRow> = {}): ConstraintRow => ({
  id,
  description: `${UNI} must hold`,
  invariantType: 'must_not_import',
  target: 'src/ui',
  scope: 'packages/app',
  source: 'user',
  enabled: true,
  ...over,
});

const contract = (id: string, over: Partial<ContractRow> = {}): ContractRow => ({
  id,
  paradigm: 'rest',
  sourceFile: `src/${UNI}.ts`,
  framework: 'express',
  confidence: 0.875,
  endpoints: '[{"method":"GET","path":"/ünï"}]',
  ...over,
});

const mismatch = (n: number, over: Partial<ContractMismatchRow> = {}): ContractMismatchRow => ({
  id: 9000 + n,
  backendEndpoint: `GET /api/${n}`,
  frontendCall: `fetch('/api/${n}') ${UNI}`,
  mismatchType: 'field_missing',
  severity: 'high',
  message: `mismatch ${n}`,
  createdAt: 12,
  ...over,
});

const secret = (n: number, over: Partial<SecretRow> = {}): SecretRow => ({
  id: null,
  patternName: 'aws_access_key',
  redactedValue: `AKIA****${n}${UNI}`,
  file: 'src/config.ts',
  line: BIG + n,
  severity: 'critical',
  entropy: 4.75,
  confidence: 0.9375,
  cweIds: '798,259',
  ...over,
});

const wrapper = (n: number, over: Partial<WrapperRow> = {}): WrapperRow => ({
  id: null,
  name: `useThing${n}`,
  file: 'src/hooks.ts',
  line: BIG + n,
  category: 'state',
  wrappedPrimitives: '["useState","useEffect"]',
  framework: 'react',
  confidence: 0.5,
  isMultiPrimitive: true,
  isExported: false,
  usageCount: U32_MAX,
  ...over,
});

const gene = (geneId: string, over: Partial<DnaGeneRow> = {}): DnaGeneRow => ({
  geneId,
  name: `gene ${UNI}`,
  description: 'naming of handlers',
  dominantAllele: 'camelCase',
  alleles: '[{"name":"camelCase","frequency":0.8}]',
  confidence: 0.8,
  consistency: 0.75,
  exemplars: '["src/a.ts:1"]',
  ...over,
});

const mutation = (id: string, over: Partial<DnaMutationRow> = {}): DnaMutationRow => ({
  id,
  file: `src/${UNI}.ts`,
  line: BIG,
  geneId: 'g-naming',
  expected: 'camelCase',
  actual: 'snake_case',
  impact: 'low',
  code: 'const my_var = 1;',
  suggestion: 'rename to myVar',
  detectedAt: HUGE,
  resolved: false,
  resolvedAt: null,
  ...over,
});

const crypto = (n: number, over: Partial<CryptoFindingRow> = {}): CryptoFindingRow => ({
  id: null,
  file: 'src/hash.ts',
  line: BIG + n,
  category: 'weak_hash',
  description: `md5 ${UNI}`,
  code: "createHash('md5')",
  confidence: 0.99,
  cweId: 327,
  owasp: 'A02:2021',
  remediation: 'use sha256',
  language: 'typescript',
  ...over,
});

const owasp = (id: string, over: Partial<OwaspFindingRow> = {}): OwaspFindingRow => ({
  id,
  detector: 'sqli',
  file: 'src/db.ts',
  line: BIG,
  description: `string-built SQL ${UNI}`,
  severity: 8.5,
  cwes: '[89]',
  owaspCategories: '["A03:2021"]',
  confidence: 0.7,
  remediation: 'use parameters',
  ...over,
});

const decision = (n: number, over: Partial<DecompositionDecisionRow> = {}): DecompositionDecisionRow => ({
  id: null,
  dnaProfileHash: 'profile-a',
  adjustment: `{"split":"module${n}"}`,
  confidence: 0.6,
  dnaSimilarity: 0.9,
  narrative: `because ${UNI}`,
  sourceDnaHash: 'source-x',
  appliedWeight: 0.25 + n,
  ...over,
});

const constant = (
  name: string,
  file: string,
  line: number,
  over: Partial<ConstantRow> = {},
): ConstantRow => ({
  id: 424242,
  name,
  value: '42',
  file,
  line,
  isUsed: true,
  language: 'typescript',
  isNamed: true,
  createdAt: 7,
  ...over,
});

const envVar = (
  name: string,
  file: string,
  line: number,
  over: Partial<EnvVariableRow> = {},
): EnvVariableRow => ({
  id: 777,
  name,
  file,
  line,
  accessMethod: 'process.env',
  hasDefault: false,
  definedInEnv: true,
  frameworkPrefix: 'NEXT_PUBLIC_',
  createdAt: 9,
  ...over,
});

const access = (
  functionId: number,
  tableName: string,
  line: number,
  over: Partial<DataAccessRow> = {},
): DataAccessRow => ({
  id: 5,
  functionId,
  tableName,
  operation: 'read',
  framework: 'prisma',
  line,
  confidence: 0.8125,
  ...over,
});

const reach = (
  sourceNode: string,
  direction: string,
  over: Partial<ReachabilityCacheRow> = {},
): ReachabilityCacheRow => ({
  sourceNode,
  direction,
  reachableSet: `["${UNI}","b"]`,
  sensitivity: 'high',
  ...over,
});

const taint = (n: number, over: Partial<TaintFlowRow> = {}): TaintFlowRow => ({
  id: null,
  sourceFile: 'src/routes.ts',
  sourceLine: BIG + n,
  sourceType: 'user_input',
  sinkFile: 'src/db.ts',
  sinkLine: n,
  sinkType: 'sql_query',
  cweId: 89,
  isSanitized: false,
  path: `[{"step":${n},"note":"${UNI}"}]`,
  confidence: 0.66,
  ...over,
});

const gap = (n: number, over: Partial<ErrorGapRow> = {}): ErrorGapRow => ({
  id: null,
  file: 'src/io.ts',
  functionId: `fn-${n}`,
  gapType: 'unhandled_promise',
  errorType: 'IOError',
  propagationChain: '["a","b"]',
  framework: 'node',
  cweId: 755,
  severity: 'medium',
  ...over,
});

const impact = (functionId: string, over: Partial<ImpactScoreRow> = {}): ImpactScoreRow => ({
  functionId,
  blastRadius: BIG,
  riskScore: 0.4375,
  isDeadCode: true,
  deadCodeReason: `no callers ${UNI}`,
  exclusionCategory: null,
  ...over,
});

const quality = (functionId: string, over: Partial<TestQualityRow> = {}): TestQualityRow => ({
  functionId,
  coverageBreadth: 0.5,
  coverageDepth: 0.25,
  assertionDensity: 3.5,
  mockRatio: 0.125,
  isolation: 0.75,
  freshness: 0.875,
  stability: 1,
  overallScore: 0.6,
  smells: '["sleepy_test"]',
  ...over,
});

// ── engines ──

type Opener = () => DriftStorageEngine;

const ENGINES: ReadonlyArray<readonly [string, Opener]> = [
  ['in-memory', () => DriftStorageEngine.openInMemory()],
  ['file', () => DriftStorageEngine.open(tempDbPath())],
];

/** Arguments for each read method (typed so that a read missing here fails to compile). */
const READ_ARGS: Readonly<Record<keyof typeof structuralReads, readonly unknown[]>> = {
  getCouplingMetrics: ['m'],
  getAllCouplingMetrics: [],
  getCouplingMetricsByZone: ['z'],
  queryCouplingCycles: [],
  getConstraint: ['c'],
  getEnabledConstraints: [],
  queryConstraintVerifications: ['c'],
  getContract: ['k'],
  getContractsByParadigm: ['rest'],
  queryContractMismatches: [],
  queryContractMismatchesByType: ['t'],
  getSecretsByFile: ['f'],
  getSecretsBySeverity: ['s'],
  getWrappersByFile: ['f'],
  getWrappersByCategory: ['c'],
  getDnaGene: ['g'],
  getAllDnaGenes: [],
  getDnaMutationsByGene: ['g'],
  getUnresolvedMutations: [],
  getCryptoFindingsByFile: ['f'],
  getCryptoFindingsByCategory: ['c'],
  getOwaspFindingsByFile: ['f'],
  getOwaspFindingsByDetector: ['d'],
  getDecompositionDecisions: ['h'],
  queryConstantsByFile: ['f'],
  queryUnusedConstants: [],
  queryMagicNumbers: [],
  countConstants: [],
  queryEnvVariablesByName: ['n'],
  queryEnvVariablesByFile: ['f'],
  queryMissingEnvVariables: [],
  countEnvVariables: [],
  queryDataAccessByFunction: [1],
  queryDataAccessByTable: ['t'],
  countDataAccess: [],
  getReachability: ['n', 'forward'],
  getTaintFlowsByFile: ['f'],
  getTaintFlowsByCwe: [89],
  getErrorGapsByFile: ['f'],
  getImpactScore: ['f'],
  getTestCoverageForSource: ['s'],
  getTestQuality: ['f'],
};

/** Wraps an engine so that every method name called through it is recorded in `seen`. */
function tracked(engine: DriftStorageEngine, seen: Set<string>): DriftStorageEngine {
  return new Proxy(engine, {
    get(target, prop) {
      if (typeof prop === 'string') seen.add(prop);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('structural query module', () => {
  it('covers every IDriftStructural method exactly once, reads and writes disjoint', () => {
    const complete: StructuralCoverage = true;
    expect(complete).toBe(true);
    const reads = Object.keys(structuralReads);
    const writes = Object.keys(structuralWrites);
    expect(reads.filter((m) => writes.includes(m))).toEqual([]);
    expect([...reads, ...writes].sort()).toEqual([...DRIFT_STRUCTURAL_METHODS].sort());
  });
});

describe.each(ENGINES)('IDriftStructural on a %s engine', (_kind, open) => {
  const seen = new Set<string>();
  let engine: DriftStorageEngine;
  let db: DriftStorageEngine;

  beforeEach(() => {
    engine = open();
    db = tracked(engine, seen);
  });
  afterEach(() => {
    engine.close();
  });

  it('answers every read on an empty database, on a reader connection only', () => {
    const api = db as unknown as Record<string, (...args: unknown[]) => unknown>;
    const answers: Record<string, unknown> = {};
    for (const [name, args] of Object.entries(READ_ARGS)) {
      const before = engine.connectionUsage();
      answers[name] = api[name]!(...args);
      const after = engine.connectionUsage();
      expect(after.reader - before.reader, name).toBe(1);
      expect(after.writer, name).toBe(before.writer);
    }
    expect(answers).toEqual({
      getCouplingMetrics: null,
      getAllCouplingMetrics: [],
      getCouplingMetricsByZone: [],
      queryCouplingCycles: [],
      getConstraint: null,
      getEnabledConstraints: [],
      queryConstraintVerifications: [],
      getContract: null,
      getContractsByParadigm: [],
      queryContractMismatches: [],
      queryContractMismatchesByType: [],
      getSecretsByFile: [],
      getSecretsBySeverity: [],
      getWrappersByFile: [],
      getWrappersByCategory: [],
      getDnaGene: null,
      getAllDnaGenes: [],
      getDnaMutationsByGene: [],
      getUnresolvedMutations: [],
      getCryptoFindingsByFile: [],
      getCryptoFindingsByCategory: [],
      getOwaspFindingsByFile: [],
      getOwaspFindingsByDetector: [],
      getDecompositionDecisions: [],
      queryConstantsByFile: [],
      queryUnusedConstants: [],
      queryMagicNumbers: [],
      countConstants: 0,
      queryEnvVariablesByName: [],
      queryEnvVariablesByFile: [],
      queryMissingEnvVariables: [],
      countEnvVariables: 0,
      queryDataAccessByFunction: [],
      queryDataAccessByTable: [],
      countDataAccess: 0,
      getReachability: null,
      getTaintFlowsByFile: [],
      getTaintFlowsByCwe: [],
      getErrorGapsByFile: [],
      getImpactScore: null,
      getTestCoverageForSource: [],
      getTestQuality: null,
    });
  });

  it('runs writes on the writer connection', () => {
    const before = engine.connectionUsage();
    db.upsertCouplingMetrics(metrics('m', 0.5));
    db.insertCouplingCycle('[]', '[]');
    const after = engine.connectionUsage();
    expect(after.writer - before.writer).toBe(2);
    expect(after.reader).toBe(before.reader);
  });

  describe('coupling', () => {
    it('round-trips coupling metrics and replaces them on upsert', () => {
      const row = metrics(UNI, 0.5, { ce: BIG, ca: 0, zone: 'zone_of_pain' });
      db.upsertCouplingMetrics(row);
      expect(db.getCouplingMetrics(UNI)).toEqual(row);
      expect(db.getCouplingMetrics('other')).toBeNull();

      const replaced = metrics(UNI, 0.0625, {
        ce: 1,
        ca: U32_MAX,
        instability: 1,
        abstractness: 0,
        zone: 'main_sequence',
      });
      db.upsertCouplingMetrics(replaced);
      expect(db.getCouplingMetrics(UNI)).toEqual(replaced);
      expect(db.getAllCouplingMetrics()).toEqual([replaced]);
    });

    it('lists all metrics by distance, largest first', () => {
      db.upsertCouplingMetrics(metrics('b', 0.25));
      db.upsertCouplingMetrics(metrics('a', 0.75));
      db.upsertCouplingMetrics(metrics('c', 0.5));
      db.upsertCouplingMetrics(metrics('d', 0));
      expect(db.getAllCouplingMetrics().map((r) => [r.module, r.distance])).toEqual([
        ['a', 0.75],
        ['c', 0.5],
        ['b', 0.25],
        ['d', 0],
      ]);
    });

    it('filters metrics by zone', () => {
      db.upsertCouplingMetrics(metrics('p1', 0.9, { zone: 'zone_of_pain' }));
      db.upsertCouplingMetrics(metrics('m1', 0.1));
      db.upsertCouplingMetrics(metrics('p2', 0.8, { zone: 'zone_of_pain' }));
      expect(by(db.getCouplingMetricsByZone('zone_of_pain'), (r) => r.module)).toEqual([
        metrics('p1', 0.9, { zone: 'zone_of_pain' }),
        metrics('p2', 0.8, { zone: 'zone_of_pain' }),
      ]);
      expect(db.getCouplingMetricsByZone('main_sequence')).toEqual([metrics('m1', 0.1)]);
      expect(db.getCouplingMetricsByZone('zone_of_uselessness')).toEqual([]);
      // moving a module to another zone takes it out of the first
      db.upsertCouplingMetrics(metrics('p1', 0.9));
      expect(db.getCouplingMetricsByZone('zone_of_pain').map((r) => r.module)).toEqual(['p2']);
    });

    it('records coupling cycles with store-assigned ids and timestamps', () => {
      const t0 = nowSecs();
      db.insertCouplingCycle(`["${UNI}","b"]`, '[{"edge":"a->b"}]');
      db.insertCouplingCycle('["c","d"]', '');
      const cycles = by(db.queryCouplingCycles(), (r) => r.id);
      expect(cycles.map(({ createdAt: _, ...rest }) => rest)).toEqual([
        { id: 1, members: `["${UNI}","b"]`, breakSuggestions: '[{"edge":"a->b"}]' },
        { id: 2, members: '["c","d"]', breakSuggestions: '' },
      ]);
      for (const c of cycles) {
        expect(c.createdAt).toBeGreaterThanOrEqual(t0 - 1);
        expect(c.createdAt).toBeLessThanOrEqual(nowSecs() + 1);
      }
    });
  });

  describe('constraints', () => {
    it('round-trips constraints, null scope and disabled included', () => {
      const a = constraint(`c-${UNI}`);
      const b = constraint('c-b', { scope: null, enabled: false, source: 'inferred', target: '' });
      db.upsertConstraint(a);
      db.upsertConstraint(b);
      expect(db.getConstraint(`c-${UNI}`)).toEqual(a);
      expect(db.getConstraint('c-b')).toEqual(b);
      expect(db.getConstraint('c-none')).toBeNull();
    });

    it('replaces a constraint on upsert', () => {
      db.upsertConstraint(constraint('c1'));
      const replaced = constraint('c1', {
        description: 'changed',
        invariantType: 'must_import',
        target: 't2',
        scope: null,
        source: 'inferred',
        enabled: false,
      });
      db.upsertConstraint(replaced);
      expect(db.getConstraint('c1')).toEqual(replaced);
    });

    it('lists only enabled constraints, following upserts', () => {
      db.upsertConstraint(constraint('on-1'));
      db.upsertConstraint(constraint('off', { enabled: false }));
      db.upsertConstraint(constraint('on-2', { scope: null }));
      expect(by(db.getEnabledConstraints(), (r) => r.id)).toEqual([
        constraint('on-1'),
        constraint('on-2', { scope: null }),
      ]);
      db.upsertConstraint(constraint('on-1', { enabled: false }));
      db.upsertConstraint(constraint('off', { enabled: true }));
      expect(by(db.getEnabledConstraints(), (r) => r.id).map((r) => r.id)).toEqual(['off', 'on-2']);
    });

    it('records verifications of a constraint and returns only that constraint’s', () => {
      db.upsertConstraint(constraint('c1'));
      db.upsertConstraint(constraint('c2'));
      const t0 = nowSecs();
      db.insertConstraintVerification('c1', true, '[]');
      db.insertConstraintVerification('c1', false, `[{"file":"${UNI}"}]`);
      db.insertConstraintVerification('c2', false, '["x"]');
      const rows = by(db.queryConstraintVerifications('c1'), (r) => r.id);
      expect(rows.map(({ verifiedAt: _, ...rest }) => rest)).toEqual([
        { id: 1, constraintId: 'c1', passed: true, violations: '[]' },
        { id: 2, constraintId: 'c1', passed: false, violations: `[{"file":"${UNI}"}]` },
      ]);
      for (const r of rows) expect(r.verifiedAt).toBeGreaterThanOrEqual(t0 - 1);
      expect(db.queryConstraintVerifications('c2').map((r) => [r.id, r.passed])).toEqual([[3, false]]);
      expect(db.queryConstraintVerifications('c3')).toEqual([]);
    });

    it('refuses a verification of an unknown constraint with NOT_FOUND and writes nothing', () => {
      const error = expectStorageError(
        () => db.insertConstraintVerification('ghost', true, '[]'),
        'NOT_FOUND',
      );
      expect(error.message).toContain('insertConstraintVerification');
      expect(db.queryConstraintVerifications('ghost')).toEqual([]);
      // once the constraint exists, the failed insert still left no orphan row behind
      db.upsertConstraint(constraint('ghost'));
      expect(db.queryConstraintVerifications('ghost')).toEqual([]);
      db.insertConstraintVerification('ghost', false, '["v"]');
      expect(db.queryConstraintVerifications('ghost').map((r) => [r.passed, r.violations])).toEqual([
        [false, '["v"]'],
      ]);
    });

    it('keeps verifications when their constraint is upserted again', () => {
      db.upsertConstraint(constraint('c1'));
      db.insertConstraintVerification('c1', true, '[]');
      db.upsertConstraint(constraint('c1', { description: 'again' }));
      expect(db.getConstraint('c1')?.description).toBe('again');
      expect(db.queryConstraintVerifications('c1').map((r) => r.passed)).toEqual([true]);
    });
  });

  describe('contracts', () => {
    it('round-trips and replaces contracts', () => {
      const a = contract(`k-${UNI}`);
      db.upsertContract(a);
      expect(db.getContract(`k-${UNI}`)).toEqual(a);
      expect(db.getContract('missing')).toBeNull();
      const replaced = contract(`k-${UNI}`, {
        paradigm: 'graphql',
        sourceFile: 'b.ts',
        framework: 'apollo',
        confidence: 0.125,
        endpoints: '',
      });
      db.upsertContract(replaced);
      expect(db.getContract(`k-${UNI}`)).toEqual(replaced);
    });

    it('filters contracts by paradigm', () => {
      db.upsertContract(contract('r1'));
      db.upsertContract(contract('g1', { paradigm: 'graphql' }));
      db.upsertContract(contract('r2', { framework: 'fastify' }));
      expect(by(db.getContractsByParadigm('rest'), (r) => r.id)).toEqual([
        contract('r1'),
        contract('r2', { framework: 'fastify' }),
      ]);
      expect(db.getContractsByParadigm('graphql')).toEqual([contract('g1', { paradigm: 'graphql' })]);
      expect(db.getContractsByParadigm('grpc')).toEqual([]);
      db.upsertContract(contract('r1', { paradigm: 'grpc' }));
      expect(db.getContractsByParadigm('rest').map((r) => r.id)).toEqual(['r2']);
      expect(db.getContractsByParadigm('grpc').map((r) => r.id)).toEqual(['r1']);
    });

    it('records mismatches, ignoring the given id and createdAt', () => {
      const t0 = nowSecs();
      db.insertContractMismatch(mismatch(1));
      db.insertContractMismatch(mismatch(2, { mismatchType: 'type_mismatch', severity: 'low', message: '' }));
      db.insertContractMismatch(mismatch(3));
      const all = by(db.queryContractMismatches(), (r) => r.id);
      expect(all.map((r) => r.id)).toEqual([1, 2, 3]);
      expect(all[1]).toEqual({
        ...mismatch(2, { mismatchType: 'type_mismatch', severity: 'low', message: '' }),
        id: 2,
        createdAt: all[1]!.createdAt,
      });
      expect(all[0]).toEqual({ ...mismatch(1), id: 1, createdAt: all[0]!.createdAt });
      for (const r of all) {
        expect(r.createdAt).toBeGreaterThanOrEqual(t0 - 1);
        expect(r.createdAt).toBeLessThanOrEqual(nowSecs() + 1);
      }
      expect(by(db.queryContractMismatchesByType('field_missing'), (r) => r.id).map((r) => r.id)).toEqual([
        1, 3,
      ]);
      expect(db.queryContractMismatchesByType('type_mismatch').map((r) => r.message)).toEqual(['']);
      expect(db.queryContractMismatchesByType('nope')).toEqual([]);
    });
  });

  describe('secrets', () => {
    it('returns new row ids and round-trips every field', () => {
      const id1 = db.insertSecret(secret(1, { id: 999 }));
      const id2 = db.insertSecret(secret(2, { file: 'src/other.ts', severity: 'low', cweIds: '' }));
      const id3 = db.insertSecret(secret(3));
      expect([id1, id2, id3]).toEqual([1, 2, 3]);
      expect(by(db.getSecretsByFile('src/config.ts'), (r) => r.id ?? 0)).toEqual([
        { ...secret(1), id: 1 },
        { ...secret(3), id: 3 },
      ]);
      expect(db.getSecretsByFile('src/other.ts')).toEqual([
        { ...secret(2, { file: 'src/other.ts', severity: 'low', cweIds: '' }), id: 2 },
      ]);
      expect(db.getSecretsByFile('nope.ts')).toEqual([]);
    });

    it('filters secrets by severity', () => {
      db.insertSecret(secret(1));
      db.insertSecret(secret(2, { severity: 'low' }));
      db.insertSecret(secret(3, { severity: 'low', file: 'x.ts' }));
      expect(by(db.getSecretsBySeverity('low'), (r) => r.id ?? 0).map((r) => [r.id, r.file, r.line])).toEqual(
        [
          [2, 'src/config.ts', BIG + 2],
          [3, 'x.ts', BIG + 3],
        ],
      );
      expect(db.getSecretsBySeverity('critical')).toEqual([{ ...secret(1), id: 1 }]);
      expect(db.getSecretsBySeverity('medium')).toEqual([]);
    });
  });

  describe('wrappers', () => {
    it('returns new row ids and round-trips booleans and large counts', () => {
      expect(db.insertWrapper(wrapper(1, { id: 50 }))).toBe(1);
      expect(db.insertWrapper(wrapper(2, { isMultiPrimitive: false, isExported: true, usageCount: 0 }))).toBe(
        2,
      );
      expect(db.insertWrapper(wrapper(3, { file: `src/${UNI}.ts`, category: 'fetch' }))).toBe(3);
      expect(by(db.getWrappersByFile('src/hooks.ts'), (r) => r.id ?? 0)).toEqual([
        { ...wrapper(1), id: 1 },
        { ...wrapper(2, { isMultiPrimitive: false, isExported: true, usageCount: 0 }), id: 2 },
      ]);
      expect(db.getWrappersByFile(`src/${UNI}.ts`)).toEqual([
        { ...wrapper(3, { file: `src/${UNI}.ts`, category: 'fetch' }), id: 3 },
      ]);
      expect(db.getWrappersByFile('none.ts')).toEqual([]);
    });

    it('filters wrappers by category', () => {
      db.insertWrapper(wrapper(1));
      db.insertWrapper(wrapper(2, { category: 'fetch', framework: 'swr', confidence: 0.03125 }));
      db.insertWrapper(wrapper(3));
      expect(db.getWrappersByCategory('fetch')).toEqual([
        { ...wrapper(2, { category: 'fetch', framework: 'swr', confidence: 0.03125 }), id: 2 },
      ]);
      expect(by(db.getWrappersByCategory('state'), (r) => r.id ?? 0).map((r) => r.id)).toEqual([1, 3]);
      expect(db.getWrappersByCategory('other')).toEqual([]);
    });
  });

  describe('DNA', () => {
    it('round-trips and replaces genes, null dominant allele included', () => {
      const a = gene(`g-${UNI}`);
      const b = gene('g-b', { dominantAllele: null, confidence: 0, consistency: 1 });
      db.upsertDnaGene(a);
      db.upsertDnaGene(b);
      expect(db.getDnaGene(`g-${UNI}`)).toEqual(a);
      expect(db.getDnaGene('g-b')).toEqual(b);
      expect(db.getDnaGene('g-none')).toBeNull();
      expect(by(db.getAllDnaGenes(), (r) => r.geneId)).toEqual(by([a, b], (r) => r.geneId));

      const replaced = gene('g-b', {
        name: 'renamed',
        description: '',
        dominantAllele: 'snake',
        alleles: '[]',
        confidence: 0.3,
        consistency: 0.2,
        exemplars: '[]',
      });
      db.upsertDnaGene(replaced);
      expect(db.getDnaGene('g-b')).toEqual(replaced);
      expect(db.getAllDnaGenes()).toHaveLength(2);
    });

    it('round-trips and replaces mutations; lists them by gene and unresolved', () => {
      const m1 = mutation(`mut-${UNI}`);
      const m2 = mutation('mut-2', { geneId: 'g-other', resolved: true, resolvedAt: HUGE + 1 });
      const m3 = mutation('mut-3', { line: 1, detectedAt: 0 });
      for (const m of [m1, m2, m3]) db.upsertDnaMutation(m);
      expect(by(db.getDnaMutationsByGene('g-naming'), (r) => r.id)).toEqual(by([m1, m3], (r) => r.id));
      expect(db.getDnaMutationsByGene('g-other')).toEqual([m2]);
      expect(db.getDnaMutationsByGene('g-none')).toEqual([]);
      expect(by(db.getUnresolvedMutations(), (r) => r.id)).toEqual(by([m1, m3], (r) => r.id));

      // resolving m1 and un-resolving m2 by upsert
      const m1Resolved = { ...m1, resolved: true, resolvedAt: HUGE, suggestion: 'done' };
      const m2Open = { ...m2, resolved: false, resolvedAt: null, geneId: 'g-naming' };
      db.upsertDnaMutation(m1Resolved);
      db.upsertDnaMutation(m2Open);
      expect(by(db.getUnresolvedMutations(), (r) => r.id)).toEqual(by([m2Open, m3], (r) => r.id));
      expect(by(db.getDnaMutationsByGene('g-naming'), (r) => r.id)).toEqual(
        by([m1Resolved, m2Open, m3], (r) => r.id),
      );
      expect(db.getDnaMutationsByGene('g-other')).toEqual([]);

      // a replace that changes every field
      const m3Changed: DnaMutationRow = {
        id: 'mut-3',
        file: 'other.ts',
        line: U32_MAX,
        geneId: 'g-third',
        expected: 'x',
        actual: 'y',
        impact: 'high',
        code: '',
        suggestion: 's',
        detectedAt: 12,
        resolved: true,
        resolvedAt: 13,
      };
      db.upsertDnaMutation(m3Changed);
      expect(db.getDnaMutationsByGene('g-third')).toEqual([m3Changed]);
    });

    it('records decomposition decisions by profile', () => {
      expect(db.insertDecompositionDecision(decision(1, { id: 33 }))).toBe(1);
      expect(db.insertDecompositionDecision(decision(2, { dnaProfileHash: 'profile-b' }))).toBe(2);
      expect(db.insertDecompositionDecision(decision(3, { narrative: '' }))).toBe(3);
      expect(by(db.getDecompositionDecisions('profile-a'), (r) => r.id ?? 0)).toEqual([
        { ...decision(1), id: 1 },
        { ...decision(3, { narrative: '' }), id: 3 },
      ]);
      expect(db.getDecompositionDecisions('profile-b')).toEqual([
        { ...decision(2, { dnaProfileHash: 'profile-b' }), id: 2 },
      ]);
      expect(db.getDecompositionDecisions('profile-c')).toEqual([]);
    });
  });

  describe('crypto and OWASP findings', () => {
    it('records crypto findings and filters them by file and category', () => {
      expect(db.insertCryptoFinding(crypto(1, { id: 77 }))).toBe(1);
      expect(db.insertCryptoFinding(crypto(2, { category: 'weak_cipher', cweId: BIG }))).toBe(2);
      expect(db.insertCryptoFinding(crypto(3, { file: `${UNI}.py`, language: 'python' }))).toBe(3);
      expect(by(db.getCryptoFindingsByFile('src/hash.ts'), (r) => r.id ?? 0)).toEqual([
        { ...crypto(1), id: 1 },
        { ...crypto(2, { category: 'weak_cipher', cweId: BIG }), id: 2 },
      ]);
      expect(db.getCryptoFindingsByFile(`${UNI}.py`)).toEqual([
        { ...crypto(3, { file: `${UNI}.py`, language: 'python' }), id: 3 },
      ]);
      expect(db.getCryptoFindingsByFile('none')).toEqual([]);
      expect(by(db.getCryptoFindingsByCategory('weak_hash'), (r) => r.id ?? 0).map((r) => r.id)).toEqual([
        1, 3,
      ]);
      expect(db.getCryptoFindingsByCategory('weak_cipher').map((r) => r.cweId)).toEqual([BIG]);
      expect(db.getCryptoFindingsByCategory('none')).toEqual([]);
    });

    it('round-trips and replaces OWASP findings; filters by file and detector', () => {
      const a = owasp(`o-${UNI}`);
      const b = owasp('o-b', { remediation: null, detector: 'xss', severity: 2 });
      const c = owasp('o-c', { file: 'src/view.ts', detector: 'xss' });
      for (const f of [a, b, c]) db.upsertOwaspFinding(f);
      expect(by(db.getOwaspFindingsByFile('src/db.ts'), (r) => r.id)).toEqual(by([a, b], (r) => r.id));
      expect(db.getOwaspFindingsByFile('src/view.ts')).toEqual([c]);
      expect(db.getOwaspFindingsByFile('none')).toEqual([]);
      expect(by(db.getOwaspFindingsByDetector('xss'), (r) => r.id)).toEqual([b, c]);
      expect(db.getOwaspFindingsByDetector('sqli')).toEqual([a]);
      expect(db.getOwaspFindingsByDetector('none')).toEqual([]);

      const moved = owasp('o-b', {
        detector: 'sqli',
        file: 'src/view.ts',
        line: 3,
        description: '',
        severity: 9.75,
        cwes: '[]',
        owaspCategories: '[]',
        confidence: 0.01,
        remediation: 'x',
      });
      db.upsertOwaspFinding(moved);
      expect(by(db.getOwaspFindingsByFile('src/view.ts'), (r) => r.id)).toEqual([moved, c]);
      expect(db.getOwaspFindingsByFile('src/db.ts')).toEqual([a]);
      expect(db.getOwaspFindingsByDetector('xss')).toEqual([c]);
    });
  });

  describe('constants', () => {
    it('stores constants with store-assigned id and createdAt, by file in line order', () => {
      const t0 = nowSecs();
      db.insertConstant(constant('B', 'a.ts', 20));
      db.insertConstant(constant(UNI, 'a.ts', BIG, { isUsed: false, isNamed: false, value: '3.14' }));
      db.insertConstant(constant('A', 'a.ts', 5, { language: 'rust' }));
      db.insertConstant(constant('Z', 'b.ts', 1));
      const rows = db.queryConstantsByFile('a.ts');
      expect(rows.map((r) => [r.name, r.line])).toEqual([
        ['A', 5],
        ['B', 20],
        [UNI, BIG],
      ]);
      expect(rows[2]).toEqual({
        ...constant(UNI, 'a.ts', BIG, { isUsed: false, isNamed: false, value: '3.14' }),
        id: 2,
        createdAt: rows[2]!.createdAt,
      });
      expect(rows[0]).toEqual({
        ...constant('A', 'a.ts', 5, { language: 'rust' }),
        id: 3,
        createdAt: rows[0]!.createdAt,
      });
      for (const r of rows) {
        expect(r.createdAt).toBeGreaterThanOrEqual(t0 - 1);
        expect(r.createdAt).toBeLessThanOrEqual(nowSecs() + 1);
      }
      expect(db.queryConstantsByFile('c.ts')).toEqual([]);
      expect(db.countConstants()).toBe(4);
    });

    it('inserts a batch in one go, keeping duplicates as separate rows', () => {
      db.insertConstantsBatch([]);
      expect(db.countConstants()).toBe(0);
      db.insertConstantsBatch([
        constant('X', 'f.ts', 2),
        constant('X', 'f.ts', 2),
        constant('Y', 'g.ts', 1, { isNamed: false }),
      ]);
      expect(db.countConstants()).toBe(3);
      expect(db.queryConstantsByFile('f.ts').map((r) => r.id)).toEqual([1, 2]);
      expect(db.queryConstantsByFile('g.ts').map((r) => [r.name, r.isNamed, r.isUsed])).toEqual([
        ['Y', false, true],
      ]);
    });

    it('lists unused constants and magic numbers by file, then line', () => {
      db.insertConstantsBatch([
        constant('u3', 'b.ts', 1, { isUsed: false }),
        constant('u2', 'a.ts', 30, { isUsed: false, isNamed: false }),
        constant('used', 'a.ts', 1),
        constant('u1', 'a.ts', 4, { isUsed: false }),
        constant('m2', 'c.ts', 2, { isNamed: false }),
        constant('m1', 'a.ts', BIG, { isNamed: false }),
      ]);
      expect(db.queryUnusedConstants().map((r) => r.name)).toEqual(['u1', 'u2', 'u3']);
      expect(db.queryUnusedConstants().every((r) => r.isUsed === false)).toBe(true);
      expect(db.queryMagicNumbers().map((r) => r.name)).toEqual(['u2', 'm1', 'm2']);
      expect(db.queryMagicNumbers().every((r) => r.isNamed === false)).toBe(true);
    });

    it('deletes the constants of one file and reports how many', () => {
      db.insertConstantsBatch([constant('a', 'x.ts', 1), constant('b', 'x.ts', 2), constant('c', 'y.ts', 1)]);
      expect(db.deleteConstantsByFile('x.ts')).toBe(2);
      expect(db.deleteConstantsByFile('x.ts')).toBe(0);
      expect(db.deleteConstantsByFile('none.ts')).toBe(0);
      expect(db.countConstants()).toBe(1);
      expect(db.queryConstantsByFile('y.ts').map((r) => r.name)).toEqual(['c']);
    });
  });

  describe('environment variables', () => {
    it('stores reads with store-assigned id and createdAt; lists them by file in line order', () => {
      const t0 = nowSecs();
      db.insertEnvVariable(envVar('API_URL', 'a.ts', 30));
      db.insertEnvVariable(
        envVar(UNI, 'a.ts', BIG, { frameworkPrefix: null, hasDefault: true, definedInEnv: false }),
      );
      db.insertEnvVariable(envVar('PORT', 'a.ts', 2, { accessMethod: 'os.getenv' }));
      const rows = db.queryEnvVariablesByFile('a.ts');
      expect(rows.map((r) => [r.name, r.line])).toEqual([
        ['PORT', 2],
        ['API_URL', 30],
        [UNI, BIG],
      ]);
      expect(rows[2]).toEqual({
        ...envVar(UNI, 'a.ts', BIG, { frameworkPrefix: null, hasDefault: true, definedInEnv: false }),
        id: 2,
        createdAt: rows[2]!.createdAt,
      });
      expect(rows[0]).toEqual({
        ...envVar('PORT', 'a.ts', 2, { accessMethod: 'os.getenv' }),
        id: 3,
        createdAt: rows[0]!.createdAt,
      });
      for (const r of rows) {
        expect(r.createdAt).toBeGreaterThanOrEqual(t0 - 1);
        expect(r.createdAt!).toBeLessThanOrEqual(nowSecs() + 1);
      }
      expect(db.queryEnvVariablesByFile('b.ts')).toEqual([]);
      expect(db.countEnvVariables()).toBe(3);
    });

    it('lists the reads of a variable by file, then line', () => {
      db.insertEnvVariablesBatch([
        envVar('PORT', 'b.ts', 1),
        envVar('PORT', 'a.ts', 9),
        envVar('HOST', 'a.ts', 1),
        envVar('PORT', 'a.ts', 3),
      ]);
      expect(db.queryEnvVariablesByName('PORT').map((r) => [r.file, r.line])).toEqual([
        ['a.ts', 3],
        ['a.ts', 9],
        ['b.ts', 1],
      ]);
      expect(db.queryEnvVariablesByName('NONE')).toEqual([]);
    });

    it('lists reads with neither a default nor a .env definition, by name then file', () => {
      db.insertEnvVariablesBatch([
        envVar('ZED', 'a.ts', 1, { definedInEnv: false }),
        envVar('ALPHA', 'z.ts', 1, { definedInEnv: false }),
        envVar('ALPHA', 'b.ts', 1, { definedInEnv: false }),
        envVar('DEFAULTED', 'a.ts', 1, { definedInEnv: false, hasDefault: true }),
        envVar('DEFINED', 'a.ts', 1),
        envVar('BOTH', 'a.ts', 1, { hasDefault: true }),
      ]);
      const missing = db.queryMissingEnvVariables();
      expect(missing.map((r) => [r.name, r.file])).toEqual([
        ['ALPHA', 'b.ts'],
        ['ALPHA', 'z.ts'],
        ['ZED', 'a.ts'],
      ]);
      expect(missing.every((r) => !r.hasDefault && !r.definedInEnv)).toBe(true);
    });

    it('deletes the reads of one file and reports how many', () => {
      db.insertEnvVariablesBatch([envVar('A', 'x.ts', 1), envVar('B', 'x.ts', 2), envVar('A', 'y.ts', 1)]);
      expect(db.deleteEnvVariablesByFile('x.ts')).toBe(2);
      expect(db.deleteEnvVariablesByFile('x.ts')).toBe(0);
      expect(db.countEnvVariables()).toBe(1);
      expect(db.queryEnvVariablesByName('A').map((r) => r.file)).toEqual(['y.ts']);
    });
  });

  describe('data access', () => {
    it('round-trips accesses with a null id, by function in line order', () => {
      db.insertDataAccess(access(HUGE, 'users', 40));
      db.insertDataAccess(access(HUGE, UNI, 2, { framework: null, operation: 'write', confidence: 0.5 }));
      db.insertDataAccess(access(HUGE, 'orders', BIG));
      db.insertDataAccess(access(1, 'users', 1));
      expect(db.queryDataAccessByFunction(HUGE)).toEqual([
        { ...access(HUGE, UNI, 2, { framework: null, operation: 'write', confidence: 0.5 }), id: null },
        { ...access(HUGE, 'users', 40), id: null },
        { ...access(HUGE, 'orders', BIG), id: null },
      ]);
      expect(db.queryDataAccessByFunction(2)).toEqual([]);
      expect(db.countDataAccess()).toBe(4);
    });

    it('ignores a duplicate access, keeping the first', () => {
      db.insertDataAccess(access(7, 'users', 3));
      db.insertDataAccess(access(7, 'users', 3, { framework: 'knex', confidence: 0.1 }));
      expect(db.countDataAccess()).toBe(1);
      expect(db.queryDataAccessByFunction(7)).toEqual([{ ...access(7, 'users', 3), id: null }]);
      // any part of the key differing makes a new row
      db.insertDataAccess(access(7, 'users', 3, { operation: 'write' }));
      db.insertDataAccess(access(7, 'users', 4));
      db.insertDataAccess(access(7, 'orders', 3));
      db.insertDataAccess(access(8, 'users', 3));
      expect(db.countDataAccess()).toBe(5);
    });

    it('inserts a batch in one go, ignoring duplicates within it and against the table', () => {
      db.insertDataAccess(access(1, 't', 1, { framework: 'orig' }));
      db.insertDataAccessBatch([
        access(1, 't', 1, { framework: 'dup' }),
        access(2, 't', 1),
        access(2, 't', 1, { confidence: 0 }),
        access(3, 't', 1),
      ]);
      expect(db.countDataAccess()).toBe(3);
      expect(db.queryDataAccessByFunction(1).map((r) => r.framework)).toEqual(['orig']);
      expect(db.queryDataAccessByFunction(2).map((r) => r.confidence)).toEqual([0.8125]);
      db.insertDataAccessBatch([]);
      expect(db.countDataAccess()).toBe(3);
    });

    it('lists the accesses of a table by function id', () => {
      db.insertDataAccessBatch([
        access(HUGE, 'users', 1),
        access(5, 'users', 9),
        access(30, 'users', 2),
        access(6, 'orders', 1),
      ]);
      expect(db.queryDataAccessByTable('users').map((r) => [r.functionId, r.line])).toEqual([
        [5, 9],
        [30, 2],
        [HUGE, 1],
      ]);
      expect(db.queryDataAccessByTable('orders')).toEqual([{ ...access(6, 'orders', 1), id: null }]);
      expect(db.queryDataAccessByTable('none')).toEqual([]);
    });

    it('deletes the accesses of one function and reports how many', () => {
      db.insertDataAccessBatch([access(HUGE, 'a', 1), access(HUGE, 'b', 1), access(2, 'a', 1)]);
      expect(db.deleteDataAccessByFunction(HUGE)).toBe(2);
      expect(db.deleteDataAccessByFunction(HUGE)).toBe(0);
      expect(db.countDataAccess()).toBe(1);
      expect(db.queryDataAccessByTable('a').map((r) => r.functionId)).toEqual([2]);
    });
  });

  describe('reachability cache', () => {
    it('round-trips by (node, direction), replaces, and clears', () => {
      const fwd = reach(UNI, 'forward');
      const back = reach(UNI, 'backward', { reachableSet: '[]', sensitivity: 'low' });
      const other = reach('n2', 'forward');
      for (const r of [fwd, back, other]) db.upsertReachability(r);
      expect(db.getReachability(UNI, 'forward')).toEqual(fwd);
      expect(db.getReachability(UNI, 'backward')).toEqual(back);
      expect(db.getReachability('n2', 'forward')).toEqual(other);
      expect(db.getReachability('n2', 'backward')).toBeNull();

      const replaced = reach(UNI, 'forward', { reachableSet: '["z"]', sensitivity: 'critical' });
      db.upsertReachability(replaced);
      expect(db.getReachability(UNI, 'forward')).toEqual(replaced);
      expect(db.getReachability(UNI, 'backward')).toEqual(back);

      db.clearReachabilityCache();
      expect(db.getReachability(UNI, 'forward')).toBeNull();
      expect(db.getReachability(UNI, 'backward')).toBeNull();
      expect(db.getReachability('n2', 'forward')).toBeNull();
      db.clearReachabilityCache();
    });
  });

  describe('taint flows and error gaps', () => {
    it('records taint flows; by file matches source or sink, once each', () => {
      expect(db.insertTaintFlow(taint(1, { id: 123 }))).toBe(1);
      expect(
        db.insertTaintFlow(
          taint(2, { sourceFile: 'src/db.ts', sinkFile: 'src/db.ts', cweId: null, isSanitized: true }),
        ),
      ).toBe(2);
      expect(
        db.insertTaintFlow(taint(3, { sourceFile: `${UNI}.ts`, sinkFile: 'src/exec.ts', cweId: BIG })),
      ).toBe(3);
      expect(by(db.getTaintFlowsByFile('src/db.ts'), (r) => r.id ?? 0)).toEqual([
        { ...taint(1), id: 1 },
        {
          ...taint(2, { sourceFile: 'src/db.ts', sinkFile: 'src/db.ts', cweId: null, isSanitized: true }),
          id: 2,
        },
      ]);
      expect(db.getTaintFlowsByFile('src/routes.ts').map((r) => r.id)).toEqual([1]);
      expect(db.getTaintFlowsByFile(`${UNI}.ts`)).toEqual([
        { ...taint(3, { sourceFile: `${UNI}.ts`, sinkFile: 'src/exec.ts', cweId: BIG }), id: 3 },
      ]);
      expect(db.getTaintFlowsByFile('src/exec.ts').map((r) => r.id)).toEqual([3]);
      expect(db.getTaintFlowsByFile('none')).toEqual([]);
    });

    it('filters taint flows by CWE, never matching a null CWE', () => {
      db.insertTaintFlow(taint(1));
      db.insertTaintFlow(taint(2, { cweId: null }));
      db.insertTaintFlow(taint(3, { cweId: 78 }));
      db.insertTaintFlow(taint(4));
      expect(by(db.getTaintFlowsByCwe(89), (r) => r.id ?? 0).map((r) => r.id)).toEqual([1, 4]);
      expect(db.getTaintFlowsByCwe(78)).toEqual([{ ...taint(3, { cweId: 78 }), id: 3 }]);
      expect(db.getTaintFlowsByCwe(0)).toEqual([]);
    });

    it('records error gaps and lists them by file, nulls included', () => {
      expect(db.insertErrorGap(gap(1, { id: 5 }))).toBe(1);
      const bare = gap(2, {
        errorType: null,
        propagationChain: null,
        framework: null,
        cweId: null,
        functionId: UNI,
      });
      expect(db.insertErrorGap(bare)).toBe(2);
      expect(db.insertErrorGap(gap(3, { file: 'src/other.ts', cweId: BIG }))).toBe(3);
      expect(by(db.getErrorGapsByFile('src/io.ts'), (r) => r.id ?? 0)).toEqual([
        { ...gap(1), id: 1 },
        { ...bare, id: 2 },
      ]);
      expect(db.getErrorGapsByFile('src/other.ts')).toEqual([
        { ...gap(3, { file: 'src/other.ts', cweId: BIG }), id: 3 },
      ]);
      expect(db.getErrorGapsByFile('none')).toEqual([]);
    });
  });

  describe('impact, test coverage and test quality', () => {
    it('round-trips and replaces impact scores', () => {
      const a = impact(UNI);
      const b = impact('f2', {
        isDeadCode: false,
        deadCodeReason: null,
        exclusionCategory: 'entry_point',
        blastRadius: 0,
      });
      db.upsertImpactScore(a);
      db.upsertImpactScore(b);
      expect(db.getImpactScore(UNI)).toEqual(a);
      expect(db.getImpactScore('f2')).toEqual(b);
      expect(db.getImpactScore('none')).toBeNull();
      const replaced = impact(UNI, {
        blastRadius: U32_MAX,
        riskScore: 0.0078125,
        isDeadCode: false,
        deadCodeReason: null,
        exclusionCategory: 'test',
      });
      db.upsertImpactScore(replaced);
      expect(db.getImpactScore(UNI)).toEqual(replaced);
    });

    it('links tests to sources, replacing the coverage type of an existing link', () => {
      db.insertTestCoverage({ testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'direct' });
      db.insertTestCoverage({ testFunctionId: 't2', sourceFunctionId: UNI, coverageType: 'transitive' });
      db.insertTestCoverage({ testFunctionId: 't1', sourceFunctionId: 's2', coverageType: 'direct' });
      expect(by(db.getTestCoverageForSource(UNI), (r) => r.testFunctionId)).toEqual([
        { testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'direct' },
        { testFunctionId: 't2', sourceFunctionId: UNI, coverageType: 'transitive' },
      ]);
      db.insertTestCoverage({ testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'transitive' });
      expect(by(db.getTestCoverageForSource(UNI), (r) => r.testFunctionId)).toEqual([
        { testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'transitive' },
        { testFunctionId: 't2', sourceFunctionId: UNI, coverageType: 'transitive' },
      ]);
      expect(db.getTestCoverageForSource('s2')).toEqual([
        { testFunctionId: 't1', sourceFunctionId: 's2', coverageType: 'direct' },
      ]);
      expect(db.getTestCoverageForSource('none')).toEqual([]);
    });

    it('round-trips and replaces test quality, all-null dimensions included', () => {
      const full = quality(UNI);
      const empty = quality('f2', {
        coverageBreadth: null,
        coverageDepth: null,
        assertionDensity: null,
        mockRatio: null,
        isolation: null,
        freshness: null,
        stability: null,
        overallScore: 0,
        smells: null,
      });
      db.upsertTestQuality(full);
      db.upsertTestQuality(empty);
      expect(db.getTestQuality(UNI)).toEqual(full);
      expect(db.getTestQuality('f2')).toEqual(empty);
      expect(db.getTestQuality('none')).toBeNull();
      db.upsertTestQuality({ ...empty, functionId: UNI, overallScore: 0.99 });
      expect(db.getTestQuality(UNI)).toEqual({ ...empty, functionId: UNI, overallScore: 0.99 });
      db.upsertTestQuality({ ...full, functionId: 'f2' });
      expect(db.getTestQuality('f2')).toEqual({ ...full, functionId: 'f2' });
    });
  });

  it('exercised every IDriftStructural method on this engine', () => {
    expect(DRIFT_STRUCTURAL_METHODS.filter((m) => !seen.has(m))).toEqual([]);
  });
});

// Orderings by store-assigned timestamps and the timestamps a replace resets need rows written in
// different seconds; these tests set the timestamps through a second connection to the file.
describe('IDriftStructural timestamps (file engine)', () => {
  let db: DriftStorageEngine;
  let raw: BetterSqlite3.Database;

  beforeEach(() => {
    db = DriftStorageEngine.open(tempDbPath());
    raw = new BetterSqlite3(db.path()!);
  });
  afterEach(() => {
    raw.close();
    db.close();
  });

  const setColumn = (table: string, column: string, value: number, where: string, key: unknown) => {
    raw.prepare(`UPDATE ${table} SET ${column} = ? WHERE ${where} = ?`).run(value, key);
  };
  const column = (table: string, col: string, where: string, key: unknown): number =>
    raw.prepare(`SELECT ${col} FROM ${table} WHERE ${where} = ?`).pluck().get(key) as number;

  it('lists coupling cycles newest first', () => {
    db.insertCouplingCycle('["a"]', '[]');
    db.insertCouplingCycle('["b"]', '[]');
    db.insertCouplingCycle('["c"]', '[]');
    setColumn('coupling_cycles', 'created_at', 2000, 'id', 1);
    setColumn('coupling_cycles', 'created_at', 1000, 'id', 2);
    setColumn('coupling_cycles', 'created_at', 3000, 'id', 3);
    expect(db.queryCouplingCycles().map((r) => [r.members, r.createdAt])).toEqual([
      ['["c"]', 3000],
      ['["a"]', 2000],
      ['["b"]', 1000],
    ]);
  });

  it('lists constraint verifications newest first', () => {
    db.upsertConstraint(constraint('c1'));
    db.insertConstraintVerification('c1', true, '1');
    db.insertConstraintVerification('c1', false, '2');
    db.insertConstraintVerification('c1', true, '3');
    setColumn('constraint_verifications', 'verified_at', 500, 'id', 1);
    setColumn('constraint_verifications', 'verified_at', 900, 'id', 2);
    setColumn('constraint_verifications', 'verified_at', 100, 'id', 3);
    expect(db.queryConstraintVerifications('c1').map((r) => [r.violations, r.verifiedAt])).toEqual([
      ['2', 900],
      ['1', 500],
      ['3', 100],
    ]);
  });

  it('lists contract mismatches newest first, overall and by type', () => {
    db.insertContractMismatch(mismatch(1));
    db.insertContractMismatch(mismatch(2, { mismatchType: 'other' }));
    db.insertContractMismatch(mismatch(3));
    db.insertContractMismatch(mismatch(4));
    setColumn('contract_mismatches', 'created_at', 10, 'id', 1);
    setColumn('contract_mismatches', 'created_at', 40, 'id', 2);
    setColumn('contract_mismatches', 'created_at', 30, 'id', 3);
    setColumn('contract_mismatches', 'created_at', 20, 'id', 4);
    expect(db.queryContractMismatches().map((r) => [r.id, r.createdAt])).toEqual([
      [2, 40],
      [3, 30],
      [4, 20],
      [1, 10],
    ]);
    expect(db.queryContractMismatchesByType('field_missing').map((r) => r.id)).toEqual([3, 4, 1]);
  });

  it('re-stamps the default timestamps when an upsert replaces a row', () => {
    db.upsertCouplingMetrics(metrics('m', 0.5));
    db.upsertConstraint(constraint('c'));
    db.upsertContract(contract('k'));
    db.upsertDnaGene(gene('g'));
    db.upsertOwaspFinding(owasp('o'));
    db.upsertReachability(reach('n', 'forward'));
    db.upsertImpactScore(impact('f'));
    db.upsertTestQuality(quality('f'));
    const stamped: ReadonlyArray<readonly [string, string, string, string]> = [
      ['coupling_metrics', 'updated_at', 'module', 'm'],
      ['constraints', 'created_at', 'id', 'c'],
      ['constraints', 'updated_at', 'id', 'c'],
      ['contracts', 'created_at', 'id', 'k'],
      ['contracts', 'updated_at', 'id', 'k'],
      ['dna_genes', 'updated_at', 'gene_id', 'g'],
      ['owasp_findings', 'created_at', 'id', 'o'],
      ['reachability_cache', 'computed_at', 'source_node', 'n'],
      ['impact_scores', 'updated_at', 'function_id', 'f'],
      ['test_quality', 'updated_at', 'function_id', 'f'],
    ];
    const t0 = nowSecs();
    for (const [table, col, key, value] of stamped) {
      expect(column(table, col, key, value), `${table}.${col} on insert`).toBeGreaterThanOrEqual(t0 - 1);
      setColumn(table, col, 1000, key, value);
      expect(column(table, col, key, value)).toBe(1000);
    }

    db.upsertCouplingMetrics(metrics('m', 0.25));
    db.upsertConstraint(constraint('c', { enabled: false }));
    db.upsertContract(contract('k', { confidence: 0.5 }));
    db.upsertDnaGene(gene('g', { name: 'n2' }));
    db.upsertOwaspFinding(owasp('o', { line: 1 }));
    db.upsertReachability(reach('n', 'forward', { sensitivity: 'low' }));
    db.upsertImpactScore(impact('f', { riskScore: 1 }));
    db.upsertTestQuality(quality('f', { overallScore: 1 }));

    for (const [table, col, key, value] of stamped) {
      const ts = column(table, col, key, value);
      expect(ts, `${table}.${col} after replace`).toBeGreaterThanOrEqual(t0 - 1);
      expect(ts).toBeLessThanOrEqual(nowSecs() + 1);
    }
    expect(db.getCouplingMetrics('m')?.distance).toBe(0.25);
    expect(db.getConstraint('c')?.enabled).toBe(false);
    expect(db.getContract('k')?.confidence).toBe(0.5);
    expect(db.getDnaGene('g')?.name).toBe('n2');
    expect(db.getOwaspFindingsByFile('src/db.ts').map((r) => r.line)).toEqual([1]);
    expect(db.getReachability('n', 'forward')?.sensitivity).toBe('low');
    expect(db.getImpactScore('f')?.riskScore).toBe(1);
    expect(db.getTestQuality('f')?.overallScore).toBe(1);
  });

  // A trigger makes one valid-looking row fail inside SQLite, after the rows before it were written.
  const failOn = (table: string, column: string, value: string) => {
    raw.exec(
      `CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} WHEN NEW.${column} = '${value}' ` +
        `BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`,
    );
  };

  it('rolls back a whole constants batch when one row fails', () => {
    db.insertConstant(constant('keep', 'k.ts', 1));
    failOn('constants', 'name', 'boom');
    expectStorageError(
      () =>
        db.insertConstantsBatch([
          constant('first', 'f.ts', 1),
          constant('boom', 'f.ts', 2),
          constant('third', 'f.ts', 3),
        ]),
      'INVALID_INPUT',
    );
    expect(db.countConstants()).toBe(1);
    expect(db.queryConstantsByFile('f.ts')).toEqual([]);
    // the writer is usable afterwards: no transaction was left open
    db.insertConstantsBatch([constant('after', 'f.ts', 9)]);
    expect(db.queryConstantsByFile('f.ts').map((r) => r.name)).toEqual(['after']);
  });

  it('rolls back a whole environment-variable batch when one row fails', () => {
    failOn('env_variables', 'name', 'boom');
    expectStorageError(
      () =>
        db.insertEnvVariablesBatch([
          envVar('A', 'a.ts', 1),
          envVar('B', 'a.ts', 2),
          envVar('boom', 'a.ts', 3),
        ]),
      'INVALID_INPUT',
    );
    expect(db.countEnvVariables()).toBe(0);
    expect(db.queryEnvVariablesByFile('a.ts')).toEqual([]);
  });

  it('rolls back a whole data-access batch when one row fails', () => {
    failOn('data_access', 'table_name', 'boom');
    expectStorageError(
      () => db.insertDataAccessBatch([access(1, 'a', 1), access(2, 'b', 1), access(3, 'boom', 1)]),
      'INVALID_INPUT',
    );
    expect(db.countDataAccess()).toBe(0);
  });

  it('keeps the data written by one engine across a reopen', () => {
    const path = db.path()!;
    db.upsertTestQuality(quality(UNI));
    db.insertDataAccess(access(HUGE, UNI, BIG));
    raw.close();
    db.close();
    db = DriftStorageEngine.open(path);
    raw = new BetterSqlite3(path);
    expect(db.getTestQuality(UNI)).toEqual(quality(UNI));
    expect(db.queryDataAccessByTable(UNI)).toEqual([{ ...access(HUGE, UNI, BIG), id: null }]);
  });
});

// Type-level: the engine exposes every structural method with the interface's signature.
const _asInterface: (engine: DriftStorageEngine) => IDriftStructural = (engine) => engine;
void _asInterface;
