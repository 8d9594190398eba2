import { fileURLToPath } from 'node:url';
import { runReadmeExamples } from '@drift/config/readme';
import { expect, it } from 'vitest';

it('the README example runs and prints what its comments say', async () => {
  const printed = await runReadmeExamples(fileURLToPath(new URL('..', import.meta.url)));
  expect(printed).toEqual([
    '2 1',
    "[ [ 'src', 'src/db' ] ]",
    "[ 'src I=0.5 main_sequence', 'src/db I=0.5 main_sequence' ]",
    "[ 'logging/console-log discovered' ]",
    "[ 'pattern-compliance failed 50', 'security-boundaries passed 100' ]",
    "[ 'retry params=1 async=true exported=true' ]",
  ]);
});
