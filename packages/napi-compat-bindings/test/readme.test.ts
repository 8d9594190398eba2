import { fileURLToPath } from 'node:url';
import { runReadmeExamples } from '@drift/config/readme';
import { expect, it } from 'vitest';

it('the README example runs and prints what its comments say', async () => {
  const printed = await runReadmeExamples(fileURLToPath(new URL('..', import.meta.url)));
  expect(printed).toEqual([
    '2 { TypeScript: 2 }',
    "[ 'src/app.ts:2 security/eval' ]",
    // The native shape of drift-napi/src/bindings/patterns.rs drift_patterns: one entry per detection.
    "{\n  category: 'security',\n  confidence: 0.95,\n  detection_method: 'text',\n  file: 'src/app.ts',\n  line: 2,\n  pattern_id: 'security/eval',\n  status: 'discovered'\n}",
    '2',
  ]);
});
