// The checks of the paths a user gives, cheap enough to run before anything heavy is loaded.
import { accessSync, constants, mkdirSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

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

/** Why a folder cannot hold a workspace, from the code of the failure. */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'it or one of its parent folders is a file';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  // ENOENT from a mkdir whose parent exists: a file system that holds no folders of ours (/proc, /sys).
  if (code === 'ENOENT') return 'folders cannot be created there';
  return oneLine(error);
}

/**
 * Creates the folder and its missing parents one at a time (never Node's recursive mkdir, which loops
 * forever where a mkdir fails with ENOENT under an existing parent, as in /proc).
 */
function createFolders(path: string): void {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    let exists = false;
    try {
      const stat = statSync(current);
      if (!stat.isDirectory()) {
        throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' });
      }
      exists = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (exists) break;
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) mkdirSync(folder);
}

/**
 * Creates (or checks) the workspace folder, or makes a new temporary one for null. A folder that cannot
 * be created, or in which a folder cannot be created and removed again (a read-only or special file
 * system such as /proc), is refused with a {@link DemoError}; nothing here can hang.
 */
export function prepareWorkspace(path: string | null): { path: string; temporary: boolean } {
  if (path === null) return { path: mkdtempSync(join(tmpdir(), 'drift-demo-')), temporary: true };
  try {
    createFolders(path);
    accessSync(path, constants.W_OK);
    // The workspace creates folders in it (.drift, .drift-backups): try one.
    rmdirSync(mkdtempSync(join(path, '.drift-probe-')));
  } catch (error) {
    throw new DemoError(`cannot use workspace folder ${path}: ${reasonOf(error)}`);
  }
  return { path, temporary: false };
}
