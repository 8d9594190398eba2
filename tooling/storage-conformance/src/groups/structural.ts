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
  type ImpactScoreRow,
  type OwaspFindingRow,
  type SecretRow,
  type TaintFlowRow,
  type TestQualityRow,
  type WrapperRow,
} from '@drift/storage-traits';
import * as shared from '../structural-rows.js';
import {
  BIG,
  type ConformanceApi,
  expectDistinctRowIds,
  expectMethods,
  expectSame,
  expectStamp,
  type GroupContext,
  nextClockSecond,
  nowSeconds,
  omit,
  omitAll,
  sortBy,
  U32_MAX,
  UNICODE,
} from '../support.js';
import { structuralValueTests } from './structural-values.js';

// ─── Row builders ───────────────────────────────────────────────────────────────────────────────
// Each builds on the shared row of ../structural-rows.ts, replacing the fields these tests vary or
// pin (values at U32_MAX and 2^40, `UNICODE` text).

/** A coupling-metrics row for `module` with the given distance and zone (efferent coupling U32_MAX). */
export function couplingMetrics(module: string, distance: number, zone: string): CouplingMetricsRow {
  return shared.metrics(module, distance, { ce: U32_MAX, instability: 0.25, abstractness: 0.5, zone });
}

/** A constraint row `id`, enabled or not, scoped to `scope`, with a unicode description and target `src/core`. */
export function constraintRow(id: string, enabled: boolean, scope: string | null = 'src/'): ConstraintRow {
  return shared.constraint(id, { description: `no cycles — ${UNICODE}`, target: 'src/core', scope, enabled });
}

/** A contract row with `id` and `paradigm` (unicode source file, JSON endpoints). */
export function contract(id: string, paradigm: string): ContractRow {
  return shared.contract(id, {
    paradigm,
    sourceFile: `api/${UNICODE}.ts`,
    endpoints: JSON.stringify([{ method: 'GET', path: '/items/:id', note: UNICODE }]),
  });
}

function mismatch(i: number, mismatchType: string): ContractMismatchRow {
  return shared.mismatch(i, {
    id: 0,
    backendEndpoint: `GET /api/items/${i}`,
    frontendCall: `fetch('/api/item/${i}') — ${UNICODE}`,
    mismatchType,
    severity: i % 2 === 0 ? 'error' : 'warning',
    createdAt: 0,
  });
}

function secret(i: number, file: string, severity: string): SecretRow {
  return shared.secret(i, {
    redactedValue: `AKIA****${i}${UNICODE}`,
    file,
    line: i === 0 ? U32_MAX : i,
    severity,
    confidence: 0.99,
    cweIds: '798,312',
  });
}

/** The `i`-th wrapper row in `file` (store-assigned id left null). */
export function wrapper(i: number, file: string, category: string): WrapperRow {
  return shared.wrapper(i, {
    file,
    line: 3 + i,
    category,
    confidence: 0.8,
    isMultiPrimitive: i % 2 === 0,
    isExported: i % 3 !== 1,
    usageCount: i === 0 ? U32_MAX : i,
  });
}

/** A DNA gene row, with deterministic fields. */
export function dnaGene(
  geneId: string,
  confidence: number,
  consistency: number,
  dominant: string | null,
): DnaGeneRow {
  return shared.gene(geneId, {
    name: 'error-handling',
    description: `How errors propagate — ${UNICODE}`,
    dominantAllele: dominant,
    alleles: JSON.stringify([{ id: 'result', frequency: 0.8 }]),
    confidence,
    consistency,
    exemplars: JSON.stringify(['src/a.ts']),
  });
}

function mutation(id: string, geneId: string, resolved: boolean): DnaMutationRow {
  return shared.mutation(id, {
    file: `src/${UNICODE}.ts`,
    line: U32_MAX,
    geneId,
    expected: 'result',
    actual: 'throw',
    impact: 'high',
    code: 'throw new Error("x")',
    suggestion: 'return err(...)',
    detectedAt: BIG,
    resolved,
    resolvedAt: resolved ? BIG + 1 : null,
  });
}

/** The `i`-th crypto finding in `file` (store-assigned id left null; `i` 0 sits on line U32_MAX). */
export function crypto(i: number, file: string, category: string): CryptoFindingRow {
  return shared.crypto(i, {
    file,
    line: i === 0 ? U32_MAX : i,
    category,
    description: `MD5 for passwords — ${UNICODE}`,
    code: "crypto.createHash('md5')",
    confidence: 0.95,
    remediation: 'Use scrypt',
  });
}

function owasp(id: string, detector: string, file: string, remediation: string | null): OwaspFindingRow {
  return shared.owasp(id, {
    detector,
    file,
    line: U32_MAX,
    description: `Unsanitized input — ${UNICODE}`,
    severity: 7.5,
    confidence: 0.8,
    remediation,
  });
}

function decision(hash: string, i: number): DecompositionDecisionRow {
  return shared.decision(i, {
    dnaProfileHash: hash,
    adjustment: JSON.stringify({ split: `module${i}`, note: UNICODE }),
    confidence: 0.7,
    dnaSimilarity: 0.88,
    narrative: `Split module${i}`,
    sourceDnaHash: `src-${i}`,
    appliedWeight: 0.5,
  });
}

function constant(name: string, file: string, line: number, isUsed: boolean, isNamed: boolean): ConstantRow {
  return shared.constant(name, file, line, {
    id: 0,
    value: UNICODE,
    isUsed,
    language: 'python',
    isNamed,
    createdAt: 0,
  });
}

function envVar(
  name: string,
  file: string,
  line: number,
  hasDefault: boolean,
  definedInEnv: boolean,
): EnvVariableRow {
  return shared.envVar(name, file, line, {
    id: null,
    hasDefault,
    definedInEnv,
    frameworkPrefix: name.startsWith('NEXT_PUBLIC_') ? 'NEXT_PUBLIC_' : null,
    createdAt: null,
  });
}

function dataAccess(functionId: number, tableName: string, operation: string, line: number): DataAccessRow {
  return shared.access(functionId, tableName, line, { id: null, operation, confidence: 0.85 });
}

/** A taint-flow row from line 5 of `sourceFile` to line U32_MAX of `sinkFile`. */
export function taintFlow(
  sourceFile: string,
  sinkFile: string,
  isSanitized: boolean,
  cweId: number | null,
): TaintFlowRow {
  return shared.taint(0, {
    sourceFile,
    sourceLine: 5,
    sinkFile,
    sinkLine: U32_MAX,
    cweId,
    isSanitized,
    path: JSON.stringify([{ file: sourceFile, line: 5 }, { note: UNICODE }]),
    confidence: 0.75,
  });
}

/** An error-handling gap row in `file` for `functionId`; without an error type, no chain, framework or CWE. */
export function errorGap(file: string, functionId: string, errorType: string | null): ErrorGapRow {
  return shared.gap(0, {
    file,
    functionId,
    errorType,
    propagationChain: errorType === null ? null : JSON.stringify(['fn:1', UNICODE]),
    framework: errorType === null ? null : 'express',
    cweId: errorType === null ? null : 755,
    severity: 'high',
  });
}

/** An impact score of `functionId` (risk 0.625, blast radius U32_MAX). */
export function impact(functionId: string, isDeadCode: boolean): ImpactScoreRow {
  return shared.impact(functionId, {
    blastRadius: U32_MAX,
    riskScore: 0.625,
    isDeadCode,
    deadCodeReason: isDeadCode ? `no callers — ${UNICODE}` : null,
    exclusionCategory: isDeadCode ? null : 'test_helper',
  });
}

/** A test-quality row for `functionId` with the given overall score; a sparse one has only the score. */
export function testQuality(functionId: string, overallScore: number, sparse: boolean): TestQualityRow {
  return shared.quality(functionId, {
    coverageBreadth: sparse ? null : 0.8,
    coverageDepth: sparse ? null : 0.6,
    assertionDensity: sparse ? null : 2.5,
    mockRatio: sparse ? null : 0.125,
    isolation: sparse ? null : 0.9,
    freshness: sparse ? null : 0.95,
    stability: sparse ? null : 1,
    overallScore,
    smells: sparse ? null : JSON.stringify(['assertion_roulette', UNICODE]),
  });
}

/** Checks rows with a store-assigned `id` (answered by the insert) against what was inserted. */
function expectInserted<T extends { readonly id: number | null }>(
  api: ConformanceApi,
  actual: readonly T[],
  inserted: ReadonlyArray<readonly [id: number, row: T]>,
): void {
  expectSame(
    api,
    sortBy(actual, (r) => r.id),
    sortBy(
      inserted.map(([id, row]) => ({ ...row, id })),
      (r) => r.id,
    ),
  );
}

/** Registers the structural tests: the 71 methods of `IDriftStructural`, subsystem by subsystem. */
export function structuralGroup(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  test('exposes every IDriftStructural method', async (s) => {
    expectMethods(api, s, DRIFT_STRUCTURAL_METHODS);
  });

  test('answers the empty state of every read', async (s) => {
    expect(await s.getCouplingMetrics('src/a')).toBeNull();
    expect(await s.getAllCouplingMetrics()).toEqual([]);
    expect(await s.getCouplingMetricsByZone('zone_of_pain')).toEqual([]);
    expect(await s.queryCouplingCycles()).toEqual([]);
    expect(await s.getConstraint('c1')).toBeNull();
    expect(await s.getEnabledConstraints()).toEqual([]);
    expect(await s.queryConstraintVerifications('c1')).toEqual([]);
    expect(await s.getContract('k1')).toBeNull();
    expect(await s.getContractsByParadigm('rest')).toEqual([]);
    expect(await s.queryContractMismatches()).toEqual([]);
    expect(await s.queryContractMismatchesByType('path_mismatch')).toEqual([]);
    expect(await s.getSecretsByFile('a.ts')).toEqual([]);
    expect(await s.getSecretsBySeverity('critical')).toEqual([]);
    expect(await s.getWrappersByFile('a.ts')).toEqual([]);
    expect(await s.getWrappersByCategory('state')).toEqual([]);
    expect(await s.getDnaGene('g1')).toBeNull();
    expect(await s.getAllDnaGenes()).toEqual([]);
    expect(await s.getDnaMutationsByGene('g1')).toEqual([]);
    expect(await s.getUnresolvedMutations()).toEqual([]);
    expect(await s.getCryptoFindingsByFile('a.ts')).toEqual([]);
    expect(await s.getCryptoFindingsByCategory('weak_hash')).toEqual([]);
    expect(await s.getOwaspFindingsByFile('a.ts')).toEqual([]);
    expect(await s.getOwaspFindingsByDetector('xss')).toEqual([]);
    expect(await s.getDecompositionDecisions('dna-0')).toEqual([]);
    expect(await s.queryConstantsByFile('a.py')).toEqual([]);
    expect(await s.queryUnusedConstants()).toEqual([]);
    expect(await s.queryMagicNumbers()).toEqual([]);
    expect(await s.countConstants()).toBe(0);
    expect(await s.queryEnvVariablesByName('HOME')).toEqual([]);
    expect(await s.queryEnvVariablesByFile('a.ts')).toEqual([]);
    expect(await s.queryMissingEnvVariables()).toEqual([]);
    expect(await s.countEnvVariables()).toBe(0);
    expect(await s.queryDataAccessByFunction(1)).toEqual([]);
    expect(await s.queryDataAccessByTable('users')).toEqual([]);
    expect(await s.countDataAccess()).toBe(0);
    expect(await s.getReachability('fn:1', 'forward')).toBeNull();
    expect(await s.getTaintFlowsByFile('a.ts')).toEqual([]);
    expect(await s.getTaintFlowsByCwe(89)).toEqual([]);
    expect(await s.getErrorGapsByFile('a.ts')).toEqual([]);
    expect(await s.getImpactScore('fn:1')).toBeNull();
    expect(await s.getTestCoverageForSource('fn:1')).toEqual([]);
    expect(await s.getTestQuality('fn:1')).toBeNull();
  });

  test('deletes and clears on an empty store remove nothing and answer 0', async (s) => {
    expect(await s.deleteConstantsByFile('a.py')).toBe(0);
    expect(await s.deleteEnvVariablesByFile('a.ts')).toBe(0);
    expect(await s.deleteDataAccessByFunction(1)).toBe(0);
    await s.clearReachabilityCache();
    expect(await s.getReachability('fn:1', 'forward')).toBeNull();
  });

  // ── coupling ──

  test('coupling metrics: round-trip, replace by module, largest distance first, filter by zone', async (s) => {
    const rows = [
      couplingMetrics('src/a', 0.1, 'main_sequence'),
      couplingMetrics(`src/${UNICODE}`, 0.9, 'zone_of_pain'),
      couplingMetrics('src/c', 0.5, 'zone_of_pain'),
    ];
    for (const row of rows) await s.upsertCouplingMetrics(row);
    expectSame(api, await s.getCouplingMetrics(`src/${UNICODE}`), rows[1]);
    expect((await s.getAllCouplingMetrics()).map((r) => r.module)).toEqual([
      `src/${UNICODE}`,
      'src/c',
      'src/a',
    ]);
    expectSame(
      api,
      sortBy(await s.getCouplingMetricsByZone('zone_of_pain'), (r) => r.module),
      sortBy([rows[1]!, rows[2]!], (r) => r.module),
    );
    const replaced = { ...rows[0]!, ce: 1, distance: 0.95, zone: 'zone_of_uselessness' };
    await s.upsertCouplingMetrics(replaced);
    expectSame(api, await s.getCouplingMetrics('src/a'), replaced);
    expect(await s.getAllCouplingMetrics()).toHaveLength(3);
    expect(await s.getCouplingMetrics('src/zzz')).toBeNull();
  });

  // Ties on the order key come as the reference's SQL leaves them (no tie-break; SQLite's plan on its
  // indexes): queries/structural.rs get_all_coupling_metrics (ORDER BY distance DESC: a scan and a
  // sort), get_coupling_metrics_by_zone (no ORDER BY: idx_coupling_metrics_zone), constants.rs
  // query_by_file / query_unused / query_magic_numbers, env_variables.rs query_by_name /
  // query_by_file / query_missing, data_access.rs query_by_function / query_by_table: insertion
  // order within a tie, also for a row replaced later (it is inserted anew).
  test('rows that tie on the order key come in the order the reference answers them', async (s) => {
    for (const module of ['z', 'a', 'm'])
      await s.upsertCouplingMetrics(couplingMetrics(module, 0.25, 'pain'));
    await s.upsertCouplingMetrics(couplingMetrics('b', 0.75, 'pain'));
    expect((await s.getAllCouplingMetrics()).map((r) => r.module)).toEqual(['b', 'z', 'a', 'm']);
    await s.upsertCouplingMetrics(couplingMetrics('z', 0.25, 'pain')); // replaced: now the last written
    expect((await s.getAllCouplingMetrics()).map((r) => r.module)).toEqual(['b', 'a', 'm', 'z']);
    expect((await s.getCouplingMetricsByZone('pain')).map((r) => r.module)).toEqual(['a', 'm', 'b', 'z']);

    for (const [name, file] of [
      ['z', 'f.py'],
      ['a', 'f.py'],
      ['m', 'e.py'],
    ] as const) {
      await s.insertConstant(constant(name, file, 3, false, false));
    }
    expect((await s.queryConstantsByFile('f.py')).map((r) => r.name)).toEqual(['z', 'a']);
    expect((await s.queryUnusedConstants()).map((r) => r.name)).toEqual(['m', 'z', 'a']);
    expect((await s.queryMagicNumbers()).map((r) => r.name)).toEqual(['m', 'z', 'a']);

    await s.insertEnvVariable({ ...envVar('X', 'f.ts', 3, false, false), accessMethod: 'z' });
    await s.insertEnvVariable({ ...envVar('X', 'f.ts', 3, false, false), accessMethod: 'a' });
    await s.insertEnvVariable({ ...envVar('X', 'e.ts', 3, false, false), accessMethod: 'm' });
    const methods = (rows: readonly EnvVariableRow[]) => rows.map((r) => r.accessMethod);
    expect(methods(await s.queryEnvVariablesByName('X'))).toEqual(['m', 'z', 'a']);
    expect(methods(await s.queryEnvVariablesByFile('f.ts'))).toEqual(['z', 'a']);
    expect(methods(await s.queryMissingEnvVariables())).toEqual(['m', 'z', 'a']);

    await s.insertDataAccess(dataAccess(1, 'z', 'read', 3));
    await s.insertDataAccess(dataAccess(1, 'a', 'write', 3));
    await s.insertDataAccess(dataAccess(1, 'a', 'read', 3));
    await s.insertDataAccess(dataAccess(0, 'z', 'read', 9));
    expect((await s.queryDataAccessByFunction(1)).map((r) => `${r.tableName}:${r.operation}`)).toEqual([
      'z:read',
      'a:write',
      'a:read',
    ]);
    expect((await s.queryDataAccessByTable('z')).map((r) => r.functionId)).toEqual([0, 1]);
  });

  test('coupling cycles: store-assigned id and createdAt, every field kept', async (s) => {
    const before = nowSeconds();
    const members = JSON.stringify(['src/a', `src/${UNICODE}`, 'src/a']);
    await s.insertCouplingCycle(members, '[]');
    await s.insertCouplingCycle('["x","y"]', JSON.stringify([{ from: 'y', to: 'x' }]));
    const cycles = sortBy(await s.queryCouplingCycles(), (r) => r.id);
    expect(cycles.map((r) => [r.members, r.breakSuggestions])).toEqual([
      [members, '[]'],
      ['["x","y"]', JSON.stringify([{ from: 'y', to: 'x' }])],
    ]);
    expectDistinctRowIds(
      api,
      cycles.map((r) => r.id),
    );
    for (const row of cycles) expectStamp(api, row.createdAt, before, nowSeconds(), 'cycle createdAt');
  });

  // ── constraints ──

  test('constraints: round-trip, replace, getEnabledConstraints answers only enabled ones', async (s) => {
    const rows = [
      constraintRow('c-1', true),
      constraintRow('c-2', false, null),
      constraintRow(`c-${UNICODE}`, true),
    ];
    for (const row of rows) await s.upsertConstraint(row);
    expectSame(api, await s.getConstraint('c-2'), rows[1]);
    expectSame(
      api,
      sortBy(await s.getEnabledConstraints(), (r) => r.id),
      sortBy([rows[0]!, rows[2]!], (r) => r.id),
    );
    const replaced = { ...rows[0]!, enabled: false, description: 'changed' };
    await s.upsertConstraint(replaced);
    expectSame(api, await s.getConstraint('c-1'), replaced);
    expect((await s.getEnabledConstraints()).map((r) => r.id)).toEqual([`c-${UNICODE}`]);
  });

  test('constraint verifications: recorded per constraint with store-assigned id and time', async (s) => {
    await s.upsertConstraint(constraintRow('c-1', true));
    await s.upsertConstraint(constraintRow('c-2', true));
    const before = nowSeconds();
    await s.insertConstraintVerification('c-1', true, '[]');
    await s.insertConstraintVerification('c-1', false, JSON.stringify([{ file: `src/${UNICODE}.ts` }]));
    await s.insertConstraintVerification('c-2', true, '[]');
    const rows = sortBy(await s.queryConstraintVerifications('c-1'), (r) => r.id);
    expect(rows.map((r) => [r.constraintId, r.passed, r.violations])).toEqual([
      ['c-1', true, '[]'],
      ['c-1', false, JSON.stringify([{ file: `src/${UNICODE}.ts` }])],
    ]);
    expectDistinctRowIds(
      api,
      rows.map((r) => r.id),
    );
    for (const row of rows) expectStamp(api, row.verifiedAt, before, nowSeconds(), 'verifiedAt');
    expect(await s.queryConstraintVerifications('c-2')).toHaveLength(1);
    expect(await s.queryConstraintVerifications('c-3')).toEqual([]);
  });

  // ── contracts ──

  test('contracts: round-trip, replace by id, filter by paradigm', async (s) => {
    const rows = [contract('k-1', 'rest'), contract('k-2', 'graphql'), contract(`k-${UNICODE}`, 'rest')];
    for (const row of rows) await s.upsertContract(row);
    expectSame(api, await s.getContract(`k-${UNICODE}`), rows[2]);
    expectSame(
      api,
      sortBy(await s.getContractsByParadigm('rest'), (r) => r.id),
      sortBy([rows[0]!, rows[2]!], (r) => r.id),
    );
    const replaced = { ...rows[1]!, paradigm: 'rest', confidence: 0.5 };
    await s.upsertContract(replaced);
    expectSame(api, await s.getContract('k-2'), replaced);
    expect(await s.getContractsByParadigm('graphql')).toEqual([]);
    expect(await s.getContractsByParadigm('rest')).toHaveLength(3);
  });

  test('contract mismatches: store-assigned id and createdAt, filter by type', async (s) => {
    const before = nowSeconds();
    const rows = [mismatch(0, 'path_mismatch'), mismatch(1, 'type_mismatch'), mismatch(2, 'path_mismatch')];
    for (const row of rows) await s.insertContractMismatch({ ...row, id: 999, createdAt: 1 });
    const all = await s.queryContractMismatches();
    expectSame(
      api,
      sortBy(omitAll(all, 'id', 'createdAt'), (r) => r.backendEndpoint),
      omitAll(rows, 'id', 'createdAt'),
    );
    expectDistinctRowIds(
      api,
      all.map((r) => r.id),
    );
    for (const row of all) expectStamp(api, row.createdAt, before, nowSeconds(), 'mismatch createdAt');
    const paths = await s.queryContractMismatchesByType('path_mismatch');
    expect(sortBy(paths, (r) => r.backendEndpoint).map((r) => r.backendEndpoint)).toEqual([
      'GET /api/items/0',
      'GET /api/items/2',
    ]);
    expect(await s.queryContractMismatchesByType('missing_field')).toEqual([]);
  });

  test('newest-first reads: cycles, verifications and mismatches written later come first', async (s) => {
    await s.upsertConstraint(constraintRow('c-1', true));
    await s.insertCouplingCycle('["old"]', '[]');
    await s.insertConstraintVerification('c-1', false, '["old"]');
    await s.insertContractMismatch(mismatch(1, 'path_mismatch'));
    await nextClockSecond(); // rows written from here on get a later stamp
    await s.insertCouplingCycle('["new"]', '[]');
    await s.insertConstraintVerification('c-1', true, '["new"]');
    await s.insertContractMismatch(mismatch(2, 'path_mismatch'));
    expect((await s.queryCouplingCycles()).map((r) => r.members)).toEqual(['["new"]', '["old"]']);
    expect((await s.queryConstraintVerifications('c-1')).map((r) => r.violations)).toEqual([
      '["new"]',
      '["old"]',
    ]);
    expect((await s.queryContractMismatches()).map((r) => r.message)).toEqual(['mismatch 2', 'mismatch 1']);
    expect((await s.queryContractMismatchesByType('path_mismatch')).map((r) => r.message)).toEqual([
      'mismatch 2',
      'mismatch 1',
    ]);
  });

  // ── secrets, wrappers, crypto, owasp, decomposition ──

  test('secrets: insertSecret answers the row id; reads filter by file and severity', async (s) => {
    const rows = [
      secret(0, 'a.env', 'critical'),
      secret(1, 'a.env', 'high'),
      secret(2, `${UNICODE}.env`, 'critical'),
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push(await s.insertSecret(row));
    expectDistinctRowIds(api, ids);
    expectInserted(api, await s.getSecretsByFile('a.env'), [
      [ids[0]!, rows[0]!],
      [ids[1]!, rows[1]!],
    ]);
    expectInserted(api, await s.getSecretsBySeverity('critical'), [
      [ids[0]!, rows[0]!],
      [ids[2]!, rows[2]!],
    ]);
    expect(await s.getSecretsBySeverity('low')).toEqual([]);
  });

  test('wrappers: insertWrapper answers the row id; booleans and counts kept; filter by file and category', async (s) => {
    const rows = [
      wrapper(0, 'hooks.ts', 'state'),
      wrapper(1, 'hooks.ts', 'fetch'),
      wrapper(2, 'api.ts', 'state'),
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push(await s.insertWrapper(row));
    expectDistinctRowIds(api, ids);
    expectInserted(api, await s.getWrappersByFile('hooks.ts'), [
      [ids[0]!, rows[0]!],
      [ids[1]!, rows[1]!],
    ]);
    expectInserted(api, await s.getWrappersByCategory('state'), [
      [ids[0]!, rows[0]!],
      [ids[2]!, rows[2]!],
    ]);
    expect(await s.getWrappersByCategory('auth')).toEqual([]);
  });

  test('crypto findings: insertCryptoFinding answers the row id; filter by file and category', async (s) => {
    const rows = [
      crypto(0, 'a.ts', 'weak_hash'),
      crypto(1, 'a.ts', 'ecb_mode'),
      crypto(2, 'b.ts', 'weak_hash'),
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push(await s.insertCryptoFinding(row));
    expectDistinctRowIds(api, ids);
    expectInserted(api, await s.getCryptoFindingsByFile('a.ts'), [
      [ids[0]!, rows[0]!],
      [ids[1]!, rows[1]!],
    ]);
    expectInserted(api, await s.getCryptoFindingsByCategory('weak_hash'), [
      [ids[0]!, rows[0]!],
      [ids[2]!, rows[2]!],
    ]);
  });

  test('OWASP findings: round-trip, replace by id, filter by file and detector', async (s) => {
    const rows = [
      owasp('o-1', 'injection', 'a.ts', 'Use parameters'),
      owasp('o-2', 'xss', 'a.ts', null),
      owasp(`o-${UNICODE}`, 'injection', 'b.ts', null),
    ];
    for (const row of rows) await s.upsertOwaspFinding(row);
    expectSame(
      api,
      sortBy(await s.getOwaspFindingsByFile('a.ts'), (r) => r.id),
      [rows[0], rows[1]],
    );
    expectSame(
      api,
      sortBy(await s.getOwaspFindingsByDetector('injection'), (r) => r.id),
      sortBy([rows[0]!, rows[2]!], (r) => r.id),
    );
    const replaced = { ...rows[1]!, detector: 'injection', severity: 9.25 };
    await s.upsertOwaspFinding(replaced);
    expect(await s.getOwaspFindingsByDetector('xss')).toEqual([]);
    expectSame(
      api,
      sortBy(await s.getOwaspFindingsByFile('a.ts'), (r) => r.id),
      [rows[0], replaced],
    );
  });

  test('decomposition decisions: insert answers the row id; read by DNA profile hash', async (s) => {
    const rows = [decision('dna-a', 0), decision('dna-a', 1), decision('dna-b', 2)];
    const ids: number[] = [];
    for (const row of rows) ids.push(await s.insertDecompositionDecision(row));
    expectDistinctRowIds(api, ids);
    expectInserted(api, await s.getDecompositionDecisions('dna-a'), [
      [ids[0]!, rows[0]!],
      [ids[1]!, rows[1]!],
    ]);
    expect(await s.getDecompositionDecisions('dna-c')).toEqual([]);
  });

  // ── DNA ──

  test('DNA genes: round-trip, replace by gene id, getAllDnaGenes answers each once', async (s) => {
    const rows = [dnaGene('g-1', 0.9, 0.8, 'result'), dnaGene(`g-${UNICODE}`, 0.5, 0.25, null)];
    for (const row of rows) await s.upsertDnaGene(row);
    expectSame(api, await s.getDnaGene(`g-${UNICODE}`), rows[1]);
    const replaced = { ...rows[0]!, dominantAllele: null, consistency: 0.125 };
    await s.upsertDnaGene(replaced);
    expectSame(api, await s.getDnaGene('g-1'), replaced);
    expectSame(
      api,
      sortBy(await s.getAllDnaGenes(), (r) => r.geneId),
      sortBy([replaced, rows[1]!], (r) => r.geneId),
    );
  });

  test('DNA mutations: round-trip, replace by id, filter by gene, unresolved only', async (s) => {
    const rows = [mutation('m-1', 'g-1', false), mutation('m-2', 'g-1', true), mutation('m-3', 'g-2', false)];
    for (const row of rows) await s.upsertDnaMutation(row);
    expectSame(
      api,
      sortBy(await s.getDnaMutationsByGene('g-1'), (r) => r.id),
      [rows[0], rows[1]],
    );
    expectSame(
      api,
      sortBy(await s.getUnresolvedMutations(), (r) => r.id),
      [rows[0], rows[2]],
    );
    const resolved = { ...rows[0]!, resolved: true, resolvedAt: BIG + 7 };
    await s.upsertDnaMutation(resolved);
    expect((await s.getUnresolvedMutations()).map((r) => r.id)).toEqual(['m-3']);
    expectSame(
      api,
      sortBy(await s.getDnaMutationsByGene('g-1'), (r) => r.id),
      [resolved, rows[1]],
    );
  });

  // ── constants ──

  test('constants: single and batch inserts; by file in line order; unused and magic by file and line', async (s) => {
    const before = nowSeconds();
    await s.insertConstant(constant('MAX', 'b.py', 30, true, true));
    await s.insertConstantsBatch([
      constant('42', 'b.py', 10, false, false),
      constant('TIMEOUT', 'a.py', BIG, false, true),
      constant(UNICODE, 'a.py', 5, true, true),
      constant('3.14', 'a.py', 7, true, false),
    ]);
    const b = await s.queryConstantsByFile('b.py');
    expectSame(api, omitAll(b, 'id', 'createdAt'), [
      omit(constant('42', 'b.py', 10, false, false), 'id', 'createdAt'),
      omit(constant('MAX', 'b.py', 30, true, true), 'id', 'createdAt'),
    ]);
    for (const row of b) expectStamp(api, row.createdAt, before, nowSeconds(), 'constant createdAt');
    expect((await s.queryConstantsByFile('a.py')).map((r) => r.line)).toEqual([5, 7, BIG]);
    expect((await s.queryUnusedConstants()).map((r) => [r.file, r.line])).toEqual([
      ['a.py', BIG],
      ['b.py', 10],
    ]);
    expect((await s.queryMagicNumbers()).map((r) => [r.file, r.name])).toEqual([
      ['a.py', '3.14'],
      ['b.py', '42'],
    ]);
    expect(await s.countConstants()).toBe(5);
    const all = [...b, ...(await s.queryConstantsByFile('a.py'))];
    expectDistinctRowIds(
      api,
      all.map((r) => r.id),
    );
    expect(await s.deleteConstantsByFile('a.py')).toBe(3);
    expect(await s.queryConstantsByFile('a.py')).toEqual([]);
    expect(await s.countConstants()).toBe(2);
  });

  // ── environment variables ──

  test('env variables: single and batch inserts; by name, by file, missing; delete and count', async (s) => {
    const before = nowSeconds();
    await s.insertEnvVariable(envVar('DATABASE_URL', 'src/db.ts', 12, false, false));
    await s.insertEnvVariablesBatch([
      envVar('DATABASE_URL', 'src/app.ts', 3, true, false),
      envVar('NEXT_PUBLIC_API', 'src/db.ts', 4, false, true),
      envVar('API_KEY', 'src/db.ts', BIG, false, false),
      envVar('DATABASE_URL', 'src/app.ts', 1, false, false),
    ]);
    const byFile = await s.queryEnvVariablesByFile('src/db.ts');
    expectSame(api, omitAll(byFile, 'id', 'createdAt'), [
      omit(envVar('NEXT_PUBLIC_API', 'src/db.ts', 4, false, true), 'id', 'createdAt'),
      omit(envVar('DATABASE_URL', 'src/db.ts', 12, false, false), 'id', 'createdAt'),
      omit(envVar('API_KEY', 'src/db.ts', BIG, false, false), 'id', 'createdAt'),
    ]);
    expectDistinctRowIds(
      api,
      byFile.map((r) => r.id),
    );
    for (const row of byFile) expectStamp(api, row.createdAt, before, nowSeconds(), 'env createdAt');
    expect((await s.queryEnvVariablesByName('DATABASE_URL')).map((r) => [r.file, r.line])).toEqual([
      ['src/app.ts', 1],
      ['src/app.ts', 3],
      ['src/db.ts', 12],
    ]);
    expect((await s.queryMissingEnvVariables()).map((r) => [r.name, r.file])).toEqual([
      ['API_KEY', 'src/db.ts'],
      ['DATABASE_URL', 'src/app.ts'],
      ['DATABASE_URL', 'src/db.ts'],
    ]);
    expect(await s.countEnvVariables()).toBe(5);
    expect(await s.deleteEnvVariablesByFile('src/app.ts')).toBe(2);
    expect(await s.countEnvVariables()).toBe(3);
    expect(await s.queryEnvVariablesByName('HOME')).toEqual([]);
  });

  // ── data access ──

  test('data access: single and batch inserts, duplicates ignored, by function in line order, by table', async (s) => {
    await s.insertDataAccess(dataAccess(7, 'users', 'read', 30));
    await s.insertDataAccessBatch([
      dataAccess(7, 'orders', 'write', 10),
      dataAccess(BIG, 'users', 'write', 1),
      dataAccess(3, 'users', 'read', 2),
      { ...dataAccess(7, 'users', 'read', 30), framework: null, confidence: 0.1 }, // duplicate: ignored
    ]);
    await s.insertDataAccess({ ...dataAccess(7, 'orders', 'write', 10), confidence: 0.2 }); // duplicate: ignored
    const byFunction = await s.queryDataAccessByFunction(7);
    expectSame(api, omitAll(byFunction, 'id'), [
      omit(dataAccess(7, 'orders', 'write', 10), 'id'),
      omit(dataAccess(7, 'users', 'read', 30), 'id'),
    ]);
    for (const row of byFunction) {
      expect(row.id === null || Number.isSafeInteger(row.id), `data access id ${String(row.id)}`).toBe(true);
    }
    expect((await s.queryDataAccessByTable('users')).map((r) => r.functionId)).toEqual([3, 7, BIG]);
    expect(await s.countDataAccess()).toBe(4);
    expect(await s.deleteDataAccessByFunction(7)).toBe(2);
    expect(await s.queryDataAccessByFunction(7)).toEqual([]);
    expect(await s.countDataAccess()).toBe(2);
  });

  // ── graph tables ──

  test('reachability cache: keyed by node and direction, replaced, cleared', async (s) => {
    const forward = {
      sourceNode: 'fn:1',
      direction: 'forward',
      reachableSet: JSON.stringify(['fn:2', UNICODE]),
      sensitivity: 'high',
    };
    const backward = { sourceNode: 'fn:1', direction: 'backward', reachableSet: '[]', sensitivity: 'low' };
    await s.upsertReachability(forward);
    await s.upsertReachability(backward);
    expectSame(api, await s.getReachability('fn:1', 'forward'), forward);
    expectSame(api, await s.getReachability('fn:1', 'backward'), backward);
    expect(await s.getReachability('fn:2', 'forward')).toBeNull();
    const replaced = { ...forward, reachableSet: '["fn:9"]', sensitivity: 'low' };
    await s.upsertReachability(replaced);
    expectSame(api, await s.getReachability('fn:1', 'forward'), replaced);
    await s.clearReachabilityCache();
    expect(await s.getReachability('fn:1', 'forward')).toBeNull();
    expect(await s.getReachability('fn:1', 'backward')).toBeNull();
  });

  test('taint flows: insert answers the row id; by file matches source or sink; by CWE', async (s) => {
    const rows = [
      taintFlow('a.ts', 'b.ts', false, 89),
      taintFlow('c.ts', 'a.ts', true, null),
      taintFlow('c.ts', 'd.ts', false, 89),
      taintFlow(`${UNICODE}.ts`, 'd.ts', false, 79),
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push(await s.insertTaintFlow(row));
    expectDistinctRowIds(api, ids);
    expectInserted(api, await s.getTaintFlowsByFile('a.ts'), [
      [ids[0]!, rows[0]!],
      [ids[1]!, rows[1]!],
    ]);
    expectInserted(api, await s.getTaintFlowsByCwe(89), [
      [ids[0]!, rows[0]!],
      [ids[2]!, rows[2]!],
    ]);
    expectInserted(api, await s.getTaintFlowsByFile(`${UNICODE}.ts`), [[ids[3]!, rows[3]!]]);
    expect(await s.getTaintFlowsByCwe(22)).toEqual([]);
  });

  test('error gaps: insert answers the row id; read by file with nulls kept', async (s) => {
    const rows = [
      errorGap('a.ts', 'fn:1', 'TypeError'),
      errorGap('a.ts', 'fn:2', null),
      errorGap('b.ts', 'fn:3', null),
    ];
    const ids: number[] = [];
    for (const row of rows) ids.push(await s.insertErrorGap(row));
    expectDistinctRowIds(api, ids);
    expectInserted(api, await s.getErrorGapsByFile('a.ts'), [
      [ids[0]!, rows[0]!],
      [ids[1]!, rows[1]!],
    ]);
    expect(await s.getErrorGapsByFile('c.ts')).toEqual([]);
  });

  test('impact scores: round-trip and replace by function id', async (s) => {
    const rows = [impact('fn:1', true), impact(`fn:${UNICODE}`, false)];
    for (const row of rows) await s.upsertImpactScore(row);
    expectSame(api, await s.getImpactScore('fn:1'), rows[0]);
    expectSame(api, await s.getImpactScore(`fn:${UNICODE}`), rows[1]);
    const replaced = { ...rows[0]!, isDeadCode: false, deadCodeReason: null, blastRadius: 0 };
    await s.upsertImpactScore(replaced);
    expectSame(api, await s.getImpactScore('fn:1'), replaced);
    expect(await s.getImpactScore('fn:2')).toBeNull();
  });

  test('test coverage: read by source function; the same test and source pair is replaced', async (s) => {
    await s.insertTestCoverage({ testFunctionId: 't:1', sourceFunctionId: 'fn:1', coverageType: 'direct' });
    await s.insertTestCoverage({
      testFunctionId: 't:2',
      sourceFunctionId: 'fn:1',
      coverageType: 'transitive',
    });
    await s.insertTestCoverage({ testFunctionId: 't:1', sourceFunctionId: 'fn:2', coverageType: 'direct' });
    await s.insertTestCoverage({ testFunctionId: 't:2', sourceFunctionId: 'fn:1', coverageType: UNICODE });
    expectSame(
      api,
      sortBy(await s.getTestCoverageForSource('fn:1'), (r) => r.testFunctionId),
      [
        { testFunctionId: 't:1', sourceFunctionId: 'fn:1', coverageType: 'direct' },
        { testFunctionId: 't:2', sourceFunctionId: 'fn:1', coverageType: UNICODE },
      ],
    );
    expect(await s.getTestCoverageForSource('fn:3')).toEqual([]);
  });

  test('test quality: round-trip with every nullable null or set, replace by function id', async (s) => {
    const full = testQuality('fn:1', 0.875, false);
    const sparse = testQuality('fn:2', 0.25, true);
    await s.upsertTestQuality(full);
    await s.upsertTestQuality(sparse);
    expectSame(api, await s.getTestQuality('fn:1'), full);
    expectSame(api, await s.getTestQuality('fn:2'), sparse);
    const replaced = { ...sparse, overallScore: 1, smells: '[]' };
    await s.upsertTestQuality(replaced);
    expectSame(api, await s.getTestQuality('fn:2'), replaced);
    expect(await s.getTestQuality('fn:3')).toBeNull();
  });

  structuralValueTests(ctx);
}
