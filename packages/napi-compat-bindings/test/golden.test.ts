import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnalysisRunResult, DriftNapi } from '../src/index.js';
import { FIXTURE_PATTERNS, fixtureAnalyzer } from './helpers/fixture-analyzer.js';
import { napiFixture, projectFixture } from './helpers/napi-fixture.js';

// CT0-B-08 (golden), CT0-B-09 and CT0-B-10: a database filled through the engine's write paths (the
// scanner and driftAnalyze with a deterministic analyzer), every storage-backed binding run against it,
// and the results compared with checked-in JSON. Values that depend on the clock are replaced by
// "<time>" before comparing. Regenerate with UPDATE_GOLDEN=1 after an intended change, and review the
// diff.

const GOLDEN = fileURLToPath(new URL('./golden/bindings.json', import.meta.url));

/** Keys whose values depend on the clock or on timing. */
const VOLATILE = new Set([
  'durationMs',
  'analysisTimeUs',
  'createdAt',
  'updatedAt',
  'approvedAt',
  'created_at',
  'runAt',
  'run_at',
  'last_updated',
  'updated_at',
  'detected_at',
  'executionTimeMs',
]);

/** Clock values become "<time>"; the temporary project root in tracked paths becomes "<root>". */
function normalize(value: unknown, root: string): unknown {
  if (typeof value === 'string') return value.replaceAll(root, '<root>');
  if (Array.isArray(value)) return value.map((v) => normalize(v, root));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        VOLATILE.has(k) && typeof v === 'number' ? '<time>' : normalize(v, root),
      ]),
    );
  }
  return value;
}

/** Calls every storage-backed binding (all but the four lifecycle ones and the scanner's). */
async function everyStorageBinding(napi: DriftNapi, root: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  out.driftCallGraph = await napi.driftCallGraph();
  out.driftBoundaries = await napi.driftBoundaries();
  out.driftValidatePack = napi.driftValidatePack(
    '[framework]\nname = "express"\nversion = "4"\nlanguages = ["typescript", "javascript"]\n\n[[patterns]]\nid = "express/route"\ncategory = "api"\n[patterns.match]\ncalls = ["app.get"]\n',
  );
  out.driftPatterns = napi.driftPatterns();
  out['driftPatterns(security, limit 1)'] = napi.driftPatterns('security', undefined, 1);
  out.driftConfidence = napi.driftConfidence();
  out['driftConfidence(Established)'] = napi.driftConfidence('Established');
  out.driftOutliers = napi.driftOutliers('naming/camel-case', undefined, 2);
  out.driftConventions = napi.driftConventions();
  out.driftReachability = napi.driftReachability('fn:0', 'forward');
  out.driftTaintAnalysis = napi.driftTaintAnalysis(root);
  out.driftErrorHandling = napi.driftErrorHandling(root);
  out.driftImpactAnalysis = napi.driftImpactAnalysis(root);
  out.driftTestTopology = napi.driftTestTopology(root);
  out.driftCouplingAnalysis = napi.driftCouplingAnalysis(root);
  out.driftConstraintVerification = napi.driftConstraintVerification(root);
  out.driftContractTracking = napi.driftContractTracking(root);
  out.driftConstantsAnalysis = napi.driftConstantsAnalysis(root);
  out.driftWrapperDetection = napi.driftWrapperDetection(root);
  out.driftDnaAnalysis = napi.driftDnaAnalysis(root);
  out.driftOwaspAnalysis = napi.driftOwaspAnalysis(root);
  out.driftCryptoAnalysis = napi.driftCryptoAnalysis(root);
  out.driftDecomposition = napi.driftDecomposition(root);
  out.driftCheck = napi.driftCheck(root);
  out.driftViolations = napi.driftViolations(root);
  out.driftGates = napi.driftGates(root);
  out['driftReport(json)'] = JSON.parse(napi.driftReport('json'));
  out['driftReport(console)'] = napi.driftReport('console');
  out.driftApprovePattern = napi.driftApprovePattern('sql/raw-query', 'ignored', 'noisy in tests');
  out.driftAudit = napi.driftAudit(root);
  out.driftPatternStatus = napi.driftPatternStatus(null);
  out.driftDismissViolation = napi.driftDismissViolation({
    violationId: 'v-0',
    action: 'dismiss',
    reason: 'false positive',
  });
  out.driftFixViolation = napi.driftFixViolation('v-1');
  out.driftSuppressViolation = napi.driftSuppressViolation('v-2', 'accepted risk');
  out['driftCloudReadRows(violations)'] = napi.driftCloudReadRows('violations', 'drift', 0, 2);
  out.driftCloudMaxCursor = napi.driftCloudMaxCursor('drift');
  return out;
}

describe('CT0-B-08: the analysis pipeline still runs end to end', () => {
  it('CT0-B-08: scanning and analyzing the fixture, then every storage-backed binding, answer exactly the checked-in golden JSON', async () => {
    const { root, dbPath } = projectFixture();
    const analyzer = fixtureAnalyzer();
    const { napi } = napiFixture(analyzer);
    napi.driftInitialize(dbPath, root);
    const scan = await napi.driftScan(root);
    const analysis = (await napi.driftAnalyze()) as AnalysisRunResult;
    const actual = normalize(
      {
        driftScan: scan,
        driftAnalyze: { results: analysis, steps: analysis.steps },
        ...(await everyStorageBinding(napi, root)),
      },
      root,
    );
    napi.driftShutdown();

    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    expect(actual).toEqual(golden);
    expect(analyzer.calls).toEqual([
      'detect',
      'crossFile',
      'patterns',
      'structural',
      'graph',
      'enforcement',
      'degradation',
    ]);
  });
});

describe('CT0-B-09, CT0-B-10: the structural and enforcement bindings are wired to storage', () => {
  it('CT0-B-09, CT0-B-10: each structural and enforcement binding returns non-empty data from the analyzed fixture', async () => {
    const { root, dbPath } = projectFixture();
    const { napi } = napiFixture(fixtureAnalyzer());
    napi.driftInitialize(dbPath, root);
    await napi.driftScan(root);
    await napi.driftAnalyze();

    // CT0-B-09: the nine structural bindings.
    expect(napi.driftCouplingAnalysis(root).metrics).toHaveLength(3);
    expect(napi.driftCouplingAnalysis(root).cycles[0]!.members).toEqual(['src/a0', 'src/b0', 'src/a0']);
    expect(napi.driftConstraintVerification(root)).toMatchObject({
      totalConstraints: 1,
      passing: 1,
      failing: 1,
    });
    expect(napi.driftContractTracking(root).endpoints).toHaveLength(2);
    expect(napi.driftConstantsAnalysis(root).constantCount).toBe(3);
    expect(napi.driftWrapperDetection(root).wrappers).toHaveLength(2);
    expect(napi.driftDnaAnalysis(root).genes).toHaveLength(2);
    expect(napi.driftOwaspAnalysis(root).findings.length).toBeGreaterThan(0);
    expect(napi.driftCryptoAnalysis(root).findings).toHaveLength(2);
    expect(napi.driftDecomposition(root).moduleCount).toBe(3);

    // CT0-B-10: the enforcement bindings.
    expect(napi.driftViolations(root)).toHaveLength(5);
    expect(napi.driftGates(root)).toHaveLength(3);
    expect(napi.driftCheck(root).totalViolations).toBe(5);
    expect(napi.driftCheck(root).overallPassed).toBe(false);
    // storage_to_gate_results (drift-napi/src/bindings/enforcement.rs) gives every stored gate every
    // violation, and the SARIF reporter (reporters/sarif.rs) leaves suppressed ones out: 3 gates x the
    // 4 unsuppressed violations.
    const unsuppressed = napi.driftViolations(root).filter((v) => !v.suppressed).length;
    expect(unsuppressed).toBe(4);
    expect(JSON.parse(napi.driftCheck(root).sarif!).runs[0].results).toHaveLength(3 * unsuppressed);
    expect(napi.driftAudit(root).degradationAlerts).toHaveLength(2);
    // reporters/junit.rs names the suite list "Drift Quality Gates".
    expect(napi.driftReport('junit')).toContain('<testsuites name="Drift Quality Gates" tests="');
    expect(napi.driftApprovePattern(FIXTURE_PATTERNS[0]!, 'approved', null).newStatus).toBe('approved');
    expect(napi.driftPatternStatus('approved').patterns.map((p) => p.patternId)).toContain(
      FIXTURE_PATTERNS[0],
    );
    napi.driftShutdown();
  });
});
