// The workspace lock: shared for operations that only read the workspace (backups, exports), exclusive
// for those that replace or remove it (initialize, import, restore, reset, delete). The lock itself is
// an operating-system file lock provided by sqlite/lock-file.ts, so the kernel releases it when its
// process dies: a lock left by a crashed process never blocks a workspace.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { WorkspaceError } from './errors.js';
import { readRegularFile, refuseSpecialFile, specialFileKind } from './files.js';

/** Shared (`read`) or exclusive (`write`). */
export type LockMode = 'read' | 'write';

/** Every {@link LockMode}. */
export const LOCK_MODES: readonly LockMode[] = ['read', 'write'];

/** What a probe of the lock saw (read locks of other processes are not visible to a probe). */
export type LockStatus = 'unlocked' | 'readLocked' | 'writeLocked';

/** One attempt at the operating-system lock behind a {@link WorkspaceLock}. */
export interface LockPrimitive {
  /**
   * Takes the lock without waiting; false when another holder prevents it. A lock file that is not a
   * regular file is refused (naming `operation`) before it is opened.
   */
  tryAcquire(mode: LockMode, operation: string): boolean;
  /** Gives the lock back (idempotent). */
  release(): void;
}

/** A held lock; release it when the operation is over. */
export interface LockGuard {
  /** The mode held. */
  readonly mode: LockMode;
  /** Releases this hold (idempotent); the lock is freed when the outermost hold is released. */
  release(): void;
}

/** Who holds a write lock, written beside the lock file to make a `BUSY` message useful. */
interface OwnerNote {
  readonly pid: number;
  readonly operation: string;
  readonly since: string;
}

/** True when a process with this id exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * The lock of one workspace, as seen by one storage object. Holds nest: an operation that holds the
 * write lock may run operations that need the read or write lock (a restore takes a safety backup).
 * Another storage object, in this process or another, gets `BUSY` at once instead of waiting.
 */
export class WorkspaceLock {
  readonly #path: string;
  readonly #open: () => LockPrimitive;
  #held: { mode: LockMode; primitive: LockPrimitive; depth: number } | null = null;

  /** A lock on the file at `path`, taken through primitives made by `open`. */
  constructor(path: string, open: () => LockPrimitive) {
    this.#path = path;
    this.#open = open;
  }

  /** Path of the lock file. */
  path(): string {
    return this.#path;
  }

  /** The mode this storage holds, or null. */
  heldMode(): LockMode | null {
    return this.#held?.mode ?? null;
  }

  /** Takes the lock in `mode` for `operation`, or throws `BUSY` (WORKSPACE_LOCKED) at once. */
  acquire(mode: LockMode, operation: string): LockGuard {
    const held = this.#held;
    if (held !== null) {
      if (held.mode === 'read' && mode === 'write') {
        throw new WorkspaceError(
          'WORKSPACE_LOCKED',
          `${operation}: this storage holds the workspace's read lock; release it before an operation that changes the workspace`,
          { operation, path: this.#path },
        );
      }
      held.depth += 1;
      return this.#guard(mode);
    }
    this.#requireFolder(operation);
    const primitive = this.#open();
    let acquired = false;
    try {
      acquired = primitive.tryAcquire(mode, operation);
    } finally {
      if (!acquired) primitive.release();
    }
    if (!acquired) throw this.#busy(mode, operation);
    this.#held = { mode, primitive, depth: 1 };
    if (mode === 'write') this.#writeOwner(operation);
    return this.#guard(mode);
  }

  /**
   * What the lock looks like from here: this storage's own hold, else a momentary shared probe
   * (`operation` names the caller when the lock file is refused).
   */
  probe(operation = 'lockStatus'): LockStatus {
    if (this.#held !== null) return this.#held.mode === 'write' ? 'writeLocked' : 'readLocked';
    if (!existsSync(dirname(this.#path))) return 'unlocked';
    refuseSpecialFile(operation, this.#path);
    const primitive = this.#open();
    try {
      return primitive.tryAcquire('read', operation) ? 'unlocked' : 'writeLocked';
    } finally {
      primitive.release();
    }
  }

  /** Releases every hold of this storage (used when the storage closes). */
  releaseAll(): void {
    const held = this.#held;
    if (held === null) return;
    this.#held = null;
    if (held.mode === 'write') rmSync(this.#ownerPath(), { force: true });
    held.primitive.release();
  }

  #guard(mode: LockMode): LockGuard {
    let released = false;
    return {
      mode,
      release: () => {
        if (released) return;
        released = true;
        const held = this.#held;
        if (held === null) return;
        held.depth -= 1;
        if (held.depth === 0) this.releaseAll();
      },
    };
  }

  /** Refuses (`NOT_FOUND`, NOT_INITIALIZED) to lock a workspace whose drift folder does not exist. */
  #requireFolder(operation: string): void {
    const folder = dirname(this.#path);
    if (!existsSync(folder)) {
      throw new WorkspaceError(
        'NOT_INITIALIZED',
        `${operation}: the drift folder ${folder} does not exist; call initialize() first`,
        { operation, path: folder },
      );
    }
  }

  #ownerPath(): string {
    return `${this.#path}.owner`;
  }

  #writeOwner(operation: string): void {
    const note: OwnerNote = { pid: process.pid, operation, since: new Date().toISOString() };
    try {
      // Opening a FIFO for writing would block until a reader comes: such a note is not written.
      if (specialFileKind(this.#ownerPath()) !== null) return;
      writeFileSync(this.#ownerPath(), JSON.stringify(note));
    } catch {
      // The note only improves messages; the lock holds without it.
    }
  }

  #busy(mode: LockMode, operation: string): WorkspaceError {
    let holder = '';
    try {
      const note = JSON.parse(readRegularFile(this.#ownerPath(), operation)) as OwnerNote;
      if (note.pid !== process.pid && processAlive(note.pid)) {
        holder = ` (process ${note.pid} has held it for '${note.operation}' since ${note.since})`;
      }
    } catch {
      // No note, or an unreadable one: the message goes without the holder.
    }
    const wants = mode === 'write' ? 'exclusive' : 'shared';
    return new WorkspaceError(
      'WORKSPACE_LOCKED',
      `${operation}: the workspace is locked by another operation${holder}; it needs the ${wants} lock ${this.#path}. Retry when that operation has finished (a lock of a process that died is released by the operating system)`,
      { operation, path: this.#path },
    );
  }
}
