// Refusing special files before anything opens them. Opening a FIFO blocks until its other end is
// opened, and a folder, socket or device is never a database, a manifest or a configuration file: every
// file this package reads or opens is checked here first, so no operation can block on one.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { nonRegularFileKind } from '@drift/storage-traits/sqlite';
import { WorkspaceError } from './errors.js';

/**
 * What `path` is when it exists and is not a regular file (`a FIFO`, `a directory`, ...), or null when
 * it is missing or a regular file (symbolic links are followed). Other file-system errors are thrown.
 */
export function specialFileKind(path: string): string | null {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
  return stats.isFile() ? null : nonRegularFileKind(stats);
}

/** The refusal of a special file: `INVALID_INPUT` (INVALID_PATH) naming the operation, the file and what it is. */
export function specialFileError(operation: string, path: string, what: string): WorkspaceError {
  return new WorkspaceError(
    'INVALID_PATH',
    `${operation}: ${path} is ${what}, not a regular file; refusing to open it (nothing was changed). Remove or rename it`,
    { operation, path },
  );
}

/** Throws {@link specialFileError} when `path` exists and is not a regular file; a missing file passes. */
export function refuseSpecialFile(operation: string, path: string): void {
  const what = specialFileKind(path);
  if (what !== null) throw specialFileError(operation, path, what);
}

/** `O_NONBLOCK` where the platform has it, so that a FIFO swapped in after the check cannot block the open. */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a regular file as UTF-8. A missing file throws ENOENT as `readFileSync` does; anything that
 * is not a regular file is refused with {@link specialFileError} without being read.
 */
export function readRegularFile(path: string, operation: string): string {
  refuseSpecialFile(operation, path);
  const fd = openSync(path, READ_FLAGS);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw specialFileError(operation, path, nonRegularFileKind(stats));
    const chunks: Buffer[] = [];
    const chunk = Buffer.alloc(64 * 1024);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, read)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
