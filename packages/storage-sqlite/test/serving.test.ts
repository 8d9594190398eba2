// IDriftServing on SQLite: what the shared conformance suite cannot check through the seam. Routing of
// each method to its connection, retention by age and its atomicity (rows backdated through a raw
// side connection), incremental vacuum, alert expiry, the export allow-list against injection,
// read-only engines, argument checks and CLOSED.
import {
  ANALYSIS_FINDING_TABLES,
  DEFAULT_RETENTION_POLICY,
  DRIFT_SERVING_METHODS,
  DRIFT_STORAGE_BACKEND_METHODS,
  DRIFT_STORAGE_METHODS,
  type PatternStatusRow,
} from '@drift/storage-traits';
import { detection, sampleRow, violation } from '@drift/storage-traits/testing';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { DriftStorageEngine, queryMethodRoles, routingOf } from '../src/engine.js';
import { DRIFT_TABLES } from '../src/migrations/index.js';
import { servingReads, servingWrites } from '../src/queries/serving.js';
import { VIEW_ARGUMENTS } from '../src/queries/views.js';
import type { ReadExecutor } from '../src/statements.js';
import {
  ENGINES,
  fileEngineWithRaw,
  nowSeconds,
  rawWriteExecutor,
  storageErrorOf,
  track,
} from './helpers/engines.js';
import { fileDigest, tempDbPath } from './helpers/temp.js';

const DAY = 86_400;
const BATCH_METHODS = ['sendRaw', 'flush', 'flushSync', 'stats', 'shutdown'];

type Engine = DriftStorageEngine;

function status(
  patternId: string,
  value: string,
  approvedBy: string | null,
  updatedAt: number,
): PatternStatusRow {
  return {
    patternId,
    status: value,
    approvedBy,
    approvedAt: approvedBy === null ? null : updatedAt,
    confidenceAtApproval: approvedBy === null ? null : 0.5,
    reason: null,
    updatedAt,
  };
}

/** The shared detection row with sample row `line`'s values, in `file` at `line`, of `patternId` and `category`. */
function detectionAt(file: string, patternId: string, category: string, line: number) {
  return detection({ ...sampleRow('InsertDetections', line), file, patternId, category, line });
}

function alert(message: string) {
  return { ...sampleRow('InsertDegradationAlerts', 0), id: 0, createdAt: 0, message };
}

function trackFile(engine: Engine, path: string): void {
  const raw = new BetterSqlite3(engine.path()!);
  try {
    raw
      .prepare(
        'INSERT INTO file_metadata (path, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) VALUES (?, 1, ?, 0, 0, 0)',
      )
      .run(path, Buffer.from([1]));
  } finally {
    raw.close();
  }
}

const count = (db: BetterSqlite3.Database, table: string, where = '1'): number =>
  (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

const tableNames = (db: BetterSqlite3.Database): string[] =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);

/** Valid arguments for every IDriftServing method (writes chosen to be harmless). */
const CALLS: Readonly<Record<(typeof DRIFT_SERVING_METHODS)[number], readonly unknown[]>> = {
  runRetention: [DEFAULT_RETENTION_POLICY],
  upsertPatternStatus: [status('p-1', 'approved', 'user', 100)],
  getPatternStatus: ['p-1'],
  queryPatternStatuses: [null],
  countPatternsByStatus: [],
  queryPatternsForAudit: [],
  clearRecoveredAlerts: [],
  clearFindings: [['error_gaps']],
  getViolation: ['v-1'],
  queryTaintFlows: [10, true],
  queryErrorGaps: [10],
  queryImpactScores: [10],
  queryAllTestQuality: [],
  queryAllWrappers: [],
  queryAllCryptoFindings: [],
  queryAllContracts: [],
  queryBoundaryFrameworks: [],
  readTableRows: ['violations', 0, 10],
  maxRowCursor: [],
};

const call = (engine: Engine, name: string, args: readonly unknown[]): unknown =>
  (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);

describe('the serving query module and the engine routing table', () => {
  it('implements every IDriftServing method exactly once: 4 writes, the rest reads', () => {
    const reads = Object.keys(servingReads);
    const writes = Object.keys(servingWrites);
    expect([...reads, ...writes].sort()).toEqual([...DRIFT_SERVING_METHODS].sort());
    expect(writes.sort()).toEqual([
      'clearFindings',
      'clearRecoveredAlerts',
      'runRetention',
      'upsertPatternStatus',
    ]);
  });

  it('runs every storage and serving method but the five batch methods as a read or as a write', () => {
    track(DriftStorageEngine.openInMemory());
    const roles = [...queryMethodRoles()].filter(([name]) => !(name in VIEW_ARGUMENTS));
    const reads = roles.filter(([, role]) => role === 'read').map(([name]) => name);
    const writes = roles.filter(([, role]) => role === 'write').map(([name]) => name);
    expect(reads.filter((m) => writes.includes(m))).toEqual([]);
    const expected = [
      ...DRIFT_STORAGE_METHODS.filter((m) => !BATCH_METHODS.includes(m)),
      ...DRIFT_SERVING_METHODS,
    ];
    expect([...reads, ...writes].sort()).toEqual(expected.sort());
    expect(reads.length + writes.length).toBe(168 - 5 + 19);
  });

  it('installs all 191 DriftStorageBackend methods on the engine', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    expect(DRIFT_STORAGE_BACKEND_METHODS).toHaveLength(168 + 19 + 4);
    const missing = DRIFT_STORAGE_BACKEND_METHODS.filter(
      (m) => typeof (engine as unknown as Record<string, unknown>)[m] !== 'function',
    );
    expect(missing).toEqual([]);
  });
});

describe.each(ENGINES)('IDriftServing routing on a %s engine', (_kind, open) => {
  it('runs each read on a reader executor only, and each write on the writer only', () => {
    const engine = open();
    engine.insertViolation(violation({ id: 'v-1' }));
    engine.upsertPatternStatus(status('p-1', 'approved', 'user', 100));
    const { reader, writer } = routingOf(engine);
    const spies = {
      reader: [vi.spyOn(reader, 'get'), vi.spyOn(reader, 'all')],
      writer: [
        vi.spyOn(writer, 'get'),
        vi.spyOn(writer, 'all'),
        vi.spyOn(writer, 'run'),
        vi.spyOn(writer, 'transaction'),
      ],
    };
    const used = (role: 'reader' | 'writer') => spies[role].reduce((n, spy) => n + spy.mock.calls.length, 0);
    const writes = new Set(Object.keys(servingWrites));
    try {
      for (const name of DRIFT_SERVING_METHODS) {
        const before = { reader: used('reader'), writer: used('writer'), usage: engine.connectionUsage() };
        call(engine, name, CALLS[name]);
        const usage = engine.connectionUsage();
        const [on, off] = writes.has(name)
          ? (['writer', 'reader'] as const)
          : (['reader', 'writer'] as const);
        expect(used(on) - before[on], `${name} on the ${on}`).toBeGreaterThan(0);
        expect(used(off) - before[off], `${name} not on the ${off}`).toBe(0);
        expect(usage[on] - before.usage[on], `${name} statements on the ${on}`).toBeGreaterThan(0);
        expect(usage[off], `${name} no statement on the ${off}`).toBe(before.usage[off]);
        expect(usage.batch, `${name} never on the batch connection`).toBe(before.usage.batch);
      }
    } finally {
      vi.restoreAllMocks();
    }
    expect(engine.getViolation('v-1')?.id).toBe('v-1');
  });
});

describe('readTableRows: table names as the reference takes them', () => {
  it('reads every table of the migrated schema (none is WITHOUT ROWID), empty on a new database', () => {
    const { engine, raw } = fileEngineWithRaw();
    expect(engine.countFiles()).toBe(0);
    const schema = tableNames(raw).filter((t) => !t.startsWith('sqlite_'));
    expect(schema).toHaveLength(46);
    expect(DRIFT_TABLES.map((t) => t.name).sort()).toEqual(schema);
    expect(DRIFT_TABLES.filter((t) => t.withoutRowid)).toEqual([]);
    const withoutRowid = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%WITHOUT ROWID%'")
      .all();
    expect(withoutRowid).toEqual([]);
    for (const table of schema) expect(engine.readTableRows(table, 0, 5), table).toEqual([]);
    for (const table of ANALYSIS_FINDING_TABLES) expect(schema, table).toContain(table);
  });

  // drift-napi bindings/cloud.rs drift_cloud_read_rows: a name whose characters are all alphanumeric
  // (Rust char::is_alphanumeric) or '_' is read with SELECT *, rowid ... FROM <name>, whatever table
  // it is; any other name is refused before SQL runs; a name that is no table fails in SQLite. This
  // test expected an allow-list of the 46 drift tables before, which the reference does not have.
  it('refuses names with other characters with INVALID_INPUT, leaving the database unchanged', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.insertViolation(violation({ id: 'v-1' }));
    raw.exec('CREATE TABLE x (a INTEGER)');
    const tablesBefore = tableNames(raw);
    for (const table of [
      'violations; DROP TABLE x',
      'violations WHERE 1; DROP TABLE x; --',
      '"violations"',
      'main.violations',
      ' violations',
      'violations-2',
    ]) {
      const error = storageErrorOf(() => engine.readTableRows(table, 0, 10));
      expect(error.code, table).toBe('INVALID_INPUT');
      expect(error.field, table).toBe('table');
      expect(error.message, table).toContain(`invalid table name ${JSON.stringify(table)}`);
    }
    expect(tableNames(raw)).toEqual(tablesBefore);
    expect(count(raw, 'violations')).toBe(1);
  });

  it('reads any other table the file holds, and fails with SQLITE_ERROR on a name that is no table', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.insertViolation(violation({ id: 'v-1' }));
    raw.exec(
      "CREATE TABLE workspace_config (key TEXT PRIMARY KEY, value TEXT); INSERT INTO workspace_config VALUES ('k', 'v')",
    );
    expect(engine.readTableRows('workspace_config', 0, 10)).toEqual([{ key: 'k', value: 'v', _rowid: 1 }]);
    expect(engine.readTableRows('VIOLATIONS', 0, 10).map((r) => r.id)).toEqual(['v-1']); // SQLite names ignore ASCII case
    expect(engine.readTableRows('sqlite_sequence', 0, 10)).toEqual([]); // no autoincrement id handed out yet
    for (const table of ['no_such_table', '', 'ünïcode_tablé']) {
      const error = storageErrorOf(() => engine.readTableRows(table, 0, 10));
      expect(error.code, table).toBe('SQLITE_ERROR');
      expect(error.message, table).toMatch(/no such table/);
    }
    expect(engine.readTableRows('violations', 0, 10).map((r) => r.id)).toEqual(['v-1']);
  });

  it('refuses an integer past 2^53 with OUT_OF_RANGE instead of rounding it', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.insertViolation(violation({ id: 'v-1' }));
    raw.prepare('UPDATE violations SET created_at = ?').run(2n ** 53n + 1n);
    const error = storageErrorOf(() => engine.readTableRows('violations', 0, 10));
    expect(error.code).toBe('OUT_OF_RANGE');
    expect(error.message).toContain('violations.created_at');
    raw.prepare('UPDATE violations SET created_at = ?').run(2 ** 53 - 1);
    // The export reads every column as i64 (no u32 domain): a line of -1 exports as it is.
    raw.prepare('UPDATE violations SET line = -1').run();
    expect(engine.readTableRows('violations', 0, 10)).toMatchObject([{ created_at: 2 ** 53 - 1, line: -1 }]);
  });

  it('converts values: integers and reals to numbers, text to strings, blobs to lowercase hex, null to null', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    engine.insertParseCache(new Uint8Array([0x00, 0xab, 0x0f, 0xff]), 'rust', 'é 日本', 2 ** 40);
    engine.insertViolation(violation({ id: 'v-1', line: 2 ** 32 - 1, cweId: null })); // line: u32 in the reference
    const [cached] = engine.readTableRows('parse_cache', 0, 10);
    expect(cached).toEqual({
      content_hash: '00ab0fff',
      language: 'rust',
      parse_result_json: 'é 日本',
      created_at: 2 ** 40,
      _rowid: 1,
    });
    const [v] = engine.readTableRows('violations', 0, 10);
    expect(v).toMatchObject({ id: 'v-1', line: 2 ** 32 - 1, cwe_id: null, suppressed: 0, _rowid: 1 });
    // an INTEGER PRIMARY KEY is the rowid itself: `_rowid` equals `id`
    const id = engine.insertWrapper({ ...sampleRow('InsertWrappers', 0), id: null });
    const [w] = engine.readTableRows('wrappers', 0, 10);
    expect(w).toMatchObject({ id, _rowid: id, confidence: sampleRow('InsertWrappers', 0).confidence });
  });

  it('maxRowCursor answers 0 on a database without sqlite_sequence', () => {
    const db = new BetterSqlite3(':memory:');
    try {
      db.exec('CREATE TABLE t (a INTEGER)');
      expect(servingReads.maxRowCursor(rawWriteExecutor(db) as ReadExecutor)).toBe(0);
      db.exec(
        'CREATE TABLE s (id INTEGER PRIMARY KEY AUTOINCREMENT); INSERT INTO s DEFAULT VALUES; INSERT INTO s DEFAULT VALUES',
      );
      expect(servingReads.maxRowCursor(rawWriteExecutor(db) as ReadExecutor)).toBe(2);
    } finally {
      db.close();
    }
  });
});

describe('runRetention on SQLite', () => {
  it('deletes rows past each tier (backdated through a raw connection), orphans first, and reports them in cleaning order', () => {
    const { engine, raw } = fileEngineWithRaw();
    const now = nowSeconds();
    trackFile(engine, 'src/a.ts');
    engine.insertViolation(violation({ id: 'v-old', file: 'src/a.ts' }));
    engine.insertViolation(violation({ id: 'v-young', file: 'src/a.ts' }));
    engine.insertDetections([detectionAt('src/gone.ts', 'p', 'c', 1), detectionAt('src/a.ts', 'p', 'c', 2)]);
    engine.insertDegradationAlert(alert('old alert'));
    engine.insertHealthTrend('health', 0.5);
    engine.insertHealthTrend('health', 0.75);
    engine.insertParseCache(new Uint8Array([1]), 'ts', '{}', now - 366 * DAY);
    engine.insertParseCache(new Uint8Array([2]), 'ts', '{}', now - 364 * DAY);
    raw.prepare('UPDATE violations SET created_at = ? WHERE id = ?').run(now - 31 * DAY, 'v-old');
    raw.prepare('UPDATE violations SET created_at = ? WHERE id = ?').run(now - 29 * DAY, 'v-young');
    raw.prepare('UPDATE degradation_alerts SET created_at = ?').run(now - 40 * DAY);
    raw.prepare('UPDATE health_trends SET recorded_at = ? WHERE metric_value = 0.5').run(now - 91 * DAY);

    const result = engine.runRetention(DEFAULT_RETENTION_POLICY);
    expect(result.perTable).toEqual([
      { table: 'detections (orphan)', deleted: 1 },
      { table: 'violations', deleted: 1 },
      { table: 'degradation_alerts', deleted: 1 },
      { table: 'health_trends', deleted: 1 },
      { table: 'parse_cache', deleted: 1 },
    ]);
    expect(result.totalDeleted).toBe(5);
    expect(Number.isInteger(result.durationMs) && result.durationMs >= 0).toBe(true);
    expect(raw.prepare('SELECT id FROM violations').pluck().all()).toEqual(['v-young']);
    expect(count(raw, 'detections')).toBe(1);
    expect(count(raw, 'health_trends')).toBe(1);
    expect(engine.countParseCache()).toBe(1);

    // shorter tiers delete more: 28 days takes the 29-day-old violation too
    expect(engine.runRetention({ shortDays: 28, mediumDays: 90, longDays: 365 }).perTable).toEqual([
      { table: 'violations', deleted: 1 },
    ]);
  });

  it('is atomic: a failure part-way deletes nothing, and the same run succeeds once the cause is gone', () => {
    const { engine, raw } = fileEngineWithRaw();
    const now = nowSeconds();
    engine.insertDetections([
      detectionAt('src/gone.ts', 'p', 'c', 1),
      detectionAt('src/gone.ts', 'p', 'c', 2),
    ]);
    engine.insertViolation(violation({ id: 'v-old' }));
    engine.insertPolicyResult({
      id: 0,
      policyName: 'default',
      aggregationMode: 'all_must_pass',
      overallPassed: true,
      overallScore: 1,
      gateCount: 1,
      gatesPassed: 1,
      gatesFailed: 0,
      details: null,
      runAt: 0,
    });
    raw.prepare('UPDATE violations SET created_at = ?').run(now - 31 * DAY);
    raw.prepare('UPDATE policy_results SET run_at = ?').run(now - 31 * DAY);
    // policy_results is the last table of the short tier: orphans and violations are deleted before it
    raw.exec(
      "CREATE TRIGGER refuse BEFORE DELETE ON policy_results BEGIN SELECT RAISE(ABORT, 'refused'); END",
    );

    const error = storageErrorOf(() => engine.runRetention(DEFAULT_RETENTION_POLICY));
    expect(error.operation).toBe('runRetention');
    expect(error.message).toMatch(/refused/);
    expect(count(raw, 'detections')).toBe(2);
    expect(count(raw, 'violations')).toBe(1);
    expect(count(raw, 'policy_results')).toBe(1);

    raw.exec('DROP TRIGGER refuse');
    expect(engine.runRetention(DEFAULT_RETENTION_POLICY)).toMatchObject({
      totalDeleted: 4,
      perTable: [
        { table: 'detections (orphan)', deleted: 2 },
        { table: 'violations', deleted: 1 },
        { table: 'policy_results', deleted: 1 },
      ],
    });
  });

  it('returns free pages with incremental_vacuum (the engine keeps databases in incremental auto-vacuum)', () => {
    const { engine, raw } = fileEngineWithRaw();
    expect(raw.pragma('auto_vacuum', { simple: true })).toBe(2);
    for (let i = 0; i < 200; i++)
      engine.insertParseCache(new Uint8Array([i & 0xff, i >> 8]), 'ts', 'x'.repeat(4000), 1);
    for (let i = 0; i < 200; i++) engine.invalidateParseCache(new Uint8Array([i & 0xff, i >> 8]));
    const freeBefore = raw.pragma('freelist_count', { simple: true }) as number;
    const pagesBefore = raw.pragma('page_count', { simple: true }) as number;
    expect(freeBefore).toBeGreaterThan(100);

    expect(engine.runRetention(DEFAULT_RETENTION_POLICY)).toMatchObject({ totalDeleted: 0, perTable: [] });
    expect(raw.pragma('freelist_count', { simple: true })).toBe(0);
    expect(raw.pragma('page_count', { simple: true })).toBeLessThanOrEqual(pagesBefore - freeBefore);
  });

  it('incremental_vacuum is a harmless no-op on a database without incremental auto-vacuum', () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close();
    const db = track(new BetterSqlite3(path));
    db.pragma('auto_vacuum = NONE');
    db.exec('VACUUM');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(0);
    db.prepare('INSERT INTO parse_cache VALUES (?, ?, ?, ?)').run(
      Buffer.from([1]),
      'ts',
      'y'.repeat(20000),
      1,
    );
    db.exec('DELETE FROM parse_cache');
    const free = db.pragma('freelist_count', { simple: true }) as number;
    expect(free).toBeGreaterThan(0);
    const result = servingWrites.runRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY);
    expect(result).toMatchObject({ totalDeleted: 0, perTable: [] });
    expect(db.pragma('freelist_count', { simple: true })).toBe(free);
  });

  it('refuses negative and fractional days with INVALID_INPUT naming the field, deleting nothing', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.insertDetections([detectionAt('src/gone.ts', 'p', 'c', 1)]);
    const usage = engine.connectionUsage();
    for (const [policy, field] of [
      [{ ...DEFAULT_RETENTION_POLICY, shortDays: -1 }, 'policy.shortDays'],
      [{ ...DEFAULT_RETENTION_POLICY, mediumDays: 2.5 }, 'policy.mediumDays'],
      [{ ...DEFAULT_RETENTION_POLICY, longDays: Number.NaN }, 'policy.longDays'],
      [{ shortDays: 30, mediumDays: 90 }, 'policy.longDays'],
    ] as const) {
      const error = storageErrorOf(() => engine.runRetention(policy as never));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.field).toBe(field);
    }
    expect(engine.connectionUsage()).toEqual(usage);
    expect(count(raw, 'detections')).toBe(1);
  });
});

describe('clearRecoveredAlerts and clearFindings on SQLite', () => {
  it('clearRecoveredAlerts removes only alerts older than 24 hours (backdated through a raw connection)', () => {
    const { engine, raw } = fileEngineWithRaw();
    const now = nowSeconds();
    for (const message of ['25h', '23h', 'fresh', '3d']) engine.insertDegradationAlert(alert(message));
    const backdate = raw.prepare('UPDATE degradation_alerts SET created_at = ? WHERE message = ?');
    backdate.run(now - DAY - 3600, '25h');
    backdate.run(now - DAY + 3600, '23h');
    backdate.run(now - 3 * DAY, '3d');
    expect(engine.clearRecoveredAlerts()).toBe(2);
    expect(raw.prepare('SELECT message FROM degradation_alerts ORDER BY message').pluck().all()).toEqual([
      '23h',
      'fresh',
    ]);
    expect(engine.clearRecoveredAlerts()).toBe(0);
  });

  it('clearFindings is atomic: a failing table leaves the tables before it untouched', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.insertViolation(violation({ id: 'v-1' }));
    engine.insertDetections([detectionAt('a.ts', 'p', 'c', 1)]);
    raw.exec("CREATE TRIGGER refuse BEFORE DELETE ON detections BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const error = storageErrorOf(() => engine.clearFindings(['violations', 'detections']));
    expect(error.operation).toBe('clearFindings');
    expect(count(raw, 'violations')).toBe(1);
    expect(count(raw, 'detections')).toBe(1);
    raw.exec('DROP TRIGGER refuse');
    expect(engine.clearFindings(['violations', 'detections', 'violations'])).toEqual([
      { table: 'violations', deleted: 1 },
      { table: 'detections', deleted: 1 },
      { table: 'violations', deleted: 0 },
    ]);
  });

  it('clearFindings can empty every finding table and nothing else', () => {
    const { engine, raw } = fileEngineWithRaw();
    const result = engine.clearFindings([...ANALYSIS_FINDING_TABLES]);
    expect(result.map((r) => r.table)).toEqual([...ANALYSIS_FINDING_TABLES]);
    expect(result.every((r) => r.deleted === 0)).toBe(true);
    const notFindings = tableNames(raw).filter(
      (t) => !t.startsWith('sqlite_') && !(ANALYSIS_FINDING_TABLES as readonly string[]).includes(t),
    );
    expect(notFindings).toContain('file_metadata');
    expect(notFindings).toContain('pattern_status');
    for (const table of notFindings) {
      expect(storageErrorOf(() => engine.clearFindings([table])).code, table).toBe('INVALID_INPUT');
    }
  });
});

describe('pattern status and the audit on SQLite', () => {
  // queries/enforcement.rs query_patterns_for_audit: ROW_NUMBER() OVER (PARTITION BY pattern_id ORDER
  // BY COUNT(*) DESC) over GROUP BY pattern_id, category, with no tie-break; run on the reference's
  // schema, SQLite's plan (detections scanned on idx_detections_pattern, a temp B-tree for the group
  // and one for the window) answers 'zeta' for this tie. This test expected the alphabetically first
  // category before, a tie-break the reference does not have.
  it('the audit leaves a category tie to SQLite, as the reference does', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    engine.upsertConfidence({
      ...sampleRow('InsertPatternConfidence', 0),
      patternId: 'p',
      posteriorMean: 0.5,
      lastUpdated: 1,
    });
    engine.insertDetections([
      detectionAt('a.ts', 'p', 'zeta', 1),
      detectionAt('a.ts', 'p', 'beta', 2),
      detectionAt('a.ts', 'p', 'zeta', 3),
      detectionAt('a.ts', 'p', 'beta', 4),
      detectionAt('a.ts', 'p', 'alpha', 5),
    ]);
    expect(engine.queryPatternsForAudit()).toEqual([
      {
        patternId: 'p',
        category: 'zeta',
        confidence: 0.5,
        locationCount: 5,
        outlierCount: 0,
        status: 'discovered',
        hasErrorIssues: false,
      },
    ]);
  });

  it('an automatic decision over a person’s changes only updated_at in the stored row', () => {
    const { engine, raw } = fileEngineWithRaw();
    engine.upsertPatternStatus({ ...status('p', 'approved', 'user', 100), reason: 'reviewed' });
    engine.upsertPatternStatus({
      ...status('p', 'ignored', 'auto', 200),
      reason: 'auto',
      confidenceAtApproval: 0.1,
    });
    expect(raw.prepare('SELECT * FROM pattern_status').all()).toEqual([
      {
        pattern_id: 'p',
        status: 'approved',
        approved_by: 'user',
        approved_at: 100,
        confidence_at_approval: 0.5,
        reason: 'reviewed',
        updated_at: 200,
      },
    ]);
  });
});

describe('IDriftServing guards', () => {
  it('refuses malformed arguments with INVALID_INPUT before any SQL runs', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    engine.upsertPatternStatus(status('p-1', 'approved', 'user', 100));
    engine.insertViolation(violation({ id: 'v-1' }));
    const usage = engine.connectionUsage();
    const bad: [string, unknown[], string | undefined][] = [
      ['queryTaintFlows', [-1, false], 'limit'],
      ['queryTaintFlows', [5, 'true'], 'unsanitizedOnly'],
      ['queryTaintFlows', [5], 'unsanitizedOnly'],
      ['queryErrorGaps', [Number.NaN], 'limit'],
      ['queryErrorGaps', [Number.POSITIVE_INFINITY], 'limit'],
      ['queryImpactScores', [1.5], 'limit'],
      ['queryImpactScores', ['10'], 'limit'],
      ['readTableRows', ['violations', 0, -1], 'limit'],
      ['readTableRows', ['violations', 0.5, 1], 'afterCursor'],
      ['readTableRows', [null, 0, 1], 'table'],
      ['getViolation', [1], 'id'],
      ['getPatternStatus', [undefined], 'patternId'],
      ['queryPatternStatuses', [7], 'status'],
      [
        'upsertPatternStatus',
        [{ ...status('p-1', 'ignored', 'user', 1), updatedAt: Number.NaN }],
        'row.updatedAt',
      ],
      ['upsertPatternStatus', [{ ...status('p-1', 'ignored', 'user', 1), patternId: 5 }], 'row.patternId'],
      ['upsertPatternStatus', ['p-1'], 'row'],
      ['clearFindings', ['violations'], 'tables'],
      ['clearFindings', [['violations', 3]], undefined],
      ['runRetention', [null], 'policy'],
      ['countPatternsByStatus', [1], undefined],
      ['maxRowCursor', ['x'], undefined],
    ];
    for (const [name, args, field] of bad) {
      const error = storageErrorOf(() => call(engine, name, args));
      expect(error.code, `${name}(${JSON.stringify(args)})`).toBe('INVALID_INPUT');
      if (field !== undefined) expect(error.field, name).toBe(field);
    }
    expect(engine.connectionUsage()).toEqual(usage);
    expect(engine.getPatternStatus('p-1')).toEqual(status('p-1', 'approved', 'user', 100));
  });

  it('refuses a status outside discovered/approved/ignored, naming them, without writing', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    engine.upsertPatternStatus(status('p-1', 'approved', 'user', 100));
    const usage = engine.connectionUsage();
    for (const bad of ['rejected', 'Approved', '', 'approved ']) {
      const error = storageErrorOf(() => engine.upsertPatternStatus(status('p-1', bad, 'user', 200)));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.field).toBe('row.status');
      expect(error.message).toContain('discovered, approved, ignored');
    }
    expect(engine.connectionUsage()).toEqual(usage);
    expect(engine.getPatternStatus('p-1')?.updatedAt).toBe(100);
  });

  it('fails every IDriftServing method with CLOSED after close', () => {
    const engine = DriftStorageEngine.openInMemory();
    engine.close();
    for (const name of DRIFT_SERVING_METHODS) {
      expect(storageErrorOf(() => call(engine, name, CALLS[name])).code, name).toBe('CLOSED');
    }
  });

  it('a read-only engine serves the reads and refuses the four writes with READ_ONLY, changing nothing', () => {
    const path = tempDbPath();
    const now = nowSeconds();
    const writer = DriftStorageEngine.open(path);
    writer.insertDetections([detectionAt('src/gone.ts', 'p', 'c', 1)]);
    writer.insertViolation(violation({ id: 'v-1' }));
    writer.upsertPatternStatus(status('p-1', 'approved', 'user', 100));
    writer.insertDegradationAlert(alert('old'));
    writer.close();
    const raw = new BetterSqlite3(path);
    raw.prepare('UPDATE degradation_alerts SET created_at = ?').run(now - 2 * DAY);
    raw.close();
    const before = fileDigest(path);

    const engine = track(DriftStorageEngine.open(path, { readOnly: true }));
    for (const write of [
      () => engine.runRetention(DEFAULT_RETENTION_POLICY),
      () => engine.upsertPatternStatus(status('p-1', 'ignored', 'user', 200)),
      () => engine.clearRecoveredAlerts(),
      () => engine.clearFindings(['violations']),
    ]) {
      expect(storageErrorOf(write).code).toBe('READ_ONLY');
    }
    expect(engine.getPatternStatus('p-1')?.status).toBe('approved');
    expect(engine.readTableRows('detections', 0, 10)).toHaveLength(1);
    expect(engine.readTableRows('degradation_alerts', 0, 10)).toHaveLength(1);
    expect(engine.getViolation('v-1')?.id).toBe('v-1');
    expect(engine.maxRowCursor()).toBe(1);
    engine.close();
    expect(fileDigest(path)).toBe(before);
  });
});
