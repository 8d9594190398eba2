import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type WalkEnvironment, type WalkOptions, walkTree } from '../src/scanner/index.js';

// The reference walker (drift-analysis `scanner/walker.rs` `walk_directory`) is the `ignore` crate's
// `WalkBuilder` (0.4.25) with `hidden(false)`, `git_ignore(true)`, `git_global(true)`,
// `git_exclude(true)`, `add_custom_ignore_filename(".driftignore")`, `max_filesize`, `follow_links`,
// the crate's defaults otherwise (`.ignore` files read, `parents(true)`, `require_git(true)`), and
// overrides: each `include` glob, then `!d/**` and `!d` for the 18 defaults, then `!p` for each
// `extra_ignore`. Precedence, from the crate (`dir.rs` `Ignore::matched` / `matched_ignore`,
// `overrides.rs` `Override::matched`): an override that matches decides (a file matching no include
// glob is ignored); else, per kind, the nearest folder's file with an opinion, the kinds ranked
// `.driftignore` > `.ignore` > `.gitignore` > `.git/info/exclude` > global excludes; the git kinds only
// when a folder on the way up is a repository, and not above it.

let base: string;
let root: string;
let env: WalkEnvironment;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'drift-walk-'));
  root = join(base, 'outer', 'project');
  mkdirSync(root, { recursive: true });
  env = { cwd: base, home: join(base, 'home'), xdgConfigHome: null };
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function write(path: string, text = 'x\n'): void {
  const abs = join(base, path);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, text);
}
const inRoot = (path: string, text?: string): void => write(join('outer', 'project', path), text);

async function walk(options: Partial<WalkOptions> = {}, at: string = root): Promise<string[]> {
  const result = await walkTree(at, {
    maxFileSize: 1_048_576n,
    followSymlinks: false,
    include: [],
    extraIgnore: [],
    environment: env,
    ...options,
  });
  return result.files.map((f) => relative(root, f.path));
}

describe('ignore files', () => {
  beforeEach(() => {
    inRoot('a.ts');
    inRoot('app.log');
    inRoot('.gitignore', '*.log\n');
  });

  it('.gitignore is honoured only inside a git repository (require_git)', async () => {
    expect(await walk()).toEqual(['.gitignore', 'a.ts', 'app.log']);
    mkdirSync(join(root, '.git'));
    expect(await walk()).toEqual(['.gitignore', 'a.ts']);
  });

  it('a repository above the root counts, and a .gitignore of a folder above the root applies (parents)', async () => {
    mkdirSync(join(base, 'outer', '.git'));
    write('outer/.gitignore', 'project/a.ts\n');
    expect(await walk()).toEqual(['.gitignore']);
  });

  it('.gitignore files above the repository root are not read', async () => {
    mkdirSync(join(root, '.git'));
    write('outer/.gitignore', '*.ts\n');
    expect(await walk()).toEqual(['.gitignore', 'a.ts']);
  });

  it('.ignore files apply without a repository, in the root and in folders above it', async () => {
    inRoot('.ignore', 'a.ts\n');
    write('outer/.ignore', 'project/app.log\n');
    expect(await walk()).toEqual(['.gitignore', '.ignore']);
  });

  it('.driftignore beats .ignore and .gitignore; within a kind the nearest folder decides', async () => {
    mkdirSync(join(root, '.git'));
    inRoot('keep.log');
    inRoot('.driftignore', '!keep.log\n');
    inRoot('sub/x.log');
    inRoot('sub/y.log');
    inRoot('sub/.gitignore', '!x.log\n');
    inRoot('.ignore', 'a.ts\n');
    inRoot('sub/.driftignore', '!a.ts\n');
    inRoot('sub/a.ts');
    expect(await walk()).toEqual([
      '.driftignore',
      '.gitignore',
      '.ignore',
      'keep.log',
      'sub/.driftignore',
      'sub/.gitignore',
      'sub/a.ts',
      'sub/x.log',
    ]);
  });

  it('a folder ignored by a rule is not entered: a deeper negation cannot bring its files back', async () => {
    mkdirSync(join(root, '.git'));
    inRoot('gen/out.ts');
    inRoot('gen/.gitignore', '!out.ts\n');
    inRoot('.driftignore', 'gen/\n');
    expect(await walk()).toEqual(['.driftignore', '.gitignore', 'a.ts']);
  });

  it('.git/info/exclude and the global excludes apply inside a repository only', async () => {
    inRoot('b.ts');
    inRoot('c.ts');
    write('home/.config/git/ignore', 'c.ts\n'); // $HOME/.config/git/ignore, the default path
    expect(await walk()).toEqual(['.gitignore', 'a.ts', 'app.log', 'b.ts', 'c.ts']);
    inRoot('.git/info/exclude', 'b.ts\n');
    expect(await walk()).toEqual(['.gitignore', 'a.ts']);
  });

  it("the global excludes file is git's core.excludesFile when set, with ~ expanded", async () => {
    mkdirSync(join(root, '.git'));
    inRoot('b.ts');
    write('home/.gitconfig', '[core]\n\texcludesFile = "~/my-excludes"\n');
    write('home/my-excludes', 'b.ts\n');
    write('home/.config/git/ignore', 'a.ts\n'); // not read: .gitconfig names another file
    expect(await walk()).toEqual(['.gitignore', 'a.ts']);
    // $XDG_CONFIG_HOME replaces ~/.config for the default file.
    rmSync(join(base, 'home/.gitconfig'));
    env = { ...env, xdgConfigHome: join(base, 'xdg') };
    write('xdg/git/ignore', 'a.ts\n');
    expect(await walk()).toEqual(['.gitignore', 'b.ts']);
  });

  it('hidden files and folders are walked (hidden(false))', async () => {
    inRoot('.config/x.ts');
    inRoot('.env');
    expect(await walk()).toEqual(['.config/x.ts', '.env', '.gitignore', 'a.ts', 'app.log']);
  });
});

describe('overrides: defaults, extra_ignore and include', () => {
  it('the 18 defaults are left out at any depth, files and folders, whatever the ignore files say', async () => {
    inRoot('node_modules/m.js');
    inRoot('src/node_modules/n.js');
    inRoot('src/build');
    inRoot('target/t.rs');
    inRoot('src/a.ts');
    inRoot('.driftignore', '!node_modules/\n!src/build\n');
    expect(await walk()).toEqual(['.driftignore', 'src/a.ts']);
  });

  it('extra_ignore globs are a blacklist above the ignore files', async () => {
    inRoot('src/a.ts');
    inRoot('src/a.test.ts');
    inRoot('docs/d.md');
    inRoot('.driftignore', '!docs/\n');
    expect(await walk({ extraIgnore: ['**/*.test.ts', 'docs/'] })).toEqual(['.driftignore', 'src/a.ts']);
  });

  it('include globs are a whitelist: only matching files, even ones the ignore files exclude', async () => {
    mkdirSync(join(root, '.git'));
    inRoot('src/a.ts');
    inRoot('src/gen.ts');
    inRoot('lib/b.ts');
    inRoot('README.md');
    inRoot('.gitignore', 'gen.ts\n');
    expect(await walk({ include: ['src/**'] })).toEqual(['src/a.ts', 'src/gen.ts']);
    // A folder no include glob matches is still walked under the ignore files' rules; a file an
    // include glob matches is kept even when .gitignore excludes it.
    expect(await walk({ include: ['*.ts'] })).toEqual(['lib/b.ts', 'src/a.ts', 'src/gen.ts']);
    inRoot('.gitignore', 'lib/\n');
    expect(await walk({ include: ['*.ts'] })).toEqual(['src/a.ts', 'src/gen.ts']);
    // Blacklist entries come after the includes, so they win where both match.
    expect(await walk({ include: ['src/**'], extraIgnore: ['src/a.ts'] })).toEqual(['src/gen.ts']);
  });
});

describe('the root, links and sizes', () => {
  it('files over max_filesize are left out; symbolic links are not followed unless asked', async () => {
    inRoot('src/a.ts', 'small\n');
    inRoot('src/big.ts', 'x'.repeat(101));
    inRoot('src/exact.ts', 'x'.repeat(100));
    symlinkSync(join(root, 'src/a.ts'), join(root, 'link.ts'));
    symlinkSync(join(root, 'src'), join(root, 'linked-dir'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling.ts'));
    expect(await walk({ maxFileSize: 100n })).toEqual(['src/a.ts', 'src/exact.ts']);
    expect(await walk({ maxFileSize: 100n, followSymlinks: true })).toEqual([
      'link.ts',
      'linked-dir/a.ts',
      'linked-dir/exact.ts',
      'src/a.ts',
      'src/exact.ts',
    ]);
  });

  it('a followed link back to a folder on the way down is not entered (check_symlink_loop)', async () => {
    inRoot('a/b.ts');
    symlinkSync('..', join(root, 'a', 'up'));
    expect(await walk({ followSymlinks: true })).toEqual(['a/b.ts']);
  });

  it('sorts as Rust sorts PathBufs: by component, so a/b comes before a-c and a.b', async () => {
    inRoot('a/b');
    inRoot('a.b');
    inRoot('a-c');
    expect(await walk()).toEqual(['a/b', 'a-c', 'a.b']);
  });

  it('a missing root or one that cannot be listed is reported as unreadable', async () => {
    const missing = await walkTree(join(base, 'missing'), {
      maxFileSize: 1n,
      followSymlinks: false,
      include: [],
      extraIgnore: [],
      environment: env,
    });
    expect(missing).toMatchObject({ files: [], rootReadable: false });
  });
});
