import { describe, expect, it } from 'vitest';
import { ENGINES, fileEngineWithRaw, nowSeconds, setStamp } from './helpers/engines.js';

/**
 * The largest i32: approach and token counts are i32 in the reference (drift-core
 * traits/storage/drift_advanced.rs insert_simulation, insert_context_cache). 2^40 used to be stored,
 * which the reference cannot take.
 */
const LARGE = 2 ** 31 - 1;

describe.each(ENGINES)('IDriftAdvanced on a %s engine', (_name, open) => {
  it('records simulations with increasing ids and returns them newest first, limited, every field', () => {
    const e = open();
    const before = nowSeconds();
    const first = e.insertSimulation('refactor', 'split the module', 3, null, 1.5, 4, 9.25);
    const second = e.insertSimulation(
      'migrate',
      'Déplacer vers ESM — モジュール',
      LARGE,
      'incremental ✓',
      0,
      0.5,
      1e9,
    );
    const third = e.insertSimulation('fix', 'third', 1, 'direct', 2, 2, 2);
    const after = nowSeconds();
    expect([first, second, third]).toEqual([1, 2, 3]);
    for (const row of e.getSimulations(10)) {
      expect(row.createdAt).toBeGreaterThanOrEqual(before);
      expect(row.createdAt).toBeLessThanOrEqual(after);
    }
    // Same-second simulations tie. queries/advanced.rs get_simulations: ORDER BY created_at DESC
    // LIMIT; SQLite scans idx_simulations_created backwards: newest rowid first.
    setStamp(e, 'simulations', 'created_at', 1_700_000_000);
    const rows = e.getSimulations(10);
    expect(rows.map((r) => r.id)).toEqual([3, 2, 1]);
    const { createdAt, ...rest } = rows[1]!;
    expect(rest).toStrictEqual({
      id: 2,
      taskCategory: 'migrate',
      taskDescription: 'Déplacer vers ESM — モジュール',
      approachCount: LARGE,
      recommendedApproach: 'incremental ✓',
      p10Effort: 0,
      p50Effort: 0.5,
      p90Effort: 1e9,
    });
    expect(createdAt).toBe(1_700_000_000);
    expect(rows[2]!.recommendedApproach).toBeNull();
    expect(e.getSimulations(2).map((r) => r.id)).toEqual([3, 2]);
    expect(e.getSimulations(0)).toEqual([]);
  });
});

describe('IDriftAdvanced stored columns', () => {
  it('stores every decision, context cache and project column, with the store defaults', () => {
    const { engine, raw } = fileEngineWithRaw();
    const before = nowSeconds();
    engine.insertDecision('architecture', 'use an event bus', 'abc123', 0.9, '["p1"]', 'Zoë', '["a.ts"]');
    engine.insertDecision('naming', 'n', null, 0.25, null, null, null);
    engine.insertContextCache('séance', 'fix_bug', 'deep', LARGE, 'hash-ü');
    engine.createMigrationProject('Port', 'typescript', 'rust', 'express', 'axum');
    engine.createMigrationProject('Bare', 'python', 'go', null, null);
    const after = nowSeconds();
    const decisions = raw.prepare('SELECT * FROM decisions ORDER BY id').all() as Record<string, unknown>[];
    expect(decisions.map(({ created_at: _, ...d }) => d)).toEqual([
      {
        id: 1,
        category: 'architecture',
        description: 'use an event bus',
        commit_sha: 'abc123',
        confidence: 0.9,
        related_patterns: '["p1"]',
        author: 'Zoë',
        files_changed: '["a.ts"]',
      },
      {
        id: 2,
        category: 'naming',
        description: 'n',
        commit_sha: null,
        confidence: 0.25,
        related_patterns: null,
        author: null,
        files_changed: null,
      },
    ]);
    const context = raw.prepare('SELECT * FROM context_cache').get() as Record<string, unknown>;
    expect(context).toMatchObject({
      id: 1,
      session_id: 'séance',
      intent: 'fix_bug',
      depth: 'deep',
      token_count: LARGE,
      content_hash: 'hash-ü',
    });
    const projects = raw.prepare('SELECT * FROM migration_projects ORDER BY id').all() as Record<
      string,
      unknown
    >[];
    expect(projects.map(({ created_at: _, ...p }) => p)).toEqual([
      {
        id: 1,
        name: 'Port',
        source_language: 'typescript',
        target_language: 'rust',
        source_framework: 'express',
        target_framework: 'axum',
        status: 'active',
      },
      {
        id: 2,
        name: 'Bare',
        source_language: 'python',
        target_language: 'go',
        source_framework: null,
        target_framework: null,
        status: 'active',
      },
    ]);
    for (const row of [...decisions, context, ...projects]) {
      expect(row.created_at).toBeGreaterThanOrEqual(before);
      expect(row.created_at).toBeLessThanOrEqual(after);
    }
  });

  it('sets a module status and stamps updated_at, touching no other module', () => {
    const { engine, raw } = fileEngineWithRaw();
    const project = engine.createMigrationProject('p', 'ts', 'rs', null, null);
    const a = engine.createMigrationModule(project, 'a');
    const b = engine.createMigrationModule(project, 'b');
    const modules = () =>
      raw
        .prepare(
          'SELECT id, project_id, module_name, status, spec_content, updated_at FROM migration_modules ORDER BY id',
        )
        .all();
    expect(modules()).toMatchObject([
      { id: a, project_id: project, module_name: 'a', status: 'pending', spec_content: null },
      { id: b, project_id: project, module_name: 'b', status: 'pending', spec_content: null },
    ]);
    raw.prepare('UPDATE migration_modules SET updated_at = 1000').run();
    const before = nowSeconds();
    engine.updateModuleStatus(b, 'in_progress ✓');
    engine.updateModuleStatus(999, 'ghost'); // unknown module: nothing to update, no error
    const rows = modules() as { status: string; updated_at: number }[];
    expect(rows.map((r) => r.status)).toEqual(['pending', 'in_progress ✓']);
    expect(rows[0]!.updated_at).toBe(1000);
    expect(rows[1]!.updated_at).toBeGreaterThanOrEqual(before);
    expect((raw.prepare('SELECT count(*) AS n FROM migration_modules').get() as { n: number }).n).toBe(2);
  });

  it('returns simulations by created_at, newest first, not by id', () => {
    const { engine, raw } = fileEngineWithRaw();
    for (const c of ['a', 'b', 'c']) engine.insertSimulation(c, c, 1, null, 1, 2, 3);
    const update = raw.prepare('UPDATE simulations SET created_at = ? WHERE id = ?');
    update.run(3000, 2);
    update.run(2000, 1);
    update.run(1000, 3);
    expect(engine.getSimulations(3).map((s) => [s.taskCategory, s.createdAt])).toEqual([
      ['b', 3000],
      ['a', 2000],
      ['c', 1000],
    ]);
    expect(engine.getSimulations(1).map((s) => s.id)).toEqual([2]);
  });
});
