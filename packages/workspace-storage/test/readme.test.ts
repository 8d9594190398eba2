import { fileURLToPath } from 'node:url';
import { runReadmeExamples } from '@drift/config/readme';
import { expect, it } from 'vitest';

it('the README example runs and prints what its comments say', async () => {
  const printed = await runReadmeExamples(fileURLToPath(new URL('..', import.meta.url)));
  expect(printed).toEqual(['9', "[ 'typescript' ]", 'weekly', 'true', 'confirmation', 'CORRUPT']);
});
