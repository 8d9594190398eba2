// Language and framework detection from a project's marker files, and the drift.toml templates.
// File-system only.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'smol-toml';
import { DEFAULT_BACKUP_CONFIG } from './backup.js';
import { readRegularFile } from './files.js';

/** Marker files per language, in the order languages are reported. */
const LANGUAGE_MARKERS: ReadonlyArray<readonly [language: string, markers: readonly string[]]> = [
  ['typescript', ['tsconfig.json']],
  ['javascript', ['package.json']],
  ['python', ['requirements.txt', 'pyproject.toml', 'setup.py', 'Pipfile']],
  ['java', ['pom.xml', 'build.gradle', 'build.gradle.kts']],
  ['php', ['composer.json']],
  ['go', ['go.mod']],
  ['rust', ['Cargo.toml']],
  ['ruby', ['Gemfile']],
  ['swift', ['Package.swift']],
  ['kotlin', ['build.gradle.kts']],
];

/** True when the folder holds an entry whose name ends with one of `suffixes`. */
function hasEntryEndingWith(root: string, suffixes: readonly string[]): boolean {
  try {
    return readdirSync(root).some((name) => suffixes.some((suffix) => name.endsWith(suffix)));
  } catch {
    return false;
  }
}

/**
 * Languages of the project at `root`, from the marker files in the root folder (tsconfig.json,
 * package.json, go.mod, Cargo.toml, *.csproj, ...). TypeScript hides JavaScript; no duplicates.
 */
export function detectLanguages(root: string): string[] {
  const found: string[] = [];
  for (const [language, markers] of LANGUAGE_MARKERS) {
    if (markers.some((marker) => existsSync(join(root, marker)))) found.push(language);
  }
  if (hasEntryEndingWith(root, ['.csproj', '.sln'])) found.push('csharp');
  if (hasEntryEndingWith(root, ['.xcodeproj'])) found.push('swift');
  const languages = found.includes('typescript') ? found.filter((l) => l !== 'javascript') : found;
  return [...new Set(languages)];
}

/** Node.js frameworks by the dependency that reveals them. */
const NODE_FRAMEWORKS: ReadonlyArray<readonly [dependency: string, framework: string]> = [
  ['next', 'Next.js'],
  ['react', 'React'],
  ['vue', 'Vue'],
  ['@angular/core', 'Angular'],
  ['express', 'Express'],
  ['fastify', 'Fastify'],
  ['@nestjs/core', 'NestJS'],
  ['svelte', 'Svelte'],
  ['nuxt', 'Nuxt'],
  ['remix', 'Remix'],
  ['hono', 'Hono'],
  ['koa', 'Koa'],
];

/** Python frameworks by the (lower-case) word that reveals them in a dependency file. */
const PYTHON_FRAMEWORKS: ReadonlyArray<readonly [word: string, framework: string]> = [
  ['django', 'Django'],
  ['flask', 'Flask'],
  ['fastapi', 'FastAPI'],
];

/** A file's text, or null when it cannot be read. */
function readText(path: string): string | null {
  try {
    return readRegularFile(path, 'detect');
  } catch {
    return null;
  }
}

/** Names of every dependency a package.json declares (all four dependency fields). */
function declaredDependencies(packageJson: string): Set<string> {
  const names = new Set<string>();
  let manifest: unknown;
  try {
    manifest = JSON.parse(packageJson);
  } catch {
    return names;
  }
  if (typeof manifest !== 'object' || manifest === null) return names;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (manifest as Record<string, unknown>)[field];
    if (typeof deps === 'object' && deps !== null) for (const name of Object.keys(deps)) names.add(name);
  }
  return names;
}

/**
 * Frameworks of the project at `root`: Node.js ones from package.json's declared dependencies,
 * Python ones from requirements.txt / pyproject.toml / Pipfile, Spring Boot from Maven or Gradle files.
 */
export function detectFrameworks(root: string): string[] {
  const frameworks: string[] = [];
  const packageJson = readText(join(root, 'package.json'));
  if (packageJson !== null) {
    const deps = declaredDependencies(packageJson);
    for (const [dependency, framework] of NODE_FRAMEWORKS)
      if (deps.has(dependency)) frameworks.push(framework);
  }
  for (const file of ['requirements.txt', 'pyproject.toml', 'Pipfile']) {
    const text = readText(join(root, file))?.toLowerCase();
    if (text === undefined) continue;
    for (const [word, framework] of PYTHON_FRAMEWORKS) {
      if (text.includes(word) && !frameworks.includes(framework)) frameworks.push(framework);
    }
  }
  if (existsSync(join(root, 'pom.xml')) || existsSync(join(root, 'build.gradle'))) {
    const spring = ['pom.xml', 'build.gradle', 'build.gradle.kts'].some((file) =>
      readText(join(root, file))?.includes('spring-boot'),
    );
    if (spring) frameworks.push('Spring Boot');
  }
  return frameworks;
}

/** The drift.toml templates `initialize` can write. */
export const CONFIG_TEMPLATES = ['default', 'strict', 'ci'] as const;

/** A template name `initialize` writes drift.toml from: `default`, `strict` or `ci`. */
export type ConfigTemplate = (typeof CONFIG_TEMPLATES)[number];

const BASIC_EXCLUDES = ['node_modules', 'dist', '.git', 'vendor'];

/**
 * The text of a drift.toml for `projectName` from one of the templates (`default`, `strict` for
 * failing gates on any violation, `ci` for new-code-only gates); an unknown name gives `default`.
 */
export function generateConfigTemplate(template: string, projectName: string): string {
  switch (template) {
    case 'strict':
      return `# Drift configuration: strict template (any violation fails the quality gates)\n\n${stringify({
        workspace: { name: projectName },
        scan: { exclude: BASIC_EXCLUDES },
        quality_gates: { default_policy: 'strict', new_code_only: false, fail_on_violation: true },
      })}`;
    case 'ci':
      return `# Drift configuration: CI template (gates judge new code only; parallelism 0 = automatic)\n\n${stringify(
        {
          workspace: { name: projectName },
          scan: { exclude: BASIC_EXCLUDES, parallelism: 0 },
          quality_gates: { default_policy: 'default', new_code_only: true },
        },
      )}`;
    default: {
      const backup = DEFAULT_BACKUP_CONFIG;
      const body = stringify({
        workspace: { name: projectName },
        scan: { exclude: [...BASIC_EXCLUDES, 'build', 'target', '__pycache__'] },
        backup: {
          auto_backup: true,
          max_operational: backup.maxOperational,
          max_daily: backup.maxDaily,
          max_weekly: backup.maxWeekly,
          max_total_size_mb: backup.maxTotalSizeMb,
        },
      });
      return [
        '# Drift configuration for this project.',
        '# Optional keys, shown with their meaning:',
        '#   [workspace] languages = ["typescript"]   pin the languages instead of detecting them',
        '#   [scan] parallelism = 0                   worker threads (0 = one less than the CPU count)',
        '#   [scan] max_file_size_kb = 1024           files larger than this are skipped',
        '#   [quality_gates] default_policy = "default", new_code_only = true',
        '#   [packages.<name>] path = "apps/web", policy = "strict"   per-package settings in a monorepo',
        '',
        body,
      ].join('\n');
    }
  }
}
