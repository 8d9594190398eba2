// Shared Vitest settings: tests import workspace packages through the `@drift/source` export
// condition, so they run against TypeScript source without a build step.
import { defineConfig } from 'vitest/config';

const conditions = ['@drift/source', 'node', 'import', 'module', 'default'];

/**
 * Vitest fails a test (or hook) that runs longer than its timeout even when it would have passed, so
 * a timeout is a statement about the machine's speed. No test of this repository may depend on that:
 * tests wait for events and counts, and a timeout is only a guard against a hang. The slowest tests
 * here (kill-and-reopen children, 20 concurrent workers, the demo CLI end to end) take 5 to 20 s,
 * up to about a minute while another full test run competes for the same 2 cores; ten minutes is
 * ten times the worst of that and fails only a test that is stuck.
 */
const HANG_GUARD_MS = 600_000;

/**
 * Vitest configuration for one package of this repository. Type tests (the `.test-d.ts` files) are not
 * run here: every package's `typecheck` task compiles them with `tsc` (its tsconfig includes `test`), which
 * fails on a wrong `expectTypeOf` or an unused `@ts-expect-error` just as Vitest's experimental type
 * checker would, without its warning on every run.
 * @param {import('vitest/config').UserConfig['test']} [test] per-package test options
 */
export function driftVitestConfig(test = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@drift/source'] } },
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: HANG_GUARD_MS,
      hookTimeout: HANG_GUARD_MS,
      // Vitest lists every test slower than this under its file; on a shared machine that is a list of
      // hundreds of passing tests nobody needs to read. Files, counts and failures are still printed.
      slowTestThreshold: 60_000,
      ...test,
    },
  });
}
