// Runs the sample analyzer's steps in driftAnalyze's order over in-memory files, doing what the bindings
// do between steps: functions get ids as a store would assign them, detections and gate results are
// handed on.

import type {
  CrossFileOutput,
  DegradationOutput,
  DetectOutput,
  EnforcementOutput,
  GraphOutput,
  PatternsOutput,
  StructuralOutput,
} from '@drift/napi-compat-bindings';
import { type AnalysisContext, type AnalysisFile, isTestOrFixtureFile } from '@drift/napi-compat-bindings';
import type { FunctionRow, GateResultRow } from '@drift/storage-traits';
import { createJsTsAnalyzer, type JsTsAnalyzerOptions } from '../../src/analyzer/index.js';

export interface AnalysisRun {
  readonly detect: DetectOutput;
  readonly functions: readonly FunctionRow[];
  readonly crossFile: CrossFileOutput;
  readonly patterns: PatternsOutput;
  readonly structural: StructuralOutput;
  readonly graph: GraphOutput;
  readonly enforcement: EnforcementOutput;
  readonly degradation: DegradationOutput;
  /** `file:name` (or `file:qualifiedName`) of a function id. */
  nameOf(id: number): string;
}

const LANGUAGES: Record<string, string> = {
  ts: 'TypeScript',
  tsx: 'TypeScript',
  mts: 'TypeScript',
  cts: 'TypeScript',
  js: 'JavaScript',
  jsx: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
};

export function analysisFiles(sources: Record<string, string>, root = '/project'): AnalysisFile[] {
  return Object.keys(sources)
    .sort()
    .map((path) => ({
      path,
      absolutePath: `${root}/${path}`,
      language: LANGUAGES[path.slice(path.lastIndexOf('.') + 1)] ?? null,
      fileSize: Buffer.byteLength(sources[path]!),
      isTest: isTestOrFixtureFile(path),
    }));
}

export async function runAnalyzer(
  sources: Record<string, string>,
  options: JsTsAnalyzerOptions & { root?: string; previousGateResults?: readonly GateResultRow[] } = {},
): Promise<AnalysisRun> {
  const analyzer = createJsTsAnalyzer({ readEnvFiles: options.readEnvFiles ?? false });
  const base = {
    projectRoot: options.root ?? '/project',
    files: analysisFiles(sources, options.root),
    readSource: (path: string) => {
      const text = sources[path];
      if (text === undefined) throw new Error(`no such file ${path}`);
      return text;
    },
    functions: [] as FunctionRow[],
    detections: [] as AnalysisContext['detections'],
    wrappers: [],
    previousGateResults: options.previousGateResults ?? [],
    gateResults: [] as AnalysisContext['gateResults'],
    signal: new AbortController().signal,
  };
  const detect = await analyzer.detect!(base);
  let id = 0;
  const functions: FunctionRow[] = detect.files.flatMap((f) =>
    (f.functions ?? []).map((fn) => ({ ...fn, id: ++id })),
  );
  const context: AnalysisContext = {
    ...base,
    functions,
    detections: detect.files.flatMap((f) => f.detections ?? []),
  };
  const crossFile = await analyzer.crossFile!(context);
  const patterns = await analyzer.patterns!(context);
  const structural = await analyzer.structural!(context);
  const graph = await analyzer.graph!(context);
  const enforcement = await analyzer.enforcement!(context);
  const degradation = await analyzer.degradation!({ ...context, gateResults: enforcement.gateResults ?? [] });
  const byId = new Map(functions.map((f) => [f.id, `${f.file}:${f.qualifiedName ?? f.name}`]));
  return {
    detect,
    functions,
    crossFile,
    patterns,
    structural,
    graph,
    enforcement,
    degradation,
    nameOf: (fnId) => byId.get(fnId) ?? `#${fnId}`,
  };
}
