import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  argumentError,
  type BatchCommand,
  checkMethodArguments,
  type DetectionInsertRow,
  type DriftStorageBackend,
  describeValue,
  type FunctionRow,
  type GateResultInsertRow,
  type GateResultRow,
  invalidInput,
  type WrapperRow,
} from '@drift/storage-traits';
import {
  ANALYSIS_STEPS,
  type AnalysisContext,
  type AnalysisFile,
  type AnalysisStepName,
  type CrossFileOutput,
  type DegradationOutput,
  type DetectOutput,
  type DriftAnalyzer,
  type EnforcementOutput,
  type GraphOutput,
  isTestOrFixtureFile,
  type PatternsOutput,
  type StructuralOutput,
} from '../analyzer.js';
import type {
  JsAnalysisResult,
  JsBoundaryResult,
  JsCallGraphResult,
  JsModelResult,
  JsPatternMatch,
  JsSensitiveField,
  JsValidatePackResult,
} from '../contract/analysis.js';
import type { DriftNapi } from '../contract/interface.js';
import type { BindingContext } from './context.js';
import { napiObject, optionalU32Arg, parseCweList } from './native.js';
import { buildCommands, commitQueued, sendAll } from './persist.js';
import { validatePack } from './validate-pack.js';

/** What happened to one step of a `driftAnalyze` run. */
export interface AnalysisStepReport {
  /** Step number, 1 to 8. */
  readonly step: number;
  /** Step name (see {@link ANALYSIS_STEPS}). */
  readonly name: AnalysisStepName;
  /** Phase the step belongs to (1 to 5; `maxPhase` stops after a phase). */
  readonly phase: number;
  /** True when the analyzer's method was called; false with `skipped` saying why. */
  readonly ran: boolean;
  /**
   * Why it did not run: `maxPhase`; `no files` (nothing is tracked: the run stops after step 1);
   * `no analyzer` (the analyzer has no method for it); as in the reference, `no detections` (step 4
   * runs only when this run detected something) and `no parsed files` (steps 3, 5, 6 and 7 run only
   * when step 2 analysed at least one file).
   */
  readonly skipped: 'maxPhase' | 'no analyzer' | 'no files' | 'no detections' | 'no parsed files' | null;
  /** Rows the step stored (for step 1: tracked files read). */
  readonly rows: number;
}

/**
 * `driftAnalyze`'s result: the contract's per-file results, plus `steps`, the report of all eight
 * steps (a non-enumerable property, so the array still serializes and compares as the contract's).
 */
export type AnalysisRunResult = JsAnalysisResult[] & { readonly steps: readonly AnalysisStepReport[] };

/** Steps that the reference runs only when step 2 analysed at least one file (`all_parse_results`). */
const NEEDS_PARSED_FILES: ReadonlySet<AnalysisStepName> = new Set([
  'cross-file',
  'structural',
  'graph',
  'enforcement',
]);

/** A step's writes: validated batch commands plus trait calls, applied only after everything checked. */
interface StepWrites {
  readonly commands: BatchCommand[];
  readonly calls: Array<() => void>;
  rows: number;
}

function outputObject(
  value: unknown,
  analyzer: DriftAnalyzer,
  step: AnalysisStepName,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput(
      `driftAnalyze: the analyzer${analyzer.name ? ` '${analyzer.name}'` : ''} returned ${describeValue(value)} from step '${step}'; expected an object of rows`,
      { operation: 'driftAnalyze', field: step },
    );
  }
  return value as Record<string, unknown>;
}

/** A trait call checked now (so a bad row fails before anything is written) and run later. */
function checkedCall<A extends unknown[]>(
  writes: StepWrites,
  method: string,
  args: A,
  run: (...a: A) => void,
): void {
  checkMethodArguments(method, args);
  writes.calls.push(() => run(...args));
  writes.rows += 1;
}

function addCommands(writes: StepWrites, commands: BatchCommand[]): void {
  for (const command of commands) {
    writes.commands.push(command);
    writes.rows += command.rows.length;
  }
}

/**
 * Stores a step's writes, appended to what earlier runs stored (as the reference, which never clears
 * findings): sends the commands, commits them, then runs the trait calls.
 */
function applyStep(storage: DriftStorageBackend, writes: StepWrites): void {
  sendAll(storage, writes.commands);
  commitQueued(storage);
  for (const call of writes.calls) call();
}

function detectWrites(output: DetectOutput, files: ReadonlyMap<string, AnalysisFile>): StepWrites {
  const writes: StepWrites = { commands: [], calls: [], rows: 0 };
  if (!Array.isArray(output.files)) {
    throw invalidInput("driftAnalyze: step 'detect' must return { files: DetectedFile[] }", {
      operation: 'driftAnalyze',
      field: 'detect.files',
    });
  }
  for (const detected of output.files) {
    if (typeof detected?.file !== 'string' || !files.has(detected.file)) {
      throw invalidInput(
        `driftAnalyze: step 'detect' returned results for '${String(detected?.file)}', which is not a tracked file`,
        { operation: 'driftAnalyze', field: 'detect.files.file' },
      );
    }
  }
  // The reference sends the detections first, then the functions.
  addCommands(
    writes,
    buildCommands(
      'InsertDetections',
      output.files.flatMap((f) => f.detections ?? []),
      'driftAnalyze',
    ),
  );
  addCommands(
    writes,
    buildCommands(
      'InsertFunctions',
      output.files.flatMap((f) => f.functions ?? []),
      'driftAnalyze',
    ),
  );
  return writes;
}

function crossFileWrites(output: CrossFileOutput): StepWrites {
  const writes: StepWrites = { commands: [], calls: [], rows: 0 };
  addCommands(writes, buildCommands('InsertBoundaries', output.boundaries, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertCallEdges', output.callEdges, 'driftAnalyze'));
  return writes;
}

function patternsWrites(output: PatternsOutput): StepWrites {
  const writes: StepWrites = { commands: [], calls: [], rows: 0 };
  addCommands(writes, buildCommands('InsertPatternConfidence', output.confidence, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertOutliers', output.outliers, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertConventions', output.conventions, 'driftAnalyze'));
  return writes;
}

function structuralWrites(output: StructuralOutput, storage: DriftStorageBackend): StepWrites {
  const writes: StepWrites = { commands: [], calls: [], rows: 0 };
  addCommands(writes, buildCommands('InsertCouplingMetrics', output.couplingMetrics, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertCouplingCycles', output.couplingCycles, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertWrappers', output.wrappers, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertCryptoFindings', output.cryptoFindings, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertDnaGenes', output.dnaGenes, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertDnaMutations', output.dnaMutations, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertSecrets', output.secrets, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertConstants', output.constants, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertEnvVariables', output.envVariables, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertDataAccess', output.dataAccess, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertOwaspFindings', output.owaspFindings, 'driftAnalyze'));
  addCommands(
    writes,
    buildCommands('InsertDecompositionDecisions', output.decompositionDecisions, 'driftAnalyze'),
  );
  addCommands(writes, buildCommands('InsertContracts', output.contracts, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertContractMismatches', output.contractMismatches, 'driftAnalyze'));
  for (const row of output.constraints ?? []) {
    checkedCall(writes, 'upsertConstraint', [row], (r) => storage.upsertConstraint(r));
  }
  for (const v of output.constraintVerifications ?? []) {
    checkedCall(
      writes,
      'insertConstraintVerification',
      [v?.constraintId, v?.passed, v?.violations] as [string, boolean, string],
      (id, passed, text) => storage.insertConstraintVerification(id, passed, text),
    );
  }
  return writes;
}

function graphWrites(output: GraphOutput, storage: DriftStorageBackend): StepWrites {
  const writes: StepWrites = { commands: [], calls: [], rows: 0 };
  addCommands(writes, buildCommands('InsertTaintFlows', output.taintFlows, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertErrorGaps', output.errorGaps, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertImpactScores', output.impactScores, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertTestQuality', output.testQuality, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertReachabilityCache', output.reachability, 'driftAnalyze'));
  for (const row of output.testCoverage ?? []) {
    checkedCall(writes, 'insertTestCoverage', [row], (r) => storage.insertTestCoverage(r));
  }
  return writes;
}

function enforcementWrites(output: EnforcementOutput): StepWrites {
  const writes: StepWrites = { commands: [], calls: [], rows: 0 };
  addCommands(writes, buildCommands('InsertViolations', output.violations, 'driftAnalyze'));
  addCommands(writes, buildCommands('InsertGateResults', output.gateResults, 'driftAnalyze'));
  return writes;
}

function degradationWrites(output: DegradationOutput): StepWrites {
  const writes: StepWrites = { commands: [], calls: [], rows: 0 };
  addCommands(writes, buildCommands('InsertDegradationAlerts', output.alerts, 'driftAnalyze'));
  return writes;
}

/** A detection as the reference's `JsPatternMatch` (`owasp` only when present). */
function patternMatch(d: DetectionInsertRow): JsPatternMatch {
  return napiObject<JsPatternMatch>(
    {
      file: d.file,
      line: d.line,
      column: d.columnNum,
      patternId: d.patternId,
      confidence: d.confidence,
      category: d.category,
      detectionMethod: d.detectionMethod,
      matchedText: d.matchedText ?? '',
      cweIds: parseCweList(d.cweIds),
    },
    { owasp: d.owasp },
  );
}

/**
 * Where the tracked paths are relative to: the runtime's project root, as the reference joins it with
 * each stored path (an absolute stored path stands alone); without one, the working folder.
 */
function analysisRoot(projectRoot: string | null): string {
  return resolve(projectRoot ?? '.');
}

async function runAnalysis(ctx: BindingContext, maxPhaseArg: unknown): Promise<AnalysisRunResult> {
  const op = 'driftAnalyze';
  // `Option<u32>` converted as Node-API does, then clamped to 1..5.
  const requested = optionalU32Arg(op, 'maxPhase', maxPhaseArg) ?? 5;
  const maxPhase = Math.min(5, Math.max(1, requested));
  const runtime = ctx.runtime(op);
  const storage = runtime.storage();
  const analyzer = ctx.analyzer;
  const steps: AnalysisStepReport[] = [];
  const results: JsAnalysisResult[] = [];

  // Step 1: the tracked files.
  // In the order the reference reads them (`load_all_file_metadata` has no ORDER BY: row order).
  const metadata = storage.loadAllFileMetadata();
  const root = analysisRoot(runtime.projectRoot);
  const files: AnalysisFile[] = metadata.map((m) => ({
    path: m.path,
    // As the reference reads a tracked file: the project root joined with the stored path.
    absolutePath: resolve(runtime.projectRoot ?? '.', m.path),
    language: m.language,
    fileSize: m.fileSize,
    isTest: isTestOrFixtureFile(m.path),
  }));
  const byPath = new Map(files.map((f) => [f.path, f]));
  const [first, ...rest] = ANALYSIS_STEPS;
  steps.push({
    step: first.step,
    name: first.name,
    phase: first.phase,
    ran: true,
    skipped: null,
    rows: files.length,
  });

  const sources = new Map<string, string>();
  const state: {
    functions: FunctionRow[];
    detections: DetectionInsertRow[];
    wrappers: WrapperRow[];
    previousGateResults: GateResultRow[];
    gateResults: GateResultInsertRow[];
  } = { functions: [], detections: [], wrappers: [], previousGateResults: [], gateResults: [] };
  const controller = new AbortController();
  const context: AnalysisContext = {
    projectRoot: root,
    files,
    readSource(path: string): string {
      const cached = sources.get(path);
      if (cached !== undefined) return cached;
      const file = byPath.get(path);
      if (file === undefined) {
        throw invalidInput(`driftAnalyze: readSource('${path}'): not a tracked file`, { operation: op });
      }
      const text = readFileSync(file.absolutePath, 'utf8');
      sources.set(path, text);
      return text;
    },
    get functions() {
      return state.functions;
    },
    get detections() {
      return state.detections;
    },
    get wrappers() {
      return state.wrappers;
    },
    get previousGateResults() {
      return state.previousGateResults;
    },
    get gateResults() {
      return state.gateResults;
    },
    signal: controller.signal,
  };

  let parsedFiles = 0;
  for (const step of rest) {
    const report = { step: step.step, name: step.name, phase: step.phase };
    // With nothing tracked the reference returns right after step 1.
    if (files.length === 0) {
      steps.push({ ...report, ran: false, skipped: 'no files', rows: 0 });
      continue;
    }
    if (step.phase > maxPhase) {
      steps.push({ ...report, ran: false, skipped: 'maxPhase', rows: 0 });
      continue;
    }
    const method = analyzer?.[step.method];
    if (analyzer === undefined || typeof method !== 'function') {
      steps.push({ ...report, ran: false, skipped: 'no analyzer', rows: 0 });
      continue;
    }
    if (NEEDS_PARSED_FILES.has(step.name) && parsedFiles === 0) {
      steps.push({ ...report, ran: false, skipped: 'no parsed files', rows: 0 });
      continue;
    }
    if (step.name === 'patterns' && state.detections.length === 0) {
      steps.push({ ...report, ran: false, skipped: 'no detections', rows: 0 });
      continue;
    }
    if (step.name === 'enforcement') state.previousGateResults = storage.queryGateResults();
    const started = performance.now();
    const output = outputObject(
      await (method as (c: AnalysisContext) => unknown).call(analyzer, context),
      analyzer,
      step.name,
    );
    let writes: StepWrites;
    switch (step.name) {
      case 'detect':
        writes = detectWrites(output as unknown as DetectOutput, byPath);
        break;
      case 'cross-file':
        writes = crossFileWrites(output as CrossFileOutput);
        break;
      case 'patterns':
        writes = patternsWrites(output as PatternsOutput);
        break;
      case 'structural':
        writes = structuralWrites(output as StructuralOutput, storage);
        break;
      case 'graph':
        writes = graphWrites(output as GraphOutput, storage);
        break;
      case 'enforcement':
        writes = enforcementWrites(output as EnforcementOutput);
        break;
      default:
        writes = degradationWrites(output as DegradationOutput);
    }
    applyStep(storage, writes);
    if (step.name === 'detect') {
      const detected = (output as unknown as DetectOutput).files;
      parsedFiles = detected.length;
      const perFileUs = detected.length > 0 ? ((performance.now() - started) * 1000) / detected.length : 0;
      for (const f of detected) {
        const detections = f.detections ?? [];
        state.detections.push(...detections);
        // As the reference, analysis leaves `file_metadata.function_count` as the scanner wrote it.
        results.push({
          file: f.file,
          language: f.language,
          matches: detections.map(patternMatch),
          analysisTimeUs: f.analysisTimeUs ?? perFileUs,
        });
      }
      state.functions = files.flatMap((f) => storage.getFunctionsByFile(f.path));
    }
    if (step.name === 'structural') state.wrappers = storage.queryAllWrappers();
    if (step.name === 'enforcement')
      state.gateResults = [...((output as EnforcementOutput).gateResults ?? [])];
    steps.push({ ...report, ran: true, skipped: null, rows: writes.rows });
  }
  commitQueued(storage);
  return Object.defineProperty(results, 'steps', {
    value: Object.freeze(steps),
    enumerable: false,
  }) as AnalysisRunResult;
}

/**
 * `driftAnalyze`, `driftCallGraph`, `driftBoundaries` and `driftValidatePack`, bound to one binding context.
 */
export function analysisBindings(
  ctx: BindingContext,
): Pick<DriftNapi, 'driftAnalyze' | 'driftCallGraph' | 'driftBoundaries' | 'driftValidatePack'> {
  return {
    driftAnalyze(maxPhase?: number): Promise<JsAnalysisResult[]> {
      return Promise.resolve().then(() => runAnalysis(ctx, maxPhase));
    },

    driftCallGraph(): Promise<JsCallGraphResult> {
      return Promise.resolve().then(() => {
        const storage = ctx.storage('driftCallGraph');
        const totalFunctions = storage.countFunctions();
        const totalEdges = storage.countCallEdges();
        const entryPoints = storage.countEntryPoints();
        const resolutionRate = totalEdges > 0 ? storage.countResolvedEdges() / totalEdges : 0;
        return { totalFunctions, totalEdges, entryPoints, resolutionRate, buildDurationMs: 0 };
      });
    },

    driftBoundaries(): Promise<JsBoundaryResult> {
      return Promise.resolve().then(() => {
        const storage = ctx.storage('driftBoundaries');
        // Models in first-seen order (the reference's hash map has no defined order); `tableName` only
        // when stored, after the other fields, as a `#[napi(object)]` option.
        const boundaries = storage.getSensitiveBoundaries();
        const models = new Map<string, { first: (typeof boundaries)[number]; count: number }>();
        const sensitiveFields: JsSensitiveField[] = [];
        for (const b of boundaries) {
          const model = models.get(b.modelName);
          if (model === undefined) models.set(b.modelName, { first: b, count: 1 });
          else model.count += 1;
          if (b.fieldName !== null) {
            sensitiveFields.push({
              modelName: b.modelName,
              fieldName: b.fieldName,
              file: b.file,
              sensitivity: b.sensitivity ?? '',
              confidence: b.confidence,
            });
          }
        }
        return {
          models: [...models.entries()].map(([name, { first, count }]) =>
            napiObject<JsModelResult>(
              {
                name,
                file: first.file,
                framework: first.framework,
                fieldCount: count,
                confidence: first.confidence,
              },
              { tableName: first.tableName },
            ),
          ),
          sensitiveFields,
          frameworksDetected: storage.queryBoundaryFrameworks(),
        };
      });
    },

    driftValidatePack(tomlContent: string): JsValidatePackResult {
      if (typeof tomlContent !== 'string') {
        throw argumentError('driftValidatePack', 'tomlContent', 'a string of TOML', tomlContent);
      }
      return validatePack(tomlContent);
    },
  };
}
