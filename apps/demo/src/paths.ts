// The checks of the paths a user gives, cheap enough to run before anything heavy is loaded.
import { accessSync, constants, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A failure the user can act on, reported as one line (bad path, unusable workspace, ...). */
export class DemoError extends Error {
  override readonly name: string = 'DemoError';
}

/** The run was stopped through its signal (Ctrl-C on the command line); the workspace was closed cleanly. */
export class DemoInterrupted extends DemoError {
  override readonly name = 'DemoInterrupted';
}

/** The message of an error on one line. */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();

/** Refuses a repository path that does not exist or is not a folder. */
export function checkRepository(path: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DemoError(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `repository path ${path} does not exist`
        : `cannot read repository path ${path}: ${oneLine(error)}`,
    );
  }
  if (!isDirectory) throw new DemoError(`repository path ${path} is a file, not a folder`);
}

/**
 * Creates (or checks) the workspace folder, or makes a new temporary one for null. A folder that cannot be
 * created or written is refused.
 */
export function prepareWorkspace(path: string | null): { path: string; temporary: boolean } {
  if (path === null) return { path: mkdtempSync(join(tmpdir(), 'drift-demo-')), temporary: true };
  try {
    mkdirSync(path, { recursive: true });
    if (!statSync(path).isDirectory()) throw new Error('not a folder');
    accessSync(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOTDIR' || code === 'EEXIST'
        ? 'it or one of its parent folders is a file'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'permission denied'
          : oneLine(error);
    throw new DemoError(`cannot use workspace folder ${path}: ${reason}`);
  }
  return { path, temporary: false };
}
