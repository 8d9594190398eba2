// Knip, run by `pnpm lint` and `pnpm test`: fails on an export nothing imports, a file nothing
// reaches and a dependency nothing uses. A package's entry points are the `exports` of its
// package.json (Knip reads them itself; the `@drift/source` condition leads it to `src/`), plus its
// tests, type tests, test workers and benchmarks. An export used only inside its own file is reported
// too: drop the `export`. The public entry points may export what no package of this repository
// imports (that is what users need); only the private demo app is held to "every export is used".
import { existsSync, readdirSync } from 'node:fs';
import type { KnipConfiguration } from 'knip';

type WorkspaceConfig = NonNullable<KnipConfiguration['workspaces']>[string];

/** Entry patterns of a package under packages/, each with the folder that must exist for it. */
const PACKAGE_ENTRIES: ReadonlyArray<readonly [folder: string, suffix: string, pattern: string]> = [
  ['test', '.test.ts', 'test/**/*.test.ts'],
  ['test', '.test-d.ts', 'test/**/*.test-d.ts'],
  // Started by path in a worker thread or a child process, which Knip cannot follow.
  ['test/workers', '', 'test/workers/*.{ts,mjs}'],
  ['bench', '.bench.ts', 'bench/**/*.bench.ts'],
];

/** Settings of single packages, added to what {@link packageWorkspace} derives. */
const PACKAGE_SETTINGS: Readonly<Record<string, WorkspaceConfig>> = {
  // test/helpers.ts starts the test/workers/ children with `--import tsx`, a use Knip cannot see.
  'workspace-storage': { ignoreDependencies: ['tsx'] },
};

/** True when `dir` holds a file whose name ends with `suffix` (at any depth). */
function hasFile(dir: string, suffix: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).some((name) => name.endsWith(suffix));
}

/**
 * One package's entries and project files. Patterns that match nothing in a package are left out, so
 * that Knip's configuration hints stay for real mistakes. `src/` is production code (the `!`), which
 * `knip --production` checks without the tests.
 */
function packageWorkspace(name: string): WorkspaceConfig {
  const dir = `packages/${name}`;
  return {
    ...PACKAGE_SETTINGS[name],
    entry: PACKAGE_ENTRIES.filter(([folder, suffix]) => hasFile(`${dir}/${folder}`, suffix)).map(
      ([, , pattern]) => pattern,
    ),
    project: [
      'src/**/*.ts!',
      ...(['test', 'bench'] as const)
        .filter((f) => existsSync(`${dir}/${f}`))
        .map((f) => `${f}/**/*.{ts,mjs}`),
    ],
  };
}

const packages = Object.fromEntries(
  readdirSync('packages', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`packages/${entry.name}/package.json`))
    .map((entry) => [`packages/${entry.name}`, packageWorkspace(entry.name)]),
);

const config: KnipConfiguration = {
  // test helpers: see builders branch (helper "builders" rewrites test/helpers/**; these exports are
  // used only inside their own file until that branch lands).
  ignoreIssues: {
    'apps/demo/test/helpers/cli.ts': ['exports'],
    'apps/demo/test/helpers/run-analyzer.ts': ['exports'],
    'packages/napi-compat-bindings/test/helpers/napi-fixture.ts': ['exports'],
    'packages/reader-bridge/test/helpers/scenario.ts': ['exports'],
    'packages/workspace-storage/test/helpers.ts': ['exports'],
  },
  // System tools that tests and benchmarks start (mkfifo for special files, ripgrep as a baseline).
  ignoreBinaries: ['mkfifo', 'rg'],
  workspaces: {
    '.': {
      entry: [],
      project: [],
      // tooling/config/check-pack.mjs runs their binaries (publint, attw) from every package's
      // `check:pack`; they are installed once, at the root, where that script finds them on its PATH.
      ignoreDependencies: ['publint', '@arethetypeswrong/cli'],
    },
    ...packages,
    'apps/demo': {
      entry: ['src/cli.ts!', 'register.mjs!', 'test/**/*.test.ts'],
      project: ['src/**/*.ts!', 'test/**/*.ts', '*.mjs'],
      // A private app: nothing outside it imports its modules, so every export must have a user.
      includeEntryExports: true,
    },
    'tooling/config': {
      project: ['*.{mjs,mts}'],
    },
    'tooling/storage-conformance': {
      project: ['src/**/*.ts!'],
    },
  },
};

export default config;
