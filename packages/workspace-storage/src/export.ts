// Export of a workspace to one portable, compacted SQLite file (VACUUM INTO), and import of such a
// file in place of drift.db, verified before anything is replaced.
import { mkdirSync } from 'node:fs';
import { currentRegistry, requireInitialized } from './backup.js';
import { checkDestination, checkSource, requireExistingRoot } from './paths.js';
import { prepareReplacement, removeDatabaseFile, replaceLiveDatabase, writeVerifiedCopy } from './replace.js';
import { fileSize } from './status.js';
import type { WorkspaceHandle } from './store.js';

/** What `export(destination)` wrote: one compacted (`VACUUM INTO`), integrity-checked database file. */
export interface ExportManifest {
  /** When it was exported, seconds since the epoch. */
  readonly exportedAt: number;
  /** drift's schema version in the export. */
  readonly schemaVersion: number;
  /** Version of the software that exported it. */
  readonly driftVersion: string;
  /** Size in bytes of the exported file, after compaction. */
  readonly sizeBytes: number;
  /** Absolute path of the file. */
  readonly path: string;
}

/**
 * Writes drift.db, compacted by `VACUUM INTO`, to the new file `destination`, verified by a full
 * integrity check (`CORRUPT` EXPORT_CORRUPTED otherwise, and nothing is left behind).
 */
export function exportWorkspace(ws: WorkspaceHandle, destination: string): ExportManifest {
  const target = checkDestination('export', 'destination', destination, [
    ws.paths.dbPath,
    ws.paths.cortexDbPath,
  ]);
  requireInitialized(ws, 'export');
  ws.checkDatabase('read');
  const guard = ws.lock.acquire('read', 'export');
  try {
    const facts = writeVerifiedCopy(ws, ws.paths.dbPath, target, {
      method: 'vacuum',
      verify: true,
      corruptCode: 'EXPORT_CORRUPTED',
      operation: 'export',
      field: 'destination',
    });
    return {
      exportedAt: Math.floor(Date.now() / 1000),
      schemaVersion: facts.userVersion,
      driftVersion: ws.settings.driftVersion,
      sizeBytes: fileSize(target),
      path: target,
    };
  } finally {
    guard.release();
  }
}

/**
 * Replaces drift.db with the database file `source`. The source is checked (it exists, is a file,
 * is not drift.db itself) and copied; the copy must be a SQLite database passing a full integrity
 * check, with drift's tables and a schema version not newer than supported. Only then is drift.db
 * replaced, atomically, keeping this workspace's backup registry. A refused or failed import leaves
 * the workspace exactly as it was.
 */
export function importWorkspace(ws: WorkspaceHandle, source: string): void {
  const file = checkSource('import', 'source', source, [ws.paths.dbPath, ws.paths.cortexDbPath]);
  requireExistingRoot(ws.paths.root, 'import');
  mkdirSync(ws.paths.driftPath, { recursive: true });
  const guard = ws.lock.acquire('write', 'import');
  let prepared: string | null = null;
  try {
    // Refused before the source is copied: a live drift.db that is not this build's to replace, or in use.
    ws.checkDatabase('replace');
    if (ws.databaseExists()) ws.files.assertNotInUse(ws.paths.dbPath);
    prepared = prepareReplacement(ws, file, {
      operation: 'import',
      describe: `import source ${file}`,
      corruptCode: 'IMPORT_CORRUPTED',
    });
    const registry = currentRegistry(ws);
    ws.at(prepared, (store) =>
      store.transaction(() => {
        store.replaceBackups(registry);
        store.logEvent('workspace_import', JSON.stringify({ source: file }));
      }),
    );
    replaceLiveDatabase(ws, prepared, ws.paths.dbPath);
  } finally {
    if (prepared !== null) removeDatabaseFile(prepared);
    guard.release();
  }
}
