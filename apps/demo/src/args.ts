import { isAbsolute, resolve } from 'node:path';

/** What the command line asks for. */
export type DemoCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'run';
      /** The repository to analyse, absolute. */
      readonly repository: string;
      /** The workspace folder, absolute, or null for a new temporary folder. */
      readonly workspace: string | null;
      /** One JSON document on stdout instead of the text report. */
      readonly json: boolean;
      /** Keep the temporary workspace after the run (no effect with a workspace folder). */
      readonly keep: boolean;
    };

/** A command line that cannot be understood (exit code 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The `--help` text. */
export const USAGE = `Usage: pnpm demo [path] [--workspace DIR | --keep] [--json]

Analyses the repository at [path] (default: this repository) into a drift workspace and prints what
it learned: files and lines by language, functions and the most called ones, module coupling and import
cycles, environment variables, detections, violations and gates, grounded sample memories, and the
backup/export/integrity/GC of the workspace.

Options:
  --workspace DIR  keep the workspace in DIR (created when missing; reused when it exists, so a second
                   run reports every unchanged file as unchanged; a second run at the same time is
                   refused). Default: a new temporary folder, removed when the run ends.
  --keep           keep the temporary workspace (the report says where it is).
  --json           print one JSON document on stdout (progress still goes to stderr).
  -h, --help       print this help.

Ctrl-C (or SIGTERM) stops the run cleanly: exit code 130 (143 for SIGTERM); a second one stops it at
once.

Run through pnpm with --json, use pnpm's -s flag so that only the document reaches stdout:
  pnpm -s demo --json > report.json`;

/**
 * Parses the arguments after the script name. Relative paths are taken from `cwd`. Throws
 * {@link UsageError} for an unknown option, a missing option value or a second path.
 */
export function parseArgs(argv: readonly string[], cwd: string, defaultRepository: string): DemoCommand {
  let repository: string | null = null;
  let workspace: string | null = null;
  let json = false;
  let keep = false;
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(cwd, path));
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--json') {
      json = true;
    } else if (arg === '--keep') {
      keep = true;
    } else if (arg === '--workspace' || arg.startsWith('--workspace=')) {
      const value = arg === '--workspace' ? argv[++i] : arg.slice('--workspace='.length);
      if (value === undefined || value === '' || (arg === '--workspace' && value.startsWith('--'))) {
        throw new UsageError('--workspace needs a folder, e.g. --workspace ./drift-workspace');
      }
      workspace = absolute(value);
    } else if (arg === '--') {
      // pnpm may pass a separator through; everything after it is positional.
      for (const rest of argv.slice(i + 1)) {
        if (repository !== null)
          throw new UsageError(`one repository path at most (got ${repository} and ${rest})`);
        repository = absolute(rest);
      }
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg} (see --help)`);
    } else {
      if (repository !== null)
        throw new UsageError(`one repository path at most (got ${repository} and ${arg})`);
      if (arg === '') throw new UsageError('the repository path is empty');
      repository = absolute(arg);
    }
  }
  return { kind: 'run', repository: repository ?? defaultRepository, workspace, json, keep };
}
