import { decodeCursor } from '@drift/storage-traits';
import { violation } from '@drift/storage-traits/testing';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DriftStorageEngine } from '../src/engine.js';
import { type DriftViews, viewReads } from '../src/queries/views.js';
import type { ReadExecutor } from '../src/statements.js';
import { fileEngineWithRaw, rawWriteExecutor, storageErrorOf } from './helpers/engines.js';

/** The view functions bound to an executor. */
function viewsOver(x: ReadExecutor): DriftViews {
  return {
    statusView: () => viewReads.statusView(x),
    securityView: () => viewReads.securityView(x),
    healthTrend: (days) => viewReads.healthTrend(x, days),
    queryViolationsPage: (cursor, limit) => viewReads.queryViolationsPage(x, cursor, limit),
  };
}

interface Setup {
  /** Writes through the engine's enforcement methods. */
  readonly engine: DriftStorageEngine;
  /** A raw connection to the same file, to set store-assigned timestamps. */
  readonly raw: BetterSqlite3.Database;
  /** The views under test. */
  readonly views: DriftViews;
}

// The views run both through a minimal executor over a raw connection and through the engine.
const SETUPS: readonly (readonly [string, () => Setup])[] = [
  [
    'a direct executor',
    () => {
      const { engine, raw } = fileEngineWithRaw();
      return { engine, raw, views: viewsOver(rawWriteExecutor(raw)) };
    },
  ],
  [
    'the engine',
    () => {
      const { engine, raw } = fileEngineWithRaw();
      return { engine, raw, views: engine };
    },
  ],
];

const failure = storageErrorOf;

/** Every id, page by page, following `nextCursor`. */
function allPages(views: DriftViews, limit: number): string[][] {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = views.queryViolationsPage(cursor, limit);
    pages.push(page.items.map((v) => v.id));
    cursor = page.nextCursor;
    expect(page.hasMore).toBe(cursor !== null);
  } while (cursor !== null && pages.length < 100);
  return pages;
}

describe.each(SETUPS)('materialized views through %s', (_name, setup) => {
  it('answers zeros and empty lists on an empty database', () => {
    const { views } = setup();
    expect(views.statusView()).toStrictEqual({
      healthScore: 0,
      avgConfidence: 0,
      patternCount: 0,
      violationCount: 0,
      gatePassCount: 0,
      gateFailCount: 0,
      lastUpdated: 0,
    });
    expect(views.securityView()).toStrictEqual({
      criticalCount: 0,
      highCount: 0,
      totalSecurityViolations: 0,
    });
    expect(views.healthTrend(30)).toEqual([]);
    expect(views.queryViolationsPage(null, 5)).toStrictEqual({
      items: [],
      total: 0,
      hasMore: false,
      nextCursor: null,
    });
  });

  it('status: the latest snapshot, unsuppressed violations, and gates of the latest run time', () => {
    const { engine, raw, views } = setup();
    const snapshot = (healthScore: number, avgConfidence: number, patternCount: number) =>
      engine.insertAuditSnapshot({
        healthScore,
        avgConfidence,
        approvalRatio: 0.5,
        complianceRate: 0.5,
        crossValidationRate: 0.5,
        duplicateFreeRate: 0.5,
        patternCount,
        categoryScores: null,
        createdAt: 0,
      });
    snapshot(0.85, 0.72, 2 ** 32 - 1); // id 1, made the newest below; pattern_count is u32 in the reference
    snapshot(0.3, 0.1, 7); // id 2
    raw.prepare('UPDATE audit_snapshots SET created_at = ? WHERE id = ?').run(5000, 1);
    raw.prepare('UPDATE audit_snapshots SET created_at = ? WHERE id = ?').run(4000, 2);

    engine.insertViolation(violation({ id: 'v1' }));
    engine.insertViolation(violation({ id: 'v2', severity: 'warning', cweId: 79 }));
    engine.insertViolation(violation({ id: 'v3', suppressed: true }));
    engine.insertViolation(violation({ id: 'v4', isNew: true }));

    const stamp = raw.prepare(
      'UPDATE gate_results SET run_at = ? WHERE id = (SELECT max(id) FROM gate_results)',
    );
    const run = (gateId: string, passed: boolean, runAt: number) => {
      engine.insertGateResult({
        gateId,
        status: passed ? 'passed' : 'failed',
        passed,
        score: 50,
        summary: 's',
        violationCount: 0,
        warningCount: 0,
        executionTimeMs: 1,
        details: null,
        error: null,
        runAt: 0,
      });
      stamp.run(runAt);
    };
    run('g1', false, 100);
    run('g1', true, 200);
    run('g2', false, 200);
    run('g3', true, 200);
    run('g4', true, 150); // not of the latest run time: not counted
    run('g5', false, 100);

    expect(views.statusView()).toStrictEqual({
      healthScore: 0.85,
      avgConfidence: 0.72,
      patternCount: 2 ** 32 - 1,
      violationCount: 3,
      gatePassCount: 2,
      gateFailCount: 1,
      lastUpdated: 5000,
    });
  });

  it('security: unsuppressed violations with a CWE, by severity', () => {
    const { engine, views } = setup();
    engine.insertViolation(violation({ id: 'sc1', severity: 'error', cweId: 89 }));
    engine.insertViolation(violation({ id: 'sc2', severity: 'warning', cweId: 79 }));
    engine.insertViolation(violation({ id: 'sc3', severity: 'error', cweId: 95, suppressed: true }));
    engine.insertViolation(violation({ id: 'sc4', severity: 'error', cweId: null }));
    engine.insertViolation(violation({ id: 'sc5', severity: 'error', cweId: 22 }));
    engine.insertViolation(violation({ id: 'sc6', severity: 'info', cweId: 200 }));
    engine.insertViolation(violation({ id: 'sc7', severity: 'warning', cweId: null }));
    expect(views.securityView()).toStrictEqual({
      criticalCount: 2,
      highCount: 1,
      totalSecurityViolations: 4,
    });
  });

  it('healthTrend: health_score samples of the last N days, in time order', () => {
    const { engine, raw, views } = setup();
    for (const value of [0.1, 0.2, 0.3, 0.4, 0.5]) engine.insertHealthTrend('health_score', value);
    engine.insertHealthTrend('confidence', 0.99);
    const now = Math.floor(Date.now() / 1000);
    const stamp = raw.prepare('UPDATE health_trends SET recorded_at = ? WHERE id = ?');
    const day = 86_400;
    stamp.run(now - 40 * day, 1); // outside a 30-day window
    stamp.run(now - 20 * day, 2);
    stamp.run(now - 2 * day, 3);
    stamp.run(now - 1 * day, 4);
    stamp.run(now - 2 * day, 5); // same stamp as 3: insertion order breaks the tie
    stamp.run(now - 1 * day, 6); // another metric: never part of the trend
    expect(views.healthTrend(30)).toStrictEqual([
      { value: 0.2, timestamp: now - 20 * day },
      { value: 0.3, timestamp: now - 2 * day },
      { value: 0.5, timestamp: now - 2 * day },
      { value: 0.4, timestamp: now - 1 * day },
    ]);
    expect(views.healthTrend(3).map((p) => p.value)).toEqual([0.3, 0.5, 0.4]);
    expect(views.healthTrend(365).map((p) => p.value)).toEqual([0.1, 0.2, 0.3, 0.5, 0.4]);
    expect(views.healthTrend(0)).toEqual([]);
    expect(() => views.healthTrend(-1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('pages violations by id with exact hasMore, nextCursor and total, every field intact', () => {
    const { engine, views } = setup();
    const full = violation({
      id: 'v03',
      file: 'src/ünï.ts',
      line: 2 ** 32 - 2, // u32 in the reference (queries/enforcement.rs ViolationRow)
      column: 3,
      endLine: 2 ** 32 - 1,
      endColumn: 9,
      severity: 'warning',
      message: 'ユーザー ✓',
      quickFixStrategy: 'wrap',
      quickFixDescription: 'd',
      cweId: 79,
      owaspCategory: 'A03',
      suppressed: true,
      isNew: true,
    });
    for (const id of ['v05', 'v01', 'v07', 'v02', 'v06', 'v04']) engine.insertViolation(violation({ id }));
    engine.insertViolation(full);

    const first = views.queryViolationsPage(null, 3);
    expect(first.items.map((v) => v.id)).toEqual(['v01', 'v02', 'v03']);
    expect(first.items[2]).toStrictEqual(full);
    expect(first.items[0]).toStrictEqual(violation({ id: 'v01' }));
    expect(first.total).toBe(7);
    expect(first.hasMore).toBe(true);
    expect(decodeCursor(first.nextCursor!)).toStrictEqual({ lastSortValue: 'v03', lastId: 'v03' });

    const second = views.queryViolationsPage(first.nextCursor, 3);
    expect(second.items.map((v) => v.id)).toEqual(['v04', 'v05', 'v06']);
    expect(second.hasMore).toBe(true);
    const third = views.queryViolationsPage(second.nextCursor, 3);
    expect(third).toStrictEqual({
      items: [violation({ id: 'v07' })],
      total: 7,
      hasMore: false,
      nextCursor: null,
    });

    // A last page that is exactly full has no next page.
    expect(allPages(views, 7)).toEqual([['v01', 'v02', 'v03', 'v04', 'v05', 'v06', 'v07']]);
    expect(allPages(views, 1)).toEqual([['v01'], ['v02'], ['v03'], ['v04'], ['v05'], ['v06'], ['v07']]);
    expect(views.queryViolationsPage(null, 100).hasMore).toBe(false);
  });

  it('neither repeats nor skips rows when rows are inserted or deleted between pages', () => {
    const { engine, raw, views } = setup();
    for (const id of ['b', 'd', 'f', 'h', 'j']) engine.insertViolation(violation({ id }));
    const first = views.queryViolationsPage(null, 2);
    expect(first.items.map((v) => v.id)).toEqual(['b', 'd']);

    engine.insertViolation(violation({ id: 'a' })); // before the cursor: already passed
    engine.insertViolation(violation({ id: 'c' })); // before the cursor
    engine.insertViolation(violation({ id: 'e' })); // after the cursor: must appear
    engine.insertViolation(violation({ id: 'z' })); // at the end: must appear
    raw.prepare('DELETE FROM violations WHERE id = ?').run('d'); // the cursor row itself

    const seen = [...first.items.map((v) => v.id)];
    let cursor = first.nextCursor;
    let last = first;
    while (cursor !== null) {
      last = views.queryViolationsPage(cursor, 2);
      seen.push(...last.items.map((v) => v.id));
      cursor = last.nextCursor;
    }
    expect(seen).toEqual(['b', 'd', 'e', 'f', 'h', 'j', 'z']);
    expect(last.total).toBe(8);
  });

  it('orders ids by their bytes and includes the empty id on the first page', () => {
    const { engine, views } = setup();
    for (const id of ['é', 'a', 'Z', '', '10', '9']) engine.insertViolation(violation({ id }));
    expect(allPages(views, 4)).toEqual([
      ['', '10', '9', 'Z'],
      ['a', 'é'],
    ]);
  });

  it('refuses a malformed cursor and a limit below 1 with INVALID_INPUT', () => {
    const { engine, views } = setup();
    engine.insertViolation(violation({ id: 'v1' }));
    expect(failure(() => views.queryViolationsPage('not a cursor!', 2)).code).toBe('INVALID_INPUT');
    expect(failure(() => views.queryViolationsPage(null, 0)).code).toBe('INVALID_INPUT');
    expect(failure(() => views.queryViolationsPage(null, 1.5)).code).toBe('INVALID_INPUT');
  });
});
