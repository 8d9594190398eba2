// Language, framework, monorepo and CI detection, and the drift.toml templates (reference T10-WS-08e,
// -09, -10 and the hardening cases).
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  detectCiEnvironment,
  detectFrameworks,
  detectLanguages,
  detectWorkspace,
  generateConfigTemplate,
  isCi,
} from '../src/index.js';
import { tempDir, writeFiles } from './helpers.js';

describe('language detection', () => {
  it('an empty folder has no languages', () => {
    expect(detectLanguages(tempDir())).toEqual([]);
  });

  it('TypeScript hides JavaScript', () => {
    const root = tempDir();
    writeFiles(root, { 'tsconfig.json': '{}', 'package.json': '{}' });
    expect(detectLanguages(root)).toEqual(['typescript']);
  });

  it('finds every ecosystem present, in a stable order', () => {
    const root = tempDir();
    writeFiles(root, {
      'Cargo.toml': '[package]\n',
      'package.json': '{}',
      'requirements.txt': 'flask\n',
      'go.mod': 'module test\n',
      'build.gradle.kts': '',
      'App.csproj': '<Project/>',
    });
    expect(detectLanguages(root)).toEqual(['javascript', 'python', 'java', 'go', 'rust', 'kotlin', 'csharp']);
  });
});

describe('framework detection', () => {
  it('finds Node.js frameworks among declared dependencies only', () => {
    const root = tempDir();
    writeFiles(root, {
      'package.json': JSON.stringify({
        keywords: ['vue'],
        dependencies: { react: '^18.0.0', next: '^14.0.0' },
        devDependencies: { hono: '^4' },
      }),
    });
    expect(detectFrameworks(root)).toEqual(['Next.js', 'React', 'Hono']);
  });

  it('finds Python frameworks in any dependency file, once each', () => {
    const root = tempDir();
    writeFiles(root, {
      'requirements.txt': 'django>=4.0\nFlask\n',
      'pyproject.toml': 'deps = ["fastapi", "flask"]\n',
    });
    expect(detectFrameworks(root)).toEqual(['Django', 'Flask', 'FastAPI']);
  });

  it('finds Spring Boot in a Maven or Gradle build', () => {
    const root = tempDir();
    writeFiles(root, { 'pom.xml': '<artifactId>spring-boot-starter-web</artifactId>' });
    expect(detectFrameworks(root)).toEqual(['Spring Boot']);
  });
});

describe('drift.toml templates', () => {
  it('default, strict and ci are valid TOML with their settings; unknown names give the default', () => {
    const def = parse(generateConfigTemplate('default', 'test-proj'));
    expect(def).toMatchObject({
      workspace: { name: 'test-proj' },
      backup: { auto_backup: true, max_operational: 5, max_daily: 7, max_weekly: 4, max_total_size_mb: 500 },
    });
    expect((def.scan as { exclude: string[] }).exclude).toContain('node_modules');
    expect(parse(generateConfigTemplate('strict', 'p'))).toMatchObject({
      quality_gates: { default_policy: 'strict', new_code_only: false, fail_on_violation: true },
    });
    const ci = generateConfigTemplate('ci', 'p');
    expect(ci).toContain('CI template');
    expect(parse(ci)).toMatchObject({ scan: { parallelism: 0 }, quality_gates: { new_code_only: true } });
    expect(generateConfigTemplate('nonexistent', 'p')).toBe(generateConfigTemplate('default', 'p'));
  });

  it('escapes names that TOML would otherwise misread', () => {
    const name = 'we "quote" \\ and 项目';
    expect(parse(generateConfigTemplate('default', name))).toMatchObject({ workspace: { name } });
  });
});

describe('monorepo detection', () => {
  it('a folder without workspace manifests is a single project', () => {
    const root = tempDir();
    writeFiles(root, { 'package.json': '{"name":"x"}' });
    expect(detectWorkspace(root)).toEqual({ kind: 'singleProject', root });
  });

  it('pnpm: packages/* folders with a package.json', () => {
    const root = tempDir();
    writeFiles(root, {
      'pnpm-workspace.yaml':
        "packages:\n  - 'packages/*'\n  - tools/cli\n  - '!**/test/**'\nonlyBuiltDependencies:\n  - esbuild\n",
      'packages/frontend/package.json': '{}',
      'packages/not-a-package/readme.md': '',
      'tools/cli/package.json': '{}',
    });
    const layout = detectWorkspace(root);
    expect(layout).toMatchObject({ kind: 'monorepo', tool: 'pnpm' });
    expect(layout.kind === 'monorepo' && layout.packages.map((p) => [p.name, p.path])).toEqual([
      ['frontend', 'packages/frontend'],
      ['cli', 'tools/cli'],
    ]);
  });

  it('pnpm with an empty packages folder is still a monorepo, of no packages', () => {
    const root = tempDir();
    writeFiles(root, { 'pnpm-workspace.yaml': 'packages: ["packages/*"]\n', 'packages/.keep': '' });
    expect(detectWorkspace(root)).toEqual({ kind: 'monorepo', root, tool: 'pnpm', packages: [] });
  });

  it('npm/yarn workspaces, as an array or as { packages }', () => {
    for (const workspaces of [['packages/*'], { packages: ['packages/*'] }]) {
      const root = tempDir();
      writeFiles(root, { 'package.json': JSON.stringify({ workspaces }), 'packages/api/package.json': '{}' });
      const layout = detectWorkspace(root);
      expect(layout.kind === 'monorepo' && layout.packages.map((p) => p.name)).toEqual(['api']);
    }
  });

  it('Cargo workspace members, globbed and exact', () => {
    const root = tempDir();
    writeFiles(root, {
      'Cargo.toml': '[workspace]\nmembers = [\n  "crates/*",\n  "tools/gen",\n]\n',
      'crates/my-crate/Cargo.toml': '[package]\nname = "my-crate"\n',
      'tools/gen/Cargo.toml': '[package]\nname = "gen"\n',
    });
    const layout = detectWorkspace(root);
    expect(layout).toMatchObject({ kind: 'monorepo', tool: 'cargo' });
    expect(layout.kind === 'monorepo' && layout.packages).toEqual([
      { name: 'my-crate', path: 'crates/my-crate', language: 'rust', framework: null, dependencies: [] },
      { name: 'gen', path: 'tools/gen', language: 'rust', framework: null, dependencies: [] },
    ]);
  });

  it('Go workspaces: single use lines and use blocks', () => {
    const root = tempDir();
    writeFiles(root, {
      'go.work': 'go 1.22\n\nuse ./cmd/api\nuse (\n  ./lib // shared code\n  ./missing\n)\n',
      'cmd/api/go.mod': 'module api\n',
      'lib/go.mod': 'module lib\n',
    });
    const layout = detectWorkspace(root);
    expect(layout.kind === 'monorepo' && layout.packages.map((p) => [p.name, p.path, p.language])).toEqual([
      ['api', 'cmd/api', 'go'],
      ['lib', 'lib', 'go'],
    ]);
  });

  it('Lerna, with its default packages/* when none are listed', () => {
    const root = tempDir();
    writeFiles(root, { 'lerna.json': '{"version":"1.0.0"}', 'packages/ui/package.json': '{}' });
    const layout = detectWorkspace(root);
    expect(layout).toMatchObject({ kind: 'monorepo', tool: 'lerna' });
    expect(layout.kind === 'monorepo' && layout.packages.map((p) => p.name)).toEqual(['ui']);
  });

  it('a workspace manifest that does not parse is CORRUPT naming the file', () => {
    const root = tempDir();
    writeFiles(root, { 'pnpm-workspace.yaml': 'packages: [unclosed\n' });
    expect(() => detectWorkspace(root)).toThrowError(
      expect.objectContaining({ code: 'CORRUPT', workspaceCode: 'CONFIG_PARSE_ERROR' }),
    );
  });
});

describe('CI detection', () => {
  it('names the CI system from its variable, Generic for CI alone, null outside CI', () => {
    expect(detectCiEnvironment({})).toBeNull();
    expect(isCi({})).toBe(false);
    expect(detectCiEnvironment({ GITHUB_ACTIONS: 'true', CI: 'true' })).toBe('GitHubActions');
    expect(detectCiEnvironment({ GITLAB_CI: 'true' })).toBe('GitLabCI');
    expect(detectCiEnvironment({ JENKINS_URL: 'http://ci' })).toBe('Jenkins');
    expect(detectCiEnvironment({ CIRCLECI: 'true' })).toBe('CircleCI');
    expect(detectCiEnvironment({ TRAVIS: 'true' })).toBe('TravisCI');
    expect(detectCiEnvironment({ TF_BUILD: 'True' })).toBe('AzureDevOps');
    expect(detectCiEnvironment({ BITBUCKET_PIPELINE_UUID: '{x}' })).toBe('Bitbucket');
    expect(detectCiEnvironment({ CI: '' })).toBe('Generic');
    expect(isCi({ CI: '1' })).toBe(true);
  });
});
