// The materialized workspace context: a snapshot of the project's configuration and of which analyses
// have produced data, refreshed as the last step of a scan so that readers never see stale context,
// and the agent-facing summary built from it.
import type { ProjectInfo, WorkspaceContext } from '@drift/storage-traits';
import type { WorkspaceStore } from './store.js';
import type { DriftTable } from './types.js';

/**
 * The project half of a {@link WorkspaceContextSnapshot}: the `workspace_config` values copied at the last
 * refresh.
 */
export interface ProjectContext {
  /** The recorded `project_name`; '' when the context was never refreshed. */
  readonly name: string;
  /** The recorded `root_path` (absolute); '' when the context was never refreshed. */
  readonly rootPath: string;
  /** Drift schema version recorded at initialization, as text. */
  readonly schemaVersion: string;
  /** Drift version that initialized the workspace. */
  readonly driftVersion: string;
  /** When the last scan ran (as recorded), or null when no scan has run. */
  readonly lastScanAt: string | null;
  /** Health score recorded by the analyses, if any. */
  readonly healthScore: string | null;
  /**
   * The recorded `detected_languages` (a JSON list; non-string items dropped); [] when absent or not a list.
   */
  readonly languages: readonly string[];
  /**
   * The recorded `detected_frameworks` (a JSON list; non-string items dropped); [] when absent or not a list.
   */
  readonly frameworks: readonly string[];
}

/** Which analyses have stored results. */
export interface AnalysisStatus {
  /** Functions extracted (the call graph's nodes). */
  readonly callGraphBuilt: boolean;
  /** True when `test_coverage` had rows at the last refresh. */
  readonly testTopologyBuilt: boolean;
  /** True when `coupling_metrics` had rows at the last refresh. */
  readonly couplingBuilt: boolean;
  /** True when `dna_genes` had rows at the last refresh. */
  readonly dnaProfileExists: boolean;
  /** True when `constants` had rows at the last refresh. */
  readonly constantsExtracted: boolean;
  /** True when `constraints` had rows at the last refresh. */
  readonly constraintsMined: boolean;
  /** True when `contracts` had rows at the last refresh. */
  readonly contractsDetected: boolean;
  /** True when `owasp_findings` or `crypto_findings` had rows at the last refresh. */
  readonly securityScanned: boolean;
}

/** The materialized context, from {@link readWorkspaceContext}. */
export interface WorkspaceContextSnapshot {
  /** Project configuration as of the last refresh. */
  readonly project: ProjectContext;
  /** One flag per analysis, as of the last refresh (all false when it never ran). */
  readonly analysis: AnalysisStatus;
  /** When the snapshot was read, seconds since the epoch. */
  readonly loadedAt: number;
}

/** What an agent needs to know before using drift's tools. */
export interface AgentProjectContext {
  /** One line naming the project. */
  readonly summary: string;
  /** Commands that work on this workspace. */
  readonly availableCommands: readonly string[];
  /** Things the agent should fix or know first. */
  readonly warnings: readonly string[];
  /** Flags derived from the snapshot, for an agent deciding what to run first. */
  readonly readiness: {
    /** True when the snapshot records a last scan time (`project.lastScanAt` not null). */
    readonly scanned: boolean;
    /** The snapshot's `analysis.callGraphBuilt`: `functions` had rows at the last refresh. */
    readonly callGraphBuilt: boolean;
    /** Cortex memory is set up (not tracked by drift's storage; always false here). */
    readonly memoryInitialized: boolean;
  };
}

/** The configuration keys copied into the context. */
const CONFIG_KEYS = [
  'project_name',
  'root_path',
  'schema_version',
  'drift_version',
  'last_scan_at',
  'health_score',
  'detected_languages',
  'detected_frameworks',
] as const;

/** Each analysis flag and the drift tables whose rows set it. */
const ANALYSIS_TABLES: ReadonlyArray<
  readonly [key: string, field: keyof AnalysisStatus, tables: DriftTable[]]
> = [
  ['call_graph_built', 'callGraphBuilt', ['functions']],
  ['test_topology_built', 'testTopologyBuilt', ['test_coverage']],
  ['coupling_built', 'couplingBuilt', ['coupling_metrics']],
  ['dna_profile_exists', 'dnaProfileExists', ['dna_genes']],
  ['constants_extracted', 'constantsExtracted', ['constants']],
  ['constraints_mined', 'constraintsMined', ['constraints']],
  ['contracts_detected', 'contractsDetected', ['contracts']],
  ['security_scanned', 'securityScanned', ['owasp_findings', 'crypto_findings']],
];

/** The commands an agent can run on an initialized workspace. */
const AGENT_COMMANDS = [
  'drift scan',
  'drift patterns',
  'drift call-graph',
  'drift boundaries',
  'drift gates',
  'drift status',
] as const;

/**
 * Rebuilds the materialized context in one transaction: the project's configuration, the time of the
 * last scan (the recorded `last_scan_at`, else the newest scan in scan_history) and one flag per
 * analysis, true when its drift tables have rows (absent tables count as empty).
 */
export function refreshWorkspaceContext(store: WorkspaceStore): void {
  store.transaction(() => {
    const entries: Array<readonly [string, string]> = [];
    for (const key of CONFIG_KEYS) {
      const value = store.getConfig(key);
      if (value !== null) entries.push([key, value]);
    }
    if (store.getConfig('last_scan_at') === null) {
      const last = store.lastScanAt();
      if (last !== null) entries.push(['last_scan_at', String(last)]);
    }
    for (const [key, , tables] of ANALYSIS_TABLES) {
      entries.push([key, String(tables.some((table) => store.countRows(table) > 0))]);
    }
    store.replaceContext(entries);
  });
}

/** Parses a stored JSON list of strings; anything else is an empty list. */
export function parseStringList(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** Reads the materialized context (empty values where it was never refreshed). */
export function readWorkspaceContext(store: WorkspaceStore): WorkspaceContextSnapshot {
  const values = new Map(store.readContext());
  const text = (key: string) => values.get(key) ?? '';
  const optional = (key: string) => (text(key) === '' ? null : text(key));
  const analysis = Object.fromEntries(
    ANALYSIS_TABLES.map(([key, field]) => [field, values.get(key) === 'true']),
  ) as unknown as AnalysisStatus;
  return {
    project: {
      name: text('project_name'),
      rootPath: text('root_path'),
      schemaVersion: text('schema_version'),
      driftVersion: text('drift_version'),
      lastScanAt: optional('last_scan_at'),
      healthScore: optional('health_score'),
      languages: parseStringList(values.get('detected_languages')),
      frameworks: parseStringList(values.get('detected_frameworks')),
    },
    analysis,
    loadedAt: Math.floor(Date.now() / 1000),
  };
}

/** The agent-facing summary of a context snapshot. */
export function agentContext(snapshot: WorkspaceContextSnapshot): AgentProjectContext {
  const scanned = snapshot.project.lastScanAt !== null;
  return {
    summary: `Project '${snapshot.project.name}' at ${snapshot.project.rootPath}`,
    availableCommands: [...AGENT_COMMANDS],
    warnings: scanned ? [] : ['No scan has been run yet: run `drift scan` first.'],
    readiness: {
      scanned,
      callGraphBuilt: snapshot.analysis.callGraphBuilt,
      memoryInitialized: false,
    },
  };
}

/**
 * IWorkspaceStorage's project facts: name and root as recorded (`root` when none is), file, function
 * and pattern counts, the newest scan, and files per language (tracked languages by count, then the
 * detected languages without files, at 0).
 */
export function projectFacts(store: WorkspaceStore, root: string): ProjectInfo {
  const counted = store.languageCounts();
  const seen = new Set(counted.map(([language]) => language));
  const detected = parseStringList(store.getConfig('detected_languages'))
    .filter((language) => !seen.has(language))
    .map((language) => [language, 0] as const);
  return {
    rootPath: store.getConfig('root_path') ?? root,
    name: store.getConfig('project_name') ?? '',
    languageBreakdown: [...counted, ...detected],
    totalFiles: store.countRows('file_metadata'),
    totalFunctions: store.countRows('functions'),
    totalPatterns: store.countRows('pattern_confidence'),
    lastScanAt: store.lastScanAt(),
  };
}

/** IWorkspaceStorage's workspace context: recorded root, languages and frameworks, and live counts. */
export function contextSummary(store: WorkspaceStore, root: string): WorkspaceContext {
  return {
    rootPath: store.getConfig('root_path') ?? root,
    languages: parseStringList(store.getConfig('detected_languages')),
    frameworks: parseStringList(store.getConfig('detected_frameworks')),
    fileCount: store.countRows('file_metadata'),
    functionCount: store.countRows('functions'),
    patternCount: store.countRows('pattern_confidence'),
    boundaryCount: store.countRows('boundaries'),
    detectionCount: store.countRows('detections'),
  };
}
