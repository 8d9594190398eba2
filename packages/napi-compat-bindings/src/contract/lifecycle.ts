/**
 * Types used by the lifecycle functions (`driftInitialize`, `driftShutdown`, `driftIsInitialized`,
 * `driftGC`) and by the progress callback of `driftScanWithProgress`.
 */

/** The arguments of `driftInitialize`, gathered in one object. Every field may be left out. */
export interface InitOptions {
  /** Where drift.db lives. Left out: `<projectRoot or cwd>/.drift/drift.db`. */
  dbPath?: string;
  /** Root of the project that is scanned and whose `drift.toml` configures the runtime. */
  projectRoot?: string;
  /** Configuration as TOML text; takes precedence over any configuration file. */
  configToml?: string;
  /** Location of cortex.db, used by the bridge for dual writes when that file exists. */
  cortexDbPath?: string;
}

/** One progress report delivered while a scan runs. */
export interface ProgressUpdate {
  /** Files handled so far in this scan, from 0 up to `total`. */
  processed: number;
  /** Files the scan expects to handle in total. */
  total: number;
  /** Name of the scan stage now running. */
  phase: string;
  /** File being handled, or null between files. */
  currentFile: string | null;
}

/** Receives the progress reports of `driftScanWithProgress`. */
export type ProgressCallback = (update: ProgressUpdate) => void;
