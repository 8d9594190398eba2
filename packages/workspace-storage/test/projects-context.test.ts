// Projects, context, status and GC (reference T10-WS-03, -06, -07, -11b and hardening cases).
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  calculateHealth,
  formatProjectHeader,
  formatProjectIndicator,
  healthEmoji,
  parseHealthStatus,
  type RegisteredProject,
  SqliteWorkspaceStorage,
  type WorkspaceContextSnapshot,
} from '../src/index.js';
import { fillDriftData, initialized, tempDir, withDb, workspace } from './helpers.js';

/** Adds a registered project row directly, as another tool sharing the registry would. */
function addProject(dbPath: string, id: string, name: string, root: string): void {
  withDb(dbPath, (db) =>
    db
      .prepare('INSERT INTO project_registry (id, name, root_path, drift_path) VALUES (?, ?, ?, ?)')
      .run(id, name, root, join(root, '.drift')),
  );
}

describe('the project registry', () => {
  it('resolves by exact name, root path, id and unique fragment', () => {
    const storage = initialized();
    const { dbPath, root } = storage.paths();
    const own = storage.activeProject()!;
    addProject(dbPath, 'proj-b', 'billing-service', '/srv/billing');
    addProject(dbPath, 'proj-c', 'catalog-service', '/srv/catalog');
    expect(storage.resolveProject(basename(root)).id).toBe(own.id);
    expect(storage.resolveProject(root).id).toBe(own.id);
    expect(storage.resolveProject('/srv/billing').name).toBe('billing-service');
    expect(storage.resolveProject('proj-c').name).toBe('catalog-service');
    expect(storage.resolveProject('billing').name).toBe('billing-service');
  });

  it('a fragment matching several projects is AMBIGUOUS_PROJECT; no match is PROJECT_NOT_FOUND', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    addProject(dbPath, 'proj-b', 'billing-service', '/srv/billing');
    addProject(dbPath, 'proj-c', 'catalog-service', '/srv/catalog');
    expect(() => storage.resolveProject('service')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', workspaceCode: 'AMBIGUOUS_PROJECT' }),
    );
    expect(() => storage.resolveProject('nonexistent')).toThrowError(
      expect.objectContaining({ code: 'NOT_FOUND', workspaceCode: 'PROJECT_NOT_FOUND' }),
    );
    expect(() => storage.resolveProject('%')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('finds an unregistered project by a folder that has a drift folder', () => {
    const storage = initialized();
    const other = join(tempDir(), 'elsewhere');
    mkdirSync(join(other, '.drift'), { recursive: true });
    expect(storage.resolveProject(other)).toMatchObject({
      name: 'elsewhere',
      rootPath: other,
      isActive: false,
      healthStatus: 'unknown',
    });
  });

  it('switching deactivates the current project, activates the new one and logs an event', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    const first = storage.activeProject()!;
    addProject(dbPath, 'proj-b', 'billing-service', '/srv/billing');
    const switched = storage.switchProject('billing-service');
    expect(switched).toMatchObject({ id: 'proj-b', isActive: true });
    expect(storage.activeProject()?.id).toBe('proj-b');
    expect(storage.listProjects().find((p) => p.id === first.id)?.isActive).toBe(false);
    const event = withDb(dbPath, (db) =>
      db.prepare("SELECT details FROM workspace_events WHERE event_type = 'project_switch'").get(),
    ) as { details: string };
    expect(JSON.parse(event.details)).toEqual({ project_id: 'proj-b', project_name: 'billing-service' });
  });

  it('switching to a project found on disk registers it', () => {
    const storage = initialized();
    const other = join(tempDir(), 'detected');
    mkdirSync(join(other, '.drift'), { recursive: true });
    expect(storage.switchProject(other)).toMatchObject({ name: 'detected', isActive: true });
    expect(storage.listProjects()).toHaveLength(2);
  });

  it('no active project reads as null, not an error', () => {
    const storage = initialized();
    withDb(storage.paths().dbPath, (db) => db.prepare('UPDATE project_registry SET is_active = 0').run());
    expect(storage.activeProject()).toBeNull();
    expect(storage.workspaceStatus().activeProject).toBeNull();
  });

  it('allows only one active project (unique index)', () => {
    const storage = initialized();
    expect(() =>
      withDb(storage.paths().dbPath, (db) =>
        db
          .prepare(
            "INSERT INTO project_registry (id, name, root_path, drift_path, is_active) VALUES ('p2', 'x', '/x', '/x/.drift', 1)",
          )
          .run(),
      ),
    ).toThrow(/UNIQUE/);
  });

  it('formats health indicators and project lines', () => {
    expect((['healthy', 'warning', 'critical', 'unknown'] as const).map(healthEmoji)).toEqual([
      '🟢',
      '🟡',
      '🔴',
      '⚪',
    ]);
    expect(parseHealthStatus('warning')).toBe('warning');
    expect(parseHealthStatus('invalid')).toBe('unknown');
    const project: RegisteredProject = {
      id: 'test-id',
      name: 'my-project',
      rootPath: '/tmp/my-project',
      driftPath: '/tmp/my-project/.drift',
      healthStatus: 'healthy',
      isActive: true,
    };
    expect(formatProjectIndicator(project)).toBe('[my-project]');
    expect(formatProjectHeader(project)).toBe('🟢 my-project — /tmp/my-project');
  });
});

describe('context', () => {
  it('a fresh workspace has its context: project facts, no scan, no analyses', () => {
    const root = tempDir();
    const storage = workspace(root, { driftVersion: '1.2.3' });
    storage.initialize('');
    const ctx = storage.context();
    expect(ctx.project).toEqual({
      name: basename(root),
      rootPath: root,
      schemaVersion: '9',
      driftVersion: '1.2.3',
      lastScanAt: null,
      healthScore: null,
      languages: [],
      frameworks: [],
    });
    expect(Object.values(ctx.analysis).every((flag) => flag === false)).toBe(true);
  });

  it('refreshing picks up a recorded scan time and the analyses that have rows', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    withDb(dbPath, (db) =>
      db.prepare("INSERT INTO workspace_config (key, value) VALUES ('last_scan_at', '2026-02-09')").run(),
    );
    fillDriftData(dbPath, { functions: 1 });
    expect(storage.context().project.lastScanAt).toBeNull(); // stale until refreshed
    storage.refreshContext();
    const ctx = storage.context();
    expect(ctx.project.lastScanAt).toBe('2026-02-09');
    expect(ctx.analysis).toMatchObject({ callGraphBuilt: true, testTopologyBuilt: false });
  });

  it('without a recorded time, the newest scan of scan_history counts as the last scan', () => {
    const storage = initialized();
    fillDriftData(storage.paths().dbPath, { scans: [100, 250] });
    storage.refreshContext();
    expect(storage.context().project.lastScanAt).toBe('250');
  });

  it('the agent context warns before the first scan', () => {
    const storage = initialized();
    const agent = storage.agentContext();
    expect(agent.summary).toBe(`Project '${basename(storage.paths().root)}' at ${storage.paths().root}`);
    expect(agent.availableCommands).toContain('drift scan');
    expect(agent.warnings.some((w) => w.includes('No scan'))).toBe(true);
    expect(agent.readiness).toEqual({ scanned: false, callGraphBuilt: false, memoryInitialized: false });
  });

  it('a workspace without drift’s schema reads every analysis as absent', () => {
    const storage = SqliteWorkspaceStorage.open(tempDir());
    storage.initialize('');
    storage.refreshContext();
    expect(storage.context().analysis.callGraphBuilt).toBe(false);
  });
});

describe('health and status', () => {
  const snapshot = (lastScanAt: string | null, all: boolean): WorkspaceContextSnapshot => ({
    project: {
      name: 't',
      rootPath: '/t',
      schemaVersion: '9',
      driftVersion: '0',
      lastScanAt,
      healthScore: null,
      languages: [],
      frameworks: [],
    },
    analysis: {
      callGraphBuilt: all,
      testTopologyBuilt: all,
      couplingBuilt: all,
      dnaProfileExists: all,
      constantsExtracted: all,
      constraintsMined: all,
      contractsDetected: all,
      securityScanned: all,
    },
    loadedAt: 0,
  });

  it('unknown before a scan, healthy with every analysis, warning with none (100-15-10-10-10 = 55)', () => {
    expect(calculateHealth(snapshot(null, true))).toBe('unknown');
    expect(calculateHealth(snapshot('2026-02-09', true))).toBe('healthy');
    expect(calculateHealth(snapshot('2026-02-09', false))).toBe('warning');
  });

  it('refreshContext records the active project’s health', () => {
    const storage = initialized();
    fillDriftData(storage.paths().dbPath, { scans: [100] });
    storage.refreshContext();
    expect(storage.activeProject()?.healthStatus).toBe('warning');
  });

  it('the status report of a fresh workspace', () => {
    const storage = initialized();
    const status = storage.workspaceStatus();
    expect(status).toMatchObject({
      initialized: true,
      contextLoaded: true,
      migrationNeeded: false,
      schemaVersion: 9,
      backupCount: 0,
      healthStatus: 'unknown',
      workspaceLayout: { kind: 'singleProject' },
      lockStatus: 'unlocked',
    });
    expect(status.activeProject?.isActive).toBe(true);
    expect(status.diskUsage.driftDbBytes).toBeGreaterThan(0);
    expect(status.diskUsage.totalBytes).toBe(
      status.diskUsage.driftDbBytes +
        status.diskUsage.cortexDbBytes +
        status.diskUsage.backupsBytes +
        status.diskUsage.cacheBytes,
    );
  });

  it('a workspace without drift’s schema needs a migration', () => {
    const storage = SqliteWorkspaceStorage.open(tempDir());
    storage.initialize('');
    expect(storage.workspaceStatus()).toMatchObject({ schemaVersion: 0, migrationNeeded: true });
  });
});

describe('garbage collection', () => {
  it('deletes workspace events older than the retention, keeps recent ones', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    withDb(dbPath, (db) =>
      db
        .prepare(
          "INSERT INTO workspace_events (event_type, details, created_at) VALUES ('test', 'old', datetime('now', '-100 days'))",
        )
        .run(),
    );
    expect(storage.garbageCollect({ dryRun: true }).oldEventsDeleted).toBe(1);
    expect(storage.garbageCollect({ retentionDays: 90 }).oldEventsDeleted).toBe(1);
    const left = withDb(dbPath, (db) => db.prepare('SELECT event_type FROM workspace_events').all());
    expect(left).toEqual([{ event_type: 'workspace_init' }]);
  });

  it('returns free pages to the file system', () => {
    const storage = initialized();
    const { dbPath } = storage.paths();
    fillDriftData(dbPath, { detections: 5000 });
    withDb(dbPath, (db) => db.prepare('DELETE FROM detections').run());
    const dry = storage.garbageCollect({ dryRun: true });
    expect(dry.pagesFreed).toBeGreaterThan(0);
    const report = storage.garbageCollect();
    expect(report.pagesFreed).toBe(dry.pagesFreed);
    expect(report.bytesFreed).toBe(report.pagesFreed * 4096);
    expect(storage.workspaceStatus().diskUsage.reclaimableBytes).toBe(0);
  });

  it('garbageCollect removes cache files older than 30 days; gc() leaves the cache and reports 0 (reference)', () => {
    const storage = initialized();
    const { cachePath, dbPath } = storage.paths();
    mkdirSync(cachePath, { recursive: true });
    writeFileSync(join(cachePath, 'old.bin'), 'x');
    writeFileSync(join(cachePath, 'new.bin'), 'y');
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(join(cachePath, 'old.bin'), longAgo, longAgo);
    withDb(dbPath, (db) =>
      db
        .prepare(
          "INSERT INTO workspace_events (event_type, created_at) VALUES ('x', datetime('now', '-91 days'))",
        )
        .run(),
    );
    // The reference's IWorkspaceStorage::gc (drift-core workspace/sqlite_storage.rs) deletes events older
    // than 90 days, checkpoints, and returns orphan_files_removed: 0 without touching the cache.
    expect(storage.gc()).toEqual({
      orphanFilesRemoved: 0,
      staleCacheEntriesRemoved: 1,
      walCheckpointed: true,
      freedBytes: 0,
    });
    expect(storage.diskUsage().cacheBytes).toBe(2);
    // Its garbage_collect (workspace/gc.rs) removes cache files untouched for more than 30 days.
    expect(storage.garbageCollect()).toMatchObject({ oldEventsDeleted: 0, orphanedFilesDeleted: 1 });
    expect(storage.diskUsage().cacheBytes).toBe(1);
  });

  it('a dry run counts every free page and old events, and reports no cache files (reference gc.rs)', () => {
    // drift-core workspace/gc.rs: with dry_run it sets pages_freed to freelist_count (max_pages is not
    // applied), counts the old events, and returns before the cache step (orphaned_files_deleted 0).
    const storage = initialized();
    const { cachePath, dbPath } = storage.paths();
    fillDriftData(dbPath, { detections: 5000 });
    withDb(dbPath, (db) => db.prepare('DELETE FROM detections').run());
    mkdirSync(cachePath, { recursive: true });
    writeFileSync(join(cachePath, 'old.bin'), 'x');
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(join(cachePath, 'old.bin'), longAgo, longAgo);
    const free = withDb(dbPath, (db) => db.pragma('freelist_count', { simple: true }) as number);
    expect(free).toBeGreaterThan(1);
    const dry = storage.garbageCollect({ dryRun: true, maxPages: 1 });
    expect(dry.pagesFreed).toBe(free);
    expect(dry.bytesFreed).toBe(free * 4096);
    expect(dry.orphanedFilesDeleted).toBe(0);
    expect(storage.diskUsage().cacheBytes).toBe(1);
  });

  it('rejects bad options', () => {
    expect(() => initialized().garbageCollect({ retentionDays: -1 })).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'options.retentionDays' }),
    );
  });
});
