// Shared Vitest settings: tests import workspace packages through the `@drift/source` export
// condition, so they run against TypeScript source without a build step.
import { defineConfig } from 'vitest/config';

const conditions = ['@drift/source', 'node', 'import', 'module', 'default'];

/**
 * Vitest configuration for one package of this repository.
 * @param {import('vitest/config').UserConfig['test']} [test] per-package test options
 */
export function driftVitestConfig(test = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@drift/source'] } },
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      ...test,
    },
  });
}
