import { boolean, integer, real, text } from './column.js';
import { table } from './table.js';

// drift.db tables: coupling, constraints, contracts, constants, secrets, wrappers, DNA and findings (v005).

/** `coupling_metrics` (v005). */
export const couplingMetrics = table(
  'coupling_metrics',
  {
    module: text(),
    ce: integer(),
    ca: integer(),
    instability: real(),
    abstractness: real(),
    distance: real(),
    zone: text(),
    updatedAt: integer().defaultNow(),
  },
  { primaryKey: ['module'] },
);

/** `coupling_cycles` (v005). */
export const couplingCycles = table(
  'coupling_cycles',
  {
    id: integer().autoIncrement(),
    members: text(),
    breakSuggestions: text(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `constraints` (v005). */
export const constraints = table(
  'constraints',
  {
    id: text(),
    description: text(),
    invariantType: text(),
    target: text(),
    scope: text().nullable(),
    source: text(),
    enabled: boolean().defaulted(true),
    createdAt: integer().defaultNow(),
    updatedAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `constraint_verifications` (v005). */
export const constraintVerifications = table(
  'constraint_verifications',
  {
    id: integer().autoIncrement(),
    constraintId: text(),
    passed: boolean(),
    violations: text(),
    verifiedAt: integer().defaultNow(),
  },
  { primaryKey: ['id'], references: [{ fields: ['constraintId'], table: 'constraints', columns: ['id'] }] },
);

/** `contracts` (v005). */
export const contracts = table(
  'contracts',
  {
    id: text(),
    paradigm: text(),
    sourceFile: text(),
    framework: text(),
    confidence: real(),
    endpoints: text(),
    createdAt: integer().defaultNow(),
    updatedAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `contract_mismatches` (v005). */
export const contractMismatches = table(
  'contract_mismatches',
  {
    id: integer().autoIncrement(),
    backendEndpoint: text(),
    frontendCall: text(),
    mismatchType: text(),
    severity: text(),
    message: text(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `constants` (v005). */
export const constants = table(
  'constants',
  {
    id: integer().autoIncrement(),
    name: text(),
    value: text(),
    file: text(),
    line: integer(),
    isUsed: boolean().defaulted(true),
    language: text(),
    isNamed: boolean().defaulted(true),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `secrets` (v005). */
export const secrets = table(
  'secrets',
  {
    id: integer().autoIncrement(),
    patternName: text(),
    redactedValue: text(),
    file: text(),
    line: integer(),
    severity: text(),
    entropy: real(),
    confidence: real(),
    cweIds: text(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `env_variables` (v005). */
export const envVariables = table(
  'env_variables',
  {
    id: integer().autoIncrement(),
    name: text(),
    file: text(),
    line: integer(),
    accessMethod: text(),
    hasDefault: boolean().defaulted(false),
    definedInEnv: boolean().defaulted(false),
    frameworkPrefix: text().nullable(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `wrappers` (v005). */
export const wrappers = table(
  'wrappers',
  {
    id: integer().autoIncrement(),
    name: text(),
    file: text(),
    line: integer(),
    category: text(),
    wrappedPrimitives: text(),
    framework: text(),
    confidence: real(),
    isMultiPrimitive: boolean().defaulted(false),
    isExported: boolean().defaulted(false),
    usageCount: integer().defaulted(0),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `dna_genes` (v005). */
export const dnaGenes = table(
  'dna_genes',
  {
    geneId: text(),
    name: text(),
    description: text(),
    dominantAllele: text().nullable(),
    alleles: text(),
    confidence: real(),
    consistency: real(),
    exemplars: text(),
    updatedAt: integer().defaultNow(),
  },
  { primaryKey: ['geneId'] },
);

/** `dna_mutations` (v005). */
export const dnaMutations = table(
  'dna_mutations',
  {
    id: text(),
    file: text(),
    line: integer(),
    geneId: text(),
    expected: text(),
    actual: text(),
    impact: text(),
    code: text(),
    suggestion: text(),
    detectedAt: integer(),
    resolved: boolean().defaulted(false),
    resolvedAt: integer().nullable(),
  },
  { primaryKey: ['id'] },
);

/** `crypto_findings` (v005). */
export const cryptoFindings = table(
  'crypto_findings',
  {
    id: integer().autoIncrement(),
    file: text(),
    line: integer(),
    category: text(),
    description: text(),
    code: text(),
    confidence: real(),
    cweId: integer(),
    owasp: text(),
    remediation: text(),
    language: text(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `owasp_findings` (v005). */
export const owaspFindings = table(
  'owasp_findings',
  {
    id: text(),
    detector: text(),
    file: text(),
    line: integer(),
    description: text(),
    severity: real(),
    cwes: text(),
    owaspCategories: text(),
    confidence: real(),
    remediation: text().nullable(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);

/** `decomposition_decisions` (v005). */
export const decompositionDecisions = table(
  'decomposition_decisions',
  {
    id: integer().autoIncrement(),
    dnaProfileHash: text(),
    adjustment: text(),
    confidence: real(),
    dnaSimilarity: real(),
    narrative: text(),
    sourceDnaHash: text(),
    appliedWeight: real(),
    createdAt: integer().defaultNow(),
  },
  { primaryKey: ['id'] },
);
