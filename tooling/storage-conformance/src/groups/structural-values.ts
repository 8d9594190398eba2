// The structural tests that the SQLite engine's own test file held, moved here so that every engine
// runs them: exact values of every row (integers past 2^31 and 2^32, unicode outside the BMP,
// combining marks, empty strings, fractional reals), replacement by key, filters, store-assigned ids
// counted from 1 and stamps of the write's second, and refusals.

import { readFileSync } from 'node:fs';
import { type DnaMutationRow, DRIFT_STRUCTURAL_METHODS } from '@drift/storage-traits';
import {
  access,
  BIG,
  constant,
  constraint,
  contract,
  crypto,
  decision,
  envVar,
  gap,
  gene,
  HUGE,
  impact,
  metrics,
  mismatch,
  mutation,
  owasp,
  quality,
  reach,
  secret,
  taint,
  UNI,
  wrapper,
} from '../structural-rows.js';
import { expectStorageError, type GroupContext, nowSeconds, U32_MAX } from '../support.js';

/** Sorts a copy of rows by a key, for queries the reference leaves unordered. */
function by<T>(rows: readonly T[], key: (row: T) => string | number): T[] {
  return [...rows].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
/** Registers the value-by-value structural tests (part of the `structural` group). */
export function structuralValueTests(ctx: GroupContext): void {
  const { api, test } = ctx;
  const { expect } = api;

  // Read from the group's source, not recorded while the other tests run, so it holds when run alone.
  test('every IDriftStructural method is called by a test of this group', async () => {
    const source = ['./structural.ts', './structural-values.ts']
      .map((file) => readFileSync(new URL(file, import.meta.url), 'utf8'))
      .join('\n');
    const uncalled = DRIFT_STRUCTURAL_METHODS.filter((name) => !source.includes(`s.${name}(`));
    expect(uncalled, 'methods no test of the structural group calls').toEqual([]);
  });

  test('coupling: round-trips coupling metrics and replaces them on upsert', async (s) => {
    const row = metrics(UNI, 0.5, { ce: BIG, ca: 0, zone: 'zone_of_pain' });
    await s.upsertCouplingMetrics(row);
    expect(await s.getCouplingMetrics(UNI)).toEqual(row);
    expect(await s.getCouplingMetrics('other')).toBeNull();

    const replaced = metrics(UNI, 0.0625, {
      ce: 1,
      ca: U32_MAX,
      instability: 1,
      abstractness: 0,
      zone: 'main_sequence',
    });
    await s.upsertCouplingMetrics(replaced);
    expect(await s.getCouplingMetrics(UNI)).toEqual(replaced);
    expect(await s.getAllCouplingMetrics()).toEqual([replaced]);
  });

  test('coupling: lists all metrics by distance, largest first', async (s) => {
    await s.upsertCouplingMetrics(metrics('b', 0.25));
    await s.upsertCouplingMetrics(metrics('a', 0.75));
    await s.upsertCouplingMetrics(metrics('c', 0.5));
    await s.upsertCouplingMetrics(metrics('d', 0));
    expect((await s.getAllCouplingMetrics()).map((r) => [r.module, r.distance])).toEqual([
      ['a', 0.75],
      ['c', 0.5],
      ['b', 0.25],
      ['d', 0],
    ]);
  });

  test('coupling: filters metrics by zone', async (s) => {
    await s.upsertCouplingMetrics(metrics('p1', 0.9, { zone: 'zone_of_pain' }));
    await s.upsertCouplingMetrics(metrics('m1', 0.1));
    await s.upsertCouplingMetrics(metrics('p2', 0.8, { zone: 'zone_of_pain' }));
    expect(by(await s.getCouplingMetricsByZone('zone_of_pain'), (r) => r.module)).toEqual([
      metrics('p1', 0.9, { zone: 'zone_of_pain' }),
      metrics('p2', 0.8, { zone: 'zone_of_pain' }),
    ]);
    expect(await s.getCouplingMetricsByZone('main_sequence')).toEqual([metrics('m1', 0.1)]);
    expect(await s.getCouplingMetricsByZone('zone_of_uselessness')).toEqual([]);
    // moving a module to another zone takes it out of the first
    await s.upsertCouplingMetrics(metrics('p1', 0.9));
    expect((await s.getCouplingMetricsByZone('zone_of_pain')).map((r) => r.module)).toEqual(['p2']);
  });

  test('coupling: records coupling cycles with store-assigned ids and timestamps', async (s) => {
    const t0 = nowSeconds();
    await s.insertCouplingCycle(`["${UNI}","b"]`, '[{"edge":"a->b"}]');
    await s.insertCouplingCycle('["c","d"]', '');
    const cycles = by(await s.queryCouplingCycles(), (r) => r.id);
    expect(cycles.map(({ createdAt: _, ...rest }) => rest)).toEqual([
      { id: 1, members: `["${UNI}","b"]`, breakSuggestions: '[{"edge":"a->b"}]' },
      { id: 2, members: '["c","d"]', breakSuggestions: '' },
    ]);
    for (const c of cycles) {
      expect(c.createdAt).toBeGreaterThanOrEqual(t0 - 1);
      expect(c.createdAt).toBeLessThanOrEqual(nowSeconds() + 1);
    }
  });

  test('constraints: round-trips constraints, null scope and disabled included', async (s) => {
    const a = constraint(`c-${UNI}`);
    const b = constraint('c-b', { scope: null, enabled: false, source: 'inferred', target: '' });
    await s.upsertConstraint(a);
    await s.upsertConstraint(b);
    expect(await s.getConstraint(`c-${UNI}`)).toEqual(a);
    expect(await s.getConstraint('c-b')).toEqual(b);
    expect(await s.getConstraint('c-none')).toBeNull();
  });

  test('constraints: replaces a constraint on upsert', async (s) => {
    await s.upsertConstraint(constraint('c1'));
    const replaced = constraint('c1', {
      description: 'changed',
      invariantType: 'must_import',
      target: 't2',
      scope: null,
      source: 'inferred',
      enabled: false,
    });
    await s.upsertConstraint(replaced);
    expect(await s.getConstraint('c1')).toEqual(replaced);
  });

  test('constraints: lists only enabled constraints, following upserts', async (s) => {
    await s.upsertConstraint(constraint('on-1'));
    await s.upsertConstraint(constraint('off', { enabled: false }));
    await s.upsertConstraint(constraint('on-2', { scope: null }));
    expect(by(await s.getEnabledConstraints(), (r) => r.id)).toEqual([
      constraint('on-1'),
      constraint('on-2', { scope: null }),
    ]);
    await s.upsertConstraint(constraint('on-1', { enabled: false }));
    await s.upsertConstraint(constraint('off', { enabled: true }));
    expect(by(await s.getEnabledConstraints(), (r) => r.id).map((r) => r.id)).toEqual(['off', 'on-2']);
  });

  test('constraints: records verifications of a constraint and returns only that constraint’s', async (s) => {
    await s.upsertConstraint(constraint('c1'));
    await s.upsertConstraint(constraint('c2'));
    const t0 = nowSeconds();
    await s.insertConstraintVerification('c1', true, '[]');
    await s.insertConstraintVerification('c1', false, `[{"file":"${UNI}"}]`);
    await s.insertConstraintVerification('c2', false, '["x"]');
    const rows = by(await s.queryConstraintVerifications('c1'), (r) => r.id);
    expect(rows.map(({ verifiedAt: _, ...rest }) => rest)).toEqual([
      { id: 1, constraintId: 'c1', passed: true, violations: '[]' },
      { id: 2, constraintId: 'c1', passed: false, violations: `[{"file":"${UNI}"}]` },
    ]);
    for (const r of rows) expect(r.verifiedAt).toBeGreaterThanOrEqual(t0 - 1);
    expect((await s.queryConstraintVerifications('c2')).map((r) => [r.id, r.passed])).toEqual([[3, false]]);
    expect(await s.queryConstraintVerifications('c3')).toEqual([]);
  });

  test('constraints: refuses a verification of an unknown constraint with NOT_FOUND and writes nothing', async (s) => {
    const error = (await expectStorageError(
      api,
      s.insertConstraintVerification('ghost', true, '[]'),
      'NOT_FOUND',
    )) as Error;
    expect(error.message).toContain('insertConstraintVerification');
    expect(await s.queryConstraintVerifications('ghost')).toEqual([]);
    // once the constraint exists, the failed insert still left no orphan row behind
    await s.upsertConstraint(constraint('ghost'));
    expect(await s.queryConstraintVerifications('ghost')).toEqual([]);
    await s.insertConstraintVerification('ghost', false, '["v"]');
    expect((await s.queryConstraintVerifications('ghost')).map((r) => [r.passed, r.violations])).toEqual([
      [false, '["v"]'],
    ]);
  });

  test('constraints: keeps verifications when their constraint is upserted again', async (s) => {
    await s.upsertConstraint(constraint('c1'));
    await s.insertConstraintVerification('c1', true, '[]');
    await s.upsertConstraint(constraint('c1', { description: 'again' }));
    expect((await s.getConstraint('c1'))?.description).toBe('again');
    expect((await s.queryConstraintVerifications('c1')).map((r) => r.passed)).toEqual([true]);
  });

  test('contracts: round-trips and replaces contracts', async (s) => {
    const a = contract(`k-${UNI}`);
    await s.upsertContract(a);
    expect(await s.getContract(`k-${UNI}`)).toEqual(a);
    expect(await s.getContract('missing')).toBeNull();
    const replaced = contract(`k-${UNI}`, {
      paradigm: 'graphql',
      sourceFile: 'b.ts',
      framework: 'apollo',
      confidence: 0.125,
      endpoints: '',
    });
    await s.upsertContract(replaced);
    expect(await s.getContract(`k-${UNI}`)).toEqual(replaced);
  });

  test('contracts: filters contracts by paradigm', async (s) => {
    await s.upsertContract(contract('r1'));
    await s.upsertContract(contract('g1', { paradigm: 'graphql' }));
    await s.upsertContract(contract('r2', { framework: 'fastify' }));
    expect(by(await s.getContractsByParadigm('rest'), (r) => r.id)).toEqual([
      contract('r1'),
      contract('r2', { framework: 'fastify' }),
    ]);
    expect(await s.getContractsByParadigm('graphql')).toEqual([contract('g1', { paradigm: 'graphql' })]);
    expect(await s.getContractsByParadigm('grpc')).toEqual([]);
    await s.upsertContract(contract('r1', { paradigm: 'grpc' }));
    expect((await s.getContractsByParadigm('rest')).map((r) => r.id)).toEqual(['r2']);
    expect((await s.getContractsByParadigm('grpc')).map((r) => r.id)).toEqual(['r1']);
  });

  test('contracts: records mismatches, ignoring the given id and createdAt', async (s) => {
    const t0 = nowSeconds();
    await s.insertContractMismatch(mismatch(1));
    await s.insertContractMismatch(
      mismatch(2, { mismatchType: 'type_mismatch', severity: 'low', message: '' }),
    );
    await s.insertContractMismatch(mismatch(3));
    const all = by(await s.queryContractMismatches(), (r) => r.id);
    expect(all.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(all[1]).toEqual({
      ...mismatch(2, { mismatchType: 'type_mismatch', severity: 'low', message: '' }),
      id: 2,
      createdAt: all[1]!.createdAt,
    });
    expect(all[0]).toEqual({ ...mismatch(1), id: 1, createdAt: all[0]!.createdAt });
    for (const r of all) {
      expect(r.createdAt).toBeGreaterThanOrEqual(t0 - 1);
      expect(r.createdAt).toBeLessThanOrEqual(nowSeconds() + 1);
    }
    expect(by(await s.queryContractMismatchesByType('field_missing'), (r) => r.id).map((r) => r.id)).toEqual([
      1, 3,
    ]);
    expect((await s.queryContractMismatchesByType('type_mismatch')).map((r) => r.message)).toEqual(['']);
    expect(await s.queryContractMismatchesByType('nope')).toEqual([]);
  });

  test('secrets: returns new row ids and round-trips every field', async (s) => {
    const id1 = await s.insertSecret(secret(1, { id: 999 }));
    const id2 = await s.insertSecret(secret(2, { file: 'src/other.ts', severity: 'low', cweIds: '' }));
    const id3 = await s.insertSecret(secret(3));
    expect([id1, id2, id3]).toEqual([1, 2, 3]);
    expect(by(await s.getSecretsByFile('src/config.ts'), (r) => r.id ?? 0)).toEqual([
      { ...secret(1), id: 1 },
      { ...secret(3), id: 3 },
    ]);
    expect(await s.getSecretsByFile('src/other.ts')).toEqual([
      { ...secret(2, { file: 'src/other.ts', severity: 'low', cweIds: '' }), id: 2 },
    ]);
    expect(await s.getSecretsByFile('nope.ts')).toEqual([]);
  });

  test('secrets: filters secrets by severity', async (s) => {
    await s.insertSecret(secret(1));
    await s.insertSecret(secret(2, { severity: 'low' }));
    await s.insertSecret(secret(3, { severity: 'low', file: 'x.ts' }));
    expect(
      by(await s.getSecretsBySeverity('low'), (r) => r.id ?? 0).map((r) => [r.id, r.file, r.line]),
    ).toEqual([
      [2, 'src/config.ts', BIG + 2],
      [3, 'x.ts', BIG + 3],
    ]);
    expect(await s.getSecretsBySeverity('critical')).toEqual([{ ...secret(1), id: 1 }]);
    expect(await s.getSecretsBySeverity('medium')).toEqual([]);
  });

  test('wrappers: returns new row ids and round-trips booleans and large counts', async (s) => {
    expect(await s.insertWrapper(wrapper(1, { id: 50 }))).toBe(1);
    expect(
      await s.insertWrapper(wrapper(2, { isMultiPrimitive: false, isExported: true, usageCount: 0 })),
    ).toBe(2);
    expect(await s.insertWrapper(wrapper(3, { file: `src/${UNI}.ts`, category: 'fetch' }))).toBe(3);
    expect(by(await s.getWrappersByFile('src/hooks.ts'), (r) => r.id ?? 0)).toEqual([
      { ...wrapper(1), id: 1 },
      { ...wrapper(2, { isMultiPrimitive: false, isExported: true, usageCount: 0 }), id: 2 },
    ]);
    expect(await s.getWrappersByFile(`src/${UNI}.ts`)).toEqual([
      { ...wrapper(3, { file: `src/${UNI}.ts`, category: 'fetch' }), id: 3 },
    ]);
    expect(await s.getWrappersByFile('none.ts')).toEqual([]);
  });

  test('wrappers: filters wrappers by category', async (s) => {
    await s.insertWrapper(wrapper(1));
    await s.insertWrapper(wrapper(2, { category: 'fetch', framework: 'swr', confidence: 0.03125 }));
    await s.insertWrapper(wrapper(3));
    expect(await s.getWrappersByCategory('fetch')).toEqual([
      { ...wrapper(2, { category: 'fetch', framework: 'swr', confidence: 0.03125 }), id: 2 },
    ]);
    expect(by(await s.getWrappersByCategory('state'), (r) => r.id ?? 0).map((r) => r.id)).toEqual([1, 3]);
    expect(await s.getWrappersByCategory('other')).toEqual([]);
  });

  test('DNA: round-trips and replaces genes, null dominant allele included', async (s) => {
    const a = gene(`g-${UNI}`);
    const b = gene('g-b', { dominantAllele: null, confidence: 0, consistency: 1 });
    await s.upsertDnaGene(a);
    await s.upsertDnaGene(b);
    expect(await s.getDnaGene(`g-${UNI}`)).toEqual(a);
    expect(await s.getDnaGene('g-b')).toEqual(b);
    expect(await s.getDnaGene('g-none')).toBeNull();
    expect(by(await s.getAllDnaGenes(), (r) => r.geneId)).toEqual(by([a, b], (r) => r.geneId));

    const replaced = gene('g-b', {
      name: 'renamed',
      description: '',
      dominantAllele: 'snake',
      alleles: '[]',
      confidence: 0.3,
      consistency: 0.2,
      exemplars: '[]',
    });
    await s.upsertDnaGene(replaced);
    expect(await s.getDnaGene('g-b')).toEqual(replaced);
    expect(await s.getAllDnaGenes()).toHaveLength(2);
  });

  test('DNA: round-trips and replaces mutations; lists them by gene and unresolved', async (s) => {
    const m1 = mutation(`mut-${UNI}`);
    const m2 = mutation('mut-2', { geneId: 'g-other', resolved: true, resolvedAt: HUGE + 1 });
    const m3 = mutation('mut-3', { line: 1, detectedAt: 0 });
    for (const m of [m1, m2, m3]) await s.upsertDnaMutation(m);
    expect(by(await s.getDnaMutationsByGene('g-naming'), (r) => r.id)).toEqual(by([m1, m3], (r) => r.id));
    expect(await s.getDnaMutationsByGene('g-other')).toEqual([m2]);
    expect(await s.getDnaMutationsByGene('g-none')).toEqual([]);
    expect(by(await s.getUnresolvedMutations(), (r) => r.id)).toEqual(by([m1, m3], (r) => r.id));

    // resolving m1 and un-resolving m2 by upsert
    const m1Resolved = { ...m1, resolved: true, resolvedAt: HUGE, suggestion: 'done' };
    const m2Open = { ...m2, resolved: false, resolvedAt: null, geneId: 'g-naming' };
    await s.upsertDnaMutation(m1Resolved);
    await s.upsertDnaMutation(m2Open);
    expect(by(await s.getUnresolvedMutations(), (r) => r.id)).toEqual(by([m2Open, m3], (r) => r.id));
    expect(by(await s.getDnaMutationsByGene('g-naming'), (r) => r.id)).toEqual(
      by([m1Resolved, m2Open, m3], (r) => r.id),
    );
    expect(await s.getDnaMutationsByGene('g-other')).toEqual([]);

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
    await s.upsertDnaMutation(m3Changed);
    expect(await s.getDnaMutationsByGene('g-third')).toEqual([m3Changed]);
  });

  test('DNA: records decomposition decisions by profile', async (s) => {
    expect(await s.insertDecompositionDecision(decision(1, { id: 33 }))).toBe(1);
    expect(await s.insertDecompositionDecision(decision(2, { dnaProfileHash: 'profile-b' }))).toBe(2);
    expect(await s.insertDecompositionDecision(decision(3, { narrative: '' }))).toBe(3);
    expect(by(await s.getDecompositionDecisions('profile-a'), (r) => r.id ?? 0)).toEqual([
      { ...decision(1), id: 1 },
      { ...decision(3, { narrative: '' }), id: 3 },
    ]);
    expect(await s.getDecompositionDecisions('profile-b')).toEqual([
      { ...decision(2, { dnaProfileHash: 'profile-b' }), id: 2 },
    ]);
    expect(await s.getDecompositionDecisions('profile-c')).toEqual([]);
  });

  test('crypto and OWASP findings: records crypto findings and filters them by file and category', async (s) => {
    expect(await s.insertCryptoFinding(crypto(1, { id: 77 }))).toBe(1);
    expect(await s.insertCryptoFinding(crypto(2, { category: 'weak_cipher', cweId: BIG }))).toBe(2);
    expect(await s.insertCryptoFinding(crypto(3, { file: `${UNI}.py`, language: 'python' }))).toBe(3);
    expect(by(await s.getCryptoFindingsByFile('src/hash.ts'), (r) => r.id ?? 0)).toEqual([
      { ...crypto(1), id: 1 },
      { ...crypto(2, { category: 'weak_cipher', cweId: BIG }), id: 2 },
    ]);
    expect(await s.getCryptoFindingsByFile(`${UNI}.py`)).toEqual([
      { ...crypto(3, { file: `${UNI}.py`, language: 'python' }), id: 3 },
    ]);
    expect(await s.getCryptoFindingsByFile('none')).toEqual([]);
    expect(by(await s.getCryptoFindingsByCategory('weak_hash'), (r) => r.id ?? 0).map((r) => r.id)).toEqual([
      1, 3,
    ]);
    expect((await s.getCryptoFindingsByCategory('weak_cipher')).map((r) => r.cweId)).toEqual([BIG]);
    expect(await s.getCryptoFindingsByCategory('none')).toEqual([]);
  });

  test('crypto and OWASP findings: round-trips and replaces OWASP findings; filters by file and detector', async (s) => {
    const a = owasp(`o-${UNI}`);
    const b = owasp('o-b', { remediation: null, detector: 'xss', severity: 2 });
    const c = owasp('o-c', { file: 'src/view.ts', detector: 'xss' });
    for (const f of [a, b, c]) await s.upsertOwaspFinding(f);
    expect(by(await s.getOwaspFindingsByFile('src/db.ts'), (r) => r.id)).toEqual(by([a, b], (r) => r.id));
    expect(await s.getOwaspFindingsByFile('src/view.ts')).toEqual([c]);
    expect(await s.getOwaspFindingsByFile('none')).toEqual([]);
    expect(by(await s.getOwaspFindingsByDetector('xss'), (r) => r.id)).toEqual([b, c]);
    expect(await s.getOwaspFindingsByDetector('sqli')).toEqual([a]);
    expect(await s.getOwaspFindingsByDetector('none')).toEqual([]);

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
    await s.upsertOwaspFinding(moved);
    expect(by(await s.getOwaspFindingsByFile('src/view.ts'), (r) => r.id)).toEqual([moved, c]);
    expect(await s.getOwaspFindingsByFile('src/db.ts')).toEqual([a]);
    expect(await s.getOwaspFindingsByDetector('xss')).toEqual([c]);
  });

  test('constants: stores constants with store-assigned id and createdAt, by file in line order', async (s) => {
    const t0 = nowSeconds();
    await s.insertConstant(constant('B', 'a.ts', 20));
    await s.insertConstant(constant(UNI, 'a.ts', BIG, { isUsed: false, isNamed: false, value: '3.14' }));
    await s.insertConstant(constant('A', 'a.ts', 5, { language: 'rust' }));
    await s.insertConstant(constant('Z', 'b.ts', 1));
    const rows = await s.queryConstantsByFile('a.ts');
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
      expect(r.createdAt).toBeLessThanOrEqual(nowSeconds() + 1);
    }
    expect(await s.queryConstantsByFile('c.ts')).toEqual([]);
    expect(await s.countConstants()).toBe(4);
  });

  test('constants: inserts a batch in one go, keeping duplicates as separate rows', async (s) => {
    await s.insertConstantsBatch([]);
    expect(await s.countConstants()).toBe(0);
    await s.insertConstantsBatch([
      constant('X', 'f.ts', 2),
      constant('X', 'f.ts', 2),
      constant('Y', 'g.ts', 1, { isNamed: false }),
    ]);
    expect(await s.countConstants()).toBe(3);
    expect((await s.queryConstantsByFile('f.ts')).map((r) => r.id)).toEqual([1, 2]);
    expect((await s.queryConstantsByFile('g.ts')).map((r) => [r.name, r.isNamed, r.isUsed])).toEqual([
      ['Y', false, true],
    ]);
  });

  test('constants: lists unused constants and magic numbers by file, then line', async (s) => {
    await s.insertConstantsBatch([
      constant('u3', 'b.ts', 1, { isUsed: false }),
      constant('u2', 'a.ts', 30, { isUsed: false, isNamed: false }),
      constant('used', 'a.ts', 1),
      constant('u1', 'a.ts', 4, { isUsed: false }),
      constant('m2', 'c.ts', 2, { isNamed: false }),
      constant('m1', 'a.ts', BIG, { isNamed: false }),
    ]);
    expect((await s.queryUnusedConstants()).map((r) => r.name)).toEqual(['u1', 'u2', 'u3']);
    expect((await s.queryUnusedConstants()).every((r) => r.isUsed === false)).toBe(true);
    expect((await s.queryMagicNumbers()).map((r) => r.name)).toEqual(['u2', 'm1', 'm2']);
    expect((await s.queryMagicNumbers()).every((r) => r.isNamed === false)).toBe(true);
  });

  test('constants: deletes the constants of one file and reports how many', async (s) => {
    await s.insertConstantsBatch([
      constant('a', 'x.ts', 1),
      constant('b', 'x.ts', 2),
      constant('c', 'y.ts', 1),
    ]);
    expect(await s.deleteConstantsByFile('x.ts')).toBe(2);
    expect(await s.deleteConstantsByFile('x.ts')).toBe(0);
    expect(await s.deleteConstantsByFile('none.ts')).toBe(0);
    expect(await s.countConstants()).toBe(1);
    expect((await s.queryConstantsByFile('y.ts')).map((r) => r.name)).toEqual(['c']);
  });

  test('environment variables: stores reads with store-assigned id and createdAt; lists them by file in line order', async (s) => {
    const t0 = nowSeconds();
    await s.insertEnvVariable(envVar('API_URL', 'a.ts', 30));
    await s.insertEnvVariable(
      envVar(UNI, 'a.ts', BIG, { frameworkPrefix: null, hasDefault: true, definedInEnv: false }),
    );
    await s.insertEnvVariable(envVar('PORT', 'a.ts', 2, { accessMethod: 'os.getenv' }));
    const rows = await s.queryEnvVariablesByFile('a.ts');
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
      expect(r.createdAt!).toBeLessThanOrEqual(nowSeconds() + 1);
    }
    expect(await s.queryEnvVariablesByFile('b.ts')).toEqual([]);
    expect(await s.countEnvVariables()).toBe(3);
  });

  test('environment variables: lists the reads of a variable by file, then line', async (s) => {
    await s.insertEnvVariablesBatch([
      envVar('PORT', 'b.ts', 1),
      envVar('PORT', 'a.ts', 9),
      envVar('HOST', 'a.ts', 1),
      envVar('PORT', 'a.ts', 3),
    ]);
    expect((await s.queryEnvVariablesByName('PORT')).map((r) => [r.file, r.line])).toEqual([
      ['a.ts', 3],
      ['a.ts', 9],
      ['b.ts', 1],
    ]);
    expect(await s.queryEnvVariablesByName('NONE')).toEqual([]);
  });

  test('environment variables: lists reads with neither a default nor a .env definition, by name then file', async (s) => {
    await s.insertEnvVariablesBatch([
      envVar('ZED', 'a.ts', 1, { definedInEnv: false }),
      envVar('ALPHA', 'z.ts', 1, { definedInEnv: false }),
      envVar('ALPHA', 'b.ts', 1, { definedInEnv: false }),
      envVar('DEFAULTED', 'a.ts', 1, { definedInEnv: false, hasDefault: true }),
      envVar('DEFINED', 'a.ts', 1),
      envVar('BOTH', 'a.ts', 1, { hasDefault: true }),
    ]);
    const missing = await s.queryMissingEnvVariables();
    expect(missing.map((r) => [r.name, r.file])).toEqual([
      ['ALPHA', 'b.ts'],
      ['ALPHA', 'z.ts'],
      ['ZED', 'a.ts'],
    ]);
    expect(missing.every((r) => !r.hasDefault && !r.definedInEnv)).toBe(true);
  });

  test('environment variables: deletes the reads of one file and reports how many', async (s) => {
    await s.insertEnvVariablesBatch([envVar('A', 'x.ts', 1), envVar('B', 'x.ts', 2), envVar('A', 'y.ts', 1)]);
    expect(await s.deleteEnvVariablesByFile('x.ts')).toBe(2);
    expect(await s.deleteEnvVariablesByFile('x.ts')).toBe(0);
    expect(await s.countEnvVariables()).toBe(1);
    expect((await s.queryEnvVariablesByName('A')).map((r) => r.file)).toEqual(['y.ts']);
  });

  test('data access: round-trips accesses with a null id, by function in line order', async (s) => {
    await s.insertDataAccess(access(HUGE, 'users', 40));
    await s.insertDataAccess(access(HUGE, UNI, 2, { framework: null, operation: 'write', confidence: 0.5 }));
    await s.insertDataAccess(access(HUGE, 'orders', BIG));
    await s.insertDataAccess(access(1, 'users', 1));
    expect(await s.queryDataAccessByFunction(HUGE)).toEqual([
      { ...access(HUGE, UNI, 2, { framework: null, operation: 'write', confidence: 0.5 }), id: null },
      { ...access(HUGE, 'users', 40), id: null },
      { ...access(HUGE, 'orders', BIG), id: null },
    ]);
    expect(await s.queryDataAccessByFunction(2)).toEqual([]);
    expect(await s.countDataAccess()).toBe(4);
  });

  test('data access: ignores a duplicate access, keeping the first', async (s) => {
    await s.insertDataAccess(access(7, 'users', 3));
    await s.insertDataAccess(access(7, 'users', 3, { framework: 'knex', confidence: 0.1 }));
    expect(await s.countDataAccess()).toBe(1);
    expect(await s.queryDataAccessByFunction(7)).toEqual([{ ...access(7, 'users', 3), id: null }]);
    // any part of the key differing makes a new row
    await s.insertDataAccess(access(7, 'users', 3, { operation: 'write' }));
    await s.insertDataAccess(access(7, 'users', 4));
    await s.insertDataAccess(access(7, 'orders', 3));
    await s.insertDataAccess(access(8, 'users', 3));
    expect(await s.countDataAccess()).toBe(5);
  });

  test('data access: inserts a batch in one go, ignoring duplicates within it and against the table', async (s) => {
    await s.insertDataAccess(access(1, 't', 1, { framework: 'orig' }));
    await s.insertDataAccessBatch([
      access(1, 't', 1, { framework: 'dup' }),
      access(2, 't', 1),
      access(2, 't', 1, { confidence: 0 }),
      access(3, 't', 1),
    ]);
    expect(await s.countDataAccess()).toBe(3);
    expect((await s.queryDataAccessByFunction(1)).map((r) => r.framework)).toEqual(['orig']);
    expect((await s.queryDataAccessByFunction(2)).map((r) => r.confidence)).toEqual([0.8125]);
    await s.insertDataAccessBatch([]);
    expect(await s.countDataAccess()).toBe(3);
  });

  test('data access: lists the accesses of a table by function id', async (s) => {
    await s.insertDataAccessBatch([
      access(HUGE, 'users', 1),
      access(5, 'users', 9),
      access(30, 'users', 2),
      access(6, 'orders', 1),
    ]);
    expect((await s.queryDataAccessByTable('users')).map((r) => [r.functionId, r.line])).toEqual([
      [5, 9],
      [30, 2],
      [HUGE, 1],
    ]);
    expect(await s.queryDataAccessByTable('orders')).toEqual([{ ...access(6, 'orders', 1), id: null }]);
    expect(await s.queryDataAccessByTable('none')).toEqual([]);
  });

  test('data access: deletes the accesses of one function and reports how many', async (s) => {
    await s.insertDataAccessBatch([access(HUGE, 'a', 1), access(HUGE, 'b', 1), access(2, 'a', 1)]);
    expect(await s.deleteDataAccessByFunction(HUGE)).toBe(2);
    expect(await s.deleteDataAccessByFunction(HUGE)).toBe(0);
    expect(await s.countDataAccess()).toBe(1);
    expect((await s.queryDataAccessByTable('a')).map((r) => r.functionId)).toEqual([2]);
  });

  test('reachability cache: round-trips by (node, direction), replaces, and clears', async (s) => {
    const fwd = reach(UNI, 'forward');
    const back = reach(UNI, 'backward', { reachableSet: '[]', sensitivity: 'low' });
    const other = reach('n2', 'forward');
    for (const r of [fwd, back, other]) await s.upsertReachability(r);
    expect(await s.getReachability(UNI, 'forward')).toEqual(fwd);
    expect(await s.getReachability(UNI, 'backward')).toEqual(back);
    expect(await s.getReachability('n2', 'forward')).toEqual(other);
    expect(await s.getReachability('n2', 'backward')).toBeNull();

    const replaced = reach(UNI, 'forward', { reachableSet: '["z"]', sensitivity: 'critical' });
    await s.upsertReachability(replaced);
    expect(await s.getReachability(UNI, 'forward')).toEqual(replaced);
    expect(await s.getReachability(UNI, 'backward')).toEqual(back);

    await s.clearReachabilityCache();
    expect(await s.getReachability(UNI, 'forward')).toBeNull();
    expect(await s.getReachability(UNI, 'backward')).toBeNull();
    expect(await s.getReachability('n2', 'forward')).toBeNull();
    await s.clearReachabilityCache();
  });

  test('taint flows and error gaps: records taint flows; by file matches source or sink, once each', async (s) => {
    expect(await s.insertTaintFlow(taint(1, { id: 123 }))).toBe(1);
    expect(
      await s.insertTaintFlow(
        taint(2, { sourceFile: 'src/db.ts', sinkFile: 'src/db.ts', cweId: null, isSanitized: true }),
      ),
    ).toBe(2);
    expect(
      await s.insertTaintFlow(taint(3, { sourceFile: `${UNI}.ts`, sinkFile: 'src/exec.ts', cweId: BIG })),
    ).toBe(3);
    expect(by(await s.getTaintFlowsByFile('src/db.ts'), (r) => r.id ?? 0)).toEqual([
      { ...taint(1), id: 1 },
      {
        ...taint(2, { sourceFile: 'src/db.ts', sinkFile: 'src/db.ts', cweId: null, isSanitized: true }),
        id: 2,
      },
    ]);
    expect((await s.getTaintFlowsByFile('src/routes.ts')).map((r) => r.id)).toEqual([1]);
    expect(await s.getTaintFlowsByFile(`${UNI}.ts`)).toEqual([
      { ...taint(3, { sourceFile: `${UNI}.ts`, sinkFile: 'src/exec.ts', cweId: BIG }), id: 3 },
    ]);
    expect((await s.getTaintFlowsByFile('src/exec.ts')).map((r) => r.id)).toEqual([3]);
    expect(await s.getTaintFlowsByFile('none')).toEqual([]);
  });

  test('taint flows and error gaps: filters taint flows by CWE, never matching a null CWE', async (s) => {
    await s.insertTaintFlow(taint(1));
    await s.insertTaintFlow(taint(2, { cweId: null }));
    await s.insertTaintFlow(taint(3, { cweId: 78 }));
    await s.insertTaintFlow(taint(4));
    expect(by(await s.getTaintFlowsByCwe(89), (r) => r.id ?? 0).map((r) => r.id)).toEqual([1, 4]);
    expect(await s.getTaintFlowsByCwe(78)).toEqual([{ ...taint(3, { cweId: 78 }), id: 3 }]);
    expect(await s.getTaintFlowsByCwe(0)).toEqual([]);
  });

  test('taint flows and error gaps: records error gaps and lists them by file, nulls included', async (s) => {
    expect(await s.insertErrorGap(gap(1, { id: 5 }))).toBe(1);
    const bare = gap(2, {
      errorType: null,
      propagationChain: null,
      framework: null,
      cweId: null,
      functionId: UNI,
    });
    expect(await s.insertErrorGap(bare)).toBe(2);
    expect(await s.insertErrorGap(gap(3, { file: 'src/other.ts', cweId: BIG }))).toBe(3);
    expect(by(await s.getErrorGapsByFile('src/io.ts'), (r) => r.id ?? 0)).toEqual([
      { ...gap(1), id: 1 },
      { ...bare, id: 2 },
    ]);
    expect(await s.getErrorGapsByFile('src/other.ts')).toEqual([
      { ...gap(3, { file: 'src/other.ts', cweId: BIG }), id: 3 },
    ]);
    expect(await s.getErrorGapsByFile('none')).toEqual([]);
  });

  test('impact, test coverage and test quality: round-trips and replaces impact scores', async (s) => {
    const a = impact(UNI);
    const b = impact('f2', {
      isDeadCode: false,
      deadCodeReason: null,
      exclusionCategory: 'entry_point',
      blastRadius: 0,
    });
    await s.upsertImpactScore(a);
    await s.upsertImpactScore(b);
    expect(await s.getImpactScore(UNI)).toEqual(a);
    expect(await s.getImpactScore('f2')).toEqual(b);
    expect(await s.getImpactScore('none')).toBeNull();
    const replaced = impact(UNI, {
      blastRadius: U32_MAX,
      riskScore: 0.0078125,
      isDeadCode: false,
      deadCodeReason: null,
      exclusionCategory: 'test',
    });
    await s.upsertImpactScore(replaced);
    expect(await s.getImpactScore(UNI)).toEqual(replaced);
  });

  test('impact, test coverage and test quality: links tests to sources, replacing the coverage type of an existing link', async (s) => {
    await s.insertTestCoverage({ testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'direct' });
    await s.insertTestCoverage({ testFunctionId: 't2', sourceFunctionId: UNI, coverageType: 'transitive' });
    await s.insertTestCoverage({ testFunctionId: 't1', sourceFunctionId: 's2', coverageType: 'direct' });
    expect(by(await s.getTestCoverageForSource(UNI), (r) => r.testFunctionId)).toEqual([
      { testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'direct' },
      { testFunctionId: 't2', sourceFunctionId: UNI, coverageType: 'transitive' },
    ]);
    await s.insertTestCoverage({ testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'transitive' });
    expect(by(await s.getTestCoverageForSource(UNI), (r) => r.testFunctionId)).toEqual([
      { testFunctionId: 't1', sourceFunctionId: UNI, coverageType: 'transitive' },
      { testFunctionId: 't2', sourceFunctionId: UNI, coverageType: 'transitive' },
    ]);
    expect(await s.getTestCoverageForSource('s2')).toEqual([
      { testFunctionId: 't1', sourceFunctionId: 's2', coverageType: 'direct' },
    ]);
    expect(await s.getTestCoverageForSource('none')).toEqual([]);
  });

  test('impact, test coverage and test quality: round-trips and replaces test quality, all-null dimensions included', async (s) => {
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
    await s.upsertTestQuality(full);
    await s.upsertTestQuality(empty);
    expect(await s.getTestQuality(UNI)).toEqual(full);
    expect(await s.getTestQuality('f2')).toEqual(empty);
    expect(await s.getTestQuality('none')).toBeNull();
    await s.upsertTestQuality({ ...empty, functionId: UNI, overallScore: 0.99 });
    expect(await s.getTestQuality(UNI)).toEqual({ ...empty, functionId: UNI, overallScore: 0.99 });
    await s.upsertTestQuality({ ...full, functionId: 'f2' });
    expect(await s.getTestQuality('f2')).toEqual({ ...full, functionId: 'f2' });
  });
}
