// Monorepo layout detection (pnpm, npm/yarn, Cargo, Go, Lerna) and the package registry.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { WorkspaceError } from './errors.js';
import { readRegularFile } from './files.js';
import type { StoredPackage, WorkspaceStore } from './store.js';
import type { PackageInfo } from './types.js';

/** A single project, or a monorepo and its packages. */
export type WorkspaceLayout =
  | { readonly kind: 'singleProject'; readonly root: string }
  | {
      readonly kind: 'monorepo';
      readonly root: string;
      readonly tool: MonorepoTool;
      readonly packages: PackageInfo[];
    };

/** The workspace tool a monorepo was recognised by. */
export type MonorepoTool = 'pnpm' | 'npm' | 'cargo' | 'go' | 'lerna';

/** Reads and parses a manifest; a file that does not parse is a `CONFIG_PARSE_ERROR` naming it. */
function parseManifest<T>(path: string, parse: (text: string) => T): T {
  const text = readRegularFile(path, 'detectLayout');
  try {
    return parse(text);
  } catch (cause) {
    throw new WorkspaceError('CONFIG_PARSE_ERROR', `${path} cannot be parsed: ${(cause as Error).message}`, {
      cause,
      path,
      operation: 'detectWorkspace',
    });
  }
}

/** The string elements of a value that should be a list of patterns. */
function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** True when `path` is a folder (a symlink to one counts); false for anything else or an unreadable path. */
function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The package folders a workspace pattern names: `dir/*` and `dir/**` mean the folders directly under
 * `dir`, anything else without glob characters is one folder. Negations and deeper globs are skipped.
 * Only folders holding `marker` count.
 */
function expandPattern(root: string, pattern: string, marker: string): string[] {
  const clean = pattern.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean.length === 0 || clean.startsWith('!')) return [];
  const wildcard = /\/\*\*?$/.exec(clean);
  if (wildcard !== null) {
    const base = join(root, clean.slice(0, wildcard.index));
    if (!isDir(base)) return [];
    return readdirSync(base)
      .map((name) => join(base, name))
      .filter((dir) => isDir(dir) && existsSync(join(dir, marker)));
  }
  if (/[*?[\]{}]/.test(clean)) return [];
  const dir = join(root, clean);
  return isDir(dir) && existsSync(join(dir, marker)) ? [dir] : [];
}

/** The language a package folder's marker files tell. */
function languageOf(dir: string): string | null {
  if (existsSync(join(dir, 'tsconfig.json'))) return 'typescript';
  if (existsSync(join(dir, 'package.json'))) return 'javascript';
  if (existsSync(join(dir, 'Cargo.toml'))) return 'rust';
  if (existsSync(join(dir, 'go.mod'))) return 'go';
  return null;
}

/** Packages for every folder the patterns name, deduplicated and sorted by path. */
function collect(
  root: string,
  patterns: readonly string[],
  marker: string,
  language?: string,
): PackageInfo[] {
  const byPath = new Map<string, PackageInfo>();
  for (const pattern of patterns) {
    for (const dir of expandPattern(root, pattern, marker)) {
      const path = relative(root, dir).split(sep).join('/') || '.';
      byPath.set(path, {
        name: basename(dir),
        path,
        language: language ?? languageOf(dir),
        framework: null,
        dependencies: [],
      });
    }
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The module folders a go.work file uses (`use ./a` lines and `use ( ... )` blocks). */
function goWorkModules(text: string): string[] {
  const modules: string[] = [];
  let inBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line.startsWith(')')) inBlock = false;
      else if (line.length > 0) modules.push(line.replace(/^"|"$/g, ''));
    } else if (/^use\s*\($/.test(line)) {
      inBlock = true;
    } else if (line.startsWith('use ')) {
      modules.push(line.slice(4).trim().replace(/^"|"$/g, ''));
    }
  }
  return modules;
}

/** True when the file exists and its text contains `needle` (a cheap test before parsing it). */
function mentions(path: string, needle: string): boolean {
  try {
    return readRegularFile(path, 'detectLayout').includes(needle);
  } catch {
    return false;
  }
}

/**
 * Detects the layout of the project at `root`, checking in order: pnpm-workspace.yaml, a package.json
 * with `workspaces`, a Cargo.toml with `[workspace]`, go.work, lerna.json. A workspace manifest that
 * does not parse is a `CORRUPT` (`CONFIG_PARSE_ERROR`) naming it.
 */
export function detectWorkspace(root: string): WorkspaceLayout {
  const pnpm = join(root, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) {
    const doc = parseManifest(pnpm, (text) => parseYaml(text) as unknown);
    const patterns = stringList((doc as { packages?: unknown } | null)?.packages);
    return { kind: 'monorepo', root, tool: 'pnpm', packages: collect(root, patterns, 'package.json') };
  }
  const npm = join(root, 'package.json');
  if (mentions(npm, '"workspaces"')) {
    const manifest = parseManifest(npm, (text) => JSON.parse(text) as unknown);
    const workspaces = (manifest as { workspaces?: unknown } | null)?.workspaces;
    if (workspaces !== undefined) {
      const patterns = Array.isArray(workspaces)
        ? stringList(workspaces)
        : stringList((workspaces as { packages?: unknown } | null)?.packages);
      return { kind: 'monorepo', root, tool: 'npm', packages: collect(root, patterns, 'package.json') };
    }
  }
  const cargo = join(root, 'Cargo.toml');
  if (mentions(cargo, 'workspace')) {
    const manifest = parseManifest(cargo, parseToml);
    const workspace = manifest.workspace;
    if (typeof workspace === 'object' && workspace !== null && !Array.isArray(workspace)) {
      const members = stringList((workspace as Record<string, unknown>).members);
      return {
        kind: 'monorepo',
        root,
        tool: 'cargo',
        packages: collect(root, members, 'Cargo.toml', 'rust'),
      };
    }
  }
  const goWork = join(root, 'go.work');
  if (existsSync(goWork)) {
    const modules = goWorkModules(readRegularFile(goWork, 'detectLayout'));
    return { kind: 'monorepo', root, tool: 'go', packages: collect(root, modules, 'go.mod', 'go') };
  }
  const lerna = join(root, 'lerna.json');
  if (existsSync(lerna)) {
    const config = parseManifest(lerna, (text) => JSON.parse(text) as unknown);
    const declared = (config as { packages?: unknown } | null)?.packages;
    const patterns = declared === undefined ? ['packages/*'] : stringList(declared);
    return { kind: 'monorepo', root, tool: 'lerna', packages: collect(root, patterns, 'package.json') };
  }
  return { kind: 'singleProject', root };
}

/** The registry id of a package: derived from its path, which is unique within a workspace. */
function packageId(path: string): string {
  return `pkg-${createHash('sha256').update(path).digest('hex').slice(0, 16)}`;
}

/**
 * Replaces the registered packages with `packages` in one transaction; each id is `pkg-` and 16 hex digits of
 * the path's SHA-256.
 */
export function registerPackages(store: WorkspaceStore, packages: readonly PackageInfo[]): void {
  const rows: StoredPackage[] = packages.map((p) => ({ ...p, id: packageId(p.path) }));
  store.transaction(() => store.replacePackages(rows));
}
