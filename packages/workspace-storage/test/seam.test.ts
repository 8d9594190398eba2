// The seed's grep gate, translated: inside src/, only the modules of src/sqlite/ open database files
// or run SQL; the other modules reach the database through the connection-free interfaces of store.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
/** Every module of src/, named by its path inside src/ (`sqlite/store.ts`). */
const sources = (readdirSync(SRC, { recursive: true }) as string[])
  .filter((name) => /\.(ts|js)$/.test(name))
  .map((name) => ({ name: name.split('\\').join('/'), text: readFileSync(join(SRC, name), 'utf8') }));
/** True for a module of the SQLite layer. */
const inSqliteLayer = (name: string) => name.startsWith('sqlite/');

/** Code without comments, so that prose about SQL does not count. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('the seam inside this package', () => {
  it('only modules of src/sqlite/ import the SQLite driver', () => {
    const importers = sources.filter((s) =>
      /from ['"]better-sqlite3['"]|require\(['"]better-sqlite3/.test(s.text),
    );
    expect(importers.length).toBeGreaterThan(0);
    expect(importers.filter((s) => !inSqliteLayer(s.name)).map((s) => s.name)).toEqual([]);
  });

  it('no other module prepares statements, runs pragmas or writes SQL', () => {
    const sqlShape =
      /\.(prepare|pragma)\(|\.exec\(\s*['"`]|\b(SELECT\s+[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|UNIQUE)|VACUUM|PRAGMA\s)/;
    const offenders = sources.filter((s) => !inSqliteLayer(s.name) && sqlShape.test(code(s.text)));
    expect(offenders.map((s) => s.name)).toEqual([]);
  });

  it('src/sqlite/ binds every value: no template literal inside a prepared statement takes a value', () => {
    const text = sources
      .filter((s) => inSqliteLayer(s.name))
      .map((s) => code(s.text))
      .join('\n');
    const interpolated = [...text.matchAll(/prepare\(\s*`([^`]*)`/g)].flatMap((m) => [
      ...m[1]!.matchAll(/\$\{([^}]+)\}/g),
    ]);
    // Only fixed column lists and the allow-listed table identifier are interpolated.
    expect(new Set(interpolated.map((m) => m[1]))).toEqual(new Set());
    const gets = [...text.matchAll(/#(?:get|all|run)[^(]*\(\s*`([^`]*)`/g)].flatMap((m) => [
      ...m[1]!.matchAll(/\$\{([^}]+)\}/g),
    ]);
    expect(new Set(gets.map((m) => m[1]))).toEqual(
      new Set(['PROJECT_COLUMNS', 'column', 'table', 'BACKUP_COLUMNS']),
    );
  });

  it('the backup worker is a module file of src/sqlite/ loaded by URL, never source text evaluated', () => {
    expect(sources.filter((s) => /\beval:\s*true/.test(code(s.text))).map((s) => s.name)).toEqual([]);
    const starters = sources.filter((s) => /new Worker\(/.test(code(s.text)));
    expect(starters.map((s) => s.name)).toEqual(['sqlite/online-backup.ts']);
    const url = /new URL\('\.\/([\w-]+\.js)', import\.meta\.url\)/.exec(starters[0]!.text)?.[1];
    expect(url).toBe('online-backup-worker.js');
    expect(sources.some((s) => s.name === `sqlite/${url}`)).toBe(true);
  });

  it('every export of the package has a doc comment', () => {
    const undocumented: string[] = [];
    for (const { name, text } of sources) {
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (!/^export (function|class|const|interface|type [A-Z]|abstract class) /.test(line)) return;
        if (!/\*\/\s*$/.test(lines[i - 1] ?? '')) undocumented.push(`${name}:${i + 1} ${line.slice(0, 60)}`);
      });
    }
    expect(undocumented).toEqual([]);
  });
});

describe('the build', () => {
  it('emits the backup worker beside online-backup.js, where it is loaded from in dist/', () => {
    const out = mkdtempSync(join(tmpdir(), 'drift-ws-build-'));
    try {
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      // Type errors (a dependency not built yet) do not stop the emit, which is all this looks at.
      spawnSync(
        process.execPath,
        [
          tsc,
          '-p',
          'tsconfig.build.json',
          '--outDir',
          out,
          '--declaration',
          'false',
          '--declarationMap',
          'false',
          '--sourceMap',
          'false',
        ],
        {
          cwd: join(import.meta.dirname, '..'),
          encoding: 'utf8',
        },
      );
      expect(existsSync(join(out, 'sqlite', 'online-backup.js'))).toBe(true);
      expect(existsSync(join(out, 'sqlite', 'online-backup-worker.js'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
