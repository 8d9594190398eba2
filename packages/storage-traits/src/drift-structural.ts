import { keyList } from './key-list.js';

/** A `coupling_metrics` row: Martin's metrics for one module. */
export interface CouplingMetricsRow {
  /** Module path; the primary key. */
  readonly module: string;
  /** Efferent coupling: modules this one depends on. */
  readonly ce: number;
  /** Afferent coupling: modules depending on this one. */
  readonly ca: number;
  /** Ce / (Ca + Ce). */
  readonly instability: number;
  /** Share of abstract declarations. */
  readonly abstractness: number;
  /** Distance from the main sequence, |A + I - 1|. */
  readonly distance: number;
  /** Zone label (e.g. `main_sequence`, `zone_of_pain`, `zone_of_uselessness`). */
  readonly zone: string;
}

/** A `coupling_cycles` row: one import cycle. */
export interface CouplingCycleRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /** JSON array of the modules in the cycle. */
  readonly members: string;
  /** JSON describing where the cycle could be broken. */
  readonly breakSuggestions: string;
  /** When the row was written, seconds since the epoch. */
  readonly createdAt: number;
}

/** A `constraints` row: an architectural invariant. */
export interface ConstraintRow {
  /** Constraint id; the primary key. */
  readonly id: string;
  readonly description: string;
  /** Kind of invariant (e.g. `must_not_import`). */
  readonly invariantType: string;
  /** What the invariant applies to. */
  readonly target: string;
  /** Optional scope (folder, module). */
  readonly scope: string | null;
  /** Where it came from (e.g. `user`, `inferred`). */
  readonly source: string;
  /** Whether it is checked. */
  readonly enabled: boolean;
}

/** A `constraint_verifications` row: one check of a constraint. */
export interface ConstraintVerificationRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /** The constraint checked. */
  readonly constraintId: string;
  /** Whether the check passed. */
  readonly passed: boolean;
  /** JSON list of violations found. */
  readonly violations: string;
  /** When it was verified, seconds since the epoch. */
  readonly verifiedAt: number;
}

/** A `contracts` row: the API endpoints a source file provides or consumes. */
export interface ContractRow {
  /** Contract id; the primary key. */
  readonly id: string;
  /** API paradigm (e.g. `rest`, `graphql`). */
  readonly paradigm: string;
  /** File declaring the endpoints. */
  readonly sourceFile: string;
  /** Framework (e.g. `express`). */
  readonly framework: string;
  /** Extraction confidence. */
  readonly confidence: number;
  /** JSON list of endpoints. */
  readonly endpoints: string;
}

/** A `contract_mismatches` row: a backend/frontend disagreement. */
export interface ContractMismatchRow {
  /** Row id (ignored on insert). */
  readonly id: number;
  /** Backend endpoint involved. */
  readonly backendEndpoint: string;
  /** Frontend call involved. */
  readonly frontendCall: string;
  /** Kind of mismatch. */
  readonly mismatchType: string;
  /** Severity label. */
  readonly severity: string;
  readonly message: string;
  /** When the row was written, seconds since the epoch (ignored on insert). */
  readonly createdAt: number;
}

/** A `secrets` row: a hard-coded secret, stored redacted. */
export interface SecretRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  /** Name of the secret pattern (e.g. `aws_access_key`). */
  readonly patternName: string;
  /** The value with most characters masked. */
  readonly redactedValue: string;
  readonly file: string;
  readonly line: number;
  /** Severity label. */
  readonly severity: string;
  /** Shannon entropy of the value. */
  readonly entropy: number;
  /** Detector confidence. */
  readonly confidence: number;
  /** Comma-separated CWE ids. */
  readonly cweIds: string;
}

/** A `wrappers` row: a function that wraps framework primitives. */
export interface WrapperRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  /** Wrapper function name. */
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Wrapper category (e.g. `state`, `fetch`). */
  readonly category: string;
  /** JSON list of wrapped primitives. */
  readonly wrappedPrimitives: string;
  /** Framework of the primitives. */
  readonly framework: string;
  /** Detector confidence. */
  readonly confidence: number;
  /** Whether it wraps more than one primitive. */
  readonly isMultiPrimitive: boolean;
  /** True when the wrapper's file exports it, so other modules can call it. */
  readonly isExported: boolean;
  /** How often it is used. */
  readonly usageCount: number;
}

/** A `dna_genes` row: one convention dimension of the codebase's "DNA". */
export interface DnaGeneRow {
  /** Gene id; the primary key. */
  readonly geneId: string;
  readonly name: string;
  /** What the gene describes. */
  readonly description: string;
  /** The most common variant, when there is one. */
  readonly dominantAllele: string | null;
  /** JSON list of variants with frequencies. */
  readonly alleles: string;
  /** Confidence of the dominant variant. */
  readonly confidence: number;
  /** How consistently the codebase follows the dominant variant, 0..1. */
  readonly consistency: number;
  /** JSON list of example locations. */
  readonly exemplars: string;
}

/** A `dna_mutations` row: a place that deviates from a gene's dominant variant. */
export interface DnaMutationRow {
  /** Mutation id; the primary key. */
  readonly id: string;
  readonly file: string;
  readonly line: number;
  /** The gene deviated from. */
  readonly geneId: string;
  /** Expected variant. */
  readonly expected: string;
  /** Actual variant. */
  readonly actual: string;
  /** Impact label. */
  readonly impact: string;
  /** The deviating code. */
  readonly code: string;
  /** Suggested fix. */
  readonly suggestion: string;
  /** When it was detected, seconds since the epoch. */
  readonly detectedAt: number;
  /** Whether it has been resolved. */
  readonly resolved: boolean;
  /** When it was resolved, if it was. */
  readonly resolvedAt: number | null;
}

/** A `crypto_findings` row: a weak or misused cryptographic construct. */
export interface CryptoFindingRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  readonly file: string;
  readonly line: number;
  /** Finding category (e.g. `weak_hash`). */
  readonly category: string;
  readonly description: string;
  /** The offending code. */
  readonly code: string;
  /** Detector confidence. */
  readonly confidence: number;
  readonly cweId: number;
  /** OWASP category. */
  readonly owasp: string;
  /** How to fix it. */
  readonly remediation: string;
  /** Language of the file. */
  readonly language: string;
}

/** An `owasp_findings` row. */
export interface OwaspFindingRow {
  /** Finding id; the primary key. */
  readonly id: string;
  /** Detector that produced it. */
  readonly detector: string;
  readonly file: string;
  readonly line: number;
  readonly description: string;
  /** Numeric severity. */
  readonly severity: number;
  /** JSON list of CWE ids. */
  readonly cwes: string;
  /** JSON list of OWASP categories. */
  readonly owaspCategories: string;
  /** Detector confidence. */
  readonly confidence: number;
  /** How to fix it, when known. */
  readonly remediation: string | null;
}

/** A `decomposition_decisions` row: a learned adjustment to module decomposition. */
export interface DecompositionDecisionRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  /** Hash of the DNA profile the decision applies to. */
  readonly dnaProfileHash: string;
  /** JSON description of the adjustment. */
  readonly adjustment: string;
  readonly confidence: number;
  /** Similarity between the source and target DNA. */
  readonly dnaSimilarity: number;
  readonly narrative: string;
  /** Hash of the DNA the decision was learned from. */
  readonly sourceDnaHash: string;
  /** Weight applied when transferring it. */
  readonly appliedWeight: number;
}

/** A `constants` row (magic numbers are constants with `isNamed` false). */
export interface ConstantRow {
  /** Row id (ignored on insert). */
  readonly id: number;
  /** Constant name, or the literal for a magic number. */
  readonly name: string;
  /** Literal value. */
  readonly value: string;
  readonly file: string;
  readonly line: number;
  /** Whether it is referenced anywhere. */
  readonly isUsed: boolean;
  /** Language of the file. */
  readonly language: string;
  /** Whether it is a named constant (false for an inline magic number). */
  readonly isNamed: boolean;
  /** When the row was written, seconds since the epoch (ignored on insert). */
  readonly createdAt: number;
}

/** An `env_variables` row: one read of an environment variable. */
export interface EnvVariableRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** How it is read (e.g. `process.env`, `os.getenv`). */
  readonly accessMethod: string;
  /** Whether the read supplies a default. */
  readonly hasDefault: boolean;
  /** Whether a `.env` file defines it. */
  readonly definedInEnv: boolean;
  /** Framework prefix (e.g. `NEXT_PUBLIC_`), when any. */
  readonly frameworkPrefix: string | null;
  /** When the row was written, seconds since the epoch; null before insertion. */
  readonly createdAt: number | null;
}

/** A `data_access` row: a function reading or writing a table. */
export interface DataAccessRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  /** Function performing the access. */
  readonly functionId: number;
  /** Table accessed. */
  readonly tableName: string;
  /** Operation (e.g. `read`, `write`). */
  readonly operation: string;
  /** ORM or framework, when known. */
  readonly framework: string | null;
  readonly line: number;
  /** Detector confidence. */
  readonly confidence: number;
}

/** A `reachability_cache` row. */
export interface ReachabilityCacheRow {
  /** Start node (function id). */
  readonly sourceNode: string;
  /** `forward` or `backward`. */
  readonly direction: string;
  /** JSON list of reachable nodes. */
  readonly reachableSet: string;
  /** Sensitivity of what is reachable. */
  readonly sensitivity: string;
}

/** A `taint_flows` row: a source-to-sink data flow. */
export interface TaintFlowRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  readonly sourceFile: string;
  readonly sourceLine: number;
  /** Kind of source (e.g. `user_input`). */
  readonly sourceType: string;
  readonly sinkFile: string;
  readonly sinkLine: number;
  /** Kind of sink (e.g. `sql_query`). */
  readonly sinkType: string;
  /** CWE id, when classified. */
  readonly cweId: number | null;
  /** Whether a sanitizer sits on the path. */
  readonly isSanitized: boolean;
  /** JSON list of the path's steps. */
  readonly path: string;
  /** Analysis confidence. */
  readonly confidence: number;
}

/** An `error_gaps` row: a place where an error is not handled. */
export interface ErrorGapRow {
  /** Row id; null before insertion. */
  readonly id: number | null;
  readonly file: string;
  /** Function containing the gap. */
  readonly functionId: string;
  /** Kind of gap (e.g. `unhandled_promise`). */
  readonly gapType: string;
  /** Error type involved, when known. */
  readonly errorType: string | null;
  /** JSON propagation chain, when known. */
  readonly propagationChain: string | null;
  /** Framework, when relevant. */
  readonly framework: string | null;
  /** CWE id, when classified. */
  readonly cweId: number | null;
  /** Severity label. */
  readonly severity: string;
}

/** An `impact_scores` row. */
export interface ImpactScoreRow {
  /** Function id; the primary key. */
  readonly functionId: string;
  /** How many functions a change here can reach. */
  readonly blastRadius: number;
  /** Combined risk score. */
  readonly riskScore: number;
  /** Whether the function is dead code. */
  readonly isDeadCode: boolean;
  /** Why it is dead code, when it is. */
  readonly deadCodeReason: string | null;
  /** Why it is excluded from dead-code reports, when it is. */
  readonly exclusionCategory: string | null;
}

/** A `test_coverage` row: a test function covering a source function. */
export interface TestCoverageRow {
  /** `functions.id` of the test. */
  readonly testFunctionId: string;
  /** The covered source function. */
  readonly sourceFunctionId: string;
  /** How it is covered (e.g. `direct`, `transitive`). */
  readonly coverageType: string;
}

/** A `test_quality` row: quality dimensions of one function's tests. */
export interface TestQualityRow {
  /** Function id; the primary key. */
  readonly functionId: string;
  /** Breadth of coverage, 0..1. */
  readonly coverageBreadth: number | null;
  /** Depth of coverage, 0..1. */
  readonly coverageDepth: number | null;
  /** Assertions per test. */
  readonly assertionDensity: number | null;
  /** Share of mocked collaborators. */
  readonly mockRatio: number | null;
  /** Isolation score. */
  readonly isolation: number | null;
  /** Freshness score. */
  readonly freshness: number | null;
  /** Stability score. */
  readonly stability: number | null;
  readonly overallScore: number;
  /** JSON list of test smells. */
  readonly smells: string | null;
}

/**
 * Structural intelligence storage: coupling, constraints, contracts, secrets, wrappers, DNA, crypto,
 * OWASP, decomposition, constants, environment variables, data access and the graph tables.
 */
export interface IDriftStructural {
  /** Inserts or replaces the metrics of a module. */
  upsertCouplingMetrics(row: CouplingMetricsRow): void;
  /** Returns the metrics of a module, or null. */
  getCouplingMetrics(module: string): CouplingMetricsRow | null;
  /** Returns every module's metrics, largest distance first. */
  getAllCouplingMetrics(): CouplingMetricsRow[];
  /** Returns the metrics of the modules in a zone. */
  getCouplingMetricsByZone(zone: string): CouplingMetricsRow[];
  /** Records an import cycle. */
  insertCouplingCycle(members: string, breakSuggestions: string): void;
  /** Returns every recorded cycle, newest first. */
  queryCouplingCycles(): CouplingCycleRow[];

  /** Inserts or replaces a constraint. */
  upsertConstraint(row: ConstraintRow): void;
  /** Returns a constraint, or null. */
  getConstraint(id: string): ConstraintRow | null;
  /** Returns the enabled constraints. */
  getEnabledConstraints(): ConstraintRow[];
  /** Records one verification of a constraint. */
  insertConstraintVerification(constraintId: string, passed: boolean, violations: string): void;
  /** Returns a constraint's verifications, newest first. */
  queryConstraintVerifications(constraintId: string): ConstraintVerificationRow[];

  /** Inserts or replaces a contract. */
  upsertContract(row: ContractRow): void;
  /** Returns a contract, or null. */
  getContract(id: string): ContractRow | null;
  /** Returns the contracts of a paradigm. */
  getContractsByParadigm(paradigm: string): ContractRow[];
  /** Records a contract mismatch (its `id` and `createdAt` are assigned by the store). */
  insertContractMismatch(row: ContractMismatchRow): void;
  /** Returns every contract mismatch, newest first. */
  queryContractMismatches(): ContractMismatchRow[];
  /** Returns the contract mismatches of a type, newest first. */
  queryContractMismatchesByType(mismatchType: string): ContractMismatchRow[];

  /** Inserts a secret; returns its new row id. */
  insertSecret(row: SecretRow): number;
  /** Returns the secrets found in a file. */
  getSecretsByFile(file: string): SecretRow[];
  /** Returns the secrets of a severity. */
  getSecretsBySeverity(severity: string): SecretRow[];

  /** Inserts a wrapper; returns its new row id. */
  insertWrapper(row: WrapperRow): number;
  /** Returns the wrappers declared in a file. */
  getWrappersByFile(file: string): WrapperRow[];
  /** Returns the wrappers of a category. */
  getWrappersByCategory(category: string): WrapperRow[];

  /** Inserts or replaces a DNA gene. */
  upsertDnaGene(row: DnaGeneRow): void;
  /** Returns a DNA gene, or null. */
  getDnaGene(geneId: string): DnaGeneRow | null;
  /** Returns every DNA gene. */
  getAllDnaGenes(): DnaGeneRow[];
  /** Inserts or replaces a DNA mutation. */
  upsertDnaMutation(row: DnaMutationRow): void;
  /** Returns the mutations of a gene. */
  getDnaMutationsByGene(geneId: string): DnaMutationRow[];
  /** Returns the mutations not yet resolved. */
  getUnresolvedMutations(): DnaMutationRow[];

  /** Inserts a crypto finding; returns its new row id. */
  insertCryptoFinding(row: CryptoFindingRow): number;
  /** Returns the crypto findings of a file. */
  getCryptoFindingsByFile(file: string): CryptoFindingRow[];
  /** Returns the crypto findings of a category. */
  getCryptoFindingsByCategory(category: string): CryptoFindingRow[];

  /** Inserts or replaces an OWASP finding. */
  upsertOwaspFinding(row: OwaspFindingRow): void;
  /** Returns the OWASP findings of a file. */
  getOwaspFindingsByFile(file: string): OwaspFindingRow[];
  /** Returns the OWASP findings of a detector. */
  getOwaspFindingsByDetector(detector: string): OwaspFindingRow[];

  /** Inserts a decomposition decision; returns its new row id. */
  insertDecompositionDecision(row: DecompositionDecisionRow): number;
  /** Returns the decisions recorded for a DNA profile. */
  getDecompositionDecisions(dnaProfileHash: string): DecompositionDecisionRow[];

  /** Inserts a constant (its `id` and `createdAt` are assigned by the store). */
  insertConstant(row: ConstantRow): void;
  /** Inserts constants in one transaction. */
  insertConstantsBatch(rows: readonly ConstantRow[]): void;
  /** Returns the constants of a file, in line order. */
  queryConstantsByFile(file: string): ConstantRow[];
  /** Returns the constants never used, by file and line. */
  queryUnusedConstants(): ConstantRow[];
  /** Returns the magic numbers (unnamed constants), by file and line. */
  queryMagicNumbers(): ConstantRow[];
  /** Deletes the constants of a file; returns how many were deleted. */
  deleteConstantsByFile(file: string): number;
  /** Rows of `constants`: named constants and magic numbers together. */
  countConstants(): number;

  /** Inserts an environment variable read (its `id` and `createdAt` are assigned by the store). */
  insertEnvVariable(row: EnvVariableRow): void;
  /** Inserts environment variable reads in one transaction. */
  insertEnvVariablesBatch(rows: readonly EnvVariableRow[]): void;
  /** Returns the reads of a variable, by file and line. */
  queryEnvVariablesByName(name: string): EnvVariableRow[];
  /** Returns the reads in a file, in line order. */
  queryEnvVariablesByFile(file: string): EnvVariableRow[];
  /** Returns reads with neither a default nor a `.env` definition, by name and file. */
  queryMissingEnvVariables(): EnvVariableRow[];
  /** Deletes the reads of a file; returns how many were deleted. */
  deleteEnvVariablesByFile(file: string): number;
  /** Rows of `env_variables`: one per read, so a variable read twice counts twice. */
  countEnvVariables(): number;

  /** Inserts a data access (a duplicate of an existing access is ignored). */
  insertDataAccess(row: DataAccessRow): void;
  /** Inserts data accesses in one transaction (duplicates ignored). */
  insertDataAccessBatch(rows: readonly DataAccessRow[]): void;
  /** Returns the accesses of a function, in line order. */
  queryDataAccessByFunction(functionId: number): DataAccessRow[];
  /** Returns the accesses of a table, by function id. */
  queryDataAccessByTable(tableName: string): DataAccessRow[];
  /** Deletes the accesses of a function; returns how many were deleted. */
  deleteDataAccessByFunction(functionId: number): number;
  /** Rows of `data_access`. */
  countDataAccess(): number;

  /** Inserts or replaces a reachability cache entry. */
  upsertReachability(row: ReachabilityCacheRow): void;
  /** Returns the cached reachability of a node in a direction, or null. */
  getReachability(sourceNode: string, direction: string): ReachabilityCacheRow | null;
  /** Deletes every `reachability_cache` row: every node, both directions. */
  clearReachabilityCache(): void;

  /** Inserts a taint flow; returns its new row id. */
  insertTaintFlow(row: TaintFlowRow): number;
  /** Returns the taint flows whose source or sink is in a file. */
  getTaintFlowsByFile(file: string): TaintFlowRow[];
  /** Returns the taint flows of a CWE. */
  getTaintFlowsByCwe(cweId: number): TaintFlowRow[];

  /** Inserts an error gap; returns its new row id. */
  insertErrorGap(row: ErrorGapRow): number;
  /** Returns the error gaps of a file. */
  getErrorGapsByFile(file: string): ErrorGapRow[];

  /** Inserts or replaces a function's impact score. */
  upsertImpactScore(row: ImpactScoreRow): void;
  /** Returns a function's impact score, or null. */
  getImpactScore(functionId: string): ImpactScoreRow | null;

  /** Inserts or replaces a test coverage link. */
  insertTestCoverage(row: TestCoverageRow): void;
  /** Returns the tests covering a source function. */
  getTestCoverageForSource(sourceFunctionId: string): TestCoverageRow[];

  /** Inserts or replaces a function's test quality. */
  upsertTestQuality(row: TestQualityRow): void;
  /** Returns a function's test quality, or null. */
  getTestQuality(functionId: string): TestQualityRow | null;
}

/** Every method name of {@link IDriftStructural}, checked at compile time to be exactly its keys. */
export const DRIFT_STRUCTURAL_METHODS = keyList<IDriftStructural>()([
  'upsertCouplingMetrics',
  'getCouplingMetrics',
  'getAllCouplingMetrics',
  'getCouplingMetricsByZone',
  'insertCouplingCycle',
  'queryCouplingCycles',
  'upsertConstraint',
  'getConstraint',
  'getEnabledConstraints',
  'insertConstraintVerification',
  'queryConstraintVerifications',
  'upsertContract',
  'getContract',
  'getContractsByParadigm',
  'insertContractMismatch',
  'queryContractMismatches',
  'queryContractMismatchesByType',
  'insertSecret',
  'getSecretsByFile',
  'getSecretsBySeverity',
  'insertWrapper',
  'getWrappersByFile',
  'getWrappersByCategory',
  'upsertDnaGene',
  'getDnaGene',
  'getAllDnaGenes',
  'upsertDnaMutation',
  'getDnaMutationsByGene',
  'getUnresolvedMutations',
  'insertCryptoFinding',
  'getCryptoFindingsByFile',
  'getCryptoFindingsByCategory',
  'upsertOwaspFinding',
  'getOwaspFindingsByFile',
  'getOwaspFindingsByDetector',
  'insertDecompositionDecision',
  'getDecompositionDecisions',
  'insertConstant',
  'insertConstantsBatch',
  'queryConstantsByFile',
  'queryUnusedConstants',
  'queryMagicNumbers',
  'deleteConstantsByFile',
  'countConstants',
  'insertEnvVariable',
  'insertEnvVariablesBatch',
  'queryEnvVariablesByName',
  'queryEnvVariablesByFile',
  'queryMissingEnvVariables',
  'deleteEnvVariablesByFile',
  'countEnvVariables',
  'insertDataAccess',
  'insertDataAccessBatch',
  'queryDataAccessByFunction',
  'queryDataAccessByTable',
  'deleteDataAccessByFunction',
  'countDataAccess',
  'upsertReachability',
  'getReachability',
  'clearReachabilityCache',
  'insertTaintFlow',
  'getTaintFlowsByFile',
  'getTaintFlowsByCwe',
  'insertErrorGap',
  'getErrorGapsByFile',
  'upsertImpactScore',
  'getImpactScore',
  'insertTestCoverage',
  'getTestCoverageForSource',
  'upsertTestQuality',
  'getTestQuality',
] as const);
