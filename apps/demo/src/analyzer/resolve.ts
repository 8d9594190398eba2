import { posix } from 'node:path';

/** Extensions tried, in order, for an import written without one (or with a `.js`-family one). */
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'] as const;
/** What a TypeScript import's written extension may stand for (`./a.js` is `a.ts` on disk). */
const WRITTEN_EXTENSIONS: Readonly<Record<string, readonly string[]>> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx', '.d.ts'],
  '.jsx': ['.tsx', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

/** Whether a module specifier is relative (`./x`, `../x`, `.`, `..`). */
function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * Resolves a relative import of `fromPath` to one of the `known` project paths (relative, `/`-separated),
 * as Node and TypeScript would find it: the exact file, the written `.js` extension standing for `.ts`,
 * an added extension, or the folder's `index` file. Bare specifiers (packages, `node:` modules) and
 * imports leaving the project resolve to null.
 */
export function resolveRelativeImport(
  fromPath: string,
  specifier: string,
  known: ReadonlySet<string>,
): string | null {
  if (!isRelativeSpecifier(specifier)) return null;
  const joined = posix.normalize(posix.join(posix.dirname(fromPath), specifier));
  if (joined.startsWith('../') || joined === '..') return null;
  const base = joined === '.' ? '' : joined;
  if (base !== '' && known.has(base)) return base;
  const ext = posix.extname(base);
  const stems = WRITTEN_EXTENSIONS[ext];
  if (stems) {
    const stem = base.slice(0, -ext.length);
    for (const candidate of stems) if (known.has(stem + candidate)) return stem + candidate;
  }
  for (const candidate of SOURCE_EXTENSIONS) if (known.has(base + candidate)) return base + candidate;
  const prefix = base === '' ? '' : `${base}/`;
  for (const candidate of SOURCE_EXTENSIONS) {
    if (known.has(`${prefix}index${candidate}`)) return `${prefix}index${candidate}`;
  }
  return null;
}

/** The module a file belongs to: its folder, relative to the project root (`.` for the root itself). */
export function moduleOf(path: string): string {
  return posix.dirname(path);
}
