// The demo's flow, composed the way a user would compose the packages: the SQLite engine with the batch
// writer behind the DriftNapi object, the workspace storage around the database, the sample analyzer
// injected into driftAnalyze, and reader-bridge grounding memories against what analysis stored.
import { mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createBatchWriter } from '@drift/batch-writer';
import {
  closeDriftNapi,
  createDriftNapi,
  type DriftNapi,
  type ProgressUpdate,
  type ScanSummary,
} from '@drift/napi-compat-bindings';
import {
  type GroundingResult,
  groundMemory,
  type MemoryForGrounding,
  readOnlyReader,
} from '@drift/reader-bridge';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import { ANALYSIS_FINDING_TABLES, type DriftStorageBackend, type FunctionRow } from '@drift/storage-traits';
import { SqliteWorkspaceStorage } from '@drift/workspace-storage';
import { createJsTsAnalyzer } from './analyzer/index.js';
import { checkRepository, DemoError, DemoInterrupted, oneLine, prepareWorkspace } from './paths.js';
import { type StatusSink, silentSink } from './progress.js';

export { DemoError, DemoInterrupted } from './paths.js';

/** What {@link runDemo} needs. */
export interface DemoOptions {
  /** The repository to analyse (absolute). */
  readonly repository: string;
  /** The workspace folder (absolute), or null for a new temporary folder. */
  readonly workspace: string | null;
  /** Where progress goes (default: nowhere). */
  readonly sink?: StatusSink;
  /**
   * Stops the run when aborted: a scan in progress is cancelled through `driftCancelScan` (the files
   * scanned so far stay committed), later steps are not started, the workspace is shut down cleanly,
   * and the run fails with {@link DemoInterrupted}.
   */
  readonly signal?: AbortSignal;
}

/** Files and lines of one language. */
export interface LanguageLines {
  readonly language: string;
  readonly files: number;
  readonly lines: number;
}

/** A function and how often it is called. */
export interface CalledFunction {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Call sites (call edges) that resolve to it. */
  readonly calls: number;
}

/** One environment variable, over all its reads. */
export interface EnvVariableSummary {
  readonly name: string;
  readonly reads: number;
  readonly files: readonly string[];
  /** Whether every read supplies a default. */
  readonly alwaysDefaulted: boolean;
  /** Whether a `.env` file of the repository defines it. */
  readonly definedInEnv: boolean;
}

/** What analysis learned; identical between two runs over an unchanged repository. */
export interface DemoReport {
  readonly files: { readonly total: number; readonly byLanguage: readonly LanguageLines[] };
  readonly functions: {
    readonly total: number;
    readonly exported: number;
    readonly async: number;
    readonly callEdges: number;
    readonly entryPoints: number;
    readonly resolutionRate: number;
    readonly mostCalled: readonly CalledFunction[];
  };
  readonly coupling: {
    /** What a module is for this analyzer. */
    readonly granularity: 'folder';
    readonly moduleCount: number;
    readonly modules: readonly {
      readonly module: string;
      readonly ce: number;
      readonly ca: number;
      readonly instability: number;
      readonly abstractness: number;
      readonly distance: number;
      readonly zone: string;
    }[];
    readonly cycles: readonly {
      readonly members: readonly string[];
      readonly breakSuggestions: readonly {
        readonly from: string;
        readonly to: string;
        readonly impact: number;
      }[];
    }[];
  };
  readonly environment: {
    readonly variables: readonly EnvVariableSummary[];
    /** Read without a default and not defined in a `.env` file. */
    readonly missing: readonly string[];
  };
  readonly constants: {
    /** Constants stored, magic numbers included (they are the unnamed ones). */
    readonly total: number;
    /** Named constants never referenced. */
    readonly unused: number;
    readonly magicNumbers: number;
    readonly secrets: readonly { readonly file: string; readonly line: number; readonly severity: string }[];
  };
  readonly detections: {
    readonly total: number;
    readonly byCategory: readonly {
      readonly category: string;
      readonly detections: number;
      readonly patterns: number;
    }[];
    readonly patterns: readonly {
      readonly id: string;
      readonly category: string;
      readonly occurrences: number;
      readonly confidence: number;
    }[];
  };
  readonly violations: readonly {
    readonly id: string;
    readonly file: string;
    readonly line: number;
    readonly severity: string;
    readonly ruleId: string;
    readonly message: string;
  }[];
  readonly gates: readonly {
    readonly gateId: string;
    readonly status: string;
    readonly passed: boolean;
    readonly score: number;
    readonly summary: string;
    readonly violationCount: number;
    readonly warningCount: number;
  }[];
  /** Degradation alerts this run raised. */
  readonly degradationAlerts: readonly {
    readonly alertType: string;
    readonly severity: string;
    readonly message: string;
  }[];
}

/** One grounded memory: what it is about and what drift.db says. */
export interface GroundedMemory {
  readonly memoryId: string;
  readonly memoryType: string;
  /** The linked entities, for people (`pattern logging/console-log`, `function main (src/app.ts:3)`). */
  readonly about: readonly string[];
  readonly verdict: string;
  readonly score: number;
  readonly evidence: readonly {
    readonly type: string;
    readonly subject: string;
    readonly driftValue: number;
    readonly support: number;
    readonly weight: number;
  }[];
}

/** What the demo did to the workspace after the analysis. */
export interface Maintenance {
  readonly backup: { readonly path: string; readonly sizeBytes: number; readonly verified: boolean };
  readonly export: { readonly path: string; readonly sizeBytes: number };
  readonly integrity: { readonly ok: boolean; readonly issues: readonly string[] };
  readonly gc: {
    readonly totalDeleted: number;
    readonly perTable: readonly { readonly table: string; readonly deleted: number }[];
  };
}

/** Everything the demo prints. */
export interface DemoResult {
  readonly repository: string;
  readonly workspace: string;
  /** Whether the workspace is a new temporary folder (kept after the run). */
  readonly temporaryWorkspace: boolean;
  readonly scan: ScanSummary;
  readonly report: DemoReport;
  readonly grounding: readonly GroundedMemory[];
  readonly maintenance: Maintenance;
}

/** Lines of a text (a last line without a newline counts). */
function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
  return text.endsWith('\n') ? lines : lines + 1;
}

const byText =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };

/** A tracked path (the scan root joined with the path below it) as the report shows it: below the root. */
function shownPath(repository: string, path: string): string {
  return path.startsWith(`${repository}${sep}`) ? path.slice(repository.length + 1) : path;
}

/** One detection as driftPatterns returns it (the native module's snake_case JSON). */
interface NativeDetection {
  readonly pattern_id: string;
  readonly category: string;
  readonly confidence: number;
}

/**
 * Every detection, grouped into patterns. As in the reference, driftPatterns lists detections (the
 * `limit` most confident, never paged), so the demo asks for all of them and groups by pattern id;
 * a pattern's confidence is its stored posterior (driftConfidence), else the mean of its detections.
 */
function allPatterns(napi: DriftNapi) {
  const page = napi.driftPatterns(undefined, undefined, 0xffff_ffff) as unknown as {
    patterns: NativeDetection[];
  };
  const scores = napi.driftConfidence(undefined, undefined, 0xffff_ffff) as unknown as {
    scores: { pattern_id: string; posterior_mean: number }[];
  };
  const posterior = new Map(scores.scores.map((s) => [s.pattern_id, s.posterior_mean]));
  const groups = new Map<string, { categories: Map<string, number>; sum: number; count: number }>();
  for (const d of page.patterns) {
    const group = groups.get(d.pattern_id) ?? { categories: new Map(), sum: 0, count: 0 };
    group.count += 1;
    group.sum += d.confidence;
    group.categories.set(d.category, (group.categories.get(d.category) ?? 0) + 1);
    groups.set(d.pattern_id, group);
  }
  return [...groups.entries()].map(([id, g]) => ({
    id,
    // The most frequent category (ties: the first in name order).
    category: [...g.categories.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0],
    occurrenceCount: g.count,
    confidence: posterior.get(id) ?? g.sum / g.count,
  }));
}

/** The report: DriftNapi functions first, the engine's trait methods where the contract has none. */
async function buildReport(
  napi: DriftNapi,
  engine: DriftStorageBackend,
  repository: string,
  scan: ScanSummary,
  analysisStartedAt: number,
): Promise<{ report: DemoReport; functions: readonly FunctionRow[] }> {
  const shown = (path: string): string => shownPath(repository, path);
  // Files: counts per language from the scan; lines (no contract function) from the tracked files.
  const tracked = engine.loadAllFileMetadata();
  const lines = new Map<string, number>();
  for (const file of tracked) {
    if (file.language === null) continue;
    let text: string;
    try {
      text = readFileSync(file.path, 'utf8'); // the scan root joined with the path below it
    } catch {
      continue; // removed since the scan: its lines are unknown, not zero
    }
    lines.set(file.language, (lines.get(file.language) ?? 0) + countLines(text));
  }
  const byLanguage = Object.entries(scan.languages)
    .map(([language, files]) => ({ language, files, lines: lines.get(language) ?? 0 }))
    .sort((a, b) => b.files - a.files || byText<LanguageLines>((l) => l.language)(a, b));

  // Functions: totals from driftCallGraph; the most called ones from the call edges (trait methods).
  const graph = await napi.driftCallGraph();
  const functions = tracked.flatMap((file) => engine.getFunctionsByFile(file.path));
  const called = functions
    .map((fn) => ({
      name: fn.qualifiedName ?? fn.name,
      file: shown(fn.file),
      line: fn.line,
      calls: engine.getEdgesByCallee(fn.id).length,
    }))
    .filter((fn) => fn.calls > 0)
    .sort((a, b) => b.calls - a.calls || byText<CalledFunction>((f) => `${f.file}\0${f.line}`)(a, b))
    .slice(0, 10);

  // Coupling: metrics and cycles from driftCouplingAnalysis; break suggestions from the stored cycles.
  const coupling = napi.driftCouplingAnalysis(repository);
  const storedCycles = engine.queryCouplingCycles().map((row) => ({
    members: JSON.parse(row.members) as string[],
    suggestions: JSON.parse(row.breakSuggestions) as { from: string; to: string; impact_score: number }[],
  }));
  const cycles = coupling.cycles
    .map((cycle) => {
      const stored = storedCycles.find((c) => c.members.join('\0') === cycle.members.join('\0'));
      return {
        members: cycle.members,
        breakSuggestions: (stored?.suggestions ?? []).map((s) => ({
          from: s.from,
          to: s.to,
          impact: s.impact_score,
        })),
      };
    })
    .sort(byText((c) => c.members.join('\0')));

  // Constants and environment variables: driftConstantsAnalysis, and the reads by name (trait methods).
  const constantsResult = napi.driftConstantsAnalysis(repository);
  const reads = tracked.flatMap((file) => engine.queryEnvVariablesByFile(file.path));
  const envByName = new Map<string, typeof reads>();
  for (const read of reads) envByName.set(read.name, [...(envByName.get(read.name) ?? []), read]);
  const variables = [...envByName.entries()]
    .map(([name, rows]) => ({
      name,
      reads: rows.length,
      files: [...new Set(rows.map((r) => shown(r.file)))].sort(),
      alwaysDefaulted: rows.every((r) => r.hasDefault),
      definedInEnv: rows.some((r) => r.definedInEnv),
    }))
    .sort(byText((v) => v.name));

  // Detections: driftPatterns (every page).
  const patterns = allPatterns(napi)
    .map((p) => ({
      id: p.id,
      category: p.category,
      occurrences: p.occurrenceCount,
      confidence: p.confidence,
    }))
    .sort((a, b) => b.occurrences - a.occurrences || byText<{ id: string }>((p) => p.id)(a, b));
  const categories = new Map<string, { detections: number; patterns: number }>();
  for (const p of patterns) {
    const entry = categories.get(p.category) ?? { detections: 0, patterns: 0 };
    entry.detections += p.occurrences;
    entry.patterns += 1;
    categories.set(p.category, entry);
  }

  // Enforcement: driftViolations and driftGates; this run's degradation alerts (trait method).
  const violations = napi
    .driftViolations(repository)
    .map((v) => ({
      id: v.id,
      file: shown(v.file),
      line: v.line,
      severity: v.severity,
      ruleId: v.ruleId,
      message: v.message,
    }))
    .sort(byText((v) => `${v.file}\0${String(v.line).padStart(9, '0')}\0${v.id}`));
  const gates = napi
    .driftGates(repository)
    .map((g) => ({
      gateId: g.gateId,
      status: g.status,
      passed: g.passed,
      score: g.score,
      summary: g.summary,
      violationCount: g.violationCount,
      warningCount: g.warningCount,
    }))
    .sort(byText((g) => g.gateId));
  const alerts = engine
    .queryRecentDegradationAlerts(100)
    .filter((a) => a.createdAt >= analysisStartedAt)
    .map((a) => ({ alertType: a.alertType, severity: a.severity, message: a.message }))
    .sort(byText((a) => `${a.alertType}\0${a.message}`));

  return {
    functions,
    report: {
      files: { total: scan.filesTotal, byLanguage },
      functions: {
        total: graph.totalFunctions,
        exported: functions.filter((f) => f.isExported).length,
        async: functions.filter((f) => f.isAsync).length,
        callEdges: graph.totalEdges,
        entryPoints: graph.entryPoints,
        resolutionRate: graph.resolutionRate,
        mostCalled: called,
      },
      coupling: {
        granularity: 'folder',
        moduleCount: coupling.moduleCount,
        modules: coupling.metrics
          .map((m) => ({
            module: m.module,
            ce: m.ce,
            ca: m.ca,
            instability: m.instability,
            abstractness: m.abstractness,
            distance: m.distance,
            zone: m.zone,
          }))
          .sort(byText((m) => m.module)),
        cycles,
      },
      environment: { variables, missing: [...new Set(constantsResult.missingEnvVars)].sort() },
      constants: {
        total: constantsResult.constantCount,
        unused: constantsResult.deadConstantCount,
        magicNumbers: constantsResult.magicNumbers.length,
        secrets: constantsResult.secrets
          .map((s) => ({ file: shown(s.file), line: s.line, severity: s.severity }))
          .sort(byText((s) => `${s.file}\0${String(s.line).padStart(9, '0')}`)),
      },
      detections: {
        total: patterns.reduce((sum, p) => sum + p.occurrences, 0),
        byCategory: [...categories.entries()]
          .map(([category, counts]) => ({ category, ...counts }))
          .sort(
            (a, b) => b.detections - a.detections || byText<{ category: string }>((c) => c.category)(a, b),
          ),
        patterns,
      },
      violations,
      gates,
      degradationAlerts: alerts,
    },
  };
}

/**
 * Two sample memories grounded through reader-bridge: a pattern rationale about the most frequent
 * pattern and the most unstable module, and a code smell about the most called function.
 */
async function groundSamples(
  engine: DriftStorageBackend,
  repository: string,
  report: DemoReport,
  functions: readonly FunctionRow[],
): Promise<GroundedMemory[]> {
  const reader = readOnlyReader(engine); // the 14 reader methods, nothing that can write
  const samples: { memory: MemoryForGrounding; about: string[] }[] = [];
  // Function ids change with every analysis run; people (and the report) see the function instead.
  const subjects = new Map<string, string>();

  const pattern = report.detections.patterns[0];
  const module = [...report.coupling.modules].sort(
    (a, b) => b.instability - a.instability || byText<{ module: string }>((m) => m.module)(a, b),
  )[0];
  if (pattern || module) {
    samples.push({
      memory: {
        id: 'demo-pattern-rationale',
        memoryType: 'PatternRationale',
        confidence: 0.6,
        links: { patterns: pattern ? [pattern.id] : [], modules: module ? [module.module] : [] },
      },
      about: [...(pattern ? [`pattern ${pattern.id}`] : []), ...(module ? [`module ${module.module}`] : [])],
    });
  }
  const top = report.functions.mostCalled[0];
  const shown = (path: string): string => shownPath(repository, path);
  const fn = top && functions.find((f) => shown(f.file) === top.file && f.line === top.line);
  if (top && fn) {
    const label = `${top.name} (${top.file}:${top.line})`;
    subjects.set(String(fn.id), label);
    samples.push({
      memory: {
        id: 'demo-code-smell',
        memoryType: 'CodeSmell',
        confidence: 0.6,
        links: { functions: [String(fn.id)], files: [fn.file] },
      },
      about: [`function ${label}`, `file ${shown(fn.file)}`],
    });
  }

  const results: GroundedMemory[] = [];
  for (const { memory, about } of samples) {
    const result: GroundingResult = await groundMemory(reader, memory);
    results.push({
      memoryId: result.memoryId,
      memoryType: result.memoryType,
      about,
      verdict: result.verdict,
      score: result.groundingScore,
      evidence: result.evidence.map((e) => ({
        type: e.type,
        subject:
          (e.type === 'CallGraphCoverage' || e.type === 'TestCoverage'
            ? subjects.get(e.subject)
            : undefined) ?? e.subject,
        driftValue: e.driftValue,
        support: e.supportScore,
        weight: e.weight,
      })),
    });
  }
  return results;
}

/**
 * Runs the demo: initializes the workspace, scans and analyses the repository through DriftNapi, reads
 * the report, grounds two memories, backs up, exports, checks and collects the workspace, and shuts down.
 * Every failure is thrown (a {@link DemoError} for paths the user gave); whatever was opened is closed.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const sink = options.sink ?? silentSink;
  const repository = options.repository;
  checkRepository(repository);
  const ws = prepareWorkspace(options.workspace);

  // The workspace: drift.db with drift's schema (installed by the engine) and the workspace tables.
  const workspace = SqliteWorkspaceStorage.open(ws.path, {
    installDriftSchema: (dbPath) => DriftStorageEngine.open(dbPath).close(),
  });
  let napi: DriftNapi | null = null;
  const signal = options.signal;
  const cancelScan = (): void => {
    if (napi?.driftIsInitialized()) napi.driftCancelScan();
  };
  signal?.addEventListener('abort', cancelScan, { once: true });
  // Between two steps: one turn of the event loop lets a pending signal (Ctrl-C) arrive first.
  const stopIfInterrupted = async (step: string): Promise<void> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted)
      throw new DemoInterrupted(`interrupted before ${step}; the workspace was closed cleanly`);
  };
  try {
    sink.status(`Initializing the workspace in ${ws.path}`);
    try {
      workspace.initialize(ws.path);
    } catch (error) {
      throw new DemoError(`cannot initialize the workspace in ${ws.path}: ${oneLine(error)}`);
    }
    const dbPath = workspace.paths().dbPath;

    // DriftNapi over the SQLite engine with the batch writer, and the sample analyzer.
    const opened: { engine: DriftStorageBackend | null } = { engine: null };
    napi = createDriftNapi({
      storageFactory: (path) => {
        opened.engine = DriftStorageEngine.open(path, { batchWriter: createBatchWriter });
        return opened.engine;
      },
      analyzer: createJsTsAnalyzer(),
    });
    napi.driftInitialize(dbPath, repository);
    const storage = opened.engine;
    if (storage === null) throw new Error('driftInitialize did not open the storage');

    // A workspace inside the repository is not part of what is scanned.
    const inside = relative(repository, ws.path);
    const extraIgnore =
      inside !== '' && !inside.startsWith('..') && !inside.startsWith(sep)
        ? [`/${inside.split(sep).join('/')}/`]
        : [];

    await stopIfInterrupted('the scan');
    sink.status(`Scanning ${repository}`);
    // Progress arrives error-first, `(null, update)`, as from the native addon's thread-safe function.
    const onProgress = (_error: unknown, update?: ProgressUpdate): void => {
      if (update !== undefined) sink.progress(update);
    };
    const scan = await napi.driftScanWithProgress(repository, { extraIgnore }, onProgress);
    sink.done();
    if (scan.status === 'partial') {
      throw new DemoInterrupted(
        `interrupted: the scan stopped after ${scan.filesTotal} files (${scan.filesAdded} added), which stay committed; the workspace was closed cleanly`,
      );
    }
    sink.status(
      `  ${scan.filesTotal} files: ${scan.filesAdded} added, ${scan.filesModified} modified, ${scan.filesRemoved} removed, ${scan.filesUnchanged} unchanged`,
    );

    await stopIfInterrupted('the analysis');
    sink.status('Analyzing');
    const analysisStartedAt = Math.floor(Date.now() / 1000);
    // driftAnalyze appends to what earlier runs stored, as the reference does; the demo reports one
    // run, so it starts from empty finding tables (history such as gate results is kept).
    storage.clearFindings(ANALYSIS_FINDING_TABLES);
    await napi.driftAnalyze();

    await stopIfInterrupted('the report');
    sink.status('Reading the report');
    const { report, functions } = await buildReport(napi, storage, repository, scan, analysisStartedAt);

    await stopIfInterrupted('grounding');
    sink.status('Grounding sample memories');
    const grounding = await groundSamples(storage, repository, report, functions);

    await stopIfInterrupted('the backup');
    sink.status('Backing up, exporting, checking integrity, collecting garbage');
    const backup = workspace.createBackup('user_requested');
    const exportDir = join(ws.path, 'export');
    mkdirSync(exportDir, { recursive: true });
    const exportPath = join(exportDir, 'drift-export.db');
    const pending = join(exportDir, `.drift-export-${process.pid}.db`);
    workspace.export(pending);
    renameSync(pending, exportPath); // replaces the previous run's export in one step
    const integrity = workspace.integrityCheck();
    // driftGC returns the native module's snake_case JSON (lifecycle.rs drift_gc).
    const gc = napi.driftGC() as unknown as {
      total_deleted: number;
      per_table: readonly { table: string; deleted: number }[];
    };

    sink.status('Shutting down');
    napi.driftShutdown(); // commits and checkpoints; the runtime stays open, as in Drift
    closeDriftNapi(napi); // releases the storage
    napi = null;

    return {
      repository,
      workspace: ws.path,
      temporaryWorkspace: ws.temporary,
      scan,
      report,
      grounding,
      maintenance: {
        backup: {
          path: join(backup.backupPath, 'drift.db'),
          sizeBytes: backup.driftDbSize,
          verified: backup.integrityVerified,
        },
        export: { path: exportPath, sizeBytes: statSync(exportPath).size },
        integrity: { ok: integrity.ok, issues: [...integrity.issues] },
        gc: {
          totalDeleted: gc.total_deleted,
          perTable: gc.per_table.map((t) => ({ table: t.table, deleted: t.deleted })),
        },
      },
    };
  } finally {
    signal?.removeEventListener('abort', cancelScan);
    sink.done();
    if (napi?.driftIsInitialized()) {
      try {
        napi.driftShutdown();
        closeDriftNapi(napi);
      } catch {
        // The failure that got us here is the one to report.
      }
    }
    workspace.close();
  }
}
