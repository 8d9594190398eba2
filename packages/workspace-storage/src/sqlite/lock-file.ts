// The primitive behind the workspace lock: a SQLite transaction on the lock file, which the operating
// system releases when the holding process dies.
import { isSqliteBusy } from '@drift/storage-traits/sqlite';
import type { LockMode, LockPrimitive } from '../lock.js';
import { connect, type Db } from './connection.js';

/** The operating-system lock behind the workspace lock: a transaction on the lock file, released by the kernel when its process dies. */
export function lockPrimitive(lockPath: string): LockPrimitive {
  let db: Db | null = null;
  return {
    tryAcquire(mode: LockMode, operation: string): boolean {
      db = connect(lockPath, 'create', 0, operation);
      try {
        if (mode === 'write') {
          db.exec('BEGIN EXCLUSIVE');
        } else {
          db.exec('BEGIN');
          db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
        }
        return true;
      } catch (error) {
        if (isSqliteBusy(error)) return false;
        throw error;
      }
    },
    release(): void {
      const held = db;
      db = null;
      if (held === null || !held.open) return;
      try {
        if (held.inTransaction) held.exec('ROLLBACK');
      } finally {
        held.close();
      }
    },
  };
}
