// The project registry: resolving an identifier to a project, switching the active project, health
// indicators and their display.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { WorkspaceError } from './errors.js';
import type { WorkspaceStore } from './store.js';
import type { HealthStatus, RegisteredProject } from './types.js';

const HEALTH_EMOJI: Readonly<Record<HealthStatus, string>> = {
  healthy: '🟢',
  warning: '🟡',
  critical: '🔴',
  unknown: '⚪',
};

/** The coloured dot shown for a health status. */
export function healthEmoji(status: HealthStatus): string {
  return HEALTH_EMOJI[status];
}

/** Reads a stored health status; anything unrecognised is `unknown`. */
export function parseHealthStatus(value: string): HealthStatus {
  return Object.hasOwn(HEALTH_EMOJI, value) ? (value as HealthStatus) : 'unknown';
}

/** A new project id: the creation time in milliseconds and random bits, as 16 hex digits. */
export function generateProjectId(): string {
  return `proj-${Date.now().toString(16).padStart(12, '0').slice(-12)}${randomBytes(2).toString('hex')}`;
}

/**
 * Resolves a project identifier in five steps: exact name, root path, id, unique name fragment, and
 * finally a folder on disk that has a drift folder (returned unregistered). Several projects matching
 * a fragment is `INVALID_INPUT` (AMBIGUOUS_PROJECT); nothing matching is `NOT_FOUND` (PROJECT_NOT_FOUND).
 */
export function resolveProject(
  store: WorkspaceStore,
  identifier: string,
  driftDir = '.drift',
): RegisteredProject {
  const exact =
    store.findProject('name', identifier) ??
    store.findProject('rootPath', identifier) ??
    (identifier.length > 0 ? store.findProject('rootPath', resolve(identifier)) : null) ??
    store.findProject('id', identifier);
  if (exact !== null) return exact;

  const partial = identifier.length > 0 ? store.findProjectsByNameFragment(identifier) : [];
  if (partial.length === 1) return partial[0]!;
  if (partial.length > 1) {
    throw new WorkspaceError(
      'AMBIGUOUS_PROJECT',
      `project identifier ${JSON.stringify(identifier)} matches several projects (${partial.map((p) => p.name).join(', ')}); use a full name, path or id`,
      { operation: 'resolveProject', field: 'identifier' },
    );
  }

  if (identifier.length > 0) {
    const root = resolve(identifier);
    if (existsSync(join(root, driftDir))) {
      return {
        id: generateProjectId(),
        name: basename(root) || 'unnamed',
        rootPath: root,
        driftPath: join(root, driftDir),
        healthStatus: 'unknown',
        isActive: false,
      };
    }
  }
  throw new WorkspaceError('PROJECT_NOT_FOUND', `no project matches ${JSON.stringify(identifier)}`, {
    operation: 'resolveProject',
    field: 'identifier',
  });
}

/**
 * Makes the project `identifier` resolves to the active one (registering it first when it was only
 * found on disk), logs a `project_switch` event, and returns it as now stored.
 */
export function switchProject(
  store: WorkspaceStore,
  identifier: string,
  driftDir = '.drift',
): RegisteredProject {
  return store.transaction(() => {
    const project = resolveProject(store, identifier, driftDir);
    if (store.findProject('id', project.id) === null) store.insertProject(project);
    store.activateProject(project.id);
    store.logEvent('project_switch', JSON.stringify({ project_id: project.id, project_name: project.name }));
    const stored = store.findProject('id', project.id);
    if (stored === null) {
      throw new WorkspaceError(
        'PROJECT_NOT_FOUND',
        `project ${JSON.stringify(project.name)} could not be registered`,
        {
          operation: 'switchProject',
          field: 'identifier',
        },
      );
    }
    return stored;
  });
}

/** The short project tag of CLI output: `[name]`. */
export function formatProjectIndicator(project: RegisteredProject): string {
  return `[${project.name}]`;
}

/** The project line of CLI status output: health dot, name and root. */
export function formatProjectHeader(project: RegisteredProject): string {
  return `${healthEmoji(project.healthStatus)} ${project.name} — ${project.rootPath}`;
}
