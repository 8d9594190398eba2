import type { BigIntStats, Dirent } from 'node:fs';
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { GitignoreRules, readIgnoreFile, readIgnoreLines, toByteString } from './glob.js';

// The file walk of the reference (`drift-analysis/src/scanner/walker.rs`): the `ignore` crate's
// `WalkBuilder` with hidden files included, `.gitignore`, `.ignore`, `.git/info/exclude` and the
// global git excludes honoured (the git ones only inside a git repository), ignore files of the
// folders above the root applied too, `.driftignore` as a custom ignore file (highest precedence of
// the ignore files), and overrides built from `include` (a whitelist) and the default and extra
// ignores (a blacklist), which beat every ignore file.

/**
 * Folders and files every scan skips, wherever they appear (the reference walker's 18 defaults, added
 * to the overrides as `!name` and `!name/**`, so no ignore file can bring them back).
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

/** A regular file the walk kept. */
export interface DiscoveredFile {
  /** The root as given joined with the path below it: the `file_metadata` key (as the reference's). */
  readonly path: string;
  /** Size in bytes, from the file's metadata. */
  readonly size: number;
  /** Modification time: whole seconds since the epoch (0 before the epoch). */
  readonly mtimeSecs: number;
  /** Modification time: nanoseconds within the second. */
  readonly mtimeNanos: number;
}

/** What the walk left out, by reason (not part of the reference's results; informative). */
interface WalkSkips {
  /** Files and folders excluded by an override or an ignore file. */
  ignored: number;
  /** Files larger than the size limit. */
  tooLarge: number;
}

/** Where the global git excludes are looked up, and what the global rules are relative to. */
export interface WalkEnvironment {
  /** The current folder (global excludes match relative to it). Default: `process.cwd()`. */
  readonly cwd: string;
  /** The home folder (`$HOME`), or null. */
  readonly home: string | null;
  /** `$XDG_CONFIG_HOME`, or null when unset or empty. */
  readonly xdgConfigHome: string | null;
}

/**
 * The current folder, `HOME` (else the OS home folder, else null) and `XDG_CONFIG_HOME` (null when unset or
 * empty) of this process.
 */
export function processWalkEnvironment(): WalkEnvironment {
  const xdg = process.env.XDG_CONFIG_HOME;
  let home: string | null = process.env.HOME ?? null;
  if (home === null || home === '') {
    try {
      home = homedir();
    } catch {
      home = null;
    }
  }
  return { cwd: process.cwd(), home, xdgConfigHome: xdg === undefined || xdg === '' ? null : xdg };
}

/** What the walk honours: the reference's `ScanConfig` fields the walker reads. */
export interface WalkOptions {
  /** Files larger than this many bytes are left out (the root itself never is). */
  readonly maxFileSize: bigint;
  /** Follow symbolic links (a link to a folder already on the way down is not entered). */
  readonly followSymlinks: boolean;
  /** Gitignore-style globs; when any is given, only files matching one are kept. */
  readonly include: readonly string[];
  /** Gitignore-style globs of files and folders to leave out. */
  readonly extraIgnore: readonly string[];
  /** Stops the walk between two folders. */
  readonly signal?: AbortSignal | undefined;
  /** Default: {@link processWalkEnvironment}. */
  readonly environment?: WalkEnvironment | undefined;
}

/**
 * How a walk hands its files out while it goes (the walk thread's use, see `walk-thread.ts`): every
 * few hundred files, between two folders, `onFiles` gets the files found since the last call; from
 * then on, while `deferStat()` answered true at that point, files are listed without reading their
 * metadata (size -1, times 0: {@link UNSTATED_SIZE}), for the receiver to read it (and apply the size
 * limit). Not part of the package's exports.
 */
export interface WalkStream {
  readonly deferStat: () => boolean;
  readonly onFiles: (files: readonly DiscoveredFile[]) => void;
}

/** The size of a file a {@link WalkStream} walk listed without reading its metadata. */
export const UNSTATED_SIZE = -1;

/** A {@link WalkStream} walk hands out its files in groups of at least this many. */
const STREAM_FILES = 256;

/** The files found, sorted by path (component by component, as the reference sorts `PathBuf`s). */
export interface WalkResult {
  readonly files: DiscoveredFile[];
  /** False when the root does not exist or cannot be listed (nothing was walked). */
  readonly rootReadable: boolean;
  /** True when the signal stopped the walk before it finished. */
  readonly aborted: boolean;
  readonly skips: WalkSkips;
}

/** The four ignore sources of one folder, in the order of their precedence. */
interface FolderRules {
  readonly custom: GitignoreRules;
  readonly ignore: GitignoreRules;
  readonly git: GitignoreRules;
  readonly exclude: GitignoreRules;
  /** The folder holds `.git` (a folder or a file) or `.jj`. */
  readonly hasGit: boolean;
}

/** A folder of the walk and the rules read in it. */
interface WalkFolder extends FolderRules {
  /** The folder below the root, as a byte string, '' for the root. */
  readonly relBytes: string;
  readonly parent: WalkFolder | null;
  /** This folder, a folder above it or a folder above the root is a repository. */
  readonly anyGit: boolean;
  /** Device and inode (following links), for the symbolic-link loop check. */
  readonly identity: string;
  /**
   * The non-empty sources that decide for this folder's entries, in the order of their precedence:
   * every `.driftignore` from this folder up, then every `.ignore`, then every `.gitignore`, then every
   * `info/exclude` (the git ones only in a repository, and only up to the nearest folder that is one).
   * The first that matches decides, as each kind's nearest match decides before the next kind counts.
   */
  readonly sources: readonly RuleSource[];
}

/** One ignore source an entry of a folder is matched against, and how its path is cut for it. */
interface RuleSource {
  readonly rules: GitignoreRules;
  /** Characters cut from the entry's path (below the root, or absolute for a folder above the root). */
  readonly cut: number;
  /** The source belongs to a folder above the root: it matches the canonical absolute path. */
  readonly absolute: boolean;
}

/** A folder above the root (absolute), nearest first, with its rules. */
interface ParentFolder extends FolderRules {
  readonly absBytes: string;
}

const exists = (path: string): boolean => statSync(path, { throwIfNoEntry: false }) !== undefined;

/** First line of a file (without its line break), or null. */
function firstLine(path: string): string | null {
  const lines = readIgnoreLines(path);
  return lines === null || lines.length === 0 ? null : (lines[0] as string);
}

/** The `info/exclude` file of the repository at `dir` (following a worktree's `.git` file). */
function excludeFile(dir: string): string | null {
  const dotGit = join(dir, '.git');
  const kind = statSync(dotGit, { throwIfNoEntry: false });
  if (kind === undefined || !kind.isFile()) return join(dotGit, 'info', 'exclude');
  const line = firstLine(dotGit);
  if (line === null || !line.startsWith('gitdir: ')) return null;
  const realGitDir = line.slice('gitdir: '.length);
  const common = firstLine(join(realGitDir, 'commondir'));
  if (common === null) return null;
  return join(common.startsWith('.') ? join(realGitDir, common) : common, 'info', 'exclude');
}

function readFolderRules(dir: string): FolderRules {
  const exclude = excludeFile(dir);
  return {
    custom: readIgnoreFile(join(dir, '.driftignore')),
    ignore: readIgnoreFile(join(dir, '.ignore')),
    git: readIgnoreFile(join(dir, '.gitignore')),
    exclude: exclude === null ? GitignoreRules.EMPTY : readIgnoreFile(exclude),
    hasGit: exists(join(dir, '.git')) || exists(join(dir, '.jj')),
  };
}

/**
 * {@link readFolderRules} of a folder whose entries are listed: a name that is not among them is not
 * looked up (a missing file reads as no rules, as there), so a folder without ignore files costs no
 * system call. A listed symbolic link is followed as there.
 */
function readListedFolderRules(dir: string, entries: readonly Dirent[]): FolderRules {
  let custom = false;
  let ignore = false;
  let git = false;
  let dotGit: Dirent | null = null;
  let dotJj: Dirent | null = null;
  for (const entry of entries) {
    const name = entry.name;
    if (name.charCodeAt(0) !== 0x2e) continue; // every name looked for starts with '.'
    if (name === '.driftignore') custom = true;
    else if (name === '.ignore') ignore = true;
    else if (name === '.gitignore') git = true;
    else if (name === '.git') dotGit = entry;
    else if (name === '.jj') dotJj = entry;
  }
  const present = (entry: Dirent | null, name: string): boolean =>
    entry !== null && (!entry.isSymbolicLink() || exists(join(dir, name)));
  const exclude = dotGit === null ? null : excludeFile(dir);
  return {
    custom: custom ? readIgnoreFile(join(dir, '.driftignore')) : GitignoreRules.EMPTY,
    ignore: ignore ? readIgnoreFile(join(dir, '.ignore')) : GitignoreRules.EMPTY,
    git: git ? readIgnoreFile(join(dir, '.gitignore')) : GitignoreRules.EMPTY,
    exclude: exclude === null ? GitignoreRules.EMPTY : readIgnoreFile(exclude),
    hasGit: present(dotGit, '.git') || present(dotJj, '.jj'),
  };
}

/** Git's ASCII whitespace (the reference reads the config with a byte regex: `\s` is ASCII only). */
const WS = '[\\t\\n\\v\\f\\r ]';
const EXCLUDES_FILE = new RegExp(
  `^${WS}*excludesfile${WS}*=${WS}*"?${WS}*([^\\t\\n\\v\\f\\r ]+?)${WS}*"?${WS}*$`,
  'im',
);

/** git's `core.excludesFile` from `$HOME/.gitconfig`, then `$XDG_CONFIG_HOME/git/config`, else the default file. */
function globalExcludesPath(env: WalkEnvironment): string | null {
  const configHome = env.xdgConfigHome ?? (env.home === null ? null : join(env.home, '.config'));
  const fromConfig = (file: string | null): string | null => {
    if (file === null) return null;
    let text: string;
    try {
      text = readFileSync(file).toString('latin1');
    } catch {
      return null;
    }
    const found = EXCLUDES_FILE.exec(text)?.[1];
    if (found === undefined) return null;
    const path = Buffer.from(found, 'latin1').toString('utf8');
    return env.home === null ? path : path.replaceAll('~', env.home);
  };
  return (
    fromConfig(env.home === null ? null : join(env.home, '.gitconfig')) ??
    fromConfig(configHome === null ? null : join(configHome, 'git', 'config')) ??
    (configHome === null ? null : join(configHome, 'git', 'ignore'))
  );
}

function readGlobalRules(env: WalkEnvironment): GitignoreRules {
  const path = globalExcludesPath(env);
  if (path === null || statSync(path, { throwIfNoEntry: false })?.isFile() !== true)
    return GitignoreRules.EMPTY;
  return readIgnoreFile(path);
}

/** The overrides: `include` as whitelist, then the defaults and `extraIgnore` as blacklist (last match wins). */
function buildOverrides(options: WalkOptions): GitignoreRules {
  const lines = [
    ...options.include,
    ...DEFAULT_IGNORES.flatMap((name) => [`!${name}/**`, `!${name}`]),
    ...options.extraIgnore.map((pattern) => `!${pattern}`),
  ];
  return GitignoreRules.fromLines(lines, { allowUnclosedClass: false });
}

/**
 * A folder's entries in the order Rust sorts `PathBuf`s component by component: by the bytes of their
 * names. Walking folders depth first in this order lists the files already sorted.
 */
function sortEntries(entries: Dirent[]): SortedEntries {
  // One latin1 character per UTF-8 byte: string order is then byte order.
  const keyed = entries.map((entry) => ({ entry, key: toByteString(entry.name) }));
  if (keyed.length > 1) keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { entries: keyed.map((k) => k.entry), names: keyed.map((k) => k.key) };
}

/** A folder's entries in walk order, and their names as byte strings ({@link toByteString}). */
interface SortedEntries {
  readonly entries: Dirent[];
  readonly names: string[];
}

function identityOf(st: { dev: bigint | number; ino: bigint | number }): string {
  return `${st.dev}:${st.ino}`;
}

const mtimeParts = (mtimeNs: bigint): { mtimeSecs: number; mtimeNanos: number } =>
  mtimeNs < 0n
    ? { mtimeSecs: 0, mtimeNanos: 0 }
    : { mtimeSecs: Number(mtimeNs / 1_000_000_000n), mtimeNanos: Number(mtimeNs % 1_000_000_000n) };

/** A file found, from its metadata. */
const discovered = (path: string, meta: BigIntStats): DiscoveredFile => ({
  path,
  size: Number(meta.size),
  ...mtimeParts(meta.mtimeNs),
});

/**
 * Reads the metadata of a file a {@link WalkStream} walk listed without it, as the walk would have:
 * the file as found, or `'gone'` (it vanished), or `'large'` (over the size limit).
 */
export function statListedFile(path: string, maxFileSize: bigint): DiscoveredFile | 'gone' | 'large' {
  let meta: BigIntStats | undefined;
  try {
    meta = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    meta = undefined;
  }
  if (meta === undefined) return 'gone';
  if (meta.size > maxFileSize) return 'large';
  return discovered(path, meta);
}

/** The walk gives the event loop a turn (a cancel, a close) after this long without one, in ms. */
const WALK_YIELD_MS = 20;

/**
 * Walks `root` (as given: the paths found are `root` joined with the path below it, like the
 * reference's) and returns its regular files. A root that is a file is returned as the one file found.
 * The file system is read with synchronous calls (one `readdir` per folder, one `lstat` per file: far
 * cheaper than a promise each); the walk gives the event loop a turn when it starts and then every
 * few milliseconds, and stops at the next folder once the signal is aborted.
 */
export async function walkTree(root: string, options: WalkOptions, stream?: WalkStream): Promise<WalkResult> {
  const env = options.environment ?? processWalkEnvironment();
  const files: DiscoveredFile[] = [];
  const skips: WalkSkips = { ignored: 0, tooLarge: 0 };
  const result = (rootReadable: boolean, aborted = false): WalkResult => {
    return { files, rootReadable, aborted, skips };
  };
  await yieldToEventLoop();
  if (options.signal?.aborted) return result(true, true);
  let lastYield = performance.now();
  /** Files before this index have been handed to the stream. */
  let streamed = 0;
  /** The stream's receiver reads the metadata of the files listed now. */
  let deferring = false;

  let rootStat: BigIntStats | undefined;
  try {
    rootStat = statSync(root, { bigint: true, throwIfNoEntry: false });
  } catch {
    rootStat = undefined;
  }
  if (rootStat === undefined) return result(false);
  if (!rootStat.isDirectory()) {
    // The root entry is never filtered (no ignore rule, no size limit); its metadata is not followed.
    if (rootStat.isFile()) {
      try {
        const meta = lstatSync(root, { bigint: true });
        files.push({ path: root, size: Number(meta.size), ...mtimeParts(meta.mtimeNs) });
      } catch {
        // vanished
      }
    }
    return result(true);
  }

  const prefix = root.endsWith('/') ? root : `${root}/`;
  const overrides = buildOverrides(options);
  const overrideWhitelists = overrides.ignoreCount; // an override without `!` whitelists
  const globalRules = readGlobalRules(env);
  const cwdBytes = toByteString(env.cwd);
  const followSymlinks = options.followSymlinks;
  const maxFileSize = options.maxFileSize;

  // Folders above the root, as the `ignore` crate's `parents(true)`: from the canonical root upwards.
  let canonicalRoot: string | null = null;
  try {
    canonicalRoot = realpathSync.native(root);
  } catch {
    canonicalRoot = null;
  }
  const parents: ParentFolder[] = [];
  if (canonicalRoot !== null) {
    for (
      let dir = dirname(canonicalRoot), prev = canonicalRoot;
      dir !== prev;
      prev = dir, dir = dirname(dir)
    ) {
      parents.push({ absBytes: toByteString(dir), ...readFolderRules(dir) });
    }
  }
  const parentsHaveGit = parents.some((p) => p.hasGit);
  const canonicalBytes = canonicalRoot === null ? null : toByteString(canonicalRoot);

  const absolutePrefix =
    canonicalBytes === null ? '' : canonicalBytes.endsWith('/') ? canonicalBytes : `${canonicalBytes}/`;
  const parentCut = (p: ParentFolder): number =>
    p.absBytes.endsWith('/') ? p.absBytes.length : p.absBytes.length + 1;

  /** The sources of {@link WalkFolder.sources} for a folder, its parent chain and the folders above. */
  const sourcesOf = (own: FolderRules, relBytes: string, parent: WalkFolder | null, anyGit: boolean) => {
    const kinds: RuleSource[][] = [[], [], [], []];
    let sawGit = false;
    const add = (rules: FolderRules, cut: number, absolute: boolean): void => {
      if (!rules.custom.isEmpty) kinds[0]?.push({ rules: rules.custom, cut, absolute });
      if (!rules.ignore.isEmpty) kinds[1]?.push({ rules: rules.ignore, cut, absolute });
      if (anyGit && !sawGit) {
        if (!rules.git.isEmpty) kinds[2]?.push({ rules: rules.git, cut, absolute });
        if (!rules.exclude.isEmpty) kinds[3]?.push({ rules: rules.exclude, cut, absolute });
      }
      sawGit ||= rules.hasGit;
    };
    add(own, relBytes === '' ? 0 : relBytes.length + 1, false);
    for (let f = parent; f !== null; f = f.parent)
      add(f, f.relBytes === '' ? 0 : f.relBytes.length + 1, false);
    if (canonicalBytes !== null) for (const p of parents) add(p, parentCut(p), true);
    return kinds.flat();
  };

  const makeFolder = (
    abs: string,
    relBytes: string,
    parent: WalkFolder | null,
    identity: string,
    entries: readonly Dirent[],
  ): WalkFolder => {
    const rules = readListedFolderRules(abs, entries);
    const anyGit = rules.hasGit || (parent === null ? parentsHaveGit : parent.anyGit);
    return {
      custom: rules.custom,
      ignore: rules.ignore,
      git: rules.git,
      exclude: rules.exclude,
      hasGit: rules.hasGit,
      relBytes,
      parent,
      anyGit,
      identity,
      sources: sourcesOf(rules, relBytes, parent, anyGit),
    };
  };

  /** The walk's verdict on an entry below `folder`: true when it is left out. */
  /** `relBytes`: the entry's path below the root, as a byte string. */
  const isIgnored = (folder: WalkFolder, relBytes: string, isDir: boolean): boolean => {
    const override = overrides.match(relBytes, isDir);
    if (override !== null) return override === 'whitelist'; // inverted: `!` rules ignore
    if (overrideWhitelists > 0 && !isDir) return true;

    const sources = folder.sources;
    let absolute: string | null = null;
    for (let i = 0; i < sources.length; i += 1) {
      const source = sources[i] as RuleSource;
      let local: string;
      if (source.absolute) {
        absolute ??= absolutePrefix + relBytes;
        local = absolute.slice(source.cut);
      } else local = source.cut === 0 ? relBytes : relBytes.slice(source.cut);
      const verdict = source.rules.match(local, isDir);
      if (verdict !== null) return verdict === 'ignore';
    }
    if (folder.anyGit && !globalRules.isEmpty) {
      let path = toByteString(prefix) + relBytes;
      if (path.startsWith('./')) path = path.slice(2);
      if (path.includes('/') && path.startsWith(cwdBytes)) {
        path = path.slice(cwdBytes.length);
        if (path.startsWith('/')) path = path.slice(1);
      }
      return globalRules.match(path, isDir) === 'ignore';
    }
    return false;
  };

  let rootEntries: Dirent[];
  try {
    rootEntries = readdirSync(root, { withFileTypes: true });
  } catch {
    return result(false);
  }
  // Depth first, each folder's entries in name order: the files come out sorted by path.
  const stack: Array<{
    folder: WalkFolder;
    abs: string;
    rel: string;
    entries: Dirent[];
    names: string[];
    next: number;
  }> = [
    {
      folder: makeFolder(root, '', null, identityOf(rootStat), rootEntries),
      abs: root,
      rel: '',
      ...sortEntries(rootEntries),
      next: 0,
    },
  ];

  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (top.next === 0) {
      // between two folders
      if (stream !== undefined && files.length - streamed >= STREAM_FILES) {
        stream.onFiles(files.slice(streamed));
        streamed = files.length;
        deferring = stream.deferStat();
      }
      if (performance.now() - lastYield >= WALK_YIELD_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (options.signal?.aborted) return result(true, true);
    }
    const { folder, abs, rel, entries, names } = top;
    while (top.next < entries.length) {
      const entry = entries[top.next] as Dirent;
      top.next += 1;
      const childAbs = abs === root ? prefix + entry.name : `${abs}/${entry.name}`;
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const link = entry.isSymbolicLink();
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let meta: BigIntStats | undefined;
      if (link && followSymlinks) {
        try {
          meta = statSync(childAbs, { bigint: true, throwIfNoEntry: false });
        } catch {
          meta = undefined;
        }
        if (meta === undefined) continue; // a dangling link
        isDir = meta.isDirectory();
        isFile = meta.isFile();
        if (isDir) {
          const identity = identityOf(meta);
          let loop = false;
          for (let f: WalkFolder | null = folder; f !== null; f = f.parent)
            if (f.identity === identity) loop = true;
          if (loop) continue;
        }
      } else if (link) {
        isDir = false;
        isFile = false;
      }
      const nameBytes = names[top.next - 1] as string;
      const childRelBytes = rel === '' ? nameBytes : `${folder.relBytes}/${nameBytes}`;
      if (isIgnored(folder, childRelBytes, isDir)) {
        skips.ignored += 1;
        continue;
      }
      if (isDir) {
        let children: Dirent[];
        let identity: string;
        try {
          children = readdirSync(childAbs, { withFileTypes: true });
          // The identity only serves the loop check of followed links.
          identity = followSymlinks ? identityOf(meta ?? statSync(childAbs, { bigint: true })) : '';
        } catch {
          continue;
        }
        stack.push({
          folder: makeFolder(childAbs, childRelBytes, folder, identity, children),
          abs: childAbs,
          rel: childRel,
          ...sortEntries(children),
          next: 0,
        });
        break; // the new folder first; this one goes on after it
      }
      if (!isFile) continue; // links not followed, fifos, sockets, devices: never kept
      if (meta === undefined && deferring) {
        files.push({ path: childAbs, size: UNSTATED_SIZE, mtimeSecs: 0, mtimeNanos: 0 });
        continue;
      }
      if (meta === undefined) {
        try {
          meta = lstatSync(childAbs, { bigint: true, throwIfNoEntry: false });
        } catch {
          meta = undefined;
        }
        if (meta === undefined) continue;
      }
      if (meta.size > maxFileSize) {
        skips.tooLarge += 1;
        continue;
      }
      files.push(discovered(childAbs, meta));
    }
    if (top.next >= entries.length && stack[stack.length - 1] === top) stack.pop();
  }
  return result(true);
}
