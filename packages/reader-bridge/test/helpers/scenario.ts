import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import {
  type Async,
  batchCommand,
  DRIFT_READER_METHODS,
  type IDriftReader,
  type MaybeAsync,
  toAsync,
} from '@drift/storage-traits';
import {
  boundary,
  callEdge,
  confidence,
  DriftReaderStub,
  detection,
  feedback,
  functionRow,
} from '@drift/storage-traits/testing';
import { afterEach } from 'vitest';
import type { MemoryForGrounding } from '../../src/index.js';
import { syncBatchWriter } from './sync-batch-writer.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A fresh engine on a temporary file (or in memory), closed and removed after the test. */
export function openEngine(kind: 'file' | 'memory' = 'file'): DriftStorageEngine {
  if (kind === 'memory') {
    const engine = DriftStorageEngine.openInMemory({ batchWriter: syncBatchWriter });
    cleanups.push(() => engine.close());
    return engine;
  }
  const dir = mkdtempSync(join(tmpdir(), 'drift-reader-bridge-'));
  const engine = DriftStorageEngine.open(join(dir, 'drift.db'), { batchWriter: syncBatchWriter });
  cleanups.push(() => {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return engine;
}

// ---------------------------------------------------------------------------------------------------
// The scenario: rows a scan would write, and (by hand) what each reader method must answer for them.
// ---------------------------------------------------------------------------------------------------

/** Linked entities of the scenario. */
export const JWT = 'auth/jwt-verify';
export const NAMING = 'naming/camel-case';
export const RAW_SQL = 'no-raw-sql';
export const LAYERS = 'layered-imports';
export const AUTH_MODULE = 'src/auth';
export const LOGIN_FILE = 'src/auth/login.ts';
/** Ids the engine assigns on a fresh database (asserted when the scenario is written). */
export const VERIFY_TOKEN_FN = '1';
export const DECISION = '1';
export const BOUNDARY = '1';
export const SCAN_COMPLETED_AT = 1_700_000_123;

/**
 * The answers the scenario's rows imply, computed by hand from {@link writeScenario}'s rows (never by
 * calling the code under test or the engine).
 */
export const EXPECTED = {
  // pattern_confidence.posterior_mean
  jwtConfidence: 0.85,
  namingConfidence: 0.4,
  // files with detections: login, session, token (jwt), button, form (naming) => 5
  jwtOccurrence: 3 / 5,
  namingOccurrence: 2 / 5,
  // feedback on jwt: dismiss, fix, fix, fix
  jwtFalsePositive: 1 / 4,
  // one verification each: no-raw-sql passed, layered-imports failed (two verifications written in
  // the same second tie, and the reference then answers the first one written: which one decides
  // would depend on the clock; storage-sqlite's tests cover that order)
  rawSqlVerified: true,
  layersVerified: false,
  // coupling_metrics.instability of src/auth
  authInstability: 0.75,
  // genes (confidence x consistency): 0.8 x 0.5 = 0.4 and 0.9 x 1 = 0.9
  dnaHealth: (0.4 + 0.9) / 2,
  // test_quality.overall_score of function 1
  verifyTokenQuality: 0.8,
  // error gaps: login x2, session x1, form x1
  loginGaps: 2,
  authGaps: 3,
  decisionConfidence: 0.9,
  boundaryConfidence: 0.7,
  // flows from login: 3 unsanitized, 1 sanitized
  loginUnsanitizedFlows: 3,
  // function 1 calls 2 and 3 (3 twice); 4 functions in all
  verifyTokenCallCoverage: 2 / 4,
  latestScan: String(SCAN_COMPLETED_AT),
} as const;

const hash = (n: number): Uint8Array => new Uint8Array([n, n, n, n]);

/** Writes the scenario through the engine's write paths (and its batch writer for functions). */
export function writeScenario(engine: DriftStorageEngine): void {
  const confidenceOf = (patternId: string, posteriorMean: number) =>
    confidence({
      patternId,
      alpha: 10,
      beta: 2,
      posteriorMean,
      credibleIntervalLow: posteriorMean - 0.1,
      credibleIntervalHigh: Math.min(posteriorMean + 0.1, 1),
    });
  engine.upsertConfidence(confidenceOf(JWT, 0.85));
  engine.upsertConfidence(confidenceOf(NAMING, 0.4));

  const detectionAt = (file: string, line: number, patternId: string) =>
    detection({ file, line, columnNum: 1, patternId, category: 'security', confidence: 0.9 });
  engine.insertDetections([
    detectionAt(LOGIN_FILE, 10, JWT),
    detectionAt(LOGIN_FILE, 20, JWT),
    detectionAt('src/auth/session.ts', 5, JWT),
    detectionAt('src/auth/token.ts', 7, JWT),
    detectionAt('src/ui/button.ts', 3, NAMING),
    detectionAt('src/ui/form.ts', 4, NAMING),
  ]);

  for (const action of ['dismiss', 'fix', 'fix', 'fix']) {
    engine.insertFeedback(
      feedback({
        violationId: `v-${action}`,
        patternId: JWT,
        detectorId: 'jwt',
        action,
        dismissalReason: action === 'dismiss' ? 'false_positive' : null,
        createdAt: 0,
      }),
    );
  }

  for (const id of [RAW_SQL, LAYERS]) {
    engine.upsertConstraint({
      id,
      description: id,
      invariantType: 'must_not_import',
      target: 'src',
      scope: null,
      source: 'user',
      enabled: true,
    });
  }
  engine.insertConstraintVerification(RAW_SQL, true, '[]');
  engine.insertConstraintVerification(LAYERS, false, '["src/ui/form.ts"]');

  engine.upsertCouplingMetrics({
    module: AUTH_MODULE,
    ce: 3,
    ca: 1,
    instability: 0.75,
    abstractness: 0.2,
    distance: 0.05,
    zone: 'main_sequence',
  });

  const gene = (geneId: string, confidence: number, consistency: number) => ({
    geneId,
    name: geneId,
    description: geneId,
    dominantAllele: null,
    alleles: '[]',
    confidence,
    consistency,
    exemplars: '[]',
  });
  engine.upsertDnaGene(gene('naming', 0.8, 0.5));
  engine.upsertDnaGene(gene('errors', 0.9, 1));

  engine.sendBatch(
    batchCommand(
      'InsertFunctions',
      ['verifyToken', 'decode', 'lookupUser', 'render'].map((name, i) => ({
        ...functionRow({
          file: name === 'render' ? 'src/ui/button.ts' : LOGIN_FILE,
          name,
          line: i * 10 + 1,
          endLine: i * 10 + 8,
          parameterCount: 1,
          isExported: true,
        }),
        bodyHash: hash(i),
        signatureHash: hash(i + 10),
      })),
    ),
  );
  const ids = new Map(engine.getFunctionsByFile(LOGIN_FILE).map((f) => [f.name, f.id]));
  const [verifyToken, decode, lookupUser] = ['verifyToken', 'decode', 'lookupUser'].map((n) => ids.get(n)!);
  if (String(verifyToken) !== VERIFY_TOKEN_FN) throw new Error(`unexpected function id ${verifyToken}`);
  engine.insertCallEdges([
    callEdge({ callerId: verifyToken!, calleeId: decode!, callSiteLine: 2 }),
    callEdge({ callerId: verifyToken!, calleeId: lookupUser!, resolution: 'same_file', callSiteLine: 3 }),
    callEdge({ callerId: verifyToken!, calleeId: lookupUser!, resolution: 'same_file', callSiteLine: 5 }),
    callEdge({ callerId: decode!, calleeId: lookupUser!, resolution: 'same_file', callSiteLine: 12 }),
  ]);

  engine.upsertTestQuality({
    functionId: VERIFY_TOKEN_FN,
    coverageBreadth: 0.9,
    coverageDepth: 0.7,
    assertionDensity: 2,
    mockRatio: 0.1,
    isolation: 0.8,
    freshness: 1,
    stability: 1,
    overallScore: 0.8,
    smells: null,
  });

  const gap = (file: string) => ({
    id: null,
    file,
    functionId: 'f',
    gapType: 'swallowed_error',
    errorType: null,
    propagationChain: null,
    framework: null,
    cweId: null,
    severity: 'high',
  });
  for (const file of [LOGIN_FILE, LOGIN_FILE, 'src/auth/session.ts', 'src/ui/form.ts'])
    engine.insertErrorGap(gap(file));

  const decision = engine.insertDecision('architecture', 'JWT for sessions', null, 0.9, JWT, null, null);
  if (String(decision) !== DECISION) throw new Error(`unexpected decision id ${decision}`);
  engine.insertBoundaries([
    boundary({ file: 'src/db/user.ts', tableName: 'users', sensitivity: 'pii', confidence: 0.7 }),
  ]);
  const boundaryId = engine.getBoundariesByFile('src/db/user.ts')[0]!.id;
  if (String(boundaryId) !== BOUNDARY) throw new Error(`unexpected boundary id ${boundaryId}`);

  const flow = (isSanitized: boolean, sinkLine: number) => ({
    id: null,
    sourceFile: LOGIN_FILE,
    sourceLine: 4,
    sourceType: 'user_input',
    sinkFile: 'src/db/query.ts',
    sinkLine,
    sinkType: 'sql_query',
    cweId: 89,
    isSanitized,
    path: '[]',
    confidence: 0.8,
  });
  engine.insertTaintFlow(flow(false, 1));
  engine.insertTaintFlow(flow(false, 2));
  engine.insertTaintFlow(flow(false, 3));
  engine.insertTaintFlow(flow(true, 4));

  const scan = engine.insertScanStart(1_700_000_000, '/repo');
  engine.updateScanComplete(scan, SCAN_COMPLETED_AT, 42, 42, 0, 0, 0, 123_000, 'completed', null);
}

/** The storage-traits test double answering what {@link EXPECTED} says the scenario's rows imply. */
export function scenarioStub(): DriftReaderStub {
  return new DriftReaderStub()
    .setPatternConfidence(JWT, EXPECTED.jwtConfidence)
    .setPatternConfidence(NAMING, EXPECTED.namingConfidence)
    .setOccurrenceRate(JWT, EXPECTED.jwtOccurrence)
    .setOccurrenceRate(NAMING, EXPECTED.namingOccurrence)
    .setFalsePositiveRate(JWT, EXPECTED.jwtFalsePositive)
    .setConstraintVerified(RAW_SQL, EXPECTED.rawSqlVerified)
    .setConstraintVerified(LAYERS, EXPECTED.layersVerified)
    .setCouplingMetric(AUTH_MODULE, EXPECTED.authInstability)
    .setDnaHealth(EXPECTED.dnaHealth)
    .setTestCoverage(VERIFY_TOKEN_FN, EXPECTED.verifyTokenQuality)
    .setErrorHandlingGaps(LOGIN_FILE, EXPECTED.loginGaps)
    .setErrorHandlingGaps(AUTH_MODULE, EXPECTED.authGaps)
    .setDecisionEvidence(DECISION, EXPECTED.decisionConfidence)
    .setBoundaryData(BOUNDARY, EXPECTED.boundaryConfidence)
    .setTaintFlowRisk(LOGIN_FILE, EXPECTED.loginUnsanitizedFlows)
    .setCallGraphCoverage(VERIFY_TOKEN_FN, EXPECTED.verifyTokenCallCoverage)
    .setLatestScanTimestamp(EXPECTED.latestScan);
}

// ---------------------------------------------------------------------------------------------------
// Readers: the real engine and the test double, synchronous and asynchronous.
// ---------------------------------------------------------------------------------------------------

/** Delegates to `reader`, except that the listed methods throw `error`: a reader failing in part. */
export function throwingOn(
  reader: IDriftReader,
  methods: readonly (keyof IDriftReader)[],
  error: unknown,
): IDriftReader {
  const wrapped: Record<string, unknown> = {};
  for (const method of DRIFT_READER_METHODS) {
    wrapped[method] = methods.includes(method)
      ? () => {
          throw error;
        }
      : (...args: unknown[]) => (reader[method] as (...a: unknown[]) => unknown).apply(reader, args);
  }
  return wrapped as unknown as IDriftReader;
}

/** A network-like reader: every call answers after `ms` milliseconds, and in-flight calls are counted. */
export function withLatency(
  reader: IDriftReader,
  ms = 1,
): { reader: Async<IDriftReader>; calls: Map<string, number>; maxInFlight: () => number } {
  const calls = new Map<string, number>();
  let inFlight = 0;
  let max = 0;
  const wrapped: Record<string, unknown> = {};
  for (const method of DRIFT_READER_METHODS) {
    wrapped[method] = async (...args: unknown[]) => {
      const key = `${method}(${args.map((a) => JSON.stringify(a)).join(',')})`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      inFlight += 1;
      max = Math.max(max, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return (reader[method] as (...a: unknown[]) => unknown).apply(reader, args);
      } finally {
        inFlight -= 1;
      }
    };
  }
  return { reader: wrapped as unknown as Async<IDriftReader>, calls, maxInFlight: () => max };
}

/** One way of serving the scenario: the engine or the double, synchronous or asynchronous. */
export interface Backend {
  /** A reader over the written scenario. */
  readonly populated: () => MaybeAsync<IDriftReader>;
  /** A reader over an empty database. */
  readonly empty: () => MaybeAsync<IDriftReader>;
  /** A reader over the scenario whose listed methods throw `error`. */
  readonly failing: (methods: readonly (keyof IDriftReader)[], error: unknown) => MaybeAsync<IDriftReader>;
}

const asAsync = (reader: IDriftReader): Async<IDriftReader> => toAsync(reader, DRIFT_READER_METHODS);

function populatedEngine(kind: 'file' | 'memory'): DriftStorageEngine {
  const engine = openEngine(kind);
  writeScenario(engine);
  return engine;
}

function failingStub(methods: readonly (keyof IDriftReader)[], error: unknown): DriftReaderStub {
  const stub = scenarioStub();
  for (const method of methods) stub.failOn(method, error);
  return stub;
}

/** Every backend the grounding tests run against. */
export const BACKENDS: readonly (readonly [string, Backend])[] = [
  [
    'SQLite engine (file, synchronous)',
    {
      populated: () => populatedEngine('file'),
      empty: () => openEngine('file'),
      failing: (methods, error) => throwingOn(populatedEngine('file'), methods, error),
    },
  ],
  [
    'SQLite engine (in memory, through toAsync)',
    {
      populated: () => asAsync(populatedEngine('memory')),
      empty: () => asAsync(openEngine('memory')),
      failing: (methods, error) => asAsync(throwingOn(populatedEngine('memory'), methods, error)),
    },
  ],
  [
    'storage-traits DriftReaderStub (synchronous)',
    {
      populated: () => scenarioStub(),
      empty: () => new DriftReaderStub(),
      failing: failingStub,
    },
  ],
  [
    'storage-traits DriftReaderStub (asynchronous, with latency)',
    {
      populated: () => withLatency(scenarioStub()).reader,
      empty: () => withLatency(new DriftReaderStub()).reader,
      failing: (methods, error) => withLatency(failingStub(methods, error)).reader,
    },
  ],
];

/** A memory linked to one entity of every kind: all 12 evidence types apply. */
export const FULL_MEMORY: MemoryForGrounding = {
  id: 'm-full',
  memoryType: 'PatternRationale',
  confidence: 0.6,
  links: {
    patterns: [JWT],
    constraints: [RAW_SQL],
    modules: [AUTH_MODULE],
    functions: [VERIFY_TOKEN_FN],
    files: [LOGIN_FILE],
    decisions: [DECISION],
    boundaries: [BOUNDARY],
    project: 'drift',
  },
};
