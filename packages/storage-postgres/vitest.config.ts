import { driftVitestConfig } from '@drift/config/vitest';
import type { ViteUserConfig } from 'vitest/config';

// test/helpers/server.ts starts a throw-away PostgreSQL server for the whole run (or uses DATABASE_URL).
const config: ViteUserConfig = driftVitestConfig({ globalSetup: ['test/helpers/server.ts'] });

// The shared preset resolves server-side modules with the `import` condition too. `pg` (CommonJS)
// requires `pg-pool`, whose `import` export is an ES module: under that condition the require returns
// the module namespace instead of the Pool class, and loading `pg` fails. Without `import` every
// dependency here resolves as Node would resolve it.
const conditions = ['@drift/source', 'node', 'module', 'default'];
export default {
  ...config,
  ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } },
} satisfies ViteUserConfig;
