import { DEFAULT_RETENTION_POLICY, isStorageError, type RetentionPolicy } from '@drift/storage-traits';
import type { RetentionReport } from '@drift/storage-traits/queries';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { applyRetention } from '../src/queries/retention.js';
import { rawWriteExecutor } from './helpers/engines.js';
import { tempDbPath } from './helpers/temp.js';

const DAY = 86_400;
const KEPT_FILE = 'src/kept.ts';
const GONE_FILE = 'src/gone.ts';

type Tier = 'short' | 'medium' | 'long';

/** The reference's time tiers: table and timestamp column. */
const TIERS: Readonly<Record<Tier, readonly (readonly [string, string])[]>> = {
  short: [
    ['detections', 'created_at'],
    ['outliers', 'created_at'],
    ['violations', 'created_at'],
    ['gate_results', 'run_at'],
    ['error_gaps', 'created_at'],
    ['taint_flows', 'created_at'],
    ['crypto_findings', 'created_at'],
    ['owasp_findings', 'created_at'],
    ['secrets', 'created_at'],
    ['degradation_alerts', 'created_at'],
    ['policy_results', 'run_at'],
  ],
  medium: [
    ['scan_history', 'started_at'],
    ['audit_snapshots', 'created_at'],
    ['health_trends', 'recorded_at'],
    ['feedback', 'created_at'],
    ['constraint_verifications', 'verified_at'],
    ['contract_mismatches', 'created_at'],
    ['dna_mutations', 'detected_at'],
    ['coupling_cycles', 'created_at'],
    ['decomposition_decisions', 'created_at'],
  ],
  long: [
    ['parse_cache', 'created_at'],
    ['context_cache', 'created_at'],
    ['simulations', 'created_at'],
    ['decisions', 'created_at'],
    ['migration_corrections', 'created_at'],
    ['migration_modules', 'created_at'],
    ['migration_projects', 'created_at'],
  ],
};

/** Per-file tables cleaned of rows whose file left file_metadata. */
const ORPHAN_TABLES = [
  'detections',
  'functions',
  'boundaries',
  'constants',
  'secrets',
  'env_variables',
  'wrappers',
  'crypto_findings',
  'owasp_findings',
] as const;

/** Tables written by upsert: never cleaned by time. */
const SELF_BOUNDING = ['pattern_confidence', 'impact_scores', 'coupling_metrics', 'dna_genes', 'contracts'];

const raws: BetterSqlite3.Database[] = [];
const engines: DriftStorageEngine[] = [];
afterEach(() => {
  for (const db of raws.splice(0)) if (db.open) db.close();
  for (const e of engines.splice(0)) e.close();
});

/** A migrated, empty database file. */
function migratedFile(): string {
  const path = tempDbPath();
  DriftStorageEngine.open(path).close();
  return path;
}

function rawOpen(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma('foreign_keys = ON');
  raws.push(db);
  return db;
}

let serial = 0;

/**
 * Inserts a row into `table` with `overrides`, filling every other NOT NULL column without a default
 * from its declared type (text columns get unique values, `file` the kept file). Returns its rowid.
 */
function insert(db: BetterSqlite3.Database, table: string, overrides: Record<string, unknown> = {}): number {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as {
    name: string;
    type: string;
    notnull: number;
    dflt_value: unknown;
    pk: number;
  }[];
  const values: Record<string, unknown> = {};
  for (const c of columns) {
    if (!c.notnull && !c.pk) continue;
    if (c.dflt_value !== null) continue;
    if (c.pk && c.type.toLowerCase() === 'integer') continue; // autoincrement id
    serial += 1;
    const type = c.type.toLowerCase();
    values[c.name] =
      c.name === 'file'
        ? KEPT_FILE
        : type === 'text'
          ? `${c.name}-${serial}`
          : type === 'blob'
            ? Buffer.from([serial & 0xff, serial >> 8])
            : type === 'real'
              ? 0.5
              : serial;
  }
  Object.assign(values, overrides);
  const names = Object.keys(values);
  const info = db
    .prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
    .run(...names.map((n) => values[n]));
  return Number(info.lastInsertRowid);
}

const count = (db: BetterSqlite3.Database, table: string, where = '1'): number =>
  (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

function trackFile(db: BetterSqlite3.Database, path: string): void {
  insert(db, 'file_metadata', { path, content_hash: Buffer.from([1]), last_scanned_at: 0 });
}

/** One row per tier table at `ts`; parents of the foreign keys are inserted first. Returns tables touched. */
function seedTierRows(db: BetterSqlite3.Database, tier: Tier, ts: number): void {
  for (const [table, column] of TIERS[tier]) {
    if (table === 'constraint_verifications') {
      const constraint = `c-${++serial}`;
      insert(db, 'constraints', { id: constraint });
      insert(db, table, { constraint_id: constraint, [column]: ts });
    } else if (table === 'migration_corrections') {
      const project = insert(db, 'migration_projects', { created_at: ts });
      const module = insert(db, 'migration_modules', { project_id: project, created_at: ts });
      insert(db, table, { module_id: module, [column]: ts });
    } else if (table === 'migration_modules' || table === 'migration_projects') {
      // seeded together with migration_corrections above
    } else {
      insert(db, table, { [column]: ts });
    }
  }
}

/** Every table's expected row count after retention: `perTable` holds old rows, recent ones stay. */
function expectTierReport(report: RetentionReport, deletedPerTable: number): void {
  for (const tier of ['short', 'medium', 'long'] as const) {
    for (const [table] of TIERS[tier]) expect(report.perTable[table], table).toBe(deletedPerTable);
  }
}

describe('applyRetention', () => {
  it('deletes rows older than each tier and keeps younger ones', () => {
    const db = rawOpen(migratedFile());
    trackFile(db, KEPT_FILE);
    const now = 1_800_000_000;
    const policy: RetentionPolicy = { shortDays: 30, mediumDays: 90, longDays: 365 };
    const days: Record<Tier, number> = { short: 30, medium: 90, long: 365 };
    for (const tier of ['short', 'medium', 'long'] as const) {
      seedTierRows(db, tier, now - (days[tier] + 1) * DAY); // just past the tier: removed
      seedTierRows(db, tier, now - (days[tier] - 1) * DAY); // inside the tier: kept
      seedTierRows(db, tier, now - days[tier] * DAY); // exactly at the cutoff: kept (strictly older goes)
    }
    const report = applyRetention(rawWriteExecutor(db), policy, now);

    const tierTables = Object.values(TIERS).flat();
    expect(report.totalDeleted).toBe(tierTables.length);
    expectTierReport(report, 1);
    expect(Object.keys(report.perTable).sort()).toEqual(tierTables.map(([t]) => t).sort());
    for (const [table] of tierTables) expect(count(db, table), table).toBe(2);
  });

  it('uses the policy: a row 2 days old survives a 3-day tier and goes with a 1-day tier', () => {
    const db = rawOpen(migratedFile());
    trackFile(db, KEPT_FILE);
    const now = 1_800_000_000;
    for (const tier of ['short', 'medium', 'long'] as const) seedTierRows(db, tier, now - 2 * DAY);

    const keepAll = applyRetention(rawWriteExecutor(db), { shortDays: 3, mediumDays: 3, longDays: 3 }, now);
    expect(keepAll).toEqual({ totalDeleted: 0, perTable: {} });

    const shortOnly = applyRetention(rawWriteExecutor(db), { shortDays: 1, mediumDays: 3, longDays: 3 }, now);
    expect(Object.keys(shortOnly.perTable).sort()).toEqual(TIERS.short.map(([t]) => t).sort());

    const mediumToo = applyRetention(rawWriteExecutor(db), { shortDays: 1, mediumDays: 1, longDays: 3 }, now);
    expect(Object.keys(mediumToo.perTable).sort()).toEqual(TIERS.medium.map(([t]) => t).sort());

    const all = applyRetention(rawWriteExecutor(db), { shortDays: 0, mediumDays: 0, longDays: 1 }, now);
    expect(Object.keys(all.perTable).sort()).toEqual(TIERS.long.map(([t]) => t).sort());
  });

  it('removes rows of files no longer in file_metadata from the per-file tables', () => {
    const db = rawOpen(migratedFile());
    trackFile(db, KEPT_FILE);
    const now = Math.floor(Date.now() / 1000);
    for (const table of ORPHAN_TABLES) {
      const ts = table === 'functions' ? {} : { created_at: now };
      insert(db, table, { file: KEPT_FILE, ...ts });
      insert(db, table, { file: GONE_FILE, ...ts });
      insert(db, table, { file: GONE_FILE, ...ts });
    }
    // Tables outside the orphan list keep rows of untracked files.
    insert(db, 'outliers', { file: GONE_FILE, created_at: now });
    insert(db, 'violations', { file: GONE_FILE, created_at: now });

    const report = applyRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY, now);
    expect(report.totalDeleted).toBe(2 * ORPHAN_TABLES.length);
    expect(report.perTable).toEqual(Object.fromEntries(ORPHAN_TABLES.map((t) => [`${t} (orphan)`, 2])));
    for (const table of ORPHAN_TABLES) {
      expect(db.prepare(`SELECT file FROM ${table}`).all(), table).toEqual([{ file: KEPT_FILE }]);
    }
    expect(count(db, 'outliers')).toBe(1);
    expect(count(db, 'violations')).toBe(1);
  });

  it('counts orphan and age deletions of one table separately', () => {
    const db = rawOpen(migratedFile());
    trackFile(db, KEPT_FILE);
    const now = 1_800_000_000;
    insert(db, 'detections', { file: GONE_FILE, created_at: now });
    insert(db, 'detections', { file: KEPT_FILE, created_at: now - 40 * DAY });
    insert(db, 'detections', { file: KEPT_FILE, created_at: now });
    const report = applyRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY, now);
    expect(report).toEqual({ totalDeleted: 2, perTable: { 'detections (orphan)': 1, detections: 1 } });
  });

  it('with no tracked files, every row of the per-file tables is an orphan (as in the reference)', () => {
    const db = rawOpen(migratedFile());
    insert(db, 'functions', { file: KEPT_FILE });
    const report = applyRetention(
      rawWriteExecutor(db),
      DEFAULT_RETENTION_POLICY,
      Math.floor(Date.now() / 1000),
    );
    expect(report.perTable).toEqual({ 'functions (orphan)': 1 });
  });

  it('leaves self-bounding (upserted) tables alone', () => {
    const db = rawOpen(migratedFile());
    insert(db, 'pattern_confidence', { last_updated: 1 });
    insert(db, 'impact_scores', { updated_at: 1 });
    insert(db, 'coupling_metrics', { updated_at: 1 });
    insert(db, 'dna_genes', { updated_at: 1 });
    insert(db, 'contracts', { created_at: 1, updated_at: 1 });
    const report = applyRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY, 1_800_000_000);
    expect(report.totalDeleted).toBe(0);
    for (const table of SELF_BOUNDING) expect(count(db, table), table).toBe(1);
  });

  it('an empty database reports nothing', () => {
    const db = rawOpen(migratedFile());
    expect(applyRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY, 1_800_000_000)).toEqual({
      totalDeleted: 0,
      perTable: {},
    });
  });

  it('keeps an old migration project or module while a younger child still references it', () => {
    const db = rawOpen(migratedFile());
    const now = 1_800_000_000;
    const old = now - 400 * DAY;
    const project = insert(db, 'migration_projects', { created_at: old });
    const oldModule = insert(db, 'migration_modules', { project_id: project, created_at: old });
    insert(db, 'migration_corrections', { module_id: oldModule, created_at: now });
    insert(db, 'migration_modules', { project_id: project, created_at: now });

    const report = applyRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY, now);
    expect(report.totalDeleted).toBe(0);
    expect(count(db, 'migration_projects')).toBe(1);
    expect(count(db, 'migration_modules')).toBe(2);

    // Once the children are old too, the whole chain goes, children first.
    db.prepare('UPDATE migration_corrections SET created_at = ?').run(old);
    db.prepare('UPDATE migration_modules SET created_at = ?').run(old);
    const second = applyRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY, now);
    expect(second.perTable).toEqual({
      migration_corrections: 1,
      migration_modules: 2,
      migration_projects: 1,
    });
  });

  it('runs in one transaction: a failure leaves every table untouched', () => {
    const db = rawOpen(migratedFile());
    trackFile(db, KEPT_FILE);
    const now = 1_800_000_000;
    insert(db, 'detections', { file: GONE_FILE, created_at: now });
    insert(db, 'violations', { created_at: 1 });
    insert(db, 'simulations', { created_at: 1 });
    db.exec(
      "CREATE TRIGGER block_simulations BEFORE DELETE ON simulations BEGIN SELECT RAISE(ABORT, 'blocked'); END",
    );
    expect(() => applyRetention(rawWriteExecutor(db), DEFAULT_RETENTION_POLICY, now)).toThrow(/blocked/);
    expect(count(db, 'detections')).toBe(1);
    expect(count(db, 'violations')).toBe(1);
    expect(count(db, 'simulations')).toBe(1);
  });

  it.each([
    ['negative', { shortDays: -1, mediumDays: 90, longDays: 365 }, 'shortDays'],
    ['fractional', { shortDays: 30, mediumDays: 1.5, longDays: 365 }, 'mediumDays'],
    ['NaN', { shortDays: 30, mediumDays: 90, longDays: Number.NaN }, 'longDays'],
    ['infinite', { shortDays: Number.POSITIVE_INFINITY, mediumDays: 90, longDays: 365 }, 'shortDays'],
    ['a string', { shortDays: 30, mediumDays: '90', longDays: 365 }, 'mediumDays'],
    ['missing', { shortDays: 30, mediumDays: 90 }, 'longDays'],
  ])('refuses a %s day count with INVALID_INPUT, deleting nothing', (_label, policy, field) => {
    const db = rawOpen(migratedFile());
    insert(db, 'violations', { created_at: 1 });
    let thrown: unknown;
    try {
      applyRetention(rawWriteExecutor(db), policy as unknown as RetentionPolicy, 1_800_000_000);
    } catch (error) {
      thrown = error;
    }
    expect(isStorageError(thrown, 'INVALID_INPUT')).toBe(true);
    expect((thrown as { field?: string }).field).toBe(field);
    expect((thrown as Error).message).toContain(field);
    expect(count(db, 'violations')).toBe(1);
  });

  it('accepts zero days (everything older than now goes)', () => {
    const db = rawOpen(migratedFile());
    const now = 1_800_000_000;
    insert(db, 'violations', { created_at: now - 1 });
    insert(db, 'violations', { created_at: now });
    const report = applyRetention(rawWriteExecutor(db), { shortDays: 0, mediumDays: 0, longDays: 0 }, now);
    expect(report.perTable).toEqual({ violations: 1 });
  });
});

// Retention runs where the reference runs it (drift-napi/src/bindings/lifecycle.rs drift_gc calls
// drift_storage::retention::apply_retention; DatabaseManager::open in drift-storage/src/connection/mod.rs
// and DriftStorageEngine::open in engine.rs never do): on open nothing is deleted, and `runRetention`
// (driftGC) applies the tiers. This replaces the seed's CT0-B-04 ("retention on init"), which issue 12
// overrides: opening deleted acknowledged rows.
describe('retention only when asked for, never on open', () => {
  /** A file with rows past every tier and rows of untracked files, as a program left it. */
  function seededFile(now: number): string {
    const path = migratedFile();
    const days: Record<Tier, number> = { short: 30, medium: 90, long: 365 };
    const seed = rawOpen(path);
    trackFile(seed, KEPT_FILE);
    for (const tier of ['short', 'medium', 'long'] as const) {
      seedTierRows(seed, tier, now - (days[tier] + 10) * DAY);
      seedTierRows(seed, tier, now - (days[tier] - 2) * DAY);
    }
    for (const table of ORPHAN_TABLES) {
      insert(seed, table, table === 'functions' ? { file: GONE_FILE } : { file: GONE_FILE, created_at: now });
    }
    seed.close();
    return path;
  }

  /** Row counts of every table retention touches. */
  function counts(path: string): Record<string, number> {
    const db = rawOpen(path);
    const tables = new Set([
      ...Object.values(TIERS)
        .flat()
        .map(([t]) => t),
      ...ORPHAN_TABLES,
    ]);
    const out = Object.fromEntries([...tables].sort().map((t) => [t, count(db, t)]));
    db.close();
    return out;
  }

  it('opening and closing a file with 40-day-old gate results and untracked detections keeps every row', () => {
    const now = Math.floor(Date.now() / 1000);
    const path = migratedFile();
    const seed = rawOpen(path);
    trackFile(seed, KEPT_FILE);
    insert(seed, 'gate_results', { run_at: now - 40 * DAY });
    insert(seed, 'gate_results', { run_at: now - 40 * DAY });
    insert(seed, 'detections', { file: GONE_FILE, created_at: now });
    insert(seed, 'detections', { file: 'src/never-tracked.ts', created_at: now });
    seed.close();

    const engine = DriftStorageEngine.open(path);
    expect(engine.queryGateResults()).toHaveLength(2); // two gates (their ids are distinct), one run each
    expect(engine.queryAllDetections(10)).toHaveLength(2);
    engine.close();
    DriftStorageEngine.open(path).close();
    expect(counts(path)).toMatchObject({ gate_results: 2, detections: 2 });

    // driftGC's retention (the reference's tiers: gate_results.run_at is short, 30 days; detections
    // of files not in file_metadata are orphans) removes them.
    const gc = DriftStorageEngine.open(path);
    engines.push(gc);
    const result = gc.runRetention({ shortDays: 30, mediumDays: 90, longDays: 365 });
    expect(result.perTable).toEqual([
      { table: 'detections (orphan)', deleted: 2 },
      { table: 'gate_results', deleted: 2 },
    ]);
    expect(result.totalDeleted).toBe(4);
    expect(counts(path)).toMatchObject({ gate_results: 0, detections: 0 });
  });

  it('every tier and the orphan sweep wait for runRetention, which reports them in the reference order', () => {
    const now = Math.floor(Date.now() / 1000);
    const path = seededFile(now);
    const before = counts(path);
    DriftStorageEngine.open(path).close();
    const reopened = DriftStorageEngine.open(path);
    reopened.close();
    expect(counts(path)).toEqual(before);

    const engine = DriftStorageEngine.open(path);
    engines.push(engine);
    const result = engine.runRetention({ shortDays: 30, mediumDays: 90, longDays: 365 });
    // retention.rs apply_retention_inner: the orphan sweep first, then the short, medium and long
    // tiers, each table in its order there; tables that lost nothing are left out of per_table.
    const tierTables = Object.values(TIERS).flat();
    const orphanEntries = ORPHAN_TABLES.map((t) => ({ table: `${t} (orphan)`, deleted: 1 }));
    const tierEntries = tierTables.map(([t]) => ({ table: t, deleted: 1 }));
    expect(result.perTable).toEqual([...orphanEntries, ...tierEntries]);
    expect(result.totalDeleted).toBe(ORPHAN_TABLES.length + tierTables.length);
    const after = counts(path);
    for (const [table] of tierTables) expect(after[table], table).toBe(1);
  });

  it('a read-only engine and a read-write one opened on the same file delete nothing', () => {
    const now = Math.floor(Date.now() / 1000);
    const path = seededFile(now);
    const before = counts(path);
    DriftStorageEngine.open(path, { readOnly: true }).close();
    DriftStorageEngine.open(path, { readers: 1 }).close();
    expect(counts(path)).toEqual(before);
  });

  it('runRetention applies a custom policy and refuses an invalid one before deleting anything', () => {
    const path = migratedFile();
    const seed = rawOpen(path);
    const now = Math.floor(Date.now() / 1000);
    insert(seed, 'violations', { created_at: now - 3 * DAY });
    insert(seed, 'violations', { created_at: now - 1 * DAY });
    seed.close();
    const engine = DriftStorageEngine.open(path);
    engines.push(engine);
    let thrown: unknown;
    try {
      engine.runRetention({ shortDays: -5, mediumDays: 90, longDays: 365 });
    } catch (error) {
      thrown = error;
    }
    expect(isStorageError(thrown, 'INVALID_INPUT')).toBe(true);
    expect(count(rawOpen(path), 'violations')).toBe(2);
    expect(engine.runRetention({ shortDays: 2, mediumDays: 90, longDays: 365 }).perTable).toEqual([
      { table: 'violations', deleted: 1 },
    ]);
  });
});
