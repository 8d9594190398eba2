// The rows of the structural conformance tests, shared with the engines' own structural tests: each
// builder gives a row of values chosen to break lossy storage (integers past 2^31 and 2^32, unicode
// outside the BMP, combining marks, empty strings, fractional reals), with `over` replacing fields.

import type {
  ConstantRow,
  ConstraintRow,
  ContractMismatchRow,
  ContractRow,
  CouplingMetricsRow,
  CryptoFindingRow,
  DataAccessRow,
  DecompositionDecisionRow,
  DnaGeneRow,
  DnaMutationRow,
  EnvVariableRow,
  ErrorGapRow,
  ImpactScoreRow,
  OwaspFindingRow,
  ReachabilityCacheRow,
  SecretRow,
  TaintFlowRow,
  TestQualityRow,
  WrapperRow,
} from '@drift/storage-traits';
import { U32_MAX } from './support.js';

/** Past 2^31: a column read as a 32-bit signed integer loses it. */
export const BIG = 2 ** 31 + 7;
/** Past 2^40: only a 64-bit integer column keeps it. */
export const HUGE = 2 ** 40 + 3;
/** Unicode outside the BMP and a combining mark, in a path-like string. */
export const UNI = 'modülé/数据/🚀/e\u0301';

/** A `metrics` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const metrics = (
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

/** A `constraint` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const constraint = (id: string, over: Partial<ConstraintRow> = {}): ConstraintRow => ({
  id,
  description: `${UNI} must hold`,
  invariantType: 'must_not_import',
  target: 'src/ui',
  scope: 'packages/app',
  source: 'user',
  enabled: true,
  ...over,
});

/** A `contract` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const contract = (id: string, over: Partial<ContractRow> = {}): ContractRow => ({
  id,
  paradigm: 'rest',
  sourceFile: `src/${UNI}.ts`,
  framework: 'express',
  confidence: 0.875,
  endpoints: '[{"method":"GET","path":"/ünï"}]',
  ...over,
});

/** A `mismatch` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const mismatch = (n: number, over: Partial<ContractMismatchRow> = {}): ContractMismatchRow => ({
  id: 9000 + n,
  backendEndpoint: `GET /api/${n}`,
  frontendCall: `fetch('/api/${n}') ${UNI}`,
  mismatchType: 'field_missing',
  severity: 'high',
  message: `mismatch ${n}`,
  createdAt: 12,
  ...over,
});

/** A `secret` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const secret = (n: number, over: Partial<SecretRow> = {}): SecretRow => ({
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

/** A `wrapper` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const wrapper = (n: number, over: Partial<WrapperRow> = {}): WrapperRow => ({
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

/** A `gene` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const gene = (geneId: string, over: Partial<DnaGeneRow> = {}): DnaGeneRow => ({
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

/** A `mutation` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const mutation = (id: string, over: Partial<DnaMutationRow> = {}): DnaMutationRow => ({
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

/** A `crypto` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const crypto = (n: number, over: Partial<CryptoFindingRow> = {}): CryptoFindingRow => ({
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

/** A `owasp` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const owasp = (id: string, over: Partial<OwaspFindingRow> = {}): OwaspFindingRow => ({
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

/** A `decision` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const decision = (
  n: number,
  over: Partial<DecompositionDecisionRow> = {},
): DecompositionDecisionRow => ({
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

/** A `constant` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const constant = (
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

/** A `envVar` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const envVar = (
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

/** A `access` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const access = (
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

/** A `reach` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const reach = (
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

/** A `taint` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const taint = (n: number, over: Partial<TaintFlowRow> = {}): TaintFlowRow => ({
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

/** A `gap` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const gap = (n: number, over: Partial<ErrorGapRow> = {}): ErrorGapRow => ({
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

/** A `impact` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const impact = (functionId: string, over: Partial<ImpactScoreRow> = {}): ImpactScoreRow => ({
  functionId,
  blastRadius: BIG,
  riskScore: 0.4375,
  isDeadCode: true,
  deadCodeReason: `no callers ${UNI}`,
  exclusionCategory: null,
  ...over,
});

/** A `quality` row of the structural tests: values past 2^31, unicode, fractional reals; `over` replaces fields. */
export const quality = (functionId: string, over: Partial<TestQualityRow> = {}): TestQualityRow => ({
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
