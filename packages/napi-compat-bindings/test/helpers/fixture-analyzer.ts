import type { BatchCommandRows, BatchCommandType } from '@drift/storage-traits';
import { sampleRow } from '@drift/storage-traits/testing';
import type { AnalysisContext, DriftAnalyzer } from '../../src/index.js';

/** Rows `0 .. count-1` of the sample builder for `type`. */
const rows = <T extends BatchCommandType>(type: T, count: number): BatchCommandRows[T][] =>
  Array.from({ length: count }, (_, i) => sampleRow(type, i));

/** The pattern ids the fixture's detections use (sample detections cycle through these four). */
export const FIXTURE_PATTERNS = [
  'auth/jwt-verify',
  'sql/raw-query',
  'error/empty-catch',
  'api/route-handler',
];

/**
 * A deterministic analyzer for tests: every step returns sample rows (from `@drift/storage-traits/testing`)
 * tied to the tracked files, so that every storage-backed binding has real data to read. Records the
 * steps it was called for.
 */
export function fixtureAnalyzer(): DriftAnalyzer & { readonly calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'fixture',
    calls,
    detect(ctx: AnalysisContext) {
      calls.push('detect');
      return {
        files: ctx.files.map((file, i) => ({
          file: file.path,
          language: file.language ?? 'unknown',
          analysisTimeUs: 100 + i,
          functions: [0, 1].map((k) => ({ ...sampleRow('InsertFunctions', 2 * i + k), file: file.path })),
          detections: [{ ...sampleRow('InsertDetections', i), file: file.path }],
        })),
      };
    },
    crossFile(ctx: AnalysisContext) {
      calls.push('crossFile');
      const ids = ctx.functions.map((f) => f.id);
      return {
        boundaries: rows('InsertBoundaries', 3),
        callEdges: ids.slice(1).map((callee, k) => ({
          callerId: ids[k]!,
          calleeId: callee,
          resolution: k % 2 === 0 ? 'import' : 'fuzzy',
          confidence: 0.9,
          callSiteLine: 10 + k,
        })),
      };
    },
    patterns() {
      calls.push('patterns');
      return {
        confidence: FIXTURE_PATTERNS.map((patternId, i) => ({
          ...sampleRow('InsertPatternConfidence', i),
          patternId,
        })),
        outliers: rows('InsertOutliers', 3),
        conventions: rows('InsertConventions', 3),
      };
    },
    structural() {
      calls.push('structural');
      return {
        couplingMetrics: rows('InsertCouplingMetrics', 3),
        couplingCycles: rows('InsertCouplingCycles', 1),
        wrappers: rows('InsertWrappers', 2),
        cryptoFindings: rows('InsertCryptoFindings', 2),
        dnaGenes: rows('InsertDnaGenes', 2),
        dnaMutations: rows('InsertDnaMutations', 2),
        secrets: rows('InsertSecrets', 2),
        constants: rows('InsertConstants', 3),
        constraints: [
          {
            id: 'c-layering',
            description: 'api must not import db directly',
            invariantType: 'must_not_import',
            target: 'src/api',
            scope: null,
            source: 'drift.toml',
            enabled: true,
          },
        ],
        constraintVerifications: [
          { constraintId: 'c-layering', passed: true, violations: '[]' },
          { constraintId: 'c-layering', passed: false, violations: '["src/api/x.ts imports lib/db"]' },
        ],
        envVariables: rows('InsertEnvVariables', 3),
        owaspFindings: rows('InsertOwaspFindings', 2),
        decompositionDecisions: rows('InsertDecompositionDecisions', 1),
        contracts: rows('InsertContracts', 2),
        contractMismatches: rows('InsertContractMismatches', 1),
      };
    },
    graph() {
      calls.push('graph');
      return {
        taintFlows: rows('InsertTaintFlows', 3),
        errorGaps: rows('InsertErrorGaps', 3),
        impactScores: rows('InsertImpactScores', 4),
        testQuality: rows('InsertTestQuality', 2),
        reachability: rows('InsertReachabilityCache', 2),
        testCoverage: [{ testFunctionId: 'fn:9', sourceFunctionId: 'fn:0', coverageType: 'direct' }],
      };
    },
    enforcement() {
      calls.push('enforcement');
      return { violations: rows('InsertViolations', 5), gateResults: rows('InsertGateResults', 3) };
    },
    degradation(ctx: AnalysisContext) {
      calls.push('degradation');
      return {
        alerts: ctx.gateResults
          .filter((g) => !g.passed)
          .map((g) => ({
            alertType: 'gate_failed',
            severity: 'warning',
            message: `Gate '${g.gateId}' failed with score ${g.score}`,
            currentValue: g.score,
            previousValue: 100,
            delta: g.score - 100,
          })),
      };
    },
  };
}
