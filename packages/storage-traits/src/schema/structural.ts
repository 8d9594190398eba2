import { boolean, integer, real, text } from './column.js';
import { table } from './table.js';

// drift.db tables: coupling, constraints, contracts, constants, secrets, wrappers, DNA and findings (v005).

/**
 * `coupling_metrics`, created by migration v005; read as `CouplingMetricsRow`: Martin's metrics for one
 * module.
 */
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

/**
 * `coupling_cycles`, created by migration v005; read as `CouplingCycleRow`: append-only
 * (`insertCouplingCycle`), read newest first.
 */
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

/** `constraints`, created by migration v005; read as `ConstraintRow`: an architectural invariant. */
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

/**
 * `constraint_verifications`, created by migration v005; read as `ConstraintVerificationRow`:
 * `insertConstraintVerification` appends one per check.
 */
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

/**
 * `contracts`, created by migration v005; read as `ContractRow`: the API endpoints a source file provides or
 * consumes.
 */
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

/**
 * `contract_mismatches`, created by migration v005; read as `ContractMismatchRow`: a backend/frontend
 * disagreement.
 */
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

/**
 * `constants`, created by migration v005; read as `ConstantRow`: magic numbers are constants with `isNamed`
 * false.
 */
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

/** `secrets`, created by migration v005; read as `SecretRow`: a hard-coded secret, stored redacted. */
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

/**
 * `env_variables`, created by migration v005; read as `EnvVariableRow`: one read of a variable, so a variable
 * read twice has two rows.
 */
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

/**
 * `wrappers`, created by migration v005; read as `WrapperRow`: a function that wraps framework primitives.
 */
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

/**
 * `dna_genes`, created by migration v005; read as `DnaGeneRow`: one convention dimension of the codebase's
 * "DNA".
 */
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

/**
 * `dna_mutations`, created by migration v005; read as `DnaMutationRow`: a place that deviates from a gene's
 * dominant variant.
 */
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

/**
 * `crypto_findings`, created by migration v005; read as `CryptoFindingRow`: a weak or misused cryptographic
 * construct.
 */
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

/**
 * `owasp_findings`, created by migration v005; read as `OwaspFindingRow`: keyed by `id`; `upsertOwaspFinding`
 * replaces the whole row.
 */
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

/**
 * `decomposition_decisions`, created by migration v005; read as `DecompositionDecisionRow`: a learned
 * adjustment to module decomposition.
 */
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
