import { decoderOf, insertStatement, selectList } from '@drift/storage-traits/queries';
import {
  DRIFT_TABLES,
  integer,
  type ResolvedColumn,
  type Table,
  table,
  text,
} from '@drift/storage-traits/schema';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DriftStorageEngine } from '../src/engine.js';
import { SQLITE_DIALECT } from '../src/statements.js';
import { tempDbPath } from './helpers/temp.js';

// The table declarations of @drift/storage-traits/schema against the tables the migrations create:
// a drift.db made by the engine has exactly the declared tables, and each exactly the declared columns.

/** One column as `PRAGMA table_xinfo` describes it. */
interface XInfo {
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
  readonly hidden: number;
}

const SQLITE_TYPE = {
  integer: 'INTEGER',
  boolean: 'INTEGER',
  real: 'REAL',
  text: 'TEXT',
  blob: 'BLOB',
} as const;

/** What `PRAGMA table_xinfo` must say of a declared column. */
function expectedXInfo(t: Table, c: ResolvedColumn): XInfo {
  const d = c.default;
  const dflt =
    d === undefined || d.kind === 'autoIncrement'
      ? null
      : d.kind === 'now'
        ? 'unixepoch()'
        : typeof d.value === 'string'
          ? `'${d.value}'`
          : typeof d.value === 'boolean'
            ? String(Number(d.value))
            : String(d.value);
  return {
    name: c.column,
    type: SQLITE_TYPE[c.type],
    // An INTEGER PRIMARY KEY is the rowid: SQLite reports it as nullable (it assigns the value).
    notnull: d?.kind === 'autoIncrement' || c.nullable ? 0 : 1,
    dflt_value: dflt,
    pk: t.primaryKey.indexOf(c.field) + 1,
    hidden: 0,
  };
}

/** Every difference between the declaration of `t` and the table of that name in `db`. */
function differences(db: BetterSqlite3.Database, t: Table): string[] {
  const found: string[] = [];
  const actual = db
    .prepare('SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)')
    .all(t.name) as XInfo[];
  if (actual.length === 0) return [`${t.name}: no such table`];
  const expected = t.columnList.map((c) => expectedXInfo(t, c));
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const a = actual[i];
    const e = expected[i];
    if (JSON.stringify(a) !== JSON.stringify(e))
      found.push(`${t.name} column ${i}: declared ${JSON.stringify(e)}, created ${JSON.stringify(a)}`);
  }
  const ddl = (
    db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(t.name) as {
      sql: string;
    }
  ).sql;
  const autoIncrement = t.columnList.some((c) => c.default?.kind === 'autoIncrement');
  if (/\bautoincrement\b/i.test(ddl) !== autoIncrement)
    found.push(
      `${t.name}: AUTOINCREMENT ${autoIncrement ? 'declared but not created' : 'created but not declared'}`,
    );
  const unique = (
    db.prepare('SELECT name FROM pragma_index_list(?) WHERE origin = ?').all(t.name, 'u') as {
      name: string;
    }[]
  ).map(({ name }) =>
    (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(name) as { name: string }[])
      .map((c) => c.name)
      .join(','),
  );
  const declaredUnique = t.unique.map((u) => u.map((f) => t.byField[f]!.column).join(','));
  if (JSON.stringify(unique.sort()) !== JSON.stringify([...declaredUnique].sort()))
    found.push(
      `${t.name}: UNIQUE declared ${JSON.stringify(declaredUnique)}, created ${JSON.stringify(unique)}`,
    );
  const foreignKeys = foreignKeysOf(db, t.name);
  const declaredForeignKeys = t.references
    .map(
      (fk) => `${fk.fields.map((f) => t.byField[f]!.column).join(',')}->${fk.table}(${fk.columns.join(',')})`,
    )
    .sort();
  if (JSON.stringify(foreignKeys) !== JSON.stringify(declaredForeignKeys))
    found.push(
      `${t.name}: FOREIGN KEY declared ${JSON.stringify(declaredForeignKeys)}, created ${JSON.stringify(foreignKeys)}`,
    );
  return found;
}

/** The foreign keys of `table` as `from,...->table(to,...)`, sorted. */
function foreignKeysOf(db: BetterSqlite3.Database, table: string): string[] {
  const rows = db
    .prepare('SELECT id, seq, "table", "from", "to" FROM pragma_foreign_key_list(?) ORDER BY id, seq')
    .all(table) as { id: number; table: string; from: string; to: string }[];
  const byId = new Map<number, { table: string; from: string[]; to: string[] }>();
  for (const r of rows) {
    const fk = byId.get(r.id) ?? { table: r.table, from: [], to: [] };
    fk.from.push(r.from);
    fk.to.push(r.to);
    byId.set(r.id, fk);
  }
  return [...byId.values()].map((fk) => `${fk.from.join(',')}->${fk.table}(${fk.to.join(',')})`).sort();
}

/** A drift.db created by the engine (every migration), opened read-only for inspection. */
function migratedDatabase(): BetterSqlite3.Database {
  const path = tempDbPath();
  DriftStorageEngine.open(path).close();
  return new BetterSqlite3(path, { readonly: true });
}

describe('table declarations against the migrations', () => {
  it('a migrated drift.db has exactly the declared tables, in creation order', () => {
    const db = migratedDatabase();
    try {
      const names = (
        db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid",
          )
          .all() as { name: string }[]
      ).map((r) => r.name);
      expect(names).toEqual(DRIFT_TABLES.map((t) => t.name));
      expect(DRIFT_TABLES).toHaveLength(46);
    } finally {
      db.close();
    }
  });

  it('every declared table has exactly its declared columns: name, type, NOT NULL, default, key, UNIQUE and FOREIGN KEY constraints', () => {
    const db = migratedDatabase();
    try {
      expect(DRIFT_TABLES.flatMap((t) => differences(db, t))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('reports a declaration that differs from the migrations in any of those respects', () => {
    const db = migratedDatabase();
    try {
      const wrong = table(
        'health_trends',
        {
          id: integer(),
          metricName: text().nullable(),
          value: integer().named('metric_value'),
          recordedAt: integer().defaulted(0),
        },
        {
          primaryKey: ['id'],
          unique: [['metricName']],
          references: [{ fields: ['value'], table: 'functions', columns: ['id'] }],
        },
      );
      const found = differences(db, wrong);
      expect(found).toEqual([
        'health_trends column 0: declared {"name":"id","type":"INTEGER","notnull":1,"dflt_value":null,"pk":1,"hidden":0}, created {"name":"id","type":"INTEGER","notnull":0,"dflt_value":null,"pk":1,"hidden":0}',
        'health_trends column 1: declared {"name":"metric_name","type":"TEXT","notnull":0,"dflt_value":null,"pk":0,"hidden":0}, created {"name":"metric_name","type":"TEXT","notnull":1,"dflt_value":null,"pk":0,"hidden":0}',
        'health_trends column 2: declared {"name":"metric_value","type":"INTEGER","notnull":1,"dflt_value":null,"pk":0,"hidden":0}, created {"name":"metric_value","type":"REAL","notnull":1,"dflt_value":null,"pk":0,"hidden":0}',
        'health_trends column 3: declared {"name":"recorded_at","type":"INTEGER","notnull":1,"dflt_value":"0","pk":0,"hidden":0}, created {"name":"recorded_at","type":"INTEGER","notnull":1,"dflt_value":"unixepoch()","pk":0,"hidden":0}',
        'health_trends: AUTOINCREMENT created but not declared',
        'health_trends: UNIQUE declared ["metric_name"], created []',
        'health_trends: FOREIGN KEY declared ["metric_value->functions(id)"], created []',
      ]);
      expect(differences(db, table('no_such_table', { a: text() }, { primaryKey: ['a'] }))).toEqual([
        'no_such_table: no such table',
      ]);
    } finally {
      db.close();
    }
  });
});

describe('what the declarations derive', () => {
  const functions = DRIFT_TABLES.find((t) => t.name === 'functions')!;

  it('a select list aliases each column to its field, in column order', () => {
    expect(selectList(functions)).toEqual([
      'id',
      'file',
      'name',
      'qualified_name as qualifiedName',
      'language',
      'line',
      'end_line as endLine',
      'parameter_count as parameterCount',
      'return_type as returnType',
      'is_exported as isExported',
      'is_async as isAsync',
      'body_hash as bodyHash',
      'signature_hash as signatureHash',
    ]);
  });

  it('a decoder turns 0/1 into booleans and Buffers into plain Uint8Arrays, nulls kept', () => {
    const decode = decoderOf(functions, ['isExported', 'isAsync', 'bodyHash', 'signatureHash']);
    const row = decode({ isExported: 1, isAsync: 0, bodyHash: Buffer.from([1, 2]), signatureHash: null });
    expect(row).toEqual({
      isExported: true,
      isAsync: false,
      bodyHash: new Uint8Array([1, 2]),
      signatureHash: null,
    });
    expect(Object.getPrototypeOf(row.bodyHash)).toBe(Uint8Array.prototype);
  });

  it('an insert binds the fields by name in its SQL order, booleans as 0/1, and runs directly', () => {
    const insert = insertStatement(functions, {
      mode: 'replace',
      fields: ['file', 'name', 'language', 'line', 'endLine', 'isExported', 'isAsync', 'bodyHash'],
    });
    expect(insert.statement.for(SQLITE_DIALECT).sql).toBe(
      'insert or replace into "functions" ("file", "name", "language", "line", "end_line", "is_exported", "is_async", "body_hash") values (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    expect(insert.statement.for(SQLITE_DIALECT).direct).toBe(true);
    const hash = new Uint8Array([9]);
    expect(
      insert.args({
        line: 3,
        name: 'f',
        file: 'a.ts',
        endLine: 4,
        language: 'ts',
        isAsync: true,
        isExported: false,
        bodyHash: hash,
      }),
    ).toEqual(['a.ts', 'f', 'ts', 3, 4, 0, 1, hash]);
  });

  it('an insert without a field list writes every field the database does not fill', () => {
    const detections = DRIFT_TABLES.find((t) => t.name === 'detections')!;
    expect(insertStatement(detections).fields).toEqual([
      'file',
      'line',
      'columnNum',
      'patternId',
      'category',
      'confidence',
      'detectionMethod',
      'cweIds',
      'owasp',
      'matchedText',
    ]);
  });
});
