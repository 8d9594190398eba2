import {
  BATCH_COMMAND_TYPES,
  type BatchCommand,
  type BatchCommandRows,
  type BatchCommandType,
} from '../batch-commands.js';

/** Bytes derived from `seed`, `length` long (a stand-in for content and body hashes). */
export function sampleBytes(seed: number, length = 8): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < length; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out[i] = x & 0xff;
  }
  return out;
}

const LANGUAGES = ['typescript', 'python', 'rust', 'go', 'java'] as const;
const EXT: Record<(typeof LANGUAGES)[number], string> = {
  typescript: 'ts',
  python: 'py',
  rust: 'rs',
  go: 'go',
  java: 'java',
};
const BASE_TIME = 1_763_000_000; // 2025-11-13, seconds
const LARGE = 2 ** 40; // an integer well past 2^31

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
/** Null for odd rows, so every nullable column is exercised both ways. */
const maybe = <T>(i: number, value: T): T | null => (i % 2 === 0 ? value : null);

/** `typescript`, `python`, `rust`, `go` or `java`, cycling with `i`: the language of {@link samplePath}'s file. */
function sampleLanguage(i: number): string {
  return pick(LANGUAGES, i);
}

/** The file path of sample row `i`: spread over a few folders, with a non-ASCII name now and then. */
function samplePath(i: number): string {
  const lang = pick(LANGUAGES, i);
  const dir = pick(['src/auth', 'src/api', 'lib/db', 'pkg/ütil', 'tests'], i);
  return `${dir}/module_${i}.${EXT[lang]}`;
}

type RowBuilders = { readonly [T in BatchCommandType]: (i: number) => BatchCommandRows[T] };

const BUILDERS: RowBuilders = {
  UpsertFileMetadata: (i) => ({
    path: samplePath(i),
    language: maybe(i, sampleLanguage(i)),
    fileSize: i === 3 ? LARGE : 512 + i * 37,
    contentHash: sampleBytes(i),
    mtimeSecs: BASE_TIME + i,
    mtimeNanos: (i * 1_000_003) % 1_000_000_000,
    lastScannedAt: BASE_TIME + 3600 + i,
    scanDurationUs: maybe(i, 150 + i),
  }),
  InsertParseCache: (i) => ({
    contentHash: sampleBytes(1000 + i, 16),
    language: sampleLanguage(i),
    parseResultJson: JSON.stringify({ functions: i, imports: ['./a', '../b'], note: 'ok ✓' }),
    createdAt: BASE_TIME + i,
  }),
  InsertFunctions: (i) => ({
    file: samplePath(i),
    name: `handler${i}`,
    qualifiedName: maybe(i, `Service${i}.handler${i}`),
    language: sampleLanguage(i),
    line: 10 + i * 20,
    endLine: 25 + i * 20,
    parameterCount: i % 4,
    returnType: maybe(i, 'Promise<void>'),
    isExported: i % 3 !== 0,
    isAsync: i % 2 === 0,
    bodyHash: sampleBytes(2000 + i),
    signatureHash: sampleBytes(3000 + i),
  }),
  DeleteFileMetadata: (i) => samplePath(i),
  InsertCallEdges: (i) => ({
    callerId: i + 1,
    calleeId: i + 2,
    resolution: pick(['import', 'same_file', 'method', 'fuzzy'], i),
    confidence: 0.5 + (i % 5) / 10,
    callSiteLine: 12 + i,
  }),
  InsertDetections: (i) => ({
    file: samplePath(i),
    line: 40 + i,
    columnNum: 4 + (i % 8),
    patternId: pick(['auth/jwt-verify', 'sql/raw-query', 'error/empty-catch', 'api/route-handler'], i),
    category: pick(['security', 'security', 'errors', 'api'], i),
    confidence: 0.61 + (i % 4) * 0.1,
    detectionMethod: pick(['ast', 'regex', 'framework'], i),
    cweIds: maybe(i, '89,564'),
    owasp: maybe(i, 'A03:2021'),
    matchedText: maybe(i, `db.query("SELECT * FROM users WHERE id = " + id${i})`),
  }),
  InsertBoundaries: (i) => ({
    file: samplePath(i),
    framework: pick(['prisma', 'sqlalchemy', 'gorm'], i),
    modelName: `User${i}`,
    tableName: maybe(i, 'users'),
    fieldName: maybe(i, 'email'),
    sensitivity: maybe(i, 'pii'),
    confidence: 0.9 - (i % 3) * 0.1,
  }),
  InsertPatternConfidence: (i) => ({
    patternId: `pattern/${String(i).padStart(4, '0')}`,
    alpha: 3 + i,
    beta: 1.5,
    posteriorMean: (3 + i) / (4.5 + i),
    credibleIntervalLow: 0.41,
    credibleIntervalHigh: 0.97,
    tier: pick(['Established', 'Emerging', 'Tentative', 'Uncertain'], i),
    momentum: pick(['Rising', 'Stable', 'Falling'], i),
  }),
  InsertOutliers: (i) => ({
    patternId: 'naming/camel-case',
    file: samplePath(i),
    line: 7 + i,
    deviationScore: 2.5 + i / 10,
    significance: pick(['high', 'medium', 'low'], i),
    method: pick(['z_score', 'grubbs', 'iqr'], i),
  }),
  InsertConventions: (i) => ({
    patternId: `convention/${i}`,
    category: pick(['naming', 'structure', 'errors'], i),
    scope: pick(['project', 'directory', 'file'], i),
    dominanceRatio: 0.7 + (i % 3) * 0.1,
    promotionStatus: pick(['discovered', 'approved', 'rejected'], i),
    discoveredAt: BASE_TIME - 86_400 + i,
    lastSeen: BASE_TIME + i,
    expiresAt: maybe(i, BASE_TIME + 30 * 86_400),
  }),
  InsertScanHistory: (i) => ({ startedAt: BASE_TIME + i * 60, rootPath: `/home/dev/projects/app-${i}` }),
  InsertDataAccess: (i) => ({
    functionId: i + 1,
    tableName: pick(['users', 'orders', 'sessions'], i),
    operation: pick(['read', 'write', 'delete'], i),
    framework: maybe(i, 'prisma'),
    line: 30 + i,
    confidence: 0.85,
  }),
  InsertReachabilityCache: (i) => ({
    sourceNode: `fn:${i}`,
    direction: pick(['forward', 'backward'], i),
    reachableSet: JSON.stringify([`fn:${i + 1}`, `fn:${i + 2}`]),
    sensitivity: pick(['high', 'low'], i),
  }),
  InsertTaintFlows: (i) => ({
    sourceFile: samplePath(i),
    sourceLine: 5 + i,
    sourceType: pick(['user_input', 'http_request', 'env'], i),
    sinkFile: samplePath(i + 1),
    sinkLine: 50 + i,
    sinkType: pick(['sql_query', 'shell_exec', 'html_render'], i),
    cweId: maybe(i, 89),
    isSanitized: i % 3 === 0,
    path: JSON.stringify([{ file: samplePath(i), line: 5 + i }]),
    confidence: 0.75,
  }),
  InsertErrorGaps: (i) => ({
    file: samplePath(i),
    functionId: `fn:${i}`,
    gapType: pick(['unhandled_promise', 'empty_catch', 'swallowed_error'], i),
    errorType: maybe(i, 'TypeError'),
    propagationChain: maybe(i, JSON.stringify(['fn:1', 'fn:2'])),
    framework: maybe(i, 'express'),
    cweId: maybe(i, 755),
    severity: pick(['high', 'medium', 'low'], i),
  }),
  InsertImpactScores: (i) => ({
    functionId: `fn:${i}`,
    blastRadius: 3 + i * 2,
    riskScore: 0.2 + (i % 7) / 10,
    isDeadCode: i % 4 === 3,
    deadCodeReason: maybe(i, 'no callers'),
    exclusionCategory: maybe(i, 'test_helper'),
  }),
  InsertTestQuality: (i) => ({
    functionId: `fn:${i}`,
    coverageBreadth: maybe(i, 0.8),
    coverageDepth: maybe(i, 0.6),
    assertionDensity: maybe(i, 2.5),
    mockRatio: maybe(i, 0.1),
    isolation: maybe(i, 0.9),
    freshness: maybe(i, 0.95),
    stability: maybe(i, 1),
    overallScore: 0.66 + (i % 3) / 10,
    smells: maybe(i, JSON.stringify(['assertion_roulette'])),
  }),
  InsertCouplingMetrics: (i) => ({
    module: `src/module${i}`,
    ce: i + 1,
    ca: i + 2,
    instability: (i + 1) / (2 * i + 3),
    abstractness: (i % 3) / 4,
    distance: Math.abs((i % 3) / 4 + (i + 1) / (2 * i + 3) - 1),
    zone: pick(['main_sequence', 'zone_of_pain', 'zone_of_uselessness'], i),
  }),
  InsertCouplingCycles: (i) => ({
    members: JSON.stringify([`src/a${i}`, `src/b${i}`, `src/a${i}`]),
    breakSuggestions: JSON.stringify([{ from: `src/b${i}`, to: `src/a${i}` }]),
  }),
  InsertViolations: (i) => ({
    id: `v-${i}`,
    file: samplePath(i),
    line: 20 + i,
    columnNum: maybe(i, 3),
    endLine: maybe(i, 22 + i),
    endColumn: maybe(i, 18),
    severity: pick(['error', 'warning', 'info', 'hint'], i),
    patternId: pick(['auth/jwt-verify', 'sql/raw-query'], i),
    ruleId: `rule-${i % 3}`,
    message: `Violation ${i}: use the shared helper — ユーザー`,
    quickFixStrategy: maybe(i, 'wrap_in_helper'),
    quickFixDescription: maybe(i, 'Wrap the call in safeQuery()'),
    cweId: maybe(i, 89),
    owaspCategory: maybe(i, 'A03:2021'),
    suppressed: i % 5 === 4,
    isNew: i % 2 === 0,
  }),
  InsertGateResults: (i) => ({
    gateId: pick(['pattern-compliance', 'security-baseline', 'regression'], i),
    status: pick(['passed', 'failed', 'warned'], i),
    passed: i % 3 === 0,
    score: 72.5 + i,
    summary: `gate summary ${i}`,
    violationCount: i,
    warningCount: i * 2,
    executionTimeMs: 15 + i,
    details: maybe(i, JSON.stringify({ checked: 10 + i })),
    error: maybe(i + 1, 'timeout'),
  }),
  InsertDegradationAlerts: (i) => ({
    alertType: pick(['confidence_drop', 'compliance_drop'], i),
    severity: pick(['warning', 'critical'], i),
    message: `metric ${i} dropped`,
    currentValue: 0.6,
    previousValue: 0.8,
    delta: -0.2 - i / 100,
  }),
  InsertWrappers: (i) => ({
    name: `useThing${i}`,
    file: samplePath(i),
    line: 3 + i,
    category: pick(['state', 'fetch', 'auth'], i),
    wrappedPrimitives: JSON.stringify(['useState', 'useEffect']),
    framework: pick(['react', 'vue'], i),
    confidence: 0.8,
    isMultiPrimitive: i % 2 === 0,
    isExported: i % 3 !== 1,
    usageCount: 4 + i,
  }),
  InsertCryptoFindings: (i) => ({
    file: samplePath(i),
    line: 14 + i,
    category: pick(['weak_hash', 'hardcoded_key', 'ecb_mode'], i),
    description: 'MD5 used for password hashing',
    code: "crypto.createHash('md5')",
    confidence: 0.95,
    cweId: 327,
    owasp: 'A02:2021',
    remediation: 'Use scrypt or argon2',
    language: sampleLanguage(i),
  }),
  InsertDnaGenes: (i) => ({
    geneId: `gene-${i}`,
    name: pick(['error-handling', 'naming', 'imports'], i),
    description: 'How errors are propagated',
    dominantAllele: maybe(i, 'result-type'),
    alleles: JSON.stringify([{ id: 'result-type', frequency: 0.8 }]),
    confidence: 0.9,
    consistency: 0.7 + (i % 3) / 10,
    exemplars: JSON.stringify([samplePath(i)]),
  }),
  InsertDnaMutations: (i) => ({
    id: `mut-${i}`,
    file: samplePath(i),
    line: 8 + i,
    geneId: `gene-${i % 2}`,
    expected: 'result-type',
    actual: 'throw',
    impact: pick(['high', 'medium', 'low'], i),
    code: 'throw new Error("x")',
    suggestion: 'return err(...)',
    detectedAt: BASE_TIME + i,
  }),
  InsertSecrets: (i) => ({
    patternName: pick(['aws_access_key', 'github_token', 'private_key'], i),
    redactedValue: `AKIA****${1000 + i}`,
    file: samplePath(i),
    line: 2 + i,
    severity: pick(['critical', 'high'], i),
    entropy: 4.2 + i / 10,
    confidence: 0.99,
    cweIds: '798',
  }),
  InsertConstants: (i) => ({
    name: i % 2 === 0 ? `MAX_RETRIES_${i}` : String(42 + i),
    value: String(3 + i),
    file: samplePath(i),
    line: 1 + i,
    isUsed: i % 3 !== 2,
    language: sampleLanguage(i),
    isNamed: i % 2 === 0,
  }),
  InsertEnvVariables: (i) => ({
    name: pick(['DATABASE_URL', 'NEXT_PUBLIC_API', 'SECRET_KEY'], i),
    file: samplePath(i),
    line: 6 + i,
    accessMethod: pick(['process.env', 'os.getenv', 'os.Getenv'], i),
    hasDefault: i % 2 === 1,
    definedInEnv: i % 3 === 0,
    frameworkPrefix: maybe(i, 'NEXT_PUBLIC_'),
  }),
  InsertOwaspFindings: (i) => ({
    id: `owasp-${i}`,
    detector: pick(['injection', 'xss', 'ssrf'], i),
    file: samplePath(i),
    line: 33 + i,
    description: 'Unsanitized input reaches a query',
    severity: 7.5,
    cwes: JSON.stringify([89]),
    owaspCategories: JSON.stringify(['A03:2021']),
    confidence: 0.8,
    remediation: maybe(i, 'Use parameterized queries'),
  }),
  InsertDecompositionDecisions: (i) => ({
    dnaProfileHash: `dna-${i % 2}`,
    adjustment: JSON.stringify({ split: `module${i}` }),
    confidence: 0.7,
    dnaSimilarity: 0.88,
    narrative: `Split module${i} along its data boundary`,
    sourceDnaHash: `src-dna-${i}`,
    appliedWeight: 0.5,
  }),
  InsertContracts: (i) => ({
    id: `contract-${i}`,
    paradigm: pick(['rest', 'graphql', 'grpc'], i),
    sourceFile: samplePath(i),
    framework: pick(['express', 'fastapi'], i),
    confidence: 0.92,
    endpoints: JSON.stringify([{ method: 'GET', path: `/api/items/${i}` }]),
  }),
  InsertContractMismatches: (i) => ({
    backendEndpoint: `GET /api/items/${i}`,
    frontendCall: `fetch('/api/item/${i}')`,
    mismatchType: pick(['path_mismatch', 'missing_field', 'type_mismatch'], i),
    severity: pick(['error', 'warning'], i),
    message: `Frontend calls /api/item/${i}, backend serves /api/items/${i}`,
  }),
};

/**
 * Deterministic, real-looking row `i` of a batch command (nullable fields are null on odd `i`), with
 * `over`'s fields replacing its own (`sampleRow('InsertDetections', 3, { file: 'a.ts' })`).
 */
export function sampleRow<T extends BatchCommandType>(
  type: T,
  i: number,
  over: Partial<BatchCommandRows[T]> = {},
): BatchCommandRows[T] {
  const row: unknown = (BUILDERS[type] as (i: number) => BatchCommandRows[T])(i);
  // A command whose rows are plain strings (a path, a pattern id) has no fields to replace.
  return (typeof row === 'object' && row !== null ? { ...row, ...over } : row) as BatchCommandRows[T];
}

/** A command of `type` with sample rows `from` .. `from + count - 1`. */
export function sampleCommand<T extends BatchCommandType>(type: T, count = 3, from = 0): BatchCommand {
  const rows = Array.from({ length: count }, (_, k) => sampleRow(type, from + k));
  return { type, rows } as unknown as BatchCommand;
}

/** One sample command of each of the 33 types, `rowsPerCommand` rows each. */
export function sampleBatchCommands(rowsPerCommand = 3): BatchCommand[] {
  return BATCH_COMMAND_TYPES.map((type) => sampleCommand(type, rowsPerCommand));
}
