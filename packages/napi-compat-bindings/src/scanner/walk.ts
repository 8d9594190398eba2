import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * Directories and files every scan skips, wherever they appear (the reference walker's 18 default
 * ignores). Like the reference's overrides, they win over `.gitignore` / `.driftignore` negations.
 */
export const DEFAULT_IGNORES: readonly string[] = [
  'node_modules',
  '.git',
  'dist',
  'build',
  'target',
  '.next',
  '.nuxt',
  '__pycache__',
  '.pytest_cache',
  'coverage',
  '.nyc_output',
  'vendor',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  'bin',
  'obj',
];

/** Per-directory ignore files, lowest precedence first (a custom file beats `.gitignore`). */
export const IGNORE_FILE_NAMES: readonly string[] = ['.gitignore', '.driftignore'];

/** A regular file the walk found and kept. */
export interface DiscoveredFile {
  /** Path relative to the root, `/`-separated: the `file_metadata` key. */
  readonly path: string;
  /** Absolute path on disk. */
  readonly absolutePath: string;
  readonly size: number;
  readonly mtimeSecs: number;
  readonly mtimeNanos: number;
}

/** What the walk skipped, by reason. */
export interface WalkSkips {
  /** Files and directories excluded by ignore rules, defaults or `extraIgnore`. */
  ignored: number;
  /** Files larger than the size limit. */
  tooLarge: number;
  /** Symbolic links not followed (or followed into a loop). */
  symlinks: number;
  /** Entries that could not be read (vanished, permission denied, ...). */
  errors: number;
}

/** What the walk skips: files above `maxFileSize` bytes, symlinks unless followed, and `extraIgnore` patterns. */
export interface WalkOptions {
  readonly maxFileSize: number;
  readonly followSymlinks: boolean;
  readonly extraIgnore: readonly string[];
  readonly signal?: AbortSignal | undefined;
}

interface ScopedRules {
  /** Directory of the ignore file, relative to the root ('' for the root itself). */
  readonly base: string;
  readonly rules: Ignore;
}

/** Returns true, false or undefined (no opinion) for `relPath` under these rules, the last rule winning. */
function verdict(scope: ScopedRules, relPath: string): boolean | undefined {
  const local = scope.base === '' ? relPath : relPath.slice(scope.base.length + 1);
  if (local === '') return undefined;
  const result = scope.rules.test(local);
  if (result.ignored) return true;
  if (result.unignored) return false;
  return undefined;
}

async function readRules(file: string): Promise<Ignore | null> {
  try {
    return ignore().add(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Walks `root` depth first and returns its regular files sorted by path. `.gitignore` and
 * `.driftignore` are honoured in every directory (hierarchically, deeper files overriding shallower
 * ones, `.driftignore` over `.gitignore` in the same directory), as is `.git/info/exclude` at the
 * root. Hidden files are scanned. Symbolic links are skipped unless `followSymlinks` is set, in which
 * case directory cycles are detected through real paths. Stops early (returning what it has) when
 * `signal` aborts.
 */
export async function walkTree(
  root: string,
  options: WalkOptions,
): Promise<{ files: DiscoveredFile[]; skips: WalkSkips }> {
  const files: DiscoveredFile[] = [];
  const skips: WalkSkips = { ignored: 0, tooLarge: 0, symlinks: 0, errors: 0 };
  const overrides = ignore().add([...DEFAULT_IGNORES, ...options.extraIgnore]);
  const rootScopes: ScopedRules[] = [];
  const exclude = await readRules(join(root, '.git', 'info', 'exclude'));
  if (exclude) rootScopes.push({ base: '', rules: exclude });

  const isIgnored = (relPath: string, isDir: boolean, scopes: readonly ScopedRules[]): boolean => {
    const probe = isDir ? `${relPath}/` : relPath;
    if (overrides.ignores(probe)) return true;
    let ignored = false;
    for (const scope of scopes) {
      const v = verdict(scope, probe);
      if (v !== undefined) ignored = v;
    }
    return ignored;
  };

  const visit = async (
    dir: string,
    relDir: string,
    parentScopes: readonly ScopedRules[],
    ancestors: ReadonlySet<string>,
  ): Promise<void> => {
    if (options.signal?.aborted) return;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      skips.errors += 1;
      return;
    }
    const scopes = [...parentScopes];
    for (const name of IGNORE_FILE_NAMES) {
      if (!entries.some((e) => e.name === name && !e.isDirectory())) continue;
      const rules = await readRules(join(dir, name));
      if (rules) scopes.push({ base: relDir, rules });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (options.signal?.aborted) return;
      const abs = join(dir, entry.name);
      const rel = relDir === '' ? entry.name : `${relDir}/${entry.name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        if (!options.followSymlinks) {
          skips.symlinks += 1;
          continue;
        }
        try {
          const target = await stat(abs);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch {
          skips.errors += 1; // dangling link
          continue;
        }
      }
      if (!isDir && !isFile) continue; // sockets, fifos, devices
      if (isIgnored(rel, isDir, scopes)) {
        skips.ignored += 1;
        continue;
      }
      if (isDir) {
        let real: string;
        try {
          real = await realpath(abs);
        } catch {
          skips.errors += 1;
          continue;
        }
        if (ancestors.has(real)) {
          skips.symlinks += 1; // a link back into its own ancestry
          continue;
        }
        await visit(abs, rel, scopes, new Set([...ancestors, real]));
        continue;
      }
      try {
        const st = await stat(abs, { bigint: true });
        if (st.size > BigInt(options.maxFileSize)) {
          skips.tooLarge += 1;
          continue;
        }
        files.push({
          path: rel,
          absolutePath: abs,
          size: Number(st.size),
          mtimeSecs: Number(st.mtimeNs / 1_000_000_000n),
          mtimeNanos: Number(st.mtimeNs % 1_000_000_000n),
        });
      } catch {
        skips.errors += 1;
      }
    }
  };

  const realRoot = await realpath(root);
  await visit(root, '', rootScopes, new Set([realRoot]));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skips };
}
