import { fileURLToPath } from 'node:url';
import { runReadmeExamples } from '@drift/config/readme';
import { expect, it } from 'vitest';

it('the README example runs and prints what its comments say', async () => {
  const printed = await runReadmeExamples(fileURLToPath(new URL('..', import.meta.url)));
  expect(printed).toEqual([
    '3 { TypeScript: 2 }',
    "[ 'src/app.ts:2 security/eval' ]",
    // The native shape of drift-napi/src/bindings/patterns.rs drift_patterns: one entry per detection.
    'src/app.ts 2 security/eval discovered',
    '3',
  ]);
});
