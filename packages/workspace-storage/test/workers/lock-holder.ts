// Child process of the lock tests: takes the workspace lock of the workspace at argv[2] in mode
// argv[3], tells the parent, and holds it until the parent says `release` (or kills the process).
import { isStorageError } from '@drift/storage-traits';
import { type LockMode, SqliteWorkspaceStorage } from '../../src/index.js';

const [root, mode] = process.argv.slice(2) as [string, LockMode];
const storage = SqliteWorkspaceStorage.open(root);
try {
  const guard = storage.acquireLock(mode, 'lock-holder');
  process.send?.({ locked: true, pid: process.pid });
  process.on('message', (message) => {
    if (message === 'release') {
      guard.release();
      process.send?.({ released: true }, () => process.exit(0));
    }
  });
} catch (error) {
  process.send?.({ error: isStorageError(error) ? error.code : String(error) }, () => process.exit(1));
}
