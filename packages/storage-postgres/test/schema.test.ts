import { createHash } from 'node:crypto';
import { StorageErrorCode } from '@drift/storage-traits';
import { DRIFT_TABLES, type ResolvedColumn, type Table } from '@drift/storage-traits/schema';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MIGRATIONS_TABLE,
  migrateDriftSchema,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA_VERSION,
} from '../src/migrations.js';
import { postgresColumnName, RENAMED_COLUMNS, SCOPE_COLUMNS, SEQUENCES_TABLE } from '../src/schema.js';
import { freshDatabase, type TestDatabase, withClient } from './helpers/db.js';

// The table declarations of @drift/storage-traits/schema against the tables the migrations create in
// PostgreSQL, column by column (information_schema) and constraint by constraint (pg_constraint).

/** One column as information_schema.columns describes it. */
interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly nullable: 'YES' | 'NO';
  readonly default: string | null;
  readonly identity: 'BY DEFAULT' | 'ALWAYS' | null;
  readonly collation: string | null;
}

const PG_TYPE = {
  integer: 'bigint',
  boolean: 'boolean',
  real: 'double precision',
  text: 'text',
  blob: 'bytea',
} as const;

/** How PostgreSQL prints a scope column's default: the setting, NULL when unset, as a uuid. */
const scopeDefault = (setting: string) =>
  `(NULLIF(current_setting('${setting}'::text, true), ''::text))::uuid`;

/** What information_schema must say of a declared column. */
function expectedColumn(t: Table, c: ResolvedColumn): ColumnInfo {
  const d = c.default;
  const dflt =
    d === undefined || d.kind === 'autoIncrement'
      ? null
      : d.kind === 'now'
        ? '(floor(EXTRACT(epoch FROM statement_timestamp())))::bigint'
        : typeof d.value === 'string'
          ? `'${d.value}'::text`
          : String(d.value);
  return {
    name: postgresColumnName(t.name, c.column),
    type: PG_TYPE[c.type],
    nullable: c.nullable ? 'YES' : 'NO',
    default: dflt,
    // Version 3 replaced the identity of version 1 by the per-scope counter's trigger.
    identity: null,
    // Byte order, as SQLite's BINARY collation compares text.
    collation: c.type === 'text' ? 'C' : null,
  };
}

/** Columns of `name` in ordinal order. */
async function columnsOf(client: pg.Client, name: string): Promise<ColumnInfo[]> {
  const { rows } = await client.query<ColumnInfo>(
    `select column_name as name, data_type as type, is_nullable as nullable, column_default as default,
            identity_generation as identity, collation_name as collation
       from information_schema.columns where table_schema = current_schema() and table_name = $1
      order by ordinal_position`,
    [name],
  );
  return rows;
}

/** Constraints of `name` as `p(...)`, `u(...)`, `f(...)->table(...)`, sorted. */
async function constraintsOf(client: pg.Client, name: string): Promise<string[]> {
  const { rows } = await client.query<{ text: string }>(
    `select c.contype::text || '(' ||
            (select string_agg(a.attname, ',' order by k.ord) from unnest(c.conkey) with ordinality k(num, ord)
               join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.num) || ')' ||
            case when c.contype = 'f' then '->' || c.confrelid::regclass::text || '(' ||
              (select string_agg(a.attname, ',' order by k.ord) from unnest(c.confkey) with ordinality k(num, ord)
                 join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.num) || ')' else '' end as text
       from pg_constraint c where c.conrelid = $1::regclass and c.contype in ('p', 'u', 'f')`,
    [name],
  );
  return rows.map((r) => r.text).sort();
}

/** What pg_constraint must list for a declared table, every key led by the scope columns. */
function expectedConstraints(t: Table): string[] {
  const cols = (fields: readonly string[]) =>
    [...SCOPE_COLUMNS, ...fields.map((f) => postgresColumnName(t.name, t.byField[f]!.column))].join(',');
  return [
    `p(${cols(t.primaryKey)})`,
    ...t.unique.map((u) => `u(${cols(u)})`),
    ...t.references.map(
      (fk) =>
        `f(${cols(fk.fields)})->${fk.table}(${[...SCOPE_COLUMNS, ...fk.columns.map((c) => postgresColumnName(fk.table, c))].join(',')})`,
    ),
  ].sort();
}

/** Every difference between the declaration of `t` and the table of that name. */
async function differences(client: pg.Client, t: Table): Promise<string[]> {
  const found: string[] = [];
  const actual = await columnsOf(client, t.name);
  if (actual.length === 0) return [`${t.name}: no such table`];
  const expected: ColumnInfo[] = [
    {
      name: 'tenant_id',
      type: 'uuid',
      nullable: 'NO',
      default: scopeDefault('app.tenant_id'),
      identity: null,
      collation: null,
    },
    {
      name: 'project_id',
      type: 'uuid',
      nullable: 'NO',
      default: scopeDefault('app.project_id'),
      identity: null,
      collation: null,
    },
    ...t.columnList.map((c) => expectedColumn(t, c)),
    // Version 2: the insertion-order cursor (SQLite's rowid), last.
    { name: 'drift_row', type: 'bigint', nullable: 'NO', default: null, identity: 'ALWAYS', collation: null },
  ];
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    if (JSON.stringify(actual[i]) !== JSON.stringify(expected[i]))
      found.push(
        `${t.name} column ${i}: declared ${JSON.stringify(expected[i])}, created ${JSON.stringify(actual[i])}`,
      );
  }
  const constraints = await constraintsOf(client, t.name);
  if (JSON.stringify(constraints) !== JSON.stringify(expectedConstraints(t)))
    found.push(
      `${t.name}: constraints declared ${JSON.stringify(expectedConstraints(t))}, created ${JSON.stringify(constraints)}`,
    );
  return found;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('table declarations against the migrated PostgreSQL database', () => {
  it('has exactly the declared tables plus drift_migrations', async () => {
    const names = await withClient(db.admin, async (c) =>
      (
        await c.query<{ name: string }>(
          "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
        )
      ).rows.map((r) => r.name),
    );
    expect(names).toEqual([...DRIFT_TABLES.map((t) => t.name), MIGRATIONS_TABLE, SEQUENCES_TABLE].sort());
    expect(DRIFT_TABLES).toHaveLength(46);
  });

  it('every table has the scope columns, then exactly its declared columns in PostgreSQL types, keys and foreign keys led by the scope', async () => {
    const found = await withClient(db.admin, async (c) => {
      const all: string[] = [];
      for (const t of DRIFT_TABLES) all.push(...(await differences(c, t)));
      return all;
    });
    expect(found).toEqual([]);
  });

  it('a drift column named like a scope column is renamed, as in the reference cloud schema, and no other collides', async () => {
    const collisions = DRIFT_TABLES.flatMap((t) =>
      t.columnList
        .filter((c) => (SCOPE_COLUMNS as readonly string[]).includes(c.column))
        .map((c) => `${t.name}.${c.column}`),
    );
    expect(collisions).toEqual(['migration_modules.project_id']);
    expect(RENAMED_COLUMNS).toEqual({ migration_modules: { project_id: 'migration_project_id' } });
    const columns = await withClient(db.admin, (c) => columnsOf(c, 'migration_modules'));
    expect(columns.map((c) => c.name)).toEqual([
      'tenant_id',
      'project_id',
      'id',
      'migration_project_id',
      'module_name',
      'status',
      'spec_content',
      'created_at',
      'updated_at',
      'drift_row',
    ]);
  });

  it('reports a declaration that differs in type, nullability, default, identity or keys', async () => {
    const functions = DRIFT_TABLES.find((t) => t.name === 'functions')!;
    const wrong = {
      ...functions,
      columnList: functions.columnList.map((c) =>
        c.field === 'line'
          ? { ...c, type: 'real' as const }
          : c.field === 'name'
            ? { ...c, nullable: true }
            : c,
      ),
      unique: [],
    } as Table;
    const found = await withClient(db.admin, (c) => differences(c, wrong));
    expect(found).toEqual([
      'functions column 4: declared {"name":"name","type":"text","nullable":"YES","default":null,"identity":null,"collation":"C"}, created {"name":"name","type":"text","nullable":"NO","default":null,"identity":null,"collation":"C"}',
      'functions column 7: declared {"name":"line","type":"double precision","nullable":"NO","default":null,"identity":null,"collation":null}, created {"name":"line","type":"bigint","nullable":"NO","default":null,"identity":null,"collation":null}',
      'functions: constraints declared ["p(tenant_id,project_id,id)"], created ["p(tenant_id,project_id,id)","u(tenant_id,project_id,file,name,line)"]',
    ]);
  });

  it('every drift table has row-level security enabled and forced, with one policy checking reads and writes', async () => {
    const rows = await withClient(
      db.admin,
      async (c) =>
        (
          await c.query<{ name: string; enabled: boolean; forced: boolean; policies: string }>(
            `select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                  (select string_agg(p.polname || ':' || p.polcmd::text || ':' || (p.polqual is not null) || ':' || (p.polwithcheck is not null), ',')
                     from pg_policy p where p.polrelid = c.oid) as policies
             from pg_class c where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and c.relname <> $1
            order by c.relname`,
            [MIGRATIONS_TABLE],
          )
        ).rows,
    );
    expect(rows).toEqual(
      [...DRIFT_TABLES.map((t) => t.name), SEQUENCES_TABLE]
        .sort()
        .map((name) => ({ name, enabled: true, forced: true, policies: `${name}_isolation:*:true:true` })),
    );
  });
});

describe('text compares as in SQLite', () => {
  it('orders by code point (SQLite BINARY) in a database whose own collation is linguistic', async () => {
    const linguistic = await freshDatabase({ linguistic: true });
    try {
      const paths = ['b.ts', 'B.ts', 'a.ts', 'Z.ts', 'é.ts', '_.ts'];
      const [byDatabase, byColumn] = await withClient(linguistic.owner, async (c) => {
        await c.query(
          "select set_config('app.tenant_id', gen_random_uuid()::text, false), set_config('app.project_id', gen_random_uuid()::text, false)",
        );
        for (const path of paths) {
          await c.query(
            'insert into file_metadata (path, file_size, content_hash, mtime_secs, mtime_nanos, last_scanned_at) values ($1, 1, $2, 1, 1, 1)',
            [path, Buffer.from([1])],
          );
        }
        return [
          (await c.query<{ p: string }>('select p from unnest($1::text[]) p order by p', [paths])).rows.map(
            (r) => r.p,
          ),
          (await c.query<{ path: string }>('select path from file_metadata order by path')).rows.map(
            (r) => r.path,
          ),
        ];
      });
      // The database's collation would interleave cases; the column's keeps byte order.
      expect(byDatabase).toEqual(['_.ts', 'a.ts', 'b.ts', 'B.ts', 'é.ts', 'Z.ts']);
      expect(byColumn).toEqual(['B.ts', 'Z.ts', '_.ts', 'a.ts', 'b.ts', 'é.ts']);
    } finally {
      await linguistic.drop();
    }
  });
});

describe('versioned migrations', () => {
  it('version 1 is pinned: a changed declaration must come as a new migration, not as an edit of version 1', () => {
    const sqlText = POSTGRES_MIGRATIONS[0]!.statements.map((s) => s.compile().sql).join(';\n');
    expect(POSTGRES_SCHEMA_VERSION).toBe(3);
    expect(POSTGRES_MIGRATIONS[0]!.statements).toHaveLength(46 * 4);
    expect(createHash('sha256').update(sqlText).digest('hex')).toBe(
      '25ff4975b553413ddbf64d795097bec0847cfb2b0ea5971ae5fdd9a3bce2e337',
    );
  });

  it('version 2 is pinned too: one ALTER TABLE per drift table adding the drift_row identity', () => {
    const statements = POSTGRES_MIGRATIONS[1]!.statements.map((s) => s.compile().sql);
    expect(statements).toHaveLength(46);
    expect(statements[0]).toBe(
      `alter table "${DRIFT_TABLES[0]!.name}" add column "drift_row" bigint generated always as identity not null`,
    );
    expect(createHash('sha256').update(statements.join(';\n')).digest('hex')).toBe(
      'd536f3e72b1a23f71e29340338680d39563358c3c985375041f039a391192f27',
    );
  });

  it('records its version once; running it again changes nothing', async () => {
    const fresh = await freshDatabase({ migrated: false });
    try {
      const first = await withClient(fresh.owner, (c) =>
        migrateDriftSchema(c, { engineRole: fresh.engineRole }),
      );
      const second = await withClient(fresh.owner, (c) =>
        migrateDriftSchema(c, { engineRole: fresh.engineRole }),
      );
      expect(first).toEqual({ from: 0, to: 3 });
      expect(second).toEqual({ from: 3, to: 3 });
      const versions = await withClient(
        fresh.admin,
        async (c) => (await c.query(`select version, description from ${MIGRATIONS_TABLE}`)).rows,
      );
      expect(versions).toEqual([
        { version: 1, description: 'drift schema v9 with tenant and project isolation' },
        { version: 2, description: 'drift_row insertion-order cursor on every table' },
        { version: 3, description: 'ids counted per tenant and project; foreign keys checked at commit' },
      ]);
    } finally {
      await fresh.drop();
    }
  });

  it('concurrent migrators apply it once (the advisory lock serializes them)', async () => {
    const fresh = await freshDatabase({ migrated: false });
    try {
      const outcomes = await Promise.all(
        [1, 2, 3].map(() =>
          withClient(fresh.owner, (c) => migrateDriftSchema(c, { engineRole: fresh.engineRole })),
        ),
      );
      expect(outcomes.map((o) => o.from).sort()).toEqual([0, 3, 3]);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses a database a newer build migrated, untouched (SCHEMA_TOO_NEW)', async () => {
    const fresh = await freshDatabase();
    try {
      await withClient(fresh.owner, (c) =>
        c.query(`insert into ${MIGRATIONS_TABLE} (version, description) values (4, 'future')`),
      );
      const error = await withClient(fresh.owner, (c) =>
        migrateDriftSchema(c, { engineRole: fresh.engineRole }),
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: StorageErrorCode.SCHEMA_TOO_NEW, operation: 'migrateDriftSchema' });
      expect((error as Error).message).toBe(
        "migrateDriftSchema: the database is at drift schema version 4, newer than this build's 3; nothing was changed. Use a newer @drift/storage-postgres.",
      );
      const versions = await withClient(
        fresh.admin,
        async (c) => (await c.query(`select version from ${MIGRATIONS_TABLE} order by 1`)).rows,
      );
      expect(versions).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }, { version: 4 }]);
    } finally {
      await fresh.drop();
    }
  });

  it('a failing migration is rolled back whole (MIGRATION_FAILED): no table and no version is left', async () => {
    const fresh = await freshDatabase({ migrated: false });
    try {
      const error = await withClient(fresh.owner, (c) =>
        migrateDriftSchema(c, { engineRole: 'no_such_role' }),
      ).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: StorageErrorCode.MIGRATION_FAILED,
        operation: 'migrateDriftSchema',
      });
      expect((error as Error).message).toMatch(
        /^migrateDriftSchema: migrating from version 0 to 3 failed and was rolled back, nothing was changed: migrateDriftSchema failed: role "no_such_role" does not exist/,
      );
      const tables = await withClient(
        fresh.admin,
        async (c) =>
          (
            await c.query(
              'select count(*)::int as n from information_schema.tables where table_schema = current_schema()',
            )
          ).rows,
      );
      expect(tables).toEqual([{ n: 0 }]);
    } finally {
      await fresh.drop();
    }
  });
});
