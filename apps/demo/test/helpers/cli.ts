// The demo CLI as a child process, as `pnpm demo` runs it, and temporary folders removed after a file's tests.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The demo app's folder (where `src/cli.ts` is). */
export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));
/** Hang guard of one CLI run: it is killed after this long; a run takes seconds (as long as the shared test timeout). */
export const CLI_HANG_GUARD_MS = 600_000;

/** What one CLI run printed and its exit code. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `src/cli.ts` as `pnpm demo` runs it (TypeScript source through tsx and the source condition). */
export function runCli(args: readonly string[]): Promise<CliRun> {
  const env = { ...process.env };
  delete env.npm_lifecycle_event;
  delete env.INIT_CWD;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=@drift/source', '--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: APP_DIR, env, timeout: CLI_HANG_GUARD_MS },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Makes a temporary folder; `removeLater` adds a folder made elsewhere to those removed at the end. */
export interface TemporaryFolders {
  (): string;
  removeLater(path: string): void;
}

/**
 * A maker of temporary folders named `<prefix>XXXXXX`, all removed after the calling test file's tests.
 * Call it at the top level of a test file.
 */
export function temporaryFolders(prefix: string): TemporaryFolders {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const make = () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  return Object.assign(make, { removeLater: (path: string) => void dirs.push(path) });
}
