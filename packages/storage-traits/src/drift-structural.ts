import { keyList } from './key-list.js';

/** A `coupling_metrics` row: Martin's metrics for one module. */
export interface CouplingMetricsRow {
  /** Module path; the primary key. */
  readonly module: string;
  /** Efferent coupling: modules this one depends on. */
  readonly ce: number;
  /** Afferent coupling: modules depending on this one. */
  readonly ca: number;
  /** Ce / (Ca + Ce), 0..1: 1 is maximally unstable (depends on others, nothing depends on it). */
  readonly instability: number;
  /**
   * Abstract types over all types of the module, 0..1 (the reference's analyzer); the store keeps any real.
   */
  readonly abstractness: number;
  /** Distance from the main sequence, |A + I - 1|. */
  readonly distance: number;
  /** Zone label (e.g. `main_sequence`, `zone_of_pain`, `zone_of_uselessness`). */
  readonly zone: string;
}

/** A `coupling_cycles` row; append-only (`insertCouplingCycle`), read newest first. */
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
  /** What the invariant applies to, read according to `invariantType`. */
  readonly target: string;
  /** Where the invariant applies (a file glob or module name); null when it is not narrowed. */
  readonly scope: string | null;
  /** Where it came from (e.g. `user`, `inferred`). */
  readonly source: string;
  /** False keeps the constraint stored but out of `getEnabledConstraints` (column default 1). */
  readonly enabled: boolean;
}

/** A `constraint_verifications` row; `insertConstraintVerification` appends one per check. */
export interface ConstraintVerificationRow {
  /** Assigned by the store on insert, increasing (`AUTOINCREMENT` in the reference's DDL). */
  readonly id: number;
  /** `constraints.id` of the checked constraint (a foreign key: the constraint must exist). */
  readonly constraintId: string;
  /** True when the check found no violation (stored as 0/1). */
  readonly passed: boolean;
  /** JSON array of the violations found (`[]` when it passed), stored as given. */
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
  /** Path of the file that provides or consumes the endpoints (`source_file`). */
  readonly sourceFile: string;
  /** Framework the endpoints were extracted from (e.g. `express`). */
  readonly framework: string;
  /** How sure the extractor is of the endpoints, 0..1; the store keeps any real. */
  readonly confidence: number;
  /** JSON array of the endpoints, stored as given (the store does not parse it). */
  readonly endpoints: string;
}

/** A `contract_mismatches` row: a backend/frontend disagreement. */
export interface ContractMismatchRow {
  /** Row id from the store (`AUTOINCREMENT`); ignored on insert. */
  readonly id: number;
  /**
   * Path of the backend endpoint (`backend_endpoint`): the reference's analysis stores the path alone, e.g.
   * `/users`.
   */
  readonly backendEndpoint: string;
  /** Path the frontend calls (`frontend_call`), which disagrees with the backend endpoint. */
  readonly frontendCall: string;
  /**
   * What disagrees (the analyzer's kinds: a missing field, a type mismatch, ...);
   * `queryContractMismatchesByType` matches it.
   */
  readonly mismatchType: string;
  /** Severity name as the writer gives it; the store keeps any text. */
  readonly severity: string;
  readonly message: string;
  /** When the row was written, seconds since the epoch (ignored on insert). */
  readonly createdAt: number;
}

/** A `secrets` row: a hard-coded secret, stored redacted. */
export interface SecretRow {
  /**
   * Row id from the store; null in a row not yet stored (`insertSecret` ignores it and returns the new id).
   */
  readonly id: number | null;
  /** Name of the secret pattern (e.g. `aws_access_key`). */
  readonly patternName: string;
  /** The value with most characters masked. */
  readonly redactedValue: string;
  readonly file: string;
  readonly line: number;
  /**
   * Severity name as the writer gives it (the reference's analysis writes `Critical`, `High`, `Medium`,
   * `Low`); `getSecretsBySeverity` matches it exactly, case included.
   */
  readonly severity: string;
  /** Shannon entropy of the unredacted value, as the detector computed it (REAL). */
  readonly entropy: number;
  /** How sure the detector is, 0..1; the store keeps any real. */
  readonly confidence: number;
  /** CWE numbers as JSON text (the reference's analysis writes an array, e.g. `[798]`); stored as given. */
  readonly cweIds: string;
}

/** A `wrappers` row: a function that wraps framework primitives. */
export interface WrapperRow {
  /**
   * Row id from the store; null in a row not yet stored (`insertWrapper` ignores it and returns the new id).
   */
  readonly id: number | null;
  /** Name of the wrapping function as declared in `file`. */
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Wrapper category (e.g. `state`, `fetch`); `getWrappersByCategory` matches it exactly. */
  readonly category: string;
  /** JSON array of the wrapped primitives' names, stored as given. */
  readonly wrappedPrimitives: string;
  /** Framework the wrapped primitives belong to (e.g. `react`); NOT NULL. */
  readonly framework: string;
  /** How sure the detector is, 0..1; the store keeps any real. */
  readonly confidence: number;
  /** Whether it wraps more than one primitive. */
  readonly isMultiPrimitive: boolean;
  /** True when the wrapper's file exports it, so other modules can call it. */
  readonly isExported: boolean;
  /** Uses of the wrapper the detector counted (column default 0). */
  readonly usageCount: number;
}

/** A `dna_genes` row: one convention dimension of the codebase's "DNA". */
export interface DnaGeneRow {
  /** Gene id; the primary key. */
  readonly geneId: string;
  readonly name: string;
  /** Human-readable account of the convention dimension; NOT NULL. */
  readonly description: string;
  /** The most common variant, when there is one. */
  readonly dominantAllele: string | null;
  /** JSON list of variants with frequencies. */
  readonly alleles: string;
  /** How sure the analyzer is of the dominant variant, 0..1. */
  readonly confidence: number;
  /** How consistently the codebase follows the dominant variant, 0..1. */
  readonly consistency: number;
  /** JSON array of example locations, stored as given. */
  readonly exemplars: string;
}

/** A `dna_mutations` row: a place that deviates from a gene's dominant variant. */
export interface DnaMutationRow {
  /** Mutation id; the primary key. */
  readonly id: string;
  readonly file: string;
  readonly line: number;
  /** `dna_genes.gene_id` of the deviated gene (not a foreign key: the gene need not be stored). */
  readonly geneId: string;
  /** The gene's dominant variant the code should follow. */
  readonly expected: string;
  /** The variant the code uses instead. */
  readonly actual: string;
  /** Impact name from the analyzer (`high`, `medium`, `low`); the store keeps any text. */
  readonly impact: string;
  /** Source text of the deviation, stored as given. */
  readonly code: string;
  /** How to bring the code in line with the dominant variant; NOT NULL. */
  readonly suggestion: string;
  /** When it was detected, seconds since the epoch. */
  readonly detectedAt: number;
  /** True once marked resolved (column default 0); `getUnresolvedMutations` returns the others. */
  readonly resolved: boolean;
  /** When it was resolved, if it was. */
  readonly resolvedAt: number | null;
}

/** A `crypto_findings` row: a weak or misused cryptographic construct. */
export interface CryptoFindingRow {
  /**
   * Row id from the store; null in a row not yet stored (`insertCryptoFinding` ignores it and returns the new
   * id).
   */
  readonly id: number | null;
  readonly file: string;
  readonly line: number;
  /** Kind of weakness (e.g. `weak_hash`); `getCryptoFindingsByCategory` matches it exactly. */
  readonly category: string;
  readonly description: string;
  /** Source text of the offending construct, stored as given. */
  readonly code: string;
  /** How sure the detector is, 0..1; the store keeps any real. */
  readonly confidence: number;
  readonly cweId: number;
  /** OWASP Top 10 category of the finding (text, e.g. `A02:2021`). */
  readonly owasp: string;
  /** Advice on replacing the construct; NOT NULL. */
  readonly remediation: string;
  /** Language of `file` as the scanner names it (e.g. `typescript`). */
  readonly language: string;
}

/** An `owasp_findings` row, keyed by `id`; `upsertOwaspFinding` replaces the whole row. */
export interface OwaspFindingRow {
  /** Finding id; the primary key. */
  readonly id: string;
  /** Name of the detector that reported it; `getOwaspFindingsByDetector` matches it exactly. */
  readonly detector: string;
  readonly file: string;
  readonly line: number;
  readonly description: string;
  /** Severity as a number (a REAL column, unlike the text severities of other tables). */
  readonly severity: number;
  /** JSON array of CWE numbers, stored as given. */
  readonly cwes: string;
  /** JSON array of OWASP category names, stored as given. */
  readonly owaspCategories: string;
  /** How sure the detector is, 0..1; the store keeps any real. */
  readonly confidence: number;
  /** How to fix it, when known. */
  readonly remediation: string | null;
}

/** A `decomposition_decisions` row: a learned adjustment to module decomposition. */
export interface DecompositionDecisionRow {
  /**
   * Row id from the store; null in a row not yet stored (`insertDecompositionDecision` ignores it and returns
   * the new id).
   */
  readonly id: number | null;
  /** Hash identifying the DNA profile; `getDecompositionDecisions` returns the rows with this hash. */
  readonly dnaProfileHash: string;
  /** JSON description of the adjustment, stored as given. */
  readonly adjustment: string;
  readonly confidence: number;
  /** Similarity between the source and target DNA. */
  readonly dnaSimilarity: number;
  readonly narrative: string;
  /** Hash of the DNA the decision was learned from. */
  readonly sourceDnaHash: string;
  /** Weight given to the decision when it is transferred to another profile. */
  readonly appliedWeight: number;
}

/** A `constants` row (magic numbers are constants with `isNamed` false). */
export interface ConstantRow {
  /** Row id from the store (`AUTOINCREMENT`); ignored on insert. */
  readonly id: number;
  /** Constant name, or the literal for a magic number. */
  readonly name: string;
  /** The literal as written in the source (text, whatever its type). */
  readonly value: string;
  readonly file: string;
  readonly line: number;
  /** False when nothing references the constant (column default 1); `queryUnusedConstants` returns those. */
  readonly isUsed: boolean;
  /** Language of `file` as the scanner names it (e.g. `typescript`). */
  readonly language: string;
  /** Whether it is a named constant (false for an inline magic number). */
  readonly isNamed: boolean;
  /** When the row was written, seconds since the epoch (ignored on insert). */
  readonly createdAt: number;
}

/** An `env_variables` row: one read of a variable, so a variable read twice has two rows. */
export interface EnvVariableRow {
  /** Row id from the store; null in a row not yet stored (ignored on insert). */
  readonly id: number | null;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** How it is read (e.g. `process.env`, `os.getenv`). */
  readonly accessMethod: string;
  /** Whether the read supplies a default. */
  readonly hasDefault: boolean;
  /** True when a `.env` file defines the variable (column default 0). */
  readonly definedInEnv: boolean;
  /** Framework prefix (e.g. `NEXT_PUBLIC_`), when any. */
  readonly frameworkPrefix: string | null;
  /** When the row was written, seconds since the epoch; null before insertion. */
  readonly createdAt: number | null;
}

/** A `data_access` row: a function reading or writing a table. */
export interface DataAccessRow {
  /**
   * Always null when read: `data_access` has no id column (its key is function, table, operation and line).
   */
  readonly id: number | null;
  /** Id of the accessing function: an integer, unlike the text function ids of the graph tables. */
  readonly functionId: number;
  /** Name of the database table accessed (`table_name`). */
  readonly tableName: string;
  /** Kind of access (e.g. `read`, `write`); part of the table's key with function, table and line. */
  readonly operation: string;
  /** ORM or framework of the access (e.g. `prisma`); null when not known. */
  readonly framework: string | null;
  readonly line: number;
  /** How sure the detector is, 0..1; the store keeps any real. */
  readonly confidence: number;
}

/** A `reachability_cache` row, keyed by `sourceNode` and `direction`; replaced whole on upsert. */
export interface ReachabilityCacheRow {
  /** Function the walk starts from, as `file::name` in the reference's analysis. */
  readonly sourceNode: string;
  /** Walk direction, part of the key; the reference's analysis writes only `forward` (callees). */
  readonly direction: string;
  /**
   * JSON array of the nodes reachable from `sourceNode` (`file::name` keys in the reference's analysis, at
   * most 10 calls deep).
   */
  readonly reachableSet: string;
  /** Sensitivity of what is reachable: `critical`, `high`, `medium` or `low` in the reference's analysis. */
  readonly sensitivity: string;
}

/** A `taint_flows` row: a source-to-sink data flow. */
export interface TaintFlowRow {
  /**
   * Row id from the store; null in a row not yet stored (`insertTaintFlow` ignores it and returns the new
   * id).
   */
  readonly id: number | null;
  readonly sourceFile: string;
  readonly sourceLine: number;
  /** Kind of source (e.g. `user_input`). */
  readonly sourceType: string;
  readonly sinkFile: string;
  readonly sinkLine: number;
  /** Kind of sink (e.g. `sql_query`). */
  readonly sinkType: string;
  /** CWE number the flow is classified under; null when unclassified. */
  readonly cweId: number | null;
  /** Whether a sanitizer sits on the path. */
  readonly isSanitized: boolean;
  /** JSON list of the path's steps. */
  readonly path: string;
  /** How sure the analysis is of the flow, 0..1; the store keeps any real. */
  readonly confidence: number;
}

/** An `error_gaps` row: a place where an error is not handled. */
export interface ErrorGapRow {
  /**
   * Row id from the store; null in a row not yet stored (`insertErrorGap` ignores it and returns the new id).
   */
  readonly id: number | null;
  readonly file: string;
  /** Id of the enclosing function (text). */
  readonly functionId: string;
  /** Kind of gap (e.g. `unhandled_promise`). */
  readonly gapType: string;
  /** Name of the error type involved, as the analyzer gives it; null when not known. */
  readonly errorType: string | null;
  /** JSON propagation chain of the error, stored as given; null when not known. */
  readonly propagationChain: string | null;
  /** Framework whose error handling applies (e.g. `express`); null when none. */
  readonly framework: string | null;
  /** CWE number the gap is classified under; null when unclassified. */
  readonly cweId: number | null;
  /** Severity name as the writer gives it; the store keeps any text. */
  readonly severity: string;
}

/** An `impact_scores` row, keyed by `functionId`; replaced whole on upsert. */
export interface ImpactScoreRow {
  /** Function id; the primary key. */
  readonly functionId: string;
  /** How many functions a change here can reach. */
  readonly blastRadius: number;
  /** Risk of changing the function as the impact analyzer scores it (REAL). */
  readonly riskScore: number;
  /** True when the analyzer judged the function dead code (column default 0); `deadCodeReason` says why. */
  readonly isDeadCode: boolean;
  /** Reason the analyzer gives for the dead-code verdict; null when it gives none. */
  readonly deadCodeReason: string | null;
  /** Why it is excluded from dead-code reports, when it is. */
  readonly exclusionCategory: string | null;
}

/** A `test_coverage` row: a test function covering a source function. */
export interface TestCoverageRow {
  /** Id of the test function (text); the link is replaced whole on insert. */
  readonly testFunctionId: string;
  /** Id of the source function the test covers; `getTestCoverageForSource` filters on it. */
  readonly sourceFunctionId: string;
  /** How it is covered (e.g. `direct`, `transitive`). */
  readonly coverageType: string;
}

/** A `test_quality` row, keyed by `functionId`; each dimension is null when it was not measured. */
export interface TestQualityRow {
  /** Function id; the primary key. */
  readonly functionId: string;
  /** Share of source functions covered by at least one test, 0..1. */
  readonly coverageBreadth: number | null;
  /** Average number of tests per source function. */
  readonly coverageDepth: number | null;
  /** Assertions per test function: a mean, so it may exceed 1. */
  readonly assertionDensity: number | null;
  /** Share of dependencies that are mocked, 0..1. */
  readonly mockRatio: number | null;
  /** Independence of the tests from shared state; 1 (the analyzer's default) means isolated. */
  readonly isolation: number | null;
  /** How recently the tests were updated relative to their source; 1 (the analyzer's default) means fresh. */
  readonly freshness: number | null;
  /** Consistency of pass/fail results; 1 (the analyzer's default) means stable. */
  readonly stability: number | null;
  readonly overallScore: number;
  /** JSON array of the test smells found, stored as given; null when not measured. */
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
  /** Returns the metrics whose zone equals `zone` exactly (e.g. `zone_of_pain`), in no promised order. */
  getCouplingMetricsByZone(zone: string): CouplingMetricsRow[];
  /**
   * Appends a cycle; the store assigns `id` and `createdAt`. Both arguments are JSON text, stored as given.
   */
  insertCouplingCycle(members: string, breakSuggestions: string): void;
  /** Returns every recorded cycle, newest first. */
  queryCouplingCycles(): CouplingCycleRow[];

  /**
   * Stores a constraint, replacing the row with the same `id` (both timestamps start over; its verifications
   * stay).
   */
  upsertConstraint(row: ConstraintRow): void;
  /** Returns the constraint with `id`, enabled or not, or null. */
  getConstraint(id: string): ConstraintRow | null;
  /** Returns the constraints whose `enabled` is true, in no promised order. */
  getEnabledConstraints(): ConstraintRow[];
  /**
   * Appends a check result; throws `NOT_FOUND` (nothing written) when `constraintId` names no stored
   * constraint.
   */
  insertConstraintVerification(constraintId: string, passed: boolean, violations: string): void;
  /** Returns a constraint's verifications, newest first. */
  queryConstraintVerifications(constraintId: string): ConstraintVerificationRow[];

  /** Stores a contract, replacing the row with the same `id` (both timestamps start over). */
  upsertContract(row: ContractRow): void;
  /** Returns the contract with `id`, or null. */
  getContract(id: string): ContractRow | null;
  /** Returns the contracts whose paradigm equals `paradigm` exactly, in no promised order. */
  getContractsByParadigm(paradigm: string): ContractRow[];
  /** Records a contract mismatch (its `id` and `createdAt` are assigned by the store). */
  insertContractMismatch(row: ContractMismatchRow): void;
  /** Returns every contract mismatch, newest first. */
  queryContractMismatches(): ContractMismatchRow[];
  /** Returns the mismatches whose `mismatchType` equals `mismatchType` exactly, newest first. */
  queryContractMismatchesByType(mismatchType: string): ContractMismatchRow[];

  /** Inserts a secret; returns its new row id. */
  insertSecret(row: SecretRow): number;
  /** Returns the secrets whose `file` equals `file` exactly, in no promised order. */
  getSecretsByFile(file: string): SecretRow[];
  /** Returns the secrets whose severity equals `severity` exactly (case matters), in no promised order. */
  getSecretsBySeverity(severity: string): SecretRow[];

  /** Inserts a wrapper; returns its new row id. */
  insertWrapper(row: WrapperRow): number;
  /** Returns the wrappers whose `file` equals `file` exactly, in no promised order. */
  getWrappersByFile(file: string): WrapperRow[];
  /** Returns the wrappers whose category equals `category` exactly, in no promised order. */
  getWrappersByCategory(category: string): WrapperRow[];

  /** Stores a gene, replacing the row with the same `geneId` (`updated_at` starts over). */
  upsertDnaGene(row: DnaGeneRow): void;
  /** Returns the gene with `geneId`, or null. */
  getDnaGene(geneId: string): DnaGeneRow | null;
  /** Returns every stored gene, in no promised order; [] when none. */
  getAllDnaGenes(): DnaGeneRow[];
  /** Stores a mutation with every field as given, replacing the row with the same `id`. */
  upsertDnaMutation(row: DnaMutationRow): void;
  /** Returns the mutations whose `geneId` equals `geneId`, resolved ones included, in no promised order. */
  getDnaMutationsByGene(geneId: string): DnaMutationRow[];
  /** Returns the mutations not yet resolved. */
  getUnresolvedMutations(): DnaMutationRow[];

  /** Inserts a crypto finding; returns its new row id. */
  insertCryptoFinding(row: CryptoFindingRow): number;
  /** Returns the crypto findings whose `file` equals `file` exactly, in no promised order. */
  getCryptoFindingsByFile(file: string): CryptoFindingRow[];
  /** Returns the crypto findings whose category equals `category` exactly, in no promised order. */
  getCryptoFindingsByCategory(category: string): CryptoFindingRow[];

  /** Stores a finding, replacing the row with the same `id` (`created_at` starts over). */
  upsertOwaspFinding(row: OwaspFindingRow): void;
  /** Returns the OWASP findings whose `file` equals `file` exactly, in no promised order. */
  getOwaspFindingsByFile(file: string): OwaspFindingRow[];
  /** Returns the OWASP findings whose detector equals `detector` exactly, in no promised order. */
  getOwaspFindingsByDetector(detector: string): OwaspFindingRow[];

  /** Inserts a decomposition decision; returns its new row id. */
  insertDecompositionDecision(row: DecompositionDecisionRow): number;
  /** Returns the decisions recorded for a DNA profile. */
  getDecompositionDecisions(dnaProfileHash: string): DecompositionDecisionRow[];

  /** Inserts a constant (its `id` and `createdAt` are assigned by the store). */
  insertConstant(row: ConstantRow): void;
  /** Inserts every row or none (one transaction); `id` and `createdAt` of each row are ignored. */
  insertConstantsBatch(rows: readonly ConstantRow[]): void;
  /** Returns the constants of a file, in line order. */
  queryConstantsByFile(file: string): ConstantRow[];
  /** Returns the constants never used, by file and line. */
  queryUnusedConstants(): ConstantRow[];
  /** Returns the magic numbers (unnamed constants), by file and line. */
  queryMagicNumbers(): ConstantRow[];
  /** Deletes every constant whose `file` equals `file`; returns how many. */
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

  /** Inserts a data access; one with the same function, table, operation and line is ignored (no error). */
  insertDataAccess(row: DataAccessRow): void;
  /** Inserts data accesses in one transaction (duplicates ignored). */
  insertDataAccessBatch(rows: readonly DataAccessRow[]): void;
  /** Returns the accesses of a function, in line order. */
  queryDataAccessByFunction(functionId: number): DataAccessRow[];
  /** Returns the accesses of a table, by function id. */
  queryDataAccessByTable(tableName: string): DataAccessRow[];
  /** Deletes the accesses of a function; returns how many were deleted. */
  deleteDataAccessByFunction(functionId: number): number;
  /** Rows of `data_access`: one per distinct (function, table, operation, line). */
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
  /**
   * Returns the flows whose `cweId` equals `cweId` (unclassified flows never match), in no promised order.
   */
  getTaintFlowsByCwe(cweId: number): TaintFlowRow[];

  /** Inserts an error gap; returns its new row id. */
  insertErrorGap(row: ErrorGapRow): number;
  /** Returns the error gaps whose `file` equals `file` exactly, in no promised order. */
  getErrorGapsByFile(file: string): ErrorGapRow[];

  /** Inserts or replaces a function's impact score. */
  upsertImpactScore(row: ImpactScoreRow): void;
  /** Returns a function's impact score, or null. */
  getImpactScore(functionId: string): ImpactScoreRow | null;

  /** Stores a test/source link, replacing the row with the same key (INSERT OR REPLACE). */
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
