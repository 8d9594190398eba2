import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { METHOD_ARGUMENT_SPECS } from '@drift/storage-traits';
import { DRIFT_SCHEMA_TABLES, sqliteStorageError } from '@drift/storage-traits/sqlite';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DriftStorageEngine, queryMethodRoles, routingOf } from '../src/engine.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../src/migrations/index.js';
import { VIEW_ARGUMENTS } from '../src/queries/views.js';
import { qb, rawStatement, statement } from '../src/statements.js';
import { openError, storageErrorOf, track } from './helpers/engines.js';
import { fileDigest, tempDbPath } from './helpers/temp.js';

const DRIFT_TABLES = [
  'audit_snapshots',
  'boundaries',
  'call_edges',
  'constants',
  'constraint_verifications',
  'constraints',
  'context_cache',
  'contract_mismatches',
  'contracts',
  'conventions',
  'coupling_cycles',
  'coupling_metrics',
  'crypto_findings',
  'data_access',
  'decisions',
  'decomposition_decisions',
  'degradation_alerts',
  'detections',
  'dna_genes',
  'dna_mutations',
  'env_variables',
  'error_gaps',
  'feedback',
  'file_metadata',
  'functions',
  'gate_results',
  'health_trends',
  'impact_scores',
  'migration_corrections',
  'migration_modules',
  'migration_projects',
  'outliers',
  'owasp_findings',
  'parse_cache',
  'pattern_confidence',
  'pattern_status',
  'policy_results',
  'reachability_cache',
  'scan_history',
  'secrets',
  'simulations',
  'taint_flows',
  'test_coverage',
  'test_quality',
  'violations',
  'wrappers',
];

function tables(path: string): string[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } finally {
    db.close();
  }
}

function userVersion(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** Builds a database at schema version `version` the way an older build left it. */
function databaseAtVersion(path: string, version: number): void {
  const db = new BetterSqlite3(path);
  for (const m of MIGRATIONS.slice(0, version)) for (const ddl of m.statements) db.exec(ddl.compile().sql);
  db.pragma(`user_version = ${version}`);
  db.prepare(
    'INSERT INTO file_metadata (path, language, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run('src/kept.ts', 'typescript', 2 ** 40, Buffer.from([9, 8, 7]), 1_700_000_000, 5, 1_700_000_100);
  db.close();
}

describe('schema and migrations', () => {
  it('creates every drift table at schema version 9 on a fresh file', () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close();
    expect(SCHEMA_VERSION).toBe(9);
    expect(userVersion(path)).toBe(9);
    expect(tables(path)).toEqual(DRIFT_TABLES);
  });

  it('uses WAL, foreign keys and incremental auto-vacuum on a file database', () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close();
    const db = new BetterSqlite3(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
    db.close();
  });

  it('reopens idempotently, keeping rows', () => {
    const path = tempDbPath();
    const first = DriftStorageEngine.open(path);
    first.insertParseCache(new Uint8Array([1]), 'rust', '{"ok":true}', Math.floor(Date.now() / 1000));
    first.close();
    const second = DriftStorageEngine.open(path);
    expect(second.countParseCache()).toBe(1);
    expect(second.getParseCacheByHash(new Uint8Array([1]))?.parseResultJson).toBe('{"ok":true}');
    second.close();
    expect(userVersion(path)).toBe(9);
    expect(tables(path)).toEqual(DRIFT_TABLES);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'upgrades a database at version %i in place, keeping its rows',
    (version) => {
      const path = tempDbPath();
      databaseAtVersion(path, version);
      expect(userVersion(path)).toBe(version);
      const engine = DriftStorageEngine.open(path);
      const kept = engine.getFileMetadata('src/kept.ts');
      expect(kept?.fileSize).toBe(2 ** 40);
      expect(Array.from(kept?.contentHash ?? [])).toEqual([9, 8, 7]);
      engine.close();
      expect(userVersion(path)).toBe(9);
      expect(tables(path)).toEqual(DRIFT_TABLES);
    },
  );

  it('refuses a database with a newer schema and leaves it untouched', () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close();
    const db = new BetterSqlite3(path);
    db.pragma('user_version = 10');
    db.close();
    const before = fileDigest(path);
    const error = openError(path);
    expect(error.code).toBe('SCHEMA_TOO_NEW');
    expect(error.message).toMatch(/schema version 10, newer than 9/);
    expect(fileDigest(path)).toBe(before);
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const path = tempDbPath('notes.db');
    writeFileSync(path, 'these are my notes, not a database\n'.repeat(50));
    const before = fileDigest(path);
    const error = openError(path);
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/not a SQLite database/);
    expect(error.path).toBe(path);
    expect(fileDigest(path)).toBe(before);
  });

  it('refuses a truncated database and leaves it untouched', () => {
    const path = tempDbPath();
    const engine = DriftStorageEngine.open(path);
    for (let i = 0; i < 200; i++)
      engine.insertParseCache(new Uint8Array([i, i >> 8]), 'ts', 'x'.repeat(500), i);
    engine.close();
    const bytes = new Uint8Array(readFileSync(path));
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const before = fileDigest(path);
    const error = openError(path);
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/truncated/);
    expect(fileDigest(path)).toBe(before);
  });

  it('refuses a garbled header and leaves the file untouched', () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close();
    const bytes = new Uint8Array(readFileSync(path));
    bytes.set(new TextEncoder().encode('garbage!'), 0);
    writeFileSync(path, bytes);
    const before = fileDigest(path);
    expect(openError(path).code).toBe('CORRUPT');
    expect(fileDigest(path)).toBe(before);
  });

  it("refuses another application's SQLite database and leaves it untouched", () => {
    const path = tempDbPath('app.db');
    const db = new BetterSqlite3(path);
    db.exec(
      'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);',
    );
    db.close();
    const before = fileDigest(path);
    const error = openError(path);
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/not a drift database.*invoices/);
    expect(fileDigest(path)).toBe(before);
  });

  it.each([5, -1, 9, 10])(
    "refuses another application's SQLite database whose user_version is %i, byte-identical",
    (version) => {
      const path = tempDbPath('app.db');
      const db = new BetterSqlite3(path);
      db.exec(
        'CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);',
      );
      db.pragma(`user_version = ${version}`);
      db.close();
      const before = fileDigest(path);
      const error = openError(path);
      expect(error.code).toBe('CORRUPT');
      expect(error.message).toMatch(/not a drift database/);
      expect(error.message).toContain(`user_version is ${version}`);
      expect(fileDigest(path)).toBe(before);
      // Read-only as well.
      expect(openError(path, { readOnly: true }).code).toBe('CORRUPT');
      expect(fileDigest(path)).toBe(before);
    },
  );

  it('calls a drift.db of a newer version with every known table SCHEMA_TOO_NEW, and leaves it untouched', () => {
    const path = tempDbPath();
    DriftStorageEngine.open(path).close();
    const db = new BetterSqlite3(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fileDigest(path);
    expect(openError(path).code).toBe('SCHEMA_TOO_NEW');
    expect(fileDigest(path)).toBe(before);
  });

  it('creates at each schema version exactly the tables storage-traits lists for it', () => {
    const db = new BetterSqlite3(':memory:');
    const names = () =>
      (
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
          .all() as {
          name: string;
        }[]
      ).map((r) => r.name);
    expect(MIGRATIONS.map((m) => m.version)).toEqual(DRIFT_SCHEMA_TABLES.map((_, i) => i + 1));
    for (const migration of MIGRATIONS) {
      const before = new Set(names());
      for (const ddl of migration.statements) db.exec(ddl.compile().sql);
      const added = names().filter((t) => !before.has(t));
      expect(added.sort()).toEqual([...DRIFT_SCHEMA_TABLES[migration.version - 1]!].sort());
    }
    db.close();
  });

  it('installs the drift schema into a drift.db that holds only workspace tables', () => {
    const path = tempDbPath();
    const db = new BetterSqlite3(path);
    db.exec(`CREATE TABLE workspace_config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             INSERT INTO workspace_config VALUES ('project_name', 'demo');
             CREATE TABLE project_registry (id TEXT PRIMARY KEY, name TEXT NOT NULL);`);
    db.close();
    const engine = DriftStorageEngine.open(path);
    expect(engine.countFiles()).toBe(0);
    engine.close();
    expect(userVersion(path)).toBe(9);
    expect(tables(path)).toEqual([...DRIFT_TABLES, 'project_registry', 'workspace_config'].sort());
    const check = new BetterSqlite3(path, { readonly: true });
    expect(check.prepare('SELECT value FROM workspace_config WHERE key = ?').get('project_name')).toEqual({
      value: 'demo',
    });
    check.close();
  });

  it('opens an empty file as a new database', () => {
    const path = tempDbPath();
    writeFileSync(path, '');
    const engine = DriftStorageEngine.open(path);
    expect(engine.countFiles()).toBe(0);
    engine.close();
    expect(userVersion(path)).toBe(9);
  });

  it('rejects an empty path with INVALID_INPUT', () => {
    expect(() => DriftStorageEngine.open('')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('read/write routing', () => {
  for (const mode of ['file', 'memory'] as const) {
    const open = () =>
      mode === 'file' ? DriftStorageEngine.open(tempDbPath()) : DriftStorageEngine.openInMemory();

    it(`${mode}: reads run on read-only connections, writes on the writer`, () => {
      const engine = open();
      const start = engine.connectionUsage();
      expect(engine.getFileMetadata('src/a.ts')).toBeNull();
      expect(engine.countParseCache()).toBe(0);
      const afterReads = engine.connectionUsage();
      expect(afterReads.reader - start.reader).toBe(2);
      expect(afterReads.writer).toBe(start.writer);
      engine.insertParseCache(new Uint8Array([7]), 'go', '{}', 1);
      const afterWrite = engine.connectionUsage();
      expect(afterWrite.writer - afterReads.writer).toBe(1);
      expect(afterWrite.reader).toBe(afterReads.reader);
      engine.close();
    });

    it(`${mode}: a write routed to a reader fails loudly with READ_ONLY and changes nothing`, () => {
      const engine = open();
      const { reader } = routingOf(engine);
      const insert = statement(
        (contentHash: Uint8Array, language: string, parseResultJson: string, createdAt: number) =>
          qb
            .insertInto('parse_cache')
            .values({
              content_hash: contentHash,
              language,
              parse_result_json: parseResultJson,
              created_at: createdAt,
            })
            .returning('language'),
      );
      let caught: unknown;
      try {
        reader.get(insert, [new Uint8Array([1]), 'ts', '{}', 1]);
      } catch (error) {
        caught = error;
      }
      expect(sqliteStorageError(caught, 'misrouted write').code).toBe('READ_ONLY');
      expect(engine.countParseCache()).toBe(0);
      engine.close();
    });

    it(`${mode}: every path reads its own writes`, () => {
      const engine = open();
      engine.insertParseCache(new Uint8Array([1, 2, 3]), 'python', '{"fns":2}', 1_700_000_000);
      // The next reads rotate over every reader connection of the pool.
      for (let i = 0; i < 8; i++) {
        expect(engine.getParseCacheByHash(new Uint8Array([1, 2, 3]))?.language).toBe('python');
      }
      engine.invalidateParseCache(new Uint8Array([1, 2, 3]));
      for (let i = 0; i < 8; i++) expect(engine.getParseCacheByHash(new Uint8Array([1, 2, 3]))).toBeNull();
      engine.close();
    });
  }

  it('in-memory engines are isolated from each other', () => {
    const a = DriftStorageEngine.openInMemory();
    const b = DriftStorageEngine.openInMemory();
    a.insertParseCache(new Uint8Array([5]), 'ts', '{}', 1);
    expect(a.countParseCache()).toBe(1);
    expect(b.countParseCache()).toBe(0);
    a.close();
    b.close();
  });
});

describe('rows as the driver builds them', () => {
  // The engine builds the rows of most reads itself from the driver's raw column values (cheaper than
  // the driver's objects); a caller must not be able to tell: each row is compared with the one
  // better-sqlite3 builds for the same SQL on the same file, property by property, in order.
  const SHAPES: readonly (readonly [string, string])[] = [
    [
      'every kind of value',
      "SELECT 1 AS n, -9007199254740991 AS big, 2.5 AS r, 'x' AS t, NULL AS z, x'00ff10' AS b, '' AS e",
    ],
    [
      'names that are array indices (they come first, in ascending order)',
      'SELECT 1 AS b, 2 AS "10", 3 AS "0", 4 AS a',
    ],
    ['a name given twice', 'SELECT 1 AS a, 2 AS b, 3 AS a'],
    [
      'names of Object.prototype properties',
      'SELECT 1 AS "__proto__", 2 AS "constructor", 3 AS "toString", 4 AS c',
    ],
    ['several rows', "SELECT column1 AS id, column2 AS label FROM (VALUES (1, 'a'), (2, NULL), (3, 'c'))"],
  ];

  /** Everything a caller can see of a row: its prototype and each own property's descriptor, in order. */
  const observed = (row: unknown) => ({
    prototype: Object.getPrototypeOf(row),
    properties: Reflect.ownKeys(row as object).map((key) => [
      key,
      Object.getOwnPropertyDescriptor(row as object, key),
    ]),
  });

  for (const [shape, sql] of SHAPES) {
    it(`a read answers the driver's own row for ${shape}`, () => {
      const path = tempDbPath();
      const engine = track(DriftStorageEngine.open(path));
      const driver = track(new BetterSqlite3(path, { readonly: true }));
      const { reader, writer } = routingOf(engine);
      const expectedFirst = observed(driver.prepare(sql).get());
      const expectedAll = driver.prepare(sql).all().map(observed);
      for (const executor of [reader, writer]) {
        expect(observed(executor.get(rawStatement(sql)))).toEqual(expectedFirst);
        expect(executor.all(rawStatement(sql)).map(observed)).toEqual(expectedAll);
      }
      expect(expectedAll.length).toBeGreaterThan(0);
    });
  }

  it('a read of no row answers undefined from get and an empty list from all, as the driver', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    const none = rawStatement('SELECT 1 AS n WHERE 0');
    expect(routingOf(engine).reader.get(none)).toBeUndefined();
    expect(routingOf(engine).reader.all(none)).toEqual([]);
  });

  it('a blob reads back as a plain Uint8Array of its bytes and nothing else, short or long', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    for (const length of [1, 32, 4096, 4097, 100_000]) {
      const hash = Uint8Array.from({ length }, (_, i) => (i * 7 + length) & 0xff);
      engine.insertParseCache(hash, 'ts', '{}', length);
      const read = engine.getParseCacheByHash(hash)?.contentHash;
      expect(Object.getPrototypeOf(read)).toBe(Uint8Array.prototype);
      expect(read?.byteOffset).toBe(0);
      expect(read?.byteLength).toBe(length);
      expect(read?.buffer.byteLength).toBe(length);
      expect(read).toEqual(hash);
    }
  });
});

describe('lifecycle', () => {
  it('path() is absolute for a file and null in memory', () => {
    const path = tempDbPath();
    const file = DriftStorageEngine.open(path);
    const memory = DriftStorageEngine.openInMemory();
    expect(file.path()).toBe(path);
    expect(memory.path()).toBeNull();
    file.close();
    memory.close();
  });

  it('checkpoint() moves the write-ahead log into the database file', () => {
    const path = tempDbPath();
    const engine = DriftStorageEngine.open(path);
    for (let i = 0; i < 50; i++) engine.insertParseCache(new Uint8Array([i]), 'ts', 'y'.repeat(1000), i);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    engine.checkpoint();
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(engine.countParseCache()).toBe(50);
    engine.close();
  });

  it('close() is idempotent and every later call fails with CLOSED', () => {
    const engine = DriftStorageEngine.openInMemory();
    engine.close();
    engine.close();
    expect(engine.isClosed()).toBe(true);
    for (const call of [
      () => engine.countFiles(),
      () => engine.updateFunctionCount('a', 1),
      () => engine.checkpoint(),
    ]) {
      expect(call).toThrow(expect.objectContaining({ code: 'CLOSED' }));
    }
  });

  it('batch methods without a batch writer fail with NOT_SUPPORTED naming the fix', () => {
    const engine = DriftStorageEngine.openInMemory();
    expect(() => engine.flushSync()).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
    expect(() => engine.flushSync()).toThrow(/options\.batchWriter/);
    expect(engine.stats().flushes).toBe(0);
    engine.close();
  });
});

describe('query methods', () => {
  /** The argument specs of a query method: the seam's, or the engine's own for a view. */
  const specsOf = (name: string) =>
    (VIEW_ARGUMENTS as Record<string, readonly unknown[]>)[name] ??
    (METHOD_ARGUMENT_SPECS as Record<string, readonly unknown[]>)[name]!;
  const call = (engine: DriftStorageEngine, name: string, args: readonly unknown[]) =>
    (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args);

  it('each names itself, the key it is reached by, in its argument errors and after close', () => {
    const engine = track(DriftStorageEngine.openInMemory());
    const names = [...queryMethodRoles().keys()];
    expect(names.sort()).toEqual(
      Object.keys(engine)
        .filter((key) => typeof (engine as unknown as Record<string, unknown>)[key] === 'function')
        .sort(),
    );
    for (const name of names) {
      const tooMany = Array.from({ length: specsOf(name).length + 1 }, () => null);
      const error = storageErrorOf(() => call(engine, name, tooMany));
      expect([name, error.code, error.operation]).toEqual([name, 'INVALID_INPUT', name]);
    }
    engine.close();
    for (const name of names) {
      const error = storageErrorOf(() => call(engine, name, []));
      expect([name, error.code, error.operation]).toEqual([name, 'CLOSED', name]);
    }
  });

  it("checks a view's arguments with the seam's checker and its messages", () => {
    const engine = track(DriftStorageEngine.openInMemory());
    const views = engine as unknown as Record<string, (...a: unknown[]) => unknown>;
    expect(storageErrorOf(() => views.healthTrend!()).message).toBe(
      'healthTrend: days is missing (expected 1 argument, got 0)',
    );
    expect(storageErrorOf(() => views.statusView!(1)).message).toBe(
      'statusView: expected 0 arguments, got 1',
    );
    expect(storageErrorOf(() => views.queryViolationsPage!(5, 2)).message).toBe(
      'queryViolationsPage: cursor must be a string or null, got the number 5',
    );
    expect(storageErrorOf(() => views.healthTrend!(-1)).field).toBe('days');
    expect(storageErrorOf(() => views.queryViolationsPage!(null, 0)).field).toBe('limit');
  });
});
