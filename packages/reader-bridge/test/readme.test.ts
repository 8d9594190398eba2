import { fileURLToPath } from 'node:url';
import { runReadmeExamples } from '@drift/config/readme';
import { expect, it } from 'vitest';

it('the README example runs and prints what its comments say', async () => {
  const printed = await runReadmeExamples(fileURLToPath(new URL('..', import.meta.url)));
  expect(printed).toEqual([
    '14 false',
    'Validated 0.808',
    'PatternConfidence=0.85 PatternOccurrence=0.75',
    'Boost 0.65',
  ]);
});
