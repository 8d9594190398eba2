import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  argumentCheckerFor,
  type BatchApplyResult,
  type BatchCommand,
  type BatchSink,
  type BatchWriter,
  type DriftStorageBackend,
  decodeBatchCommand,
  emptyWriteStats,
  type MethodArgumentChecker,
  methodArgumentChecker,
  notSupported,
  StorageError,
  type WriteStats,
} from '@drift/storage-traits';
import * as shared from '@drift/storage-traits/queries';
import { sqliteStorageError } from '@drift/storage-traits/sqlite';
import { busyBudget, CHECKPOINT_WAIT_MS, isBusy, retryAfterBusy, retryBusy, setBusyWait } from './busy.js';
import { Connection, closedError, ReaderPool, writeExecutor } from './connection.js';
import {
  checkDatabaseFile,
  memoryFolder,
  type OpenedConnections,
  openConnections,
  removeMemoryFolder,
} from './open.js';
import type { ConnectionUsage, DriftStorageEngineOptions } from './options.js';
import { applyBatch } from './queries/batch-sink.js';
import { servingReads, servingWrites } from './queries/serving.js';
import { type DriftViews, VIEW_ARGUMENTS, viewReads } from './queries/views.js';
import { type ReadExecutor, sqliteMethods, type WriteExecutor } from './statements.js';

// The shared query modules (`@drift/storage-traits/queries`) as this engine's queries.
const filesReads = sqliteMethods(shared.filesReads);
const filesWrites = sqliteMethods(shared.filesWrites);

// Group A (conv-a): adapted modules below this line.
const functionsReads = sqliteMethods(shared.functionsReads);
const functionsWrites = sqliteMethods(shared.functionsWrites);
const detectionsReads = sqliteMethods(shared.detectionsReads);
const detectionsWrites = sqliteMethods(shared.detectionsWrites);
const boundariesReads = sqliteMethods(shared.boundariesReads);
const boundariesWrites = sqliteMethods(shared.boundariesWrites);
const callEdgesReads = sqliteMethods(shared.callEdgesReads);
const callEdgesWrites = sqliteMethods(shared.callEdgesWrites);
const dataAccessReads = sqliteMethods(shared.dataAccessReads);
const dataAccessWrites = sqliteMethods(shared.dataAccessWrites);
const wrapperReads = sqliteMethods(shared.wrapperReads);
const wrapperWrites = sqliteMethods(shared.wrapperWrites);
const couplingReads = sqliteMethods(shared.couplingReads);
const couplingWrites = sqliteMethods(shared.couplingWrites);
const constantReads = sqliteMethods(shared.constantReads);
const constantWrites = sqliteMethods(shared.constantWrites);
const contractReads = sqliteMethods(shared.contractReads);
const contractWrites = sqliteMethods(shared.contractWrites);
const envVariableReads = sqliteMethods(shared.envVariableReads);
const envVariableWrites = sqliteMethods(shared.envVariableWrites);
const constraintReads = sqliteMethods(shared.constraintReads);
const constraintWrites = sqliteMethods(shared.constraintWrites);
const securityReads = sqliteMethods(shared.securityReads);
const securityWrites = sqliteMethods(shared.securityWrites);
const dnaReads = sqliteMethods(shared.dnaReads);
const dnaWrites = sqliteMethods(shared.dnaWrites);

// Group B (conv-b): adapted modules below this line.
const advancedReads = sqliteMethods(shared.advancedReads);
const advancedWrites = sqliteMethods(shared.advancedWrites);
const graphReads = sqliteMethods(shared.graphReads);
const graphWrites = sqliteMethods(shared.graphWrites);
const patternsReads = sqliteMethods(shared.patternsReads);
const patternsWrites = sqliteMethods(shared.patternsWrites);
const readerReads = sqliteMethods(shared.readerReads);
const scanHistoryReads = sqliteMethods(shared.scanHistoryReads);
const scanHistoryWrites = sqliteMethods(shared.scanHistoryWrites);

// Group C (conv-c): adapted modules below this line.
const enforcementReads = sqliteMethods(shared.enforcementReads);
const enforcementWrites = sqliteMethods(shared.enforcementWrites);

// servingReads and servingWrites: adapted in ./queries/serving.js, with this engine's own runRetention.

export type { ConnectionUsage, DriftStorageEngineOptions } from './options.js';

const MAX_READERS = 8;

/** The executors behind each engine's routing, for this package's routing tests only. */
const ROUTING = new WeakMap<object, { reader: ReadExecutor; writer: WriteExecutor }>();

/**
 * Test hook of this package (not exported from its entry point, so not part of the public API): the
 * executors an engine routes reads and writes to.
 */
export function routingOf(engine: DriftStorageEngine): { reader: ReadExecutor; writer: WriteExecutor } {
  const routing = ROUTING.get(engine);
  if (!routing) throw new StorageError('INVALID_INPUT', 'not a DriftStorageEngine');
  return routing;
}

/**
 * Test hook of this package, as {@link routingOf}: how each query method of the engines opened so far
 * runs, by name (`read` on a reader, `write` in a transaction on the writer).
 */
export function queryMethodRoles(): ReadonlyMap<string, 'read' | 'write'> {
  return ROLES;
}

/** A query function of a query module: an executor first, then the arguments of its method. */
type Query<X, A extends unknown[], R> = (executor: X, ...args: A) => R;

/** How an engine method runs its query: on a reader, or in a transaction on the writer. */
type MethodRole = 'read' | 'write';

/** Role of every query method, by name, as the engines built so far named them (for routing tests). */
const ROLES = new Map<string, MethodRole>();

/**
 * The SQLite implementation of every drift storage interface. It owns the only connections to its
 * database: one writer, a pool of read-only readers (opened read-only with `query_only`), and one
 * connection for the batch sink. Reads run on readers, writes on the writer; no method hands out a
 * connection. In-memory engines share one private in-memory database across all their connections,
 * so every path reads its own writes.
 */
export class DriftStorageEngine implements DriftStorageBackend, DriftViews {
  readonly #path: string | null;
  readonly #memoryFolder: string | null;
  readonly #writer: Connection;
  readonly #readers: Connection[];
  readonly #batchConn: Connection;
  readonly #readExec: ReaderPool;
  readonly #writeExec: WriteExecutor;
  readonly #batchExec: WriteExecutor;
  readonly #batch: BatchWriter | null;
  readonly #budgetMs: number;
  #closed = false;
  /** Each query member's naming hook, until the constructor has named it after its key. */
  readonly #unnamed = new Map<unknown, (name: string) => void>();

  // The query methods, one member per method: each names the query function it runs (Go to Definition
  // on the query lands in its module) and is typed by it, and `implements` above makes the compiler
  // check that together they are every method of the interfaces. A member is named after its key.
  // IDriftFiles
  readonly loadAllFileMetadata = this.#read(filesReads.loadAllFileMetadata);
  readonly getFileMetadata = this.#read(filesReads.getFileMetadata);
  readonly updateFunctionCount = this.#write(filesWrites.updateFunctionCount);
  readonly updateFileError = this.#write(filesWrites.updateFileError);
  readonly countFiles = this.#read(filesReads.countFiles);
  readonly getParseCacheByHash = this.#read(filesReads.getParseCacheByHash);
  readonly insertParseCache = this.#write(filesWrites.insertParseCache);
  readonly invalidateParseCache = this.#write(filesWrites.invalidateParseCache);
  readonly countParseCache = this.#read(filesReads.countParseCache);
  // IDriftAnalysis
  readonly getFunctionsByFile = this.#read(functionsReads.getFunctionsByFile);
  readonly getFunctionByQualifiedName = this.#read(functionsReads.getFunctionByQualifiedName);
  readonly deleteFunctionsByFile = this.#write(functionsWrites.deleteFunctionsByFile);
  readonly countFunctions = this.#read(functionsReads.countFunctions);
  readonly countEntryPoints = this.#read(functionsReads.countEntryPoints);
  readonly insertDetections = this.#write(detectionsWrites.insertDetections);
  readonly getDetectionsByFile = this.#read(detectionsReads.getDetectionsByFile);
  readonly getDetectionsByCategory = this.#read(detectionsReads.getDetectionsByCategory);
  readonly queryAllDetections = this.#read(detectionsReads.queryAllDetections);
  readonly deleteDetectionsByFile = this.#write(detectionsWrites.deleteDetectionsByFile);
  readonly countDetections = this.#read(detectionsReads.countDetections);
  readonly getDetectionsByMethod = this.#read(detectionsReads.getDetectionsByMethod);
  readonly getDetectionsByPatternPrefix = this.#read(detectionsReads.getDetectionsByPatternPrefix);
  readonly getDetectionsByCwe = this.#read(detectionsReads.getDetectionsByCwe);
  readonly getFrameworkDetectionSummary = this.#read(detectionsReads.getFrameworkDetectionSummary);
  readonly upsertConfidence = this.#write(patternsWrites.upsertConfidence);
  readonly queryConfidenceByTier = this.#read(patternsReads.queryConfidenceByTier);
  readonly queryAllConfidence = this.#read(patternsReads.queryAllConfidence);
  readonly insertOutlier = this.#write(patternsWrites.insertOutlier);
  readonly queryOutliersByPattern = this.#read(patternsReads.queryOutliersByPattern);
  readonly insertConvention = this.#write(patternsWrites.insertConvention);
  readonly queryConventionsByCategory = this.#read(patternsReads.queryConventionsByCategory);
  readonly queryAllConventions = this.#read(patternsReads.queryAllConventions);
  readonly insertBoundaries = this.#write(boundariesWrites.insertBoundaries);
  readonly getBoundariesByFile = this.#read(boundariesReads.getBoundariesByFile);
  readonly getBoundariesByFramework = this.#read(boundariesReads.getBoundariesByFramework);
  readonly getSensitiveBoundaries = this.#read(boundariesReads.getSensitiveBoundaries);
  readonly deleteBoundariesByFile = this.#write(boundariesWrites.deleteBoundariesByFile);
  readonly countBoundaries = this.#read(boundariesReads.countBoundaries);
  readonly insertCallEdges = this.#write(callEdgesWrites.insertCallEdges);
  readonly getEdgesByCaller = this.#read(callEdgesReads.getEdgesByCaller);
  readonly getEdgesByCallee = this.#read(callEdgesReads.getEdgesByCallee);
  readonly deleteEdgesByFile = this.#write(callEdgesWrites.deleteEdgesByFile);
  readonly countCallEdges = this.#read(callEdgesReads.countCallEdges);
  readonly countResolvedEdges = this.#read(callEdgesReads.countResolvedEdges);
  readonly insertScanStart = this.#write(scanHistoryWrites.insertScanStart);
  readonly updateScanComplete = this.#write(scanHistoryWrites.updateScanComplete);
  readonly queryRecentScans = this.#read(scanHistoryReads.queryRecentScans);
  readonly countScans = this.#read(scanHistoryReads.countScans);
  // IDriftStructural
  readonly upsertCouplingMetrics = this.#write(couplingWrites.upsertCouplingMetrics);
  readonly getCouplingMetrics = this.#read(couplingReads.getCouplingMetrics);
  readonly getAllCouplingMetrics = this.#read(couplingReads.getAllCouplingMetrics);
  readonly getCouplingMetricsByZone = this.#read(couplingReads.getCouplingMetricsByZone);
  readonly insertCouplingCycle = this.#write(couplingWrites.insertCouplingCycle);
  readonly queryCouplingCycles = this.#read(couplingReads.queryCouplingCycles);
  readonly upsertConstraint = this.#write(constraintWrites.upsertConstraint);
  readonly getConstraint = this.#read(constraintReads.getConstraint);
  readonly getEnabledConstraints = this.#read(constraintReads.getEnabledConstraints);
  readonly insertConstraintVerification = this.#write(constraintWrites.insertConstraintVerification);
  readonly queryConstraintVerifications = this.#read(constraintReads.queryConstraintVerifications);
  readonly upsertContract = this.#write(contractWrites.upsertContract);
  readonly getContract = this.#read(contractReads.getContract);
  readonly getContractsByParadigm = this.#read(contractReads.getContractsByParadigm);
  readonly insertContractMismatch = this.#write(contractWrites.insertContractMismatch);
  readonly queryContractMismatches = this.#read(contractReads.queryContractMismatches);
  readonly queryContractMismatchesByType = this.#read(contractReads.queryContractMismatchesByType);
  readonly insertSecret = this.#write(securityWrites.insertSecret);
  readonly getSecretsByFile = this.#read(securityReads.getSecretsByFile);
  readonly getSecretsBySeverity = this.#read(securityReads.getSecretsBySeverity);
  readonly insertWrapper = this.#write(wrapperWrites.insertWrapper);
  readonly getWrappersByFile = this.#read(wrapperReads.getWrappersByFile);
  readonly getWrappersByCategory = this.#read(wrapperReads.getWrappersByCategory);
  readonly upsertDnaGene = this.#write(dnaWrites.upsertDnaGene);
  readonly getDnaGene = this.#read(dnaReads.getDnaGene);
  readonly getAllDnaGenes = this.#read(dnaReads.getAllDnaGenes);
  readonly upsertDnaMutation = this.#write(dnaWrites.upsertDnaMutation);
  readonly getDnaMutationsByGene = this.#read(dnaReads.getDnaMutationsByGene);
  readonly getUnresolvedMutations = this.#read(dnaReads.getUnresolvedMutations);
  readonly insertCryptoFinding = this.#write(securityWrites.insertCryptoFinding);
  readonly getCryptoFindingsByFile = this.#read(securityReads.getCryptoFindingsByFile);
  readonly getCryptoFindingsByCategory = this.#read(securityReads.getCryptoFindingsByCategory);
  readonly upsertOwaspFinding = this.#write(securityWrites.upsertOwaspFinding);
  readonly getOwaspFindingsByFile = this.#read(securityReads.getOwaspFindingsByFile);
  readonly getOwaspFindingsByDetector = this.#read(securityReads.getOwaspFindingsByDetector);
  readonly insertDecompositionDecision = this.#write(dnaWrites.insertDecompositionDecision);
  readonly getDecompositionDecisions = this.#read(dnaReads.getDecompositionDecisions);
  readonly insertConstant = this.#write(constantWrites.insertConstant);
  readonly insertConstantsBatch = this.#write(constantWrites.insertConstantsBatch);
  readonly queryConstantsByFile = this.#read(constantReads.queryConstantsByFile);
  readonly queryUnusedConstants = this.#read(constantReads.queryUnusedConstants);
  readonly queryMagicNumbers = this.#read(constantReads.queryMagicNumbers);
  readonly deleteConstantsByFile = this.#write(constantWrites.deleteConstantsByFile);
  readonly countConstants = this.#read(constantReads.countConstants);
  readonly insertEnvVariable = this.#write(envVariableWrites.insertEnvVariable);
  readonly insertEnvVariablesBatch = this.#write(envVariableWrites.insertEnvVariablesBatch);
  readonly queryEnvVariablesByName = this.#read(envVariableReads.queryEnvVariablesByName);
  readonly queryEnvVariablesByFile = this.#read(envVariableReads.queryEnvVariablesByFile);
  readonly queryMissingEnvVariables = this.#read(envVariableReads.queryMissingEnvVariables);
  readonly deleteEnvVariablesByFile = this.#write(envVariableWrites.deleteEnvVariablesByFile);
  readonly countEnvVariables = this.#read(envVariableReads.countEnvVariables);
  readonly insertDataAccess = this.#write(dataAccessWrites.insertDataAccess);
  readonly insertDataAccessBatch = this.#write(dataAccessWrites.insertDataAccessBatch);
  readonly queryDataAccessByFunction = this.#read(dataAccessReads.queryDataAccessByFunction);
  readonly queryDataAccessByTable = this.#read(dataAccessReads.queryDataAccessByTable);
  readonly deleteDataAccessByFunction = this.#write(dataAccessWrites.deleteDataAccessByFunction);
  readonly countDataAccess = this.#read(dataAccessReads.countDataAccess);
  readonly upsertReachability = this.#write(graphWrites.upsertReachability);
  readonly getReachability = this.#read(graphReads.getReachability);
  readonly clearReachabilityCache = this.#write(graphWrites.clearReachabilityCache);
  readonly insertTaintFlow = this.#write(graphWrites.insertTaintFlow);
  readonly getTaintFlowsByFile = this.#read(graphReads.getTaintFlowsByFile);
  readonly getTaintFlowsByCwe = this.#read(graphReads.getTaintFlowsByCwe);
  readonly insertErrorGap = this.#write(graphWrites.insertErrorGap);
  readonly getErrorGapsByFile = this.#read(graphReads.getErrorGapsByFile);
  readonly upsertImpactScore = this.#write(graphWrites.upsertImpactScore);
  readonly getImpactScore = this.#read(graphReads.getImpactScore);
  readonly insertTestCoverage = this.#write(graphWrites.insertTestCoverage);
  readonly getTestCoverageForSource = this.#read(graphReads.getTestCoverageForSource);
  readonly upsertTestQuality = this.#write(graphWrites.upsertTestQuality);
  readonly getTestQuality = this.#read(graphReads.getTestQuality);
  // IDriftEnforcement
  readonly insertViolation = this.#write(enforcementWrites.insertViolation);
  readonly queryViolationsByFile = this.#read(enforcementReads.queryViolationsByFile);
  readonly queryAllViolations = this.#read(enforcementReads.queryAllViolations);
  readonly insertGateResult = this.#write(enforcementWrites.insertGateResult);
  readonly queryGateResults = this.#read(enforcementReads.queryGateResults);
  readonly insertAuditSnapshot = this.#write(enforcementWrites.insertAuditSnapshot);
  readonly queryAuditSnapshots = this.#read(enforcementReads.queryAuditSnapshots);
  readonly insertHealthTrend = this.#write(enforcementWrites.insertHealthTrend);
  readonly queryHealthTrends = this.#read(enforcementReads.queryHealthTrends);
  readonly insertFeedback = this.#write(enforcementWrites.insertFeedback);
  readonly queryFeedbackByDetector = this.#read(enforcementReads.queryFeedbackByDetector);
  readonly queryFeedbackByPattern = this.#read(enforcementReads.queryFeedbackByPattern);
  readonly queryFeedbackAdjustments = this.#read(enforcementReads.queryFeedbackAdjustments);
  readonly getViolationPatternId = this.#read(enforcementReads.getViolationPatternId);
  readonly queryFeedbackStats = this.#read(enforcementReads.queryFeedbackStats);
  readonly countNeedsReview = this.#read(enforcementReads.countNeedsReview);
  readonly insertPolicyResult = this.#write(enforcementWrites.insertPolicyResult);
  readonly queryRecentPolicyResults = this.#read(enforcementReads.queryRecentPolicyResults);
  readonly insertDegradationAlert = this.#write(enforcementWrites.insertDegradationAlert);
  readonly queryRecentDegradationAlerts = this.#read(enforcementReads.queryRecentDegradationAlerts);
  readonly queryDegradationAlertsByType = this.#read(enforcementReads.queryDegradationAlertsByType);
  // IDriftAdvanced
  readonly insertSimulation = this.#write(advancedWrites.insertSimulation);
  readonly getSimulations = this.#read(advancedReads.getSimulations);
  readonly insertDecision = this.#write(advancedWrites.insertDecision);
  readonly insertContextCache = this.#write(advancedWrites.insertContextCache);
  readonly createMigrationProject = this.#write(advancedWrites.createMigrationProject);
  readonly createMigrationModule = this.#write(advancedWrites.createMigrationModule);
  readonly updateModuleStatus = this.#write(advancedWrites.updateModuleStatus);
  readonly insertMigrationCorrection = this.#write(advancedWrites.insertMigrationCorrection);
  readonly getMigrationCorrection = this.#read(advancedReads.getMigrationCorrection);
  // IDriftReader
  readonly patternConfidence = this.#read(readerReads.patternConfidence);
  readonly patternOccurrenceRate = this.#read(readerReads.patternOccurrenceRate);
  readonly falsePositiveRate = this.#read(readerReads.falsePositiveRate);
  readonly constraintVerified = this.#read(readerReads.constraintVerified);
  readonly couplingMetric = this.#read(readerReads.couplingMetric);
  readonly dnaHealth = this.#read(readerReads.dnaHealth);
  readonly testCoverage = this.#read(readerReads.testCoverage);
  readonly errorHandlingGaps = this.#read(readerReads.errorHandlingGaps);
  readonly decisionEvidence = this.#read(readerReads.decisionEvidence);
  readonly boundaryData = this.#read(readerReads.boundaryData);
  readonly taintFlowRisk = this.#read(readerReads.taintFlowRisk);
  readonly callGraphCoverage = this.#read(readerReads.callGraphCoverage);
  readonly countMatchingPatterns = this.#read(readerReads.countMatchingPatterns);
  readonly latestScanTimestamp = this.#read(readerReads.latestScanTimestamp);
  // IDriftServing
  readonly runRetention = this.#write(servingWrites.runRetention);
  readonly upsertPatternStatus = this.#write(servingWrites.upsertPatternStatus);
  readonly getPatternStatus = this.#read(servingReads.getPatternStatus);
  readonly queryPatternStatuses = this.#read(servingReads.queryPatternStatuses);
  readonly countPatternsByStatus = this.#read(servingReads.countPatternsByStatus);
  readonly queryPatternsForAudit = this.#read(servingReads.queryPatternsForAudit);
  readonly clearRecoveredAlerts = this.#write(servingWrites.clearRecoveredAlerts);
  readonly clearFindings = this.#write(servingWrites.clearFindings);
  readonly getViolation = this.#read(servingReads.getViolation);
  readonly queryTaintFlows = this.#read(servingReads.queryTaintFlows);
  readonly queryErrorGaps = this.#read(servingReads.queryErrorGaps);
  readonly queryImpactScores = this.#read(servingReads.queryImpactScores);
  readonly queryAllTestQuality = this.#read(servingReads.queryAllTestQuality);
  readonly queryAllWrappers = this.#read(servingReads.queryAllWrappers);
  readonly queryAllCryptoFindings = this.#read(servingReads.queryAllCryptoFindings);
  readonly queryAllContracts = this.#read(servingReads.queryAllContracts);
  readonly queryBoundaryFrameworks = this.#read(servingReads.queryBoundaryFrameworks);
  readonly readTableRows = this.#read(servingReads.readTableRows);
  readonly maxRowCursor = this.#read(servingReads.maxRowCursor);
  // DriftViews (this engine's own reads)
  readonly statusView = this.#view(viewReads.statusView);
  readonly securityView = this.#view(viewReads.securityView);
  readonly healthTrend = this.#view(viewReads.healthTrend);
  readonly queryViolationsPage = this.#view(viewReads.queryViolationsPage);

  private constructor(
    path: string | null,
    location: string,
    memoryFolderPath: string | null,
    options: DriftStorageEngineOptions,
  ) {
    const budget = busyBudget(options.busyTimeoutMs);
    const readerCount = Math.min(Math.max(Math.trunc(options.readers ?? 4), 1), MAX_READERS);
    this.#path = path;
    this.#memoryFolder = memoryFolderPath;
    this.#budgetMs = budget;
    let connections: OpenedConnections;
    try {
      connections = retryBusy('DriftStorageEngine.open', budget, path, (left) =>
        openConnections(location, path, options, readerCount, budget, left),
      );
    } catch (error) {
      this.#removeMemoryFolder();
      throw sqliteStorageError(error, 'open', path ?? undefined);
    }
    this.#writer = new Connection(connections.writer);
    this.#writeExec = writeExecutor(this.#writer);
    this.#readers = connections.readers.map((db) => new Connection(db));
    this.#batchConn = new Connection(connections.batch);
    this.#readExec = new ReaderPool(this.#readers);
    this.#batchExec = writeExecutor(this.#batchConn);
    ROUTING.set(this, { reader: this.#readExec, writer: this.#writeExec });
    const sink: BatchSink = { applyBatch: (commands) => this.#applyBatch(commands) };
    this.#batch = options.batchWriter ? options.batchWriter(sink) : null;
    for (const [key, method] of Object.entries(this)) this.#unnamed.get(method)?.(key);
    if (this.#unnamed.size > 0) throw new Error('DriftStorageEngine: a query member is not a property');
  }

  /**
   * Opens (creating if needed) the drift database at `path`: checks the file, migrates it to the
   * current schema and opens the connections. Opening never deletes a row: retention runs only when
   * asked for ({@link IDriftServing.runRetention}, which `driftGC` calls), as in the reference. Refuses a file that is not a
   * SQLite database or is truncated (`CORRUPT`), a SQLite file of another application (`CORRUPT`),
   * a database of a newer schema (`SCHEMA_TOO_NEW`), a folder, FIFO, socket or device
   * (`INVALID_INPUT`, without blocking), and read-only a file `PRAGMA quick_check` finds damaged
   * (`CORRUPT`), in every case without modifying it; a failed migration rolls back every migration
   * of the open (`MIGRATION_FAILED`), leaving the file as it was.
   */
  static open(path: string, options: DriftStorageEngineOptions = {}): DriftStorageEngine {
    if (typeof path !== 'string' || path.length === 0) {
      throw new StorageError('INVALID_INPUT', 'DriftStorageEngine.open needs a database file path', {
        field: 'path',
      });
    }
    const absolute = resolve(path);
    if (options.readOnly === true) {
      if (!existsSync(absolute)) {
        throw new StorageError(
          'NOT_FOUND',
          `${absolute} does not exist; a read-only engine opens an existing drift.db`,
          {
            path: absolute,
          },
        );
      }
      if (options.batchWriter) {
        throw new StorageError('INVALID_INPUT', 'a read-only engine cannot take a batch writer', {
          field: 'batchWriter',
        });
      }
    }
    checkDatabaseFile(absolute);
    return new DriftStorageEngine(absolute, absolute, null, options);
  }

  /**
   * Opens a private, throw-away database (for tests and one-off analyses): it lives in RAM-backed
   * /dev/shm where available, is shared by this engine's connections only, and is deleted on close.
   */
  static openInMemory(options: DriftStorageEngineOptions = {}): DriftStorageEngine {
    if (options.readOnly === true) {
      throw new StorageError('INVALID_INPUT', 'an in-memory engine cannot be read-only (it starts empty)', {
        field: 'readOnly',
      });
    }
    const folder = memoryFolder();
    return new DriftStorageEngine(null, join(folder, 'drift.db'), folder, options);
  }

  /** Path of the database file, or null for an in-memory engine. */
  path(): string | null {
    return this.#path;
  }

  /** How many statements ran on each kind of connection since the engine was opened. */
  connectionUsage(): ConnectionUsage {
    let reader = 0;
    for (const conn of this.#readers) reader += conn.statements;
    return { reader, writer: this.#writer.statements, batch: this.#batchConn.statements };
  }

  /** Checkpoints the write-ahead log into the database file (TRUNCATE mode). */
  checkpoint(): void {
    this.#assertOpen('checkpoint');
    try {
      this.#retry('checkpoint', () => {
        // A TRUNCATE checkpoint holds the write lock while it waits for readers to leave the log:
        // each attempt waits briefly, and the retries between them let other writers in.
        setBusyWait(this.#writer.db, CHECKPOINT_WAIT_MS);
        try {
          const [result] = this.#writer.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
          // A checkpoint that could not finish (a reader still uses the log) says so in its row.
          if (result?.busy === 1) {
            throw Object.assign(new Error('the checkpoint could not finish'), { code: 'SQLITE_BUSY' });
          }
        } finally {
          setBusyWait(this.#writer.db, this.#budgetMs);
        }
      });
    } catch (error) {
      throw sqliteStorageError(error, 'checkpoint', this.#path ?? undefined);
    }
  }

  /**
   * Queues a typed batch command through the configured batch writer, which takes a checked snapshot
   * of it: what was accepted is what is committed, whatever the caller does to its objects afterwards.
   */
  sendBatch(command: BatchCommand): void {
    this.#assertOpen('sendBatch');
    this.#requireBatch('sendBatch').send(command, 'sendBatch');
  }

  /**
   * Decodes a command encoded with `encodeBatchCommand` into a fresh command (nothing refers to
   * `payload` afterwards) and queues it.
   */
  sendRaw(commandName: string, payload: Uint8Array): void {
    this.#assertOpen('sendRaw');
    const writer = this.#requireBatch('sendRaw');
    writer.send(decodeBatchCommand(commandName, payload, 'sendRaw'), 'sendRaw');
  }

  /** Asks the batch writer to commit what is queued soon, without waiting. */
  flush(): void {
    this.#assertOpen('flush');
    this.#requireBatch('flush').requestFlush();
  }

  /** Commits everything queued, then returns the batch counters. */
  flushSync(): WriteStats {
    this.#assertOpen('flushSync');
    return this.#requireBatch('flushSync').flushSync();
  }

  /** Current batch counters (all zero without a batch writer). */
  stats(): WriteStats {
    return this.#batch ? this.#batch.stats() : emptyWriteStats();
  }

  /** Commits everything queued and stops the batch writer; the engine stays open for other calls. */
  shutdown(): WriteStats {
    this.#assertOpen('shutdown');
    return this.#requireBatch('shutdown').shutdown();
  }

  /**
   * Commits what the batch writer holds and closes every connection. Idempotent; every other call
   * afterwards fails with `CLOSED`. Like the reference, it does not run `PRAGMA optimize` (whose
   * statistics would change the query plans, and with them the order of rows that tie).
   */
  close(): void {
    if (this.#closed) return;
    let failure: unknown;
    try {
      this.#batch?.shutdown();
    } catch (error) {
      failure = error;
    }
    this.#closed = true;
    this.#readExec.close();
    for (const conn of [...this.#readers, this.#batchConn, this.#writer]) conn.close();
    this.#removeMemoryFolder();
    if (failure !== undefined) throw sqliteStorageError(failure, 'close', this.#path ?? undefined);
  }

  /** Whether {@link DriftStorageEngine.close} has been called. */
  isClosed(): boolean {
    return this.#closed;
  }

  #removeMemoryFolder(): void {
    if (this.#memoryFolder === null) return;
    removeMemoryFolder(this.#memoryFolder);
  }

  /** {@link retryBusy} with this engine's budget and path. */
  #retry<T>(operation: string, attempt: () => T): T {
    let capped = false;
    try {
      return retryBusy(operation, this.#budgetMs, this.#path, (left, tries) => {
        // A retry's own busy wait is capped by what is left of the budget, so the whole operation
        // never waits much longer than the budget.
        if (tries > 0) {
          this.#setBusyWait(left);
          capped = true;
        }
        return attempt();
      });
    } finally {
      if (capped) this.#setBusyWait(this.#budgetMs);
    }
  }

  #setBusyWait(ms: number): void {
    for (const conn of [this.#writer, this.#batchConn, ...this.#readers]) {
      if (conn.db.open) setBusyWait(conn.db, ms);
    }
  }

  #assertOpen(operation: string): void {
    if (this.#closed) throw closedError(operation);
  }

  #requireBatch(operation: string): BatchWriter {
    if (this.#batch === null) {
      throw notSupported(
        operation,
        'this engine has no batch writer; pass options.batchWriter (e.g. createBatchWriter from @drift/batch-writer)',
      );
    }
    return this.#batch;
  }

  #applyBatch(commands: readonly BatchCommand[]): BatchApplyResult {
    if (this.#closed) throw closedError('applyBatch');
    try {
      return this.#retry('applyBatch', () => applyBatch(this.#batchExec, commands));
    } catch (error) {
      throw sqliteStorageError(error, 'applyBatch', this.#path ?? undefined);
    }
  }

  /**
   * A query method that runs `query` on a reader. The read runs once; only a `SQLITE_BUSY` failure
   * enters the retry loop, which runs it again (a read is atomic) within the lock budget.
   */
  #read<A extends unknown[], R>(query: Query<ReadExecutor, A, R>): (...args: A) => R {
    return this.#member('read', query, methodArgumentChecker);
  }

  /** A {@link DriftViews} method: a read whose arguments are checked against {@link VIEW_ARGUMENTS}. */
  #view<A extends unknown[], R>(query: Query<ReadExecutor, A, R>): (...args: A) => R {
    return this.#member('read', query, (name) =>
      argumentCheckerFor(name, VIEW_ARGUMENTS[name as keyof DriftViews]),
    );
  }

  /**
   * A query method that runs `query` on the writer in one immediate transaction (the write lock taken
   * at BEGIN, so no deferred transaction fails to upgrade). A busy attempt committed nothing, so the
   * retry loop runs the whole transaction again.
   */
  #write<A extends unknown[], R>(query: Query<WriteExecutor, A, R>): (...args: A) => R {
    return this.#member('write', query, methodArgumentChecker);
  }

  /**
   * The function behind one query member: refuses a call after close (`CLOSED`), checks the arguments
   * against the method's specs, runs the query on its connection and answers a driver failure as a
   * `StorageError` naming the method. The member's name (for the checker and the messages) is its key,
   * set by the constructor through {@link DriftStorageEngine.#unnamed}; its checker is looked up then,
   * once. The call allocates nothing beyond its arguments unless it fails.
   */
  #member<X, A extends unknown[], R>(
    role: MethodRole,
    query: Query<X, A, R>,
    checkerOf: (name: string) => MethodArgumentChecker,
  ): (...args: A) => R {
    let name = '';
    let check: MethodArgumentChecker = () => {};
    const method =
      role === 'read'
        ? (...args: A): R => {
            if (this.#closed) throw closedError(name);
            check(args);
            const started = performance.now();
            try {
              return (query as Query<ReadExecutor, A, R>)(this.#readExec, ...args);
            } catch (error) {
              return this.#afterFailure(name, started, error, () =>
                (query as Query<ReadExecutor, A, R>)(this.#readExec, ...args),
              );
            }
          }
        : (...args: A): R => {
            if (this.#closed) throw closedError(name);
            check(args);
            const started = performance.now();
            const writer = this.#writeExec;
            const attempt = () =>
              writer.transaction(() => (query as Query<WriteExecutor, A, R>)(writer, ...args));
            try {
              return attempt();
            } catch (error) {
              return this.#afterFailure(name, started, error, attempt);
            }
          };
    this.#unnamed.set(method, (key) => {
      name = key;
      check = checkerOf(key);
      ROLES.set(key, role);
      this.#unnamed.delete(method);
    });
    return method;
  }

  /**
   * What a query method does when its first attempt, begun at `started`, threw `error`: a `SQLITE_BUSY`
   * failure is retried within the budget left ({@link retryAfterBusy}, each retry's own busy wait
   * capped by it); anything else, and a spent budget, is thrown as a `StorageError` naming `name`.
   */
  #afterFailure<T>(name: string, started: number, error: unknown, attempt: () => T): T {
    if (!isBusy(error)) throw sqliteStorageError(error, name, this.#path ?? undefined);
    let capped = false;
    try {
      return retryAfterBusy(name, this.#budgetMs, this.#path, started, error, (left) => {
        this.#setBusyWait(left);
        capped = true;
        return attempt();
      });
    } catch (failure) {
      throw sqliteStorageError(failure, name, this.#path ?? undefined);
    } finally {
      if (capped) this.#setBusyWait(this.#budgetMs);
    }
  }
}
