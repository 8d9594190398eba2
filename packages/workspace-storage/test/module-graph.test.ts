// The modules of src/ form a DAG: no module reaches itself through its imports (type-only imports and
// re-exports count: a type cycle is still a circle a reader has to untangle).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/** Every module file under `dir`. */
function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The package modules `file` imports or re-exports from (static and dynamic), as absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specifiers.map((specifier) => {
    const target = resolve(dirname(file), specifier);
    const ts = target.replace(/\.js$/, '.ts');
    return existsSync(ts) ? ts : target;
  });
}

/** The first import cycle found, as the module names along it (empty when the graph is a DAG). */
function findCycle(files: readonly string[]): string[] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] => {
    if (state.get(file) === 'done') return [];
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle.length > 0) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return [];
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle.length > 0) return cycle.map((f) => relative(SRC, f));
  }
  return [];
}

describe('the module graph of src/', () => {
  it('has no import cycle (type-only imports included)', () => {
    const files = modules(SRC);
    expect(files.length).toBeGreaterThan(1);
    expect(findCycle(files)).toEqual([]);
  });

  it('finds a cycle where there is one, type-only imports included (so that the test above can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drift-module-graph-'));
    try {
      const [a, b, c] = ['a.ts', 'b.ts', 'c.ts'].map((name) => join(dir, name)) as [string, string, string];
      writeFileSync(a, "import { b } from './b.js';\nexport const a = b;\n");
      writeFileSync(b, "import type { C } from './c.js';\nexport const b: C = 1;\n");
      writeFileSync(c, "export type C = number;\nexport type { A } from './a.js';\n");
      expect(findCycle([a, b, c]).map((f) => f.split(/[\\/]/).pop())).toEqual([
        'a.ts',
        'b.ts',
        'c.ts',
        'a.ts',
      ]);
      writeFileSync(c, 'export type C = number;\n');
      expect(findCycle([a, b, c])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
