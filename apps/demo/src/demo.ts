// The demo's flow, composed the way a user would compose the packages: the SQLite engine with the batch
// writer behind the DriftNapi object, the workspace storage around the database, the sample analyzer
// injected into driftAnalyze, and reader-bridge grounding memories against what analysis stored.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { createBatchWriter } from '@drift/batch-writer';
import {
  closeDriftNapi,
  createDriftNapi,
  DEFAULT_MAX_FILE_SIZE,
  type DriftNapi,
  loadLayeredConfig,
  type ProgressUpdate,
  type ScanStorage,
  type ScanSummary,
  scanProjectDetailed,
} from '@drift/napi-compat-bindings';
import {
  DEFAULT_GROUNDING_CONFIG,
  type GroundingResult,
  groundMemory,
  type MemoryForGrounding,
  readOnlyReader,
} from '@drift/reader-bridge';
import { DriftStorageEngine } from '@drift/storage-sqlite';
import {
  ANALYSIS_FINDING_TABLES,
  type DriftStorageBackend,
  type FileMetadataRow,
  type FunctionRow,
} from '@drift/storage-traits';
import { isWorkspaceError, type LockGuard, SqliteWorkspaceStorage } from '@drift/workspace-storage';
import { AnalysisAborted, createJsTsAnalyzer } from './analyzer/index.js';
import { checkRepository, DemoError, DemoInterrupted, oneLine, prepareWorkspace } from './paths.js';
import { type StatusSink, silentSink } from './progress.js';

export { DemoInterrupted } from './paths.js';

/** What {@link runDemo} needs. */
export interface DemoOptions {
  /** The repository to analyse (absolute). */
  readonly repository: string;
  /** The workspace folder (absolute), or null for a new temporary folder. */
  readonly workspace: string | null;
  /** Keep a temporary workspace after the run (default: it is removed when the run ends). */
  readonly keep?: boolean;
  /** Where progress goes (default: nowhere). */
  readonly sink?: StatusSink;
  /**
   * Stops the run when aborted: a scan in progress is cancelled through `driftCancelScan` (the files
   * scanned so far stay committed), the analysis stops between two files, later steps are not
   * started, the workspace is shut down cleanly, and the run fails with {@link DemoInterrupted}. An
   * abort reason of `'SIGTERM'` words the message as "terminated" instead of "interrupted".
   */
  readonly signal?: AbortSignal;
}

/** Files and lines of one language. */
interface LanguageLines {
  readonly language: string;
  readonly files: number;
  readonly lines: number;
}

/** A function and how often it is called. */
interface CalledFunction {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  /** Call sites (call edges) that resolve to it. */
  readonly calls: number;
}

/** One environment variable, over all its reads. */
interface EnvVariableSummary {
  readonly name: string;
  readonly reads: number;
  readonly files: readonly string[];
  /** Whether every read supplies a default. */
  readonly alwaysDefaulted: boolean;
  /** Whether a `.env` file of the repository defines it. */
  readonly definedInEnv: boolean;
}

/** What analysis learned; identical between two runs over an unchanged repository. */
interface DemoReport {
  readonly files: {
    readonly total: number;
    readonly byLanguage: readonly LanguageLines[];
    /** Tracked files in no language the scanner knows, by extension (`(none)` without one). */
    readonly other: {
      readonly files: number;
      readonly byExtension: readonly { readonly extension: string; readonly files: number }[];
    };
  };
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
    /** Modules (folders) with no import to or from another folder (Ce 0 and Ca 0), by name. */
    readonly isolated: readonly string[];
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
    /** Every stored secret, whatever its severity. */
    readonly secrets: readonly { readonly file: string; readonly line: number; readonly severity: string }[];
    /** The number of secrets per severity, most severe first. */
    readonly secretsBySeverity: readonly { readonly severity: string; readonly count: number }[];
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
interface GroundedMemory {
  readonly memoryId: string;
  readonly memoryType: string;
  /** The linked entities, for people (`pattern logging/console-log`, `function main (src/app.ts:3)`). */
  readonly about: readonly string[];
  /** What the memory says, for people. */
  readonly claim: string;
  readonly verdict: string;
  readonly score: number;
  /** Why drift.db gives this verdict: the evidence, its support and weight, and the thresholds. */
  readonly explanation: string;
  readonly evidence: readonly {
    readonly type: string;
    readonly subject: string;
    /** What the evidence says (reader-bridge's description). */
    readonly description: string;
    readonly driftValue: number;
    readonly support: number;
    readonly weight: number;
  }[];
}

/** What the demo did to the workspace after the analysis. */
interface Maintenance {
  readonly backup: { readonly path: string; readonly sizeBytes: number; readonly verified: boolean };
  readonly export: { readonly path: string; readonly sizeBytes: number };
  readonly integrity: { readonly ok: boolean; readonly issues: readonly string[] };
  readonly gc: {
    readonly totalDeleted: number;
    readonly perTable: readonly { readonly table: string; readonly deleted: number }[];
  };
}

/** What the scan looked at, and what it left out and why. */
interface ScanDetails {
  /** Files the walk kept (the progress lines' total). */
  readonly discovered: number;
  /** Files kept but gone or unreadable when the scan came to read them. */
  readonly unreadable: number;
  /** What the walk left out (counted by the scanner's own walk, see the README). */
  readonly skipped: {
    /** Files and folders left out by an ignore rule (a folder counts once, with all it holds). */
    readonly ignored: number;
    /** Files over the size limit. */
    readonly tooLarge: number;
  };
  /** The scan's file size limit in bytes; larger files count in `skipped.tooLarge`. */
  readonly maxFileSize: number;
  /** The ignore rules the demo added so that the workspace's own files are never scanned. */
  readonly workspaceIgnores: readonly string[];
}

/** Everything the demo prints. */
export interface DemoResult {
  readonly repository: string;
  readonly workspace: string;
  /** True when {@link DemoOptions.workspace} was null, so the demo made a new temporary folder. */
  readonly temporaryWorkspace: boolean;
  /** Whether the workspace folder was removed when the run ended (a temporary one without `keep`). */
  readonly workspaceRemoved: boolean;
  readonly scan: ScanSummary;
  readonly scanDetails: ScanDetails;
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

/** Severities from the most to the least severe; others sort after them. */
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const severityRank = (severity: string): number => {
  const rank = SEVERITIES.indexOf(severity);
  return rank < 0 ? SEVERITIES.length : rank;
};

/** A text naming tracked paths, with the repository's folder written `./`. */
function shownText(repository: string, text: string): string {
  return text.split(`${repository}${sep}`).join(`.${sep}`);
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
  // The tracked files in no known language (documentation, configuration, data, ...), by extension.
  const extensions = new Map<string, number>();
  for (const file of tracked) {
    if (file.language !== null) continue;
    const extension = extname(file.path).toLowerCase() || '(none)';
    extensions.set(extension, (extensions.get(extension) ?? 0) + 1);
  }
  const other = {
    files: [...extensions.values()].reduce((sum, count) => sum + count, 0),
    byExtension: [...extensions.entries()]
      .map(([extension, files]) => ({ extension, files }))
      .sort((a, b) => b.files - a.files || byText<{ extension: string }>((e) => e.extension)(a, b)),
  };

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
  // driftConstantsAnalysis lists only the 'critical' secrets (as the reference); the report shows
  // every stored one, read per tracked file.
  const secrets = tracked
    .flatMap((file) => engine.getSecretsByFile(file.path))
    .map((row) => ({ file: shown(row.file), line: row.line, severity: row.severity }))
    .sort(byText((row) => `${row.file}\0${String(row.line).padStart(9, '0')}\0${row.severity}`));
  const severityCounts = new Map<string, number>();
  for (const secret of secrets)
    severityCounts.set(secret.severity, (severityCounts.get(secret.severity) ?? 0) + 1);
  const secretsBySeverity = [...severityCounts.entries()]
    .map(([severity, count]) => ({ severity, count }))
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        byText<{ severity: string }>((x) => x.severity)(a, b),
    );
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
      files: { total: scan.filesTotal, byLanguage, other },
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
        isolated: coupling.metrics
          .filter((m) => m.ce === 0 && m.ca === 0)
          .map((m) => m.module)
          .sort(),
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
        secrets,
        secretsBySeverity,
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
 * The links of a memory about a module (a folder): the module itself, for its coupling metric, and the
 * folder as the stored paths spell it with a final `/`, for the error-handling gaps read by prefix: the
 * files of that folder and its subfolders, never a sibling that merely starts with the same letters
 * (`src` is not `src2`, and the root `.` is not `.yarn`).
 */
function moduleLinks(repository: string, module: string): { modules: string[]; files: string[] } {
  const folder = module === '.' ? `${repository}/` : `${repository}/${module}/`;
  return { modules: [module], files: [folder] };
}

const { thresholds } = DEFAULT_GROUNDING_CONFIG;

/** One line saying why a grounding gave its verdict: each piece of evidence, then the rule. */
function explain(result: GroundingResult, repository: string): string {
  if (result.evidence.length === 0) return `${result.verdict}: drift.db holds no evidence about it`;
  const pieces = result.evidence.map(
    (e) =>
      `${shownText(repository, e.description)} (support ${e.supportScore.toFixed(2)}, weight ${e.weight.toFixed(2)})`,
  );
  return (
    `${result.verdict}: ${pieces.join('; ')}; weighted mean ${result.groundingScore.toFixed(3)} ` +
    `(Validated from ${thresholds.validated}, Partial from ${thresholds.partial}, Weak from ${thresholds.weak}, else Invalidated)`
  );
}

/**
 * Sample memories whose verdict follows from what analysis stored, grounded through reader-bridge:
 * the most frequent pattern is an established one (its confidence and occurrence rate decide), the
 * most unstable coupled module is unstable (its instability decides: Validated), and the most stable
 * coupled module is unstable too (its instability contradicts it: Invalidated).
 */
async function groundSamples(
  engine: DriftStorageBackend,
  repository: string,
  report: DemoReport,
): Promise<GroundedMemory[]> {
  const reader = readOnlyReader(engine); // the 14 reader methods, nothing that can write
  const samples: { memory: MemoryForGrounding; about: string[]; claim: string }[] = [];

  const pattern = report.detections.patterns[0];
  if (pattern) {
    samples.push({
      memory: {
        id: 'demo-pattern-rationale',
        memoryType: 'PatternRationale',
        confidence: 0.6,
        links: { patterns: [pattern.id] },
      },
      about: [`pattern ${pattern.id}`],
      claim: `${pattern.id} is an established pattern of this code base`,
    });
  }
  const coupled = report.coupling.modules.filter((m) => m.ce + m.ca > 0);
  const byName = byText<{ module: string }>((m) => m.module);
  const unstable = [...coupled].sort(
    (a, b) => b.instability - a.instability || b.ce + b.ca - (a.ce + a.ca) || byName(a, b),
  )[0];
  const stable = [...coupled].sort((a, b) => a.instability - b.instability || b.ca - a.ca || byName(a, b))[0];
  const unstableClaim = (module: string): string =>
    `module ${module} depends on other folders far more than they depend on it (it is unstable)`;
  if (unstable) {
    samples.push({
      memory: {
        id: 'demo-unstable-module',
        memoryType: 'CodeSmell',
        confidence: 0.6,
        links: moduleLinks(repository, unstable.module),
      },
      about: [`module ${unstable.module}`],
      claim: unstableClaim(unstable.module),
    });
  }
  if (stable && unstable && stable.instability < unstable.instability) {
    samples.push({
      memory: {
        id: 'demo-stable-module-called-unstable',
        memoryType: 'CodeSmell',
        confidence: 0.6,
        links: moduleLinks(repository, stable.module),
      },
      about: [`module ${stable.module}`],
      claim: unstableClaim(stable.module),
    });
  }

  const results: GroundedMemory[] = [];
  for (const { memory, about, claim } of samples) {
    const result: GroundingResult = await groundMemory(reader, memory);
    results.push({
      memoryId: result.memoryId,
      memoryType: result.memoryType,
      about,
      claim,
      verdict: result.verdict,
      score: result.groundingScore,
      explanation: explain(result, repository),
      evidence: result.evidence.map((e) => ({
        type: e.type,
        subject: shownPath(repository, e.subject),
        description: shownText(repository, e.description),
        driftValue: e.driftValue,
        support: e.supportScore,
        weight: e.weight,
      })),
    });
  }
  return results;
}

/**
 * The ignore rules (gitignore style, relative to the scanned root) that keep the workspace's own files
 * out of the scan when the workspace is the repository or a folder inside it: its drift folder (the
 * database, the lock, the export), its backups and its drift.toml. None when it is elsewhere.
 */
function workspaceIgnores(repository: string, workspace: string): string[] {
  const inside = relative(repository, workspace);
  if (inside.startsWith('..') || inside.startsWith(sep) || /^[a-zA-Z]:/.test(inside)) return [];
  const prefix = inside === '' ? '/' : `/${inside.split(sep).join('/')}/`;
  return [`${prefix}.drift/`, `${prefix}.drift-backups/`, `${prefix}drift.toml`];
}

/** The walk's skip counts for the scan that just ran (see {@link ScanDetails}). */
async function skipCounts(
  repository: string,
  extraIgnore: readonly string[],
  tracked: readonly FileMetadataRow[],
  engine: DriftStorageBackend,
): Promise<ScanDetails['skipped'] & { maxFileSize: number }> {
  // DriftNapi's ScanSummary has no skip counts; the scanner's own function reports them. It walks
  // again with the settings the scan used (the [scan] section, then the demo's options) over a
  // storage that holds what the scan stored and keeps nothing: every file is unchanged, none is read.
  const section = (loadLayeredConfig(repository).config.scan ?? {}) as Record<string, unknown>;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  const max = section.max_file_size;
  const maxFileSize =
    typeof max === 'number' || typeof max === 'bigint' ? Number(max) : DEFAULT_MAX_FILE_SIZE;
  const dryRun: ScanStorage = {
    sendBatch() {},
    flushSync: () => engine.flushSync(), // nothing was sent: commits nothing
    loadAllFileMetadata: () => [...tracked],
    insertScanStart: () => 0,
    updateScanComplete() {},
    queryRecentScans: () => [],
    countScans: () => 0,
  };
  const { stats } = await scanProjectDetailed(
    repository,
    {
      maxFileSize,
      include: list(section.include),
      extraIgnore: [...list(section.extra_ignore), ...extraIgnore],
      followSymlinks: section.follow_symlinks === true,
    },
    dryRun,
  );
  return { ignored: stats.filesSkippedIgnored, tooLarge: stats.filesSkippedLarge, maxFileSize };
}

/** How a stop is worded: `terminated` for SIGTERM, else `interrupted`. */
const stopWord = (signal: AbortSignal | undefined): string =>
  signal?.reason === 'SIGTERM' ? 'terminated' : 'interrupted';

/**
 * Runs the demo: initializes the workspace, scans and analyses the repository through DriftNapi, reads
 * the report, grounds sample memories, backs up, exports, checks and collects the workspace, and shuts
 * down. The workspace lock is held for the whole run, so a second run on the same workspace is refused
 * (a {@link DemoError}) instead of mixing its writes with this one's. A temporary workspace is removed
 * at the end unless `keep` is set. Every failure is thrown (a {@link DemoError} for paths the user gave
 * and a busy workspace); whatever was opened is closed.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const repository = options.repository;
  checkRepository(repository);
  const ws = prepareWorkspace(options.workspace);
  const remove = ws.temporary && options.keep !== true;
  try {
    const result = await runInWorkspace(options, ws);
    return { ...result, workspaceRemoved: remove };
  } catch (error) {
    if (remove && error instanceof DemoInterrupted) {
      throw new DemoInterrupted(`${error.message}; the temporary workspace ${ws.path} was removed`);
    }
    throw error;
  } finally {
    if (remove) rmSync(ws.path, { recursive: true, force: true });
  }
}

/** A busy workspace, as one line. */
function busy(path: string): DemoError {
  return new DemoError(
    `the workspace ${path} is in use by another run (its lock is held); wait for that run to end, or pass another --workspace`,
  );
}

async function runInWorkspace(
  options: DemoOptions,
  ws: { path: string; temporary: boolean },
): Promise<Omit<DemoResult, 'workspaceRemoved'>> {
  const sink = options.sink ?? silentSink;
  const repository = options.repository;
  const signal = options.signal;

  // The workspace: drift.db with drift's schema (installed by the engine) and the workspace tables.
  const workspace = SqliteWorkspaceStorage.open(ws.path, {
    installDriftSchema: (dbPath) => DriftStorageEngine.open(dbPath).close(),
  });
  let napi: DriftNapi | null = null;
  let lock: LockGuard | null = null;
  const cancelScan = (): void => {
    if (napi?.driftIsInitialized()) napi.driftCancelScan();
  };
  signal?.addEventListener('abort', cancelScan, { once: true });
  // Between two steps: one turn of the event loop lets a pending signal (Ctrl-C) arrive first.
  const stopIfInterrupted = async (step: string): Promise<void> => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted)
      throw new DemoInterrupted(`${stopWord(signal)} before ${step}; the workspace was closed cleanly`);
  };
  try {
    sink.status(`Initializing the workspace in ${ws.path}`);
    try {
      workspace.initialize(ws.path);
      // Held until the end: another run on this workspace is refused rather than interleaved.
      lock = workspace.acquireLock('write', 'demo');
    } catch (error) {
      if (isWorkspaceError(error, 'WORKSPACE_LOCKED')) throw busy(ws.path);
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
      analyzer: createJsTsAnalyzer(signal === undefined ? {} : { signal }),
    });
    napi.driftInitialize(dbPath, repository);
    const storage = opened.engine;
    if (storage === null) throw new Error('driftInitialize did not open the storage');

    // The workspace's own files are never part of what is scanned.
    const extraIgnore = workspaceIgnores(repository, ws.path);

    await stopIfInterrupted('the scan');
    sink.status(`Scanning ${repository}`);
    let discovered = 0;
    // Progress arrives error-first, `(null, update)`, as from the native addon's thread-safe function.
    const onProgress = (_error: unknown, update?: ProgressUpdate): void => {
      if (update === undefined) return;
      discovered = update.total;
      sink.progress(update);
    };
    const scan = await napi.driftScanWithProgress(repository, { extraIgnore }, onProgress);
    sink.done();
    if (scan.status === 'partial') {
      throw new DemoInterrupted(
        `${stopWord(signal)}: the scan stopped after ${scan.filesTotal} files (${scan.filesAdded} added), which stay committed; the workspace was closed cleanly`,
      );
    }
    const tracked = storage.loadAllFileMetadata();
    const skipped = await skipCounts(repository, extraIgnore, tracked, storage);
    const scanDetails: ScanDetails = {
      discovered,
      unreadable: Math.max(0, discovered - scan.filesTotal),
      skipped: { ignored: skipped.ignored, tooLarge: skipped.tooLarge },
      maxFileSize: skipped.maxFileSize,
      workspaceIgnores: extraIgnore,
    };
    sink.status(
      `  ${scan.filesTotal} files: ${scan.filesAdded} added, ${scan.filesModified} modified, ${scan.filesRemoved} removed, ${scan.filesUnchanged} unchanged`,
    );

    await stopIfInterrupted('the analysis');
    sink.status('Analyzing');
    const analysisStartedAt = Math.floor(Date.now() / 1000);
    // driftAnalyze appends to what earlier runs stored, as the reference does; the demo reports one
    // run, so it starts from empty finding tables (history such as gate results is kept).
    storage.clearFindings(ANALYSIS_FINDING_TABLES);
    try {
      await napi.driftAnalyze();
    } catch (error) {
      if (error instanceof AnalysisAborted || signal?.aborted) {
        throw new DemoInterrupted(
          `${stopWord(signal)} during the analysis; the workspace was closed cleanly (the next run analyses again)`,
        );
      }
      throw error;
    }

    await stopIfInterrupted('the report');
    sink.status('Reading the report');
    const { report } = await buildReport(napi, storage, repository, scan, analysisStartedAt);

    await stopIfInterrupted('grounding');
    sink.status('Grounding sample memories');
    const grounding = await groundSamples(storage, repository, report);

    await stopIfInterrupted('the backup');
    sink.status('Backing up, exporting, checking integrity, collecting garbage');
    const backup = workspace.createBackup('user_requested');
    // The export lives in the drift folder, with the workspace's other files (never scanned).
    const exportDir = join(workspace.paths().driftPath, 'export');
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
      scanDetails,
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
    lock?.release();
    workspace.close();
  }
}
