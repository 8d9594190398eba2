// A sample DriftAnalyzer for JavaScript and TypeScript. Its job is to fill drift.db with real data from
// real code so that the rest of the stack has something true to store, serve and ground; it does not
// compete with Drift's own analyzers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  AnalysisContext,
  AnalysisFile,
  CrossFileOutput,
  DegradationOutput,
  DetectOutput,
  DriftAnalyzer,
  EnforcementOutput,
  GraphOutput,
  PatternsOutput,
  StructuralOutput,
} from '@drift/napi-compat-bindings';
import type {
  CallEdgeRow,
  ConstantInsertRow,
  DetectionInsertRow,
  EnvVariableInsertRow,
  ErrorGapInsertRow,
  FunctionInsertRow,
  SecretInsertRow,
} from '@drift/storage-traits';
import { patternConfidence } from './confidence.js';
import { couplingMetrics, cycleRow, importCycles, type ModuleGraph } from './coupling.js';
import {
  degradationAlerts,
  patternComplianceGate,
  securityBoundariesGate,
  securityViolations,
} from './enforcement.js';
import { type CalleeRef, extractFileFacts, type FileFacts, type FunctionFact } from './extract.js';
import { moduleOf, resolveRelativeImport } from './resolve.js';

export { confidenceTier, patternConfidence } from './confidence.js';
export { extractFileFacts } from './extract.js';

/** The languages the analyzer reads, as the scanner names them. */
const ANALYZED_LANGUAGES: ReadonlySet<string> = new Set(['TypeScript', 'JavaScript']);

/** Prefixes that frameworks use to expose environment variables to client code. */
const FRAMEWORK_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'NUXT_PUBLIC_', 'EXPO_PUBLIC_', 'GATSBY_'];

/** Call-edge confidence by how the callee was found. */
const EDGE_CONFIDENCE = {
  /** A function of the same file, called by name. */
  sameFile: 0.95,
  /** A method of the caller's own class or object, through `this`. */
  sameClass: 0.9,
  /** A named, default or namespace import of a relative module that declares the function. */
  import: 0.9,
  /** An import resolved through one or more `export ... from` re-exports. */
  reExport: 0.85,
} as const;

/** Settings of {@link createJsTsAnalyzer}. */
export interface JsTsAnalyzerOptions {
  /**
   * Read the names (never the values) defined by `.env*` files in the project root, to mark
   * environment variables as defined (default true).
   */
  readonly readEnvFiles?: boolean;
  /**
   * Stops an analysis run: every step starts with a turn of the event loop, parsing (step 2) and
   * call resolution (step 3) take one every {@link PARSE_CHUNK} files, so that signal handlers
   * run; once this is aborted the step fails with {@link AnalysisAborted}.
   */
  readonly signal?: AbortSignal;
}

/** Files parsed between two turns of the event loop in step 2. */
const PARSE_CHUNK = 25;

/** An analysis run stopped through {@link JsTsAnalyzerOptions.signal}. */
export class AnalysisAborted extends Error {
  override readonly name = 'AnalysisAborted';
}

interface ParsedFile {
  readonly file: AnalysisFile;
  readonly facts: FileFacts;
}

/** The parsed JavaScript and TypeScript files of one run, and import resolution among them. */
interface Project {
  readonly root: string;
  readonly files: readonly ParsedFile[];
  readonly byPath: ReadonlyMap<string, ParsedFile>;
  resolve(from: string, specifier: string): string | null;
}

function parseFile(context: AnalysisContext, file: AnalysisFile): ParsedFile {
  return { file, facts: extractFileFacts(file.path, context.readSource(file.path)) };
}

const analyzed = (file: AnalysisFile): boolean =>
  file.language !== null && ANALYZED_LANGUAGES.has(file.language);

function parseProject(context: AnalysisContext): Project {
  return projectOf(
    context,
    context.files.filter(analyzed).map((file) => parseFile(context, file)),
  );
}

/** {@link parseProject}, a turn of the event loop every {@link PARSE_CHUNK} files; stops when aborted. */
async function parseProjectYielding(
  context: AnalysisContext,
  signal: AbortSignal | undefined,
): Promise<Project> {
  const files: ParsedFile[] = [];
  const wanted = context.files.filter(analyzed);
  for (let i = 0; i < wanted.length; i += 1) {
    if (i % PARSE_CHUNK === 0) await nextTurn(signal, i);
    files.push(parseFile(context, wanted[i]!));
  }
  throwIfAborted(signal, wanted.length);
  return projectOf(context, files);
}

/** One turn of the event loop (signal handlers run), then a stop when aborted. */
async function nextTurn(signal: AbortSignal | undefined, parsed: number): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfAborted(signal, parsed);
}

function throwIfAborted(signal: AbortSignal | undefined, parsed: number): void {
  if (signal?.aborted) throw new AnalysisAborted(`the analysis was stopped after parsing ${parsed} files`);
}

function projectOf(context: AnalysisContext, files: ParsedFile[]): Project {
  const byPath = new Map(files.map((parsed) => [parsed.file.path, parsed]));
  const known = new Set(byPath.keys());
  const cache = new Map<string, string | null>();
  return {
    root: context.projectRoot,
    files,
    byPath,
    resolve(from, specifier) {
      const key = `${from}\0${specifier}`;
      let resolved = cache.get(key);
      if (resolved === undefined) {
        resolved = resolveRelativeImport(from, specifier, known);
        cache.set(key, resolved);
      }
      return resolved;
    },
  };
}

/** A tracked path below the project root (tracked paths are the scan root joined with it). */
function projectPath(root: string, path: string): string {
  return path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
}

/** The key matching a function fact to its stored row. */
function functionKey(file: string, line: number, qualifiedName: string | null, name: string): string {
  return `${file}\0${line}\0${qualifiedName ?? ''}\0${name}`;
}

/** Names defined by the `.env` files of the project root (`NAME=...`, `export NAME=...`). */
function envFileNames(root: string): Set<string> {
  const names = new Set<string>();
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return names;
  }
  for (const entry of entries.filter((name) => /^\.env(\..+)?$/.test(name)).sort()) {
    let text: string;
    try {
      text = readFileSync(join(root, entry), 'utf8');
    } catch {
      continue; // a folder or an unreadable file defines nothing
    }
    for (const line of text.split(/\r?\n/)) {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
      if (match) names.add(match[1]!);
    }
  }
  return names;
}

/** Where a call's callee was found: the file and function, and how. */
interface ResolvedCallee {
  readonly file: string;
  readonly fn: FunctionFact;
  readonly resolution: 'same_file' | 'import';
  readonly confidence: number;
}

/**
 * The function a module exports under `exported`, following `export ... from` re-exports (at most
 * eight hops, never in a loop).
 */
function findExport(
  project: Project,
  path: string,
  exported: string,
  hops = 0,
  seen: Set<string> = new Set(),
): { file: string; fn: FunctionFact; hops: number } | null {
  const key = `${path}\0${exported}`;
  const parsed = project.byPath.get(path);
  if (parsed === undefined || hops > 8 || seen.has(key)) return null;
  seen.add(key);
  const own = parsed.facts.functions.find((f) =>
    exported === 'default'
      ? f.isDefaultExport
      : f.qualifiedName === null && f.isExported && f.name === exported,
  );
  if (own) return { file: path, fn: own, hops };
  for (const fact of parsed.facts.imports) {
    if (fact.reExport === null) continue;
    const target = project.resolve(path, fact.specifier);
    if (target === null) continue;
    if (fact.reExport === '*') {
      if (exported === 'default') continue;
      const found = findExport(project, target, exported, hops + 1, seen);
      if (found) return found;
    } else {
      const entry = fact.reExport.find((e) => e.exported === exported);
      if (entry && entry.imported !== '*') {
        const found = findExport(project, target, entry.imported, hops + 1, seen);
        if (found) return found;
      }
    }
  }
  return null;
}

function resolveCallee(
  project: Project,
  parsed: ParsedFile,
  caller: FunctionFact,
  callee: CalleeRef,
): ResolvedCallee | null {
  const { facts } = parsed;
  const path = parsed.file.path;
  const viaImport = (specifier: string, exported: string): ResolvedCallee | null => {
    const target = project.resolve(path, specifier);
    if (target === null) return null;
    const found = findExport(project, target, exported);
    if (found === null) return null;
    return {
      file: found.file,
      fn: found.fn,
      resolution: 'import',
      confidence: found.hops === 0 ? EDGE_CONFIDENCE.import : EDGE_CONFIDENCE.reExport,
    };
  };
  const local = (predicate: (f: FunctionFact) => boolean, confidence: number): ResolvedCallee | null => {
    const fn = facts.functions.find((f) => predicate(f) && f.isTopLevel) ?? facts.functions.find(predicate);
    return fn ? { file: path, fn, resolution: 'same_file', confidence } : null;
  };

  if (callee.kind === 'name') {
    for (const fact of facts.imports) {
      const binding = fact.bindings.find((b) => b.local === callee.name);
      if (binding) return viaImport(fact.specifier, binding.imported);
    }
    return local((f) => f.qualifiedName === null && f.name === callee.name, EDGE_CONFIDENCE.sameFile);
  }
  if (callee.kind === 'this') {
    const owner = caller.qualifiedName?.slice(0, caller.qualifiedName.lastIndexOf('.'));
    if (!owner) return null;
    return local((f) => f.qualifiedName === `${owner}.${callee.name}`, EDGE_CONFIDENCE.sameClass);
  }
  for (const fact of facts.imports) {
    if (fact.namespace === callee.object) return viaImport(fact.specifier, callee.name);
  }
  return local((f) => f.qualifiedName === `${callee.object}.${callee.name}`, EDGE_CONFIDENCE.sameFile);
}

/**
 * Creates the sample JavaScript/TypeScript analyzer. Each `driftAnalyze` run parses the tracked
 * JavaScript and TypeScript files once (step 2) and derives every other step from those facts:
 *
 * - detect: functions (declarations, methods, function-valued `const`s) and detections;
 * - crossFile: call edges within the project (`same_file`, `import`);
 * - patterns: pattern confidence as a Beta posterior;
 * - structural: module coupling and import cycles, constants and magic numbers, environment
 *   variables, hard-coded secrets;
 * - graph: error-handling gaps (empty `catch` blocks);
 * - enforcement: violations from security detections, `pattern-compliance` and `security-boundaries`;
 * - degradation: alerts for gates that got worse since the previous run.
 *
 * Test, benchmark and fixture files (`isTest`) count for functions, call edges, detections and pattern
 * confidence, and stay out of the production-only analyses (coupling, constants, environment variables,
 * secrets, error gaps, enforcement), as in the reference.
 */
export function createJsTsAnalyzer(options: JsTsAnalyzerOptions = {}): DriftAnalyzer {
  let project: Project | null = null;
  const current = (context: AnalysisContext): Project => {
    if (project === null || project.root !== context.projectRoot) project = parseProject(context);
    return project;
  };
  const production = (p: Project): ParsedFile[] => p.files.filter((parsed) => !parsed.file.isTest);

  return {
    name: 'drift-demo-js-ts',

    async detect(context: AnalysisContext): Promise<DetectOutput> {
      project = await parseProjectYielding(context, options.signal);
      return {
        files: project.files.map(({ file, facts }) => {
          const language = file.language!;
          const functions: FunctionInsertRow[] = facts.functions.map((f) => ({
            file: file.path,
            name: f.name,
            qualifiedName: f.qualifiedName,
            language,
            line: f.line,
            endLine: f.endLine,
            parameterCount: f.parameterCount,
            returnType: f.returnType,
            isExported: f.isExported,
            isAsync: f.isAsync,
            bodyHash: f.bodyHash,
            signatureHash: f.signatureHash,
          }));
          const detections: DetectionInsertRow[] = facts.detections.map((d) => ({
            file: file.path,
            line: d.line,
            columnNum: d.column,
            patternId: d.patternId,
            category: d.category,
            confidence: d.confidence,
            detectionMethod: 'ast',
            cweIds: d.cweIds,
            owasp: d.owasp,
            matchedText: d.matchedText,
          }));
          return { file: file.path, language, functions, detections };
        }),
      };
    },

    async crossFile(context: AnalysisContext): Promise<CrossFileOutput> {
      await nextTurn(options.signal, project?.files.length ?? 0);
      const p = current(context);
      const ids = new Map<string, number>();
      for (const row of context.functions) {
        ids.set(functionKey(row.file, row.line, row.qualifiedName, row.name), row.id);
      }
      const idOf = (file: string, f: FunctionFact): number | undefined =>
        ids.get(functionKey(file, f.line, f.qualifiedName, f.name));
      const edges = new Map<string, CallEdgeRow>();
      for (const [index, parsed] of p.files.entries()) {
        if (index > 0 && index % PARSE_CHUNK === 0) await nextTurn(options.signal, p.files.length);
        for (const call of parsed.facts.calls) {
          const caller = parsed.facts.functions[call.caller]!;
          const callerId = idOf(parsed.file.path, caller);
          const target = resolveCallee(p, parsed, caller, call.callee);
          const calleeId = target ? idOf(target.file, target.fn) : undefined;
          if (callerId === undefined || target === null || calleeId === undefined) continue;
          const key = `${callerId}:${calleeId}:${call.line}`;
          if (!edges.has(key)) {
            edges.set(key, {
              callerId,
              calleeId,
              resolution: target.resolution,
              confidence: target.confidence,
              callSiteLine: call.line,
            });
          }
        }
      }
      return { callEdges: [...edges.values()] };
    },

    async patterns(context: AnalysisContext): Promise<PatternsOutput> {
      await nextTurn(options.signal, project?.files.length ?? 0);
      return { confidence: patternConfidence(context.detections) };
    },

    async structural(context: AnalysisContext): Promise<StructuralOutput> {
      await nextTurn(options.signal, project?.files.length ?? 0);
      const p = current(context);
      const prod = production(p);
      const prodPaths = new Set(prod.map((parsed) => parsed.file.path));

      // Module graph over production files: a module is the folder of a file.
      const modules = new Set<string>();
      const edges = new Map<string, Set<string>>();
      const abstractCounts = new Map<string, number>();
      const totalCounts = new Map<string, number>();
      for (const { file, facts } of prod) {
        const module = moduleOf(projectPath(p.root, file.path));
        modules.add(module);
        abstractCounts.set(module, (abstractCounts.get(module) ?? 0) + facts.exports.abstract);
        totalCounts.set(module, (totalCounts.get(module) ?? 0) + facts.exports.total);
        for (const fact of facts.imports) {
          const target = p.resolve(file.path, fact.specifier);
          if (target === null || !prodPaths.has(target)) continue;
          const targetModule = moduleOf(projectPath(p.root, target));
          if (targetModule === module) continue;
          let set = edges.get(module);
          if (set === undefined) {
            set = new Set();
            edges.set(module, set);
          }
          set.add(targetModule);
        }
      }
      const graph: ModuleGraph = { modules, edges, abstractCounts, totalCounts };

      // Which exported names other files import (named, default, namespace or re-exported).
      const importedNames = new Set<string>();
      const namespaceImported = new Set<string>();
      for (const { file, facts } of p.files) {
        for (const fact of facts.imports) {
          const target = p.resolve(file.path, fact.specifier);
          if (target === null) continue;
          if (fact.namespace !== null || fact.reExport === '*') namespaceImported.add(target);
          for (const binding of fact.bindings) importedNames.add(`${target}\0${binding.imported}`);
          if (Array.isArray(fact.reExport)) {
            for (const entry of fact.reExport) importedNames.add(`${target}\0${entry.imported}`);
          }
        }
      }

      const constants: ConstantInsertRow[] = [];
      const envVariables: EnvVariableInsertRow[] = [];
      const secrets: SecretInsertRow[] = [];
      const defined = options.readEnvFiles === false ? new Set<string>() : envFileNames(p.root);
      for (const { file, facts } of prod) {
        const language = file.language!;
        for (const c of facts.constants) {
          const usedHere = (facts.identifierCounts.get(c.name) ?? 0) > 1;
          const usedElsewhere =
            c.isExported &&
            (importedNames.has(`${file.path}\0${c.name}`) || namespaceImported.has(file.path));
          constants.push({
            name: c.name,
            value: c.value,
            file: file.path,
            line: c.line,
            isUsed: usedHere || usedElsewhere,
            language,
            isNamed: true,
          });
        }
        for (const m of facts.magicNumbers) {
          constants.push({
            name: m.name,
            value: m.value,
            file: file.path,
            line: m.line,
            isUsed: true,
            language,
            isNamed: false,
          });
        }
        for (const read of facts.envReads) {
          envVariables.push({
            name: read.name,
            file: file.path,
            line: read.line,
            accessMethod: read.accessMethod,
            hasDefault: read.hasDefault,
            definedInEnv: defined.has(read.name),
            frameworkPrefix: FRAMEWORK_PREFIXES.find((prefix) => read.name.startsWith(prefix)) ?? null,
          });
        }
        for (const secret of facts.secrets) {
          secrets.push({
            patternName: 'hardcoded_credential',
            redactedValue: secret.redactedValue,
            file: file.path,
            line: secret.line,
            severity: 'high',
            entropy: secret.entropy,
            confidence: 0.7,
            cweIds: '798',
          });
        }
      }
      return {
        couplingMetrics: couplingMetrics(graph),
        couplingCycles: importCycles(graph).map(cycleRow),
        constants,
        envVariables,
        secrets,
      };
    },

    async graph(context: AnalysisContext): Promise<GraphOutput> {
      await nextTurn(options.signal, project?.files.length ?? 0);
      const p = current(context);
      const ids = new Map(
        context.functions.map((row) => [
          functionKey(row.file, row.line, row.qualifiedName, row.name),
          row.id,
        ]),
      );
      const errorGaps: ErrorGapInsertRow[] = [];
      for (const { file, facts } of production(p)) {
        for (const gap of facts.emptyCatches) {
          const fn = gap.function === null ? null : facts.functions[gap.function]!;
          const id =
            fn === null ? undefined : ids.get(functionKey(file.path, fn.line, fn.qualifiedName, fn.name));
          errorGaps.push({
            file: file.path,
            functionId: id === undefined ? `${file.path}:<module>` : String(id),
            gapType: 'empty_catch',
            errorType: null,
            propagationChain: null,
            framework: null,
            cweId: 390,
            severity: 'medium',
          });
        }
      }
      return { errorGaps };
    },

    async enforcement(context: AnalysisContext): Promise<EnforcementOutput> {
      await nextTurn(options.signal, project?.files.length ?? 0);
      const started = performance.now();
      const p = current(context);
      const prodFiles = production(p).map((parsed) => parsed.file.path);
      const prodSet = new Set(prodFiles);
      const detections = context.detections.filter((d) => prodSet.has(d.file));
      const violations = securityViolations(detections);
      const elapsed = () => Math.round(performance.now() - started);
      const compliance = patternComplianceGate(prodFiles, detections, elapsed());
      const security = securityBoundariesGate(prodFiles, violations, elapsed());
      return { violations, gateResults: [compliance, security] };
    },

    async degradation(context: AnalysisContext): Promise<DegradationOutput> {
      await nextTurn(options.signal, project?.files.length ?? 0);
      return { alerts: degradationAlerts(context.previousGateResults, context.gateResults) };
    },
  };
}
