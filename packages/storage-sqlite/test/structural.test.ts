import {
  access,
  BIG,
  constant,
  constraint,
  contract,
  envVar,
  gene,
  HUGE,
  impact,
  metrics,
  mismatch,
  owasp,
  quality,
  reach,
  UNI,
} from '@drift/storage-conformance';
import {
  DRIFT_STRUCTURAL_METHODS,
  type IDriftStructural,
  isStorageError,
  type StorageErrorCode,
} from '@drift/storage-traits';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { type StructuralCoverage, structuralReads, structuralWrites } from '../src/queries/structural.js';
import { tempDbPath } from './helpers/temp.js';

// Values chosen to break lossy storage: integers past 2^31 (and past 2^32), unicode outside the BMP,
// combining marks, empty strings, and fractional reals.

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

// What the interface promises (every row's values, replacement, filters, ids, stamps, refusals) is
// checked on every engine by the conformance suite's `structural` group (conformance.test.ts); what
// is left here is this engine's own: which connection each method runs on, and what a timestamp
// written through a second connection to the file does to the newest-first orders.
describe.each(ENGINES)('IDriftStructural on a %s engine', (_kind, open) => {
  let engine: DriftStorageEngine;
  let db: DriftStorageEngine;

  beforeEach(() => {
    engine = open();
    db = engine;
  });
  afterEach(() => {
    engine.close();
  });

  it("runs every read on a reader connection only (the empty answers: the suite's empty-state test)", () => {
    const api = db as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const [name, args] of Object.entries(READ_ARGS)) {
      const before = engine.connectionUsage();
      api[name]!(...args);
      const after = engine.connectionUsage();
      expect(after.reader - before.reader, name).toBe(1);
      expect(after.writer, name).toBe(before.writer);
    }
  });

  it('runs writes on the writer connection', () => {
    const before = engine.connectionUsage();
    db.upsertCouplingMetrics(metrics('m', 0.5));
    db.insertCouplingCycle('[]', '[]');
    const after = engine.connectionUsage();
    expect(after.writer - before.writer).toBe(2);
    expect(after.reader).toBe(before.reader);
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
