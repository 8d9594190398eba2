// The PostgreSQL dialect of the shared statements: the SQL text each rewrite produces, asserted exactly.
import { BATCH_WRITERS, PARSE_CACHE_REPLACE, sharedStatement } from '@drift/storage-traits/queries';
import { describe, expect, it } from 'vitest';
import { POSTGRES_DIALECT } from '../src/dialect.js';

const d = POSTGRES_DIALECT.db;

describe('POSTGRES_DIALECT', () => {
  it('compiles a plain select with PostgreSQL placeholders and quoting', () => {
    const s = sharedStatement((dd, path: string) =>
      dd.db.selectFrom('file_metadata').select(['path', 'file_size as fileSize']).where('path', '=', path),
    ).for(POSTGRES_DIALECT);
    expect(s.sql).toBe(
      'select "path", "file_size" as "fileSize" from "file_metadata" where "path" = $1 order by "file_metadata"."drift_row"',
    );
    expect(s.binds).toEqual([{ arg: 0 }]);
    expect(s.direct).toBe(true);
    expect(s.before).toBeUndefined();
  });

  it('INSERT OR REPLACE: a DELETE of the rows colliding on the primary key first, then a plain INSERT', () => {
    const s = PARSE_CACHE_REPLACE.statement.for(POSTGRES_DIALECT);
    expect(s.sql).toBe(
      'insert into "parse_cache" ("content_hash", "language", "parse_result_json", "created_at") values ($1, $2, $3, $4)',
    );
    expect(s.before?.map((b) => b.sql)).toEqual(['delete from "parse_cache" where ("content_hash" = $1)']);
    // The delete binds the insert's first argument (the key), not a constant.
    expect(s.before?.[0]?.binds).toEqual([{ arg: 0 }]);
  });

  it('INSERT OR REPLACE: every UNIQUE of the declaration is a collision too (ORed), a generated id is not', () => {
    // call_edges: key (caller_id, callee_id, call_site_line); functions: generated id, UNIQUE (file, name, line)
    const compiled = POSTGRES_DIALECT.compile(
      d
        .insertInto('functions')
        .orReplace()
        .values({ file: 'a.ts', name: 'f', qualified_name: null, language: 'ts', line: 1 } as never),
    );
    expect(compiled.sql).toMatch(/^insert into "functions" \(/);
    expect(compiled.sql).not.toMatch(/or replace/);
    expect(compiled.before?.map((b) => b.sql)).toEqual([
      'delete from "functions" where ("file" = $1 and "name" = $2 and "line" = $3)',
    ]);
    expect(compiled.before?.[0]?.parameters).toEqual(['a.ts', 'f', 1]);
  });

  it('INSERT OR REPLACE of several rows deletes what any of them collides with', () => {
    const compiled = POSTGRES_DIALECT.compile(
      d
        .insertInto('parse_cache')
        .orReplace()
        .values([
          { content_hash: new Uint8Array([1]), language: 'a', parse_result_json: '{}', created_at: 1 },
          { content_hash: new Uint8Array([2]), language: 'b', parse_result_json: '{}', created_at: 2 },
        ]),
    );
    expect(compiled.before?.map((b) => b.sql)).toEqual([
      'delete from "parse_cache" where ("content_hash" = $1) or ("content_hash" = $2)',
    ]);
  });

  it('INSERT OR IGNORE becomes ON CONFLICT DO NOTHING', () => {
    const compiled = POSTGRES_DIALECT.compile(
      d
        .insertInto('parse_cache')
        .orIgnore()
        .values({
          content_hash: new Uint8Array([1]),
          language: 'a',
          parse_result_json: '{}',
          created_at: 1,
        }),
    );
    expect(compiled.sql).toBe(
      'insert into "parse_cache" ("content_hash", "language", "parse_result_json", "created_at") values ($1, $2, $3, $4) on conflict do nothing',
    );
    expect(compiled.before).toBeUndefined();
  });

  it('LIKE and NOT LIKE become ILIKE with no escape character, as SQLite matches', () => {
    const compiled = POSTGRES_DIALECT.compile(
      d
        .selectFrom('detections')
        .select('id')
        .where('pattern_id', 'like', 'sec/%')
        .where('file', 'not like', '%test%'),
    );
    expect(compiled.sql).toBe(
      `select "id" from "detections" where ("pattern_id" ilike $1 escape '') and ("file" not ilike $2 escape '') order by "detections"."drift_row"`,
    );
  });

  it('migration_modules.project_id is migration_project_id, wherever the column appears', () => {
    const compiled = POSTGRES_DIALECT.compile(
      d
        .selectFrom('migration_modules')
        .select(['project_id as projectId'])
        .where('project_id', '=', 7)
        .orderBy('project_id'),
    );
    expect(compiled.sql).toBe(
      'select "migration_project_id" as "projectId" from "migration_modules" where "migration_project_id" = $1 order by "migration_project_id", "migration_modules"."drift_row"',
    );
    const insert = POSTGRES_DIALECT.compile(
      d.insertInto('migration_modules').values({ project_id: 1, module_name: 'm' } as never),
    );
    expect(insert.sql).toBe(
      'insert into "migration_modules" ("migration_project_id", "module_name") values ($1, $2)',
    );
  });

  it('now() is whole unix seconds of the statement; rowid() the drift_row column', () => {
    const compiled = POSTGRES_DIALECT.compile(
      d
        .selectFrom('file_metadata')
        .select([POSTGRES_DIALECT.now().as('t'), POSTGRES_DIALECT.rowid().as('r')]),
    );
    expect(compiled.sql).toBe(
      'select (floor(extract(epoch from statement_timestamp()))::bigint) as "t", "drift_row" as "r" from "file_metadata" order by "file_metadata"."drift_row"',
    );
  });

  it('rows that tie come in drift_row order (SQLite: rowid order); aggregates, joins and DISTINCT are left alone', () => {
    const ordered = POSTGRES_DIALECT.compile(
      d.selectFrom('violations as v').select('v.id').orderBy('v.file').orderBy('v.line', 'desc').limit(5),
    );
    expect(ordered.sql).toBe(
      'select "v"."id" from "violations" as "v" order by "v"."file", "v"."line" desc, "v"."drift_row" limit $1',
    );
    const untouched = [
      d.selectFrom('violations').select((eb) => eb.fn.countAll().as('n')),
      d.selectFrom('violations').select('file').distinct().orderBy('file'),
      d.selectFrom('violations').select('file').groupBy('file'),
      d
        .selectFrom('violations')
        .innerJoin('feedback', 'feedback.violation_id', 'violations.id')
        .select('violations.id'),
    ].map((q) => POSTGRES_DIALECT.compile(q).sql);
    for (const text of untouched) expect(text).not.toMatch(/drift_row/);
  });

  it('an ON CONFLICT target is led by the scope columns, as every key and UNIQUE is', () => {
    const compiled = POSTGRES_DIALECT.compile(
      d
        .insertInto('pattern_confidence')
        .values({ pattern_id: 'p', alpha: 1, beta: 1, posterior_mean: 0.5 } as never)
        .onConflict((oc) => oc.column('pattern_id').doUpdateSet({ alpha: 2 })),
    );
    expect(compiled.sql).toMatch(
      /on conflict \("tenant_id", "project_id", "pattern_id"\) do update set "alpha" = \$\d+$/,
    );
  });

  it('select * answers the declared columns only (no scope columns, no drift_row), renamed ones under their drift name', () => {
    const all = POSTGRES_DIALECT.compile(d.selectFrom('parse_cache').selectAll()).sql;
    expect(all).toBe(
      'select "parse_cache"."content_hash", "parse_cache"."language", "parse_cache"."parse_result_json", "parse_cache"."created_at" from "parse_cache" order by "parse_cache"."drift_row"',
    );
    const renamed = POSTGRES_DIALECT.compile(d.selectFrom('migration_modules as m').selectAll('m')).sql;
    expect(renamed).toMatch(
      /^select "m"\."id", "m"\."migration_project_id" as "project_id", "m"\."module_name", /,
    );
  });

  it('every shared batch writer compiles, binding exactly its arguments in order', () => {
    for (const [type, writer] of Object.entries(BATCH_WRITERS)) {
      const s = writer!.statement.for(POSTGRES_DIALECT);
      expect(s.direct, type).toBe(true);
      expect(s.sql, type).not.toMatch(/\bor (replace|ignore)\b/);
    }
  });
});
