import {
  type AsyncStepRunner,
  asyncMethod,
  type Database,
  decoderOf,
  driveAsync,
  driveSync,
  each,
  every,
  first,
  get,
  insertStatement,
  type QueryDialect,
  run,
  type SharedStatement,
  type Step,
  type SyncStepRunner,
  scalar,
  selectList,
  sharedFamily,
  sharedList,
  sharedSql,
  sharedStatement,
  syncMethod,
} from '@drift/storage-traits/queries';
import { fileMetadata, functions } from '@drift/storage-traits/schema';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';

// The shared query layer on its own: statements compiled per dialect (two compile-only dialects
// built here, as engines build theirs), forms and generator methods run by recording runners. The
// engines' conformance suites run the same definitions against real databases.

function dialect(name: 'sqlite' | 'postgres'): QueryDialect & { compiled: number } {
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => (name === 'sqlite' ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) =>
        name === 'sqlite' ? new SqliteIntrospector(k) : new PostgresIntrospector(k),
      createQueryCompiler: () =>
        name === 'sqlite' ? new SqliteQueryCompiler() : new PostgresQueryCompiler(),
    },
  });
  const d = {
    name,
    db,
    compiled: 0,
    compile: (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      d.compiled += 1;
      return q.compile();
    },
    now: () => (name === 'sqlite' ? sql<number>`unixepoch()` : sql<number>`extract(epoch from now())`),
    rowid: () => sql<number>`rowid`,
  };
  return d;
}

const BY_FILE = sharedStatement((d, file: string, limit: number) =>
  d.db.selectFrom('functions').select(['name', 'line']).where('file', '=', file).orderBy('line').limit(limit),
);

describe('shared statements', () => {
  it('compile once per dialect, in that dialect, and answer the same Statement object after', () => {
    const lite = dialect('sqlite');
    const pg = dialect('postgres');
    const s = BY_FILE.for(lite);
    expect(s.sql).toBe('select "name", "line" from "functions" where "file" = ? order by "line" limit ?');
    expect(s.binds).toEqual([{ arg: 0 }, { arg: 1 }]);
    expect(s.direct).toBe(true);
    const p = BY_FILE.for(pg);
    expect(p.sql).toBe('select "name", "line" from "functions" where "file" = $1 order by "line" limit $2');
    expect(BY_FILE.for(lite)).toBe(s);
    expect(BY_FILE.for(pg)).toBe(p);
    expect(lite.compiled).toBe(1);
    expect(pg.compiled).toBe(1);
  });

  it('record constants apart from arguments, and arguments in SQL order', () => {
    const s = sharedStatement((d, line: number, file: string) =>
      d.db
        .selectFrom('functions')
        .select('name')
        .where('file', '=', file)
        .where('line', '>', line)
        .where('is_exported', '=', 1),
    ).for(dialect('sqlite'));
    expect(s.binds).toEqual([{ arg: 1 }, { arg: 0 }, { value: 1 }]);
    expect(s.direct).toBe(false);
  });

  it('list statements take one placeholder per item; families build each key once', () => {
    const family = sharedFamily((n: number) =>
      sharedList(n, (d, files: readonly string[]) =>
        d.db.selectFrom('functions').select('id').where('file', 'in', files),
      ),
    );
    expect(family(3)).toBe(family(3));
    expect(family(3).for(dialect('sqlite')).sql).toBe(
      'select "id" from "functions" where "file" in (?, ?, ?)',
    );
    expect(family(1).for(dialect('postgres')).sql).toBe('select "id" from "functions" where "file" in ($1)');
  });

  it('raw SQL is per dialect; a dialect without text refuses with NOT_SUPPORTED', () => {
    const pragma = sharedSql({ sqlite: 'PRAGMA optimize' });
    expect(pragma.for(dialect('sqlite')).sql).toBe('PRAGMA optimize');
    expect(() => pragma.for(dialect('postgres'))).toThrow(expect.objectContaining({ code: 'NOT_SUPPORTED' }));
  });

  it('exactIntegers marks the compiled statement and keeps the SQL', () => {
    const exact = BY_FILE.exactIntegers().for(dialect('sqlite'));
    expect(exact.exactIntegersOnly).toBe(true);
    expect(exact.sql).toBe(BY_FILE.for(dialect('sqlite')).sql);
    expect(BY_FILE.for(dialect('sqlite')).exactIntegersOnly).toBeUndefined();
  });

  it('inserts from a declaration: modes per dialect, binds in field order, booleans as 0/1', () => {
    const insert = insertStatement(functions, {
      mode: 'replace',
      fields: ['file', 'name', 'language', 'line', 'endLine', 'isExported', 'isAsync'],
    });
    expect(insert.statement.for(dialect('sqlite')).sql).toBe(
      'insert or replace into "functions" ("file", "name", "language", "line", "end_line", "is_exported", "is_async") values (?, ?, ?, ?, ?, ?, ?)',
    );
    expect(
      insert.args({
        file: 'a.ts',
        name: 'f',
        language: 'TypeScript',
        line: 1,
        endLine: 2,
        isExported: true,
        isAsync: false,
      }),
    ).toEqual(['a.ts', 'f', 'TypeScript', 1, 2, 1, 0]);
    const ignore = insertStatement(fileMetadata, { mode: 'ignore', fields: ['path', 'fileSize'] });
    expect(ignore.statement.for(dialect('sqlite')).sql).toBe(
      'insert or ignore into "file_metadata" ("path", "file_size") values (?, ?)',
    );
    const nothing = insertStatement(fileMetadata, { mode: 'doNothing', fields: ['path', 'fileSize'] });
    expect(nothing.statement.for(dialect('postgres')).sql).toBe(
      'insert into "file_metadata" ("path", "file_size") values ($1, $2) on conflict do nothing',
    );
  });

  it('select lists alias columns to fields; decoders accept 0/1 and real booleans and copy blobs', () => {
    expect(selectList(functions, ['endLine', 'isExported'])).toEqual([
      'end_line as endLine',
      'is_exported as isExported',
    ]);
    const decode = decoderOf(functions, ['isExported', 'isAsync', 'bodyHash']);
    const bytes = Buffer.from([1, 2, 3]);
    const fromSqlite = decode({ isExported: 1, isAsync: 0, bodyHash: bytes });
    expect(fromSqlite).toEqual({ isExported: true, isAsync: false, bodyHash: new Uint8Array([1, 2, 3]) });
    expect(Object.getPrototypeOf(fromSqlite.bodyHash)).toBe(Uint8Array.prototype);
    expect(decode({ isExported: true, isAsync: false, bodyHash: null })).toEqual({
      isExported: true,
      isAsync: false,
      bodyHash: null,
    });
  });
});

/** A runner that answers from canned results and records what it was asked, in order. */
function recording(answers: Record<'get' | 'all' | 'run', unknown>) {
  const calls: [string, SharedStatement, unknown][] = [];
  const sync: SyncStepRunner = {
    get: (s, args) => (calls.push(['get', s, args]), answers.get),
    all: (s, args) => (calls.push(['all', s, args]), answers.all as unknown[]),
    run: (s, args) => (calls.push(['run', s, args]), answers.run as number),
    each: (s, rows, argsOf) => {
      calls.push(['each', s, rows.map((r) => argsOf(r as never))]);
    },
  };
  const async: AsyncStepRunner = {
    get: async (s, args) => sync.get(s, args),
    all: async (s, args) => sync.all(s, args),
    run: async (s, args) => sync.run(s, args),
    each: async (s, rows, argsOf) => sync.each(s, rows, argsOf),
  };
  return { calls, sync, async };
}

const COUNT = sharedStatement((d) =>
  d.db.selectFrom('functions').select((eb) => eb.fn.countAll<number>().as('n')),
);
const DELETE = sharedStatement((d, file: string) => d.db.deleteFrom('functions').where('file', '=', file));

describe('query methods', () => {
  it('forms run one statement with the method arguments (or argsOf) and map the result', async () => {
    const r = recording({ get: undefined, all: [{ name: 'f', line: 1 }], run: 0 });
    const byFile = every(
      BY_FILE,
      (row) => row.name,
      (file: string) => [file, 10] as const,
    );
    expect(syncMethod(byFile)(r.sync, 'a.ts')).toEqual(['f']);
    expect(await asyncMethod(byFile)(r.async, 'b.ts')).toEqual(['f']);
    expect(r.calls.map(([op, s, args]) => [op, s === BY_FILE, args])).toEqual([
      ['all', true, ['a.ts', 10]],
      ['all', true, ['b.ts', 10]],
    ]);
    expect(syncMethod(first(BY_FILE))(r.sync, 'x', 1)).toBeNull();
    const counted = recording({ get: { n: 7 }, all: [], run: 0 });
    expect(syncMethod(scalar(COUNT, 'n'))(counted.sync)).toBe(7);
  });

  it('a generator method runs its statements in order, each resumed with its result, on both drivers', async () => {
    function* replaceFile(file: string, names: readonly string[]): Step<number> {
      const before = (yield* get(COUNT))?.n ?? 0;
      const removed = yield* run(DELETE, [file]);
      yield* each(BY_FILE, names, (name) => [name, 1] as const);
      return before * 100 + removed;
    }
    const r = recording({ get: { n: 3 }, all: [], run: 2 });
    expect(driveSync(replaceFile('a.ts', ['f', 'g']), r.sync)).toBe(302);
    expect(await driveAsync(replaceFile('a.ts', ['f', 'g']), r.async)).toBe(302);
    const trace = r.calls.map(([op, , args]) => [op, args]);
    expect(trace.slice(0, 3)).toEqual([
      ['get', []],
      ['run', ['a.ts']],
      [
        'each',
        [
          ['f', 1],
          ['g', 1],
        ],
      ],
    ]);
    expect(trace.slice(3)).toEqual(trace.slice(0, 3));
  });

  it("a statement's failure is thrown into the body, which may handle it", async () => {
    function* guarded(): Step<string> {
      try {
        yield* run(DELETE, ['a.ts']);
        return 'ran';
      } catch (error) {
        return `caught ${(error as Error).message}`;
      }
    }
    const failing = recording({ get: undefined, all: [], run: 0 });
    failing.sync.run = () => {
      throw new Error('disk full');
    };
    failing.async.run = async () => {
      throw new Error('connection lost');
    };
    expect(driveSync(guarded(), failing.sync)).toBe('caught disk full');
    expect(await driveAsync(guarded(), failing.async)).toBe('caught connection lost');
    function* unguarded(): Step<number> {
      return yield* run(DELETE, ['a.ts']);
    }
    expect(() => driveSync(unguarded(), failing.sync)).toThrow('disk full');
    await expect(driveAsync(unguarded(), failing.async)).rejects.toThrow('connection lost');
  });
});
