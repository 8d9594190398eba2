// The options of SqliteWorkspaceStorage.open, checked and resolved into the settings the workspace
// modules read.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { checkOption, isCount } from './arguments.js';
import { DEFAULT_BACKUP_CONFIG } from './backup.js';
import type { WorkspaceSettings } from './store.js';
import type { BackupConfig } from './types.js';

/** The operation an option error names in its message (its `operation` detail is `open`). */
const OPEN = 'SqliteWorkspaceStorage.open';

/** How {@link SqliteWorkspaceStorage.open} sets up a workspace storage. */
export interface SqliteWorkspaceStorageOptions {
  /** Name of the drift folder under the project root (default `.drift`). */
  readonly driftDir?: string;
  /**
   * Installs or upgrades drift's own schema in a database file, e.g.
   * `(path) => DriftStorageEngine.open(path).close()` with `@drift/storage-sqlite`. Called by
   * `initialize` (before the workspace tables are added) and on the verified copy during import and
   * restore. Without it, drift.db holds the workspace tables only and drift's tables read as empty.
   */
  readonly installDriftSchema?: (dbPath: string) => void;
  /** The newest drift schema version accepted from imports and restores (default 9). */
  readonly supportedSchemaVersion?: number;
  /** drift.toml template written by `initialize` (`default`, `strict`, `ci`; default `default`). */
  readonly template?: string;
  /** Backup verification and retention (defaults: {@link DEFAULT_BACKUP_CONFIG}). */
  readonly backup?: Partial<BackupConfig>;
  /** Version recorded as drift_version (default: this package's version). */
  readonly driftVersion?: string;
  /** Milliseconds a connection waits for another one's lock before `BUSY` (default 5000). */
  readonly busyTimeoutMs?: number;
}

/** The drift schema version of `@drift/storage-sqlite` at the time of writing. */
const DEFAULT_SUPPORTED_SCHEMA_VERSION = 9;

let packageVersion: string | null = null;
/** This package's version, read once from its package.json. */
function ownVersion(): string {
  if (packageVersion === null) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        version?: unknown;
      };
      packageVersion = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
    } catch {
      packageVersion = '0.0.0';
    }
  }
  return packageVersion;
}

/** Validates the options and resolves them into settings. */
export function resolveSettings(options: SqliteWorkspaceStorageOptions): WorkspaceSettings {
  checkOption(
    OPEN,
    'driftDir',
    options.driftDir,
    (v) => typeof v === 'string' && v.length > 0 && !isAbsolute(v) && !v.split(/[/\\]/).includes('..'),
    'a relative folder name inside the project root',
    'open',
  );
  checkOption(
    OPEN,
    'installDriftSchema',
    options.installDriftSchema,
    (v) => typeof v === 'function',
    'a function',
    'open',
  );
  checkOption(
    OPEN,
    'supportedSchemaVersion',
    options.supportedSchemaVersion,
    isCount,
    'a non-negative integer',
    'open',
  );
  checkOption(OPEN, 'template', options.template, (v) => typeof v === 'string', 'a string', 'open');
  checkOption(
    OPEN,
    'driftVersion',
    options.driftVersion,
    (v) => typeof v === 'string' && v.length > 0,
    'a non-empty string',
    'open',
  );
  checkOption(OPEN, 'busyTimeoutMs', options.busyTimeoutMs, isCount, 'a non-negative integer', 'open');
  checkOption(
    OPEN,
    'backup',
    options.backup,
    (v) => typeof v === 'object' && v !== null,
    'an object',
    'open',
  );
  const backup = { ...DEFAULT_BACKUP_CONFIG, ...options.backup };
  for (const key of ['maxOperational', 'maxDaily', 'maxWeekly', 'maxTotalSizeMb'] as const) {
    checkOption(OPEN, `backup.${key}`, backup[key], isCount, 'a non-negative integer', 'open');
  }
  checkOption(
    OPEN,
    'backup.verifyAfterBackup',
    backup.verifyAfterBackup,
    (v) => typeof v === 'boolean',
    'a boolean',
    'open',
  );
  return {
    supportedSchemaVersion: options.supportedSchemaVersion ?? DEFAULT_SUPPORTED_SCHEMA_VERSION,
    driftVersion: options.driftVersion ?? ownVersion(),
    template: options.template ?? 'default',
    backup: Object.freeze(backup),
    installDriftSchema: options.installDriftSchema ?? null,
  };
}
