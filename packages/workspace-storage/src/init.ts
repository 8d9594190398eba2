// Workspace initialization: the drift folder, drift.db with drift's schema (through the application's
// installer) and the workspace tables, the detected languages, frameworks and monorepo packages, the
// project record, and drift.toml.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { manifestsOnDisk } from './backup.js';
import { parseStringList, refreshWorkspaceContext } from './context.js';
import { detectFrameworks, detectLanguages, generateConfigTemplate } from './detect.js';
import { applyDriftSchema, type SchemaInstall } from './migration.js';
import { detectWorkspace, registerPackages } from './monorepo.js';
import { requireExistingRoot } from './paths.js';
import { generateProjectId } from './project.js';
import { fileSize } from './status.js';
import type { WorkspaceHandle, WorkspaceStore } from './store.js';
import type { PackageInfo } from './types.js';

/**
 * Options of `initialize(path, options)`: the drift.toml template and whether to re-detect an existing
 * workspace.
 */
export interface InitOptions {
  /** drift.toml template (`default`, `strict`, `ci`); default: the storage's `template` option. */
  readonly template?: string;
  /** Re-run detection and re-record the configuration even when drift.db exists (default false). */
  readonly force?: boolean;
}

/** What `initialize(path, options)` found or made. */
export interface WorkspaceInfo {
  /** Absolute project root the workspace was initialized in. */
  readonly rootPath: string;
  /** Absolute drift folder (`<root>/.drift` unless configured otherwise). */
  readonly driftPath: string;
  /** drift's schema version after initialization (0 without a schema installer). */
  readonly schemaVersion: number;
  /** False when drift.db existed and was only brought up to date. */
  readonly isNew: boolean;
  /** Detected languages (as recorded, for an existing workspace). */
  readonly languages: readonly string[];
  /** Detected frameworks (as recorded, for an existing workspace). */
  readonly frameworks: readonly string[];
}

/** True when the workspace rooted at `root` has a drift.db. */
export function isInitialized(root: string, driftDir = '.drift'): boolean {
  return existsSync(join(root, driftDir, 'drift.db'));
}

/** Records a successful schema installation that changed the version. */
function recordInstall(store: WorkspaceStore, install: SchemaInstall | null): void {
  if (install !== null && install.fromVersion !== install.toVersion) store.insertMigration(install);
}

/** The monorepo packages of the root; a manifest that does not parse registers none. */
function detectPackages(root: string): PackageInfo[] | null {
  try {
    const layout = detectWorkspace(root);
    return layout.kind === 'monorepo' ? layout.packages : null;
  } catch {
    return null;
  }
}

/**
 * Initializes the workspace, idempotently and under the exclusive lock. A new workspace gets the drift
 * folder, the backup folder, drift.db (drift's schema from the application's installer, then the
 * workspace tables), its recorded configuration (name, root, versions, detected languages and
 * frameworks), the active project, its monorepo packages, an init event, the context and, when
 * missing, drift.toml. An existing one is only brought up to date, unless `force` is set.
 *
 * drift.db is refused before anything is written or created (the file byte-identical, no lock file
 * made): a special file (`INVALID_INPUT`), a damaged one or a SQLite database of another application
 * whatever its `user_version` (`CORRUPT`), a drift.db newer than supported (`SCHEMA_TOO_NEW`). A failed
 * schema installation records nothing.
 */
export function workspaceInit(ws: WorkspaceHandle, options: InitOptions = {}): WorkspaceInfo {
  const { paths, settings } = ws;
  requireExistingRoot(paths.root, 'initialize');
  // Refused before anything is made (not even the lock file), and again under the lock.
  ws.checkDatabase('create');
  mkdirSync(paths.driftPath, { recursive: true });
  const guard = ws.lock.acquire('write', 'initialize');
  try {
    ws.checkDatabase('create');
    // A zero-byte drift.db holds nothing: it is initialized as a new one.
    const existing = ws.databaseExists() && fileSize(paths.dbPath) > 0;
    if (existing && options.force !== true) {
      const install = applyDriftSchema(ws, paths.dbPath);
      return ws.create((store) => {
        recordInstall(store, install);
        return {
          rootPath: paths.root,
          driftPath: paths.driftPath,
          schemaVersion: store.userVersion(),
          isNew: false,
          languages: parseStringList(store.getConfig('detected_languages')),
          frameworks: parseStringList(store.getConfig('detected_frameworks')),
        };
      });
    }

    mkdirSync(paths.backupDir, { recursive: true });
    const install = applyDriftSchema(ws, paths.dbPath);
    const languages = detectLanguages(paths.root);
    const frameworks = detectFrameworks(paths.root);
    const packages = detectPackages(paths.root);
    const projectName = basename(paths.root) || 'unnamed';
    const knownBackups = manifestsOnDisk(ws);
    const schemaVersion = ws.create((store) => {
      store.transaction(() => {
        recordInstall(store, install);
        const version = store.userVersion();
        const config: ReadonlyArray<readonly [string, string]> = [
          ['project_name', projectName],
          ['root_path', paths.root],
          ['drift_version', settings.driftVersion],
          ['schema_version', String(version)],
          ['detected_languages', JSON.stringify(languages)],
          ['detected_frameworks', JSON.stringify(frameworks)],
        ];
        for (const [key, value] of config) store.setConfig(key, value);
        store.insertProject({
          id: generateProjectId(),
          name: projectName,
          rootPath: paths.root,
          driftPath: paths.driftPath,
        });
        const project = store.findProject('rootPath', paths.root);
        if (project !== null && store.activeProject() === null) store.activateProject(project.id);
        if (packages !== null) registerPackages(store, packages);
        if (store.listBackups().length === 0 && knownBackups.length > 0) store.replaceBackups(knownBackups);
        store.logEvent(
          'workspace_init',
          JSON.stringify({ project_name: projectName, languages, frameworks }),
        );
      });
      refreshWorkspaceContext(store);
      return store.userVersion();
    });

    if (!existsSync(paths.tomlPath)) {
      try {
        writeFileSync(
          paths.tomlPath,
          generateConfigTemplate(options.template ?? settings.template, projectName),
          {
            flag: 'wx',
          },
        );
      } catch (error) {
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
    }
    return {
      rootPath: paths.root,
      driftPath: paths.driftPath,
      schemaVersion,
      isNew: true,
      languages,
      frameworks,
    };
  } finally {
    guard.release();
  }
}
